"""Load the layers, the GeoPackage and the project in PyQGIS; print a JSON report.

Run by tests/test_qgis.py under the system Python that has Debian's python3-qgis:
    python3 tests/qgis_check.py GEODATA_DIR PNG_OUT
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def describe(layer: QgsVectorLayer) -> dict[str, object]:
    """What a user dragging the layer into QGIS gets."""
    report: dict[str, object] = {"valid": layer.isValid()}
    if not layer.isValid():
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


def main(geodata: str, png: str) -> None:
    app = QgsApplication([], False)
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
    project = QgsProject.instance()
    opened = project.read(os.path.join(geodata, "corridors.qgs"))
    layers = project.mapLayers().values()
    report["project"] = {
        "opened": opened,
        "layers": {layer.name(): layer.isValid() for layer in layers},
        "groups": [group.name() for group in project.layerTreeRoot().findGroups()],
        "absolute_paths": project.readBoolEntry("Paths", "/Absolute")[0],
    }
    # Render the vector layers (no network for the OpenStreetMap tiles here).
    drawn = [layer for layer in layers if isinstance(layer, QgsVectorLayer)]
    settings = QgsMapSettings()
    settings.setLayers(drawn)
    settings.setDestinationCrs(project.crs())
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(1200, 700))
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in drawn:
        layer_extent = settings.layerExtentToOutputExtent(layer, layer.extent())
        extent.combineExtentWith(layer_extent)
    extent.scale(1.15)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(png, "PNG")
    report["png"] = png
    print(json.dumps(report), flush=True)
    project.clear()
    # Leave without tearing QGIS down: its exit handlers crash under the offscreen platform.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
