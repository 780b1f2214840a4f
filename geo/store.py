"""The SQLite store: articles, mentions, reports merged into events, and analyst corrections with history."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import os
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geo.dates import SUPPORTED, check_publication_date
from geo.errors import ArticleError, BorderwatchError, UsageError, shown
from geo.geocode import data_home
from geo.incidents import Evidence, Incident
from geo.io import sha256_hex
from geo.locate import LocatedIncident, Placement, precision_area
from geo.model import Mention, Place
from geo.pipeline import Analysis, analyse
from geo.records import is_located_record, is_mention_record, located_from_record, located_record, mention_from_record, mention_record
from geo.text import ARTICLE_SUFFIXES, Article, read_article

SCHEMA_VERSION = 2
DB_NAME = "borderwatch.sqlite"
APPLICATION_ID = int.from_bytes(b"BWch", "big")
"""SQLite's application id of a Borderwatch store (PRAGMA application_id, bytes 68–71 of the file): a store
refuses to write into an SQLite file that carries another one, or that holds tables of its own."""
SPLIT_REASON = "split by the analyst"
"""The merge_reason of a report the analyst moved out of its event: it stays where the analyst put it."""
MAX_MENTIONS = 2_000
"""An "article" naming more places than this is a list or a gazetteer, not news: it is refused."""
BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another process's transaction before giving up with a clear error."""
PRECISION_DAYS = {"day": 0, "week": 4, "month": 16, "year": 182}
"""Half-width in days of the window a date of each precision stands for."""
CORRECTABLE = ("date", "date_precision", "event_type", "sub_event_type", "killed", "wounded", "victims", "perpetrators", "location", "place")

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        published TEXT,
        text TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        place_id TEXT,
        record TEXT NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL
    );
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        event_id INTEGER NOT NULL REFERENCES events(id),
        record TEXT NOT NULL,
        area_wkb BLOB,
        origin_lat REAL,
        origin_lon REAL,
        date TEXT,
        date_precision TEXT,
        country TEXT,
        admin1 TEXT,
        event_type TEXT,
        merge_reason TEXT
    );
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events(id),
        field TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        author TEXT NOT NULL,
        at TEXT NOT NULL,
        undone_at TEXT
    );
    CREATE INDEX reports_event ON reports(event_id);
    CREATE INDEX reports_article ON reports(article_id);
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX corrections_event ON corrections(event_id);
    """,
    # Schema 2 keeps the same tables; each new report and mention record holds every field of the pipeline's
    # object (geo.records), not only its JSON contract. Records of schema 1 are still read, as they are.
    2: "",
}


class StoreError(BorderwatchError):
    """The store cannot be opened or written: locked for too long, not a Borderwatch store, newer schema,
    damaged, read-only or on a full disk. The message says which, and what to do."""


_TABLES = frozenset({"articles", "mentions", "events", "reports", "corrections"})
_INDEXES = frozenset({"reports_event", "reports_article", "mentions_article", "corrections_event"})


def _guarded(method: Callable) -> Callable:
    """A Store method whose SQLite errors become a :class:`StoreError` that names the store and what to do."""

    @functools.wraps(method)
    def guarded(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise self._problem(error) from None

    return guarded


@dataclass(frozen=True)
class IngestResult:
    """What happened to one file: "added", "exists" (same text already stored) or "rejected"."""

    source: str
    status: str
    message: str
    incidents: int = 0


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
    corrected: tuple[str, ...]

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


def event_sources(events: Iterable[Event]) -> dict[str, tuple[str, ...]]:
    """Incident id ("event-N") → the source files of every article that reported it (what the article filter reads)."""
    return {event.located.incident.id: tuple(s.source_file for s in event.sources) for event in events}


def _legacy_located(record: dict[str, Any], area: BaseGeometry | None, origin_point: tuple[float, float] | None) -> LocatedIncident:
    """A report of a schema-1 store, which kept only its `incidents --json` record: what the record holds, and
    nothing made up (the mentions of its places were not kept: ``target`` and ``origin`` are None)."""
    incident = Incident(
        id=str(record["id"]),
        date=dt.date.fromisoformat(record["date"]) if record["date"] else None,
        date_precision=record["date_precision"],
        event_type=record["event_type"],
        sub_event_type=record["sub_event_type"],
        killed=record["killed"],
        wounded=record["wounded"],
        victims=record["victims"],
        perpetrators=record["perpetrators"],
        target=None,
        origin=None,
        origin_country=record["origin_country"],
        location_text=record["location_text"],
        cross_border=record["origin_country"] not in (None, record["country"]),
        evidence=_legacy_evidence(record["quote"], record["evidence"]),
        source_file=record["source_file"],
        flags=tuple(record["flags"]),
        primary=record["primary"],
        disputed=record["disputed"],
        confidence=record["confidence"],
    )
    if record["latitude"] is None:
        return LocatedIncident(incident, None)
    if area is None:
        raise ValueError("a placed report without its uncertainty area")
    placement = Placement(
        latitude=record["latitude"],
        longitude=record["longitude"],
        area=area,
        geo_precision=record["geo_precision"],
        country=record["country"],
        admin1=record["admin1"],
        admin2=record["admin2"],
        distance_to_border_km=record["distance_to_border_km"],
        origin_country=record["origin_country"],
        origin_admin1=record["origin_admin1"],
        note=record["precision_note"],
        origin_point=origin_point,
    )
    return LocatedIncident(incident, placement)


def _legacy_evidence(quote: str, spans: list[dict[str, int]]) -> tuple[Evidence, ...]:
    """The evidence of a schema-1 record: its joined quote cut at its spans' lengths (each sentence is its span of the
    text), or, when the lengths do not add up, the whole quote at the first span."""
    lengths = [e["end"] - e["start"] for e in spans]
    if sum(lengths) + len(lengths) - 1 == len(quote):
        parts, position = [], 0
        for length in lengths:
            parts.append(quote[position:position + length])
            position += length + 1
        return tuple(Evidence(part, e["start"], e["end"]) for part, e in zip(parts, spans))
    return tuple(Evidence(quote, e["start"], e["end"]) for e in spans[:1])


def _legacy_mention(record: dict[str, Any]) -> Mention:
    """A mention of a schema-1 store, which kept only its `toponyms --json` record (no candidates, no population)."""
    place = None
    if record["id"]:
        place = Place(
            id=record["id"], name=record["name"], kind=record["kind"], country=record["country"], admin1=record["admin1"],
            lat=record["lat"], lon=record["lon"], population=None, source=record["source"],
            bbox=tuple(record["bbox"]) if record["bbox"] else None,
        )
    within = None
    if record["within"]:
        from geo.gazetteer import load_gazetteer

        within = load_gazetteer().place(record["within"]["id"])
    return Mention(record["text"], record["start"], record["end"], place, record["score"], kind=record["kind"], within=within)


def _mention(record: dict[str, Any]) -> Mention:
    return mention_from_record(record) if is_mention_record(record) else _legacy_mention(record)


class Store:
    """A Borderwatch store in folder ``home`` (created if needed): one SQLite file in WAL mode.

    >>> import tempfile
    >>> store = Store(Path(tempfile.mkdtemp()))
    >>> store.schema_version()
    2
    """

    def __init__(self, home: str | os.PathLike[str] | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the store folder {shown(self.home)}: {_os_reason(error)}; choose another with --home or BORDERWATCH_HOME") from None
        self.path = self.home / DB_NAME
        self.read_only: str | None = _read_only_reason(self.home, self.path)
        """Why the store cannot be written (a read-only disk, no permission), or None: it can be read all the same."""
        _check_header(self.path)
        self._connection = self._connect()
        try:
            self._prepare(*self._inspect())
        except BaseException:
            self._connection.close()
            raise

    # -- connection and schema --------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.read_only and not self.path.exists():
            raise StoreError(f"{shown(self.path)} does not exist and cannot be created: {self.read_only}; choose a writable --home")
        try:
            if self.read_only:
                connection = _read_only_connection(self.path, immutable=True)
            else:
                connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            connection.row_factory = sqlite3.Row
        except sqlite3.Error as error:
            raise self._problem(error) from None
        return connection

    def _inspect(self) -> tuple[int, int]:
        """Before anything is written (only reads, no switch to WAL): is the file Borderwatch's (or new), is its
        schema one this Borderwatch knows, is it whole. Returns its user_version and application id."""
        db = self._connection
        try:
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            objects = {r[0]: r[1] for r in db.execute("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
            tables = {name for name, kind in objects.items() if kind == "table"}
            if not objects and version == 0 and application_id == 0:
                return 0, 0  # an empty database: a store not made yet
            _check_ownership(self.path, application_id, version, tables)
            if version > SCHEMA_VERSION:
                raise StoreError(f"{shown(self.path)} has schema {version}, newer than this Borderwatch ({SCHEMA_VERSION}); upgrade Borderwatch")
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(_damaged(self.path, f"quick_check: {check.splitlines()[-1][:200]}"))
            missing = sorted(_TABLES - tables)
            if missing:
                raise StoreError(_damaged(self.path, f"table{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing"))
            return version, application_id
        except sqlite3.Error as error:
            raise self._problem(error) from None

    @_guarded
    def _prepare(self, version: int, application_id: int) -> None:
        """WAL, foreign keys, and the schema made or brought up to date (in one transaction)."""
        if self.read_only:
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{shown(self.path)} needs an upgrade to schema {SCHEMA_VERSION} but is read-only ({self.read_only}); "
                    f"copy {shown(self.home)} to a writable disk and give that --home"
                )
            return
        db = self._connection
        # Switching a new file to WAL needs an exclusive lock; a second process starting at the same
        # moment gets SQLITE_BUSY at once (no busy handler for lock upgrades), so retry it here.
        _retry_while_locked(lambda: db.execute("PRAGMA journal_mode=WAL"), self.path)
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        if version < SCHEMA_VERSION or application_id != APPLICATION_ID:
            self._migrate()

    def _problem(self, error: sqlite3.Error) -> StoreError:
        """What an SQLite error means for this store, and what to do."""
        return StoreError(_sqlite_problem(self.path, self.home, error, self.read_only))

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_guarded
    def schema_version(self) -> int:
        return self._connection.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
            if version or tables or application_id:  # another process may have made it meanwhile
                _check_ownership(self.path, application_id, version, tables)
            if version > SCHEMA_VERSION:
                raise StoreError(f"{shown(self.path)} has schema {version}, newer than this Borderwatch ({SCHEMA_VERSION}); upgrade Borderwatch")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {target}")
            if application_id != APPLICATION_ID:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                if version:  # a store made before application ids, merged in the order articles came: group it again
                    for (country,) in db.execute("SELECT DISTINCT country FROM reports WHERE country IS NOT NULL").fetchall():
                        _regroup(db, country)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, retried with a bounded wait while another process writes.

        Any SQLite error inside becomes a :class:`StoreError` (disk full, damaged, read-only …), after
        the transaction is rolled back: the store is as it was.
        """
        if self.read_only:
            raise StoreError(
                f"{shown(self.path)} is read-only ({self.read_only}): the store is intact and can be listed and exported; "
                f"to add articles or corrections, copy {shown(self.home)} to a writable disk and give that --home"
            )
        try:
            _retry_while_locked(lambda: self._connection.execute("BEGIN IMMEDIATE"), self.path)
        except sqlite3.Error as error:
            raise self._problem(error) from None
        try:
            yield self._connection
            self._connection.execute("COMMIT")
        except BaseException as error:
            try:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolls back by itself when a ROLLBACK cannot run (the disk is gone)
            if isinstance(error, sqlite3.Error):
                raise self._problem(error) from None
            raise

    # -- ingest -----------------------------------------------------------------------------

    @_guarded
    def add_article(self, article: Article) -> IngestResult:
        """Analyse and store one article in one transaction: all of it or nothing. Same text twice adds nothing.

        Its reports join the events of the other articles' reports of the same incidents: events are
        regrouped so that they depend only on the reports stored, never on the order they came in
        (see :func:`group_reports`).
        """
        digest = sha256(article.text)
        if self._article_id(digest) is not None:
            return IngestResult(article.source, "exists", "already in the store")
        check_publication_date(article.published, article.source)
        try:
            analysis = analyse(article, max_mentions=MAX_MENTIONS)
        except BorderwatchError:
            raise
        except Exception as error:  # a bug of the extractor must not stop a folder ingest: this file is refused
            raise ArticleError(
                f"{shown(article.source)}: Borderwatch failed to analyse it ({type(error).__name__}: {shown(error)}); "
                "nothing was stored; please report this with the file"
            ) from error
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE sha256 = ?", (digest,)).fetchone():
                return IngestResult(article.source, "exists", "already in the store")
            article_id = self._insert_article(db, article, digest)
            self._insert_mentions(db, article_id, analysis)
            added: dict[str, list[int]] = {}
            for located in analysis.incidents:
                country, report_id = self._insert_report(db, article_id, located)
                if country:
                    added.setdefault(country, []).append(report_id)
            for country in sorted(added):
                _regroup(db, country, new=added[country])
        count = len(analysis.incidents)
        return IngestResult(article.source, "added", f"{count} incident{'s' if count != 1 else ''}", count)

    def ingest(self, paths: Iterable[str | os.PathLike[str]], progress: Callable[[int, int, IngestResult], None] | None = None) -> list[IngestResult]:
        """Add every article file under ``paths`` (files or folders).

        A file that cannot be read or analysed (missing, unreadable, special, binary, too large, bad date …)
        is reported as "rejected" and skipped; the others are stored all the same. A problem of the store
        itself (full disk, read-only, damaged) stops the ingest with a :class:`StoreError` that says how far
        it got: every article stored before it is kept, and running it again skips them.
        """
        items = list(_ingest_items(paths))
        results: list[IngestResult] = []
        for number, (path, problem) in enumerate(items, start=1):
            try:
                if problem:
                    raise ArticleError(f"{shown(path)}: {problem}")
                result = self.add_article(read_article(path))
            except ArticleError as error:
                result = IngestResult(str(path), "rejected", str(error))
            except StoreError as error:
                done = Counter(r.status for r in results)
                raise StoreError(
                    f"{error} (stopped at file {number} of {len(items)}, {shown(path)}: {done['added']} added, "
                    f"{done['exists']} already there, {done['rejected']} rejected before it; run it again once fixed: stored articles are skipped)"
                ) from None
            results.append(result)
            if progress:
                progress(number, len(items), result)
        return results

    def _article_id(self, digest: str) -> int | None:
        row = self._connection.execute("SELECT id FROM articles WHERE sha256 = ?", (digest,)).fetchone()
        return row[0] if row else None

    def _insert_article(self, db: sqlite3.Connection, article: Article, digest: str) -> int:
        cursor = db.execute(
            "INSERT INTO articles (sha256, source, published, text, added_at) VALUES (?, ?, ?, ?, ?)",
            (digest, article.source, article.published.isoformat() if article.published else None, article.text, _now()),
        )
        return cursor.lastrowid

    def _insert_mentions(self, db: sqlite3.Connection, article_id: int, analysis: Analysis) -> None:
        db.executemany(
            "INSERT INTO mentions (article_id, start, end, place_id, record) VALUES (?, ?, ?, ?, ?)",
            [(article_id, m.start, m.end, m.place.id if m.place else None, json.dumps(mention_record(m), ensure_ascii=False)) for m in analysis.mentions],
        )

    def _insert_report(self, db: sqlite3.Connection, article_id: int, located: LocatedIncident) -> tuple[str | None, int]:
        """Store one report as an event of its own; returns its country if it can merge (it has a date and a country), and its id."""
        record = located.as_json()
        p = located.placement
        event_id = db.execute("INSERT INTO events (created_at) VALUES (?)", (_now(),)).lastrowid
        report_id = db.execute(
            """INSERT INTO reports (article_id, event_id, record, area_wkb, origin_lat, origin_lon, date, date_precision,
                                    country, admin1, event_type, merge_reason)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article_id,
                event_id,
                json.dumps(located_record(located), ensure_ascii=False),
                shapely.to_wkb(p.area) if p else None,
                p.origin_point[0] if p and p.origin_point else None,
                p.origin_point[1] if p and p.origin_point else None,
                record["date"],
                record["date_precision"],
                record["country"],
                record["admin1"],
                record["event_type"],
                None,
            ),
        ).lastrowid
        return (record["country"] if record["date"] and record["country"] else None), report_id

    # -- reading ----------------------------------------------------------------------------

    @_guarded
    def articles(self) -> list[dict[str, Any]]:
        """Every stored article: id, source, published, sha256, added_at (not the text)."""
        rows = self._connection.execute("SELECT id, source, published, sha256, added_at FROM articles ORDER BY id").fetchall()
        return [dict(r) for r in rows]

    @_guarded
    def article_text(self, article_id: int) -> str:
        row = self._connection.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise UsageError(f"no article {article_id} in {self.path}; `python -m geo list` shows the stored incidents")
        return row[0]

    @_guarded
    def stored_articles(self) -> list[Article]:
        """Every stored article as an :class:`Article` (text, source, published)."""
        rows = self._connection.execute("SELECT text, source, published FROM articles ORDER BY id").fetchall()
        return [Article(r["text"], r["source"], dt.date.fromisoformat(r["published"]) if r["published"] else None) for r in rows]

    @_guarded
    def mentions(self) -> list[Mention]:
        """Every stored place mention, rebuilt from its record (resolved place or None)."""
        rows = self._connection.execute("SELECT id, record FROM mentions ORDER BY article_id, start").fetchall()
        return [self._rebuilt(_mention, "mentions", r["id"], r["record"]) for r in rows]

    @_guarded
    def mentions_by_source(self) -> dict[str, list[Mention]]:
        """Every stored place mention, grouped by the source of its article (articles in store order)."""
        rows = self._connection.execute(
            "SELECT m.id AS id, a.source AS source, m.record AS record FROM mentions m JOIN articles a ON a.id = m.article_id ORDER BY a.id, m.start"
        ).fetchall()
        found: dict[str, list[Mention]] = {}
        for row in rows:
            found.setdefault(row["source"], []).append(self._rebuilt(_mention, "mentions", row["id"], row["record"]))
        return found

    @_guarded
    def events(self) -> list[Event]:
        """Every event, merged from its reports, with corrections applied, ordered by date."""
        reports = self._connection.execute(
            """SELECT r.*, a.source AS source_file, a.published AS published, a.sha256 AS sha256 FROM reports r
               JOIN articles a ON a.id = r.article_id ORDER BY r.event_id, r.id"""
        ).fetchall()
        corrections = self._active_corrections()
        by_event: dict[int, list[sqlite3.Row]] = {}
        for row in reports:
            by_event.setdefault(row["event_id"], []).append(row)
        events = []
        for event_id, rows in by_event.items():
            items = [self._report(r) for r in rows]
            try:
                events.append(_merge(event_id, rows, items, corrections.get(event_id, {})))
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise StoreError(_damaged(self.path, f"the reports of event {event_id} cannot be read ({type(error).__name__}: {error})")) from None
        return sorted(events, key=lambda e: (_date_text(e.located), e.id))

    @_guarded
    def reports(self) -> dict[int, LocatedIncident]:
        """Every stored report by its id (:attr:`Source.report_id`), as the pipeline made it: the same :class:`LocatedIncident`."""
        rows = self._connection.execute("SELECT * FROM reports ORDER BY id").fetchall()
        return {r["id"]: self._report(r) for r in rows}

    def _report(self, row: sqlite3.Row) -> LocatedIncident:
        """The LocatedIncident of a reports row, or a StoreError naming the row when it is damaged."""
        area = shapely.from_wkb(row["area_wkb"]) if row["area_wkb"] is not None else None
        origin = (row["origin_lat"], row["origin_lon"]) if row["origin_lat"] is not None else None

        def build(record: dict[str, Any]) -> LocatedIncident:
            return located_from_record(record, area) if is_located_record(record) else _legacy_located(record, area, origin)

        return self._rebuilt(build, "reports", row["id"], row["record"])

    def event(self, event_id: int) -> Event:
        for event in self.events():
            if event.id == event_id:
                return event
        raise UsageError(f"no event {event_id} in {self.path}; `python -m geo list` shows the event ids")

    @_guarded
    def counts(self) -> dict[str, int]:
        """Rows per table (articles, mentions, reports, events, corrections)."""
        return {t: self._connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "mentions", "reports", "events", "corrections")}

    # -- merging ----------------------------------------------------------------------------

    @_guarded
    def split(self, report_id: int) -> int:
        """Move one report out of its event into a new event of its own; returns the new event id."""
        with self.transaction() as db:
            row = db.execute("SELECT event_id FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row is None:
                raise UsageError(f"no report {report_id}; the sources of `python -m geo list --json` carry report ids")
            if db.execute("SELECT COUNT(*) FROM reports WHERE event_id = ?", (row[0],)).fetchone()[0] == 1:
                raise UsageError(f"report {report_id} is the only source of event {row[0]}: nothing to split")
            new_id = db.execute("INSERT INTO events (created_at) VALUES (?)", (_now(),)).lastrowid
            db.execute("UPDATE reports SET event_id = ?, merge_reason = ? WHERE id = ?", (new_id, SPLIT_REASON, report_id))
            country = db.execute("SELECT country FROM reports WHERE id = ?", (report_id,)).fetchone()[0]
            if country:
                _regroup(db, country)  # the reports left behind are grouped as if the split one had never merged
        return new_id

    # -- corrections ------------------------------------------------------------------------

    @_guarded
    def correct(self, event_id: int, field: str, value: Any, author: str = "analyst") -> int:
        """Record an analyst's correction of one field of an event; returns the correction id.

        ``location`` takes ``{"latitude": …, "longitude": …}``; ``place`` takes a gazetteer place id
        ("gn:1221328") of a town or district. The old value is kept; :meth:`undo` restores it.
        """
        if field not in CORRECTABLE:
            raise UsageError(f"cannot correct {field!r}; correctable fields: {', '.join(CORRECTABLE)}")
        event = self.event(event_id)
        new_value = _validated(field, value)
        old_value = {k: event.record.get(k) for k in ("latitude", "longitude")} if field in ("location", "place") else event.record.get(field)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO corrections (event_id, field, old_value, new_value, author, at) VALUES (?, ?, ?, ?, ?, ?)",
                (event_id, field, json.dumps(old_value), json.dumps(new_value), author, _now()),
            )
        return cursor.lastrowid

    @_guarded
    def undo(self, correction_id: int) -> None:
        """Take back one correction (it stays in the history, marked undone)."""
        with self.transaction() as db:
            updated = db.execute("UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL", (_now(), correction_id)).rowcount
        if not updated:
            raise UsageError(f"no active correction {correction_id}; see the history with Store.history(event_id)")

    @_guarded
    def history(self, event_id: int) -> list[dict[str, Any]]:
        """Every correction of an event, oldest first: who, when, field, old and new value, undone when."""
        rows = self._connection.execute("SELECT * FROM corrections WHERE event_id = ? ORDER BY id", (event_id,)).fetchall()
        return [
            {**dict(r), "old_value": self._json("corrections", r["id"], r["old_value"]), "new_value": self._json("corrections", r["id"], r["new_value"])}
            for r in rows
        ]

    def _active_corrections(self) -> dict[int, dict[str, Any]]:
        rows = self._connection.execute("SELECT id, event_id, field, new_value FROM corrections WHERE undone_at IS NULL ORDER BY id").fetchall()
        active: dict[int, dict[str, Any]] = {}
        for row in rows:
            active.setdefault(row["event_id"], {})[row["field"]] = self._json("corrections", row["id"], row["new_value"])
        return active

    def _json(self, table: str, row_id: int, text: Any) -> Any:
        """A JSON value of the store, or a StoreError that names the row when it is not JSON."""
        try:
            return json.loads(text)
        except (TypeError, ValueError) as error:
            raise StoreError(_damaged(self.path, f"{table} row {row_id} is not valid JSON ({error})")) from None

    def _rebuilt(self, build: Callable[[dict[str, Any]], Any], table: str, row_id: int, text: Any) -> Any:
        """``build(record)`` for the JSON record of a row, or a StoreError naming the row when the record is damaged."""
        record = self._json(table, row_id, text)
        try:
            if not isinstance(record, dict):
                raise TypeError(f"a JSON {type(record).__name__}, not an object")
            return build(record)
        except (KeyError, TypeError, ValueError) as error:
            raise StoreError(_damaged(self.path, f"the record of {table} row {row_id} is incomplete ({type(error).__name__}: {error})")) from None


def _is_lock_error(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _retry_while_locked(statement: Callable[[], object], path: Path) -> None:
    """Run ``statement``, retrying with a bounded wait while another process holds the database."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if not _is_lock_error(error):
                raise
            if time.monotonic() > deadline:
                raise StoreError(f"{path} stayed locked by another process for {BUSY_TIMEOUT_S:.0f} s; try again when it is done") from None
            time.sleep(0.05)


def default_home() -> Path:
    """$BORDERWATCH_HOME, else the user's data directory (see :func:`geo.geocode.data_home`)."""
    return data_home()


def sha256(text: str) -> str:
    """The content hash of an article's text (:func:`geo.io.sha256_hex`): the same text is stored once."""
    return sha256_hex(text)


def article_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files to ingest: each file given, and the .txt/.md/.html files inside each folder, sorted."""
    for path, _ in _ingest_items(paths):
        yield path


def _ingest_items(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str | None]]:
    """Each file to ingest with the problem found while listing its folder (None if none).

    Inside a folder every entry named like an article counts, links included (a broken link or a
    loop is then reported by :func:`geo.text.read_article_bytes`); a subfolder that cannot be listed
    is reported too. Linked folders are not followed.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield path, None
            continue
        found: list[tuple[Path, str | None]] = []

        def unlisted(error: OSError) -> None:
            found.append((Path(error.filename or path), f"cannot list this folder ({_os_reason(error)}); make it readable (chmod u+rx) or leave it out"))

        for folder, _, names in os.walk(path, onerror=unlisted):
            found.extend((Path(folder) / name, None) for name in names if Path(name).suffix.lower() in ARTICLE_SUFFIXES)
        yield from sorted(found, key=lambda item: item[0])


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# -- opening a store: whose file is it, is it whole, can it be written ------------------------------

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    """Refuse a file that is not an SQLite database, or is another program's, before SQLite opens it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"{shown(path)} cannot be read ({_os_reason(error)}); make it readable or choose another --home") from None
    if not header:
        return  # an empty file: a store not made yet
    if not header.startswith(_SQLITE_MAGIC) or len(header) < 100:
        raise StoreError(
            f"{shown(path)} is not a Borderwatch store: it is not an SQLite database (its first bytes are not SQLite's header); "
            "Borderwatch leaves it as it is: choose another --home (if it was a Borderwatch store, restore it from a backup)"
        )
    application_id = int.from_bytes(header[68:72], "big", signed=False)
    if application_id not in (0, APPLICATION_ID):
        raise StoreError(_foreign(path, f"another program's SQLite database (application id 0x{application_id:08x})"))


def _check_ownership(path: Path, application_id: int, version: int, tables: set[str]) -> None:
    """Refuse an SQLite database that is not a Borderwatch store; accept ours, and ours from before application ids."""
    if application_id == APPLICATION_ID:
        return
    if application_id != 0:
        raise StoreError(_foreign(path, f"another program's SQLite database (application id 0x{application_id & 0xFFFFFFFF:08x})"))
    others = sorted(tables - _TABLES)
    if others or version < 1 or "articles" not in tables:
        shown_tables = ", ".join(others[:5] or sorted(tables)[:5]) or "none"
        raise StoreError(_foreign(path, f"an SQLite database with tables Borderwatch does not make ({shown_tables}; user_version {version})"))


def _foreign(path: Path, what: str) -> str:
    return f"{shown(path)} is not a Borderwatch store: it is {what}; Borderwatch leaves it as it is: choose another --home"


def _damaged(path: Path, what: str) -> str:
    return (
        f"{shown(path)}: the Borderwatch store is damaged ({what}); nothing was written to it. Restore it from a backup, "
        f"or save what can be read (sqlite3 {shown(path)} .recover | sqlite3 recovered.sqlite), move the damaged file away "
        "and ingest the articles again"
    )


def _read_only_reason(home: Path, path: Path) -> str | None:
    """Why the store in ``home`` cannot be written (a read-only disk, no permission), or None."""
    try:
        if os.statvfs(home).f_flag & os.ST_RDONLY:
            return f"{shown(home)} is on a disk mounted read-only"
    except OSError:
        return None
    if not os.access(home, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"no permission to write {shown(path if path.exists() and os.access(home, os.W_OK) else home)}"
    return None


def _read_only_connection(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """A connection that never writes (not even a checkpoint when it closes).

    A WAL store needs its -shm file even to be read; for a store that cannot be written (``immutable``),
    where that file cannot be made, the store is read as immutable: nobody can be writing it.
    """
    uri = path.resolve().as_uri()
    try:
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        if not immutable:
            raise
        connection = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    return connection


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (error.strerror or str(error)).lower()


def _sqlite_problem(path: Path, home: Path, error: sqlite3.Error, read_only: str | None) -> str:
    """One line for an SQLite error of the store at ``path``: what it is, and what to do."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    where = shown(path)
    if isinstance(error, sqlite3.OperationalError) and _is_lock_error(error):
        return f"{where} stayed locked by another process for {BUSY_TIMEOUT_S:.0f} s; try again when it is done"
    if name == "SQLITE_FULL" or "disk is full" in text:
        return f"{where}: the disk is full (no space left for the store in {shown(home)}); nothing of this change was stored; free some space or choose another --home, then run it again"
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        why = read_only or "the file or its folder cannot be written"
        return (
            f"{where} is read-only ({why}): the store is intact and can be listed and exported; "
            f"to add articles or corrections, copy {shown(home)} to a writable disk and give that --home"
        )
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB" or "malformed" in text:
        return _damaged(path, text)
    if "no such table" in text or "no such column" in text:
        return _damaged(path, text)
    if name.startswith("SQLITE_IOERR"):
        return f"{where}: the disk failed to read or write the store ({text}); check the disk, then run it again (the store is as it was before this change)"
    if name == "SQLITE_CANTOPEN":
        return f"{where} cannot be opened ({text}); check that {shown(home)} is a readable and writable folder, or choose another --home"
    return f"{where}: SQLite failed ({type(error).__name__}: {text}); the store is as it was before this change; if it happens again, restore it from a backup"


# -- merging reports into events ----------------------------------------------------------------------

REACH_DAYS = max(PRECISION_DAYS.values()) + 1
"""No report can be the same event as one whose date is further away than twice this: the widest window, plus a day."""


@dataclass(frozen=True, slots=True)
class _Report:
    """What merging needs of a stored report (the columns same_event_reason reads), in whole days."""

    report_id: int
    article_id: int
    event_id: int
    merge_reason: str | None
    key: tuple
    date: str
    precision: str | None
    admin1: str | None
    event_type: str
    start: int
    end: int


def _stored_reports(db: sqlite3.Connection, country: str, since: str | None = None, ids: Iterable[int] | None = None) -> list[_Report]:
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
        reports.append(_Report(report_id, article_id, event_id, merge_reason, order, date, precision, admin1, event_type, day - half, day + half))
    return reports


@functools.lru_cache(maxsize=4096)
def _day(date: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(date).toordinal() if date else None
    except (TypeError, ValueError):
        return None


def _reason(first: _Report, other: _Report, country: str) -> str:
    """same_event_reason(first, other) for two reports known to be the same event, from their columns."""
    when = "same day" if first.date == other.date else f"dates {first.date} ({first.precision}) and {other.date} ({other.precision}) overlap"
    where = f"same admin1 {first.admin1}" if first.admin1 == other.admin1 and first.admin1 else f"same country {country}"
    types = {first.event_type, other.event_type}
    kind = "same event type" if len(types) == 1 else f"compatible event types {' / '.join(sorted(types))}"
    return f"{when}; {where}; {kind}"


class _Group:
    """An event being formed: every two of its reports are the same event (same_event_reason)."""

    def __init__(self, first: _Report) -> None:
        self.members = [first]
        self.min_end, self.max_start = first.end, first.start
        self.admin1 = first.admin1
        self.types = {first.event_type}
        self.articles = {first.article_id}

    def accepts(self, report: _Report) -> bool:
        """Whether ``report`` is the same event as each member (the test of same_event_reason, on the whole group at once)."""
        if report.article_id in self.articles:
            return False  # two incidents of one article are two events
        if report.start > self.min_end + 1 or self.max_start > report.end + 1:
            return False
        if report.admin1 and self.admin1 and report.admin1 != self.admin1:
            return False
        return all(t == report.event_type or frozenset({t, report.event_type}) in _COMPATIBLE for t in self.types)

    def add(self, report: _Report) -> None:
        self.members.append(report)
        self.min_end, self.max_start = min(self.min_end, report.end), max(self.max_start, report.start)
        self.admin1 = self.admin1 or report.admin1
        self.types.add(report.event_type)
        self.articles.add(report.article_id)


def group_reports(reports: Iterable[_Report], formed: Iterable[list[_Report]] = ()) -> list[list[_Report]]:
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
        group = next((g for g in open_groups if g.accepts(report)), None)
        if group is None:
            group = _Group(report)
            groups.append(group)
            open_groups.append(group)
        else:
            group.add(report)
    return [g.members for g in groups]


def _regroup(db: sqlite3.Connection, country: str, new: Iterable[int] | None = None) -> None:
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
        dated = _stored_reports(db, country, ids=new)
        if not dated:
            return
        first_new = min(dated, key=lambda r: r.key)
        reach = dt.date.fromordinal(max(1, (first_new.start + first_new.end) // 2 - 2 * REACH_DAYS))
        since = reach.isoformat()
    reports = _stored_reports(db, country, since=since)
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
            event_id = min((e for e in counts if e not in taken), key=lambda e: (-counts[e], e), default=None)
            if event_id is None:
                event_id = db.execute("INSERT INTO events (created_at) VALUES (?)", (_now(),)).lastrowid
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


def _formed_events(db: sqlite3.Connection, country: str, before: list[_Report], since: str | None) -> list[list[_Report]]:
    """The events the reports of ``before`` form (as stored), those that can still take a report, in merging order.

    An event with a report dated before ``since`` (which was not loaded) ended too long ago to take any.
    """
    by_event: dict[int, list[_Report]] = {}
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


def _report_rank(rows: list[sqlite3.Row], index: int) -> int:
    """The place of report ``rows[index]`` among the reports of its article in ``rows``."""
    row = rows[index]
    return sum(1 for r in rows if r["article_id"] == row["article_id"] and r["id"] < row["id"])


def _window(record: dict[str, Any]) -> tuple[dt.date, dt.date]:
    date = dt.date.fromisoformat(record["date"])
    half = dt.timedelta(days=PRECISION_DAYS.get(record.get("date_precision") or "month", 16))
    return max(dt.date.min + half, date) - half, min(dt.date.max - half, date) + half


_COMPATIBLE = {frozenset({"Violence against civilians", "Explosions/Remote violence"}), frozenset({"Battles", "Explosions/Remote violence"})}


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


def _range(values: list[int | None]) -> dict[str, int | None]:
    known = sorted(v for v in values if v is not None)
    if not known:
        return {"low": None, "best": None, "high": None}
    return {"low": known[0], "best": int(statistics.median_low(known)), "high": known[-1]}


def _date_text(item: LocatedIncident) -> str:
    return item.incident.date.isoformat() if item.incident.date else ""


def _merge(event_id: int, rows: list[sqlite3.Row], items: list[LocatedIncident], corrections: dict[str, Any]) -> Event:
    """The event of these reports: the most precise report's incident, with the sources' best counts and the corrections."""
    # The report shown is the most precise one; ties go to the same report whatever the ingest order.
    base_index = min(
        range(len(items)),
        key=lambda i: (
            items[i].placement.geo_precision if items[i].placement else 9,
            PRECISION_DAYS.get(items[i].incident.date_precision or "month", 16),
            _date_text(items[i]), rows[i]["sha256"], _report_rank(rows, i),
        ),
    )
    casualties = {
        "killed": _range([item.incident.killed for item in items]),
        "wounded": _range([item.incident.wounded for item in items]),
    }
    sources = tuple(
        Source(r["id"], r["article_id"], r["source_file"], r["published"], item.incident.killed, item.incident.wounded, item.incident.quote, r["merge_reason"])
        for r, item in zip(rows, items)
    )
    base = items[base_index]
    incident = replace(base.incident, id=f"event-{event_id}", killed=casualties["killed"]["best"], wounded=casualties["wounded"]["best"])
    placement = base.placement
    for field, value in corrections.items():
        if field in ("location", "place"):
            placement = _corrected_placement(value, placement, incident)
        elif field == "date":
            incident = replace(incident, date=dt.date.fromisoformat(value))
        else:
            incident = replace(incident, **{field: value})
    return Event(event_id, LocatedIncident(incident, placement), sources, casualties, tuple(sorted(corrections)))


def _corrected_placement(value: dict[str, Any], before: Placement | None, incident: Incident) -> Placement:
    """Where the analyst put the incident (a correction's value, see :func:`_location_value`): the point, the area of its
    precision, and the district only when the analyst chose one; where it came from stays as the report said."""
    return Placement(
        latitude=value["latitude"],
        longitude=value["longitude"],
        area=precision_area(value["latitude"], value["longitude"], value["geo_precision"]),
        geo_precision=value["geo_precision"],
        country=value["country"],
        admin1=value["admin1"],
        admin2=value.get("admin2"),  # a correction of schema 1 named no district
        distance_to_border_km=value["distance_to_border_km"],
        origin_country=before.origin_country if before else incident.origin_country,
        origin_admin1=before.origin_admin1 if before else None,
        note=value["precision_note"],
        origin_point=before.origin_point if before else None,
    )


def _validated(field: str, value: Any) -> Any:
    """Check one corrected value; raise UsageError naming it and what is allowed."""
    from geo.incidents import EVENT_TYPES, SUB_EVENT_TYPES

    if field == "date":
        try:
            date = dt.date.fromisoformat(str(value))
        except ValueError:
            raise UsageError(f"date {value!r} is not a date; use YYYY-MM-DD") from None
        if not SUPPORTED[0] <= date <= SUPPORTED[1]:
            raise UsageError(f"date {value!r} is outside {SUPPORTED[0].isoformat()} to {SUPPORTED[1].isoformat()}; give the day of the incident")
        return date.isoformat()
    if field == "date_precision" and value not in PRECISION_DAYS:
        raise UsageError(f"date_precision {value!r}; allowed: {', '.join(PRECISION_DAYS)}")
    if field == "event_type" and value not in EVENT_TYPES:
        raise UsageError(f"event_type {value!r}; allowed: {', '.join(EVENT_TYPES)}")
    if field == "sub_event_type" and value not in SUB_EVENT_TYPES:
        raise UsageError(f"sub_event_type {value!r}; allowed: {', '.join(SUB_EVENT_TYPES)}")
    if field in ("killed", "wounded"):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise UsageError(f"{field} {value!r} is not a count; give a whole number ≥ 0, or None for not stated")
    if field == "location":
        return _location_value(value)
    if field == "place":
        return _place_value(value)
    return value


def _location_value(value: Any) -> dict[str, Any]:
    from geo.boundaries import load_boundaries

    try:
        lat, lon = float(value["latitude"]), float(value["longitude"])
    except (TypeError, KeyError, ValueError):
        raise UsageError(f"location {value!r}; give {{'latitude': …, 'longitude': …}} in degrees") from None
    where = load_boundaries().locate(lat, lon)
    return {
        "latitude": round(lat, 5),
        "longitude": round(lon, 5),
        "geo_precision": 1,
        "admin1": where.admin1,
        "admin2": None,
        "country": where.country,
        "distance_to_border_km": where.distance_to_border_km,
        "precision_note": "set by the analyst",
    }


def _place_value(place_id: Any) -> dict[str, Any]:
    from geo.gazetteer import load_gazetteer

    place = load_gazetteer().place(str(place_id))
    if place.is_area or place.lat is None:
        raise UsageError(f"place {place_id!r} is an area ({place.kind}); pick a town or district, or set a location")
    value = _location_value({"latitude": place.lat, "longitude": place.lon})
    value.update(
        geo_precision=2 if place.kind == "admin2" else 1,
        admin2=place.name if place.kind == "admin2" else None,
        precision_note=f"analyst chose {place.name} ({place.kind})",
    )
    return value
