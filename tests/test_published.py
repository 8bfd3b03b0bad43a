"""Computed lengths held against lengths published by operators and agencies.

A leg drawn through the stations (or landing points) it passes is a chain of
chords of the real alignment, so it comes out shorter than the track by the
curvature the chords skip: a few percent on these legs. It cannot come out
much longer; only node placement at a town centre rather than the station can
add a little. So the drawn length must lie between 8 % below and 2 % above the
published one. A misplaced node or a swapped coordinate moves a leg's length by
tens of percent and fails this.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# leg id -> (published km, where it is published)
PUBLISHED = {
    # Georgian Railway's Marabda-Kartsakhi Railway: 26.142 km of 1435 mm track
    "titr_akhalkalaki_kartsakhi": 26.142,
    # Kazakh Wikipedia, Aktogay-Dostyk railway: 304 km
    "kaz_rail_dostyk_aktogay": 304.0,
    # Trend / Digital Silk Way: the Trans-Caspian fibre-optic cable, 380 km
    "cable_sumgait_aktau": 380.0,
}


@pytest.fixture(scope="module")
def legs(built: Path) -> dict[str, dict[str, object]]:
    found = {}
    for layer in ("titr", "caspian_cable"):
        data = json.loads((built / "geodata" / f"{layer}.geojson").read_text(encoding="utf-8"))
        found.update({f["properties"]["id"]: f["properties"] for f in data["features"]})
    return found


@pytest.mark.parametrize(("leg", "published"), PUBLISHED.items())
def test_length_against_published(
    legs: dict[str, dict[str, object]], leg: str, published: float
) -> None:
    properties = legs[leg]
    assert properties["length_km_published"] == pytest.approx(published)
    computed = properties["length_km"]
    assert isinstance(computed, float)
    assert published * 0.92 <= computed <= published * 1.02, (leg, computed, published)
