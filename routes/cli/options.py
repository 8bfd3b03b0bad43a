"""Options shared by several subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from routes.pipeline import DEFAULT_SOURCES


def add_sources(parser: argparse.ArgumentParser) -> None:
    """Add ``--sources DIR``."""
    parser.add_argument(
        "--sources",
        type=Path,
        default=DEFAULT_SOURCES,
        metavar="DIR",
        help=f"folder of the source CSV files (default: {DEFAULT_SOURCES})",
    )


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """Add ``--quiet``."""
    parser.add_argument("--quiet", action="store_true", help="print no progress")


def progress(args: argparse.Namespace) -> Callable[[str], None]:
    """Return a progress printer writing to stderr, silent with ``--quiet``."""
    if args.quiet:
        return lambda _: None
    return lambda message: print(f"routes: {message}", file=sys.stderr, flush=True)
