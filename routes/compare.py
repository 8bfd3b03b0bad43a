"""The Middle Corridor against the Northern rail route and the Suez sea route.

Published figures come from ``comparison.csv`` in the sources folder, each with
its source. Beside them, the Middle Corridor is measured on our own network and
the Suez route with ``searoute`` between UN/LOCODE port points shipped with it.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import networkx as nx
import searoute
import shapely

from routes import network, sources
from routes.errors import SourceError
from routes.measure import length_km

COLUMNS = ("route", "measure", "value", "value_high", "unit", "year", "source", "note")
ROUTES = {
    "middle": "Middle Corridor (TITR)",
    "northern": "Northern route (rail via Russia)",
    "suez": "Sea route via Suez",
}
MEASURES = {"distance": ("km", "nmi"), "transit_days": ("days",), "transshipments": ("count",)}
NMI_KM = 1.852
# The ends the computed routes join; the Suez ports are UN/LOCODEs in searoute's port data.
MIDDLE_ENDS = ("altynkol", "constanta_port")
SUEZ_PORTS = {"Shanghai": "CNSHA", "Constanța": "ROCND", "Rotterdam": "NLRTM"}


@dataclass(frozen=True)
class Published:
    """A published figure about one of the routes."""

    route: str
    measure: str
    value: float
    value_high: float | None
    unit: str
    year: int | None
    source: str
    note: str


def load_published(path: Path, network_sources: sources.Network) -> tuple[Published, ...]:
    """Read the published comparison figures, checking every value and citation."""
    rows, problems = sources.read_table(
        path, COLUMNS, optional={"value_high", "year", "note"}, cited=network_sources.sources
    )
    found = []
    for line, row in rows:
        problem = sources.reporter(problems, path, line)
        if row["route"] not in ROUTES:
            problem("route", f"unknown route {row['route']!r}; expected {', '.join(ROUTES)}")
        units = MEASURES.get(row["measure"])
        if units is None:
            problem("measure", f"unknown measure {row['measure']!r}")
        elif row["unit"] not in units:
            problem("unit", f"{row['measure']} is in {', '.join(units)}")
        try:
            value = float(row["value"])
            high = float(row["value_high"]) if row["value_high"] else None
            year = int(row["year"]) if row["year"] else None
        except ValueError:
            problem("value", "value, value_high and year must be numbers")
            continue
        if not math.isfinite(value) or value <= 0:
            problem("value", f"{row['value']} must be a positive number")
        found.append(
            Published(
                row["route"],
                row["measure"],
                value,
                high,
                row["unit"],
                year,
                row["source"],
                row["note"],
            )
        )
    if problems:
        raise SourceError(problems)
    return tuple(found)


def middle_corridor(g: nx.MultiDiGraph) -> dict[str, object]:
    """Measure the Middle Corridor on our network, Khorgos to Constanța."""
    found = network.route(g, *MIDDLE_ENDS)
    modes = [leg.mode for leg in found.legs]
    changes = sum(1 for a, b in itertools.pairwise(modes) if a != b)
    return {
        "from": found.origin,
        "to": found.destination,
        "km": round(found.km, 1),
        "modes": list(dict.fromkeys(modes)),
        "mode_changes": changes,
        "moving_hours": None if found.hours is None else round(found.hours, 1),
        "method": "shortest path on the routes network; hours from published speeds and "
        "crossing times, without waiting in ports (no typical dwell time is published)",
    }


def suez() -> list[dict[str, object]]:
    """Measure Shanghai to Constanța and to Rotterdam by sea with searoute (geodesic km)."""
    ports = _searoute_ports()
    start = ports[SUEZ_PORTS["Shanghai"]]
    results: list[dict[str, object]] = []
    for name in ("Constanța", "Rotterdam"):
        route = searoute.searoute(list(start), list(ports[SUEZ_PORTS[name]]), append_orig_dest=True)
        line = shapely.LineString(route["geometry"]["coordinates"])
        results.append(
            {
                "from": "Shanghai",
                "to": name,
                "km": round(length_km(line), 1),
                "method": "searoute's sea lanes between UN/LOCODE port points "
                f"{SUEZ_PORTS['Shanghai']} and {SUEZ_PORTS[name]}, geodesic length",
            }
        )
    return results


def _searoute_ports() -> dict[str, tuple[float, float]]:
    data = json.loads(
        (resources.files("searoute") / "data" / "ports.geojson").read_text(encoding="utf-8")
    )
    return {
        feature["properties"]["port"]: tuple(feature["geometry"]["coordinates"])
        for feature in data["features"]
    }
