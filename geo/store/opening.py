"""Opening a store file: whose file it is, whether it is whole and can be written, and what an SQLite error means."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from geo.errors import StoreError, os_reason, shown

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_S",
    "INDEXES",
    "TABLES",
    "TABLE_SINCE",
    "check_header",
    "check_ownership",
    "damaged",
    "is_lock_error",
    "read_only_connection",
    "read_only_reason",
    "retry_while_locked",
    "sqlite_problem",
]

APPLICATION_ID = int.from_bytes(b"BWch", "big")
"""SQLite's application id of a Borderwatch store (PRAGMA application_id, bytes 68–71 of the file): a store
refuses to write into an SQLite file that carries another one, or that holds tables of its own."""
BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another process's transaction before giving up with a clear error."""
TABLES = frozenset({"articles", "mentions", "events", "reports", "corrections", "ingest_errors"})
"""The tables a Borderwatch store holds, and only those."""
TABLE_SINCE = {"ingest_errors": 3}
"""The schema that added a table (the others are there since schema 1): an older store lacks it until it is upgraded."""
INDEXES = frozenset({"reports_event", "reports_article", "mentions_article", "corrections_event", "ingest_errors_item"})

_SQLITE_MAGIC = b"SQLite format 3\x00"


def is_lock_error(error: sqlite3.OperationalError) -> bool:
    """Whether an SQLite error says another connection holds the database."""
    return "locked" in str(error) or "busy" in str(error)


def retry_while_locked(statement: Callable[[], object], path: Path) -> None:
    """Run ``statement``, retrying with a bounded wait while another process holds the database."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if not is_lock_error(error):
                raise
            if time.monotonic() > deadline:
                raise StoreError(f"{path} stayed locked by another process for {BUSY_TIMEOUT_S:.0f} s; try again when it is done") from None
            time.sleep(0.05)


def check_header(path: Path) -> None:
    """Refuse a file that is not an SQLite database, or is another program's, before SQLite opens it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"{shown(path)} cannot be read ({os_reason(error)}); make it readable or choose another --home") from None
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


def check_ownership(path: Path, application_id: int, version: int, tables: set[str]) -> None:
    """Refuse an SQLite database that is not a Borderwatch store; accept ours, and ours from before application ids."""
    if application_id == APPLICATION_ID:
        return
    if application_id != 0:
        raise StoreError(_foreign(path, f"another program's SQLite database (application id 0x{application_id & 0xFFFFFFFF:08x})"))
    others = sorted(tables - TABLES)
    if others or version < 1 or "articles" not in tables:
        shown_tables = ", ".join(others[:5] or sorted(tables)[:5]) or "none"
        raise StoreError(_foreign(path, f"an SQLite database with tables Borderwatch does not make ({shown_tables}; user_version {version})"))


def _foreign(path: Path, what: str) -> str:
    return f"{shown(path)} is not a Borderwatch store: it is {what}; Borderwatch leaves it as it is: choose another --home"


def damaged(path: Path, what: str) -> str:
    """The message for a damaged store at ``path``: what is wrong, that nothing was written, and how to recover."""
    return (
        f"{shown(path)}: the Borderwatch store is damaged ({what}); nothing was written to it. Restore it from a backup, "
        f"or save what can be read (sqlite3 {shown(path)} .recover | sqlite3 recovered.sqlite), move the damaged file away "
        "and ingest the articles again"
    )


def read_only_reason(home: Path, path: Path) -> str | None:
    """Why the store in ``home`` cannot be written (a read-only disk, no permission), or None."""
    try:
        if os.statvfs(home).f_flag & os.ST_RDONLY:
            return f"{shown(home)} is on a disk mounted read-only"
    except OSError:
        return None
    if not os.access(home, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"no permission to write {shown(path if path.exists() and os.access(home, os.W_OK) else home)}"
    return None


def read_only_connection(path: Path, immutable: bool = False) -> sqlite3.Connection:
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


def sqlite_problem(path: Path, home: Path, error: sqlite3.Error, read_only: str | None) -> str:
    """One line for an SQLite error of the store at ``path``: what it is, and what to do."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    where = shown(path)
    if isinstance(error, sqlite3.OperationalError) and is_lock_error(error):
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
        return damaged(path, text)
    if "no such table" in text or "no such column" in text:
        return damaged(path, text)
    if name.startswith("SQLITE_IOERR"):
        return f"{where}: the disk failed to read or write the store ({text}); check the disk, then run it again (the store is as it was before this change)"
    if name == "SQLITE_CANTOPEN":
        return f"{where} cannot be opened ({text}); check that {shown(home)} is a readable and writable folder, or choose another --home"
    return f"{where}: SQLite failed ({type(error).__name__}: {text}); the store is as it was before this change; if it happens again, restore it from a backup"

