"""Shaping legs: ends at the nodes, sea legs routed over water, dense geodesics."""

from __future__ import annotations

import itertools
import math

import pytest
import shapely
from pyproj import Geod

from routes import geometry
from routes.model import Dataset, Project
from routes.vocabulary import SEA_MODES

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def network(project: Project) -> Dataset:
    return project.dataset


def test_every_leg_starts_and_ends_at_its_nodes(network: Dataset) -> None:
    for leg in network.legs.values():
        line = geometry.leg_line(leg, network)
        start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
        assert line.coords[0] == pytest.approx((start.lon, start.lat), abs=1e-6), leg.id
        assert line.coords[-1] == pytest.approx((end.lon, end.lat), abs=1e-6), leg.id


def test_no_segment_is_longer_than_the_densify_step(network: Dataset) -> None:
    for leg in network.legs.values():
        coords = geometry.leg_line(leg, network).coords
        for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coords):
            km = GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000
            assert km <= geometry.MAX_SEGMENT_KM + 0.01, leg.id


def test_sea_legs_are_routed_not_straight(network: Dataset) -> None:
    sea = [leg for leg in network.legs.values() if leg.mode in SEA_MODES]
    assert sea
    for leg in sea:
        line = geometry.leg_line(leg, network)
        start, end = network.nodes[leg.from_node], network.nodes[leg.to_node]
        straight = GEOD.inv(start.lon, start.lat, end.lon, end.lat)[2]
        # searoute's path bends around coasts, so it is never shorter than the geodesic
        assert GEOD.geometry_length(line) >= straight * 0.999


def test_densify_follows_the_geodesic() -> None:
    # Aktau to Baku: every inserted vertex lies on the geodesic between the ends
    line = geometry.densify([(51.15, 43.65), (49.87, 40.38)], max_km=10)
    total = GEOD.geometry_length(shapely.LineString([(51.15, 43.65), (49.87, 40.38)]))
    assert GEOD.geometry_length(line) == pytest.approx(total, rel=1e-7)
    assert len(line.coords) == math.ceil(total / 10_000) + 1
    for lon, lat in line.coords[1:-1]:
        # on the geodesic: the detour through the vertex is (almost) nothing
        via = GEOD.inv(51.15, 43.65, lon, lat)[2] + GEOD.inv(lon, lat, 49.87, 40.38)[2]
        assert via - total < 0.05


def test_densify_drops_repeated_points() -> None:
    line = geometry.densify([(44.0, 40.0), (44.0, 40.0), (44.1, 40.1)])
    assert len(line.coords) == 2
