"""Scenarios: loading with clear errors, and the capacity arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routes import network, pipeline, scenario, sources
from routes.cli import main
from routes.errors import SourceError
from tests.conftest import ROOT, SOURCES

SCENARIOS = ROOT / "geodata" / "scenarios"


@pytest.fixture(scope="module")
def setting() -> tuple[sources.Network, pipeline.Layers, tuple[network.Parameter, ...]]:
    network_sources = sources.load(SOURCES)
    parameters = network.load_parameters(SOURCES / "parameters.csv", network_sources)
    return network_sources, pipeline.measure_network(network_sources), parameters


def test_volumes_add_up_and_utilisation_is_volume_over_capacity(
    setting: tuple[sources.Network, pipeline.Layers, tuple[network.Parameter, ...]],
    tmp_path: Path,
) -> None:
    network_sources, layers, parameters = setting
    path = tmp_path / "two_flows.csv"
    path.write_text(
        "origin,destination,volume_mt,year,source,note\n"
        "aktau_port,alat_port,4,2024,brief_dayaz_2025,\n"
        "aktau_port,alat_port,8,2024,brief_dayaz_2025,\n",
        encoding="utf-8",
    )
    table = scenario.assign(scenario.load(path, network_sources), layers, parameters).set_index(
        "id"
    )
    assert table.loc["kaz_ferry_aktau_alat", "volume_mt"] == pytest.approx(12)
    port = table.loc["aktau_port"]
    capacity = network_sources.figures_of("aktau_port")["capacity_mt_per_year"].normalised
    assert port["capacity_mt_per_year"] == pytest.approx(capacity)
    assert port["utilisation"] == pytest.approx(12 / capacity, abs=0.001)
    assert bool(port["over_capacity"]) is (capacity < 12)
    ferry = table.loc["kaz_ferry_aktau_alat"]
    km = layers.legs["titr"].set_index("id").loc["kaz_ferry_aktau_alat", "length_km"]
    assert ferry["tonne_km_million"] == pytest.approx(12 * km, abs=0.1)


def test_projection_flags_full_legs(
    setting: tuple[sources.Network, pipeline.Layers, tuple[network.Parameter, ...]],
) -> None:
    network_sources, layers, parameters = setting
    loaded = scenario.load(SCENARIOS / "2030_projection.csv", network_sources)
    assert loaded.year == 2030
    table = scenario.assign(loaded, layers, parameters).set_index("id")
    # 15 Mt on the Zangezur railway, built for 15 Mt/yr: full, not over
    assert table.loc["zangezur_horadiz_aghband_rail", "utilisation"] == pytest.approx(1.0)
    assert not table.loc["zangezur_horadiz_aghband_rail", "over_capacity"]


def test_scenario_bad_input_names_file_line_field(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(
        "origin,destination,volume_mt,year,source,note\n"
        "aktau_port,atlantis,-3,2024,brief_dayaz_2025,\n"
        "aktau_port,alat_port,3,20x4,nowhere,\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        scenario.load(path, sources.load(SOURCES))
    text = str(caught.value)
    assert f"{path}:2: destination: unknown node 'atlantis'" in text
    assert f"{path}:2: volume_mt: -3 is outside 0..1000 Mt" in text
    assert f"{path}:3: volume_mt/year: must be numbers" in text
    assert f"{path}:3: source: unknown source 'nowhere'" in text


def test_cli_scenario_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "2024_actual", "--json", "--sources", str(SOURCES)]) == 0
    data = json.loads(capsys.readouterr().out)
    loads = {row["id"]: row for row in data["2024_actual"]["loads"]}
    assert loads["kaz_ferry_aktau_alat"]["volume_mt"] == pytest.approx(3.5)


def test_cli_scenario_error_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.csv").write_text("origin,destination,volume_mt,year,source,note\n")
    code = main(["scenario", "--scenarios", str(tmp_path), "--sources", str(SOURCES)])
    assert code == 2
    assert "empty.csv:1: -: the scenario has no flows" in capsys.readouterr().err
