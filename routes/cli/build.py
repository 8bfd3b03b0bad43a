"""``routes build``: write every layer and map."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from routes import pipeline
from routes.cli import options


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser("build", help="build the GeoJSON layers and HTML maps")
    options.add_sources(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="write DIR/geodata and DIR/maps (default: the current folder)",
    )
    options.add_quiet(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build and list what was written."""
    report = options.progress(args)
    written = pipeline.build(args.sources, args.out, report)
    report(f"wrote {len(written)} files under {args.out}")
    return 0
