"""Ingest: read and analyse article files (the pipeline runs here, outside the store), then hand each analysis to the store."""

from __future__ import annotations

import os
from collections import Counter
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from geo.corpus import CorpusArticle, Rejected, iter_articles
from geo.errors import ArticleError, StoreError, shown
from geo.files import sha256_hex
from geo.parallel import Cluster, Result, analyse_all, analyse_one
from geo.pipeline import Analysis
from geo.store.database import Store
from geo.text import Article

__all__ = [
    "COMMIT_EVERY",
    "COMMIT_FIRST",
    "IngestResult",
    "MAX_MENTIONS",
    "add_article",
    "analyse_for_store",
    "ingest",
]

MAX_MENTIONS = 2_000
"""An "article" naming more places than this is a list or a gazetteer, not news: it is refused."""
COMMIT_FIRST = 8
"""The items of the first batch :func:`ingest` commits; each next batch has twice as many, up to :data:`COMMIT_EVERY`."""
COMMIT_EVERY = 512
"""The most items :func:`ingest` writes in one transaction."""


@dataclass(frozen=True)
class IngestResult:
    """What happened to one file: "added", "exists" (same text already stored) or "rejected"."""

    source: str
    status: str
    message: str
    incidents: int = 0


def analyse_for_store(article: Article) -> Analysis:
    """The analysis of an article as the store takes it: its publication date checked (the rule of the command
    line), at most :data:`MAX_MENTIONS` places, and a failure of the extractor reported as an :class:`ArticleError`
    that names the file (so that one bad file never stops a folder ingest)."""
    outcome = analyse_one(article, max_mentions=MAX_MENTIONS, check_dates=True)
    if isinstance(outcome, Rejected):
        raise ArticleError(outcome.message)
    return outcome


def add_article(store: Store, article: Article) -> IngestResult:
    """Analyse one article and store it (all of it or nothing). The same text twice adds nothing: that is checked
    once, by content hash, before the analysis (and the store's unique hash settles a race with another process)."""
    if store.article_source(sha256_hex(article.text)) is not None:
        return IngestResult(article.source, "exists", "already in the store")
    analysis = analyse_for_store(article)
    if store.add_analysis(analysis) is None:
        return IngestResult(article.source, "exists", "already in the store")
    count = len(analysis.incidents)
    return IngestResult(article.source, "added", f"{count} incident{'s' if count != 1 else ''}", count)


def ingest(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    progress: Callable[[int, int, IngestResult], None] | None = None,
    *,
    columns: str | Mapping[str, str] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> list[IngestResult]:
    """Add every article under ``paths`` to ``store``: what `python -m geo ingest` runs.

    ``paths`` are article files (.txt, .md, .html), tables of articles (JSON Lines, CSV, Parquet; ``columns`` says
    which column holds what, see :func:`geo.corpus.parse_columns`) and folders of both. What is stored already (by
    content hash) is skipped before any analysis; the rest is analysed here, on ``workers`` local processes or on
    the Dask cluster at ``scheduler`` (:func:`geo.parallel.analyse_all`), and this process alone writes to the store,
    in batches (:meth:`Store.add_analyses`, one transaction each) of :data:`COMMIT_FIRST` items, then twice as many
    each time up to :data:`COMMIT_EVERY`: a short ingest shows progress at once, a long one commits rarely, and a
    killed one loses at most a batch of work. The batches depend only on the items, not on timing or on where they
    were analysed: an ingest gives the same store, event ids included, in this process or on any cluster.
    ``progress(done, total, result)`` is called for each item once its batch is committed, in input order.

    An item that cannot be read or analysed (missing, unreadable, special, binary, too large, bad date, a row
    without text, an article whose worker died …) is reported as "rejected" and recorded in the store's
    ``ingest_errors`` (:meth:`Store.ingest_errors`) until an ingest stores it; the others are stored all the same.
    A problem of the store itself (full disk, read-only, damaged) stops the ingest with a :class:`StoreError` that
    says how far it got: the batch it was writing is rolled back, every batch before it is kept, and running it
    again skips what is stored.
    """
    parallel = workers is not None or scheduler is not None
    with Cluster(workers, scheduler) if parallel else nullcontext() as cluster:  # it starts while the files are read
        return _ingest(store, list(iter_articles(paths, columns)), progress, cluster)


def _ingest(
    store: Store, items: list[CorpusArticle | Rejected], progress: Callable[[int, int, IngestResult], None] | None, cluster: Cluster | None
) -> list[IngestResult]:
    known = {(e.file, e.row) for e in store.ingest_errors()}  # errors a stored article may settle
    skipped: set[int] = set()
    fresh: list[CorpusArticle] = []
    for item in items:
        if isinstance(item, Rejected):
            continue
        if store.article_source(item.sha256) is not None:
            skipped.add(id(item))
        else:
            fresh.append(item)
    done: list[IngestResult] = []
    batch: list[tuple[CorpusArticle | Rejected, Result | None]] = []  # (item, its outcome; None: stored already)
    size = COMMIT_FIRST

    def commit() -> None:
        nonlocal size
        try:
            results = _commit(store, batch, known)
        except StoreError as error:
            counts = Counter(r.status for r in done)
            raise StoreError(
                f"{error} (stopped at file {len(done) + 1} of {len(items)}, {shown(batch[0][0].source)}: {counts['added']} added, "
                f"{counts['exists']} already there, {counts['rejected']} rejected before it; run it again once fixed: stored articles are skipped)"
            ) from None
        size = min(2 * size, COMMIT_EVERY)
        batch.clear()
        for result in results:
            done.append(result)
            if progress:
                progress(len(done), len(items), result)

    analysed = analyse_all(fresh, cluster=cluster, max_mentions=MAX_MENTIONS, check_dates=True)
    try:
        for item in items:  # in input order: the analyses come back in the order they were sent
            if isinstance(item, Rejected):
                batch.append((item, item))
            elif id(item) in skipped:
                batch.append((item, None))
            else:
                batch.append((item, next(analysed)[1]))
            if len(batch) >= size:
                commit()
        if batch:
            commit()
    finally:
        analysed.close()
    return done


def _commit(store: Store, batch: list[tuple[CorpusArticle | Rejected, Result | None]], known: set[tuple[str, int | None]]) -> list[IngestResult]:
    """Write one batch (one transaction) and say what became of each of its items, in order."""
    analyses = [outcome for _, outcome in batch if isinstance(outcome, Analysis)]
    failed = [outcome for _, outcome in batch if isinstance(outcome, Rejected)]
    present = [
        item for item, outcome in batch
        if outcome is None and isinstance(item, CorpusArticle) and ((item.file, item.row) in known or (item.file, None) in known)
    ]
    stored: Iterator[int | None | Rejected] = iter(())
    if analyses or ((failed or present) and not store.read_only):  # a read-only store can say what it has, not record errors
        stored = iter(store.add_analyses(analyses, failed, present))
    results = []
    for item, outcome in batch:
        if outcome is None:
            results.append(IngestResult(item.source, "exists", "already in the store"))
        elif isinstance(outcome, Rejected):
            results.append(IngestResult(outcome.source, "rejected", outcome.message))
        else:
            results.append(_stored(outcome, next(stored)))
    return results


def _stored(analysis: Analysis, outcome: int | None | Rejected) -> IngestResult:
    if isinstance(outcome, Rejected):
        return IngestResult(outcome.source, "rejected", outcome.message)
    if outcome is None:
        return IngestResult(analysis.article.source, "exists", "already in the store")  # the same text twice in this ingest
    count = len(analysis.incidents)
    return IngestResult(analysis.article.source, "added", f"{count} incident{'s' if count != 1 else ''}", count)
