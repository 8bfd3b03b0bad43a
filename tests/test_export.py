"""The written layers follow RFC 7946 and keep one schema per file."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from routes import measure, qgis
from routes.vocabulary import CORRIDORS

LEG_LAYERS = list(CORRIDORS)
NUMBER = re.compile(r"-?\d+\.(\d+)")


def _load(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _coordinates(geometry: dict[str, object]) -> list[list[float]]:
    coords = geometry["coordinates"]
    assert isinstance(coords, list)
    return coords if geometry["type"] == "LineString" else [coords]


@pytest.mark.parametrize("layer", [*LEG_LAYERS, "nodes"])
def test_rfc7946_layer(built: Path, layer: str) -> None:
    path = built / "geodata" / f"{layer}.geojson"
    data = _load(path)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    features = data["features"]
    assert isinstance(features, list)
    assert features, f"{layer} is empty"
    types = {feature["geometry"]["type"] for feature in features}
    assert types == {"Point" if layer == "nodes" else "LineString"}
    expected = measure.node_columns() if layer == "nodes" else measure.leg_columns()
    for feature in features:
        assert tuple(feature["properties"]) == expected
        for lon, lat in _coordinates(feature["geometry"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            # the region is east of Greenwich and north of the equator: lon first
            assert 20 < lon < 90 and 30 < lat < 50
    # same type in every feature for every key (null allowed)
    for key in expected:
        kinds = {type(f["properties"][key]).__name__ for f in features} - {"NoneType"}
        assert len(kinds) <= 1, (layer, key, kinds)
    # never more than six decimals
    text = path.read_text(encoding="utf-8")
    assert all(len(m.group(1)) <= 6 for m in NUMBER.finditer(text))


def test_required_leg_properties_are_filled(built: Path) -> None:
    for layer in LEG_LAYERS:
        for feature in _load(built / "geodata" / f"{layer}.geojson")["features"]:  # type: ignore[union-attr]
            p = feature["properties"]
            for key in ("id", "corridor", "name", "mode", "status", "from_node", "to_node"):
                assert isinstance(p[key], str) and p[key], (layer, key)
            assert p["corridor"] == layer
            assert isinstance(p["length_km"], float) and p["length_km"] > 0
            cited = p["sources"]
            assert cited and all(s["url"].startswith("http") and s["title"] for s in cited)


def test_nodes_have_identity_and_sources(built: Path) -> None:
    for feature in _load(built / "geodata" / "nodes.geojson")["features"]:  # type: ignore[union-attr]
        p = feature["properties"]
        for key in ("id", "name", "kind", "country"):
            assert isinstance(p[key], str) and p[key]
        assert isinstance(p["sources"], list) and p["sources"]


def test_qgis_styles_cover_every_value() -> None:
    from routes import qgis
    from routes.vocabulary import CORRIDORS, KINDS, STATUSES

    for corridor in CORRIDORS:
        root = qgis.leg_style(corridor)
        filters = [rule.get("filter") for rule in root.iter("rule")]
        assert filters == [f"\"status\" = '{status}'" for status in STATUSES]
        colours = {o.get("value") for o in root.iter("Option") if o.get("name") == "line_color"}
        assert colours == {qgis._rgba(CORRIDORS[corridor].colour)}
    kinds = [c.get("value") for c in qgis.node_style().iter("category")]
    assert kinds == list(KINDS)


def test_qgis_project_paths_are_relative(built: Path) -> None:
    text = (built / "geodata" / "corridors.qgs").read_text(encoding="utf-8")
    assert "./corridors.gpkg|layername=titr" in text
    assert str(built) not in text
    assert '<Absolute type="bool">false</Absolute>' in text


def test_qgis_layer_tree_names_layers_by_ids_qgis_keeps(built: Path) -> None:
    """QGIS replaces a project layer id of 10 characters or fewer with a random one."""
    root = ET.parse(built / "geodata" / "corridors.qgs").getroot()
    layer_ids = [element.text or "" for element in root.iterfind("projectlayers/maplayer/id")]
    assert len(set(layer_ids)) == len(layer_ids) == len(CORRIDORS) + 2
    assert all(len(layer_id) > 10 for layer_id in layer_ids)
    tree_ids = [node.get("id") for node in root.find("layer-tree-group").iter("layer-tree-layer")]
    assert sorted(tree_ids) == sorted(layer_ids)
    # the poster's legend names the same layers, all but the basemap
    legend = root.find("Layouts/Layout/LayoutItem[@id='legend']")
    assert legend is not None
    legend_ids = {node.get("id") for node in legend.iter("layer-tree-layer")}
    assert legend_ids == set(layer_ids) - {qgis.layer_id(qgis.BASEMAP)}
