"""What the dashboard does, one library call per action: start up, add an article, correct, undo, split, and export."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from geo.app.views import added_message, unique_source
from geo.errors import BorderwatchError
from geo.files import article_files_in, sha256_hex
from geo.map.assets import VENDOR_URLS
from geo.paths import VENDOR_DIR
from geo.pipeline import Analysis, analyse
from geo.locate import LocatedIncident
from geo.model import Mention
from geo.store import Event, Store, event_sources
from geo.store import add_article as store_article
from geo.store.ingestion import analyse_for_store
from geo.text import Article, article_from_bytes, read_article

__all__ = [
    "Outcome",
    "StoreView",
    "add_article",
    "analyse_seed",
    "correct",
    "ingest_seeds",
    "missing_vendor_files",
    "read_input",
    "read_store",
    "seed_article",
    "seed_files",
    "split",
    "store_version",
    "undo",
    "warm",
]

Home = str | os.PathLike[str] | None
"""The store folder (None: $BORDERWATCH_HOME or the user data folder)."""


@dataclass(frozen=True)
class Outcome:
    """What an action did, for the message box: ``kind`` is "success", "info", "warning" or "error".

    ``source`` is the stored article's source when an article was added (the dashboard then selects the first
    incident it reports), else None.
    """

    kind: str
    message: str
    source: str | None = None


_writes = [0]
"""How many times this process wrote to a store through these actions (see :func:`store_version`)."""


@dataclass(frozen=True)
class StoreView:
    """What the dashboard reads from the store, once per version of it (:func:`store_version`).

    ``markers`` is filled by :func:`geo.map.layers.incident_map` (one JSON row per incident id), so that
    every page of this version draws each marker from the same row.
    """

    events: tuple[Event, ...]
    items: tuple[LocatedIncident, ...]
    sources: dict[str, tuple[str, ...]]
    articles: tuple[str, ...]
    mentions: dict[str, list[Mention]]
    by_id: dict[str, Event]
    markers: dict[str, str]


def store_version(store: Store) -> str:
    """A text that changes whenever what the store holds changes: its rows per table, the last correction and the
    undone ones, and the writes this process made through these actions (cheap: a few counts)."""
    counts = store.counts()
    last, undone = store.connection.execute("SELECT MAX(id), COUNT(undone_at) FROM corrections").fetchone()
    return "/".join(str(n) for n in (_writes[0], *counts.values(), last, undone))


@functools.lru_cache(maxsize=2)
def read_store(home: str, version: str) -> StoreView:
    """Every event, article source and place mention of the store in ``home`` (:class:`StoreView`), read once per
    ``version`` (:func:`store_version`) in this process: every page and session of the dashboard shares it, and
    :func:`warm` reads it before the server listens."""
    with Store(home) as store:
        events = tuple(store.events())
        articles = tuple(store.sources())
        mentions = store.mentions_by_source()
    return StoreView(
        events=events,
        items=tuple(e.located for e in events),
        sources=event_sources(list(events)),
        articles=articles,
        mentions=mentions,
        by_id={e.located.incident.id: e for e in events},
        markers={},
    )


# -- starting up ------------------------------------------------------------------------------------


def warm() -> None:
    """Import the map and export modules and load the gazetteer and boundaries, as the dashboard's first run would.

    ``python -m geo dashboard`` calls this in the server process before Streamlit starts, so the
    first visit is as quick as the next ones: it also makes what the first page draws once (:func:`_warm_page`),
    adds the seeds to the store and reads the store (:func:`read_store`), which takes seconds for 10,000
    incidents. A store that cannot be read is left for the page to report.
    """
    import geo.export  # noqa: F401  (geopandas, pyogrio and folium with it)
    from geo.boundaries import load_boundaries
    from geo.gazetteer import load_gazetteer
    from geo.paths import PROJECT_ROOT, SEEDS_DIR
    from geo.store import default_home

    load_gazetteer()
    load_boundaries()
    _warm_page()
    home = default_home()
    try:
        ingest_seeds(home, seed_files(SEEDS_DIR), PROJECT_ROOT)
        with Store(home) as store:
            read_store(str(home), store_version(store))
    except BorderwatchError:
        pass


def _warm_page() -> None:
    """What the first page draws once per server, made before it listens: the static layers' files (their shapes
    kept in this process) and one timeline chart's specification (Altair loads and checks Vega-Lite's schema once)."""
    import altair
    import pandas

    from geo.map.layers import write_static_layers

    try:
        write_static_layers()
    except OSError:  # the page draws the shapes into itself instead
        pass
    altair.Chart(pandas.DataFrame({"day": [0], "incidents": [0]})).mark_bar().encode(x="day", y="incidents").to_dict()


def missing_vendor_files() -> list[str]:
    """The web assets under static/vendor that the map needs and that are missing."""
    return sorted(rel for rel in set(VENDOR_URLS.values()) if not (VENDOR_DIR / rel).is_file())


def seed_files(folder: Path) -> list[Path]:
    """The article files (.txt, .md, .html, .htm) in ``folder``, sorted by name; none if it is missing."""
    return article_files_in(folder)


def seed_article(path: Path, root: Path) -> Article:
    """Read a seed article; its source is the path relative to ``root`` (as the CLI prints it)."""
    article = read_article(path)
    try:
        source = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        source = str(path)
    return replace(article, source=source)


def analyse_seed(path: Path, root: Path) -> Analysis:
    """Analyse a seed article (see :func:`seed_article`)."""
    return analyse(seed_article(path, root))


def ingest_seeds(home: Home, files: Iterable[Path], root: Path) -> tuple[str, ...]:
    """Add the seed articles ``files`` to the store (the same text is stored once, so this is idempotent); returns one
    message per seed that cannot be read or stored."""
    problems = []
    with Store(home) as store:
        for path in files:
            try:
                if store_article(store, seed_article(path, root)).status == "added":
                    _writes[0] += 1
            except BorderwatchError as error:
                problems.append(str(error))
    return tuple(problems)


# -- adding an article ----------------------------------------------------------------------------


def read_input(
    text: str | None, upload_name: str | None, upload: bytes | None, taken: Iterable[str], pasted_name: str
) -> Article:
    """The article a user gave: the uploaded file if any, else the pasted text; its source a name no stored article's
    stem takes (see :func:`geo.app.views.unique_source`).

    Raises :class:`geo.errors.ArticleError` (empty, binary, not UTF-8, too large) with the name shown to the user.
    """
    taken = list(taken)
    if upload is not None:
        name = upload_name or "upload.txt"
        is_html = Path(name).suffix.lower() in (".html", ".htm")
        article = article_from_bytes(upload, name, is_html=is_html)
        return replace(article, source=unique_source(name, taken))
    article = article_from_bytes((text or "").encode("utf-8"), pasted_name)
    return replace(article, source=unique_source(pasted_name, taken))


def add_article(
    home: Home,
    text: str | None = None,
    upload_name: str | None = None,
    upload: bytes | None = None,
    published: dt.date | None = None,
) -> Outcome:
    """Add the article a user pasted (``text``) or uploaded (``upload``, named ``upload_name``) to the store.

    ``published`` (the date the user confirmed) overrides the article's date line. An article whose text is
    stored already is found by its content hash, once, before it is analysed: nothing is added. With neither
    text nor upload there is nothing to add (an error outcome).
    """
    if text is None and upload is None:
        return Outcome("error", "no file chosen; choose a .txt, .md or .html file, then press Add")
    _writes[0] += 1
    try:
        with Store(home) as store:
            taken = store.sources()
            pasted = 1 + sum(1 for t in taken if Path(t).name.startswith("pasted-"))
            article = read_input(text, upload_name, upload, taken=taken, pasted_name=f"pasted-{pasted}.txt")
            same = store.article_source(sha256_hex(article.text))
            if same is not None:
                return Outcome("info", f"{same} has the same text; nothing added")
            article = replace(article, published=published or article.published)
            analysis = _store_new(store, article)
    except BorderwatchError as error:
        return Outcome("error", str(error))
    if analysis is None:
        return Outcome("info", f"{article.source}: the same text is already in the store; nothing added")
    kind, message = added_message(article.source, len(analysis.incidents))
    return Outcome(kind, message, article.source)


def _store_new(store: Store, article: Article) -> Analysis | None:
    """Analyse an article the store does not hold yet and store it; None when another process stored it meanwhile."""
    analysis = analyse_for_store(article)
    return analysis if store.add_analysis(analysis) is not None else None


# -- the incident card: corrections and splits ---------------------------------------------------------


def correct(home: Home, event_id: int, field: str, value: Any, author: str = "analyst") -> Outcome:
    """Correct one field of an event (:meth:`geo.store.Store.correct`); a place must have been chosen."""
    if field == "place" and not value:
        return Outcome("error", "no place chosen; type a place name, choose one of the places found, then Apply")
    return _with_store(home, lambda store: store.correct(event_id, field, value, author=author), f"Corrected {field}")


def undo(home: Home, correction_id: int, field: str) -> Outcome:
    """Take back one correction (:meth:`geo.store.Store.undo`)."""
    return _with_store(home, lambda store: store.undo(correction_id), f"Undid the correction of {field}")


def split(home: Home, report_id: int, source: str) -> Outcome:
    """Make one report of a merged event an event of its own (:meth:`geo.store.Store.split`)."""
    return _with_store(home, lambda store: store.split(report_id), f"{Path(source).name} is now an event of its own")


def _with_store(home: Home, action: Callable[[Store], object], done: str) -> Outcome:
    _writes[0] += 1
    try:
        with Store(home) as store:
            action(store)
    except BorderwatchError as error:
        return Outcome("error", str(error))
    return Outcome("success", done)
