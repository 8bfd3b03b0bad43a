"""Open the layers, the GeoPackage and the project in PyQGIS; print a JSON report.

Run by tests/test_qgis.py under the system Python that has Debian's python3-qgis:
    python3 tests/qgis_check.py GEODATA_DIR OUT_DIR COLOURS_JSON

The project is opened as QGIS desktop opens it: a map canvas reads its saved
view and a layer-tree bridge gives it the checked layers of the layer tree, in
the tree's order. Renders go through that canvas, with the basemap unchecked
(there is no network here), and the ``Poster`` layout is exported to PDF and
PNG. ``COLOURS_JSON`` maps each GeoPackage layer to the ``[r, g, b]`` its
lines take on white; the report counts those pixels in each render.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    QgsApplication,
    QgsLayoutExporter,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsMapLayer,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsNetworkAccessManager,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsMapCanvas
from qgis.PyQt.QtCore import QRect, QSize
from qgis.PyQt.QtGui import QColor, QImage

SIZE = QSize(1200, 700)
# How far (per channel, 0-255) a pixel may be from a layer's colour to count.
TOLERANCE = 12
POSTER_DPI = 100


def describe(layer: QgsMapLayer) -> dict[str, object]:
    """What a user dragging the layer into QGIS gets."""
    report: dict[str, object] = {"valid": layer.isValid()}
    if not layer.isValid() or not isinstance(layer, QgsVectorLayer):
        return report
    fields = layer.fields()
    renderer = layer.renderer()
    context = QgsRenderContext()
    renderer.startRender(context, fields)
    unstyled, invalid, count = [], [], 0
    for feature in layer.getFeatures():
        count += 1
        if not renderer.willRenderFeature(feature, context):
            unstyled.append(feature["id"])
        if not feature.geometry().isGeosValid():
            invalid.append(feature["id"])
    renderer.stopRender(context)
    label_field = None
    if layer.labelsEnabled() and layer.labeling() is not None:
        label_field = layer.labeling().settings().fieldName
    report.update(
        count=count,
        geometry=QgsWkbTypes.geometryDisplayString(layer.geometryType()),
        crs=layer.crs().authid(),
        fields={f.name(): f.typeName() for f in fields},
        renderer=renderer.type(),
        unstyled=unstyled,
        invalid=invalid,
        labels=label_field,
        label_field_exists=label_field is None or fields.indexOf(label_field) >= 0,
    )
    return report


def layer_name(layer: QgsMapLayer) -> str:
    """The GeoPackage layer a project layer reads, or its provider for other layers."""
    source = layer.source()
    return source.split("layername=")[-1] if "layername=" in source else layer.providerType()


def colour_counts(
    image: QImage, colours: dict[str, list[int]], area: QRect | None = None
) -> dict[str, int]:
    """Count the pixels of ``image`` (within ``area``) near each of ``colours``."""
    if area is not None:
        image = image.copy(area)
    image = image.convertToFormat(QImage.Format_RGB32)
    bits = image.constBits()
    bits.setsize(image.sizeInBytes())
    data = bytes(bits)
    # Format_RGB32 is 0xffRRGGBB in native order: B, G, R, 255 on little-endian machines.
    found = Counter(data[i : i + 3] for i in range(0, len(data), 4))
    counts = {}
    for name, (red, green, blue) in colours.items():
        counts[name] = sum(
            number
            for pixel, number in found.items()
            if max(abs(pixel[2] - red), abs(pixel[1] - green), abs(pixel[0] - blue)) <= TOLERANCE
        )
    return counts


def render(canvas: QgsMapCanvas, png: str | None = None) -> QImage:
    """Render what the canvas shows, at a fixed size, on white."""
    settings = QgsMapSettings(canvas.mapSettings())
    settings.setOutputSize(SIZE)
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if png is not None:
        image.save(png, "PNG")
    return image


def check_project(
    path: str, out: str, colours: dict[str, list[int]], app: QgsApplication
) -> dict[str, object]:
    """Open the project as QGIS desktop does; report its tree, renders and poster."""
    project = QgsProject.instance()
    canvas = QgsMapCanvas()
    canvas.setObjectName("theMapCanvas")  # the name QGIS desktop reads the saved view into
    canvas.resize(SIZE)
    root = project.layerTreeRoot()
    bridge = QgsLayerTreeMapCanvasBridge(root, canvas)
    # QGIS desktop keeps its main canvas in the project's CRS, and while it reads a
    # project keeps the bridge from zooming to the first layers (QgisApp::addProject).
    project.crsChanged.connect(lambda: canvas.setDestinationCrs(project.crs()))
    bridge.setAutoSetupOnFirstLayer(False)
    opened = project.read(path)
    app.processEvents()
    bridge.setCanvasLayers()
    bridge.setAutoSetupOnFirstLayer(True)
    nodes = []
    for node in root.findLayers():
        layer = node.layer()
        entry: dict[str, object] = {
            "id": node.layerId(),
            "name": node.name(),
            "group": node.parent().name(),
            "checked": node.isVisible(),
            "resolved": layer is not None,
        }
        if layer is not None:
            entry.update(layer=layer_name(layer), provider=layer.providerType())
            entry.update(describe(layer))
            entry.update(
                attribution=layer.attribution(),
                rights=layer.metadata().rights(),
                licenses=layer.metadata().licenses(),
            )
        nodes.append(entry)
    report: dict[str, object] = {
        "opened": opened,
        "nodes": nodes,
        "layers": {layer.name(): layer.isValid() for layer in project.mapLayers().values()},
        "groups": [group.name() for group in root.findGroups()],
        "absolute_paths": project.readBoolEntry("Paths", "/Absolute")[0],
        "ellipsoid": project.ellipsoid(),
        "copyright_label": project.readEntry("CopyrightLabel", "/Label")[0],
        "metadata": project.metadata().abstract(),
        "canvas_before": [layer_name(layer) for layer in canvas.layers()],
        "canvas_crs": canvas.mapSettings().destinationCrs().authid(),
        "canvas_extent": canvas.extent().toRectF().getCoords(),
    }
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in canvas.layers():
        if isinstance(layer, QgsVectorLayer):
            extent.combineExtentWith(
                canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent())
            )
    report["layers_extent"] = extent.toRectF().getCoords()
    # No network for the OpenStreetMap tiles: leave the basemap out as a user would,
    # and should a tile still be asked for, give up at once.
    QgsNetworkAccessManager.setTimeout(1000)
    root.findGroup("Basemap").setItemVisibilityChecked(False)
    bridge.setCanvasLayers()
    report["canvas"] = [layer_name(layer) for layer in canvas.layers()]
    image = render(canvas, os.path.join(out, "qgis.png"))
    report["drawn"] = colour_counts(image, colours)
    # Each layer's own pixels: what disappears when its tree node is unchecked.
    report["drawn_without"] = {}
    for node in root.findLayers():
        name = layer_name(node.layer()) if node.layer() else node.layerId()
        if name not in colours:
            continue
        node.setItemVisibilityChecked(False)
        bridge.setCanvasLayers()
        report["drawn_without"][name] = colour_counts(render(canvas), colours)[name]
        node.setItemVisibilityChecked(True)
    bridge.setCanvasLayers()
    report["poster"] = check_poster(project, out, colours)
    return report


def check_poster(project: QgsProject, out: str, colours: dict[str, list[int]]) -> dict[str, object]:
    """Export the Poster layout to PDF and PNG; report its items and what its map draws."""
    layouts = project.layoutManager().printLayouts()
    report: dict[str, object] = {"layouts": [layout.name() for layout in layouts]}
    layout = project.layoutManager().layoutByName("Poster")
    if layout is None:
        return report
    items = [item for item in layout.items() if hasattr(item, "uuid") and item.id()]
    report["items"] = {item.id(): type(item).__name__ for item in items}
    page = layout.pageCollection().page(0)
    report["page_mm"] = [page.pageSize().width(), page.pageSize().height()]
    map_item = layout.itemById("map")
    legend = layout.itemById("legend")
    scale = layout.itemById("scale bar")
    report["map_layers"] = (
        [layer_name(layer) for layer in map_item.layersToRender()]
        if isinstance(map_item, QgsLayoutItemMap)
        else None
    )
    if legend is not None:
        legend.refresh()
        tree = legend.model().rootGroup()
        report["legend_layers"] = [layer_name(n.layer()) for n in tree.findLayers() if n.layer()]
        report["legend_entries"] = {
            layer_name(n.layer()): len(legend.model().layerLegendNodes(n))
            for n in tree.findLayers()
            if n.layer()
        }
    report["scale_bar_linked"] = (
        isinstance(scale, QgsLayoutItemScaleBar) and scale.linkedMap() is map_item
    )
    if scale is not None:
        report["scale_bar"] = [scale.numberOfSegments(), scale.unitsPerSegment(), scale.unitLabel()]
    report["labels"] = {
        item.id(): item.text() for item in items if type(item).__name__ == "QgsLayoutItemLabel"
    }
    exporter = QgsLayoutExporter(layout)
    pdf = os.path.join(out, "poster.pdf")
    report["pdf"] = exporter.exportToPdf(pdf, QgsLayoutExporter.PdfExportSettings()) == 0
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = POSTER_DPI
    png = os.path.join(out, "poster.png")
    report["png"] = exporter.exportToImage(png, settings) == 0
    if report["png"] and isinstance(map_item, QgsLayoutItemMap):
        box = map_item.sceneBoundingRect()
        scale_px = POSTER_DPI / 25.4
        area = QRect(
            round(box.x() * scale_px),
            round(box.y() * scale_px),
            round(box.width() * scale_px),
            round(box.height() * scale_px),
        )
        report["map_drawn"] = colour_counts(QImage(png), colours, area)
    return report


def main(geodata: str, out: str, colours_json: str) -> None:
    colours = json.loads(colours_json)
    app = QgsApplication([], True)
    app.initQgis()
    report: dict[str, object] = {"geojson": {}, "gpkg": {}}
    names = sorted(n[: -len(".geojson")] for n in os.listdir(geodata) if n.endswith(".geojson"))
    for name in names:
        layer = QgsVectorLayer(os.path.join(geodata, f"{name}.geojson"), name, "ogr")
        report["geojson"][name] = describe(layer)
        gpkg = QgsVectorLayer(
            f"{os.path.join(geodata, 'corridors.gpkg')}|layername={name}", name, "ogr"
        )
        report["gpkg"][name] = describe(gpkg)
    report["project"] = check_project(os.path.join(geodata, "corridors.qgs"), out, colours, app)
    print(json.dumps(report), flush=True)
    QgsProject.instance().clear()
    # Leave without tearing QGIS down: its exit handlers crash under the offscreen platform.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
