"""Where the drawn legs and nodes lie, checked against Natural Earth's 1:10m land.

Land legs must not cross the Caspian or the Black Sea, and sea and cable legs
must not cut across land. Natural Earth's coast is generalised, so a line along
the shore may stray up to ``countries.COAST_KM`` over it, and a port or landing
point located only by its town may reach the water by a landfall of up to
``countries.LANDFALL_KM``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from pyproj import Geod

from routes import countries
from routes.model import Project
from routes.vocabulary import CABLE_MODES, LAND_MODES, SEA_MODES
from tests.conftest import leg_features

# Ferries round the Absheron peninsula and out of Turkmenbashi Bay add a third at most.
MAX_DETOUR = 1.5


def _describe(leg: str, stretch: countries.Stretch) -> str:
    lon, lat = stretch.part.coords[0]
    where = f"({lon:.3f}, {lat:.3f})"
    return (
        f"{leg}: {stretch.length_km:.1f} km from {where}, {stretch.reach_km:.1f} km off the coast"
    )


@pytest.mark.parametrize("over_water", [False, True], ids=["land legs", "sea and cable legs"])
def test_legs_keep_to_their_medium(built: Path, over_water: bool) -> None:
    wrong = []
    for feature in leg_features(built):
        properties = feature["properties"]
        assert isinstance(properties, dict)
        if (properties["mode"] in SEA_MODES + CABLE_MODES) != over_water:
            continue
        line = shapely.geometry.shape(feature["geometry"])
        wrong += [_describe(properties["id"], s) for s in countries.crossings(line, over_water)]
    assert not wrong, "\n".join(wrong)


def test_ships_sail_over_water_but_for_their_first_and_last_5_km(built: Path) -> None:
    """A port placed at its station or settlement reaches the water within 5 km."""
    ashore = []
    for feature in leg_features(built):
        if feature["properties"]["mode"] not in SEA_MODES:
            continue
        line = shapely.geometry.shape(feature["geometry"])
        ends = [shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])]
        for stretch in countries.stretches(line, "land"):
            at_end = any(stretch.part.distance(end) < 1e-9 for end in ends)
            if not at_end or stretch.length_km > 5.0:
                ashore.append(_describe(feature["properties"]["id"], stretch))
    assert not ashore, "\n".join(ashore)


def test_crossing_the_caspian_by_rail_is_caught() -> None:
    baku_to_aktau = shapely.LineString([(49.85, 40.38), (51.17, 43.65)])
    assert countries.crossings(baku_to_aktau, over_water=False)


def test_a_ferry_across_a_peninsula_is_caught() -> None:
    # Alat straight to Sumgait cuts across the Absheron peninsula west of Baku
    across_absheron = shapely.LineString([(49.45, 39.97), (49.62, 40.62)])
    found = countries.crossings(across_absheron, over_water=True)
    assert found and max(s.reach_km for s in found) > countries.LANDFALL_KM


def test_a_landfall_at_a_town_port_is_allowed() -> None:
    # Aktau town centre out to the open Caspian: under 3 km of land, then water
    out_of_aktau = shapely.LineString([(51.17222, 43.64806), (50.9, 43.6)])
    assert not countries.crossings(out_of_aktau, over_water=True)


def test_every_node_lies_in_its_country(project: Project) -> None:
    network = project.dataset
    misplaced = {
        node.id: problem
        for node in network.nodes.values()
        if (problem := countries.check_placement(node.lon, node.lat, node.country))
    }
    assert not misplaced
    # The narrow Araz valley: Meghri sits within a few km of Iran and Azerbaijan
    assert (
        countries.distance_km(network.nodes["meghri"].lon, network.nodes["meghri"].lat, "ARM") == 0
    )


def test_sea_legs_take_no_detour(built: Path) -> None:
    """A lane entry on the wrong side of the sea once sent a 500 km tanker leg 1,300 km."""
    geod = Geod(ellps="WGS84")
    detours = []
    for feature in leg_features(built):
        properties = feature["properties"]
        assert isinstance(properties, dict)
        if properties["mode"] not in SEA_MODES + CABLE_MODES:
            continue
        line = shapely.geometry.shape(feature["geometry"])
        (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
        straight_km = geod.inv(x0, y0, x1, y1)[2] / 1000
        if properties["length_km"] > MAX_DETOUR * straight_km:
            detours.append(
                f"{properties['id']}: {properties['length_km']} km for {straight_km:.0f}"
            )
    assert not detours, "\n".join(detours)


def test_btc_lists_the_countries_it_was_routed_through(built: Path) -> None:
    """The pipeline famously routed round Armenia reads AZE;GEO;TUR, drawn on its mapped route."""
    btc = next(f for f in leg_features(built) if f["properties"]["id"] == "oil_btc_pipeline")
    assert btc["properties"]["countries"] == "AZE;GEO;TUR"
    assert btc["properties"]["geometry_accuracy"] == "surveyed"


def test_no_operating_land_leg_is_indicative(built: Path) -> None:
    """An operating rail, road or pipeline leg is drawn on its track or through its stations."""
    straight = [
        f["properties"]["id"]
        for f in leg_features(built)
        if f["properties"]["mode"] in LAND_MODES
        and f["properties"]["status"] == "operating"
        and f["properties"]["geometry_accuracy"] == "indicative"
    ]
    assert not straight


def test_no_leg_lists_a_country_it_barely_touches(built: Path, project: Project) -> None:
    """A country a leg lists holds one of its ends or more than 5 km of its length."""
    geod = Geod(ellps="WGS84")
    nodes = project.dataset.nodes
    touched = []
    for feature in leg_features(built):
        leg = project.dataset.legs[feature["properties"]["id"]]
        ends = {nodes[leg.from_node].country, nodes[leg.to_node].country}
        line = shapely.geometry.shape(feature["geometry"])
        for code in feature["properties"]["countries"].split(";"):
            km = geod.geometry_length(line.intersection(countries.outline(code))) / 1000
            if code not in ends and km <= 5.0:
                touched.append(f"{leg.id}: {code} ({km:.1f} km)")
    assert not touched


def test_a_leg_passes_every_station_it_names(built: Path) -> None:
    """Shape points labelled with an OSM station id are stations the drawn leg passes."""
    import csv

    geod = Geod(ellps="WGS84")
    lines = {
        f["properties"]["id"]: shapely.geometry.shape(f["geometry"]) for f in leg_features(built)
    }
    path = Path(__file__).parents[1] / "geodata" / "sources" / "shapes.csv"
    named = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["label"].startswith("osm:"):
                continue
            named += 1
            point = shapely.Point(float(row["lon"]), float(row["lat"]))
            line = lines[row["leg"]]
            nearest = line.interpolate(line.project(point))
            km = geod.inv(point.x, point.y, nearest.x, nearest.y)[2] / 1000
            assert km <= 1.0, (row["leg"], row["label"], km)
    assert named >= 100


@pytest.mark.parametrize(
    ("leg", "expected"),
    [
        ("oil_btc_pipeline", "AZE;GEO;TUR"),
        ("zangezur_horadiz_aghband_rail", "AZE"),
        ("zangezur_nakhchivan_rail", "AZE"),
        ("zangezur_armenia_tripp_rail", "AZE;ARM"),
        ("kaz_rail_shu_arys", "KAZ;KGZ"),  # the Turksib runs through Maymak, in Kyrgyzstan
        ("kaz_rail_zhanaozen_serhetyaka", "KAZ;TKM"),  # to the first station across the border
        ("kaz_rail_serhetyaka_bereket", "TKM"),
        ("titr_kartsakhi_kars", "GEO;TUR"),
    ],
)
def test_legs_list_exactly_the_countries_they_cross(built: Path, leg: str, expected: str) -> None:
    """The Araz valley's border, generalised by Natural Earth, adds no country to a leg."""
    feature = next(f for f in leg_features(built) if f["properties"]["id"] == leg)
    assert feature["properties"]["countries"] == expected


# OpenStreetMap positions, as in ../shared/data/places.csv: the station of Kuryk
# port's ferry complex (node 11910129790) and Marabda station (node 10781805793).
@pytest.mark.parametrize(
    ("node", "lon", "lat"),
    [("kuryk_port", 51.4416095, 43.1647749), ("marabda", 44.8031903, 41.5464014)],
)
def test_nodes_sit_at_their_openstreetmap_station(
    project: Project, node: str, lon: float, lat: float
) -> None:
    placed = project.dataset.nodes[node]
    metres = Geod(ellps="WGS84").inv(placed.lon, placed.lat, lon, lat)[2]
    assert metres <= 1000, f"{node} is {metres:.0f} m from its OpenStreetMap station"


def test_marabda_is_the_junction_the_kars_line_leaves_from(project: Project) -> None:
    """Baku - Tbilisi - Kars trains leave the Tbilisi - Gyumri line at the Marabda node."""
    legs = project.dataset.legs.values()
    assert {leg.id for leg in legs if leg.to_node == "marabda"} == {"titr_tbilisi_marabda"}
    assert {leg.id for leg in legs if leg.from_node == "marabda"} == {"titr_marabda_akhalkalaki"}
