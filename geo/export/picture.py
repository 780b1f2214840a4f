"""The snapshot as a PNG picture for a report: drawn with matplotlib (Agg, no browser), or a Chromium screenshot."""

from __future__ import annotations

import functools
import io
import math
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

import geo
from geo.coordinates import xy
from geo.boundaries import LOCAL_CRS, Boundaries, buffer_km, load_boundaries
from geo.errors import UsageError
from geo.presentation import ATTRIBUTION, BAND_KM, COUNTRY_NAMES, EVENT_COLOURS, PROVINCE_SHADES, count_text, event_colour, marker_size, province_shade
from geo.locate import LocatedIncident
from geo.export.snapshot import Snapshot

__all__ = [
    "BACKGROUND",
    "BORDER_RED",
    "CHROMIUM",
    "HEADER_IN",
    "MIN_ARROW_PX",
    "PANEL",
    "PLACE_BLUE",
    "Picture",
    "SIMPLIFY_PX",
    "WIDTH_IN",
    "render_png",
    "screenshot_png",
    "snapshot_png",
]

WIDTH_IN = 10.0
"""The picture is laid out 10 inches wide whatever its pixel size, so it looks the same at any size."""
HEADER_IN = 0.78
PANEL = 0.25
"""Share of the width given to the panel on the right: legend and the list of incidents."""
SIMPLIFY_PX = 0.4
"""Shapes are simplified to this many pixels before drawing: invisible, and much faster."""
MIN_ARROW_PX = 70
"""Origin → target arrows shorter than this are drawn longer (backwards from the target) so that they show."""
BACKGROUND = "#f4f1ea"
BORDER_RED = "#c0392b"
PLACE_BLUE = "#1f4e79"
CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class Picture:
    """A rendered PNG and where a latitude/longitude lands on it (pixels from the top-left corner)."""

    data: bytes
    width: int
    height: int
    _to_pixel: Callable[[float, float], tuple[float, float]]

    def pixel(self, lat: float, lon: float) -> tuple[float, float]:
        """(x, y) in pixels of a point, y downwards as in image files."""
        return self._to_pixel(lat, lon)


def snapshot_png(snapshot: Snapshot) -> bytes:
    """The registry's PNG exporter: :func:`render_png`'s bytes."""
    return render_png(snapshot).data


def render_png(snapshot: Snapshot) -> Picture:
    """Draw the snapshot map with matplotlib's Agg canvas (no pyplot, no browser, no network).

    Shapes are drawn in a Lambert azimuthal equal-area projection centred on the border,
    so the scale bar holds across the map. Only the snapshot's layers are drawn.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = snapshot.size
    dpi = width / WIDTH_IN
    figure = Figure(figsize=((width + 0.01) / dpi, (height + 0.01) / dpi), dpi=dpi, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    header = HEADER_IN / (height / dpi)
    ax = figure.add_axes((0, 0, 1 - PANEL, 1 - header))
    _frame(ax, snapshot)
    boundaries = load_boundaries()
    project = _projector()
    shown = snapshot.shown
    drawers = {
        "countries": lambda: _draw_countries(ax, boundaries, project),
        "provinces": lambda: _draw_provinces(ax, boundaries, shown, project),
        "bands": lambda: _draw_bands(ax, boundaries, project),
        "border": lambda: _draw_border(ax, boundaries, project),
        "areas": lambda: _draw_areas(ax, shown, project),
        "arrows": lambda: _draw_arrows(ax, shown, boundaries, project),
        "places": lambda: _draw_places(ax, snapshot, project),
        "incidents": lambda: _draw_incidents(ax, shown, project),
    }
    for key in ("countries", "provinces", "bands", "border", "areas", "arrows", "places", "incidents"):
        if key in snapshot.layers:
            drawers[key]()
    _draw_labels(ax, boundaries, snapshot, project)
    _draw_scale_bar(ax)
    _draw_north_arrow(ax)
    _draw_attribution(ax)
    _draw_header(figure, snapshot, header)
    legend_bottom = _draw_legend(figure, canvas, snapshot, top=1 - header - 0.012)
    _draw_incident_list(figure, snapshot, top=legend_bottom - 0.03, height_in=height / dpi)
    buffer = io.BytesIO()
    canvas.print_png(buffer, metadata={"Title": snapshot.title, "Software": f"Borderwatch {geo.__version__}", "Source": ATTRIBUTION})
    transform = ax.transData.frozen()

    def to_pixel(lat: float, lon: float) -> tuple[float, float]:
        x, y = transform.transform(project.point(lat, lon))  # type: ignore[attr-defined]  # a frozen Affine2D
        return float(x), float(height - y)

    return Picture(buffer.getvalue(), width, height, to_pixel)


# -- projection and frame -------------------------------------------------------------------


@dataclass(frozen=True)
class _Projector:
    """Longitude/latitude to metres in :data:`geo.boundaries.LOCAL_CRS`."""

    forward: Callable[[float, float], tuple[float, float]]

    def geometry(self, geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geometry, _forward_array)

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        return self.forward(*xy(lat, lon))


_thread = threading.local()


def _transformer():
    """One pyproj Transformer per thread (they are not thread-safe; Streamlit serves sessions in threads)."""
    transformer = getattr(_thread, "transformer", None)
    if transformer is None:
        from pyproj import Transformer

        transformer = _thread.transformer = Transformer.from_crs("EPSG:4326", LOCAL_CRS, always_xy=True)
    return transformer


def _forward_array(xy):
    import numpy as np

    x, y = _transformer().transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _projector() -> _Projector:
    return _Projector(lambda lon, lat: _transformer().transform(lon, lat))


def _frame(ax, snapshot: Snapshot) -> None:
    """Axes limits: the view box in the projection, widened to the axes' shape (equal scale in x and y)."""
    v = snapshot.view
    outline = shapely.segmentize(box(v.west, v.south, v.east, v.north), 0.1)
    minx, miny, maxx, maxy = _projector().geometry(outline).bounds
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        raise UsageError(f"map view {v.as_json()} is too large for the picture; give a box of at most a few thousand km around the border")
    ax_width, ax_height = _axes_pixels(ax)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    scale = max((maxx - minx) / ax_width, (maxy - miny) / ax_height)  # metres per pixel
    ax.set_xlim(cx - scale * ax_width / 2, cx + scale * ax_width / 2)
    ax.set_ylim(cy - scale * ax_height / 2, cy + scale * ax_height / 2)
    ax.set_facecolor(BACKGROUND)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#888")
        spine.set_linewidth(0.6)


def _axes_pixels(ax) -> tuple[float, float]:
    bbox = ax.get_window_extent()
    return bbox.width, bbox.height


def _view_box(ax) -> BaseGeometry:
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return box(x0, y0, x1, y1)


# -- layers ---------------------------------------------------------------------------------


def _patch(ax, geometry: BaseGeometry, **style) -> None:
    """Add a projected polygon or multipolygon as one PathPatch, simplified to what the picture can show.

    ``add_artist``, not ``add_patch``: the limits are fixed already, and add_patch's data-limit
    update walks every vertex (it was most of the drawing time).
    """
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    geometry = shapely.simplify(geometry, _metres_per_px(ax) * SIMPLIFY_PX, preserve_topology=True)
    polygons = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon" and not g.is_empty]
    if not polygons:
        return
    vertices, codes = [], []
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)
            vertices += coords
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
    ax.add_artist(PathPatch(MplPath(vertices, codes), **style))


def _metres_per_px(ax) -> float:
    return (ax.get_xlim()[1] - ax.get_xlim()[0]) / _axes_pixels(ax)[0]


def _lines(ax, geometry: BaseGeometry, **style) -> None:
    for line in getattr(geometry, "geoms", [geometry]):
        if line.geom_type == "LineString" and not line.is_empty:
            xs, ys = line.xy
            ax.plot(xs, ys, **style)


def _draw_countries(ax, boundaries: Boundaries, project: _Projector) -> None:
    for code, geometry in sorted(boundaries.countries.items()):
        focus = code in ("AF", "TJ")
        _patch(ax, project.geometry(geometry), facecolor="#fdfcfa" if focus else "#e8e4dc", edgecolor="#555", linewidth=0.8, zorder=1)


def _draw_provinces(ax, boundaries: Boundaries, incidents: Sequence[LocatedIncident], project: _Projector) -> None:
    counts: dict[str, int] = {}
    for item in incidents:
        if item.placement and item.placement.admin1:
            counts[item.placement.admin1] = counts.get(item.placement.admin1, 0) + 1
    for unit in sorted(boundaries.units.values(), key=lambda u: u.code):
        count = counts.get(unit.name, 0)
        _patch(
            ax,
            project.geometry(unit.geometry),
            facecolor=province_shade(count),
            alpha=0.85 if count else 0.55,
            edgecolor="#8a8170",
            linewidth=0.5,
            zorder=2,
        )


@functools.cache
def _band_rings(boundaries: Boundaries) -> tuple[tuple[int, BaseGeometry], ...]:
    rings, inner = [], None
    for km in BAND_KM:
        band = buffer_km(boundaries.border, km).simplify(0.003)
        rings.append((km, band if inner is None else band.difference(inner)))
        inner = band
    return tuple(rings)


def _draw_bands(ax, boundaries: Boundaries, project: _Projector) -> None:
    opacity = {10: 0.20, 25: 0.12, 50: 0.07}
    for km, ring in _band_rings(boundaries):
        _patch(ax, project.geometry(ring), facecolor=BORDER_RED, alpha=opacity.get(km, 0.07), linewidth=0, zorder=3)


def _draw_border(ax, boundaries: Boundaries, project: _Projector) -> None:
    line = shapely.simplify(project.geometry(boundaries.border), _metres_per_px(ax) * SIMPLIFY_PX)
    _lines(ax, line, color="white", linewidth=5.2, solid_capstyle="round", zorder=4)
    _lines(ax, line, color=BORDER_RED, linewidth=2.8, solid_capstyle="round", zorder=4.1)


def _colour(item: LocatedIncident) -> str:
    return event_colour(item.incident.event_type)


def _draw_areas(ax, incidents: Sequence[LocatedIncident], project: _Projector) -> None:
    for item in incidents:
        if item.placement is None:
            continue
        area = project.geometry(item.placement.area)
        _patch(ax, area, facecolor=_colour(item), alpha=0.14, linewidth=0, zorder=5)
        _patch(ax, area, facecolor="none", edgecolor=_colour(item), linewidth=1.4, linestyle=(0, (5, 3)), zorder=5.1)


def _marker_points(item: LocatedIncident) -> float:
    """Marker diameter in points: grows with killed + wounded, as on the dashboard."""
    return marker_size(item) * 0.55


def _draw_arrows(ax, incidents: Sequence[LocatedIncident], boundaries: Boundaries, project: _Projector) -> None:
    for item in incidents:
        p = item.placement
        if p is None or p.origin_point is None:
            continue
        end = project.point(p.latitude, p.longitude)
        start = _long_enough(ax, project.point(*p.origin_point), end, _origin_area(p, boundaries, project))
        ax.annotate(
            "",
            xy=end,
            xytext=start,
            arrowprops={
                "arrowstyle": "-|>,head_length=0.8,head_width=0.4",
                "color": _colour(item),
                "linewidth": 2.2,
                "linestyle": (0, (4, 2)),
                "shrinkA": 0,
                "shrinkB": _marker_points(item) / 2 + 1.5,
                "mutation_scale": 14,
            },
            zorder=6,
        )
        ax.plot(*start, marker="o", markersize=5, color=_colour(item), markeredgecolor="white", markeredgewidth=1, zorder=6)


def _origin_area(placement, boundaries: Boundaries, project: _Projector) -> BaseGeometry | None:
    """The (projected) unit or country an incident came from, if known."""
    try:
        area = boundaries.unit(placement.origin_admin1).geometry if placement.origin_admin1 else None
    except UsageError:
        area = None
    if area is None:
        area = boundaries.countries.get(placement.origin_country or "")
    return project.geometry(area) if area is not None else None


def _long_enough(
    ax, start: tuple[float, float], end: tuple[float, float], origin_area: BaseGeometry | None
) -> tuple[float, float]:
    """Where to start the arrow to ``end`` so that it is about MIN_ARROW_PX long on the picture.

    The origin point is a symbol (just across the border), not a launch site: the start may
    move further into the same origin unit or country, first straight back, else turned by
    up to 90°, but never out of it. Without an origin area the start stays where it is.
    """
    metres_per_px = _metres_per_px(ax)
    dx, dy = start[0] - end[0], start[1] - end[1]
    length = math.hypot(dx, dy)
    wanted = MIN_ARROW_PX * metres_per_px
    if length == 0 or length >= wanted or origin_area is None or not origin_area.contains(Point(start)):
        return start
    heading = math.atan2(dy, dx)
    for turn in (0, 15, -15, 30, -30, 45, -45, 60, -60, 75, -75, 90, -90):
        angle = heading + math.radians(turn)
        candidate = (end[0] + math.cos(angle) * wanted, end[1] + math.sin(angle) * wanted)
        middle = (end[0] + math.cos(angle) * wanted / 2, end[1] + math.sin(angle) * wanted / 2)
        if origin_area.contains(Point(candidate)) and origin_area.contains(Point(middle)):
            return candidate
    return start


def _draw_places(ax, snapshot: Snapshot, project: _Projector) -> None:
    import matplotlib.patheffects as pe

    view = _view_box(ax)
    for named in snapshot.places():
        place, count = named.place, named.count
        x, y = project.point(named.lat, named.lon)
        if not view.contains(Point(x, y)):
            continue
        ax.plot(x, y, marker="o", markersize=4 + min(count, 6) * 0.6, color="#5b9bd5", markeredgecolor=PLACE_BLUE,
                markeredgewidth=0.8, zorder=7)
        ax.annotate(place.name, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=7.5, color=PLACE_BLUE,
                    zorder=7.1, parse_math=False, path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])


def _draw_incidents(ax, incidents: Sequence[LocatedIncident], project: _Projector) -> None:
    for item in incidents:
        if item.placement is None:
            continue
        x, y = project.point(item.placement.latitude, item.placement.longitude)
        size = _marker_points(item)
        ax.plot(x, y, marker="o", markersize=size + 1.6, color="#333333", zorder=8)
        ax.plot(x, y, marker="o", markersize=size, color=_colour(item), markeredgecolor="white", markeredgewidth=1.6, zorder=8.1)
        label = str(item.incident.killed) if item.incident.killed is not None else "?"
        ax.text(x, y, label, ha="center", va="center_baseline", color="white", fontsize=8.5, fontweight="bold", zorder=8.2,
                parse_math=False)


# -- labels, legend, scale, header ------------------------------------------------------------


def _draw_labels(ax, boundaries: Boundaries, snapshot: Snapshot, project: _Projector) -> None:
    """Province names for the units in view (bold: units with incidents or on the border), then country names.

    Each label is measured, then centred where its whole box fits inside the visible part
    of its shape without covering what is already drawn (the border, incident markers,
    places, earlier labels); a minor label that does not fit is left out.
    """
    import matplotlib.patheffects as pe

    view = _view_box(ax)
    px = _metres_per_px(ax)
    renderer = ax.figure.canvas.get_renderer()
    halo = [pe.withStroke(linewidth=3, foreground="white")]
    taken = [Point(project.point(i.placement.latitude, i.placement.longitude)).buffer((_marker_px(ax, i) / 2 + 6) * px)
             for i in snapshot.shown if i.placement and "incidents" in snapshot.layers]
    taken += [Point(project.point(n.lat, n.lon)).buffer(8 * px) for n in snapshot.places() if "places" in snapshot.layers]
    if "border" in snapshot.layers:
        taken.append(shapely.simplify(project.geometry(boundaries.border), 2 * px).buffer(5 * px))
    taken += _furniture(ax)
    labels: list[tuple[BaseGeometry, str, dict, bool]] = []
    if "provinces" in snapshot.layers:
        busy = {i.placement.admin1 for i in snapshot.shown if i.placement}
        border_units = {s.af_code for s in boundaries.stretches} | {s.tj_code for s in boundaries.stretches}
        for unit in sorted(boundaries.units.values(), key=lambda u: (not (u.name in busy or u.code in border_units), u.code)):
            key = unit.name in busy or unit.code in border_units
            style = {"fontsize": 8.4 if key else 6.4, "fontweight": "bold" if key else "normal", "fontstyle": "italic",
                     "color": "#3d3a33" if key else "#7a7366", "zorder": 9 if key else 3.6, "linespacing": 1.0}
            labels.append((_rough(project.geometry(unit.geometry), px), _short(unit.name), style, key))
    if "countries" in snapshot.layers:
        for code, geometry in sorted(boundaries.countries.items(), key=lambda kv: (kv[0] not in ("AF", "TJ"), kv[0])):
            if code in COUNTRY_NAMES:
                style = {"fontsize": 10 if code in ("AF", "TJ") else 8.5, "color": "#6b6459", "alpha": 0.9, "zorder": 3.5}
                labels.append((_rough(project.geometry(geometry), px), _spaced(COUNTRY_NAMES[code].upper()), style, False))
    for shape, name, style, required in labels:
        text = ax.text(0, 0, name, ha="center", va="center", path_effects=halo, parse_math=False, **style)
        extent = text.get_window_extent(renderer)
        half_w, half_h = (extent.width / 2 + 3) * px, (extent.height / 2 + 2) * px
        spot = _label_point(shape, view, taken, half_w, half_h, required)
        if spot is None:
            text.remove()
            continue
        text.set_position(spot)
        taken.append(box(spot[0] - half_w, spot[1] - half_h, spot[0] + half_w, spot[1] + half_h))


def _rough(shape: BaseGeometry, px: float) -> BaseGeometry:
    """A shape simplified to 2 pixels: precise enough to place a label, and fast."""
    return shapely.simplify(shape, 2 * px, preserve_topology=True)


def _furniture(ax) -> list[BaseGeometry]:
    """Where the attribution line, the scale bar and the north arrow go (labels keep out)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    w, h = x1 - x0, y1 - y0
    return [box(x0, y0, x1, y0 + h * 0.035), box(x1 - w * 0.23, y0, x1, y0 + h * 0.17), box(x1 - w * 0.06, y1 - h * 0.16, x1, y1)]


def _marker_px(ax, item: LocatedIncident) -> float:
    return _marker_points(item) * ax.figure.dpi / 72


def _spaced(name: str) -> str:
    return " ".join(name)


def _short(name: str) -> str:
    return {"Districts of Republican Subordination": "Republican\nSubordination"}.get(name, name)


def _label_point(
    shape: BaseGeometry, view: BaseGeometry, taken: Sequence[BaseGeometry], half_w: float, half_h: float, required: bool
) -> tuple[float, float] | None:
    """The centre for a label box of 2·half_w × 2·half_h inside the visible part of ``shape`` and clear of ``taken``.

    The places where the box fits are found by eroding the free area by the box (scale x so
    the box is square, erode with mitred corners, scale back). A ``required`` label that
    fits nowhere goes to the visible part's most inner point; another is left out (None).
    """
    from shapely import affinity

    visible = shape.intersection(view.buffer(-0.02 * math.sqrt(view.area)))
    if visible.is_empty or visible.area < 4 * half_w * half_h:
        return None
    free = visible.difference(shapely.union_all(list(taken))) if taken else visible
    squeeze = half_h / half_w
    fits = affinity.scale(free, xfact=squeeze, yfact=1, origin=(0, 0)).buffer(-half_h, join_style="mitre")
    if not fits.is_empty:
        area = affinity.scale(fits, xfact=1 / squeeze, yfact=1, origin=(0, 0))
    elif required:
        area = visible
    else:
        return None
    largest = max((g for g in getattr(area, "geoms", [area]) if g.geom_type == "Polygon"), key=lambda g: g.area, default=None)
    if largest is None:
        return None
    spot = polylabel(largest, tolerance=max(math.sqrt(largest.area) / 50, half_h / 10))
    return spot.x, spot.y


def _legend_handles(snapshot: Snapshot) -> list:
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    present = [t for t in EVENT_COLOURS if any(i.incident.event_type == t for i in snapshot.shown)]
    handles: list[Artist] = [
        Line2D([], [], linestyle="none", marker="o", markersize=10, color=EVENT_COLOURS[t], markeredgecolor="white",
               markeredgewidth=1.2, label=t)
        for t in present
    ]
    layers = set(snapshot.layers)
    if "border" in layers:
        handles.append(Line2D([], [], color=BORDER_RED, linewidth=2.8, label="Afghan–Tajik border"))
    if "bands" in layers:
        handles.append(Patch(facecolor=BORDER_RED, alpha=0.22, linewidth=0, label="10 / 25 / 50 km from the border"))
    if "areas" in layers:
        handles.append(Patch(facecolor="#dddddd", edgecolor="#555555", linestyle=(0, (3, 2)), linewidth=1.2,
                             label="Uncertainty area"))
    if "arrows" in layers:
        handles.append(Line2D([], [], color="#555555", linewidth=2, linestyle=(0, (3, 1.5)), marker=">", markersize=6,
                              markevery=[1], label="Origin → target"))
    if "places" in layers and snapshot.places():
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=5.5, color="#5b9bd5", markeredgecolor=PLACE_BLUE,
                              label="Other places named"))
    if "provinces" in layers:
        handles.append(Patch(facecolor=PROVINCE_SHADES[1], edgecolor="#8a8170", linewidth=0.5, label="Province with 1 incident"))
        handles.append(Patch(facecolor=PROVINCE_SHADES[-1], edgecolor="#8a8170", linewidth=0.5, label=f"… with {len(PROVINCE_SHADES) - 1}+ incidents"))
    return handles


def _draw_legend(figure, canvas, snapshot: Snapshot, top: float) -> float:
    """The legend at the top of the right panel; returns its bottom edge (figure fraction)."""
    title = "Incidents\nnumber = killed, size = killed + wounded" if snapshot.shown else "No incidents pass the filters"
    legend = figure.legend(handles=_legend_handles(snapshot), loc="upper left", bbox_to_anchor=(1 - PANEL + 0.008, top),
                           fontsize=7.6, title=title, title_fontsize=7.6, frameon=False, borderaxespad=0, borderpad=0.2,
                           labelspacing=0.55, handlelength=2.2, alignment="left")
    box_ = legend.get_window_extent(canvas.get_renderer()).transformed(figure.transFigure.inverted())
    return box_.y0


def _draw_incident_list(figure, snapshot: Snapshot, top: float, height_in: float) -> None:
    """Under the legend: one short entry per shown incident, as many as fit."""
    import textwrap

    x = 1 - PANEL + 0.008
    line = 7.2 * 1.45 / 72 / height_in  # one line of 7.2 pt text, in figure fraction
    figure.text(x, top, "Incidents shown", fontsize=7.8, fontweight="bold", color="#222222", va="top")
    y = top - line * 1.6
    items = list(snapshot.shown)
    if not items:
        figure.text(x, y, f"none of {len(snapshot.incidents)} pass the filters ({snapshot.filters_text()})", fontsize=7.2,
                    color="#555555", va="top", parse_math=False, wrap=True)
    for number, item in enumerate(items):
        lines = _entry_lines(item)
        wrapped = [w for text in lines for w in textwrap.wrap(text, 46, subsequent_indent="  ")]
        if y - line * (len(wrapped) + 1) < 0.02:
            figure.text(x, y, f"… and {len(items) - number} more (see the CSV or GeoJSON)", fontsize=7.2, color="#555555", va="top")
            return
        figure.text(x, y, "●", fontsize=9, color=_colour(item), va="top")
        figure.text(x + 0.014, y, "\n".join(wrapped), fontsize=7.2, color="#333333", va="top", linespacing=1.3, parse_math=False)
        y -= line * (len(wrapped) + 0.7)


def _entry_lines(item: LocatedIncident) -> list[str]:
    i, p = item.incident, item.placement
    counts = f"killed {count_text(i.killed)}, wounded {count_text(i.wounded)}"
    where = "not placed" if p is None else p.note
    return [f"{i.date.isoformat() if i.date else 'undated'} · {i.sub_event_type}", counts, where]


def _nice_km(limit: float) -> float:
    """The largest 1, 2, 2.5 or 5 × 10^n km not above ``limit``."""
    exponent = 10 ** math.floor(math.log10(limit))
    return max(m * exponent for m in (1, 2, 2.5, 5) if m * exponent <= limit)


def _draw_scale_bar(ax) -> None:
    """A two-segment scale bar in km, bottom right; exact at the projection centre (37.5° N, 70.5° E)."""
    from matplotlib.patches import Rectangle

    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    km = _nice_km((x1 - x0) / 1000 * 0.18)
    length = km * 1000
    right, bottom = x1 - (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.085
    left, height = right - length, (y1 - y0) * 0.008
    ax.add_patch(Rectangle((left - (x1 - x0) * 0.012, bottom - (y1 - y0) * 0.022), length + (x1 - x0) * 0.024,
                           (y1 - y0) * 0.075, facecolor="white", alpha=0.85, edgecolor="none", zorder=19))
    for index in range(2):
        ax.add_patch(Rectangle((left + index * length / 2, bottom), length / 2, height,
                               facecolor="#222222" if index == 0 else "white", edgecolor="#222222", linewidth=0.8, zorder=20))
    for value, x in ((0, left), (km / 2, left + length / 2), (km, right)):
        text = f"{value:g}" + (" km" if x == right else "")
        ax.text(x, bottom + height * 1.6, text, ha="center", va="bottom", fontsize=7, color="#222222", zorder=20)


def _draw_north_arrow(ax) -> None:
    ax.annotate("N", xy=(0.975, 0.955), xytext=(0.975, 0.885), xycoords="axes fraction", ha="center", va="center",
                fontsize=9, fontweight="bold", color="#333333", zorder=20,
                arrowprops={"arrowstyle": "-|>,head_length=0.6,head_width=0.3", "color": "#333333", "linewidth": 1.4})


def _draw_attribution(ax) -> None:
    text = f"{ATTRIBUTION} · Lambert azimuthal equal-area projection · Borderwatch {geo.__version__}"
    ax.text(0.995, 0.008, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=6, color="#555555", zorder=21,
            parse_math=False, bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 2})


def _draw_header(figure, snapshot: Snapshot, header: float) -> None:
    """Title and what the map shows, in the band above the map (no timestamp: the picture is reproducible)."""
    top = 1 - header
    shown, total = len(snapshot.shown), len(snapshot.incidents)
    counts = f"{shown} incident{'s' if shown != 1 else ''}" + (f" of {total}" if shown != total else "")
    articles = ", ".join(Path(a.source).name for a in snapshot.articles) or "none"
    facts = f"{snapshot.date_range_text()}  ·  {counts}  ·  Filters: {snapshot.filters_text()}"
    figure.text(0.012, top + header * 0.63, _fit(snapshot.title, 88), fontsize=14, fontweight="bold", color="#222222",
                va="center", parse_math=False)
    figure.text(0.012, top + header * 0.22, _fit(f"{facts}  ·  Sources: {articles}", 160), fontsize=8, color="#444444",
                va="center", parse_math=False)
    figure.text(0.988, top + header * 0.63, "Placements are estimates: dashed areas show where each incident could be",
                fontsize=7, color="#777777", ha="right", va="center", parse_math=False)


def _fit(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- a browser screenshot -----------------------------------------------------------------------


def screenshot_png(snapshot: Snapshot) -> bytes:
    """The snapshot HTML as Chromium shows it, at the snapshot's size (an option: needs Chromium and Playwright).

    Every request other than the page itself is aborted (the page needs none). Runs in a
    worker thread, so it also works where an asyncio loop is running (Playwright's sync API
    refuses to run inside one).
    """
    executable = CHROMIUM if CHROMIUM.is_file() else (Path(found) if (found := shutil.which("chromium")) else None)
    if executable is None:
        raise UsageError(f"format png-browser needs Chromium ({CHROMIUM} not found); install it (apt-get install chromium) or use --format png")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise UsageError("format png-browser needs the playwright package (pip install playwright); or use --format png") from None
    from concurrent.futures import ThreadPoolExecutor

    from geo.export.page import snapshot_html

    html = snapshot_html(snapshot, show_generated=False)
    wait_for_markers = "incidents" in snapshot.layers and any(i.placement for i in snapshot.shown)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_screenshot, html, snapshot.size, executable, wait_for_markers).result()


def _screenshot(html: str, size: tuple[int, int], executable: Path, wait_for_markers: bool) -> bytes:
    from playwright.sync_api import sync_playwright

    width, height = size
    with tempfile.TemporaryDirectory(prefix="borderwatch-shot-") as folder:
        page_file = Path(folder) / "snapshot.html"
        page_file.write_text(html, encoding="utf-8")
        allowed = page_file.as_uri()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(executable), args=_CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.route("**/*", lambda route: route.continue_() if route.request.url == allowed else route.abort())
                page.goto(allowed)
                page.wait_for_selector(".leaflet-container", state="visible")
                if wait_for_markers:
                    page.wait_for_selector(".bw-incident", state="visible")
                page.wait_for_timeout(300)  # let the marker cluster finish drawing
                return page.screenshot(type="png")
            finally:
                browser.close()


_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
