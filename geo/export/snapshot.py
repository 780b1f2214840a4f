"""What a map snapshot shows: incidents, places, layers, filters, view and title, in one frozen description."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import UsageError
from geo.filters import Filters
from geo.locate import LocatedIncident
from geo.files import article_files_in
from geo.model import Mention, Place
from geo.paths import SEEDS_DIR
from geo.presentation import HOME_BOUNDS, LAYERS
from geo.text import Article

if TYPE_CHECKING:
    from geo.store import Store

__all__ = [
    "DEFAULT_SIZE",
    "DEFAULT_TITLE",
    "DEFAULT_VIEW",
    "NamedPlace",
    "Snapshot",
    "View",
    "check_size",
    "load_snapshot",
    "parse_size",
    "seed_articles",
    "store_snapshot",
]

DEFAULT_TITLE = "Violence on the Afghan–Tajik border"
DEFAULT_SIZE = (1600, 1000)
"""Width and height of the PNG picture in pixels."""
MIN_SIDE_PX, MAX_SIDE_PX = 400, 8000
MIN_ASPECT, MAX_ASPECT = 0.4, 2.5
"""Height / width of the picture: the header and the side panel need room."""


@dataclass(frozen=True)
class View:
    """The part of the map shown: a latitude/longitude box (what the dashboard map was looking at)."""

    south: float
    west: float
    north: float
    east: float

    def __post_init__(self) -> None:
        if not (-90 <= self.south < self.north <= 90 and -180 <= self.west < self.east <= 180):
            raise UsageError(
                f"map view south={self.south}, west={self.west}, north={self.north}, east={self.east} is not a box; "
                "give -90 ≤ south < north ≤ 90 and -180 ≤ west < east ≤ 180 (degrees)"
            )

    @classmethod
    def from_folium(cls, bounds: dict) -> View:
        """The view from st_folium's ``bounds`` ({"_southWest": {"lat", "lng"}, "_northEast": {...}})."""
        try:
            sw, ne = bounds["_southWest"], bounds["_northEast"]
            return cls(float(sw["lat"]), float(sw["lng"]), float(ne["lat"]), float(ne["lng"]))
        except (KeyError, TypeError, ValueError):
            raise UsageError(f"map bounds {bounds!r}: give st_folium's bounds with _southWest and _northEast lat/lng") from None

    def as_json(self) -> dict[str, float]:
        return {"south": self.south, "west": self.west, "north": self.north, "east": self.east}

    def folium_bounds(self) -> list[list[float]]:
        """[[south, west], [north, east]] as folium's fit_bounds takes it."""
        return [[self.south, self.west], [self.north, self.east]]


DEFAULT_VIEW = View(*HOME_BOUNDS[0], *HOME_BOUNDS[1])
"""The whole Afghan–Tajik border, as the dashboard opens."""


@dataclass(frozen=True)
class NamedPlace:
    """A place with a point that the articles name, how often, and its point."""

    place: Place
    count: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Snapshot:
    """Everything a snapshot export draws or records. Exporters show ``shown``: the incidents that pass ``filters``.

    ``sources`` (incident id → the source files of every article that reported it, for merged events)
    is what the article filter reads, as on the dashboard (:meth:`geo.filters.Filters.apply`).

    ``generated_at`` is the one value that changes between two exports of the same input;
    None means "now" (fixed once per :func:`geo.export.export_snapshot`).
    """

    incidents: tuple[LocatedIncident, ...]
    mentions: tuple[Mention, ...] = ()
    articles: tuple[Article, ...] = ()
    layers: tuple[str, ...] = LAYERS
    filters: Filters = field(default_factory=Filters)
    view: View = DEFAULT_VIEW
    title: str = DEFAULT_TITLE
    size: tuple[int, int] = DEFAULT_SIZE
    generated_at: dt.datetime | None = None
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "incidents", tuple(self.incidents))
        object.__setattr__(self, "mentions", tuple(self.mentions))
        object.__setattr__(self, "articles", tuple(self.articles))
        object.__setattr__(self, "layers", tuple(self.layers))
        object.__setattr__(self, "size", tuple(self.size))
        unknown = [layer for layer in self.layers if layer not in LAYERS]
        if unknown:
            raise UsageError(f"unknown layer(s) {unknown}; allowed: {', '.join(LAYERS)}")
        check_size(*self.size)
        if not self.title.strip():
            raise UsageError("the snapshot title is empty; give a title, e.g. --title 'Border incidents, November 2025'")

    @property
    def shown(self) -> tuple[LocatedIncident, ...]:
        """The incidents that pass the filters, in the order given."""
        return self.filters.apply(self.incidents, self.sources)

    def places(self) -> list[NamedPlace]:
        """The point places the articles name (towns, sites; not areas), with how often, by id."""
        counts: dict[str, int] = {}
        places: dict[str, NamedPlace] = {}
        for m in self.mentions:
            p = m.place
            if p is None or p.is_area or p.lat is None or p.lon is None:
                continue
            counts[p.id] = counts.get(p.id, 0) + 1
            places[p.id] = NamedPlace(p, 0, p.lat, p.lon)
        return [replace(places[key], count=counts[key]) for key in sorted(counts)]

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """First and last date of the shown incidents (the filter's bounds when set)."""
        dates = sorted(i.incident.date for i in self.shown if i.incident.date)
        first = self.filters.date_from or (dates[0] if dates else None)
        last = self.filters.date_to or (dates[-1] if dates else None)
        return first, last

    def date_range_text(self) -> str:
        first, last = self.date_range()
        if first is None and last is None:
            return "no dated incidents"
        if first == last and first is not None:
            return first.isoformat()
        return f"{first.isoformat() if first else '…'} – {last.isoformat() if last else '…'}"

    def filters_text(self) -> str:
        return "; ".join(self.filters.describe()) or "none"

    def with_time(self, now: dt.datetime | None = None) -> Snapshot:
        """This snapshot with ``generated_at`` fixed (to ``now``, default the current UTC time, whole seconds)."""
        if self.generated_at is not None:
            return self
        moment = now or dt.datetime.now(dt.timezone.utc)
        return replace(self, generated_at=moment.replace(microsecond=0))

    def generated_text(self) -> str:
        """``generated_at`` as ISO 8601 UTC, e.g. 2025-12-02T10:00:00Z."""
        moment = self.generated_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return moment.isoformat(timespec="seconds") + "Z"


def seed_articles() -> list[Path]:
    """The article files in seeds/, sorted by name (relative to the working folder when inside it)."""
    files = article_files_in(SEEDS_DIR)
    here = Path.cwd().resolve()
    return [p.relative_to(here) if p.is_relative_to(here) else p for p in files]


def load_snapshot(
    paths: Sequence[str | Path] = (),
    *,
    filters: Filters | None = None,
    title: str | None = None,
    layers: Sequence[str] = LAYERS,
    view: View = DEFAULT_VIEW,
    size: tuple[int, int] = DEFAULT_SIZE,
) -> Snapshot:
    """Read and analyse article files (default: the seed articles) into a :class:`Snapshot`."""
    from geo.pipeline import analyse_file

    files = list(paths) or seed_articles()
    if not files:
        raise UsageError(f"no articles: give article files, or put .txt/.md/.html files in {SEEDS_DIR}")
    analyses = [analyse_file(path) for path in files]
    incidents = [i for a in analyses for i in a.incidents]
    mentions = [m for a in analyses for m in a.mentions]
    return _snapshot(incidents, mentions, [a.article for a in analyses], filters, title, layers, view, size)


def store_snapshot(
    store: Store,
    *,
    filters: Filters | None = None,
    title: str | None = None,
    layers: Sequence[str] = LAYERS,
    view: View = DEFAULT_VIEW,
    size: tuple[int, int] = DEFAULT_SIZE,
) -> Snapshot:
    """A :class:`Snapshot` of everything in a :class:`geo.store.Store`: merged events with corrections."""
    from geo.store import event_sources

    events = store.events()
    incidents = [e.located for e in events]
    return _snapshot(incidents, store.mentions(), store.stored_articles(), filters, title, layers, view, size, event_sources(events))


def _snapshot(
    incidents: Sequence[LocatedIncident],
    mentions: Sequence[Mention],
    articles: Sequence[Article],
    filters: Filters | None,
    title: str | None,
    layers: Sequence[str],
    view: View,
    size: tuple[int, int],
    sources: Mapping[str, tuple[str, ...]] | None = None,
) -> Snapshot:
    return Snapshot(
        incidents=tuple(incidents),
        mentions=tuple(mentions),
        articles=tuple(articles),
        layers=tuple(layers),
        filters=filters or Filters(),
        view=view,
        title=title if title is not None else DEFAULT_TITLE,
        size=size,
        sources=dict(sources or {}),
    )


def parse_size(text: str) -> tuple[int, int]:
    """'1600x1000' → (1600, 1000); raises UsageError naming the value and the form allowed."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise UsageError(f"picture size {text!r}: give WIDTHxHEIGHT in pixels, e.g. 1600x1000") from None
    check_size(width, height)
    return width, height


def check_size(width: int, height: int) -> None:
    """Raise UsageError unless width × height is a picture size the PNG layout can fill."""
    if not all(isinstance(v, int) and MIN_SIDE_PX <= v <= MAX_SIDE_PX for v in (width, height)):
        raise UsageError(
            f"picture size {width}x{height}: give whole pixels from {MIN_SIDE_PX} to {MAX_SIDE_PX} a side, e.g. 1600x1000"
        )
    if not MIN_ASPECT <= height / width <= MAX_ASPECT:
        raise UsageError(
            f"picture size {width}x{height}: give a height from {MIN_ASPECT} to {MAX_ASPECT} times the width, e.g. 1600x1000"
        )
