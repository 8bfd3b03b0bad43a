"""Leaflet controls of the maps: a fixed panel (the legend) and the year control."""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

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
    """Show the network as of a chosen year: legs open by then, or all legs."""

    _template = Template(static("year_control.jinja"))

    def __init__(self, layers: list[folium.GeoJson], years: list[int]) -> None:
        super().__init__()
        self._name = "YearControl"
        self.layers = layers
        options = ['<option value="all">every leg, planned included</option>']
        for year in years:
            label = f"{year} (actual)" if year == FIRST_YEAR else str(year)
            options.append(f'<option value="{year}">{label}</option>')
        self.html = f"<label>Network as of <select>{''.join(options)}</select></label>"
