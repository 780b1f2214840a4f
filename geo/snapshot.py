"""What a map snapshot shows: incidents, places, layers, filters, view and title, in one frozen description."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo.errors import UsageError
from geo.layers import EVENT_COLOURS, LAYERS
from geo.locate import LocatedIncident
from geo.model import Mention, Place
from geo.text import Article

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
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


DEFAULT_VIEW = View(36.3, 67.3, 39.2, 75.2)
"""The whole Afghan–Tajik border, as the dashboard opens."""


@dataclass(frozen=True)
class Filters:
    """Which incidents a snapshot shows: a date range, event types, and any other filter the caller applied.

    ``extra`` holds (label, value) pairs of filters applied before the snapshot was made
    (say, by a dashboard widget), so that the header and the manifest can name them.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_types: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UsageError(
                f"date range {self.date_from.isoformat()} to {self.date_to.isoformat()} is empty; "
                "give a --from date on or before the --to date"
            )
        unknown = [t for t in self.event_types if t not in EVENT_COLOURS]
        if unknown:
            raise UsageError(f"unknown event type(s) {unknown}; allowed: {', '.join(EVENT_COLOURS)}")

    def apply(self, incidents: Iterable[LocatedIncident]) -> tuple[LocatedIncident, ...]:
        """The incidents that pass; an undated incident does not pass a date filter."""
        return tuple(i for i in incidents if self._passes(i))

    def _passes(self, item: LocatedIncident) -> bool:
        date = item.incident.date
        if (self.date_from or self.date_to) and date is None:
            return False
        if self.date_from and date < self.date_from:
            return False
        if self.date_to and date > self.date_to:
            return False
        return not self.event_types or item.incident.event_type in self.event_types

    def describe(self) -> list[str]:
        """The filters in words, one item each; empty when nothing is filtered."""
        words = []
        if self.date_from:
            words.append(f"from {self.date_from.isoformat()}")
        if self.date_to:
            words.append(f"to {self.date_to.isoformat()}")
        if self.event_types:
            words.append("event types: " + ", ".join(self.event_types))
        words += [f"{label}: {value}" for label, value in self.extra]
        return words

    def as_json(self) -> dict:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "event_types": list(self.event_types),
            "extra": [list(pair) for pair in self.extra],
        }


@dataclass(frozen=True)
class Snapshot:
    """Everything a snapshot export draws or records. Exporters show ``shown`` (the filtered incidents).

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
        return self.filters.apply(self.incidents)

    def places(self) -> list[tuple[Place, int]]:
        """The point places the articles name (towns, sites; not areas), with how often, by id."""
        counts: dict[str, int] = {}
        places: dict[str, Place] = {}
        for m in self.mentions:
            p = m.place
            if p is None or p.is_area or p.lat is None:
                continue
            counts[p.id] = counts.get(p.id, 0) + 1
            places[p.id] = p
        return [(places[key], counts[key]) for key in sorted(counts)]

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
        if first == last:
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
    files = sorted(p for p in SEEDS_DIR.iterdir() if p.suffix.lower() in (".txt", ".md", ".html", ".htm"))
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
    store,
    *,
    filters: Filters | None = None,
    title: str | None = None,
    layers: Sequence[str] = LAYERS,
    view: View = DEFAULT_VIEW,
    size: tuple[int, int] = DEFAULT_SIZE,
) -> Snapshot:
    """A :class:`Snapshot` of everything in a :class:`geo.store.Store`: merged events with corrections."""
    incidents = [e.as_located() for e in store.events()]
    return _snapshot(incidents, store.mentions(), store.stored_articles(), filters, title, layers, view, size)


def _snapshot(incidents, mentions, articles, filters, title, layers, view, size) -> Snapshot:
    return Snapshot(
        incidents=tuple(incidents),
        mentions=tuple(mentions),
        articles=tuple(articles),
        layers=tuple(layers),
        filters=filters or Filters(),
        view=view,
        title=title if title is not None else DEFAULT_TITLE,
        size=size,
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
