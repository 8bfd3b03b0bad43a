"""Interactive Folium maps of the corridors."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, Figure

from routes import styles
from routes.sources import CORRIDOR_NAMES

# Five decimals (about 1 m) is finer than any zoom level shows; the layers keep six.
MAP_DECIMALS = 5
REGION_BOUNDS = [[36.0, 26.0], [47.5, 83.0]]

TOOLTIP_FIELDS = {
    "name": "Leg",
    "mode": "Mode",
    "status": "Status",
    "opening_year": "Opening year",
    "length_km": "Length (km)",
    "capacity_mt_per_year": "Capacity (Mt/yr)",
    "volume_mt": "Volume (Mt)",
    "volume_mt_year": "Volume year",
}
POPUP_FIELDS = {
    **TOOLTIP_FIELDS,
    "from_node": "From",
    "to_node": "To",
    "countries": "Countries",
    "length_km_published": "Published length (km)",
    "length_diff_pct": "Difference (%)",
    "capacity_mw": "Capacity (MW)",
    "capacity_tbps": "Capacity (Tbit/s)",
    "utilisation": "Utilisation",
    "tonne_km_million": "Tonne-km (million)",
    "operator": "Operator",
    "geometry_accuracy": "Geometry",
}
NODE_FIELDS = {"name": "Node", "kind": "Kind", "country": "Country", "corridors": "Corridors"}


def corridor_map(
    legs: dict[str, gpd.GeoDataFrame], nodes: gpd.GeoDataFrame, title: str
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
    root.html.add_child(Element(_title_box(title)))
    used: set[str] = set()
    for corridor, frame in legs.items():
        if frame.empty:
            continue
        used.update(frame["from_node"])
        used.update(frame["to_node"])
        group = folium.FeatureGroup(name=CORRIDOR_NAMES[corridor], show=True)
        folium.GeoJson(
            _for_map(frame, POPUP_FIELDS),
            style_function=_leg_style,
            highlight_function=lambda _: {"weight": styles.LINE_WEIGHT + 3},
            tooltip=folium.GeoJsonTooltip(
                fields=list(TOOLTIP_FIELDS), aliases=list(TOOLTIP_FIELDS.values())
            ),
            popup=folium.GeoJsonPopup(
                fields=list(POPUP_FIELDS), aliases=list(POPUP_FIELDS.values())
            ),
        ).add_to(group)
        group.add_to(fmap)
    shown = nodes[nodes["id"].isin(used)]
    if not shown.empty:
        group = folium.FeatureGroup(name="Ports, stations and other nodes", show=True)
        folium.GeoJson(
            _for_map(shown, NODE_FIELDS),
            marker=folium.CircleMarker(),
            style_function=lambda feature: styles.node_style(feature["properties"]["kind"]),
            tooltip=folium.GeoJsonTooltip(
                fields=list(NODE_FIELDS), aliases=list(NODE_FIELDS.values())
            ),
        ).add_to(group)
        group.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(_bounds(legs) or REGION_BOUNDS)
    _fix_ids(fmap)
    return fmap


def render(fmap: folium.Map) -> str:
    """Return the map's HTML; the same map always gives the same text."""
    return str(fmap.get_root().render()).rstrip() + "\n"


def _leg_style(feature: dict[str, dict[str, str]]) -> dict[str, object]:
    properties = feature["properties"]
    return styles.leg_style(properties["corridor"], properties["status"])


def _for_map(frame: gpd.GeoDataFrame, fields: dict[str, str]) -> gpd.GeoDataFrame:
    """Keep what the map shows, escape text from the data, round coordinates."""
    keep = [c for c in ("id", "corridor", "kind", *fields) if c in frame.columns]
    out = frame[list(dict.fromkeys(keep))].copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: html.escape(v) if isinstance(v, str) else v)
    out = out.set_geometry(shapely.set_precision(frame.geometry.values, 10.0**-MAP_DECIMALS))
    return out.set_crs(frame.crs, allow_override=True)


def _bounds(legs: dict[str, gpd.GeoDataFrame]) -> list[list[float]] | None:
    frames = [frame for frame in legs.values() if not frame.empty]
    if not frames:
        return None
    boxes = np.array([frame.total_bounds for frame in frames])
    west, south = boxes[:, 0].min(), boxes[:, 1].min()
    east, north = boxes[:, 2].max(), boxes[:, 3].max()
    return [[float(south), float(west)], [float(north), float(east)]]


def _title_box(title: str) -> str:
    return (
        '<div style="position:fixed;top:10px;left:60px;z-index:1000;background:white;'
        "padding:4px 10px;border-radius:4px;font:bold 15px sans-serif;"
        f'box-shadow:0 1px 4px rgba(0,0,0,.4)">{html.escape(title)}</div>'
    )


def _elements(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _elements(child)


def _fix_ids(fmap: folium.Map) -> None:
    """Replace Folium's random element ids by sequential ones, for reproducible HTML."""
    counter = itertools.count(1)
    for element in _elements(fmap.get_root()):
        element._id = f"{next(counter):04d}"
