"""QGIS styles (QML) and a QGIS project, generated from :mod:`routes.styles`.

The web maps and QGIS read the same style definitions: colours, dashes by
status, widths by freight capacity, node colours by kind. Sizes are in screen
pixels in both (Leaflet's px, QGIS's ``Pixel`` unit).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from pyproj import CRS

from routes import styles
from routes.vocabulary import CORRIDORS, KINDS, STATUSES

QGIS_VERSION = "3.22.0"
DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
OSM_XYZ = "type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0"
_CAPS = {"butt": "flat", "round": "round"}


@dataclass(frozen=True)
class ProjectLayer:
    """A layer of the QGIS project: GeoPackage layer name, title, geometry and style."""

    layer: str
    title: str
    geometry: str  # "Line" or "Point"
    style: ET.Element


def leg_style(corridor: str) -> ET.Element:
    """Return the QML root of a corridor layer: one rule per status, width by capacity.

    Examples
    --------
    >>> root = leg_style("titr")
    >>> next(root.iter("rule")).get("label")
    'TITR (Middle Corridor): operating'
    """
    root = _qgis_root(labels=False)
    renderer = ET.SubElement(root, "renderer-v2", type="RuleRenderer", symbollevels="0")
    rules = ET.SubElement(renderer, "rules", key="root")
    symbols = ET.SubElement(renderer, "symbols")
    for index, status in enumerate(STATUSES):
        look = styles.leg_style(corridor, status)
        ET.SubElement(
            rules,
            "rule",
            key=f"rule_{status}",
            symbol=str(index),
            filter=f"\"status\" = '{status}'",
            label=f"{CORRIDORS[corridor].label}: {STATUSES[status].label}",
        )
        symbol = ET.SubElement(
            symbols,
            "symbol",
            type="line",
            name=str(index),
            alpha=str(look["opacity"]),
            clip_to_extent="1",
            force_rhr="0",
        )
        dash = look["dashArray"]
        options = {
            "line_color": _rgba(str(look["color"])),
            "line_width": str(styles.LINE_WEIGHT),
            "line_width_unit": "Pixel",
            "line_style": "solid",
            "capstyle": _CAPS[str(look["lineCap"])],
            "joinstyle": "round",
            "use_custom_dash": "1" if dash else "0",
            "customdash": str(dash or "5 2").replace(" ", ";"),
            "customdash_unit": "Pixel",
        }
        _symbol_layer(symbol, "SimpleLine", options, {"outlineWidth": width_expression()})
    return root


def width_expression() -> str:
    """Return the QGIS expression of :func:`routes.styles.line_weight`.

    Examples
    --------
    >>> width_expression()
    'min(14, 3 + 0.3 * coalesce("capacity_mt_per_year", 0))'
    """
    # coalesce inside: QGIS's min() skips NULL, so min(14, NULL) would be 14.
    return (
        f"min({styles.MAX_WEIGHT}, {styles.LINE_WEIGHT} + {styles.WEIGHT_PER_MT}"
        ' * coalesce("capacity_mt_per_year", 0))'
    )


def node_style() -> ET.Element:
    """Return the QML root of the node layer: colour by kind, labelled by name."""
    root = _qgis_root(labels=True)
    renderer = ET.SubElement(
        root, "renderer-v2", type="categorizedSymbol", attr="kind", symbollevels="0"
    )
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for index, kind in enumerate(KINDS):
        look = styles.node_style(kind)
        ET.SubElement(
            categories,
            "category",
            symbol=str(index),
            value=kind,
            label=KINDS[kind].label,
            render="true",
        )
        symbol = ET.SubElement(
            symbols, "symbol", type="marker", name=str(index), alpha="1", clip_to_extent="1"
        )
        options = {
            "name": "circle",
            "color": _rgba(str(look["fillColor"])),
            "outline_color": _rgba(str(look["color"])),
            "outline_width": str(look["weight"]),
            "outline_width_unit": "Pixel",
            "size": str(2 * int(str(look["radius"]))),
            "size_unit": "Pixel",
        }
        _symbol_layer(symbol, "SimpleMarker", options, {})
    labeling = ET.SubElement(root, "labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    text = ET.SubElement(
        settings,
        "text-style",
        fieldName="name",
        isExpression="0",
        fontSize="8",
        fontSizeUnit="Point",
        textColor="0,0,0,255",
        textOpacity="1",
    )
    ET.SubElement(
        text,
        "text-buffer",
        bufferDraw="1",
        bufferSize="1",
        bufferSizeUnits="MM",
        bufferColor="255,255,255,255",
        bufferOpacity="0.8",
    )
    ET.SubElement(settings, "placement", placement="6", dist="1", distUnits="MM")
    return root


def qml(root: ET.Element) -> str:
    """Return a QML document as text."""
    ET.indent(root)
    return f"{DOCTYPE}\n{ET.tostring(root, encoding='unicode')}\n"


def project(layers: Iterable[ProjectLayer], gpkg: str) -> str:
    """Return a QGIS project opening ``layers`` of ``gpkg`` over OpenStreetMap.

    Paths are relative to the project file, so the project works from any clone.
    """
    layers = list(layers)
    root = ET.Element("qgis", projectname="Eurasian corridors", version=QGIS_VERSION)
    ET.SubElement(root, "title").text = "Eurasian corridors through the Caspian region"
    crs = ET.SubElement(root, "projectCrs")
    _crs(crs, "EPSG:3857")
    tree = ET.SubElement(root, "layer-tree-group")
    groups = {
        "Corridors": [layer for layer in layers if layer.geometry == "Line"],
        "Nodes": [layer for layer in layers if layer.geometry == "Point"],
    }
    for group_name in ("Nodes", "Corridors"):
        group = ET.SubElement(
            tree, "layer-tree-group", name=group_name, expanded="1", checked="Qt::Checked"
        )
        for layer in groups[group_name]:
            ET.SubElement(
                group,
                "layer-tree-layer",
                id=layer.layer,
                name=layer.title,
                providerKey="ogr",
                source=f"{gpkg}|layername={layer.layer}",
                checked="Qt::Checked",
                expanded="0",
            )
    basemap = ET.SubElement(
        tree, "layer-tree-group", name="Basemap", expanded="1", checked="Qt::Checked"
    )
    ET.SubElement(
        basemap,
        "layer-tree-layer",
        id="openstreetmap",
        name="OpenStreetMap",
        providerKey="wms",
        source=OSM_XYZ,
        checked="Qt::Checked",
        expanded="0",
    )
    maplayers = ET.SubElement(root, "projectlayers")
    for layer in layers:
        element = ET.SubElement(
            maplayers,
            "maplayer",
            type="vector",
            geometry=layer.geometry,
            labelsEnabled=layer.style.get("labelsEnabled", "0"),
        )
        ET.SubElement(element, "id").text = layer.layer
        ET.SubElement(element, "datasource").text = f"{gpkg}|layername={layer.layer}"
        ET.SubElement(element, "layername").text = layer.title
        _crs(ET.SubElement(element, "srs"), "EPSG:4326")
        ET.SubElement(element, "provider", encoding="UTF-8").text = "ogr"
        element.extend(list(layer.style))
    osm = ET.SubElement(maplayers, "maplayer", type="raster")
    ET.SubElement(osm, "id").text = "openstreetmap"
    ET.SubElement(osm, "datasource").text = OSM_XYZ
    ET.SubElement(osm, "layername").text = "OpenStreetMap"
    _crs(ET.SubElement(osm, "srs"), "EPSG:3857")
    ET.SubElement(osm, "provider").text = "wms"
    properties = ET.SubElement(root, "properties")
    paths = ET.SubElement(properties, "Paths")
    ET.SubElement(paths, "Absolute", type="bool").text = "false"
    # Without this flag QGIS reads the project as having no CRS.
    spatial = ET.SubElement(properties, "SpatialRefSys")
    ET.SubElement(spatial, "ProjectionsEnabled", type="int").text = "1"
    ET.indent(root)
    return f"{DOCTYPE}\n{ET.tostring(root, encoding='unicode')}\n"


def _qgis_root(*, labels: bool) -> ET.Element:
    return ET.Element(
        "qgis",
        version=QGIS_VERSION,
        styleCategories="Symbology|Labeling",
        labelsEnabled="1" if labels else "0",
    )


def _symbol_layer(
    symbol: ET.Element, kind: str, options: dict[str, str], data_defined: dict[str, str]
) -> None:
    layer = ET.SubElement(symbol, "layer", {"class": kind, "enabled": "1", "locked": "0"})
    option_map = ET.SubElement(layer, "Option", type="Map")
    for name, value in options.items():
        ET.SubElement(option_map, "Option", name=name, value=value, type="QString")
    defined = ET.SubElement(ET.SubElement(layer, "data_defined_properties"), "Option", type="Map")
    ET.SubElement(defined, "Option", name="name", value="", type="QString")
    properties = ET.SubElement(defined, "Option", name="properties", type="Map")
    for name, expression in data_defined.items():
        prop = ET.SubElement(properties, "Option", name=name, type="Map")
        ET.SubElement(prop, "Option", name="active", value="true", type="bool")
        ET.SubElement(prop, "Option", name="expression", value=expression, type="QString")
        ET.SubElement(prop, "Option", name="type", value="3", type="int")
    ET.SubElement(defined, "Option", name="type", value="collection", type="QString")


def _crs(parent: ET.Element, authid: str) -> None:
    """Describe a CRS as QGIS does: it reads the WKT, the authority code alone is not enough."""
    crs = CRS.from_user_input(authid)
    system = ET.SubElement(parent, "spatialrefsys")
    ET.SubElement(system, "wkt").text = crs.to_wkt("WKT2_2019")
    ET.SubElement(system, "authid").text = authid
    ET.SubElement(system, "description").text = crs.name


def _rgba(colour: str) -> str:
    """Turn ``#rrggbb`` into QGIS's ``r,g,b,255``."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},255"
