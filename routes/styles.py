"""The one style definition read by the web maps, their legend and the QGIS styles.

Colours and dashes are the vocabulary's (:mod:`routes.vocabulary`): the corridor
gives the colour, the status the dash, the mode the casing under the line, the
node kind the fill. This module turns them into Leaflet path styles and sets the
sizes.
"""

from __future__ import annotations

from routes.vocabulary import CORRIDORS, KINDS, MODES, STATUSES

LINE_WEIGHT = 3
# Freight legs are drawn wider with their capacity: LINE_WEIGHT + this many px per Mt/yr.
WEIGHT_PER_MT = 0.3
MAX_WEIGHT = 14
# Capacities shown in the size legend, in Mt/yr.
WEIGHT_SAMPLES = (5, 15, 30)
NODE_RADIUS = 5
PORT_RADIUS = 7
# A freight leg whose capacity is not published: thin, over a grey casing.
UNKNOWN_WEIGHT = 2
CASING_COLOUR = "#333333"
UNKNOWN_CASING_COLOUR = "#aaaaaa"
# Legs that share a path are drawn this many screen px apart, side by side.
LANE_PX = 7
# Nodes closer than this (km) are one marker on the web maps, listing each node.
STACK_KM = 6.5
# The offline base layer (maps/basemap.js): sea, land and border colours.
BASEMAP_SEA = "#d6e6f0"
BASEMAP_LAND = "#f5f3ee"
BASEMAP_BORDER = "#8c8c8c"


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
    corridor: str,
    status: str,
    capacity_mt_per_year: float | None = None,
    mode: str | None = None,
) -> dict[str, object]:
    """Return the Leaflet path style of a leg; with ``mode``, its casing too.

    A freight leg whose capacity is not published is drawn thin, over a grey
    casing; other legs have no freight capacity and are drawn at
    :data:`LINE_WEIGHT`.

    Examples
    --------
    >>> leg_style("titr", "planned")["dashArray"]
    '2 6'
    >>> style = leg_style("titr", "operating", None, "rail")
    >>> style["weight"], style["casing"]["color"]
    (2, '#aaaaaa')
    """
    unknown = mode is not None and MODES[mode].freight and capacity_mt_per_year is None
    weight = UNKNOWN_WEIGHT if unknown else line_weight(capacity_mt_per_year)
    style: dict[str, object] = {
        "color": CORRIDORS[corridor].colour,
        "weight": weight,
        "opacity": 0.9,
        "dashArray": STATUSES[status].dash,
        "lineCap": "butt" if status != "planned" else "round",
    }
    if mode is not None:
        style["casing"] = casing_style(mode, weight, known=not unknown)
    return style


def casing_style(mode: str, weight: float, known: bool = True) -> dict[str, object]:
    """Return the Leaflet path style of the casing drawn under a ``weight`` px leg of ``mode``.

    ``known`` is False for a freight leg whose capacity is not published: its
    casing is grey.

    Examples
    --------
    >>> casing_style("rail", 3)
    {'color': '#333333', 'weight': 11, 'opacity': 0.8, 'dashArray': '1.5 5', 'lineCap': 'butt'}
    """
    casing = MODES[mode].casing
    return {
        "color": CASING_COLOUR if known else UNKNOWN_CASING_COLOUR,
        "weight": weight + casing.extra,
        "opacity": 0.8,
        "dashArray": casing.dash,
        "lineCap": "butt",
    }


def node_style(kind: str, several: bool = False) -> dict[str, object]:
    """Return the Leaflet circle-marker style of a node.

    A marker standing for ``several`` nodes at one site is larger and ringed
    thicker, filled with the colour of its first node's kind.
    """
    radius = PORT_RADIUS if kind == "port" else NODE_RADIUS
    return {
        "radius": radius + 2 if several else radius,
        "color": "#333333",
        "weight": 2.5 if several else 1,
        "fill": True,
        "fillColor": KINDS[kind].colour,
        "fillOpacity": 0.95,
    }
