"""Snapshot exports: offline HTML in a real browser, PNG pixels, GeoPackage/GeoParquet/CSV/GeoJSON contents, reproducibility, errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import folium
import pytest

from geo.errors import UsageError
from geo.export import (
    ACLED_COLUMNS,
    DEFAULT_FORMATS,
    EXPORTERS,
    GPKG_LAYERS,
    MANIFEST_NAME,
    csv_bytes,
    export_bytes,
    export_snapshot,
    export_zip,
    geojson_bytes,
    geoparquet_bytes,
    gpkg_bytes,
    parse_formats,
    safe_cell,
)
from geo.export.page import GENERATED_CLASS, inline_assets, snapshot_html
from geo.filters import Filters
from geo.map.offline import DEFAULT_BASE_URL, LOCAL_ASSET_CLASSES, asset_urls, use_local_assets
from geo.presentation import EVENT_COLOURS
from geo.export.snapshot import Snapshot, View, load_snapshot, parse_size

T1 = dt.datetime(2025, 12, 3, 9, 30, tzinfo=dt.timezone.utc)
T2 = dt.datetime(2026, 1, 15, 17, 5, 42, tzinfo=dt.timezone.utc)
GENERATED = re.compile(rf'<time class="{GENERATED_CLASS}">[^<]*</time>')


@pytest.fixture(scope="module")
def snapshot(seed_path: Path) -> Snapshot:
    """The seed article's snapshot, generated at a fixed time."""
    return replace(load_snapshot([seed_path]), generated_at=T1)


@pytest.fixture(scope="module")
def html_file(snapshot: Snapshot, vendor_assets, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "snapshot.html"
    path.write_text(snapshot_html(snapshot), encoding="utf-8")
    return path


@pytest.fixture
def offline_page(chromium, html_file: Path) -> Iterator[tuple]:
    """A page that may load only ``html_file`` itself: every other request (network or file) is aborted and recorded."""
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    blocked: list[str] = []
    errors: list[str] = []
    allowed = html_file.as_uri()

    def guard(route) -> None:
        if route.request.url == allowed:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    page.route("**/*", guard)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        yield page, blocked, errors
    finally:
        context.close()
    assert blocked == [], f"the snapshot page tried {len(blocked)} request(s): {blocked}"


def folium_links() -> dict[tuple[type, str], list[tuple[str, str]]]:
    """A copy of every default_js / default_css list that geo.map.offline rewrites."""
    return {(cls, attr): list(cls.__dict__[attr]) for cls in LOCAL_ASSET_CLASSES for attr in ("default_js", "default_css") if attr in cls.__dict__}


def set_folium_links(links: dict[tuple[type, str], list[tuple[str, str]]]) -> None:
    for (cls, attr), value in links.items():
        cls.__dict__[attr][:] = value


# --- HTML ---------------------------------------------------------------------------------------------


def test_html_opens_from_disk_with_no_request(offline_page, html_file: Path, snapshot: Snapshot) -> None:
    page, blocked, errors = offline_page
    page.goto(html_file.as_uri())
    page.wait_for_selector(".bw-incident", state="visible", timeout=10_000)
    ids = page.eval_on_selector_all(".bw-incident", "els => els.map(e => e.dataset.incident)")
    assert sorted(ids) == sorted(i.incident.id for i in snapshot.shown)
    page.locator(".bw-incident").first.click()
    popup = page.wait_for_selector(".leaflet-popup-content", state="visible", timeout=5_000)
    assert "Incident 000_5900aaeb977870d1-" in popup.inner_text()
    assert page.locator(".bw-legend").count() == 1
    header = page.inner_text(".bw-header")
    assert snapshot.title in header and "2025-11-26 – 2025-11-30" in header and "Generated 2025-12-03T09:30:00Z" in header
    assert "000_5900aaeb977870d1.txt" in header and "Natural Earth" in header
    assert page.title() == snapshot.title
    assert errors == [] and blocked == []


OPENING_MOTION = """window.__opening = new Promise((done) => document.addEventListener('DOMContentLoaded', () => {
    const map = Object.values(window).find((v) => v instanceof L.Map);
    done({panning: Boolean(map._panAnim && map._panAnim._inProgress), zooming: Boolean(map._animatingZoom)});
}));"""


def test_html_opens_at_its_view_without_moving(offline_page, html_file: Path) -> None:
    """An animated fit pans the map for a moment after load, and a click in that moment misses its marker."""
    page, _, _ = offline_page
    page.add_init_script(OPENING_MOTION)
    page.goto(html_file.as_uri())
    assert page.evaluate("window.__opening") == {"panning": False, "zooming": False}


def test_html_has_no_links_and_only_the_assets_it_uses(snapshot: Snapshot, vendor_assets) -> None:
    html = snapshot_html(snapshot)
    assert asset_urls(html) == []
    assert "leaflet.markercluster" not in html or "L.markerClusterGroup" in html
    assert "fa-solid-900" not in html and "glyphicon" not in html.lower()  # Font Awesome and Glyphicons are not used
    assert "Bootstrap" not in html  # neither is Bootstrap
    assert "L.AwesomeMarkers" not in html
    assert 0.3e6 < len(html.encode()) < 1.0e6


def test_html_is_the_same_except_the_generated_time(snapshot: Snapshot, vendor_assets) -> None:
    first = snapshot_html(replace(snapshot, generated_at=T1))
    second = snapshot_html(replace(snapshot, generated_at=T2))
    assert first != second and len(GENERATED.findall(first)) == 1
    assert GENERATED.sub("", first) == GENERATED.sub("", second)


def test_html_escapes_the_title(snapshot: Snapshot, vendor_assets) -> None:
    html = snapshot_html(replace(snapshot, title="<script>alert(1)</script> & co"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


@pytest.mark.parametrize("state", ["dashboard", "cdn"])
def test_exporting_html_leaves_folium_links_alone(snapshot: Snapshot, vendor_assets, state: str) -> None:
    """The dashboard points folium at /app/static/vendor; a snapshot made in the same process must not move that."""
    from geo.map.assets import VENDOR_URLS
    from geo.map.offline import IMAGEPATH_NAME

    saved = folium_links()
    try:
        if state == "dashboard":
            use_local_assets()
        else:  # folium's own CDN links, as in a fresh process
            cdn = {f"{DEFAULT_BASE_URL}/{relative}": url for url, relative in VENDOR_URLS.items()}
            set_folium_links({key: [(n, cdn.get(u, u)) for n, u in links if n != IMAGEPATH_NAME] for key, links in saved.items()})
        before = folium_links()
        html = snapshot_html(snapshot)
        assert folium_links() == before
        assert asset_urls(html) == []
        page = folium.Map(tiles=None).get_root().render()
        prefix = DEFAULT_BASE_URL + "/" if state == "dashboard" else "https://"
        urls = asset_urls(page)
        assert urls and all(url.startswith(prefix) for url in urls)
    finally:
        set_folium_links(saved)


def test_inline_assets_refuses_a_link_without_local_copy(vendor_assets) -> None:
    page = '<html><head><script src="https://cdn.example.org/x.js"></script></head><body></body></html>'
    with pytest.raises(Exception, match=r"https://cdn.example.org/x.js: no local copy to inline; allowed: the URLs in geo.map.assets.VENDOR_URLS"):
        inline_assets(page)


def test_the_map_view_is_the_snapshot_view(snapshot: Snapshot, vendor_assets) -> None:
    html = snapshot_html(replace(snapshot, view=View(37.0, 70.0, 38.0, 72.0)))
    assert "[[37.0, 70.0], [38.0, 72.0]]" in html and "[[36.3, 67.3], [39.2, 75.2]]" not in html


# --- PNG ----------------------------------------------------------------------------------------------


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def colour_near(image, x: float, y: float, colour: str, radius: int = 6, tolerance: int = 30) -> bool:
    """Whether a pixel within ``radius`` of (x, y) has ``colour`` (each channel within ``tolerance``)."""
    target = rgb(colour)
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            px = image.getpixel((int(x) + dx, int(y) + dy))[:3]
            if all(abs(a - b) <= tolerance for a, b in zip(px, target)):
                return True
    return False


@pytest.mark.parametrize("size", [(1600, 1000), (900, 700)])
def test_png_has_the_size_and_shows_incidents_and_border(snapshot: Snapshot, size: tuple[int, int]) -> None:
    from PIL import Image

    from geo.boundaries import load_boundaries
    from geo.export.picture import BORDER_RED, render_png

    picture = render_png(replace(snapshot, size=size))
    image = Image.open(io.BytesIO(picture.data)).convert("RGB")
    assert image.size == size and picture.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(image.getcolors(maxcolors=1 << 20)) > 500, "the picture looks blank"
    for item in snapshot.shown:
        x, y = picture.pixel(item.placement.latitude, item.placement.longitude)
        assert 0 < x < size[0] and 0 < y < size[1]
        assert colour_near(image, x, y, EVENT_COLOURS[item.incident.event_type]), f"no {item.incident.event_type} colour at {x:.0f},{y:.0f}"
    border = load_boundaries().border
    found = 0
    for share in (0.05, 0.1, 0.2, 0.35, 0.5):
        point = border.interpolate(share, normalized=True)
        x, y = picture.pixel(point.y, point.x)
        found += colour_near(image, x, y, BORDER_RED, radius=3)
    assert found >= 4, "the border red is missing along the border"
    x, y = picture.pixel(37.7, 74.7)  # inside Gorno-Badakhshan, away from the border: no red there
    assert not colour_near(image, x, y, BORDER_RED, radius=3)


def test_png_is_reproducible_and_survives_odd_titles(snapshot: Snapshot) -> None:
    from geo.export.picture import snapshot_png

    odd = replace(snapshot, title="Costs $5 and $6 \\ {braces} _under_ ^hat")
    assert snapshot_png(odd) == snapshot_png(odd)


def test_png_of_no_incidents_still_draws_the_map(snapshot: Snapshot) -> None:
    from PIL import Image

    from geo.export.picture import snapshot_png

    empty = replace(snapshot, filters=Filters(date_from=dt.date(2030, 1, 1)))
    image = Image.open(io.BytesIO(snapshot_png(empty)))
    assert image.size == (1600, 1000) and len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 100


def test_png_browser_screenshot_has_the_size(snapshot: Snapshot, vendor_assets, chromium) -> None:
    from PIL import Image

    data = export_bytes(replace(snapshot, size=(1000, 700)), "png-browser")
    assert Image.open(io.BytesIO(data)).size == (1000, 700)


# --- GeoJSON, CSV, GeoPackage ------------------------------------------------------------------------------


def test_geojson_is_rfc7946_with_incidents_and_places(snapshot: Snapshot) -> None:
    collection = json.loads(geojson_bytes(snapshot))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    layers = [f["properties"]["layer"] for f in collection["features"]]
    assert layers.count("incident") == 2 and "place" in layers
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946: longitude first
        assert feature["type"] == "Feature" and -180 <= lon <= 180 and -90 <= lat <= 90
        if feature["properties"]["layer"] == "incident":
            assert 67 < lon < 75 and 36 < lat < 39 and feature["id"] == feature["properties"]["id"]
    assert {"Dushanbe", "Kabul"} <= {f["properties"].get("name") for f in collection["features"]}


def test_csv_has_acled_columns_and_the_incidents(snapshot: Snapshot) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_bytes(snapshot).decode("utf-8"))))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert {"killed", "wounded", "distance_to_border_km", "origin", "quote"} <= set(rows[0])
    assert [(r["event_id_cnty"], r["admin1"], r["fatalities"], r["wounded"], r["country"]) for r in rows] == [
        ("000_5900aaeb977870d1-1", "Khatlon", "3", "1", "Tajikistan"),
        ("000_5900aaeb977870d1-2", "Gorno-Badakhshan", "2", "2", "Tajikistan"),
    ]
    assert rows[0]["event_date"] == "2025-11-26" and rows[0]["time_precision"] == "1" and rows[0]["geo_precision"] == "3"


@pytest.mark.parametrize("evil", ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"])
def test_csv_neutralises_formulas_from_article_text(snapshot: Snapshot, evil: str) -> None:
    item = snapshot.shown[0]
    bad = replace(item, incident=replace(item.incident, victims=evil, perpetrators=evil))
    rows = list(csv.DictReader(io.StringIO(csv_bytes(replace(snapshot, incidents=(bad,))).decode("utf-8"))))
    assert rows[0]["actor1"] == "'" + evil and rows[0]["actor2"] == "'" + evil
    assert rows[0]["latitude"] == str(item.placement.latitude)  # numbers stay numbers


def test_safe_cell_leaves_numbers_and_plain_text() -> None:
    assert safe_cell(-3.5) == -3.5 and safe_cell("Khatlon") == "Khatlon" and safe_cell(None) == ""


def test_geopackage_reads_back_with_the_same_incidents(snapshot: Snapshot, tmp_path: Path) -> None:
    import pyogrio

    path = tmp_path / "s.gpkg"
    path.write_bytes(gpkg_bytes(snapshot))
    assert [name for name, _ in pyogrio.list_layers(path)] == list(GPKG_LAYERS)
    incidents = pyogrio.read_dataframe(path, layer="incidents")
    assert list(incidents["id"]) == [i.incident.id for i in snapshot.shown]
    assert list(incidents["killed"]) == [3, 2] and list(incidents["admin1"]) == ["Khatlon", "Gorno-Badakhshan"]
    for (x, y), item in zip(incidents.geometry.apply(lambda g: (g.x, g.y)), snapshot.shown):
        assert (round(y, 5), round(x, 5)) == (item.placement.latitude, item.placement.longitude)
    assert str(incidents.crs) == "EPSG:4326"
    areas = pyogrio.read_dataframe(path, layer="uncertainty_areas")
    assert list(areas["incident"]) == list(incidents["id"]) and not areas.geometry.is_empty.any()
    provinces = pyogrio.read_dataframe(path, layer="provinces")
    assert provinces.set_index("name").loc["Khatlon", "incidents"] == 1
    assert len(pyogrio.read_dataframe(path, layer="border")) == 1
    assert "Dushanbe" in set(pyogrio.read_dataframe(path, layer="places")["name"])


def test_geopackage_of_no_incidents_has_every_layer(snapshot: Snapshot, tmp_path: Path) -> None:
    import pyogrio

    path = tmp_path / "empty.gpkg"
    path.write_bytes(gpkg_bytes(replace(snapshot, filters=Filters(date_to=dt.date(2000, 1, 1)))))
    assert [name for name, _ in pyogrio.list_layers(path)] == list(GPKG_LAYERS)
    assert len(pyogrio.read_dataframe(path, layer="incidents")) == 0


@pytest.mark.parametrize("reader", ["geopandas", "dask_geopandas"])
def test_geoparquet_opens_with_the_incidents_their_points_and_their_areas(snapshot: Snapshot, tmp_path: Path, reader: str) -> None:
    import geopandas
    import shapely

    path = tmp_path / "s.parquet"
    path.write_bytes(geoparquet_bytes(snapshot))
    frame = read_geoparquet(path, reader)
    assert list(frame["id"]) == [i.incident.id for i in snapshot.shown] and list(frame["killed"]) == [3, 2]
    assert isinstance(frame["uncertainty_area"], geopandas.GeoSeries) and frame.geometry.name == "geometry"
    assert frame.crs.to_epsg() == frame["uncertainty_area"].crs.to_epsg() == 4326
    for point, area, item in zip(frame.geometry, frame["uncertainty_area"], snapshot.shown):
        assert (round(point.y, 5), round(point.x, 5)) == (item.placement.latitude, item.placement.longitude)
        assert shapely.equals_exact(area, item.placement.area, tolerance=0) and area.covers(point)


def read_geoparquet(path: Path, reader: str):
    """The file as a GeoDataFrame, read by geopandas or (one partition, computed) by dask-geopandas."""
    if reader == "geopandas":
        import geopandas

        return geopandas.read_parquet(path)
    import dask_geopandas

    frame = dask_geopandas.read_parquet(path)
    assert list(frame.columns) == list(frame.compute().columns)  # both geometry columns known before computing
    return frame.compute()


def test_geoparquet_of_no_incidents_opens_with_its_columns(snapshot: Snapshot, tmp_path: Path) -> None:
    import geopandas

    path = tmp_path / "empty.parquet"
    path.write_bytes(geoparquet_bytes(replace(snapshot, filters=Filters(date_to=dt.date(2000, 1, 1)))))
    frame = geopandas.read_parquet(path)
    assert len(frame) == 0 and {"id", "date", "killed", "geometry", "uncertainty_area"} <= set(frame.columns)


def test_cli_exports_a_store_as_geoparquet_with_the_same_filters_as_csv(tmp_path: Path, seed_path: Path) -> None:
    import geopandas

    from geo.store import Store, ingest
    from geo.synthetic import article

    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in range(60):
        (folder / f"{seed:03d}.txt").write_text(article(seed), encoding="utf-8")
    home = tmp_path / "home"
    with Store(home) as store:
        ingest(store, [folder, seed_path])
        total = len(store.events())
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "geo", "export", "--home", str(home), "--out", str(out), "--format", "geoparquet,csv",
                             "--from", "2025-11-20", "--to", "2025-11-26"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(out / "snapshot.parquet"), str(out / "snapshot.csv"), str(out / MANIFEST_NAME)]
    rows = list(csv.DictReader(io.StringIO((out / "snapshot.csv").read_text(encoding="utf-8"))))
    frame = geopandas.read_parquet(out / "snapshot.parquet")
    assert 0 < len(frame) < total and list(frame["id"]) == [r["event_id_cnty"] for r in rows]
    assert all("2025-11-20" <= d <= "2025-11-26" for d in frame["date"])
    assert [round(p.y, 5) for p in frame.geometry] == [float(r["latitude"]) for r in rows]
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "snapshot.parquet" in json.dumps(manifest) and manifest["incidents"]["shown"] == len(frame)


# --- export_snapshot, manifest, reproducibility --------------------------------------------------------------


def test_exporting_twice_gives_the_same_files_except_the_timestamp(snapshot: Snapshot, vendor_assets, tmp_path: Path) -> None:
    first = export_snapshot(replace(snapshot, generated_at=T1), tmp_path / "a")
    second = export_snapshot(replace(snapshot, generated_at=T2), tmp_path / "b")
    assert [p.name for p in first] == [EXPORTERS[f].file_name for f in DEFAULT_FORMATS] + [MANIFEST_NAME]
    for a, b in zip(first, second):
        left, right = a.read_bytes(), b.read_bytes()
        if a.name == MANIFEST_NAME:
            left, right = json.loads(left), json.loads(right)
            assert (left.pop("generated_at"), right.pop("generated_at")) == ("2025-12-03T09:30:00Z", "2026-01-15T17:05:42Z")
        elif a.suffix == ".html":
            left, right = GENERATED.sub("", left.decode()), GENERATED.sub("", right.decode())
        assert left == right, f"{a.name} differs between two exports"
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.startswith(".")], "a temporary file was left behind"


def test_manifest_records_version_checksums_filters_and_view(snapshot: Snapshot, seed_path: Path) -> None:
    import hashlib

    import geo
    from geo.paths import DATA_DIR

    filtered = replace(snapshot, filters=Filters(date_from=dt.date(2025, 11, 28)), view=View(36.5, 70, 38.5, 73))
    manifest = json.loads(export_bytes(filtered, "manifest"))
    assert manifest["borderwatch_version"] == geo.__version__
    assert manifest["filters"]["date_from"] == "2025-11-28" and manifest["incidents"]["shown"] == 1
    assert manifest["view"] == {"south": 36.5, "west": 70, "north": 38.5, "east": 73}
    data = {d["file"]: d["sha256"] for d in manifest["data"]}
    assert set(data) == {p.name for p in DATA_DIR.iterdir() if p.is_file()}
    assert data["border.geojson"] == hashlib.sha256((DATA_DIR / "border.geojson").read_bytes()).hexdigest()
    assert manifest["articles"][0]["sha256"] == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert any(s["file"] == "gazetteer.tsv" and "GeoNames" in s["licence"] for s in manifest["sources"])


def test_export_bytes_and_zip_for_the_dashboard(snapshot: Snapshot, vendor_assets) -> None:
    for fmt in ("geojson", "csv", "gpkg"):
        assert export_bytes(snapshot, fmt) == EXPORTERS[fmt].render(snapshot)
    archive = zipfile.ZipFile(io.BytesIO(export_zip(snapshot, ["csv", "geojson"])))
    assert archive.namelist() == ["snapshot.csv", "snapshot.geojson", MANIFEST_NAME]


def test_a_failed_export_leaves_no_file(snapshot: Snapshot, vendor_assets, tmp_path: Path, monkeypatch) -> None:
    def broken(_snapshot):
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(EXPORTERS, "gpkg", replace(EXPORTERS["gpkg"], render=broken))
    with pytest.raises(RuntimeError, match="disk on fire"):
        export_snapshot(snapshot, tmp_path / "out", ["csv", "gpkg"])
    assert list((tmp_path / "out").iterdir()) == []


def test_a_failed_write_leaves_no_temporary_file(snapshot: Snapshot, tmp_path: Path, monkeypatch) -> None:
    import geo.files

    def no_rename(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(geo.files.os, "replace", no_rename)
    with pytest.raises(UsageError, match=r"snapshot.csv: cannot write \(No space left on device\); give an --out folder you can write to"):
        export_snapshot(snapshot, tmp_path / "out", ["csv"])
    assert list((tmp_path / "out").iterdir()) == []


# --- errors and the CLI --------------------------------------------------------------------------------


def test_unknown_format_lists_the_allowed_ones() -> None:
    with pytest.raises(UsageError, match=r"unknown format 'pdf'; allowed: html, png, png-browser, geojson, csv, gpkg, geoparquet \("):
        parse_formats("html,pdf")
    assert parse_formats("PNG, html,png") == ("png", "html")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("big", r"picture size 'big': give WIDTHxHEIGHT in pixels, e.g. 1600x1000"),
        ("100x100", r"picture size 100x100: give whole pixels from 400 to 8000 a side"),
        ("4000x500", r"picture size 4000x500: give a height from 0.4 to 2.5 times the width"),
    ],
)
def test_bad_picture_size(value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_size(value)


def test_bad_snapshot_values_are_usage_errors(snapshot: Snapshot) -> None:
    with pytest.raises(UsageError, match=r"unknown layer\(s\) \['roads'\]; allowed: border, bands"):
        replace(snapshot, layers=("border", "roads"))
    with pytest.raises(UsageError, match=r"map view .* is not a box"):
        View(39, 67, 36, 75)
    with pytest.raises(UsageError, match=r"unknown event type\(s\) \['Earthquakes'\]; allowed: Battles"):
        Filters(event_types=("Earthquakes",))
    assert View.from_folium({"_southWest": {"lat": 36, "lng": 68}, "_northEast": {"lat": 38, "lng": 72}}) == View(36, 68, 38, 72)


def test_filters_drop_undated_and_other_types(snapshot: Snapshot) -> None:
    item = snapshot.incidents[0]
    undated = replace(item, incident=replace(item.incident, date=None))
    assert Filters(date_from=dt.date(2025, 1, 1)).apply([undated, item]) == (item,)
    assert Filters(event_types=("Battles",)).apply(snapshot.incidents) == ()
    assert Filters().describe() == [] and replace(snapshot, filters=Filters()).filters_text() == "none"


def run_cli(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "snapshot", *argv], capture_output=True, text=True, cwd=cwd)


def test_cli_unknown_format_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    result = run_cli("--out", str(tmp_path / "out"), "--format", "html,pdf")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "borderwatch snapshot: error: unknown format 'pdf'; allowed: html, png, png-browser, geojson, csv, gpkg, geoparquet "
        "(comma-separated, e.g. --format html,png)\n"
    )
    assert not (tmp_path / "out").exists()


def test_cli_unwritable_output_folder_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for out, message in ((blocker, "a file of that name exists"), (blocker / "sub", "part of the path is a file")):
        result = run_cli("--out", str(out), "--format", "csv")
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and f"borderwatch snapshot: error: output folder {out}: {message}" in result.stderr


def test_cli_exports_the_seeds_with_a_date_filter(tmp_path: Path) -> None:
    from geo.paths import PROJECT_ROOT

    out = tmp_path / "out"
    result = run_cli("--out", str(out), "--format", "csv,geojson", "--from", "2025-11-28", "--to", "2025-12-31",
                     "--title", "Late November", cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(out / "snapshot.csv"), str(out / "snapshot.geojson"), str(out / MANIFEST_NAME)]
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["title"] == "Late November" and manifest["incidents"]["shown"] == 1
    assert manifest["articles"][0]["source"] == "seeds/000_5900aaeb977870d1.txt"
    rows = list(csv.DictReader(io.StringIO((out / "snapshot.csv").read_text(encoding="utf-8"))))
    assert [r["admin1"] for r in rows] == ["Gorno-Badakhshan"]


def test_cli_empty_date_range_is_exit_code_2(tmp_path: Path) -> None:
    result = run_cli("--out", str(tmp_path), "--from", "2025-12-01", "--to", "2025-11-01")
    assert result.returncode == 2
    assert result.stderr == (
        "borderwatch snapshot: error: date range 2025-12-01 to 2025-11-01 is empty; give a --from date on or before the --to date\n"
    )
