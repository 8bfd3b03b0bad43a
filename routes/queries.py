"""What the queries read: the layers and network the build wrote, while they are current.

The build writes ``geodata/manifest.json`` with the fingerprint of the sources
it read. A query whose project still has that fingerprint reads the built
files; otherwise it measures the sources in memory, says so, and writes nothing.

Examples
--------
>>> is_current(".")
True
>>> g = network(".")
>>> g.nodes["aktau_port"]["kind"]
'port'
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from routes import freight
from routes.loader import inputs_digest, load_project
from routes.model import GRAPHML, LAYERS_DIR, MANIFEST, Project
from routes.vocabulary import CORRIDORS

STALE = "the built layers are missing or older than the sources; measuring the sources anew"


def is_current(root: str | Path) -> bool:
    """Tell whether the layers under ``root`` were built from its current sources."""
    root = Path(root)
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(manifest.get("sources_digest") == inputs_digest(root))


def project(root: str | Path, current: bool | None = None) -> Project:
    """Load the project; its places were already checked if the build is current.

    ``current`` is what :func:`is_current` says, if the caller has asked already.
    """
    current = is_current(root) if current is None else current
    return load_project(root, check_places=not current)


def network(
    root: str | Path,
    say: Callable[[str], None] = lambda _: None,
    *,
    current: bool | None = None,
    loaded: Project | None = None,
) -> nx.MultiDiGraph:
    """Return the freight network of a project: the built one if current.

    ``current`` and ``loaded`` spare a caller who has them already a second
    look at the sources.
    """
    root = Path(root)
    if is_current(root) if current is None else current:
        return freight.load_graphml(root / GRAPHML)
    say(STALE)
    from routes.measure import measure_network  # the heavy libraries, only when needed

    loaded = load_project(root) if loaded is None else loaded
    return freight.graph(measure_network(loaded), loaded)


def legs(root: str | Path, say: Callable[[str], None] = lambda _: None) -> list[dict[str, Any]]:
    """Return the attributes of every leg, corridor by corridor, as the layers hold them."""
    root = Path(root)
    if is_current(root):
        rows: list[dict[str, Any]] = []
        for corridor in CORRIDORS:
            path = root / LAYERS_DIR / f"{corridor}.geojson"
            if path.exists():
                layer = json.loads(path.read_text(encoding="utf-8"))
                rows.extend(feature["properties"] for feature in layer["features"])
        return rows
    say(STALE)
    from routes.measure import measure_network

    layers = measure_network(load_project(root))
    return [
        {key: None if _missing(value) else value for key, value in row.items()}
        for frame in layers.legs.values()
        for row in frame.drop(columns="geometry").to_dict(orient="records")
    ]


def _missing(value: object) -> bool:
    return value is None or str(value) in ("nan", "<NA>")
