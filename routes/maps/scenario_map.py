"""The scenario maps: the network of the scenario's year, legs and ports by utilisation."""

from __future__ import annotations

import math

import branca.colormap
import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Element

from routes import freight, styles
from routes.maps.controls import Finish, Panel
from routes.maps.legend import details, mode_rows
from routes.maps.network_map import bounds, leg_layer, node_markers
from routes.maps.overlap import lanes, stacks
from routes.maps.page import REGION_BOUNDS, base_map, fix_ids
from routes.maps.popups import Citations, bind, features, leg_properties, number, popup_script

# From green (spare) through yellow to red (over capacity), as ColorBrewer's RdYlGn.
UTILISATION_COLOURS = ["#1a9850", "#fee08b", "#d73027"]
MAX_UTILISATION = 1.2
# Legs open in the year that carry none of the scenario's freight.
IDLE = {"color": "#999999", "weight": 2, "opacity": 0.7}
# Legs or ports carrying freight whose capacity is not published.
NO_CAPACITY = "#555555"
RING_RADIUS, RING_COLOUR, RING_WEIGHT = 14, "#d73027", 3


def scenario_map(
    loads: pd.DataFrame,
    legs: dict[str, gpd.GeoDataFrame],
    nodes: gpd.GeoDataFrame,
    title: str,
    release: str,
    year: int,
) -> folium.Map:
    """Draw a scenario on the network of its year: legs and ports by utilisation.

    Parameters
    ----------
    loads
        What :func:`routes.scenarios.assign` returns.
    legs, nodes
        The measured layers; only the legs open in ``year``
        (:func:`routes.freight.open_in`) are drawn, those without scenario
        freight thin and grey.
    title, release
        Page title and data release date.
    year
        The scenario's year.
    """
    fmap, root = base_map(title)
    every = pd.concat(list(legs.values()), ignore_index=True)
    every = every[[freight.open_in(row, year) for _, row in every.iterrows()]]
    every = every.reset_index(drop=True)
    colours = branca.colormap.LinearColormap(UTILISATION_COLOURS, vmin=0, vmax=MAX_UTILISATION)
    by_id = loads.set_index("id")

    def colour(use: float) -> str:
        return NO_CAPACITY if math.isnan(use) else str(colours(min(use, MAX_UTILISATION)))[:7]

    offsets = lanes(every)
    names = dict(zip(nodes["id"], nodes["name"], strict=True))
    citations = Citations()
    properties, looks = [], []
    for _, row in every.iterrows():
        properties.append(leg_properties(row, citations, True, names))
        if row["id"] in by_id.index:
            load = by_id.loc[row["id"]]
            properties[-1]["tip"] = [*_load_rows(load), *properties[-1]["tip"]]  # type: ignore[misc]
            look: dict[str, object] = {"color": colour(load["utilisation"]), "weight": 7}
            look |= {"opacity": 0.95, "dashArray": None}
        else:
            look = dict(IDLE)
        weight, idle = float(str(look["weight"])), row["id"] not in by_id.index
        look["casing"] = styles.casing_style(row["mode"], weight, known=not idle)
        if row["id"] in offsets:
            look["offset"] = offsets[row["id"]]
        looks.append(look)
    group = folium.FeatureGroup(name=f"Network of {year}", show=True)
    leg_layer(every, properties, looks, "Legs").add_to(group)
    group.add_to(fmap)

    loaded = nodes[nodes["id"].isin(by_id.index)].reset_index(drop=True)
    sites = stacks(loaded)
    if sites:
        site_looks = {}
        for i, site in enumerate(sites):
            uses = [by_id["utilisation"].get(loaded["id"].iloc[j], math.nan) for j in site]
            known = [u for u in uses if not math.isnan(u)]
            site_looks[i] = styles.node_style("port", several=len(site) > 1)
            site_looks[i]["fillColor"] = colour(max(known) if known else math.nan)
        group = folium.FeatureGroup(name="Ports and stations", show=True)
        node_markers(loaded, sites, citations, True, site_looks).add_to(group)
        group.add_to(fmap)
    full = loads[loads["utilisation"] >= 1]
    if not full.empty:
        group = folium.FeatureGroup(name="At or over capacity", show=True)
        folium.GeoJson(
            _bottlenecks(full, every, nodes),
            name="At or over capacity",
            marker=folium.CircleMarker(
                radius=RING_RADIUS, color=RING_COLOUR, weight=RING_WEIGHT, fill=False
            ),
            on_each_feature=bind(),
        ).add_to(group)
        group.add_to(fmap)
    control = folium.LayerControl(collapsed=True)
    control.add_to(fmap)
    legend = _legend(year, every, not full.empty)
    fmap.add_child(Panel(legend, "topright", "routes-panel routes-legend"))
    root.header.add_child(Element(popup_script(citations)))
    framed = bounds({"network": every})
    fmap.add_child(Finish(title, release, framed or REGION_BOUNDS, control))
    fix_ids(fmap)
    return fmap


def _load_rows(load: pd.Series) -> list[list[object]]:
    rows: list[list[object]] = [["scenario_volume", f"{number(float(load['volume_mt']))} Mt"]]
    capacity = load["capacity_mt_per_year"]
    if not pd.isna(capacity):
        rows.append(["scenario_capacity", f"{number(float(capacity))} Mt/yr"])
    if not math.isnan(load["utilisation"]):
        rows.append(["scenario_utilisation", f"{round(load['utilisation'] * 100)} %"])
    return rows


def _legend(year: int, legs: pd.DataFrame, rings: bool) -> str:
    """Return the scenario's legend: every colour on the map, and the modes."""
    steps = ",".join(UTILISATION_COLOURS)
    rows = [
        "<b>Utilisation</b> (scenario volume / published capacity)",
        f'<span class="routes-ramp" style="background:linear-gradient(to right,{steps})"></span>',
        '<span class="routes-ramp-labels"><span>0 %</span><span>60 %</span>'
        f"<span>≥ {round(MAX_UTILISATION * 100)} %</span></span>",
        _swatch(NO_CAPACITY, 7, "freight, capacity not published"),
        _swatch(str(IDLE["color"]), 2, f"open in {year}, no scenario freight"),
    ]
    if rings:
        rows.append(
            f'<span class="routes-legend-item"><svg width="34" height="30"><circle cx="17" '
            f'cy="15" r="{RING_RADIUS}" fill="none" stroke="{RING_COLOUR}" '
            f'stroke-width="{RING_WEIGHT}"/></svg>at or over capacity</span>'
        )
    rows.append(
        '<span class="routes-legend-item"><svg width="34" height="18"><circle cx="17" cy="9" '
        'r="7" fill="#fee08b" stroke="#333333"/></svg>port or station, by utilisation</span>'
    )
    return details("Legend", rows + mode_rows(legs))


def _swatch(colour: str, weight: float, label: str) -> str:
    return (
        f'<span class="routes-legend-item"><svg width="34" height="16"><line x1="1" y1="8" '
        f'x2="33" y2="8" stroke="{colour}" stroke-width="{weight}"/></svg>{label}</span>'
    )


def _bottlenecks(full: pd.DataFrame, legs: gpd.GeoDataFrame, nodes: gpd.GeoDataFrame) -> object:
    """Return a ring at each leg (its middle) or node at or over its capacity."""
    points = []
    properties: list[dict[str, object]] = []
    for _, row in full.iterrows():
        if row["what"] == "leg":
            line = legs.loc[legs["id"] == row["id"]].geometry.iloc[0]
            points.append(line.interpolate(0.5, normalized=True))
        else:
            points.append(nodes.loc[nodes["id"] == row["id"]].geometry.iloc[0])
        use = f"{round(row['utilisation'] * 100)} %"
        properties.append(
            {
                "name": f"At or over capacity: {row['name']}",
                "tip": [["scenario_utilisation", use]],
                "popup": {"rows": [], "sources": []},
            }
        )
    return features(gpd.GeoSeries([shapely.Point(p) for p in points]), properties)
