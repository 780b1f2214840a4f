"""Benchmark how time grows with the size of an article: toponyms, incidents and ingest on 0.1 to 2 MB of text.

The inputs are the development corpus's articles (tests/corpus/*.txt) one after the other, repeated and cut at a
paragraph to the size, as UTF-8 (2 MB is the largest article Borderwatch reads). Linear time means the
seconds per MB stay the same down a column; issue 13 asks for ≤ 1 s for toponyms at 2 MB.

Run: python bench/bench_scale.py [SIZE_MB ...]   (prints a table; default sizes 0.1 0.5 1 2)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SIZES_MB = (0.1, 0.5, 1.0, 2.0)


def corpus_text(size: int) -> str:
    """The corpus articles, repeated in name order and cut at the last paragraph that fits in ``size`` UTF-8 bytes."""
    articles = [p.read_text(encoding="utf-8").strip() for p in sorted(CORPUS.glob("*.txt"))]
    parts: list[str] = []
    used = 0
    while True:
        for article in articles:
            for paragraph in article.split("\n\n"):
                piece = paragraph + "\n\n"
                cost = len(piece.encode("utf-8"))
                if used + cost > size:
                    return "".join(parts).rstrip() + "\n"
                parts.append(piece)
                used += cost


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main(sizes_mb: tuple[float, ...] = SIZES_MB) -> None:
    sys.path.insert(0, str(ROOT))
    from geo.gazetteer import load_gazetteer
    from geo.boundaries import load_boundaries
    from geo.incidents import extract_incidents
    from geo.store import Store, ingest
    from geo.text import MAX_ARTICLE_BYTES, read_article
    from geo.toponyms import find_mentions

    load_gazetteer()
    load_boundaries()
    find_mentions(corpus_text(20_000))  # warm the matchers
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size_mb in sizes_mb:
            size = min(int(size_mb * 1_000_000), MAX_ARTICLE_BYTES)
            path = Path(tmp) / f"corpus-{size_mb:g}MB.txt"
            path.write_text(corpus_text(size), encoding="utf-8")
            article = read_article(path)
            toponyms_s, mentions = timed(lambda: find_mentions(article.text))
            incidents_s, incidents = timed(lambda: extract_incidents(article, mentions))
            with Store(Path(tmp) / f"home-{size_mb:g}") as store:
                ingest_s, (result,) = timed(lambda: ingest(store, [path]))
            rows.append((size_mb, path.stat().st_size, toponyms_s, incidents_s, ingest_s, len(mentions), len(incidents), result.status))
            print(f"  {size_mb:g} MB done", file=sys.stderr, flush=True)
    header = ("input", "bytes", "toponyms s", "s/MB", "incidents s", "s/MB", "ingest s", "s/MB", "mentions", "incidents", "ingest")
    print(" | ".join(header))
    print(" | ".join("-" * len(h) for h in header))
    for size_mb, size, toponyms_s, incidents_s, ingest_s, mentions, incidents, status in rows:
        mb = size / 1e6
        print(
            f"{size_mb:g} MB | {size:,} | {toponyms_s:.2f} | {toponyms_s / mb:.2f} | {incidents_s:.2f} | {incidents_s / mb:.2f} | "
            f"{ingest_s:.2f} | {ingest_s / mb:.2f} | {mentions:,} | {incidents:,} | {status}"
        )
    print("(incidents: geo.incidents.extract_incidents with the mentions given; ingest: read, analyse, place and store one file,")
    print(" refused as soon as its places are found when it names more than geo.store.MAX_MENTIONS)")


if __name__ == "__main__":
    main(tuple(float(a) for a in sys.argv[1:]) or SIZES_MB)
