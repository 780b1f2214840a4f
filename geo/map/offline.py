"""Point folium's CDN links at the local copies in static/vendor so that maps work with no network."""

from __future__ import annotations

import base64
import re
import struct
import zlib
from pathlib import Path

import folium
import folium.folium
import folium.plugins

from geo.map.assets import FETCH_COMMAND, IMAGEPATH_SCRIPT, VENDOR_DIR, VENDOR_URLS
from geo.errors import AssetsError, UsageError

__all__ = [
    "DEFAULT_BASE_URL",
    "IMAGEPATH_NAME",
    "LOCAL_ASSET_CLASSES",
    "asset_urls",
    "blank_tile_layer",
    "check_local_assets",
    "external_urls",
    "is_external",
    "local_asset_path",
    "missing_local_assets",
    "use_local_assets",
]

DEFAULT_BASE_URL = "/app/static/vendor"  # where Streamlit serves static/vendor (server.enableStaticServing)
IMAGEPATH_NAME = "borderwatch_leaflet_imagepath"

# The classes whose default_js / default_css use_local_assets rewrites. Popup, Tooltip,
# Icon, GeoJson and LayerControl have no links of their own: they use folium.Map's.
# folium.Map.default_js *is* folium.folium._default_js (one list, shared).
LOCAL_ASSET_CLASSES: tuple[type, ...] = (
    folium.Map,
    folium.plugins.MarkerCluster,
    folium.plugins.Fullscreen,
    folium.plugins.MiniMap,
    folium.plugins.MeasureControl,
    folium.plugins.AntPath,
    folium.plugins.HeatMap,
)

_EXTERNAL_URL = re.compile(r"""(?:https?:)?//[^\s"'<>()\\]+""", re.IGNORECASE)  # also //host/...
_HTTP_URL = re.compile(r"""https?://[^\s"'<>()\\]+""", re.IGNORECASE)
_ASSET_TAG = re.compile(
    r"""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE
)
_local_to_relative: dict[str, str] = {}  # local URLs set by earlier calls, for idempotence


def use_local_assets(base_url: str = DEFAULT_BASE_URL) -> None:
    """Rewrite, in place, the CDN links of folium.Map and the plugins we use to base_url + "/" + path.

    Idempotent, and a later call with another base_url moves the links again. Also
    inserts, right after leaflet.js, a script that sets L.Icon.Default.imagePath.
    Raises AssetsError naming any external URL that has no local copy.
    """
    base = _check_base_url(base_url)
    unknown: list[str] = []
    for cls in LOCAL_ASSET_CLASSES:
        for attr in ("default_js", "default_css"):
            links = cls.__dict__.get(attr)
            if links:
                unknown += _rewrite_links(links, base, f"{cls.__module__}.{cls.__qualname__}.{attr}")
    if unknown:
        raise AssetsError(
            f"no local copy of {', '.join(unknown)}; allowed: the URLs in geo.map.assets.VENDOR_URLS; "
            "add the file to assets/package.json and geo/assets.py, or do not use that folium class offline"
        )
    _insert_imagepath_script(base)


def _check_base_url(base_url: str) -> str:
    """Return base_url without a trailing slash; reject an empty or external one."""
    base = base_url.rstrip("/")
    if not base or _EXTERNAL_URL.match(base):
        raise UsageError(
            f"base_url {base_url!r}: give the local URL path where static/vendor is served, "
            f"such as {DEFAULT_BASE_URL!r} (Streamlit) or a relative path such as 'static/vendor'"
        )
    return base


def _rewrite_links(links: list[tuple[str, str]], base: str, where: str) -> list[str]:
    """Rewrite one default_js/default_css list in place; return 'url (where)' for each unknown URL."""
    unknown: list[str] = []
    for index, (name, url) in enumerate(links):
        relative = VENDOR_URLS.get(url) or _local_to_relative.get(url)
        if relative is None:
            if is_external(url):
                unknown.append(f"{url} ({where})")
            continue
        local = f"{base}/{relative}"
        _local_to_relative[local] = relative
        links[index] = (name, local)
    return unknown


def _insert_imagepath_script(base: str) -> None:
    """Put the L.Icon.Default.imagePath script into folium.Map.default_js right after leaflet.js."""
    links = folium.Map.default_js
    local = f"{base}/{IMAGEPATH_SCRIPT}"
    _local_to_relative[local] = IMAGEPATH_SCRIPT
    links[:] = [(name, url) for name, url in links if name != IMAGEPATH_NAME]
    names = [name for name, _ in links]
    if "leaflet" not in names:
        raise AssetsError(
            f"folium.Map.default_js has no 'leaflet' entry ({names}); "
            "folium changed: pin folium==0.20.0 or update geo/offline.py"
        )
    links.insert(names.index("leaflet") + 1, (IMAGEPATH_NAME, local))


def is_external(url: str) -> bool:
    """Tell whether a URL points to another host (http://, https:// or protocol-relative //)."""
    return bool(_EXTERNAL_URL.fullmatch(url.strip()))


def asset_urls(html: str) -> list[str]:
    """Return the src/href of every <script> and <link> tag in a rendered page, in order, once each."""
    return list(dict.fromkeys(_ASSET_TAG.findall(html)))


def external_urls(html: str) -> list[str]:
    """Return every http:// or https:// URL anywhere in a rendered page (tags, scripts, styles), once each."""
    return list(dict.fromkeys(match.group(0) for match in _HTTP_URL.finditer(html)))


def local_asset_path(url: str, base_url: str = DEFAULT_BASE_URL) -> Path:
    """Return the file under static/vendor that a local asset URL (base_url + "/" + path) serves."""
    prefix = base_url.rstrip("/") + "/"
    if not url.startswith(prefix):
        raise UsageError(f"{url}: not a local asset URL; allowed: URLs that start with {prefix!r}")
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    path = (VENDOR_DIR / relative).resolve()
    if not path.is_relative_to(VENDOR_DIR.resolve()):
        raise UsageError(f"{url}: points outside {VENDOR_DIR}")
    return path


def missing_local_assets(html: str, base_url: str = DEFAULT_BASE_URL) -> list[str]:
    """Return the local asset URLs of a rendered page whose file is not in static/vendor."""
    prefix = base_url.rstrip("/") + "/"
    urls = [url for url in asset_urls(html) if url.startswith(prefix)]
    return [url for url in urls if not local_asset_path(url, base_url).is_file()]


def check_local_assets(html: str, base_url: str = DEFAULT_BASE_URL) -> None:
    """Raise AssetsError if a rendered page loads an external asset or a local one that is missing."""
    external = [url for url in asset_urls(html) if is_external(url)]
    if external:
        raise AssetsError(f"page loads external assets {external}; call geo.map.offline.use_local_assets() first")
    missing = missing_local_assets(html, base_url)
    if missing:
        raise AssetsError(f"missing under {VENDOR_DIR}: {missing}; run `{FETCH_COMMAND}`")


def blank_tile_layer(name: str = "Blank", color: tuple[int, int, int] = (232, 232, 232)) -> folium.TileLayer:
    """Return a TileLayer of plain one-colour tiles (a data: URI), e.g. for MiniMap, which defaults to OSM."""
    return folium.TileLayer(
        tiles=_png_data_uri(color),
        attr="&nbsp;",
        name=name,
        overlay=False,
        control=False,
    )


def _png_data_uri(color: tuple[int, int, int]) -> str:
    """Return a data: URI of a 1×1 RGB PNG of the given colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit, RGB
    pixels = zlib.compress(b"\x00" + bytes(color))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
