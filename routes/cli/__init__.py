"""The ``routes`` command: a thin layer over the library, one module per subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from routes.errors import RoutesError, SourceError

SUBCOMMANDS = ("build", "validate", "info", "route", "scenario", "compare", "refine")


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``routes`` command."""
    main_parser = argparse.ArgumentParser(
        prog="routes", description="Map the Eurasian corridors through the Caspian region."
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        import_module(f"routes.cli.{name}").register(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for invalid sources)."""
    try:
        # The subcommands import the heavy libraries: inside the try, so that Ctrl-C
        # while they load ends quietly too.
        args = parser().parse_args(argv)
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
