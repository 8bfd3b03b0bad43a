"""The built maps in a real headless Chromium, with Leaflet served from npm, offline.

Needs Debian's ``chromium`` and ``npm`` (for ``leaflet``); skipped where either is
missing unless ``ROUTES_REQUIRE_BROWSER=1``, which CI sets.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ASSETS = ROOT / "tests" / ".browser"
LEAFLET = "1.9.3"
CDN = re.compile(rf"https://cdn\.jsdelivr\.net/npm/leaflet@{re.escape(LEAFLET)}/dist/(.+)")
TILE = re.compile(r"https://tile\.openstreetmap\.org/")
# A 1x1 transparent PNG stands in for every map tile: there is no network in CI.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
SCREENSHOTS = ROOT / "docs"
PAGES = ["index", "titr", "zangezur", "caspian_cable", "green_energy", "oil"]


def _unavailable(reason: str) -> None:
    if os.environ.get("ROUTES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ROUTES_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _leaflet_dist() -> Path:
    dist = ASSETS / "node_modules" / "leaflet" / "dist"
    if not (dist / "leaflet.js").exists():
        if not shutil.which("npm"):
            _unavailable("npm is not installed, so Leaflet cannot be served locally")
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(ASSETS),
                "--no-audit",
                "--no-fund",
                "--silent",
                f"leaflet@{LEAFLET}",
            ],
            check=True,
            timeout=300,
        )
    return dist


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
    dist = _leaflet_dist()
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    blocked: list[str] = []

    def serve(route: Any) -> None:
        url = route.request.url
        local = CDN.match(url)
        if local and (dist / local.group(1)).is_file():
            route.fulfill(path=str(dist / local.group(1)))
        elif TILE.match(url):
            route.fulfill(body=BLANK_TILE, content_type="image/png")
        else:
            blocked.append(url)
            route.abort()

    context.route(re.compile(r"^https?://"), serve)
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
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length > 0")


def _feature_count(name: str) -> int:
    text = (ROOT / "maps" / f"{name}.html").read_text(encoding="utf-8")
    return len(re.findall(r'"type": "Feature"', text))


@pytest.mark.parametrize("name", PAGES)
def test_map_draws_every_feature_without_errors(page: Any, name: str) -> None:
    _open(page, name)
    drawn = page.locator("path.leaflet-interactive").count()
    assert drawn == _feature_count(name)
    assert page.errors == []
    assert page.blocked == []
    overlays = page.locator(".leaflet-control-layers-overlays label").count()
    assert overlays >= 2


def _point_on_first_line(page: Any) -> tuple[float, float]:
    point: dict[str, float] = page.evaluate(
        """() => {
            const path = [...document.querySelectorAll('path.leaflet-interactive')]
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
    for name in ("index", "zangezur"):
        _open(page, name)
        page.wait_for_timeout(300)
        path = target / f"{name}.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000
