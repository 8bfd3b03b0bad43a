"""The project model: what the sources say, validated, as plain immutable records.

:func:`routes.loader.load_project` builds a :class:`Project` once from a project
folder; every command and the library API take it from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from routes.vocabulary import BASES, UNITS

# Where a project keeps its inputs and what the build writes, relative to its root.
SOURCES_DIR = Path("geodata/sources")
SCENARIOS_DIR = Path("geodata/scenarios")
LAYERS_DIR = Path("geodata")
MAPS_DIR = Path("maps")
# The fingerprint of the sources the layers were built from, and the freight network.
MANIFEST = LAYERS_DIR / "manifest.json"
GRAPHML = LAYERS_DIR / "network.graphml"


@dataclass(frozen=True)
class Source:
    """A document figures are taken from."""

    id: str
    title: str
    publisher: str
    url: str
    date: str
    accessed: str


@dataclass(frozen=True)
class Node:
    """A port, station, border crossing, landing station, substation or terminal."""

    id: str
    name: str
    kind: str
    country: str
    lon: float
    lat: float
    source: str
    note: str
    opening_year: int | None = None


@dataclass(frozen=True)
class Leg:
    """A link between two nodes, with its intermediate shape points."""

    id: str
    corridor: str
    name: str
    from_node: str
    to_node: str
    mode: str
    status: str
    opening_year: int | None
    operator: str
    geometry_accuracy: str
    source: str
    note: str
    length_note: str = ""
    shape: tuple[tuple[float, float], ...] = ()
    # the documents the drawn track comes from (ids separated by ";"), if not ``source``
    geometry_source: str = ""
    # the label of each shape point: the station or town it is, if any
    shape_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A published figure about a leg, a node or a corridor."""

    record: str
    field: str
    value: float
    unit: str
    year: int
    source: str
    note: str
    scope: str = ""
    basis: str = "in_place"

    @property
    def column(self) -> str:
        """Name of the output attribute this figure fills."""
        return UNITS[self.field, self.unit].column

    @property
    def normalised(self) -> float:
        """The value converted to the output attribute's unit."""
        return self.value * UNITS[self.field, self.unit].factor


@dataclass(frozen=True)
class Dataset:
    """The validated corridor sources: documents, nodes, legs and figures, in file order."""

    sources: dict[str, Source]
    nodes: dict[str, Node]
    legs: dict[str, Leg]
    figures: tuple[Figure, ...]

    def figures_of(self, record: str) -> dict[str, Figure]:
        """Return the headline figure of each output column of a leg, node or corridor.

        A figure whose ``scope`` is narrower than its record (one terminal of a
        port, say) never heads it. Of the others, a capacity in place comes
        before a design one, and that before a planned one; then the most recent
        wins (validation has already refused two such figures of one year).
        """
        order = list(BASES)
        chosen: dict[str, Figure] = {}
        for figure in self.figures:
            if figure.record != record or figure.scope:
                continue
            current = chosen.get(figure.column)
            rank = (-order.index(figure.basis), figure.year)
            if current is None or rank > (-order.index(current.basis), current.year):
                chosen[figure.column] = figure
        return chosen


@dataclass(frozen=True)
class Parameter:
    """A published speed or duration used to estimate transit times (speeds in km/h).

    ``value_high`` is the upper end of a published range (``value`` otherwise).
    """

    parameter: str
    applies_to: str
    value: float
    unit: str
    source: str
    note: str
    value_high: float | None = None


@dataclass(frozen=True)
class Flow:
    """A yearly volume between two nodes."""

    origin: str
    destination: str
    volume_mt: float
    year: int
    source: str
    note: str
    mode: str = ""


@dataclass(frozen=True)
class Scenario:
    """Named flows; the scenario's year is the latest of its flows."""

    name: str
    flows: tuple[Flow, ...]

    @property
    def year(self) -> int:
        """The year whose network carries the flows."""
        return max(flow.year for flow in self.flows)


@dataclass(frozen=True)
class Published:
    """A published figure about the Middle Corridor or a route it is compared with."""

    route: str
    measure: str
    value: float
    value_high: float | None
    unit: str
    year: int | None
    source: str
    note: str


@dataclass(frozen=True)
class Project:
    """Everything a project's sources say, validated together.

    ``digest`` fingerprints the input files, so that a query can tell whether
    the layers on disk were built from these very sources.
    """

    root: Path
    dataset: Dataset
    parameters: tuple[Parameter, ...]
    scenarios: dict[str, Scenario]
    comparison: tuple[Published, ...]
    digest: str

    @property
    def release(self) -> str:
        """The data date: the day the most recently read source was accessed."""
        return max(source.accessed for source in self.dataset.sources.values())
