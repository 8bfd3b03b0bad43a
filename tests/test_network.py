"""The freight network: OSMnx-style graph, routing, years, names, parameters."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import osmnx as ox
import pytest

from routes import freight as network
from routes import queries
from routes.cli import main
from routes.errors import SourceError
from routes.loader import load_project
from routes.measure import Layers, measure_network
from routes.model import Project
from routes.vocabulary import FREIGHT_MODES, SEA_MODES
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def layers(project: Project) -> Layers:
    return measure_network(project)


@pytest.fixture(scope="module")
def graph(layers: Layers, project: Project) -> nx.MultiDiGraph:
    return network.graph(layers, project.parameters)


def test_graph_follows_osmnx_conventions(graph: nx.MultiDiGraph, layers: Layers) -> None:
    assert graph.graph["crs"] == "EPSG:4326"
    nodes, edges = ox.convert.graph_to_gdfs(graph)
    assert {"x", "y"} <= set(nodes.columns)
    assert edges.index.names == ["u", "v", "key"]
    legs = {row["id"]: row for frame in layers.legs.values() for _, row in frame.iterrows()}
    for (u, v, _), edge in edges.iterrows():
        leg = legs[edge["id"]]
        assert edge["mode"] in FREIGHT_MODES
        assert edge["length"] == pytest.approx(leg["length_km"] * 1000, abs=0.1)
        # every leg runs both ways
        assert graph.has_edge(v, u)
        assert {u, v} == {leg["from_node"], leg["to_node"]}


def test_route_khorgos_to_constanta(graph: nx.MultiDiGraph) -> None:
    found = network.route(graph, "Khorgos", "Constanta")
    assert found.origin == "altynkol" and found.destination == "constanta_port"
    assert found.steps[0].from_node == "altynkol" and found.steps[-1].to_node == "constanta_port"
    for before, after in zip(found.steps, found.steps[1:], strict=False):
        assert before.to_node == after.from_node
    assert found.km == pytest.approx(sum(leg.km for leg in found.steps))
    # it crosses the Caspian by ferry and the Black Sea by ship
    assert set(SEA_MODES) <= {leg.mode for leg in found.steps}
    assert found.km == pytest.approx(
        nx.shortest_path_length(graph, "altynkol", "constanta_port", weight="length") / 1000
    )


def test_route_respects_the_year(graph: nx.MultiDiGraph) -> None:
    every = network.route(graph, "dostyk", "kars")
    in_2024 = network.route(network.network_of(graph, 2024), "dostyk", "kars")
    assert "mointy" in {leg.to_node for leg in every.steps}  # the line under construction
    assert "mointy" not in {leg.to_node for leg in in_2024.steps}
    assert in_2024.km > every.km
    for leg in in_2024.steps:
        assert leg.status == "operating"


def test_zangezur_route_only_once_it_opens(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(network.NoRouteError):
        network.route(network.network_of(graph, 2024), "horadiz", "sadarak")
    assert network.route(graph, "horadiz", "sadarak").steps


def test_bottleneck_is_the_least_capacity(graph: nx.MultiDiGraph) -> None:
    found = network.route(graph, "horadiz", "kars")
    limits = [leg.capacity_mt_per_year for leg in found.steps if leg.capacity_mt_per_year]
    limits += [limit.capacity_mt_per_year for limit in found.node_limits]
    assert found.bottleneck is not None
    assert found.bottleneck.capacity_mt_per_year == min(limits)


@pytest.mark.parametrize(
    ("query", "node"),
    [
        ("CONSTANTA", "constanta_port"),
        ("halkali", "istanbul"),
        ("Khorgos", "altynkol"),
        ("tbilisi", "tbilisi"),
        ("Aktau Sea Trade Port", "aktau_port"),
    ],
)
def test_names_match_without_case_or_accents(graph: nx.MultiDiGraph, query: str, node: str) -> None:
    assert network.find_node(graph, query) == node


def test_unknown_name_suggests_the_closest(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(network.UnknownNodeError, match="closest: constanta_port"):
        network.find_node(graph, "Konstanta")


def test_cli_route_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Khorgos", "Constanta", "--json", "--project", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["origin"] == "altynkol" and data["legs"][-1]["to_node"] == "constanta_port"
    assert data["km"] == pytest.approx(sum(leg["km"] for leg in data["legs"]), abs=0.1)


def test_cli_unknown_node_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Atlantis", "Kars", "--project", str(ROOT)]) == 2
    assert "no node matches 'Atlantis'" in capsys.readouterr().err


def test_bad_parameters_are_reported(sources_copy: Path) -> None:
    path = sources_copy / "parameters.csv"
    path.write_text(
        "parameter,applies_to,value,unit,source,note\n"
        "speed,train,30,km/h,nowhere,\n"
        "transfer_hours,port,-4,h,nowhere,\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_project(sources_copy.parents[1])
    text = str(caught.value)
    assert f"{path}:2: applies_to: 'train' is not a freight mode" in text
    assert f"{path}:3: value: -4 is outside 0..1000" in text
    assert f"{path}:2: source: unknown source 'nowhere'" in text


def test_graphml_is_written_and_loads(built: Path, graph: nx.MultiDiGraph) -> None:
    loaded = ox.io.load_graphml(built / "geodata" / "network.graphml", node_dtypes={"osmid": str})
    assert loaded.number_of_edges() == graph.number_of_edges()
    assert set(loaded.nodes) == set(graph.nodes)


def test_the_built_graph_reads_back_as_built(built: Path, graph: nx.MultiDiGraph) -> None:
    loaded = network.load_graphml(built / "geodata" / "network.graphml")
    assert nx.utils.graphs_equal(
        nx.MultiDiGraph(loaded.edges(keys=True)), nx.MultiDiGraph(graph.edges(keys=True))
    )
    for u, v, k, data in graph.edges(keys=True, data=True):
        read = loaded.edges[u, v, k]
        assert read["length"] == data["length"] and read.get("travel_time") == data.get(
            "travel_time"
        )
        assert read.get("opening_year") == data.get("opening_year")
    assert loaded.nodes["aktau_port"]["capacity_mt_per_year"] == pytest.approx(11)


def test_queries_read_the_build_and_notice_changed_sources(project_copy: Path) -> None:
    said: list[str] = []
    assert not queries.is_current(project_copy)
    network.route(queries.network(project_copy, said.append), "Khorgos", "Constanta")
    assert said == [queries.STALE]
    assert main(["build", "--quiet", "--project", str(project_copy)]) == 0
    assert queries.is_current(project_copy)
    said.clear()
    found = network.route(queries.network(project_copy, said.append), "Khorgos", "Constanta")
    assert said == [] and found.destination == "constanta_port"
    legs = project_copy / "geodata" / "sources" / "legs.csv"
    legs.write_text(legs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not queries.is_current(project_copy)


def test_committed_build_is_current() -> None:
    # the committed layers were built from the committed sources
    assert queries.is_current(ROOT)
