"""Refine land legs to the real track with OpenStreetMap data, through OSMnx.

Each rail, road or power-line leg is snapped at both ends to the OSM network of
its kind, routed through the points that shape it, and replaced by the network
path only if the path stays within a tolerance of the drawn leg. Legs the data
does not cover, or whose path strays, are left as they are and reported.
"""

from __future__ import annotations

import bz2
import dataclasses
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import osmnx as ox
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Polygon

from routes import geometry, measure
from routes.errors import RoutesError
from routes.loader import LEG_COLUMNS, SHAPE_COLUMNS, SOURCE_COLUMNS
from routes.model import Dataset, Leg, Source
from routes.tables import read_text_rows, write_table

# OSM tags kept on the ways, beside OSMnx's defaults.
TAGS = ("railway", "gauge", "electrified", "usage", "name", "power", "service")
# Which OSM ways each land mode may follow.
WAYS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "rail": lambda tags: tags.get("railway") in ("rail", "narrow_gauge"),
    "road": lambda tags: "highway" in tags,
    "power_line": lambda tags: tags.get("power") in ("line", "minor_line"),
    "pipeline": lambda tags: tags.get("man_made") == "pipeline",
}
OVERPASS_FILTERS = {
    "rail": '["railway"~"^(rail|narrow_gauge)$"]',
    "road": '["highway"~"^(motorway|trunk|primary|secondary)$"]',
    "power_line": '["power"~"^(line|minor_line)$"]',
    "pipeline": '["man_made"="pipeline"]',
}
SNAP_KM = 5.0
# Refined shapes keep a vertex wherever the track bends by more than this.
KEEP_METRES = 25.0
_GEOD = Geod(ellps="WGS84")


class NoNetworkError(RoutesError):
    """The Overpass API could not be reached."""


@dataclass(frozen=True)
class Outcome:
    """What refinement did to one leg."""

    leg: str
    status: str  # refined | not covered | no path | strays
    old_km: float
    new_km: float | None
    deviation_km: float | None
    detail: str
    shape: tuple[tuple[float, float], ...] = ()


def load_osm(path: str | Path) -> nx.MultiDiGraph:
    """Read an OSM XML file (``.osm`` or ``.osm.bz2``) as an OSMnx graph with rail tags."""
    _keep_tags()
    return ox.graph_from_xml(path, bidirectional=True, simplify=False, retain_all=True)


def osm_date(path: str | Path) -> str:
    """Return the date of an OSM extract: its ``osm_base`` stamp, else its newest element."""
    text = Path(path).read_bytes()
    if str(path).endswith(".bz2"):
        text = bz2.decompress(text)
    head = text[:4000].decode("utf-8", "replace")
    base = re.search(r'osm_base="(\d{4}-\d{2}-\d{2})', head)
    if base:
        return str(base.group(1))
    stamps: list[bytes] = re.findall(rb'timestamp="(\d{4}-\d{2}-\d{2})', text)
    if not stamps:
        raise RoutesError(f"{path}: no osm_base or timestamp to date the OSM data by")
    return max(stamps).decode()


def download(legs: list[Leg], network: Dataset, buffer_km: float) -> nx.MultiDiGraph:
    """Fetch the OSM ways around the legs from the Overpass API (cached by OSMnx).

    Raises
    ------
    NoNetworkError
        When the Overpass API cannot be reached; nothing is changed then.
    """
    _keep_tags()
    ox.settings.use_cache = True
    graphs = []
    for mode in sorted({leg.mode for leg in legs}):
        lines = [geometry.leg_line(leg, network) for leg in legs if leg.mode == mode]
        area = _buffer(shapely.union_all(lines), buffer_km)
        try:
            graphs.append(
                ox.graph_from_polygon(
                    area,
                    custom_filter=OVERPASS_FILTERS[mode],
                    simplify=False,
                    retain_all=True,
                )
            )
        except OSError as error:  # requests' connection errors are OSErrors
            raise NoNetworkError(
                f"the Overpass API could not be reached ({type(error).__name__}); "
                "no network? nothing was changed"
            ) from None
    return nx.compose_all(graphs)


def refine_leg(leg: Leg, network: Dataset, osm: nx.MultiDiGraph, tolerance_km: float) -> Outcome:
    """Follow the OSM network along one leg, if it covers the leg and stays near it."""
    drawn = geometry.leg_line(leg, network)
    old_km = round(measure.length_km(drawn), 3)
    ways = _ways(osm, leg.mode)
    if ways.number_of_edges() == 0:
        return Outcome(leg.id, "not covered", old_km, None, None, f"no {leg.mode} ways in the data")
    start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
    stops = [(start.lon, start.lat), *leg.shape, (end.lon, end.lat)]
    snapped = []
    for lon, lat in stops:
        node, km = _nearest(ways, lon, lat)
        if km > SNAP_KM:
            return Outcome(
                leg.id,
                "not covered",
                old_km,
                None,
                None,
                f"no {leg.mode} way within {SNAP_KM:g} km of ({lon:g}, {lat:g})",
            )
        snapped.append(node)
    path: list[int] = [snapped[0]]
    for a, b in itertools.pairwise(snapped):
        if a == b:
            continue
        try:
            part = nx.shortest_path(ways, a, b, weight="length")
        except nx.NetworkXNoPath:
            return Outcome(leg.id, "no path", old_km, None, None, "the OSM ways have a gap")
        path.extend(part[1:])
    coords = [(ways.nodes[n]["x"], ways.nodes[n]["y"]) for n in path]
    # The leg keeps its own end nodes; the track is joined to them.
    line = LineString([stops[0], *coords, stops[-1]])
    deviation = _max_deviation_km(line, drawn)
    if deviation > tolerance_km:
        return Outcome(
            leg.id,
            "strays",
            old_km,
            None,
            round(deviation, 3),
            f"the network path leaves the drawn leg by {deviation:.1f} km"
            f" (tolerance {tolerance_km:g} km)",
        )
    kept = _thin(line)
    new_km = round(measure.length_km(geometry.densify(kept)), 3)
    return Outcome(
        leg.id,
        "refined",
        old_km,
        new_km,
        round(deviation, 3),
        "follows the OSM track",
        tuple(kept[1:-1]),
    )


def refined_network(network: Dataset, outcomes: list[Outcome], source: Source) -> Dataset:
    """Return the network with the refined legs' shapes replaced and the OSM source cited."""
    legs = dict(network.legs)
    for outcome in outcomes:
        if outcome.status == "refined":
            legs[outcome.leg] = dataclasses.replace(
                legs[outcome.leg],
                shape=outcome.shape,
                geometry_accuracy="surveyed",
                source=source.id,
            )
    return dataclasses.replace(network, legs=legs, sources={**network.sources, source.id: source})


def osm_source(path: str | Path, date: str) -> Source:
    """Return the citation of an OSM extract."""
    name = Path(path).name
    ident = "osm_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return Source(
        ident,
        f"OpenStreetMap data ({name})",
        "OpenStreetMap contributors",
        "https://www.openstreetmap.org/copyright",
        date,
        date,
    )


def write_sources(folder: Path, outcomes: list[Outcome], source: Source) -> None:
    """Keep the refined shapes: rewrite shapes.csv and legs.csv, cite the OSM data.

    A normal offline ``routes build`` then reproduces the refined geometry.
    """
    refined = {o.leg: o for o in outcomes if o.status == "refined"}
    columns = {"shapes.csv": SHAPE_COLUMNS, "legs.csv": LEG_COLUMNS, "sources.csv": SOURCE_COLUMNS}
    tables = {name: read_text_rows(folder / name, spec) for name, spec in columns.items()}
    shapes = [row for row in tables["shapes.csv"] if row["leg"] not in refined]
    for leg, outcome in refined.items():
        for seq, (lon, lat) in enumerate(outcome.shape, 1):
            shapes.append(
                {"leg": leg, "seq": str(seq), "lon": f"{lon:.6f}", "lat": f"{lat:.6f}", "label": ""}
            )
    legs = []
    for row in tables["legs.csv"]:
        if row["id"] in refined:
            row = {**row, "geometry_accuracy": "surveyed", "source": source.id}
        legs.append(row)
    cited = [row for row in tables["sources.csv"] if row["id"] != source.id]
    cited.append(dataclasses.asdict(source))
    for name, rows in (("shapes.csv", shapes), ("legs.csv", legs), ("sources.csv", cited)):
        write_table(folder / name, [column.name for column in columns[name]], rows)


def _keep_tags() -> None:
    ox.settings.useful_tags_way = sorted(set(ox.settings.useful_tags_way) | set(TAGS))


def _ways(osm: nx.MultiDiGraph, mode: str) -> nx.MultiDiGraph:
    keep = WAYS.get(mode)
    if keep is None:
        return osm.edge_subgraph([])
    edges = [(u, v, k) for u, v, k, data in osm.edges(keys=True, data=True) if keep(data)]
    return osm.edge_subgraph(edges)


def _nearest(ways: nx.MultiDiGraph, lon: float, lat: float) -> tuple[int, float]:
    node, metres = ox.distance.nearest_nodes(ways, lon, lat, return_dist=True)
    return int(node), float(metres) / 1000.0


def _local(line: LineString) -> Transformer:
    centre = line.centroid
    return Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +units=m", always_xy=True
    )


def _max_deviation_km(line: LineString, drawn: LineString) -> float:
    """Return how far the new line gets from the drawn leg, in km (local equidistant plane)."""
    project = _local(drawn)
    new = shapely.transform(line, lambda xy: _xy(project, xy))
    old = shapely.transform(drawn, lambda xy: _xy(project, xy))
    return float(new.hausdorff_distance(old)) / 1000.0


def _thin(line: LineString) -> list[tuple[float, float]]:
    """Drop vertices that move the line by less than KEEP_METRES, keeping both ends."""
    project = _local(line)
    flat = shapely.transform(line, lambda xy: _xy(project, xy))
    kept = flat.simplify(KEEP_METRES, preserve_topology=False)
    back = shapely.transform(kept, lambda xy: _xy(project, xy, inverse=True))
    return [(round(x, 6), round(y, 6)) for x, y in back.coords]


def _xy(
    project: Transformer, xy: npt.NDArray[np.float64], inverse: bool = False
) -> npt.NDArray[np.float64]:
    array = np.asarray(xy)
    direction = "INVERSE" if inverse else "FORWARD"
    x, y = project.transform(array[:, 0], array[:, 1], direction=direction)
    return np.column_stack([x, y])


def _buffer(geom: shapely.Geometry, km: float) -> Polygon:
    project = _local(geom)
    flat = shapely.transform(geom, lambda xy: _xy(project, xy)).buffer(km * 1000)
    return shapely.transform(flat, lambda xy: _xy(project, xy, inverse=True))
