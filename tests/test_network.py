"""The freight network and its routes: OSMnx-style graph, years, names, times, bottlenecks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import osmnx as ox
import pytest

from routes import freight, queries, routing
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
    return freight.graph(layers, project)


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
    found = routing.route(graph, "Khorgos", "Constanta")
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
    every = routing.route(graph, "dostyk", "kars")
    in_2024 = routing.route(freight.network_of(graph, 2024), "dostyk", "kars")
    assert "mointy" in {leg.to_node for leg in every.steps}  # the line under construction
    assert "mointy" not in {leg.to_node for leg in in_2024.steps}
    assert in_2024.km > every.km
    for leg in in_2024.steps:
        assert leg.status == "operating"


def test_zangezur_route_only_once_it_opens(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(routing.NoRouteError):
        routing.route(freight.network_of(graph, 2024), "horadiz", "sadarak")
    assert routing.route(graph, "horadiz", "sadarak").steps


def test_bottleneck_is_the_least_capacity(graph: nx.MultiDiGraph) -> None:
    found = routing.route(graph, "horadiz", "kars")
    limits = [limit.capacity_mt_per_year for limit in found.limits]
    assert found.bottleneck is not None
    assert found.bottleneck.capacity_mt_per_year == min(limits)
    # every leg capacity on the way is a limit
    legs = {step.id for step in found.steps if step.capacity_mt_per_year}
    assert legs <= {limit.id for limit in found.limits if limit.what == "leg"}


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
    assert routing.find_node(graph, query) == node


def test_unknown_name_suggests_the_closest(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(routing.UnknownNodeError, match="closest: constanta_port"):
        routing.find_node(graph, "Konstanta")


def test_cli_route_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Khorgos", "Constanta", "--json", "--project", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["origin"] == "altynkol" and data["legs"][-1]["to_node"] == "constanta_port"
    # whole km, as the drawn legs support: the rounded legs add up within a km each
    assert abs(data["km"] - sum(leg["km"] for leg in data["legs"])) <= len(data["legs"])
    assert isinstance(data["km"], int) and isinstance(data["moving_hours"], int)


def test_cli_unknown_node_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Atlantis", "Kars", "--project", str(ROOT)]) == 2
    assert "no node matches 'Atlantis'" in capsys.readouterr().err


def test_bad_parameters_are_reported(sources_copy: Path) -> None:
    path = sources_copy / "parameters.csv"
    path.write_text(
        "parameter,applies_to,value,value_high,unit,source,note\n"
        "speed,train,30,,km/h,nowhere,\n"
        "transfer_hours,port,-4,,h,nowhere,\n"
        "wait_hours,kuryk_port,12,6,h,kaz_astanatimes_kuryk_2021,\n"
        "sailings_per_month,titr_alat_ganja,3,,count,kaz_astanatimes_kuryk_2021,\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_project(sources_copy.parents[1])
    text = str(caught.value)
    assert f"{path}:2: applies_to: 'train' is not a freight mode" in text
    assert f"{path}:3: value: -4 is outside 0..1000" in text
    assert f"{path}:2: source: unknown source 'nowhere'" in text
    assert f"{path}:4: value_high: 6 is below value 12" in text
    assert f"{path}:5: applies_to: 'titr_alat_ganja' is not a sea leg" in text


def test_graphml_is_written_and_loads(built: Path, graph: nx.MultiDiGraph) -> None:
    loaded = ox.io.load_graphml(built / "geodata" / "network.graphml", node_dtypes={"osmid": str})
    assert loaded.number_of_edges() == graph.number_of_edges()
    assert set(loaded.nodes) == set(graph.nodes)


def test_the_built_graph_reads_back_as_built(built: Path, graph: nx.MultiDiGraph) -> None:
    loaded = freight.load_graphml(built / "geodata" / "network.graphml")
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
    routing.route(queries.network(project_copy, said.append), "Khorgos", "Constanta")
    assert said == [queries.STALE]
    assert main(["build", "--quiet", "--project", str(project_copy)]) == 0
    assert queries.is_current(project_copy)
    said.clear()
    found = routing.route(queries.network(project_copy, said.append), "Khorgos", "Constanta")
    assert said == [] and found.destination == "constanta_port"
    legs = project_copy / "geodata" / "sources" / "legs.csv"
    legs.write_text(legs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not queries.is_current(project_copy)


def test_committed_build_is_current() -> None:
    # the committed layers were built from the committed sources
    assert queries.is_current(ROOT)


def test_door_to_door_time_is_a_range_with_its_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Khorgos", "Constanta", "--json", "--project", str(ROOT)]) == 0
    data = json.loads(capsys.readouterr().out)
    moving, waiting, total = data["moving_hours"], data["waiting_hours"], data["total_hours"]
    assert waiting["low"] < waiting["high"]
    assert total["low"] == pytest.approx(moving + waiting["low"], abs=1)
    assert total["high"] == pytest.approx(moving + waiting["high"], abs=1)
    # every wait counted names its sources by title and address
    for wait in data["waits"]:
        assert wait["low_hours"] <= wait["high_hours"] and wait["sources"]
        assert all(s["title"] and s["url"].startswith("https://") for s in wait["sources"])
    # KTZ and the Ministry publish 20-22 days: the range meets it, or the gap is named
    assert total["high"] / 24 >= 20 or data["not_counted"]
    assert any("sailing" in item for item in data["not_counted"])


def test_a_wait_no_source_gives_is_named_not_zero(graph: nx.MultiDiGraph) -> None:
    found = routing.route(graph, "baku", "tbilisi")
    assert not found.waits and found.waiting_hours == (0, 0)
    assert any("Böyük Kəsik" in item for item in found.missing)


def test_rail_bottleneck_is_not_a_sea_port(graph: nx.MultiDiGraph) -> None:
    found = routing.route(graph, "Baku", "Tbilisi")
    assert (
        found.bottleneck is None or graph.nodes.get(found.bottleneck.id, {}).get("kind") != "port"
    )
    assert "alat_port" not in {step.to_node for step in found.steps}


def test_a_port_limits_only_the_freight_it_handles(graph: nx.MultiDiGraph) -> None:
    found = routing.route(graph, "Khorgos", "Constanta")
    ports = {limit.id for limit in found.limits if limit.what == "node"}
    ferry = next(step for step in found.steps if step.mode == "ferry")
    assert ferry.from_node in ports  # loaded onto the ferry there
    # Poti is a port the route passes by rail into a ship: it has no Mt capacity
    # figure, but a port passed without loading would never be a limit
    for step in found.steps:
        if step.mode == "rail" and graph.nodes[step.from_node]["kind"] == "port":
            assert (
                step.from_node in ports or "capacity_mt_per_year" not in graph.nodes[step.from_node]
            )
    assert found.bottleneck is not None and found.bottleneck.year is not None
    assert found.bottleneck.basis in ("in_place", "design", "planned")


def test_year_1990_leaves_out_what_opened_later(graph: nx.MultiDiGraph) -> None:
    in_1990 = freight.network_of(graph, 1990)
    assert "alat_port" not in in_1990 and "alat" in in_1990
    for _, _, data in in_1990.edges(data=True):
        assert data.get("opening_year") is None or data["opening_year"] <= 1990
    found = routing.route(in_1990, "Baku", "Tbilisi")
    assert found.steps
    with pytest.raises(routing.UnknownNodeError, match="opens in 2018"):
        routing.route(in_1990, "Baku", "alat_port")


def test_year_outside_the_data_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Baku", "Tbilisi", "--year", "3000", "--project", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert "3000 is outside" in err and "1872 to 2032" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("query", "node"),
    [
        ("Tbilsi", "tbilisi"),
        ("Tblisi", "tbilisi"),
        ("Bojuk", "boyuk_kasik"),
        ("Boyuk Kesik", "boyuk_kasik"),
        ("Böyük Kəsik", "boyuk_kasik"),
        ("Khorgos", "altynkol"),
    ],
)
def test_typos_and_transliterations_resolve(graph: nx.MultiDiGraph, query: str, node: str) -> None:
    said: list[str] = []
    assert routing.find_nodes(graph, [query], said.append) == [node]


@pytest.mark.parametrize("query", ["Khorgas", "Qorgas"])
def test_close_names_suggest_the_right_node(graph: nx.MultiDiGraph, query: str) -> None:
    with pytest.raises(routing.UnknownNodeError, match="closest: altynkol"):
        routing.find_node(graph, query)


def test_every_bad_name_is_reported_at_once(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(routing.UnknownNodeError) as caught:
        routing.find_nodes(graph, ["Atlantis", "Sumgait"])
    text = str(caught.value)
    assert "no node matches 'Atlantis'" in text
    assert "'Sumgait' is not on the freight network" in text and "sumgait_cls" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["Baku", "Baku"], "are the same node"),
        (["Atlantis", "Kars"], "no node matches 'Atlantis'"),
        (["Sumgait", "Kars"], "not on the freight network"),
    ],
)
def test_misuse_is_a_message_and_exit_2(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["route", *args, "--project", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.startswith("routes: ")


def test_route_text_says_what_it_leaves_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Khorgos", "Constanta", "--project", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "moving time:" in out and "door to door:" in out and "not counted" in out
    # whole km and hours, no false precision
    assert re.search(r"^total: [\d,]+ km in \d+ legs$", out, re.M)
    assert not any(line.strip().endswith(".0 km") for line in out.splitlines())
