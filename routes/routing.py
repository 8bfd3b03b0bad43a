"""Routes on the freight network: names to nodes, the path, its time and its bottleneck.

A route's time is a range: the moving time (published speeds and crossing
durations, with the handling paid at each node entered) plus the published
waits met on the way (at a border, in a port where the cargo changes between
land and sea, for a sailing). A wait that the route needs but no source gives
is named in ``missing`` instead of counting as zero.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from anyascii import anyascii
from rapidfuzz import fuzz

from routes import freight
from routes.errors import RoutesError
from routes.vocabulary import KINDS, MODES

# Spellings of one sound across the region's transliterations (Khorgos, Qorgas).
_SOUNDS = (("kh", "k"), ("gh", "g"), ("q", "k"), ("j", "y"), ("w", "v"), ("sh", "s"), ("zh", "z"))
# A fuzzy match this good, and this far ahead of the next node, is taken as meant.
SURE_SCORE, SURE_LEAD = 90.0, 5.0
SUGGEST_SCORE = 60.0


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
    """A published capacity the route's freight uses: of a leg, a port or a station."""

    what: str  # "leg" or "node"
    id: str
    name: str
    capacity_mt_per_year: float
    year: int | None = None
    basis: str = "in_place"


@dataclass(frozen=True)
class Wait:
    """A published wait met on a route, in hours, with its sources."""

    what: str  # "node" or "leg"
    id: str
    name: str
    low_hours: float
    high_hours: float
    sources: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Route:
    """A route between two nodes with its totals, waits and bottleneck."""

    origin: str
    destination: str
    steps: tuple[Step, ...]
    limits: tuple[Limit, ...] = ()
    start_hours: float = 0.0
    waits: tuple[Wait, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def km(self) -> float:
        """Total length in km."""
        return sum(step.km for step in self.steps)

    @property
    def hours(self) -> float | None:
        """Moving time in hours (with handling), or None if a mode has no published speed."""
        hours = [step.hours for step in self.steps]
        if any(h is None for h in hours):
            return None
        # the train is handled at the origin too (a border station, say) before it leaves
        return self.start_hours + sum(h for h in hours if h is not None)

    @property
    def waiting_hours(self) -> tuple[float, float]:
        """The published waits met on the route, low and high, in hours."""
        return (sum(w.low_hours for w in self.waits), sum(w.high_hours for w in self.waits))

    @property
    def total_hours(self) -> tuple[float, float] | None:
        """Moving time plus waits, low and high; None if the moving time is unknown."""
        if self.hours is None:
            return None
        low, high = self.waiting_hours
        return (self.hours + low, self.hours + high)

    @property
    def bottleneck(self) -> Limit | None:
        """The capacity the route's freight uses that is least, if any is published."""
        return min(self.limits, key=lambda limit: limit.capacity_mt_per_year, default=None)


def find_nodes(
    g: nx.MultiDiGraph, queries: Sequence[str], say: Callable[[str], None] = lambda _: None
) -> list[str]:
    """Return the node each name or id refers to; report every bad name at once.

    Names match without case, accents or the usual transliteration differences
    (Khorgos, Khorgas, Qorgas), and a close misspelling is taken as meant (and
    said). A node that exists but that no freight leg reaches is named as such.

    Raises
    ------
    UnknownNodeError
        Naming each query that matches nothing, or several nodes, with the
        closest names.

    Examples
    --------
    >>> from routes import queries
    >>> find_nodes(queries.network("."), ["CONSTANTA", "Tbilsi", "Bojuk"])
    ['constanta_port', 'tbilisi', 'boyuk_kasik']
    """
    found, problems = [], []
    for query in queries:
        try:
            found.append(_find(g, query, say))
        except UnknownNodeError as error:
            problems.append(str(error))
    if problems:
        raise UnknownNodeError("; ".join(problems))
    return found


def find_node(g: nx.MultiDiGraph, query: str) -> str:
    """Return the node a name or id refers to (see :func:`find_nodes`)."""
    return find_nodes(g, [query])[0]


def route(
    g: nx.MultiDiGraph,
    origin: str,
    destination: str,
    by: str = "length",
    say: Callable[[str], None] = lambda _: None,
) -> Route:
    """Return the shortest route by ``length`` or by ``time``.

    By time, only the legs with a published speed or duration can be used.

    Raises
    ------
    UnknownNodeError
        If a name matches no node of the network.
    NoRouteError
        If the two names are one node, or no path joins them.
    """
    start, end = find_nodes(g, [origin, destination], say)
    if start == end:
        raise NoRouteError(f"{origin!r} and {destination!r} are the same node ({start})")
    weight = "travel_time" if by == "time" else "length"
    if weight == "travel_time":
        g = freight.with_edges(g, lambda edge: edge.get("travel_time") is not None)
    try:
        path: list[str] = nx.shortest_path(g, start, end, weight=weight)
    except nx.NetworkXNoPath:
        raise NoRouteError(f"no route joins {start} and {end}") from None
    edges = [
        min(g.get_edge_data(u, v).values(), key=lambda d: d[weight])
        for u, v in itertools.pairwise(path)
    ]
    steps = tuple(
        _step(u, v, data) for (u, v), data in zip(itertools.pairwise(path), edges, strict=True)
    )
    waits, missing = _waits(g, path, edges)
    return Route(
        start,
        end,
        steps,
        _limits(g, path, edges),
        float(g.nodes[start].get("transfer_hours", 0.0)),
        waits,
        missing,
    )


def _step(u: str, v: str, data: dict[str, Any]) -> Step:
    time = data.get("travel_time")
    return Step(
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


def _transfers(path: list[str], edges: list[dict[str, Any]]) -> set[str]:
    """Return the ports where the freight changes between land and sea (or starts or ends)."""
    sea = [MODES[edge["mode"]].medium == "sea" for edge in edges]
    found = set()
    for index, node in enumerate(path):
        before = sea[index - 1] if index > 0 else None
        after = sea[index] if index < len(edges) else None
        if True in (before, after) and before != after:
            found.add(node)
    return found


def _limits(g: nx.MultiDiGraph, path: list[str], edges: list[dict[str, Any]]) -> tuple[Limit, ...]:
    """Return the capacities the route's freight uses.

    That is each leg's, each station's it passes, and a port's only where the
    cargo is loaded or unloaded there.
    """
    transfers = _transfers(path, edges)
    limits = []
    for node in path:
        data = g.nodes[node]
        capacity = data.get("capacity_mt_per_year")
        if capacity is None or (data["kind"] == "port" and node not in transfers):
            continue
        limits.append(_limit("node", node, data, capacity))
    for edge in edges:
        if edge.get("capacity_mt_per_year") is not None:
            limits.append(_limit("leg", edge["id"], edge, edge["capacity_mt_per_year"]))
    return tuple(limits)


def _limit(what: str, key: str, data: dict[str, Any], capacity: float) -> Limit:
    return Limit(
        what,
        key,
        data["name"],
        float(capacity),
        data.get("capacity_year"),
        data.get("capacity_basis", "in_place"),
    )


def _waits(
    g: nx.MultiDiGraph, path: list[str], edges: list[dict[str, Any]]
) -> tuple[tuple[Wait, ...], tuple[str, ...]]:
    """Return the published waits met on a route, and the waits it needs that no source gives."""
    transfers = _transfers(path, edges)
    waits, missing = [], []
    for node in path:
        data = g.nodes[node]
        port = data["kind"] == "port"
        if port and node not in transfers:
            continue
        if "wait_low" in data:
            waits.append(_wait("node", node, data))
        elif port:
            missing.append(f"port handling and dwell at {data['name']} ({node})")
        elif data["kind"] == "border_crossing":
            missing.append(f"border crossing at {data['name']} ({node})")
    for (u, v), edge in zip(itertools.pairwise(path), edges, strict=True):
        if "wait_low" in edge:
            waits.append(_wait("leg", edge["id"], edge))
        elif MODES[edge["mode"]].medium == "sea":
            missing.append(f"waiting for a sailing on {edge['name']} ({edge['id']})")
        crossed = edge.get("countries", "").count(";") > 0
        border_at_end = any(
            g.nodes[end]["kind"] == "border_crossing" or "wait_low" in g.nodes[end]
            for end in (u, v)
        )
        if crossed and not border_at_end and MODES[edge["mode"]].medium == "land":
            missing.append(f"border crossing on {edge['name']} ({edge['countries']})")
    return tuple(waits), tuple(missing)


def _wait(what: str, key: str, data: dict[str, Any]) -> Wait:
    return Wait(
        what,
        key,
        data["name"],
        float(data["wait_low"]),
        float(data["wait_high"]),
        tuple(json.loads(data["wait_sources"])),
    )


def _find(g: nx.MultiDiGraph, query: str, say: Callable[[str], None]) -> str:
    """Resolve one name; raise UnknownNodeError explaining why it cannot be."""
    if query in g.nodes:
        return query
    every: dict[str, tuple[str, str | None]] = {
        str(node): (str(data["name"]), None) for node, data in g.nodes(data=True)
    }
    for node, name, kind in json.loads(g.graph.get("off_network", "[]")):
        every[node] = (name, f"a {KINDS[kind].label}; the freight network does not reach it")
    for node, closed in g.graph.get("closed", {}).items():
        every[node] = (closed["name"], f"opens in {closed['opening_year']}, after the chosen year")
    wanted = fold_name(query)
    strings = {node: _strings(node, name) for node, (name, _) in every.items()}
    # From strictest to loosest: whole name or id, a word of the name, part of the name.
    tests: tuple[Callable[[str], bool], ...] = (
        lambda node: wanted in strings[node],
        lambda node: any(wanted in s.split() for s in strings[node]),
        lambda node: any(wanted in s for s in strings[node]),
    )
    # The network's own nodes first: "Constanta" is the port, not the cable landing.
    reachable = [node for node in every if every[node][1] is None]
    others = [node for node in every if every[node][1] is not None]
    for group, test in itertools.product((reachable, others), tests):
        matched = sorted(node for node in group if test(node))
        if len(matched) == 1:
            return _usable(matched[0], every, query)
        if len(matched) > 1:
            listed = ", ".join(f"{node} ({every[node][0]})" for node in matched)
            if group is others:
                raise UnknownNodeError(
                    f"{query!r} is not on the freight network; it matches {listed}, "
                    "which no freight leg reaches in the chosen network"
                )
            raise UnknownNodeError(f"{query!r} matches several nodes: {listed}")
    # on a tie, the network's own node comes first
    scores = sorted(
        (
            (
                max(_score(wanted, s) for s in strings[node]) + (0.5 if node in reachable else 0),
                node,
            )
            for node in every
        ),
        reverse=True,
    )
    (best, node), second = scores[0], scores[1][0] if len(scores) > 1 else 0.0
    if best >= SURE_SCORE and best - second >= SURE_LEAD:
        say(f"{query!r} read as {every[node][0]} ({node})")
        return _usable(node, every, query)
    close = [n for score, n in scores[:3] if score >= SUGGEST_SCORE]
    # the network's own nodes first: those are the ones a route can use
    close.sort(key=lambda n: n not in reachable)
    hints = [f"{n} ({every[n][0]})" for n in close]
    hint = f"; closest: {', '.join(hints)}" if hints else ""
    raise UnknownNodeError(f"no node matches {query!r}{hint}")


def _usable(node: str, every: dict[str, tuple[str, str | None]], query: str) -> str:
    name, why_not = every[node]
    if why_not:
        raise UnknownNodeError(f"{query!r} is {name} ({node}), {why_not}")
    return node


def _strings(node: str, name: str) -> list[str]:
    """Return the folded forms of a node's id, its name and the parts of its name."""
    inside = re.findall(r"\(([^)]*)\)", name)
    outside = re.sub(r"\([^)]*\)", " ", name)
    return [fold_name(s) for s in (node.replace("_", " "), name, outside, *inside) if fold_name(s)]


def _score(wanted: str, candidate: str) -> float:
    return max(fuzz.ratio(wanted, candidate), fuzz.WRatio(wanted, candidate) - 5)


def fold_name(text: str) -> str:
    """Fold a name to plain lower-case letters and digits, one spelling per sound."""
    plain = re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).strip()
    for spelling, sound in _SOUNDS:
        plain = plain.replace(spelling, sound)
    return plain
