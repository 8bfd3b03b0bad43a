"""The route comparison, held against published figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routes import compare, freight, measure
from routes.cli import main
from routes.errors import SourceError
from routes.loader import load_project
from routes.model import Project
from routes.vocabulary import NMI_KM
from tests.conftest import ROOT


def test_suez_distance_matches_the_published_one(project: Project) -> None:
    nautical = next(p for p in project.comparison if p.route == "suez" and p.measure == "distance")
    rotterdam = next(item for item in compare.suez() if item["to"] == "Rotterdam")
    # Shanghai - Rotterdam via Suez: 10,600 nmi published; sea lanes vary by about 1 %
    assert rotterdam["km"] == pytest.approx(nautical.value * NMI_KM, rel=0.02)


def test_middle_corridor_against_the_published_length(project: Project) -> None:
    measured = compare.middle_corridor(freight.graph(measure.measure_network(project)))
    parts = sum(
        p.value for p in project.comparison if p.route == "middle" and p.measure == "distance"
    )
    # 4,256 km of rail and 508 km of sea are published from the Chinese border to the
    # Black Sea; ours runs on to Constanța (about 1,100 km more by sea).
    assert parts < float(str(measured["km"])) < parts + 1_500
    assert measured["modes"] == ["rail", "ferry", "shipping"]


def test_bad_comparison_rows_are_reported(project_copy: Path) -> None:
    path = project_copy / "geodata" / "sources" / "comparison.csv"
    path.write_text(
        "route,measure,value,value_high,unit,year,source,note\n"
        "arctic,distance,5,,km,2024,brief_dayaz_2025,\n"
        "suez,distance,5,,miles,2024,nowhere,\n"
        "middle,transit_days,22,20,days,2024,brief_dayaz_2025,\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_project(project_copy)
    text = str(caught.value)
    assert f"{path}:2: route: unknown value 'arctic'" in text
    assert f"{path}:3: unit: distance is in km, nmi" in text
    assert f"{path}:3: source: unknown source 'nowhere'" in text
    assert f"{path}:4: value_high: 20 is below value 22" in text


def test_cli_compare_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--json", "--project", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"middle", "northern", "suez"}
    assert all(p["url"].startswith("http") for r in data.values() for p in r["published"])


def test_compare_sets_modelled_door_to_door_beside_the_published(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["compare", "--json", "--project", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = data["middle"]["door_to_door"]
    assert rows, "no published door-to-door time of the Middle Corridor"
    for row in rows:
        modelled, published = row["modelled_days"], row["published_days"]
        gap = row["published_minus_modelled_days"]
        assert gap["low"] == pytest.approx(published["low"] - modelled["high"], abs=0.05)
        assert gap["high"] == pytest.approx(published["high"] - modelled["low"], abs=0.05)
        assert row["url"].startswith("https://")
    assert any(row["published_days"] == {"low": 20, "high": 22} for row in rows)
    assert main(["compare", "--project", str(ROOT)]) == 0
    text = capsys.readouterr().out
    assert "modelled door to door:" in text and "published minus modelled" in text
