"""Loading and validation of the CSV sources."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from routes.errors import SourceError
from routes.loader import load_dataset
from routes.model import Figure
from tests.conftest import SOURCES


def test_shipped_sources_are_valid() -> None:
    network = load_dataset(SOURCES)
    assert len(network.legs) > 20
    corridors = {leg.corridor for leg in network.legs.values()}
    assert {"titr", "zangezur"} <= corridors
    # every figure cites a known document with an http(s) address
    for figure in network.figures:
        assert network.sources[figure.source].url.startswith(("http://", "https://"))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _edit(name: str, change: Callable[[list[dict[str, str]]], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        rows = _rows(folder / name)
        change(rows)
        _write(folder / name, rows)

    return apply


def _set(index: int, column: str, value: str) -> Callable[[list[dict[str, str]]], None]:
    def change(rows: list[dict[str, str]]) -> None:
        rows[index][column] = value

    return change


def _swap_first_node(rows: list[dict[str, str]]) -> None:
    rows[0]["lon"], rows[0]["lat"] = rows[0]["lat"], rows[0]["lon"]


def _duplicate_first(rows: list[dict[str, str]]) -> None:
    rows.append(dict(rows[0]))


def _drop_column(column: str) -> Callable[[list[dict[str, str]]], None]:
    def change(rows: list[dict[str, str]]) -> None:
        for row in rows:
            del row[column]

    return change


def _raw(name: str, text: str | bytes) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(path.read_bytes() + text)
        else:
            path.write_text(text, encoding="utf-8")

    return apply


def _reverse_a_shape(folder: Path) -> None:
    rows = _rows(folder / "shapes.csv")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["leg"]] = counts.get(row["leg"], 0) + 1
    leg = max(counts, key=lambda name: counts[name])
    mine = [row for row in rows if row["leg"] == leg]
    for row, seq in zip(mine, reversed([row["seq"] for row in mine]), strict=True):
        row["seq"] = seq
    _write(folder / "shapes.csv", rows)


# (breakage, file, field, words the message must contain)
BREAKAGES: list[tuple[str, Callable[[Path], None], str, str, str]] = [
    ("swapped lon/lat", _edit("nodes.csv", _swap_first_node), "nodes.csv", "lon/lat", "swapped"),
    ("lat out of range", _edit("nodes.csv", _set(0, "lat", "95")), "nodes.csv", "lat", "outside"),
    (
        "not a number",
        _edit("nodes.csv", _set(1, "lon", "4O.1")),
        "nodes.csv",
        "lon",
        "not a number",
    ),
    ("NaN", _edit("nodes.csv", _set(1, "lat", "nan")), "nodes.csv", "lat", "not a finite"),
    ("infinite", _edit("figures.csv", _set(0, "value", "inf")), "figures.csv", "value", "finite"),
    ("negative", _edit("figures.csv", _set(0, "value", "-5")), "figures.csv", "value", "outside"),
    ("absurd", _edit("figures.csv", _set(0, "value", "1e12")), "figures.csv", "value", "outside"),
    (
        "unknown status",
        _edit("legs.csv", _set(0, "status", "open")),
        "legs.csv",
        "status",
        "unknown value",
    ),
    (
        "unknown mode",
        _edit("legs.csv", _set(0, "mode", "train")),
        "legs.csv",
        "mode",
        "unknown value",
    ),
    (
        "unknown node",
        _edit("legs.csv", _set(0, "to_node", "atlantis")),
        "legs.csv",
        "to_node",
        "unknown node",
    ),
    (
        "loop leg",
        _edit("legs.csv", lambda rows: rows[0].update(to_node=rows[0]["from_node"])),
        "legs.csv",
        "to_node",
        "starts and ends",
    ),
    ("duplicate id", _edit("legs.csv", _duplicate_first), "legs.csv", "id", "duplicate id"),
    (
        "missing column",
        _edit("nodes.csv", _drop_column("kind")),
        "nodes.csv",
        "kind",
        "missing from the header",
    ),
    ("empty required", _edit("legs.csv", _set(2, "name", "")), "legs.csv", "name", "required"),
    (
        "unknown source",
        _edit("figures.csv", _set(0, "source", "nowhere")),
        "figures.csv",
        "source",
        "unknown source",
    ),
    (
        "bad unit",
        _edit("figures.csv", _set(0, "unit", "miles")),
        "figures.csv",
        "unit",
        "not a unit",
    ),
    (
        "unknown country",
        _edit("nodes.csv", _set(0, "country", "XXX")),
        "nodes.csv",
        "country",
        "unknown",
    ),
    (
        "wrong country",
        _edit("nodes.csv", _set(0, "country", "ROU")),
        "nodes.csv",
        "lon/lat",
        "outside ROU",
    ),
    (
        "bad url",
        _edit("sources.csv", _set(0, "url", "javascript:alert(1)")),
        "sources.csv",
        "url",
        "http(s)",
    ),
    ("reversed shape", _reverse_a_shape, "legs.csv", "shape", "reverse"),
    (
        "shape of unknown leg",
        _edit("shapes.csv", _set(0, "leg", "nowhere")),
        "shapes.csv",
        "leg",
        "unknown leg",
    ),
    ("empty file", _raw("legs.csv", ""), "legs.csv", "-", "empty"),
    ("not UTF-8", _raw("nodes.csv", b"x,\xff\xfe,bad\n"), "nodes.csv", "-", "UTF-8"),
    (
        "ragged row",
        _raw("figures.csv", "record,field,value,unit,year,source,note\na,b\n"),
        "figures.csv",
        "-",
        "fields",
    ),
    ("unclosed quote", _raw("legs.csv", b'x,"titr\n'), "legs.csv", "-", "CSV syntax"),
    (
        "missing file",
        lambda folder: (folder / "figures.csv").unlink(),
        "figures.csv",
        "-",
        "not found",
    ),
]


@pytest.mark.parametrize(
    ("breakage", "file", "field", "words"),
    [pytest.param(b, f, c, w, id=name) for name, b, f, c, w in BREAKAGES],
)
def test_breakage_is_reported_with_file_line_and_field(
    sources_copy: Path, breakage: Callable[[Path], None], file: str, field: str, words: str
) -> None:
    breakage(sources_copy)
    with pytest.raises(SourceError) as caught:
        load_dataset(sources_copy)
    matching = [p for p in caught.value.problems if p.file.endswith(file) and p.field == field]
    assert matching, f"no problem on {file} {field}: {caught.value}"
    assert any(words in p.message for p in matching), str(caught.value)
    text = str(matching[0])
    assert text.startswith(f"{sources_copy / file}:{matching[0].where}: {field}: ")


def test_all_problems_are_reported_at_once(sources_copy: Path) -> None:
    _edit("legs.csv", _set(0, "mode", "train"))(sources_copy)
    _edit("nodes.csv", _set(1, "lat", "nan"))(sources_copy)
    _edit("figures.csv", _set(0, "value", "-1"))(sources_copy)
    with pytest.raises(SourceError) as caught:
        load_dataset(sources_copy)
    files = {Path(p.file).name for p in caught.value.problems}
    assert {"legs.csv", "nodes.csv", "figures.csv"} <= files


def test_two_figures_for_one_field_and_year_are_refused(sources_copy: Path) -> None:
    _edit("figures.csv", _duplicate_first)(sources_copy)
    with pytest.raises(SourceError, match="already has a"):
        load_dataset(sources_copy)


def test_latest_figure_wins(sources_copy: Path) -> None:
    rows = _rows(sources_copy / "figures.csv")
    older = dict(rows[0], value="1", year=str(int(rows[0]["year"]) - 5))
    _write(sources_copy / "figures.csv", [*rows, older])
    network = load_dataset(sources_copy)
    figure = next(iter(f for f in network.figures if f.record == rows[0]["record"]))
    chosen = network.figures_of(rows[0]["record"])[figure.column]
    assert chosen.year == int(rows[0]["year"])
    assert chosen.value == float(rows[0]["value"])


def test_units_are_normalised() -> None:
    figure = Figure("x", "capacity", 1.2, "GW", 2024, "s", "")
    assert figure.column == "capacity_mw"
    assert figure.normalised == pytest.approx(1200)
    cable = Figure("x", "capacity", 400, "Gbit/s", 2024, "s", "")
    assert (cable.column, cable.normalised) == ("capacity_tbps", pytest.approx(0.4))
