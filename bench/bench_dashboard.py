"""Benchmark the dashboard: map payload, page load → map with markers, marker click → incident card.

Run: python bench/bench_dashboard.py [--loads 5] [--clicks 6]
Needs Debian's chromium and static/vendor (`python -m geo assets`). Prints a table (--json: every measurement); numbers are
for this machine and are not asserted anywhere (tests/test_dashboard*.py assert loose bounds).
The first page load of a fresh server includes Python's imports and the analysis of the seeds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def map_payload() -> dict[str, int]:
    """Bytes the dashboard's st_folium call sends for the seed map, and bytes of the web assets the map loads."""
    import streamlit_folium

    from geo.app import actions, views
    from geo.map.layers import incident_map
    from geo.map.offline import local_asset_path, use_local_assets

    use_local_assets()
    analyses = [actions.analyse_seed(path, ROOT) for path in actions.seed_files(ROOT / "seeds")]
    sent: dict = {}
    original = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kwargs: sent.update(kwargs)
    try:
        streamlit_folium.st_folium(
            incident_map(
                [item for a in analyses for item in a.incidents],
                views.mentions_of({a.article.source: list(a.mentions) for a in analyses}),
            ),
            returned_objects=["last_object_clicked", "last_object_clicked_popup", "last_object_clicked_count"],
        )
    finally:
        streamlit_folium._component_func = original
    args = {k: v for k, v in sent.items() if k != "on_change"}
    links = list(sent["js_links"]) + list(sent["css_links"])
    return {
        "component_args_bytes": len(json.dumps(args).encode("utf-8")),
        "map_script_bytes": len(sent["script"].encode("utf-8")),
        "web_assets_bytes": sum(local_asset_path(url).stat().st_size for url in links),
        "web_assets_files": len(links),
    }


def browser_timings(loads: int, clicks: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, require_chromium, start_streamlit
    from test_dashboard_browser import GBAO, KHATLON, click_marker, open_dashboard, wait_for_card

    work = Path(tempfile.mkdtemp(prefix="bw-bench-"))
    server = start_streamlit(ROOT / "dashboard.py", home=work / "home", log_dir=work / "logs")
    result: dict[str, list[float]] = {"page_load_to_map_s": [], "click_to_card_s": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(require_chromium()), args=CHROMIUM_ARGS)
            for n in range(loads):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                frame, seconds = open_dashboard(page, server.url)
                result["page_load_to_map_s"].append(round(seconds, 3))
                if n == loads - 1:
                    for k in range(clicks):
                        incident = (KHATLON, GBAO)[k % 2]
                        click_marker(page, frame, incident)
                        result["click_to_card_s"].append(round(wait_for_card(page, incident), 3))
                context.close()
            browser.close()
    finally:
        server.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--clicks", type=int, default=6)
    parser.add_argument("--json", action="store_true", help="print every measurement as JSON instead of the table")
    args = parser.parse_args()
    report: dict = {"payload": map_payload()}
    timings = browser_timings(args.loads, args.clicks)
    report["timings"] = timings
    report["summary"] = {
        "first_load_s (cold server)": timings["page_load_to_map_s"][0],
        "warm_load_median_s": statistics.median(timings["page_load_to_map_s"][1:] or timings["page_load_to_map_s"]),
        "click_to_card_median_s": statistics.median(timings["click_to_card_s"]),
        "click_to_card_max_s": max(timings["click_to_card_s"]),
    }
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
