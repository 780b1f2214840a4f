"""Benchmark the dashboard: map payload, page load → map with markers, marker click → incident card, filter change → map.

Run: python bench/bench_dashboard.py [--loads 5] [--clicks 6] [--incidents 10000]
Needs Debian's chromium and static/vendor (`python -m geo assets`). Prints a table (--json: every measurement); numbers are
for this machine and are not asserted anywhere (tests/test_dashboard*.py assert loose bounds).
The first page load of a fresh server includes Python's imports and the analysis of the seeds.

Two stores: the seed alone, and (with --incidents N, 0 to skip) a store of at least N incidents made of
geo.synthetic articles published over 33 years, two in three moved to a town on the Afghan side (reports of one
province and type a day or two apart are one event: the synthetic articles' two Tajik regions alone hold about
7,000 events, and a denser store merges most new articles), ingested with geo.store.ingest, kept in bench/out/
for the next run (building it takes minutes). On it the page opens on the last 12 months (a few hundred
markers); *Full range* then shows every incident, and the clicks and filter changes are timed on that map.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def map_payload() -> dict[str, int]:
    """Bytes the dashboard's st_folium call sends on every rerun for the seed map (static layers in files, as the
    dashboard does, and in the page), the static layers' files, and the web assets the map loads."""
    import streamlit_folium

    from geo.app import actions, views
    from geo.map.layers import STATIC_LAYERS_DIR, STATIC_LAYERS_URL, incident_map, write_static_layers
    from geo.map.offline import local_asset_path, use_local_assets

    use_local_assets()
    analyses = [actions.analyse_seed(path, ROOT) for path in actions.seed_files(ROOT / "seeds")]
    files = write_static_layers()
    report: dict[str, int] = {}
    for name, static in (("", files), ("shapes in the page: ", None)):
        sent: dict = {}
        original = streamlit_folium._component_func
        streamlit_folium._component_func = lambda **kwargs: sent.update(kwargs)
        try:
            streamlit_folium.st_folium(
                incident_map(
                    [item for a in analyses for item in a.incidents],
                    views.mentions_of({a.article.source: list(a.mentions) for a in analyses}),
                    static_layers=static,
                ),
                returned_objects=["last_object_clicked", "last_object_clicked_popup", "last_object_clicked_count"],
            )
        finally:
            streamlit_folium._component_func = original
        args = {k: v for k, v in sent.items() if k != "on_change"}
        report[f"{name}component_args_bytes"] = len(json.dumps(args).encode("utf-8"))
        report[f"{name}map_script_bytes"] = len(sent["script"].encode("utf-8"))
    links = list(sent["js_links"]) + list(sent["css_links"])
    urls = [url for group in files.values() for url in group]
    report["static_layer_files_bytes"] = sum((STATIC_LAYERS_DIR / url[len(STATIC_LAYERS_URL) + 1 :]).stat().st_size for url in urls)
    report["web_assets_bytes"] = sum(local_asset_path(url).stat().st_size for url in links)
    report["web_assets_files"] = len(links)
    return report


AFGHAN_PLACES = ("Faizabad", "Taloqan", "Kunduz city", "Imam Sahib", "Khwahan", "Shighnan district", "Darqad", "Rustaq")
"""Towns and districts of Badakhshan, Takhar and Kunduz that the pipeline places on the Afghan side."""


def bench_article(seed: int, published) -> str:
    """geo.synthetic.article(seed, published), its place moved to the Afghan side for two seeds in three."""
    import re

    from geo import synthetic

    text = synthetic.article(seed, published)
    if seed % 3:
        text = re.sub(r" in ([^,]+), killing", f" in {AFGHAN_PLACES[seed % len(AFGHAN_PLACES)]}, killing", text, count=1)
    return text


def synthetic_store(incidents: int) -> Path:
    """A store home of at least ``incidents`` incidents from geo.synthetic articles, built once into bench/out/."""
    import datetime as dt

    from geo.store import Store, ingest

    home = ROOT / "bench" / "out" / f"store-{incidents}"
    done = home / "complete"
    if done.is_file():
        return home
    folder = home.parent / f"articles-{incidents}"
    folder.mkdir(parents=True, exist_ok=True)
    latest = dt.date(2025, 12, 2)
    with Store(home) as store:
        seed = 0
        while len(store.events()) < incidents:
            batch = []
            for _ in range(max(100, int((incidents - len(store.events())) * 1.3))):
                published = latest - dt.timedelta(days=(seed * 7919) % 12_000)  # 33 years, spread evenly
                path = folder / f"article-{seed:06d}.txt"
                path.write_text(bench_article(seed, published), encoding="utf-8")
                batch.append(path)
                seed += 1
            ingest(store, batch)
            print(f"  synthetic store: {len(store.events()):,} incidents from {seed:,} articles", file=sys.stderr, flush=True)
    done.write_text("ok\n", encoding="utf-8")
    return home


def open_crowded(page, url: str, timeout_s: float = 120.0):
    """Open the page and wait until the map shows every incident its header counts; return (frame, seconds)."""
    import re

    from browser import settle
    from test_dashboard_browser import shown_count, wait_for_markers

    start = time.monotonic()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text(re.compile(r"^\d+ (of \d+ )?incidents? from \d+ articles?")).wait_for(timeout=timeout_s * 1000)
    frame = wait_for_markers(page, shown_count(page), timeout_ms=timeout_s * 1000)
    took = time.monotonic() - start
    settle(page, timeout_ms=timeout_s * 1000)
    return frame, took


def browser_timings(loads: int, clicks: int, home: Path | None = None) -> dict[str, list[float]]:
    """Page load → markers (``loads`` fresh tabs), click → card and filter change → map in the last one.

    With no ``home`` the server's store is new (the seed alone); else it is a copy of ``home``.
    """
    import re
    import shutil

    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, folium_frame, require_chromium, settle, start_streamlit
    from test_dashboard_browser import (
        GBAO, KHATLON, MARKER_IDS, click_marker, open_dashboard, show_marker, shown_count, wait_for_card, wait_for_markers,
    )

    work = Path(tempfile.mkdtemp(prefix="bw-bench-"))
    if home is not None:
        shutil.copytree(home, work / "home")
    server = start_streamlit(ROOT / "dashboard.py", home=work / "home", log_dir=work / "logs", timeout=120)
    result: dict[str, list[float]] = {"page_load_to_map_s": [], "full_range_to_map_s": [], "click_to_card_s": [], "filter_to_map_s": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(require_chromium()), args=CHROMIUM_ARGS)
            for n in range(loads):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                frame, seconds = open_dashboard(page, server.url) if home is None else open_crowded(page, server.url)
                result["page_load_to_map_s"].append(round(seconds, 3))
                if n == loads - 1 and home is not None:  # every incident on the map
                    settle(page)
                    start = time.monotonic()
                    page.get_by_role("button", name="Full range").click()
                    page.get_by_role("button", name="Last 12 months").wait_for(timeout=60_000)
                    page.get_by_text(re.compile(r"^\d+ incidents? from \d+ articles?")).wait_for(timeout=60_000)  # all shown: no "of"
                    wait_for_markers(page, shown_count(page), timeout_ms=60_000)
                    result["full_range_to_map_s"].append(round(time.monotonic() - start, 3))
                    settle(page)
                    frame = folium_frame(page)  # the new map's (the old iframe may have been the one found)
                if n == loads - 1:
                    chosen = [KHATLON, GBAO] if home is None else frame.evaluate(MARKER_IDS, clicks)
                    for k in range(clicks):
                        incident = chosen[k % len(chosen)]
                        if home is None:
                            click_marker(page, frame, incident)
                        else:  # out of its cluster; spiderfied markers may overlap, so the click goes to its own element
                            show_marker(frame, incident)
                            settle(page)
                            frame.evaluate("() => { window.map.closePopup(); }")
                            frame.locator(f'.bw-incident[data-incident="{incident}"]').dispatch_event("click")
                            frame.locator(".leaflet-popup-content", has_text=f"Incident {incident}").wait_for(timeout=10_000)
                        result["click_to_card_s"].append(round(wait_for_card(page, incident), 3))
                    before = shown_count(page)
                    for least in (8, 0):  # filter change → the map redrawn with the new set
                        settle(page)
                        box = page.locator("[class*='st-key-f_min_'] input")
                        box.fill(str(least))
                        start = time.monotonic()
                        box.press("Enter")
                        page.wait_for_function(  # the header counts the new set: fewer incidents, then all again
                            "([all, fewer]) => { const h = [...document.querySelectorAll('p')].find((p) => /^[0-9]+ (of [0-9]+ )?incidents? from/.test(p.innerText));"
                            " const n = h ? Number(h.innerText.split(' ')[0]) : -1; return fewer ? n >= 0 && n < all : n === all; }",
                            arg=[before, least > 0], timeout=60_000)
                        wait_for_markers(page, shown_count(page), timeout_ms=60_000)
                        result["filter_to_map_s"].append(round(time.monotonic() - start, 3))
                context.close()
            browser.close()
    finally:
        server.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--clicks", type=int, default=6)
    parser.add_argument("--incidents", type=int, default=10_000, help="size of the large store (0: the seed only)")
    parser.add_argument("--json", action="store_true", help="print every measurement as JSON instead of the table")
    args = parser.parse_args()
    report: dict = {"payload": map_payload()}
    stores = {"seed": None}
    if args.incidents:
        stores[f"{args.incidents:,} incidents"] = synthetic_store(args.incidents)
    report["timings"] = {}
    report["summary"] = {}
    for name, home in stores.items():
        timings = browser_timings(args.loads, args.clicks, home)
        report["timings"][name] = timings
        report["summary"].update({
            f"{name}: first_load_s (cold server)": timings["page_load_to_map_s"][0],
            f"{name}: warm_load_median_s": statistics.median(timings["page_load_to_map_s"][1:] or timings["page_load_to_map_s"]),
            **({f"{name}: full_range_to_map_s": timings["full_range_to_map_s"][0]} if timings["full_range_to_map_s"] else {}),
            f"{name}: click_to_card_median_s": statistics.median(timings["click_to_card_s"]),
            f"{name}: click_to_card_max_s": max(timings["click_to_card_s"]),
            f"{name}: filter_to_map_median_s": statistics.median(timings["filter_to_map_s"]),
        })
    if args.json:
        print(json.dumps(report, indent=1))
        return
    rows = [(f"payload: {name.replace('_', ' ')}", f"{value:,}") for name, value in report["payload"].items()]
    rows += [(name.replace("_", " "), f"{value:.2f}") for name, value in report["summary"].items()]
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  -----")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
