"""Folium map layers: border, bands, provinces, incidents, uncertainty areas, arrows, places; all text escaped."""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections import Counter
from collections.abc import Sequence
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
from geo.paths import DATA_DIR
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
    "ONLINE_BASE_LAYERS",
    "UNUSED_FOLIUM_ASSETS",
    "fit_view",
    "incident_at",
    "incident_map",
    "popup_html",
    "selection_layer",
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


def incident_map(
    incidents: Sequence[LocatedIncident],
    mentions: Sequence[Mention] = (),
    *,
    boundaries: Boundaries | None = None,
    layers: Sequence[str] = LAYERS,
    online_base_layers: bool = True,
    data_dir: Path = DATA_DIR,
) -> folium.Map:
    """A folium map of ``incidents`` and the places ``mentions`` name, with the chosen layers.

    Every string that comes from an article is HTML-escaped before it reaches the page.
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
    builders = {
        "countries": lambda: _countries_layer(data_dir),
        "provinces": lambda: _provinces_layer(incidents, data_dir),
        "bands": lambda: _bands_layer(boundaries),
        "border": lambda: _border_layer(boundaries),
        "areas": lambda: _areas_layer(incidents),
        "arrows": lambda: _arrows_layer(incidents),
        "places": lambda: _places_layer(mentions),
        "incidents": lambda: _incidents_layer(incidents),
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


def _countries_layer(data_dir: Path) -> folium.FeatureGroup:
    group = _group("countries")
    folium.GeoJson(
        _read(data_dir, "countries_web.geojson"),
        style_function=lambda f: {
            "color": "#555",
            "weight": 1.5 if f["properties"]["focus"] else 1,
            "fillColor": "#ffffff" if f["properties"]["focus"] else "#e2ded5",
            "fillOpacity": 0.6 if f["properties"]["focus"] else 0.5,
        },
        tooltip=folium.GeoJsonTooltip(fields=["code"], aliases=["Country"]),
    ).add_to(group)
    others = _read(data_dir, "borders_web.geojson")
    others["features"] = [
        {**f, "properties": {**f["properties"], "length": f"{f['properties']['length_km']:,.0f} km"}}
        for f in others["features"]
        if f["properties"]["id"] != "border:AF-TJ"
    ]
    folium.GeoJson(
        others,
        name="Other international borders",
        style_function=lambda f: {"color": "#6b6257", "weight": 2, "dashArray": "5 4", "opacity": 0.9},
        tooltip=folium.GeoJsonTooltip(fields=["name", "length"], aliases=["", "Length"]),
    ).add_to(group)
    return group


def _provinces_layer(incidents: Sequence[LocatedIncident], data_dir: Path) -> folium.FeatureGroup:
    counts = Counter(p.admin1 for _, p in placed(incidents))
    casualties: Counter[str | None] = Counter()
    for item, p in placed(incidents):
        casualties[p.admin1] += count_casualties(item)
    data = _read(data_dir, "admin1_web.geojson")
    features = [
        {**f, "properties": {"name": f["properties"]["name"], "code": f["properties"]["code"],
                             "incidents": counts.get(f["properties"]["name"], 0),
                             "casualties": casualties.get(f["properties"]["name"], 0)}}
        for f in data["features"]
    ]
    group = _group("provinces")
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {
            "color": "#8a8170",
            "weight": 0.8,
            "fillColor": province_shade(f["properties"]["incidents"]),
            "fillOpacity": 0.55 if f["properties"]["incidents"] else 0.15,
        },
        highlight_function=lambda f: {"weight": 2, "color": "#333"},
        tooltip=folium.GeoJsonTooltip(fields=["name", "incidents", "casualties"], aliases=["", "Incidents", "Killed + wounded"]),
    ).add_to(group)
    return group


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


def _bands_layer(boundaries: Boundaries) -> folium.FeatureGroup:
    group = _group("bands")
    opacity = {10: 0.22, 25: 0.14, 50: 0.08}
    for km, geometry in _bands(boundaries):
        folium.GeoJson(
            {"type": "Feature", "properties": {"band": f"within {km} km of the border"}, "geometry": geometry},
            style_function=lambda f, km=km: {"color": "#c0392b", "weight": 0, "fillColor": "#c0392b", "fillOpacity": opacity[km]},
            tooltip=folium.GeoJsonTooltip(fields=["band"], labels=False),
        ).add_to(group)
    return group


def _border_layer(boundaries: Boundaries) -> folium.FeatureGroup:
    group = _group("border")
    folium.GeoJson(
        {
            "type": "Feature",
            "properties": {"name": "Afghan–Tajik border", "length": f"{boundaries.border_length_km:,.0f} km (Natural Earth 1:10m)"},
            "geometry": mapping(boundaries.border.simplify(0.002)),
        },
        style_function=lambda f: {"color": "#c0392b", "weight": 4, "opacity": 0.9},
        highlight_function=lambda f: {"weight": 7},
        tooltip=folium.GeoJsonTooltip(fields=["name", "length"], aliases=["", "Length"]),
    ).add_to(group)
    return group


def _areas_layer(incidents: Sequence[LocatedIncident]) -> folium.FeatureGroup:
    group = _group("areas")
    for item, p in placed(incidents):
        feature = item.area_feature()
        if feature is None:
            continue
        feature["geometry"] = mapping(shapely.set_precision(p.area.simplify(0.003), 1e-4))
        feature["properties"] = {"note": escape_html(p.note), "id": escape_html(item.incident.id)}
        colour = event_colour(item.incident.event_type)
        folium.GeoJson(
            feature,
            style_function=lambda f, c=colour: {"color": c, "weight": 2, "dashArray": "6 4", "fillColor": c, "fillOpacity": 0.12},
            tooltip=folium.GeoJsonTooltip(fields=["note"], labels=False),
        ).add_to(group)
    return group


def _arrows_layer(incidents: Sequence[LocatedIncident]) -> folium.FeatureGroup:
    group = _group("arrows")
    for item in incidents:
        p = item.placement
        if p is None or p.origin_point is None:
            continue
        colour = event_colour(item.incident.event_type)
        start, end = p.origin_point, (p.latitude, p.longitude)
        label = escape_html(f"from {p.origin_admin1 or p.origin_country} to {p.admin1 or p.country}")
        folium.PolyLine([start, end], color=colour, weight=3, opacity=0.9, dash_array="8 6", tooltip=label).add_to(group)
        folium.Polygon(_arrow_head(start, end), color=colour, weight=1, fill=True, fill_opacity=1.0, tooltip=label).add_to(group)
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


def _incidents_layer(incidents: Sequence[LocatedIncident]) -> folium.FeatureGroup:
    group = _group("incidents")
    cluster = folium.plugins.MarkerCluster(options={"maxClusterRadius": 30, "spiderfyOnMaxZoom": True}).add_to(group)
    for index, item in enumerate(incidents):
        if item.placement is None:
            continue
        folium.Marker(
            (item.placement.latitude, item.placement.longitude),
            icon=_incident_icon(item),
            popup=folium.Popup(_popup_element(popup_html(item), f"{index}:{item.incident.id}"), max_width=380),
            tooltip=escape_html(_tooltip(item)),
        ).add_to(cluster)
    return group


def _popup_element(html: str, seed: str) -> folium.Html:
    """The popup's Html element with an id derived from ``seed``, not a random one.

    The same incidents then give the same page, so st_folium keeps the map (its
    component key hashes the page) instead of reloading it on every rerun.
    """
    element = folium.Html(html, script=True)
    element._id = hashlib.sha1(seed.encode("utf-8")).hexdigest()[:24]
    return element


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


def _incident_icon(item: LocatedIncident) -> folium.DivIcon:
    size = _icon_size(item)
    colour = event_colour(item.incident.event_type)
    label = str(item.incident.killed) if item.incident.killed is not None else "?"
    border = "2px dashed #fff" if item.incident.disputed else "2px solid #fff"
    opacity = "" if item.incident.primary else "opacity:0.55;"
    html = (
        f'<div class="bw-incident{"" if item.incident.primary else " bw-background"}{" bw-disputed" if item.incident.disputed else ""}" '
        f'data-incident="{escape_html(item.incident.id)}" '
        f'style="width:{size}px;height:{size}px;line-height:{size}px;background:{colour};border-radius:50%;{opacity}'
        f'border:{border};box-shadow:0 0 0 1px #333;color:#fff;font:bold 12px sans-serif;text-align:center">'
        f"{escape_html(label)}</div>"
    )
    return folium.DivIcon(html=html, icon_size=(size, size), icon_anchor=(size // 2, size // 2), class_name="bw-incident-icon")


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
    return f"<div class='bw-popup' data-incident='{escape_html(i.id)}'>" + "<br>".join(rows) + "</div>"


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
