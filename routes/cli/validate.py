"""``routes validate``: check the sources without writing anything."""

from __future__ import annotations

import argparse
from typing import Any

from routes import sources
from routes.cli import options


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser("validate", help="check the sources and report every problem")
    options.add_sources(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate and say what was found."""
    network = sources.load(args.sources)
    print(
        f"{args.sources}: valid: {len(network.nodes)} nodes, {len(network.legs)} legs, "
        f"{len(network.figures)} figures, {len(network.sources)} sources"
    )
    return 0
