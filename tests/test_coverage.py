"""Every corridor element the project promises is in the committed layers.

Each element is a chain of nodes that legs of the given corridor and modes must
join, in order: the Kazakh lines from both Chinese crossings to the Caspian,
the three Caspian sea legs, the Azerbaijani and Georgian main lines, the
Baku - Tbilisi - Kars railway, the Zangezur chain, both Caspian cables, both
power cables and the oil route. Deleting or cutting a leg breaks a chain.
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pytest

from routes.vocabulary import SEA_MODES
from tests.conftest import ROOT, leg_features

RAIL = frozenset({"rail"})
SEA = frozenset(SEA_MODES)

ELEMENTS: dict[str, tuple[str, frozenset[str], tuple[str, ...]]] = {
    "Dostyk - Almaty - Shu - Arys": ("titr", RAIL, ("dostyk", "aktogay", "almaty", "shu", "arys")),
    "Altynkol - Almaty": ("titr", RAIL, ("altynkol", "almaty")),
    "Arys - Saksaulskaya - Beyneu": ("titr", RAIL, ("arys", "saksaulskaya", "shalkar", "beyneu")),
    "Zhezkazgan - Beyneu": ("titr", RAIL, ("zhezkazgan", "saksaulskaya", "shalkar", "beyneu")),
    "Beyneu - Mangystau - Aktau port, Kuryk port": (
        "titr",
        RAIL,
        ("beyneu", "mangystau", "aktau_port", "kuryk_port"),
    ),
    "Turkmen rail link": ("titr", RAIL, ("zhanaozen", "bereket", "turkmenbashi_port")),
    "Aktau - Alat": ("titr", SEA, ("aktau_port", "alat_port")),
    "Kuryk - Alat": ("titr", SEA, ("kuryk_port", "alat_port")),
    "Turkmenbashi - Alat": ("titr", SEA, ("turkmenbashi_port", "alat_port")),
    "Alat - Baku": ("titr", RAIL, ("alat_port", "baku")),
    "Alat - Ganja - Böyük Kəsik - Tbilisi": (
        "titr",
        RAIL,
        ("alat_port", "ganja", "boyuk_kasik", "gardabani", "tbilisi"),
    ),
    "Tbilisi - Poti, Batumi, Anaklia": (
        "titr",
        RAIL,
        ("tbilisi", "poti_port", "batumi_port", "anaklia_port"),
    ),
    "Baku - Tbilisi - Kars - Istanbul": (
        "titr",
        RAIL,
        ("tbilisi", "akhalkalaki", "kartsakhi", "kars", "istanbul"),
    ),
    "Poti, Batumi - Constanța": ("titr", SEA, ("poti_port", "constanta_port", "batumi_port")),
    "Horadiz - Aghband railway": ("zangezur", RAIL, ("horadiz", "aghband")),
    "Horadiz - Aghband highway": ("zangezur", frozenset({"road"}), ("horadiz", "aghband")),
    "Meghri and Nakhchivan": ("zangezur", RAIL, ("aghband", "ordubad", "sadarak")),
    "Kars - Dilucu - Sadarak": ("zangezur", RAIL, ("kars", "dilucu", "sadarak")),
    "Sumgait - Aktau cable": (
        "caspian_cable",
        frozenset({"fibre_cable"}),
        ("sumgait_cls", "aktau_cls"),
    ),
    "Azerbaijan - Turkmenistan cable": (
        "caspian_cable",
        frozenset({"fibre_cable"}),
        ("siyazan_cls", "turkmenbashi_cls"),
    ),
    "Caspian power cable": (
        "green_energy",
        frozenset({"power_cable"}),
        ("kaz_caspian_power_landing", "aze_caspian_power_landing"),
    ),
    "Black Sea cable and its Georgian grid link": (
        "green_energy",
        frozenset({"power_cable", "power_line"}),
        ("constanta_converter", "anaklia_converter", "jvari_substation"),
    ),
    "Kazakh crude Aktau - Sangachal - Ceyhan": (
        "oil",
        frozenset({"shipping", "pipeline"}),
        ("aktau_port", "sangachal_terminal", "ceyhan_terminal"),
    ),
}


def _breaks(
    features: list[dict[str, Any]], corridor: str, modes: frozenset[str], chain: tuple[str, ...]
) -> list[str]:
    """The consecutive pairs of ``chain`` that no legs of ``corridor`` in ``modes`` join."""
    graph = nx.Graph()
    graph.add_nodes_from(chain)
    for feature in features:
        leg = feature["properties"]
        if leg["corridor"] == corridor and leg["mode"] in modes:
            graph.add_edge(leg["from_node"], leg["to_node"])
    return [f"{a} - {b}" for a, b in itertools.pairwise(chain) if not nx.has_path(graph, a, b)]


@pytest.fixture(scope="module")
def committed() -> list[dict[str, Any]]:
    """The committed layers' leg features, read once for the module."""
    return leg_features(ROOT)


@pytest.mark.parametrize("element", sorted(ELEMENTS))
def test_element_is_joined(committed: list[dict[str, Any]], element: str) -> None:
    corridor, modes, chain = ELEMENTS[element]
    assert _breaks(committed, corridor, modes, chain) == []


def test_caspian_power_cable_joins_kazakhstan_and_azerbaijan(
    committed: list[dict[str, Any]],
) -> None:
    legs = [f["properties"] for f in committed if f["properties"]["mode"] == "power_cable"]
    caspian = [leg for leg in legs if leg["from_node"] == "kaz_caspian_power_landing"]
    assert [leg["countries"] for leg in caspian] == ["KAZ;AZE"]
    assert caspian[0]["geometry_accuracy"] == "indicative" and caspian[0]["status"] == "proposed"


def test_a_missing_leg_breaks_its_element(committed: list[dict[str, Any]]) -> None:
    features = [f for f in committed if f["properties"]["id"] != "titr_boyuk_kasik_gardabani"]
    corridor, modes, chain = ELEMENTS["Alat - Ganja - Böyük Kəsik - Tbilisi"]
    assert _breaks(features, corridor, modes, chain) == ["boyuk_kasik - gardabani"]
