"""Refine speed and scaling on OSM extracts, each printed as a ratio measured in one run.

1. Refining the Azerbaijani legs (a leg with an end node in AZE) from the shared
   Azerbaijan railway extract, as OSM XML (``.osm.bz2``) and as PBF (converted
   here with pyosmium), against the time pyosmium takes merely to read the file
   (every object handed to Python, nothing done with it). The extract's node ids
   are local (negative); a third file, the PBF with them made positive as in
   every extract downloaded from OpenStreetMap, shows the reader's other path,
   and a fourth adds nine copies of the ways in place, tagged as buildings, as
   in a country extract, where railways are a small part of the file.
2. The same refine on synthetic extracts grown x1, x10 and x100 by copies of the
   extract's ways moved far off the corridors: time and peak memory (each run in
   its own process) against the file's size.

Run with ``python -m benchmarks.refine`` (needs ``../shared/data`` beside the repository).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import osmium

from routes import refine
from routes.loader import load_dataset
from routes.model import Dataset, Leg

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "geodata" / "sources"
EXTRACT = ROOT.parent / "shared" / "data" / "osm" / "azerbaijan_railways_2026-02-26.osm.bz2"
RUNS = 5
GROWTH = (1, 10, 100)
# Copies are moved this far south per copy (degrees), well away from every leg.
SHIFT = (-60.0, 0.05)


def side_by_side(path: Path) -> tuple[float, float, int]:
    """Return the best times of reading a file and of refining from it, and how many refine.

    Reading is pyosmium's alone, every object handed to Python and nothing done
    with it; refining reads the Azerbaijani legs' ways and routes the legs. The
    two alternate, so that both see the machine alike.
    """
    network = load_dataset(SOURCES)
    legs = azerbaijani_legs(network)
    read = refine_best = float("inf")
    refined = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        for _entity in osmium.FileProcessor(str(path)):
            pass
        read = min(read, time.perf_counter() - start)
        start = time.perf_counter()
        _, outcomes = _refined(path, legs, network)
        refine_best = min(refine_best, time.perf_counter() - start)
        refined = sum(o.status == "refined" for o in outcomes)
    return read, refine_best, refined


def _refined(
    path: Path, legs: list[Leg], network: Dataset
) -> tuple[refine.OsmData, list[refine.Outcome]]:
    """Read the legs' ways from a file and refine each leg (the work measured)."""
    data = refine.load(path, legs, network)
    return data, [refine.refine_leg(leg, network, data, 10.0) for leg in legs]


def azerbaijani_legs(network: Dataset) -> list[Leg]:
    """Return the land legs with an end node in Azerbaijan."""
    return [
        leg
        for leg in network.legs.values()
        if leg.mode in refine.WAYS
        and "AZE" in (network.nodes[leg.from_node].country, network.nodes[leg.to_node].country)
    ]


def write_pbf(
    source: Path, target: Path, copies: int, osm_ids: bool = False, buildings: bool = False
) -> None:
    """Write ``source`` as PBF, with ``copies - 1`` more copies of it moved off the corridors.

    ``osm_ids`` makes the extract's local (negative) node ids positive, as the ids
    of every extract downloaded from OpenStreetMap are. ``buildings`` leaves the
    copies in place (a hundredth of a metre east per copy) and tags their ways
    ``building=yes``, so that, as in a country extract, most ways and nodes are
    of kinds no leg follows.
    """
    sign = abs if osm_ids else int
    nodes: list[tuple[int, float, float]] = []
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    for entity in osmium.FileProcessor(str(source)):
        if isinstance(entity, osmium.osm.Node):
            nodes.append((sign(entity.id), entity.location.lon, entity.location.lat))
        elif isinstance(entity, osmium.osm.Way):
            ways.append((entity.id, [sign(n.ref) for n in entity.nodes], dict(entity.tags)))
    node_step = max(abs(n[0]) for n in nodes) + 1
    way_step = max(w[0] for w in ways) + 1
    header = osmium.io.Header()
    header.set("generator", "benchmarks.refine")
    header.set("osmosis_replication_timestamp", f"{refine.osm_date(source)}T00:00:00Z")
    target.unlink(missing_ok=True)
    writer = osmium.SimpleWriter(str(target), header=header)
    try:
        for copy in range(copies):
            dx = 1e-7 * copy if buildings else 0.0
            dy = 0.0 if copy == 0 or buildings else SHIFT[0] - SHIFT[1] * copy
            for ident, lon, lat in nodes:
                moved = _moved(ident, node_step, copy)
                writer.add_node(osmium.osm.mutable.Node(id=moved, location=(lon + dx, lat + dy)))
        for copy in range(copies):
            for ident, refs, tags in ways:
                path = [_moved(ref, node_step, copy) for ref in refs]
                kind = {"building": "yes"} if buildings and copy else tags
                writer.add_way(
                    osmium.osm.mutable.Way(id=ident + way_step * copy, nodes=path, tags=kind)
                )
    finally:
        writer.close()


def _moved(ident: int, step: int, copy: int) -> int:
    """Return the id of a node in a copy (the original ids in copy 0; negative ids stay so)."""
    return ident + step * copy if ident >= 0 else ident - step * copy


def measure_in_process(path: Path) -> dict[str, float]:
    """Refine from ``path`` once in this process; return seconds and peak memory (MB)."""
    network = load_dataset(SOURCES)
    legs = azerbaijani_legs(network)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    data, outcomes = _refined(path, legs, network)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "added_mb": peak - before,
        "refined": sum(o.status == "refined" for o in outcomes),
        "kept_ways": len(data.extract.ways),
    }


def _measured(path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.refine", "--measure", str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    result: dict[str, float] = json.loads(output)
    return result


def main() -> None:
    """Print the measurements."""
    if not EXTRACT.is_file():
        sys.exit(f"benchmarks.refine: the shared extract is not at {EXTRACT}")
    with tempfile.TemporaryDirectory() as folder:
        pbf = Path(folder) / "azerbaijan.osm.pbf"
        write_pbf(EXTRACT, pbf, 1)
        with_osm_ids = Path(folder) / "azerbaijan-osm-ids.osm.pbf"
        write_pbf(EXTRACT, with_osm_ids, 1, osm_ids=True)
        country = Path(folder) / "azerbaijan-osm-ids-x10-buildings.osm.pbf"
        write_pbf(EXTRACT, country, 10, osm_ids=True, buildings=True)
        print(f"1. Refining the Azerbaijani legs (best of {RUNS}), against merely reading the file")
        print(f"   {'file':<42} {'MB':>6} {'read s':>7} {'refine s':>9} {'ratio':>6}  refined")
        for path in (EXTRACT, pbf, with_osm_ids, country):
            read, seconds, refined = side_by_side(path)
            size = path.stat().st_size / 1e6
            print(
                f"   {path.name:<42} {size:6.2f} {read:7.3f} {seconds:9.3f}"
                f" {seconds / read:6.2f}  {refined} legs"
            )
        print("2. Synthetic extracts grown in ways off the corridors (PBF, one process each)")
        print(
            f"   {'growth':>6} {'MB':>7} {'ways kept':>9} {'seconds':>8} {'s ratio':>8}"
            f" {'peak MB':>8} {'peak ratio':>10} {'added MB':>9}"
        )
        first: dict[str, float] = {}
        for growth in GROWTH:
            path = Path(folder) / f"x{growth}.osm.pbf"
            write_pbf(EXTRACT, path, growth)
            found = _measured(path)
            first = first or found
            print(
                f"   x{growth:<5} {path.stat().st_size / 1e6:7.1f} {found['kept_ways']:9.0f}"
                f" {found['seconds']:8.2f} {found['seconds'] / first['seconds']:8.1f}"
                f" {found['peak_mb']:8.0f} {found['peak_mb'] / first['peak_mb']:10.1f}"
                f" {found['added_mb']:9.1f}"
            )
            path.unlink()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure_in_process(Path(sys.argv[2]))))
    else:
        main()
