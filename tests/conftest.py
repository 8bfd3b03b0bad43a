from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from routes import pipeline
from routes.sources import CORRIDORS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "geodata" / "sources"


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped sources."""
    target = tmp_path / "sources"
    shutil.copytree(SOURCES, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh build of the shipped sources, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("build")
    pipeline.build(SOURCES, out)
    return out


def leg_features(root: Path) -> list[dict[str, Any]]:
    """Every leg feature of the corridor layers built under ``root``."""
    features = []
    for corridor in CORRIDORS:
        path = root / "geodata" / f"{corridor}.geojson"
        features.extend(json.loads(path.read_text(encoding="utf-8"))["features"])
    return features
