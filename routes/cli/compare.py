"""``routes compare``: the Middle Corridor against the Northern and the Suez routes."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from routes.cli import options
from routes.vocabulary import COMPARED_ROUTES, NMI_KM


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser(
        "compare", help="Middle Corridor vs Northern rail route vs Suez sea route"
    )
    options.add_json(parser)
    options.add_project(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print published figures beside what routes measures."""
    from routes import compare, queries

    current = queries.is_current(args.project)
    project = queries.project(args.project, current)
    documents = project.dataset.sources
    published = project.comparison
    network = queries.network(args.project, options.progress(args), current=current, loaded=project)
    middle = compare.middle_corridor(network)
    measured = {"middle": [middle], "suez": compare.suez()}
    door_to_door = [
        {
            "published_days": {"low": p.value, "high": p.value_high or p.value},
            "modelled_days": middle["total_days"],
            "published_minus_modelled_days": compare.against_published(
                middle["total_days"], p.value, p.value_high
            ),
            "note": p.note,
            "url": documents[p.source].url,
        }
        for p in published
        if p.route == "middle" and p.measure == "transit_days" and middle["total_days"]
    ]
    if args.json:
        result = {
            route: {
                "title": title,
                "published": [
                    asdict(p) | {"url": documents[p.source].url}
                    for p in published
                    if p.route == route
                ],
                "measured": measured.get(route, []),
            }
            for route, title in COMPARED_ROUTES.items()
        }
        result["middle"]["door_to_door"] = door_to_door
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    for route, title in COMPARED_ROUTES.items():
        print(title)
        for figure in (p for p in published if p.route == route):
            value = f"{figure.value:g}" + (f"-{figure.value_high:g}" if figure.value_high else "")
            value += f" {figure.unit}"
            if figure.unit == "nmi":
                value += f" = {figure.value * NMI_KM:,.0f} km"
            when = f", {figure.year}" if figure.year else ""
            source = documents[figure.source]
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
        if route == "middle":
            _door_to_door(door_to_door, middle)
        print()
    return 0


def _door_to_door(rows: list[dict[str, Any]], middle: dict[str, Any]) -> None:
    days = middle["total_days"]
    if days is None:
        print("  modelled door to door: unknown (a mode on the route has no published speed)")
        return
    print(f"  modelled door to door: {days['low']:g}-{days['high']:g} days")
    for row in rows:
        published, gap = row["published_days"], row["published_minus_modelled_days"]
        print(
            f"    against published {published['low']:g}-{published['high']:g} days"
            f" ({row['note']}): published minus modelled {gap['low']:+g} to {gap['high']:+g} days"
        )
    if middle["not_counted"]:
        print("    the model leaves out, as no figure is published:")
        for item in middle["not_counted"]:
            print(f"      {item}")
