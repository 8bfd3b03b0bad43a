"""Write the layers and maps, all at once or not at all."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from pyogrio import set_gdal_config_options

# RFC 7946: CRS84 lon/lat, no "crs" member, counter-clockwise exterior rings.
GEOJSON_OPTIONS = {"RFC7946": "YES", "COORDINATE_PRECISION": 6, "WRITE_NAME": "NO"}
# GeoPackage 1.2: read without warnings by the GDAL of older QGIS and ogrinfo releases.
GPKG_OPTIONS = {"VERSION": "1.2"}


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write a layer as RFC 7946 GeoJSON with six decimals."""
    frame.to_file(path, driver="GeoJSON", engine="pyogrio", layer_options=GEOJSON_OPTIONS)


def write_geopackage(
    layers: dict[str, gpd.GeoDataFrame], qml: dict[str, str], path: Path, release: str
) -> None:
    """Write the layers, each with a spatial index, and their QGIS styles as defaults.

    The styles go to the ``layer_styles`` table QGIS reads, with ``useAsDefault``
    set, so that a layer dragged into QGIS opens styled. GDAL stamps the release
    date instead of the clock in the GeoPackage, so the file is reproducible.

    Parameters
    ----------
    layers
        GeoDataFrames keyed by layer name.
    qml
        QML text keyed by layer name.
    path
        The ``.gpkg`` file to write.
    release
        Date (``YYYY-MM-DD``) recorded as the layers' last change.
    """
    stamp = f"{release}T00:00:00Z"
    with pyogrio_config({"OGR_CURRENT_DATE": stamp}):
        for name, frame in layers.items():
            # EPSG:4326, the code QGIS users expect; GeoPackage stores lon/lat either way.
            frame.set_crs("EPSG:4326", allow_override=True).to_file(
                path,
                layer=name,
                driver="GPKG",
                engine="pyogrio",
                SPATIAL_INDEX="YES",
                **GPKG_OPTIONS,
            )
        styles = pd.DataFrame(
            {
                "f_table_catalog": "",
                "f_table_schema": "",
                "f_table_name": list(qml),
                "f_geometry_column": "geom",
                "styleName": list(qml),
                "styleQML": list(qml.values()),
                "styleSLD": "",
                "useAsDefault": True,
                "description": "routes style, generated from routes.styles",
                "owner": "",
                "ui": None,
                "update_time": stamp,
            }
        )
        pyogrio.write_dataframe(styles, path, layer="layer_styles", driver="GPKG", **GPKG_OPTIONS)


@contextmanager
def pyogrio_config(options: dict[str, str]) -> Iterator[None]:
    """Set GDAL configuration options for the duration of a block."""
    previous = {name: pyogrio.get_gdal_config_option(name) for name in options}
    set_gdal_config_options(options)
    try:
        yield
    finally:
        set_gdal_config_options(previous)


@contextmanager
def staged(
    out: Path, progress: Callable[[str], None] = lambda _: None
) -> Iterator[Callable[[str], Path]]:
    """Collect outputs in a staging folder and move them into ``out`` only on success.

    Yields a function mapping a path relative to ``out`` to where it should be
    written now. If the block raises, nothing in ``out`` has changed. The files are
    moved in under a lock, with Ctrl-C ignored until all are in place, so that
    concurrent or interrupted builds leave one build's complete outputs.
    ``progress`` is told of each file as it moves in.

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
        with _lock(out / ".routes-build.lock"), _sigint_ignored():
            for relative in written:
                progress(f"moving {relative} in")
                final = out / relative
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / relative, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (waiting for another build to finish)."""
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C for the duration of a block.

    The block is the move-in, a build's last step: once it has started, stopping
    it would leave a mix of two builds, and reporting an interrupt after it would
    wrongly say that nothing changed.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
