"""Tooltips and popups: what each feature carries to the page, and the script that shows it.

Each feature carries its rows as display text, worked out here: names rather
than ids, country names rather than codes, lengths in whole km, figures with
their unit as people write it, utilisation in %, and for every figure the year
it refers to and its cited document. ``static/popup.js`` turns the rows into DOM
nodes with ``textContent``, so nothing from the data is ever parsed as HTML.
Each cited document is stored once per page.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from folium.utilities import JsCode

from routes import countries
from routes.maps.page import MAP_DECIMALS, MAP_TOLERANCE_DEGREES, static
from routes.vocabulary import ACCURACIES, BASES, COLUMN_UNITS, CORRIDORS, KINDS, MODES, STATUSES

# Every row's label, by key; the rows carry only the key.
LABELS = {
    "mode": "Mode",
    "status": "Status",
    "opening_year": "Opening year",
    "length_km": "Length",
    "corridor": "Corridor",
    "kind": "Kind",
    "country": "Country",
    "countries": "Countries",
    "from_node": "From",
    "to_node": "To",
    "operator": "Operator",
    "length_diff_pct": "Drawn line against published length",
    "tonne_km_million": "Tonne-km",
    "utilisation": "Utilisation",
    "geometry_accuracy": "Geometry",
    "note": "Note",
    "scenario_volume": "Scenario volume",
    "scenario_capacity": "Capacity used",
    "scenario_utilisation": "Scenario utilisation",
}
# Published figures: column -> label (the unit is the vocabulary's).
FIGURES = {
    "length_km_published": "Published length",
    "capacity_mt_per_year": "Capacity",
    "volume_mt": "Volume",
    "capacity_teu_per_year": "Container capacity",
    "volume_teu": "Container volume",
    "capacity_mw": "Capacity",
    "capacity_tbps": "Capacity",
    "capacity_bbl_per_day": "Capacity",
}
# Rows whose text is a term of the vocabulary: the page stores each label once.
TERMS = {
    "corridor": {key: corridor.label for key, corridor in CORRIDORS.items()},
    "geometry_accuracy": ACCURACIES,
}
# Figures shown in a leg's tooltip; the others only in its popup.
TOOLTIP_FIGURES = ("capacity_mt_per_year", "volume_mt")

Row = list[object]


def number(value: float) -> str:
    """Return a figure as people write it: thousands separated, no trailing zeros.

    Examples
    --------
    >>> number(1445.814), number(4.5), number(0.126), number(15.0)
    ('1,446', '4.5', '0.13', '15')
    """
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _known(value: object) -> bool:
    if value is None or value is pd.NA:
        return False
    return not (isinstance(value, float) and math.isnan(value))


class Citations:
    """The documents cited on one page, each stored once and referred to by index."""

    def __init__(self) -> None:
        self.documents: list[dict[str, str | None]] = []
        self._index: dict[str, int] = {}

    def add(self, document: dict[str, str | None]) -> int:
        """Store a document once; return its index."""
        key = f"{document['url']} {document['title']}"
        if key not in self._index:
            self._index[key] = len(self.documents)
            self.documents.append(document)
        return self._index[key]

    def by_url(self, url: object) -> int | None:
        """Return the index of the document at ``url``, if stored."""
        return next((i for i, d in enumerate(self.documents) if d["url"] == url), None)


def _figure_rows(row: pd.Series, citations: Citations) -> dict[str, Row]:
    """Return the row of each published figure the feature has, keyed by column."""
    rows: dict[str, Row] = {}
    for column in FIGURES:
        if column not in row or not _known(row[column]):
            continue
        value = float(row[column])
        text = f"{round(value):,}" if column == "length_km_published" else number(value)
        unit = COLUMN_UNITS[column]
        basis = row.get(f"{column}_basis")
        if isinstance(basis, str) and basis != "in_place":
            unit += f" ({BASES[basis]})"
        year = row[f"{column}_year"]
        source = citations.by_url(row[f"{column}_source"])
        rows[column] = [column, f"{text} {unit}", int(year) if _known(year) else None, source]
    return rows


def leg_properties(
    row: pd.Series, citations: Citations, notes: bool, names: Mapping[str, str]
) -> dict[str, object]:
    """Return what a leg carries to the page.

    ``status`` and ``opening_year`` as published (the year control reads them),
    ``ends`` (the ids of its end nodes, which the year control hides with it),
    ``name``, ``tip`` (the tooltip's rows, shown first in the popup too) and
    ``popup`` (the popup's further rows and the documents cited).
    """
    cited = [citations.add(document) for document in json.loads(row["sources"])]
    figures = _figure_rows(row, citations)
    tip: list[Row] = [
        ["mode", MODES[row["mode"]].label],
        ["status", STATUSES[row["status"]].label, None, citations.by_url(row["status_source"])],
    ]
    if _known(row["opening_year"]):
        tip.append(["opening_year", str(int(row["opening_year"]))])
    tip.append(["length_km", f"{round(float(row['length_km'])):,} km"])
    tip.extend(figures.pop(column) for column in TOOLTIP_FIGURES if column in figures)
    rows: list[Row] = [["corridor", row["corridor"]]]
    for column in ("from_node", "to_node"):
        rows.append([column, names.get(row[column], row[column])])
    codes = str(row["countries"]).split(";") if _known(row["countries"]) else []
    if codes:
        label = "country" if len(codes) == 1 else "countries"
        rows.append([label, " – ".join(countries.name(code) for code in codes)])
    if _known(row["operator"]):
        rows.append(["operator", str(row["operator"])])
    rows.extend(figures.values())
    if _known(row["length_diff_pct"]):
        rows.append(["length_diff_pct", f"{float(row['length_diff_pct']):+.0f} %"])
    if _known(row["tonne_km_million"]):
        rows.append(["tonne_km_million", f"{number(float(row['tonne_km_million']))} million"])
    if _known(row["utilisation"]):
        rows.append(["utilisation", f"{round(float(row['utilisation']) * 100)} %"])
    rows.append(["geometry_accuracy", row["geometry_accuracy"]])
    popup: dict[str, object] = {"rows": rows, "sources": cited}
    if _known(row.get("note")) and notes:
        rows.append(["note", str(row["note"])])
    elif _known(row.get("note")):
        # The overview stays light: notes are on the corridor's own map.
        popup["more"] = f"{row['corridor']}.html"
    properties: dict[str, object] = {
        "status": row["status"],
        "opening_year": int(row["opening_year"]) if _known(row["opening_year"]) else None,
        "ends": [row["from_node"], row["to_node"]],
        "name": str(row["name"]),
        "tip": tip,
        "popup": popup,
    }
    return properties


def node_properties(
    members: Sequence[pd.Series], citations: Citations, notes: bool
) -> dict[str, object]:
    """Return what a node marker carries to the page: one part for each node at its site.

    ``ids`` and ``opens`` (each node's opening year, if any has one) are read by
    the year control; ``search`` is what the search box matches, every name.
    """
    parts = []
    for row in members:
        cited = [citations.add(document) for document in json.loads(row["sources"])]
        rows: list[Row] = [["kind", KINDS[row["kind"]].label]]
        if _known(row["country"]):
            rows.append(["country", countries.name(str(row["country"]))])
        if _known(row.get("opening_year")):
            rows.append(["opening_year", str(int(row["opening_year"]))])
        rows.extend(_figure_rows(row, citations).values())
        if notes and _known(row.get("note")):
            rows.append(["note", str(row["note"])])
        parts.append({"title": str(row["name"]), "rows": rows, "sources": cited})
    names = [str(row["name"]) for row in members]
    properties: dict[str, object] = {
        "ids": [str(row["id"]) for row in members],
        "name": " · ".join(names),
        # leaflet-search lists matches as HTML, so its copy of the names is escaped.
        "search": html.escape(" / ".join(names)),
        "tip": [["kind", " · ".join(KINDS[row["kind"]].label for row in members)]],
        "parts": parts,
    }
    opens = [
        int(row["opening_year"]) if _known(row.get("opening_year")) else None for row in members
    ]
    if any(year is not None for year in opens):
        properties["opens"] = opens
    return properties


def features(geometries: gpd.GeoSeries, properties: list[dict[str, object]]) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection of the geometries, as light as the map allows.

    Vertices that move a line by less than the map shows are dropped (densified
    geodesics keep the vertices that matter where they bend on the screen) and
    coordinates rounded to :data:`MAP_DECIMALS`; unknown values are left out
    rather than sent as null. Feature ids are the positions, as strings.
    """
    simple = shapely.simplify(geometries.values, MAP_TOLERANCE_DEGREES)
    rounded = shapely.set_precision(simple, 10.0**-MAP_DECIMALS)
    collection: list[dict[str, Any]] = []
    for i, (geometry, props) in enumerate(zip(rounded, properties, strict=True)):
        kept = {k: v for k, v in props.items() if v is not None}
        geo = json.loads(shapely.to_geojson(geometry))
        geo["coordinates"] = _rounded(geo["coordinates"])
        collection.append({"type": "Feature", "id": str(i), "properties": kept, "geometry": geo})
    return {"type": "FeatureCollection", "features": collection}


def _rounded(coordinates: Any) -> Any:
    """Round nested coordinates to :data:`MAP_DECIMALS` (no float noise in the page)."""
    if isinstance(coordinates, list):
        return [_rounded(c) for c in coordinates]
    return round(float(coordinates), MAP_DECIMALS)


def popup_script(citations: Citations) -> str:
    """Return the page's script: the cited documents, the labels and ``static/popup.js``."""
    labels = {**LABELS, **FIGURES}
    tables = [
        # "</" would end the script element early; JSON allows "<\\/" for it.
        json.dumps(table, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        for table in (citations.documents, labels, TERMS)
    ]
    names = ("ROUTES_SOURCES", "ROUTES_LABELS", "ROUTES_TERMS")
    data = "".join(f"var {name} = {table};\n" for name, table in zip(names, tables, strict=True))
    return f"<script>\n{data}{static('popup.js')}{static('page.js')}</script>"


def bind() -> JsCode:
    """Bind each feature's tooltip, its popup (a bottom sheet on a phone) and its casing."""
    return JsCode("function (feature, layer) { routesBind(feature, layer); }")
