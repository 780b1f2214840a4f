"""Persistence: the SQLite file of a store, its schema and migrations, atomic writes of analysed articles, and reads."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import shapely

from geo.corpus import Rejected
from geo.errors import StoreError, UsageError, os_reason, shown
from geo.files import sha256_hex
from geo.locate import LocatedIncident
from geo.model import Mention, Place
from geo.paths import data_home
from geo.pipeline import Analysis
from geo.records import located_record, mention_record
from geo.store import corrections as correcting
from geo.store.events import Event, StoredReport, date_order, merge_event, new_event, now, regroup, split_report
from geo.store.legacy import stored_located, stored_mention
from geo.store.opening import (
    APPLICATION_ID,
    BUSY_TIMEOUT_S,
    TABLE_SINCE,
    TABLES,
    check_header,
    check_ownership,
    damaged,
    read_only_connection,
    read_only_reason,
    retry_while_locked,
    sqlite_problem,
)
from geo.text import Article

__all__ = ["DB_NAME", "SCHEMA_VERSION", "Store", "default_home"]

SCHEMA_VERSION = 3
DB_NAME = "borderwatch.sqlite"
_READABLE_SINCE = 2
"""The oldest schema a read-only store can be read at as it is (schema 3 only added a table, read as empty)."""
_ARTICLE_FAULTS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, OverflowError, ValueError, TypeError, KeyError, AttributeError)
"""What writing one article's rows can raise because of that article (a value SQLite cannot take, a record that
cannot be made): in a batch, that article is refused and the others are stored. Anything else (disk full, I/O,
a damaged file) is the store's problem: the whole batch is rolled back."""


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
    # Schema 3: the items an ingest could not store, one row per item (a file, or a row of a table of articles),
    # until a later ingest stores that item (or finds it stored). IF NOT EXISTS: a schema-1 store marked back by
    # hand may hold it already.
    3: """
    CREATE TABLE IF NOT EXISTS ingest_errors (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        row INTEGER,
        message TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS ingest_errors_item ON ingest_errors(source, ifnull(row, 0));
    """,
}


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(method: Callable[Concatenate[Store, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """A Store method whose SQLite errors become a :class:`StoreError` that names the store and what to do."""

    @functools.wraps(method)
    def guarded(self: Store, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise self._problem(error) from None

    return guarded


def default_home() -> Path:
    """$BORDERWATCH_HOME, else the user's data directory (see :func:`geo.paths.data_home`)."""
    return data_home()


class Store:
    """A Borderwatch store in folder ``home`` (created if needed): one SQLite file in WAL mode.

    The store keeps what the pipeline made and gives it back: it does not analyse articles (see
    :func:`geo.store.ingest`), it merges the reports it holds into events (:mod:`geo.store.events`) and applies
    an analyst's corrections (:mod:`geo.store.corrections`).

    >>> import tempfile
    >>> store = Store(Path(tempfile.mkdtemp()))
    >>> store.schema_version()
    3
    """

    def __init__(self, home: str | os.PathLike[str] | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the store folder {shown(self.home)}: {os_reason(error)}; choose another with --home or BORDERWATCH_HOME") from None
        self.path = self.home / DB_NAME
        self.read_only: str | None = read_only_reason(self.home, self.path)
        """Why the store cannot be written (a read-only disk, no permission), or None: it can be read all the same."""
        check_header(self.path)
        self._connection = self._connect()
        try:
            self._prepare(*self._inspect())
        except BaseException:
            self._connection.close()
            raise

    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection (autocommit; write only inside :meth:`transaction`)."""
        return self._connection

    # -- connection and schema --------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.read_only and not self.path.exists():
            raise StoreError(f"{shown(self.path)} does not exist and cannot be created: {self.read_only}; choose a writable --home")
        try:
            if self.read_only:
                connection = read_only_connection(self.path, immutable=True)
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
            check_ownership(self.path, application_id, version, tables)
            if version > SCHEMA_VERSION:
                raise StoreError(f"{shown(self.path)} has schema {version}, newer than this Borderwatch ({SCHEMA_VERSION}); upgrade Borderwatch")
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(damaged(self.path, f"quick_check: {check.splitlines()[-1][:200]}"))
            missing = sorted(t for t in TABLES - tables if TABLE_SINCE.get(t, 1) <= version)
            if missing:
                raise StoreError(damaged(self.path, f"table{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing"))
            return version, application_id
        except sqlite3.Error as error:
            raise self._problem(error) from None

    @_guarded
    def _prepare(self, version: int, application_id: int) -> None:
        """WAL, foreign keys, and the schema made or brought up to date (in one transaction)."""
        if self.read_only:
            if version < _READABLE_SINCE:
                raise StoreError(
                    f"{shown(self.path)} needs an upgrade to schema {SCHEMA_VERSION} but is read-only ({self.read_only}); "
                    f"copy {shown(self.home)} to a writable disk and give that --home"
                )
            return
        db = self._connection
        # Switching a new file to WAL needs an exclusive lock; a second process starting at the same
        # moment gets SQLITE_BUSY at once (no busy handler for lock upgrades), so retry it here.
        retry_while_locked(lambda: db.execute("PRAGMA journal_mode=WAL"), self.path)
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        if version < SCHEMA_VERSION or application_id != APPLICATION_ID:
            self._migrate()

    def _problem(self, error: sqlite3.Error) -> StoreError:
        """What an SQLite error means for this store, and what to do."""
        return StoreError(sqlite_problem(self.path, self.home, error, self.read_only))

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_guarded
    def schema_version(self) -> int:
        version: int = self._connection.execute("PRAGMA user_version").fetchone()[0]
        return version

    def _migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            application_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
            if version or tables or application_id:  # another process may have made it meanwhile
                check_ownership(self.path, application_id, version, tables)
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
                        regroup(db, country)

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
            retry_while_locked(lambda: self._connection.execute("BEGIN IMMEDIATE"), self.path)
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

    # -- writing an analysed article ----------------------------------------------------------

    @_guarded
    def add_analysis(self, analysis: Analysis) -> int | None:
        """Store one analysed article (its text, mentions and located incidents) in one transaction: all of it or
        nothing. Returns the article's id, or None when the same text is stored already (nothing is added).

        Its reports join the events of the other articles' reports of the same incidents: events are
        regrouped so that they depend only on the reports stored, never on the order they came in
        (see :func:`geo.store.events.group_reports`).
        """
        with self.transaction() as db:
            article_id, added = _insert_article(db, analysis)
            _clear_errors(db, [analysis.article])
            _regroup_added(db, added)
        return article_id

    @_guarded
    def add_analyses(
        self, analyses: Sequence[Analysis], failed: Sequence[Rejected] = (), present: Sequence[Article] = ()
    ) -> list[int | None | Rejected]:
        """Store a batch of analysed articles in one transaction, events regrouped once for the batch: what
        :func:`geo.store.ingest` commits. Returns for each analysis its article id, None when the same text is
        stored already, or a :class:`~geo.corpus.Rejected` record when this one article could not be stored (a
        value SQLite cannot take, a record that cannot be made): nothing of it is kept and the others are.

        ``failed`` are the batch's items that gave no analysis: each becomes the row of its item (file, and row
        of a table) in the ``ingest_errors`` table (:meth:`ingest_errors`), as do the articles refused here.
        An article stored, or found stored (``present``: skipped by content hash before any analysis), clears
        the errors of its item and of its file as a whole: the item is in the store now.

        All of it or nothing: a problem of the store itself (disk full, I/O error, damaged, read-only) rolls the
        whole batch back and raises :class:`StoreError`; the store is as it was before the batch.
        """
        results: list[int | None | Rejected] = []
        try:
            with self.transaction() as db:
                added: dict[str, list[int]] = {}
                for analysis in analyses:
                    db.execute("SAVEPOINT article")
                    try:
                        article_id, reports = _insert_article(db, analysis)
                    except _ARTICLE_FAULTS as error:
                        db.execute("ROLLBACK TO article")
                        results.append(_refused(analysis.article, error))
                    else:
                        results.append(article_id)
                        for country, ids in reports.items():
                            added.setdefault(country, []).extend(ids)
                    db.execute("RELEASE article")
                _regroup_added(db, added)
                _clear_errors(db, [a.article for a, r in zip(analyses, results) if not isinstance(r, Rejected)] + list(present))
                _record_errors(db, list(failed) + [r for r in results if isinstance(r, Rejected)])
        except _ARTICLE_FAULTS:
            # Merging the batch's reports failed on one of them (a bug of the merge): the batch is rolled back;
            # store it article by article, so that only the article it fails on is refused.
            if len(analyses) < 2:
                raise
            results = [self._add_alone(analysis) for analysis in analyses]
            self.add_analyses([], failed, present)
        return results

    def _add_alone(self, analysis: Analysis) -> int | None | Rejected:
        try:
            return self.add_analysis(analysis)
        except _ARTICLE_FAULTS as error:
            refused = _refused(analysis.article, error)
            self.add_analyses([], [refused])
            return refused

    @_guarded
    def ingest_errors(self) -> list[Rejected]:
        """The items that ingests could not store and no later ingest stored: one :class:`~geo.corpus.Rejected`
        record per item (file, and row of a table), the last ingest's message, ``at`` when it was recorded; by
        source and row."""
        db = self._connection
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ingest_errors'").fetchone():
            return []  # a read-only store of schema 2: it has recorded none
        rows = db.execute("SELECT source, row, message, at FROM ingest_errors ORDER BY source, ifnull(row, 0)").fetchall()
        return [Rejected(r["source"], r["row"], r["message"], r["at"]) for r in rows]

    # -- reading ----------------------------------------------------------------------------

    @_guarded
    def article_source(self, digest: str) -> str | None:
        """The source of the stored article whose text has this content hash (:func:`geo.files.sha256_hex`), or None."""
        row = self._connection.execute("SELECT source FROM articles WHERE sha256 = ?", (digest,)).fetchone()
        return row[0] if row else None

    @_guarded
    def articles(self) -> list[dict[str, Any]]:
        """Every stored article: id, source, published, sha256, added_at (not the text)."""
        rows = self._connection.execute("SELECT id, source, published, sha256, added_at FROM articles ORDER BY id").fetchall()
        return [dict(r) for r in rows]

    @_guarded
    def sources(self) -> list[str]:
        """The source (file name or path) of every stored article, in the order they were stored."""
        return [r[0] for r in self._connection.execute("SELECT source FROM articles ORDER BY id")]

    @_guarded
    def article_text(self, article_id: int) -> str:
        row = self._connection.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise UsageError(f"no article {article_id} in {self.path}; `python -m geo list` shows the stored incidents")
        text: str = row[0]
        return text

    @_guarded
    def stored_articles(self) -> list[Article]:
        """Every stored article as an :class:`Article` (text, source, published)."""
        rows = self._connection.execute("SELECT text, source, published FROM articles ORDER BY id").fetchall()
        return [Article(r["text"], r["source"], dt.date.fromisoformat(r["published"]) if r["published"] else None) for r in rows]

    @_guarded
    def mentions(self) -> list[Mention]:
        """Every stored place mention, as the pipeline made it."""
        rows = self._connection.execute("SELECT id, record FROM mentions ORDER BY article_id, start").fetchall()
        return [self._rebuilt(stored_mention, "mentions", r["id"], r["record"]) for r in rows]

    @_guarded
    def mentions_by_source(self) -> dict[str, list[Mention]]:
        """Every stored place mention, grouped by the source of its article (articles in store order)."""
        rows = self._connection.execute(
            "SELECT m.id AS id, a.source AS source, m.record AS record FROM mentions m JOIN articles a ON a.id = m.article_id ORDER BY a.id, m.start"
        ).fetchall()
        found: dict[str, list[Mention]] = {}
        places: dict[tuple[Any, ...], Place] = {}
        build = functools.partial(stored_mention, places=places)
        for row in rows:
            found.setdefault(row["source"], []).append(self._rebuilt(build, "mentions", row["id"], row["record"]))
        return found

    @_guarded
    def reports(self) -> dict[int, LocatedIncident]:
        """Every stored report by its id (:attr:`geo.store.events.Source.report_id`), as the pipeline made it: the same
        :class:`geo.locate.LocatedIncident`."""
        rows = self._connection.execute("SELECT * FROM reports ORDER BY id").fetchall()
        return {r["id"]: self._located(r) for r in rows}

    @_guarded
    def counts(self) -> dict[str, int]:
        """Rows per table (articles, mentions, reports, events, corrections, ingest_errors)."""
        tables = ("articles", "mentions", "reports", "events", "corrections", "ingest_errors")
        present = {r[0] for r in self._connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: self._connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] if t in present else 0 for t in tables}

    # -- events: reports merged, corrections applied --------------------------------------------

    @_guarded
    def events(self) -> list[Event]:
        """Every event, merged from its reports, with corrections applied, ordered by date."""
        return sorted(self._events(), key=date_order)

    @_guarded
    def event(self, event_id: int) -> Event:
        """One event (as in :meth:`events`), read alone."""
        found = self._events(event_id)
        if not found:
            raise UsageError(f"no event {event_id} in {self.path}; `python -m geo list` shows the event ids")
        return found[0]

    def _events(self, event_id: int | None = None) -> list[Event]:
        where = "" if event_id is None else " WHERE r.event_id = ?"
        rows = self._connection.execute(
            """SELECT r.*, a.source AS source_file, a.published AS published, a.sha256 AS sha256 FROM reports r
               JOIN articles a ON a.id = r.article_id""" + where + " ORDER BY r.event_id, r.id",
            () if event_id is None else (event_id,),
        ).fetchall()
        corrections = self._active_corrections(event_id)
        by_event: dict[int, list[StoredReport]] = {}
        for row in rows:
            report = StoredReport(row["id"], row["article_id"], row["source_file"], row["published"], row["sha256"], row["merge_reason"], self._located(row))
            by_event.setdefault(row["event_id"], []).append(report)
        events = []
        for number, reports in by_event.items():
            try:
                events.append(correcting.corrected_event(merge_event(number, reports), corrections.get(number, {})))
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise StoreError(damaged(self.path, f"the reports of event {number} cannot be read ({type(error).__name__}: {error})")) from None
        return events

    def _located(self, row: sqlite3.Row) -> LocatedIncident:
        """The LocatedIncident of a reports row, or a StoreError naming the row when it is damaged."""
        area = shapely.from_wkb(row["area_wkb"]) if row["area_wkb"] is not None else None
        origin = (row["origin_lat"], row["origin_lon"]) if row["origin_lat"] is not None else None
        located: LocatedIncident = self._rebuilt(lambda record: stored_located(record, area, origin), "reports", row["id"], row["record"])
        return located

    @_guarded
    def split(self, report_id: int) -> int:
        """Move one report out of its event into a new event of its own; returns the new event id
        (:func:`geo.store.events.split_report`)."""
        with self.transaction() as db:
            return split_report(db, report_id)

    # -- corrections ------------------------------------------------------------------------

    @_guarded
    def correct(self, event_id: int, field: str, value: Any, author: str = "analyst") -> int:
        """Record an analyst's correction of one field of an event; returns the correction id.

        ``field`` is one of :data:`geo.store.corrections.CORRECTABLE`: ``location`` takes ``{"latitude": …,
        "longitude": …}``; ``place`` takes a gazetteer place id ("gn:1221328") of a town or district. The old
        value is kept; :meth:`undo` restores it.
        """
        new_value = correcting.validated(field, value)
        old_value = correcting.old_value(self.event(event_id), field)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO corrections (event_id, field, old_value, new_value, author, at) VALUES (?, ?, ?, ?, ?, ?)",
                (event_id, field, json.dumps(old_value), json.dumps(new_value), author, now()),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    @_guarded
    def undo(self, correction_id: int) -> None:
        """Take back one correction (it stays in the history, marked undone)."""
        with self.transaction() as db:
            updated = db.execute("UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL", (now(), correction_id)).rowcount
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

    def _active_corrections(self, event_id: int | None = None) -> dict[int, dict[str, Any]]:
        where = "" if event_id is None else " AND event_id = ?"
        rows = self._connection.execute(
            "SELECT id, event_id, field, new_value FROM corrections WHERE undone_at IS NULL" + where + " ORDER BY id",
            () if event_id is None else (event_id,),
        ).fetchall()
        active: dict[int, dict[str, Any]] = {}
        for row in rows:
            active.setdefault(row["event_id"], {})[row["field"]] = self._json("corrections", row["id"], row["new_value"])
        return active

    # -- records ------------------------------------------------------------------------------

    def _json(self, table: str, row_id: int, text: Any) -> Any:
        """A JSON value of the store, or a StoreError that names the row when it is not JSON."""
        try:
            return json.loads(text)
        except (TypeError, ValueError) as error:
            raise StoreError(damaged(self.path, f"{table} row {row_id} is not valid JSON ({error})")) from None

    def _rebuilt(self, build: Callable[[dict[str, Any]], Any], table: str, row_id: int, text: Any) -> Any:
        """``build(record)`` for the JSON record of a row, or a StoreError naming the row when the record is damaged."""
        record = self._json(table, row_id, text)
        try:
            if not isinstance(record, dict):
                raise TypeError(f"a JSON {type(record).__name__}, not an object")
            return build(record)
        except (KeyError, TypeError, ValueError) as error:
            raise StoreError(damaged(self.path, f"the record of {table} row {row_id} is incomplete ({type(error).__name__}: {error})")) from None


def _insert_article(db: sqlite3.Connection, analysis: Analysis) -> tuple[int | None, dict[str, list[int]]]:
    """Write one article's rows; returns its id (None when its text is stored already) and its new reports that can
    merge, by country (events are regrouped by the caller)."""
    article = analysis.article
    digest = sha256_hex(article.text)
    cursor = db.execute(
        "INSERT INTO articles (sha256, source, published, text, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
        (digest, article.source, article.published.isoformat() if article.published else None, article.text, now()),
    )
    if not cursor.rowcount:
        return None, {}  # stored already (by another process, or earlier in this batch)
    article_id = cursor.lastrowid
    assert article_id is not None
    db.executemany(
        "INSERT INTO mentions (article_id, start, end, place_id, record) VALUES (?, ?, ?, ?, ?)",
        [(article_id, m.start, m.end, m.place.id if m.place else None, _json_text(mention_record(m))) for m in analysis.mentions],
    )
    added: dict[str, list[int]] = {}
    for located in analysis.incidents:
        p = located.placement
        record = located.as_json()
        report_id = db.execute(
            """INSERT INTO reports (article_id, event_id, record, area_wkb, origin_lat, origin_lon, date, date_precision,
                                    country, admin1, event_type, merge_reason)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)""",
            (
                article_id, new_event(db), _json_text(located_record(located)),
                shapely.to_wkb(p.area) if p else None,
                p.origin_point[0] if p and p.origin_point else None,
                p.origin_point[1] if p and p.origin_point else None,
                record["date"], record["date_precision"], record["country"], record["admin1"], record["event_type"],
            ),
        ).lastrowid
        assert report_id is not None
        if record["date"] and record["country"]:  # it can merge
            added.setdefault(record["country"], []).append(report_id)
    return article_id, added


def _regroup_added(db: sqlite3.Connection, added: dict[str, list[int]]) -> None:
    for country in sorted(added):
        regroup(db, country, new=added[country])


def _item(article: Article) -> tuple[str, int | None]:
    """The input item an article came from: its file (or source), and its row in a table."""
    return getattr(article, "file", "") or article.source, getattr(article, "row", None)


def _refused(article: Article, error: BaseException) -> Rejected:
    file, row = _item(article)
    return Rejected(
        file, row,
        f"{shown(article.source)}: the store could not keep it ({type(error).__name__}: {shown(error)[:200]}); "
        "nothing of it was stored, the other articles were; please report this with the file",
    )


def _clear_errors(db: sqlite3.Connection, articles: Sequence[Article]) -> None:
    """An article in the store: the errors of its item, and of its file as a whole, are settled."""
    db.executemany(
        "DELETE FROM ingest_errors WHERE source = ? AND (row IS NULL OR row = ?)",
        [_item(article) for article in articles],
    )


def _record_errors(db: sqlite3.Connection, failed: Sequence[Rejected]) -> None:
    """One row per failed item, the last failure's message replacing an earlier one."""
    at = now()
    for rejected in failed:
        db.execute("DELETE FROM ingest_errors WHERE source = ? AND ifnull(row, 0) = ifnull(?, 0)", (rejected.file, rejected.row))
        db.execute("INSERT INTO ingest_errors (source, row, message, at) VALUES (?, ?, ?, ?)", (rejected.file, rejected.row, rejected.message, at))


def _json_text(record: dict[str, Any]) -> str:
    """A record as the store keeps it: compact JSON, UTF-8 text as it is."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
