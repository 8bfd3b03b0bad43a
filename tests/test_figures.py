"""Figures say what they measure: scope, basis, and which one heads a record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routes.model import Project
from routes.vocabulary import CAPACITY_COLUMNS
from tests.conftest import leg_features

# Rows that measure less than the record they sit on (issue 17's sample of 20).
NARROWER = {
    ("batumi_port", "capacity", 15.0): "oil terminal",
    ("kuryk_port", "capacity", 4.1): "railway ferry berth",
    ("aktau_port", "capacity", 7.5): "oil berths",
    ("oil_aktau_sangachal_tanker", "volume", 1.057): "Tengiz",
    ("zangezur_armenia_tripp_rail", "length", 43.0): "studied in 2022",
}
DESIGN = [("akhalkalaki", 5.0), ("zangezur_horadiz_aghband_rail", 15.0), ("kuryk_port", 6.0)]


def test_the_narrower_rows_carry_their_scope(project: Project) -> None:
    for (record, field, value), words in NARROWER.items():
        (figure,) = [
            f
            for f in project.dataset.figures
            if (f.record, f.field, f.value) == (record, field, value)
        ]
        assert words in figure.scope, figure


def test_design_capacities_say_so(project: Project) -> None:
    for record, value in DESIGN:
        (figure,) = [
            f
            for f in project.dataset.figures
            if f.record == record and f.field == "capacity" and f.value == value
        ]
        assert figure.basis == "design", figure


def test_no_headline_comes_from_a_narrower_row(project: Project) -> None:
    records = {f.record for f in project.dataset.figures}
    for record in records:
        for column, figure in project.dataset.figures_of(record).items():
            assert not figure.scope, (record, column, figure)
    # the whole port heads Batumi, not its oil terminal
    assert project.dataset.figures_of("batumi_port")["capacity_mt_per_year"].value == 18


def test_a_scope_never_heads_even_when_newer(project: Project) -> None:
    from dataclasses import replace

    newest = max(f.year for f in project.dataset.figures) + 1
    aktau = [f for f in project.dataset.figures if f.record == "aktau_port"]
    planted = replace(aktau[0], value=1.0, year=newest, scope="one berth")
    dataset = replace(project.dataset, figures=(*project.dataset.figures, planted))
    assert dataset.figures_of("aktau_port")["capacity_mt_per_year"].value != 1.0


def test_layers_carry_the_basis_of_each_capacity(built: Path) -> None:
    features = leg_features(built)
    nodes = json.loads((built / "geodata" / "nodes.geojson").read_text(encoding="utf-8"))
    for feature in [*features, *nodes["features"]]:
        p = feature["properties"]
        for column in CAPACITY_COLUMNS:
            if column not in p:
                continue
            assert (p[column] is None) == (p[f"{column}_basis"] is None), (p["id"], column)
    horadiz = next(f for f in features if f["properties"]["id"] == "zangezur_horadiz_aghband_rail")
    assert horadiz["properties"]["capacity_mt_per_year_basis"] == "design"


@pytest.mark.parametrize("column", ["capacity_mt_per_year_source", "volume_mt_source"])
def test_node_figures_cite_an_address_not_an_id(built: Path, column: str) -> None:
    nodes = json.loads((built / "geodata" / "nodes.geojson").read_text(encoding="utf-8"))
    sources = [f["properties"][column] for f in nodes["features"] if f["properties"][column]]
    assert sources and all(source.startswith(("http://", "https://")) for source in sources)
