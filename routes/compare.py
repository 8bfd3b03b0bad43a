"""The Middle Corridor against the Northern rail route and the Suez sea route.

Published figures come from ``comparison.csv`` in the sources folder, each with
its source (read by :mod:`routes.loader`). Beside them, the Middle Corridor is
measured on our own network and the Suez route with ``searoute`` between UN/LOCODE
port points shipped with it.
"""

from __future__ import annotations

import itertools
import json
from importlib import resources
from typing import Any

import networkx as nx
import shapely
from pyproj import Geod

from routes import routing

_GEOD = Geod(ellps="WGS84")

# The ends the computed routes join; the Suez ports are UN/LOCODEs in searoute's port data.
MIDDLE_ENDS = ("altynkol", "constanta_port")
SUEZ_PORTS = {"Shanghai": "CNSHA", "Constanța": "ROCND", "Rotterdam": "NLRTM"}


def middle_corridor(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Measure the Middle Corridor on our network, Khorgos to Constanța, door to door.

    Examples
    --------
    >>> from routes import queries
    >>> measured = middle_corridor(queries.network("."))
    >>> measured["from"], measured["to"], measured["total_days"]["low"] > 5
    ('altynkol', 'constanta_port', True)
    """
    found = routing.route(g, *MIDDLE_ENDS)
    modes = [step.mode for step in found.steps]
    changes = sum(1 for a, b in itertools.pairwise(modes) if a != b)
    total = found.total_hours
    return {
        "from": found.origin,
        "to": found.destination,
        "km": round(found.km),
        "modes": list(dict.fromkeys(modes)),
        "mode_changes": changes,
        "moving_hours": None if found.hours is None else round(found.hours),
        "total_days": None
        if total is None
        else {"low": round(total[0] / 24, 1), "high": round(total[1] / 24, 1)},
        "not_counted": list(found.missing),
        "method": "shortest path on the routes network; moving time from published speeds and "
        "crossing times, waiting from the published border, port and sailing figures",
    }


def against_published(
    modelled: dict[str, float], low: float, high: float | None
) -> dict[str, float]:
    """Return how far a published range of days lies from the modelled one (published - modelled).

    Examples
    --------
    >>> against_published({"low": 9.6, "high": 20.5}, 20, 22)
    {'low': -0.5, 'high': 12.4}
    """
    top = low if high is None else high
    return {"low": round(low - modelled["high"], 1), "high": round(top - modelled["low"], 1)}


def suez() -> list[dict[str, object]]:
    """Measure Shanghai to Constanța and to Rotterdam by sea with searoute (geodesic km)."""
    import searoute  # loads its sea lanes: only when a comparison is asked for

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
                "km": round(_GEOD.geometry_length(line) / 1000, 1),
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
