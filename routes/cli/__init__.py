"""The ``routes`` command: a thin layer over the library, one module per subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from routes.cli import build, compare, info, route, scenario, validate
from routes.errors import RoutesError, SourceError

SUBCOMMANDS = (build, validate, info, route, scenario, compare)


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``routes`` command."""
    main_parser = argparse.ArgumentParser(
        prog="routes", description="Map the Eurasian corridors through the Caspian region."
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.register(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for invalid sources)."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except RoutesError as error:
        if not isinstance(error, SourceError):
            print(f"routes: {error}", file=sys.stderr)
            return 2
        count = len(error.problems)
        print(f"routes: {count} problem{'s' * (count != 1)} in the sources:", file=sys.stderr)
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        print(f"routes: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("routes: interrupted; no output was changed", file=sys.stderr)
        return 130
    return code
