"""Analysis of many articles: in this process, or on the cores of a Dask cluster, results in input order.

:func:`analyse_all` yields ``(item, result)`` for every item, in the order given: ``result`` is the item's
:class:`~geo.pipeline.Analysis`, or a :class:`~geo.corpus.Rejected` record when its analysis failed (an
:class:`~geo.errors.ArticleError`, a bug of the extractor, or a worker that died on it), so that one article
never costs the others their results. A :class:`~geo.corpus.Rejected` item (from :func:`geo.corpus.iter_articles`)
is passed through as ``(item, item)``.

Without ``workers`` or ``scheduler`` nothing of Dask is imported. ``workers=N`` starts a local cluster of N
processes (one thread each, on 127.0.0.1, no dashboard) for the run; ``scheduler="tcp://host:port"`` uses a
running cluster. A :class:`Cluster` made beforehand starts in the background and loads the gazetteer on every
worker while this process does other work (``ingest`` reads the files meanwhile). Articles travel in batches of ``batch_size``
(:data:`BATCH_SIZE`) articles or :data:`BATCH_CHARS` characters of text, whichever comes first; a batch whose worker dies is run again by the
scheduler, and a batch that keeps failing is split into single articles, so that only the article that kills its
workers is rejected.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Union

from geo.corpus import Rejected
from geo.errors import BorderwatchError, UsageError, shown
from geo.pipeline import Analysis, analyse
from geo.text import Article

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["BATCH_CHARS", "BATCH_SIZE", "CONNECT_TIMEOUT_S", "Cluster", "Result", "analyse_all", "analyse_one"]

BATCH_SIZE = 64
"""Articles a task: Dask costs a few milliseconds a task in this process and on the worker, which batches of 16
short articles (60 ms of analysis) did not hide (bench/bench_parallel.py)."""
BATCH_CHARS = 64_000
"""Characters of text a task at most (a batch closes before :data:`BATCH_SIZE` articles when it has this much): 64 short
articles cost a worker about 0.25 s, 64 long ones a second or more, and the last batches of a run then leave a worker idle."""
CONNECT_TIMEOUT_S = 10.0
"""How long to wait for a running scheduler (``scheduler=``) to answer before giving up with a clear error."""
Result = Union[Analysis, Rejected]
"""What an item gives: its analysis, or why it has none."""
_ADDRESS = re.compile(r"^(tcp|tls)://[^\s/:]+:\d{1,5}$")
_IN_FLIGHT_PER_WORKER = 3  # batches queued per worker: enough to keep it busy, few enough to bound memory
_LOCAL_HOUSEKEEPING = {
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.worker.profile.enabled": False,
}
"""Dask settings of a local cluster started for a run: a cluster with no dashboard needs no profiles and no
fine-grained monitoring, which at Dask's defaults (10 ms samples, 20 ms ticks, 100 ms memory checks) cost an idle
2-worker cluster an eighth of one core (0.04 in this process and 0.045 in each worker; 0.01 and 0.005 with these)."""


def analyse_one(article: Article, max_mentions: int | None = None, check_dates: bool = False) -> Result:
    """:func:`geo.pipeline.analyse`, with a failure as a :class:`~geo.corpus.Rejected` record instead of an exception.

    ``check_dates`` refuses a publication date that the store refuses (:func:`geo.dates.check_publication_date`).

    >>> import datetime as dt
    >>> analyse_one(Article("On November 26 a drone attack on a camp in Khatlon killed three workers.", "x.txt", dt.date(2025, 12, 2))).incidents[0].incident.killed
    3
    >>> analyse_one(Article("In Khorog, Kulob and Panj.", "list.txt"), max_mentions=2).message
    'list.txt: names 3 places, over the limit of 2; give news articles, not lists of places'
    """
    file, row = getattr(article, "file", "") or article.source, getattr(article, "row", None)
    try:
        if check_dates:
            from geo.dates import check_publication_date

            check_publication_date(article.published, article.source)
        return analyse(article, max_mentions=max_mentions)
    except BorderwatchError as error:
        return Rejected(file, row, str(error))
    except Exception as error:  # a bug of the extractor must not cost the other articles: this one is refused
        return Rejected(
            file,
            row,
            f"{shown(article.source)}: Borderwatch failed to analyse it ({type(error).__name__}: {shown(error)}); "
            "nothing was stored; please report this with the file",
        )


def analyse_all(
    articles: Iterable[Article | Rejected],
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    *,
    max_mentions: int | None = None,
    check_dates: bool = False,
    timeout: float = CONNECT_TIMEOUT_S,
    cluster: Cluster | None = None,
) -> Generator[tuple[Article | Rejected, Result], None, None]:
    """Every article with its analysis (or why it has none), in input order; see the module's docstring.

    ``progress(done, errors)`` is called after each item (in this process, in order): the items yielded so far
    and how many of them were rejected. Raises :class:`~geo.errors.UsageError` for bad arguments (at the call)
    or, at the first result, for a scheduler that does not answer within ``timeout`` seconds. A cluster started
    for ``workers`` or ``scheduler`` is closed when the results are exhausted or the iterator is closed; a
    ``cluster`` given is used as it is and left open for its owner to close.

    >>> import datetime as dt
    >>> items = [Article("On November 26 a drone attack in Khatlon killed three workers.", "a.txt", dt.date(2025, 12, 2)),
    ...          Rejected("b.csv", 2, "b.csv#2: 'text' is empty; give the article's text, or leave the row out")]
    >>> [(item.source, type(result).__name__) for item, result in analyse_all(items)]
    [('a.txt', 'Analysis'), ('b.csv#2', 'Rejected')]
    """
    _check_arguments(workers, scheduler, batch_size, timeout)  # now, not at the first result
    if cluster is not None and (workers is not None or scheduler is not None):
        other = f"workers={workers!r}" if workers is not None else f"scheduler={shown(scheduler)!r}"
        raise UsageError(f"a cluster and {other} were both given; give the cluster alone, or leave it out")
    options = {"max_mentions": max_mentions, "check_dates": check_dates}
    return _run(articles, workers, scheduler, cluster, batch_size, _Progress(progress), options, timeout)


def _run(
    articles: Iterable[Article | Rejected], workers: int | None, scheduler: str | None, cluster: Cluster | None,
    batch_size: int, counter: _Progress, options: dict[str, Any], timeout: float,
) -> Generator[tuple[Article | Rejected, Result], None, None]:
    if cluster is not None:
        for item, result in _distributed(cluster.client(), articles, batch_size, options):
            yield counter.count(item, result)
        return
    if workers is None and scheduler is None:
        for item in articles:
            yield counter.count(item, item if isinstance(item, Rejected) else analyse_one(item, **options))
        return
    with Cluster(workers, scheduler, timeout) as started:
        for item, result in _distributed(started.client(), articles, batch_size, options):
            yield counter.count(item, result)


class _Progress:
    def __init__(self, callback: Callable[[int, int], None] | None) -> None:
        self.callback, self.done, self.errors = callback, 0, 0

    def count(self, item: Article | Rejected, result: Result) -> tuple[Article | Rejected, Result]:
        self.done += 1
        self.errors += isinstance(result, Rejected)
        if self.callback:
            self.callback(self.done, self.errors)
        return item, result


def _check_arguments(workers: Any, scheduler: Any, batch_size: Any, timeout: Any) -> None:
    if workers is not None and scheduler is not None:
        raise UsageError(f"workers={workers!r} and scheduler={scheduler!r} were both given; give one: workers starts a local cluster, scheduler uses a running one")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise UsageError(f"workers={workers!r}: give a whole number of worker processes, 1 or more (or none to analyse in this process)")
    if scheduler is not None and (not isinstance(scheduler, str) or not _ADDRESS.match(scheduler)):
        raise UsageError(f"scheduler={shown(scheduler)!r}: give the address of a running Dask scheduler, like tcp://127.0.0.1:8786")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise UsageError(f"batch_size={batch_size!r}: give a whole number of articles a batch, 1 or more")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise UsageError(f"timeout={timeout!r}: give the seconds to wait for the scheduler, more than 0")


class Cluster:
    """Dask workers for a run, starting in the background from the moment this is made: a local cluster of
    ``workers`` processes (one thread each, on 127.0.0.1), or the running scheduler at ``scheduler``; each worker
    loads the gazetteer and the shapes before its first batch. :meth:`client` waits for it; :meth:`close` (or the
    end of a ``with`` block) stops a local cluster and closes the connection.

    >>> Cluster(workers=0)
    Traceback (most recent call last):
    geo.errors.UsageError: workers=0: give a whole number of worker processes, 1 or more (or none to analyse in this process)
    """

    def __init__(self, workers: int | None = None, scheduler: str | None = None, timeout: float = CONNECT_TIMEOUT_S) -> None:
        _check_arguments(workers, scheduler, BATCH_SIZE, timeout)
        if workers is None and scheduler is None:
            raise UsageError("a cluster needs workers=N (a local cluster) or scheduler=ADDRESS (a running one)")
        self.workers, self.scheduler, self.timeout = workers, scheduler, timeout
        self._cluster: Any = None
        self._client: Client | None = None
        self._error: BaseException | None = None
        self._starting = threading.Thread(target=self._start, name="borderwatch-cluster", daemon=True)
        self._starting.start()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def client(self) -> Client:
        """The client of the cluster, once it is up and its workers have loaded the gazetteer; raises
        :class:`~geo.errors.UsageError` for a scheduler that did not answer within the timeout."""
        self._starting.join()
        if self._error is not None:
            raise self._error
        assert self._client is not None
        return self._client

    def close(self) -> None:
        """Stop a local cluster and close the connection (once started: this waits for the start)."""
        self._starting.join()
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _start(self) -> None:
        try:
            self._client = self._connect()
        except BaseException as error:  # raised again by client(), in the caller's thread
            self._error = error
            return
        try:
            self._client.run(_warm)  # on every worker at once, while this process reads the articles
        except Exception:  # only a head start: a worker that cannot analyse is reported by its articles
            pass

    def _connect(self) -> Client:
        import logging

        import dask
        from distributed import Client, LocalCluster

        if self.scheduler is None:
            with dask.config.set(_LOCAL_HOUSEKEEPING):  # read when the scheduler and the workers are made
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.CRITICAL,  # a dead worker is reported by its articles, not by log lines
                )
            return Client(self._cluster)
        try:
            return Client(self.scheduler, timeout=self.timeout)
        except (OSError, TimeoutError) as error:
            raise UsageError(
                f"scheduler {shown(self.scheduler)}: no Dask scheduler answered within {self.timeout:g} s ({shown(error)[:120]}); "
                "start one there (dask scheduler, then dask worker ADDRESS), or leave the scheduler out to analyse on this machine"
            ) from None


def _warm() -> None:
    """On a worker: load the gazetteer and the shapes, so that the first batch costs what the others do."""
    analyse_one(Article("A clash near Khorog in Gorno-Badakhshan.", "warm-up.txt"))


def _distributed(client: Client, items: Iterable[Article | Rejected], batch_size: int, options: dict[str, Any]) -> Iterator[tuple[Article | Rejected, Result]]:
    """Batches on the cluster, a bounded number at a time, their results in input order."""
    workers = max(1, sum(client.nthreads().values()))
    window = _IN_FLIGHT_PER_WORKER * workers
    source = iter(items)
    pending: deque[tuple[list[Article | Rejected], Any]] = deque()

    def submit_next() -> bool:
        batch = _next_batch(source, batch_size)
        if not batch:
            return False
        articles = [a for a in batch if not isinstance(a, Rejected)]
        future = client.submit(_analyse_batch, articles, options, pure=False) if articles else None
        pending.append((batch, future))
        return True

    while len(pending) < window and submit_next():
        pass
    while pending:
        batch, future = pending.popleft()
        results = _batch_results(client, batch, future, options)
        submit_next()
        yield from zip(batch, results)


def _next_batch(source: Iterator[Article | Rejected], size: int) -> list[Article | Rejected]:
    """Up to ``size`` items of ``source``, fewer when their text reaches :data:`BATCH_CHARS`."""
    batch: list[Article | Rejected] = []
    chars = 0
    for item in source:
        batch.append(item)
        chars += len(item.text) if isinstance(item, Article) and isinstance(item.text, str) else 0
        if len(batch) >= size or chars >= BATCH_CHARS:
            break
    return batch


def _batch_results(client: Client, batch: list[Article | Rejected], future: Any, options: dict[str, Any]) -> list[Result]:
    """The results of a batch, in its order; a batch that failed as a whole is run again article by article."""
    articles = [a for a in batch if not isinstance(a, Rejected)]
    if future is None:
        analysed: list[Result] = []
    else:
        try:
            analysed = future.result()
        except Exception as error:  # the batch's workers died (KilledWorker) or the cluster lost it
            future.release()
            if len(articles) == 1:
                analysed = [_lost(articles[0], error)]
            else:
                singles = [client.submit(_analyse_batch, [a], options, pure=False) for a in articles]
                analysed = [_single(client, a, f) for a, f in zip(articles, singles)]
        else:
            future.release()
    returned = iter(analysed)
    results: list[Result] = []
    for item in batch:
        if isinstance(item, Rejected):
            results.append(item)
            continue
        result = next(returned)
        results.append(replace(result, article=item) if isinstance(result, Analysis) else result)
    return results


def _single(client: Client, article: Article, future: Any) -> Result:
    try:
        return future.result()[0]
    except Exception as error:
        return _lost(article, error)
    finally:
        future.release()


def _lost(article: Article, error: BaseException) -> Rejected:
    return Rejected(
        getattr(article, "file", "") or article.source,
        getattr(article, "row", None),
        f"{shown(article.source)}: its analysis was lost on the cluster ({type(error).__name__}: {shown(error)[:200]}); "
        "a worker died while analysing it (out of memory?); run it again, or analyse it alone with fewer workers",
    )


def _analyse_batch(articles: list[Article], options: dict[str, Any]) -> list[Result]:
    """On a worker: the results of a batch, each analysis without its article (the client has it already)."""
    results = [analyse_one(article, **options) for article in articles]
    return [replace(r, article=None) if isinstance(r, Analysis) else r for r in results]  # type: ignore[arg-type]
