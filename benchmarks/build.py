"""Build speed, geodesic accuracy and scaling, each printed as a ratio measured in one run.

1. ``routes --help``, ``routes route`` and a full build against the bare import
   of the libraries they stand on.
2. Leg lengths against GeographicLib (Karney's reference geodesics).
3. Measure and export of synthetic networks 10x, 100x and 1000x the real one:
   time and peak memory per leg, to show the cost grows linearly.

Run with ``make bench``.
"""

from __future__ import annotations

import dataclasses
import itertools
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geographiclib.geodesic import Geodesic

from routes import export, geometry, measure
from routes.loader import load_dataset
from routes.vocabulary import SEA_MODES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "geodata" / "sources"
RUNS = 5
# The libraries every routes command stands on; issue 15 measures against their import.
IMPORTS = "import geopandas, shapely, pyproj, folium, networkx, searoute"
# (what, command after "python -m", target as a multiple of the bare import)
COMMANDS = (
    ("routes --help", ["routes", "--help"], 0.5),
    ("routes route Khorgos Constanta", ["routes", "route", "Khorgos", "Constanta"], 1.2),
    ("routes build (full)", ["routes", "build", "--quiet", "--out", "{out}"], 1.5),
)


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def commands_against_import() -> None:
    """Print each command's wall time over the bare import (medians of interleaved runs)."""
    with tempfile.TemporaryDirectory() as out:
        runs: dict[str, list[float]] = {name: [] for name, _, _ in COMMANDS}
        floors: list[float] = []
        for _ in range(RUNS):
            floors.append(_seconds([sys.executable, "-c", IMPORTS]))
            for name, args, _ in COMMANDS:
                command = [sys.executable, "-m", *(arg.format(out=out) for arg in args)]
                runs[name].append(_seconds(command))
    floor = statistics.median(floors)
    print(f"bare import of geopandas, shapely, pyproj, folium, networkx, searoute: {floor:.2f} s")
    for name, _, target in COMMANDS:
        seconds = statistics.median(runs[name])
        verdict = "met" if seconds <= target * floor else "NOT met"
        print(
            f"{name}: {seconds:.2f} s, ratio {seconds / floor:.2f} (target <= {target}: {verdict})"
        )


def geodesic_accuracy() -> None:
    """Print the worst leg-length difference to GeographicLib (Karney's reference geodesics)."""
    network = load_dataset(SOURCES)
    worst_mm = 0.0
    for leg in network.legs.values():
        line = geometry.leg_line(leg, network)
        ours = measure.length_km(line) * 1e6
        coords = list(line.coords)
        reference = sum(
            Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] * 1000
            for (lon1, lat1), (lon2, lat2) in itertools.pairwise(coords)
        )
        worst_mm = max(worst_mm, abs(ours - reference))
    print(
        f"geodesic lengths: worst of {len(network.legs)} legs differs from GeographicLib"
        f" by {worst_mm:.4f} mm (target <= 1 mm)"
    )


def scaling() -> None:
    """Print time and memory per leg for synthetic networks of growing size."""
    rows = []
    for factor in (1, 10, 100, 1000):
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks.build", "--scale", str(factor)],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        count, spent, peak = result.stdout.split()
        rows.append((factor, int(count), float(spent), float(peak)))
    base = rows[0]
    for factor, legs, seconds, megabytes in rows:
        print(
            f"synthetic network {factor:>4}x ({legs:>6} legs): measure + export {seconds:6.1f} s"
            f" ({seconds / legs * 1000:.2f} ms/leg, {seconds / legs / (base[2] / base[1]):.2f}x"
            f" the 1x cost per leg), peak memory {megabytes:.0f} MB"
        )


def _scaled(factor: int) -> None:
    """Measure and export ``factor`` copies of the real land legs; print legs, s, MB."""
    network = load_dataset(SOURCES)
    land = [leg for leg in network.legs.values() if leg.mode not in SEA_MODES]
    legs = {}
    for copy in range(factor):
        # each copy a little apart, so no geometry repeats
        shift = copy * 1e-4
        for leg in land:
            moved = tuple((lon + shift, lat) for lon, lat in leg.shape)
            clone = dataclasses.replace(leg, id=f"{leg.id}_{copy}", shape=moved)
            legs[clone.id] = clone
    synthetic = dataclasses.replace(network, legs=legs)
    start = time.perf_counter()
    frame = measure.legs_frame(synthetic)
    with tempfile.TemporaryDirectory() as folder:
        export.write_geojson(frame, Path(folder) / "synthetic.geojson")
    seconds = time.perf_counter() - start
    megabytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(len(legs), f"{seconds:.3f}", f"{megabytes:.1f}")


def main() -> int:
    """Run the benchmarks."""
    if sys.argv[1:2] == ["--scale"]:
        _scaled(int(sys.argv[2]))
        return 0
    commands_against_import()
    geodesic_accuracy()
    scaling()
    return 0


if __name__ == "__main__":
    sys.exit(main())
