"""Benchmark the store: ingest throughput for 1,000 generated articles, store size, listing time.

Run: python bench/bench_store.py [N]   (prints a table; default N = 1000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from geo.store import Store, ingest
from geo.synthetic import article


def main(count: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for seed in range(count):
            (folder / f"{seed:05d}.txt").write_text(article(seed), encoding="utf-8")
        with Store(Path(tmp) / "home") as store:
            start = time.perf_counter()
            results = ingest(store, [folder])
            ingest_s = time.perf_counter() - start
            start = time.perf_counter()
            again = ingest(store, [folder])
            reingest = time.perf_counter() - start
            start = time.perf_counter()
            events = store.events()
            listing = time.perf_counter() - start
            counts = store.counts()
            size = sum(p.stat().st_size for p in store.home.iterdir())
    added = sum(r.status == "added" for r in results)
    rows = [
        (f"ingest {count:,} generated articles", f"{ingest_s:.2f} s", ""),
        ("  throughput", f"{added / ingest_s:.0f} articles/s", "≥ 20 articles/s"),
        ("re-ingest (all already there)", f"{len(again) / reingest:.0f} articles/s", ""),
        ("list every event (merge + corrections)", f"{listing * 1000:.0f} ms", ""),
        ("store size on disk (db + WAL)", f"{size / 1e6:.1f} MB", ""),
        ("rows", ", ".join(f"{n:,} {t}" for t, n in counts.items()), ""),
        ("events after merging reports", f"{len(events):,}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':<20}  target")
    print(f"{'-' * width}  {'-' * 20}  ------")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<20}  {target}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
