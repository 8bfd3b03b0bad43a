"""The routes command: build, validate, info; errors without tracebacks."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from routes.cli import main
from routes.loader import TABLES, scenario_paths
from tests.conftest import ROOT


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "sources" not in path.parts
    }


def test_committed_outputs_match_a_fresh_build(built: Path) -> None:
    for folder in ("geodata", "maps"):
        fresh = _tree(built / folder)
        committed = _tree(ROOT / folder)
        committed = {
            k: v for k, v in committed.items() if k in fresh or k.endswith((".geojson", ".html"))
        }
        assert sorted(fresh) == sorted(committed), folder
        changed = [name for name in fresh if fresh[name] != committed[name]]
        assert not changed, f"rebuild and commit: {changed}"


def test_second_build_changes_no_byte(built: Path, tmp_path: Path) -> None:
    assert main(["build", "--quiet", "--out", str(tmp_path)]) == 0
    for folder in ("geodata", "maps"):
        comparison = filecmp.dircmp(built / folder, tmp_path / folder)
        assert not comparison.diff_files and not comparison.left_only and not comparison.right_only


def test_build_leaves_no_staging_folder(tmp_path: Path) -> None:
    assert main(["build", "--quiet", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".routes-build.lock", "geodata", "maps"]
    assert not list(tmp_path.rglob(".routes-staging-*"))


def test_invalid_sources_exit_2_and_touch_nothing(
    sources_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        main(["build", "--quiet", "--out", str(out), "--project", str(sources_copy.parents[1])])
        == 0
    )
    before = _tree(out)
    legs = sources_copy / "legs.csv"
    legs.write_text(
        legs.read_text(encoding="utf-8").replace(",rail,", ",train,", 1), encoding="utf-8"
    )
    capsys.readouterr()
    code = main(["build", "--quiet", "--out", str(out), "--project", str(sources_copy.parents[1])])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{legs}:" in err and ": mode: unknown value 'train'" in err
    assert _tree(out) == before


def test_no_traceback_from_the_console_script(sources_copy: Path) -> None:
    (sources_copy / "nodes.csv").write_bytes(b"\xff\xfe garbage")
    result = subprocess.run(
        [sys.executable, "-m", "routes", "validate", "--project", str(sources_copy.parents[1])],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nodes.csv:1: -: is not valid UTF-8" in result.stderr


def test_validate_reports_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--project", str(ROOT)]) == 0
    assert "valid:" in capsys.readouterr().out


def test_info_json_lists_legs_and_totals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--json", "--project", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["legs"] and set(data["totals_km"]) >= {"titr", "zangezur"}
    titr = sum(
        leg["km"] if "km" in leg else leg["length_km"]
        for leg in data["legs"]
        if leg["corridor"] == "titr"
    )
    assert data["totals_km"]["titr"] == pytest.approx(titr, abs=0.1)


def test_info_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--project", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "from → to" in out and "titr:" in out and " km" in out


def test_progress_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "routes: shaping and measuring" in captured.err and captured.out == ""


def _break(path: Path) -> int:
    """Put a value no column accepts into the first data row; return its line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[0] = "?? not an id"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 2


@pytest.mark.parametrize(
    "relative",
    [
        *(str(path) for path in TABLES),
        *(str(path.relative_to(ROOT)) for path in scenario_paths(ROOT)),
    ],
)
def test_validate_rejects_every_broken_file_that_build_reads(
    project_copy: Path, relative: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project_copy / relative
    line = _break(path)
    assert main(["validate", "--project", str(project_copy)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}: " in err, err
    # and build rejects the same tree
    assert main(["build", "--quiet", "--project", str(project_copy)]) == 2
    assert f"{path}:{line}: " in capsys.readouterr().err
