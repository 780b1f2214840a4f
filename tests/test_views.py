"""geo.app.views: filters, table, timeline, click mapping, and the escaped HTML of the incident card and article."""

from __future__ import annotations

import datetime as dt
from html import unescape
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geo.app import actions, views
from geo.paths import PROJECT_ROOT
from geo.errors import ArticleError
from geo.incidents import Evidence
from geo.pipeline import Analysis, analyse
from geo.text import Article
from articles import ATTACK_A, ATTACK_B

KHATLON = "000_5900aaeb977870d1-1"
GBAO = "000_5900aaeb977870d1-2"
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a> "
    "${alert(4)} `tick` \\ [link](javascript:alert(5)) *bold* _under_ $x^2$ :red[red] # heading & 'q' \"qq\""
)


@pytest.fixture(scope="module")
def seed() -> Analysis:
    return actions.analyse_seed(PROJECT_ROOT / "seeds" / "000_5900aaeb977870d1.txt", PROJECT_ROOT)


@pytest.fixture(scope="module")
def farkhor() -> Analysis:
    text = (
        "On November 20, 2025 a drone attack from Afghanistan's Takhar province hit a border post in Farkhor, "
        "killing two Tajik border guards."
    )
    return analyse(Article(text, "farkhor.txt", dt.date(2025, 11, 21)))


def by_id(analysis: Analysis, incident_id: str):
    return next(i for i in analysis.incidents if i.incident.id == incident_id)


class Tags(HTMLParser):
    """Every start tag and attribute of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


# -- loading ---------------------------------------------------------------------------------------


def test_seed_files_lists_articles_only(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.html", "notes.json", "d.TXT"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in actions.seed_files(tmp_path)] == ["a.md", "b.txt", "c.html", "d.TXT"]
    assert actions.seed_files(tmp_path / "missing") == []


def test_analyse_seed_names_the_file_relative_to_the_project(seed: Analysis) -> None:
    assert seed.article.source == "seeds/000_5900aaeb977870d1.txt"
    assert [i.incident.id for i in seed.incidents] == [KHATLON, GBAO]
    assert {i.incident.source_file for i in seed.incidents} == {"seeds/000_5900aaeb977870d1.txt"}


def test_unique_source_keeps_stems_unique() -> None:
    taken = ["seeds/report.txt", "report (2).md", "pasted-1.txt"]
    assert views.unique_source("report.html", taken) == "report (3).html"
    assert views.unique_source("new.txt", taken) == "new.txt"
    assert views.unique_source("C:\\Users\\me\\pasted-1.txt", taken) == "pasted-1 (2).txt"
    assert views.unique_source("../../etc/passwd", taken) == "passwd"


def test_read_input_prefers_the_upload_and_names_it() -> None:
    article = actions.read_input("ignored", "report.html", b"<html><p>Kabul &amp; Dushanbe</p><script>x()</script></html>",
                               ["seeds/report.txt"], pasted_name="pasted-1.txt")
    assert article.source == "report (2).html"
    assert article.text == "Kabul & Dushanbe"


def test_read_input_pasted_text_keeps_markup_as_text() -> None:
    article = actions.read_input("December 2, 2025\n<b>bold</b>", None, None, [], pasted_name="pasted-1.txt")
    assert article.source == "pasted-1.txt"
    assert article.text == "December 2, 2025\n<b>bold</b>"
    assert article.published == dt.date(2025, 12, 2)


@pytest.mark.parametrize(
    ("text", "name", "data", "message"),
    [
        ("   \n", None, None, r"pasted-1\.txt: the article is empty"),
        (None, "x.txt", b"\x00\x01\x02binary", r"x\.txt: binary data \(NUL bytes\)"),
        (None, "latin.txt", "Kŭlob, café".encode("cp1252", errors="replace"), r"latin\.txt: not UTF-8 text"),
        (None, "big.txt", b"a" * 2_000_001, r"big\.txt: 2,000,001 bytes is over the limit"),
    ],
)
def test_read_input_refuses_bad_input_with_the_library_message(text, name, data, message) -> None:
    with pytest.raises(ArticleError, match=message):
        actions.read_input(text, name, data, [], pasted_name="pasted-1.txt")


def test_added_message() -> None:
    assert views.added_message("a.txt", 2) == ("success", "Added a.txt: 2 incidents")
    assert views.added_message("a.txt", 1) == ("success", "Added a.txt: 1 incident")
    assert views.added_message("a.txt", 0) == ("warning", "Added a.txt: no incident found in it")


def test_digest_is_stable_for_text_and_bytes() -> None:
    assert views.digest("abc") == views.digest(b"abc")
    assert views.digest("abc") != views.digest("abd")
    assert len(views.digest("abc")) == 16


def test_missing_vendor_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(actions, "VENDOR_DIR", tmp_path)
    monkeypatch.setattr(views, "VENDOR_DIR", tmp_path)
    missing = actions.missing_vendor_files()
    assert "leaflet/dist/leaflet.js" in missing
    message = views.missing_assets_message(missing)
    assert message.startswith(f"{tmp_path}: missing {missing[0]}, {missing[1]}, {missing[2]} and {len(missing) - 3} more;")
    assert message.endswith("run `python -m geo assets`")


# -- filters ---------------------------------------------------------------------------------------


def test_options(seed: Analysis, farkhor: Analysis) -> None:
    opts = views.options(incidents(seed, farkhor), sources(seed, farkhor))
    assert (opts.first_date, opts.last_date) == (dt.date(2025, 11, 20), dt.date(2025, 11, 30))
    assert opts.event_types == ("Explosions/Remote violence", "Violence against civilians")
    assert opts.articles == ("seeds/000_5900aaeb977870d1.txt", "farkhor.txt")
    assert opts.max_casualties == 4


def incidents(*analyses: Analysis) -> list:
    return [item for a in analyses for item in a.incidents]


def sources(*analyses: Analysis) -> list[str]:
    return [a.article.source for a in analyses]


def ids(items) -> list[str]:
    return [i.incident.id for i in items]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, [KHATLON, GBAO, "farkhor-1"]),
        ({"date_range": (dt.date(2025, 11, 27), dt.date(2025, 11, 30))}, [GBAO]),
        ({"date_range": (dt.date(2025, 11, 26),)}, [KHATLON, GBAO]),  # picking: only the start so far
        ({"event_types": ["Violence against civilians"]}, [GBAO]),
        ({"sides": ["TJ"]}, [KHATLON, GBAO, "farkhor-1"]),
        ({"sides": ["AF"]}, []),
        ({"min_casualties": 4}, [KHATLON, GBAO]),
        ({"min_casualties": 5}, []),
        ({"articles": ["farkhor.txt"]}, ["farkhor-1"]),
        ({"event_types": ["Explosions/Remote violence"], "articles": ["seeds/000_5900aaeb977870d1.txt"]}, [KHATLON]),
    ],
)
def test_filter_incidents(seed: Analysis, farkhor: Analysis, kwargs, expected) -> None:
    filters = views.make_filters(views.options(incidents(seed, farkhor), sources(seed, farkhor)), **kwargs)
    assert ids(views.filter_incidents(incidents(seed, farkhor), filters)) == expected


def test_article_filter_keeps_a_merged_event_reported_by_any_chosen_article(seed: Analysis, farkhor: Analysis) -> None:
    items = incidents(seed, farkhor)
    merged = {"farkhor-1": ("farkhor.txt", "other.txt"), KHATLON: ("seeds/000_5900aaeb977870d1.txt",)}
    filters = views.make_filters(views.options(items, [*sources(seed, farkhor), "other.txt"]), articles=["other.txt"])
    assert ids(views.filter_incidents(items, filters, merged)) == ["farkhor-1"]
    assert ids(views.filter_incidents(items, filters)) == []


def test_undated_incidents_stay_unless_the_range_is_narrowed(seed: Analysis) -> None:
    undated = replace(seed.incidents[0], incident=replace(seed.incidents[0].incident, id="undated-1", date=None))
    items = [*seed.incidents, undated]
    opts = views.options(incidents(seed), sources(seed))
    full = views.make_filters(opts, (opts.first_date, opts.last_date))
    assert full.keep_undated and "undated-1" in ids(views.filter_incidents(items, full))
    narrow = views.make_filters(opts, (opts.first_date, dt.date(2025, 11, 28)))
    assert not narrow.keep_undated and ids(views.filter_incidents(items, narrow)) == [KHATLON]


def test_side_is_the_country_of_the_placement(seed: Analysis) -> None:
    item = seed.incidents[0]
    assert views.side(item) == "TJ"
    assert views.side(replace(item, placement=None)) is None
    assert views.casualties(item) == 4
    assert views.casualties(replace(item, incident=replace(item.incident, killed=None, wounded=None))) == 0


def test_mentions_of_chosen_articles(seed: Analysis, farkhor: Analysis) -> None:
    by_source = {a.article.source: list(a.mentions) for a in (seed, farkhor)}
    assert len(views.mentions_of(by_source)) == len(seed.mentions) + len(farkhor.mentions)
    assert views.mentions_of(by_source, views.Filters(articles={"farkhor.txt"})) == list(farkhor.mentions)
    assert views.mentions_of(by_source, views.Filters(article_text="FARK")) == list(farkhor.mentions)


def test_summary(seed: Analysis) -> None:
    assert views.summary(list(seed.incidents), 2, 1) == (
        "2 incidents from 1 article · 5 killed · 3 wounded (as stated in the articles)"
    )
    assert views.summary([seed.incidents[1]], 2, 1).startswith("1 of 2 incidents from 1 article · 2 killed · 2 wounded")
    unplaced = replace(seed.incidents[0], placement=None)
    assert views.summary([unplaced], 1, 1).endswith("· 1 not on the map (no place named)")


def test_find(seed: Analysis) -> None:
    assert views.find(seed.incidents, GBAO) is seed.incidents[1]
    assert views.find(seed.incidents, "nope") is None
    assert views.find(seed.incidents, None) is None


# -- table and timeline ----------------------------------------------------------------------------


def test_table_frame_rows_and_unknown_counts(seed: Analysis, farkhor: Analysis) -> None:
    frame = views.table_frame([*seed.incidents, *farkhor.incidents])
    assert list(frame.columns) == list(views.TABLE_COLUMNS)
    assert frame["Incident"].tolist() == [KHATLON, GBAO, "farkhor-1"]
    assert frame["Date"].tolist() == ["2025-11-26", "2025-11-30", "2025-11-20"]
    assert frame["Where"].tolist() == ["Khatlon, TJ", "Gorno-Badakhshan, TJ", "Khatlon, TJ"]
    assert frame["Killed"].tolist() == [3, 2, 2]
    assert frame["Wounded"].isna().tolist() == [False, False, True]  # "not stated", never 0
    assert frame["Precision"].tolist() == [3, 3, 1]
    assert frame["Article"].tolist() == ["000_5900aaeb977870d1.txt"] * 2 + ["farkhor.txt"]
    assert views.table_frame([]).empty


def test_timeline_has_every_day_between_first_and_last(seed: Analysis, farkhor: Analysis) -> None:
    frame = views.timeline_frame([*seed.incidents, *farkhor.incidents])
    assert frame.index.tolist() == [f"2025-11-{d}" for d in range(20, 31)]
    assert frame.loc["2025-11-26"].tolist() == [1, 4]
    assert frame.loc["2025-11-30"].tolist() == [1, 4]
    assert frame.loc["2025-11-20"].tolist() == [1, 2]
    assert frame["Incidents"].sum() == 3 and frame.loc["2025-11-25"].tolist() == [0, 0]
    assert views.timeline_frame([]).empty


def test_timeline_by_week_and_month(seed: Analysis) -> None:
    khatlon, gbao = seed.incidents
    later = replace(gbao, incident=replace(gbao.incident, id="later-1", date=dt.date(2026, 3, 4)))
    much_later = replace(gbao, incident=replace(gbao.incident, id="later-2", date=dt.date(2028, 1, 31)))
    assert views.timeline_unit([khatlon, gbao]) == "day"
    assert views.timeline_unit([khatlon, later]) == "week"
    assert views.timeline_unit([khatlon, much_later]) == "month"
    assert views.timeline_unit([]) == "day"
    weeks = views.timeline_frame([khatlon, gbao, later], "week")
    assert weeks.index[0] == "2025-11-24" and weeks.index[-1] == "2026-03-02"  # Mondays
    assert weeks.loc["2025-11-24"].tolist() == [2, 8] and weeks.loc["2026-03-02"].tolist() == [1, 4]
    assert len(weeks) == 15 and weeks["Incidents"].sum() == 3
    months = views.timeline_frame([khatlon, much_later], "month")
    assert months.index[0] == "2025-11" and months.index[-1] == "2028-01" and len(months) == 27
    assert months.loc["2025-12"].tolist() == [0, 0]
    with pytest.raises(ValueError, match="unit 'year'"):
        views.timeline_frame([khatlon], "year")


def test_table_selection_round_trip() -> None:
    table = ["a-1", "a-2", "b-1"]
    assert views.table_row(table, "a-2") == [1]
    assert views.table_row(table, "gone") == [] and views.table_row(table, None) == []
    assert views.selected_from_rows(table, [2]) == "b-1"
    assert views.selected_from_rows(table, []) is None
    assert views.selected_from_rows(table, [7]) is None


# -- map clicks ------------------------------------------------------------------------------------


def test_click_on_popup_names_the_incident(seed: Analysis) -> None:
    value = {
        "last_object_clicked": {"lat": 0.0, "lng": 0.0},
        "last_object_clicked_popup": f"Air/drone strike (Explosions/Remote violence)\n…\nIncident {KHATLON}\n",
    }
    assert views.incident_from_click(value, seed.incidents) == KHATLON


def test_click_without_popup_takes_the_marker_under_it(seed: Analysis) -> None:
    p = seed.incidents[1].placement
    value = {"last_object_clicked": {"lat": p.latitude + 0.001, "lng": p.longitude}, "last_object_clicked_popup": None}
    assert views.incident_from_click(value, seed.incidents) == GBAO
    far = {"last_object_clicked": {"lat": 39.0, "lng": 68.0}, "last_object_clicked_popup": None}
    assert views.incident_from_click(far, seed.incidents) is None


def test_click_on_unknown_popup_or_nothing(seed: Analysis) -> None:
    assert views.incident_from_click(None, seed.incidents) is None
    assert views.incident_from_click({}, seed.incidents) is None
    hidden = {"last_object_clicked": None, "last_object_clicked_popup": "Incident someone-else-1"}
    assert views.incident_from_click(hidden, seed.incidents) is None


def test_a_different_map_is_a_new_map_widget(seed: Analysis, farkhor: Analysis) -> None:
    both = list(seed.incidents)
    assert views.map_key(both) == views.map_key(list(seed.incidents)) and views.map_key(both).startswith("map_")
    corrected = replace(both[0], incident=replace(both[0].incident, killed=5))
    others = {views.map_key(both[:1]), views.map_key(both + list(farkhor.incidents)), views.map_key([corrected, both[1]])}
    assert views.map_key(both) not in others and len(others) == 3


def test_focus_moves_a_little_for_each_new_choice(seed: Analysis) -> None:
    item = seed.incidents[0]
    first, second = views.focus(item, 1), views.focus(item, 2)
    assert first != second
    assert first == pytest.approx((item.placement.latitude, item.placement.longitude), abs=1e-6)
    assert views.focus(None) is None and views.focus(replace(item, placement=None)) is None


# -- card and article ------------------------------------------------------------------------------


def test_text_html_is_inert(seed: Analysis) -> None:
    html = views.text_html(HOSTILE + "\nline two\r\nline three")
    bare = re.sub(r"&#\d+;", "", html.replace("<br>", ""))
    for char in "<>&`*_[]$:#\\'\"":
        assert char not in bare, char
    assert "\n" not in html and "\r" not in html and html.count("<br>") == 2
    parsed = Tags(f"<div>{html}</div>")
    assert parsed.tags == [("div", {})] + [("br", {})] * 2
    assert "".join(parsed.text) == HOSTILE + "line twoline three"


def test_article_html_marks_the_evidence_in_place(seed: Analysis) -> None:
    item = by_id(seed, KHATLON)
    text = seed.article.text
    spans = views.evidence_spans(item, text)
    html = views.article_html(text, spans)
    assert "\n" not in html
    marks = re.findall(r"<mark class='bw-evidence'>(.*?)</mark>", html)
    assert len(marks) == 2  # the attack sentence and the casualty sentence
    parsed = Tags(html)
    assert [tag for tag, _ in parsed.tags if tag not in ("br",)] == ["div", "mark", "mark"]
    assert "launched a drone attack" in "".join(Tags(marks[0]).text)
    assert "".join(Tags(marks[1]).text).startswith("Three workers were killed and one wounded")
    assert "".join(parsed.text) == text.replace("\r\n", "").replace("\n", "")


def test_article_html_escapes_hostile_text() -> None:
    text = "Intro " + HOSTILE + " outro"
    start = text.index("<img")
    html = views.article_html(text, [(start, start + 10)])
    parsed = Tags(html)
    assert [tag for tag, _ in parsed.tags] == ["div", "mark"]
    assert "".join(parsed.text) == text


def test_evidence_spans_sorted_merged_and_inside(seed: Analysis) -> None:
    item = by_id(seed, KHATLON)
    first, second = item.incident.evidence
    assert views.evidence_spans(item, seed.article.text) == [(first.start, first.end), (second.start, second.end)]
    overlapping = replace(first, start=first.end - 10, end=second.end)
    merged = replace(item, incident=replace(item.incident, evidence=(second, first, overlapping)))
    assert views.evidence_spans(merged, seed.article.text) == [(first.start, second.end)]
    assert views.evidence_spans(item, seed.article.text[:100]) == []


def test_card_fields_cover_the_record(seed: Analysis) -> None:
    fields = dict(views.card_fields(by_id(seed, KHATLON)))
    assert fields["Date"] == "2025-11-26 (day precision)"
    assert fields["Type"] == "Explosions/Remote violence — Air/drone strike"
    assert (fields["Killed"], fields["Wounded"]) == ("3", "1")
    assert fields["Place"] == "Khatlon, TJ"
    assert fields["Precision"].startswith("3 (region or country): region-level: Khatlon, on the border stretch with Badakhshan")
    assert fields["Distance to border"] == "2.9 km"
    assert fields["Origin"] == "Badakhshan, AF"
    assert fields["Victims"] == "Chinese gold mining workers"
    assert fields["Location in the text"].endswith("Khatlon Region")
    assert fields["Flags"] == "none"
    assert fields["Source file"] == "seeds/000_5900aaeb977870d1.txt"
    assert fields["Incident id"] == KHATLON


def test_card_says_not_stated_for_unknown_values(seed: Analysis) -> None:
    item = by_id(seed, GBAO)
    unknown = replace(item, incident=replace(item.incident, killed=None, wounded=None, victims=None, perpetrators=None))
    fields = dict(views.card_fields(unknown))
    assert fields["Killed"] == fields["Wounded"] == fields["Victims"] == fields["Perpetrators"] == "not stated"
    unplaced = dict(views.card_fields(replace(item, placement=None)))
    assert unplaced["Place"] == "not placed"
    assert unplaced["Precision"] == "not placed: the article names no place for it"


def test_card_html_escapes_every_value(seed: Analysis) -> None:
    item = by_id(seed, KHATLON)
    hostile = replace(item, incident=replace(item.incident, victims=HOSTILE, perpetrators=HOSTILE, flags=(HOSTILE,)))
    for html in (views.card_html(hostile), views.card_title_html(hostile), views.quotes_html(hostile)):
        assert "\n" not in html
        assert {tag for tag, _ in Tags(html).tags} <= {"div", "table", "tr", "th", "td", "blockquote", "br"}
    assert HOSTILE in "".join(Tags(views.card_html(hostile)).text)


# -- stored events ---------------------------------------------------------------------------------



@pytest.fixture
def store(tmp_path: Path):
    from geo.store import Store, add_article

    with Store(tmp_path) as store:
        for name, text in (("a.txt", ATTACK_A), (HOSTILE_NAME, ATTACK_B)):
            add_article(store, Article(text, name, dt.date(2025, 12, 1)))
        yield store


HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"


def test_count_range_and_card_of_a_merged_corrected_event(store) -> None:
    assert views.count_range(None, {"low": None, "best": None, "high": None}) == "not stated"
    assert views.count_range(3, {"low": 3, "best": 3, "high": 3}) == "3"
    (event,) = store.events()
    item = event.located
    fields = dict(views.card_fields(item, event.casualties, event.corrected))
    assert (fields["Killed"], fields["Wounded"]) == ("3 (3–4 across sources)", "1 (1–2 across sources)")
    store.correct(event.id, "killed", 7)
    store.correct(event.id, "location", {"latitude": 37.5, "longitude": 69.4})
    (event,) = store.events()
    item = event.located
    assert item.placement.admin2 is None  # the article's district no longer applies
    fields = dict(views.card_fields(item, event.casualties, event.corrected))
    assert fields["Killed"] == "7 (3–4 across sources) (corrected)"
    assert fields["Place"].endswith("(corrected)") and fields["Marker at"] == "37.5000, 69.4000 (corrected)"
    assert not fields["Date"].endswith("(corrected)")
    lines = [views.history_line(h) for h in store.history(event.id)]
    assert lines[0].startswith("killed: 3 → 7 · analyst · ")
    assert lines[1].startswith("location: ") and "→ 37.5000, 69.4000" in lines[1]
    store.undo(store.history(event.id)[0]["id"])
    assert "· undone " in views.history_line(store.history(event.id)[0])


def test_sources_and_evidence_of_a_stored_event(store) -> None:
    (event,) = store.events()
    base = views.base_source(event)
    assert base.source_file == event.record["source_file"]
    text = store.article_text(base.article_id)
    spans = views.evidence_spans(event.located, text)
    assert spans and all(0 <= a < b <= len(text) for a, b in spans)
    assert [text[a:b] for a, b in spans] == [e.quote for e in event.located.incident.evidence]
    outside = replace(event.located, incident=replace(event.located.incident, evidence=(Evidence("x", 5, 10**6),)))
    assert views.evidence_spans(outside, text) == []
    html = views.source_html(2, event.sources[1])
    assert "\n" not in html and {tag for tag, _ in Tags(html).tags} <= {"div", "b", "br", "i", "span"}
    assert "<img" not in html and "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;.txt" in html
    assert "killed 4 · wounded 1" in "".join(Tags(html).text)
    assert "Merged: dates 2025-11-28 (day) and 2025-11-29 (day) overlap" in "".join(Tags(html).text)
    assert views.event_sources([event]) == {event.record["id"]: ("a.txt", HOSTILE_NAME)}


def test_export_snapshot_of_what_the_dashboard_shows(seed_article):
    from geo.export import export_bytes
    from geo.pipeline import analyse

    analysis = analyse(seed_article)
    filters = views.Filters(event_types=frozenset({"Explosions/Remote violence"}), min_casualties=2)
    shown = [i for i in analysis.incidents if i.incident.event_type == "Explosions/Remote violence"]
    snapshot = views.export_snapshot(shown, analysis.mentions, filters)
    assert [i.incident.id for i in snapshot.shown] == [shown[0].incident.id]
    assert snapshot.filters.describe() == ["event types: Explosions/Remote violence", "killed + wounded at least: 2"]
    csv_text = export_bytes(snapshot, "csv").decode("utf-8")
    assert csv_text.count("\n") == 2 and "Khatlon" in csv_text and "Gorno-Badakhshan" not in csv_text
    html = export_bytes(snapshot, "html").decode("utf-8")
    assert "killed + wounded at least: 2" in html


@pytest.fixture(scope="module")
def recalled() -> Analysis:
    text = (
        "On Sunday gunmen from Afghanistan attacked a border post near Panj, killing one guard. "
        "The Taliban denied the reports.\n\n"
        "In November 2024, a similar attack on a Chinese mining camp in Shamsiddin Shohin district killed one worker."
    )
    return analyse(Article(text, "recalled.txt", dt.date(2025, 12, 2)))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["recalled-1", "recalled-2"]),
        ({"show_background": False}, ["recalled-1"]),
        ({"show_disputed": False}, ["recalled-2"]),
        ({"show_background": False, "show_disputed": False}, []),
    ],
)
def test_background_and_disputed_filters(recalled: Analysis, kwargs, expected) -> None:
    items = list(recalled.incidents)
    assert [(i.incident.primary, i.incident.disputed) for i in items] == [(True, True), (False, False)]
    filters = views.make_filters(views.options(items, ["recalled.txt"]), **kwargs)
    assert ids(views.filter_incidents(items, filters)) == expected
    assert ("background events", "hidden") in views.filter_words(filters) or filters.show_background


@pytest.mark.parametrize(
    "message",
    ["![x](https:evil.example)", "<img src=x onerror=alert(1)>", "1. not a list", "    not code", "www.evil.example a@b.example", "$x^2$ :red[no] :smile:", "two\nlines"],
)
def test_markdown_text_survives_any_markdown(message: str) -> None:
    body = views.markdown_text(message)
    assert unescape(body) == message.replace("\n", " ")
    assert "\n" not in body and not re.search(r"[!\[\]()<>:`*_$.@]|^ ", body)
