"""The SQLite store: articles, mentions, reports merged into events, and analyst corrections with history."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely

from geo.dates import check_publication_date
from geo.errors import ArticleError, BorderwatchError, UsageError
from geo.geocode import data_home
from geo.locate import LocatedIncident, Placement
from geo.model import Mention, Place
from geo.pipeline import Analysis, analyse
from geo.text import ARTICLE_SUFFIXES, Article, read_article

SCHEMA_VERSION = 1
DB_NAME = "borderwatch.sqlite"
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
}


class StoreError(BorderwatchError):
    """The store cannot be opened or written (locked for too long, not a Borderwatch store, newer schema)."""


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

    ``record`` follows the incidents JSON contract (DESIGN.md §3); ``casualties`` gives low / best /
    high for killed and wounded over the sources; ``corrected`` lists the fields an analyst changed.
    """

    id: int
    record: dict[str, Any]
    sources: tuple[Source, ...]
    casualties: dict[str, dict[str, int | None]]
    corrected: tuple[str, ...]
    area: Any
    origin_point: tuple[float, float] | None

    def as_json(self) -> dict[str, Any]:
        """The contract record plus ``sources``, ``casualties`` and ``corrected``."""
        return {
            **self.record,
            "casualties": self.casualties,
            "corrected": list(self.corrected),
            "sources": [s.__dict__ for s in self.sources],
        }

    def as_located(self) -> LocatedIncident:
        """The event as a :class:`LocatedIncident`, for the map layers and the exporters."""
        return located_from_record(self.record, self.area, self.origin_point)


def located_from_record(record: dict[str, Any], area: Any, origin_point: tuple[float, float] | None) -> LocatedIncident:
    """Rebuild a :class:`LocatedIncident` from its JSON record (places are not kept as mentions)."""
    from geo.incidents import Evidence, Incident

    incident = Incident(
        id=str(record["id"]),
        date=dt.date.fromisoformat(record["date"]) if record.get("date") else None,
        date_precision=record.get("date_precision"),
        event_type=record["event_type"],
        sub_event_type=record["sub_event_type"],
        killed=record.get("killed"),
        wounded=record.get("wounded"),
        victims=record.get("victims"),
        perpetrators=record.get("perpetrators"),
        target=None,
        origin=None,
        origin_country=record.get("origin_country"),
        location_text=record.get("location_text"),
        cross_border=record.get("origin_country") not in (None, record.get("country")),
        evidence=tuple(Evidence(record.get("quote") or "", e["start"], e["end"]) for e in record.get("evidence", [])[:1]) or (Evidence(record.get("quote") or "", 0, 0),),
        source_file=record.get("source_file") or "",
        flags=tuple(record.get("flags") or ()),
        primary=record.get("primary", True),
        disputed=record.get("disputed", False),
        confidence=record.get("confidence", 1.0),
    )
    if record.get("latitude") is None:
        return LocatedIncident(incident, None)
    placement = Placement(
        latitude=record["latitude"],
        longitude=record["longitude"],
        area=area if area is not None else shapely.Point(record["longitude"], record["latitude"]).buffer(0.05),
        geo_precision=record.get("geo_precision") or 3,
        country=record.get("country"),
        admin1=record.get("admin1"),
        admin2=record.get("admin2"),
        distance_to_border_km=record.get("distance_to_border_km") or 0.0,
        origin_country=record.get("origin_country"),
        origin_admin1=record.get("origin_admin1"),
        note=record.get("precision_note") or "",
        origin_point=origin_point,
    )
    return LocatedIncident(incident, placement)


def mention_from_record(record: dict[str, Any]) -> Mention:
    """Rebuild a :class:`Mention` from its `toponyms --json` record."""
    place = None
    if record.get("id"):
        place = Place(
            id=record["id"], name=record["name"], kind=record["kind"], country=record["country"], admin1=record.get("admin1"),
            lat=record.get("lat"), lon=record.get("lon"), population=None, source=record.get("source") or "",
            bbox=tuple(record["bbox"]) if record.get("bbox") else None,
        )
    within = None
    if record.get("within"):
        from geo.gazetteer import load_gazetteer

        within = load_gazetteer().place(record["within"]["id"])
    return Mention(record["text"], record["start"], record["end"], place, record.get("score") or 0.0, kind=record.get("kind"), within=within)


class Store:
    """A Borderwatch store in folder ``home`` (created if needed): one SQLite file in WAL mode.

    >>> import tempfile
    >>> store = Store(Path(tempfile.mkdtemp()))
    >>> store.schema_version()
    1
    """

    def __init__(self, home: str | os.PathLike[str] | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the store folder {self.home}: {error.strerror}; choose another with --home or BORDERWATCH_HOME") from None
        self.path = self.home / DB_NAME
        self._connection = self._connect()
        self._migrate()

    # -- connection and schema --------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            # Switching a new file to WAL needs an exclusive lock; a second process starting at the same
            # moment gets SQLITE_BUSY at once (no busy handler for lock upgrades), so retry it here.
            _retry_while_locked(lambda: connection.execute("PRAGMA journal_mode=WAL"), self.path)
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.OperationalError as error:
            if _is_lock_error(error):
                raise
            raise StoreError(f"{self.path} is not a Borderwatch store ({error}); move it away or choose another --home") from None
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path} is not a Borderwatch store ({error}); move it away or choose another --home") from None
        return connection

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return self._connection.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path} has schema {version}, newer than this Borderwatch ({SCHEMA_VERSION}); upgrade Borderwatch")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {target}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, retried with a bounded wait while another process writes."""
        _retry_while_locked(lambda: self._connection.execute("BEGIN IMMEDIATE"), self.path)
        try:
            yield self._connection
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    # -- ingest -----------------------------------------------------------------------------

    def add_article(self, article: Article) -> IngestResult:
        """Analyse and store one article in one transaction: all of it or nothing. Same text twice adds nothing."""
        digest = sha256(article.text)
        if self._article_id(digest) is not None:
            return IngestResult(article.source, "exists", "already in the store")
        check_publication_date(article.published, article.source)
        analysis = analyse(article)
        if len(analysis.mentions) > MAX_MENTIONS:
            raise ArticleError(
                f"{article.source}: names {len(analysis.mentions):,} places, over the limit of {MAX_MENTIONS:,}; "
                "give news articles, not lists of places"
            )
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE sha256 = ?", (digest,)).fetchone():
                return IngestResult(article.source, "exists", "already in the store")
            article_id = self._insert_article(db, article, digest)
            self._insert_mentions(db, article_id, analysis)
            for located in analysis.incidents:
                self._insert_report(db, article_id, located)
        count = len(analysis.incidents)
        return IngestResult(article.source, "added", f"{count} incident{'s' if count != 1 else ''}", count)

    def ingest(self, paths: Iterable[str | os.PathLike[str]], progress: Callable[[int, int, IngestResult], None] | None = None) -> list[IngestResult]:
        """Add every article file under ``paths`` (files or folders); a bad file is reported and skipped."""
        files = list(article_files(paths))
        results = []
        for number, path in enumerate(files, start=1):
            try:
                result = self.add_article(read_article(path))
            except ArticleError as error:
                result = IngestResult(str(path), "rejected", str(error))
            results.append(result)
            if progress:
                progress(number, len(files), result)
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
            [(article_id, m.start, m.end, m.place.id if m.place else None, json.dumps(m.as_json(), ensure_ascii=False)) for m in analysis.mentions],
        )

    def _insert_report(self, db: sqlite3.Connection, article_id: int, located: LocatedIncident) -> None:
        record = located.as_json()
        p = located.placement
        event_id, reason = self._matching_event(db, article_id, record)
        if event_id is None:
            event_id = db.execute("INSERT INTO events (created_at) VALUES (?)", (_now(),)).lastrowid
        db.execute(
            """INSERT INTO reports (article_id, event_id, record, area_wkb, origin_lat, origin_lon, date, date_precision,
                                    country, admin1, event_type, merge_reason)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article_id,
                event_id,
                json.dumps(record, ensure_ascii=False),
                shapely.to_wkb(p.area) if p else None,
                p.origin_point[0] if p and p.origin_point else None,
                p.origin_point[1] if p and p.origin_point else None,
                record["date"],
                record["date_precision"],
                record["country"],
                record["admin1"],
                record["event_type"],
                reason,
            ),
        )

    def _matching_event(self, db: sqlite3.Connection, article_id: int, record: dict[str, Any]) -> tuple[int | None, str | None]:
        """The event another article already reported that this report describes too, and why."""
        if not record["date"] or not record["country"]:
            return None, None
        rows = db.execute(
            "SELECT event_id, record FROM reports WHERE article_id != ? AND country = ? ORDER BY id", (article_id, record["country"])
        ).fetchall()
        for row in rows:
            reason = same_event_reason(json.loads(row["record"]), record)
            if reason:
                return row["event_id"], reason
        return None, None

    # -- reading ----------------------------------------------------------------------------

    def articles(self) -> list[dict[str, Any]]:
        """Every stored article: id, source, published, sha256, added_at (not the text)."""
        rows = self._connection.execute("SELECT id, source, published, sha256, added_at FROM articles ORDER BY id").fetchall()
        return [dict(r) for r in rows]

    def article_text(self, article_id: int) -> str:
        row = self._connection.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise UsageError(f"no article {article_id} in {self.path}; `python -m geo list` shows the stored incidents")
        return row[0]

    def stored_articles(self) -> list[Article]:
        """Every stored article as an :class:`Article` (text, source, published)."""
        rows = self._connection.execute("SELECT text, source, published FROM articles ORDER BY id").fetchall()
        return [Article(r["text"], r["source"], dt.date.fromisoformat(r["published"]) if r["published"] else None) for r in rows]

    def mentions(self) -> list[Mention]:
        """Every stored place mention, rebuilt from its record (resolved place or None)."""
        rows = self._connection.execute("SELECT record FROM mentions ORDER BY article_id, start").fetchall()
        return [mention_from_record(json.loads(r["record"])) for r in rows]

    def mentions_by_source(self) -> dict[str, list[Mention]]:
        """Every stored place mention, grouped by the source of its article (articles in store order)."""
        rows = self._connection.execute(
            "SELECT a.source AS source, m.record AS record FROM mentions m JOIN articles a ON a.id = m.article_id ORDER BY a.id, m.start"
        ).fetchall()
        found: dict[str, list[Mention]] = {}
        for row in rows:
            found.setdefault(row["source"], []).append(mention_from_record(json.loads(row["record"])))
        return found

    def events(self) -> list[Event]:
        """Every event, merged from its reports, with corrections applied, ordered by date."""
        reports = self._connection.execute(
            """SELECT r.*, a.source AS source_file, a.published AS published FROM reports r
               JOIN articles a ON a.id = r.article_id ORDER BY r.event_id, r.id"""
        ).fetchall()
        corrections = self._active_corrections()
        by_event: dict[int, list[sqlite3.Row]] = {}
        for row in reports:
            by_event.setdefault(row["event_id"], []).append(row)
        events = [_merge(event_id, rows, corrections.get(event_id, {})) for event_id, rows in by_event.items()]
        return sorted(events, key=lambda e: (e.record["date"] or "", e.id))

    def event(self, event_id: int) -> Event:
        for event in self.events():
            if event.id == event_id:
                return event
        raise UsageError(f"no event {event_id} in {self.path}; `python -m geo list` shows the event ids")

    def counts(self) -> dict[str, int]:
        """Rows per table (articles, mentions, reports, events, corrections)."""
        return {t: self._connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "mentions", "reports", "events", "corrections")}

    # -- merging ----------------------------------------------------------------------------

    def split(self, report_id: int) -> int:
        """Move one report out of its event into a new event of its own; returns the new event id."""
        with self.transaction() as db:
            row = db.execute("SELECT event_id FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row is None:
                raise UsageError(f"no report {report_id}; the sources of `python -m geo list --json` carry report ids")
            if db.execute("SELECT COUNT(*) FROM reports WHERE event_id = ?", (row[0],)).fetchone()[0] == 1:
                raise UsageError(f"report {report_id} is the only source of event {row[0]}: nothing to split")
            new_id = db.execute("INSERT INTO events (created_at) VALUES (?)", (_now(),)).lastrowid
            db.execute("UPDATE reports SET event_id = ?, merge_reason = ? WHERE id = ?", (new_id, "split by the analyst", report_id))
        return new_id

    # -- corrections ------------------------------------------------------------------------

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

    def undo(self, correction_id: int) -> None:
        """Take back one correction (it stays in the history, marked undone)."""
        with self.transaction() as db:
            updated = db.execute("UPDATE corrections SET undone_at = ? WHERE id = ? AND undone_at IS NULL", (_now(), correction_id)).rowcount
        if not updated:
            raise UsageError(f"no active correction {correction_id}; see the history with Store.history(event_id)")

    def history(self, event_id: int) -> list[dict[str, Any]]:
        """Every correction of an event, oldest first: who, when, field, old and new value, undone when."""
        rows = self._connection.execute("SELECT * FROM corrections WHERE event_id = ? ORDER BY id", (event_id,)).fetchall()
        return [{**dict(r), "old_value": json.loads(r["old_value"]), "new_value": json.loads(r["new_value"])} for r in rows]

    def _active_corrections(self) -> dict[int, dict[str, Any]]:
        rows = self._connection.execute("SELECT event_id, field, new_value FROM corrections WHERE undone_at IS NULL ORDER BY id").fetchall()
        active: dict[int, dict[str, Any]] = {}
        for row in rows:
            active.setdefault(row["event_id"], {})[row["field"]] = json.loads(row["new_value"])
        return active


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
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files to ingest: each file given, and the .txt/.md/.html files inside each folder, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            yield path


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _window(record: dict[str, Any]) -> tuple[dt.date, dt.date]:
    date = dt.date.fromisoformat(record["date"])
    half = dt.timedelta(days=PRECISION_DAYS.get(record.get("date_precision") or "month", 16))
    return date - half, date + half


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


def _merge(event_id: int, rows: list[sqlite3.Row], corrections: dict[str, Any]) -> Event:
    records = [json.loads(r["record"]) for r in rows]
    base_index = min(range(len(records)), key=lambda i: (records[i].get("geo_precision") or 9, PRECISION_DAYS.get(records[i].get("date_precision") or "month", 16), i))
    base = dict(records[base_index])
    casualties = {"killed": _range([r.get("killed") for r in records]), "wounded": _range([r.get("wounded") for r in records])}
    base["killed"] = casualties["killed"]["best"]
    base["wounded"] = casualties["wounded"]["best"]
    base["id"] = f"event-{event_id}"
    base["quote"] = records[base_index]["quote"]
    sources = tuple(
        Source(r["id"], r["article_id"], r["source_file"], r["published"], rec.get("killed"), rec.get("wounded"), rec["quote"], r["merge_reason"])
        for r, rec in zip(rows, records)
    )
    base_row = rows[base_index]
    area = shapely.from_wkb(base_row["area_wkb"]) if base_row["area_wkb"] is not None else None
    origin = (base_row["origin_lat"], base_row["origin_lon"]) if base_row["origin_lat"] is not None else None
    corrected = []
    for field, value in corrections.items():
        corrected.append(field)
        if field in ("location", "place"):
            base.update({k: value[k] for k in ("latitude", "longitude", "geo_precision", "admin1", "country", "distance_to_border_km", "precision_note") if k in value})
            area = shapely.Point(value["longitude"], value["latitude"]).buffer(0.02)
        else:
            base[field] = value
    return Event(event_id, base, sources, casualties, tuple(sorted(corrected)), area, origin)


def _validated(field: str, value: Any) -> Any:
    """Check one corrected value; raise UsageError naming it and what is allowed."""
    from geo.incidents import EVENT_TYPES, SUB_EVENT_TYPES

    if field == "date":
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise UsageError(f"date {value!r} is not a date; use YYYY-MM-DD") from None
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
    value.update(geo_precision=2 if place.kind == "admin2" else 1, precision_note=f"analyst chose {place.name} ({place.kind})")
    return value
