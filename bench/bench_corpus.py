"""Benchmark extraction on the development corpus: accuracy per article and in total, time per article, memory.

Run: python bench/bench_corpus.py   (prints tables; numbers are for this machine, not asserted anywhere)
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from geo.evaluate import evaluate, load_gold
    from geo.pipeline import analyse
    from geo.text import read_article

    report = evaluate(CORPUS)  # also warms the gazetteer and the shapes
    print(report.table())
    articles = [read_article(g.article, published=g.published) for g in load_gold(CORPUS)]
    times = []
    for article in articles:
        start = time.perf_counter()
        for _ in range(5):
            analyse(article)
        times.append((time.perf_counter() - start) / 5 * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"{'measure':<40}  {'value':<12}  target")
    print(f"{'-' * 40}  {'-' * 12}  ------")
    for name, value, target in [
        ("pipeline per article, warm (median)", f"{statistics.median(times):.1f} ms", "≤ 20 ms"),
        ("pipeline per article, warm (max)", f"{max(times):.1f} ms", ""),
        ("peak RSS after the corpus", f"{peak:.0f} MB", "≤ 300 MB"),
    ]:
        print(f"{name:<40}  {value:<12}  {target}")
    print(f"\n{len(articles)} corpus article(s); Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
