"""Map the new Eurasian corridors through the Caspian region, with cited figures.

The data flows one way: :mod:`routes.sources` loads and validates the CSV
sources, :mod:`routes.geometry` shapes each leg, :mod:`routes.measure` measures
lengths and tonnage into GeoDataFrames, :mod:`routes.export` writes the layers
and :mod:`routes.maps` draws the Folium maps; :mod:`routes.pipeline` runs it all.
"""

from routes.errors import Problem, RoutesError, SourceError
from routes.pipeline import build, measure_network
from routes.sources import Network, load

__all__ = [
    "Network",
    "Problem",
    "RoutesError",
    "SourceError",
    "build",
    "load",
    "measure_network",
]
__version__ = "0.1.0"
