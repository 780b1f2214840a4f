"""Tests for geo.parallel: the analyses of a Dask cluster are the sequential ones, in order, whatever fails or dies."""

import datetime as dt
import logging
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from geo.corpus import Rejected, iter_articles
from geo.errors import UsageError
from geo.evaluate import load_gold
from geo.parallel import Cluster, analyse_all, analyse_one
from geo.pipeline import Analysis
from geo.text import Article, read_article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
ARTICLES = [read_article(g.article, published=g.published) for g in load_gold(CORPUS)]
REPEATS = -(-500 // len(ARTICLES))
MANY = ARTICLES * REPEATS  # the development corpus repeated to 500 articles or more
BROKEN = Article(None, "broken.txt", dt.date(2025, 12, 2))  # type: ignore[arg-type]  # the extractor fails on it (TypeError)


def key(result):
    """What must be equal between two runs: every incident's and every mention's JSON record."""
    if isinstance(result, Rejected):
        return ("rejected", result.source, result.message)
    return ([i.as_json() for i in result.incidents], [m.as_json() for m in result.mentions])


@pytest.fixture(scope="module")
def sequential():
    """The analyses of the corpus' articles in this process (each article's, once: the repeats are the same objects)."""
    return {id(a): key(analyse_one(a)) for a in ARTICLES}


@pytest.fixture(scope="module")
def cluster():
    """One 2-worker local cluster for the module (its start-up would dominate each test)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR) as c:
        yield c


def test_a_sequential_run_imports_nothing_of_dask():
    code = (
        "import sys\n"
        "from geo.corpus import iter_articles\n"
        "from geo.parallel import analyse_all\n"
        f"results = list(analyse_all(iter_articles([{str(CORPUS)!r}])))\n"
        "assert len(results) > 40 and all(hasattr(r, 'incidents') for _, r in results)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'dask', 'distributed', 'pyarrow', 'trafilatura'}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_sequential_run_is_the_pipeline_in_order_with_progress(sequential):
    calls = []
    items = [ARTICLES[0], BROKEN, Rejected("t.csv", 3, "t.csv#3: 'text' is empty; give the article's text, or leave the row out"), ARTICLES[1]]
    results = list(analyse_all(items, progress=lambda done, errors: calls.append((done, errors))))
    assert [item for item, _ in results] == items
    assert key(results[0][1]) == sequential[id(ARTICLES[0])] and key(results[3][1]) == sequential[id(ARTICLES[1])]
    assert results[1][1].message.startswith("broken.txt: Borderwatch failed to analyse it (TypeError: ")
    assert results[2][1] is items[2]
    assert calls == [(1, 0), (2, 1), (3, 2), (4, 2)]


def test_two_workers_give_exactly_the_sequential_analyses_of_the_corpus_repeated(cluster, sequential):
    assert len(MANY) >= 500
    calls = []
    results = list(analyse_all(MANY, scheduler=cluster.scheduler_address, progress=lambda done, errors: calls.append((done, errors))))
    assert len(results) == len(MANY)
    assert all(item is article for (item, _), article in zip(results, MANY))
    assert all(isinstance(result, Analysis) and result.article is item for item, result in results)
    mismatched = [item.source for item, result in results if key(result) != sequential[id(item)]]
    assert mismatched == []
    assert calls[-1] == (len(MANY), 0) and [done for done, _ in calls] == list(range(1, len(MANY) + 1))


def test_failures_and_rejected_items_keep_their_place_on_a_cluster(cluster, sequential):
    items = [*ARTICLES[:7], BROKEN, Rejected("t.csv", None, "t.csv: no column 'text'"), *ARTICLES[7:12]]
    items += [Rejected("u.jsonl", 2, "u.jsonl#2: a JSON list, not an object; give one JSON object a line")] * 3  # a batch of nothing to analyse
    listed = [Article("In Khorog, Kulob, Panj, Farkhor and Vanj.", "list.txt", dt.date(1850, 1, 1))]
    results = list(analyse_all(items + listed, scheduler=cluster.scheduler_address, batch_size=3, check_dates=True))
    assert [item for item, _ in results] == items + listed
    for item, result in results:
        if isinstance(item, Rejected):
            assert result is item
        elif item is BROKEN:
            assert result.source == "broken.txt" and "Borderwatch failed to analyse it (TypeError: " in result.message
        elif item is listed[0]:
            assert result.message.startswith("list.txt: publication date 1850-01-01 is impossible (after ")
        else:
            assert key(result) == sequential[id(item)]


def test_a_worker_killed_mid_batch_loses_no_article(cluster, sequential):
    from distributed import Client

    with Client(cluster.scheduler_address, timeout=10, set_as_default=False) as client:
        pids = client.run(os.getpid)
        killed = []

        def kill_one(done, errors):
            if done == 20 and not killed:
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        items = ARTICLES * 2
        results = list(analyse_all(items, scheduler=cluster.scheduler_address, batch_size=6, progress=kill_one))
        assert killed
        client.wait_for_workers(2, timeout=30)  # the nanny restarts it, for the tests that follow
    assert [item for item, _ in results] == items
    assert [item.source for item, result in results if key(result) != sequential[id(item)]] == []


def test_a_batch_whose_worker_dies_is_run_again_article_by_article(sequential, monkeypatch):
    """With no retries allowed (KilledWorker at once), the batch is split into single articles and all are analysed."""
    import dask
    from distributed import default_client

    import geo.parallel

    killed, singles = [], []
    single = geo.parallel._single
    monkeypatch.setattr(geo.parallel, "_single", lambda *a: singles.append(a[1]) or single(*a))

    def kill_one(done, errors):
        if done == 6 and not killed:
            victim = sorted(default_client().run(os.getpid).values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    items = ARTICLES[:30]
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        results = list(analyse_all(items, workers=2, batch_size=3, progress=kill_one))
    assert killed and [item for item, _ in results] == items
    assert singles  # the batch the worker was analysing came back one article at a time
    lost = [r for _, r in results if isinstance(r, Rejected)]
    assert all("its analysis was lost on the cluster (KilledWorker" in r.message for r in lost)
    assert len(lost) <= 1  # at most the article that was being analysed when its worker died, if it died again alone
    assert [item.source for item, result in results if not isinstance(result, Rejected) and key(result) != sequential[id(item)]] == []


def test_a_scheduler_that_does_not_answer_is_a_clear_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    results = analyse_all(ARTICLES[:2], scheduler=f"tcp://127.0.0.1:{port}", timeout=1.5)
    with pytest.raises(UsageError, match=rf"^scheduler tcp://127.0.0.1:{port}: no Dask scheduler answered within 1.5 s \(.*\); start one there"):
        next(results)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"workers": 0}, r"workers=0: give a whole number of worker processes, 1 or more"),
        ({"workers": True}, r"workers=True: give a whole number"),
        ({"workers": "2"}, r"workers='2': give a whole number"),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, r"were both given; give one"),
        ({"scheduler": "127.0.0.1:8786"}, r"scheduler='127.0.0.1:8786': give the address of a running Dask scheduler, like tcp://127.0.0.1:8786"),
        ({"scheduler": "tcp://host"}, r"scheduler='tcp://host'"),
        ({"batch_size": 0}, r"batch_size=0: give a whole number of articles a batch, 1 or more"),
        ({"scheduler": "tcp://127.0.0.1:8786", "timeout": 0}, r"timeout=0: give the seconds to wait for the scheduler, more than 0"),
    ],
)
def test_bad_arguments_are_refused_at_the_call(arguments, message):
    with pytest.raises(UsageError, match=message):
        analyse_all(ARTICLES[:1], **arguments)


def test_the_corpus_read_as_a_folder_analyses_on_a_cluster_as_in_this_process(cluster):
    items = list(iter_articles([CORPUS]))
    on_cluster = [key(r) for _, r in analyse_all(items, scheduler=cluster.scheduler_address, batch_size=4)]
    assert on_cluster == [key(r) for _, r in analyse_all(items)]


def test_a_cluster_made_beforehand_starts_in_the_background_and_serves_several_runs(sequential):
    import geo.gazetteer

    with Cluster(workers=1) as cluster:
        client = cluster.client()  # up, and its worker has loaded the gazetteer before any batch
        assert client.run(lambda: geo.gazetteer.load_gazetteer.cache_info().currsize) == {w: 1 for w in client.nthreads()}
        for items in (ARTICLES[:5], ARTICLES[5:9]):  # the cluster is left open for its owner
            assert [key(r) for _, r in analyse_all(items, cluster=cluster, batch_size=2)] == [sequential[id(a)] for a in items]
    assert cluster._client is None and cluster._cluster is None  # closed with the block


def test_a_local_cluster_runs_without_dasks_profiler_and_fine_grained_monitoring():
    import dask

    with Cluster(workers=1) as cluster:
        client = cluster.client()
        settings = client.run(lambda: (dask.config.get("distributed.worker.profile.enabled"), dask.config.get("distributed.admin.tick.interval")))
        assert list(settings.values()) == [(False, "1s")]
        assert client.run_on_scheduler(lambda dask_scheduler: dask_scheduler._tick_interval) == 1.0
    assert dask.config.get("distributed.worker.profile.enabled") is True  # this process's settings are left as they were


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, r"^a cluster needs workers=N \(a local cluster\) or scheduler=ADDRESS \(a running one\)$"),
        ({"workers": -1}, r"^workers=-1: give a whole number of worker processes"),
    ],
)
def test_a_cluster_with_bad_arguments_is_refused_before_it_starts(arguments, message):
    with pytest.raises(UsageError, match=message):
        Cluster(**arguments)


def test_a_cluster_and_workers_are_not_given_together(cluster):
    with Cluster(scheduler=cluster.scheduler_address) as running:
        with pytest.raises(UsageError, match=r"^a cluster and workers=2 were both given; give the cluster alone, or leave it out$"):
            analyse_all(ARTICLES[:1], workers=2, cluster=running)


def test_long_articles_travel_in_smaller_batches(cluster):
    import geo.parallel

    long = ARTICLES[0].text * -(-geo.parallel.BATCH_CHARS // (3 * len(ARTICLES[0].text)))  # a third of a batch's text
    items = [Article(long, f"long-{n}.txt", ARTICLES[0].published) for n in range(7)] + ARTICLES[:5]
    source, sizes = iter(items), []
    while batch := geo.parallel._next_batch(source, 64):
        sizes.append(len(batch))
    assert sizes == [3, 3, 6]  # three long articles fill a batch; the short ones go together
    assert [item for item, _ in analyse_all(items, scheduler=cluster.scheduler_address)] == items


def _no_warm_up():
    raise RuntimeError("this worker cannot load the gazetteer")


def test_a_warm_up_that_fails_on_the_workers_costs_only_the_head_start(cluster, monkeypatch, sequential):
    import geo.parallel

    monkeypatch.setattr(geo.parallel, "_warm", _no_warm_up)
    with Cluster(scheduler=cluster.scheduler_address) as running:
        results = [key(r) for _, r in analyse_all(ARTICLES[:4], cluster=running)]
    assert results == [sequential[id(a)] for a in ARTICLES[:4]]
