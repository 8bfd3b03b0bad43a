"""Write the layers and maps, all at once or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd

# RFC 7946: CRS84 lon/lat, no "crs" member, counter-clockwise exterior rings.
GEOJSON_OPTIONS = {"RFC7946": "YES", "COORDINATE_PRECISION": 6, "WRITE_NAME": "NO"}


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write a layer as RFC 7946 GeoJSON with six decimals."""
    frame.to_file(path, driver="GeoJSON", engine="pyogrio", layer_options=GEOJSON_OPTIONS)


@contextmanager
def staged(out: Path) -> Iterator[Callable[[str], Path]]:
    """Collect outputs in a staging folder and move them into ``out`` only on success.

    Yields a function mapping a path relative to ``out`` to where it should be
    written now. If the block raises, nothing in ``out`` has changed.

    Examples
    --------
    >>> with staged(Path("/tmp/demo")) as target:
    ...     _ = target("maps/index.html").write_text("<html></html>")
    """
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".routes-staging-", dir=out))
    written: list[str] = []

    def target(relative: str) -> Path:
        path = staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(relative)
        return path

    try:
        yield target
        for relative in written:
            final = out / relative
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
