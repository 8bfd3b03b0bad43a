"""Computed lengths held against the lengths operators and agencies publish.

A rail or road leg must come within 5 % of its published length, a sea or cable
leg within 10 % (its landing points and track are rarely published). A larger gap
must be explained in the leg's ``length_note``, and a note on a leg that is within
tolerance is stale. A misplaced node or a swapped coordinate moves a length by
tens of percent and fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shapely

from routes import measure
from routes.model import Project
from routes.vocabulary import CABLE_MODES, SEA_MODES
from tests.conftest import leg_features

LAND_TOLERANCE = 0.05
WATER_TOLERANCE = 0.10


def _legs(root: Path) -> list[dict[str, Any]]:
    return [feature["properties"] for feature in leg_features(root)]


def _tolerance(mode: object) -> float:
    return WATER_TOLERANCE if mode in SEA_MODES + CABLE_MODES else LAND_TOLERANCE


def test_every_published_length_is_matched_or_explained(built: Path) -> None:
    unexplained, stale = [], []
    for leg in _legs(built):
        published = leg["length_km_published"]
        if published is None:
            assert leg["length_note"] is None, f"{leg['id']}: length_note without a length"
            continue
        assert isinstance(published, float) and isinstance(leg["length_km"], float)
        gap = leg["length_km"] / published - 1
        within = abs(gap) <= _tolerance(leg["mode"])
        report = (
            f"{leg['id']}: {leg['length_km']:.1f} km drawn, {published:g} published ({gap:+.1%})"
        )
        if not within and not leg["length_note"]:
            unexplained.append(report)
        if within and leg["length_note"]:
            stale.append(report)
    assert not unexplained, "gaps beyond tolerance without a length_note:\n" + "\n".join(
        unexplained
    )
    assert not stale, "length_note on legs within tolerance:\n" + "\n".join(stale)


@pytest.mark.parametrize(
    ("leg", "published"),
    [
        # Trend / Digital Silk Way: the Trans-Caspian fibre-optic cable, 380 km
        ("cable_sumgait_aktau", 380.0),
        # Report.az 2026: the Black Sea cable, 1,115 km subsea + 40 km on land
        ("green_blacksea_cable", 1155.0),
    ],
)
def test_length_within_tolerance(built: Path, leg: str, published: float) -> None:
    """Legs drawn from their own published points need no excuse."""
    properties = next(p for p in _legs(built) if p["id"] == leg)
    assert properties["length_km_published"] == pytest.approx(published)
    computed = properties["length_km"]
    assert isinstance(computed, float)
    assert abs(computed / published - 1) <= _tolerance(properties["mode"]), (leg, computed)
    assert properties["length_note"] is None


@pytest.mark.parametrize(
    ("leg", "start_label", "published"),
    [
        # Trend 2025 / KIAD project site: the new line from its junction at about km 12
        # of the Kars - Tbilisi line to Dilucu, 223.6 km; the leg starts at Kars station
        ("zangezur_kars_dilucu_rail", "km 0+000", 223.6),
    ],
)
def test_a_length_published_from_a_point_of_a_leg_is_matched(
    built: Path, project: Project, leg: str, start_label: str, published: float
) -> None:
    """A length published from a point along a leg holds from that point on.

    Kars - Dilucu: the figure counts the new line, which leaves the Kars - Tbilisi
    line 12 km out of Kars; the leg starts at Kars station, as its trains do.
    """
    assert project.dataset.figures_of(leg)["length_km_published"].value == published
    drawn = project.dataset.legs[leg]
    start = next(
        point
        for point, label in zip(drawn.shape, drawn.shape_labels, strict=True)
        if label.startswith(start_label)
    )
    feature = next(f for f in leg_features(built) if f["properties"]["id"] == leg)
    coords = [tuple(xy) for xy in feature["geometry"]["coordinates"]]
    part = shapely.LineString(coords[coords.index(start) :])
    km = measure.length_km(part)
    assert abs(km / published - 1) <= LAND_TOLERANCE, (leg, km)
    # the rest of the leg is what the figure leaves out: here the 12 km from Kars
    assert 5 < feature["properties"]["length_km"] - km < 20


def test_tolerance_catches_a_slipped_digit(sources_copy: Path, tmp_path: Path) -> None:
    """A landing point moved by a one-digit slip, still inside its country, is caught."""
    from routes import pipeline

    nodes = sources_copy / "nodes.csv"
    text = nodes.read_text(encoding="utf-8").replace("49.66861", "46.66861", 1)
    nodes.write_text(text, encoding="utf-8")
    pipeline.build(sources_copy.parents[1], tmp_path / "out")
    leg = next(p for p in _legs(tmp_path / "out") if p["id"] == "cable_sumgait_aktau")
    assert isinstance(leg["length_km"], float)
    assert abs(leg["length_km"] / 380.0 - 1) > WATER_TOLERANCE
