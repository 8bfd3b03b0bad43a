"""The built maps in a real headless Chromium, with Leaflet served from npm, offline.

Needs Debian's ``chromium`` and ``npm`` (for ``leaflet``); skipped where either is
missing unless ``ROUTES_REQUIRE_BROWSER=1``, which CI sets.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from routes.vocabulary import CORRIDORS
from tests import browser_assets as assets
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "docs"
# Features Leaflet drew on the main map (not the minimap's rectangles).
DRAWN = ".folium-map > .leaflet-map-pane path.leaflet-interactive"
PAGES = sorted(path.stem for path in (ROOT / "maps").glob("*.html"))
# The offline base layer's paths.
BASEMAP = ".leaflet-routes-base-pane path"
SIZES = {"phone": (390, 844), "desktop": (1400, 900)}
# The panels that must never overlap one another.
PANELS = (
    ".routes-title",
    ".leaflet-control-layers",
    ".routes-legend",
    ".leaflet-control-search",
    ".routes-years",
    ".leaflet-control-scale",
    ".leaflet-control-attribution",
    ".routes-footer",
)
# The page's Leaflet map.
MAP = "Object.values(window).find(v => v instanceof L.Map)"


def _unavailable(reason: str) -> None:
    if os.environ.get("ROUTES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ROUTES_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _node_modules() -> Path:
    wanted = assets.packages(ROOT / "maps" / f"{page}.html" for page in PAGES)
    if not shutil.which("npm") and not assets.installed(wanted):
        _unavailable("npm is not installed, so the maps' JavaScript cannot be served locally")
    return assets.install(wanted)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    modules = _node_modules()
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    blocked: list[str] = []
    assets.serve_offline(context, modules, blocked)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    opened.errors = errors
    opened.blocked = blocked
    yield opened
    context.close()


def _context(browser: Any, size: str, tiles: bool = True) -> Any:
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=size == "phone"
    )
    assets.serve_offline(context, _node_modules(), tiles=tiles)
    return context


def _open(page: Any, name: str) -> None:
    page.goto((ROOT / "maps" / f"{name}.html").as_uri())
    page.wait_for_function(f"document.querySelectorAll('{DRAWN}').length > 0")


def _feature_count(name: str) -> int:
    text = (ROOT / "maps" / f"{name}.html").read_text(encoding="utf-8")
    return len(re.findall(r'"type": "Feature"', text))


@pytest.mark.parametrize("name", PAGES)
def test_map_draws_every_feature_without_errors(page: Any, name: str) -> None:
    _open(page, name)
    drawn = page.locator(".folium-map > .leaflet-map-pane path.leaflet-interactive").count()
    assert drawn == _feature_count(name)
    assert page.errors == []
    assert page.blocked == []
    overlays = page.locator(".leaflet-control-layers-overlays label").count()
    expected = {"index": 6, "titr": 2, "zangezur": 2, "caspian_cable": 2, "green_energy": 2}
    assert overlays == expected.get(name, overlays) and overlays >= 2


def _point_on_first_line(page: Any) -> tuple[float, float]:
    # A point on a leg's line that the pointer reaches (not under a marker, a
    # panel or a line drawn beside it).
    point: dict[str, float] = page.evaluate(
        """() => {
            const lines = [...document.querySelectorAll(
                '.folium-map > .leaflet-map-pane path.leaflet-interactive')]
                .filter(p => p.getAttribute('fill') === 'none');
            for (const path of lines) {
                const length = path.getTotalLength();
                for (const share of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
                    const at = path.getPointAtLength(length * share);
                    const m = path.getScreenCTM();
                    const x = at.x * m.a + at.y * m.c + m.e, y = at.x * m.b + at.y * m.d + m.f;
                    const top = document.elementFromPoint(x, y);
                    if (top && top.tagName === 'path' && top.getAttribute('fill') === 'none') {
                        return {x, y};
                    }
                }
            }
            return {x: -1, y: -1};
        }"""
    )
    assert point["x"] >= 0, "no leg line can be reached by the pointer"
    return point["x"], point["y"]


def test_tooltip_and_popup_show_the_leg(page: Any) -> None:
    _open(page, "zangezur")
    x, y = _point_on_first_line(page)
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "Length" in tooltip.inner_text()
    assert "Status" in tooltip.inner_text()
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "From" in popup.inner_text() and "Sources" in popup.inner_text()


def test_screenshots_for_the_readme(browser: Any, tmp_path: Path) -> None:
    """Saves the screenshots the README shows (to docs/ with ROUTES_UPDATE_SCREENSHOTS=1).

    Tiles are refused, so the maps show over their offline base layer.
    """
    target = SCREENSHOTS if os.environ.get("ROUTES_UPDATE_SCREENSHOTS") == "1" else tmp_path
    shots = [(name, "desktop") for name in ("index", "zangezur", "scenario_2030_projection")]
    for name, size in [*shots, ("index", "phone")]:
        context = _context(browser, size, tiles=False)
        page = context.new_page()
        _open(page, name)
        page.wait_for_function(f"document.querySelectorAll('{BASEMAP}').length > 0")
        page.wait_for_timeout(300)
        path = target / (f"{name}.png" if size == "desktop" else f"{name}_{size}.png")
        page.screenshot(path=str(path))
        context.close()
        assert path.stat().st_size > 10_000


def _legs_of(name: str) -> list[dict[str, Any]]:

    layers = list(CORRIDORS) if name == "index" else [name]
    features = []
    for layer in layers:
        data = json.loads((ROOT / "geodata" / f"{layer}.geojson").read_text(encoding="utf-8"))
        features.extend(f["properties"] for f in data["features"])
    return features


def _leg_paths(page: Any) -> int:
    return int(
        page.evaluate(
            """() => [...document.querySelectorAll(
                '.folium-map > .leaflet-map-pane path.leaflet-interactive')]
                .filter(p => p.getAttribute('fill') === 'none').length"""
        )
    )


def test_legend_lists_every_style_in_use(page: Any) -> None:
    from routes.vocabulary import CORRIDORS, KINDS, STATUSES

    _open(page, "index")
    legend = page.locator(".routes-legend").inner_text()
    legs = _legs_of("index")
    for corridor in {leg["corridor"] for leg in legs}:
        assert CORRIDORS[corridor].label in legend
    for status in {leg["status"] for leg in legs}:
        assert STATUSES[status].label in legend

    nodes = json.loads((ROOT / "geodata" / "nodes.geojson").read_text(encoding="utf-8"))
    for kind in {f["properties"]["kind"] for f in nodes["features"]}:
        assert KINDS[kind].label in legend


def test_year_control_hides_legs_that_open_later(page: Any) -> None:
    _open(page, "index")
    legs = _legs_of("index")
    assert _leg_paths(page) == len(legs)

    def expected(year: int) -> int:
        def on(leg: dict[str, Any]) -> bool:
            opens = leg["opening_year"]
            if leg["status"] == "operating":
                return opens is None or opens <= year
            return opens is not None and opens <= year

        return sum(on(leg) for leg in legs)

    later = [leg for leg in legs if leg["opening_year"] and leg["opening_year"] > 2024]
    assert later, "the data should have legs opening after 2024"
    page.select_option(".routes-years select", "2024")
    assert _leg_paths(page) == expected(2024) < len(legs)
    year = max(leg["opening_year"] for leg in later if leg["opening_year"] <= 2030)
    page.select_option(".routes-years select", str(year))
    assert _leg_paths(page) == expected(year)
    page.select_option(".routes-years select", "all")
    assert _leg_paths(page) == len(legs)


def test_controls_are_there(page: Any) -> None:
    _open(page, "index")
    for selector in (
        ".leaflet-control-search",
        ".leaflet-control-measure",
        ".leaflet-control-zoom-fullscreen",
        ".leaflet-control-minimap",
        ".leaflet-control-scale",
        ".routes-footer",
        ".routes-title",
    ):
        assert page.locator(selector).count() == 1, selector


def test_search_finds_a_node(page: Any) -> None:
    _open(page, "index")
    page.click(".leaflet-control-search .search-button")
    page.locator(".leaflet-control-search input").press_sequentially("Kars", delay=50)
    page.locator(".leaflet-control-search .search-tip").first.wait_for()
    assert "Kars" in page.locator(".leaflet-control-search .search-tooltip").inner_text()


def test_fits_a_phone_screen(browser: Any) -> None:
    modules = _node_modules()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    assets.serve_offline(context, modules)
    phone = context.new_page()
    _open(phone, "index")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    box = phone.locator(".routes-title").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()


def test_text_from_the_data_runs_nothing(page: Any, tmp_path: Path) -> None:
    from routes import maps, measure
    from routes.loader import load_dataset

    network = load_dataset(ROOT / "geodata" / "sources")
    legs = measure.legs_frame(network, "zangezur")
    attack = '<img src=x onerror="window.__attacked=1">'
    legs["name"] = attack
    legs["note"] = "<script>window.__attacked=2</script>"
    legs["sources"] = json.dumps(
        [
            {
                "title": "trap",
                "publisher": None,
                "url": "javascript:window.__attacked=3",
                "date": None,
                "accessed": "2026-01-01",
            }
        ]
    )
    page_path = tmp_path / "attack.html"
    page_path.write_text(
        maps.render(maps.corridor_map({"zangezur": legs}, measure.nodes_frame(network), "t", "x")),
        encoding="utf-8",
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    page.goto(page_path.as_uri())
    page.wait_for_function(f"document.querySelectorAll('{DRAWN}').length > 0")
    x, y = _point_on_first_line(page)
    page.mouse.move(x, y)
    page.locator(".leaflet-tooltip").wait_for()
    tooltip = page.locator(".leaflet-tooltip").inner_text()
    page.mouse.click(x, y)
    page.locator(".leaflet-popup-content").wait_for()
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert page.evaluate("window.__attacked") is None
    assert not dialogs
    # the markup shows as text, where a reader can see it
    assert attack in tooltip and attack in popup
    assert "<script>window.__attacked=2</script>" in popup
    # a source address that is not http(s) is shown as text, never as a link
    assert page.locator(".leaflet-popup-content a[href^='javascript']").count() == 0
    page.locator(".leaflet-popup-content a", has_text="trap").click()
    assert page.evaluate("window.__attacked") is None


def test_scenario_map_colours_by_utilisation_and_rings_bottlenecks(page: Any) -> None:
    _open(page, "scenario_2030_projection")
    legend = page.locator(".routes-legend").inner_text()
    assert "Utilisation" in legend and "no scenario freight" in legend
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("At or over capacity" in label for label in labels)
    colours = page.evaluate(
        f"""() => [...document.querySelectorAll('{DRAWN}')]
            .map(p => p.getAttribute('stroke'))"""
    )
    # the full Zangezur legs are drawn in the colour of 100 % use, not the context grey
    assert len(set(colours)) > 3


def _box(page: Any, selector: str) -> dict[str, float] | None:
    box: dict[str, float] | None = page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector);
            if (!el) { return null; }
            const r = el.getBoundingClientRect();
            return r.width && r.height ? {x: r.left, y: r.top, w: r.width, h: r.height} : null;
        }""",
        selector,
    )
    return box


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def _clear_point(page: Any, kind: str) -> dict[str, float]:
    """Return a point where a leg ('line') or a node marker ('node') is on top, clear of panels."""
    point: dict[str, float] | None = page.evaluate(
        """(kind) => {
            const paths = [...document.querySelectorAll(
                '.folium-map > .leaflet-map-pane path.leaflet-interactive')]
                .filter(p => (p.getAttribute('fill') === 'none') === (kind === 'line'));
            for (const path of paths) {
                const length = path.getTotalLength();
                for (const share of [0.5, 0.3, 0.7, 0.1, 0.9]) {
                    const at = path.getPointAtLength(length * share);
                    const m = path.getScreenCTM();
                    const x = at.x * m.a + at.y * m.c + m.e, y = at.x * m.b + at.y * m.d + m.f;
                    if (x < 5 || y < 5 || x > innerWidth - 5 || y > innerHeight - 5) { continue; }
                    if (document.elementFromPoint(x, y) === path) { return {x: x, y: y}; }
                }
            }
            return null;
        }""",
        kind,
    )
    assert point, f"no {kind} is clear of the panels"
    return point


def _popup_is_clear(page: Any, size: str) -> None:
    """The open popup (a bottom sheet on a phone) lies inside the viewport, on top."""
    selector = ".routes-sheet:not([hidden])" if size == "phone" else ".leaflet-popup"
    page.locator(selector).wait_for()
    page.wait_for_timeout(400)  # the map pans the popup into view
    width, height = SIZES[size]
    box = _box(page, selector)
    assert box, selector
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["w"] <= width and box["y"] + box["h"] <= height, box
    covered = page.evaluate(
        """(selector) => {
            const el = document.querySelector(selector), r = el.getBoundingClientRect();
            const points = [[0.5, 0.5], [0.08, 0.08], [0.92, 0.08], [0.08, 0.85], [0.92, 0.85]];
            return points.map(([fx, fy]) => [r.left + fx * r.width, r.top + fy * r.height])
                .filter(([x, y]) => !el.contains(document.elementFromPoint(x, y)));
        }""",
        selector,
    )
    assert not covered, f"the popup is covered at {covered}"
    assert page.locator(f"{selector} .routes-popup").count() == 1
    close = ".routes-sheet-close" if size == "phone" else ".leaflet-popup-close-button"
    page.locator(close).click()
    page.locator(selector).wait_for(state="detached" if size == "desktop" else "hidden")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_layout_fits_the_data_and_keeps_panels_apart(browser: Any, name: str, size: str) -> None:
    context = _context(browser, size)
    page = context.new_page()
    _open(page, name)
    width, height = SIZES[size]
    # the data bounds fill most of the viewport's width or height at open
    fill = page.evaluate(
        f"""() => {{
            const map = {MAP};
            const bounds = L.featureGroup(Object.values(map._layers)
                .filter(l => l.feature && l.feature.geometry.type !== 'Point'
                    && l.getBounds)).getBounds();
            const a = map.latLngToContainerPoint(bounds.getSouthWest());
            const b = map.latLngToContainerPoint(bounds.getNorthEast());
            return [Math.abs(b.x - a.x), Math.abs(a.y - b.y)];
        }}"""
    )
    assert fill[0] >= 0.6 * width or fill[1] >= 0.6 * height, fill
    boxes = {selector: _box(page, selector) for selector in PANELS}
    shown = {selector: box for selector, box in boxes.items() if box}
    assert {".routes-title", ".leaflet-control-layers", ".routes-legend"} <= set(shown)
    for selector, box in shown.items():
        assert box["x"] >= 0 and box["x"] + box["w"] <= width, selector
        assert box["y"] >= 0 and box["y"] + box["h"] <= height, selector
    clashes = [
        (a, b)
        for i, a in enumerate(shown)
        for b in list(shown)[i + 1 :]
        if _overlap(shown[a], shown[b])
    ]
    assert not clashes
    if size == "phone":
        assert page.locator(".routes-legend details[open]").count() == 0
    for kind in ("line", "node"):
        point = _clear_point(page, kind)
        page.mouse.click(point["x"], point["y"])
        _popup_is_clear(page, size)
    context.close()


def _features(page: Any) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = page.evaluate(
        f"""() => Object.values({MAP}._layers).filter(l => l.feature)
            .map(l => l.feature)"""
    )
    return features


def _nodes() -> list[dict[str, Any]]:
    data = json.loads((ROOT / "geodata" / "nodes.geojson").read_text(encoding="utf-8"))
    return [feature["properties"] for feature in data["features"]]


@pytest.mark.parametrize("name", PAGES)
def test_legend_lists_each_mode_drawn(page: Any, name: str) -> None:
    from routes.vocabulary import MODES

    _open(page, name)
    legend = page.locator(".routes-legend").inner_text()
    drawn = {
        row[1]
        for feature in _features(page)
        if feature["geometry"]["type"] != "Point"
        for row in feature["properties"].get("tip", [])
        if row[0] == "mode"
    }
    assert drawn and drawn <= {mode.label for mode in MODES.values()}
    for label in drawn:
        assert label in legend
    if not name.startswith("scenario"):
        unknown = [
            leg
            for leg in _legs_of(name)
            if MODES[leg["mode"]].freight and leg["capacity_mt_per_year"] is None
        ]
        assert ("capacity not published" in legend) == bool(unknown)


def test_every_node_is_on_the_overview_and_found_by_search(page: Any) -> None:
    _open(page, "index")
    on_map = {i for f in _features(page) for i in f["properties"].get("ids", [])}
    assert {node["id"] for node in _nodes()} <= on_map
    # what a reader types: the name up to the first bracket or other sign
    typed = sorted({re.split(r"[^\w\s'’–-]", node["name"])[0].strip() for node in _nodes()})
    found = page.evaluate(
        """(names) => {
            const search = Object.values(window).find(v => v instanceof L.Control.Search);
            const records = search._recordsFromLayer();
            return names.filter(n => Object.keys(search._filterData(n, records)).length);
        }""",
        typed,
    )
    assert found == typed
    # and by typing, a node that shares its marker with others
    page.click(".leaflet-control-search .search-button")
    page.locator(".leaflet-control-search input").press_sequentially("Sumgait cable", delay=50)
    page.locator(".leaflet-control-search .search-tip").first.wait_for()
    assert "Sumgait cable" in page.locator(".leaflet-control-search .search-tooltip").inner_text()


def test_year_control_hides_the_nodes_of_hidden_legs(page: Any) -> None:
    from routes.freight import open_in

    _open(page, "index")
    legs = _legs_of("index")
    used = {leg[end] for leg in legs for end in ("from_node", "to_node")}
    open_ends = {leg[end] for leg in legs if open_in(leg, 2024) for end in ("from_node", "to_node")}
    opening = {node["id"]: node["opening_year"] for node in _nodes()}
    page.select_option(".routes-years select", "2024")
    visible = page.evaluate(
        f"""() => Object.values({MAP}._layers)
            .filter(l => l.feature && l.feature.properties.ids)
            .map(l => l.feature.properties.ids)"""
    )

    def shows(node: str) -> bool:
        opens = opening[node]
        return (opens is None or opens <= 2024) and (node not in used or node in open_ends)

    assert visible
    for ids in visible:
        assert any(shows(node) for node in ids), ids
    hidden = [node for node in used if not shows(node)]
    assert hidden, "the data should have nodes only later legs use"
    # a marker only hidden nodes stand at is gone
    assert not any(all(node in hidden for node in ids) for ids in visible)


@pytest.mark.parametrize("name", ["index", "titr", "oil", "scenario_2030_projection"])
def test_popups_read_as_text_not_as_a_database(page: Any, name: str) -> None:
    _open(page, name)
    nodes = _nodes()
    codes = {node["country"] for node in nodes} | {
        code for leg in _legs_of("index") for code in (leg["countries"] or "").split(";") if code
    }
    ids = {node["id"] for node in nodes}
    popups = page.evaluate(
        f"""() => Object.values({MAP}._layers).filter(l => l.feature)
            .map(l => {{
                const box = routesPopup(l.feature.properties);
                const cells = [...box.querySelectorAll('tr')].map(tr => [
                    tr.querySelector('th').textContent,
                    (tr.querySelector('td').firstChild || {{textContent: ''}}).textContent,
                    tr.querySelector('td').textContent]);
                const links = [...box.querySelectorAll('a')].map(a => a.textContent);
                const items = [...box.querySelectorAll('li')].map(li => li.textContent);
                return {{cells: cells, links: links, items: items}};
            }})"""
    )
    assert popups
    for popup in popups:
        for label, text, full in popup["cells"]:
            assert label and text, (label, text)
            if label == "Note":
                continue
            if label in ("From", "To"):
                assert text in {node["name"] for node in nodes}, text
                continue
            words = set(re.findall(r"[A-Za-z_]+", text))
            assert not words & ids, text
            assert not words & codes, text
            assert not re.search(r"\d\.\d{3,}", text), text
            assert "()" not in full and "(, " not in full and ", )" not in full, full
        assert all(link.strip() for link in popup["links"])
        assert all(item.strip() and not item.startswith(" (") for item in popup["items"])


def test_offline_base_layer_draws_coast_and_borders(browser: Any) -> None:
    context = _context(browser, "desktop", tiles=False)
    page = context.new_page()
    _open(page, "index")
    page.wait_for_function(f"document.querySelectorAll('{BASEMAP}').length > 10")
    drawn = page.evaluate(
        f"""() => [...document.querySelectorAll('{BASEMAP}')]
            .filter(p => p.getAttribute('d') && p.getAttribute('d').length > 20).length"""
    )
    assert drawn > 10
    labels = page.locator(".leaflet-control-layers-base label").all_inner_texts()
    assert any("offline" in label for label in labels)
    context.close()


def test_scenario_maps_draw_only_their_years_network(page: Any) -> None:
    from routes.freight import open_in
    from routes.loader import load_project

    project = load_project(ROOT)
    for name, scenario in project.scenarios.items():
        _open(page, f"scenario_{name}")
        drawn = {f["properties"]["name"] for f in _features(page) if "ends" in f["properties"]}
        legs = _legs_of("index")
        assert drawn == {leg["name"] for leg in legs if open_in(leg, scenario.year)}
