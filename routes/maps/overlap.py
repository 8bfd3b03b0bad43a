"""Features that would hide each other: legs sharing a path, nodes at one site.

Legs that run along the same path are drawn side by side, each in a lane a few
screen pixels from the path (leaflet-polylineoffset does the offsetting in the
browser, so the lanes stay apart at every zoom). Nodes closer than
:data:`routes.styles.STACK_KM` are drawn as one marker listing each of them.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod

from routes import styles
from routes.vocabulary import KINDS

# Two legs share a path when this share of either lies within SHARED_DEGREES of the other.
SHARED_SHARE = 0.3
SHARED_DEGREES = 0.03
_GEOD = Geod(ellps="WGS84")


def lanes(legs: gpd.GeoDataFrame) -> dict[str, float]:
    """Return the screen offset in px of each leg that shares its path with another.

    Lanes are given in the order of the legs: the first keeps the path, the next
    sharing it goes right of it, then left, and so on. Offsets are taken towards
    the same side of a west-to-east (or south-to-north) line, so legs drawn in
    opposite directions still part.

    Examples
    --------
    >>> import shapely
    >>> line = shapely.LineString([(49, 40), (51, 43)])
    >>> legs = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[line, line.reverse()])
    >>> lanes(legs)
    {'b': -7.0}
    """
    geometries = list(legs.geometry)
    ids = [str(i) for i in legs["id"]]
    shares: dict[int, set[int]] = {i: set() for i in range(len(ids))}
    shapes = [shapely.to_wkb(g) for g in geometries]
    for i, j in itertools.combinations(range(len(ids)), 2):
        if _share_a_path(shapes[i], shapes[j]):
            shares[i].add(j)
            shares[j].add(i)
    taken: dict[int, int] = {}
    offsets = {}
    for i in range(len(ids)):
        if not shares[i]:
            continue
        used = {taken[j] for j in shares[i] if j in taken}
        lane = next(n for n in _lane_order() if n not in used)
        taken[i] = lane
        if lane:
            offsets[ids[i]] = lane * styles.LANE_PX * _direction(geometries[i])
    return offsets


# A build draws the same legs on several maps: each pair, and each leg's band, is
# worked out once (keyed by the geometries' WKB); bounded, for long-lived processes.
@lru_cache(maxsize=8192)
def _share_a_path(a_wkb: bytes, b_wkb: bytes) -> bool:
    """Tell whether either of two lines runs mostly within the other's band."""
    a, b = shapely.from_wkb(a_wkb), shapely.from_wkb(b_wkb)
    band_a, band_b = _band(a_wkb), _band(b_wkb)
    if not band_a.intersects(b) or a.length == 0 or b.length == 0:
        return False
    share_a = float(a.intersection(band_b).length) / float(a.length)
    share_b = float(b.intersection(band_a).length) / float(b.length)
    return max(share_a, share_b) > SHARED_SHARE


@lru_cache(maxsize=512)
def _band(wkb: bytes) -> shapely.Geometry:
    band = shapely.buffer(shapely.from_wkb(wkb), SHARED_DEGREES)
    shapely.prepare(band)
    return band


def _lane_order() -> itertools.chain[int]:
    return itertools.chain([0], itertools.chain.from_iterable((n, -n) for n in itertools.count(1)))


def _direction(line: object) -> float:
    """Return 1 for a line running mostly west to east (or south to north), else -1."""
    coords = list(getattr(line, "coords", []))
    if len(coords) < 2:
        return 1.0
    dx, dy = coords[-1][0] - coords[0][0], coords[-1][1] - coords[0][1]
    forward = dx > 0 if abs(dx) >= abs(dy) else dy > 0
    return 1.0 if forward else -1.0


def stacks(nodes: gpd.GeoDataFrame) -> list[list[int]]:
    """Return the positions of the nodes grouped by site, each group as one marker.

    Nodes within :data:`~routes.styles.STACK_KM` of each other (and of each
    other's neighbours) form a site; its nodes are listed by kind (ports first,
    as in the vocabulary) and then in the order given, the first placing the
    marker. Sites come in the order of their first node.
    """
    points = list(nodes.geometry)
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(points)), 2):
        a, b = points[i], points[j]
        if abs(a.x - b.x) > 1 or abs(a.y - b.y) > 1:
            continue
        if _GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000 < styles.STACK_KM:
            parent[max(root(i), root(j))] = min(root(i), root(j))
    kinds = list(KINDS)
    groups: dict[int, list[int]] = {}
    for i in range(len(points)):
        groups.setdefault(root(i), []).append(i)
    ordered = [
        sorted(members, key=lambda i: (kinds.index(nodes["kind"].iloc[i]), i))
        for _, members in sorted(groups.items())
    ]
    return ordered


def node_rows(nodes: gpd.GeoDataFrame, members: list[int]) -> list[pd.Series]:
    """Return the rows of the nodes at positions ``members``."""
    return [nodes.iloc[i] for i in members]
