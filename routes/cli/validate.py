"""``routes validate``: check the sources, parameters and scenarios without writing anything."""

from __future__ import annotations

import argparse
from typing import Any

from routes import network, scenario, sources
from routes.cli import options
from routes.errors import SourceError


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser("validate", help="check the sources and report every problem")
    options.add_sources(parser)
    options.add_scenarios(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate everything and say what was found; all problems are reported together."""
    network_sources = sources.load(args.sources)
    problems = []
    try:
        parameters = network.load_parameters(args.sources / "parameters.csv", network_sources)
    except SourceError as error:
        problems.extend(error.problems)
        parameters = ()
    paths = sorted(args.scenarios.glob("*.csv"))
    for path in paths:
        try:
            scenario.load(path, network_sources)
        except SourceError as error:
            problems.extend(error.problems)
    if problems:
        raise SourceError(problems)
    print(
        f"{args.sources}: valid: {len(network_sources.nodes)} nodes, "
        f"{len(network_sources.legs)} legs, {len(network_sources.figures)} figures, "
        f"{len(network_sources.sources)} sources, {len(parameters)} parameters; "
        f"{len(paths)} scenarios in {args.scenarios}"
    )
    return 0
