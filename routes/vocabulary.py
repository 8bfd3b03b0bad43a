"""The project's fixed vocabulary: corridors, modes, statuses, node kinds, units.

Every other module, the tests and the benchmarks read these tables; none writes
its own list of them. Each term carries its label and, where it has one, its
style (Okabe–Ito colours, which stay distinguishable for the common forms of
colour blindness; dashes for the status).

Examples
--------
>>> CORRIDORS["titr"].label
'TITR (Middle Corridor)'
>>> [mode for mode in MODES if MODES[mode].freight]
['rail', 'road', 'ferry', 'shipping']
>>> UNITS["capacity", "bbl/d"].column
'capacity_bbl_per_day'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Corridor:
    """A corridor: its layer is ``geodata/<id>.geojson``."""

    name: str
    label: str
    colour: str


@dataclass(frozen=True)
class Casing:
    """How the web maps show a mode: a casing drawn under the leg's line.

    The casing is ``extra`` px wider than the line and dashed by ``dash`` (a
    Leaflet dashArray; None is solid): wide sparse dashes stand out on both sides
    as ties or ticks, a narrow solid casing as an outline. The line keeps the
    corridor's colour and the status's dash.
    """

    extra: float
    dash: str | None


@dataclass(frozen=True)
class Mode:
    """How a leg carries its load, and over what.

    ``overpass`` selects the OpenStreetMap ways a land leg may follow; ``casing``
    is how the web maps and their legend show the mode.
    """

    label: str
    medium: Literal["land", "sea", "cable"]
    freight: bool
    casing: Casing
    overpass: str = ""


@dataclass(frozen=True)
class Status:
    """How far a leg is from carrying traffic; ``dash`` is its Leaflet dashArray."""

    label: str
    dash: str | None


@dataclass(frozen=True)
class Kind:
    """What a node is."""

    label: str
    colour: str


@dataclass(frozen=True)
class Unit:
    """A published unit and the output column it fills.

    ``factor`` converts to the column's unit, ``bound`` is a sane upper bound in
    the published unit (it catches slipped decimal points), ``label`` is how
    people write the column's unit.
    """

    column: str
    factor: float
    bound: float
    label: str


CORRIDORS = {
    "titr": Corridor(
        "Trans-Caspian International Transport Route (Middle Corridor)",
        "TITR (Middle Corridor)",
        "#0072B2",
    ),
    "zangezur": Corridor("Zangezur corridor (TRIPP)", "Zangezur corridor (TRIPP)", "#D55E00"),
    "caspian_cable": Corridor(
        "Caspian digital cable (Digital Silk Way)", "Caspian digital cable", "#CC79A7"
    ),
    "green_energy": Corridor("Green Energy Corridor", "Green Energy Corridor", "#009E73"),
    "oil": Corridor("Kazakh oil transit (Aktau – Baku – Ceyhan)", "Kazakh oil transit", "#000000"),
}

# The OpenStreetMap ways the land modes may follow: refine keeps them when it
# reads an extract (routes.osmfile) and asks Overpass for them (MODES' ``overpass``).
OSM_RAILWAYS_BUILT = ("rail", "narrow_gauge")
OSM_RAILWAYS_PLANNED = ("construction", "proposed")
# main road classes, each with its ``_link`` ramps
OSM_ROAD_CLASSES = ("motorway", "trunk", "primary", "secondary")
OSM_ROADS_PLANNED = ("construction", "proposed")
OSM_POWER_LINES = ("line", "minor_line")
OSM_PIPELINE = ("man_made", "pipeline")


def _overpass(key: str, values: tuple[str, ...], suffix: str = "") -> str:
    """Return an Overpass tag filter matching any of ``values`` (each with ``suffix``)."""
    return f'["{key}"~"^({"|".join(values)}){suffix}$"]'


# Casings: rail has cross-ties, road a solid outline, ferry a long-dashed and
# shipping a dotted rim, a pipeline a dash-dot rim, a fibre cable a fine dotted
# rim, power lines and cables paired ticks (pylons; narrower under the sea).
MODES = {
    "rail": Mode(
        "rail",
        "land",
        freight=True,
        casing=Casing(8, "1.5 5"),
        overpass=_overpass("railway", OSM_RAILWAYS_BUILT + OSM_RAILWAYS_PLANNED),
    ),
    "road": Mode(
        "road",
        "land",
        freight=True,
        casing=Casing(4, None),
        overpass=_overpass("highway", OSM_ROAD_CLASSES, "(_link)?"),
    ),
    "power_line": Mode(
        "power line",
        "land",
        freight=False,
        casing=Casing(10, "2 2 2 12"),
        overpass=_overpass("power", OSM_POWER_LINES),
    ),
    "pipeline": Mode(
        "pipeline",
        "land",
        freight=False,
        casing=Casing(5, "10 3 2 3"),
        overpass='["{}"="{}"]'.format(*OSM_PIPELINE),
    ),
    "ferry": Mode("ferry", "sea", freight=True, casing=Casing(6, "8 4")),
    "shipping": Mode("shipping", "sea", freight=True, casing=Casing(6, "2 4")),
    "fibre_cable": Mode("fibre-optic cable", "cable", freight=False, casing=Casing(3, "1 2")),
    "power_cable": Mode("power cable", "cable", freight=False, casing=Casing(7, "2 2 2 12")),
}
LAND_MODES = tuple(m for m, mode in MODES.items() if mode.medium == "land")
SEA_MODES = tuple(m for m, mode in MODES.items() if mode.medium == "sea")
CABLE_MODES = tuple(m for m, mode in MODES.items() if mode.medium == "cable")
FREIGHT_MODES = tuple(m for m, mode in MODES.items() if mode.freight)

# Solid operating, dashed under construction, dotted planned, sparse dots proposed.
STATUSES = {
    "operating": Status("operating", None),
    "construction": Status("under construction", "10 6"),
    "planned": Status("planned", "2 6"),
    "proposed": Status("proposed", "1 9"),
}

KINDS = {
    "port": Kind("sea port", "#56B4E9"),
    "station": Kind("railway station", "#F0E442"),
    "border_crossing": Kind("border crossing", "#E69F00"),
    "landing_station": Kind("cable landing station", "#CC79A7"),
    "substation": Kind("substation / converter", "#009E73"),
    "terminal": Kind("oil terminal", "#000000"),
}

# How a leg's geometry was drawn, from best to coarsest.
ACCURACIES = {
    "surveyed": "follows mapped track (OpenStreetMap, or a published route map)",
    "stations": "drawn through the stations it passes",
    "indicative": "indicative: a straight or sketched line between its ends",
    "sea_path": "routed over water: the shortest path off Natural Earth's 1:10m coast",
}

# The published figures a record can carry.
FIELDS = ("length", "capacity", "volume")
# How far a published capacity is from carrying traffic: built and working (the
# default), designed, or planned. Headline figures prefer the first that exists.
BASES = {"in_place": "in place", "design": "design", "planned": "planned"}
UNITS: dict[tuple[str, str], Unit] = {
    ("length", "km"): Unit("length_km_published", 1.0, 20_000, "km"),
    ("capacity", "Mt/yr"): Unit("capacity_mt_per_year", 1.0, 1_000, "Mt/yr"),
    ("capacity", "TEU/yr"): Unit("capacity_teu_per_year", 1.0, 50_000_000, "TEU/yr"),
    ("capacity", "MW"): Unit("capacity_mw", 1.0, 50_000, "MW"),
    ("capacity", "GW"): Unit("capacity_mw", 1000.0, 50, "MW"),
    ("capacity", "Tbit/s"): Unit("capacity_tbps", 1.0, 10_000, "Tbit/s"),
    ("capacity", "Gbit/s"): Unit("capacity_tbps", 0.001, 10_000_000, "Tbit/s"),
    ("capacity", "bbl/d"): Unit("capacity_bbl_per_day", 1.0, 10_000_000, "bbl/d"),
    ("volume", "Mt"): Unit("volume_mt", 1.0, 1_000, "Mt"),
    ("volume", "TEU"): Unit("volume_teu", 1.0, 50_000_000, "TEU"),
}
FIGURE_COLUMNS = tuple(dict.fromkeys(unit.column for unit in UNITS.values()))
# The columns of capacities, which say on what basis (BASES) they are published.
CAPACITY_COLUMNS = tuple(dict.fromkeys(u.column for (f, _), u in UNITS.items() if f == "capacity"))
# The unit of each figure column, as people write it.
COLUMN_UNITS = {unit.column: unit.label for unit in UNITS.values() if unit.factor == 1.0}

# Transit-time parameters and the units they are published in (speeds to km/h):
# a mode's speed, a leg's published duration, a node's handling time (part of the
# moving time, as it is paid on every pass), the waiting at a node or before a
# leg (a low-high range), and a sea leg's sailings a month (a wait of up to one
# interval between sailings).
PARAMETERS = ("speed", "leg_hours", "transfer_hours", "wait_hours", "sailings_per_month")
HOURS_PER_MONTH = 365.25 * 24 / 12
SPEED_UNITS = {"km/h": 1.0, "km/day": 1 / 24, "kn": 1.852}

# The routes compared with the Middle Corridor, and what is published about them.
COMPARED_ROUTES = {
    "middle": "Middle Corridor (TITR)",
    "northern": "Northern route (rail via Russia)",
    "suez": "Sea route via Suez",
}
COMPARED_MEASURES = {
    "distance": ("km", "nmi"),
    "transit_days": ("days",),
    "transshipments": ("count",),
}
NMI_KM = 1.852
