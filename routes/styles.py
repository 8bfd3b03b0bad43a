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
LINE_WEIGHT = 4
NODE_RADIUS = 5


def leg_style(corridor: str, status: str) -> dict[str, object]:
    """Return the Leaflet path style of a leg.

    Examples
    --------
    >>> leg_style("titr", "planned")["dashArray"]
    '2 6'
    """
    return {
        "color": CORRIDOR_COLOURS[corridor],
        "weight": LINE_WEIGHT,
        "opacity": 0.9,
        "dashArray": STATUS_DASHES[status],
    }


def node_style(kind: str) -> dict[str, object]:
    """Return the Leaflet circle-marker style of a node."""
    return {
        "radius": NODE_RADIUS,
        "color": "#333333",
        "weight": 1,
        "fillColor": KIND_COLOURS[kind],
        "fillOpacity": 0.95,
    }
