"""Builds that run at once or are interrupted leave one build's complete outputs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from routes import pipeline
from routes.loader import load_project
from routes.model import Project
from tests.conftest import ROOT, copy_project

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for sub in ("geodata", "maps")
        for path in sorted((folder / sub).rglob("*"))
        if path.is_file() and "sources" not in path.parts and "scenarios" not in path.parts
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Project, dict, dict]:
    """Projects A (as shipped) and B (one leg renamed), and what each builds."""
    base = tmp_path_factory.mktemp("two")
    root_b = copy_project(base / "b")
    legs = root_b / "geodata" / "sources" / "legs.csv"
    legs.write_text(
        legs.read_text(encoding="utf-8").replace("Dostyk - Aktogay railway", "Dostyk - Aktogay"),
        encoding="utf-8",
    )
    project_a, project_b = load_project(ROOT), load_project(root_b)
    pipeline.build(project_a, base / "out_a")
    pipeline.build(project_b, base / "out_b")
    return project_a, project_b, _tree(base / "out_a"), _tree(base / "out_b")


def _start(project: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "routes",
            "build",
            "--quiet",
            "--project",
            str(project),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_concurrent_builds_leave_one_complete_set(
    two_builds: tuple[Project, Project, dict, dict], tmp_path: Path
) -> None:
    project_a, project_b, tree_a, tree_b = two_builds
    first, second = _start(project_a.root, tmp_path), _start(project_b.root, tmp_path)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    assert _tree(tmp_path) in (tree_a, tree_b)


# Named steps of a build (the start of its progress messages), and whether a Ctrl-C
# there stops it before its outputs go in.
STEPS = [
    ("shaping and measuring", True),
    ("assigning the scenarios", True),
    ("writing geodata/titr.geojson", True),
    ("drawing maps", True),
    ("moving geodata/titr.geojson in", False),
    ("moving maps/index.html in", False),
]


@pytest.mark.parametrize(("step", "stops"), STEPS)
def test_interrupted_build_leaves_old_or_new_outputs(
    two_builds: tuple[Project, Project, dict, dict], tmp_path: Path, step: str, stops: bool
) -> None:
    project_a, project_b, tree_a, tree_b = two_builds
    pipeline.build(project_a, tmp_path)
    reached: list[str] = []

    def interrupt_at_step(message: str) -> None:
        if message.startswith(step):
            reached.append(message)
            os.kill(os.getpid(), signal.SIGINT)

    if stops:
        with pytest.raises(KeyboardInterrupt):
            pipeline.build(project_b, tmp_path, interrupt_at_step)
    else:
        # Ctrl-C is ignored while the outputs move in
        pipeline.build(project_b, tmp_path, interrupt_at_step)
    assert reached, f"the build never reached {step!r}"
    assert _tree(tmp_path) == (tree_a if stops else tree_b)
    assert not list(tmp_path.glob(".routes-staging-*"))


def test_ctrl_c_from_the_console_ends_quietly(
    two_builds: tuple[Project, Project, dict, dict], tmp_path: Path
) -> None:
    project_a, project_b, tree_a, _ = two_builds
    pipeline.build(project_a, tmp_path)
    build = _start(project_b.root, tmp_path)
    # wait until the build is under way (its staging folder exists), then interrupt
    for _ in range(600):
        if list(tmp_path.glob(".routes-staging-*")) or build.poll() is not None:
            break
        time.sleep(0.01)
    build.send_signal(signal.SIGINT)
    code = build.wait(timeout=300)
    stderr = build.stderr.read() if build.stderr else b""
    assert b"Traceback" not in stderr
    if code == 130:
        assert b"no output was changed" in stderr
        assert _tree(tmp_path) == tree_a
    assert not list(tmp_path.glob(".routes-staging-*"))
