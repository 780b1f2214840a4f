"""Benchmark the snapshot exports on the seed articles: time per format (first call and warm) and file size.

Run: python bench/bench_export.py   (prints a table; numbers are for this machine, not asserted anywhere)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"html": "≤ 0.5 s", "png": "≤ 2 s"}
TARGET_S = {"html": 0.5, "png": 2.0}


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_seconds(out: Path, repeat: int = 3) -> float:
    """Median wall time of `python -m geo snapshot --out DIR` (all default formats) in a new process."""
    times = []
    for run in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geo", "snapshot", "--out", str(out / f"cli{run}")], check=True, cwd=ROOT,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def size_text(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def main() -> None:
    from geo.export import EXPORTERS, manifest_bytes
    from geo.export.picture import CHROMIUM
    from geo.export.snapshot import load_snapshot

    load_s, snapshot = timed(load_snapshot)
    snapshot = snapshot.with_time()
    rows = [("read + analyse the seed articles", f"{load_s:.2f}", "", "", "")]
    for name, exporter in EXPORTERS.items():
        if name == "png-browser" and not CHROMIUM.is_file():
            rows.append((name, "skipped", "", "", f"no {CHROMIUM}"))
            continue
        first, data = timed(lambda: exporter.render(snapshot))
        warm = median_of(lambda: exporter.render(snapshot), repeat=3 if name == "png-browser" else 7)
        verdict = ""
        if name in TARGET_S:
            verdict = f"{TARGETS[name]} {'ok' if warm <= TARGET_S[name] else 'MISSED'}"
        rows.append((name, f"{first:.3f}", f"{warm:.3f}", size_text(len(data)), verdict))
    manifest = manifest_bytes(snapshot, [e.file_name for e in EXPORTERS.values()])
    rows.append(("manifest", "", f"{median_of(lambda: manifest_bytes(snapshot, [e.file_name for e in EXPORTERS.values()]), 7):.3f}", size_text(len(manifest)), ""))
    with tempfile.TemporaryDirectory() as folder:
        rows.append(("CLI: python -m geo snapshot (all default formats, new process)", "", f"{cli_seconds(Path(folder)):.2f}", "", ""))

    headers = ("format", "first call s", "warm s (median)", "size", "target")
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
    print(f"\n{len(snapshot.articles)} seed article(s), {len(snapshot.shown)} incident(s); picture {snapshot.size[0]}x{snapshot.size[1]}; "
          f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
