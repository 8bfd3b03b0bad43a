"""``routes route FROM TO``: the shortest freight route between two nodes."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from routes.cli import options

if TYPE_CHECKING:
    from routes.freight import Route


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
    from routes import freight, queries

    network = freight.network_of(queries.network(args.project, options.progress(args)), args.year)
    found = freight.route(network, args.origin, args.destination, args.by)
    if args.json:
        print(json.dumps(_as_dict(found), indent=2, ensure_ascii=False))
        return 0
    print(
        f"{found.origin} → {found.destination} by {args.by}"
        + (f", network of {args.year}" if args.year else "")
    )
    width = max(len(f"{step.from_node} → {step.to_node}") for step in found.steps)
    for number, step in enumerate(found.steps, 1):
        hours = "" if step.hours is None else f"{step.hours:7.1f} h"
        ends = f"{step.from_node} → {step.to_node}"
        print(
            f"{number:2}. {ends:<{width}}  {step.mode:<8} {step.km:8.1f} km {hours}  {step.status}"
        )
    print(f"total: {found.km:,.1f} km in {len(found.steps)} legs")
    if found.hours is not None:
        print(f"estimated transit time: {found.hours:,.0f} h ({found.hours / 24:.1f} days)")
    else:
        print("estimated transit time: unknown (a mode on the route has no published speed)")
    bottleneck = found.bottleneck
    if bottleneck is None:
        print("bottleneck: nothing on the route has a published capacity")
    else:
        print(
            f"bottleneck: {bottleneck.name} ({bottleneck.what} {bottleneck.id},"
            f" {bottleneck.capacity_mt_per_year:g} Mt/yr)"
        )
    return 0


def _as_dict(found: Route) -> dict[str, object]:
    bottleneck = found.bottleneck
    return {
        "origin": found.origin,
        "destination": found.destination,
        "km": round(found.km, 1),
        "hours": None if found.hours is None else round(found.hours, 1),
        "legs": [asdict(step) for step in found.steps],
        "bottleneck": None if bottleneck is None else asdict(bottleneck),
    }
