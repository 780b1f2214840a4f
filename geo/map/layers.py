"""Folium map layers: border, bands, provinces, incidents, uncertainty areas, arrows, places; all text escaped."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import shapely
from branca.element import MacroElement
from geopy.distance import geodesic
from jinja2 import Template
from shapely.geometry import mapping

from geo.boundaries import Boundaries, buffer_km, load_boundaries
from geo.locate import LocatedIncident, marker_placement, placed
from geo.model import Mention, Place
from geo.map.offline import blank_tile_layer
from geo.paths import DATA_DIR, VENDOR_DIR
from geo.presentation import (
    ATTRIBUTION,
    BAND_KM,
    EVENT_COLOURS,
    HOME_BOUNDS,
    LAYER_TITLES,
    LAYERS,
    NOT_STATED,
    count_text,
    escape_html,
    event_colour,
    marker_size,
    province_shade,
)
from geo.presentation import casualties as count_casualties  # "casualties" names a tally in this module

__all__ = [
    "CENTER",
    "Legend",
    "MARKERS_KEPT",
    "ONLINE_BASE_LAYERS",
    "STATIC_KEYS",
    "STATIC_LAYERS_DIR",
    "STATIC_LAYERS_URL",
    "UNUSED_FOLIUM_ASSETS",
    "fit_view",
    "incident_at",
    "incident_map",
    "marker_row",
    "popup_html",
    "selection_layer",
    "static_layer_data",
    "write_markers",
    "write_static_layers",
]

CENTER = (37.6, 70.6)
ONLINE_BASE_LAYERS = {
    "OpenStreetMap (online)": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors"),
    "Topographic (online)": ("https://tile.opentopomap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors, SRTM | © OpenTopoMap (CC-BY-SA)"),
    "Satellite (online)": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Imagery © Esri, Maxar, Earthstar Geographics",
    ),
}
"""Tile layers offered only as choices: the page asks no tile server until the user picks one."""
UNUSED_FOLIUM_ASSETS = frozenset({
    "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers", "awesome_markers_css", "awesome_markers_font_css",
    "awesome_rotate_css",
})
"""folium.Map's default links that these maps never use (no folium.Icon, no Bootstrap markup): about 350 kB less per page."""
STATIC_KEYS = ("countries", "provinces", "bands", "border")
"""The layers whose shapes do not depend on the incidents: the same on every page (see :func:`write_static_layers`)."""
STATIC_LAYERS_DIR = VENDOR_DIR.parent / "layers"
"""Where the dashboard writes the static layers' GeoJSON files (static/layers, served by Streamlit with static/vendor)."""
STATIC_LAYERS_URL = "/app/static/layers"
"""The URL path of :data:`STATIC_LAYERS_DIR` on the dashboard's server."""
_PANE_Z = {"countries": 350, "provinces": 360, "bands": 370, "border": 380}
"""Each static layer draws in a pane of its own below Leaflet's overlay pane (400), so that shapes loaded after
the page opened still lie under the incidents' areas and arrows."""


def incident_map(
    incidents: Sequence[LocatedIncident],
    mentions: Sequence[Mention] = (),
    *,
    boundaries: Boundaries | None = None,
    layers: Sequence[str] = LAYERS,
    online_base_layers: bool = True,
    data_dir: Path = DATA_DIR,
    static_layers: Mapping[str, Sequence[str]] | None = None,
    marker_rows: MutableMapping[str, str] | None = None,
    markers_url: Callable[[str], str] | None = None,
) -> folium.Map:
    """A folium map of ``incidents`` and the places ``mentions`` name, with the chosen layers.

    The shapes of the static layers (:data:`STATIC_KEYS`) are in the page, or, with ``static_layers`` (layer key →
    the URLs of its GeoJSON files, see :func:`write_static_layers`), fetched by the page from those files, so that
    the map's script carries the incidents only. ``marker_rows`` caches :func:`marker_row` by incident id: give
    one dict per version of the incidents. With ``markers_url`` (the rows' JSON text → a URL the page can fetch it
    from, such as :func:`write_markers`) the rows are a file too, and the script holds their URL. Every string that comes from an article is HTML-escaped before it
    reaches the page.
    """
    boundaries = boundaries or load_boundaries(data_dir)
    unknown = set(layers) - set(LAYERS)
    if unknown:
        from geo.errors import UsageError

        raise UsageError(f"unknown layer(s) {sorted(unknown)}; allowed: {', '.join(LAYERS)}")
    m = folium.Map(
        location=CENTER, zoom_start=7, tiles=None, max_zoom=18, min_zoom=3, control_scale=True, prefer_canvas=False,
        font_size="0.8rem",  # folium's default 1rem makes popups and the layer control large in a dashboard
    )
    _drop_unused_assets(m)
    blank_tile_layer("Offline outline", (244, 241, 234)).add_to(m)
    if online_base_layers:
        for name, (url, attribution) in ONLINE_BASE_LAYERS.items():
            folium.TileLayer(tiles=url, attr=attribution, name=name, show=False, overlay=False, max_zoom=18).add_to(m)
    shapes = static_layer_data(boundaries, data_dir) if static_layers is None else {}

    def static(key: str, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> folium.FeatureGroup:
        group = _group(key)
        sources: Sequence[Any] = static_layers[key] if static_layers is not None else shapes[key]
        for source in sources:
            _GeoJsonLayer(m, key, source, overrides).add_to(group)
        return group

    builders = {
        "countries": lambda: static("countries"),
        "provinces": lambda: static("provinces", _province_overrides(incidents)),
        "bands": lambda: static("bands"),
        "border": lambda: static("border"),
        "areas": lambda: _areas_layer(incidents),
        "arrows": lambda: _arrows_layer(incidents),
        "places": lambda: _places_layer(mentions),
        "incidents": lambda: _incidents_layer(incidents, marker_rows, markers_url),
    }
    for key in ("countries", "provinces", "bands", "border", "areas", "arrows", "places", "incidents"):
        group = builders[key]()
        group.show = key in layers
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    Legend().add_to(m)
    fit_view(m, HOME_BOUNDS)
    return m


def fit_view(m: folium.Map, bounds: Sequence[Sequence[float]]) -> None:
    """Show ``bounds`` ([[south, west], [north, east]]) when the page opens, replacing any earlier fit.

    The fit is not animated: an animated one pans the map for a moment after load,
    and a click in that moment misses the marker it was aimed at.
    """
    for key, child in list(m._children.items()):
        if isinstance(child, folium.FitBounds):
            del m._children[key]
    fit = folium.FitBounds(bounds)
    fit.options["animate"] = False
    fit.add_to(m)


def _drop_unused_assets(m: folium.Map) -> None:
    """Give ``m`` its own link lists without :data:`UNUSED_FOLIUM_ASSETS` (folium.Map's shared lists are left alone)."""
    m.default_js = [(name, url) for name, url in m.default_js if name not in UNUSED_FOLIUM_ASSETS]
    m.default_css = [(name, url) for name, url in m.default_css if name not in UNUSED_FOLIUM_ASSETS]


# -- layers -----------------------------------------------------------------------------------


def _group(key: str) -> folium.FeatureGroup:
    return folium.FeatureGroup(name=LAYER_TITLES[key], overlay=True, control=True)


@functools.cache
def _read(data_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((data_dir / name).read_text(encoding="utf-8"))


def _feature(feature: Mapping[str, Any], style: Mapping[str, Any], tooltip: str, **properties: Any) -> dict[str, Any]:
    """A GeoJSON feature for :class:`_GeoJsonLayer`: its Leaflet style and its tooltip (escaped HTML) in its properties."""
    return {"type": "Feature", "geometry": feature["geometry"], "properties": {**properties, "style": dict(style), "tooltip": tooltip}}


def _collection(features: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _tooltip_rows(*rows: tuple[str, object]) -> str:
    """Tooltip HTML: one line per (label, value), every value escaped."""
    return "<br>".join(f"<b>{escape_html(label)}</b> {escape_html(value)}" if label else f"<b>{escape_html(value)}</b>" for label, value in rows)


@functools.cache
def static_layer_data(boundaries: Boundaries, data_dir: Path = DATA_DIR) -> dict[str, tuple[dict[str, Any], ...]]:
    """The static layers' shapes (:data:`STATIC_KEYS` → GeoJSON FeatureCollections), each feature with its style and
    escaped tooltip; made once per boundaries and data folder. The provinces are drawn as if without incidents:
    the page shades them from the incidents (see :func:`incident_map`)."""
    countries = [
        _feature(
            f,
            {"color": "#555", "weight": 1.5 if f["properties"]["focus"] else 1,
             "fillColor": "#ffffff" if f["properties"]["focus"] else "#e2ded5", "fillOpacity": 0.6 if f["properties"]["focus"] else 0.5},
            _tooltip_rows(("Country", f["properties"]["code"])),
        )
        for f in _read(data_dir, "countries_web.geojson")["features"]
    ]
    others = [
        _feature(
            f, {"color": "#6b6257", "weight": 2, "dashArray": "5 4", "opacity": 0.9},
            _tooltip_rows(("", f["properties"]["name"]), ("Length", f"{f['properties']['length_km']:,.0f} km")),
        )
        for f in _read(data_dir, "borders_web.geojson")["features"]
        if f["properties"]["id"] != "border:AF-TJ"
    ]
    provinces = [
        _feature(
            f, {"color": "#8a8170", "weight": 0.8, "fillColor": province_shade(0), "fillOpacity": 0.15},
            _province_tooltip(f["properties"]["name"], 0, 0), name=f["properties"]["name"], code=f["properties"]["code"],
        )
        for f in _read(data_dir, "admin1_web.geojson")["features"]
    ]
    opacity = {10: 0.22, 25: 0.14, 50: 0.08}
    bands = [
        _feature({"geometry": geometry}, {"color": "#c0392b", "weight": 0, "fillColor": "#c0392b", "fillOpacity": opacity[km]},
                 _tooltip_rows(("", f"within {km} km of the border")))
        for km, geometry in _bands(boundaries)
    ]
    border = _feature(
        {"geometry": mapping(boundaries.border.simplify(0.002))}, {"color": "#c0392b", "weight": 4, "opacity": 0.9},
        _tooltip_rows(("", "Afghan–Tajik border"), ("Length", f"{boundaries.border_length_km:,.0f} km (Natural Earth 1:10m)")),
    )
    return {
        "countries": (_collection(countries), _collection(others)),
        "provinces": (_collection(provinces),),
        "bands": (_collection(bands),),
        "border": (_collection([border]),),
    }


_HIGHLIGHT = {"provinces": {"weight": 2, "color": "#333"}, "border": {"weight": 7}}


def write_static_layers(
    folder: Path = STATIC_LAYERS_DIR,
    base_url: str = STATIC_LAYERS_URL,
    boundaries: Boundaries | None = None,
    data_dir: Path = DATA_DIR,
) -> dict[str, tuple[str, ...]]:
    """Write the static layers' GeoJSON files into ``folder`` (once: a file is named by its content) and return
    layer key → the URLs (``base_url`` + name) that :func:`incident_map` takes as ``static_layers``.

    A name that changes with the content lets a browser cache the files and never shows stale shapes;
    files are written whole (a temporary file renamed), so two servers may write them at once.
    """
    data = static_layer_data(boundaries or load_boundaries(data_dir), data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    urls: dict[str, tuple[str, ...]] = {}
    for key, collections in data.items():
        names = []
        for number, collection in enumerate(collections):
            text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
            name = f"{key}-{number}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.geojson"
            path = folder / name
            if not path.is_file():
                scratch = folder / f".{name}.{os.getpid()}.partial"
                scratch.write_text(text, encoding="utf-8")
                os.replace(scratch, path)
            names.append(f"{base_url.rstrip('/')}/{name}")
        urls[key] = tuple(names)
    return urls


def _province_tooltip(name: str, incidents: int, casualties: int) -> str:
    return _tooltip_rows(("", name), ("Incidents", incidents), ("Killed + wounded", casualties))


def _province_overrides(incidents: Sequence[LocatedIncident]) -> dict[str, dict[str, Any]]:
    """Style and tooltip of each province that has incidents (by name): the part of the provinces layer that
    depends on the incidents."""
    counts = Counter(p.admin1 for _, p in placed(incidents) if p.admin1)
    casualties: Counter[str] = Counter()
    for item, p in placed(incidents):
        if p.admin1:
            casualties[p.admin1] += count_casualties(item)
    return {
        name: {"style": {"fillColor": province_shade(count), "fillOpacity": 0.55}, "tooltip": _province_tooltip(name, count, casualties[name])}
        for name, count in sorted(counts.items())
    }


_SCRIPT_BREAKERS = re.compile(r"<(?=/?script|!--)", re.IGNORECASE)


def _script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside a <script> element: no "</script", "<script" or "<!--" (each "<" there is
    written \\u003c). Markup in it, already escaped text in HTML tags such as a popup, stays as it is."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return _SCRIPT_BREAKERS.sub(r"\\u003c", text).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class _GeoJsonLayer(MacroElement):
    """Shapes added to the parent FeatureGroup: inline GeoJSON, or a GeoJSON file the page fetches (a URL); in a pane of
    their own below the overlay pane (static layers, with ``map``) or in the overlay pane.

    Each feature carries its Leaflet style and its tooltip (escaped HTML) in its properties; ``overrides`` (feature
    name → {"style", "tooltip"}) change some of them for this page.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var pane = {{ this.pane|tojson }}, over = {{ this.overrides_json }}, highlight = {{ this.highlight_json }};
            {% if this.map %}
            var map = {{ this.map.get_name() }};
            if (!map.getPane(pane)) { map.createPane(pane).style.zIndex = {{ this.z_index }}; }
            {% endif %}
            function own(f) { return over[f.properties.name] || {}; }
            function add(data) {
                var layer = L.geoJSON(data, {
                    pane: pane,
                    style: function (f) { return Object.assign({}, f.properties.style, own(f).style || {}); },
                    onEachFeature: function (f, shape) {
                        shape.bindTooltip(own(f).tooltip || f.properties.tooltip, {sticky: true});
                        if (highlight) {
                            shape.on("mouseover", function () { shape.setStyle(highlight); });
                            shape.on("mouseout", function () { layer.resetStyle(shape); });
                        }
                    }
                });
                layer.addTo(group);
            }
            {% if this.url %}
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(add);
            {% else %}
            add({{ this.data_json }});
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, map: folium.Map | None, key: str, source: str | Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self._name = "BorderwatchShapes"
        self.map = map  # None: Leaflet's overlay pane (the incidents' own shapes); its name is read when rendered
        self.pane = f"bw-{key}" if map is not None else "overlayPane"
        self.z_index = _PANE_Z.get(key, 400)
        self.url = source if isinstance(source, str) else None
        self.data_json = "" if isinstance(source, str) else _script_json(source)
        self.overrides_json = _script_json(dict(overrides or {}))
        self.highlight_json = _script_json(_HIGHLIGHT.get(key))


@functools.cache
def _bands(boundaries: Boundaries) -> list[tuple[int, dict]]:
    rings = []
    inner = None
    for km in BAND_KM:
        band = buffer_km(boundaries.border, km).simplify(0.005)
        ring = band if inner is None else band.difference(inner)
        rings.append((km, mapping(shapely.set_precision(ring, 1e-4))))
        inner = band
    return rings


def _areas_layer(incidents: Sequence[LocatedIncident]) -> folium.FeatureGroup:
    """The uncertainty areas, each drawn once however many incidents share it (the same region, the same colour)."""
    group = _group("areas")
    shared: dict[tuple[bytes, str], list[LocatedIncident]] = {}
    pairs = placed(incidents)
    keys = shapely.to_wkb([p.area for _, p in pairs])  # one call: 10,000 areas in 30 ms, not 100
    for (item, _), key in zip(pairs, keys):
        shared.setdefault((key, event_colour(item.incident.event_type)), []).append(item)
    features = []
    for (_, colour), items in shared.items():
        area = placed(items[:1])[0][1].area
        notes = list(dict.fromkeys(i.placement.note for i in items if i.placement))
        note = notes[0] + (f" (and {len(notes) - 1} more)" if len(notes) > 1 else "")
        count = f" · {len(items)} incidents" if len(items) > 1 else ""
        features.append(_feature(
            {"geometry": mapping(shapely.set_precision(area.simplify(0.003), 1e-4))},
            {"color": colour, "weight": 2, "dashArray": "6 4", "fillColor": colour, "fillOpacity": 0.12},
            escape_html(note + count), name=escape_html(items[0].incident.id),
        ))
    if features:
        _GeoJsonLayer(None, "areas", _collection(features)).add_to(group)
    return group


def _arrows_layer(incidents: Sequence[LocatedIncident]) -> folium.FeatureGroup:
    """Origin → target arrows (a dashed line and a head), each drawn once however many incidents share it."""
    group = _group("arrows")
    drawn: set[tuple[Any, ...]] = set()
    features = []
    for item in incidents:
        p = item.placement
        if p is None or p.origin_point is None:
            continue
        colour = event_colour(item.incident.event_type)
        start, end = p.origin_point, (p.latitude, p.longitude)
        label = escape_html(f"from {p.origin_admin1 or p.origin_country} to {p.admin1 or p.country}")
        if (start, end, colour, label) in drawn:
            continue
        drawn.add((start, end, colour, label))
        line = {"type": "LineString", "coordinates": [[start[1], start[0]], [end[1], end[0]]]}
        head = {"type": "Polygon", "coordinates": [[[lon, lat] for lat, lon in [*_arrow_head(start, end), _arrow_head(start, end)[0]]]]}
        features.append(_feature({"geometry": line}, {"color": colour, "weight": 3, "opacity": 0.9, "dashArray": "8 6"}, label))
        features.append(_feature({"geometry": head}, {"color": colour, "weight": 1, "fill": True, "fillColor": colour, "fillOpacity": 1.0}, label))
    if features:
        _GeoJsonLayer(None, "arrows", _collection(features)).add_to(group)
    return group


def _arrow_head(start: tuple[float, float], end: tuple[float, float], km: float = 3.0) -> list[tuple[float, float]]:
    """A small triangle pointing at ``end`` along the line from ``start``."""
    kx = math.cos(math.radians(end[0]))
    dx, dy = (end[1] - start[1]) * kx, end[0] - start[0]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    size = km / 111.0
    back = (end[0] - uy * size, end[1] - ux * size / kx)
    left = (back[0] + ux * size * 0.5, back[1] - uy * size * 0.5 / kx)
    right = (back[0] - ux * size * 0.5, back[1] + uy * size * 0.5 / kx)
    return [end, left, right]


def _places_layer(mentions: Sequence[Mention]) -> folium.FeatureGroup:
    group = _group("places")
    counts: Counter[str] = Counter()
    places: dict[str, tuple[Place, float, float]] = {}
    for m in mentions:
        p = m.place
        if p is not None and not p.is_area and p.lat is not None and p.lon is not None:
            counts[p.id] += 1
            places[p.id] = (p, p.lat, p.lon)
    for place_id, count in sorted(counts.items()):
        place, lat, lon = places[place_id]
        label = f"{place.name} ({place.kind}, {place.country}) — named {count}× in the article(s)"
        folium.CircleMarker(
            (lat, lon),
            radius=4 + min(count, 8),
            color="#1f4e79",
            weight=1,
            fill=True,
            fill_color="#5b9bd5",
            fill_opacity=0.8,
            tooltip=escape_html(label),
        ).add_to(group)
    return group


def _incidents_layer(
    incidents: Sequence[LocatedIncident], cache: MutableMapping[str, str] | None = None, markers_url: Callable[[str], str] | None = None
) -> folium.FeatureGroup:
    group = _group("incidents")
    cluster = folium.plugins.MarkerCluster(
        options={"maxClusterRadius": 30, "spiderfyOnMaxZoom": True, "chunkedLoading": True}
    ).add_to(group)
    rows = []
    for item in incidents:
        if item.placement is None:
            continue
        row = cache.get(item.incident.id) if cache is not None else None
        if row is None:
            row = marker_row(item)
            if cache is not None:
                cache[item.incident.id] = row
        rows.append(row)
    _IncidentMarkers(rows, markers_url("[" + ",".join(rows) + "]") if markers_url else None).add_to(cluster)
    return group


MARKERS_KEPT = 50
"""How many marker files :func:`write_markers` keeps (the newest): one per set of incidents a page showed."""


def write_markers(text: str, folder: Path = STATIC_LAYERS_DIR / "markers", base_url: str = STATIC_LAYERS_URL + "/markers") -> str:
    """Write the JSON text of a map's marker rows into ``folder`` (named by its content, written whole) and return its
    URL (``base_url`` + name); only the newest :data:`MARKERS_KEPT` files are kept."""
    name = f"markers-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:20]}.json"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if path.is_file():
        os.utime(path)
    else:
        scratch = folder / f".{name}.{os.getpid()}.partial"
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, path)
        files = sorted(folder.glob("markers-*.json"), key=lambda p: p.stat().st_mtime_ns if p.exists() else 0, reverse=True)
        for old in files[MARKERS_KEPT:]:
            old.unlink(missing_ok=True)
    return f"{base_url.rstrip('/')}/{name}"


def marker_row(item: LocatedIncident) -> str:
    """One incident marker as the page draws it, a JSON array: latitude, longitude, size (px), colour, flags (1
    background, 2 disputed), label, id, tooltip and popup, every text escaped HTML (safe inside a <script>)."""
    p = item.placement
    if p is None:
        raise ValueError(f"incident {item.incident.id}: not placed, so not on the map")
    i = item.incident
    label = str(i.killed) if i.killed is not None else "?"
    flags = (0 if i.primary else 1) | (2 if i.disputed else 0)
    return _script_json([
        round(p.latitude, 6), round(p.longitude, 6), _icon_size(item), event_colour(i.event_type), flags,
        escape_html(label), escape_html(i.id), escape_html(_tooltip(item)), popup_html(item),
    ])


class _IncidentMarkers(MacroElement):
    """The incident markers, added at once to the parent MarkerCluster: one JSON row each (:func:`marker_row`).

    A marker's popup becomes an element when it is clicked, before st_folium (listening on the cluster) reads its text.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            function asElement() {
                var popup = this.getPopup();
                if (typeof popup.getContent() === "string") {
                    var div = document.createElement("div");
                    div.innerHTML = popup.getContent();
                    popup.setContent(div);
                }
            }
            var Q = '"';  // so that the attribute with its value, in double quotes, is written only in the rows' popups
            function draw(rows) {
            var markers = rows.map(function (r) {
                var size = r[2], background = r[4] & 1, disputed = r[4] & 2;
                var html = '<div class="bw-incident' + (background ? " bw-background" : "") + (disputed ? " bw-disputed" : "")
                    + Q + ' data-incident=' + Q + r[6] + Q + ' style="width:' + size + "px;height:" + size + "px;line-height:" + size
                    + "px;background:" + r[3] + ";border-radius:50%;" + (background ? "opacity:0.55;" : "")
                    + "border:" + (disputed ? "2px dashed #fff" : "2px solid #fff")
                    + ';box-shadow:0 0 0 1px #333;color:#fff;font:bold 12px sans-serif;text-align:center">' + r[5] + "</div>";
                var icon = L.divIcon({html: html, iconSize: [size, size], iconAnchor: [size >> 1, size >> 1], className: "bw-incident-icon"});
                var marker = L.marker([r[0], r[1]], {icon: icon});
                marker.on("click", asElement);
                marker.bindPopup(r[8], {maxWidth: 380});
                marker.bindTooltip(r[7], {sticky: true});
                return marker;
            });
            {{ this._parent.get_name() }}.addLayers(markers);
            }
            {% if this.url %}
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(draw);
            {% else %}
            var rows = [{{ this.rows|join(",") }}];
            draw(rows);
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, rows: Sequence[str], url: str | None = None) -> None:
        super().__init__()
        self._name = "BorderwatchIncidents"
        self.rows = [] if url else list(rows)
        self.url = url


def selection_layer(item: LocatedIncident) -> folium.FeatureGroup:
    """A ring around the marker of the selected incident, outside the layer control and not clickable.

    Meant for st_folium's ``feature_group_to_add``, which draws it without reloading the map.
    """
    group = folium.FeatureGroup(name="Selected incident", control=False)
    if item.placement is None:
        return group
    radius = _icon_size(item) / 2 + 6
    for colour, weight in (("#ffffff", 6), ("#111111", 3)):
        ring = folium.CircleMarker((item.placement.latitude, item.placement.longitude), radius=radius, color=colour, weight=weight, fill=False)
        ring.options["interactive"] = False  # folium drops this option; without it the ring would catch the marker's clicks
        ring.add_to(group)
    return group


def _icon_size(item: LocatedIncident) -> int:
    return int(marker_size(item))


def _tooltip(item: LocatedIncident) -> str:
    i = item.incident
    standing = "".join(word for word, on in ((" · background", not i.primary), (" · disputed", i.disputed)) if on)
    p = marker_placement(item)
    return f"{i.date.isoformat() if i.date else 'undated'} · {i.sub_event_type} · {p.admin1 or p.country}{standing}"


def popup_html(item: LocatedIncident) -> str:
    """The popup of one incident marker: every value escaped, the incident id on the last line."""
    i, p = item.incident, marker_placement(item)
    origin = ", ".join(x for x in (p.origin_admin1, p.origin_country) if x)
    quote = i.quote if len(i.quote) <= 280 else i.quote[:277] + "…"
    rows = [
        f"<b>{escape_html(i.sub_event_type)}</b> <span style='color:#666'>({escape_html(i.event_type)})</span>",
        f"<b>Date:</b> {escape_html(i.date.isoformat() if i.date else NOT_STATED)} ({escape_html(i.date_precision or '?')} precision)",
        f"<b>Killed:</b> {count_text(i.killed)} · <b>Wounded:</b> {count_text(i.wounded)}",
        f"<b>Where:</b> {escape_html(p.note)}",
        f"<b>Distance to border:</b> {p.distance_to_border_km:.1f} km",
    ]
    if not i.primary or i.disputed:
        standing = "; ".join(word for word, on in (("background: an earlier incident the article recalls", not i.primary), ("disputed: only a claim, or denied", i.disputed)) if on)
        rows.append(f"<b>Standing:</b> {escape_html(standing)}")
    if origin:
        rows.append(f"<b>Origin:</b> {escape_html(origin)}")
    if i.victims:
        rows.append(f"<b>Victims:</b> {escape_html(i.victims)}")
    if i.perpetrators:
        rows.append(f"<b>Perpetrators:</b> {escape_html(i.perpetrators)}")
    rows.append(f"<i>“{escape_html(quote)}”</i>")
    rows.append(f"<span class='bw-id' style='color:#888;font-size:11px'>Incident {escape_html(i.id)}</span>")
    return f'<div class="bw-popup" data-incident="{escape_html(i.id)}">' + "<br>".join(rows) + "</div>"


def incident_at(lat: float, lon: float, incidents: Sequence[LocatedIncident], max_km: float = 2.0) -> LocatedIncident | None:
    """The incident whose marker is at (lat, lon) (a click), or None if none is within ``max_km``."""
    on_map = placed(incidents)
    if not on_map:
        return None
    nearest, p = min(on_map, key=lambda pair: geodesic((lat, lon), (pair[1].latitude, pair[1].longitude)).km)
    distance = geodesic((lat, lon), (p.latitude, p.longitude)).km
    return nearest if distance <= max_km else None


class Legend(MacroElement):
    """The legend as a Leaflet control with fixed, escaped HTML (no branca colormap, so no d3 from a CDN).

    It starts folded (a click unfolds it) on maps narrower than ``fold_below`` pixels, where it would hide markers.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function (map) {
                var div = L.DomUtil.create("div", "bw-legend");
                div.innerHTML = {{ this.html|tojson }};
                div.querySelector("details").open = map.getSize().x >= {{ this.fold_below }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, fold_below: int = 700) -> None:
        super().__init__()
        self._name = "Legend"
        self.fold_below = int(fold_below)
        rows = "".join(
            f"<div><span style='display:inline-block;width:12px;height:12px;border-radius:50%;background:{colour};margin-right:6px'></span>{escape_html(name)}</div>"
            for name, colour in EVENT_COLOURS.items()
        )
        # Narrow and foldable (<details>), so that it hides as little of a small map as possible.
        # Narrow and foldable (<details>), so that it hides as little of a small map as possible;
        # the data attribution stays visible when it is folded.
        self.html = (
            "<div style='background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font:12px sans-serif;"
            "box-shadow:0 1px 4px #888;max-width:240px'>"
            "<details open><summary style='cursor:pointer'><b>Legend</b></summary>"
            "<b>Incidents</b> (number = killed; size = killed + wounded)" + rows
            + "<div style='margin-top:4px'><span style='display:inline-block;width:18px;border-top:4px solid #c0392b;margin-right:6px'></span>Afghan–Tajik border</div>"
            + "<div><span style='display:inline-block;width:18px;border-top:2px dashed #555;margin-right:6px'></span>Uncertainty area · origin → target</div>"
            + "<div>Faded marker: background event · dashed ring: disputed report</div>"
            + "</details>"
            + f"<div style='color:#666;margin-top:4px;font-size:10px'>{escape_html(ATTRIBUTION)}</div></div>"
        )
