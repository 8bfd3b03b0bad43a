"""Shortest paths over water between two ports, on Natural Earth's 1:10m coast.

``searoute``'s shipping lanes have only a handful of nodes in the Caspian, so a
ferry routed on them detours by up to half its length. Here a sea leg takes the
shortest path over water instead: straight where the water allows, otherwise
from one point off the coast to the next (a visibility graph over the coast,
kept about :data:`OFFSHORE_DEG` out to sea), weighted by geodesic distance on
WGS84. A port placed on land (at a station inside the port, say) reaches open
water by the shortest straight way.

``extremitypathfinder`` computes such paths, but pins NumPy below 2 (geopandas
needs 2), and ``pyvisgraph`` is unmaintained since 2018; the few lines here use
shapely for the geometry and an A* search of their own, because networkx's
needs every edge up front, and testing every pair of coast corners for
visibility (28,000 pairs across the Black Sea) was most of the build's time.

Examples
--------
>>> path = sea_path((51.44161, 43.16477), (49.40667, 39.94833))  # Kuryk port to Alat
>>> round(geodesic_km(path))
432
"""

from __future__ import annotations

import heapq
import math
from functools import cache

import numpy as np
import shapely
import shapely.ops
from pyproj import Geod

from routes import countries

# Land is kept this far (degrees, about 3 km) off the path; the simplified coast
# may move inward by SIMPLIFY_DEG, so the path never touches Natural Earth's land.
OFFSHORE_DEG = 0.03
SIMPLIFY_DEG = 0.02
# A segment may cut this far (degrees, about 0.1 m) into the obstacle and still count
# as running along its edge: far below the accuracy of the coast.
EDGE_DEG = 1e-6
# Coast points further out of the way than this (sum of distances to the two ends,
# as a multiple of the straight distance) are left out of the search.
DETOUR = 1.4
_GEOD = Geod(ellps="WGS84")

Point = tuple[float, float]


def geodesic_km(points: list[Point]) -> float:
    """Return the geodesic length of a path of (lon, lat) points, in km."""
    lons, lats = zip(*points, strict=True)
    return float(_GEOD.line_length(lons, lats)) / 1000.0


@cache
def sea_path(start: Point, end: Point) -> list[Point]:
    """Return the shortest path over water from ``start`` to ``end`` as (lon, lat) points.

    The ends are kept as given; a port on land first goes straight out to open
    water, and between there and the other end the path bends only at points
    off the coast.
    """
    obstacle = _obstacle(start, end)
    first, last = _to_water(obstacle, start), _to_water(obstacle, end)
    found = _shortest(obstacle, first, last)
    return list(dict.fromkeys([start, *found, end]))


def _shortest(obstacle: shapely.Geometry, start: Point, end: Point) -> list[Point]:
    """Return the shortest path between two points in open water, round the obstacle.

    An A* search over the coast's corners, with the geodesic distance to the end
    as its estimate; which corners a point sees is worked out only for the points
    the search reaches, so a long crossing tests a few thousand segments, not
    every pair of corners.
    """
    inside = shapely.buffer(obstacle, -EDGE_DEG)
    shapely.prepare(inside)
    if not _blocked(shapely.linestrings([[start, end]]), inside)[0]:
        return [start, end]
    points = np.array([start, end, *_corners(obstacle, start, end)])
    lon, lat = points[:, 0], points[:, 1]
    to_end = _GEOD.inv(lon, lat, np.full(len(points), end[0]), np.full(len(points), end[1]))[2]
    best = np.full(len(points), np.inf)
    best[0] = 0.0
    previous = np.full(len(points), -1)
    done = np.zeros(len(points), dtype=np.bool_)
    queue = [(to_end[0], 0)]
    while queue:
        _, here = heapq.heappop(queue)
        if done[here]:
            continue
        if here == 1:
            found = [1]
            while found[-1] != 0:
                found.append(int(previous[found[-1]]))
            return [(float(lon[i]), float(lat[i])) for i in reversed(found)]
        done[here] = True
        others = np.flatnonzero(~done)
        segments = shapely.linestrings(
            np.stack([np.broadcast_to(points[here], (len(others), 2)), points[others]], axis=1)
        )
        seen = others[~_blocked(segments, inside)]
        metres = _GEOD.inv(
            np.full(len(seen), lon[here]), np.full(len(seen), lat[here]), lon[seen], lat[seen]
        )[2]
        shorter = best[here] + metres < best[seen]
        for node, total in zip(seen[shorter], (best[here] + metres)[shorter], strict=True):
            best[node], previous[node] = total, here
            heapq.heappush(queue, (total + to_end[node], int(node)))
    return [start, end]


def _obstacle(start: Point, end: Point) -> shapely.Geometry:
    """Return the land to keep clear of, off the coast, around two ports."""
    west, east = sorted((start[0], end[0]))
    south, north = sorted((start[1], end[1]))
    land = countries.land_in(
        math.floor(west) - 2.0,
        math.floor(south) - 2.0,
        math.ceil(east) + 2.0,
        math.ceil(north) + 2.0,
    )
    obstacle = shapely.simplify(shapely.buffer(land, OFFSHORE_DEG), SIMPLIFY_DEG)
    shapely.prepare(obstacle)
    return obstacle


def _to_water(obstacle: shapely.Geometry, port: Point) -> Point:
    """Return where a port reaches open water: itself, or the nearest point off the coast."""
    point = shapely.Point(port)
    if not obstacle.contains(point):
        return port
    water = shapely.ops.nearest_points(obstacle.boundary, point)[0]
    return (float(water.x), float(water.y))


def _blocked(segments: np.ndarray, inside: shapely.Geometry) -> np.ndarray:
    """Tell which segments cross the obstacle's inside (running along its edge is free).

    ``inside`` is the obstacle shrunk by :data:`EDGE_DEG` and prepared: a segment
    along the coast or through a corner misses it, one that cuts across land hits
    it, and a prepared ``intersects`` is fast where ``touches`` is not.
    """
    return np.asarray(shapely.intersects(inside, segments))


def _corners(obstacle: shapely.Geometry, start: Point, end: Point) -> list[Point]:
    """Return the obstacle's vertices a shortest path may bend at, near the two ends."""
    # A shortest path bends only round the land's convex corners.
    oriented = shapely.orient_polygons(obstacle)
    corners = [
        _convex(shapely.get_coordinates(ring)[:-1], outward=index == 0)
        for polygon in shapely.get_parts(oriented)
        for index, ring in enumerate((polygon.exterior, *polygon.interiors))
    ]
    coords = np.unique(np.concatenate(corners), axis=0)
    scale = math.cos(math.radians((start[1] + end[1]) / 2))

    def planar(a: np.ndarray, b: Point) -> np.ndarray:
        return np.hypot((a[:, 0] - b[0]) * scale, a[:, 1] - b[1])

    straight = float(planar(np.array([start]), end)[0])
    near = planar(coords, start) + planar(coords, end) <= DETOUR * straight
    return [(float(x), float(y)) for x, y in coords[near]]


def _convex(ring: np.ndarray, outward: bool) -> np.ndarray:
    """Return a ring's vertices that point out of its polygon (its convex corners).

    Exterior rings run counter-clockwise, interior ones clockwise; a corner of a
    hole points into the polygon when it is convex for the hole.
    """
    before, after = np.roll(ring, 1, axis=0), np.roll(ring, -1, axis=0)
    cross = (ring[:, 0] - before[:, 0]) * (after[:, 1] - ring[:, 1]) - (
        ring[:, 1] - before[:, 1]
    ) * (after[:, 0] - ring[:, 0])
    kept: np.ndarray = ring[cross > 0] if outward else ring[cross < 0]
    return kept
