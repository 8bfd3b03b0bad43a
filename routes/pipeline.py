"""The whole build: project -> measured layers -> layers, GeoPackage, QGIS project, maps."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from routes import export, freight, maps, qgis, scenarios
from routes.loader import load_project
from routes.measure import Layers, measure_network
from routes.model import GRAPHML, MANIFEST, MAPS_DIR, Project
from routes.vocabulary import CORRIDORS

OVERVIEW_TITLE = "Eurasian corridors through the Caspian region"
NODES_TITLE = "Ports, stations and other nodes"


def build(
    project: Project | str | Path = ".",
    out: str | Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write every layer and map of a project.

    Layers go to ``out/geodata``, maps to ``out/maps``; each scenario gets a map
    ``maps/scenario_NAME.html``. Nothing under ``out`` changes unless the whole
    build succeeds.

    Parameters
    ----------
    project
        A loaded project, or the folder to load one from.
    out
        Root the ``geodata`` and ``maps`` folders are written in; by default the
        project's own folder.
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

    Examples
    --------
    >>> import tempfile
    >>> written = build(".", tempfile.mkdtemp())
    >>> sorted(path.name for path in written if path.suffix == ".geojson")[:2]
    ['caspian_cable.geojson', 'green_energy.geojson']
    """
    if not isinstance(project, Project):
        progress(f"validating {project}")
        project = load_project(project)
    out = project.root if out is None else Path(out)
    progress(f"shaping and measuring {len(project.dataset.legs)} legs")
    layers = measure_network(project)
    network = freight.graph(layers, project)
    progress("assigning the scenarios")
    loads = {name: scenarios.assign(s, network) for name, s in project.scenarios.items()}
    release = project.release
    written: list[str] = []
    with export.staged(out, progress) as target:
        for corridor, frame in layers.legs.items():
            progress(f"writing geodata/{corridor}.geojson")
            export.write_geojson(frame, target(f"geodata/{corridor}.geojson"))
            written.append(f"geodata/{corridor}.geojson")
        export.write_geojson(layers.nodes, target("geodata/nodes.geojson"))
        written.append("geodata/nodes.geojson")
        progress("writing the GeoPackage, QGIS styles and project")
        written.extend(_write_qgis(layers, target, release))
        progress("writing the freight network as GraphML")
        freight.save_graphml(network, target(str(GRAPHML)))
        written.append(str(GRAPHML))
        progress("drawing maps")
        pages = {"index": (OVERVIEW_TITLE, layers.legs)}
        for corridor, frame in layers.legs.items():
            pages[corridor] = (CORRIDORS[corridor].name, {corridor: frame})
        target(f"{MAPS_DIR}/{maps.BASEMAP_FILE}").write_text(maps.basemap_js(), encoding="utf-8")
        written.append(f"{MAPS_DIR}/{maps.BASEMAP_FILE}")
        for page, (title, legs) in pages.items():
            fmap = maps.corridor_map(legs, layers.nodes, title, release, every_node=page == "index")
            target(f"{MAPS_DIR}/{page}.html").write_text(maps.render(fmap), encoding="utf-8")
            written.append(f"{MAPS_DIR}/{page}.html")
        for name, table in loads.items():
            year = project.scenarios[name].year
            title = f"Scenario {name}: freight against capacity, network of {year}"
            fmap = maps.scenario_map(table, layers.legs, layers.nodes, title, release, year)
            target(f"{MAPS_DIR}/scenario_{name}.html").write_text(
                maps.render(fmap), encoding="utf-8"
            )
            written.append(f"{MAPS_DIR}/scenario_{name}.html")
        manifest = {"sources_digest": project.digest, "files": [*written, str(MANIFEST)]}
        target(str(MANIFEST)).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        written.append(str(MANIFEST))
    return [out / relative for relative in written]


def _write_qgis(layers: Layers, target: Callable[[str], Path], release: str) -> list[str]:
    """Write the QML sidecars, the styled GeoPackage and the QGIS project."""
    project_layers = [
        qgis.ProjectLayer(corridor, CORRIDORS[corridor].name, "Line", qgis.leg_style(corridor))
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
    bounds = pd.concat([frame.bounds for frame in frames.values()])
    west, south = bounds["minx"].min(), bounds["miny"].min()
    east, north = bounds["maxx"].max(), bounds["maxy"].max()
    project = qgis.project(project_layers, "./corridors.gpkg", (west, south, east, north), release)
    target("geodata/corridors.qgs").write_text(project, encoding="utf-8")
    return [*written, "geodata/corridors.gpkg", "geodata/corridors.qgs"]
