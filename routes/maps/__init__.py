"""The Folium maps: the overview, one map per corridor, one per scenario.

A small package: :mod:`~routes.maps.page` (the page, its styles and stable ids),
:mod:`~routes.maps.controls` (legend panel and year control),
:mod:`~routes.maps.legend`, :mod:`~routes.maps.popups` (tooltips, popups and
their script), :mod:`~routes.maps.overlap` (legs side by side, nodes at one
site), :mod:`~routes.maps.basemap` (the offline base layer), and one module per
kind of map. The JavaScript and CSS are files
in ``static/``, shipped with the package.
"""

from __future__ import annotations

from routes.maps.basemap import basemap_js
from routes.maps.legend import legend_html
from routes.maps.network_map import corridor_map
from routes.maps.page import BASEMAP_FILE, render
from routes.maps.scenario_map import scenario_map

__all__ = ["BASEMAP_FILE", "basemap_js", "corridor_map", "legend_html", "render", "scenario_map"]
