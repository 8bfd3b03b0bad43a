"""``routes build``: write every layer and map."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from routes.cli import options


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser("build", help="build the GeoJSON layers and HTML maps")
    options.add_project(parser)
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write DIR/geodata and DIR/maps (default: the project folder)",
    )
    options.add_quiet(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build and say how many files were written."""
    from routes.pipeline import build

    report = options.progress(args)
    out = args.project if args.out is None else args.out
    written = build(args.project, out, report)
    report(f"wrote {len(written)} files under {out}")
    return 0
