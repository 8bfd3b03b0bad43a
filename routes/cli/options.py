"""Options shared by several subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from routes import network, pipeline, scenario, sources
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


def add_scenarios(parser: argparse.ArgumentParser) -> None:
    """Add ``--scenarios DIR``."""
    parser.add_argument(
        "--scenarios",
        type=Path,
        default=scenario.DEFAULT_FOLDER,
        metavar="DIR",
        help=f"folder of scenario CSV files (default: {scenario.DEFAULT_FOLDER})",
    )


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """Add ``--quiet``."""
    parser.add_argument("--quiet", action="store_true", help="print no progress")


def progress(args: argparse.Namespace) -> Callable[[str], None]:
    """Return a progress printer writing to stderr, silent with ``--quiet``."""
    if args.quiet:
        return lambda _: None
    return lambda message: print(f"routes: {message}", file=sys.stderr, flush=True)


def add_year(parser: argparse.ArgumentParser) -> None:
    """Add ``--year Y``."""
    parser.add_argument("--year", type=int, metavar="Y", help="use only the legs open in that year")


def add_json(parser: argparse.ArgumentParser) -> None:
    """Add ``--json``."""
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def freight_inputs(
    args: argparse.Namespace,
) -> tuple[sources.Network, tuple[network.Parameter, ...], pipeline.Layers]:
    """Load the ``--sources``, their transit-time parameters and the measured layers."""
    network_sources = sources.load(args.sources)
    parameters = network.load_parameters(args.sources / "parameters.csv", network_sources)
    return network_sources, parameters, pipeline.measure_network(network_sources)


def freight_graph(args: argparse.Namespace) -> nx.MultiDiGraph:
    """Build the freight network the ``--sources`` and ``--year`` options ask for."""
    _, parameters, layers = freight_inputs(args)
    return network.graph(layers.legs, layers.nodes, parameters, args.year)
