"""dashboard.py through Streamlit's AppTest: header, filters, table, card, timeline and adding articles.

AppTest sees st_folium only as a component; the map itself is tested in a real browser
(tests/test_dashboard_browser.py).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.app import actions, views
from geo.paths import PROJECT_ROOT
from geo.store import Store
from articles import ATTACK_A, ATTACK_B

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
KHATLON = "event-1"
GBAO = "event-2"
ADDED = "event-3"
"""The incident of the first article added after the seeds (ids are the store's event ids)."""
SEED_SOURCE = "seeds/000_5900aaeb977870d1.txt"
FARKHOR = (
    "Border guards report\n\nOn November 20, 2025 a drone attack from Afghanistan's Takhar province hit a border post "
    "in Farkhor, killing two Tajik border guards."
)
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a>\n\n"
    "On November 22, 2025 gunmen from Afghanistan's Kunduz province opened fire on a border post near Panj, "
    "killing one Tajik border guard ${alert(4)} [y](javascript:alert(5)) *not bold*."
)


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh store for every test: the app reads $BORDERWATCH_HOME."""
    folder = tmp_path / "home"
    monkeypatch.setenv("BORDERWATCH_HOME", str(folder))
    return folder


def stored_sources(home: Path) -> list[str]:
    with Store(home) as store:
        return [a.source for a in store.stored_articles()]


@pytest.fixture
def app(vendor_assets, home: Path) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_ids(at: AppTest) -> list[str]:
    return at.dataframe(key="table").value["Incident"].tolist()


def header(at: AppTest) -> str:
    return next(m.value for m in at.markdown if " killed · " in m.value)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def map_args(at: AppTest) -> dict:
    """The arguments the page sends to the st_folium component (what the browser receives)."""
    (component,) = [e for e in at.main if getattr(e, "type", "") == "component_instance"]
    return json.loads(component.proto.json_args)


def marker_ids(script: str) -> list[str]:
    """The incident ids of the markers a map script draws (geo.map.layers.marker_row: the id is the 7th field), from
    the marker file under static/layers that the script fetches."""
    from geo.map.layers import STATIC_LAYERS_DIR, STATIC_LAYERS_URL

    url = re.search(r'fetch\("(' + re.escape(STATIC_LAYERS_URL) + r'/markers/[^"]+)"\)', script)
    assert url, "the map script fetches no marker file"
    rows = json.loads((STATIC_LAYERS_DIR / url.group(1)[len(STATIC_LAYERS_URL) + 1 :]).read_text(encoding="utf-8"))
    return [row[6] for row in rows]


def text_of(element) -> str:
    """The text a message box shows: its Markdown body, whose characters are all character references (views.markdown_text)."""
    return html.unescape(element.value)


def card_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.main.markdown) + "\n".join(i.value for i in at.info)


def add_pasted(at: AppTest, text: str) -> AppTest:
    at.text_area(key="paste_text").input(text)
    rerun(at)
    button(at, "Add").click()
    return rerun(at)


# -- opening ------------------------------------------------------------------------------------------


def test_opens_with_the_seed_incidents(app: AppTest) -> None:
    assert header(app) == "2 incidents from 1 article · 5 killed · 3 wounded (as stated in the articles)"
    frame = app.dataframe(key="table").value
    assert frame["Incident"].tolist() == [KHATLON, GBAO]
    assert frame["Where"].tolist() == ["Khatlon, TJ", "Gorno-Badakhshan, TJ"]
    assert frame["Killed"].tolist() == [3, 2] and frame["Wounded"].tolist() == [1, 2]
    assert marker_ids(map_args(app)["script"]) == [KHATLON, GBAO]
    assert "Click an incident marker" in app.info[0].value
    assert not app.error and not app.warning


def test_map_payload_is_small_local_and_returns_only_clicks(app: AppTest) -> None:
    component = next(e for e in app.main if getattr(e, "type", "") == "component_instance")
    size = len(component.proto.json_args.encode("utf-8"))
    assert size < 1_000_000, f"map payload {size:,} bytes"
    args = map_args(app)
    assert args["returned_objects"] == ["last_object_clicked", "last_object_clicked_popup", "last_object_clicked_count"]
    links = args["js_links"] + args["css_links"]
    assert links and all(url.startswith("/app/static/vendor/") for url in links), links
    assert args["height"] == 600 and args["width"] is None  # use_container_width
    assert args["center"] is None and args["zoom"] is None and args["feature_group"] is None


def test_selection_draws_a_ring_and_a_table_choice_focuses_the_map(app: AppTest) -> None:
    app.session_state["selected"] = GBAO
    rerun(app)
    args = map_args(app)
    assert args["feature_group"] and "circleMarker" in args["feature_group"]
    assert args["center"] is None  # a click on the map does not move it
    app.session_state["focus_id"] = GBAO
    app.session_state["focus_nonce"] = 1
    rerun(app)
    args = map_args(app)
    assert args["center"] == pytest.approx([36.76367, 71.90646], abs=1e-6) and args["zoom"] == views.FOCUS_ZOOM


def test_missing_web_assets_stop_the_page_with_the_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(actions, "VENDOR_DIR", tmp_path)
    monkeypatch.setattr(views, "VENDOR_DIR", tmp_path)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    assert len(at.error) == 1 and "run `python -m geo assets`" in at.error[0].value
    assert not at.dataframe


def test_unreadable_seed_is_named_and_the_others_load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, vendor_assets) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01binary")
    real = actions.seed_files
    monkeypatch.setattr(actions, "seed_files", lambda folder: [*real(folder), bad])
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    assert [text_of(w) for w in at.warning] == [f"{bad}: binary data (NUL bytes), not text; give a text file (.txt, .md or .html)"]
    assert table_ids(at) == [KHATLON, GBAO]


def test_no_selection_shows_the_hint_and_an_empty_table_selection(app: AppTest) -> None:
    assert app.session_state["selected"] is None
    assert app.session_state["table"]["selection"]["rows"] == []


# -- filters ------------------------------------------------------------------------------------------


def fkey(app: AppTest, name: str) -> str:
    """The key of a filter widget now: Reset filters makes new widgets with new keys."""
    return f"{name}_{app.session_state['filters_n']}"


def test_event_type_filter(app: AppTest) -> None:
    app.multiselect(key=fkey(app, "f_types")).set_value(["Violence against civilians"])
    rerun(app)
    assert table_ids(app) == [GBAO]
    assert header(app).startswith("1 of 2 incidents from 1 article · 2 killed · 2 wounded")


def test_date_range_filter(app: AppTest) -> None:
    app.date_input(key=fkey(app, "f_dates_2025-11-26_2025-11-30")).set_value((dt.date(2025, 11, 27), dt.date(2025, 11, 30)))
    rerun(app)
    assert table_ids(app) == [GBAO]


def test_side_filter(app: AppTest) -> None:
    app.radio(key=fkey(app, "f_side")).set_value("AF")
    rerun(app)
    assert table_ids(app) == []
    assert header(app).startswith("0 of 2 incidents")
    assert any("No dated incident" in c.value for c in app.caption)
    app.radio(key=fkey(app, "f_side")).set_value("TJ")
    rerun(app)
    assert table_ids(app) == [KHATLON, GBAO]


def test_minimum_casualties_filter(app: AppTest) -> None:
    app.number_input(key=fkey(app, "f_min")).set_value(5)
    rerun(app)
    assert table_ids(app) == []


def test_reset_filters_brings_every_filter_back_to_its_default(app: AppTest) -> None:
    app.multiselect(key=fkey(app, "f_types")).set_value(["Violence against civilians"])
    app.date_input(key=fkey(app, "f_dates_2025-11-26_2025-11-30")).set_value((dt.date(2025, 11, 27), dt.date(2025, 11, 30)))
    app.radio(key=fkey(app, "f_side")).set_value("AF")
    app.number_input(key=fkey(app, "f_min")).set_value(5)
    app.multiselect(key=fkey(app, "f_articles")).set_value(["seeds/000_5900aaeb977870d1.txt"])
    rerun(app)
    assert table_ids(app) == []
    button(app, "Reset filters").click()
    rerun(app)
    assert table_ids(app) == [KHATLON, GBAO]
    assert app.multiselect(key=fkey(app, "f_types")).value == [] and app.multiselect(key=fkey(app, "f_articles")).value == []
    assert app.radio(key=fkey(app, "f_side")).value == "both" and app.number_input(key=fkey(app, "f_min")).value == 0
    assert app.date_input(key=fkey(app, "f_dates_2025-11-26_2025-11-30")).value == (dt.date(2025, 11, 26), dt.date(2025, 11, 30))


def test_a_store_of_many_articles_is_filtered_by_part_of_a_name(monkeypatch: pytest.MonkeyPatch, vendor_assets, home: Path) -> None:
    monkeypatch.setattr(views, "ARTICLE_CHOICES", 0)  # as a store of thousands of articles (the seed is one)
    at = rerun(AppTest.from_file(DASHBOARD, default_timeout=60))
    assert not [m for m in at.multiselect if m.label == "Article"]
    (box,) = [t for t in at.text_input if t.label == "Article name contains"]
    box.set_value("5900AAEB")
    rerun(at)
    assert table_ids(at) == [KHATLON, GBAO]
    at.text_input(key=box.key).set_value("no such article")
    rerun(at)
    assert table_ids(at) == []


def test_article_filter(app: AppTest) -> None:
    add_pasted(app, FARKHOR)
    assert table_ids(app) == [ADDED, KHATLON, GBAO]  # the store orders incidents by date
    app.multiselect(key=fkey(app, "f_articles")).set_value(["pasted-1.txt"])
    rerun(app)
    assert table_ids(app) == [ADDED]


# -- card and table selection ----------------------------------------------------------------------


def test_selected_incident_shows_its_card_and_table_row(app: AppTest) -> None:
    app.session_state["selected"] = KHATLON
    rerun(app)
    text = card_text(app)
    assert "Air/drone strike · Khatlon" in text
    assert "<mark class='bw-evidence'>" in text
    marked = re.findall(r"<mark class='bw-evidence'>(.*?)</mark>", text)
    assert any("launched a drone attack" in m for m in marked)
    assert "region&#45;level&#58; Khatlon, on the border stretch with Badakhshan" in text
    assert app.session_state["table"]["selection"]["rows"] == [0]
    app.session_state["selected"] = GBAO
    rerun(app)
    assert "Attack · Gorno&#45;Badakhshan" in card_text(app)
    assert app.session_state["table"]["selection"]["rows"] == [1]


def test_clear_selection(app: AppTest) -> None:
    app.session_state["selected"] = GBAO
    rerun(app)
    button(app, "Clear").click()
    rerun(app)
    assert app.session_state["selected"] is None
    assert "Click an incident marker" in app.info[0].value


def test_hidden_selection_says_so(app: AppTest) -> None:
    app.session_state["selected"] = KHATLON
    app.multiselect(key=fkey(app, "f_types")).set_value(["Violence against civilians"])
    rerun(app)
    assert any(c.value == "Hidden by the current filters." for c in app.caption)
    assert app.session_state["table"]["selection"]["rows"] == []


# -- adding articles ---------------------------------------------------------------------------------


def test_pasted_article_adds_its_incident_and_prefills_the_date(app: AppTest) -> None:
    app.text_area(key="paste_text").input(FARKHOR)
    rerun(app)
    dates = [d for d in app.date_input if d.label == "Publication date"]
    assert [d.value for d in dates] == [dt.date(2025, 11, 20)]
    assert any(c.value == "Date line found in the text: 2025-11-20." for c in app.caption)
    button(app, "Add").click()
    rerun(app)
    assert [text_of(s) for s in app.success] == ["Added pasted-1.txt: 1 incident"]
    assert table_ids(app) == [ADDED, KHATLON, GBAO]  # the store orders incidents by date
    assert header(app).startswith("3 incidents from 2 articles · 7 killed")
    assert app.session_state["selected"] == ADDED
    assert app.text_area(key="paste_text").value == ""
    assert "2025-11-20" in app.dataframe(key="table").value["Date"].tolist()


def test_publication_date_set_by_the_user_is_used(app: AppTest) -> None:
    text = "Yesterday a drone attack from Afghanistan's Takhar province hit a border post in Farkhor, killing two border guards."
    app.text_area(key="paste_text").input(text)
    rerun(app)
    assert any("No date line found" in c.value for c in app.caption)
    next(d for d in app.date_input if d.label == "Publication date").set_value(dt.date(2025, 10, 2))
    rerun(app)
    button(app, "Add").click()
    rerun(app)
    frame = app.dataframe(key="table").value
    assert frame.loc[frame["Incident"] == ADDED, "Date"].tolist() == ["2025-10-01"]


def test_same_article_twice_adds_nothing(app: AppTest) -> None:
    add_pasted(app, FARKHOR)
    add_pasted(app, FARKHOR)
    assert [text_of(i) for i in app.info] == ["pasted-1.txt has the same text; nothing added"]
    assert table_ids(app) == [ADDED, KHATLON, GBAO]  # the store orders incidents by date


def test_adding_an_article_reads_no_stored_text_and_merges_the_events_once(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    merges = []
    real = Store.events
    monkeypatch.setattr(Store, "events", lambda self: merges.append(1) or real(self))
    monkeypatch.setattr(Store, "stored_articles", lambda self: pytest.fail("every stored text was read to find a duplicate"))
    app.text_area(key="paste_text").input(FARKHOR)
    rerun(app)
    assert merges == [], "a rerun with the store unchanged read the events again (they are cached per store version)"
    button(app, "Add").click()
    rerun(app)
    assert len(merges) == 1, "the add and the page it shows merged the events more than once"
    assert app.session_state["selected"] == ADDED and table_ids(app) == [ADDED, KHATLON, GBAO]


def test_empty_paste_shows_the_error_and_changes_nothing(app: AppTest, home: Path) -> None:
    add_pasted(app, "   \n ")
    assert [text_of(e) for e in app.error] == ["pasted-1.txt: the article is empty; give a file with the article's text"]
    assert table_ids(app) == [KHATLON, GBAO]
    assert stored_sources(home) == [SEED_SOURCE]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt: binary data (NUL bytes), not text"),
        ("old.txt", "Kŭlob café".encode("cp1252", errors="replace") + b"\xe9", "old.txt: not UTF-8 text"),
    ],
)
def test_bad_upload_shows_the_error_and_changes_nothing(app: AppTest, home: Path, name: str, data: bytes, message: str) -> None:
    app.radio(key="add_mode").set_value("Upload a file")
    rerun(app)
    app.file_uploader[0].set_value((name, data, "text/plain"))
    rerun(app)
    button(app, "Add").click()
    rerun(app)
    assert len(app.error) == 1 and text_of(app.error[0]).startswith(message)
    assert table_ids(app) == [KHATLON, GBAO]
    assert stored_sources(home) == [SEED_SOURCE]


def test_add_without_a_file_says_what_to_do(app: AppTest) -> None:
    app.radio(key="add_mode").set_value("Upload a file")
    rerun(app)
    button(app, "Add").click()
    rerun(app)
    assert [text_of(e) for e in app.error] == ["no file chosen; choose a .txt, .md or .html file, then press Add"]


def test_uploaded_html_article_is_added_as_text(app: AppTest, home: Path) -> None:
    html = (
        "<html><head><title>x</title><script>alert(1)</script></head><body><p>December 1, 2025</p>"
        "<p>On November 20, 2025 a drone attack from Afghanistan&#39;s Takhar province hit a border post in Farkhor, "
        "killing two Tajik border guards.</p></body></html>"
    )
    app.radio(key="add_mode").set_value("Upload a file")
    rerun(app)
    app.file_uploader[0].set_value(("report.html", html.encode("utf-8"), "text/html"))
    rerun(app)
    button(app, "Add").click()
    rerun(app)
    assert [text_of(s) for s in app.success] == ["Added report.html: 1 incident"]
    assert table_ids(app) == [ADDED, KHATLON, GBAO]  # the store orders incidents by date
    with Store(home) as store:
        article = store.stored_articles()[-1]
    assert article.source == "report.html"
    assert "alert" not in article.text and article.published == dt.date(2025, 12, 1)


def test_hostile_article_is_shown_as_text_in_the_card(app: AppTest) -> None:
    add_pasted(app, HOSTILE)
    assert table_ids(app) == [ADDED, KHATLON, GBAO]  # the store orders incidents by date
    text = card_text(app)
    for raw in ("<script", "<img", "<a ", "javascript:", "${", "[y]"):
        assert raw not in text, raw
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;" in text
    assert "&#60;img src&#61;x onerror&#61;alert&#40;2&#41;&#62;" in text
    assert "&#36;&#123;alert&#40;4&#41;&#125;" in text


# -- the store: persistence, corrections, merged reports ---------------------------------------------



def killed_of(at: AppTest, incident_id: str):
    frame = at.dataframe(key="table").value
    return frame.loc[frame["Incident"] == incident_id, "Killed"].tolist()[0]


def card_row(at: AppTest, label: str) -> str:
    """The plain text of one row of the incident card's table."""
    html = next(m.value for m in at.main.markdown if "bw-card'" in m.value)
    match = re.search(rf"<th[^>]*>{re.escape(views.text_html(label))}</th><td[^>]*>(.*?)</td>", html)
    assert match, label
    return match.group(1)


def test_added_article_is_still_there_after_a_restart(app: AppTest, home: Path) -> None:
    add_pasted(app, FARKHOR)
    assert table_ids(app) == [ADDED, KHATLON, GBAO]
    restarted = AppTest.from_file(DASHBOARD, default_timeout=60)
    rerun(restarted)
    assert table_ids(restarted) == [ADDED, KHATLON, GBAO]
    assert header(restarted).startswith("3 incidents from 2 articles · 7 killed")
    assert stored_sources(home) == [SEED_SOURCE, "pasted-1.txt"]
    add_pasted(restarted, FARKHOR)  # same text in a new session: already stored
    assert "pasted-1.txt has the same text; nothing added" in [text_of(i) for i in restarted.info]
    assert stored_sources(home) == [SEED_SOURCE, "pasted-1.txt"]


def test_correction_of_killed_shows_at_once_is_marked_and_undo_restores_it(app: AppTest) -> None:
    app.session_state["selected"] = KHATLON
    rerun(app)
    assert killed_of(app, KHATLON) == 3 and card_row(app, "Killed") == "3"
    app.selectbox(key="c_1_field").set_value("killed")
    rerun(app)
    app.number_input(key="c_1_killed").set_value(5)
    app.button(key="c_1_apply").click()
    rerun(app)
    assert not app.error, [e.value for e in app.error]
    assert killed_of(app, KHATLON) == 5
    assert card_row(app, "Killed") == "5 &#40;corrected&#41;"
    assert header(app).startswith("2 incidents from 1 article · 7 killed")
    restarted = AppTest.from_file(DASHBOARD, default_timeout=60)
    rerun(restarted)
    assert killed_of(restarted, KHATLON) == 5  # kept in the store

    undo = [b for b in app.button if b.label == "Undo"]
    assert len(undo) == 1
    undo[0].click()
    rerun(app)
    assert killed_of(app, KHATLON) == 3 and card_row(app, "Killed") == "3"
    assert not [b for b in app.button if b.label == "Undo"]
    assert any("undone" in m.value for m in app.main.markdown)


def test_not_stated_and_bad_corrections(app: AppTest) -> None:
    app.session_state["selected"] = GBAO
    rerun(app)
    app.selectbox(key="c_2_field").set_value("wounded")
    rerun(app)
    app.checkbox(key="c_2_wounded_none").check()
    app.button(key="c_2_apply").click()
    rerun(app)
    frame = app.dataframe(key="table").value
    assert frame.loc[frame["Incident"] == GBAO, "Wounded"].isna().all()
    assert card_row(app, "Wounded") == "not stated &#40;corrected&#41;"
    app.selectbox(key="c_2_field").set_value("place")
    rerun(app)
    app.button(key="c_2_apply").click()
    rerun(app)
    assert [text_of(e) for e in app.error] == ["no place chosen; type a place name, choose one of the places found, then Apply"]


def test_place_correction_moves_the_incident(app: AppTest) -> None:
    app.session_state["selected"] = GBAO
    rerun(app)
    app.selectbox(key="c_2_field").set_value("place")
    rerun(app)
    app.text_input(key="c_2_place_query").input("Farkhor")
    rerun(app)
    choice = app.selectbox(key="c_2_place_choice")
    assert choice.value and "Farkhor" in choice.format_func(choice.value)
    app.button(key="c_2_apply").click()
    rerun(app)
    assert not app.error, [e.value for e in app.error]
    frame = app.dataframe(key="table").value
    assert frame.loc[frame["Incident"] == GBAO, "Where"].tolist() == ["Khatlon, TJ"]
    assert card_row(app, "Place").endswith("&#40;corrected&#41;")


def test_merged_reports_show_both_sources_and_split(app: AppTest) -> None:
    add_pasted(app, ATTACK_A)
    add_pasted(app, ATTACK_B)
    assert [text_of(s) for s in app.success] == ["Added pasted-2.txt: 1 incident"]
    assert table_ids(app) == [KHATLON, ADDED, GBAO]  # the second report joined the first one's event
    assert app.session_state["selected"] == ADDED
    text = card_text(app)
    assert "pasted&#45;1.txt" in text and "pasted&#45;2.txt" in text
    assert "same admin1 Khatlon" in text
    assert card_row(app, "Killed") == "3 &#40;3–4 across sources&#41;"
    assert card_row(app, "Wounded") == "1 &#40;1–2 across sources&#41;"
    splits = [b for b in app.button if b.label == "Split"]
    assert len(splits) == 2
    splits[1].click()
    rerun(app)
    assert table_ids(app) == [KHATLON, ADDED, "event-4", GBAO]
    assert not [b for b in app.button if b.label == "Split"]
    assert card_row(app, "Killed") == "3"
    frame = app.dataframe(key="table").value
    assert frame.loc[frame["Incident"] == "event-4", "Killed"].tolist() == [4]


def test_export_panel_offers_one_download_per_format(app: AppTest) -> None:
    buttons = app.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert labels == ["HTML", "PNG", "GEOJSON", "CSV", "GPKG", "All (zip)"]
    assert [b.proto.help.split(" (")[0] for b in buttons][:2] == ["self-contained map page", "picture of the map for a report"]


EVIL_NAME = "![x](https:evil.example).txt"


@pytest.mark.parametrize(
    ("data", "kind", "text"),
    [
        (FARKHOR.encode("utf-8"), "success", f"Added {EVIL_NAME}: 1 incident"),
        (b"\x00binary", "error", f"{EVIL_NAME}: binary data (NUL bytes), not text; give a text file (.txt, .md or .html)"),
    ],
    ids=["added", "refused"],
)
def test_an_uploaded_file_name_is_shown_as_text_never_as_markdown(app: AppTest, data: bytes, kind: str, text: str) -> None:
    app.radio(key="add_mode").set_value("Upload a file")
    rerun(app)
    app.file_uploader[0].set_value((EVIL_NAME, data, "text/plain"))
    rerun(app)
    button(app, "Add").click()
    rerun(app)
    (message,) = getattr(app, kind)
    assert text_of(message) == text
    assert not re.search(r"[!\[\]()<>:`*_]", message.value), message.value  # nothing Markdown could read
