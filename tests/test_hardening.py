"""Builds that run at once or are interrupted leave one build's complete outputs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from routes import pipeline
from tests.conftest import ROOT, SOURCES


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for sub in ("geodata", "maps")
        for path in sorted((folder / sub).rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict, dict]:
    """Sources A (as shipped) and B (one leg renamed), and what each builds."""
    base = tmp_path_factory.mktemp("two")
    sources_b = base / "b" / "sources"
    shutil.copytree(SOURCES, sources_b)
    shutil.copytree(SOURCES.parent / "scenarios", sources_b.parent / "scenarios")
    legs = sources_b / "legs.csv"
    legs.write_text(
        legs.read_text(encoding="utf-8").replace("Dostyk - Aktogay railway", "Dostyk - Aktogay"),
        encoding="utf-8",
    )
    pipeline.build(SOURCES, base / "out_a")
    pipeline.build(sources_b, base / "out_b")
    return SOURCES, sources_b, _tree(base / "out_a"), _tree(base / "out_b")


def _start(sources: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "routes",
            "build",
            "--quiet",
            "--sources",
            str(sources),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_concurrent_builds_leave_one_complete_set(
    two_builds: tuple[Path, Path, dict, dict], tmp_path: Path
) -> None:
    sources_a, sources_b, tree_a, tree_b = two_builds
    first, second = _start(sources_a, tmp_path), _start(sources_b, tmp_path)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    assert _tree(tmp_path) in (tree_a, tree_b)


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0, 3.0])
def test_interrupted_build_leaves_old_or_new_outputs(
    two_builds: tuple[Path, Path, dict, dict], tmp_path: Path, delay: float
) -> None:
    sources_a, sources_b, tree_a, tree_b = two_builds
    pipeline.build(sources_a, tmp_path)
    build = _start(sources_b, tmp_path)
    time.sleep(delay)
    build.send_signal(signal.SIGINT)
    code = build.wait(timeout=300)
    assert b"Traceback" not in build.stderr.read() if build.stderr else True
    # 130: stopped before its outputs went in; -SIGINT: the signal came while Python
    # was shutting down after the build had finished
    assert code in (0, 130, -signal.SIGINT)
    assert _tree(tmp_path) == (tree_a if code == 130 else tree_b)
    assert not list(tmp_path.glob(".routes-staging-*"))
