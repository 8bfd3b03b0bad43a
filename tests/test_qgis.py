"""The layers, the GeoPackage and the project as QGIS opens them (real PyQGIS).

PyQGIS comes from Debian's python3-qgis and runs under the system Python, so
the checks run in tests/qgis_check.py in a subprocess. Skipped where QGIS is
missing unless ROUTES_REQUIRE_QGIS=1, which CI sets. The project is opened as
QGIS desktop opens it (its map canvas fed by the layer tree), rendered through
that tree, and its print layout exported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from routes import measure, styles
from routes.vocabulary import CORRIDORS, STATUSES
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SYSTEM_PYTHON = "/usr/bin/python3"
LEG_LAYERS = sorted(CORRIDORS)
INTEGER = {"Integer", "Integer64"}
# Fewest pixels of its colour a corridor must add to a render (it has ~100 at the least).
MIN_PIXELS = 40
OSM_CREDIT = "© OpenStreetMap contributors"


def _qgis_available() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, check=False, timeout=120
    )
    return probe.returncode == 0


@pytest.fixture(scope="module")
def report(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not _qgis_available():
        if os.environ.get("ROUTES_REQUIRE_QGIS") == "1":
            pytest.fail(
                "ROUTES_REQUIRE_QGIS=1 but PyQGIS is missing (apt-get install python3-qgis)"
            )
        pytest.skip("PyQGIS is not installed (apt-get install python3-qgis)")
    folder = tmp_path_factory.mktemp("qgis")
    script = str(ROOT / "tests" / "qgis_check.py")
    colours = json.dumps({corridor: _on_white(corridor) for corridor in CORRIDORS})
    result = subprocess.run(
        [SYSTEM_PYTHON, script, str(built / "geodata"), str(folder), colours],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    data["folder"] = str(folder)
    if os.environ.get("ROUTES_UPDATE_SCREENSHOTS") == "1":
        for name, shot in (("qgis.png", "qgis.png"), ("poster.png", "qgis_poster.png")):
            (ROOT / "docs" / shot).write_bytes((folder / name).read_bytes())
    return data


def _on_white(corridor: str) -> list[int]:
    """The colour a corridor's lines take on white: its colour at the lines' opacity."""
    colour = CORRIDORS[corridor].colour
    opacity = float(str(styles.leg_style(corridor, next(iter(STATUSES)))["opacity"]))
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return [round(opacity * channel + (1 - opacity) * 255) for channel in channels]


def _features(built: Path, layer: str) -> list[dict[str, Any]]:
    data = json.loads((built / "geodata" / f"{layer}.geojson").read_text(encoding="utf-8"))
    features: list[dict[str, Any]] = data["features"]
    return features


def _expected_type(column: str) -> set[str]:
    if column == "opening_year" or (column.endswith("_year") and not column.endswith("per_year")):
        return INTEGER
    numbers = {"length_km", "length_diff_pct", "tonne_km_million", "utilisation"}
    if column in numbers or column in measure.FIGURE_COLUMNS:
        return {"Real"}
    if column == "sources":
        return {"JSON", "String"}
    return {"String"}


@pytest.mark.parametrize("source", ["geojson", "gpkg"])
@pytest.mark.parametrize("layer", [*LEG_LAYERS, "nodes"])
def test_layer_opens_styled(report: dict[str, Any], built: Path, source: str, layer: str) -> None:
    found = report[source][layer]
    features = _features(built, layer)
    assert found["valid"]
    assert found["count"] == len(features)
    assert found["geometry"] == ("Point" if layer == "nodes" else "Line")
    assert found["crs"] == "EPSG:4326"
    assert found["invalid"] == []
    # the default style is applied and draws every feature
    assert found["renderer"] == ("categorizedSymbol" if layer == "nodes" else "RuleRenderer")
    assert found["unstyled"] == []
    assert found["label_field_exists"]
    if layer == "nodes":
        assert found["labels"] == "name"
    columns = measure.node_columns() if layer == "nodes" else measure.leg_columns()
    assert set(columns) <= set(found["fields"])
    for column in columns:
        kind = found["fields"][column]
        if source == "geojson" and all(f["properties"][column] is None for f in features):
            # GeoJSON has no schema: a property null in every feature reads as text
            continue
        assert kind in _expected_type(column), (layer, column, kind)


def test_project_opens_with_every_layer(report: dict[str, Any]) -> None:
    project = report["project"]
    assert project["opened"]
    assert project["absolute_paths"] is False
    assert set(project["groups"]) >= {"Corridors", "Nodes", "Basemap"}
    assert len(project["layers"]) == len(LEG_LAYERS) + 2
    assert all(project["layers"].values()), project["layers"]


def test_every_layer_tree_node_is_a_valid_styled_layer(report: dict[str, Any], built: Path) -> None:
    """What QGIS desktop draws: the layer tree, whose nodes must find their layers."""
    nodes = report["project"]["nodes"]
    assert [node["layer"] for node in nodes if node["resolved"]] == [
        "nodes",
        *CORRIDORS,
        "wms",
    ], nodes
    ids = [node["id"] for node in nodes]
    assert len(set(ids)) == len(ids)
    # QGIS replaces an id of 10 characters or fewer with a random one on reading.
    assert all(len(layer_id) > 10 for layer_id in ids)
    for node in nodes:
        assert node["resolved"] and node["valid"] and node["checked"], node
        assert OSM_CREDIT in node["attribution"] and "ODbL 1.0" in node["licenses"]
        if node["provider"] == "wms":
            continue
        layer = node["layer"]
        assert node["group"] == ("Nodes" if layer == "nodes" else "Corridors")
        assert node["count"] == len(_features(built, layer))
        assert node["renderer"] == ("categorizedSymbol" if layer == "nodes" else "RuleRenderer")
        assert node["unstyled"] == []
        assert "Natural Earth" in node["rights"]


def test_project_opens_on_the_corridors_in_its_crs(report: dict[str, Any]) -> None:
    project = report["project"]
    # the canvas gets every checked layer of the tree, in the tree's order
    assert project["canvas_before"] == ["nodes", *CORRIDORS, "wms"]
    assert project["canvas_crs"] == "EPSG:3857"
    # it opens on the layers, not on the whole world of the basemap
    xmin, ymin, xmax, ymax = project["canvas_extent"]
    west, south, east, north = project["layers_extent"]
    assert xmin < west and ymin < south and east < xmax and north < ymax
    assert xmax - xmin < 1.5 * (east - west)
    assert project["ellipsoid"] == "EPSG:7030"


def test_render_through_the_layer_tree_draws_every_corridor(report: dict[str, Any]) -> None:
    project = report["project"]
    assert project["canvas"] == ["nodes", *CORRIDORS]  # the basemap unchecked, no network
    assert Path(report["folder"], "qgis.png").stat().st_size > 20_000
    for corridor in CORRIDORS:
        # the pixels of its colour that go when its layer-tree node is unchecked
        own = project["drawn"][corridor] - project["drawn_without"][corridor]
        assert own >= MIN_PIXELS, (corridor, project["drawn"], project["drawn_without"])


def test_poster_layout_exports(report: dict[str, Any]) -> None:
    poster = report["project"]["poster"]
    assert poster["layouts"] == ["Poster"]
    assert poster["items"] == {
        "map": "QgsLayoutItemMap",
        "legend": "QgsLayoutItemLegend",
        "scale bar": "QgsLayoutItemScaleBar",
        "title": "QgsLayoutItemLabel",
        "subtitle": "QgsLayoutItemLabel",
        "credits": "QgsLayoutItemLabel",
    }
    assert poster["page_mm"] == [420.0, 297.0]
    assert poster["map_layers"] == ["nodes", *CORRIDORS]
    assert poster["legend_layers"] == ["nodes", *CORRIDORS]
    assert poster["scale_bar_linked"] and poster["scale_bar"][2] == "km"
    assert poster["labels"]["title"] == "Eurasian corridors through the Caspian region"
    credits = poster["labels"]["credits"]
    assert OSM_CREDIT in credits and "ODbL" in credits and "Natural Earth" in credits
    assert poster["pdf"] and poster["png"]
    pdf = Path(report["folder"], "poster.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    for corridor in CORRIDORS:
        assert poster["map_drawn"][corridor] >= MIN_PIXELS, (corridor, poster["map_drawn"])


def test_project_credits_openstreetmap_and_natural_earth(report: dict[str, Any]) -> None:
    project = report["project"]
    for text in (project["copyright_label"], project["metadata"]):
        assert OSM_CREDIT in text and "ODbL" in text and "Natural Earth" in text


def test_ogrinfo_reads_every_output_without_a_warning(built: Path) -> None:
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo is None:
        if os.environ.get("ROUTES_REQUIRE_QGIS") == "1":
            pytest.fail("ROUTES_REQUIRE_QGIS=1 but ogrinfo is missing (apt-get install gdal-bin)")
        pytest.skip("ogrinfo is not installed (apt-get install gdal-bin)")
    outputs = [*sorted((built / "geodata").glob("*.geojson")), built / "geodata/corridors.gpkg"]
    for path in outputs:
        result = subprocess.run(
            [ogrinfo, "-ro", "-al", "-so", str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, (path.name, result.stderr)
        text = result.stdout + result.stderr
        assert "Warning" not in text and "ERROR" not in text, (path.name, text[:500])
