"""Map the new Eurasian corridors through the Caspian region, with cited figures.

The data flows one way: :mod:`routes.loader` reads and validates a project into
the :mod:`routes.model` records, :mod:`routes.geometry` shapes each leg,
:mod:`routes.measure` measures lengths and tonnage into GeoDataFrames,
:mod:`routes.export` writes the layers and :mod:`routes.maps` draws the Folium
maps; :mod:`routes.pipeline` runs it all. :mod:`routes.freight`,
:mod:`routes.scenarios` and :mod:`routes.compare` answer freight questions, and
:mod:`routes.queries` reads what the build wrote. The fixed terms live in
:mod:`routes.vocabulary`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.2.0"

# Imported on first use: the command line stays quick to start and to interrupt.
_EXPORTS = {
    "Layers": "routes.measure",
    "Problem": "routes.errors",
    "Project": "routes.model",
    "RoutesError": "routes.errors",
    "SourceError": "routes.errors",
    "build": "routes.pipeline",
    "load_project": "routes.loader",
    "measure_network": "routes.measure",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'routes' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
