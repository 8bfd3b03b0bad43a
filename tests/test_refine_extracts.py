"""Refinement from the extracts people download: PBF as well as XML, clipped files, clear errors.

The shared reference data lies beside the repository (``../shared/data``); the
tests that need it are skipped, saying so, when it is absent. Nothing they use is
committed: the PBF is converted from the shared XML with pyosmium at test time.
"""

from __future__ import annotations

import csv
import shutil
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import osmium
import osmnx as ox
import pytest
import shapely
import shapely.ops

from routes import osmfile, refine
from routes.cli import main
from routes.loader import load_dataset
from routes.vocabulary import CORRIDORS
from tests.conftest import copy_project, leg_features

ROOT = Path(__file__).parents[1]
SHARED = Path(__file__).parents[2] / "shared" / "data"
AZERBAIJAN = SHARED / "osm" / "azerbaijan_railways_2026-02-26.osm.bz2"
needs_shared = pytest.mark.skipif(
    not AZERBAIJAN.is_file(),
    reason=f"the shared OSM extracts are not at {SHARED} (clone shared/ beside the repository)",
)
# The legs this extract covers (Azerbaijan, to Tbilisi, Horadiz - Aghband under construction).
COVERED = (
    "titr_alat_port_rail",
    "titr_alat_baku",
    "titr_alat_ganja",
    "titr_ganja_boyuk_kasik",
    "titr_boyuk_kasik_gardabani",
    "titr_gardabani_tbilisi",
    "titr_tbilisi_marabda",
    "zangezur_horadiz_aghband_rail",
    "zangezur_nakhchivan_rail",
)


def to_pbf(xml: Path, pbf: Path) -> None:
    """Convert an OSM XML file to PBF with pyosmium, dated like a Geofabrik extract."""
    date = refine.osm_date(xml)
    header = osmium.io.Header()
    header.set("generator", "routes tests")
    header.set("osmosis_replication_timestamp", f"{date}T00:00:00Z")
    writer = osmium.SimpleWriter(str(pbf), header=header)
    try:
        for entity in osmium.FileProcessor(str(xml)):
            if isinstance(entity, osmium.osm.Node):
                writer.add_node(entity)
            elif isinstance(entity, osmium.osm.Way):
                writer.add_way(entity)
    finally:
        writer.close()


def to_pbf_with_osm_ids(xml: Path, pbf: Path) -> None:
    """Convert to PBF as :func:`to_pbf`, with the local (negative) node ids made positive.

    Every extract downloaded from OpenStreetMap has such ids: pyosmium then
    filters the nodes in C++, a path the shared extract's local ids do not take.
    """
    header = osmium.io.Header()
    header.set("osmosis_replication_timestamp", f"{refine.osm_date(xml)}T00:00:00Z")
    writer = osmium.SimpleWriter(str(pbf), header=header)
    try:
        for entity in osmium.FileProcessor(str(xml)):
            if isinstance(entity, osmium.osm.Node):
                writer.add_node(entity.replace(id=abs(entity.id)))
            elif isinstance(entity, osmium.osm.Way):
                refs = [abs(node.ref) for node in entity.nodes]
                writer.add_way(entity.replace(nodes=refs, tags=dict(entity.tags)))
    finally:
        writer.close()


@pytest.fixture(scope="module")
def pbf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not AZERBAIJAN.is_file():
        pytest.skip(f"the shared OSM extracts are not at {SHARED}")
    path = tmp_path_factory.mktemp("osm") / "azerbaijan-latest.osm.pbf"
    to_pbf(AZERBAIJAN, path)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's sources, to refine without touching the real ones."""
    shutil.copytree(ROOT / "geodata" / "sources", tmp_path / "geodata" / "sources")
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _refined(path: Path) -> dict[str, refine.Outcome]:
    network = load_dataset(ROOT / "geodata" / "sources")
    legs = [leg for leg in network.legs.values() if leg.mode in refine.WAYS]
    data = refine.load(path, legs, network)
    return {leg.id: refine.refine_leg(leg, network, data, 10.0) for leg in legs}


@needs_shared
def test_pbf_refines_to_the_same_shapes_as_the_xml(pbf: Path) -> None:
    assert pbf.read_bytes()[:64] != AZERBAIJAN.read_bytes()[:64]
    from_xml, from_pbf = _refined(AZERBAIJAN), _refined(pbf)
    assert {leg for leg, o in from_xml.items() if o.status == "refined"} == set(COVERED)
    assert from_pbf == from_xml
    assert all(from_xml[leg].shape for leg in COVERED)


def _recorded(
    monkeypatch: pytest.MonkeyPatch, name: str, note: Callable[[tuple[Any, ...], Any], int]
) -> list[int]:
    """Wrap ``osmfile.<name>``; return the list each call adds ``note(arguments, result)`` to."""
    notes: list[int] = []
    original = getattr(osmfile, name)

    def recorded(*arguments: Any) -> Any:
        result = original(*arguments)
        notes.append(note(arguments, result))
        return result

    monkeypatch.setattr(osmfile, name, recorded)
    return notes


def _count_node_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many node ids each second (nodes-only) pass of the reader looks for."""
    return _recorded(monkeypatch, "_locations", lambda arguments, _: len(arguments[1]))


def _near_baku(path: Path) -> osmfile.Extract:
    """Return what the reader keeps of a file around Alat - Baku alone."""
    network = load_dataset(ROOT / "geodata" / "sources")
    return refine.load(path, [network.legs["titr_alat_baku"]], network).extract


def _shapes(outcomes: dict[str, refine.Outcome]) -> dict[str, tuple[str, tuple[object, ...]]]:
    return {leg: (o.status, o.shape) for leg, o in outcomes.items()}


@needs_shared
def test_a_pbf_with_osm_node_ids_refines_to_the_same_shapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "azerbaijan-osm-ids.osm.pbf"
    to_pbf_with_osm_ids(AZERBAIJAN, path)
    # the second pass, with the id filter, is what reads the nodes of such a file
    passes = _count_node_passes(monkeypatch)
    from_pbf = _refined(path)
    assert passes and passes[0] > 1000
    from_xml = _refined(AZERBAIJAN)
    assert _shapes(from_pbf) == _shapes(from_xml)
    assert all(from_pbf[leg].status == "refined" for leg in COVERED)


@needs_shared
def test_ways_reaching_beyond_the_nodes_kept_in_one_pass_get_theirs(
    pbf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = _near_baku(pbf)
    # with no margin round the legs' areas, ways crossing their bounds lack nodes
    # after the single pass; a second pass must find them
    monkeypatch.setattr(osmfile, "_MARGIN_DEG", 0.0)
    passes = _count_node_passes(monkeypatch)
    narrow = _near_baku(pbf)
    assert passes and passes[0] > 0
    assert wide.ways and narrow.ways == wide.ways and narrow.nodes == wide.nodes


@pytest.mark.parametrize("way_chunk", [osmfile._WAY_CHUNK, 1])
def test_an_xml_file_with_its_ways_before_its_nodes_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way_chunk: int
) -> None:
    # Overpass writes ways first with "out body; >; out skel qt;". With a chunk of
    # one way, the reader drops the way before its nodes come, and must read again.
    monkeypatch.setattr(osmfile, "_WAY_CHUNK", way_chunk)
    path = tmp_path / "ways-first.osm"
    path.write_text(
        '<?xml version="1.0"?>\n<osm version="0.6">\n'
        '<meta osm_base="2026-03-01T00:00:00Z"/>\n'
        '<way id="7"><nd ref="-1"/><nd ref="-2"/><nd ref="-3"/>'
        '<tag k="railway" v="rail"/><tag k="building" v="no"/></way>\n'
        '<node id="-1" lat="40.40" lon="49.80"/><node id="-2" lat="40.41" lon="49.81"/>'
        '<node id="-3" lat="40.42" lon="49.83"/>\n</osm>\n',
        encoding="utf-8",
    )
    area = shapely.box(49.7, 40.3, 49.9, 40.5)
    extract = osmfile.read(path, {"rail": [("titr", area)]})
    assert extract.date == "2026-03-01"
    assert [(way.id, way.nodes, way.tags, way.mode) for way in extract.ways] == [
        (7, (-1, -2, -3), {"railway": "rail"}, "rail")
    ]
    assert extract.ways[0].labels == {"titr"}
    assert extract.nodes == {-1: (49.8, 40.4), -2: (49.81, 40.41), -3: (49.83, 40.42)}


def test_a_file_whose_ways_all_lie_far_from_the_areas_gives_no_ways(tmp_path: Path) -> None:
    path = tmp_path / "far.osm"
    path.write_text(
        '<?xml version="1.0"?>\n<osm version="0.6">\n'
        '<meta osm_base="2026-03-01T00:00:00Z"/>\n'
        '<node id="-1" lat="1.0" lon="1.0"/><node id="-2" lat="1.1" lon="1.1"/>\n'
        '<way id="9"><nd ref="-1"/><nd ref="-2"/><tag k="railway" v="rail"/></way>\n</osm>\n',
        encoding="utf-8",
    )
    # no node of the file is kept near the area: an empty extract, not an error
    near_baku = {"rail": [("titr", shapely.box(49.7, 40.3, 49.9, 40.5))]}
    assert osmfile.read(path, near_baku).ways == []
    assert [way.id for way in osmfile.read(path).ways] == [9]


@needs_shared
def test_ways_far_from_the_legs_dropped_as_they_come_change_nothing(
    pbf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _near_baku(pbf)
    # dropped every 100 ways (a sorted file: the nodes come first), not once at the end
    monkeypatch.setattr(osmfile, "_WAY_CHUNK", 100)
    dropped = _recorded(monkeypatch, "_near", lambda arguments, kept: len(arguments[0]) - len(kept))
    chunked = _near_baku(pbf)
    assert len(dropped) > 10 and sum(dropped) > 0
    assert chunked.ways == whole.ways and chunked.nodes == whole.nodes


@needs_shared
def test_the_reader_keeps_only_the_ways_near_the_legs(pbf: Path) -> None:
    whole = osmfile.read(pbf)
    assert whole.date == "2026-02-26" and whole.name == pbf.name
    network = load_dataset(ROOT / "geodata" / "sources")
    legs = [network.legs["titr_alat_baku"]]
    data = refine.load(pbf, legs, network)
    assert 0 < len(data.extract.ways) < len(whole.ways) / 4
    area = refine.leg_area(legs[0], network, refine.buffer_km(10.0))
    for way in data.extract.ways:
        assert any(area.contains(shapely.Point(*data.extract.nodes[n])) for n in way.nodes)
    # OSMnx stays the graph model: one graph per mode, with OSMnx's attributes.
    graph = data.graphs["rail"]
    assert graph.graph["crs"] == "epsg:4326"
    u, _, edge = next(iter(graph.edges(data=True)))
    assert {"osmid", "length", "railway"} <= set(edge) and "x" in graph.nodes[u]
    ox.save_graphml(graph, Path(str(pbf) + ".graphml"))


@needs_shared
def test_write_sources_keeps_clipped_extracts_that_reproduce_the_shapes(
    pbf: Path, project: Path
) -> None:
    src = project / "geodata" / "sources"
    original = _snapshot(src)
    args = ["refine", "--corridor", "titr", "--project", str(project), "--write-sources", "--quiet"]
    assert main([*args, "--osm", str(pbf), "--out", str(project / "a")]) == 0
    clipped = project / "geodata" / "osm" / "titr_azerbaijan-latest_2026-02-26.osm.pbf"
    assert clipped.is_file() and clipped.stat().st_size < pbf.stat().st_size
    first = _snapshot(src)
    assert first != original
    cited = (src / "sources.csv").read_text(encoding="utf-8")
    assert "azerbaijan-latest.osm.pbf" in cited and "2026-02-26" in cited
    assert "ODbL" in cited and "© OpenStreetMap contributors" in cited
    # back to the original sources, then refine from the clipped file alone
    shutil.rmtree(src)
    src.mkdir()
    for name, content in original.items():
        (src / name).write_bytes(content)
    assert main([*args, "--osm", str(clipped), "--out", str(project / "b")]) == 0
    assert _snapshot(src) == first
    a, b = (project / d / "geodata" / "titr.geojson" for d in "ab")
    assert a.read_bytes() == b.read_bytes()


def _fails_cleanly(
    args: list[str], project: Path, capsys: pytest.CaptureFixture[str], *expected: str
) -> str:
    before = _snapshot(project)
    out = project / "out"
    code = main([*args, "--project", str(project), "--out", str(out), "--write-sources", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and err.startswith("routes: ")
    for text in expected:
        assert text in err
    assert _snapshot(project) == before and not out.exists()
    return err


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.osm.pbf", b"this is not a PBF file", "not an OSM file pyosmium can read"),
        ("broken.osm", b'<osm version="0.6"><node id="1" lat=', "not an OSM file"),
        ("broken.osm.bz2", b"BZh91AY&SY not really", "not an OSM file"),
        ("missing.osm.pbf", None, "no such OSM file"),
        (
            "buildings.osm",
            b'<?xml version="1.0"?>\n<osm version="0.6">\n'
            b'<node id="1" lat="40.4" lon="49.8"/><node id="2" lat="40.5" lon="49.9"/>\n'
            b'<way id="3"><nd ref="1"/><nd ref="2"/><tag k="building" v="yes"/></way>\n</osm>\n',
            "no railway, main road, power line or pipeline way",
        ),
    ],
)
def test_an_unusable_osm_file_is_refused_cleanly(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | None,
    expected: str,
) -> None:
    path = project / name
    if content is not None:
        path.write_bytes(content)
    _fails_cleanly(["refine", "--osm", str(path)], project, capsys, str(path), expected)


def test_an_unknown_corridor_is_refused_with_the_valid_names(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "none.osm"
    path.write_bytes(b"not read: the corridor is checked first")
    err = _fails_cleanly(
        ["refine", "--osm", str(path), "--corridor", "midle"], project, capsys, "'midle'"
    )
    for corridor in CORRIDORS:
        assert corridor in err


def _closed_port() -> int:
    """Return a loopback port that nothing listens on (tests send nothing off this machine)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_overpass_without_network_says_so_within_ten_seconds(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/api"
    monkeypatch.setattr(ox.settings, "overpass_url", url)
    monkeypatch.setattr(ox.settings, "cache_folder", str(project / "cache"))
    start = time.monotonic()
    _fails_cleanly(
        ["refine", "--overpass", "--corridor", "zangezur"],
        project,
        capsys,
        "could not be reached",
        "nothing was changed",
    )
    assert time.monotonic() - start < 10.0


def test_the_committed_clipped_extracts_reproduce_the_refined_shapes(tmp_path: Path) -> None:
    """Refining from geodata/osm/ alone, offline, rewrites the sources byte for byte."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "geodata" / "osm", project / "geodata" / "osm")
    src = project / "geodata" / "sources"
    before = _snapshot(src)
    extracts = sorted((ROOT / "geodata" / "osm").glob("*.osm.pbf"))
    assert extracts, "no clipped extract is committed"
    for path in extracts:
        args = ["refine", "--osm", str(path), "--project", str(project), "--quiet"]
        assert main([*args, "--out", str(tmp_path / "out"), "--write-sources"]) == 0
    assert _snapshot(src) == before
    surveyed = [
        line
        for line in (src / "legs.csv").read_text(encoding="utf-8").splitlines()
        if ",surveyed," in line
    ]
    assert len(surveyed) >= 10


def test_refined_legs_stay_on_their_osm_track() -> None:
    """Every vertex of a leg refined from OpenStreetMap lies within 200 m of the track.

    It reads the committed layers, which another test holds equal to a fresh build.
    """
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    tracks, cited = [], set()
    for path in sorted((ROOT / "geodata" / "osm").glob("*.osm.pbf")):
        extract = osmfile.read(path)
        cited.add(refine.osm_source(extract.name, extract.date).id)
        tracks += [
            shapely.LineString([extract.nodes[ref] for ref in way.nodes])
            for way in extract.ways
            if len(way.nodes) > 1
        ]
    track = shapely.union_all(tracks)
    with (ROOT / "geodata" / "sources" / "legs.csv").open(encoding="utf-8") as legs:
        # refined from the extracts kept here, not drawn along a route or through stations
        from_osm = {row["id"] for row in csv.DictReader(legs) if row["geometry_source"] in cited}
    assert len(from_osm) >= 10
    checked = 0
    for feature in leg_features(ROOT):
        if feature["properties"]["id"] not in from_osm:
            continue
        line = shapely.geometry.shape(feature["geometry"])
        # the leg keeps its own end nodes, joined to the track: check the track part
        for lon, lat in list(line.coords)[2:-2]:
            nearest = shapely.ops.nearest_points(track, shapely.Point(lon, lat))[0]
            metres = geod.inv(lon, lat, nearest.x, nearest.y)[2]
            assert metres <= 200, (feature["properties"]["id"], lon, lat, metres)
            checked += 1
    assert checked > 1000
