"""Benchmark ingest end to end: in this process vs a local Dask cluster of 1 and 2 workers, and the one writer's commit rate.

Run: python bench/bench_parallel.py [--synthetic 5000] [--corpus 540] [--repeat 3]   (prints tables; numbers are for this machine, not asserted)

Inputs: made-up articles (geo.synthetic, short, one incident each) as a folder of files, and the development corpus
(tests/corpus) repeated as a JSON Lines table (each copy with a line of its own, so that none is skipped as stored).
Each run is :func:`geo.store.ingest` into a new store, timed from the call to its return: reading, the skip by
content hash, cluster start-up and the workers' loading of the gazetteer, analysis, and the batched commits all
included; "steady" leaves out everything before the first committed batch. Each run is repeated (``--repeat``),
the three kinds in turn, and the fastest total is kept: on a shared machine the same run varies by a third.

The commit rate is that of :meth:`geo.store.Store.add_analyses` alone (the real store: its tables, indexes and event
regrouping) on analyses made beforehand, into a new store, for a few batch sizes (ingest's batches grow to 512).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
RUNS = (("sequential", {}), ("--workers 1", {"workers": 1}), ("--workers 2", {"workers": 2}))


def main() -> None:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=5000, help="made-up articles (default 5000)")
    parser.add_argument("--corpus", type=int, default=540, help="corpus articles, the corpus repeated (default 540)")
    parser.add_argument("--writes", type=int, default=5000, help="analyses written for the commit rate (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind, the fastest kept (default 3)")
    args = parser.parse_args()

    from geo.parallel import analyse_one
    from geo.evaluate import load_gold
    from geo.text import read_article

    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as tmp:
        folder = Path(tmp)
        inputs = {}  # an input of 0 articles (--corpus 0) is left out
        if args.synthetic:
            inputs["synthetic"] = synthetic_folder(folder / "synthetic", args.synthetic)
        if args.corpus:
            inputs["corpus"] = corpus_table(folder / "corpus.jsonl", args.corpus)
        gold = [read_article(g.article, published=g.published) for g in load_gold(CORPUS)]
        analyse_one(gold[0])  # the gazetteer and the shapes loaded in this process: the sequential runs are warm
        rows = []
        for name, path in inputs.items():
            best: dict[str, dict] = {}
            for attempt in range(args.repeat):
                for label, options in RUNS:
                    timing = run(path, folder / f"home-{name}-{label.strip('-').replace(' ', '')}-{attempt}", **options)
                    if label not in best or timing["total"] < best[label]["total"]:
                        best[label] = timing
                    loads.append(os.getloadavg()[0])
                    print(f"  {name:<9} {label:<12} {timing['total']:7.1f} s  (load {loads[-1]:.1f})", file=sys.stderr, flush=True)
            rows.extend((name, label, best[label]) for label, _ in RUNS)
        writes = commit_rates(folder, args.writes)
        loads.append(os.getloadavg()[0])

    print(f"\n{'input':<10} {'run':<12} {'articles':>8} {'rejected':>8} {'total s':>8} {'first s':>8} {'art/s':>8} {'steady art/s':>13} {'speed-up':>9}")
    print(f"{'-' * 10} {'-' * 12} {'-' * 8} {'-' * 8} {'-' * 8} {'-' * 8} {'-' * 8} {'-' * 13} {'-' * 9}")
    for name, label, t in rows:
        base = next(x for n, l, x in rows if n == name and l == "sequential")
        print(
            f"{name:<10} {label:<12} {t['articles']:>8} {t['rejected']:>8} {t['total']:>8.1f} {t['first']:>8.2f} {t['rate']:>8.1f} "
            f"{t['steady_rate']:>13.1f} {base['total'] / t['total']:>8.2f}×"
        )
    print(f"\none writer, Store.add_analyses into a new store ({args.writes:,} analyses of made-up articles, events regrouped once a batch):")
    for batch, rate in writes.items():
        print(f"  {batch:>4} articles a commit: {rate:8.0f} articles/s")
    print(f"\ncpu cores here: {os.cpu_count()}; load average (1 min) during the runs: {min(loads):.1f} to {max(loads):.1f} (other processes share the cores)")
    print(json.dumps({"rows": rows, "commit_rates": writes, "load": loads}, default=str))


def synthetic_folder(folder: Path, count: int) -> Path:
    from geo.synthetic import article

    folder.mkdir()
    for seed in range(count):
        (folder / f"{seed:05d}.txt").write_text(article(seed), encoding="utf-8")
    return folder


def corpus_table(path: Path, count: int) -> Path:
    from geo.evaluate import load_gold
    from geo.text import read_article

    gold = [(read_article(g.article, published=g.published), g.published) for g in load_gold(CORPUS)]
    with path.open("w", encoding="utf-8") as table:
        for number in range(count):
            article, published = gold[number % len(gold)]
            text = f"{article.text}\n\nCopy {number // len(gold) + 1}."
            table.write(json.dumps({"text": text, "published": published.isoformat() if published else None}, ensure_ascii=False) + "\n")
    return path


def run(path: Path, home: Path, **options) -> dict:
    """Time one ingest into a new store: total, time to the first committed batch, and the steady rate after it."""
    from geo.store import Store, ingest

    first: list[float] = []

    def progress(done, total, result) -> None:
        if not first:
            first.append(time.perf_counter())

    with Store(home) as store:
        start = time.perf_counter()
        results = ingest(store, [path], progress=progress, **options)
        end = time.perf_counter()
    total, steady = end - start, end - first[0]
    from geo.store import COMMIT_FIRST

    return {
        "articles": len(results), "rejected": sum(r.status == "rejected" for r in results), "total": total, "first": first[0] - start,
        "rate": len(results) / total, "steady_rate": (len(results) - COMMIT_FIRST) / steady if steady else float("inf"),
    }


def commit_rates(folder: Path, count: int, batches=(8, 64, 512)) -> dict[int, float]:
    """Articles per second that Store.add_analyses writes, committing ``batch`` analyses a transaction, into a new store."""
    from geo.parallel import analyse_all
    from geo.store import Store
    from geo.synthetic import article
    from geo.text import Article, find_published_date

    articles = [Article(text, f"w{seed}.txt", find_published_date(text)) for seed in range(count) for text in [article(seed)]]
    analyses = [result for _, result in analyse_all(articles) if hasattr(result, "incidents")]
    rates = {}
    for batch in batches:
        with Store(folder / f"writes-{batch}") as store:
            start = time.perf_counter()
            for first in range(0, len(analyses), batch):
                store.add_analyses(analyses[first : first + batch])
            rates[batch] = len(analyses) / (time.perf_counter() - start)
    return rates


if __name__ == "__main__":  # guarded: the workers' processes import this file again (multiprocessing spawn)
    main()
