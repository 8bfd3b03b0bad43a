"""Serve the JavaScript and CSS that Folium loads from CDNs out of npm packages.

There is no network in CI: the browser tests and the benchmarks install the
packages the maps name (``npm install`` into the ignored ``tests/.browser``)
and answer each CDN request with the package's own file, and each tile
request with a blank tile.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "tests" / ".browser"
MODULES = ASSETS / "node_modules"
# CDN addresses that name an npm package and its version.
CDNS = [
    re.compile(
        r"https://cdn\.jsdelivr\.net/npm/(?P<package>(?:@[^/]+/)?[^@/]+)@(?P<version>[^/]+)/"
        r"(?P<path>.+)"
    ),
    re.compile(
        r"https://cdn\.jsdelivr\.net/gh/[^/]+/(?P<package>[^@/]+)@(?P<version>[^/]+)/(?P<path>.+)"
    ),
    re.compile(
        r"https://cdnjs\.cloudflare\.com/ajax/libs/(?P<package>[^/]+)/(?P<version>[^/]+)/(?P<path>.+)"
    ),
]
# Other CDN files, by address: (npm package@version, path in the package).
KNOWN = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
}
TILE = re.compile(r"https://[a-z.]*tile\.openstreetmap\.org/")
# A 1x1 transparent PNG stands in for every map tile.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
_SCRIPTS = re.compile(r'(?:src|href)="(https://[^"]+)"')


def _package_of(url: str) -> tuple[str, str] | None:
    if url in KNOWN:
        return KNOWN[url]
    match = next((m for m in (cdn.match(url) for cdn in CDNS) if m), None)
    if not match:
        return None
    # npm package names are lower case; cdnjs keeps the project's spelling
    return f"{match['package'].lower()}@{match['version']}", match["path"]


def packages(pages: Iterable[Path], *, strict: bool = True) -> set[str]:
    """Return every npm ``package@version`` the given HTML pages load from a CDN.

    With ``strict``, an address no npm package stands in for is an error;
    otherwise it is left out (and its request will be refused).
    """
    found = set()
    for page in pages:
        for url in _SCRIPTS.findall(page.read_text(encoding="utf-8")):
            package = _package_of(url)
            if package is not None:
                found.add(package[0])
            elif strict:
                raise LookupError(f"{page.name} loads {url}, which no npm package stands in for")
    return found


def installed(names: Iterable[str]) -> bool:
    """Tell whether every ``package@version`` is already installed."""
    return all(
        _installed_version(name.rsplit("@", 1)[0]) == name.rsplit("@", 1)[1] for name in names
    )


def _installed_version(package: str) -> str | None:
    manifest = MODULES / package / "package.json"
    if not manifest.exists():
        return None
    match = re.search(r'"version":\s*"([^"]+)"', manifest.read_text(encoding="utf-8"))
    return match.group(1) if match else None


def install(names: set[str], *, strict: bool = True) -> Path:
    """Install the packages with npm unless they are there; return ``node_modules``.

    The packages are recorded in ``tests/.browser/package.json``, so that one
    install never prunes another's packages. Without ``strict``, a package the
    registry does not have is skipped.
    """
    missing = sorted(name for name in names if not installed([name]))
    if not strict:
        missing = [name for name in missing if _published(name)]
    if not missing:
        return MODULES
    ASSETS.mkdir(parents=True, exist_ok=True)
    manifest = ASSETS / "package.json"
    data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    dependencies = data.setdefault("dependencies", {})
    for name in missing:
        package, version = name.rsplit("@", 1)
        dependencies[package] = version
    data.update(name="routes-browser-assets", private=True)
    manifest.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    subprocess.run(
        ["npm", "install", "--prefix", str(ASSETS), "--no-audit", "--no-fund", "--silent"],
        check=True,
        timeout=600,
    )
    return MODULES


def _published(name: str) -> bool:
    result = subprocess.run(
        ["npm", "view", name, "version"], capture_output=True, text=True, check=False, timeout=120
    )
    return result.returncode == 0 and bool(result.stdout.strip())


def local_file(modules: Path, url: str) -> Path | None:
    """Return the installed file that a CDN address serves, if any."""
    found = _package_of(url)
    if found is None:
        return None
    package = modules / found[0].rsplit("@", 1)[0]
    path = Path(found[1])
    names = [path.name, path.name.replace(".min.", ".")]
    names.append(path.name.replace(".js", ".min.js").replace(".css", ".min.css"))
    for candidate in [package / path, *(package / path.parent / name for name in names)]:
        if candidate.is_file():
            return candidate
    for name in names:
        for candidate in sorted(package.rglob(name)):
            return candidate
    return None


def serve_offline(
    context: Any, modules: Path, blocked: list[str] | None = None, tiles: bool = True
) -> None:
    """Answer a browser context's web requests from local files, offline.

    CDN files come from the npm packages, tiles are blank (refused, without
    ``tiles``); anything else is refused (and listed in ``blocked`` when given).
    """

    def serve(route: Any) -> None:
        url = route.request.url
        local = local_file(modules, url)
        if local:
            route.fulfill(path=str(local))
        elif TILE.match(url) and tiles:
            route.fulfill(body=BLANK_TILE, content_type="image/png")
        elif TILE.match(url):
            route.abort()
        else:
            if blocked is not None:
                blocked.append(url)
            route.abort()

    context.route(re.compile(r"^https?://"), serve)
