"""``routes refine``: snap land legs to the real track from OpenStreetMap."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from routes.cli import options

if TYPE_CHECKING:
    from collections.abc import Callable

    import networkx as nx

    from routes.model import Dataset, Leg, Source
    from routes.refine import OsmData, Outcome


def register(commands: Any) -> None:
    """Add the subcommand to the ``routes`` parser."""
    parser = commands.add_parser(
        "refine", help="refine rail, road and power-line legs with OpenStreetMap data"
    )
    origin = parser.add_mutually_exclusive_group(required=True)
    origin.add_argument(
        "--osm",
        type=Path,
        metavar="FILE",
        help="an OSM extract (.osm.pbf, .osm, .osm.bz2), e.g. from Geofabrik",
    )
    origin.add_argument(
        "--overpass", action="store_true", help="download the ways around the legs (cached)"
    )
    origin.add_argument(
        "--line",
        type=Path,
        metavar="FILE",
        help="a GeoJSON file of published routes (a pipeline's, say): the one nearest --leg's"
        " ends replaces that leg's drawing; cite it with --cite",
    )
    origin.add_argument(
        "--lines",
        type=Path,
        metavar="FILE",
        help="a GeoJSON file of railway lines (Natural Earth's, say) for the rail legs to"
        " follow where no OSM track is at hand; cite it with --cite",
    )
    origin.add_argument(
        "--via",
        metavar="NAMES",
        help="where no track is at hand: draw --leg straight through these stations of"
        " --stations, in order (names or osm:<id>, separated by ';')",
    )
    parser.add_argument(
        "--leg", metavar="ID", help="only this leg (with --line: the leg the route replaces)"
    )
    parser.add_argument(
        "--cite",
        metavar="SOURCE",
        help="with --line or --lines: the id of its document in sources.csv",
    )
    parser.add_argument(
        "--stations",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="with --lines or --via: a GeoJSON file of OSM station points the legs are drawn"
        " through (in order, labelled with their ids); cite it with --cite-stations; may be"
        " given more than once",
    )
    parser.add_argument(
        "--cite-stations",
        action="append",
        default=[],
        metavar="SOURCE",
        help="with --stations: its document's id (one for each --stations)",
    )
    parser.add_argument("--corridor", help="only this corridor's legs")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=None,
        metavar="KM",
        help="refuse a path that leaves the drawn leg by more (default: 10 km)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("refined"),
        metavar="DIR",
        help="write the refined layers to DIR/geodata (default: refined)",
    )
    parser.add_argument(
        "--write-sources",
        action="store_true",
        help="also keep the refined shapes in the sources, for normal builds, and the"
        " clipped OSM ways they follow under the sources' ../osm folder",
    )
    options.add_project(parser)
    options.add_quiet(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Refine, report what changed, write the refined layers (and sources)."""
    from routes import refine
    from routes.loader import load_project
    from routes.model import SOURCES_DIR

    report = options.progress(args)
    tolerance = refine.DEFAULT_TOLERANCE_KM if args.tolerance is None else args.tolerance
    network = load_project(args.project).dataset
    corridors = sorted({leg.corridor for leg in network.legs.values()})
    if args.corridor is not None and args.corridor not in corridors:
        raise refine.UnknownCorridorError(
            f"unknown corridor {args.corridor!r}; the corridors are {', '.join(corridors)}"
        )
    legs = [
        leg
        for leg in network.legs.values()
        if leg.mode in refine.WAYS
        and args.corridor in (None, leg.corridor)
        and args.leg in (None, leg.id)
    ]
    if args.line:
        return _follow_line(args, network, tolerance, report)
    if args.lines:
        return _follow_lines(args, network, legs, tolerance, report)
    if args.via:
        return _via_stations(args, network, tolerance, report)
    data = None
    osm: OsmData | nx.MultiDiGraph
    if args.osm:
        report(f"reading the ways around {len(legs)} legs from {args.osm}")
        data = refine.load(args.osm, legs, network, tolerance)
        osm, source = data, data.source
    else:
        report(f"downloading the OSM ways around {len(legs)} legs from the Overpass API")
        osm = refine.download(legs, network, refine.buffer_km(tolerance))
        source = refine.osm_source("overpass", datetime.date.today().isoformat())
    outcomes = []
    for number, leg in enumerate(legs, 1):
        report(f"routing leg {number}/{len(legs)}: {leg.id}")
        outcomes.append(refine.refine_leg(leg, network, osm, tolerance))
    written = _keep(args, network, outcomes, source, report)
    if written and args.write_sources and data is not None:
        folder = (args.project / SOURCES_DIR).parent / "osm"
        for path in refine.write_extracts(folder, data, written):
            report(f"kept the OSM ways they follow in {path}")
    return 0


def _follow_line(
    args: argparse.Namespace, network: Dataset, tolerance: float, report: Callable[[str], None]
) -> int:
    """Replace one leg's drawing by the nearest route of a GeoJSON file."""
    from routes import refine
    from routes.errors import RoutesError

    if args.leg not in network.legs:
        raise RoutesError(f"--line needs --leg with a leg id of legs.csv, not {args.leg!r}")
    if args.cite not in network.sources:
        raise RoutesError(f"--line needs --cite with a source id of sources.csv, not {args.cite!r}")
    report(f"reading the routes in {args.line}")
    lines = refine.read_lines(args.line)
    outcome = refine.follow_line(network.legs[args.leg], network, lines, tolerance)
    _keep(args, network, [outcome], network.sources[args.cite], report)
    return 0


def _via_stations(
    args: argparse.Namespace, network: Dataset, tolerance: float, report: Callable[[str], None]
) -> int:
    """Draw one leg straight through the named stations."""
    from routes import refine
    from routes.errors import RoutesError

    if args.leg not in network.legs:
        raise RoutesError(f"--via needs --leg with a leg id of legs.csv, not {args.leg!r}")
    if not args.stations:
        raise RoutesError("--via needs --stations FILE (and --cite-stations SOURCE)")
    cited = _cited_stations(args, network)
    stations = _read_stations(args, report)
    names = [name for name in args.via.split(";") if name.strip()]
    outcome = refine.via_stations(network.legs[args.leg], network, stations, names, tolerance)
    _keep(args, network, [outcome], _track_source(network, cited), report)
    return 0


def _track_source(network: Dataset, cited: list[str]) -> Source:
    """Return the citation of a drawn track: the first document's, with every id joined."""
    from dataclasses import replace

    return replace(network.sources[cited[0]], id=";".join(cited))


def _cited_stations(args: argparse.Namespace, network: Dataset) -> list[str]:
    """Return the source ids of the --stations files, one for each, all in sources.csv."""
    from routes.errors import RoutesError

    if len(args.cite_stations) != len(args.stations):
        raise RoutesError("give one --cite-stations SOURCE for each --stations FILE")
    for key in args.cite_stations:
        if key not in network.sources:
            raise RoutesError(f"--cite-stations needs source ids of sources.csv: {key!r}")
    return list(args.cite_stations)


def _read_stations(
    args: argparse.Namespace, report: Callable[[str], None]
) -> list[tuple[str, str, float, float]]:
    """Read the station points of every --stations file."""
    from routes import refine

    stations = []
    for path in args.stations:
        report(f"reading the stations in {path}")
        stations += refine.read_stations(path, halts=bool(args.via))
    return stations


def _follow_lines(
    args: argparse.Namespace,
    network: Dataset,
    legs: list[Leg],
    tolerance: float,
    report: Callable[[str], None],
) -> int:
    """Draw the rail legs along a file of lines, and through the stations near them."""
    from routes import refine
    from routes.errors import RoutesError

    if args.cite not in network.sources:
        raise RoutesError(f"--cite needs a source id of sources.csv: {args.cite!r}")
    cited = [args.cite, *_cited_stations(args, network)]
    # legs already on OSM track keep it
    rail = [leg for leg in legs if leg.mode == "rail" and leg.geometry_accuracy != "surveyed"]
    report(f"reading the lines around {len(rail)} rail legs from {args.lines}")
    data = refine.load_lines(args.lines, rail, network, network.sources[args.cite], tolerance)
    stations = _read_stations(args, report)
    outcomes = [refine.along_lines(leg, network, data, stations, tolerance) for leg in rail]
    source = _track_source(network, cited)
    _keep(args, network, outcomes, source, report)
    return 0


def _keep(
    args: argparse.Namespace,
    network: Dataset,
    outcomes: list[Outcome],
    source: Source,
    report: Callable[[str], None],
) -> list[str]:
    """Print the outcomes, write the refined layers (and sources); return the corridors changed."""
    from routes import export, refine
    from routes.measure import measure_network
    from routes.model import SOURCES_DIR

    print(f"{'leg':<34} {'result':<12} {'old km':>9} {'new km':>9} {'max dev km':>10}  detail")
    for o in outcomes:
        new = "" if o.new_km is None else f"{o.new_km:9.1f}"
        dev = "" if o.deviation_km is None else f"{o.deviation_km:10.2f}"
        print(f"{o.leg:<34} {o.status:<12} {o.old_km:9.1f} {new:>9} {dev:>10}  {o.detail}")
    refined = [o for o in outcomes if o.status == "refined"]
    if not refined:
        report("no leg refined; nothing written")
        return []
    layers = measure_network(refine.refined_network(network, outcomes, source))
    changed = {network.legs[o.leg].corridor for o in refined}
    with export.staged(args.out) as target:
        for corridor in sorted(changed):
            export.write_geojson(layers.legs[corridor], target(f"geodata/{corridor}.geojson"))
    report(f"wrote the refined layers of {', '.join(sorted(changed))} to {args.out / 'geodata'}")
    if args.write_sources:
        sources = args.project / SOURCES_DIR
        refine.write_sources(sources, outcomes, source)
        report(f"kept {len(refined)} refined shapes in {sources}; run routes build")
    return sorted(changed)
