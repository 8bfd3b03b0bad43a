"""The layers, the GeoPackage and the project as QGIS opens them (real PyQGIS).

PyQGIS comes from Debian's python3-qgis and runs under the system Python, so
the checks run in tests/qgis_check.py in a subprocess. Skipped where QGIS is
missing unless ROUTES_REQUIRE_QGIS=1, which CI sets.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from routes import measure
from routes.vocabulary import CORRIDORS
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SYSTEM_PYTHON = "/usr/bin/python3"
LEG_LAYERS = sorted(CORRIDORS)
INTEGER = {"Integer", "Integer64"}


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
    png = folder / "qgis.png"
    result = subprocess.run(
        [SYSTEM_PYTHON, str(ROOT / "tests" / "qgis_check.py"), str(built / "geodata"), str(png)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    if os.environ.get("ROUTES_UPDATE_SCREENSHOTS") == "1":
        (ROOT / "docs" / "qgis.png").write_bytes(png.read_bytes())
    return data


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


def test_project_renders(report: dict[str, Any]) -> None:
    assert Path(report["png"]).stat().st_size > 20_000


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
