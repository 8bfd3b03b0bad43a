"""Overview map against ``GeoDataFrame.explore()`` of the same layers: size and load time.

Both pages are opened side by side, alternately, in headless Chromium with their
JavaScript and CSS served from local npm packages and blank tiles, so the
network plays no part. Load time is from navigation start until every feature
is drawn. Run with ``make bench``.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from playwright.sync_api import sync_playwright

from routes.vocabulary import CORRIDORS
from tests import browser_assets as assets

ROOT = Path(__file__).resolve().parent.parent
LAYERS = list(CORRIDORS)
RUNS = 15
CHROMIUM = "/usr/bin/chromium"


def explore_page(folder: Path) -> tuple[Path, int]:
    """Write what ``explore()`` makes of the committed layers; return it and its feature count."""
    legs = pd.concat([gpd.read_file(ROOT / "geodata" / f"{n}.geojson") for n in LAYERS])
    nodes = gpd.read_file(ROOT / "geodata" / "nodes.geojson")
    legs = gpd.GeoDataFrame(legs, geometry="geometry", crs=nodes.crs)
    fmap = legs.explore(column="corridor")
    nodes.explore(m=fmap, color="black")
    path = folder / "explore.html"
    fmap.save(path)
    return path, len(legs) + len(nodes)


def load_ms(page: Any, path: Path, features: int) -> float:
    """Open a page; return ms from navigation start until ``features`` are drawn."""
    page.goto(path.as_uri())
    drawn = "document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length"
    page.wait_for_function(f"{drawn} >= {features}")
    return float(page.evaluate("performance.now()"))


def main() -> int:
    """Measure and print the ratios."""
    ours = ROOT / "maps" / "index.html"
    features = len(re.findall(r'"type": "Feature"', ours.read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        theirs, their_features = explore_page(Path(tmp))
        modules = assets.install(assets.packages([ours, theirs], strict=False), strict=False)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            times: dict[str, list[float]] = {"routes": [], "explore": []}
            for _ in range(RUNS):
                for name, path, count in (
                    ("routes", ours, features),
                    ("explore", theirs, their_features),
                ):
                    context = browser.new_context(viewport={"width": 1200, "height": 800})
                    assets.serve_offline(context, modules)
                    times[name].append(load_ms(context.new_page(), path, count))
                    context.close()
            browser.close()
        size_ours, size_theirs = ours.stat().st_size, theirs.stat().st_size
    median = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"overview map size: routes {size_ours / 1024:.0f} KiB,"
        f" explore() {size_theirs / 1024:.0f} KiB, ratio {size_ours / size_theirs:.2f}"
    )
    print(
        f"load to all features drawn (median of {RUNS}): routes {median['routes']:.0f} ms,"
        f" explore() {median['explore']:.0f} ms, ratio {median['routes'] / median['explore']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
