"""``routes route FROM TO``: the shortest freight route between two nodes."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from routes import network
from routes.cli import options


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
    options.add_sources(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Find and print the route."""
    found = network.route(options.freight_graph(args), args.origin, args.destination, args.by)
    if args.json:
        print(json.dumps(_as_dict(found), indent=2, ensure_ascii=False))
        return 0
    print(
        f"{found.origin} → {found.destination} by {args.by}"
        + (f", network of {args.year}" if args.year else "")
    )
    width = max(len(f"{leg.from_node} → {leg.to_node}") for leg in found.legs)
    for number, leg in enumerate(found.legs, 1):
        hours = "" if leg.hours is None else f"{leg.hours:7.1f} h"
        ends = f"{leg.from_node} → {leg.to_node}"
        print(f"{number:2}. {ends:<{width}}  {leg.mode:<8} {leg.km:8.1f} km {hours}  {leg.status}")
    print(f"total: {found.km:,.1f} km in {len(found.legs)} legs")
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


def _as_dict(found: network.Route) -> dict[str, object]:
    bottleneck = found.bottleneck
    return {
        "origin": found.origin,
        "destination": found.destination,
        "km": round(found.km, 1),
        "hours": None if found.hours is None else round(found.hours, 1),
        "legs": [asdict(leg) for leg in found.legs],
        "bottleneck": None if bottleneck is None else asdict(bottleneck),
    }
