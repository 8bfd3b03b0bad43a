"""The corridor maps: the overview and one map per corridor."""

from __future__ import annotations

from collections.abc import Mapping

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element

from routes import styles
from routes.maps.controls import FIRST_YEAR, LAST_YEAR, Finish, Panel, YearControl
from routes.maps.legend import legend_html
from routes.maps.overlap import lanes, node_rows, stacks
from routes.maps.page import REGION_BOUNDS, base_map, fix_ids
from routes.maps.popups import (
    Citations,
    bind,
    features,
    leg_properties,
    node_properties,
    popup_script,
)
from routes.vocabulary import CORRIDORS


def corridor_map(
    legs: dict[str, gpd.GeoDataFrame],
    nodes: gpd.GeoDataFrame,
    title: str,
    release: str,
    every_node: bool = False,
) -> folium.Map:
    """Draw corridors and their nodes on one map, one toggleable layer each.

    Parameters
    ----------
    legs
        Measured leg layers keyed by corridor id.
    nodes
        The node layer.
    title
        Shown at the top of the map and as the page title.
    release
        Data release date shown in the map's footer.
    every_node
        Draw every node (the overview); otherwise only the nodes the legs use.

    Returns
    -------
    folium.Map
        Fitted to the drawn legs at open, with deterministic element ids.
    """
    fmap, root = base_map(title)
    drawn = {corridor: frame for corridor, frame in legs.items() if not frame.empty}
    citations = Citations()
    notes = len(drawn) == 1
    names = dict(zip(nodes["id"], nodes["name"], strict=True))
    every = pd.concat(list(drawn.values()), ignore_index=True) if drawn else None
    offsets = lanes(every) if every is not None else {}
    leg_layers = []
    for corridor, frame in drawn.items():
        properties = [leg_properties(row, citations, notes, names) for _, row in frame.iterrows()]
        looks = [leg_look(row, offsets) for _, row in frame.iterrows()]
        layer = leg_layer(frame, properties, looks, CORRIDORS[corridor].name)
        group = folium.FeatureGroup(name=CORRIDORS[corridor].name, show=True)
        layer.add_to(group)
        group.add_to(fmap)
        leg_layers.append(layer)

    used = set().union(*(set(f["from_node"]) | set(f["to_node"]) for f in drawn.values()))
    shown = nodes if every_node else nodes[nodes["id"].isin(used)]
    shown = shown.reset_index(drop=True)
    sites = stacks(shown)
    node_layer = None
    if sites:
        group = folium.FeatureGroup(name="Ports, stations and other nodes", show=True)
        node_layer = node_markers(shown, sites, citations, notes)
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

    control = folium.LayerControl(collapsed=True)
    control.add_to(fmap)
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    folium.plugins.MeasureControl(
        position="topleft", primary_length_unit="kilometers", secondary_length_unit="miles"
    ).add_to(fmap)
    folium.plugins.MiniMap(position="bottomright", toggle_display=True).add_to(fmap)
    stacked = any(len(site) > 1 for site in sites)
    fmap.add_child(
        Panel(legend_html(drawn, shown, stacked), "topright", "routes-panel routes-legend")
    )
    if leg_layers:
        fmap.add_child(YearControl(leg_layers, node_layer, _years(drawn)))
    root.header.add_child(Element(popup_script(citations)))
    framed = bounds({**drawn, "nodes": shown}) if drawn else None
    fmap.add_child(Finish(title, release, framed or REGION_BOUNDS, control))
    fix_ids(fmap)
    return fmap


def leg_layer(
    frame: gpd.GeoDataFrame,
    properties: list[dict[str, object]],
    looks: list[dict[str, object]],
    name: str,
) -> folium.GeoJson:
    """Return the GeoJSON layer of legs, each drawn in its look over its mode's casing."""
    return folium.GeoJson(
        features(frame.geometry, properties),
        name=name,
        style_function=lambda feature: looks[int(feature["id"])],
        highlight_function=lambda _: {"opacity": 1.0, "color": "#222222"},
        on_each_feature=bind(),
    )


def node_markers(
    nodes: gpd.GeoDataFrame,
    sites: list[list[int]],
    citations: Citations,
    notes: bool,
    look: Mapping[int, dict[str, object]] | None = None,
) -> folium.GeoJson:
    """Return the layer of node markers: one per site, listing each node there.

    ``look`` gives the style of a site's marker by its position in ``sites``;
    by default the style of its first node's kind.
    """
    properties = [node_properties(node_rows(nodes, site), citations, notes) for site in sites]
    looks = [
        look[i]
        if look is not None
        else styles.node_style(nodes["kind"].iloc[site[0]], several=len(site) > 1)
        for i, site in enumerate(sites)
    ]
    places = gpd.GeoSeries([nodes.geometry.iloc[site[0]] for site in sites], crs=nodes.crs)
    return folium.GeoJson(
        features(places, properties),
        name="Nodes",
        marker=folium.CircleMarker(),
        style_function=lambda feature: looks[int(feature["id"])],
        on_each_feature=bind(),
    )


def leg_look(row: pd.Series, offsets: Mapping[str, float]) -> dict[str, object]:
    """Return the style of a leg: corridor colour, status dash, mode casing, lane offset."""
    capacity = row["capacity_mt_per_year"]
    known = None if pd.isna(capacity) else float(capacity)
    look = styles.leg_style(row["corridor"], row["status"], known, row["mode"])
    if row["id"] in offsets:
        look["offset"] = offsets[row["id"]]
    return look


def _years(legs: dict[str, gpd.GeoDataFrame]) -> list[int]:
    opening = {int(y) for f in legs.values() for y in f["opening_year"].dropna()}
    return sorted({FIRST_YEAR} | {y for y in opening if FIRST_YEAR < y <= LAST_YEAR})


def bounds(legs: Mapping[str, gpd.GeoDataFrame]) -> list[list[float]] | None:
    """Return the [[south, west], [north, east]] box of the layers, None if there are none."""
    frames = [frame for frame in legs.values() if not frame.empty]
    if not frames:
        return None
    boxes = np.array([frame.total_bounds for frame in frames])
    west, south = boxes[:, 0].min(), boxes[:, 1].min()
    east, north = boxes[:, 2].max(), boxes[:, 3].max()
    return [[float(south), float(west)], [float(north), float(east)]]
