"""The legends of the maps, drawn from :mod:`routes.styles` and the vocabulary."""

from __future__ import annotations

import html

import geopandas as gpd
import pandas as pd

from routes import styles
from routes.vocabulary import CORRIDORS, KINDS, MODES, STATUSES

# The neutral colour of the line in the legend's status, mode and width samples.
SAMPLE = "#666666"


def legend_html(
    legs: dict[str, gpd.GeoDataFrame], nodes: gpd.GeoDataFrame, stacked: bool = False
) -> str:
    """Return the legend of the styles in use, drawn from :mod:`routes.styles`.

    ``stacked`` adds the marker of several nodes at one site.

    Examples
    --------
    >>> import geopandas as gpd
    >>> "no legs" in legend_html({}, gpd.GeoDataFrame({"kind": []}))
    True
    """
    rows: list[str] = []
    for corridor in legs:
        term = CORRIDORS[corridor]
        rows.append(_row(_line_svg(term.colour, styles.LINE_WEIGHT, None), term.label))
    every = pd.concat(list(legs.values())) if legs else pd.DataFrame()
    rows += status_rows(every) + mode_rows(every) + capacity_rows(every)
    kinds = [k for k in KINDS if (nodes["kind"] == k).any()]
    if kinds:
        rows.append("<b>Nodes</b>")
    for kind in kinds:
        rows.append(_row(_circle_svg(styles.node_style(kind)), KINDS[kind].label))
    if stacked:
        several = styles.node_style("station", several=True)
        several["fillColor"] = "#ffffff"
        rows.append(_row(_circle_svg(several), "several nodes at one site"))
    if not rows:
        return "no legs to show"
    return details("Legend", rows)


def details(title: str, rows: list[str]) -> str:
    """Return the legend's rows in a foldable box (a phone folds it at open)."""
    return (
        f"<details open><summary><b>{html.escape(title)}</b></summary>{'<br>'.join(rows)}</details>"
    )


def status_rows(legs: pd.DataFrame) -> list[str]:
    """Return the legend rows of the statuses of ``legs`` (the line's dash)."""
    statuses = [s for s in STATUSES if not legs.empty and (legs["status"] == s).any()]
    rows = ["<b>Status</b>"] if statuses else []
    for status in statuses:
        svg = _line_svg(SAMPLE, styles.LINE_WEIGHT, STATUSES[status].dash)
        rows.append(_row(svg, STATUSES[status].label))
    return rows


def mode_rows(legs: pd.DataFrame) -> list[str]:
    """Return the legend rows of the modes of ``legs`` (the casing under the line)."""
    modes = [m for m in MODES if not legs.empty and (legs["mode"] == m).any()]
    rows = ["<b>Mode</b>"] if modes else []
    for mode in modes:
        rows.append(_row(_cased_svg(mode, styles.LINE_WEIGHT, True), MODES[mode].label))
    return rows


def capacity_rows(legs: pd.DataFrame) -> list[str]:
    """Return the legend rows of the freight capacities (the width of the line)."""
    if legs.empty:
        return []
    freight = legs[legs["mode"].map(lambda m: MODES[m].freight)]
    rows = []
    if freight["capacity_mt_per_year"].notna().any():
        for sample in styles.WEIGHT_SAMPLES:
            svg = _line_svg(SAMPLE, styles.line_weight(sample), None)
            rows.append(_row(svg, f"{sample} Mt/yr"))
    if freight["capacity_mt_per_year"].isna().any():
        svg = _cased_svg(None, styles.UNKNOWN_WEIGHT, False)
        rows.append(_row(svg, "capacity not published"))
    return ["<b>Freight capacity</b>", *rows] if rows else []


def _row(svg: str, label: str) -> str:
    return f'<span class="routes-legend-item">{svg}{html.escape(label)}</span>'


def _line_svg(colour: str, weight: float, dash: str | None) -> str:
    return f'<svg width="34" height="16">{_line(colour, weight, dash)}</svg>'


def _line(colour: str, weight: float, dash: str | None) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="1" y1="8" x2="33" y2="8" stroke="{colour}" stroke-width="{weight}"{dash_attr}/>'
    )


def _cased_svg(mode: str | None, weight: float, known: bool) -> str:
    """Return a sample of a leg over the casing of ``mode`` (None: a plain solid casing)."""
    if mode is None:
        casing: dict[str, object] = {
            "color": styles.UNKNOWN_CASING_COLOUR,
            "weight": weight + 4,
            "dashArray": None,
        }
    else:
        casing = styles.casing_style(mode, weight, known)
    dash = casing["dashArray"]
    under = _line(str(casing["color"]), float(str(casing["weight"])), str(dash) if dash else None)
    return f'<svg width="34" height="16">{under}{_line(SAMPLE, weight, None)}</svg>'


def _circle_svg(style: dict[str, object]) -> str:
    radius = style["radius"]
    return (
        f'<svg width="34" height="18"><circle cx="17" cy="9" r="{radius}" '
        f'fill="{style["fillColor"]}" stroke="{style["color"]}" '
        f'stroke-width="{style["weight"]}"/></svg>'
    )
