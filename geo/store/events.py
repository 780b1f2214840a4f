"""Event merging: reports of one incident from several articles grouped into one event, whatever order they came in."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from geo.errors import UsageError
from geo.locate import LocatedIncident

__all__ = [
    "Event",
    "MergeReport",
    "PRECISION_DAYS",
    "REACH_DAYS",
    "SPLIT_REASON",
    "Source",
    "StoredReport",
    "date_order",
    "event_sources",
    "group_reports",
    "merge_event",
    "new_event",
    "now",
    "regroup",
    "same_event_reason",
    "split_report",
    "stored_reports",
]

PRECISION_DAYS = {"day": 0, "week": 4, "month": 16, "year": 182}
"""Half-width in days of the window a date of each precision stands for."""
REACH_DAYS = max(PRECISION_DAYS.values()) + 1
"""No report can be the same event as one whose date is further away than twice this: the widest window, plus a day."""
SPLIT_REASON = "split by the analyst"
"""The merge_reason of a report the analyst moved out of its event: it stays where the analyst put it."""
_COMPATIBLE = {frozenset({"Violence against civilians", "Explosions/Remote violence"}), frozenset({"Battles", "Explosions/Remote violence"})}


@dataclass(frozen=True)
class Source:
    """One report of an event: the article it came from, its figures and its quote."""

    report_id: int
    article_id: int
    source_file: str
    published: str | None
    killed: int | None
    wounded: int | None
    quote: str
    merge_reason: str | None


@dataclass(frozen=True)
class Event:
    """An incident as the store knows it: merged from one or more reports, with corrections applied.

    ``located`` is the pipeline's own :class:`LocatedIncident` of the most precise report, with the
    event's id ("event-N"), the best casualty figures over the sources and the corrections applied;
    ``casualties`` gives low / best / high for killed and wounded over the sources; ``corrected`` lists
    the fields an analyst changed.
    """

    id: int
    located: LocatedIncident
    sources: tuple[Source, ...]
    casualties: dict[str, dict[str, int | None]]
    corrected: tuple[str, ...] = ()

    @property
    def record(self) -> dict[str, Any]:
        """The record of the `incidents --json` contract (DESIGN.md §3) of :attr:`located`."""
        return self.located.as_json()

    def as_json(self) -> dict[str, Any]:
        """The contract record plus ``sources``, ``casualties`` and ``corrected``."""
        return {
            **self.record,
            "casualties": self.casualties,
            "corrected": list(self.corrected),
            "sources": [asdict(s) for s in self.sources],
        }


@dataclass(frozen=True)
class StoredReport:
    """A stored report as the pipeline made it, with the article it came from: what an event is merged from."""

    report_id: int
    article_id: int
    source_file: str
    published: str | None
    sha256: str
    merge_reason: str | None
    located: LocatedIncident


def event_sources(events: Iterable[Event]) -> dict[str, tuple[str, ...]]:
    """Incident id ("event-N") → the source files of every article that reported it (what the article filter reads)."""
    return {event.located.incident.id: tuple(s.source_file for s in event.sources) for event in events}


def now() -> str:
    """The current UTC time as the store writes it (ISO 8601, whole seconds)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# -- one event from its reports ---------------------------------------------------------------------


def merge_event(event_id: int, reports: Sequence[StoredReport]) -> Event:
    """The event of these reports (before corrections): the most precise report's incident, with the sources' best counts."""
    # The report shown is the most precise one; ties go to the same report whatever the ingest order.
    base = min(
        reports,
        key=lambda r: (
            r.located.placement.geo_precision if r.located.placement else 9,
            PRECISION_DAYS.get(r.located.incident.date_precision or "month", 16),
            _date_text(r.located), r.sha256, _report_rank(reports, r),
        ),
    )
    casualties = {
        "killed": _range([r.located.incident.killed for r in reports]),
        "wounded": _range([r.located.incident.wounded for r in reports]),
    }
    sources = tuple(
        Source(r.report_id, r.article_id, r.source_file, r.published, r.located.incident.killed, r.located.incident.wounded,
               r.located.incident.quote, r.merge_reason)
        for r in reports
    )
    incident = replace(base.located.incident, id=f"event-{event_id}", killed=casualties["killed"]["best"], wounded=casualties["wounded"]["best"])
    return Event(event_id, LocatedIncident(incident, base.located.placement), sources, casualties)


def _report_rank(reports: Sequence[StoredReport], report: StoredReport) -> int:
    """The place of ``report`` among the reports of its article in ``reports``."""
    return sum(1 for r in reports if r.article_id == report.article_id and r.report_id < report.report_id)


def _range(values: list[int | None]) -> dict[str, int | None]:
    known = sorted(v for v in values if v is not None)
    if not known:
        return {"low": None, "best": None, "high": None}
    return {"low": known[0], "best": int(statistics.median_low(known)), "high": known[-1]}


def _date_text(item: LocatedIncident) -> str:
    return item.incident.date.isoformat() if item.incident.date else ""


def date_order(event: Event) -> tuple[str, int]:
    """The order events are listed in: by date (undated first), then by id."""
    return _date_text(event.located), event.id


# -- which reports are one event ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What merging needs of a stored report (the columns same_event_reason reads), in whole days."""

    report_id: int
    article_id: int
    event_id: int
    merge_reason: str | None
    key: tuple[str, int, str, str, str, int]
    date: str
    precision: str | None
    admin1: str | None
    event_type: str
    start: int
    end: int


def stored_reports(db: sqlite3.Connection, country: str, since: str | None = None, ids: Iterable[int] | None = None) -> list[MergeReport]:
    """The reports of ``country`` that can merge (dated, not split off by the analyst), dated ``since`` or later
    (or only those of ``ids``)."""
    only = "" if ids is None else f" AND r.id IN ({','.join(str(int(i)) for i in ids) or 'NULL'})"
    cursor = db.cursor()
    cursor.row_factory = None  # plain tuples: this runs over many reports at each article
    rows = cursor.execute(
        """SELECT r.id, r.article_id, r.event_id, r.merge_reason, r.date, r.date_precision, r.admin1, r.event_type, a.sha256,
                  r.id - (SELECT MIN(o.id) FROM reports o WHERE o.article_id = r.article_id)
           FROM reports r JOIN articles a ON a.id = r.article_id
           WHERE r.country = ? AND r.date IS NOT NULL AND r.date >= ? AND (r.merge_reason IS NULL OR r.merge_reason != ?)""" + only,
        (country, since or "", SPLIT_REASON),
    ).fetchall()
    reports = []
    for report_id, article_id, event_id, merge_reason, date, precision, admin1, event_type, digest, rank in rows:
        day = _day(date)
        if day is None:
            continue
        half = PRECISION_DAYS.get(precision or "month", 16)
        order = (date, half, admin1 or "", event_type, digest, rank)
        reports.append(MergeReport(report_id, article_id, event_id, merge_reason, order, date, precision, admin1, event_type, day - half, day + half))
    return reports


@functools.lru_cache(maxsize=4096)
def _day(date: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(date).toordinal() if date else None
    except (TypeError, ValueError):
        return None


def _reason(first: MergeReport, other: MergeReport, country: str) -> str:
    """same_event_reason(first, other) for two reports known to be the same event, from their columns."""
    when = "same day" if first.date == other.date else f"dates {first.date} ({first.precision}) and {other.date} ({other.precision}) overlap"
    where = f"same admin1 {first.admin1}" if first.admin1 == other.admin1 and first.admin1 else f"same country {country}"
    types = {first.event_type, other.event_type}
    kind = "same event type" if len(types) == 1 else f"compatible event types {' / '.join(sorted(types))}"
    return f"{when}; {where}; {kind}"


class _Group:
    """An event being formed: every two of its reports are the same event (same_event_reason)."""

    def __init__(self, first: MergeReport) -> None:
        self.members = [first]
        self.min_end, self.max_start = first.end, first.start
        self.admin1 = first.admin1
        self.types = {first.event_type}
        self.articles = {first.article_id}

    def accepts(self, report: MergeReport) -> bool:
        """Whether ``report`` is the same event as each member (the test of same_event_reason, on the whole group at once)."""
        if report.article_id in self.articles:
            return False  # two incidents of one article are two events
        if report.start > self.min_end + 1 or self.max_start > report.end + 1:
            return False
        if report.admin1 and self.admin1 and report.admin1 != self.admin1:
            return False
        return all(t == report.event_type or frozenset({t, report.event_type}) in _COMPATIBLE for t in self.types)

    def add(self, report: MergeReport) -> None:
        self.members.append(report)
        self.min_end, self.max_start = min(self.min_end, report.end), max(self.max_start, report.start)
        self.admin1 = self.admin1 or report.admin1
        self.types.add(report.event_type)
        self.articles.add(report.article_id)


def group_reports(reports: Iterable[MergeReport], formed: Iterable[list[MergeReport]] = ()) -> list[list[MergeReport]]:
    """The events of a set of reports of one country: a function of the set alone, whatever order they came in.

    Reports are taken in a fixed order of their content (date, precision, admin-1, event type, article
    hash, place in the article); each joins the first event it is the same event as with every member
    (complete linkage: no chain of "next day" reports makes one event of a week), else starts one.
    ``formed`` are the events already formed by the reports that come before all of ``reports`` in that
    order (their members in order); they are returned first, with what joined them.
    """
    groups: list[_Group] = []
    for members in formed:
        group = _Group(members[0])
        for member in members[1:]:
            group.add(member)
        groups.append(group)
    open_groups = list(groups)
    for report in sorted(reports, key=lambda r: r.key):
        middle = (report.start + report.end) // 2
        open_groups = [g for g in open_groups if g.min_end >= middle - REACH_DAYS]  # later reports start after it ended
        found = next((g for g in open_groups if g.accepts(report)), None)
        if found is None:
            found = _Group(report)
            groups.append(found)
            open_groups.append(found)
        else:
            found.add(report)
    return [g.members for g in groups]


def regroup(db: sqlite3.Connection, country: str, new: Iterable[int] | None = None) -> None:
    """Make the events of ``country``'s reports those :func:`group_reports` gives for all of them.

    With ``new`` (the ids of the reports just added, the others being grouped already) only what they
    can change is done again: the events formed before the first of them in the merging order are taken
    as they are, and the reports from there on are grouped again. Without, every report is.

    Each group keeps the event id most of its reports had (a new report's own event otherwise), so that
    corrections stay with their incident; an event left without reports hands its corrections on to the
    event that took most of them, and is dropped.
    """
    since = None
    first_new = None
    if new is not None:
        dated = stored_reports(db, country, ids=new)
        if not dated:
            return
        first_new = min(dated, key=lambda r: r.key)
        reach = dt.date.fromordinal(max(1, (first_new.start + first_new.end) // 2 - 2 * REACH_DAYS))
        since = reach.isoformat()
    reports = stored_reports(db, country, since=since)
    if first_new is None:
        before, after = [], reports
    else:
        before = [r for r in reports if r.key < first_new.key]
        after = [r for r in reports if r.key >= first_new.key]
    formed = _formed_events(db, country, before, since)
    groups = group_reports(after, formed)
    taken = {r.event_id for r in before}
    chosen: dict[int, int] = {}
    for number, members in enumerate(groups):
        if number < len(formed):
            event_id = members[0].event_id  # formed before the new reports: it keeps its id and its first report
        else:
            counts = Counter(m.event_id for m in members)
            kept = min((e for e in counts if e not in taken), key=lambda e: (-counts[e], e), default=None)
            event_id = kept if kept is not None else new_event(db)
        taken.add(event_id)
        first = members[0]
        for member in members:
            chosen[member.report_id] = event_id
            reason = None if member is first else _reason(first, member, country)
            if member.event_id != event_id or member.merge_reason != reason:
                db.execute("UPDATE reports SET event_id = ?, merge_reason = ? WHERE id = ?", (event_id, reason, member.report_id))
    successors: dict[int, Counter[int]] = {}
    for report in after:
        successors.setdefault(report.event_id, Counter())[chosen[report.report_id]] += 1
    for old_id, moved in successors.items():
        if old_id in taken or db.execute("SELECT 1 FROM reports WHERE event_id = ? LIMIT 1", (old_id,)).fetchone():
            continue
        heir = min(moved, key=lambda e: (-moved[e], e))
        db.execute("UPDATE corrections SET event_id = ? WHERE event_id = ?", (heir, old_id))
        db.execute("DELETE FROM events WHERE id = ?", (old_id,))


def _formed_events(db: sqlite3.Connection, country: str, before: list[MergeReport], since: str | None) -> list[list[MergeReport]]:
    """The events the reports of ``before`` form (as stored), those that can still take a report, in merging order.

    An event with a report dated before ``since`` (which was not loaded) ended too long ago to take any.
    """
    by_event: dict[int, list[MergeReport]] = {}
    for report in sorted(before, key=lambda r: r.key):
        by_event.setdefault(report.event_id, []).append(report)
    if since and by_event:
        marks = ",".join("?" * len(by_event))
        older = db.execute(
            f"SELECT DISTINCT event_id FROM reports WHERE country = ? AND date < ? AND event_id IN ({marks})", (country, since, *by_event)
        ).fetchall()
        for (event_id,) in older:
            by_event.pop(event_id, None)
    return sorted(by_event.values(), key=lambda members: members[0].key)


def _window(record: dict[str, Any]) -> tuple[dt.date, dt.date]:
    date = dt.date.fromisoformat(record["date"])
    half = dt.timedelta(days=PRECISION_DAYS.get(record.get("date_precision") or "month", 16))
    return max(dt.date.min + half, date) - half, min(dt.date.max - half, date) + half



def same_event_reason(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """Why two reports describe the same event, or None when they do not.

    Same or adjacent day within the stated date precision, same country and admin-1 (or one of
    them unknown), and the same or a compatible event type.
    """
    if not (a.get("date") and b.get("date")) or a.get("country") != b.get("country"):
        return None
    (a0, a1), (b0, b1) = _window(a), _window(b)
    if a0 > b1 + dt.timedelta(days=1) or b0 > a1 + dt.timedelta(days=1):
        return None
    if a.get("admin1") and b.get("admin1") and a["admin1"] != b["admin1"]:
        return None
    types = {a["event_type"], b["event_type"]}
    if len(types) > 1 and frozenset(types) not in _COMPATIBLE:
        return None
    when = "same day" if a["date"] == b["date"] else f"dates {a['date']} ({a['date_precision']}) and {b['date']} ({b['date_precision']}) overlap"
    where = f"same admin1 {a['admin1']}" if a.get("admin1") == b.get("admin1") and a.get("admin1") else f"same country {a['country']}"
    kind = "same event type" if len(types) == 1 else f"compatible event types {' / '.join(sorted(types))}"
    return f"{when}; {where}; {kind}"


def new_event(db: sqlite3.Connection) -> int:
    """Make an event (with no report yet) and return its id."""
    event_id = db.execute("INSERT INTO events (created_at) VALUES (?)", (now(),)).lastrowid
    assert event_id is not None
    return event_id


def split_report(db: sqlite3.Connection, report_id: int) -> int:
    """Move one report out of its event into a new event of its own (inside the caller's transaction); returns the
    new event id. The reports left behind are grouped again as if the split one had never merged.

    Raises :class:`geo.errors.UsageError` for an unknown report, or one that is its event's only source.
    """
    row = db.execute("SELECT event_id, country FROM reports WHERE id = ?", (report_id,)).fetchone()
    if row is None:
        raise UsageError(f"no report {report_id}; the sources of `python -m geo list --json` carry report ids")
    event_id, country = row[0], row[1]
    if db.execute("SELECT COUNT(*) FROM reports WHERE event_id = ?", (event_id,)).fetchone()[0] == 1:
        raise UsageError(f"report {report_id} is the only source of event {event_id}: nothing to split")
    new_id = new_event(db)
    db.execute("UPDATE reports SET event_id = ?, merge_reason = ? WHERE id = ?", (new_id, SPLIT_REASON, report_id))
    if country:
        regroup(db, country)
    return new_id
