"""Shape each leg as a WGS84 LineString.

Land legs run through their shape points, sea legs leave harbour through theirs
and take the shortest path on over water (:mod:`routes.seaways`), cables follow their published
landing points and route. Every segment longer than :data:`MAX_SEGMENT_KM` is
densified along the geodesic, so the straight screen segments Leaflet draws stay
on the line whose length is reported.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString

from routes.model import Dataset, Leg
from routes.seaways import sea_path
from routes.vocabulary import SEA_MODES

MAX_SEGMENT_KM = 20.0
# Six decimals (about 0.1 m) is what the GeoJSON layers keep; lengths are
# measured on the rounded coordinates so they match the written geometry.
DECIMALS = 6
_GEOD = Geod(ellps="WGS84")


def leg_line(leg: Leg, network: Dataset) -> LineString:
    """Return the densified geometry of one leg, from its from_node to its to_node.

    Examples
    --------
    >>> from routes.loader import load_dataset
    >>> network = load_dataset("geodata/sources")
    >>> line = leg_line(network.legs["kaz_ferry_aktau_alat"], network)
    >>> line.coords[0] == (network.nodes["aktau_port"].lon, network.nodes["aktau_port"].lat)
    True
    """
    start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
    if leg.mode in SEA_MODES:
        way_out = [(start.lon, start.lat), *leg.shape]
        points = [*way_out[:-1], *sea_path(way_out[-1], (end.lon, end.lat))]
    else:
        points = [(start.lon, start.lat), *leg.shape, (end.lon, end.lat)]
    return densify(points)


def densify(points: list[tuple[float, float]], max_km: float = MAX_SEGMENT_KM) -> LineString:
    """Join points by geodesics, adding a vertex at least every ``max_km``.

    Parameters
    ----------
    points
        ``(lon, lat)`` pairs in order.
    max_km
        Longest segment kept without intermediate vertices.

    Returns
    -------
    LineString
        Coordinates rounded to :data:`DECIMALS`, consecutive duplicates removed.

    Examples
    --------
    >>> line = densify([(49.8, 40.4), (51.2, 43.6)], max_km=50)
    >>> len(line.coords)
    9
    """
    lon, lat = np.asarray(points, dtype=float).reshape(-1, 2).T
    # every segment's length in one call; only the long ones get vertices added
    distance_km = _GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])[2] / 1000.0
    extras = np.ceil(distance_km / max_km).astype(int) - 1
    out: list[tuple[float, float]] = [points[0]]
    for (lon1, lat1), (lon2, lat2), extra in zip(
        points[:-1], points[1:], extras.tolist(), strict=True
    ):
        if extra > 0:
            out.extend(_GEOD.npts(lon1, lat1, lon2, lat2, extra))
        out.append((lon2, lat2))
    rounded = np.round(np.asarray(out, dtype=float), DECIMALS)
    keep = np.ones(len(rounded), dtype=bool)
    keep[1:] = np.any(rounded[1:] != rounded[:-1], axis=1)
    return shapely.LineString(rounded[keep])
