"""``routes validate``: check every input of a project without writing anything."""

from __future__ import annotations

import argparse
from typing import Any

from routes.cli import options


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser("validate", help="check the sources and report every problem")
    options.add_project(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate what the build reads and say what was found; every problem at once."""
    from routes.loader import load_project

    project = load_project(args.project)
    data = project.dataset
    count = len(project.scenarios)
    print(
        f"{args.project}: valid: {len(data.nodes)} nodes, {len(data.legs)} legs, "
        f"{len(data.figures)} figures, {len(data.sources)} sources, "
        f"{len(project.parameters)} parameters, {len(project.comparison)} comparison figures, "
        f"{count} scenario{'s' * (count != 1)}"
    )
    return 0
