"""The snapshot as one self-contained HTML file: the dashboard's map with every script, style and image inlined."""

from __future__ import annotations

import base64
import mimetypes
import re
from collections import OrderedDict
from pathlib import Path

from branca.element import Element

import geo
from geo.map.assets import FETCH_COMMAND, IMAGEPATH_SCRIPT, VENDOR_DIR, VENDOR_URLS
from geo.errors import AssetsError
from geo.map.layers import fit_view, incident_map
from geo.presentation import ATTRIBUTION, escape_html
from geo.map.offline import asset_urls, is_external
from geo.export.snapshot import Snapshot

__all__ = [
    "GENERATED_CLASS",
    "header_html",
    "inline_assets",
    "snapshot_html",
    "vendor_file",
]

GENERATED_CLASS = "bw-generated"
"""The class of the one element whose text changes between two exports of the same input."""

_ASSET_TAG = re.compile(
    r"""<script\b[^>]*?\bsrc\s*=\s*["']([^"']+)["'][^>]*>\s*</script>|<link\b[^>]*?\bhref\s*=\s*["']([^"']+)["'][^>]*>""",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_KNOWN_FILES = frozenset(VENDOR_URLS.values()) | {IMAGEPATH_SCRIPT}

# A vendor file is inlined only when the rendered page uses it: these patterns say what use
# looks like in folium's output. Files not listed here are always inlined.
_USED_WHEN: dict[str, str] = {
    "jquery/dist/jquery.min.js": r"\$\(|jQuery",
    "bootstrap/dist/js/bootstrap.bundle.min.js": r"\bbootstrap\.|data-bs-",
    "bootstrap/dist/css/bootstrap.min.css": r"\bclass=\\?[\"'](?:btn|container|row|col-|table|card|alert)\b",
    "bootstrap3/dist/css/glyphicons.css": r"glyphicon",
    "@fortawesome/fontawesome-free/css/all.min.css": r"\bfa-[a-z]|\"prefix\":\s*\"fa\"",
    "leaflet.awesome-markers/dist/leaflet.awesome-markers.js": r"L\.AwesomeMarkers",
    "leaflet.awesome-markers/dist/leaflet.awesome-markers.css": r"L\.AwesomeMarkers",
    "borderwatch/leaflet.awesome.rotate.css": r"L\.AwesomeMarkers",
    "leaflet.markercluster/dist/leaflet.markercluster.js": r"L\.markerClusterGroup",
    "leaflet.markercluster/dist/MarkerCluster.css": r"L\.markerClusterGroup",
    "leaflet.markercluster/dist/MarkerCluster.Default.css": r"L\.markerClusterGroup",
    "leaflet.fullscreen/Control.FullScreen.js": r"L\.control\.fullscreen",
    "leaflet.fullscreen/Control.FullScreen.css": r"L\.control\.fullscreen",
    IMAGEPATH_SCRIPT: r"L\.marker\(",
}
_MEDIA_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject",
                ".svg": "image/svg+xml", ".png": "image/png", ".gif": "image/gif", ".cur": "image/x-icon"}
_PAGE_STYLE = """
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.bw-header { flex: none; padding: 8px 14px 7px; background: #fbfaf7; border-bottom: 1px solid #d6d0c4; color: #222; }
.bw-header h1 { font-size: 19px; margin: 0 0 3px; font-weight: 600; }
.bw-header p { margin: 1px 0; font-size: 12.5px; line-height: 1.4; color: #444; }
.bw-header b { color: #222; font-weight: 600; }
.bw-header .bw-attribution { color: #777; font-size: 11px; }
.folium-map { flex: 1 1 0; min-height: 0; height: auto !important; }
"""


def snapshot_html(snapshot: Snapshot, *, show_generated: bool = True) -> str:
    """The snapshot as one HTML page that opens from disk with no network.

    The map is :func:`geo.map.layers.incident_map` (the dashboard's) with the snapshot's layers
    and view; only the vendor files the page uses are inlined, CSS images and fonts as
    data: URIs. The folium link lists are read, never changed, so the dashboard's map in
    the same process is not disturbed. Element names are numbered in order, so the same
    snapshot gives the same page except for the "generated at" value.
    """
    m = incident_map(snapshot.shown, snapshot.mentions, layers=snapshot.layers, online_base_layers=False)
    fit_view(m, snapshot.view.folium_bounds())
    root = m.get_root()
    _number_elements(root)
    html = inline_assets(root.render())
    return _add_header(html, snapshot, show_generated)


def _number_elements(root: Element) -> None:
    """Give every element of the page a sequential id instead of a random one (stable output)."""
    elements = _walk(root, [], set())
    old_names = {id(e): e.get_name() for e in elements}
    for number, element in enumerate(elements):
        element._id = f"bw{number}"
    for element in elements:
        element._children = OrderedDict(
            (child.get_name() if key == old_names.get(id(child)) else key, child) for key, child in element._children.items()
        )


def _walk(element: Element, found: list[Element], seen: set[int]) -> list[Element]:
    if id(element) in seen:
        return found
    seen.add(id(element))
    found.append(element)
    for child in element._children.values():
        _walk(child, found, seen)
    for attr in ("header", "html", "script"):  # branca Figures (and Popups) keep these outside _children
        part = getattr(element, attr, None)
        if isinstance(part, Element):
            _walk(part, found, seen)
    return found


# -- inlining ------------------------------------------------------------------------------


def inline_assets(html: str) -> str:
    """Replace each <script src> and <link href> of a rendered folium page by the vendor file's content.

    Works whatever folium's links point at (the CDN, or a local base set by
    :func:`geo.map.offline.use_local_assets`). Unused vendor files are dropped. Raises
    AssetsError for a link with no local copy or a vendor file that is missing.
    """
    page = _ASSET_TAG.sub("", html)  # where use of a vendor file is looked for
    done: set[str] = set()

    def inline(match: re.Match) -> str:
        url = match.group(1) or match.group(2)
        done.add(url)
        return _inline_script(url, page) if match.group(1) else _inline_link(match.group(0), url, page)

    inlined = _ASSET_TAG.sub(inline, html)
    left = [url for url in asset_urls(html) if url not in done]
    if left:
        raise AssetsError(f"could not inline {left}; write <script src> and <link href> tags as folium does")
    return inlined


def _is_used(relative: str, page: str) -> bool:
    pattern = _USED_WHEN.get(relative)
    return pattern is None or re.search(pattern, page) is not None


def _inline_script(url: str, page: str) -> str:
    relative = vendor_file(url)
    if not _is_used(relative, page):
        return ""
    if relative == IMAGEPATH_SCRIPT:
        return f"<script>{_default_icon_script()}</script>"
    return f"<script>{_script_safe(_read_vendor(relative))}</script>"


def _inline_link(tag: str, url: str, page: str) -> str:
    if not re.search(r"""\brel\s*=\s*["']?stylesheet""", tag, re.IGNORECASE):
        return tag
    relative = vendor_file(url)
    if not _is_used(relative, page):
        return ""
    css = _css_with_data_uris(_read_vendor(relative), relative)
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE) + "</style>"


def vendor_file(url: str) -> str:
    """The path under static/vendor of a folium asset link (a CDN URL or a local one)."""
    relative = VENDOR_URLS.get(url)
    if relative is None and not is_external(url):
        path = url.split("?", 1)[0].split("#", 1)[0]
        relative = next((known for known in _KNOWN_FILES if path.endswith("/" + known) or path == known), None)
    if relative is None:
        raise AssetsError(
            f"{url}: no local copy to inline; allowed: the URLs in geo.map.assets.VENDOR_URLS; "
            "add the file to assets/package.json and geo/assets.py, or do not use that folium class"
        )
    return relative


def _read_vendor(relative: str) -> str:
    path = VENDOR_DIR / relative
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AssetsError(f"{path} is missing; run `{FETCH_COMMAND}`") from None


def _script_safe(js: str) -> str:
    """JavaScript that cannot end its <script> element early."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _css_with_data_uris(css: str, relative: str) -> str:
    """CSS with each url(file) (fonts, images) replaced by a data: URI of the vendor file."""
    folder = (VENDOR_DIR / relative).parent

    def replace(match: re.Match) -> str:
        target = match.group(2).strip()
        if target.startswith(("data:", "#")):
            return match.group(0)
        if is_external(target):
            raise AssetsError(f"{relative} refers to {target}; only files under {VENDOR_DIR} can be inlined")
        path = (folder / target.split("?", 1)[0].split("#", 1)[0]).resolve()
        if not path.is_relative_to(VENDOR_DIR.resolve()) or not path.is_file():
            raise AssetsError(f"{relative} refers to {target}, which is not in {VENDOR_DIR}; run `{FETCH_COMMAND}`")
        return f'url("{_data_uri(path)}")'

    return _CSS_URL.sub(replace, css)


def _data_uri(path: Path) -> str:
    media = _MEDIA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{media};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _default_icon_script() -> str:
    """Leaflet's default marker images as data: URIs (Leaflet cannot find its image folder in an inlined page)."""
    images = VENDOR_DIR / "leaflet" / "dist" / "images"
    if not images.is_dir():
        raise AssetsError(f"{images} is missing; run `{FETCH_COMMAND}`")
    options = {key: _data_uri(images / name) for key, name in
               (("iconUrl", "marker-icon.png"), ("iconRetinaUrl", "marker-icon-2x.png"), ("shadowUrl", "marker-shadow.png"))}
    settings = "".join(f'L.Icon.Default.prototype.options.{key}="{uri}";' for key, uri in options.items())
    return f'L.Icon.Default.imagePath="";{settings}'


# -- the header ----------------------------------------------------------------------------


def _add_header(html: str, snapshot: Snapshot, show_generated: bool) -> str:
    head = (
        f"<title>{escape_html(snapshot.title)}</title>\n"
        f'<meta name="generator" content="Borderwatch {escape_html(geo.__version__)}">\n'
        f"<style>{_PAGE_STYLE}</style>\n"
    )
    html = html.replace("<head>", "<head>\n" + head, 1)
    return re.sub(r"<body>", lambda _: "<body>\n" + header_html(snapshot, show_generated), html, count=1)


def header_html(snapshot: Snapshot, show_generated: bool = True) -> str:
    """The header above the map: title, date range, filters, generated at, sources and attribution."""
    shown, total = len(snapshot.shown), len(snapshot.incidents)
    counts = f"{shown} incident{'s' if shown != 1 else ''}" + (f" of {total}" if shown != total else "")
    articles = ", ".join(
        escape_html(Path(a.source).name) + (f" ({a.published.isoformat()})" if a.published else "") for a in snapshot.articles
    ) or "none"
    generated = (
        f' · <b>Generated</b> <time class="{GENERATED_CLASS}">{escape_html(snapshot.generated_text())}</time>' if show_generated else ""
    )
    return (
        '<header class="bw-header">'
        f"<h1>{escape_html(snapshot.title)}</h1>"
        f"<p><b>Dates</b> {escape_html(snapshot.date_range_text())} · {counts} · <b>Filters</b> {escape_html(snapshot.filters_text())}{generated}</p>"
        f"<p><b>Sources</b> {articles} · placements are estimates: see each popup's “Where” and the dashed uncertainty areas</p>"
        f'<p class="bw-attribution">{escape_html(ATTRIBUTION)} · Borderwatch {escape_html(geo.__version__)}</p>'
        "</header>\n"
    )
