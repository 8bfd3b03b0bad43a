"""The corridors as a routable freight network, in OSMnx's conventions.

Nodes are the ports, stations and crossings; edges are the freight legs (rail,
road, ferry, shipping) in both directions, with ``length`` in metres and, where
a published speed exists for the mode, ``travel_time`` in seconds including the
published transfer times at the node entered. OSMnx's and NetworkX's routing and
statistics work on the result.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import geopandas as gpd
import networkx as nx
import osmnx as ox
import pandas as pd
import shapely

from routes import sources
from routes.errors import RoutesError, SourceError

FREIGHT_MODES = ("rail", "road", "ferry", "shipping")
PARAMETER_COLUMNS = ("parameter", "applies_to", "value", "unit", "source", "note")
PARAMETERS = ("speed", "leg_hours", "transfer_hours")
# Factor from each accepted speed unit to km/h.
SPEED_UNITS = {"km/h": 1.0, "km/day": 1 / 24, "kn": 1.852}
_LETTERS = str.maketrans({"ə": "a", "Ə": "a", "ı": "i", "İ": "i"})


class UnknownNodeError(RoutesError):
    """A node name or id matches nothing (or several nodes) in the network."""


class NoRouteError(RoutesError):
    """No path joins the two nodes (in the chosen year)."""


@dataclass(frozen=True)
class Parameter:
    """A published speed or transfer time used to estimate transit times."""

    parameter: str
    applies_to: str
    value: float
    unit: str
    source: str
    note: str


@dataclass(frozen=True)
class Leg:
    """One leg of a route, in travel order."""

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
    legs: tuple[Leg, ...]
    node_limits: tuple[Limit, ...] = ()
    start_hours: float = 0.0

    @property
    def km(self) -> float:
        """Total length in km."""
        return sum(leg.km for leg in self.legs)

    @property
    def hours(self) -> float | None:
        """Estimated transit time in hours, or None if a mode has no published speed."""
        hours = [leg.hours for leg in self.legs]
        if any(h is None for h in hours):
            return None
        # the train is handled at the origin too (a border station, say) before it leaves
        return self.start_hours + sum(h for h in hours if h is not None)

    @property
    def bottleneck(self) -> Limit | None:
        """The leg, port or station of least published capacity on the route, if any."""
        limits = [*self.node_limits]
        for leg in self.legs:
            if leg.capacity_mt_per_year is not None:
                limits.append(Limit("leg", leg.id, leg.name, leg.capacity_mt_per_year))
        return min(limits, key=lambda limit: limit.capacity_mt_per_year) if limits else None


def load_parameters(path: str | Path, network: sources.Network) -> tuple[Parameter, ...]:
    """Read the speeds and transfer times, checking every value and citation.

    ``parameter`` is ``speed`` (``applies_to`` a freight mode, unit ``km/h``,
    ``km/day`` or ``kn``), ``leg_hours`` (``applies_to`` a leg id, unit ``h``: a
    published duration of that leg) or ``transfer_hours`` (``applies_to`` a node id
    or a node kind, unit ``h``). Speeds are converted to km/h.

    Raises
    ------
    SourceError
        Naming file, line and field of every problem.
    """
    path = Path(path)
    rows, problems = sources.read_table(
        path, PARAMETER_COLUMNS, optional={"note"}, cited=network.sources
    )
    kinds = {node.kind for node in network.nodes.values()}
    parameters = []
    for line, row in rows:
        problem = sources.reporter(problems, path, line)
        name, target, unit = row["parameter"], row["applies_to"], row["unit"]
        if name == "speed":
            if target not in FREIGHT_MODES:
                problem(
                    "applies_to", f"{target!r} is not a freight mode ({', '.join(FREIGHT_MODES)})"
                )
            if unit not in SPEED_UNITS:
                problem("unit", f"speeds are in {', '.join(SPEED_UNITS)}")
        elif name == "leg_hours":
            if target not in network.legs:
                problem("applies_to", f"unknown leg {target!r} (not in legs.csv)")
            if unit != "h":
                problem("unit", "leg durations are in h")
        elif name == "transfer_hours":
            if target not in network.nodes and target not in kinds:
                problem("applies_to", f"{target!r} is neither a node id nor a node kind")
            if unit != "h":
                problem("unit", "transfer times are in h")
        else:
            problem("parameter", f"unknown parameter {name!r}; expected {', '.join(PARAMETERS)}")
        try:
            value = float(row["value"])
        except ValueError:
            problem("value", f"{row['value']!r} is not a number")
            continue
        if not math.isfinite(value) or value <= 0 or value > 1000:
            problem("value", f"{row['value']} is outside 0..1000")
        if name == "speed" and unit in SPEED_UNITS:
            value, unit = value * SPEED_UNITS[unit], "km/h"
        parameters.append(Parameter(name, target, value, unit, row["source"], row["note"]))
    if problems:
        raise SourceError(problems)
    return tuple(parameters)


def graph(
    legs: dict[str, gpd.GeoDataFrame],
    nodes: gpd.GeoDataFrame,
    parameters: Iterable[Parameter] = (),
    year: int | None = None,
) -> nx.MultiDiGraph:
    """Build the freight network as an OSMnx-style MultiDiGraph.

    Parameters
    ----------
    legs
        Measured leg layers keyed by corridor.
    nodes
        The node layer.
    parameters
        Published speeds and transfer times; without them edges have no ``travel_time``.
    year
        Keep only the legs open in that year (operating and opened by then, or
        expected to open by then); None keeps every leg.

    Returns
    -------
    networkx.MultiDiGraph
        Edges both ways, ``length`` in metres, ``travel_time`` in seconds where known.

    Examples
    --------
    >>> from routes import load, measure_network
    >>> layers = measure_network(load("geodata/sources"))
    >>> g = graph(layers.legs, layers.nodes)
    >>> g.edges["dostyk", "aktogay", 0]["mode"]
    'rail'
    """
    parameters = tuple(parameters)
    speeds = {p.applies_to: p.value for p in parameters if p.parameter == "speed"}
    durations = {p.applies_to: p.value for p in parameters if p.parameter == "leg_hours"}
    transfer = {p.applies_to: p.value for p in parameters if p.parameter == "transfer_hours"}
    frame = pd.concat(list(legs.values()), ignore_index=True)
    frame = frame[frame["mode"].isin(FREIGHT_MODES)]
    # Every freight node stays in the graph, so a node with no leg open yet gives
    # "no route" rather than "no such node".
    used = set(frame["from_node"]) | set(frame["to_node"])
    if year is not None:
        frame = frame[[open_in(row, year) for _, row in frame.iterrows()]]
    kind = dict(zip(nodes["id"], nodes["kind"], strict=True))
    edges = []
    parallel: dict[tuple[str, str], int] = {}
    for _, row in frame.iterrows():
        for u, v, line in (
            (row["from_node"], row["to_node"], row.geometry),
            (row["to_node"], row["from_node"], shapely.reverse(row.geometry)),
        ):
            moving = durations.get(row["id"])
            if moving is None and row["mode"] in speeds:
                moving = row["length_km"] / speeds[row["mode"]]
            hours = None if moving is None else moving + _transfer(transfer, v, kind[v])
            key = parallel[u, v] = parallel.get((u, v), -1) + 1
            edges.append(
                {
                    "u": u,
                    "v": v,
                    "key": key,
                    "id": row["id"],
                    "name": row["name"],
                    "corridor": row["corridor"],
                    "mode": row["mode"],
                    "status": row["status"],
                    "opening_year": None
                    if pd.isna(row["opening_year"])
                    else int(row["opening_year"]),
                    "length": round(float(row["length_km"]) * 1000, 1),
                    "travel_time": None if hours is None else round(hours * 3600, 1),
                    "capacity_mt_per_year": _number(row["capacity_mt_per_year"]),
                    "geometry": line,
                }
            )
    gdf_edges = gpd.GeoDataFrame(edges, geometry="geometry", crs="EPSG:4326").set_index(
        ["u", "v", "key"]
    )
    kept = nodes[nodes["id"].isin(used)]
    gdf_nodes = gpd.GeoDataFrame(
        {
            "name": kept["name"].to_numpy(),
            "kind": kept["kind"].to_numpy(),
            "country": kept["country"].to_numpy(),
            "capacity_mt_per_year": kept["capacity_mt_per_year"].to_numpy(),
            "transfer_hours": [
                _transfer(transfer, n, k) for n, k in zip(kept["id"], kept["kind"], strict=True)
            ],
            "x": kept.geometry.x.to_numpy(),
            "y": kept.geometry.y.to_numpy(),
        },
        geometry=kept.geometry.to_numpy(),
        index=pd.Index(kept["id"].to_numpy(), name="osmid"),
        crs="EPSG:4326",
    )
    return ox.convert.graph_from_gdfs(gdf_nodes, gdf_edges, graph_attrs={"crs": "EPSG:4326"})


def _transfer(transfer: dict[str, float], node: str, kind: str) -> float:
    """Hours spent at a node: its own published figure, else its kind's, else none."""
    return transfer.get(node, transfer.get(kind, 0.0))


def open_in(leg: pd.Series, year: int) -> bool:
    """Tell whether a leg carries traffic in ``year`` (the maps' year control uses this rule).

    Operating legs count from their opening year (or always, if it is unknown);
    legs under construction or planned count from their expected year.
    """
    opening = leg["opening_year"]
    if pd.isna(opening):
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
    >>> from routes import load, measure_network
    >>> layers = measure_network(load("geodata/sources"))
    >>> find_node(graph(layers.legs, layers.nodes), "CONSTANTA")
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
    legs = []
    for u, v in itertools.pairwise(path):
        data = min(g.get_edge_data(u, v).values(), key=lambda d: d[weight])
        time = data.get("travel_time")
        legs.append(
            Leg(
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
    return Route(start, end, tuple(legs), limits, float(g.nodes[start].get("transfer_hours", 0.0)))


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(str(value))
