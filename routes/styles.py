"""The one style definition read by the web maps, their legend and the QGIS styles.

Colours and dashes are the vocabulary's (:mod:`routes.vocabulary`): the corridor
gives the colour, the status the dash, the node kind the fill. This module
turns them into Leaflet path styles and sets the sizes.
"""

from __future__ import annotations

from routes.vocabulary import CORRIDORS, KINDS, STATUSES

LINE_WEIGHT = 3
# Freight legs are drawn wider with their capacity: LINE_WEIGHT + this many px per Mt/yr.
WEIGHT_PER_MT = 0.3
MAX_WEIGHT = 14
# Capacities shown in the size legend, in Mt/yr.
WEIGHT_SAMPLES = (5, 15, 30)
NODE_RADIUS = 5
PORT_RADIUS = 7


def line_weight(capacity_mt_per_year: float | None) -> float:
    """Return the line width in px of a leg carrying ``capacity_mt_per_year``.

    Examples
    --------
    >>> line_weight(None), line_weight(15)
    (3, 7.5)
    """
    if capacity_mt_per_year is None:
        return LINE_WEIGHT
    return round(min(MAX_WEIGHT, LINE_WEIGHT + WEIGHT_PER_MT * capacity_mt_per_year), 1)


def leg_style(
    corridor: str, status: str, capacity_mt_per_year: float | None = None
) -> dict[str, object]:
    """Return the Leaflet path style of a leg.

    Examples
    --------
    >>> leg_style("titr", "planned")["dashArray"]
    '2 6'
    """
    return {
        "color": CORRIDORS[corridor].colour,
        "weight": line_weight(capacity_mt_per_year),
        "opacity": 0.9,
        "dashArray": STATUSES[status].dash,
        "lineCap": "butt" if status != "planned" else "round",
    }


def node_style(kind: str) -> dict[str, object]:
    """Return the Leaflet circle-marker style of a node."""
    return {
        "radius": PORT_RADIUS if kind == "port" else NODE_RADIUS,
        "color": "#333333",
        "weight": 1,
        "fill": True,
        "fillColor": KINDS[kind].colour,
        "fillOpacity": 0.95,
    }
