"""Geodesic lengths, tonnage and the attribute tables of the layers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import LineString

from routes import countries
from routes.geometry import leg_line
from routes.model import Dataset, Figure, Leg, Project, Source
from routes.vocabulary import CAPACITY_COLUMNS, CORRIDORS, FIGURE_COLUMNS, LAND_MODES

CRS = "OGC:CRS84"
_GEOD = Geod(ellps="WGS84")
# A line running along a border river (the Araz) strays into the neighbour's
# polygon on Natural Earth's generalised border: a country counts only where the
# line gets this far inside it, or passes a named station or town there.
BORDER_KM = 5.0
# A named point counts where it lies this far inside a country (a station placed
# at its village on the Araz may fall just across Natural Earth's border).
NAMED_KM = 1.0
_MIN_CROSSING_KM = 2.0

LEG_TEXT = ("id", "corridor", "name", "mode", "status")
NODE_FIGURE_COLUMNS = tuple(c for c in FIGURE_COLUMNS if c != "length_km_published")


@dataclass(frozen=True)
class Layers:
    """The measured layers of a project.

    Attributes
    ----------
    legs
        One GeoDataFrame of legs per corridor that has legs, keyed by corridor id,
        in the vocabulary's order: the rows of ``geodata/<corridor>.geojson``.
    nodes
        Every node as a point GeoDataFrame: the rows of ``geodata/nodes.geojson``.
    """

    legs: dict[str, gpd.GeoDataFrame]
    nodes: gpd.GeoDataFrame


def measure_network(project: Project | Dataset) -> Layers:
    """Shape and measure every corridor that has legs, and the nodes.

    Examples
    --------
    >>> from routes import load_project
    >>> layers = measure_network(load_project("."))
    >>> list(layers.legs)
    ['titr', 'zangezur', 'caspian_cable', 'green_energy', 'oil']
    >>> ferry = layers.legs["titr"].set_index("id").loc["kaz_ferry_aktau_alat"]
    >>> (ferry["mode"], ferry["length_km"] > 400)
    ('ferry', np.True_)
    """
    dataset = project.dataset if isinstance(project, Project) else project
    present = {leg.corridor for leg in dataset.legs.values()}
    legs = {c: legs_frame(dataset, c) for c in CORRIDORS if c in present}
    return Layers(legs, nodes_frame(dataset))


def length_km(line: LineString) -> float:
    """Return the geodesic length of a lon/lat line on the WGS84 ellipsoid, in km.

    Examples
    --------
    >>> round(length_km(LineString([(49.8671, 40.3777), (51.1450, 43.6481)])), 1)
    378.3
    """
    return float(_GEOD.geometry_length(line)) / 1000.0


def legs_frame(network: Dataset, corridor: str | None = None) -> gpd.GeoDataFrame:
    """Shape and measure the legs of one corridor (or all) into a GeoDataFrame.

    Parameters
    ----------
    network
        The validated network.
    corridor
        Corridor id; ``None`` for every leg.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per leg, in source order, with the same columns whatever the corridor.

    Examples
    --------
    >>> from routes.loader import load_dataset
    >>> frame = legs_frame(load_dataset("geodata/sources"), "titr")
    >>> bool((frame["length_km"] > 0).all())
    True
    """
    legs = [leg for leg in network.legs.values() if corridor in (None, leg.corridor)]
    rows = [_leg_row(leg, network) for leg in legs]
    geometry = [leg_line(leg, network) for leg in legs]
    frame = pd.DataFrame(rows, columns=list(leg_columns()))
    frame["length_km"] = [round(length_km(line), 3) for line in geometry]
    frame["countries"] = [
        _countries(leg, line, network) for leg, line in zip(legs, geometry, strict=True)
    ]
    _add_derived(frame)
    return gpd.GeoDataFrame(_typed(frame), geometry=geometry, crs=CRS)


def nodes_frame(network: Dataset) -> gpd.GeoDataFrame:
    """Return every node as a point GeoDataFrame with the corridors that use it."""
    used: dict[str, list[str]] = {node_id: [] for node_id in network.nodes}
    for leg in network.legs.values():
        for node_id in (leg.from_node, leg.to_node):
            if leg.corridor not in used[node_id]:
                used[node_id].append(leg.corridor)
    rows = []
    for node in network.nodes.values():
        figures = network.figures_of(node.id)
        row: dict[str, object] = {
            "id": node.id,
            "name": node.name,
            "kind": node.kind,
            "country": node.country,
            "corridors": ";".join(used[node.id]) or None,
            "opening_year": node.opening_year,
        }
        row.update(_figure_fields(figures, NODE_FIGURE_COLUMNS))
        _source_urls(row, network, NODE_FIGURE_COLUMNS)
        row["note"] = node.note or None
        row["sources"] = _citations(network, [node.source, *(f.source for f in figures.values())])
        rows.append(row)
    geometry = [shapely.Point(node.lon, node.lat) for node in network.nodes.values()]
    frame = pd.DataFrame(rows, columns=list(node_columns()))
    return gpd.GeoDataFrame(_typed(frame), geometry=geometry, crs=CRS)


def leg_columns() -> tuple[str, ...]:
    """Return the attribute names of every leg layer, in order."""
    figures = [name for column in FIGURE_COLUMNS for name in _figure_names(column)]
    return (
        *LEG_TEXT,
        "opening_year",
        "operator",
        "from_node",
        "to_node",
        "countries",
        "length_km",
        *figures,
        "length_diff_pct",
        "length_note",
        "tonne_km_million",
        "utilisation",
        "geometry_accuracy",
        "status_source",
        "note",
        "sources",
    )


def node_columns() -> tuple[str, ...]:
    """Return the attribute names of the node layer, in order."""
    figures = [name for column in NODE_FIGURE_COLUMNS for name in _figure_names(column)]
    return (
        "id",
        "name",
        "kind",
        "country",
        "corridors",
        "opening_year",
        *figures,
        "note",
        "sources",
    )


def _figure_names(column: str) -> tuple[str, ...]:
    """Name the attributes of a figure: value, year, source, and a capacity's basis."""
    names = (column, f"{column}_year", f"{column}_source")
    return (*names, f"{column}_basis") if column in CAPACITY_COLUMNS else names


def _figure_fields(figures: dict[str, Figure], columns: Iterable[str]) -> dict[str, object]:
    fields: dict[str, object] = {}
    for column in columns:
        figure = figures.get(column)
        value, year, source, *basis = _figure_names(column)
        fields[value] = figure.normalised if figure else None
        fields[year] = figure.year if figure else None
        fields[source] = figure.source if figure else None
        if basis:
            fields[basis[0]] = figure.basis if figure else None
    return fields


def _leg_row(leg: Leg, network: Dataset) -> dict[str, object]:
    figures = network.figures_of(leg.id)
    row: dict[str, object] = {name: getattr(leg, name) for name in LEG_TEXT}
    row.update(
        opening_year=leg.opening_year,
        operator=leg.operator or None,
        from_node=leg.from_node,
        to_node=leg.to_node,
        geometry_accuracy=leg.geometry_accuracy,
        status_source=network.sources[leg.source].url,
        note=leg.note or None,
        length_note=leg.length_note or None,
        sources=_citations(
            network,
            [
                leg.source,
                *(key for key in leg.geometry_source.split(";") if key),
                *(f.source for f in figures.values()),
            ],
        ),
    )
    row.update(_figure_fields(figures, FIGURE_COLUMNS))
    _source_urls(row, network, FIGURE_COLUMNS)
    return row


def _source_urls(row: dict[str, object], network: Dataset, columns: Iterable[str]) -> None:
    """Replace the source ids of a row's figures by the documents' addresses."""
    for column in columns:
        source = row[f"{column}_source"]
        if isinstance(source, str):
            row[f"{column}_source"] = network.sources[source].url


def _add_derived(frame: pd.DataFrame) -> None:
    published = frame["length_km_published"].astype(float)
    frame["length_diff_pct"] = ((frame["length_km"] - published) / published * 100).round(1)
    volume = frame["volume_mt"].astype(float)
    frame["tonne_km_million"] = (volume * frame["length_km"]).round(1)
    frame["utilisation"] = (volume / frame["capacity_mt_per_year"].astype(float)).round(3)


def _countries(leg: Leg, line: LineString, network: Dataset) -> str:
    """List the countries a leg runs through, in travel order, as ``AZE;GEO``."""
    ends = [network.nodes[leg.from_node].country, network.nodes[leg.to_node].country]
    crossed: list[tuple[float, str]] = []
    if leg.mode in LAND_MODES:
        named = [xy for xy, label in zip(leg.shape, leg.shape_labels, strict=False) if label]
        for code, part, km in countries.inside(line):
            if code in ends or km < _MIN_CROSSING_KM:
                continue
            passes = any(
                countries.depth_km(shapely.Point(lon, lat), code) > NAMED_KM for lon, lat in named
            )
            if passes or countries.depth_km(part, code) > BORDER_KM:
                first = shapely.get_point(shapely.get_parts(part)[0], 0)
                crossed.append((line.project(first, normalized=True), code))
    ordered = [ends[0], *(code for _, code in sorted(crossed)), ends[1]]
    return ";".join(dict.fromkeys(ordered))


def _citations(network: Dataset, source_ids: Iterable[str]) -> str:
    """Return the cited documents as a JSON list, in first-cited order."""
    cited: list[Source] = [network.sources[s] for s in dict.fromkeys(source_ids)]
    return json.dumps(
        [
            {
                "title": s.title,
                "publisher": s.publisher or None,
                "url": s.url,
                "date": s.date or None,
                "accessed": s.accessed,
            }
            for s in cited
        ],
        ensure_ascii=False,
    )


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Give every column one stable type, whatever values a corridor happens to have."""
    years = {"opening_year", *(f"{column}_year" for column in FIGURE_COLUMNS)}
    for column in frame.columns:
        if column in years:
            frame[column] = frame[column].astype("Int32")
        elif column in ("length_km", "length_diff_pct", "tonne_km_million", "utilisation") or (
            column in FIGURE_COLUMNS
        ):
            frame[column] = frame[column].astype("float64")
        else:
            frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame
