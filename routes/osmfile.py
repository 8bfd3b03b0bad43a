"""Stream the OSM ways a leg can follow out of an extract, with pyosmium.

Reads ``.osm.pbf``, ``.osm`` and ``.osm.bz2`` files in two streaming passes: the
first keeps the ways whose tags a land mode can follow (filtered in C++ by
pyosmium, so that other ways never reach Python), the second the locations of
their nodes only. Ways are then clipped to areas around the legs: a way is kept
whole if one of its nodes lies in the area of a leg of its mode. Memory is
bounded by the ways of the wanted kinds, not by the size of the file.
"""

from __future__ import annotations

import bz2
import re
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
    nodes
        Location ``(lon, lat)`` of every node of the kept ways.
    """

    path: Path
    name: str
    date: str
    ways: list[Way] = field(default_factory=list)
    nodes: dict[int, tuple[float, float]] = field(default_factory=dict)


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

    def pairs(self, refs: npt.NDArray[np.int64]) -> dict[int, tuple[float, float]]:
        """Return ``{id: (lon, lat)}`` for node ids that are all held, in their order."""
        at = self.index(refs)
        return {
            int(ref): (float(x), float(y))
            for ref, x, y in zip(refs, self.lon[at], self.lat[at], strict=True)
        }


def node_refs(ways: Sequence[Way]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the node ids of the ways one after another, and where each way starts."""
    sizes = [len(way.nodes) for way in ways]
    refs = np.fromiter((ref for way in ways for ref in way.nodes), dtype=np.int64, count=sum(sizes))
    starts = np.cumsum([0, *sizes[:-1]], dtype=np.int64) if sizes else np.zeros(0, np.int64)
    return refs, starts


Areas = Mapping[str, Sequence[tuple[str, Polygon]]]


def read(path: str | Path, areas: Areas | None = None) -> Extract:
    """Read the ways a land mode can follow from an OSM file, clipped to areas.

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
        If the file holds no railway, main road, power line or pipeline way with
        the locations of its nodes.
    """
    path = Path(path)
    if not path.is_file():
        raise OsmFileError(f"{path}: no such OSM file")
    try:
        name, date, stamped = _header(path)
        ways, newest = _ways(path, None if areas is None else set(areas))
        refs, starts = node_refs(ways)
        nodes = _locations(path, np.unique(refs))
    except RuntimeError as error:
        raise OsmFileError(
            f"{path}: not an OSM file pyosmium can read (.osm.pbf, .osm, .osm.bz2): {error}"
        ) from None
    # a way is usable only with the locations of all its nodes
    found = nodes.index(refs) >= 0
    whole = np.minimum.reduceat(found, starts) if len(ways) else found
    complete = [way for way, ok in zip(ways, whole, strict=True) if ok]
    if not complete:
        raise NoUsableWaysError(
            f"{path}: no railway, main road, power line or pipeline way"
            " (with its nodes) in the file"
        )
    if not stamped:
        date = date or newest
    if not date:
        raise OsmFileError(f"{path}: no osm_base or timestamp to date the OSM data by")
    kept = complete if areas is None else clip(complete, nodes, areas)
    used = np.unique(node_refs(kept)[0])
    return Extract(path, name, date, sorted(kept, key=lambda w: w.id), nodes.pairs(used))


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


def _header(path: Path) -> tuple[str, str, bool]:
    """Return the extract's name, its date if stamped, and whether it was."""
    reader = osmium.io.Reader(str(path), osmium.osm.NOTHING)
    try:
        header = reader.header()
    finally:
        reader.close()
    generator = header.get("generator", "")
    name = generator[len(CLIPPED_BY) :] if generator.startswith(CLIPPED_BY) else path.name
    stamp = header.get("osmosis_replication_timestamp", "") or _xml_osm_base(path)
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


def _ways(path: Path, modes: set[str] | None) -> tuple[list[Way], str]:
    """First pass: the ways of the wanted kinds, and the newest timestamp among them."""
    ways = []
    newest = ""
    processor = osmium.FileProcessor(str(path), osmium.osm.WAY).with_filter(
        osmium.filter.TagFilter(*TAG_PAIRS)
    )
    for way in processor:
        if not isinstance(way, osmium.osm.Way):
            continue
        # asking for the few kept keys is several times faster than walking every tag
        found = way.tags
        tags = {key: value for key in KEPT_TAGS if (value := found.get(key)) is not None}
        mode = mode_of(tags)
        if mode is None or (modes is not None and mode not in modes):
            continue
        refs = tuple(node.ref for node in way.nodes)
        if len(refs) < 2:
            continue
        ways.append(Way(way.id, refs, tags, mode))
        if way.timestamp.year > 1970:
            newest = max(newest, way.timestamp.date().isoformat())
    return ways, newest


def _locations(path: Path, refs: npt.NDArray[np.int64]) -> Locations:
    """Second pass: the locations of the nodes the kept ways use (``refs``, sorted, unique).

    pyosmium's id filter takes OSM ids only: files with local (negative) ids have
    every node checked here instead, a chunk at a time.
    """
    processor = osmium.FileProcessor(str(path), osmium.osm.NODE)
    if len(refs) and refs[0] >= 0:
        processor.with_filter(osmium.filter.IdFilter(refs.tolist()))
    chunks: list[tuple[npt.NDArray[Any], ...]] = []
    # Coordinates as libosmium holds them, integers in units of 1e-7 degree: cheaper
    # to take than the checked floats, and divided the same way afterwards.
    ids, xy = array("q"), array("i")

    def keep() -> None:
        # copies, so that the arrays can be emptied for the next chunk
        taken = np.frombuffer(ids, dtype=np.int64).copy()
        x, y = np.frombuffer(xy, dtype=np.int32).reshape(-1, 2).T.copy()
        wanted = np.isin(taken, refs) & (np.abs(x) <= _LON_UNITS) & (np.abs(y) <= _LAT_UNITS)
        chunks.append((taken[wanted], x[wanted], y[wanted]))
        del ids[:], xy[:]

    if len(refs):
        for node in processor:
            if not isinstance(node, osmium.osm.Node):
                continue
            location = node.location
            ids.append(node.id)
            xy.append(location.x)
            xy.append(location.y)
            if len(ids) >= _CHUNK:
                keep()
    keep()
    held = [np.concatenate(column) for column in zip(*chunks, strict=True)]
    order = np.argsort(held[0], kind="stable")
    lon, lat = (held[axis][order] / _PRECISION for axis in (1, 2))
    return Locations(held[0][order], lon, lat)


def clip(
    ways: list[Way], nodes: Locations | Mapping[int, tuple[float, float]], areas: Areas
) -> list[Way]:
    """Keep the ways with a node in an area of their mode, labelled with the areas reached."""
    table = nodes if isinstance(nodes, Locations) else Locations.of(nodes)
    kept: list[Way] = []
    for mode, polygons in areas.items():
        mine = [way for way in ways if way.mode == mode]
        if not mine or not polygons:
            continue
        refs, starts = node_refs(mine)
        at = table.index(refs)
        lon, lat = table.lon[at], table.lat[at]
        reached: list[set[str]] = [set() for _ in mine]
        for label, polygon in polygons:
            inside = shapely.contains_xy(polygon, lon, lat)
            for index in np.flatnonzero(np.maximum.reduceat(inside, starts)):
                reached[index].add(label)
        kept.extend(
            Way(way.id, way.nodes, way.tags, way.mode, frozenset(labels))
            for way, labels in zip(mine, reached, strict=True)
            if labels
        )
    return kept
