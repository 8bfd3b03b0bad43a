"""Freight scenarios: flows assigned to the network, legs and ports checked against capacity.

A scenario is a CSV file (``geodata/scenarios/NAME.csv``) of flows: ``origin,
destination, volume_mt, year, source, note``. Each flow takes the shortest route
in the network of its year; the volumes add up on every leg and port they pass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from routes import network, pipeline, sources
from routes.errors import Problem, SourceError

COLUMNS = ("origin", "destination", "volume_mt", "year", "source", "note")
DEFAULT_FOLDER = Path("geodata/scenarios")


@dataclass(frozen=True)
class Flow:
    """A yearly volume between two nodes."""

    origin: str
    destination: str
    volume_mt: float
    year: int
    source: str
    note: str


@dataclass(frozen=True)
class Scenario:
    """Named flows; the scenario's year is the latest of its flows."""

    name: str
    flows: tuple[Flow, ...]

    @property
    def year(self) -> int:
        """The year whose network carries the flows."""
        return max(flow.year for flow in self.flows)


def load(path: str | Path, network_sources: sources.Network) -> Scenario:
    """Read and check a scenario file.

    Raises
    ------
    SourceError
        Naming file, line and field of every problem.
    """
    path = Path(path)
    rows, problems = sources.read_table(
        path, COLUMNS, optional={"note"}, cited=network_sources.sources
    )
    flows = []
    for line, row in rows:
        problem = sources.reporter(problems, path, line)
        for column in ("origin", "destination"):
            if row[column] and row[column] not in network_sources.nodes:
                problem(column, f"unknown node {row[column]!r} (not in nodes.csv)")
        try:
            volume, year = float(row["volume_mt"]), float(row["year"])
        except ValueError:
            problem("volume_mt/year", "must be numbers")
            continue
        if not math.isfinite(volume) or not 0 < volume <= 1000:
            problem("volume_mt", f"{row['volume_mt']} is outside 0..1000 Mt")
        if year != int(year) or not 1850 <= year <= 2100:
            problem("year", f"{row['year']} is not a year")
        flows.append(
            Flow(row["origin"], row["destination"], volume, int(year), row["source"], row["note"])
        )
    if not rows and not problems:
        problems.append(Problem(str(path), "1", "-", "the scenario has no flows"))
    if problems:
        raise SourceError(problems)
    return Scenario(path.stem, tuple(flows))


def assign(
    scenario: Scenario, layers: pipeline.Layers, parameters: tuple[network.Parameter, ...]
) -> pd.DataFrame:
    """Route every flow and add up volumes on legs and at ports and stations.

    Returns
    -------
    pandas.DataFrame
        One row per leg or node that carries a flow: ``what`` (leg or node), ``id``,
        ``name``, ``volume_mt``, ``capacity_mt_per_year``, ``utilisation``,
        ``tonne_km_million`` (legs) and ``over_capacity``. Volumes in both directions
        add up, as the published capacities are not split by direction.

    Raises
    ------
    NoRouteError
        If a flow cannot be routed in the scenario's year.
    """
    graph = network.graph(layers.legs, layers.nodes, parameters, scenario.year)
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for flow in scenario.flows:
        found = network.route(graph, flow.origin, flow.destination)
        for leg in found.legs:
            row = rows.setdefault(
                ("leg", leg.id),
                {
                    "name": leg.name,
                    "km": leg.km,
                    "capacity": leg.capacity_mt_per_year,
                    "volume": 0.0,
                },
            )
            row["volume"] = float(str(row["volume"])) + flow.volume_mt
        stops = [found.legs[0].from_node, *(leg.to_node for leg in found.legs)]
        capacities = {limit.id: limit.capacity_mt_per_year for limit in found.node_limits}
        for node in stops:
            row = rows.setdefault(
                ("node", node),
                {
                    "name": graph.nodes[node]["name"],
                    "km": None,
                    "capacity": capacities.get(node),
                    "volume": 0.0,
                },
            )
            row["volume"] = float(str(row["volume"])) + flow.volume_mt
    table = pd.DataFrame(
        [
            {
                "what": what,
                "id": item,
                "name": row["name"],
                "volume_mt": row["volume"],
                "capacity_mt_per_year": row["capacity"],
                "km": row["km"],
            }
            for (what, item), row in rows.items()
        ]
    )
    capacity = table["capacity_mt_per_year"].astype(float)
    table["utilisation"] = (table["volume_mt"] / capacity).round(3)
    table["tonne_km_million"] = (table["volume_mt"] * table["km"].astype(float)).round(1)
    table["over_capacity"] = table["utilisation"] > 1
    return table.drop(columns="km")
