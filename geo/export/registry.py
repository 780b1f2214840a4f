"""The registry of export formats (HTML, PNG, GeoJSON, CSV, GeoPackage, GeoParquet), a zip of them, and atomic writes of a snapshot.

Each format renders a :class:`geo.export.snapshot.Snapshot` to the bytes of one file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import UsageError
from geo.export.manifest import MANIFEST_NAME, manifest_bytes
from geo.export.snapshot import Snapshot
from geo.export.tables import csv_bytes, geojson_bytes, geoparquet_bytes, gpkg_bytes
from geo.files import atomic_write_bytes

__all__ = [
    "DEFAULT_FORMATS",
    "EXPORTERS",
    "Exporter",
    "FILE_STEM",
    "export_articles",
    "export_bytes",
    "export_snapshot",
    "export_store",
    "export_zip",
    "parse_formats",
    "render_all",
]

FILE_STEM = "snapshot"


@dataclass(frozen=True)
class Exporter:
    """One export format: the file it writes and the function that makes its bytes from a snapshot."""

    name: str
    file_name: str
    media_type: str
    render: Callable[[Snapshot], bytes]
    description: str


def _html(snapshot: Snapshot) -> bytes:
    from geo.export.page import snapshot_html

    return snapshot_html(snapshot).encode("utf-8")


def _png(snapshot: Snapshot) -> bytes:
    from geo.export.picture import snapshot_png

    return snapshot_png(snapshot)


def _png_browser(snapshot: Snapshot) -> bytes:
    from geo.export.picture import screenshot_png

    return screenshot_png(snapshot)


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("html", f"{FILE_STEM}.html", "text/html", _html, "self-contained map page (opens from disk, no network)"),
        Exporter("png", f"{FILE_STEM}.png", "image/png", _png, "picture of the map for a report (matplotlib, no browser)"),
        Exporter("png-browser", f"{FILE_STEM}-browser.png", "image/png", _png_browser, "screenshot of the HTML in Chromium (needs Chromium)"),
        Exporter("geojson", f"{FILE_STEM}.geojson", "application/geo+json", geojson_bytes, "RFC 7946 incidents and places"),
        Exporter("csv", f"{FILE_STEM}.csv", "text/csv", csv_bytes, "incidents with ACLED's column names"),
        Exporter("gpkg", f"{FILE_STEM}.gpkg", "application/geopackage+sqlite3", gpkg_bytes, "GeoPackage: incidents, areas, places, border, provinces"),
        Exporter("geoparquet", f"{FILE_STEM}.parquet", "application/vnd.apache.parquet", geoparquet_bytes,
                 "GeoParquet: incidents, the marker point and the uncertainty area (for geopandas, dask-geopandas)"),
    )
}
"""Every export format by name. Each renders a :class:`Snapshot` to the bytes of one file."""
DEFAULT_FORMATS = ("html", "png", "geojson", "csv", "gpkg")
"""What an export writes unless told (GeoParquet, for big stores and dataframes, is asked for by name)."""


def parse_formats(text: str | Sequence[str]) -> tuple[str, ...]:
    """'html,png' (or a list) → ('html', 'png'); an unknown name is a UsageError listing the allowed ones."""
    names = [n.strip().lower() for n in (text.split(",") if isinstance(text, str) else text)]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in EXPORTERS]
    if unknown or not names:
        shown = ", ".join(repr(n) for n in unknown) if unknown else "none"
        raise UsageError(f"unknown format {shown}; allowed: {', '.join(EXPORTERS)} (comma-separated, e.g. --format html,png)")
    return tuple(dict.fromkeys(names))


def export_bytes(snapshot: Snapshot, fmt: str) -> bytes:
    """The bytes of one format (for a download button); ``fmt`` is a key of :data:`EXPORTERS` or "manifest"."""
    if fmt == "manifest":
        return manifest_bytes(snapshot.with_time(), ())
    (name,) = parse_formats([fmt])
    return EXPORTERS[name].render(snapshot.with_time())


def export_zip(snapshot: Snapshot, formats: Sequence[str] = DEFAULT_FORMATS) -> bytes:
    """Every format and the manifest in one zip (a single download); entries dated 1980-01-01 so only the manifest's time varies."""
    snapshot = snapshot.with_time()
    files = render_all(snapshot, parse_formats(formats))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def render_all(snapshot: Snapshot, formats: Sequence[str]) -> dict[str, bytes]:
    """File name → bytes for each format, then the manifest; nothing is written."""
    files = {EXPORTERS[name].file_name: EXPORTERS[name].render(snapshot) for name in formats}
    files[MANIFEST_NAME] = manifest_bytes(snapshot, [EXPORTERS[name].file_name for name in formats])
    return files


def export_snapshot(snapshot: Snapshot, out_dir: str | Path, formats: Sequence[str] | str = DEFAULT_FORMATS) -> list[Path]:
    """Write the chosen formats and manifest.json into ``out_dir`` (created if missing); return the paths written.

    Everything is rendered before the first file is written, and each file is written
    to a temporary name and renamed: a failed export leaves no partial file behind.
    """
    names = parse_formats(formats)
    folder = _writable_folder(Path(out_dir))
    files = render_all(snapshot.with_time(), names)
    written = []
    for name, data in files.items():
        try:
            written.append(atomic_write_bytes(folder / name, data))
        except OSError as error:
            raise UsageError(f"{folder / name}: cannot write ({error.strerror or error}); give an --out folder you can write to") from None
    return written


def _writable_folder(folder: Path) -> Path:
    """Create ``folder`` if needed and check that a file can be made in it; a UsageError says why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".borderwatch-probe-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except FileExistsError:
        raise UsageError(f"output folder {folder}: a file of that name exists; give a folder (it is created if missing)") from None
    except NotADirectoryError:
        raise UsageError(f"output folder {folder}: part of the path is a file; give a folder (it is created if missing)") from None
    except OSError as error:
        raise UsageError(f"output folder {folder}: cannot write there ({error.strerror or error}); give a folder you can write to") from None
    return folder


def export_articles(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    *,
    formats: str | Sequence[str] = DEFAULT_FORMATS,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    title: str | None = None,
    size: str | tuple[int, int] | None = None,
) -> list[Path]:
    """Analyse article files (default: seeds/) and export their snapshot: what `python -m geo snapshot` runs."""
    from geo.export.snapshot import load_snapshot

    def load(**options: Any) -> Snapshot:
        return load_snapshot(paths, **options)

    return _export(load, out_dir, formats, date_from, date_to, title, size)


def export_store(
    home: str | Path | None,
    out_dir: str | Path,
    *,
    formats: str | Sequence[str] = DEFAULT_FORMATS,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    title: str | None = None,
    size: str | tuple[int, int] | None = None,
) -> list[Path]:
    """Export the snapshot of every incident in the store at ``home``: what `python -m geo export` runs."""
    from geo.export.snapshot import store_snapshot
    from geo.store import Store

    def load(**options: Any) -> Snapshot:
        with Store(home) as store:
            return store_snapshot(store, **options)

    return _export(load, out_dir, formats, date_from, date_to, title, size)


def _export(load: Callable[..., Snapshot], out_dir, formats, date_from, date_to, title, size) -> list[Path]:
    from geo.filters import Filters
    from geo.export.snapshot import DEFAULT_SIZE, parse_size

    names = parse_formats(formats)  # bad options fail before any article is read or folder made
    picture = parse_size(size) if isinstance(size, str) else (size or DEFAULT_SIZE)
    filters = Filters(date_from, date_to)
    folder = _writable_folder(Path(out_dir))
    return export_snapshot(load(filters=filters, title=title, size=picture), folder, names)
