"""``routes scenario``: assign scenario flows and check legs and ports against capacity."""

from __future__ import annotations

import argparse
import json
import math
from typing import TYPE_CHECKING, Any

from routes.cli import options
from routes.errors import RoutesError
from routes.vocabulary import BASES

if TYPE_CHECKING:
    import pandas as pd

    from routes.model import Scenario


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser(
        "scenario", help="assign freight scenarios and flag what runs over capacity"
    )
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help="scenario names (default: every scenario)"
    )
    options.add_json(parser)
    options.add_project(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Assign each scenario and print its loaded legs and ports."""
    from routes import queries, scenarios

    current = queries.is_current(args.project)
    project = queries.project(args.project, current)
    unknown = [name for name in args.names if name not in project.scenarios]
    if unknown:
        listed = ", ".join(project.scenarios) or "none"
        raise RoutesError(f"no scenario {', '.join(map(repr, unknown))}; the project has {listed}")
    network = queries.network(args.project, options.progress(args), current=current, loaded=project)
    results = {
        name: (project.scenarios[name], scenarios.assign(project.scenarios[name], network))
        for name in args.names or project.scenarios
    }
    if args.json:
        print(json.dumps({name: _as_dict(s, t) for name, (s, t) in results.items()}, indent=2))
        return 0
    for name, (loaded, table) in results.items():
        count = len(loaded.flows)
        print(f"scenario {name} (network of {loaded.year}, {count} flow{'s' * (count != 1)})")
        for flow in loaded.flows:
            ends = f"{flow.origin} → {flow.destination}" + (f" by {flow.mode}" if flow.mode else "")
            print(f"  flow {ends}: {flow.volume_mt:g} Mt ({flow.year})")
        for _, row in table.iterrows():
            capacity = row["capacity_mt_per_year"]
            basis = row["capacity_basis"]
            use = (
                ""
                if math.isnan(row["utilisation"])
                else f" {row['utilisation']:.0%} of {capacity:g}"
                + ("" if basis in (None, "in_place") else f" ({BASES[basis]})")
            )
            flag = "  OVER CAPACITY" if row["over_capacity"] else ""
            tkm = (
                ""
                if math.isnan(row["tonne_km_million"])
                else f", {row['tonne_km_million']:,.0f} Mt-km"
            )
            print(f"  {row['what']:<4} {row['id']:<32} {row['volume_mt']:6.1f} Mt{use}{tkm}{flag}")
        print()
    return 0


def _as_dict(loaded: Scenario, table: pd.DataFrame) -> dict[str, object]:
    rows = [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in table.astype(object).to_dict(orient="records")
    ]
    return {"year": loaded.year, "flows": [vars(flow) for flow in loaded.flows], "loads": rows}
