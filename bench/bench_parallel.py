"""Benchmark analysis on many cores: in this process vs a local Dask cluster of 1 and 2 workers, and what 8 and 32 would give.

Run: python bench/bench_parallel.py [--synthetic 5000] [--corpus 540]   (prints tables; numbers are for this machine, not asserted)

Inputs: made-up articles (geo.synthetic, short, one incident each) and the development corpus (tests/corpus) repeated.
Each run is timed from the call to the last result, cluster start-up and the workers' loading of the gazetteer included;
"steady" leaves out everything before the first result. The projection for 8 and 32 workers uses the measured
per-article cost, the per-article cost of shipping results back to this process, and the commit rate of one SQLite
writer measured on a throwaway file (see ``project`` for the assumptions).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=5000, help="made-up articles (default 5000)")
    parser.add_argument("--corpus", type=int, default=540, help="corpus articles, the corpus repeated (default 540)")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from geo.evaluate import load_gold
    from geo.parallel import analyse_all, analyse_one
    from geo.synthetic import article
    from geo.text import Article, find_published_date, read_article

    synthetic = [Article(text, f"synthetic-{seed}.txt", find_published_date(text)) for seed in range(args.synthetic) for text in [article(seed)]]
    gold = [read_article(g.article, published=g.published) for g in load_gold(CORPUS)]
    corpus = (gold * (-(-args.corpus // len(gold))))[: args.corpus]
    analyse_one(gold[0])  # load the gazetteer and the shapes in this process: the sequential runs are warm

    rows, costs, shipping, pickling = [], {}, {}, {}
    for name, articles in (("synthetic", synthetic), ("corpus", corpus)):
        for label, options in (("sequential", {}), ("workers=1", {"workers": 1}), ("workers=2", {"workers": 2})):
            timing = run(analyse_all, articles, batch_size=args.batch_size, **options)
            rows.append((name, label, timing))
            print(f"  {name:<9} {label:<10} {timing['total']:7.1f} s", file=sys.stderr, flush=True)
        sequential = next(t for n, l, t in rows if n == name and l == "sequential")
        one = next(t for n, l, t in rows if n == name and l == "workers=1")
        costs[name] = sequential["total"] / len(articles)
        shipping[name] = one["steady_per_article"] - costs[name]  # measured, noisy: what a worker costs beyond the analysis
        pickling[name] = pickle_costs([r for _, r in analyse_all(articles[:200])])

    print(f"\n{'input':<10} {'run':<11} {'articles':>8} {'errors':>6} {'total s':>8} {'first s':>8} {'art/s':>8} {'steady art/s':>13} {'speed-up':>9}")
    print(f"{'-' * 10} {'-' * 11} {'-' * 8} {'-' * 6} {'-' * 8} {'-' * 8} {'-' * 8} {'-' * 13} {'-' * 9}")
    for name, label, t in rows:
        base = next(x for n, l, x in rows if n == name and l == "sequential")
        print(
            f"{name:<10} {label:<11} {t['articles']:>8} {t['errors']:>6} {t['total']:>8.1f} {t['first']:>8.2f} {t['rate']:>8.1f} "
            f"{t['steady_rate']:>13.1f} {base['total'] / t['total']:>8.2f}×"
        )

    analyses = [r for _, r in analyse_all(gold) if hasattr(r, "incidents")]
    writes = commit_rates(analyses)
    print(f"\none SQLite writer (WAL, synchronous=NORMAL, the store's tables), articles like the corpus' "
          f"({statistics.mean(len(a.mentions) for a in analyses):.0f} mentions, {statistics.mean(len(a.incidents) for a in analyses):.1f} incidents each):")
    for batch, rate in writes.items():
        print(f"  {batch:>4} article(s) a commit: {rate:8.0f} articles/s")
    print(f"\ncpu cores here: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f} (other processes share them)")

    print("\nper article: analysis (sequential), result pickled on a worker / unpickled here, and workers=1 steady minus sequential (measured):")
    for name in costs:
        dumps, loads = pickling[name]
        print(f"  {name:<10} analysis {costs[name] * 1000:6.2f} ms   pickle {dumps * 1000:5.2f} ms   unpickle {loads * 1000:5.2f} ms   "
              f"worker overhead {shipping[name] * 1000:+6.2f} ms")

    print(f"\nprojection (see project(): dedicated cores, this process unpickles and is the one writer, {TASK_OVERHEAD_S * 1000:g} ms a task):")
    print("(optimistic: this process pays only unpickling; pessimistic: it pays the whole measured worker overhead per article)")
    print(f"{'input':<10} {'commit every':>12} {'writer art/s':>13} {'sequential ingest':>18} {'8 workers':>16} {'32 workers':>16}  {'pessimistic 8':>16} {'pessimistic 32':>16}")
    for name in costs:
        for batch in (1, 100):
            line = project(costs[name], *pickling[name], writes[batch], args.batch_size)
            dumps, loads = pickling[name]
            worst = project(costs[name], dumps, max(loads, shipping[name]), writes[batch], args.batch_size)
            print(
                f"{name:<10} {batch:>12} {writes[batch]:>13.0f} {line['sequential']:>14.1f}/s  "
                + " ".join(f"{line[n]:>7.0f}/s {line[n] / line['sequential']:>5.1f}×" for n in (8, 32)) + "  "
                + " ".join(f"{worst[n]:>7.0f}/s {worst[n] / line['sequential']:>5.1f}×" for n in (8, 32))
            )
    print(json.dumps({"rows": rows, "commit_rates": writes, "per_article_s": costs, "worker_overhead_s": shipping, "pickle_s": pickling}, default=str))


TASK_OVERHEAD_S = 0.001
"""Dask's scheduler overhead per task (its documentation: about 1 ms); a task is one batch."""


def pickle_costs(results) -> tuple[float, float]:
    """Seconds per article to pickle a result on a worker (without its article) and to unpickle it here."""
    import pickle
    from dataclasses import replace

    stripped = [replace(r, article=None) for r in results]
    start = time.perf_counter()
    data = pickle.dumps(stripped)
    middle = time.perf_counter()
    pickle.loads(data)
    end = time.perf_counter()
    return (middle - start) / len(results), (end - middle) / len(results)


def run(analyse_all, articles, **options) -> dict:
    """Time one run: total, time to the first result, and the steady rate after it."""
    start = time.perf_counter()
    first = None
    errors = 0
    for _, result in analyse_all(articles, **options):
        if first is None:
            first = time.perf_counter()
        errors += not hasattr(result, "incidents")
    end = time.perf_counter()
    total, steady = end - start, end - first
    return {
        "articles": len(articles), "errors": errors, "total": total, "first": first - start,
        "rate": len(articles) / total, "steady_rate": (len(articles) - 1) / steady if steady else float("inf"),
        "steady_per_article": steady / max(1, len(articles) - 1),
    }


def commit_rates(analyses, batches=(1, 10, 100), articles=1000) -> dict[int, float]:
    """Articles written per second by one writer, committing every ``batch`` articles, into a throwaway SQLite file."""
    from geo.records import mention_record

    payload = [
        (a.article.text, [json.dumps(mention_record(m), ensure_ascii=False) for m in a.mentions], [json.dumps(i.as_json(), ensure_ascii=False) for i in a.incidents])
        for a in analyses
    ]
    rates = {}
    for batch in batches:
        with tempfile.TemporaryDirectory() as folder:
            db = sqlite3.connect(Path(folder) / "bench.sqlite", isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(
                "CREATE TABLE articles (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, source TEXT, published TEXT, text TEXT, added_at TEXT);"
                "CREATE TABLE mentions (id INTEGER PRIMARY KEY, article_id INTEGER, start INTEGER, end INTEGER, place_id TEXT, record TEXT);"
                "CREATE TABLE reports (id INTEGER PRIMARY KEY, article_id INTEGER, event_id INTEGER, record TEXT);"
                "CREATE INDEX mentions_article ON mentions(article_id); CREATE INDEX reports_article ON reports(article_id);"
            )
            start = time.perf_counter()
            for first in range(0, articles, batch):
                db.execute("BEGIN IMMEDIATE")
                for number in range(first, min(first + batch, articles)):
                    text, mentions, reports = payload[number % len(payload)]
                    row = db.execute(
                        "INSERT INTO articles (sha256, source, published, text, added_at) VALUES (?, ?, ?, ?, ?)",
                        (f"{number:064x}", f"a{number}.txt", "2025-12-02", text, "2025-12-02T00:00:00+00:00"),
                    ).lastrowid
                    db.executemany("INSERT INTO mentions (article_id, start, end, place_id, record) VALUES (?, 0, 1, NULL, ?)", [(row, m) for m in mentions])
                    db.executemany("INSERT INTO reports (article_id, event_id, record) VALUES (?, 0, ?)", [(row, r) for r in reports])
                db.execute("COMMIT")
            rates[batch] = articles / (time.perf_counter() - start)
            db.close()
    return rates


def project(per_article: float, dumps: float, loads: float, writer_rate: float, batch_size: int) -> dict:
    """Articles/s of an ingest with N workers: the smaller of what N workers analyse, N / (analysis + pickling +
    the scheduler's share), and what this one process takes in, 1 / (unpickling + writing). Sequential ingest:
    1 / (analysis + writing).

    Assumed: each worker has a core of its own, and so has this process (none shared); analysis is CPU-bound and
    independent per article (no shared state, enough memory for N copies of the gazetteer, about 150 MB each);
    the store's event regrouping costs no more than the rows written here (it grows with the store: measure it
    once the store restructuring lands); the scheduler costs TASK_OVERHEAD_S a batch, on a core of its own.
    """
    write = 1 / writer_rate
    line = {"sequential": 1 / (per_article + write)}
    for n in (8, 32):
        line[n] = min(n / (per_article + dumps + TASK_OVERHEAD_S / batch_size), 1 / (loads + write))
    return line


if __name__ == "__main__":  # guarded: the workers' processes import this file again (multiprocessing spawn)
    main()
