"""Refinement from OpenStreetMap, on small OSM files the tests write themselves."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import osmnx as ox
import pytest
import shapely

from routes import measure, refine
from routes.cli import main
from routes.loader import load_dataset

# A railway in the Kazakh steppe from A to B that bends north (about 6 km off the
# straight line), a straight road beside it, a branch line at a junction, and a
# second railway C - D with a gap in it.
OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="routes tests">
  <meta osm_base="2025-06-01T00:00:00Z"/>
  <node id="1" lat="47.0" lon="66.001"/>
  <node id="2" lat="47.03" lon="66.1"/>
  <node id="3" lat="47.055" lon="66.2"/>
  <node id="4" lat="47.03" lon="66.3"/>
  <node id="5" lat="47.0" lon="66.399"/>
  <node id="6" lat="47.3" lon="66.25"/>
  <node id="11" lat="47.0" lon="66.0"/>
  <node id="12" lat="47.0" lon="66.2"/>
  <node id="13" lat="47.0" lon="66.4"/>
  <node id="21" lat="46.5" lon="66.0"/>
  <node id="22" lat="46.5" lon="66.15"/>
  <node id="23" lat="46.5" lon="66.25"/>
  <node id="24" lat="46.5" lon="66.4"/>
  <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="5"/>
    <tag k="railway" v="rail"/><tag k="gauge" v="1520"/><tag k="name" v="Test railway"/></way>
  <way id="101"><nd ref="3"/><nd ref="6"/><tag k="railway" v="rail"/></way>
  <way id="102"><nd ref="11"/><nd ref="12"/><nd ref="13"/><tag k="highway" v="trunk"/></way>
  <way id="103"><nd ref="21"/><nd ref="22"/><tag k="railway" v="rail"/></way>
  <way id="104"><nd ref="23"/><nd ref="24"/><tag k="railway" v="rail"/></way>
</osm>
"""
NODES = [
    ("a", 66.0, 47.0),
    ("b", 66.4, 47.0),
    ("c", 66.0, 46.5),
    ("d", 66.4, 46.5),
    ("e", 70.0, 48.0),
    ("f", 70.3, 48.0),
]
LEGS = [("ab", "a", "b"), ("cd", "c", "d"), ("ef", "e", "f")]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small valid source set beside the OSM file."""
    src = tmp_path / "geodata" / "sources"
    src.mkdir(parents=True)
    (src / "sources.csv").write_text(
        "id,title,publisher,url,date,accessed\n"
        "test,Test source,Tests,https://example.org/test,2025-01-01,2025-01-01\n",
        encoding="utf-8",
    )
    (src / "nodes.csv").write_text(
        "id,name,kind,country,lon,lat,source,note\n"
        + "".join(f"{n},Station {n.upper()},station,KAZ,{x},{y},test,\n" for n, x, y in NODES),
        encoding="utf-8",
    )
    (src / "legs.csv").write_text(
        "id,corridor,name,from_node,to_node,mode,status,opening_year,operator,"
        "geometry_accuracy,source,note,length_note\n"
        + "".join(
            f"{leg},titr,Leg {leg},{a},{b},rail,operating,,,stations,test,,\n" for leg, a, b in LEGS
        ),
        encoding="utf-8",
    )
    (src / "shapes.csv").write_text(
        "leg,seq,lon,lat,label\nab,1,66.2,47.04,junction\n", encoding="utf-8"
    )
    (src / "figures.csv").write_text("record,field,value,unit,year,source,note\n", encoding="utf-8")
    (src / "parameters.csv").write_text("parameter,applies_to,value,unit,source,note\n")
    (src / "comparison.csv").write_text(
        "route,measure,value,value_high,unit,year,source,note\n", encoding="utf-8"
    )
    (tmp_path / "test.osm").write_text(OSM, encoding="utf-8")
    return tmp_path


def _outcomes(folder: Path, tolerance: float = 10.0) -> dict[str, refine.Outcome]:
    network = load_dataset(folder / "geodata" / "sources")
    osm = refine.load_osm(folder / "test.osm")
    return {
        leg.id: refine.refine_leg(leg, network, osm, tolerance) for leg in network.legs.values()
    }


def test_refinement_follows_the_track_not_the_road(folder: Path) -> None:
    found = _outcomes(folder)["ab"]
    assert found.status == "refined"
    # the track bends north of the straight road: every kept vertex lies on the railway
    railway = shapely.LineString(
        [(66.001, 47.0), (66.1, 47.03), (66.2, 47.055), (66.3, 47.03), (66.399, 47.0)]
    )
    for lon, lat in found.shape:
        assert railway.distance(shapely.Point(lon, lat)) < 1e-6
    assert max(lat for _, lat in found.shape) == pytest.approx(47.055)
    assert found.new_km is not None and found.new_km > found.old_km


def test_gap_and_uncovered_legs_are_reported_and_left_alone(folder: Path) -> None:
    found = _outcomes(folder)
    assert found["cd"].status == "no path" and not found["cd"].shape
    assert found["ef"].status == "not covered" and "within 5 km" in found["ef"].detail


def test_ways_that_end_a_few_hundred_metres_apart_are_joined(folder: Path) -> None:
    """An export that lost a shared node: the gap is joined straight, and said so."""
    osm = folder / "test.osm"
    osm.write_text(OSM.replace('lat="46.5" lon="66.25"', 'lat="46.5" lon="66.16"'))
    found = _outcomes(folder)["cd"]
    assert found.status == "refined"
    assert found.detail == "follows the OSM track, joining 1 gap (0.77 km)"
    # the path runs 66.0 -> 66.15 -> (joined) 66.16 -> 66.4, not back along itself
    lons = [lon for lon, _ in found.shape]
    assert lons == sorted(lons)
    # the track that needs no join is refined as before
    assert _outcomes(folder)["ab"].detail == "follows the OSM track"


def test_a_path_beyond_the_tolerance_is_refused(folder: Path) -> None:
    found = _outcomes(folder, tolerance=1.0)["ab"]
    assert found.status == "strays"
    assert found.deviation_km is not None and found.deviation_km > 1.0


def test_cli_writes_refined_layers_with_geodesic_lengths_and_keeps_ends(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = folder / "geodata" / "sources"
    out = folder / "refined"
    args = [
        "refine",
        "--osm",
        str(folder / "test.osm"),
        "--project",
        str(folder),
        "--out",
        str(out),
    ]
    assert main([*args, "--quiet"]) == 0
    table = capsys.readouterr().out
    assert "ab" in table and "refined" in table and "no path" in table and "not covered" in table
    layer = json.loads((out / "geodata" / "titr.geojson").read_text(encoding="utf-8"))
    feature = next(f for f in layer["features"] if f["properties"]["id"] == "ab")
    line = shapely.geometry.shape(feature["geometry"])
    assert line.coords[0] == (66.0, 47.0) and line.coords[-1] == (66.4, 47.0)
    assert feature["properties"]["length_km"] == pytest.approx(measure.length_km(line), abs=0.002)
    assert feature["properties"]["geometry_accuracy"] == "surveyed"
    cited = feature["properties"]["sources"]
    assert any("OpenStreetMap" in s["title"] and s["date"] == "2025-06-01" for s in cited)
    # the sources are untouched without --write-sources
    assert "surveyed" not in (src / "legs.csv").read_text(encoding="utf-8")


def test_write_sources_makes_a_normal_build_reproduce_it(folder: Path) -> None:
    refined_out, built_out = folder / "refined", folder / "built"
    assert (
        main(
            [
                "refine",
                "--osm",
                str(folder / "test.osm"),
                "--project",
                str(folder),
                "--out",
                str(refined_out),
                "--write-sources",
                "--quiet",
            ]
        )
        == 0
    )
    assert main(["build", "--quiet", "--project", str(folder), "--out", str(built_out)]) == 0
    refined = json.loads((refined_out / "geodata" / "titr.geojson").read_text(encoding="utf-8"))
    built = json.loads((built_out / "geodata" / "titr.geojson").read_text(encoding="utf-8"))
    assert refined["features"] == built["features"]


def test_overpass_without_network_says_so_and_changes_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # nothing listens on this port: the request is refused at once
    monkeypatch.setattr(ox.settings, "overpass_url", "http://127.0.0.1:9/api")
    monkeypatch.setattr(ox.settings, "cache_folder", str(folder / "cache"))
    monkeypatch.setattr(ox.settings, "overpass_rate_limit", False)
    src = folder / "geodata" / "sources"
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    code = main(
        ["refine", "--overpass", "--project", str(folder), "--out", str(folder / "o"), "--quiet"]
    )
    assert code == 2
    assert "could not be reached" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before
    assert not (folder / "o").exists()


def _routes_file(folder: Path) -> Path:
    """Two published routes: one bending north between e and f, one far away."""
    path = folder / "routes.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "far"},
                        "geometry": {"type": "LineString", "coordinates": [[60, 40], [61, 40]]},
                    },
                    {
                        "type": "Feature",
                        "properties": {"name": "ef route"},
                        "geometry": {
                            "type": "LineString",
                            # starts a little before e, bends north, ends beyond f
                            "coordinates": [[69.98, 48.0], [70.15, 48.05], [70.32, 48.0]],
                        },
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    return path


def test_a_published_route_replaces_a_leg_cut_to_its_ends(folder: Path) -> None:
    network = load_dataset(folder / "geodata" / "sources")
    lines = refine.read_lines(_routes_file(folder))
    outcome = refine.follow_line(network.legs["ef"], network, lines, 10.0)
    assert outcome.status == "refined"
    # the bend is kept, the route's ends beyond the nodes are cut off
    assert (70.15, 48.05) in outcome.shape
    assert all(70.0 <= lon <= 70.3 for lon, _ in outcome.shape)
    assert outcome.new_km is not None and outcome.new_km > outcome.old_km


def test_cli_line_cites_its_document_and_keeps_the_leg_source(folder: Path) -> None:
    src = folder / "geodata" / "sources"
    path = _routes_file(folder)
    args = ["refine", "--line", str(path), "--leg", "ef", "--cite", "test", "--quiet"]
    assert main([*args, "--project", str(folder), "--out", str(folder / "o")]) == 0
    assert not (src / "shapes.csv").read_text(encoding="utf-8").count("ef,")
    assert (
        main([*args, "--project", str(folder), "--out", str(folder / "o"), "--write-sources"]) == 0
    )
    legs = (src / "legs.csv").read_text(encoding="utf-8")
    ef = next(line for line in legs.splitlines() if line.startswith("ef,"))
    assert ",surveyed," in ef and ef.endswith(",test") and ",test," in ef
    assert (src / "shapes.csv").read_text(encoding="utf-8").count("ef,") >= 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--leg", "nowhere", "--cite", "test"], "--leg"),
        (["--leg", "ef", "--cite", "nowhere"], "--cite"),
    ],
)
def test_cli_line_misuse_is_a_clear_error(
    folder: Path, args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _routes_file(folder)
    code = main(["refine", "--line", str(path), *args, "--project", str(folder), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_lines_and_stations_draw_a_leg_through_each_station_in_order(folder: Path) -> None:
    lines = folder / "lines.geojson"
    lines.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [
                                [70.0, 48.0],
                                [70.1, 48.04],
                                [70.2, 48.04],
                                [70.3, 48.0],
                            ],
                        },
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    stations = folder / "stations.geojson"
    points = [(2, "B", 70.2, 48.045), (1, "A", 70.1, 48.035), (9, "Far", 70.15, 48.5)]
    stations.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"osm_node": key, "name": name, "railway": "station"},
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    }
                    for key, name, lon, lat in points
                ],
            }
        ),
        encoding="utf-8",
    )
    args = ["refine", "--lines", str(lines), "--cite", "test", "--stations", str(stations)]
    args += ["--cite-stations", "test", "--project", str(folder), "--quiet", "--write-sources"]
    assert main([*args, "--out", str(folder / "o")]) == 0
    shapes = (folder / "geodata" / "sources" / "shapes.csv").read_text(encoding="utf-8")
    ef = [line for line in shapes.splitlines() if line.startswith("ef,")]
    labels = [line.rsplit(",", 1)[1] for line in ef if line.rsplit(",", 1)[1]]
    assert labels == ["osm:1 A", "osm:2 B"]  # in travel order, the far one left out
    legs = (folder / "geodata" / "sources" / "legs.csv").read_text(encoding="utf-8")
    assert next(line for line in legs.splitlines() if line.startswith("ef,")).count(",stations,")


def _station_files(folder: Path) -> tuple[Path, Path]:
    """Two station exports: an Overpass one (a station) and a Geofabrik one (a halt)."""
    overpass, geofabrik = folder / "stations.geojson", folder / "halts.geojson"
    for path, points in (
        (overpass, [({"osm_node": 1, "name": "Ақтау", "railway": "station"}, 70.1, 48.2)]),
        (
            geofabrik,
            [
                ({"osm_id": "2", "name": "разъезд 7", "osm_fclass": "railway_halt"}, 70.2, 48.1),
                # the same name on another line, far from the leg
                ({"osm_id": "3", "name": "разъезд 7", "osm_fclass": "railway_halt"}, 75.0, 40.0),
            ],
        ),
    ):
        features = [
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
            for properties, lon, lat in points
        ]
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return overpass, geofabrik


def test_via_draws_a_leg_through_the_named_stations_in_the_order_given(folder: Path) -> None:
    overpass, geofabrik = _station_files(folder)
    args = ["refine", "--leg", "ef", "--via", "Aktau;osm:2", "--tolerance", "50"]
    args += ["--stations", str(overpass), "--cite-stations", "test"]
    args += ["--stations", str(geofabrik), "--cite-stations", "test"]
    args += ["--project", str(folder), "--quiet", "--write-sources", "--out", str(folder / "o")]
    assert main(args) == 0
    shapes = (folder / "geodata" / "sources" / "shapes.csv").read_text(encoding="utf-8")
    ef = [line for line in shapes.splitlines() if line.startswith("ef,")]
    # the spelling is folded as route folds it; the halt is read too
    assert ef == [
        "ef,1,70.100000,48.200000,osm:1 Ақтау",
        "ef,2,70.200000,48.100000,osm:2 разъезд 7",
    ]
    legs = (folder / "geodata" / "sources" / "legs.csv").read_text(encoding="utf-8")
    assert next(line for line in legs.splitlines() if line.startswith("ef,")).count(",stations,")


def test_via_takes_the_station_of_that_name_nearest_the_leg(folder: Path) -> None:
    _, geofabrik = _station_files(folder)
    network = load_dataset(folder / "geodata" / "sources")
    stations = refine.read_stations(geofabrik, halts=True)
    outcome = refine.via_stations(network.legs["ef"], network, stations, ["Разъезд 7"], 50.0)
    assert outcome.shape == ((70.2, 48.1),) and outcome.labels == ("osm:2 разъезд 7",)
    assert refine.read_stations(geofabrik) == []  # halts only when asked for


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--via", "Nowhere"], "'Nowhere'"),
        (["--via", "Aktau"], "--stations"),
        (["--via", "Aktau", "--stations", "S"], "--cite-stations"),
        (["--via", "Aktau", "--stations", "S", "--cite-stations", "nope"], "'nope'"),
    ],
)
def test_via_misuse_is_a_clear_error(
    folder: Path, extra: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    overpass, _ = _station_files(folder)
    extra = [str(overpass) if arg == "S" else arg for arg in extra]
    if "--stations" not in extra and words != "--stations":
        extra += ["--stations", str(overpass), "--cite-stations", "test"]
    before = (folder / "geodata" / "sources" / "shapes.csv").read_bytes()
    args = ["refine", "--leg", "ef", *extra, "--project", str(folder), "--write-sources"]
    assert main([*args, "--quiet", "--out", str(folder / "o")]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert (folder / "geodata" / "sources" / "shapes.csv").read_bytes() == before


def test_loose_refine_passes_by_a_town_no_way_comes_near(folder: Path) -> None:
    network = load_dataset(folder / "geodata" / "sources")
    osm = refine.load_osm(folder / "test.osm")
    far = dataclasses.replace(network.legs["ab"], shape=((66.2, 47.6),))  # 60 km off the track
    assert refine.refine_leg(far, network, osm, 80.0).status == "not covered"
    assert refine.refine_leg(far, network, osm, 80.0, loose=True).status == "refined"
