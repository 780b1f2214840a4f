"""Ingest: read and analyse article files (the pipeline runs here, outside the store), then hand each analysis to the store."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from geo.dates import check_publication_date
from geo.errors import ArticleError, BorderwatchError, StoreError, shown
from geo.files import article_files_under, sha256_hex
from geo.pipeline import Analysis, analyse
from geo.store.database import Store
from geo.text import Article, read_article

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
    check_publication_date(article.published, article.source)
    try:
        return analyse(article, max_mentions=MAX_MENTIONS)
    except BorderwatchError:
        raise
    except Exception as error:  # a bug of the extractor must not stop a folder ingest: this file is refused
        raise ArticleError(
            f"{shown(article.source)}: Borderwatch failed to analyse it ({type(error).__name__}: {shown(error)}); "
            "nothing was stored; please report this with the file"
        ) from error


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
    store: Store, paths: Iterable[str | os.PathLike[str]], progress: Callable[[int, int, IngestResult], None] | None = None
) -> list[IngestResult]:
    """Add every article file under ``paths`` (files or folders) to ``store``: what `python -m geo ingest` runs.

    A file that cannot be read or analysed (missing, unreadable, special, binary, too large, bad date …)
    is reported as "rejected" and skipped; the others are stored all the same. A problem of the store
    itself (full disk, read-only, damaged) stops the ingest with a :class:`StoreError` that says how far
    it got: every article stored before it is kept, and running it again skips them.
    """
    items = list(article_files_under(paths))
    results: list[IngestResult] = []
    for number, (path, problem) in enumerate(items, start=1):
        try:
            if problem:
                raise ArticleError(f"{shown(path)}: {problem}")
            result = add_article(store, read_article(path))
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

