"""Interactive Folium maps of the corridors.

Every colour, dash and width comes from :mod:`routes.styles`, and so does the
legend. Text from the data is HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import html
import itertools
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import branca.colormap
import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from routes import styles
from routes.sources import CORRIDOR_NAMES

# Four decimals (about 10 m) is finer than the corridors are known; the layers keep six.
MAP_DECIMALS = 4
MAP_TOLERANCE_DEGREES = 0.001
REGION_BOUNDS = [[36.0, 26.0], [47.5, 83.0]]
FIRST_YEAR, LAST_YEAR = 2024, 2030

POPUP_FIELDS = {
    "corridor": "Corridor",
    "kind": "Kind",
    "country": "Country",
    "countries": "Countries",
    "from_node": "From",
    "to_node": "To",
    "operator": "Operator",
    "length_diff_pct": "Difference to published (%)",
    "tonne_km_million": "Tonne-km (million)",
    "utilisation": "Utilisation",
    "geometry_accuracy": "Geometry",
}
TOOLTIP_FIELDS = {
    "name": "Leg",
    "mode": "Mode",
    "status": "Status",
    "opening_year": "Opening year",
    "length_km": "Length (km)",
    "capacity_mt_per_year": "Capacity (Mt/yr)",
    "volume_mt": "Volume (Mt)",
}
# Popup rows read from the tooltip's properties rather than stored twice.
FROM_PROPERTIES = {
    "mode": "Mode",
    "opening_year": "Opening year",
    "length_km": "Length (km, geodesic)",
}
SCENARIO_FIELDS = {
    "name": "Name",
    "scenario_volume_mt": "Scenario volume (Mt)",
    "scenario_capacity_mt": "Capacity (Mt/yr)",
    "utilisation_pct": "Utilisation (%)",
}
# From green (spare) through yellow to red (over capacity), as ColorBrewer's RdYlGn.
UTILISATION_COLOURS = ["#1a9850", "#fee08b", "#d73027"]
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
    if (p.status === 'operating') { return p.opening_year == null || p.opening_year <= year; }
    return p.opening_year != null && p.opening_year <= year;
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
    fmap, root = _base_map(title, release)
    drawn = {corridor: frame for corridor, frame in legs.items() if not frame.empty}
    citations = _Citations()
    leg_layers = []
    for corridor, frame in drawn.items():
        group = folium.FeatureGroup(name=CORRIDOR_NAMES[corridor], show=True)
        data, looks = _for_map(frame, TOOLTIP_FIELDS, citations, len(drawn) == 1, _leg_look)
        layer = folium.GeoJson(
            data,
            name=CORRIDOR_NAMES[corridor],
            style_function=lambda feature, looks=looks: looks[feature["id"]],
            highlight_function=lambda _: {"opacity": 1.0, "color": "#222222"},
            on_each_feature=_bind(TOOLTIP_FIELDS),
        )
        layer.add_to(group)
        group.add_to(fmap)
        leg_layers.append(layer)

    used = set().union(*(set(f["from_node"]) | set(f["to_node"]) for f in drawn.values()))
    shown = nodes[nodes["id"].isin(used)]
    if not shown.empty:
        group = folium.FeatureGroup(name="Ports, stations and other nodes", show=True)
        data, looks = _for_map(shown, NODE_FIELDS, citations, len(drawn) == 1, _node_look)
        node_layer = folium.GeoJson(
            data,
            name="Nodes",
            marker=folium.CircleMarker(),
            style_function=lambda feature, looks=looks: looks[feature["id"]],
            on_each_feature=_bind(NODE_FIELDS),
        )
        node_layer.add_to(group)
        group.add_to(fmap)
        folium.plugins.Search(
            layer=node_layer,
            geom_type="Point",
            search_label="search",
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
    root.header.add_child(Element(_popup_script(citations)))
    # Keep the network clear of the legend on the right.
    fmap.fit_bounds(
        _bounds(drawn) or REGION_BOUNDS, padding_top_left=(50, 40), padding_bottom_right=(230, 30)
    )
    _fix_ids(fmap)
    return fmap


def scenario_map(
    loads: pd.DataFrame,
    legs: dict[str, gpd.GeoDataFrame],
    nodes: gpd.GeoDataFrame,
    title: str,
    release: str,
) -> folium.Map:
    """Draw a scenario: loaded legs and ports coloured by utilisation, bottlenecks ringed.

    Parameters
    ----------
    loads
        What :func:`routes.scenario.assign` returns.
    legs, nodes
        The measured layers (every leg is drawn thin and grey for context).
    title, release
        Page title and data release date.
    """
    fmap, root = _base_map(title, release)
    every = pd.concat(list(legs.values()), ignore_index=True)
    colours = branca.colormap.LinearColormap(
        UTILISATION_COLOURS, vmin=0, vmax=1.2, caption="Utilisation: volume / published capacity"
    )
    by_id = loads.set_index("id")

    def look(row: pd.Series) -> dict[str, object]:
        use = by_id["utilisation"].get(row["id"], math.nan)
        if row["id"] not in by_id.index:
            return {"color": "#999999", "weight": 2, "opacity": 0.6}
        colour = "#555555" if math.isnan(use) else colours(min(use, 1.2))
        return {"color": colour, "weight": 7, "opacity": 0.95, "dashArray": None}

    def tooltip_fields(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out["scenario_volume_mt"] = [by_id["volume_mt"].get(i) for i in frame["id"]]
        out["scenario_capacity_mt"] = [by_id["capacity_mt_per_year"].get(i) for i in frame["id"]]
        out["utilisation_pct"] = [
            None if math.isnan(u := by_id["utilisation"].get(i, math.nan)) else round(u * 100)
            for i in frame["id"]
        ]
        return out

    citations = _Citations()
    for label, frame, marker in (
        ("Legs", every, None),
        ("Ports and stations", nodes[nodes["id"].isin(by_id.index)], folium.CircleMarker()),
    ):
        data, looks = _for_map(
            gpd.GeoDataFrame(tooltip_fields(frame), geometry=frame.geometry.values, crs=frame.crs),
            SCENARIO_FIELDS,
            citations,
            True,
            look if marker is None else _scenario_node_look(by_id, colours),
        )
        group = folium.FeatureGroup(name=label, show=True)
        folium.GeoJson(
            data,
            name=label,
            marker=marker,
            style_function=lambda feature, looks=looks: looks[feature["id"]],
            on_each_feature=_bind(SCENARIO_FIELDS),
        ).add_to(group)
        group.add_to(fmap)
    full = loads[loads["utilisation"] >= 1]
    if not full.empty:
        ringed = _bottlenecks(full, every, nodes)
        group = folium.FeatureGroup(name="At or over capacity", show=True)
        folium.GeoJson(
            json.loads(ringed.to_json(show_bbox=False)),
            name="At or over capacity",
            marker=folium.CircleMarker(radius=14, color="#d73027", weight=3, fill=False),
            on_each_feature=_bind({"name": "At or over capacity", "utilisation_pct": "Use (%)"}),
        ).add_to(group)
        group.add_to(fmap)
    colours.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    loaded = every[every["id"].isin(by_id.index)]
    fmap.fit_bounds(_bounds({"loaded": loaded}) or REGION_BOUNDS, padding=(30, 30))
    root.header.add_child(Element(_popup_script(citations)))
    _fix_ids(fmap)
    return fmap


def _scenario_node_look(
    by_id: pd.DataFrame, colours: branca.colormap.LinearColormap
) -> Callable[[pd.Series], dict[str, object]]:
    def look(row: pd.Series) -> dict[str, object]:
        use = by_id["utilisation"].get(row["id"], math.nan)
        colour = "#555555" if math.isnan(use) else colours(min(use, 1.2))
        return {
            "radius": 7,
            "color": "#333333",
            "weight": 1,
            "fill": True,
            "fillColor": colour,
            "fillOpacity": 0.95,
        }

    return look


def _bottlenecks(
    full: pd.DataFrame, legs: gpd.GeoDataFrame, nodes: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Return a point at each leg (its middle) or node at or over its capacity."""
    points = []
    for _, row in full.iterrows():
        if row["what"] == "leg":
            line = legs.loc[legs["id"] == row["id"]].geometry.iloc[0]
            point = line.interpolate(0.5, normalized=True)
        else:
            point = nodes.loc[nodes["id"] == row["id"]].geometry.iloc[0]
        points.append(
            {
                "name": row["name"],
                "utilisation_pct": round(row["utilisation"] * 100),
                "geometry": shapely.set_precision(point, 10.0**-MAP_DECIMALS),
            }
        )
    return gpd.GeoDataFrame(points, geometry="geometry", crs=legs.crs)


def _base_map(title: str, release: str) -> tuple[folium.Map, Figure]:
    """Return a Leaflet-only map with scale bar, title, footer and the page styles."""
    fmap = folium.Map(tiles="OpenStreetMap", control_scale=True, prefer_canvas=False)
    # Folium loads Bootstrap, jQuery and Font Awesome by default; these maps use only Leaflet.
    fmap.default_js = [(name, url) for name, url in fmap.default_js if name == "leaflet"]
    fmap.default_css = [(name, url) for name, url in fmap.default_css if name == "leaflet_css"]
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(f"<title>{html.escape(title)}</title>"))
    root.header.add_child(Element(MOBILE_CSS))
    root.html.add_child(Element(_title_box(title)))
    root.html.add_child(Element(_footer(release)))
    return fmap, root


def render(fmap: folium.Map) -> str:
    """Return the map's HTML; the same map always gives the same text.

    Folium indents its templates deeply; the indentation is dropped, since
    nothing in these pages depends on leading whitespace.
    """
    lines = str(fmap.get_root().render()).splitlines()
    return "\n".join(line.strip() for line in lines if line.strip()) + "\n"


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


def _leg_look(row: pd.Series) -> dict[str, object]:
    capacity = row["capacity_mt_per_year"]
    return styles.leg_style(row["corridor"], row["status"], None if pd.isna(capacity) else capacity)


def _node_look(row: pd.Series) -> dict[str, object]:
    return styles.node_style(row["kind"])


def _for_map(
    frame: gpd.GeoDataFrame,
    fields: dict[str, str],
    citations: _Citations,
    notes: bool,
    look: Callable[[pd.Series], dict[str, object]],
) -> tuple[dict[str, Any], dict[str, dict[str, object]]]:
    """Return what the map needs of a layer, and the style of each feature by id.

    Only the tooltip fields, what the year control reads and the popup data are
    kept; unknown values are left out rather than sent as null. Styles are worked
    out here from the full rows, so the page needs no attributes to draw.
    """
    keep = [c for c in dict.fromkeys(["status", "opening_year", *fields]) if c in frame.columns]
    out = frame[keep].reset_index(drop=True)
    out["popup"] = [_popup(row, citations, notes) for _, row in frame.iterrows()]
    if "kind" in frame.columns:
        # leaflet-search lists matches as HTML, so its copy of the name is escaped.
        out["search"] = [html.escape(name) for name in frame["name"]]
    # Drop vertices that move the drawn line by less than the map shows; densified
    # geodesics keep the vertices that matter where they bend on the screen.
    simple = shapely.simplify(frame.geometry.values, MAP_TOLERANCE_DEGREES)
    out = out.set_geometry(shapely.set_precision(simple, 10.0**-MAP_DECIMALS))
    data: dict[str, Any] = json.loads(out.to_json(show_bbox=False))
    for feature in data["features"]:
        feature["properties"] = {k: v for k, v in feature["properties"].items() if v is not None}
    looks = {str(i): look(row) for i, (_, row) in enumerate(frame.iterrows())}
    return data, looks


class _Citations:
    """The documents cited on one page, each stored once and referred to by index."""

    def __init__(self) -> None:
        self.documents: list[dict[str, str | None]] = []
        self._index: dict[str, int] = {}

    def add(self, document: dict[str, str | None]) -> int:
        key = f"{document['url']} {document['title']}"
        if key not in self._index:
            self._index[key] = len(self.documents)
            self.documents.append(document)
        return self._index[key]

    def by_url(self, url: object) -> int | None:
        return next((i for i, d in enumerate(self.documents) if d["url"] == url), None)


def _popup(row: pd.Series, citations: _Citations, notes: bool) -> dict[str, object]:
    """Return the popup of a feature as plain data: rows of (label, text, year, source).

    The page's ``routesPopup`` script turns it into DOM nodes with ``textContent``,
    so nothing from the data is ever parsed as HTML.
    """

    def text(value: object) -> str | None:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        return f"{value:,.1f}" if isinstance(value, float) else str(value)

    cited = [citations.add(document) for document in json.loads(row["sources"])]
    rows: list[list[object]] = []
    if "status" in row:
        rows.append(["status", text(row["status"]), None, citations.by_url(row["status_source"])])
    for column in POPUP_FIELDS:
        if column in row and text(row[column]) is not None:
            rows.append([column, text(row[column])])
    for column, (_, unit) in FIGURES.items():
        if column in row and text(row[column]) is not None:
            year = row[f"{column}_year"]
            source = citations.by_url(row[f"{column}_source"])
            rows.append([column, f"{text(row[column])} {unit}", int(year), source])
    popup: dict[str, object] = {"title": text(row["name"]), "rows": rows, "sources": cited}
    if text(row.get("note")) and notes:
        rows.append(["note", text(row["note"])])
    elif text(row.get("note")) and "corridor" in row:
        # The overview stays light: notes are on the corridor's own map.
        popup["more"] = f"{row['corridor']}.html"
    return popup


POPUP_SCRIPT = """<script>
var ROUTES_SOURCES = %s;
var ROUTES_LABELS = %s;
function routesLink(index, label) {
  var source = ROUTES_SOURCES[index];
  var a = document.createElement('a');
  if (/^https?:\\/\\//.test(source.url)) { a.href = source.url; }
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = label || source.title;
  return a;
}
// Shown from the feature's own (tooltip) properties, so the page holds them once.
var ROUTES_FROM_PROPERTIES = %s;
function routesTooltip(properties, labels) {
  var table = document.createElement('table');
  labels.forEach(function (pair) {
    if (properties[pair[0]] === undefined) { return; }
    var tr = table.insertRow();
    tr.appendChild(document.createElement('th')).textContent = pair[1];
    tr.insertCell().textContent = String(properties[pair[0]]);
  });
  return table;
}
function routesPopup(popup, properties) {
  var box = document.createElement('div');
  box.className = 'routes-popup';
  var title = box.appendChild(document.createElement('b'));
  title.textContent = popup.title;
  var table = box.appendChild(document.createElement('table'));
  var rows = ROUTES_FROM_PROPERTIES.filter(function (key) {
    return properties[key] !== undefined;
  }).map(function (key) { return [key, String(properties[key])]; });
  rows.concat(popup.rows).forEach(function (row) {
    var tr = table.insertRow();
    tr.appendChild(document.createElement('th')).textContent = ROUTES_LABELS[row[0]];
    var td = tr.insertCell();
    td.textContent = row[1];
    var year = row.length > 2 ? row[2] : null, source = row.length > 3 ? row[3] : null;
    if (year !== null || source !== null) {
      td.appendChild(document.createTextNode(year !== null ? ' (' + year + ', ' : ' ('));
      if (source !== null) { td.appendChild(routesLink(source, 'source')); }
      td.appendChild(document.createTextNode(')'));
    }
  });
  if (popup.more) {
    var more = box.appendChild(document.createElement('p'));
    var link = more.appendChild(document.createElement('a'));
    link.href = popup.more;
    link.textContent = 'Notes: see the corridor map';
  }
  box.appendChild(document.createElement('b')).textContent = 'Sources';
  var list = box.appendChild(document.createElement('ul'));
  popup.sources.forEach(function (index) {
    var item = list.appendChild(document.createElement('li'));
    var source = ROUTES_SOURCES[index];
    item.appendChild(routesLink(index));
    var when = source.date || ('accessed ' + source.accessed);
    item.appendChild(document.createTextNode(
      ' (' + (source.publisher ? source.publisher + ', ' : '') + when + ')'));
  });
  return box;
}
</script>"""


def _popup_script(citations: _Citations) -> str:
    labels = {"status": "Status", "note": "Note", **POPUP_FIELDS, **FROM_PROPERTIES}
    labels.update({column: label for column, (label, _) in FIGURES.items()})
    tables = [
        # "</" would end the script element early; JSON allows "<\\/" for it.
        json.dumps(table, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        for table in (citations.documents, labels, list(FROM_PROPERTIES))
    ]
    return POPUP_SCRIPT % tuple(tables)


def _bind(fields: dict[str, str]) -> JsCode:
    """Bind the tooltip (the given fields) and the popup of each feature."""
    labels = json.dumps(list(fields.items()), ensure_ascii=False)
    return JsCode(
        "function (feature, layer) {"
        f" layer.bindTooltip(function () {{ return routesTooltip(feature.properties, {labels}); }},"
        " {sticky: true});"
        " layer.bindPopup(function () {"
        " return routesPopup(feature.properties.popup, feature.properties); },"
        " {maxWidth: 420}); }"
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
