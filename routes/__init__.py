"""Map the new Eurasian corridors through the Caspian region, with cited figures.

The data flows one way: :mod:`routes.sources` loads and validates the CSV
sources, :mod:`routes.geometry` shapes each leg, :mod:`routes.measure` measures
lengths and tonnage into GeoDataFrames, :mod:`routes.export` writes the layers
and :mod:`routes.maps` draws the Folium maps; :mod:`routes.pipeline` runs it all.
:mod:`routes.network`, :mod:`routes.scenario` and :mod:`routes.compare` answer
freight questions on the result.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# Imported on first use: the command line stays quick to start and to interrupt.
_EXPORTS = {
    "Network": "routes.sources",
    "load": "routes.sources",
    "Problem": "routes.errors",
    "RoutesError": "routes.errors",
    "SourceError": "routes.errors",
    "build": "routes.pipeline",
    "measure_network": "routes.pipeline",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'routes' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
