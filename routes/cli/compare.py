"""``routes compare``: the Middle Corridor against the Northern and the Suez routes."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from routes import compare, network
from routes.cli import options


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser(
        "compare", help="Middle Corridor vs Northern rail route vs Suez sea route"
    )
    options.add_json(parser)
    options.add_sources(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print published figures beside what routes measures."""
    network_sources, parameters, layers = options.freight_inputs(args)
    published = compare.load_published(args.sources / "comparison.csv", network_sources)
    graph = network.graph(layers.legs, layers.nodes, parameters)
    measured = {"middle": [compare.middle_corridor(graph)], "suez": compare.suez()}
    if args.json:
        result = {
            route: {
                "title": title,
                "published": [
                    asdict(p) | {"url": network_sources.sources[p.source].url}
                    for p in published
                    if p.route == route
                ],
                "measured": measured.get(route, []),
            }
            for route, title in compare.ROUTES.items()
        }
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    for route, title in compare.ROUTES.items():
        print(title)
        for figure in (p for p in published if p.route == route):
            value = f"{figure.value:g}" + (f"-{figure.value_high:g}" if figure.value_high else "")
            value += f" {figure.unit}"
            if figure.unit == "nmi":
                value += f" = {figure.value * compare.NMI_KM:,.0f} km"
            when = f", {figure.year}" if figure.year else ""
            source = network_sources.sources[figure.source]
            print(f"  published {figure.measure}: {value} ({figure.note}{when})")
            print(f"    source: {source.title}, {source.url}")
        for item in measured.get(route, []):
            extra = ""
            modes = item.get("modes")
            if isinstance(modes, list):
                hours = item["moving_hours"]
                extra = f", modes {'/'.join(modes)}, {item['mode_changes']} mode changes"
                extra += f", moving time {hours} h" if hours is not None else ""
            print(f"  measured {item['from']} → {item['to']}: {item['km']:,} km{extra}")
            print(f"    method: {item['method']}")
        print()
    return 0
