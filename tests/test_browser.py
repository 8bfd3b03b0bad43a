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
    point: dict[str, float] = page.evaluate(
        """() => {
            const path = [...document.querySelectorAll(
                '.folium-map > .leaflet-map-pane path.leaflet-interactive')]
                .find(p => p.getAttribute('fill') === 'none');
            const at = path.getPointAtLength(path.getTotalLength() / 2);
            const m = path.getScreenCTM();
            return {x: at.x * m.a + at.y * m.c + m.e, y: at.x * m.b + at.y * m.d + m.f};
        }"""
    )
    return point["x"], point["y"]


def test_tooltip_and_popup_show_the_leg(page: Any) -> None:
    _open(page, "zangezur")
    x, y = _point_on_first_line(page)
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "Length (km)" in tooltip.inner_text()
    assert "Status" in tooltip.inner_text()
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Countries" in popup.inner_text()


def test_screenshots_for_the_readme(page: Any, tmp_path: Path) -> None:
    """Saves the screenshots the README shows (to docs/ with ROUTES_UPDATE_SCREENSHOTS=1)."""
    target = SCREENSHOTS if os.environ.get("ROUTES_UPDATE_SCREENSHOTS") == "1" else tmp_path
    for name in ("index", "zangezur", "scenario_2030_projection"):
        _open(page, name)
        page.wait_for_timeout(300)
        path = target / f"{name}.png"
        page.screenshot(path=str(path))
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
    # branca's colour scale is the legend
    assert page.locator(".legend").count() == 1
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("At or over capacity" in label for label in labels)
    colours = page.evaluate(
        f"""() => [...document.querySelectorAll('{DRAWN}')]
            .map(p => p.getAttribute('stroke'))"""
    )
    # the full Zangezur legs are drawn in the colour of 100 % use, not the context grey
    assert len(set(colours)) > 3
