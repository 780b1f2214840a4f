"""The SQLite store: articles, mentions, reports merged into events (order-independent), and corrections with history.

- :mod:`geo.store.database`: persistence (the file, its schema and migrations, atomic writes, reads): :class:`Store`.
- :mod:`geo.store.events`: which reports are one event, and the event they make.
- :mod:`geo.store.corrections`: what an analyst may correct, and the event once corrected.
- :mod:`geo.store.ingestion`: the pipeline run on article files and tables, its results handed to the store in batches.
- :mod:`geo.store.opening` and :mod:`geo.store.legacy`: whose file it is, and records of schema-1 stores.
"""

from geo.errors import StoreError
from geo.store.corrections import CORRECTABLE
from geo.store.database import DB_NAME, SCHEMA_VERSION, Store, default_home
from geo.store.events import PRECISION_DAYS, SPLIT_REASON, Event, Source, event_sources, group_reports, same_event_reason, stored_reports
from geo.store.ingestion import COMMIT_EVERY, COMMIT_FIRST, MAX_MENTIONS, IngestResult, add_article, ingest
from geo.store.opening import APPLICATION_ID

__all__ = [
    "APPLICATION_ID",
    "COMMIT_EVERY",
    "COMMIT_FIRST",
    "CORRECTABLE",
    "DB_NAME",
    "Event",
    "IngestResult",
    "MAX_MENTIONS",
    "PRECISION_DAYS",
    "SCHEMA_VERSION",
    "SPLIT_REASON",
    "Source",
    "Store",
    "StoreError",
    "add_article",
    "default_home",
    "event_sources",
    "group_reports",
    "ingest",
    "same_event_reason",
    "stored_reports",
]
