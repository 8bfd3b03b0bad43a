"""``routes info``: a table of every leg, with each corridor's total length."""

from __future__ import annotations

import argparse
import json
from typing import Any

from routes.cli import options

COLUMNS = {
    "corridor": "corridor",
    "route": "from → to",
    "mode": "mode",
    "status": "status",
    "length_km": "km",
    "length_km_published": "published km",
    "capacity_mt_per_year": "capacity Mt/yr",
    "volume_mt": "volume Mt",
}


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser("info", help="print a table of legs and corridor totals")
    options.add_project(parser)
    options.add_json(parser)
    parser.set_defaults(run=run)


def legs_table(legs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return one row per leg with the columns of :data:`COLUMNS`."""
    return [
        {
            column: f"{leg['from_node']} → {leg['to_node']}" if column == "route" else leg[column]
            for column in COLUMNS
        }
        for leg in legs
    ]


def run(args: argparse.Namespace) -> int:
    """Print the table (or JSON)."""
    from routes import queries

    table = legs_table(queries.legs(args.project, options.progress(args)))
    totals: dict[str, float] = {}
    counts: dict[str, int] = {}
    for row in table:
        totals[row["corridor"]] = totals.get(row["corridor"], 0.0) + row["length_km"]
        counts[row["corridor"]] = counts.get(row["corridor"], 0) + 1
    totals = {corridor: round(km, 1) for corridor, km in totals.items()}
    if args.json:
        print(json.dumps({"legs": table, "totals_km": totals}, indent=2, ensure_ascii=False))
        return 0
    cells = [list(COLUMNS.values())]
    cells += [[_cell(row[column]) for column in COLUMNS] for row in table]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    numeric = [isinstance(table[0][column], float | int) if table else False for column in COLUMNS]
    for line in cells:
        print(
            "  ".join(
                cell.rjust(width) if number else cell.ljust(width)
                for cell, width, number in zip(line, widths, numeric, strict=True)
            ).rstrip()
        )
    print()
    for corridor, total in totals.items():
        print(f"{corridor}: {counts[corridor]} legs, {total:,.1f} km")
    return 0


def _cell(value: object) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if isinstance(value, float) else str(value)
