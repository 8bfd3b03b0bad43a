"""The page every map is drawn on: Leaflet only, title, footer, styles, stable ids."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator
from importlib import resources

import folium
from branca.element import Element, Figure

# Four decimals (about 10 m) is finer than the corridors are known; the layers keep six.
MAP_DECIMALS = 4
MAP_TOLERANCE_DEGREES = 0.001
REGION_BOUNDS = [[36.0, 26.0], [47.5, 83.0]]


def static(name: str) -> str:
    """Return the text of a file shipped in ``routes/maps/static``."""
    return (resources.files("routes.maps") / "static" / name).read_text(encoding="utf-8")


def base_map(title: str, release: str) -> tuple[folium.Map, Figure]:
    """Return a Leaflet-only map with scale bar, title, footer and the page styles."""
    fmap = folium.Map(tiles="OpenStreetMap", control_scale=True, prefer_canvas=False)
    # Folium loads Bootstrap, jQuery and Font Awesome by default; these maps use only Leaflet.
    fmap.default_js = [(name, url) for name, url in fmap.default_js if name == "leaflet"]
    fmap.default_css = [(name, url) for name, url in fmap.default_css if name == "leaflet_css"]
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(f"<title>{html.escape(title)}</title>"))
    root.header.add_child(Element(f"<style>\n{static('page.css')}</style>"))
    root.html.add_child(Element(_title_box(title)))
    root.html.add_child(Element(_footer(release)))
    return fmap, root


def render(fmap: folium.Map) -> str:
    """Return the map's HTML; the same map always gives the same text.

    Folium indents its templates deeply; the indentation is dropped, since
    nothing in these pages depends on leading whitespace.
    """
    lines = str(fmap.get_root().render()).splitlines()
    return "\n".join(line.strip() for line in lines if line.strip()) + "\n"


def _title_box(title: str) -> str:
    return (
        '<div class="routes-title" style="position:fixed;top:10px;left:100px;z-index:1000;'
        "background:white;padding:4px 10px;border-radius:4px;font:bold 15px sans-serif;"
        f'box-shadow:0 1px 4px rgba(0,0,0,.4)">{html.escape(title)}</div>'
    )


def _footer(release: str) -> str:
    return (
        '<div class="routes-footer" style="position:fixed;bottom:0;left:50%;'
        "transform:translateX(-50%);z-index:1000;background:rgba(255,255,255,.85);"
        'padding:1px 8px;font:11px sans-serif">'
        f"routes data release {html.escape(release)} · every figure is cited in its popup"
        "</div>"
    )


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
