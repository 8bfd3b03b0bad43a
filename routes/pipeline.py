"""The whole build: sources -> validated network -> measured layers -> files and maps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import osmnx as ox

from routes import export, maps, measure, qgis, scenario, sources
from routes import network as freight
from routes.sources import CORRIDOR_NAMES, CORRIDORS

DEFAULT_SOURCES = Path("geodata/sources")
OVERVIEW_TITLE = "Eurasian corridors through the Caspian region"


NODES_TITLE = "Ports, stations and other nodes"


@dataclass(frozen=True)
class Layers:
    """The measured layers of a network."""

    legs: dict[str, gpd.GeoDataFrame]
    nodes: gpd.GeoDataFrame


def measure_network(network: sources.Network) -> Layers:
    """Shape and measure every corridor that has legs.

    Examples
    --------
    >>> layers = measure_network(sources.load("geodata/sources"))
    >>> "titr" in layers.legs
    True
    """
    present = {leg.corridor for leg in network.legs.values()}
    legs = {c: measure.legs_frame(network, c) for c in CORRIDORS if c in present}
    return Layers(legs, measure.nodes_frame(network))


def build(
    sources_dir: Path = DEFAULT_SOURCES,
    out: Path = Path("."),
    progress: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Validate the sources and write every layer and map under ``out``.

    Scenarios are read from the ``scenarios`` folder beside ``sources_dir``; each
    gets a map ``maps/scenario_NAME.html``.

    Layers go to ``out/geodata``, maps to ``out/maps``. Nothing under ``out`` changes
    unless the whole build succeeds.

    Parameters
    ----------
    sources_dir
        Folder of the source CSV files.
    out
        Root the ``geodata`` and ``maps`` folders are written in.
    progress
        Called with a short message before each step.

    Returns
    -------
    list of Path
        The files written, in order.

    Raises
    ------
    SourceError
        If the sources are invalid; then no file is written.
    """
    progress(f"validating {sources_dir}")
    network = sources.load(sources_dir)
    parameters = freight.load_parameters(sources_dir / "parameters.csv", network)
    progress(f"shaping and measuring {len(network.legs)} legs")
    layers = measure_network(network)
    progress("assigning the scenarios")
    scenarios = {}
    for path in sorted((sources_dir.parent / "scenarios").glob("*.csv")):
        loaded = scenario.load(path, network)
        scenarios[loaded.name] = (loaded.year, scenario.assign(loaded, layers, parameters))
    release = max(source.accessed for source in network.sources.values())
    written: list[str] = []
    with export.staged(out) as target:
        for corridor, frame in layers.legs.items():
            progress(f"writing geodata/{corridor}.geojson")
            export.write_geojson(frame, target(f"geodata/{corridor}.geojson"))
            written.append(f"geodata/{corridor}.geojson")
        export.write_geojson(layers.nodes, target("geodata/nodes.geojson"))
        written.append("geodata/nodes.geojson")
        progress("writing the GeoPackage, QGIS styles and project")
        written.extend(_write_qgis(layers, target, release))
        progress("writing the freight network as GraphML")
        graph = freight.graph(layers.legs, layers.nodes, parameters)
        ox.io.save_graphml(graph, target("geodata/network.graphml"))
        written.append("geodata/network.graphml")
        progress("drawing maps")
        pages = {"index": (OVERVIEW_TITLE, layers.legs)}
        for corridor, frame in layers.legs.items():
            pages[corridor] = (CORRIDOR_NAMES[corridor], {corridor: frame})
        for page, (title, legs) in pages.items():
            fmap = maps.corridor_map(legs, layers.nodes, title, release)
            target(f"maps/{page}.html").write_text(maps.render(fmap), encoding="utf-8")
            written.append(f"maps/{page}.html")
        for name, (year, loads) in scenarios.items():
            title = f"Scenario {name}: freight against capacity, network of {year}"
            fmap = maps.scenario_map(loads, layers.legs, layers.nodes, title, release)
            target(f"maps/scenario_{name}.html").write_text(maps.render(fmap), encoding="utf-8")
            written.append(f"maps/scenario_{name}.html")
    return [out / relative for relative in written]


def _write_qgis(layers: Layers, target: Callable[[str], Path], release: str) -> list[str]:
    """Write the QML sidecars, the styled GeoPackage and the QGIS project."""
    project_layers = [
        qgis.ProjectLayer(corridor, CORRIDOR_NAMES[corridor], "Line", qgis.leg_style(corridor))
        for corridor in layers.legs
    ]
    project_layers.append(qgis.ProjectLayer("nodes", NODES_TITLE, "Point", qgis.node_style()))
    written = []
    qml = {}
    for layer in project_layers:
        qml[layer.layer] = qgis.qml(layer.style)
        target(f"geodata/{layer.layer}.qml").write_text(qml[layer.layer], encoding="utf-8")
        written.append(f"geodata/{layer.layer}.qml")
    frames = {**layers.legs, "nodes": layers.nodes}
    export.write_geopackage(frames, qml, target("geodata/corridors.gpkg"), release)
    project = qgis.project(project_layers, "./corridors.gpkg")
    target("geodata/corridors.qgs").write_text(project, encoding="utf-8")
    return [*written, "geodata/corridors.gpkg", "geodata/corridors.qgs"]
