"""QGIS styles (QML) and a QGIS project, generated from :mod:`routes.styles`.

The web maps and QGIS read the same style definitions: colours, dashes by
status, widths by freight capacity, node colours by kind. Sizes are Leaflet's
screen pixels, which QGIS gets as points (3/4 of a pixel at 96 dpi): the same
size on screen, and a size that holds on a printed layout, where QGIS's
``Pixel`` unit is a dot of the printer.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from pyproj import CRS, Transformer

from routes import styles
from routes.vocabulary import CORRIDORS, KINDS, STATUSES

QGIS_VERSION = "3.22.0"
DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
OSM_XYZ = "type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0"
_CAPS = {"butt": "flat", "round": "round"}
# A CSS pixel is 1/96 inch, a point 1/72.
POINTS_PER_PIXEL = 0.75
PROJECT_TITLE = "Eurasian corridors through the Caspian region"
PROJECT_CRS = "EPSG:3857"
BASEMAP = "openstreetmap"
# Who to credit: holder, licence, terms. The basemap is OpenStreetMap's; the
# layers' track surveyed from OpenStreetMap is too, their countries Natural Earth's.
OSM_CREDIT = (
    "© OpenStreetMap contributors",
    "ODbL 1.0",
    "https://www.openstreetmap.org/copyright",
)
NATURAL_EARTH_CREDIT = (
    "Natural Earth",
    "public domain",
    "https://www.naturalearthdata.com/about/terms-of-use/",
)
BASEMAP_CREDITS = (OSM_CREDIT,)
LAYER_CREDITS = (OSM_CREDIT, NATURAL_EARTH_CREDIT)
ATTRIBUTION = (
    "Basemap and track surveyed from OpenStreetMap: © OpenStreetMap contributors, "
    "ODbL 1.0 (openstreetmap.org/copyright). Countries of the legs and nodes: Natural Earth "
    "1:10m (public domain, naturalearthdata.com). Corridors: routes, every feature citing "
    "its sources in geodata/corridors.gpkg."
)
POSTER = "Poster"
# A3 landscape; the map's x, y, width and height on it, in mm.
POSTER_PAGE = (420, 297)
POSTER_MAP = (12, 26, 396, 170)
# The legend below the map, in columns, and the credits below it.
POSTER_LEGEND_COLUMNS = 3
POSTER_CREDITS_HEIGHT = 9
# Layout item types (QgsLayoutItemRegistry) and the poster's fonts.
_PAGE, _MAP, _LABEL, _LEGEND, _SCALE_BAR = 65638, 65639, 65641, 65642, 65646
_FONT = "DejaVu Sans"
_LEGEND_STYLES = (
    ("title", 14, True, "0"),
    ("group", 12, True, "3"),
    ("subgroup", 10, True, "2.5"),
    ("symbol", 9, False, "1.5"),
    ("symbolLabel", 9, False, "1.5"),
)
# Namespace of the project's layer ids and layout item UUIDs.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/routes/corridors.qgs")


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
            "line_width": _points(styles.LINE_WEIGHT),
            "line_width_unit": "Point",
            "line_style": "solid",
            "capstyle": _CAPS[str(look["lineCap"])],
            "joinstyle": "round",
            "use_custom_dash": "1" if dash else "0",
            "customdash": ";".join(_points(float(px)) for px in str(dash or "5 2").split()),
            "customdash_unit": "Point",
        }
        _symbol_layer(symbol, "SimpleLine", options, {"outlineWidth": width_expression()})
    return root


def width_expression() -> str:
    """Return the QGIS expression of :func:`routes.styles.line_weight`, in points.

    Examples
    --------
    >>> width_expression()
    '0.75 * min(14, 3 + 0.3 * coalesce("capacity_mt_per_year", 0))'
    """
    # coalesce inside: QGIS's min() skips NULL, so min(14, NULL) would be 14.
    return (
        f"{POINTS_PER_PIXEL} * min({styles.MAX_WEIGHT}, {styles.LINE_WEIGHT}"
        f' + {styles.WEIGHT_PER_MT} * coalesce("capacity_mt_per_year", 0))'
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
            "outline_width": _points(float(str(look["weight"]))),
            "outline_width_unit": "Point",
            "size": _points(2 * float(str(look["radius"]))),
            "size_unit": "Point",
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


def layer_id(layer: str) -> str:
    """Return the project id of the GeoPackage layer ``layer``: its name and a name-based UUID.

    QGIS (``QgsMapLayer::readLayerXml``) keeps an id read from a project only if
    it is longer than 10 characters and gives a shorter one a new random id, so
    that the layer-tree entries naming the old id point at nothing. Ids made
    like QGIS's own (``name_`` and a UUID) are always long enough, and UUID 5 of
    the name keeps them the same from build to build.

    Examples
    --------
    >>> layer_id("oil")
    'oil_65c1c9ff_7dbd_5cec_a796_c86121c522d1'
    """
    return f"{layer}_{uuid.uuid5(_ID_NAMESPACE, layer)}".replace("-", "_")


def project(
    layers: Iterable[ProjectLayer],
    gpkg: str,
    bounds: tuple[float, float, float, float],
    release: str,
) -> str:
    """Return a QGIS project opening ``layers`` of ``gpkg`` over OpenStreetMap.

    Paths are relative to the project file, so the project works from any clone.
    The project opens on ``bounds`` and holds a print layout, ``Poster``.

    Parameters
    ----------
    layers
        The layers, drawn in this order from the top within their group.
    gpkg
        The GeoPackage, relative to the project file.
    bounds
        West, south, east and north edges of the layers, in degrees.
    release
        Date (``YYYY-MM-DD``) of the layers, shown on the poster.

    Returns
    -------
    str
        The ``.qgs`` document.
    """
    layers = list(layers)
    root = ET.Element("qgis", projectname=PROJECT_TITLE, version=QGIS_VERSION)
    ET.SubElement(root, "title").text = PROJECT_TITLE
    crs = ET.SubElement(root, "projectCrs")
    _crs(crs, PROJECT_CRS)
    tree = ET.SubElement(root, "layer-tree-group")
    _layer_tree(tree, layers, gpkg, basemap=True)
    maplayers = ET.SubElement(root, "projectlayers")
    for layer in layers:
        element = ET.SubElement(
            maplayers,
            "maplayer",
            type="vector",
            geometry=layer.geometry,
            labelsEnabled=layer.style.get("labelsEnabled", "0"),
        )
        ET.SubElement(element, "id").text = layer_id(layer.layer)
        ET.SubElement(element, "datasource").text = f"{gpkg}|layername={layer.layer}"
        ET.SubElement(element, "layername").text = layer.title
        _crs(ET.SubElement(element, "srs"), "EPSG:4326")
        ET.SubElement(element, "provider", encoding="UTF-8").text = "ogr"
        _credit(element, LAYER_CREDITS)
        element.extend(list(layer.style))
    osm = ET.SubElement(maplayers, "maplayer", type="raster")
    ET.SubElement(osm, "id").text = layer_id(BASEMAP)
    ET.SubElement(osm, "datasource").text = OSM_XYZ
    ET.SubElement(osm, "layername").text = "OpenStreetMap"
    _crs(ET.SubElement(osm, "srs"), PROJECT_CRS)
    ET.SubElement(osm, "provider").text = "wms"
    _credit(osm, BASEMAP_CREDITS)
    extent = map_extent(bounds, POSTER_MAP[2] / POSTER_MAP[3])
    _view(root, extent)
    properties = ET.SubElement(root, "properties")
    paths = ET.SubElement(properties, "Paths")
    ET.SubElement(paths, "Absolute", type="bool").text = "false"
    # Without this flag QGIS reads the project as having no CRS.
    spatial = ET.SubElement(properties, "SpatialRefSys")
    ET.SubElement(spatial, "ProjectionsEnabled", type="int").text = "1"
    # Distances (the scale bar's) on the WGS 84 ellipsoid, not in Mercator metres.
    measure = ET.SubElement(properties, "Measure")
    ET.SubElement(measure, "Ellipsoid", type="QString").text = "EPSG:7030"
    # The map canvas's copyright decoration, over the basemap.
    copyright_label = ET.SubElement(properties, "CopyrightLabel")
    ET.SubElement(copyright_label, "Enabled", type="bool").text = "true"
    ET.SubElement(copyright_label, "Label", type="QString").text = ATTRIBUTION
    _metadata(root)
    layouts = ET.SubElement(root, "Layouts")
    layouts.append(poster(layers, gpkg, extent, release))
    ET.indent(root)
    return f"{DOCTYPE}\n{ET.tostring(root, encoding='unicode')}\n"


def map_extent(
    bounds: tuple[float, float, float, float], aspect: float, margin: float = 0.08
) -> tuple[int, int, int, int]:
    """Return the project-CRS extent showing ``bounds`` with ``margin`` at ``aspect``.

    The extent is ``bounds`` in Web Mercator, widened by ``margin`` of its size on
    each side and then in one direction until its width over height is ``aspect``,
    in whole metres.

    Examples
    --------
    >>> map_extent((40.0, 40.0, 50.0, 45.0), 1.0)
    (4363724, 4598079, 5655030, 5889385)
    """
    transformer = Transformer.from_crs("EPSG:4326", PROJECT_CRS, always_xy=True)
    west, south, east, north = transformer.transform_bounds(*bounds)
    width, height = (east - west) * (1 + 2 * margin), (north - south) * (1 + 2 * margin)
    width, height = max(width, height * aspect), max(height, width / aspect)
    x, y = (west + east) / 2, (south + north) / 2
    return (
        round(x - width / 2),
        round(y - height / 2),
        round(x + width / 2),
        round(y + height / 2),
    )


def poster(
    layers: list[ProjectLayer], gpkg: str, extent: tuple[int, int, int, int], release: str
) -> ET.Element:
    """Return the ``Poster`` print layout: A3 landscape, map, legend, title, scale bar, credits.

    The map follows the project's layer tree (what is checked is drawn); the
    legend lists the corridors and nodes, those in the map only.
    """
    layout = ET.Element("Layout", name=POSTER, units="mm", printResolution="300")
    pages = ET.SubElement(layout, "PageCollection")
    _item(pages, _PAGE, "", (0, 0, *POSTER_PAGE), z=0, background=True)
    ET.SubElement(pages, "GuideCollection", visible="1")
    x, y, width, height = POSTER_MAP
    map_uuid = _uuid("map")
    item = _item(layout, _MAP, "map", POSTER_MAP, z=1, frame=True, background=True)
    item.set("keepLayerSet", "false")
    item.set("drawCanvasItems", "true")
    item.set("mapRotation", "0")
    xmin, ymin, xmax, ymax = extent
    ET.SubElement(item, "Extent", xmin=str(xmin), ymin=str(ymin), xmax=str(xmax), ymax=str(ymax))
    ET.SubElement(item, "LayerSet")
    _crs(ET.SubElement(item, "crs"), PROJECT_CRS)
    page_width = POSTER_PAGE[0]
    _label(layout, "title", PROJECT_TITLE, (x, 8, page_width - 2 * x, 11), 22, bold=True)
    _label(
        layout,
        "subtitle",
        f"Freight, energy and data corridors; layers of {release}",
        (x, 18, page_width - 2 * x, 5),
        11,
    )
    page_height = POSTER_PAGE[1]
    credits_y = page_height - 6 - POSTER_CREDITS_HEIGHT
    legend = _item(
        layout,
        _LEGEND,
        "legend",
        (x, y + height + 4, width, credits_y - y - height - 6),
        z=3,
        background=True,
    )
    legend.attrib.update(
        title="Legend",
        map_uuid=map_uuid,
        legendFilterByMap="1",
        resizeToContents="1",
        columnCount=str(POSTER_LEGEND_COLUMNS),
        equalColumnWidth="0",
        splitLayer="0",
        symbolWidth="9",
        symbolHeight="4",
        boxSpace="2",
        columnSpace="2",
        lineSpacing="1",
        wrapChar="",
        titleAlignment="1",
        symbolAlignment="1",
    )
    legend_styles = ET.SubElement(legend, "styles")
    for name, size, bold, margin in _LEGEND_STYLES:
        style = ET.SubElement(legend_styles, "style", name=name, marginTop=margin, indent="0")
        style.set("alignment", "1")
        if name == "symbolLabel":
            style.set("marginLeft", "2")
        ET.SubElement(style, "styleFont", description=_font(size, bold=bold), style="")
    _layer_tree(ET.SubElement(legend, "layer-tree-group"), layers, gpkg, basemap=False)
    # Measured on the ellipsoid across the middle of the map: Mercator's scale grows
    # northwards, by about a third from the bottom of this map to its top.
    scale_box = (x + 4, y + height - 16, 60, 12)
    scale = _item(layout, _SCALE_BAR, "scale bar", scale_box, z=4, background=True)
    scale.attrib.update(
        mapUuid=map_uuid,
        style="Single Box",
        unitType="kilometers",
        unitLabel="km",
        numMapUnitsPerScaleBarUnit="1000",
        segmentSizeMode="1",
        minBarWidth="40",
        maxBarWidth="70",
        numSegments="4",
        numSegmentsLeft="0",
        numSubdivisions="1",
        subdivisionsHeight="1.5",
        numUnitsPerSegment="100",
        height="2.5",
        labelBarSpace="2",
        boxContentSpace="2",
        alignment="0",
        outlineWidth="0.3",
    )
    text = ET.SubElement(scale, "text-style", fontFamily=_FONT, fontSize="9")
    text.attrib.update(fontSizeUnit="Point", textColor="0,0,0,255", textOpacity="1")
    credits_box = (x, credits_y, page_width - 2 * x, POSTER_CREDITS_HEIGHT)
    _label(layout, "credits", ATTRIBUTION, credits_box, 8).set("valign", "32")
    return layout


def _layer_tree(group: ET.Element, layers: list[ProjectLayer], gpkg: str, *, basemap: bool) -> None:
    """Fill ``group`` with the Nodes and Corridors groups, and the basemap if asked."""
    groups = {
        "Nodes": [layer for layer in layers if layer.geometry == "Point"],
        "Corridors": [layer for layer in layers if layer.geometry == "Line"],
    }
    for group_name, members in groups.items():
        child = ET.SubElement(
            group, "layer-tree-group", name=group_name, expanded="1", checked="Qt::Checked"
        )
        for layer in members:
            ET.SubElement(
                child,
                "layer-tree-layer",
                id=layer_id(layer.layer),
                name=layer.title,
                providerKey="ogr",
                source=f"{gpkg}|layername={layer.layer}",
                checked="Qt::Checked",
                expanded="0",
            )
    if basemap:
        child = ET.SubElement(
            group, "layer-tree-group", name="Basemap", expanded="1", checked="Qt::Checked"
        )
        ET.SubElement(
            child,
            "layer-tree-layer",
            id=layer_id(BASEMAP),
            name="OpenStreetMap",
            providerKey="wms",
            source=OSM_XYZ,
            checked="Qt::Checked",
            expanded="0",
        )


def _credit(maplayer: ET.Element, credits: tuple[tuple[str, str, str], ...]) -> None:
    """Give a map layer its attribution and, in its metadata, rights and licences."""
    text = "; ".join(f"{holder} ({licence})" for holder, licence, _ in credits)
    ET.SubElement(maplayer, "attribution", href=credits[0][2]).text = text
    metadata = ET.SubElement(maplayer, "resourceMetadata")
    for holder, _, _ in credits:
        ET.SubElement(metadata, "rights").text = holder
    for _, licence, _ in credits:
        ET.SubElement(metadata, "license").text = licence
    links = ET.SubElement(metadata, "links")
    for holder, _, url in credits:
        ET.SubElement(links, "link", name=holder, type="WWW:LINK", url=url)


def _metadata(root: ET.Element) -> None:
    """Write the project's metadata: title, abstract with the credits, links to the terms."""
    metadata = ET.SubElement(root, "projectMetadata")
    ET.SubElement(metadata, "title").text = PROJECT_TITLE
    ET.SubElement(metadata, "abstract").text = ATTRIBUTION
    links = ET.SubElement(metadata, "links")
    for holder, _, url in (*BASEMAP_CREDITS, *LAYER_CREDITS[1:]):
        ET.SubElement(links, "link", name=holder, type="WWW:LINK", url=url)


def _view(root: ET.Element, extent: tuple[int, int, int, int]) -> None:
    """Open the project on ``extent``: the canvas's saved view and the default view."""
    xmin, ymin, xmax, ymax = (str(value) for value in extent)
    canvas = ET.SubElement(root, "mapcanvas", name="theMapCanvas", annotationsVisible="1")
    ET.SubElement(canvas, "units").text = "meters"
    box = ET.SubElement(canvas, "extent")
    for name, value in {"xmin": xmin, "ymin": ymin, "xmax": xmax, "ymax": ymax}.items():
        ET.SubElement(box, name).text = value
    ET.SubElement(canvas, "rotation").text = "0"
    _crs(ET.SubElement(canvas, "destinationsrs"), PROJECT_CRS)
    settings = ET.SubElement(root, "ProjectViewSettings", UseProjectScales="0", rotation="0")
    ET.SubElement(settings, "Scales")
    view = ET.SubElement(settings, "DefaultViewExtent", xmin=xmin, ymin=ymin, xmax=xmax, ymax=ymax)
    _crs(view, PROJECT_CRS)


def _item(
    parent: ET.Element,
    kind: int,
    name: str,
    box: tuple[float, float, float, float],
    *,
    z: int,
    frame: bool = False,
    background: bool = False,
) -> ET.Element:
    """Add a layout item of type ``kind`` at ``box`` (x, y, width, height in mm)."""
    x, y, width, height = box
    identity = _uuid(name or "page")
    item = ET.SubElement(
        parent,
        "LayoutItem",
        type=str(kind),
        id=name,
        uuid=identity,
        templateUuid=identity,
        position=f"{x:g},{y:g},mm",
        positionOnPage=f"{x:g},{y:g},mm",
        size=f"{width:g},{height:g},mm",
        zValue=str(z),
        frame="true" if frame else "false",
        background="true" if background else "false",
        visibility="1",
        opacity="1",
        referencePoint="0",
        itemRotation="0",
        positionLock="false",
        excludeFromExports="0",
        blendMode="0",
        outlineWidthM="0.3,mm",
        frameJoinStyle="miter",
        groupUuid="",
    )
    ET.SubElement(item, "FrameColor", red="0", green="0", blue="0", alpha="255")
    ET.SubElement(item, "BackgroundColor", red="255", green="255", blue="255", alpha="255")
    return item


def _label(
    layout: ET.Element,
    name: str,
    text: str,
    box: tuple[float, float, float, float],
    size: int,
    *,
    bold: bool = False,
) -> ET.Element:
    """Add a text label, top left aligned, in the poster's font."""
    label = _item(layout, _LABEL, name, box, z=2)
    label.attrib.update(
        labelText=text, htmlState="0", halign="1", valign="128", marginX="0", marginY="0"
    )
    ET.SubElement(label, "LabelFont", description=_font(size, bold=bold), style="")
    ET.SubElement(label, "FontColor", red="0", green="0", blue="0", alpha="255")
    return label


def _font(size: int, *, bold: bool = False) -> str:
    """Describe the poster's font at ``size`` points as Qt's ``QFont.toString`` does."""
    return f"{_FONT},{size},-1,5,{75 if bold else 50},0,0,0,0,0"


def _uuid(name: str) -> str:
    """Return a layout item's UUID, in braces as Qt writes it, the same on every build."""
    return f"{{{uuid.uuid5(_ID_NAMESPACE, f'layout:{name}')}}}"


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


def _points(pixels: float) -> str:
    """Return a size in Leaflet's pixels as QGIS points, the same size on a 96-dpi screen.

    Examples
    --------
    >>> _points(3), _points(14)
    ('2.25', '10.5')
    """
    return f"{pixels * POINTS_PER_PIXEL:g}"


def _rgba(colour: str) -> str:
    """Turn ``#rrggbb`` into QGIS's ``r,g,b,255``."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},255"
