from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from routes import pipeline
from routes.loader import load_project
from routes.model import Project
from routes.vocabulary import CORRIDORS

# Run by QGIS's own Python from test_qgis.py, not collected.
collect_ignore = ["qgis_check.py"]

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "geodata" / "sources"


def copy_project(target: Path) -> Path:
    """Copy the shipped sources and scenarios into a new project folder ``target``."""
    shutil.copytree(SOURCES, target / "geodata" / "sources")
    shutil.copytree(ROOT / "geodata" / "scenarios", target / "geodata" / "scenarios")
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped project (sources and scenarios, nothing built)."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def sources_copy(project_copy: Path) -> Path:
    """The sources folder of a writable project copy."""
    return project_copy / "geodata" / "sources"


@pytest.fixture(scope="session")
def project() -> Project:
    """The shipped project, loaded once."""
    return load_project(ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    """One fresh build of the shipped sources, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("build")
    pipeline.build(project, out)
    return out


def leg_features(root: Path) -> list[dict[str, Any]]:
    """Every leg feature of the corridor layers built under ``root``."""
    features = []
    for corridor in CORRIDORS:
        path = root / "geodata" / f"{corridor}.geojson"
        features.extend(json.loads(path.read_text(encoding="utf-8"))["features"])
    return features
