"""``routes route FROM TO``: the shortest freight route between two nodes, door to door."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from routes.cli import options
from routes.vocabulary import BASES

if TYPE_CHECKING:
    from routes.routing import Limit, Route


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser(
        "route", help="the shortest freight route between two nodes (ids or names)"
    )
    parser.add_argument("origin", metavar="FROM", help="node id or name, e.g. Khorgos")
    parser.add_argument("destination", metavar="TO", help="node id or name, e.g. Constanta")
    parser.add_argument(
        "--by", choices=("length", "time"), default="length", help="what to minimise"
    )
    options.add_year(parser)
    options.add_json(parser)
    options.add_project(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Find and print the route."""
    from routes import freight, queries, routing

    say = options.progress(args)
    network = freight.network_of(queries.network(args.project, say), args.year)
    found = routing.route(network, args.origin, args.destination, args.by, say)
    if args.json:
        print(json.dumps(as_dict(found), indent=2, ensure_ascii=False))
        return 0
    print(
        f"{found.origin} → {found.destination} by {args.by}"
        + (f", network of {args.year}" if args.year else "")
    )
    width = max(len(f"{step.from_node} → {step.to_node}") for step in found.steps)
    for number, step in enumerate(found.steps, 1):
        hours = "" if step.hours is None else f"{step.hours:5.0f} h"
        ends = f"{step.from_node} → {step.to_node}"
        print(
            f"{number:2}. {ends:<{width}}  {step.mode:<8} {step.km:6,.0f} km {hours}  {step.status}"
        )
    count = len(found.steps)
    print(f"total: {found.km:,.0f} km in {count} leg{'s' * (count != 1)}")
    for line in time_lines(found):
        print(line)
    print(f"bottleneck: {_bottleneck(found.bottleneck)}")
    return 0


def time_lines(found: Route) -> list[str]:
    """Describe the route's moving, waiting and total time, and what is not counted."""
    if found.hours is None:
        return ["transit time: unknown (a mode on the route has no published speed)"]
    low, high = found.waiting_hours
    total = found.total_hours or (found.hours, found.hours)
    lines = [
        f"moving time: {found.hours:,.0f} h ({found.hours / 24:.1f} days), "
        "from published speeds, crossing and handling times",
        f"waiting: {_range(low, high)} h, from published figures:"
        if found.waits
        else "waiting: no published figure on this route",
    ]
    for wait in found.waits:
        titles = "; ".join(str(source["title"]) for source in wait.sources)
        lines.append(f"  {wait.name}: {_range(wait.low_hours, wait.high_hours)} h ({titles})")
    lines.append(
        f"door to door: {_range(*total)} h ({_range(total[0] / 24, total[1] / 24, 1)} days)"
    )
    if found.missing:
        lines.append("not counted, as no figure is published:")
        lines += [f"  {item}" for item in found.missing]
    return lines


def _range(low: float, high: float, decimals: int = 0) -> str:
    text = f"{low:,.{decimals}f}", f"{high:,.{decimals}f}"
    return text[0] if text[0] == text[1] else f"{text[0]}–{text[1]}"


def _bottleneck(limit: Limit | None) -> str:
    if limit is None:
        return "nothing the route uses has a published capacity"
    basis = "" if limit.basis == "in_place" else f" {BASES[limit.basis]}"
    year = f", {limit.year}" if limit.year else ""
    return (
        f"{limit.name} ({limit.what} {limit.id}, {limit.capacity_mt_per_year:g} Mt/yr{basis}{year})"
    )


def as_dict(found: Route) -> dict[str, object]:
    """Return the route as JSON-ready data, rounded to what the data supports."""
    total = found.total_hours
    return {
        "origin": found.origin,
        "destination": found.destination,
        "km": round(found.km),
        "moving_hours": None if found.hours is None else round(found.hours),
        "waiting_hours": {
            "low": round(found.waiting_hours[0]),
            "high": round(found.waiting_hours[1]),
        },
        "total_hours": None if total is None else {"low": round(total[0]), "high": round(total[1])},
        "total_days": None
        if total is None
        else {"low": round(total[0] / 24, 1), "high": round(total[1] / 24, 1)},
        "waits": [asdict(wait) for wait in found.waits],
        "not_counted": list(found.missing),
        "legs": [
            asdict(step)
            | {"km": round(step.km), "hours": None if step.hours is None else round(step.hours, 1)}
            for step in found.steps
        ],
        "bottleneck": None if found.bottleneck is None else asdict(found.bottleneck),
    }
