"""dashboard.py in headless Chromium: the offline map, clicks, the incident card, filters, table, added articles, hostile text.

Every request leaving 127.0.0.1 is aborted and fails the test (the `browser_page` fixture).
Timings go to test-output/dashboard-timings.json; screenshots of key steps to test-output/.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time

import pytest

from browser import FOLIUM_IFRAME, OUTPUT_DIR, PageLog, folium_frame, is_local_request, settle
from articles import ATTACK_A, ATTACK_B

KHATLON = "event-1"
GBAO = "event-2"
"""The seed's incidents: the store's first events. The server's store is shared by these tests, so an
article added by one test is still there in the next (as after a restart): tests count markers before adding."""
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


def open_dashboard(page, url: str, count: int | None = 2):
    """Open the page and wait for ``count`` incidents on the map (None: at least the two seed incidents)."""
    start = time.monotonic()
    page.goto(url, wait_until="domcontentloaded")
    if count is None:
        header = page.get_by_text(re.compile(r"^\d+ incidents? from \d+ articles?"))
        header.wait_for(timeout=MAP_READY_LIMIT_S * 1000)
        count = int(header.inner_text().split()[0])
    frame = wait_for_markers(page, count, timeout_ms=MAP_READY_LIMIT_S * 1000)
    took = time.monotonic() - start
    settle(page)
    return frame, took


def marker_ids(frame) -> list[str]:
    return frame.eval_on_selector_all(".bw-incident", "els => els.map(e => e.dataset.incident)")


def incident_total(page) -> int:
    """How many incidents the store holds, from the page's header line."""
    return int(page.get_by_text(re.compile(r"^\d+ incidents? from \d+ articles?")).inner_text().split()[0])


def shown_count(page) -> int:
    """How many incidents the map shows, from the page's header line ("N incidents …" or "N of M incidents …")."""
    header = page.get_by_text(re.compile(r"^\d+ (of \d+ )?incidents? from \d+ articles?"))
    return int(header.inner_text().split()[0])


def card_incident(page) -> str:
    """The id of the incident the card shows."""
    return re.search(r"Incident id\s+(event-\d+)", card(page)).group(1)


def click_marker(page, frame, incident_id: str) -> str:
    """Click an incident marker (closing any open popup first); return the popup's text."""
    frame.evaluate("() => { window.map.closePopup(); }")  # (returning the map would serialise it)
    frame.wait_for_selector(".leaflet-popup-content", state="detached", timeout=5_000)
    frame.locator(f'.bw-incident[data-incident="{incident_id}"]').click()
    popup = frame.locator(".leaflet-popup-content", has_text=f"Incident {incident_id}")
    popup.wait_for(timeout=5_000)
    return popup.inner_text()


def wait_for_card(page, *texts: str, timeout_ms: float = 10_000) -> float:
    """Wait until the incident card contains every text; return the seconds it took.

    Then wait for the rerun to finish: the rest of the card may still be the last run's.
    """
    start = time.monotonic()
    page.wait_for_function(
        "([sel, texts]) => { const c = document.querySelector(sel); return c && texts.every(t => c.innerText.includes(t)); }",
        arg=[CARD, list(texts)],
        timeout=timeout_ms,
    )
    took = time.monotonic() - start
    settle(page)
    return took


SHOW_MARKER = """([id, open]) => new Promise((done) => {
    let found = null;
    window.map.eachLayer((group) => {
        if (!found && group.getLayers && group.zoomToShowLayer) {
            found = group.getLayers().map((m) => [group, m]).find(([, m]) =>
                String(((m.options || {}).icon || {options: {}}).options.html || '').includes(`data-incident="${id}"`));
        }
    });
    if (!found) { done(false); return; }
    found[0].zoomToShowLayer(found[1], () => { if (open) { found[1].openPopup(); } done(true); });
})"""


def open_marker_popup(frame, incident_id: str) -> str:
    """Zoom the map until the incident's marker shows out of any cluster (articles added by earlier tests may
    share its area), open its popup and return the popup's text."""
    assert frame.evaluate(SHOW_MARKER, [incident_id, True]), incident_id
    popup = frame.locator(".leaflet-popup-content", has_text=f"Incident {incident_id}")
    popup.wait_for(timeout=5_000)
    return popup.inner_text()


def show_marker(frame, incident_id: str) -> None:
    """Zoom the map until the incident's marker shows out of any cluster (see :func:`open_marker_popup`)."""
    assert frame.evaluate(SHOW_MARKER, [incident_id, False]), incident_id
    frame.wait_for_selector(f'.bw-incident[data-incident="{incident_id}"]', state="visible", timeout=5_000)


def card(page) -> str:
    return page.locator(CARD).inner_text()


def select_table_row(page, row: int) -> None:
    """Tick the row-selection box of a row of the incidents table (a canvas: header and rows are 35 px)."""
    settle(page)
    grid = page.locator(".st-key-table canvas").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 17, box["y"] + 35 + 35 * row + 17)


def add_pasted_article(page, text: str, date_line: str) -> None:
    settle(page)
    box = page.locator(".st-key-paste_text textarea")
    box.fill(text)
    box.press("Control+Enter")  # commit the text: the date found in it fills the date field
    page.get_by_text(f"Date line found in the text: {date_line}.").wait_for(timeout=10_000)
    settle(page)
    page.get_by_role("button", name="Add", exact=True).click()


# -- tests --------------------------------------------------------------------------------------------


def test_seed_map_click_popup_and_card(streamlit_app: str, browser_page, page_log: PageLog) -> None:
    page = browser_page
    frame, ready = open_dashboard(page, streamlit_app, count=None)
    record_timing("page load → map with markers (s)", ready)
    assert ready < MAP_READY_LIMIT_S
    assert {KHATLON, GBAO} <= set(marker_ids(frame))
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
    frame, _ = open_dashboard(page, streamlit_app, count=None)
    total = incident_total(page)

    page.locator("[class*='st-key-f_types_'] input").click()
    page.keyboard.type("Violence against")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Filters").click()  # the first click after a multiselect only closes it
    frame = wait_for_markers(page, 1)
    assert marker_ids(frame) == [GBAO]
    shot(page, "4-filtered")
    settle(page)
    page.get_by_role("button", name="Reset filters").click()
    frame = wait_for_markers(page, total)

    click_marker(page, frame, KHATLON)
    wait_for_card(page, "launched a drone attack")
    select_table_row(page, total - 1)  # the table is in date order; the seed's GBAO incident is the latest
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
    frame = wait_for_markers(page, total + 1)
    page.get_by_text("Added pasted-").wait_for(timeout=10_000)
    wait_for_card(page, "town: Farkhor", "2025-11-20 (day precision)")
    added = card_incident(page)
    assert added not in (KHATLON, GBAO)
    popup = click_marker(page, frame, added)
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
    frame, _ = open_dashboard(page, streamlit_app, count=None)
    total = incident_total(page)
    add_pasted_article(page, HOSTILE, "2025-11-22")
    frame = wait_for_markers(page, total + 1)
    wait_for_card(page, *HOSTILE_LINES, "${alert(4)}")
    added = card_incident(page)
    assert page.locator(f"{CARD} script, {CARD} img, {CARD} a, {CARD} iframe").count() == 0
    popup = open_marker_popup(frame, added)
    assert "${alert(4)} `x` <img src=y onerror=alert(5)>" in popup
    assert frame.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    page.wait_for_timeout(500)
    shot(page, "8-hostile-article")
    assert dialogs == [], f"article text ran as code: {dialogs}"
    assert page_log.console_errors == [] and page_log.failed == []




def test_two_reports_merge_and_a_correction_shows_at_once(streamlit_app: str, browser_page, page_log: PageLog) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page = browser_page
    frame, _ = open_dashboard(page, streamlit_app, count=None)
    total = incident_total(page)
    add_pasted_article(page, ATTACK_A, "2025-12-01")
    frame = wait_for_markers(page, total + 1)
    wait_for_card(page, "1 report of this incident", "killing three Tajik border guards and wounding two")
    added = card_incident(page)
    add_pasted_article(page, ATTACK_B, "2025-12-01")
    wait_for_card(page, added, "2 reports of this incident", "3 (3–4 across sources)", "killing four guards")
    assert page.locator(CARD).get_by_role("button", name="Split").count() == 2
    wait_for_markers(page, total + 1)  # the second report joined the first one's incident

    settle(page)
    page.locator(CARD).get_by_text("Correct this incident").click()
    page.wait_for_timeout(500)  # opening the expander reruns the app (its state is kept)
    field = page.locator(f"{CARD} [class*='st-key-c_'][class*='_field'] input")
    killed = page.get_by_role("option", name="Killed", exact=True)
    for _ in range(3):  # a rerun may replace the box while it opens: try again
        field.click()
        page.keyboard.press("ArrowDown")  # opens the list of fields
        try:
            killed.wait_for(timeout=3_000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    killed.click()
    count = page.get_by_label("New killed count")
    count.wait_for(timeout=10_000)
    count.fill("5")
    count.press("Enter")
    settle(page)
    page.locator(CARD).get_by_role("button", name="Apply").click()
    wait_for_card(page, "5 (3–4 across sources) (corrected)", "killed: 3 → 5 · analyst")
    # Other Farkhor reports may share its point (a cluster at any zoom): show only incidents with 6+ casualties.
    settle(page)
    page.locator("[class*='st-key-f_min_'] input").fill("6")
    page.locator("[class*='st-key-f_min_'] input").press("Enter")
    frame = wait_for_markers(page, 1)
    assert marker_ids(frame) == [added]
    assert "Killed: 5" in click_marker(page, frame, added)
    settle(page)  # the marker click reruns the app
    page.get_by_role("button", name="Reset filters").click()
    wait_for_markers(page, total + 1)
    for n, text in enumerate(("Killed", "Sources", "History")):
        page.locator(CARD).get_by_text(text, exact=True).first.scroll_into_view_if_needed()
        page.locator(CARD).screenshot(path=str(OUTPUT_DIR / f"dashboard-9-merged-corrected-{n + 1}.png"))
    assert page_log.console_errors == [] and page_log.failed == []


def download(page, button: str):
    """Press a download button and return the download (the first press can land mid-rerun: try thrice)."""
    for attempt in range(3):
        try:
            settle(page)
            with page.expect_download(timeout=8_000) as started:
                page.get_by_role("button", name=button, exact=True).click()
            return started.value
        except Exception:
            if attempt == 2:
                raise
    return None


def test_export_panel_downloads_the_current_view(streamlit_app: str, browser_page, page_log: PageLog) -> None:
    page = browser_page
    open_dashboard(page, streamlit_app, count=None)
    csv_download = download(page, "CSV")
    csv_text = open(csv_download.path(), encoding="utf-8").read()
    assert csv_download.suggested_filename == "snapshot.csv"
    assert csv_text.startswith("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2")
    assert "Khatlon" in csv_text and "Gorno-Badakhshan" in csv_text
    html = open(download(page, "HTML").path(), encoding="utf-8").read()
    assert "Incident event-1" in html and "Incident event-2" in html and "<script src=" not in html


EVIL_NAME = "![x](https:evil.example).txt"
"""A file name that is a Markdown image: rendered as Markdown, the page would fetch https://evil.example/."""


def upload(page, name: str, data: bytes) -> None:
    settle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(files=[{"name": name, "mimeType": "text/plain", "buffer": data}])
    page.locator("[data-testid='stFileChip']").wait_for(timeout=10_000)  # the uploader lists the file
    settle(page)
    page.get_by_role("button", name="Add", exact=True).click()


def test_an_uploaded_file_name_never_makes_the_page_leave_the_machine(streamlit_app: str, browser_page, page_log: PageLog) -> None:
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    frame, _ = open_dashboard(page, streamlit_app, count=None)
    total = incident_total(page)
    settle(page)
    page.get_by_text("Upload a file", exact=True).click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").wait_for(state="attached", timeout=10_000)

    upload(page, EVIL_NAME, b"\x00 not text")
    page.get_by_text(f"{EVIL_NAME}: binary data (NUL bytes), not text; give a text file (.txt, .md or .html)").wait_for(timeout=10_000)
    settle(page)
    page.locator("[data-testid='stFileChipDeleteBtn']").first.click()
    page.locator("[data-testid='stFileChip']").wait_for(state="detached", timeout=10_000)
    upload(page, EVIL_NAME, (FARKHOR + " Filed as an upload with a Markdown file name.").encode("utf-8"))  # a text no other test adds
    page.get_by_text(f"Added {EVIL_NAME}: 1 incident").wait_for(timeout=10_000)
    wait_for_card(page, "town: Farkhor", EVIL_NAME)  # (an earlier test may have added a report of the same attack)
    assert incident_total(page) in (total, total + 1)
    settle(page)
    page.locator("[class*='st-key-f_articles_'] input").click()  # the file name among the Article filter's options
    page.get_by_role("option", name=EVIL_NAME).wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    page.wait_for_timeout(1_000)
    shot(page, "10-markdown-file-name")
    external = [url for url in requests if not is_local_request(url)]
    assert len(external) == 0 and page_log.blocked == [], f"{len(external)} request(s) left 127.0.0.1: {external}"
    assert page.locator("img[src*='evil'], a[href*='evil']").count() == 0
    assert page_log.console_errors == [] and page_log.failed == []


# -- many incidents: clusters and the default 12 months ------------------------------------------------

MARKER_IDS = """(n) => [...new Set(Object.values(window.map._layers).filter((g) => g.zoomToShowLayer).flatMap((g) => g.getLayers())
    .map((m) => (/data-incident=.(event-[0-9]+)/.exec(((m.options || {}).icon || {options: {}}).options.html || '') || [])[1])
    .filter(Boolean))].slice(0, n)"""
"""The ids of the first ``n`` incident markers of the map, clustered or not."""
MARK_A_CLUSTER = """() => {
    const group = Object.values(window.map._layers).find((g) => g.zoomToShowLayer);
    let found = null;
    group._featureGroup.eachLayer((layer) => {
        const b = layer.getBounds && layer.getChildCount && layer.getBounds();
        if (!found && b && layer._icon && !b.getNorthEast().equals(b.getSouthWest())) { found = layer; }
    });
    if (found) { found._icon.classList.add('bw-test-cluster'); }
    return found ? found.getChildCount() : 0;
}"""
"""Mark (for a real click) a cluster on screen whose incidents are not all at one point: a click on it zooms in."""
CROWD = 300
"""Articles in the crowded store: a few hundred incidents over three years."""


@pytest.fixture(scope="module")
def crowded_app(tmp_path_factory, vendor_assets):
    """The dashboard on a store of the seed and CROWD synthetic articles published over three years; yields
    (url, every incident, the ones of the 12 months up to the latest)."""
    from browser import start_streamlit
    from geo import synthetic
    from geo.app import actions
    from geo.filters import default_dates, options
    from geo.paths import PROJECT_ROOT, SEEDS_DIR
    from geo.store import Store, ingest

    work = tmp_path_factory.mktemp("crowded")
    folder = work / "articles"
    folder.mkdir()
    latest = dt.date(2025, 12, 2)
    for seed in range(CROWD):
        text = synthetic.article(seed, latest - dt.timedelta(days=(seed * 7919) % 1100))
        (folder / f"article-{seed:04d}.txt").write_text(text, encoding="utf-8")
    actions.ingest_seeds(work / "home", actions.seed_files(SEEDS_DIR), PROJECT_ROOT)  # as the dashboard adds them
    with Store(work / "home") as store:
        ingest(store, [folder])
        items = [e.located for e in store.events()]
    start, end = default_dates(options(items))
    recent = [i.incident.id for i in items if i.incident.date and start <= i.incident.date <= end]
    server = start_streamlit(PROJECT_ROOT / "dashboard.py", home=work / "home", log_dir=work / "logs")
    try:
        yield server.url, [i.incident.id for i in items], recent
    finally:
        server.stop()


def test_many_incidents_cluster_and_open_on_the_last_12_months(crowded_app, browser_page, page_log: PageLog) -> None:
    url, every, recent = crowded_app
    page = browser_page
    assert 50 < len(recent) < len(every)  # the store spans more than 12 months
    frame, ready = open_dashboard(page, url, count=len(recent))
    record_timing(f"page load → markers, {len(every)} incidents (s)", ready)
    assert page.get_by_text(f"{len(recent)} of {len(every)} incidents from").count() == 1
    assert frame.locator(".marker-cluster").count() > 0
    shot(page, "11-clustered")

    # A click on a cluster zooms in on its incidents.
    zoom = frame.evaluate("() => window.map.getZoom()")
    assert frame.evaluate(MARK_A_CLUSTER) > 1
    frame.locator(".bw-test-cluster").click()
    frame.wait_for_function(f"() => window.map.getZoom() > {zoom} && !window.map._animatingZoom", timeout=5_000)

    # A marker out of its cluster still shows its popup and selects its card.
    incident = frame.evaluate(MARKER_IDS, 1)[0]
    assert incident in recent
    show_marker(frame, incident)
    settle(page)
    popup = click_marker(page, frame, incident)
    assert f"Incident {incident}" in popup
    took = wait_for_card(page, incident)
    record_timing(f"click → card, {len(every)} incidents (s)", took)
    shot(page, "12-clustered-marker-clicked")

    # The full range is one click away, and back.
    settle(page)
    page.get_by_role("button", name="Full range").click()
    wait_for_markers(page, len(every))
    assert incident_total(page) == len(every)
    settle(page)
    page.get_by_role("button", name="Last 12 months").click()
    wait_for_markers(page, len(recent))
    assert page_log.console_errors == [] and page_log.failed == []
