"""``routes info``: a table of every leg, with each corridor's total length."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

import pandas as pd

from routes import pipeline, sources
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
    options.add_sources(parser)
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.set_defaults(run=run)


def legs_table(network: sources.Network) -> pd.DataFrame:
    """Return one row per leg with the columns of :data:`COLUMNS`."""
    layers = pipeline.measure_network(network)
    frames = []
    for frame in layers.legs.values():
        table = pd.DataFrame(frame.drop(columns="geometry"))
        table["route"] = table["from_node"] + " → " + table["to_node"]
        frames.append(table[list(COLUMNS)])
    return pd.concat(frames, ignore_index=True)


def run(args: argparse.Namespace) -> int:
    """Print the table (or JSON)."""
    table = legs_table(sources.load(args.sources))
    totals = table.groupby("corridor", sort=False)["length_km"].sum().round(1)
    if args.json:
        records = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in table.astype(object).to_dict(orient="records")
        ]
        print(json.dumps({"legs": records, "totals_km": totals.to_dict()}, indent=2))
        return 0
    shown = table.rename(columns=COLUMNS).astype(object).where(table.notna().to_numpy(), "")
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    print()
    for corridor, total in totals.items():
        count = int((table["corridor"] == corridor).sum())
        print(f"{corridor}: {count} legs, {total:,.1f} km")
    return 0
