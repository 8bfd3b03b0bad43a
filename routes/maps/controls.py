"""Leaflet controls of the maps: fixed panels (title, legend, footer), the year control, the fit.

The title sits first in the top-left corner, above the zoom and search buttons;
the layer control and the legend (collapsed on a phone) top right; the scale bar
bottom left; the attribution, the footer, the year control and the minimap
(hidden on a phone) bottom right. Leaflet stacks the controls of a corner, so nothing overlaps.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from routes import styles
from routes.maps.page import static

FIRST_YEAR, LAST_YEAR = 2024, 2030


class Panel(MacroElement):
    """A Leaflet control holding fixed HTML (the legend)."""

    _template = Template(static("panel.jinja"))

    def __init__(self, content: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "Panel"
        self.html = content
        self.position = position
        self.css_class = css_class


class YearControl(MacroElement):
    """Show the network as of a chosen year: legs open by then, and the nodes they use.

    A node is hidden before its own opening year, and when every leg that uses it
    is hidden.
    """

    _template = Template(static("year_control.jinja"))

    def __init__(
        self, layers: list[folium.GeoJson], nodes: folium.GeoJson | None, years: list[int]
    ) -> None:
        super().__init__()
        self._name = "YearControl"
        self.layers = layers
        self.nodes = nodes
        options = ['<option value="all">every leg, planned included</option>']
        for year in years:
            label = f"{year} (actual)" if year == FIRST_YEAR else str(year)
            options.append(f'<option value="{year}">{label}</option>')
        self.html = f"<label>Network as of <select>{''.join(options)}</select></label>"


class Finish(MacroElement):
    """Add the title, footer and offline base layer, then fit the data to the free space.

    Rendered last, when every other control is in place, so that the fit can
    measure the panels (:js:`routesFinish` in ``static/page.js``).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "routesFinish({{ this._parent.get_name() }}, {{ this.data|tojson }}, "
        "{{ this.control.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(
        self,
        title: str,
        release: str,
        bounds: list[list[float]],
        control: folium.LayerControl,
    ) -> None:
        super().__init__()
        self._name = "Finish"
        self.control = control
        self.data = {
            "title": title,
            "footer": f"routes data release {release} · every figure is cited in its popup",
            "bounds": bounds,
            "basemap": {
                "name": "Outline map (offline)",
                "sea": styles.BASEMAP_SEA,
                "land": styles.BASEMAP_LAND,
                "border": styles.BASEMAP_BORDER,
            },
        }
