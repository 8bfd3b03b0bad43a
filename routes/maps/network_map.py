"""The corridor maps: the overview and one map per corridor."""

from __future__ import annotations

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element

from routes import styles
from routes.maps.controls import FIRST_YEAR, LAST_YEAR, Panel, YearControl
from routes.maps.legend import legend_html
from routes.maps.page import REGION_BOUNDS, base_map, fix_ids
from routes.maps.popups import NODE_FIELDS, TOOLTIP_FIELDS, Citations, bind, for_map, popup_script
from routes.vocabulary import CORRIDORS


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
    fmap, root = base_map(title, release)
    drawn = {corridor: frame for corridor, frame in legs.items() if not frame.empty}
    citations = Citations()
    leg_layers = []
    for corridor, frame in drawn.items():
        group = folium.FeatureGroup(name=CORRIDORS[corridor].name, show=True)
        data, looks = for_map(frame, TOOLTIP_FIELDS, citations, len(drawn) == 1, _leg_look)
        layer = folium.GeoJson(
            data,
            name=CORRIDORS[corridor].name,
            style_function=lambda feature, looks=looks: looks[feature["id"]],
            highlight_function=lambda _: {"opacity": 1.0, "color": "#222222"},
            on_each_feature=bind(TOOLTIP_FIELDS),
        )
        layer.add_to(group)
        group.add_to(fmap)
        leg_layers.append(layer)

    used = set().union(*(set(f["from_node"]) | set(f["to_node"]) for f in drawn.values()))
    shown = nodes[nodes["id"].isin(used)]
    if not shown.empty:
        group = folium.FeatureGroup(name="Ports, stations and other nodes", show=True)
        data, looks = for_map(shown, NODE_FIELDS, citations, len(drawn) == 1, _node_look)
        node_layer = folium.GeoJson(
            data,
            name="Nodes",
            marker=folium.CircleMarker(),
            style_function=lambda feature, looks=looks: looks[feature["id"]],
            on_each_feature=bind(NODE_FIELDS),
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
    fmap.add_child(Panel(legend_html(drawn, shown), "topright", "routes-panel routes-legend"))
    if leg_layers:
        fmap.add_child(YearControl(leg_layers, _years(drawn)))
    root.header.add_child(Element(popup_script(citations)))
    # Keep the network clear of the legend on the right.
    fmap.fit_bounds(
        bounds(drawn) or REGION_BOUNDS, padding_top_left=(50, 40), padding_bottom_right=(230, 30)
    )
    fix_ids(fmap)
    return fmap


def _leg_look(row: pd.Series) -> dict[str, object]:
    capacity = row["capacity_mt_per_year"]
    return styles.leg_style(row["corridor"], row["status"], None if pd.isna(capacity) else capacity)


def _node_look(row: pd.Series) -> dict[str, object]:
    return styles.node_style(row["kind"])


def _years(legs: dict[str, gpd.GeoDataFrame]) -> list[int]:
    opening = {int(y) for f in legs.values() for y in f["opening_year"].dropna()}
    return sorted({FIRST_YEAR} | {y for y in opening if FIRST_YEAR < y <= LAST_YEAR})


def bounds(legs: dict[str, gpd.GeoDataFrame]) -> list[list[float]] | None:
    """Return the [[south, west], [north, east]] box of the layers, None if there are none."""
    if not legs:
        return None
    boxes = np.array([frame.total_bounds for frame in legs.values()])
    west, south = boxes[:, 0].min(), boxes[:, 1].min()
    east, north = boxes[:, 2].max(), boxes[:, 3].max()
    return [[float(south), float(west)], [float(north), float(east)]]
