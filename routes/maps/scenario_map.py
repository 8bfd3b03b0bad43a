"""The scenario maps: loaded legs and ports coloured by utilisation, bottlenecks ringed."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import branca.colormap
import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Element

from routes.maps.network_map import bounds
from routes.maps.page import MAP_DECIMALS, REGION_BOUNDS, base_map, fix_ids
from routes.maps.popups import Citations, bind, for_map, popup_script

SCENARIO_FIELDS = {
    "name": "Name",
    "scenario_volume_mt": "Scenario volume (Mt)",
    "scenario_capacity_mt": "Capacity (Mt/yr)",
    "utilisation_pct": "Utilisation (%)",
}
# From green (spare) through yellow to red (over capacity), as ColorBrewer's RdYlGn.
UTILISATION_COLOURS = ["#1a9850", "#fee08b", "#d73027"]


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
    fmap, root = base_map(title, release)
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

    citations = Citations()
    for label, frame, marker in (
        ("Legs", every, None),
        ("Ports and stations", nodes[nodes["id"].isin(by_id.index)], folium.CircleMarker()),
    ):
        data, looks = for_map(
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
            on_each_feature=bind(SCENARIO_FIELDS),
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
            on_each_feature=bind({"name": "At or over capacity", "utilisation_pct": "Use (%)"}),
        ).add_to(group)
        group.add_to(fmap)
    colours.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    loaded = every[every["id"].isin(by_id.index)]
    fmap.fit_bounds(bounds({"loaded": loaded}) or REGION_BOUNDS, padding=(30, 30))
    root.header.add_child(Element(popup_script(citations)))
    fix_ids(fmap)
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
