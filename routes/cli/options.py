"""Options shared by several subcommands, and the project they point at.

Nothing heavy is imported here: ``routes --help`` builds every subcommand's
parser, and the libraries load only when a subcommand runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def add_project(parser: argparse.ArgumentParser) -> None:
    """Add ``--project DIR``."""
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder, holding geodata/sources (default: the current folder)",
    )


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """Add ``--quiet``."""
    parser.add_argument("--quiet", action="store_true", help="print no progress")


def progress(args: argparse.Namespace) -> Callable[[str], None]:
    """Return a progress printer writing to stderr, silent with ``--quiet``."""
    if getattr(args, "quiet", False):
        return lambda _: None
    return lambda message: print(f"routes: {message}", file=sys.stderr, flush=True)


def add_year(parser: argparse.ArgumentParser) -> None:
    """Add ``--year Y``."""
    parser.add_argument("--year", type=int, metavar="Y", help="use only the legs open in that year")


def add_json(parser: argparse.ArgumentParser) -> None:
    """Add ``--json``."""
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
