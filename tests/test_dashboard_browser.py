"""dashboard.py in headless Chromium: the offline map, clicks, the incident card, filters, table, added articles, hostile text.

Every request leaving 127.0.0.1 is aborted and fails the test (the `browser_page` fixture).
Timings go to test-output/dashboard-timings.json; screenshots of key steps to test-output/.
"""

from __future__ import annotations

import json
import time

import pytest

from browser import FOLIUM_IFRAME, OUTPUT_DIR, PageLog, folium_frame

KHATLON = "000_5900aaeb977870d1-1"
GBAO = "000_5900aaeb977870d1-2"
CARD = ".st-key-card"
FARKHOR = (
    "On November 20, 2025 a drone attack from Afghanistan's Takhar province hit a border post in Farkhor, "
    "killing two Tajik border guards."
)
HOSTILE_LINES = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '<a href="javascript:alert(3)">x</a>',
)
HOSTILE = (
    "Border report\n\n" + " ".join(HOSTILE_LINES) + "\n\n"
    "On November 22, 2025 gunmen from Afghanistan's Kunduz province opened fire on a border post near Panj, "
    "killing one Tajik border guard ${alert(4)} `x` <img src=y onerror=alert(5)>."
)
# Generous bounds that catch a broken or CDN-bound page; the measured values are written to
# test-output/dashboard-timings.json (issue 4 asks for about 3 s and under 1 s on a warm server).
MAP_READY_LIMIT_S = 12.0
CLICK_TO_CARD_LIMIT_S = 3.0

COUNT_MARKERS = """(sel) => {
    const frame = document.querySelector(sel);
    const doc = frame && frame.contentDocument;
    if (!doc || !doc.querySelector('.leaflet-container')) return -1;
    const single = doc.querySelectorAll('.bw-incident').length;
    const clustered = [...doc.querySelectorAll('.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0);
    return single + clustered;
}"""


def record_timing(name: str, seconds: float) -> None:
    OUTPUT_DIR.mkdir(exist_ok=True)
    path = OUTPUT_DIR / "dashboard-timings.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data.setdefault(name, []).append(round(seconds, 3))
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def shot(page, name: str) -> None:
    OUTPUT_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT_DIR / f"dashboard-{name}.png"), full_page=True)


def wait_for_markers(page, count: int, timeout_ms: float = 20_000):
    """Wait until the map (a new iframe after a filter change) shows ``count`` incidents; return its frame."""
    page.wait_for_function(f"(sel) => ({COUNT_MARKERS})(sel) === {count}", arg=FOLIUM_IFRAME, timeout=timeout_ms)
    frame = folium_frame(page)
    frame.wait_for_function("() => window.map !== undefined && typeof window.map.closePopup === 'function'")
    return frame


def open_dashboard(page, url: str, count: int = 2):
    start = time.monotonic()
    page.goto(url, wait_until="domcontentloaded")
    frame = wait_for_markers(page, count, timeout_ms=MAP_READY_LIMIT_S * 1000)
    return frame, time.monotonic() - start


def click_marker(page, frame, incident_id: str) -> str:
    """Click an incident marker (closing any open popup first); return the popup's text."""
    frame.evaluate("() => { window.map.closePopup(); }")  # (returning the map would serialise it)
    frame.wait_for_selector(".leaflet-popup-content", state="detached", timeout=5_000)
    frame.locator(f'.bw-incident[data-incident="{incident_id}"]').click()
    popup = frame.locator(".leaflet-popup-content", has_text=f"Incident {incident_id}")
    popup.wait_for(timeout=5_000)
    return popup.inner_text()


def wait_for_card(page, *texts: str, timeout_ms: float = 10_000) -> float:
    """Wait until the incident card contains every text; return the seconds it took."""
    start = time.monotonic()
    page.wait_for_function(
        "([sel, texts]) => { const c = document.querySelector(sel); return c && texts.every(t => c.innerText.includes(t)); }",
        arg=[CARD, list(texts)],
        timeout=timeout_ms,
    )
    return time.monotonic() - start


def card(page) -> str:
    return page.locator(CARD).inner_text()


def select_table_row(page, row: int) -> None:
    """Tick the row-selection box of a row of the incidents table (a canvas: header and rows are 35 px)."""
    grid = page.locator(".st-key-table canvas").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 17, box["y"] + 35 + 35 * row + 17)


def add_pasted_article(page, text: str, date_line: str) -> None:
    box = page.locator(".st-key-paste_text textarea")
    box.fill(text)
    box.press("Control+Enter")  # commit the text: the date found in it fills the date field
    page.get_by_text(f"Date line found in the text: {date_line}.").wait_for(timeout=10_000)
    page.get_by_role("button", name="Add", exact=True).click()


# -- tests --------------------------------------------------------------------------------------------


def test_seed_map_click_popup_and_card(streamlit_app: str, browser_page, page_log: PageLog) -> None:
    page = browser_page
    frame, ready = open_dashboard(page, streamlit_app)
    record_timing("page load → map with markers (s)", ready)
    assert ready < MAP_READY_LIMIT_S
    assert sorted(frame.eval_on_selector_all(".bw-incident", "els => els.map(e => e.dataset.incident)")) == [KHATLON, GBAO]
    assert frame.locator(".marker-cluster").count() == 0
    shot(page, "1-opened")

    popup = click_marker(page, frame, KHATLON)
    took = wait_for_card(page, "launched a drone attack", KHATLON)
    record_timing("click → card (s)", took)
    assert took < CLICK_TO_CARD_LIMIT_S
    assert "Khatlon" in popup and "Killed: 3" in popup and "region-level: Khatlon" in popup
    marked = page.locator(f"{CARD} mark.bw-evidence").all_inner_texts()
    assert any("launched a drone attack on a Chinese gold mining workers’ camp" in m for m in marked)
    text = card(page)
    for expected in ("Air/drone strike · Khatlon", "2025-11-26 (day precision)", "Badakhshan, AF", "2.9 km",
                     "Chinese gold mining workers", "seeds/000_5900aaeb977870d1.txt"):
        assert expected in text, expected
    shot(page, "2-khatlon-clicked")

    popup = click_marker(page, frame, GBAO)
    took = wait_for_card(page, "Attack · Gorno-Badakhshan", GBAO)
    record_timing("click → card (s)", took)
    assert "Killed: 2" in popup and "Gorno-Badakhshan" in popup
    assert "launched a drone attack" not in "".join(page.locator(f"{CARD} mark.bw-evidence").all_inner_texts())
    assert "leaving two Chinese workers dead" in "".join(page.locator(f"{CARD} mark.bw-evidence").all_inner_texts())
    shot(page, "3-gbao-clicked")

    # Panning and zooming send nothing back to the server: no rerun.
    sent: list[str] = []
    client = page.context.new_cdp_session(page)
    client.send("Network.enable")
    client.on("Network.webSocketFrameSent", lambda event: sent.append(event["response"]["payloadData"][:40]))
    box = page.locator(FOLIUM_IFRAME).bounding_box()
    page.mouse.move(box["x"] + 300, box["y"] + 150)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 250, steps=8)
    page.mouse.up()
    frame.evaluate("() => { window.map.setZoom(window.map.getZoom() + 1); }")
    page.wait_for_timeout(1_000)  # st_folium reports a moved map after a short debounce, if at all
    assert sent == [], f"panning or zooming reran the app ({len(sent)} websocket message(s))"
    assert page_log.console_errors == [] and page_log.failed == []


def test_filter_table_same_marker_again_and_added_article(streamlit_app: str, browser_page, page_log: PageLog) -> None:
    page = browser_page
    frame, _ = open_dashboard(page, streamlit_app)

    page.locator(".st-key-f_types input").click()
    page.keyboard.type("Violence against")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Filters").click()  # the first click after a multiselect only closes it
    frame = wait_for_markers(page, 1)
    assert frame.eval_on_selector_all(".bw-incident", "els => els.map(e => e.dataset.incident)") == [GBAO]
    shot(page, "4-filtered")
    page.get_by_role("button", name="Reset filters").click()
    frame = wait_for_markers(page, 2)

    click_marker(page, frame, KHATLON)
    wait_for_card(page, "launched a drone attack")
    select_table_row(page, 1)
    wait_for_card(page, "Attack · Gorno-Badakhshan", "leaving two Chinese workers dead")
    frame = folium_frame(page)
    # The map flies there (an animated zoom): wait until it has landed.
    frame.wait_for_function("() => window.map.getZoom() === 9 && !window.map._animatingZoom", timeout=5_000)
    center = frame.evaluate("() => window.map.getCenter()")
    assert center["lat"] == pytest.approx(36.76367, abs=0.01) and center["lng"] == pytest.approx(71.90646, abs=0.01)
    shot(page, "5-table-row-selected")

    # Back to the overview, then the first marker again: its click is new even though its position is not.
    frame.evaluate("() => { window.map.setView([37.6, 70.6], 7, {animate: false}); }")
    frame.wait_for_function("() => window.map.getZoom() === 7")
    frame.wait_for_selector(f'.bw-incident[data-incident="{KHATLON}"]', state="visible")
    click_marker(page, frame, KHATLON)
    wait_for_card(page, "Air/drone strike · Khatlon", KHATLON)
    shot(page, "6-same-marker-again")

    # A pasted article adds its incident to the map, the table and the card.
    add_pasted_article(page, FARKHOR, "2025-11-20")
    frame = wait_for_markers(page, 3)
    page.get_by_text("Added pasted-1.txt: 1 incident").wait_for(timeout=10_000)
    wait_for_card(page, "pasted-1-1", "town: Farkhor", "2025-11-20 (day precision)")
    popup = click_marker(page, frame, "pasted-1-1")
    assert "Killed: 2" in popup and "Farkhor" in popup
    shot(page, "7-article-added")
    assert page_log.console_errors == [] and page_log.failed == []


def test_hostile_article_is_shown_as_text(streamlit_app: str, browser_page, page_log: PageLog) -> None:
    page = browser_page
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    open_dashboard(page, streamlit_app)
    add_pasted_article(page, HOSTILE, "2025-11-22")
    frame = wait_for_markers(page, 3)
    wait_for_card(page, "pasted-1-1", *HOSTILE_LINES, "${alert(4)}")
    assert page.locator(f"{CARD} script, {CARD} img, {CARD} a, {CARD} iframe").count() == 0
    popup = click_marker(page, frame, "pasted-1-1")
    assert "${alert(4)} `x` <img src=y onerror=alert(5)>" in popup
    assert frame.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    page.wait_for_timeout(500)
    shot(page, "8-hostile-article")
    assert dialogs == [], f"article text ran as code: {dialogs}"
    assert page_log.console_errors == [] and page_log.failed == []
