r"""One engine for every CSV table of a project: typed columns, every problem reported.

A table is described by its :class:`Column` specs. :func:`read_table` checks the
file (encoding, CSV syntax, header), then every value against its spec, and
returns the rows with typed values; nothing stops at the first problem. The
loaders add the checks that need several tables (unknown references, say).

Examples
--------
>>> from pathlib import Path
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "flows.csv"
>>> _ = path.write_text("origin,volume\naktau,3.5\nalat,lots\n", encoding="utf-8")
>>> problems: list[Problem] = []
>>> rows = read_table(path, (Column("origin", "id"), Column("volume", "number")), problems)
>>> rows[0]["volume"], rows[1]["volume"]
(3.5, None)
>>> print(problems[0].where, problems[0].field, problems[0].message)
3 volume 'lots' is not a number
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from routes.errors import Problem

ColumnType = Literal["text", "id", "number", "year", "date", "url"]
YEARS = (1850, 2100)
_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


@dataclass(frozen=True)
class Column:
    """What one column of a table holds.

    Parameters
    ----------
    name
        Header name.
    type
        ``text``; ``id`` (lower-case letters, digits and ``_``); ``number`` (a
        finite float within ``low`` and ``high``); ``year`` (a whole year within
        :data:`YEARS`); ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); ``url``
        (an http(s) address).
    required
        Whether an empty value is a problem; a column that is not required may
        also be left out of the file.
    choices
        The allowed values, if the column takes one of a fixed set.
    low, high
        Bounds of a ``number``.
    positive
        A ``number`` must be greater than zero.
    """

    name: str
    type: ColumnType = "text"
    required: bool = True
    choices: Sequence[str] = ()
    low: float = -math.inf
    high: float = math.inf
    positive: bool = False


@dataclass
class Row:
    """A row read from a table: typed values (None where empty or wrong) and where it was."""

    path: Path
    line: int
    values: dict[str, Any]
    problems: list[Problem] = field(repr=False)

    def __getitem__(self, column: str) -> Any:
        return self.values[column]

    def problem(self, column: str, message: str) -> None:
        """Record a problem of ``column`` on this row."""
        self.problems.append(Problem(str(self.path), str(self.line), column, message))


def read_table(path: Path, columns: Sequence[Column], problems: list[Problem]) -> list[Row] | None:
    """Read and check a CSV table; add every problem found to ``problems``.

    Returns
    -------
    list of Row, or None
        The rows (blank lines skipped), or None if the file as a whole cannot be
        read (missing, not UTF-8, empty, bad header or CSV syntax).
    """
    optional = {column.name for column in columns if not column.required}
    records = _records(path, [column.name for column in columns], problems, optional)
    if records is None:
        return None
    rows = []
    for line, raw in records:
        row = Row(path, line, {}, problems)
        for column in columns:
            row.values[column.name] = _value(row, column, raw.get(column.name, "").strip())
        rows.append(row)
    return rows


def read_text_rows(path: Path, columns: Sequence[Column]) -> list[dict[str, str]]:
    """Read a table that :func:`read_table` has accepted as text, for rewriting it."""
    problems: list[Problem] = []
    optional = {column.name for column in columns if not column.required}
    records = _records(path, [column.name for column in columns], problems, optional)
    if records is None:
        raise ValueError(f"{path} cannot be read: {problems[0]}")
    return [values for _, values in records]


def unique(rows: Sequence[Row], column: str = "id") -> Iterator[Row]:
    """Yield the rows whose ``column`` is set and not already used by an earlier row."""
    first_line: dict[str, int] = {}
    for row in rows:
        value = row[column]
        if value is None:
            continue
        if value in first_line:
            row.problem(column, f"duplicate id {value!r} (first on line {first_line[value]})")
            continue
        first_line[value] = row.line
        yield row


def write_table(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    """Write rows as a CSV table in the sources' layout (UTF-8, Unix line ends)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows([{column: row.get(column, "") for column in columns} for row in rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _value(row: Row, column: Column, raw: str) -> Any:
    if not raw:
        if column.required:
            row.problem(column.name, "is required but empty")
        return None
    if column.choices and raw not in column.choices:
        expected = ", ".join(column.choices)
        row.problem(column.name, f"unknown value {raw!r}; expected one of {expected}")
        return None
    if column.type == "id" and not _ID.match(raw):
        row.problem(column.name, f"{raw!r} must be lower-case letters, digits, _")
        return None
    if column.type == "date" and not _DATE.match(raw):
        row.problem(column.name, f"{raw!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    if column.type == "url" and not _URL.match(raw):
        row.problem(column.name, f"{raw!r} is not an http(s) address")
        return None
    if column.type == "number":
        return _number(row, column, raw, column.low, column.high)
    if column.type == "year":
        value = _number(row, column, raw, *YEARS)
        if value is not None and value != int(value):
            row.problem(column.name, f"{value:g} is not a whole year")
            return None
        return None if value is None else int(value)
    return raw


def _number(row: Row, column: Column, raw: str, low: float, high: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        row.problem(column.name, f"{raw!r} is not a number")
        return None
    if not math.isfinite(value):
        row.problem(column.name, f"{raw!r} is not a finite number")
        return None
    if not low <= value <= high:
        row.problem(column.name, f"{raw} is outside {low:g}..{high:g}")
        return None
    if column.positive and value <= 0:
        row.problem(column.name, "must be greater than zero")
        return None
    return value


def _records(
    path: Path, columns: list[str], problems: list[Problem], optional: set[str] | None = None
) -> list[tuple[int, dict[str, str]]] | None:
    """Read a CSV file's rows by header name; a column in ``optional`` may be left out."""

    def problem(line: int, column: str, message: str) -> None:
        problems.append(Problem(str(path), str(line), column, message))

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problem(0, "-", "file not found")
        return None
    except OSError as error:
        problem(0, "-", f"cannot be read: {error.strerror}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem(data[: error.start].count(b"\n") + 1, "-", "is not valid UTF-8 text")
        return None
    if not text.strip():
        problem(1, "-", f"file is empty; expected the header {','.join(columns)}")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        missing = [name for name in columns if name not in header and name not in (optional or ())]
        unknown = [name for name in header if name not in columns]
        duplicated = [name for name, count in Counter(header).items() if count > 1]
        for name in missing:
            problem(1, name, "column is missing from the header")
        for name in unknown:
            problem(1, name or "(blank)", "unknown column")
        for name in duplicated:
            problem(1, name, "column appears more than once in the header")
        if missing or unknown or duplicated:
            return None
        records = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                problem(
                    reader.line_num, "-", f"has {len(values)} fields, the header has {len(header)}"
                )
                continue
            records.append((reader.line_num, dict(zip(header, values, strict=True))))
    except csv.Error as error:
        problem(reader.line_num, "-", f"CSV syntax error: {error}")
        return None
    return records
