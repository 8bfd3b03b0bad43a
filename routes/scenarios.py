"""Freight scenarios: flows assigned to the network, legs and ports checked against capacity.

A scenario is a CSV file (``geodata/scenarios/NAME.csv``) of flows: ``origin,
destination, volume_mt, year, source, note``, read by :mod:`routes.loader`. Each
flow takes the shortest route in the network of its year; the volumes add up on
every leg and port they pass.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from routes import freight
from routes.model import Scenario


def assign(scenario: Scenario, network: nx.MultiDiGraph) -> pd.DataFrame:
    """Route every flow in the network of its year; add up volumes on legs and at nodes.

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
    graph = freight.network_of(network, scenario.year)
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for flow in scenario.flows:
        found = freight.route(graph, flow.origin, flow.destination)
        for step in found.steps:
            row = rows.setdefault(
                ("leg", step.id),
                {
                    "name": step.name,
                    "km": step.km,
                    "capacity": step.capacity_mt_per_year,
                    "volume": 0.0,
                },
            )
            row["volume"] = float(str(row["volume"])) + flow.volume_mt
        stops = [found.steps[0].from_node, *(step.to_node for step in found.steps)]
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
