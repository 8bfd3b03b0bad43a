"""The one style definition read by the web maps, their legend and the QGIS styles.

Colours are the Okabe–Ito palette, which stays distinguishable for the common
forms of colour blindness; line dashes tell the status.
"""

from __future__ import annotations

CORRIDOR_COLOURS = {
    "titr": "#0072B2",
    "zangezur": "#D55E00",
    "caspian_cable": "#CC79A7",
    "green_energy": "#009E73",
    "oil": "#000000",
}
# Short names for the legend; the layer control and titles use the full names.
CORRIDOR_LABELS = {
    "titr": "TITR (Middle Corridor)",
    "zangezur": "Zangezur corridor (TRIPP)",
    "caspian_cable": "Caspian digital cable",
    "green_energy": "Green Energy Corridor",
    "oil": "Kazakh oil transit",
}
# Leaflet dashArray values: solid operating, dashed under construction, dotted planned.
STATUS_DASHES: dict[str, str | None] = {
    "operating": None,
    "construction": "10 6",
    "planned": "2 6",
    "proposed": "1 9",
}
KIND_COLOURS = {
    "port": "#56B4E9",
    "station": "#F0E442",
    "border_crossing": "#E69F00",
    "landing_station": "#CC79A7",
    "substation": "#009E73",
    "terminal": "#000000",
}
STATUS_LABELS = {
    "operating": "operating",
    "construction": "under construction",
    "planned": "planned",
    "proposed": "proposed",
}
KIND_LABELS = {
    "port": "sea port",
    "station": "railway station",
    "border_crossing": "border crossing",
    "landing_station": "cable landing station",
    "substation": "substation / converter",
    "terminal": "oil terminal",
}
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
        "color": CORRIDOR_COLOURS[corridor],
        "weight": line_weight(capacity_mt_per_year),
        "opacity": 0.9,
        "dashArray": STATUS_DASHES[status],
        "lineCap": "butt" if status != "planned" else "round",
    }


def node_style(kind: str) -> dict[str, object]:
    """Return the Leaflet circle-marker style of a node."""
    return {
        "radius": PORT_RADIUS if kind == "port" else NODE_RADIUS,
        "color": "#333333",
        "weight": 1,
        "fill": True,
        "fillColor": KIND_COLOURS[kind],
        "fillOpacity": 0.95,
    }
