"""The corridors as a routable freight network, in OSMnx's conventions.

Nodes are the ports, stations and crossings; edges are the freight legs (rail,
road, ferry, shipping) in both directions, with ``length`` in metres and, where
a published speed exists for the mode, ``travel_time`` in seconds including the
published transfer times at the node entered. OSMnx's and NetworkX's routing and
statistics work on the result.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from routes.errors import RoutesError
from routes.model import Parameter
from routes.vocabulary import FREIGHT_MODES

if TYPE_CHECKING:
    from routes.measure import Layers

# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "İ": "i"})
# Edge and node attributes that come back from GraphML as numbers.
_NUMBERS = ("length", "travel_time", "capacity_mt_per_year", "transfer_hours", "x", "y")


class UnknownNodeError(RoutesError):
    """A node name or id matches nothing (or several nodes) in the network."""


class NoRouteError(RoutesError):
    """No path joins the two nodes (in the chosen year)."""


@dataclass(frozen=True)
class Step:
    """One leg of a route as travelled: from one node to the next."""

    id: str
    name: str
    from_node: str
    to_node: str
    mode: str
    status: str
    km: float
    hours: float | None
    capacity_mt_per_year: float | None


@dataclass(frozen=True)
class Limit:
    """A published capacity met on a route: of a leg, or of a port or station."""

    what: str  # "leg" or "node"
    id: str
    name: str
    capacity_mt_per_year: float


@dataclass(frozen=True)
class Route:
    """A route between two nodes with its totals and bottleneck."""

    origin: str
    destination: str
    steps: tuple[Step, ...]
    node_limits: tuple[Limit, ...] = ()
    start_hours: float = 0.0

    @property
    def km(self) -> float:
        """Total length in km."""
        return sum(step.km for step in self.steps)

    @property
    def hours(self) -> float | None:
        """Estimated transit time in hours, or None if a mode has no published speed."""
        hours = [step.hours for step in self.steps]
        if any(h is None for h in hours):
            return None
        # the train is handled at the origin too (a border station, say) before it leaves
        return self.start_hours + sum(h for h in hours if h is not None)

    @property
    def bottleneck(self) -> Limit | None:
        """The leg, port or station of least published capacity on the route, if any."""
        limits = [*self.node_limits]
        for step in self.steps:
            if step.capacity_mt_per_year is not None:
                limits.append(Limit("leg", step.id, step.name, step.capacity_mt_per_year))
        return min(limits, key=lambda limit: limit.capacity_mt_per_year) if limits else None


def graph(layers: Layers, parameters: Iterable[Parameter] = ()) -> nx.MultiDiGraph:
    """Build the freight network as an OSMnx-style MultiDiGraph.

    Parameters
    ----------
    layers
        The measured layers.
    parameters
        Published speeds and transfer times; without them edges have no ``travel_time``.

    Returns
    -------
    networkx.MultiDiGraph
        Edges both ways, ``length`` in metres, ``travel_time`` in seconds where known.

    Examples
    --------
    >>> from routes import load_project, measure_network
    >>> g = graph(measure_network(load_project(".")))
    >>> g.edges["dostyk", "aktogay", 0]["mode"]
    'rail'
    """
    # Imported here: the queries read a built graph and never need them.
    import pandas as pd
    import shapely

    parameters = tuple(parameters)
    speeds = {p.applies_to: p.value for p in parameters if p.parameter == "speed"}
    durations = {p.applies_to: p.value for p in parameters if p.parameter == "leg_hours"}
    transfer = {p.applies_to: p.value for p in parameters if p.parameter == "transfer_hours"}
    frame = pd.concat(list(layers.legs.values()), ignore_index=True)
    frame = frame[frame["mode"].isin(FREIGHT_MODES)]
    used = set(frame["from_node"]) | set(frame["to_node"])
    g = nx.MultiDiGraph(crs="EPSG:4326")
    for _, node in layers.nodes.iterrows():
        if node["id"] in used:
            attributes = dict(
                name=node["name"],
                kind=node["kind"],
                country=node["country"],
                capacity_mt_per_year=_number(node["capacity_mt_per_year"]),
                transfer_hours=_transfer(transfer, node["id"], node["kind"]),
                x=node.geometry.x,
                y=node.geometry.y,
            )
            # as OSMnx does, an unknown value is left out rather than stored as None
            g.add_node(node["id"], **{k: v for k, v in attributes.items() if v is not None})
    for _, row in frame.iterrows():
        for u, v, line in (
            (row["from_node"], row["to_node"], row.geometry),
            (row["to_node"], row["from_node"], shapely.reverse(row.geometry)),
        ):
            opening = _number(row["opening_year"])
            moving = durations.get(row["id"])
            if moving is None and row["mode"] in speeds:
                moving = row["length_km"] / speeds[row["mode"]]
            hours = None if moving is None else moving + _transfer(transfer, v, g.nodes[v]["kind"])
            attributes = dict(
                id=row["id"],
                name=row["name"],
                corridor=row["corridor"],
                mode=row["mode"],
                status=row["status"],
                opening_year=None if opening is None else int(opening),
                length=round(float(row["length_km"]) * 1000, 1),
                travel_time=None if hours is None else round(hours * 3600, 1),
                capacity_mt_per_year=_number(row["capacity_mt_per_year"]),
                geometry=line,
            )
            g.add_edge(u, v, **{k: v for k, v in attributes.items() if v is not None})
    return g


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
    items = [*(d for _, d in g.nodes(data=True)), *(d for _, _, d in g.edges(data=True))]
    for data in items:
        for key, value in data.items():
            if key in _NUMBERS:
                data[key] = float(value)
            elif key == "opening_year":
                data[key] = int(value)
    # GraphML keeps edge keys as text; OSMnx's are integers
    keyed = nx.MultiDiGraph(**g.graph)
    keyed.add_nodes_from(g.nodes(data=True))
    keyed.add_edges_from((u, v, int(k), d) for u, v, k, d in g.edges(keys=True, data=True))
    return keyed


def _transfer(transfer: dict[str, float], node: str, kind: str) -> float:
    """Hours spent at a node: its own published figure, else its kind's, else none."""
    return transfer.get(node, transfer.get(kind, 0.0))


def network_of(g: nx.MultiDiGraph, year: int | None) -> nx.MultiDiGraph:
    """Return the network of a year: every node, and the legs open that year.

    Every node stays, so that a node with no leg open yet gives "no route"
    rather than "no such node". ``None`` returns ``g`` itself.

    Examples
    --------
    >>> from routes import load_project, measure_network
    >>> g = graph(measure_network(load_project(".")))
    >>> g.has_edge("mointy", "zhezkazgan"), network_of(g, 2024).has_edge("mointy", "zhezkazgan")
    (True, False)
    """
    if year is None:
        return g
    kept = nx.MultiDiGraph(**g.graph)
    kept.add_nodes_from(g.nodes(data=True))
    kept.add_edges_from(
        (u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if open_in(d, year)
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


def find_node(g: nx.MultiDiGraph, query: str) -> str:
    """Return the node a name or id refers to, ignoring case and accents.

    Raises
    ------
    UnknownNodeError
        With the closest names when nothing (or more than one node) matches.

    Examples
    --------
    >>> from routes import load_project, measure_network
    >>> find_node(graph(measure_network(load_project("."))), "CONSTANTA")
    'constanta_port'
    """
    if query in g.nodes:
        return query
    wanted = _plain(query)
    names: dict[str, str] = {str(node): _plain(data["name"]) for node, data in g.nodes(data=True)}
    # From strictest to loosest: whole name or id, a word of the name, part of the name.
    tests: tuple[Callable[[str], bool], ...] = (
        lambda node: names[node] == wanted or _plain(node) == wanted,
        lambda node: wanted in names[node].replace("(", " ").replace(")", " ").split(),
        lambda node: wanted in names[node],
    )
    for test in tests:
        found = sorted(node for node in names if test(node))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = ", ".join(f"{node} ({g.nodes[node]['name']})" for node in found)
            raise UnknownNodeError(f"{query!r} matches several nodes: {listed}")
    close = get_close_matches(wanted, list(names.values()), n=4, cutoff=0.5)
    hints = [f"{node} ({g.nodes[node]['name']})" for node in names if names[node] in close]
    hint = f"; closest: {', '.join(hints)}" if hints else ""
    raise UnknownNodeError(f"no node matches {query!r}{hint}")


def route(g: nx.MultiDiGraph, origin: str, destination: str, by: str = "length") -> Route:
    """Return the shortest route by ``length`` or by ``time``.

    By time, only the legs with a published speed or duration can be used.

    Raises
    ------
    NoRouteError
        If no path joins the nodes.
    """
    start, end = find_node(g, origin), find_node(g, destination)
    weight = "travel_time" if by == "time" else "length"
    if weight == "travel_time":
        timed = [
            (u, v, k) for u, v, k, t in g.edges(keys=True, data="travel_time") if t is not None
        ]
        g = g.edge_subgraph(timed).copy()
        g.add_nodes_from([start, end])
    try:
        path: list[str] = nx.shortest_path(g, start, end, weight=weight)
    except nx.NetworkXNoPath:
        raise NoRouteError(f"no route joins {start} and {end}") from None
    steps = []
    for u, v in itertools.pairwise(path):
        data = min(g.get_edge_data(u, v).values(), key=lambda d: d[weight])
        time = data.get("travel_time")
        steps.append(
            Step(
                data["id"],
                data["name"],
                u,
                v,
                data["mode"],
                data["status"],
                data["length"] / 1000,
                None if time is None else time / 3600,
                data.get("capacity_mt_per_year"),
            )
        )
    limits = tuple(
        Limit("node", node, g.nodes[node]["name"], float(g.nodes[node]["capacity_mt_per_year"]))
        for node in path
        if _number(g.nodes[node].get("capacity_mt_per_year")) is not None
    )
    return Route(start, end, tuple(steps), limits, float(g.nodes[start].get("transfer_hours", 0.0)))


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _number(value: object) -> float | None:
    """Return the value as a float; None for None, NaN and pandas' NA."""
    if value is None or str(value) in ("nan", "<NA>"):
        return None
    return float(str(value))
