"""The route comparison, held against published figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routes import compare, network, pipeline, sources
from routes.cli import main
from routes.errors import SourceError
from tests.conftest import SOURCES


def test_suez_distance_matches_the_published_one() -> None:
    published = compare.load_published(SOURCES / "comparison.csv", sources.load(SOURCES))
    nautical = next(p for p in published if p.route == "suez" and p.measure == "distance")
    rotterdam = next(item for item in compare.suez() if item["to"] == "Rotterdam")
    # Shanghai - Rotterdam via Suez: 10,600 nmi published; sea lanes vary by about 1 %
    assert rotterdam["km"] == pytest.approx(nautical.value * compare.NMI_KM, rel=0.02)


def test_middle_corridor_against_the_published_length() -> None:
    network_sources = sources.load(SOURCES)
    layers = pipeline.measure_network(network_sources)
    measured = compare.middle_corridor(network.graph(layers.legs, layers.nodes))
    published = compare.load_published(SOURCES / "comparison.csv", network_sources)
    parts = sum(p.value for p in published if p.route == "middle" and p.measure == "distance")
    # 4,256 km of rail and 508 km of sea are published from the Chinese border to the
    # Black Sea; ours runs on to Constanța (about 1,100 km more by sea).
    assert parts < float(str(measured["km"])) < parts + 1_500
    assert measured["modes"] == ["rail", "ferry", "shipping"]


def test_bad_comparison_rows_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "comparison.csv"
    path.write_text(
        "route,measure,value,value_high,unit,year,source,note\n"
        "arctic,distance,5,,km,2024,brief_dayaz_2025,\n"
        "suez,distance,5,,miles,2024,nowhere,\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        compare.load_published(path, sources.load(SOURCES))
    text = str(caught.value)
    assert f"{path}:2: route: unknown route 'arctic'" in text
    assert f"{path}:3: unit: distance is in km, nmi" in text
    assert f"{path}:3: source: unknown source 'nowhere'" in text


def test_cli_compare_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--json", "--sources", str(SOURCES)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"middle", "northern", "suez"}
    assert all(p["url"].startswith("http") for r in data.values() for p in r["published"])
