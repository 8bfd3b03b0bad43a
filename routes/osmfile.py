"""Stream the OSM ways a leg can follow out of an extract, with pyosmium.

Reads ``.osm.pbf``, ``.osm`` and ``.osm.bz2`` files. Only ways whose tags a land
mode can follow reach Python (pyosmium filters them in C++). A file with OSM
(positive) node ids is read in two passes, the ways and then the locations of
their nodes only (filtered in C++ too); a file with local (negative) ids, which
pyosmium's id filter cannot take, in one pass that keeps the locations of the
nodes near the areas wanted. Ways are then clipped to areas around the legs: a
way is kept whole if one of its nodes lies in the area of a leg of its mode.
Memory is bounded by the ways of the wanted kinds, not by the size of the file.
"""

from __future__ import annotations

import bz2
import functools
import itertools
import re
from array import array
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import osmium
import osmium.filter
import shapely
from shapely.geometry import Polygon

from routes.errors import RoutesError
from routes.vocabulary import (
    OSM_PIPELINE,
    OSM_POWER_LINES,
    OSM_RAILWAYS_BUILT,
    OSM_RAILWAYS_PLANNED,
    OSM_ROAD_CLASSES,
    OSM_ROADS_PLANNED,
)

ROADS = tuple(f"{kind}{link}" for kind in OSM_ROAD_CLASSES for link in ("", "_link"))
# Tag pairs pyosmium lets through (an OR filter run in C++).
TAG_PAIRS: tuple[tuple[str, str], ...] = (
    *(("railway", value) for value in OSM_RAILWAYS_BUILT + OSM_RAILWAYS_PLANNED),
    *(("highway", value) for value in ROADS + OSM_ROADS_PLANNED),
    *(("power", value) for value in OSM_POWER_LINES),
    OSM_PIPELINE,
)
# Tags kept on the ways (and on the graph edges made of them).
KEPT_TAGS = (
    "railway",
    "highway",
    "construction",
    "proposed",
    "power",
    "man_made",
    "substance",
    "voltage",
    "gauge",
    "electrified",
    "usage",
    "service",
    "name",
    "ref",
)
# Nodes read into arrays before the unused ones are dropped (bounds the memory held).
_CHUNK = 100_000
# Ways the single pass holds before dropping those with no node near the areas.
_WAY_CHUNK = 50_000
# The single pass keeps the nodes within the areas' bounds widened by this much
# (degrees), so that a way reaching into an area has its far nodes too; a way
# reaching further has them read in a second pass.
_MARGIN_DEG = 1.0
# libosmium's fixed-point coordinates: units a degree, and the largest valid values
# (an invalid location holds a value beyond them).
_PRECISION = 10_000_000
_LON_UNITS = 180 * _PRECISION
_LAT_UNITS = 90 * _PRECISION
# The generator stamp of a clipped file names the extract it was cut from.
CLIPPED_BY = "routes refine: clipped from "


class OsmFileError(RoutesError):
    """An OSM file is missing or cannot be read."""


class NoUsableWaysError(RoutesError):
    """An OSM file holds no way a land leg could follow."""


def mode_of(tags: Mapping[str, Any]) -> str | None:
    """Return the land mode that may follow a way with these tags, if any.

    Parameters
    ----------
    tags
        The OSM tags of the way.

    Returns
    -------
    str or None
        ``rail``, ``road``, ``power_line`` or ``pipeline``; None for other ways.
    """
    railway = tags.get("railway")
    if railway in OSM_RAILWAYS_BUILT + OSM_RAILWAYS_PLANNED:
        return "rail"
    highway = tags.get("highway")
    if highway in ROADS:
        return "road"
    if highway in OSM_ROADS_PLANNED and _planned_road(tags):
        return "road"
    if tags.get("power") in OSM_POWER_LINES:
        return "power_line"
    if tags.get(OSM_PIPELINE[0]) == OSM_PIPELINE[1]:
        return "pipeline"
    return None


def is_built(tags: Mapping[str, Any]) -> bool:
    """Return whether a way is in use (not under construction or proposed).

    Parameters
    ----------
    tags
        The OSM tags of the way.

    Returns
    -------
    bool
        False for ``railway=construction|proposed`` and ``highway=construction|proposed``.
    """
    railway, highway = tags.get("railway"), tags.get("highway")
    return railway not in OSM_RAILWAYS_PLANNED and highway not in OSM_ROADS_PLANNED


def _planned_road(tags: Mapping[str, Any]) -> bool:
    kind = tags.get("construction") or tags.get("proposed") or ""
    return kind in ROADS


@dataclass(frozen=True)
class Way:
    """One OSM way kept for routing.

    Attributes
    ----------
    id
        The OSM way id.
    nodes
        The ids of its nodes, in order.
    tags
        The tags of :data:`KEPT_TAGS` the way carries.
    mode
        The land mode that may follow it.
    labels
        Labels of the areas it reaches (the corridors of the legs it is near).
    """

    id: int
    nodes: tuple[int, ...]
    tags: dict[str, str]
    mode: str
    labels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Locations:
    """Node locations held compactly: ids in increasing order, with their lon and lat.

    A dict of ``(lon, lat)`` tuples costs about 200 bytes a node; these arrays,
    24. Streaming a large extract keeps the locations of every node its ways of
    the wanted kinds use, so the difference is most of the memory.
    """

    ids: npt.NDArray[np.int64]
    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]

    @classmethod
    def of(cls, nodes: Mapping[int, tuple[float, float]]) -> Locations:
        """Return the locations of a mapping of node id to ``(lon, lat)``."""
        ids = np.fromiter(nodes, dtype=np.int64, count=len(nodes))
        xy = np.array([nodes[int(ref)] for ref in ids], dtype=np.float64).reshape(-1, 2)
        order = np.argsort(ids, kind="stable")
        return cls(ids[order], xy[order, 0], xy[order, 1])

    def index(self, refs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Return where each node id is held (-1 for an id not held)."""
        at = np.searchsorted(self.ids, refs)
        inside = at < len(self.ids)
        held = inside.copy()
        held[inside] = self.ids[at[inside]] == refs[inside]
        return np.where(held, at, -1)

    def merged(self, other: Locations) -> Locations:
        """Return these locations and another's, by increasing id."""
        ids = np.concatenate([self.ids, other.ids])
        order = np.argsort(ids, kind="stable")
        lon, lat = (
            np.concatenate(pair)[order] for pair in ((self.lon, other.lon), (self.lat, other.lat))
        )
        return Locations(ids[order], lon, lat)

    def subset(self, refs: npt.NDArray[np.int64]) -> Locations:
        """Return the locations of node ids that are all held (``refs``, sorted, unique)."""
        at = self.index(refs)
        return Locations(refs, self.lon[at], self.lat[at])

    def pairs(self, refs: npt.NDArray[np.int64]) -> dict[int, tuple[float, float]]:
        """Return ``{id: (lon, lat)}`` for node ids that are all held, in their order."""
        at = self.index(refs)
        return {
            int(ref): (float(x), float(y))
            for ref, x, y in zip(refs, self.lon[at], self.lat[at], strict=True)
        }


@dataclass
class Extract:
    """The ways kept from an OSM file, with their node locations.

    Attributes
    ----------
    path
        The file read.
    name
        The name of the extract the data comes from: the file's own name, or for
        a clipped file the extract it was cut from.
    date
        The data date (``YYYY-MM-DD``).
    ways
        The kept ways, by increasing id.
    locations
        The locations of the nodes of the kept ways.
    """

    path: Path
    name: str
    date: str
    ways: list[Way]
    locations: Locations

    @functools.cached_property
    def nodes(self) -> dict[int, tuple[float, float]]:
        """Location ``(lon, lat)`` of every node of the kept ways, by id."""
        return self.locations.pairs(self.locations.ids)


def node_refs(ways: Sequence[Way]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the node ids of the ways one after another, and where each way starts."""
    sizes = [len(way.nodes) for way in ways]
    every = itertools.chain.from_iterable(way.nodes for way in ways)
    refs = np.fromiter(every, dtype=np.int64, count=sum(sizes))
    starts = np.cumsum([0, *sizes[:-1]], dtype=np.int64) if sizes else np.zeros(0, np.int64)
    return refs, starts


Areas = Mapping[str, Sequence[tuple[str, Polygon]]]


def read(path: str | Path, areas: Areas | None = None) -> Extract:
    """Read the ways a land mode can follow from an OSM file, clipped to areas.

    A file with local (negative) node ids, which pyosmium's id filter cannot
    take, is read in one pass that keeps the locations of the nodes near the
    areas; a file with OSM ids in two, the second filtering the nodes in C++.

    Parameters
    ----------
    path
        An ``.osm.pbf``, ``.osm`` or ``.osm.bz2`` file.
    areas
        For each mode, ``(label, polygon)`` pairs in lon/lat: a way of that mode
        is kept if one of its nodes lies in one of the polygons, and carries the
        labels of the polygons it reaches. Ways of modes not listed are dropped.
        None keeps every usable way.

    Returns
    -------
    Extract
        The kept ways and their nodes.

    Raises
    ------
    OsmFileError
        If the file is missing or pyosmium cannot read it.
    NoUsableWaysError
        If the file holds no railway, main road, power line or pipeline way, or
        none with the locations of its nodes.
    """
    path = Path(path)
    if not path.is_file():
        raise OsmFileError(f"{path}: no such OSM file")
    modes = None if areas is None else set(areas)
    # the head of an XML file is decompressed alongside the read (bz2 frees the GIL)
    with ThreadPoolExecutor(max_workers=1) as pool:
        osm_base = pool.submit(_xml_osm_base, path)
        found, kept = _read(path, modes, areas)
    if not found.ways or not found.located:
        raise NoUsableWaysError(
            f"{path}: no railway, main road, power line or pipeline way"
            " (with its nodes) in the file"
        )
    name, date, stamped = _dated_name(path, found.header, osm_base.result())
    if not stamped:
        date = date or found.newest
    if not date:
        raise OsmFileError(f"{path}: no osm_base or timestamp to date the OSM data by")
    used = np.unique(node_refs(kept)[0])
    return Extract(path, name, date, sorted(kept, key=lambda w: w.id), found.nodes.subset(used))


@dataclass
class _Found:
    """What the passes over a file found.

    Attributes
    ----------
    header
        The file's header.
    ways
        The ways of the wanted kinds.
    newest
        Their newest timestamp (``YYYY-MM-DD``; empty if none has one).
    nodes
        The node locations held.
    located
        How many nodes read had a valid location (held or not).
    """

    header: osmium.io.Header
    ways: list[Way]
    newest: str
    nodes: Locations
    located: int


def _read(path: Path, modes: set[str] | None, areas: Areas | None) -> tuple[_Found, list[Way]]:
    """Read a file in one pass or two (see :func:`read`).

    Returns what was found, and the ways kept: those with a node in an area of
    their mode (all, without areas) and the locations of all their nodes.
    """
    window = _window(areas)
    try:
        try:
            found = _scan(path, modes, window)
        except _UnsortedError:
            found = _scan(path, modes, window, drop=False)
        if found is None:
            header, ways, newest = _ways(path, modes)
            nodes = _locations(path, np.unique(node_refs(ways)[0]))
            found = _Found(header, ways, newest, nodes, len(nodes.ids))
        kept = found.ways if areas is None else clip(found.ways, found.nodes, areas)
        refs, starts = node_refs(kept)
        missing = np.unique(refs[found.nodes.index(refs) < 0])
        if len(missing):  # ways that reach beyond the nodes the single pass kept
            found.nodes = found.nodes.merged(_locations(path, missing))
    except RuntimeError as error:
        raise OsmFileError(
            f"{path}: not an OSM file pyosmium can read (.osm.pbf, .osm, .osm.bz2): {error}"
        ) from None
    # a way is usable only with the locations of all its nodes
    held = found.nodes.index(refs) >= 0
    whole = np.minimum.reduceat(held, starts) if len(kept) else held
    return found, [way for way, ok in zip(kept, whole, strict=True) if ok]


def write(path: Path, extract: Extract, label: str) -> int:
    """Write the kept ways of one label as an OSM PBF file; return how many.

    The file carries the extract's date as its replication timestamp and names the
    extract in its generator stamp, so that reading it back cites the same data.

    Parameters
    ----------
    path
        The ``.osm.pbf`` file to write (replaced if it exists).
    extract
        What :func:`read` kept.
    label
        Only the ways that reach an area of this label are written.

    Returns
    -------
    int
        The number of ways written.
    """
    ways = [way for way in extract.ways if label in way.labels]
    header = osmium.io.Header()
    header.set("generator", f"{CLIPPED_BY}{extract.name}")
    header.set("osmosis_replication_timestamp", f"{extract.date}T00:00:00Z")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    writer = osmium.SimpleWriter(str(path), header=header)
    try:
        for ref in sorted({ref for way in ways for ref in way.nodes}):
            writer.add_node(osmium.osm.mutable.Node(id=ref, location=extract.nodes[ref]))
        for way in ways:
            writer.add_way(osmium.osm.mutable.Way(id=way.id, nodes=way.nodes, tags=way.tags))
    finally:
        writer.close()
    return len(ways)


def _dated_name(path: Path, header: osmium.io.Header, osm_base: str) -> tuple[str, str, bool]:
    """Return the extract's name, its date if stamped, and whether it was.

    ``osm_base`` is the stamp an XML file's head may carry (see :func:`_xml_osm_base`).
    """
    generator = header.get("generator", "")
    name = generator[len(CLIPPED_BY) :] if generator.startswith(CLIPPED_BY) else path.name
    stamp = header.get("osmosis_replication_timestamp", "") or osm_base
    date = stamp[:10] if re.match(r"\d{4}-\d{2}-\d{2}", stamp) else ""
    return name, date, bool(date)


def _xml_osm_base(path: Path) -> str:
    """Return the ``osm_base`` stamp in the head of an OSM XML file (Overpass output)."""
    if ".osm" not in path.name or path.name.endswith(".pbf"):
        return ""
    opener = bz2.open if path.name.endswith(".bz2") else open
    try:
        with opener(path, "rb") as stream:
            head = stream.read(4000).decode("utf-8", "replace")
    except (OSError, EOFError, ValueError):
        return ""
    found = re.search(r'osm_base="(\d{4}-\d{2}-\d{2}[^"]*)"', head)
    return found.group(1) if found else ""


def _way(way: osmium.osm.Way, modes: set[str] | None) -> Way | None:
    """Return a way of a wanted mode as kept, or None."""
    # asking for the few kept keys is several times faster than walking every tag
    found = way.tags
    tags = {key: value for key in KEPT_TAGS if (value := found.get(key)) is not None}
    mode = mode_of(tags)
    if mode is None or (modes is not None and mode not in modes):
        return None
    refs = tuple(node.ref for node in way.nodes)
    return Way(way.id, refs, tags, mode) if len(refs) >= 2 else None


def _newest(way: osmium.osm.Way, newest: str) -> str:
    """Return the later of a way's timestamp (if set) and ``newest``."""
    if way.timestamp.year > 1970:
        return max(newest, way.timestamp.date().isoformat())
    return newest


class _UnsortedError(Exception):
    """A node came after ways were dropped for lacking nodes: the file is not sorted."""


def _scan(
    path: Path,
    modes: set[str] | None,
    window: tuple[float, float, float, float] | None,
    drop: bool = True,
) -> _Found | None:
    """One pass for a file with local (negative) node ids: ways, and nodes in ``window``.

    Returns what was found, with the locations of the nodes within ``window``
    (lon/lat bounds; None for all). Returns None, having read almost nothing, if
    the first node has an OSM (positive) id: then pyosmium can filter the nodes
    in C++ in a second pass, far faster than handing every node to Python.

    With ``drop``, ways with no node in ``window`` are dropped a chunk at a time
    as they come, so that memory is bounded by the ways near the areas. That
    needs the nodes first, as in a sorted file; a node after the first drop
    raises :class:`_UnsortedError`.
    """
    tag_filter = osmium.filter.TagFilter(*TAG_PAIRS)
    tag_filter.enable_for(osmium.osm.WAY)
    table = _NodeTable(window)
    ways: list[Way] = []
    checked = 0  # ways already checked for a node in the window
    located: Locations | None = None
    newest = ""
    entities = osmium.osm.NODE | osmium.osm.WAY
    # names looked up once: the loop runs once for every node of the file
    node_type, way_type = osmium.osm.Node, osmium.osm.Way
    add_id, add_xy, ids = table.ids.append, table.xy.append, table.ids
    first = True
    with osmium.io.Reader(str(path), entities) as reader:
        header = reader.header()
        for entity in osmium.OsmFileIterator(reader, tag_filter):
            if isinstance(entity, node_type):
                ident = entity.id
                if first:
                    if ident >= 0 and not ways:
                        return None
                    first = False
                if located is not None:
                    raise _UnsortedError
                location = entity.location
                add_id(ident)
                add_xy(location.x)
                add_xy(location.y)
                if len(ids) >= _CHUNK:
                    table.flush()
            elif isinstance(entity, way_type) and (way := _way(entity, modes)) is not None:
                ways.append(way)
                newest = _newest(entity, newest)
                if drop and window is not None and len(ways) - checked >= _WAY_CHUNK:
                    located = located or table.locations()
                    ways[checked:] = _near(ways[checked:], located)
                    checked = len(ways)
    return _Found(header, ways, newest, table.locations(), table.located)


def _near(ways: list[Way], nodes: Locations) -> list[Way]:
    """Return the ways with at least one node located in ``nodes``."""
    refs, starts = node_refs(ways)
    near = np.maximum.reduceat(nodes.index(refs) >= 0, starts)
    return [way for way, keep in zip(ways, near, strict=True) if keep]


def _ways(path: Path, modes: set[str] | None) -> tuple[osmium.io.Header, list[Way], str]:
    """First of two passes: the header, the ways of the wanted kinds, their newest timestamp."""
    ways = []
    newest = ""
    # held here: the iterator does not keep its filters alive
    tag_filter = osmium.filter.TagFilter(*TAG_PAIRS)
    with osmium.io.Reader(str(path), osmium.osm.WAY) as reader:
        header = reader.header()
        for entity in osmium.OsmFileIterator(reader, tag_filter):
            if isinstance(entity, osmium.osm.Way) and (way := _way(entity, modes)) is not None:
                ways.append(way)
                newest = _newest(entity, newest)
    return header, ways, newest


def _locations(path: Path, refs: npt.NDArray[np.int64]) -> Locations:
    """Second pass: the locations of the nodes the kept ways use (``refs``, sorted, unique).

    pyosmium's id filter takes OSM ids only: files with local (negative) ids have
    every node checked here instead, a chunk at a time.
    """
    table = _NodeTable(refs=refs)
    if not len(refs):
        return table.locations()
    processor = osmium.FileProcessor(str(path), osmium.osm.NODE)
    if refs[0] >= 0:
        processor.with_filter(osmium.filter.IdFilter(refs.tolist()))
    ids, xy = table.ids, table.xy
    for node in processor:
        if isinstance(node, osmium.osm.Node):
            location = node.location
            ids.append(node.id)
            xy.append(location.x)
            xy.append(location.y)
            if len(ids) >= _CHUNK:
                table.flush()
    return table.locations()


class _NodeTable:
    """Node locations gathered while streaming a file, filtered a chunk at a time.

    The readers append ids and coordinates to :attr:`ids` and :attr:`xy` as
    libosmium holds them (integers in units of 1e-7 degree: cheaper to take than
    the checked floats) and call :meth:`flush` when a chunk is full; only valid
    locations within ``window`` (lon/lat bounds) and, if given, of ``refs`` are
    held, so memory is bounded by what is kept, not by the file.
    """

    def __init__(
        self,
        window: tuple[float, float, float, float] | None = None,
        refs: npt.NDArray[np.int64] | None = None,
    ) -> None:
        self.ids, self.xy = array("q"), array("i")
        # how many nodes had a valid location, held or not
        self.located = 0
        west, south, east, north = window or (-180.0, -90.0, 180.0, 90.0)
        self._bounds = (
            max(int(np.floor(west * _PRECISION)), -_LON_UNITS),
            max(int(np.floor(south * _PRECISION)), -_LAT_UNITS),
            min(int(np.ceil(east * _PRECISION)), _LON_UNITS),
            min(int(np.ceil(north * _PRECISION)), _LAT_UNITS),
        )
        self._refs = refs
        self._chunks: list[tuple[npt.NDArray[Any], ...]] = []

    def flush(self) -> None:
        """Hold the wanted nodes of the chunk appended, and empty it."""
        # copies, so that the arrays can be emptied for the next chunk
        ids = np.frombuffer(self.ids, dtype=np.int64).copy()
        x, y = np.frombuffer(self.xy, dtype=np.int32).reshape(-1, 2).T.copy()
        self.located += int(np.count_nonzero((np.abs(x) <= _LON_UNITS) & (np.abs(y) <= _LAT_UNITS)))
        west, south, east, north = self._bounds
        wanted = (x >= west) & (x <= east) & (y >= south) & (y <= north)
        if self._refs is not None:
            wanted &= np.isin(ids, self._refs)
        self._chunks.append((ids[wanted], x[wanted], y[wanted]))
        del self.ids[:], self.xy[:]

    def locations(self) -> Locations:
        """Return the locations held, by increasing id."""
        self.flush()
        ids, x, y = (np.concatenate(column) for column in zip(*self._chunks, strict=True))
        order = np.argsort(ids, kind="stable")
        return Locations(ids[order], x[order] / _PRECISION, y[order] / _PRECISION)


def _window(areas: Areas | None) -> tuple[float, float, float, float] | None:
    """Return the lon/lat bounds of the areas widened by :data:`_MARGIN_DEG` (None: all)."""
    if areas is None:
        return None
    polygons = [polygon for pairs in areas.values() for _, polygon in pairs]
    if not polygons:
        return (0.0, 0.0, 0.0, 0.0)
    west, south, east, north = shapely.total_bounds(polygons)
    return (west - _MARGIN_DEG, south - _MARGIN_DEG, east + _MARGIN_DEG, north + _MARGIN_DEG)


def clip(
    ways: list[Way], nodes: Locations | Mapping[int, tuple[float, float]], areas: Areas
) -> list[Way]:
    """Keep the ways with a node in an area of their mode, labelled with the areas reached.

    A node without a location (-1 in ``nodes``) is in no area.
    """
    table = nodes if isinstance(nodes, Locations) else Locations.of(nodes)
    kept: list[Way] = []
    for mode, polygons in areas.items():
        mine = [way for way in ways if way.mode == mode]
        if not mine or not polygons:
            continue
        refs, starts = node_refs(mine)
        at = table.index(refs)
        # a node without a location (-1) is placed where no polygon reaches
        known = at >= 0
        lon, lat = np.full(len(refs), np.nan), np.full(len(refs), np.nan)
        lon[known], lat[known] = table.lon[at[known]], table.lat[at[known]]
        reached: list[set[str]] = [set() for _ in mine]
        for label, polygon in polygons:
            # only the nodes within the polygon's bounds are tested against it
            west, south, east, north = polygon.bounds
            near = np.flatnonzero((lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))
            inside = np.zeros(len(refs), dtype=np.bool_)
            inside[near] = shapely.contains_xy(polygon, lon[near], lat[near])
            for index in np.flatnonzero(np.maximum.reduceat(inside, starts)):
                reached[index].add(label)
        kept.extend(
            Way(way.id, way.nodes, way.tags, way.mode, frozenset(labels))
            for way, labels in zip(mine, reached, strict=True)
            if labels
        )
    return kept
