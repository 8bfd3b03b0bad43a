"""The corridors as a freight network in OSMnx's conventions, and its years.

Nodes are the ports, stations and crossings; edges are the freight legs (rail,
road, ferry, shipping) in both directions, with ``length`` in metres and, where
a published speed exists for the mode, ``travel_time`` in seconds including the
published handling times at the node entered. Published waiting times (at a
border, in a port, for a sailing) ride on the nodes and edges as ``wait_low`` and
``wait_high`` hours with their ``wait_sources``. OSMnx's and NetworkX's routing
and statistics work on the result; :mod:`routes.routing` finds routes on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from routes.errors import RoutesError
from routes.model import Parameter, Project
from routes.vocabulary import FREIGHT_MODES, HOURS_PER_MONTH

if TYPE_CHECKING:
    from routes.measure import Layers

# Attributes that come back from GraphML as numbers.
_FLOATS = (
    "length",
    "travel_time",
    "capacity_mt_per_year",
    "transfer_hours",
    "wait_low",
    "wait_high",
    "x",
    "y",
)
_INTEGERS = ("opening_year", "capacity_year", "first_year", "last_year")


class YearError(RoutesError):
    """A year outside the years the data covers."""


def graph(layers: Layers, project: Project | Iterable[Parameter] = ()) -> nx.MultiDiGraph:
    """Build the freight network as an OSMnx-style MultiDiGraph.

    Parameters
    ----------
    layers
        The measured layers.
    project
        The project (or only its parameters): published speeds, durations,
        handling and waiting times. Without them edges have no ``travel_time``
        and nothing waits.

    Returns
    -------
    networkx.MultiDiGraph
        Edges both ways, ``length`` in metres, ``travel_time`` in seconds where
        known; the graph's ``first_year`` and ``last_year`` bound the years the
        data covers, and ``off_network`` lists the nodes no freight leg reaches.

    Examples
    --------
    >>> from routes import load_project, measure_network
    >>> project = load_project(".")
    >>> g = graph(measure_network(project), project)
    >>> g.edges["dostyk", "aktogay", 0]["mode"]
    'rail'
    >>> g.nodes["kuryk_port"]["wait_low"], g.nodes["kuryk_port"]["wait_high"]
    (6.0, 12.0)
    """
    # Imported here: the queries read a built graph and never need them.
    import pandas as pd
    import shapely

    parameters = tuple(project.parameters if isinstance(project, Project) else project)
    documents = project.dataset.sources if isinstance(project, Project) else {}
    speeds = {p.applies_to: p.value for p in parameters if p.parameter == "speed"}
    durations = {p.applies_to: p.value for p in parameters if p.parameter == "leg_hours"}
    transfer = {p.applies_to: p.value for p in parameters if p.parameter == "transfer_hours"}
    waits = _waits(parameters, documents)
    frame = pd.concat(list(layers.legs.values()), ignore_index=True)
    years = [y for y in (_number(v) for v in frame["opening_year"]) if y is not None]
    frame = frame[frame["mode"].isin(FREIGHT_MODES)]
    used = set(frame["from_node"]) | set(frame["to_node"])
    g = nx.MultiDiGraph(crs="EPSG:4326")
    off_network = []
    for _, node in layers.nodes.iterrows():
        years += [y for y in (_number(node["opening_year"]),) if y is not None]
        if node["id"] not in used:
            off_network.append([node["id"], node["name"], node["kind"]])
            continue
        attributes = {
            "name": node["name"],
            "kind": node["kind"],
            "country": node["country"],
            "opening_year": _integer(node["opening_year"]),
            "capacity_mt_per_year": _number(node["capacity_mt_per_year"]),
            "capacity_year": _integer(node["capacity_mt_per_year_year"]),
            "capacity_basis": node["capacity_mt_per_year_basis"],
            "transfer_hours": _transfer(transfer, node["id"], node["kind"]),
            **waits.get(node["id"], {}),
            "x": node.geometry.x,
            "y": node.geometry.y,
        }
        # as OSMnx does, an unknown value is left out rather than stored as None
        g.add_node(node["id"], **{k: v for k, v in attributes.items() if v is not None})
    for _, row in frame.iterrows():
        for u, v, line in (
            (row["from_node"], row["to_node"], row.geometry),
            (row["to_node"], row["from_node"], shapely.reverse(row.geometry)),
        ):
            moving = durations.get(row["id"])
            if moving is None and row["mode"] in speeds:
                moving = row["length_km"] / speeds[row["mode"]]
            hours = None if moving is None else moving + _transfer(transfer, v, g.nodes[v]["kind"])
            attributes = {
                "id": row["id"],
                "name": row["name"],
                "corridor": row["corridor"],
                "mode": row["mode"],
                "status": row["status"],
                "countries": row["countries"],
                "opening_year": _integer(row["opening_year"]),
                "length": round(float(row["length_km"]) * 1000, 1),
                "travel_time": None if hours is None else round(hours * 3600, 1),
                "capacity_mt_per_year": _number(row["capacity_mt_per_year"]),
                "capacity_year": _integer(row["capacity_mt_per_year_year"]),
                "capacity_basis": row["capacity_mt_per_year_basis"],
                **waits.get(row["id"], {}),
                "geometry": line,
            }
            g.add_edge(u, v, **{k: v for k, v in attributes.items() if v is not None})
    if years:
        g.graph.update(first_year=int(min(years)), last_year=int(max(years)))
    g.graph["off_network"] = json.dumps(off_network, ensure_ascii=False)
    return g


def _waits(
    parameters: tuple[Parameter, ...], documents: dict[str, Any]
) -> dict[str, dict[str, object]]:
    """Gather the published waits of each node or leg as one low-high range with its sources.

    A sea leg with ``n`` sailings a month may wait from none to one interval.
    """
    found: dict[str, dict[str, Any]] = {}
    for p in parameters:
        if p.parameter == "wait_hours":
            low, high = p.value, p.value if p.value_high is None else p.value_high
        elif p.parameter == "sailings_per_month":
            low, high = 0.0, HOURS_PER_MONTH / p.value
        else:
            continue
        wait = found.setdefault(p.applies_to, {"low": low, "high": high, "sources": []})
        wait["low"], wait["high"] = min(wait["low"], low), max(wait["high"], high)
        document = documents.get(p.source)
        wait["sources"].append(
            {
                "title": document.title if document else p.source,
                "url": document.url if document else None,
                "note": p.note,
            }
        )
    return {
        key: {
            "wait_low": round(wait["low"], 2),
            "wait_high": round(wait["high"], 2),
            "wait_sources": json.dumps(wait["sources"], ensure_ascii=False),
        }
        for key, wait in found.items()
    }


def save_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """Write the network as GraphML the way OSMnx does: every attribute as a string.

    ``osmnx.io.load_graphml(path, node_dtypes={"osmid": str})`` reads it back, and
    so does :func:`load_graphml` without OSMnx.
    """
    copy = g.copy()
    for data in [copy.graph, *(d for _, d in copy.nodes(data=True))]:
        data.update({key: str(value) for key, value in data.items()})
    for _, _, data in copy.edges(data=True):
        data.update({key: str(value) for key, value in data.items()})
    nx.write_graphml(copy, path, encoding="utf-8")


def load_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a network written by :func:`save_graphml`, with numbers as numbers.

    The edge geometry stays WKT text: routing does not need it.
    """
    g: nx.MultiDiGraph = nx.read_graphml(path, node_type=str, force_multigraph=True)
    items = [g.graph, *(d for _, d in g.nodes(data=True)), *(d for _, _, d in g.edges(data=True))]
    for data in items:
        for key, value in data.items():
            if key in _FLOATS:
                data[key] = float(value)
            elif key in _INTEGERS:
                data[key] = int(value)
    # GraphML keeps edge keys as text; OSMnx's are integers
    keyed = nx.MultiDiGraph(**g.graph)
    keyed.add_nodes_from(g.nodes(data=True))
    keyed.add_edges_from((u, v, int(k), d) for u, v, k, d in g.edges(keys=True, data=True))
    return keyed


def network_of(g: nx.MultiDiGraph, year: int | None) -> nx.MultiDiGraph:
    """Return the network of a year: the nodes and legs open that year.

    A node or leg with an opening year is out of the network before it; a leg
    with none counts if it is operating. The nodes left out are kept in the
    graph's ``closed`` attribute ({id: {name, opening_year}}), so a query can say why.
    ``None`` returns ``g`` itself.

    Raises
    ------
    YearError
        If ``year`` lies outside the years the data covers.

    Examples
    --------
    >>> from routes import load_project, measure_network
    >>> project = load_project(".")
    >>> g = graph(measure_network(project), project)
    >>> g.has_edge("mointy", "zhezkazgan"), network_of(g, 2024).has_edge("mointy", "zhezkazgan")
    (True, False)
    >>> "alat_port" in network_of(g, 1990)
    False
    >>> network_of(g, 1990).graph["closed"]["alat_port"]["opening_year"]
    2018
    """
    if year is None:
        return g
    first, last = g.graph.get("first_year"), g.graph.get("last_year")
    if first is not None and last is not None and not first <= year <= last:
        raise YearError(f"the data covers the years {first} to {last}; {year} is outside them")
    closed = {
        str(node): {"name": data["name"], "opening_year": int(data["opening_year"])}
        for node, data in g.nodes(data=True)
        if data.get("opening_year") is not None and data["opening_year"] > year
    }
    kept = with_edges(g, lambda edge: open_in(edge, year), without=closed)
    kept.graph["closed"] = closed
    return kept


def with_edges(
    g: nx.MultiDiGraph, keep: Callable[[dict[str, Any]], bool], without: Container[str] = ()
) -> nx.MultiDiGraph:
    """Return a copy of ``g`` with the edges ``keep`` accepts, and every node but ``without``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", mode="rail")
    0
    >>> g.add_edge("b", "c", mode="road")
    0
    >>> sorted(with_edges(g, lambda edge: edge["mode"] == "rail").edges()), len(g)
    ([('a', 'b')], 3)
    """
    kept = nx.MultiDiGraph(**g.graph)
    kept.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n not in without)
    kept.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in g.edges(keys=True, data=True)
        if keep(d) and u not in without and v not in without
    )
    return kept


def open_in(leg: Any, year: int) -> bool:
    """Tell whether a leg carries traffic in ``year`` (the maps' year control uses this rule).

    Operating legs count from their opening year (or always, if it is unknown);
    legs under construction or planned count from their expected year.
    """
    opening = _number(leg.get("opening_year"))
    if opening is None:
        return bool(leg["status"] == "operating")
    return int(opening) <= year


def _transfer(transfer: dict[str, float], node: str, kind: str) -> float:
    """Hours spent at a node: its own published figure, else its kind's, else none."""
    return transfer.get(node, transfer.get(kind, 0.0))


def _number(value: object) -> float | None:
    """Return the value as a float; None for None, NaN and pandas' NA."""
    if value is None or str(value) in ("nan", "<NA>"):
        return None
    return float(str(value))


def _integer(value: object) -> int | None:
    number = _number(value)
    return None if number is None else int(number)
