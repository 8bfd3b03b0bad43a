"""Load and validate a project: its sources, parameters, scenarios and comparison.

A project folder holds, under ``geodata/sources``:

``sources.csv``
    The documents every figure is taken from: ``id, title, publisher, url, date,
    accessed`` (``date`` is the publication date where the document gives one,
    ``accessed`` the day it was read).
``nodes.csv``
    Ports, stations, border crossings, landing stations, substations:
    ``id, name, kind, country, lon, lat, source, note``.
``legs.csv``
    The links between nodes: ``id, corridor, name, from_node, to_node, mode, status,
    opening_year, operator, geometry_accuracy, source, note, length_note,
    geometry_source`` (the document the drawn track comes from, if not ``source``).
``shapes.csv``
    The intermediate points that shape a leg, in travel order: ``leg, seq, lon,
    lat, label``. A sea leg's points trace its way out of its from_node's harbour.
``figures.csv``
    Published figures, one per row with unit, year and source:
    ``record, field, value, unit, year, source, note``.
``parameters.csv``
    Published speeds and durations: ``parameter, applies_to, value, unit, source, note``.
``comparison.csv``
    Published figures of the compared routes: ``route, measure, value, value_high,
    unit, year, source, note``.

and one CSV file per scenario under ``geodata/scenarios`` (``origin, destination,
volume_mt, year, source, note``). :func:`load_project` reads them all and raises
:class:`~routes.errors.SourceError` listing every problem of every file at once.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from pyproj import Geod

from routes.errors import Problem, SourceError
from routes.model import (
    SCENARIOS_DIR,
    SOURCES_DIR,
    Dataset,
    Figure,
    Flow,
    Leg,
    Node,
    Parameter,
    Project,
    Published,
    Scenario,
    Source,
)
from routes.tables import Column, Row, read_table, unique
from routes.vocabulary import (
    ACCURACIES,
    BASES,
    COMPARED_MEASURES,
    COMPARED_ROUTES,
    CORRIDORS,
    FIELDS,
    FREIGHT_MODES,
    KINDS,
    MODES,
    PARAMETERS,
    SEA_MODES,
    SPEED_UNITS,
    STATUSES,
    UNITS,
)

SOURCE_COLUMNS = (
    Column("id", "id"),
    Column("title"),
    Column("publisher", required=False),
    Column("url", "url"),
    Column("date", "date", required=False),
    Column("accessed", "date"),
)
NODE_COLUMNS = (
    Column("id", "id"),
    Column("name"),
    Column("kind", choices=tuple(KINDS)),
    Column("country"),
    Column("lon", "number", low=-180, high=180),
    Column("lat", "number", low=-90, high=90),
    Column("source"),
    Column("note", required=False),
    Column("opening_year", "year", required=False),
)
LEG_COLUMNS = (
    Column("id", "id"),
    Column("corridor", choices=tuple(CORRIDORS)),
    Column("name"),
    Column("from_node"),
    Column("to_node"),
    Column("mode", choices=tuple(MODES)),
    Column("status", choices=tuple(STATUSES)),
    Column("opening_year", "year", required=False),
    Column("operator", required=False),
    Column("geometry_accuracy", choices=tuple(ACCURACIES)),
    Column("source"),
    Column("note", required=False),
    Column("length_note", required=False),
    Column("geometry_source", required=False),
)
SHAPE_COLUMNS = (
    Column("leg"),
    Column("seq", "number", low=1, high=100_000),
    Column("lon", "number", low=-180, high=180),
    Column("lat", "number", low=-90, high=90),
    Column("label", required=False),
)
FIGURE_COLUMNS = (
    Column("record"),
    Column("field", choices=FIELDS),
    Column("value", "number", low=0, positive=True),
    Column("unit"),
    Column("year", "year"),
    Column("source"),
    Column("note", required=False),
    Column("scope", required=False),
    Column("basis", required=False, choices=tuple(BASES)),
)
PARAMETER_COLUMNS = (
    Column("parameter", choices=PARAMETERS),
    Column("applies_to"),
    Column("value", "number", low=0, high=1000, positive=True),
    Column("value_high", "number", required=False, low=0, high=1000, positive=True),
    Column("unit"),
    Column("source"),
    Column("note", required=False),
)
SCENARIO_COLUMNS = (
    Column("origin"),
    Column("destination"),
    Column("volume_mt", "number", low=0, high=1000, positive=True),
    Column("year", "year"),
    Column("source"),
    Column("note", required=False),
    Column("mode", required=False, choices=tuple(m for m in FREIGHT_MODES if m not in SEA_MODES)),
)
COMPARISON_COLUMNS = (
    Column("route", choices=tuple(COMPARED_ROUTES)),
    Column("measure", choices=tuple(COMPARED_MEASURES)),
    Column("value", "number", low=0, positive=True),
    Column("value_high", "number", required=False, low=0, positive=True),
    Column("unit"),
    Column("year", "year", required=False),
    Column("source"),
    Column("note", required=False),
)
# The project's tables, relative to its root, with their columns.
TABLES = {
    SOURCES_DIR / "sources.csv": SOURCE_COLUMNS,
    SOURCES_DIR / "nodes.csv": NODE_COLUMNS,
    SOURCES_DIR / "legs.csv": LEG_COLUMNS,
    SOURCES_DIR / "shapes.csv": SHAPE_COLUMNS,
    SOURCES_DIR / "figures.csv": FIGURE_COLUMNS,
    SOURCES_DIR / "parameters.csv": PARAMETER_COLUMNS,
    SOURCES_DIR / "comparison.csv": COMPARISON_COLUMNS,
}

# A shape point further than this from both of its neighbours, while they are close
# to each other, is a typo (often a swapped lon/lat) rather than a real bend.
_SPIKE_KM = 100.0
_GEOD = Geod(ellps="WGS84")


def load_project(root: str | Path = ".", *, check_places: bool = True) -> Project:
    """Read and validate every input of the project in ``root``.

    Parameters
    ----------
    root
        The project folder, holding ``geodata/sources`` and ``geodata/scenarios``.
    check_places
        Check each node against its country's outline (the slow part, which
        the queries skip when the build has checked the same sources).

    Returns
    -------
    Project
        The validated sources, parameters, scenarios and comparison figures.

    Raises
    ------
    SourceError
        With every problem of every file, each naming file, line and field.

    Examples
    --------
    >>> project = load_project(".")
    >>> project.dataset.legs["kaz_ferry_aktau_alat"].mode
    'ferry'
    >>> sorted(project.scenarios)
    ['2024_actual', '2030_projection']
    """
    root = Path(root)
    problems: list[Problem] = []
    dataset, known = _dataset(root / SOURCES_DIR, problems, check_places)
    parameters = _parameters(root / SOURCES_DIR / "parameters.csv", dataset, known, problems)
    comparison = _comparison(root / SOURCES_DIR / "comparison.csv", known, problems)
    scenarios = {}
    for path in scenario_paths(root):
        scenarios[path.stem] = _scenario(path, dataset, known, problems)
    if problems:
        raise SourceError(problems)
    return Project(root, dataset, parameters, scenarios, comparison, inputs_digest(root))


def load_dataset(folder: str | Path) -> Dataset:
    """Read and validate only the corridor sources in ``folder`` (no parameters or scenarios).

    Examples
    --------
    >>> load_dataset("geodata/sources").nodes["aktau_port"].kind
    'port'
    """
    problems: list[Problem] = []
    dataset, _ = _dataset(Path(folder), problems)
    if problems:
        raise SourceError(problems)
    return dataset


def scenario_paths(root: str | Path) -> list[Path]:
    """Return the scenario files of a project, in name order."""
    return sorted((Path(root) / SCENARIOS_DIR).glob("*.csv"))


def inputs_digest(root: str | Path) -> str:
    """Return a fingerprint of every input file of a project (names and contents).

    The build writes it beside the layers; a query whose sources give another
    digest knows the layers on disk are stale.
    """
    root = Path(root)
    digest = hashlib.sha256()
    for path in sorted([*(root / SOURCES_DIR).glob("*.csv"), *scenario_paths(root)]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _dataset(
    folder: Path, problems: list[Problem], check_places: bool = True
) -> tuple[Dataset, _References]:
    tables = {
        name: read_table(folder / name, columns, problems)
        for name, columns in (
            ("sources.csv", SOURCE_COLUMNS),
            ("nodes.csv", NODE_COLUMNS),
            ("legs.csv", LEG_COLUMNS),
            ("shapes.csv", SHAPE_COLUMNS),
            ("figures.csv", FIGURE_COLUMNS),
        )
    }
    # A table that could not be read is reported once, not again by every reference to it.
    known = _References(
        sources=None if tables["sources.csv"] is None else set(),
        nodes=None if tables["nodes.csv"] is None else set(),
        legs=None if tables["legs.csv"] is None else set(),
    )
    sources = _sources(tables["sources.csv"] or [])
    known.fill(sources=sources)
    nodes = _nodes(tables["nodes.csv"] or [], known, check_places)
    known.fill(nodes=nodes)
    shapes = _shapes(tables["shapes.csv"] or [])
    legs = _legs(tables["legs.csv"] or [], nodes, shapes, known)
    known.fill(legs=legs)
    figures = _figures(tables["figures.csv"] or [], known)
    for leg_id in sorted(set(shapes) - set(legs)):
        if known.legs is not None:
            shapes[leg_id][0].problem("leg", f"unknown leg {leg_id!r}")
    return Dataset(sources, nodes, legs, figures), known


class _References:
    """The ids each reference may point to; None where their table could not be read."""

    def __init__(
        self, sources: set[str] | None, nodes: set[str] | None, legs: set[str] | None
    ) -> None:
        self.sources, self.nodes, self.legs = sources, nodes, legs

    def fill(self, **tables: Mapping[str, object]) -> None:
        for name, records in tables.items():
            if getattr(self, name) is not None:
                setattr(self, name, set(records))

    def source(self, row: Row, column: str = "source") -> str:
        value: str = row[column] or ""
        if value and self.sources is not None and value not in self.sources:
            row.problem(column, f"unknown source {value!r} (not in sources.csv)")
        return value

    def sources_in(self, row: Row, column: str) -> list[str]:
        """Check a list of source ids separated by ``;`` (the documents a track comes from)."""
        ids = [part.strip() for part in (row[column] or "").split(";") if part.strip()]
        for value in ids:
            if self.sources is not None and value not in self.sources:
                row.problem(column, f"unknown source {value!r} (not in sources.csv)")
        return ids

    def node(self, row: Row, column: str) -> str:
        value: str = row[column] or ""
        if value and self.nodes is not None and value not in self.nodes:
            row.problem(column, f"unknown node {value!r} (not in nodes.csv)")
        return value


def _sources(rows: list[Row]) -> dict[str, Source]:
    return {
        row["id"]: Source(
            row["id"],
            row["title"] or "",
            row["publisher"] or "",
            row["url"] or "",
            row["date"] or "",
            row["accessed"] or "",
        )
        for row in unique(rows)
    }


def _nodes(rows: list[Row], known: _References, check_places: bool) -> dict[str, Node]:
    if check_places:
        from routes import countries  # reads the outlines with geopandas: slow to import
    nodes = {}
    for row in unique(rows):
        lon, lat, country = row["lon"], row["lat"], row["country"]
        if not check_places:
            pass
        elif country and not countries.is_known(country):
            row.problem("country", f"unknown ISO 3166-1 alpha-3 code {country!r}")
        elif country and lon is not None and lat is not None:
            placement = countries.check_placement(lon, lat, country)
            if placement:
                row.problem("lon/lat", placement)
        nodes[row["id"]] = Node(
            row["id"],
            row["name"] or "",
            row["kind"] or "",
            country or "",
            math.nan if lon is None else lon,
            math.nan if lat is None else lat,
            known.source(row),
            row["note"] or "",
            row["opening_year"],
        )
    return nodes


def _shapes(rows: list[Row]) -> dict[str, list[Row]]:
    """Group the complete shape rows by leg, sorted by ``seq``."""
    shapes: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if all(row[column] is not None for column in ("leg", "seq", "lon", "lat")):
            shapes[row["leg"]].append(row)
    for leg_id, points in shapes.items():
        points.sort(key=lambda point: point["seq"])
        seen: dict[float, int] = {}
        for point in points:
            if point["seq"] in seen:
                point.problem(
                    "seq",
                    f"leg {leg_id!r} already has seq {point['seq']:g} on line {seen[point['seq']]}",
                )
            seen[point["seq"]] = point.line
    return dict(shapes)


def _legs(
    rows: list[Row], nodes: dict[str, Node], shapes: dict[str, list[Row]], known: _References
) -> dict[str, Leg]:
    legs = {}
    for row in unique(rows):
        ends = known.node(row, "from_node"), known.node(row, "to_node")
        if ends[0] and ends[0] == ends[1]:
            row.problem("to_node", f"the leg starts and ends at {ends[0]!r}")
        mode, accuracy = row["mode"] or "", row["geometry_accuracy"] or ""
        if mode in SEA_MODES and accuracy and accuracy != "sea_path":
            row.problem("geometry_accuracy", "sea legs must be 'sea_path'")
        if mode and mode not in SEA_MODES and accuracy == "sea_path":
            row.problem("geometry_accuracy", f"'sea_path' is for sea legs, not {mode}")
        shape = tuple((point["lon"], point["lat"]) for point in shapes.get(row["id"], []))
        if shape and all(end in nodes for end in ends):
            start, end = nodes[ends[0]], nodes[ends[1]]
            for message in _shape_problems((start.lon, start.lat), shape, (end.lon, end.lat)):
                row.problem("shape", f"{message} (shapes.csv, leg {row['id']!r})")
        legs[row["id"]] = Leg(
            row["id"],
            row["corridor"] or "",
            row["name"] or "",
            ends[0],
            ends[1],
            mode,
            row["status"] or "",
            row["opening_year"],
            row["operator"] or "",
            accuracy,
            known.source(row),
            row["note"] or "",
            row["length_note"] or "",
            shape,
            ";".join(known.sources_in(row, "geometry_source")),
            tuple(point["label"] or "" for point in shapes.get(row["id"], [])),
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


def _figures(rows: list[Row], known: _References) -> tuple[Figure, ...]:
    figures = []
    seen: dict[tuple[str, str, int, str, str], int] = {}
    for row in rows:
        record, name, unit, value = row["record"], row["field"], row["unit"], row["value"]
        references = known.legs, known.nodes
        if (
            record
            and None not in references
            and not any(record in ids for ids in references if ids is not None)
            and record not in CORRIDORS
        ):
            row.problem("record", f"unknown leg, node or corridor {record!r}")
        spec = UNITS.get((name, unit)) if name and unit else None
        if name and unit and spec is None:
            units = ", ".join(u for f, u in UNITS if f == name)
            row.problem("unit", f"{unit!r} is not a unit of {name}; use {units}")
        if spec is not None and value is not None and value > spec.bound:
            row.problem("value", f"{value:g} is outside 0..{spec.bound:g}")
            continue
        source = known.source(row)
        if spec is None or value is None or row["year"] is None or not record:
            continue
        key = (record, spec.column, row["year"], row["scope"] or "", row["basis"] or "")
        if key in seen:
            row.problem(
                "year",
                f"{record} already has a {spec.column} figure for {row['year']} on line "
                f"{seen[key]}; keep the primary one and name the other in its note",
            )
            continue
        seen[key] = row.line
        scope, basis = row["scope"] or "", row["basis"] or "in_place"
        figures.append(
            Figure(record, name, value, unit, row["year"], source, row["note"] or "", scope, basis)
        )
    return tuple(figures)


def _parameters(
    path: Path, dataset: Dataset, known: _References, problems: list[Problem]
) -> tuple[Parameter, ...]:
    """Read the speeds, durations and waits.

    ``speed`` applies to a freight mode (``km/h``, ``km/day`` or ``kn``; stored in
    km/h), ``leg_hours`` to a leg (a published duration of it, in ``h``),
    ``transfer_hours`` to a node or a node kind (``h``), ``wait_hours`` to a node
    or a leg (a published waiting time, ``h``, as ``value`` to ``value_high``),
    ``sailings_per_month`` to a sea leg (``count``).
    """
    kinds = {node.kind for node in dataset.nodes.values()}
    parameters = []
    for row in read_table(path, PARAMETER_COLUMNS, problems) or []:
        name, target, unit, value = row["parameter"], row["applies_to"], row["unit"], row["value"]
        if name == "speed":
            if target and target not in FREIGHT_MODES:
                row.problem(
                    "applies_to", f"{target!r} is not a freight mode ({', '.join(FREIGHT_MODES)})"
                )
            if unit and unit not in SPEED_UNITS:
                row.problem("unit", f"speeds are in {', '.join(SPEED_UNITS)}")
        elif name == "leg_hours":
            if target and known.legs is not None and target not in known.legs:
                row.problem("applies_to", f"unknown leg {target!r} (not in legs.csv)")
            if unit and unit != "h":
                row.problem("unit", "leg durations are in h")
        elif name == "transfer_hours":
            if target and known.nodes is not None and target not in known.nodes | kinds:
                row.problem("applies_to", f"{target!r} is neither a node id nor a node kind")
            if unit and unit != "h":
                row.problem("unit", "transfer times are in h")
        elif name == "wait_hours":
            legs_and_nodes = (known.legs or set()) | (known.nodes or set())
            if target and known.legs is not None and target not in legs_and_nodes:
                row.problem("applies_to", f"{target!r} is neither a leg nor a node id")
            if unit and unit != "h":
                row.problem("unit", "waiting times are in h")
        elif name == "sailings_per_month":
            leg = dataset.legs.get(target or "")
            if target and known.legs is not None and (leg is None or leg.mode not in SEA_MODES):
                row.problem("applies_to", f"{target!r} is not a sea leg")
            if unit and unit != "count":
                row.problem("unit", "sailings are a count")
        high = row["value_high"]
        if high is not None and value is not None and high < value:
            row.problem("value_high", f"{high:g} is below value {value:g}")
        source = known.source(row)
        if None in (name, target, unit, value):
            continue
        if name == "speed" and unit in SPEED_UNITS:
            value, unit = value * SPEED_UNITS[unit], "km/h"
        parameters.append(Parameter(name, target, value, unit, source, row["note"] or "", high))
    return tuple(parameters)


def _scenario(
    path: Path, dataset: Dataset, known: _References, problems: list[Problem]
) -> Scenario:
    rows = read_table(path, SCENARIO_COLUMNS, problems)
    flows, flow_rows = [], []
    for row in rows or []:
        origin, destination = known.node(row, "origin"), known.node(row, "destination")
        if origin and origin == destination:
            row.problem("destination", f"the flow starts and ends at {origin!r}")
        source = known.source(row)
        if origin and destination and row["volume_mt"] is not None and row["year"] is not None:
            flows.append(
                Flow(
                    origin,
                    destination,
                    row["volume_mt"],
                    row["year"],
                    source,
                    row["note"] or "",
                    row["mode"] or "",
                )
            )
            flow_rows.append(row)
    if rows == []:
        problems.append(Problem(str(path), "1", "-", "the scenario has no flows"))
    scenario = Scenario(path.stem, tuple(flows))
    if flows:
        _check_routes(scenario, flow_rows, dataset)
    return scenario


def _check_routes(scenario: Scenario, rows: list[Row], dataset: Dataset) -> None:
    """Report the flows that no freight leg open in the scenario's year can carry."""
    import networkx as nx

    from routes.freight import open_in

    year = scenario.year
    networks: dict[str, nx.Graph] = {}  # one per land mode the flows name
    for flow, row in zip(scenario.flows, rows, strict=True):
        if flow.mode not in networks:
            network = networks[flow.mode] = nx.Graph()
            network.add_nodes_from(dataset.nodes)
            network.add_edges_from(
                (leg.from_node, leg.to_node)
                for leg in dataset.legs.values()
                if leg.mode in FREIGHT_MODES
                and open_in(vars(leg), year)
                and (not flow.mode or leg.mode in (flow.mode, *SEA_MODES))
            )
        network = networks[flow.mode]
        ends = flow.origin, flow.destination
        if all(end in network for end in ends) and not nx.has_path(network, *ends):
            row.problem("destination", f"no route joins {ends[0]} and {ends[1]} in {year}")


def _comparison(path: Path, known: _References, problems: list[Problem]) -> tuple[Published, ...]:
    found = []
    for row in read_table(path, COMPARISON_COLUMNS, problems) or []:
        measure, unit, value, high = row["measure"], row["unit"], row["value"], row["value_high"]
        units = COMPARED_MEASURES.get(measure or "")
        if units is not None and unit and unit not in units:
            row.problem("unit", f"{measure} is in {', '.join(units)}")
        if value is not None and high is not None and high < value:
            row.problem("value_high", f"{high:g} is below value {value:g}")
        source = known.source(row)
        if None in (row["route"], measure, unit, value):
            continue
        found.append(
            Published(
                row["route"], measure, value, high, unit, row["year"], source, row["note"] or ""
            )
        )
    return tuple(found)
