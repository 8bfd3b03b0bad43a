"""Geodesic lengths and tonnage attributes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import shapely
from pyproj import Geod

from routes import measure
from routes.measure import length_km
from routes.model import Project
from routes.vocabulary import CORRIDORS

GEOD = Geod(ellps="WGS84")


def _features(built: Path, name: str) -> list[dict[str, object]]:
    data = json.loads((built / "geodata" / f"{name}.geojson").read_text(encoding="utf-8"))
    features: list[dict[str, object]] = data["features"]
    return features


@pytest.mark.parametrize(
    ("start", "end", "metres"),
    [
        # GeographicLib's documented examples (npm "geographiclib" README; Rust
        # "geographiclib" crate docs): Wellington - Salamanca, Berkeley - Port Moresby.
        ((174.81, -41.32), (-5.50, 40.96), 19959679.267),
        ((-122.23558, 37.87622), (147.1597, -9.4047), 10700471.955233702),
    ],
)
def test_length_matches_geographiclib_to_the_millimetre(
    start: tuple[float, float], end: tuple[float, float], metres: float
) -> None:
    line = shapely.LineString([start, end])
    assert length_km(line) * 1000 == pytest.approx(metres, abs=0.001)
    # a pair passed lat-first by mistake gives a very different figure (or NaN)
    swapped = shapely.LineString([start[::-1], end[::-1]])
    assert not abs(length_km(swapped) * 1000 - metres) < 100_000


def test_one_degree_of_meridian() -> None:
    # The WGS84 meridian arc from 40 N to 41 N is 111.04 km (not the sphere's 111.19).
    assert length_km(shapely.LineString([(45.0, 40.0), (45.0, 41.0)])) == pytest.approx(
        111.04, abs=0.01
    )


@pytest.mark.parametrize("layer", list(CORRIDORS))
def test_reported_length_matches_the_written_geometry(built: Path, layer: str) -> None:
    for feature in _features(built, layer):
        properties = feature["properties"]
        assert isinstance(properties, dict)
        line = shapely.geometry.shape(feature["geometry"])
        assert properties["length_km"] == pytest.approx(
            GEOD.geometry_length(line) / 1000, abs=0.002
        ), properties["id"]


def test_difference_to_published_length(built: Path) -> None:
    checked = 0
    for layer in ("titr", "zangezur"):
        for feature in _features(built, layer):
            p = feature["properties"]
            assert isinstance(p, dict)
            if p["length_km_published"] is None:
                assert p["length_diff_pct"] is None
                continue
            expected = (p["length_km"] - p["length_km_published"]) / p["length_km_published"] * 100
            assert p["length_diff_pct"] == pytest.approx(expected, abs=0.05)
            checked += 1
    assert checked >= 3


def test_tonnage_arithmetic(project: Project) -> None:
    network = project.dataset
    frame = measure.legs_frame(network)
    row = frame.iloc[0].copy()
    row["volume_mt"], row["capacity_mt_per_year"], row["length_km"] = 3.0, 12.0, 500.0
    one = row.to_frame().T
    measure._add_derived(one)
    assert float(one["tonne_km_million"].iloc[0]) == pytest.approx(1500.0)
    assert float(one["utilisation"].iloc[0]) == pytest.approx(0.25)


def test_tonnage_is_null_without_volume(built: Path) -> None:
    for feature in _features(built, "titr"):
        p = feature["properties"]
        assert isinstance(p, dict)
        if p["volume_mt"] is None:
            assert p["tonne_km_million"] is None
            assert p["utilisation"] is None
        elif p["capacity_mt_per_year"] is not None:
            assert isinstance(p["utilisation"], float)
            assert math.isfinite(p["utilisation"])
