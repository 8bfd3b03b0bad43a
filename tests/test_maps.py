"""The Folium maps: reproducible, escaped, and showing every layer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd

from routes import maps, measure
from routes.model import Project
from routes.vocabulary import CORRIDORS

PAGES = ["index", *CORRIDORS]


def test_every_map_is_written(built: Path) -> None:
    for page in PAGES:
        text = (built / "maps" / f"{page}.html").read_text(encoding="utf-8")
        assert "L.map(" in text
        assert "<title>" in text


def test_overview_has_one_layer_per_corridor(built: Path) -> None:
    text = (built / "maps" / "index.html").read_text(encoding="utf-8")
    for corridor in CORRIDORS.values():
        assert json.dumps(corridor.name) in text
    assert "Ports, stations and other nodes" in text


def test_element_ids_are_not_random(built: Path) -> None:
    text = (built / "maps" / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r"\b(?:map|geo_json|feature_group)_([0-9a-f]+)\b", text))
    assert ids and all(len(i) == 4 for i in ids), ids


def test_tooltips_name_the_leg_fields(built: Path) -> None:
    text = (built / "maps" / "titr.html").read_text(encoding="utf-8")
    for alias in ("Mode", "Status", "Length", "Capacity", "Published length"):
        assert alias in text


def test_text_from_the_data_is_escaped(project: Project) -> None:
    network = project.dataset
    legs = measure.legs_frame(network, "zangezur")
    legs.loc[0, "name"] = "<img src=x onerror=alert(1)>"
    nodes: gpd.GeoDataFrame = measure.nodes_frame(network)
    html = maps.render(maps.corridor_map({"zangezur": legs}, nodes, "<b>T</b>", "2026-01-01"))
    assert "<img src=x" not in html
    # the page's JSON encodes < and > (so no "</script>" can end a script early);
    # the page's own script then shows the text with textContent
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "<b>T</b>" not in html
