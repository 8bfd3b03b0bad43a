"""The legend of a map, drawn from :mod:`routes.styles` and the vocabulary."""

from __future__ import annotations

import html

import geopandas as gpd

from routes import styles
from routes.vocabulary import CORRIDORS, KINDS, STATUSES


def legend_html(legs: dict[str, gpd.GeoDataFrame], nodes: gpd.GeoDataFrame) -> str:
    """Return the legend of the styles in use, drawn from :mod:`routes.styles`.

    Examples
    --------
    >>> import geopandas as gpd
    >>> "no legs" in legend_html({}, gpd.GeoDataFrame({"kind": []}))
    True
    """
    rows: list[str] = []
    for corridor in legs:
        term = CORRIDORS[corridor]
        rows.append(_legend_row(_line_svg(term.colour, styles.LINE_WEIGHT, None), term.label))
    statuses = [s for s in STATUSES if any((f["status"] == s).any() for f in legs.values())]
    if statuses:
        rows.append("<b>Status</b>")
    for status in statuses:
        svg = _line_svg("#555555", styles.LINE_WEIGHT, STATUSES[status].dash)
        rows.append(_legend_row(svg, STATUSES[status].label))
    if any(f["capacity_mt_per_year"].notna().any() for f in legs.values()):
        rows.append("<b>Freight capacity</b>")
        for sample in styles.WEIGHT_SAMPLES:
            svg = _line_svg("#555555", styles.line_weight(sample), None)
            rows.append(_legend_row(svg, f"{sample} Mt/yr"))
    kinds = [k for k in KINDS if (nodes["kind"] == k).any()]
    if kinds:
        rows.append("<b>Nodes</b>")
    for kind in kinds:
        rows.append(_legend_row(_circle_svg(styles.node_style(kind)), KINDS[kind].label))
    if not rows:
        return "no legs to show"
    return f"<details open><summary><b>Legend</b></summary>{'<br>'.join(rows)}</details>"


def _legend_row(svg: str, label: str) -> str:
    return f'<span class="routes-legend-item">{svg}{html.escape(label)}</span>'


def _line_svg(colour: str, weight: float, dash: str | None) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="34" height="14"><line x1="1" y1="7" x2="33" y2="7" stroke="{colour}" '
        f'stroke-width="{weight}"{dash_attr}/></svg>'
    )


def _circle_svg(style: dict[str, object]) -> str:
    radius = style["radius"]
    return (
        f'<svg width="34" height="16"><circle cx="17" cy="8" r="{radius}" '
        f'fill="{style["fillColor"]}" stroke="{style["color"]}" stroke-width="1"/></svg>'
    )
