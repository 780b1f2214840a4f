"""Snapshot exports: one registry of formats (HTML, PNG, GeoJSON, CSV, GeoPackage), a manifest, atomic writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geo
from geo.boundaries import load_boundaries
from geo.errors import UsageError
from geo.io import atomic_write_bytes, sha256_hex
from geo.layers import ATTRIBUTION
from geo.locate import LocatedIncident
from geo.paths import DATA_DIR
from geo.snapshot import Snapshot

MANIFEST_NAME = "manifest.json"
FILE_STEM = "snapshot"
GPKG_DATE = "2000-01-01T00:00:00.000Z"
"""The GeoPackage's gpkg_contents.last_change (GDAL's OGR_CURRENT_DATE): fixed, so the file is reproducible."""

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
"""ACLED's column names, for the columns whose meaning matches (actor1 = perpetrators, actor2 = victims)."""
OWN_COLUMNS = (
    "killed", "wounded", "date_precision", "country_code", "origin", "origin_country", "origin_admin1",
    "distance_to_border_km", "location_text", "precision_note", "quote", "source_file", "flags",
    "primary", "disputed", "confidence",
)
"""Borderwatch's columns after ACLED's."""
CSV_COLUMNS = ACLED_COLUMNS + OWN_COLUMNS
COUNTRY_NAMES = {
    "AF": "Afghanistan", "TJ": "Tajikistan", "UZ": "Uzbekistan", "KG": "Kyrgyzstan",
    "CN": "China", "PK": "Pakistan", "TM": "Turkmenistan", "IR": "Iran",
}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
"""ACLED time_precision: 1 the day is known, 2 the week (or a few days), 3 only the month."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula: such text cells get a leading apostrophe."""


@dataclass(frozen=True)
class Exporter:
    """One export format: the file it writes and the function that makes its bytes from a snapshot."""

    name: str
    file_name: str
    media_type: str
    render: Callable[[Snapshot], bytes]
    description: str


def _html(snapshot: Snapshot) -> bytes:
    from geo.export_html import snapshot_html

    return snapshot_html(snapshot).encode("utf-8")


def _png(snapshot: Snapshot) -> bytes:
    from geo.export_png import snapshot_png

    return snapshot_png(snapshot)


def _png_browser(snapshot: Snapshot) -> bytes:
    from geo.export_png import screenshot_png

    return screenshot_png(snapshot)


def geojson_bytes(snapshot: Snapshot) -> bytes:
    """An RFC 7946 FeatureCollection: the shown incidents (points; null geometry when not placed), then the places named."""
    features = [_incident_feature(item) for item in snapshot.shown]
    features += [
        {
            "type": "Feature",
            "id": place.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"layer": "place", "name": place.name, "kind": place.kind, "country": place.country,
                           "admin1": place.admin1, "mentions": count, "source": place.source},
        }
        for place, count in snapshot.places()
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _incident_feature(item: LocatedIncident) -> dict[str, Any]:
    feature = item.as_feature()
    feature["properties"] = {"layer": "incident", **feature["properties"]}
    return feature


def csv_bytes(snapshot: Snapshot) -> bytes:
    """The shown incidents as CSV (UTF-8, RFC 4180): ACLED's columns, then Borderwatch's; formula cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in snapshot.shown:
        row = csv_row(item)
        writer.writerow([safe_cell(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8")


def csv_row(item: LocatedIncident) -> dict[str, Any]:
    """One incident as CSV values by column name (None for unknown)."""
    r = item.as_json()
    i = item.incident
    target = (i.target.place.name if i.target.place else i.target.text) if i.target else None  # an unknown village keeps its name
    origin = ", ".join(x for x in (r["origin_admin1"], r["origin_country"]) if x) or None
    return {
        "event_id_cnty": r["id"],
        "event_date": r["date"],
        "year": i.date.year if i.date else None,
        "time_precision": TIME_PRECISION.get(r["date_precision"] or ""),
        "event_type": r["event_type"],
        "sub_event_type": r["sub_event_type"],
        "actor1": r["perpetrators"],
        "actor2": r["victims"],
        "country": COUNTRY_NAMES.get(r["country"] or "", r["country"]),
        "admin1": r["admin1"],
        "admin2": r["admin2"],
        "location": target or r["admin2"] or r["admin1"],
        "latitude": r["latitude"],
        "longitude": r["longitude"],
        "geo_precision": r["geo_precision"],
        "source": Path(r["source_file"]).name,
        "notes": _notes(r, origin),
        "fatalities": r["killed"],
        "killed": r["killed"],
        "wounded": r["wounded"],
        "date_precision": r["date_precision"],
        "country_code": r["country"],
        "origin": origin,
        "origin_country": r["origin_country"],
        "origin_admin1": r["origin_admin1"],
        "distance_to_border_km": r["distance_to_border_km"],
        "location_text": r["location_text"],
        "precision_note": r["precision_note"],
        "quote": r["quote"],
        "source_file": r["source_file"],
        "flags": "; ".join(r["flags"]),
        "primary": r["primary"],
        "disputed": r["disputed"],
        "confidence": r["confidence"],
    }


def _notes(r: dict[str, Any], origin: str | None) -> str:
    """An ACLED-style one-paragraph summary of the incident."""
    def count(value: int | None) -> str:
        return "not stated" if value is None else str(value)

    when = f"On {r['date']}" if r["date"] else "On an unstated date"
    where = ", ".join(x for x in (r["admin1"], COUNTRY_NAMES.get(r["country"] or "", r["country"])) if x) or "an unplaced location"
    parts = [f"{when}, {r['sub_event_type'].lower()} in {where}" + (f", from {origin}" if origin else "") + "."]
    parts.append(f"Killed: {count(r['killed'])}; wounded: {count(r['wounded'])}.")
    if r["victims"]:
        parts.append(f"Victims: {r['victims']}.")
    if r["perpetrators"]:
        parts.append(f"Perpetrators: {r['perpetrators']}.")
    parts.append(f"Location: {r['precision_note']}.")
    return " ".join(parts)


def safe_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: text starting with = + - @ (or tab, CR) gets a leading apostrophe.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-3 killed"), safe_cell(-3.5), safe_cell(None)
    ('\\'=HYPERLINK("http://x")', "'-3 killed", -3.5, '')
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# -- GeoPackage -----------------------------------------------------------------------------


def gpkg_bytes(snapshot: Snapshot) -> bytes:
    """A GeoPackage (GDAL, via pyogrio) with layers incidents, uncertainty_areas, places, border and provinces."""
    import pyogrio

    layers = _gpkg_layers(snapshot)
    with _GDAL_CONFIG_LOCK, tempfile.TemporaryDirectory(prefix="borderwatch-gpkg-") as folder:
        previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")  # a process-wide GDAL setting: restored below
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
        try:
            path = Path(folder) / "snapshot.gpkg"
            for layer, (frame, geometry_type) in layers.items():
                pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", geometry_type=geometry_type,
                                        promote_to_multi=geometry_type.startswith("Multi"))
            return path.read_bytes()
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


_GDAL_CONFIG_LOCK = threading.Lock()


GPKG_LAYERS = ("incidents", "uncertainty_areas", "places", "border", "provinces")
GPKG_INCIDENT_COLUMNS = (
    "id", "date", "date_precision", "event_type", "sub_event_type", "country", "admin1", "admin2", "location_text",
    "latitude", "longitude", "geo_precision", "origin_country", "origin_admin1", "killed", "wounded", "victims",
    "perpetrators", "distance_to_border_km", "quote", "source_file", "precision_note", "flags", "primary", "disputed", "confidence",
)


def _gpkg_layers(snapshot: Snapshot) -> dict[str, tuple[Any, str]]:
    """Layer name → (GeoDataFrame in EPSG:4326, geometry type)."""
    from shapely.geometry import Point

    boundaries = load_boundaries()
    shown = snapshot.shown
    placed = [item for item in shown if item.placement]
    incidents = [_gpkg_incident(item) for item in shown]
    places = snapshot.places()
    units = sorted(boundaries.units.values(), key=lambda u: u.code)
    tallies = _tallies(placed)
    return {
        "incidents": (_frame(incidents, [Point(r["longitude"], r["latitude"]) if r["latitude"] is not None else None for r in incidents],
                             GPKG_INCIDENT_COLUMNS, ("geo_precision", "killed", "wounded")), "Point"),
        "uncertainty_areas": (_frame(
            [{"incident": i.incident.id, "event_type": i.incident.event_type, "geo_precision": i.placement.geo_precision,
              "note": i.placement.note} for i in placed],
            [i.placement.area for i in placed], ("incident", "event_type", "geo_precision", "note"), ("geo_precision",)), "MultiPolygon"),
        "places": (_frame(
            [{"id": p.id, "name": p.name, "kind": p.kind, "country": p.country, "admin1": p.admin1, "mentions": n, "source": p.source}
             for p, n in places],
            [Point(p.lon, p.lat) for p, _ in places], ("id", "name", "kind", "country", "admin1", "mentions", "source"), ("mentions",)), "Point"),
        "border": (_frame([{"name": "Afghan–Tajik border", "length_km": boundaries.border_length_km, "source": "Natural Earth 1:10m"}],
                          [boundaries.border], ("name", "length_km", "source")), "LineString"),
        "provinces": (_frame(
            [{"code": u.code, "name": u.name, "country": u.country, **tallies.get(u.name, {"incidents": 0, "killed": 0, "wounded": 0})}
             for u in units],
            [u.geometry for u in units], ("code", "name", "country", "incidents", "killed", "wounded"), ("incidents", "killed", "wounded")),
            "MultiPolygon"),
    }


def _frame(records: list[dict], geometry: list, columns: Sequence[str], integers: Sequence[str] = ()):
    """A GeoDataFrame with these columns (integers nullable), also when there are no records."""
    import geopandas
    import pandas as pd

    data = pd.DataFrame.from_records(records, columns=list(columns))
    for column in columns:
        data[column] = data[column].astype("Int64" if column in integers else data[column].dtype if records else "object")
    return geopandas.GeoDataFrame(data, geometry=geopandas.GeoSeries(geometry, crs="EPSG:4326"))


def _tallies(placed: Sequence[LocatedIncident]) -> dict[str, dict[str, int]]:
    """Incidents, killed and wounded per admin-1 unit name."""
    tallies: dict[str, dict[str, int]] = {}
    for item in placed:
        tally = tallies.setdefault(item.placement.admin1 or "", {"incidents": 0, "killed": 0, "wounded": 0})
        tally["incidents"] += 1
        tally["killed"] += item.incident.killed or 0
        tally["wounded"] += item.incident.wounded or 0
    return tallies


def _gpkg_incident(item: LocatedIncident) -> dict[str, Any]:
    record = item.as_json()
    record["flags"] = "; ".join(record["flags"])
    return {column: record[column] for column in GPKG_INCIDENT_COLUMNS}


# -- the registry ---------------------------------------------------------------------------

EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("html", f"{FILE_STEM}.html", "text/html", _html, "self-contained map page (opens from disk, no network)"),
        Exporter("png", f"{FILE_STEM}.png", "image/png", _png, "picture of the map for a report (matplotlib, no browser)"),
        Exporter("png-browser", f"{FILE_STEM}-browser.png", "image/png", _png_browser, "screenshot of the HTML in Chromium (needs Chromium)"),
        Exporter("geojson", f"{FILE_STEM}.geojson", "application/geo+json", geojson_bytes, "RFC 7946 incidents and places"),
        Exporter("csv", f"{FILE_STEM}.csv", "text/csv", csv_bytes, "incidents with ACLED's column names"),
        Exporter("gpkg", f"{FILE_STEM}.gpkg", "application/geopackage+sqlite3", gpkg_bytes, "GeoPackage: incidents, areas, places, border, provinces"),
    )
}
"""Every export format by name. Each renders a :class:`Snapshot` to the bytes of one file."""
DEFAULT_FORMATS = ("html", "png", "geojson", "csv", "gpkg")


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
    files[MANIFEST_NAME] = manifest_bytes(snapshot, formats)
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
    from geo.snapshot import load_snapshot

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
    from geo.snapshot import store_snapshot
    from geo.store import Store

    def load(**options: Any) -> Snapshot:
        with Store(home) as store:
            return store_snapshot(store, **options)

    return _export(load, out_dir, formats, date_from, date_to, title, size)


def _export(load: Callable[..., Snapshot], out_dir, formats, date_from, date_to, title, size) -> list[Path]:
    from geo.filters import Filters
    from geo.snapshot import DEFAULT_SIZE, parse_size

    names = parse_formats(formats)  # bad options fail before any article is read or folder made
    picture = parse_size(size) if isinstance(size, str) else (size or DEFAULT_SIZE)
    filters = Filters(date_from, date_to)
    folder = _writable_folder(Path(out_dir))
    return export_snapshot(load(filters=filters, title=title, size=picture), folder, names)


# -- the manifest ---------------------------------------------------------------------------


def manifest(snapshot: Snapshot, formats: Sequence[str]) -> dict[str, Any]:
    """What a snapshot was made from: software, data checksums and sources, article checksums, filters and view."""
    return {
        "borderwatch_version": geo.__version__,
        "generated_at": snapshot.generated_text(),
        "title": snapshot.title,
        "files": [EXPORTERS[name].file_name for name in formats],
        "incidents": {"shown": len(snapshot.shown), "total": len(snapshot.incidents), "ids": [i.incident.id for i in snapshot.shown]},
        "filters": snapshot.filters.as_json(),
        "view": snapshot.view.as_json(),
        "layers": list(snapshot.layers),
        "picture_size": list(snapshot.size),
        "articles": [_article_entry(a) for a in snapshot.articles],
        "data": [{"file": path.name, "sha256": sha256_hex(path.read_bytes()), "bytes": path.stat().st_size} for path in _data_files()],
        "sources": data_sources(),
        "attribution": ATTRIBUTION,
        "software": _software(),
    }


def manifest_bytes(snapshot: Snapshot, formats: Sequence[str]) -> bytes:
    return (json.dumps(manifest(snapshot, formats), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _article_entry(article) -> dict[str, Any]:
    """An article's checksum: of the file's bytes when the source is a readable file, else of its text (UTF-8)."""
    path = Path(article.source)
    if path.is_file():
        data, of = path.read_bytes(), "file"
    else:
        data, of = article.text.encode("utf-8"), "text"
    return {"name": path.name, "source": article.source, "published": article.published.isoformat() if article.published else None,
            "sha256": sha256_hex(data), "bytes": len(data), "checksum_of": of}


def _data_files() -> list[Path]:
    return sorted(p for p in DATA_DIR.iterdir() if p.is_file() and not p.name.startswith("."))


def data_sources() -> list[dict[str, str]]:
    """The rows of data/SOURCES.md's table: file, source package, version, licence, what was changed."""
    path = DATA_DIR / "SOURCES.md"
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 5 or cells[0] in ("file", "") or set(cells[0]) <= set("-: "):
            continue
        rows.append({"file": cells[0], "source": cells[1], "version": cells[2], "licence": cells[3], "changes": cells[4]})
    return rows


def _software() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("folium", "geopandas", "shapely", "pyogrio", "pyproj", "matplotlib"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    try:
        import pyogrio

        versions["gdal"] = pyogrio.__gdal_version_string__
    except ImportError:
        pass
    return versions


