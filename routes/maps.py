"""Interactive Folium maps of the corridors.

Every colour, dash and width comes from :mod:`routes.styles`, and so does the
legend. Text from the data is HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Iterator

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from routes import styles
from routes.sources import CORRIDOR_NAMES

# Five decimals (about 1 m) is finer than any zoom level shows; the layers keep six.
MAP_DECIMALS = 5
REGION_BOUNDS = [[36.0, 26.0], [47.5, 83.0]]
FIRST_YEAR, LAST_YEAR = 2024, 2030

TOOLTIP_FIELDS = {
    "name": "Leg",
    "mode": "Mode",
    "status": "Status",
    "opening_year": "Opening year",
    "length_km": "Length (km)",
    "capacity_mt_per_year": "Capacity (Mt/yr)",
    "volume_mt": "Volume (Mt)",
}
NODE_FIELDS = {"name": "Node", "kind": "Kind", "country": "Country"}
# Published figures shown in popups: column -> (label, unit).
FIGURES = {
    "length_km_published": ("Published length", "km"),
    "capacity_mt_per_year": ("Capacity", "Mt/yr"),
    "volume_mt": ("Volume", "Mt"),
    "capacity_teu_per_year": ("Container capacity", "TEU/yr"),
    "volume_teu": ("Container volume", "TEU"),
    "capacity_mw": ("Capacity", "MW"),
    "capacity_tbps": ("Capacity", "Tbit/s"),
    "capacity_bbl_per_day": ("Capacity", "bbl/day"),
}
MOBILE_CSS = """<style>
.routes-panel{background:#fff;padding:6px 9px;border-radius:5px;
box-shadow:0 1px 5px rgba(0,0,0,.4);font:12px/1.4 sans-serif}
.routes-panel svg{vertical-align:middle;margin-right:4px}
.routes-legend{max-height:60vh;overflow:auto;font-size:11px}
.routes-popup td,.routes-popup th{padding:1px 6px 1px 0;text-align:left;vertical-align:top}
@media (max-width:600px){
.routes-title{font-size:12px!important;left:50px!important;right:50px}
.routes-legend{max-height:30vh;font-size:10px}
.leaflet-control-layers-expanded{max-height:35vh;overflow:auto;font-size:11px}
.leaflet-control-minimap{display:none}}
</style>"""


class _Panel(MacroElement):
    """A Leaflet control holding fixed HTML (the legend)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var control = L.control({position: {{ this.position|tojson }}});
  control.onAdd = function () {
    var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
    div.innerHTML = {{ this.html|tojson }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  control.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}"""
    )

    def __init__(self, content: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "Panel"
        self.html = content
        self.position = position
        self.css_class = css_class


class _YearControl(MacroElement):
    """Show the network as of a chosen year: legs open by then, or all legs."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function () {
  var groups = [{% for layer in this.layers %}{{ layer.get_name() }}, {% endfor %}];
  var members = groups.map(function (g) { return {group: g, children: g.getLayers()}; });
  function visible(p, year) {
    if (year === null) { return true; }
    if (p.status === 'operating') { return p.opening_year === null || p.opening_year <= year; }
    return p.opening_year !== null && p.opening_year <= year;
  }
  function show(year) {
    members.forEach(function (m) {
      m.children.forEach(function (child) {
        var on = visible(child.feature.properties, year);
        if (on && !m.group.hasLayer(child)) { m.group.addLayer(child); }
        if (!on && m.group.hasLayer(child)) { m.group.removeLayer(child); }
      });
    });
  }
  var control = L.control({position: 'bottomleft'});
  control.onAdd = function () {
    var div = L.DomUtil.create('div', 'routes-panel routes-years');
    div.innerHTML = {{ this.html|tojson }};
    var select = div.querySelector('select');
    select.addEventListener('change', function () {
      show(select.value === 'all' ? null : Number(select.value));
    });
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  control.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}"""
    )

    def __init__(self, layers: list[folium.GeoJson], years: list[int]) -> None:
        super().__init__()
        self._name = "YearControl"
        self.layers = layers
        options = ['<option value="all">every leg, planned included</option>']
        for year in years:
            label = f"{year} (actual)" if year == FIRST_YEAR else str(year)
            options.append(f'<option value="{year}">{label}</option>')
        self.html = f"<label>Network as of <select>{''.join(options)}</select></label>"


def corridor_map(
    legs: dict[str, gpd.GeoDataFrame],
    nodes: gpd.GeoDataFrame,
    title: str,
    release: str,
) -> folium.Map:
    """Draw corridors and their nodes on one map, one toggleable layer each.

    Parameters
    ----------
    legs
        Measured leg layers keyed by corridor id.
    nodes
        The node layer; only nodes used by the given corridors are drawn.
    title
        Shown at the top of the map and as the page title.
    release
        Data release date shown in the map's footer.

    Returns
    -------
    folium.Map
        Framed on the drawn legs, with deterministic element ids.
    """
    fmap = folium.Map(tiles="OpenStreetMap", control_scale=True, prefer_canvas=False)
    # Folium loads Bootstrap, jQuery and Font Awesome by default; these maps use only Leaflet.
    fmap.default_js = [(name, url) for name, url in fmap.default_js if name == "leaflet"]
    fmap.default_css = [(name, url) for name, url in fmap.default_css if name == "leaflet_css"]
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(f"<title>{html.escape(title)}</title>"))
    root.header.add_child(Element(MOBILE_CSS))
    root.html.add_child(Element(_title_box(title)))

    drawn = {corridor: frame for corridor, frame in legs.items() if not frame.empty}
    leg_layers = []
    for corridor, frame in drawn.items():
        group = folium.FeatureGroup(name=CORRIDOR_NAMES[corridor], show=True)
        layer = folium.GeoJson(
            _for_map(frame, TOOLTIP_FIELDS),
            name=CORRIDOR_NAMES[corridor],
            style_function=_leg_style,
            highlight_function=lambda _: {"opacity": 1.0, "color": "#222222"},
            tooltip=folium.GeoJsonTooltip(
                fields=list(TOOLTIP_FIELDS), aliases=list(TOOLTIP_FIELDS.values()), sticky=True
            ),
            popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=420),
        )
        layer.add_to(group)
        group.add_to(fmap)
        leg_layers.append(layer)

    used = set().union(*(set(f["from_node"]) | set(f["to_node"]) for f in drawn.values()))
    shown = nodes[nodes["id"].isin(used)]
    if not shown.empty:
        group = folium.FeatureGroup(name="Ports, stations and other nodes", show=True)
        node_layer = folium.GeoJson(
            _for_map(shown, NODE_FIELDS),
            name="Nodes",
            marker=folium.CircleMarker(),
            style_function=lambda feature: styles.node_style(feature["properties"]["kind"]),
            tooltip=folium.GeoJsonTooltip(
                fields=list(NODE_FIELDS), aliases=list(NODE_FIELDS.values())
            ),
            popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=420),
        )
        node_layer.add_to(group)
        group.add_to(fmap)
        folium.plugins.Search(
            layer=node_layer,
            geom_type="Point",
            search_label="name",
            placeholder="Find a port or station",
            collapsed=True,
            position="topleft",
        ).add_to(fmap)

    folium.LayerControl(collapsed=True).add_to(fmap)
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    folium.plugins.MeasureControl(
        position="topleft", primary_length_unit="kilometers", secondary_length_unit="miles"
    ).add_to(fmap)
    folium.plugins.MiniMap(position="bottomright", toggle_display=True).add_to(fmap)
    fmap.add_child(_Panel(legend_html(drawn, shown), "topright", "routes-panel routes-legend"))
    if leg_layers:
        fmap.add_child(_YearControl(leg_layers, _years(drawn)))
    root.html.add_child(Element(_footer(release)))
    # Keep the network clear of the legend on the right.
    fmap.fit_bounds(
        _bounds(drawn) or REGION_BOUNDS, padding_top_left=(50, 40), padding_bottom_right=(230, 30)
    )
    _fix_ids(fmap)
    return fmap


def render(fmap: folium.Map) -> str:
    """Return the map's HTML; the same map always gives the same text."""
    return str(fmap.get_root().render()).rstrip() + "\n"


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
        colour = styles.CORRIDOR_COLOURS[corridor]
        rows.append(
            _legend_row(
                _line_svg(colour, styles.LINE_WEIGHT, None), styles.CORRIDOR_LABELS[corridor]
            )
        )
    statuses = [
        s for s in styles.STATUS_DASHES if any((f["status"] == s).any() for f in legs.values())
    ]
    if statuses:
        rows.append("<b>Status</b>")
    for status in statuses:
        svg = _line_svg("#555555", styles.LINE_WEIGHT, styles.STATUS_DASHES[status])
        rows.append(_legend_row(svg, styles.STATUS_LABELS[status]))
    if any(f["capacity_mt_per_year"].notna().any() for f in legs.values()):
        rows.append("<b>Freight capacity</b>")
        for sample in styles.WEIGHT_SAMPLES:
            svg = _line_svg("#555555", styles.line_weight(sample), None)
            rows.append(_legend_row(svg, f"{sample} Mt/yr"))
    kinds = [k for k in styles.KIND_COLOURS if (nodes["kind"] == k).any()]
    if kinds:
        rows.append("<b>Nodes</b>")
    for kind in kinds:
        rows.append(_legend_row(_circle_svg(styles.node_style(kind)), styles.KIND_LABELS[kind]))
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


def _leg_style(feature: dict[str, dict[str, object]]) -> dict[str, object]:
    p = feature["properties"]
    capacity = p["capacity_mt_per_year"]
    return styles.leg_style(
        str(p["corridor"]),
        str(p["status"]),
        float(capacity) if isinstance(capacity, int | float) else None,
    )


def _for_map(frame: gpd.GeoDataFrame, fields: dict[str, str]) -> gpd.GeoDataFrame:
    """Keep what the map shows, escape text from the data, round coordinates."""
    keep = ["id", "corridor", "kind", "status", "opening_year", *fields]
    out = frame[[c for c in dict.fromkeys(keep) if c in frame.columns]].copy()
    for column in out.columns:
        # Escape by value, not by dtype: pandas may hold text as object or as string dtype.
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(lambda v: html.escape(v) if isinstance(v, str) else v)
    out["popup"] = [_popup(row) for _, row in frame.iterrows()]
    out = out.set_geometry(shapely.set_precision(frame.geometry.values, 10.0**-MAP_DECIMALS))
    return out.set_crs(frame.crs, allow_override=True)


def _popup(row: pd.Series) -> str:
    """Return the full attribute table of a feature as escaped HTML, sources linked."""

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return ""
        return html.escape(f"{value:,.1f}" if isinstance(value, float) else str(value))

    def link(url: object, text: str) -> str:
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            return ""
        return f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{text}</a>'

    rows = []
    described = {
        "corridor": "Corridor",
        "kind": "Kind",
        "mode": "Mode",
        "country": "Country",
        "countries": "Countries",
        "from_node": "From",
        "to_node": "To",
        "operator": "Operator",
        "opening_year": "Opening year",
        "length_km": "Length (km, geodesic)",
        "length_diff_pct": "Difference to published (%)",
        "tonne_km_million": "Tonne-km (million)",
        "utilisation": "Utilisation",
        "geometry_accuracy": "Geometry",
    }
    if "status" in row:
        status = cell(row["status"]) + " " + link(row.get("status_source"), "[source]")
        rows.append(f"<tr><th>Status</th><td>{status}</td></tr>")
    for column, label in described.items():
        if column in row and cell(row[column]):
            rows.append(f"<tr><th>{label}</th><td>{cell(row[column])}</td></tr>")
    for column, (label, unit) in FIGURES.items():
        if column in row and cell(row[column]):
            year = cell(row[f"{column}_year"])
            source = link(row[f"{column}_source"], "source")
            rows.append(
                f"<tr><th>{label}</th><td>{cell(row[column])} {unit} ({year}, {source})</td></tr>"
            )
    if cell(row.get("note")):
        rows.append(f"<tr><th>Note</th><td>{cell(row['note'])}</td></tr>")
    cited = []
    for document in json.loads(row["sources"]):
        when = document.get("date") or f"accessed {document['accessed']}"
        publisher = f"{document['publisher']}, " if document.get("publisher") else ""
        cited.append(
            f"<li>{link(document['url'], html.escape(document['title']))} "
            f"({html.escape(publisher + when)})</li>"
        )
    return (
        f'<div class="routes-popup"><b>{cell(row["name"])}</b><table>{"".join(rows)}</table>'
        f"<b>Sources</b><ul>{''.join(cited)}</ul></div>"
    )


def _years(legs: dict[str, gpd.GeoDataFrame]) -> list[int]:
    opening = {int(y) for f in legs.values() for y in f["opening_year"].dropna()}
    return sorted({FIRST_YEAR} | {y for y in opening if FIRST_YEAR < y <= LAST_YEAR})


def _bounds(legs: dict[str, gpd.GeoDataFrame]) -> list[list[float]] | None:
    if not legs:
        return None
    boxes = np.array([frame.total_bounds for frame in legs.values()])
    west, south = boxes[:, 0].min(), boxes[:, 1].min()
    east, north = boxes[:, 2].max(), boxes[:, 3].max()
    return [[float(south), float(west)], [float(north), float(east)]]


def _title_box(title: str) -> str:
    return (
        '<div class="routes-title" style="position:fixed;top:10px;left:100px;z-index:1000;'
        "background:white;padding:4px 10px;border-radius:4px;font:bold 15px sans-serif;"
        f'box-shadow:0 1px 4px rgba(0,0,0,.4)">{html.escape(title)}</div>'
    )


def _footer(release: str) -> str:
    return (
        '<div class="routes-footer" style="position:fixed;bottom:0;left:50%;'
        "transform:translateX(-50%);z-index:1000;background:rgba(255,255,255,.85);"
        'padding:1px 8px;font:11px sans-serif">'
        f"routes data release {html.escape(release)} · every figure is cited in its popup"
        "</div>"
    )


def _elements(element: Element, seen: set[int] | None = None) -> Iterator[Element]:
    """Yield every element under ``element``.

    That is its children and the elements it holds as attributes (the minimap
    keeps its tile layer that way).
    """
    seen = set() if seen is None else seen
    if id(element) in seen:
        return
    seen.add(id(element))
    yield element
    held = [v for k, v in vars(element).items() if isinstance(v, Element) and k != "_parent"]
    for child in [*element._children.values(), *held]:
        yield from _elements(child, seen)


def _fix_ids(fmap: folium.Map) -> None:
    """Replace Folium's random element ids by sequential ones, for reproducible HTML."""
    counter = itertools.count(1)
    for element in _elements(fmap.get_root()):
        element._id = f"{next(counter):04d}"
