"""Ingest: read and analyse article files (the pipeline runs here, outside the store), then hand each analysis to the store."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from geo.corpus import CorpusArticle, Rejected, iter_articles
from geo.errors import ArticleError, StoreError, shown
from geo.files import sha256_hex
from geo.parallel import analyse_all, analyse_one
from geo.pipeline import Analysis
from geo.store.database import Store
from geo.text import Article

__all__ = [
    "IngestResult",
    "MAX_MENTIONS",
    "add_article",
    "analyse_for_store",
    "ingest",
]

MAX_MENTIONS = 2_000
"""An "article" naming more places than this is a list or a gazetteer, not news: it is refused."""


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
    the Dask cluster at ``scheduler`` (:func:`geo.parallel.analyse_all`), and this process alone writes to the store.

    An item that cannot be read or analysed (missing, unreadable, special, binary, too large, bad date, a row
    without text …) is reported as "rejected" and skipped; the others are stored all the same. A problem of the
    store itself (full disk, read-only, damaged) stops the ingest with a :class:`StoreError` that says how far it
    got: every article stored before it is kept, and running it again skips them.
    """
    items = list(iter_articles(paths, columns))
    results: dict[int, IngestResult] = {}
    fresh: list[CorpusArticle] = []
    for item in items:
        if isinstance(item, Rejected):
            results[id(item)] = IngestResult(item.source, "rejected", item.message)
        elif store.article_source(item.sha256) is not None:
            results[id(item)] = IngestResult(item.source, "exists", "already in the store")
        else:
            fresh.append(item)
    done: list[IngestResult] = []

    def report(item: object) -> None:
        done.append(results[id(item)])
        if progress:
            progress(len(done), len(items), done[-1])

    analysed = analyse_all(fresh, workers=workers, scheduler=scheduler, max_mentions=MAX_MENTIONS, check_dates=True)
    try:
        for item in items:  # in input order: the analyses come back in the order they were sent
            if id(item) not in results:
                article, outcome = next(analysed)
                try:
                    results[id(item)] = _stored(store, article, outcome)
                except StoreError as error:
                    counts = Counter(r.status for r in done)
                    raise StoreError(
                        f"{error} (stopped at file {len(done) + 1} of {len(items)}, {shown(item.source)}: {counts['added']} added, "
                        f"{counts['exists']} already there, {counts['rejected']} rejected before it; run it again once fixed: stored articles are skipped)"
                    ) from None
            report(item)
    finally:
        analysed.close()  # a cluster started for this ingest stops with it
    return done


def _stored(store: Store, article: Article | Rejected, outcome: Analysis | Rejected) -> IngestResult:
    if isinstance(outcome, Rejected):
        return IngestResult(outcome.source, "rejected", outcome.message)
    if store.add_analysis(outcome) is None:
        return IngestResult(outcome.article.source, "exists", "already in the store")  # the same text twice in this ingest
    count = len(outcome.incidents)
    return IngestResult(outcome.article.source, "added", f"{count} incident{'s' if count != 1 else ''}", count)
