"""Load and validate the hand-authored corridor sources.

The sources are five CSV files in one folder (``geodata/sources`` by default):

``sources.csv``
    The documents every figure is taken from: ``id, title, publisher, url, date,
    accessed`` (``date`` is the publication date where the document gives one,
    ``accessed`` the day it was read).
``nodes.csv``
    Ports, stations, border crossings, landing stations, substations:
    ``id, name, kind, country, lon, lat, source, note``.
``legs.csv``
    The links between nodes: ``id, corridor, name, from_node, to_node, mode, status,
    opening_year, operator, geometry_accuracy, source, note, length_note``;
    ``length_note`` explains a drawn length further from the published one than
    the tests allow.
``shapes.csv``
    The intermediate points that shape a leg, in travel order: ``leg, seq, lon,
    lat, label``. A sea leg's points trace its way out of its from_node's harbour;
    ``searoute`` takes it on from the last one.
``figures.csv``
    Published figures, one per row with unit, year and source:
    ``record, field, value, unit, year, source, note``; ``record`` is a leg, a node
    or a whole corridor.

:func:`load` reads them all, checks everything a careless edit can break and
raises :class:`~routes.errors.SourceError` listing every problem at once.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyproj import Geod

from routes import countries
from routes.errors import Problem, SourceError

CORRIDORS = ("titr", "zangezur", "caspian_cable", "green_energy", "oil")
CORRIDOR_NAMES = {
    "titr": "Trans-Caspian International Transport Route (Middle Corridor)",
    "zangezur": "Zangezur corridor (TRIPP)",
    "caspian_cable": "Caspian digital cable (Digital Silk Way)",
    "green_energy": "Green Energy Corridor",
    "oil": "Kazakh oil transit (Aktau – Baku – Ceyhan)",
}
KINDS = ("port", "station", "border_crossing", "landing_station", "substation", "terminal")
SEA_MODES = ("ferry", "shipping")
CABLE_MODES = ("fibre_cable", "power_cable")
LAND_MODES = ("rail", "road", "power_line", "pipeline")
MODES = LAND_MODES + SEA_MODES + CABLE_MODES
STATUSES = ("operating", "construction", "planned", "proposed")
ACCURACIES = ("surveyed", "stations", "indicative", "searoute")

# Published unit -> (output column, factor to the column's unit, upper bound of a sane value).
# The bound is in the published unit and catches slipped decimal points, not real outliers.
FIGURE_UNITS: dict[tuple[str, str], tuple[str, float, float]] = {
    ("length", "km"): ("length_km_published", 1.0, 20_000),
    ("capacity", "Mt/yr"): ("capacity_mt_per_year", 1.0, 1_000),
    ("capacity", "TEU/yr"): ("capacity_teu_per_year", 1.0, 50_000_000),
    ("capacity", "MW"): ("capacity_mw", 1.0, 50_000),
    ("capacity", "GW"): ("capacity_mw", 1000.0, 50),
    ("capacity", "Tbit/s"): ("capacity_tbps", 1.0, 10_000),
    ("capacity", "Gbit/s"): ("capacity_tbps", 0.001, 10_000_000),
    ("capacity", "bbl/d"): ("capacity_bbl_per_day", 1.0, 10_000_000),
    ("volume", "Mt"): ("volume_mt", 1.0, 1_000),
    ("volume", "TEU"): ("volume_teu", 1.0, 50_000_000),
}
FIGURE_COLUMNS = tuple(dict.fromkeys(column for column, _, _ in FIGURE_UNITS.values()))

COLUMNS = {
    "sources.csv": ("id", "title", "publisher", "url", "date", "accessed"),
    "nodes.csv": ("id", "name", "kind", "country", "lon", "lat", "source", "note"),
    "legs.csv": (
        "id",
        "corridor",
        "name",
        "from_node",
        "to_node",
        "mode",
        "status",
        "opening_year",
        "operator",
        "geometry_accuracy",
        "source",
        "note",
        "length_note",
    ),
    "shapes.csv": ("leg", "seq", "lon", "lat", "label"),
    "figures.csv": ("record", "field", "value", "unit", "year", "source", "note"),
}
OPTIONAL = {"publisher", "date", "note", "length_note", "opening_year", "operator", "label"}

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_YEARS = (1850, 2100)
# A shape point further than this from both of its neighbours, while they are close
# to each other, is a typo (often a swapped lon/lat) rather than a real bend.
_SPIKE_KM = 100.0
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Source:
    """A document figures are taken from."""

    id: str
    title: str
    publisher: str
    url: str
    date: str
    accessed: str


@dataclass(frozen=True)
class Node:
    """A port, station, border crossing, landing station, substation or terminal."""

    id: str
    name: str
    kind: str
    country: str
    lon: float
    lat: float
    source: str
    note: str


@dataclass(frozen=True)
class Leg:
    """A link between two nodes, with its intermediate shape points."""

    id: str
    corridor: str
    name: str
    from_node: str
    to_node: str
    mode: str
    status: str
    opening_year: int | None
    operator: str
    geometry_accuracy: str
    source: str
    note: str
    length_note: str = ""
    shape: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Figure:
    """A published figure about a leg or a node."""

    record: str
    field: str
    value: float
    unit: str
    year: int
    source: str
    note: str

    @property
    def column(self) -> str:
        """Name of the output attribute this figure fills."""
        return FIGURE_UNITS[(self.field, self.unit)][0]

    @property
    def normalised(self) -> float:
        """The value converted to the output attribute's unit."""
        return self.value * FIGURE_UNITS[(self.field, self.unit)][1]


@dataclass(frozen=True)
class Network:
    """The validated corridor network: everything the build needs, in file order."""

    sources: dict[str, Source]
    nodes: dict[str, Node]
    legs: dict[str, Leg]
    figures: tuple[Figure, ...]

    def figures_of(self, record: str) -> dict[str, Figure]:
        """Return the figure in force for each output column of a leg or node.

        Where several figures fill the same column, the most recent one wins
        (validation has already refused two figures of the same year).
        """
        chosen: dict[str, Figure] = {}
        for figure in self.figures:
            if figure.record == record:
                current = chosen.get(figure.column)
                if current is None or figure.year > current.year:
                    chosen[figure.column] = figure
        return chosen


@dataclass
class _Row:
    line: int
    values: dict[str, str]


@dataclass
class _Checker:
    """Collects problems while reading; never stops at the first one."""

    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)

    def add(self, file: Path | str, where: int | str, column: str, message: str) -> None:
        self.problems.append(Problem(str(file), str(where), column, message))

    def text(self, file: Path, row: _Row, column: str) -> str:
        value = row.values.get(column, "").strip()
        if not value and column not in OPTIONAL:
            self.add(file, row.line, column, "is required but empty")
        return value

    def choice(self, file: Path, row: _Row, column: str, allowed: tuple[str, ...]) -> str:
        value = self.text(file, row, column)
        if value and value not in allowed:
            self.add(
                file,
                row.line,
                column,
                f"unknown value {value!r}; expected one of {', '.join(allowed)}",
            )
        return value

    def number(
        self, file: Path, row: _Row, column: str, low: float, high: float, *, required: bool = True
    ) -> float | None:
        raw = row.values.get(column, "").strip()
        if not raw:
            if required:
                self.add(file, row.line, column, "is required but empty")
            return None
        try:
            value = float(raw)
        except ValueError:
            self.add(file, row.line, column, f"{raw!r} is not a number")
            return None
        if not math.isfinite(value):
            self.add(file, row.line, column, f"{raw!r} is not a finite number")
            return None
        if not low <= value <= high:
            self.add(file, row.line, column, f"{raw} is outside {low:g}..{high:g}")
            return None
        return value

    def year(self, file: Path, row: _Row, column: str, *, required: bool) -> int | None:
        value = self.number(file, row, column, *_YEARS, required=required)
        if value is None:
            return None
        if value != int(value):
            self.add(file, row.line, column, f"{value:g} is not a whole year")
            return None
        return int(value)


def load(folder: str | Path) -> Network:
    """Read and validate the corridor sources in ``folder``.

    Parameters
    ----------
    folder
        Folder holding ``sources.csv``, ``nodes.csv``, ``legs.csv``, ``shapes.csv``
        and ``figures.csv``.

    Returns
    -------
    Network
        The validated network.

    Raises
    ------
    SourceError
        With every problem found, each naming file, line and field.

    Examples
    --------
    >>> network = load("geodata/sources")
    >>> network.legs["aktau_alat"].mode
    'ferry'
    """
    folder = Path(folder)
    check = _Checker()
    tables = {name: _read_csv(folder / name, columns, check) for name, columns in COLUMNS.items()}
    sources = _sources(folder / "sources.csv", tables["sources.csv"], check)
    nodes = _nodes(folder / "nodes.csv", tables["nodes.csv"], sources, check)
    shapes = _shapes(folder / "shapes.csv", tables["shapes.csv"], check)
    legs = _legs(folder / "legs.csv", tables["legs.csv"], nodes, sources, shapes, check)
    figures = _figures(folder / "figures.csv", tables["figures.csv"], nodes, legs, sources, check)
    for leg_id in sorted(set(shapes) - set(legs)):
        check.add(folder / "shapes.csv", shapes[leg_id][0][0], "leg", f"unknown leg {leg_id!r}")
    if check.problems:
        raise SourceError(_without_echoes(check.problems, check.unreadable))
    return Network(sources, nodes, legs, figures)


def _without_echoes(problems: list[Problem], unreadable: set[str]) -> list[Problem]:
    """Drop "unknown reference" problems that only echo a file that could not be read."""
    echoes = {
        "sources.csv": ("unknown source",),
        "nodes.csv": ("unknown node", "unknown leg, node"),
        "legs.csv": ("unknown leg",),
    }
    prefixes = tuple(prefix for name in unreadable for prefix in echoes.get(name, ()))
    return [p for p in problems if not (prefixes and p.message.startswith(prefixes))]


def _read_csv(path: Path, columns: tuple[str, ...], check: _Checker) -> list[_Row]:
    rows = _parse_csv(path, columns, check)
    if rows is None:
        check.unreadable.add(path.name)
        return []
    return rows


def _parse_csv(path: Path, columns: tuple[str, ...], check: _Checker) -> list[_Row] | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        check.add(path, 0, "-", "file not found")
        return None
    except OSError as error:
        check.add(path, 0, "-", f"cannot be read: {error.strerror}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        check.add(path, line, "-", "is not valid UTF-8 text (save the file as UTF-8)")
        return None
    if not text.strip():
        check.add(path, 1, "-", f"file is empty; expected the header {','.join(columns)}")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as error:
        check.add(path, 1, "-", f"CSV syntax error: {error}")
        return None
    missing = [name for name in columns if name not in header]
    unknown = [name for name in header if name not in columns]
    for name in missing:
        check.add(path, 1, name, "column is missing from the header")
    for name in unknown:
        check.add(path, 1, name or "(blank)", "unknown column")
    duplicated = [name for name, count in Counter(header).items() if count > 1]
    for name in duplicated:
        check.add(path, 1, name, "column appears more than once in the header")
    if missing or unknown or duplicated:
        return None
    rows = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                check.add(
                    path, line, "-", f"has {len(values)} fields, the header has {len(header)}"
                )
                continue
            rows.append(_Row(line, dict(zip(header, values, strict=True))))
    except csv.Error as error:
        check.add(path, reader.line_num, "-", f"CSV syntax error: {error}")
        return None
    return rows


def _unique_ids(path: Path, rows: list[_Row], check: _Checker) -> Iterator[tuple[_Row, str]]:
    first_line: dict[str, int] = {}
    for row in rows:
        record_id = check.text(path, row, "id")
        if not record_id:
            continue
        if not _ID.match(record_id):
            check.add(path, row.line, "id", f"{record_id!r} must be lower-case letters, digits, _")
            continue
        if record_id in first_line:
            check.add(
                path,
                row.line,
                "id",
                f"duplicate id {record_id!r} (first on line {first_line[record_id]})",
            )
            continue
        first_line[record_id] = row.line
        yield row, record_id


def _source_ref(
    path: Path, row: _Row, column: str, sources: dict[str, Source], check: _Checker
) -> str:
    value = check.text(path, row, column)
    if value and value not in sources:
        check.add(path, row.line, column, f"unknown source {value!r} (not in sources.csv)")
    return value


def _sources(path: Path, rows: list[_Row], check: _Checker) -> dict[str, Source]:
    sources = {}
    for row, source_id in _unique_ids(path, rows, check):
        url = check.text(path, row, "url")
        if url and not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
            check.add(path, row.line, "url", f"{url!r} is not an http(s) address")
        dates = []
        for column in ("date", "accessed"):
            value = check.text(path, row, column)
            if value and not _DATE.match(value):
                check.add(path, row.line, column, f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            dates.append(value)
        sources[source_id] = Source(
            source_id,
            check.text(path, row, "title"),
            check.text(path, row, "publisher"),
            url,
            *dates,
        )
    return sources


def _nodes(
    path: Path, rows: list[_Row], sources: dict[str, Source], check: _Checker
) -> dict[str, Node]:
    nodes = {}
    for row, node_id in _unique_ids(path, rows, check):
        lon = check.number(path, row, "lon", -180, 180)
        lat = check.number(path, row, "lat", -90, 90)
        country = check.text(path, row, "country")
        if country and not countries.is_known(country):
            check.add(path, row.line, "country", f"unknown ISO 3166-1 alpha-3 code {country!r}")
        elif country and lon is not None and lat is not None:
            placement = countries.check_placement(lon, lat, country)
            if placement:
                check.add(path, row.line, "lon/lat", placement)
        node = Node(
            node_id,
            check.text(path, row, "name"),
            check.choice(path, row, "kind", KINDS),
            country,
            lon if lon is not None else math.nan,
            lat if lat is not None else math.nan,
            _source_ref(path, row, "source", sources, check),
            check.text(path, row, "note"),
        )
        nodes[node_id] = node
    return nodes


def _shapes(
    path: Path, rows: list[_Row], check: _Checker
) -> dict[str, list[tuple[int, int, float, float]]]:
    """Group shape points by leg as ``(line, seq, lon, lat)``, sorted by ``seq``."""
    shapes: dict[str, list[tuple[int, int, float, float]]] = defaultdict(list)
    for row in rows:
        leg_id = check.text(path, row, "leg")
        seq = check.number(path, row, "seq", 1, 100_000)
        lon = check.number(path, row, "lon", -180, 180)
        lat = check.number(path, row, "lat", -90, 90)
        if leg_id and seq is not None and lon is not None and lat is not None:
            shapes[leg_id].append((row.line, int(seq), lon, lat))
    for leg_id, points in shapes.items():
        points.sort(key=lambda point: point[1])
        seen: dict[int, int] = {}
        for line, seq, _, _ in points:
            if seq in seen:
                check.add(
                    path, line, "seq", f"leg {leg_id!r} already has seq {seq} on line {seen[seq]}"
                )
            seen[seq] = line
    return dict(shapes)


def _legs(
    path: Path,
    rows: list[_Row],
    nodes: dict[str, Node],
    sources: dict[str, Source],
    shapes: dict[str, list[tuple[int, int, float, float]]],
    check: _Checker,
) -> dict[str, Leg]:
    legs = {}
    for row, leg_id in _unique_ids(path, rows, check):
        ends = []
        for column in ("from_node", "to_node"):
            node_id = check.text(path, row, column)
            if node_id and node_id not in nodes:
                check.add(path, row.line, column, f"unknown node {node_id!r} (not in nodes.csv)")
            ends.append(node_id)
        if ends[0] and ends[0] == ends[1]:
            check.add(path, row.line, "to_node", f"the leg starts and ends at {ends[0]!r}")
        mode = check.choice(path, row, "mode", MODES)
        accuracy = check.choice(path, row, "geometry_accuracy", ACCURACIES)
        points = shapes.get(leg_id, [])
        if mode in SEA_MODES and accuracy and accuracy != "searoute":
            check.add(path, row.line, "geometry_accuracy", "sea legs must be 'searoute'")
        if mode not in SEA_MODES and accuracy == "searoute":
            check.add(
                path, row.line, "geometry_accuracy", f"'searoute' is for sea legs, not {mode}"
            )
        shape = tuple((lon, lat) for _, _, lon, lat in points)
        if all(end in nodes for end in ends) and shape:
            start, end = nodes[ends[0]], nodes[ends[1]]
            for message in _shape_problems((start.lon, start.lat), shape, (end.lon, end.lat)):
                check.add(path, row.line, "shape", f"{message} (shapes.csv, leg {leg_id!r})")
        legs[leg_id] = Leg(
            leg_id,
            check.choice(path, row, "corridor", CORRIDORS),
            check.text(path, row, "name"),
            ends[0],
            ends[1],
            mode,
            check.choice(path, row, "status", STATUSES),
            check.year(path, row, "opening_year", required=False),
            check.text(path, row, "operator"),
            accuracy,
            _source_ref(path, row, "source", sources, check),
            check.text(path, row, "note"),
            check.text(path, row, "length_note"),
            shape,
        )
    return legs


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(_GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


def _shape_problems(
    start: tuple[float, float], shape: tuple[tuple[float, float], ...], end: tuple[float, float]
) -> list[str]:
    """Catch shapes that run backwards or contain a stray point."""
    problems = []
    if (
        len(shape) > 1
        and _km(start, shape[0]) > _km(start, shape[-1])
        and _km(end, shape[-1]) > _km(end, shape[0])
    ):
        problems.append("the points run from to_node to from_node; reverse their seq order")
    chain = [start, *shape, end]
    for index in range(1, len(chain) - 1):
        before, point, after = chain[index - 1], chain[index], chain[index + 1]
        detour = min(_km(before, point), _km(point, after))
        if detour > _SPIKE_KM and detour > 3 * _km(before, after):
            problems.append(
                f"point {index} ({point[0]:g}, {point[1]:g}) is {detour:.0f} km off its "
                "neighbours; are lon and lat swapped?"
            )
    return problems


def _figures(
    path: Path,
    rows: list[_Row],
    nodes: dict[str, Node],
    legs: dict[str, Leg],
    sources: dict[str, Source],
    check: _Checker,
) -> tuple[Figure, ...]:
    figures = []
    seen: dict[tuple[str, str, int], int] = {}
    for row in rows:
        record = check.text(path, row, "record")
        if record and record not in legs and record not in nodes and record not in CORRIDORS:
            check.add(path, row.line, "record", f"unknown leg, node or corridor {record!r}")
        name = check.choice(path, row, "field", ("length", "capacity", "volume"))
        unit = check.text(path, row, "unit")
        bounds = FIGURE_UNITS.get((name, unit))
        if name and unit and bounds is None:
            units = [u for f, u in FIGURE_UNITS if f == name]
            check.add(
                path, row.line, "unit", f"{unit!r} is not a unit of {name}; use {', '.join(units)}"
            )
        value = check.number(path, row, "value", 0, bounds[2] if bounds else math.inf)
        if value == 0:
            check.add(path, row.line, "value", "must be greater than zero")
        year = check.year(path, row, "year", required=True)
        source = _source_ref(path, row, "source", sources, check)
        if bounds is None or value is None or year is None or not value:
            continue
        key = (record, bounds[0], year)
        if key in seen:
            check.add(
                path,
                row.line,
                "year",
                f"{record} already has a {bounds[0]} figure for {year} on line {seen[key]}; "
                "keep the primary one and name the other in its note",
            )
            continue
        seen[key] = row.line
        figures.append(
            Figure(record, name, value, unit, year, source, check.text(path, row, "note"))
        )
    return tuple(figures)


def read_table(
    path: Path,
    columns: tuple[str, ...],
    optional: set[str],
    cited: dict[str, Source] | None = None,
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Read another CSV table of the project with the same checks as the sources.

    Returns the rows as ``(line, values)`` with values stripped, and the problems
    found (syntax, header, required values, and with ``cited`` a ``source`` that is
    not in sources.csv), for the caller to add its own with :func:`reporter`.
    """
    check = _Checker()
    rows = []
    for row in _read_csv(path, columns, check):
        values = {column: row.values[column].strip() for column in columns}
        for column in columns:
            if column not in optional and not values[column]:
                check.add(path, row.line, column, "is required but empty")
        source = values.get("source")
        if cited is not None and source and source not in cited:
            check.add(path, row.line, "source", f"unknown source {source!r} (not in sources.csv)")
        rows.append((row.line, values))
    return rows, check.problems


def reporter(problems: list[Problem], path: Path, line: int) -> Callable[[str, str], None]:
    """Return a function that records a problem of ``field`` at ``path:line``."""

    def report(field: str, message: str) -> None:
        problems.append(Problem(str(path), str(line), field, message))

    return report


def write_table(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """Write rows as a CSV table in the layout of the sources (UTF-8, Unix line ends)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows([{column: row.get(column, "") for column in columns} for row in rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
