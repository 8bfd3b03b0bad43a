"""The page every map is drawn on: Leaflet only, its panes, styles and scripts, stable ids."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator
from functools import cache
from importlib import resources

import folium
from branca.element import Element, Figure, JavascriptLink, MacroElement
from jinja2 import Template

# Four decimals (about 10 m) is finer than the corridors are known; the layers keep six.
MAP_DECIMALS = 4
MAP_TOLERANCE_DEGREES = 0.001
REGION_BOUNDS = [[36.0, 26.0], [47.5, 83.0]]
# Offsets parallel lines in screen pixels (leaflet-polylineoffset, from npm via the CDN).
POLYLINE_OFFSET = (
    "https://cdn.jsdelivr.net/npm/leaflet-polylineoffset@1.1.1/leaflet.polylineoffset.js"
)
# The offline base layer, shipped once beside the pages (works from file:// too).
BASEMAP_FILE = "basemap.js"


@cache
def static(name: str) -> str:
    """Return the text of a file shipped in ``routes/maps/static`` (read once a run)."""
    return (resources.files("routes.maps") / "static" / name).read_text(encoding="utf-8")


class MapScript(MacroElement):
    """A script run with the map as ``map``, where it stands among the map's children.

    ``data`` reaches the script as ``data``, JSON-encoded (so "</script>" in it
    cannot end the script early).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "(function (map, data) {\n{{ this.code }}\n})"
        "({{ this._parent.get_name() }}, {{ this.data|tojson }});\n"
        "{% endmacro %}"
    )

    def __init__(self, code: str, data: object = None) -> None:
        super().__init__()
        self._name = "MapScript"
        self.code = code
        self.data = data


def base_map(title: str) -> tuple[folium.Map, Figure]:
    """Return a Leaflet-only map with a scale bar, the page's styles and scripts.

    The map zooms in tenth steps, so that it can fit its data closely; the
    casings of the legs are drawn in a pane of their own, under every overlay.
    """
    fmap = folium.Map(tiles="OpenStreetMap", control_scale=True, prefer_canvas=False, zoom_snap=0.1)
    # Folium loads Bootstrap, jQuery and Font Awesome by default; these maps use only Leaflet.
    fmap.default_js = [(name, url) for name, url in fmap.default_js if name == "leaflet"]
    fmap.default_css = [(name, url) for name, url in fmap.default_css if name == "leaflet_css"]
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(f"<title>{html.escape(title)}</title>"))
    root.header.add_child(Element(f"<style>\n{static('page.css')}</style>"))
    root.header.add_child(JavascriptLink(POLYLINE_OFFSET))
    root.header.add_child(Element(f'<script src="{BASEMAP_FILE}"></script>'))
    fmap.add_child(MapScript("map.createPane('routes-casing').style.zIndex = 390;"))
    return fmap, root


def render(fmap: folium.Map) -> str:
    """Return the map's HTML; the same map always gives the same text.

    Folium indents its templates deeply; the indentation is dropped, since
    nothing in these pages depends on leading whitespace.
    """
    lines = str(fmap.get_root().render()).splitlines()
    return "\n".join(line.strip() for line in lines if line.strip()) + "\n"


def _elements(element: Element, seen: set[int] | None = None) -> Iterator[Element]:
    """Yield every element under ``element``.

    That is its children and the elements it holds as attributes (the minimap
    keeps its tile layer that way).
    """
    seen = set() if seen is None else seen
    if id(element) in seen:
        return
    seen.add(id(element))
    yield element
    held = [v for k, v in vars(element).items() if isinstance(v, Element) and k != "_parent"]
    for child in [*element._children.values(), *held]:
        yield from _elements(child, seen)


def fix_ids(fmap: folium.Map) -> None:
    """Replace Folium's random element ids by sequential ones, for reproducible HTML."""
    counter = itertools.count(1)
    for element in _elements(fmap.get_root()):
        element._id = f"{next(counter):04d}"
