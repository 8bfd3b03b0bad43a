"""Freight scenarios: flows assigned to the network, legs and ports checked against capacity.

A scenario is a CSV file (``geodata/scenarios/NAME.csv``) of flows: ``origin,
destination, volume_mt, year, source, note`` and, optionally, ``mode`` (the land
mode the freight travels by; sea legs are always open to it), read by
:mod:`routes.loader`. Each flow takes the shortest route in the network of its
year; the volumes add up on every leg and port they pass.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from routes import freight, routing
from routes.model import Scenario
from routes.vocabulary import MODES


def by_mode(network: nx.MultiDiGraph, mode: str) -> nx.MultiDiGraph:
    """Return the network a flow by land ``mode`` may use: that mode's legs and the sea legs.

    An empty ``mode`` returns the whole network.
    """
    if not mode:
        return network
    return freight.with_edges(
        network, lambda edge: edge["mode"] == mode or MODES[edge["mode"]].medium == "sea"
    )


def assign(scenario: Scenario, network: nx.MultiDiGraph) -> pd.DataFrame:
    """Route every flow in the network of its year; add up volumes on legs and at nodes.

    Returns
    -------
    pandas.DataFrame
        One row per leg or node that carries a flow: ``what`` (leg or node), ``id``,
        ``name``, ``volume_mt``, ``capacity_mt_per_year`` (only the capacities the
        flows use: a port's where they are loaded or unloaded), ``capacity_basis``,
        ``utilisation`` (unrounded),
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
        found = routing.route(by_mode(graph, flow.mode), flow.origin, flow.destination)
        used = {(limit.what, limit.id): limit for limit in found.limits}
        stops = [found.steps[0].from_node, *(step.to_node for step in found.steps)]
        passed: list[tuple[str, str, str, float | None]] = [
            ("leg", step.id, step.name, step.km) for step in found.steps
        ]
        passed += [("node", node, graph.nodes[node]["name"], None) for node in stops]
        for what, key, name, km in passed:
            limit = used.get((what, key))
            row = rows.setdefault(
                (what, key),
                {
                    "what": what,
                    "id": key,
                    "name": name,
                    "volume_mt": 0.0,
                    "capacity_mt_per_year": limit.capacity_mt_per_year if limit else None,
                    "capacity_basis": limit.basis if limit else None,
                    "km": km,
                },
            )
            row["volume_mt"] = float(str(row["volume_mt"])) + flow.volume_mt
    table = pd.DataFrame(list(rows.values()))
    capacity = table["capacity_mt_per_year"].astype(float)
    # unrounded, so that a percentage shown is rounded once
    table["utilisation"] = table["volume_mt"] / capacity
    table["tonne_km_million"] = (table["volume_mt"] * table["km"].astype(float)).round(1)
    table["over_capacity"] = table["utilisation"] > 1
    return table.drop(columns="km")
