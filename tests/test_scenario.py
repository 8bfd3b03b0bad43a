"""Scenarios: loading with clear errors, and the capacity arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from routes import freight, scenarios
from routes.cli import main
from routes.errors import SourceError
from routes.loader import load_project
from routes.measure import Layers, measure_network
from routes.model import Project
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def layers(project: Project) -> Layers:
    return measure_network(project)


@pytest.fixture(scope="module")
def network(project: Project, layers: Layers) -> nx.MultiDiGraph:
    return freight.graph(layers, project.parameters)


def _scenario(project_copy: Path, name: str, text: str) -> Path:
    path = project_copy / "geodata" / "scenarios" / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_volumes_add_up_and_utilisation_is_volume_over_capacity(
    project_copy: Path, layers: Layers, network: nx.MultiDiGraph
) -> None:
    _scenario(
        project_copy,
        "two_flows",
        "origin,destination,volume_mt,year,source,note\n"
        "aktau_port,alat_port,4,2024,brief_dayaz_2025,\n"
        "aktau_port,alat_port,8,2024,brief_dayaz_2025,\n",
    )
    project = load_project(project_copy)
    table = scenarios.assign(project.scenarios["two_flows"], network).set_index("id")
    assert table.loc["kaz_ferry_aktau_alat", "volume_mt"] == pytest.approx(12)
    port = table.loc["aktau_port"]
    capacity = project.dataset.figures_of("aktau_port")["capacity_mt_per_year"].normalised
    assert port["capacity_mt_per_year"] == pytest.approx(capacity)
    assert port["utilisation"] == pytest.approx(12 / capacity, abs=0.001)
    assert bool(port["over_capacity"]) is (capacity < 12)
    ferry = table.loc["kaz_ferry_aktau_alat"]
    km = layers.legs["titr"].set_index("id").loc["kaz_ferry_aktau_alat", "length_km"]
    assert ferry["tonne_km_million"] == pytest.approx(12 * km, abs=0.1)


def test_projection_flags_full_legs(project: Project, network: nx.MultiDiGraph) -> None:
    loaded = project.scenarios["2030_projection"]
    assert loaded.year == 2030
    table = scenarios.assign(loaded, network).set_index("id")
    # 15 Mt on the Zangezur railway, built for 15 Mt/yr: full, not over
    assert table.loc["zangezur_horadiz_aghband_rail", "utilisation"] == pytest.approx(1.0)
    assert not table.loc["zangezur_horadiz_aghband_rail", "over_capacity"]


def test_scenario_bad_input_names_file_line_field(project_copy: Path) -> None:
    path = _scenario(
        project_copy,
        "broken",
        "origin,destination,volume_mt,year,source,note\n"
        "aktau_port,atlantis,-3,2024,brief_dayaz_2025,\n"
        "aktau_port,alat_port,3,20x4,nowhere,\n"
        "horadiz,sadarak,3,2024,brief_dayaz_2025,\n",
    )
    with pytest.raises(SourceError) as caught:
        load_project(project_copy)
    text = str(caught.value)
    assert f"{path}:2: destination: unknown node 'atlantis'" in text
    assert f"{path}:2: volume_mt: -3 is outside 0..1000" in text
    assert f"{path}:3: year: '20x4' is not a number" in text
    assert f"{path}:3: source: unknown source 'nowhere'" in text
    # the Zangezur line opens after 2024: the build could not route this flow
    assert f"{path}:4: destination: no route joins horadiz and sadarak in 2024" in text


def test_cli_scenario_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "2024_actual", "--json", "--project", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    loads = {row["id"]: row for row in data["2024_actual"]["loads"]}
    assert loads["kaz_ferry_aktau_alat"]["volume_mt"] == pytest.approx(3.5)


def test_cli_scenario_error_exit_2(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _scenario(project_copy, "empty", "origin,destination,volume_mt,year,source,note\n")
    code = main(["scenario", "--project", str(project_copy)])
    assert code == 2
    assert "empty.csv:1: -: the scenario has no flows" in capsys.readouterr().err


def test_cli_unknown_scenario_lists_the_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "nonexistent", "--project", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert "no scenario 'nonexistent'" in err and "2024_actual, 2030_projection" in err


def test_percentages_are_rounded_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "2030_projection", "--project", str(ROOT)]) == 0
    out = capsys.readouterr().out
    # 10.5 Mt at Aktau port of 11 Mt/yr is 95.45 %: 95 %, not 96 % (rounded twice)
    assert "aktau_port" in out and "95% of 11" in out and "96%" not in out
    assert "2 flows" in out and "(design)" in out


def test_one_flow_is_one_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "2024_actual", "--project", str(ROOT)]) == 0
    assert "(network of 2024, 1 flow)" in capsys.readouterr().out
