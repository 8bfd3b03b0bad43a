"""The distribution: a wheel that installs a working ``routes`` command."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_wheel_installs_a_working_command(tmp_path: Path) -> None:
    built = _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        ROOT,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("caspian_routes-*.whl")
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    python, routes = venv / "bin" / "python", venv / "bin" / "routes"
    installed = _run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    # The dependencies come from the test's own environment (no network here); a
    # plain path entry, so that its editable install of routes stays out of sight.
    site = _run([str(python), "-c", "import site; print(site.getsitepackages()[0])"], tmp_path)
    Path(site.stdout.strip(), "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    where = _run([str(python), "-c", "import routes; print(routes.__file__)"], tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr

    assert _run([str(routes), "--help"], tmp_path).returncode == 0
    project = copy_project(tmp_path / "project")
    info = _run([str(routes), "info", "--project", str(project)], tmp_path)
    assert info.returncode == 0, info.stderr
    assert "titr:" in info.stdout
    build = _run(
        [str(routes), "build", "--quiet", "--project", str(project), "--out", str(tmp_path / "o")],
        tmp_path,
    )
    assert build.returncode == 0, build.stderr
    # the maps' scripts and styles are package data: the built page carries them
    page = (tmp_path / "o" / "maps" / "index.html").read_text(encoding="utf-8")
    assert "function routesPopup" in page and ".routes-legend" in page
    assert (tmp_path / "o" / "geodata" / "titr.geojson").exists()
