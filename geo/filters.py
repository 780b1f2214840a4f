"""Which incidents are shown: one :class:`Filters` for the dashboard, the command line and every export.

The rule for undated incidents is the same everywhere: an incident without a date passes no date bound.
With no ``date_from`` and no ``date_to`` every incident passes (dated or not); with either, undated incidents
are left out. The dashboard's date range counts as a bound only where it is narrower than the dated
incidents' span (see :func:`make_filters`), so it shows undated incidents until the range is narrowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import UsageError
from geo.lexicon import EVENT_TYPES
from geo.locate import LocatedIncident
from geo.presentation import SIDE_NAMES, SIDES, casualties, side

__all__ = ["ARTICLE_CHOICES", "DEFAULT_MONTHS", "Filters", "Options", "default_dates", "make_filters", "options"]

ARTICLE_CHOICES = 500
"""Up to this many stored articles the dashboard lists them to choose from; past it, it asks for part of a name
(``Filters.article_text``): a list of 13,000 names slows every rerun and helps nobody."""
DEFAULT_MONTHS = 12
"""The dashboard opens on this many months up to the latest incident (:func:`default_dates`)."""


@dataclass(frozen=True)
class Filters:
    """Which incidents to show. Empty sets mean "all"; the defaults show everything.

    ``articles`` keeps an incident reported by any of these article sources, ``article_text`` one reported by an
    article whose file name contains the text, in any case (see :meth:`apply`).

    >>> Filters(article_text="khorog").words()
    (('article name contains', 'khorog'),)
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_types: frozenset[str] = frozenset()
    sides: frozenset[str] = frozenset()
    min_casualties: int = 0
    articles: frozenset[str] = frozenset()
    article_text: str = ""
    show_background: bool = True
    """Background events (an earlier incident the article recalls)."""
    show_disputed: bool = True
    """Disputed reports (only a claim, or denied by a party)."""

    def __post_init__(self) -> None:
        for name in ("event_types", "sides", "articles"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UsageError(
                f"date range {self.date_from.isoformat()} to {self.date_to.isoformat()} is empty; "
                "give a --from date on or before the --to date"
            )
        unknown = sorted(t for t in self.event_types if t not in EVENT_TYPES)
        if unknown:
            raise UsageError(f"unknown event type(s) {unknown}; allowed: {', '.join(EVENT_TYPES)}")
        sides = sorted(s for s in self.sides if s not in SIDES)
        if sides:
            raise UsageError(f"unknown side(s) {sides}; allowed: {', '.join(SIDES)}")
        if not isinstance(self.min_casualties, int) or self.min_casualties < 0:
            raise UsageError(f"minimum killed + wounded {self.min_casualties!r}; give a whole number ≥ 0")

    @property
    def keep_undated(self) -> bool:
        """Whether undated incidents pass: only when no date bound is set."""
        return self.date_from is None and self.date_to is None

    def apply(self, items: Iterable[LocatedIncident], sources: Mapping[str, Sequence[str]] | None = None) -> tuple[LocatedIncident, ...]:
        """The incidents that pass every filter, in their order.

        ``sources`` (incident id → the source files of every article that reported it) lets the article
        filter keep a merged event when any of its articles is chosen; without, the incident's own source file counts.
        """
        sources = sources or {}
        return tuple(item for item in items if self.passes(item, sources.get(item.incident.id)))

    def passes(self, item: LocatedIncident, sources: Sequence[str] | None = None) -> bool:
        """Whether one incident passes (``sources`` as in :meth:`apply`)."""
        i = item.incident
        if i.date is None:
            if not self.keep_undated:
                return False
        elif (self.date_from and i.date < self.date_from) or (self.date_to and i.date > self.date_to):
            return False
        if self.event_types and i.event_type not in self.event_types:
            return False
        if self.sides and side(item) not in self.sides:
            return False
        if casualties(item) < self.min_casualties:
            return False
        if (not self.show_background and not i.primary) or (not self.show_disputed and i.disputed):
            return False
        return any(self.keeps_article(s) for s in (sources or (i.source_file,)))

    def keeps_article(self, source: str) -> bool:
        """Whether the article filters keep what the article ``source`` reported (its incidents, its place names)."""
        if self.articles and source not in self.articles:
            return False
        return not self.article_text or self.article_text.casefold() in Path(source).name.casefold()

    def words(self) -> tuple[tuple[str, str], ...]:
        """The filters in force as (label, value) pairs, for a snapshot's header and manifest; empty when none."""
        words = []
        if self.date_from or self.date_to:
            words.append(("dates", f"{self.date_from or '…'} to {self.date_to or '…'}"))
        if self.event_types:
            words.append(("event types", ", ".join(sorted(self.event_types))))
        if self.sides:
            words.append(("side", ", ".join(SIDE_NAMES[s] for s in sorted(self.sides))))
        if self.min_casualties:
            words.append(("killed + wounded at least", str(self.min_casualties)))
        if not self.show_background:
            words.append(("background events", "hidden"))
        if not self.show_disputed:
            words.append(("disputed reports", "hidden"))
        if self.articles:
            words.append(("articles", ", ".join(sorted(Path(a).name for a in self.articles))))
        if self.article_text:
            words.append(("article name contains", self.article_text))
        return tuple(words)

    def describe(self) -> list[str]:
        """The filters in words, one item each ("label: value"); empty when nothing is filtered."""
        return [f"{label}: {value}" for label, value in self.words()]

    def as_json(self) -> dict[str, Any]:
        """Every filter, for the manifest (sets as sorted lists)."""
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "event_types": sorted(self.event_types),
            "sides": sorted(self.sides),
            "min_casualties": self.min_casualties,
            "articles": sorted(self.articles),
            "article_text": self.article_text,
            "show_background": self.show_background,
            "show_disputed": self.show_disputed,
            "undated": "shown" if self.keep_undated else "left out (a date bound is set)",
        }


@dataclass(frozen=True)
class Options:
    """What the filters can choose from."""

    first_date: dt.date | None
    last_date: dt.date | None
    event_types: tuple[str, ...]
    articles: tuple[str, ...]
    max_casualties: int


def options(items: Sequence[LocatedIncident], articles: Sequence[str] = ()) -> Options:
    """Filter choices for these incidents and article sources: date span, event types, articles."""
    dates = [i.incident.date for i in items if i.incident.date]
    return Options(
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        event_types=tuple(sorted({i.incident.event_type for i in items})),
        articles=tuple(articles),
        max_casualties=max((casualties(i) for i in items), default=0),
    )


def default_dates(opts: Options, months: int = DEFAULT_MONTHS) -> tuple[dt.date, ...]:
    """The dashboard's opening date range: the ``months`` months up to the latest incident (the whole span when
    it is shorter); () when no incident is dated.

    >>> o = Options(dt.date(2023, 5, 1), dt.date(2025, 11, 26), (), (), 0)
    >>> [d.isoformat() for d in default_dates(o)]
    ['2024-11-27', '2025-11-26']
    """
    if opts.first_date is None or opts.last_date is None:
        return ()
    last = opts.last_date
    year, month = divmod(last.year * 12 + last.month - 1 - months, 12)
    day = min(last.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month])
    start = dt.date(year, month + 1, day) + dt.timedelta(days=1)
    return (max(start, opts.first_date), last)


def make_filters(
    opts: Options,
    date_range: Sequence[dt.date] | dt.date | None = None,
    event_types: Iterable[str] = (),
    sides: Iterable[str] = (),
    min_casualties: int | None = 0,
    articles: Iterable[str] = (),
    show_background: bool = True,
    show_disputed: bool = True,
    article_text: str = "",
) -> Filters:
    """Filters from the dashboard's widgets.

    ``date_range`` is what st.date_input returns: (), (start,) while the user picks, or (start, end). An end
    of the range that does not cut into the dated incidents' span (``opts``) is no bound, so undated
    incidents stay visible until the range is narrowed (the one rule of :class:`Filters`).
    """
    if isinstance(date_range, dt.date):
        date_range = (date_range,)
    dates = tuple(date_range or ())
    date_from = dates[0] if dates else None
    date_to = dates[1] if len(dates) > 1 else None
    if date_from is not None and (opts.first_date is None or date_from <= opts.first_date):
        date_from = None
    if date_to is not None and (opts.last_date is None or date_to >= opts.last_date):
        date_to = None
    return Filters(
        date_from=date_from,
        date_to=date_to,
        event_types=frozenset(event_types),
        sides=frozenset(sides),
        min_casualties=max(0, int(min_casualties or 0)),
        articles=frozenset(articles),
        article_text=(article_text or "").strip(),
        show_background=bool(show_background),
        show_disputed=bool(show_disputed),
    )
