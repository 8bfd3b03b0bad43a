"""Careless edits, generated: every command succeeds or fails cleanly, outputs untouched.

Hypothesis mutates the shipped sources (truncated or empty files, stray bytes,
dropped and repeated rows, NaN, huge and negative numbers, text in number
fields, swapped coordinates, dangling ids). Each ``routes`` command must either
succeed or exit 2 naming the file and the line, with no traceback, and a failed
build must leave the outputs as they were. Examples are derandomised so CI runs
the same bounded set every time.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routes.cli import main
from routes.loader import TABLES as SOURCE_TABLES
from tests.conftest import copy_project

pytestmark = pytest.mark.slow

FILES = [path.name for path in SOURCE_TABLES]
VALUES = [
    "",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e308",
    "abc",
    "12,5",
    "<script>x</script>",
    "operating",
    "titr",
    "aktau_port",
    "nowhere",
    " ",
    "2024",
    "9999",
    "-91",
    "181",
]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".routes")
    }


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str, object]:
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["truncate", "byte", "drop", "repeat", "cell", "swap", "empty"]))
    return name, kind, draw(st.integers(min_value=0, max_value=10**6))


def _mutate(folder: Path, name: str, kind: str, seed: int, value: str) -> None:
    path = folder / name
    data = path.read_bytes()
    if kind == "truncate":
        path.write_bytes(data[: seed % max(len(data), 1)])
        return
    if kind == "byte":
        position = seed % len(data)
        path.write_bytes(data[:position] + bytes([seed % 256]) + data[position + 1 :])
        return
    if kind == "empty":
        path.write_bytes(b"")
        return
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    if not body:
        return
    row = seed % len(body)
    if kind == "drop":
        del body[row]
    elif kind == "repeat":
        body.insert(row, list(body[row]))
    elif kind == "cell":
        body[row][seed % len(header)] = value
    elif kind == "swap" and "lon" in header:
        lon, lat = header.index("lon"), header.index("lat")
        body[row][lon], body[row][lat] = body[row][lat], body[row][lon]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *body])
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference")
    assert main(["build", "--quiet", "--out", str(out)]) == 0
    return out


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation=mutations(), value=st.sampled_from(VALUES))
def test_every_command_fails_cleanly_or_succeeds(
    mutation: tuple[str, str, int],
    value: str,
    reference: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, kind, seed = mutation
    work = copy_project(tmp_path_factory.mktemp("fuzz"))
    sources = work / "geodata" / "sources"
    _mutate(sources, name, kind, seed, value)
    out = work / "out"
    shutil.copytree(reference, out)
    before = _tree(out)
    capsys.readouterr()
    for command in (
        ["validate"],
        ["info", "--json"],
        ["route", "Khorgos", "Kars"],
        ["build", "--quiet", "--out", str(out)],
    ):
        code = main([*command, "--project", str(work)])
        err = capsys.readouterr().err
        assert code in (0, 2), (command, err)
        assert "Traceback" not in err
        if code == 2:
            assert err.startswith("routes: "), err
            if "problem" in err.splitlines()[0]:
                # every problem names a file of the sources and a line or record
                for line in err.splitlines()[1:]:
                    assert ".csv:" in line, line
            if command[0] == "build":
                assert _tree(out) == before
