"""Tooltips and popups: what each feature carries to the page, and the script that shows it.

Popups are plain data (rows of label, text, year, source); ``static/popup.js``
turns them into DOM nodes with ``textContent``, so nothing from the data is ever
parsed as HTML. Each cited document is stored once per page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.utilities import JsCode

from routes.maps.page import MAP_DECIMALS, MAP_TOLERANCE_DEGREES, static
from routes.vocabulary import BASES, COLUMN_UNITS

POPUP_FIELDS = {
    "corridor": "Corridor",
    "kind": "Kind",
    "country": "Country",
    "countries": "Countries",
    "from_node": "From",
    "to_node": "To",
    "operator": "Operator",
    "length_diff_pct": "Difference to published (%)",
    "tonne_km_million": "Tonne-km (million)",
    "utilisation": "Utilisation",
    "geometry_accuracy": "Geometry",
}
TOOLTIP_FIELDS = {
    "name": "Leg",
    "mode": "Mode",
    "status": "Status",
    "opening_year": "Opening year",
    "length_km": "Length (km)",
    "capacity_mt_per_year": "Capacity (Mt/yr)",
    "volume_mt": "Volume (Mt)",
}
# Popup rows read from the tooltip's properties rather than stored twice.
FROM_PROPERTIES = {
    "mode": "Mode",
    "opening_year": "Opening year",
    "length_km": "Length (km, geodesic)",
}
NODE_FIELDS = {"name": "Node", "kind": "Kind", "country": "Country"}
# Published figures shown in popups: column -> (label, unit).
# Published figures shown in popups: column -> label (the unit is the vocabulary's).
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


def for_map(
    frame: gpd.GeoDataFrame,
    fields: dict[str, str],
    citations: Citations,
    notes: bool,
    look: Callable[[pd.Series], dict[str, object]],
) -> tuple[dict[str, Any], dict[str, dict[str, object]]]:
    """Return what the map needs of a layer, and the style of each feature by id.

    Only the tooltip fields, what the year control reads and the popup data are
    kept; unknown values are left out rather than sent as null. Styles are worked
    out here from the full rows, so the page needs no attributes to draw.
    """
    keep = [c for c in dict.fromkeys(["status", "opening_year", *fields]) if c in frame.columns]
    out = frame[keep].reset_index(drop=True)
    out["popup"] = [_popup(row, citations, notes) for _, row in frame.iterrows()]
    if "kind" in frame.columns:
        # leaflet-search lists matches as HTML, so its copy of the name is escaped.
        out["search"] = [html.escape(name) for name in frame["name"]]
    # Drop vertices that move the drawn line by less than the map shows; densified
    # geodesics keep the vertices that matter where they bend on the screen.
    simple = shapely.simplify(frame.geometry.values, MAP_TOLERANCE_DEGREES)
    out = out.set_geometry(shapely.set_precision(simple, 10.0**-MAP_DECIMALS))
    data: dict[str, Any] = json.loads(out.to_json(show_bbox=False))
    for feature in data["features"]:
        feature["properties"] = {k: v for k, v in feature["properties"].items() if v is not None}
    looks = {str(i): look(row) for i, (_, row) in enumerate(frame.iterrows())}
    return data, looks


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


def _popup(row: pd.Series, citations: Citations, notes: bool) -> dict[str, object]:
    """Return the popup of a feature as plain data: rows of (label, text, year, source).

    The page's ``routesPopup`` script turns it into DOM nodes with ``textContent``,
    so nothing from the data is ever parsed as HTML.
    """

    def text(value: object) -> str | None:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        return f"{value:,.1f}" if isinstance(value, float) else str(value)

    cited = [citations.add(document) for document in json.loads(row["sources"])]
    rows: list[list[object]] = []
    if "status" in row:
        rows.append(["status", text(row["status"]), None, citations.by_url(row["status_source"])])
    for column in POPUP_FIELDS:
        if column in row and text(row[column]) is not None:
            rows.append([column, text(row[column])])
    for column in FIGURES:
        if column in row and text(row[column]) is not None:
            unit = COLUMN_UNITS[column]
            basis = row.get(f"{column}_basis")
            if isinstance(basis, str) and basis != "in_place":
                unit += f" ({BASES[basis]})"
            year = row[f"{column}_year"]
            source = citations.by_url(row[f"{column}_source"])
            rows.append([column, f"{text(row[column])} {unit}", int(year), source])
    popup: dict[str, object] = {"title": text(row["name"]), "rows": rows, "sources": cited}
    if text(row.get("note")) and notes:
        rows.append(["note", text(row["note"])])
    elif text(row.get("note")) and "corridor" in row:
        # The overview stays light: notes are on the corridor's own map.
        popup["more"] = f"{row['corridor']}.html"
    return popup


def popup_script(citations: Citations) -> str:
    """Return the page's script: the cited documents, the labels and ``static/popup.js``."""
    labels = {"status": "Status", "note": "Note", **POPUP_FIELDS, **FROM_PROPERTIES}
    labels.update(FIGURES)
    tables = [
        # "</" would end the script element early; JSON allows "<\\/" for it.
        json.dumps(table, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        for table in (citations.documents, labels, list(FROM_PROPERTIES))
    ]
    names = ("ROUTES_SOURCES", "ROUTES_LABELS", "ROUTES_FROM_PROPERTIES")
    data = "".join(f"var {name} = {table};\n" for name, table in zip(names, tables, strict=True))
    return f"<script>\n{data}{static('popup.js')}</script>"


def bind(fields: dict[str, str]) -> JsCode:
    """Bind the tooltip (the given fields) and the popup of each feature."""
    labels = json.dumps(list(fields.items()), ensure_ascii=False)
    return JsCode(
        "function (feature, layer) {"
        f" layer.bindTooltip(function () {{ return routesTooltip(feature.properties, {labels}); }},"
        " {sticky: true});"
        " layer.bindPopup(function () {"
        " return routesPopup(feature.properties.popup, feature.properties); },"
        " {maxWidth: 420}); }"
    )
