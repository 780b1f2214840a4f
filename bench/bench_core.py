"""Benchmark the text pipeline on the seed articles: cold start, toponyms, incidents, memory, accuracy, peer.

Run: python bench/bench_core.py   (prints a table; numbers are for this machine, not asserted anywhere)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "gold" / "seed_000.json"

COLD_START = """
import resource, time
t = time.perf_counter()
from geo.gazetteer import load_gazetteer
from geo.boundaries import load_boundaries
load_gazetteer(); load_boundaries()
elapsed = time.perf_counter() - t
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

PEAK_AFTER_PIPELINE = """
import resource, sys
from geo.pipeline import analyse_file
for path in sys.argv[1:]:
    analyse_file(path)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def best_of(fn, repeat: int = 30) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_start() -> tuple[float, float]:
    runs = [subprocess.run([sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True, cwd=ROOT) for _ in range(5)]
    values = [tuple(map(float, r.stdout.split())) for r in runs]
    return statistics.median(v[0] for v in values), max(v[1] for v in values) / 1024


def peak_memory_mb() -> float:
    run = subprocess.run([sys.executable, "-c", PEAK_AFTER_PIPELINE, *map(str, SEEDS)], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(run.stdout) / 1024


def accuracy(text: str) -> tuple[float, float, int, int]:
    """Precision and recall of mentions on the seed (span, country and admin1 must match the gold)."""
    from geo.toponyms import find_mentions

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    expected = {(s, e): t for t in gold["toponyms"] for s, e in t["mentions"]}
    required = {span for span, t in expected.items() if t["required"]}
    found = {(m.start, m.end): m for m in find_mentions(text)}
    correct = {
        span
        for span, m in found.items()
        if span in expected and m.place and m.place.country == expected[span]["country"] and (expected[span]["admin1"] in (None, m.place.admin1))
    }
    precision = len(correct) / len(found) if found else 0.0
    recall = len(correct & required) / len(required)
    return precision, recall, len(found), len(required)


def geotext_line(text: str) -> str:
    try:
        from geotext import GeoText
    except ImportError:
        return "geotext not installed (pip install geotext)"
    seconds = best_of(lambda: GeoText(text), repeat=10)
    found = GeoText(text)
    names = sorted(set(found.cities) | set(found.countries))
    missing = [n for n in ("Badakhshan", "Khatlon", "Gorno-Badakhshan", "GBAO") if n not in names]
    return f"{seconds * 1000:.1f} ms; finds {len(found.cities)} city + {len(found.countries)} country mentions {names}; misses {missing}"


def main() -> None:
    from geo.incidents import extract_incidents
    from geo.pipeline import analyse
    from geo.text import read_article
    from geo.toponyms import find_mentions

    cold, cold_rss = cold_start()
    articles = [read_article(p) for p in SEEDS]
    seed = articles[0]
    toponyms = best_of(lambda: [find_mentions(a.text) for a in articles]) / len(articles)
    mentions = [find_mentions(a.text) for a in articles]
    incidents = best_of(lambda: [extract_incidents(a, m) for a, m in zip(articles, mentions)]) / len(articles)
    whole = best_of(lambda: [analyse(a) for a in articles]) / len(articles)
    precision, recall, n_found, n_required = accuracy(seed.text)
    rows = [
        ("cold start: import + load gazetteer and boundaries", f"{cold * 1000:.0f} ms", "≤ 500 ms"),
        ("  its peak memory (RSS)", f"{cold_rss:.0f} MB", ""),
        ("toponyms per article, warm", f"{toponyms * 1000:.2f} ms", "≤ 20 ms"),
        ("incidents per article, warm (mentions given)", f"{incidents * 1000:.2f} ms", "≤ 30 ms"),
        ("whole pipeline per article, warm (mentions, incidents, placement)", f"{whole * 1000:.1f} ms", ""),
        ("peak memory after the pipeline on every seed (RSS)", f"{peak_memory_mb():.0f} MB", ""),
        (f"seed mentions: precision ({n_found} found)", f"{precision:.3f}", ""),
        (f"seed mentions: recall of required ({n_required})", f"{recall:.3f}", ""),
        ("peer: geotext on the seed", geotext_line(seed.text), ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':<12}  target")
    print(f"{'-' * width}  {'-' * 12}  ------")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<12}  {target}")
    print(f"\n{len(SEEDS)} seed article(s); Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
