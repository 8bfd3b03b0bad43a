"""Refine land legs to the real track with OpenStreetMap data.

The OSM ways a leg's mode can follow are streamed out of an extract (``.osm.pbf``,
``.osm``, ``.osm.bz2``) by :mod:`routes.osmfile`, keeping only those within a
buffer of the legs. They make one OSMnx-style graph per mode, with a spatial
index of its nodes for snapping. Each rail, road, power-line or pipeline leg is
snapped at both ends and at its shape points to the graph of its mode, routed
through them within the leg's own buffer, and replaced by the network path only
if the path stays within a tolerance of the drawn leg. Legs the data does not
cover, or whose path strays, are left as they are and reported.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import itertools
import json
import re
import socket
import threading
import urllib.parse
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import osmnx as ox
import shapely
import shapely.geometry
import shapely.ops
from pyproj import Geod, Transformer
from rapidfuzz import process
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree
from shapely.geometry import LineString, Polygon

from routes import geometry, measure, osmfile, routing
from routes.errors import RoutesError
from routes.loader import LEG_COLUMNS, SHAPE_COLUMNS, SOURCE_COLUMNS
from routes.model import Dataset, Leg, Source
from routes.tables import read_text_rows, write_table
from routes.vocabulary import LAND_MODES, MODES, STATUSES


def _follows(mode: str, tags: Mapping[str, Any]) -> bool:
    """Return whether a leg of ``mode`` may follow a way (or edge) with these tags."""
    return osmfile.mode_of(tags) == mode


# OSM tags kept on the ways, beside OSMnx's defaults.
TAGS = osmfile.KEPT_TAGS
# Which OSM ways each land mode may follow.
WAYS: dict[str, Callable[[dict[str, Any]], bool]] = {
    mode: functools.partial(_follows, mode) for mode in LAND_MODES
}
OVERPASS_FILTERS = {mode: MODES[mode].overpass for mode in LAND_MODES}
SNAP_KM = 5.0
# A station this near a refined line is one it passes.
STATION_KM = 3.0
# A refined leg may be this much longer than the track between its ends, no more.
MAX_DETOUR = 1.02
DEFAULT_TOLERANCE_KM = 10.0
# Where no path joins a leg's stops, a way's loose end this near another part of
# the network is joined to it (exports often lose the node two ways share).
BRIDGE_KM = 1.5
# Refined shapes keep a vertex wherever the track bends by more than this.
KEEP_METRES = 25.0
# How long `--overpass` waits for the Overpass server to answer a connection.
CONNECT_SECONDS = 5.0
# Legs still being built may follow track under construction or proposed.
UNBUILT_STATUSES = tuple(status for status in STATUSES if status != "operating")
_GEOD = Geod(ellps="WGS84")
_ECEF = Transformer.from_crs("EPSG:4326", "EPSG:4978", always_xy=True)


class NoNetworkError(RoutesError):
    """The Overpass API could not be reached."""


class UnknownCorridorError(RoutesError):
    """A corridor name that no leg has."""


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
    # a label for each shape point (the stations it passes), and how it was drawn
    labels: tuple[str, ...] = ()
    accuracy: str = "surveyed"


@dataclass(eq=False)
class OsmData:
    """The OSM ways kept around the legs, and their citation.

    Attributes
    ----------
    extract
        The kept ways and nodes (what ``--write-sources`` clips to files).
    source
        The citation of the extract.
    """

    extract: osmfile.Extract
    source: Source

    @functools.cached_property
    def graphs(self) -> dict[str, nx.MultiDiGraph]:
        """One OSMnx-style ``MultiDiGraph`` per mode of the kept ways (made when asked for)."""
        return graphs(self.extract)


def buffer_km(tolerance_km: float) -> float:
    """Return how far around a leg OSM ways are kept and routed through, in km.

    Twice the tolerance, so that a path that strays is still found and reported
    as straying; at least the snapping distance.
    """
    return max(2.0 * tolerance_km, SNAP_KM)


def leg_area(leg: Leg, network: Dataset, km: float) -> Polygon:
    """Return the buffer of ``km`` around the drawn leg, in lon/lat (prepared)."""
    start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
    return _leg_area(leg, (start.lon, start.lat), (end.lon, end.lat), km)


@functools.lru_cache(maxsize=1024)
def _leg_area(leg: Leg, start: tuple[float, float], end: tuple[float, float], km: float) -> Polygon:
    """Buffer of a leg with these end positions (cached: reading and routing both need it)."""
    area = _buffer(geometry.densify([start, *leg.shape, end]), km)
    shapely.prepare(area)
    return area


def load(
    path: str | Path, legs: list[Leg], network: Dataset, tolerance_km: float = DEFAULT_TOLERANCE_KM
) -> OsmData:
    """Read the OSM ways the legs can follow from an extract, clipped to their buffers.

    Parameters
    ----------
    path
        An ``.osm.pbf``, ``.osm`` or ``.osm.bz2`` extract, or a clipped file
        written by :func:`write_extracts`.
    legs
        The legs to refine; their corridors label the ways kept near them.
    network
        The network the legs belong to.
    tolerance_km
        The tolerance the legs will be refined with (sets the buffer).

    Returns
    -------
    OsmData
        The graphs and the citation.

    Raises
    ------
    osmfile.OsmFileError
        If the file is missing or unreadable.
    osmfile.NoUsableWaysError
        If it holds no way a land leg could follow.
    """
    areas: dict[str, list[tuple[str, Polygon]]] = {}
    for leg in legs:
        if leg.mode in WAYS:
            areas.setdefault(leg.mode, []).append(
                (leg.corridor, leg_area(leg, network, buffer_km(tolerance_km)))
            )
    extract = osmfile.read(path, areas)
    return OsmData(extract, osm_source(extract.name, extract.date))


def load_lines(
    path: str | Path,
    legs: list[Leg],
    network: Dataset,
    source: Source,
    tolerance_km: float = DEFAULT_TOLERANCE_KM,
) -> OsmData:
    """Read a GeoJSON file of railway lines (Natural Earth's, say) as rail ways to follow.

    Lines whose ends meet (within about 100 m: generalised lines do not always
    share the point exactly) are joined there, as OSM ways share a node.
    """
    ids: dict[tuple[float, float], int] = {}
    ways = []
    for number, (_, line) in enumerate(read_lines(path), 1):
        refs = []
        coords = list(line.coords)
        for index, (x, y) in enumerate(coords):
            end = index in (0, len(coords) - 1)
            key = (round(x, 3), round(y, 3)) if end else (round(x, 6), round(y, 6))
            refs.append(ids.setdefault(key, -(len(ids) + 1)))
        ways.append(osmfile.Way(-number, tuple(refs), {"railway": "rail"}, "rail"))
    nodes = {ref: key for key, ref in ids.items()}
    areas = [
        (leg.corridor, leg_area(leg, network, buffer_km(tolerance_km)))
        for leg in legs
        if leg.mode == "rail"
    ]
    kept = osmfile.clip(ways, nodes, {"rail": areas})
    used = {ref for way in kept for ref in way.nodes}
    locations = osmfile.Locations.of({ref: nodes[ref] for ref in used})
    extract = osmfile.Extract(Path(path), Path(path).name, source.date, kept, locations)
    return OsmData(extract, source)


def through_stations(
    outcome: Outcome,
    leg: Leg,
    network: Dataset,
    stations: list[tuple[str, str, float, float]],
    within_km: float = STATION_KM,
) -> Outcome:
    """Run a refined leg through every station near its line, in order, labelled.

    Each station within ``within_km`` of the refined line (and not at the leg's
    ends) becomes a shape point labelled ``osm:<id> <name>``; the line's own
    vertices closer than ``within_km`` along the line to a station are dropped,
    so the drawing passes through the station rather than beside it.
    """
    if outcome.status != "refined":
        return outcome
    start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
    line = LineString([(start.lon, start.lat), *outcome.shape, (end.lon, end.lat)])
    project = _local(line)
    flat = shapely.transform(line, lambda xy: _xy(project, xy))
    metres = within_km * 1000.0
    found = []
    for key, name, lon, lat in stations:
        point = shapely.transform(shapely.Point(lon, lat), lambda xy: _xy(project, xy))
        along = flat.project(point)
        if flat.distance(point) <= metres and metres < along < flat.length - metres:
            found.append((along, (round(lon, 6), round(lat, 6)), f"osm:{key} {name}"))
    if not found:
        return outcome
    found.sort()
    vertices = [
        (flat.project(shapely.transform(shapely.Point(xy), lambda c: _xy(project, c))), xy, "")
        for xy in outcome.shape
    ]
    kept = [v for v in vertices if all(abs(v[0] - f[0]) > metres for f in found)]
    points = sorted([*kept, *found], key=lambda item: item[0])
    shape = tuple(xy for _, xy, _ in points)
    new_km = round(
        measure.length_km(geometry.densify([line.coords[0], *shape, line.coords[-1]])), 3
    )
    detail = f"follows the line through {len(found)} stations"
    return dataclasses.replace(
        outcome,
        new_km=new_km,
        detail=detail,
        shape=shape,
        labels=tuple(label for _, _, label in points),
        accuracy="stations",
    )


def along_lines(
    leg: Leg,
    network: Dataset,
    data: OsmData,
    stations: list[tuple[str, str, float, float]],
    tolerance_km: float,
) -> Outcome:
    """Draw a rail leg along generalised lines (:func:`load_lines`) through the stations near.

    A leg that passes stations becomes ``stations``. A generalised line alone is
    no better than ``indicative``: it replaces only an indicative drawing, and a
    leg already drawn through its stations keeps that drawing (status ``kept``).
    """
    outcome = refine_leg(leg, network, data, tolerance_km, loose=True)
    if outcome.status != "refined":
        return outcome
    outcome = through_stations(outcome, leg, network, stations)
    if any(outcome.labels):
        return dataclasses.replace(outcome, accuracy="stations")
    if leg.geometry_accuracy != "indicative":
        detail = f"no station near the line: its {leg.geometry_accuracy} drawing stays"
        return dataclasses.replace(outcome, status="kept", detail=detail)
    return dataclasses.replace(outcome, accuracy="indicative")


def via_stations(
    leg: Leg,
    network: Dataset,
    stations: list[tuple[str, str, float, float]],
    names: list[str],
    tolerance_km: float,
) -> Outcome:
    """Draw a leg where no track is at hand: straight from station to station, in order.

    Each name (or ``osm:<id>``) is looked up among the station points, spelling
    folded as the ``route`` command folds it; where several stations share a name,
    the one nearest the drawn leg is taken. The shape points are labelled
    ``osm:<id> <name>`` and the leg becomes ``stations``.

    Raises
    ------
    RoutesError
        If a name matches no station (the nearest spellings are suggested).
    """
    drawn = geometry.leg_line(leg, network)
    old_km = round(measure.length_km(drawn), 3)
    project = _local(drawn)
    flat = shapely.transform(drawn, lambda xy: _xy(project, xy))

    def off_leg(station: tuple[str, str, float, float]) -> float:
        point = shapely.Point(_xy(project, np.array([station[2:]]))[0])
        return float(flat.distance(point))

    by_name: dict[str, list[tuple[str, str, float, float]]] = {}
    for station in stations:
        by_name.setdefault(routing.fold_name(station[1]), []).append(station)
        by_name.setdefault(f"osm:{station[0]}", []).append(station)
    chosen, unknown = [], []
    for name in names:
        wanted = name.strip() if name.strip().startswith("osm:") else routing.fold_name(name)
        found = by_name.get(wanted)
        if found:
            chosen.append(min(found, key=off_leg))
        else:
            unknown.append(name)
    if unknown:
        known = sorted({station[1] for station in stations})
        hints = [
            f"{name!r} (nearest: {', '.join(m[0] for m in process.extract(name, known, limit=3))})"
            for name in unknown
        ]
        raise RoutesError(f"no station of that name: {'; '.join(hints)}")
    start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
    points = [(round(lon, 6), round(lat, 6)) for _, _, lon, lat in chosen]
    line = LineString([(start.lon, start.lat), *points, (end.lon, end.lat)])
    outcome = _outcome(
        leg, line, drawn, old_km, tolerance_km, "the stations' line", "runs through the stations"
    )
    if outcome.status != "refined":
        return outcome
    new_km = round(measure.length_km(geometry.densify(list(line.coords))), 3)
    return dataclasses.replace(
        outcome,
        new_km=new_km,
        detail=f"runs through {len(chosen)} station{'' if len(chosen) == 1 else 's'}",
        shape=tuple(points),
        labels=tuple(f"osm:{key} {name}" for key, name, _, _ in chosen),
        accuracy="stations",
    )


def read_stations(path: str | Path, halts: bool = False) -> list[tuple[str, str, float, float]]:
    """Read station points (OSM nodes) as ``(id, name, lon, lat)`` from a GeoJSON file.

    Reads the exports of OSM stations at hand: Overpass (``osm_node``, ``railway``)
    and Geofabrik's free layer (``osm_id``, ``osm_fclass``).

    Parameters
    ----------
    path
        The GeoJSON file.
    halts
        Also read halts and passing loops (``railway=halt``), not only stations.

    Raises
    ------
    OsmFileError
        If the file cannot be read as GeoJSON points.
    """
    try:
        points = [
            (feature["properties"], feature["geometry"]["coordinates"][:2])
            for feature in json.loads(Path(path).read_text(encoding="utf-8"))["features"]
        ]
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise osmfile.OsmFileError(f"{path}: not a GeoJSON file of points ({error})") from None
    kinds = ("station", "halt") if halts else ("station",)
    stations = []
    for properties, (lon, lat) in points:
        key = next(
            (properties[k] for k in ("osm_node", "osm_node_id", "osm_id") if properties.get(k)), ""
        )
        name = properties.get("name_en") or properties.get("name") or ""
        kind = properties.get("railway") or str(properties.get("osm_fclass", "station"))
        if kind.removeprefix("railway_") in kinds:
            stations.append((str(key), str(name), float(lon), float(lat)))
    return stations


def load_osm(path: str | Path) -> nx.MultiDiGraph:
    """Read every usable way of an OSM file as one OSMnx-style graph (all modes).

    Parameters
    ----------
    path
        An ``.osm.pbf``, ``.osm`` or ``.osm.bz2`` file.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes with ``x``, ``y``; an edge each way along every way segment with
        ``osmid``, ``length`` (geodesic metres) and the way's tags.
    """
    extract = osmfile.read(path)
    return nx.compose_all(graphs(extract).values())


def osm_date(path: str | Path) -> str:
    """Return the date of an OSM extract: its replication or ``osm_base`` stamp.

    Falls back on the newest timestamp of its usable ways.
    """
    return osmfile.read(path).date


def graphs(extract: osmfile.Extract) -> dict[str, nx.MultiDiGraph]:
    """Return one OSMnx-style graph per mode of the extract's ways.

    Ways are added by increasing id, so that the graph (and the tie-breaks of
    shortest paths) do not depend on the order of the file.
    """
    made: dict[str, nx.MultiDiGraph] = {}
    for mode in sorted({way.mode for way in extract.ways}):
        ways = [way for way in extract.ways if way.mode == mode]
        graph = nx.MultiDiGraph(
            crs="epsg:4326",
            created_with=f"OSMnx {ox.__version__} via routes.refine",
            created_date=extract.date,
            source=extract.name,
        )
        refs = [ref for way in ways for ref in way.nodes]
        graph.add_nodes_from(
            (ref, {"x": extract.nodes[ref][0], "y": extract.nodes[ref][1]})
            for ref in dict.fromkeys(refs)
        )
        pairs = [(a, b) for way in ways for a, b in itertools.pairwise(way.nodes)]
        lon1, lat1 = np.array([extract.nodes[a] for a, _ in pairs]).T
        lon2, lat2 = np.array([extract.nodes[b] for _, b in pairs]).T
        lengths = _GEOD.inv(lon1, lat1, lon2, lat2)[2]
        index = 0
        for way in ways:
            attributes = {**way.tags, "osmid": way.id, "oneway": False}
            for a, b in itertools.pairwise(way.nodes):
                length = round(float(lengths[index]), 3)
                index += 1
                graph.add_edge(a, b, **attributes, reversed=False, length=length)
                graph.add_edge(b, a, **attributes, reversed=True, length=length)
        made[mode] = graph
    return made


def download(legs: list[Leg], network: Dataset, buffer_km: float) -> nx.MultiDiGraph:
    """Fetch the OSM ways around the legs from the Overpass API (cached by OSMnx).

    Raises
    ------
    NoNetworkError
        When the Overpass API cannot be reached (within :data:`CONNECT_SECONDS`
        for the first connection); nothing is changed then.
    """
    _keep_tags()
    ox.settings.use_cache = True
    graphs = []
    modes = sorted({leg.mode for leg in legs if leg.mode in OVERPASS_FILTERS})
    if modes:
        _check_connection(ox.settings.overpass_url)
    for mode in modes:
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
    return nx.compose_all(graphs) if graphs else nx.MultiDiGraph(crs="epsg:4326")


def _check_connection(url: str) -> None:
    """Raise NoNetworkError unless the server of ``url`` accepts a connection in time."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    failure: list[str] = [f"no answer within {CONNECT_SECONDS:g} s"]

    def connect() -> None:
        try:
            socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
            failure.clear()
        except OSError as error:
            failure[0] = type(error).__name__

    # Name resolution has no timeout of its own: wait for it in a thread.
    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(CONNECT_SECONDS + 1.0)
    if failure:
        raise NoNetworkError(
            f"the Overpass API at {host} could not be reached ({failure[0]}); "
            "no network? nothing was changed"
        )


@dataclass(frozen=True)
class _Area:
    """The part of a router's network a leg may use, as a graph of its own.

    Attributes
    ----------
    inner
        The router's indexes of the nodes in the area.
    position
        For each router node, its index in the area (-1 outside).
    matrix
        The segments between the area's nodes (metres), both ways.
    joins
        The gaps joined, as pairs of router indexes (see :meth:`Router.area`).
    """

    inner: npt.NDArray[np.int64]
    position: npt.NDArray[np.int64]
    matrix: csr_array
    joins: frozenset[tuple[int, int]] = frozenset()


class Router:
    """Snapping and shortest paths on the ways of one mode.

    The nodes are indexed in a k-d tree of their earth-centred coordinates, where
    the straight-line distance never exceeds the geodesic one; candidates are then
    ranked by geodesic distance (pyproj). Shortest paths are searched by SciPy's
    Dijkstra on a sparse matrix of the segments' geodesic lengths, limited to the
    nodes a leg may use.

    Parameters
    ----------
    ids
        The node ids, in a canonical order (first use by ways of increasing id).
    lon, lat
        Their locations.
    segments
        ``(i, j, metres)`` rows: node indexes of a way segment and its length.
    built
        Whether each segment's way is in use (not under construction or
        proposed), for :meth:`in_use`; None if not known.
    """

    def __init__(
        self,
        ids: npt.NDArray[np.int64],
        lon: npt.NDArray[np.float64],
        lat: npt.NDArray[np.float64],
        segments: npt.NDArray[np.float64],
        built: npt.NDArray[np.bool_] | None = None,
    ) -> None:
        self.ids = ids
        self.lon = lon
        self.lat = lat
        self.xyz = _ecef(lon, lat)
        self.tree = cKDTree(self.xyz) if len(ids) else None
        self.matrix = _matrix(segments, len(ids))
        self.segments = segments
        self.built = built
        # the nodes a leg may snap to and pass (all, but in :meth:`in_use`)
        self.usable = np.ones(len(ids), dtype=np.bool_)

    @classmethod
    def from_extract(cls, extract: osmfile.Extract, mode: str) -> Router:
        """Return the router of one mode's ways of an extract (see :meth:`in_use`)."""
        ways = [way for way in extract.ways if way.mode == mode]
        refs, starts = osmfile.node_refs(ways)
        # node indexes in order of first use; each way's segments join its consecutive nodes
        unique, first, index = np.unique(refs, return_index=True, return_inverse=True)
        by_use = np.argsort(first, kind="stable")
        rank = np.empty(len(unique), dtype=np.int64)
        rank[by_use] = np.arange(len(unique))
        ids, index = unique[by_use], rank[index]
        at = extract.locations.index(ids)
        xy = np.column_stack([extract.locations.lon[at], extract.locations.lat[at]])
        follows = np.ones(len(refs), dtype=np.bool_)
        follows[starts] = False
        pairs = np.column_stack([index[:-1], index[1:]])[follows[1:]] if len(refs) else index
        # whether each segment's way is in use, spread from ways to their nodes
        built_ways = np.array([osmfile.is_built(way.tags) for way in ways], dtype=np.bool_)
        sizes = np.diff(np.append(starts, len(refs)))
        built = np.repeat(built_ways, sizes)[1:][follows[1:]] if len(refs) else built_ways
        return cls(ids, xy[:, 0], xy[:, 1], _segments(xy, pairs.reshape(-1, 2)), built)

    def in_use(self) -> Router:
        """Return the router on the same nodes without the ways not in use.

        Only the nodes of ways in use stay usable; keeping the others' indexes
        spares a second tree and keeps node indexes shared between the two.
        """
        if self.built is None:
            return self
        router = copy.copy(self)
        kept = self.segments[self.built]
        router.matrix = _matrix(kept, len(self.ids))
        router.usable = np.zeros(len(self.ids), dtype=np.bool_)
        router.usable[kept[:, :2].astype(np.int64).ravel()] = True
        router.built = None
        return router

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph, mode: str, built_only: bool) -> Router:
        """Return the router of one mode's edges of an OSMnx graph."""
        keep = WAYS[mode]
        edges = [
            (u, v)
            for u, v, data in graph.edges(data=True)
            if keep(data) and (not built_only or osmfile.is_built(data))
        ]
        order = {
            node: index
            for index, node in enumerate(dict.fromkeys(node for edge in edges for node in edge))
        }
        ids = np.fromiter(order, dtype=np.int64, count=len(order))
        xy = np.array(
            [(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in order], dtype=np.float64
        ).reshape(-1, 2)
        pairs = np.array([(order[u], order[v]) for u, v in edges], dtype=np.int64).reshape(-1, 2)
        return cls(ids, xy[:, 0], xy[:, 1], _segments(xy, pairs))

    def inside(self, area: Polygon) -> npt.NDArray[np.bool_]:
        """Return which usable nodes lie in ``area``."""
        return (
            np.asarray(shapely.contains_xy(area, self.lon, self.lat), dtype=np.bool_) & self.usable
        )

    def snap(
        self, points: list[tuple[float, float]], allowed: npt.NDArray[np.bool_]
    ) -> list[tuple[int, float] | None]:
        """Return, for each (lon, lat), the nearest allowed node within SNAP_KM and its km.

        Candidates come from the k-d tree (chord order, which is the geodesic
        order at these distances) and are ranked by geodesic distance; a point
        whose nearest nodes are all disallowed looks further.
        """
        found: list[tuple[int, float] | None] = [None] * len(points)
        if self.tree is None or not points:
            return found
        lon, lat = (np.array(values, dtype=np.float64) for values in zip(*points, strict=True))
        pairs = [
            (np.full(len(near), row), near)
            for row, near in _nearest(
                self.tree, _ecef(lon, lat), SNAP_KM, lambda _, near: allowed[near]
            )
        ]
        if not pairs:
            return found
        rows, nodes = (np.concatenate(column) for column in zip(*pairs, strict=True))
        metres = _GEOD.inv(lon[rows], lat[rows], self.lon[nodes], self.lat[nodes])[2]
        # for each point the nearest; of equal distances, the lowest node index
        order = np.lexsort((nodes, metres, rows))
        _, first = np.unique(rows[order], return_index=True)
        for best in order[first]:
            if metres[best] <= SNAP_KM * 1e3:
                found[int(rows[best])] = int(nodes[best]), float(metres[best]) / 1e3
        return found

    def area(self, allowed: npt.NDArray[np.bool_], join_gaps: bool = False) -> _Area:
        """Return the network on the allowed nodes, with its gaps joined if asked.

        A gap is joined where a way's loose end lies within :data:`BRIDGE_KM` of
        a node of another part of the network: exports that lost the node two
        ways share have such gaps. The end joins the nearest such node.
        """
        inner = np.flatnonzero(allowed)
        position = np.full(len(self.ids), -1, dtype=np.int64)
        position[inner] = np.arange(len(inner))
        matrix = self.matrix[inner][:, inner]
        if not join_gaps or not len(inner):
            return _Area(inner, position, matrix)
        _, part = connected_components(matrix, directed=False)
        # a loose end has one neighbour (the matrix holds each segment both ways, once)
        ends = np.flatnonzero(np.diff(matrix.indptr) == 1)
        tree = cKDTree(self.xyz[inner])
        joins = set()

        def other_part(
            rows: npt.NDArray[np.int64], near: npt.NDArray[np.int64]
        ) -> npt.NDArray[np.bool_]:
            return np.asarray(part[near] != part[ends[rows]][:, None])

        for row, near in _nearest(tree, self.xyz[inner[ends]], BRIDGE_KM, other_part):
            end, nearest = int(ends[row]), int(near[0])
            joins.add((min(end, nearest), max(end, nearest)))
        pairs = np.array(sorted(joins), dtype=np.int64).reshape(-1, 2)
        xy = np.column_stack([self.lon[inner], self.lat[inner]])
        segments = np.concatenate([_segments(xy, pairs), _triples(matrix)])
        joined = frozenset((int(inner[a]), int(inner[b])) for a, b in pairs)
        return _Area(inner, position, _matrix(segments, len(inner)), joined)

    def paths(self, stops: list[int], area: _Area) -> list[int] | None:
        """Return the shortest path through the stops (node indexes) in an area, if any.

        Two stops a segment joins need no search (a geodesic segment is never
        longer than another way between its ends). The other searches are first
        held to a few times the distance between their stops (a search so held
        finds the same shortest path whenever it finds one), then run without
        limit for the stops not yet joined; searches held alike run as one.
        """
        matrix, position, inner = area.matrix, area.position, area.inner
        steps = [
            (int(position[a]), int(position[b])) for a, b in itertools.pairwise(stops) if a != b
        ]
        searched = [
            (start, step)
            for start, step in steps
            if step not in matrix.indices[matrix.indptr[start] : matrix.indptr[start + 1]]
        ]
        previous: dict[tuple[int, int], npt.NDArray[np.int32]] = {}
        # searches held alike run as one: limits rounded up to a power of two metres
        held: dict[float, list[tuple[int, int]]] = {}
        for a, b in searched:
            near = 3.0 * float(np.linalg.norm(self.xyz[inner[b]] - self.xyz[inner[a]])) + 2000.0
            held.setdefault(2.0 ** np.ceil(np.log2(near)), []).append((a, b))
        for limit, pairs in [*sorted(held.items()), (np.inf, searched)]:
            todo = [pair for pair in pairs if pair not in previous]
            starts = sorted({start for start, _ in todo})
            if not starts:
                continue
            _, found = dijkstra(
                matrix, directed=True, indices=starts, return_predecessors=True, limit=limit
            )
            rows = {start: row for row, start in enumerate(starts)}
            for start, step in todo:
                if found[rows[start], step] >= 0:
                    previous[start, step] = found[rows[start]]
        if len(previous) < len(set(searched)):
            return None
        path = [stops[0]]
        for start, step in steps:
            if (start, step) not in previous:
                path.append(int(inner[step]))
                continue
            back, node, before = [], step, previous[start, step]
            while node != start:
                back.append(int(inner[node]))
                node = int(before[node])
            path.extend(reversed(back))
        return path


def _nearest(
    tree: cKDTree,
    xyz: npt.NDArray[np.float64],
    km: float,
    usable: Callable[[npt.NDArray[np.int64], npt.NDArray[np.int64]], npt.NDArray[np.bool_]],
) -> Iterator[tuple[int, npt.NDArray[np.int64]]]:
    """Yield, for each point that has some, its usable tree nodes within ``km``, nearest first.

    ``usable(rows, near)`` tells which of the points' (``rows``) nearest nodes
    (``near``, one row per point) may be taken. Points whose nearest nodes are
    all unusable look further, until none is left within reach.
    """
    size = tree.n
    rows = np.arange(len(xyz))
    count = 16
    while len(rows):
        count = min(count, size)
        _, near = tree.query(xyz[rows], k=count, distance_upper_bound=km * 1e3)
        near = near.reshape(len(rows), count)
        reached = near < size
        ok = reached & usable(rows, np.where(reached, near, 0))
        for row in np.flatnonzero(ok.any(axis=1)):
            yield int(rows[row]), near[row][ok[row]]
        further = ~ok.any(axis=1) & reached[:, -1]
        rows = rows[further] if count < size else rows[:0]
        count *= 8


def _matrix(segments: npt.NDArray[np.float64], size: int) -> csr_array:
    """Return the sparse matrix of segments, both ways; of parallel ones the shortest."""
    i, j = segments[:, 0].astype(np.int64), segments[:, 1].astype(np.int64)
    low, high = np.minimum(i, j), np.maximum(i, j)
    # SciPy would drop zero weights as missing edges: a millimetre stands in for them.
    metres = np.maximum(segments[:, 2], 1e-3)
    # of the segments joining the same two nodes, the shortest (first by length)
    order = np.lexsort((metres, high, low))
    low, high, metres = low[order], high[order], metres[order]
    first = np.ones(len(low), dtype=np.bool_)
    first[1:] = (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    low, high, metres = low[first], high[first], metres[first]
    # each both ways; a node joined to itself once
    back = low != high
    rows = np.concatenate([low, high[back]])
    cols = np.concatenate([high, low[back]])
    return csr_array((np.concatenate([metres, metres[back]]), (rows, cols)), shape=(size, size))


def _triples(matrix: csr_array) -> npt.NDArray[np.float64]:
    """Return a matrix's entries as ``(i, j, metres)`` rows."""
    coo = matrix.tocoo()
    return np.column_stack([coo.row, coo.col, coo.data]).astype(np.float64).reshape(-1, 3)


def _segments(xy: npt.NDArray[np.float64], pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Return ``(i, j, geodesic metres)`` rows for pairs of node indexes."""
    a, b = xy[pairs[:, 0]], xy[pairs[:, 1]]
    metres = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])[2] if len(pairs) else np.zeros(0)
    return np.column_stack([pairs.astype(np.float64), metres]).reshape(-1, 3)


_ROUTERS: weakref.WeakKeyDictionary[object, dict[tuple[str, bool], Router]] = (
    weakref.WeakKeyDictionary()
)


def _router(
    osm: OsmData | nx.MultiDiGraph | Mapping[str, nx.MultiDiGraph], mode: str, built_only: bool
) -> Router:
    """Return the router of a mode, made once per OSM data."""
    if isinstance(osm, Mapping):
        graph = osm.get(mode)
        osm = nx.MultiDiGraph(crs="epsg:4326") if graph is None else graph
    routers = _ROUTERS.setdefault(osm, {})
    key = (mode, built_only)
    if key not in routers:
        if isinstance(osm, OsmData):
            every = routers.get((mode, False)) or Router.from_extract(osm.extract, mode)
            routers[mode, False] = every
            routers[key] = every.in_use() if built_only else every
        else:
            routers[key] = Router.from_graph(osm, mode, built_only)
    return routers[key]


def refine_leg(
    leg: Leg,
    network: Dataset,
    osm: OsmData | nx.MultiDiGraph | Mapping[str, nx.MultiDiGraph],
    tolerance_km: float,
    loose: bool = False,
) -> Outcome:
    """Follow the OSM network along one leg, if it covers the leg and stays near it.

    Parameters
    ----------
    leg
        The leg to refine.
    network
        The network it belongs to.
    osm
        What :func:`load` read (fastest: routed on arrays, no graph is built),
        one OSMnx graph per mode, or a single graph of all modes
        (:func:`load_osm`, :func:`download`).
    tolerance_km
        The largest deviation from the drawn leg a refined path may have.
    loose
        Pass by a shape point that no way comes near (for generalised lines,
        which may run a few km from the towns a leg is drawn through).

    Returns
    -------
    Outcome
        What was done, and the refined shape points if the leg was refined.
    """
    drawn = geometry.leg_line(leg, network)
    old_km = round(measure.length_km(drawn), 3)
    if leg.mode not in WAYS:
        return Outcome(leg.id, "not covered", old_km, None, None, f"no {leg.mode} ways in the data")
    router = _router(osm, leg.mode, leg.status not in UNBUILT_STATUSES)
    if not len(router.ids):
        return Outcome(leg.id, "not covered", old_km, None, None, f"no {leg.mode} ways in the data")
    allowed = router.inside(leg_area(leg, network, buffer_km(tolerance_km)))
    start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
    stops = [(start.lon, start.lat), *leg.shape, (end.lon, end.lat)]
    snapped = []
    for index, ((lon, lat), found) in enumerate(
        zip(stops, router.snap(stops, allowed), strict=True)
    ):
        if found is None and loose and 0 < index < len(stops) - 1:
            continue  # a town the generalised line passes at a distance
        if found is None:
            return Outcome(
                leg.id,
                "not covered",
                old_km,
                None,
                None,
                f"no {leg.mode} way within {SNAP_KM:g} km of ({lon:g}, {lat:g})",
            )
        snapped.append(found[0])
    area = router.area(allowed)
    path = router.paths(snapped, area)
    done = "follows the OSM track"
    if path is None:
        area = router.area(allowed, join_gaps=True)
        path = router.paths(snapped, area)
        if path is None:
            return Outcome(leg.id, "no path", old_km, None, None, "the OSM ways have a gap")
        used = [(a, b) for a, b in itertools.pairwise(path) if (min(a, b), max(a, b)) in area.joins]
        km = sum(_track_km(router, [a, b]) for a, b in used)
        done += f", joining {len(used)} gap{'' if len(used) == 1 else 's'} ({km:.2f} km)"
    # A shape point snapped onto a siding or a branch forces the path there and
    # back: never come out longer than the track between the ends allows.
    direct = router.paths([snapped[0], snapped[-1]], area)
    if direct is not None and _track_km(router, path) > MAX_DETOUR * _track_km(router, direct):
        path = direct
    coords = [(float(router.lon[n]), float(router.lat[n])) for n in path]
    # The leg keeps its own end nodes; the track is joined to them.
    line = LineString([stops[0], *coords, stops[-1]])
    return _outcome(leg, line, drawn, old_km, tolerance_km, "the network path", done)


def _track_km(router: Any, path: list[int]) -> float:
    """Return the geodesic length of a path of the router's nodes, in km."""
    if len(path) < 2:
        return 0.0
    return float(_GEOD.line_length(router.lon[path], router.lat[path])) / 1000.0


def read_lines(path: str | Path) -> list[tuple[dict[str, Any], LineString]]:
    """Read the LineString routes of a GeoJSON file (a MultiLineString is merged).

    Raises
    ------
    OsmFileError
        If the file cannot be read as GeoJSON or holds no line.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"] if data.get("type") == "FeatureCollection" else [data]
    except (OSError, ValueError, AttributeError, KeyError) as error:
        raise osmfile.OsmFileError(f"{path}: not a readable GeoJSON file ({error})") from None
    lines = []
    for feature in features:
        shape = feature.get("geometry")
        route = shapely.geometry.shape(shape) if shape else None
        if route is not None and route.geom_type == "MultiLineString":
            route = shapely.line_merge(route)
        if route is not None and route.geom_type == "LineString":
            lines.append((dict(feature.get("properties") or {}), route))
    if not lines:
        raise osmfile.OsmFileError(f"{path}: holds no LineString route")
    return lines


def follow_line(
    leg: Leg,
    network: Dataset,
    lines: list[tuple[dict[str, Any], LineString]],
    tolerance_km: float,
) -> Outcome:
    """Draw a leg along the published route that runs nearest its two ends.

    The route is cut where it passes closest to each end node and oriented from
    ``from_node`` to ``to_node``; the leg keeps its own ends. It is refused if its
    ends lie more than :data:`SNAP_KM` from the nodes or it strays from the
    drawn leg by more than ``tolerance_km``.
    """
    drawn = geometry.leg_line(leg, network)
    old_km = round(measure.length_km(drawn), 3)
    start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
    ends = shapely.Point(start.lon, start.lat), shapely.Point(end.lon, end.lat)

    def gap_km(line: LineString, point: shapely.Point) -> float:
        nearest = line.interpolate(line.project(point))
        return float(_GEOD.inv(point.x, point.y, nearest.x, nearest.y)[2]) / 1000.0

    _, line = min(lines, key=lambda item: gap_km(item[1], ends[0]) + gap_km(item[1], ends[1]))
    gaps = [gap_km(line, point) for point in ends]
    if max(gaps) > SNAP_KM:
        detail = f"the nearest route passes {max(gaps):.1f} km from an end"
        return Outcome(leg.id, "not covered", old_km, None, None, detail)
    a, b = (line.project(point) for point in ends)
    # the route's own vertices between the two ends; the leg's nodes join them
    inner = [xy for xy in line.coords if min(a, b) < line.project(shapely.Point(xy)) < max(a, b)]
    coords = inner if a <= b else inner[::-1]
    route = LineString([(start.lon, start.lat), *coords, (end.lon, end.lat)])
    return _outcome(
        leg, route, drawn, old_km, tolerance_km, "the route", "follows the published route"
    )


def _outcome(
    leg: Leg,
    line: LineString,
    drawn: LineString,
    old_km: float,
    tolerance_km: float,
    what: str,
    done: str,
) -> Outcome:
    """Refine a leg to ``line``, unless it strays from the drawn leg beyond the tolerance."""
    deviation = _max_deviation_km(line, drawn)
    if deviation > tolerance_km:
        detail = (
            f"{what} leaves the drawn leg by {deviation:.1f} km (tolerance {tolerance_km:g} km)"
        )
        return Outcome(leg.id, "strays", old_km, None, round(deviation, 3), detail)
    kept = _thin(line)
    new_km = round(measure.length_km(geometry.densify(kept)), 3)
    return Outcome(leg.id, "refined", old_km, new_km, round(deviation, 3), done, tuple(kept[1:-1]))


def refined_network(network: Dataset, outcomes: list[Outcome], source: Source) -> Dataset:
    """Return the network with the refined legs' shapes replaced and the OSM source cited."""
    legs = dict(network.legs)
    for outcome in outcomes:
        if outcome.status == "refined":
            legs[outcome.leg] = dataclasses.replace(
                legs[outcome.leg],
                shape=outcome.shape,
                geometry_accuracy=outcome.accuracy,
                geometry_source=source.id,
            )
    return dataclasses.replace(network, legs=legs, sources={**network.sources, source.id: source})


def osm_source(path: str | Path, date: str) -> Source:
    """Return the citation of an OSM extract: its file name, its date and the ODbL.

    Parameters
    ----------
    path
        The extract (only its name is used).
    date
        Its data date.

    Returns
    -------
    Source
        A row of ``sources.csv``.
    """
    name = Path(path).name
    ident = "osm_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return Source(
        ident,
        f"OpenStreetMap data, extract {name} of {date} (ODbL 1.0)",
        "© OpenStreetMap contributors",
        "https://www.openstreetmap.org/copyright",
        date,
        date,
    )


def extract_path(folder: Path, corridor: str, name: str, date: str) -> Path:
    """Return where ``--write-sources`` keeps a corridor's clipped ways of one extract.

    Examples
    --------
    >>> extract_path(Path("osm"), "titr", "azerbaijan_railways_2026-02-26.osm.bz2", "2026-02-26")
    PosixPath('osm/titr_azerbaijan_railways_2026-02-26.osm.pbf')
    >>> extract_path(Path("osm"), "titr", "georgia-latest.osm.pbf", "2026-05-20").name
    'titr_georgia-latest_2026-05-20.osm.pbf'
    """
    stem = re.sub(r"(\.osm)?(\.pbf|\.bz2)?$", "", Path(name).name)
    return folder / f"{corridor}_{stem}{'' if date in stem else '_' + date}.osm.pbf"


def write_extracts(folder: Path, data: OsmData, corridors: list[str]) -> list[Path]:
    """Write the clipped ways of each corridor as a small OSM PBF file under ``folder``.

    Refining the corridor's legs from such a file, with the same tolerance, gives
    the same shapes byte for byte: it holds every kept way that reaches the
    buffer of one of the corridor's legs, and carries the extract's name and date.
    The ways of a file already there for the same extract are kept beside the new
    ones, so refining one leg (``--leg``) does not lose the ways the others follow.

    Parameters
    ----------
    folder
        Where to write (``geodata/osm``).
    data
        What :func:`load` read.
    corridors
        The corridors to write.

    Returns
    -------
    list of Path
        The files written.
    """
    written = []
    for corridor in corridors:
        path = extract_path(folder, corridor, data.extract.name, data.extract.date)
        extract = data.extract
        if path.exists():
            kept = osmfile.read(path)
            ways = {way.id: way for way in kept.ways}
            ways.update({way.id: way for way in extract.ways if corridor in way.labels})
            extract = dataclasses.replace(
                extract,
                ways=[
                    dataclasses.replace(ways[key], labels=frozenset({corridor}))
                    for key in sorted(ways)
                ],
                locations=osmfile.Locations.of({**kept.nodes, **extract.nodes}),
            )
        osmfile.write(path, extract, corridor)
        written.append(path)
    return written


def write_sources(folder: Path, outcomes: list[Outcome], source: Source) -> None:
    """Keep the refined shapes: rewrite shapes.csv and legs.csv, cite the OSM data.

    A normal offline ``routes build`` then reproduces the refined geometry.
    """
    refined = {o.leg: o for o in outcomes if o.status == "refined"}
    columns = {"shapes.csv": SHAPE_COLUMNS, "legs.csv": LEG_COLUMNS, "sources.csv": SOURCE_COLUMNS}
    tables = {name: read_text_rows(folder / name, spec) for name, spec in columns.items()}
    legs = []
    for row in tables["legs.csv"]:
        if row["id"] in refined:
            # the leg's own source still cites its status and year; the track has its own
            outcome = refined[row["id"]]
            row = {**row, "geometry_accuracy": outcome.accuracy, "geometry_source": source.id}
        legs.append(row)
    # Shapes in the order of the legs, so refining in another order writes the same file.
    points: dict[str, list[dict[str, str]]] = {}
    for row in tables["shapes.csv"]:
        if row["leg"] not in refined:
            points.setdefault(row["leg"], []).append(row)
    for leg, outcome in refined.items():
        labels = outcome.labels or ("",) * len(outcome.shape)
        points[leg] = [
            {"leg": leg, "seq": str(seq), "lon": f"{lon:.6f}", "lat": f"{lat:.6f}", "label": label}
            for seq, ((lon, lat), label) in enumerate(zip(outcome.shape, labels, strict=True), 1)
        ]
    order = [row["id"] for row in legs]
    shapes = [row for leg in sorted(points, key=order.index) for row in points[leg]]
    cited = [
        dataclasses.asdict(source) if row["id"] == source.id else row
        for row in tables["sources.csv"]
    ]
    # a track cited by several documents (ids joined by ";") cites ones already listed
    if source.id not in {row["id"] for row in cited} and ";" not in source.id:
        cited.append(dataclasses.asdict(source))
    for name, rows in (("shapes.csv", shapes), ("legs.csv", legs), ("sources.csv", cited)):
        write_table(folder / name, [column.name for column in columns[name]], rows)


def _keep_tags() -> None:
    ox.settings.useful_tags_way = sorted(set(ox.settings.useful_tags_way) | set(TAGS))


def _ecef(lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Return earth-centred x, y, z in metres (WGS 84) of points on the ellipsoid."""
    x, y, z = _ECEF.transform(lon, lat, np.zeros_like(lon))
    return np.column_stack([x, y, z])


def _local(line: LineString) -> Transformer:
    centre = line.centroid
    return _aeqd(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +units=m")


@functools.lru_cache(maxsize=256)
def _aeqd(projection: str) -> Transformer:
    """Return the transformer to a local projection, made once (pyproj takes ms)."""
    return Transformer.from_crs("EPSG:4326", projection, always_xy=True)


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
