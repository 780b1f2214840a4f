"""Borderwatch dashboard: incidents on the Afghan–Tajik border read from news articles, on an offline map.

Run with `python -m geo dashboard` (or `streamlit run dashboard.py`). This script only wires
widgets to geo functions; the logic lives in geo.views, geo.layers and geo.pipeline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo import views
from geo.boundaries import Boundaries, load_boundaries
from geo.errors import BorderwatchError
from geo.gazetteer import OfflineGazetteer, load_gazetteer
from geo.layers import incident_map, selection_layer
from geo.locate import LocatedIncident
from geo.offline import use_local_assets
from geo.pipeline import Analysis, analyse
from geo.text import Article, article_from_bytes, find_published_date

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT / "seeds"
MAP_HEIGHT = 600
# What a map click sends back; the count makes a second click on the same marker count. Panning sends nothing.
RETURNED = ["last_object_clicked", "last_object_clicked_popup", "last_object_clicked_count"]
TABLE_COLUMNS = {
    "Precision": st.column_config.NumberColumn(
        width=75, help="ACLED geo precision: 1 town or site, 2 district or near a place, 3 region"
    ),
    "Killed": st.column_config.NumberColumn(width=85),
    "Wounded": st.column_config.NumberColumn(width=85),
    "Border km": st.column_config.NumberColumn(width=85, help="Distance from the marker to the Afghan–Tajik border", format="%.1f"),
    "Incident": st.column_config.TextColumn(width="medium"),
}
# Less white space around the page than Streamlit's default, so the map and the card fit one screen.
PAGE_STYLE = """<style>
.stMainBlockContainer {padding-top: 2.5rem; padding-left: 2rem; padding-right: 2rem;}
mark.bw-evidence {background: #ffe08a; padding: 0 1px;}
</style>"""

st.set_page_config(page_title="Borderwatch", layout="wide")
st.html(PAGE_STYLE)
use_local_assets()


# -- loaders ----------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def indexes() -> tuple[OfflineGazetteer, Boundaries]:
    """The read-only gazetteer and boundaries, loaded once per server."""
    return load_gazetteer(), load_boundaries()


@st.cache_data(show_spinner=False)
def seed_analysis(path: str, mtime_ns: int) -> Analysis:
    """A seed article analysed once per file version (path + modification time)."""
    return views.analyse_seed(Path(path), ROOT)


@st.cache_data(show_spinner=False)
def article_analysis(text: str, source: str, published: dt.date | None) -> Analysis:
    """An added article analysed once per content."""
    return analyse(Article(text=text, source=source, published=published))


def added_articles() -> list[Article]:
    """The articles the user added. Kept in this session for now; the SQLite store replaces this."""
    return st.session_state.setdefault("added_articles", [])


def keep_article(article: Article) -> None:
    """Keep an added article (see added_articles)."""
    added_articles().append(article)


def load_analyses() -> tuple[list[Analysis], list[str]]:
    """Every seed article and every added article, analysed; plus one message per seed that cannot be read."""
    indexes()
    analyses, problems = [], []
    for path in views.seed_files(SEEDS):
        try:
            analyses.append(seed_analysis(str(path), path.stat().st_mtime_ns))
        except BorderwatchError as error:
            problems.append(str(error))
    analyses += [article_analysis(a.text, a.source, a.published) for a in added_articles()]
    return analyses, problems


# -- callbacks (they run before the script, so the whole page sees the new selection) ------------------


def choose(incident_id: str | None, focus: bool) -> None:
    """Select an incident; with ``focus`` the map also flies to it (a table choice), else it stays put."""
    st.session_state["selected"] = incident_id
    st.session_state["focus_id"] = incident_id if focus else None
    if focus:
        st.session_state["focus_nonce"] = st.session_state.get("focus_nonce", 0) + 1


def on_map_click() -> None:
    shown = set(st.session_state.get("shown_ids", ()))
    items = [i for i in views.all_incidents(load_analyses()[0]) if i.incident.id in shown]
    chosen = views.incident_from_click(st.session_state.get("map"), items)
    if chosen:
        choose(chosen, focus=False)


def on_table_select() -> None:
    state = st.session_state.get("table") or {}
    rows = (state.get("selection") or {}).get("rows") or []
    chosen = views.selected_from_rows(st.session_state.get("table_ids", []), rows)
    if chosen:
        choose(chosen, focus=True)


def on_clear_selection() -> None:
    st.session_state["selected"] = None
    st.session_state["focus_id"] = None


def on_reset_filters() -> None:
    # Set every filter widget to its default (deleting the keys would not reset the browser's copy).
    opts = views.options(load_analyses()[0])
    st.session_state.update(f_types=[], f_side="both", f_min=0, f_articles=[])
    if opts.first_date and opts.last_date:
        st.session_state[f"f_dates_{opts.first_date}_{opts.last_date}"] = (opts.first_date, opts.last_date)


def on_add() -> None:
    analyses, _ = load_analyses()
    pasting = st.session_state.get("add_mode", "Paste text") == "Paste text"
    upload = None if pasting else st.session_state.get(f"upload_{st.session_state.get('upload_n', 0)}")
    if not pasting and upload is None:
        st.session_state["add_message"] = ("error", "no file chosen; choose a .txt, .md or .html file, then press Add")
        return
    try:
        article = views.read_input(
            st.session_state.get("paste_text", "") if pasting else None,
            upload.name if upload else None,
            upload.getvalue() if upload else None,
            taken=[a.article.source for a in analyses],
            pasted_name=f"pasted-{len(added_articles()) + 1}.txt",
        )
        same = views.duplicate_of(article.text, analyses)
        if same:
            st.session_state["add_message"] = ("info", f"{same} has the same text; nothing added")
            return
        token = views.digest(st.session_state.get("paste_text", "") if pasting else upload.getvalue())
        article = Article(article.text, article.source, st.session_state.get(f"published_{token}") or article.published)
        analysis = article_analysis(article.text, article.source, article.published)
    except BorderwatchError as error:
        st.session_state["add_message"] = ("error", str(error))
        return
    keep_article(article)
    if analysis.incidents:
        choose(analysis.incidents[0].incident.id, focus=False)
    st.session_state["add_message"] = views.added_message(article.source, len(analysis.incidents))
    if pasting:
        st.session_state["paste_text"] = ""
    else:
        st.session_state["upload_n"] = st.session_state.get("upload_n", 0) + 1


# -- page ---------------------------------------------------------------------------------------------


def sidebar_filters(opts: views.Options) -> views.Filters:
    with st.sidebar:
        st.header("Filters")
        date_range: tuple[dt.date, ...] = ()
        if opts.first_date and opts.last_date:
            date_range = st.date_input(
                "Date range", value=(opts.first_date, opts.last_date), min_value=opts.first_date,
                max_value=opts.last_date, key=f"f_dates_{opts.first_date}_{opts.last_date}", format="YYYY-MM-DD",
                help="Undated incidents are shown unless the range is narrowed.",
            )
        types = st.multiselect("Event type", opts.event_types, key="f_types", placeholder="All event types")
        side = st.radio(
            "Side of the border", ("both", *views.SIDES), key="f_side",
            format_func=lambda s: "Both sides" if s == "both" else views.SIDE_NAMES[s],
        )
        least = st.number_input("Minimum killed + wounded", min_value=0, step=1, key="f_min")
        articles = st.multiselect(
            "Article", opts.articles, key="f_articles", placeholder="All articles", format_func=lambda s: Path(s).name,
        )
        st.button("Reset filters", on_click=on_reset_filters)
    return views.make_filters(opts, date_range, types, () if side == "both" else (side,), least, articles)


def incident_card(item: LocatedIncident | None, analyses: list[Analysis], hidden: bool) -> None:
    # unsafe_allow_html only ever gets geo.views' *_html strings: article text escaped into inert HTML.
    if item is None:
        st.info("Click an incident marker on the map, or a row of the table, to see what happened and on what evidence.")
        return
    head, clear = st.columns([3, 1], vertical_alignment="center")
    head.markdown(views.card_title_html(item), unsafe_allow_html=True)
    clear.button("Clear", on_click=on_clear_selection, help="Clear the selection", type="tertiary")
    if hidden:
        st.caption("Hidden by the current filters.")
    st.markdown(views.quotes_html(item), unsafe_allow_html=True)
    st.markdown(views.card_html(item), unsafe_allow_html=True)
    article = views.article_of(analyses, item)
    if article is not None:
        st.markdown("**The article** — evidence highlighted")
        st.markdown(views.article_html(article.text, views.evidence_spans(item, article.text)), unsafe_allow_html=True)


def add_article_section() -> None:
    st.markdown("**Add an article** — paste its text or upload a file")
    mode = st.radio("Source", ("Paste text", "Upload a file"), key="add_mode", horizontal=True, label_visibility="collapsed")
    found, token = None, "empty"
    if mode == "Paste text":
        text = st.text_area("Article text", key="paste_text", height=160,
                            placeholder="Paste the text of a news article (it is shown as plain text, never run).")
        if text.strip():
            found, token = find_published_date(text), views.digest(text)
    else:
        n = st.session_state.get("upload_n", 0)
        upload = st.file_uploader("Article file (.txt, .md, .html)", type=views.UPLOAD_TYPES, key=f"upload_{n}")
        if upload is not None:
            data = upload.getvalue()
            token = views.digest(data)
            try:
                found = article_from_bytes(data, upload.name).published
            except BorderwatchError:
                found = None
    date_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    date_col.date_input(
        "Publication date", value=found or dt.date.today(), key=f"published_{token}", format="YYYY-MM-DD",
        help="Relative dates in the text ('yesterday', 'on Monday') are read against it.",
    )
    button_col.button("Add", on_click=on_add, type="primary", width="stretch")
    if token != "empty":
        st.caption(f"Date line found in the text: {found.isoformat()}." if found else
                   "No date line found in the text: check the publication date (today's date is set).")
    kind, message = st.session_state.pop("add_message", (None, None))
    if kind:
        getattr(st, kind)(message)


def main() -> None:
    for key, default in (("selected", None), ("focus_id", None), ("focus_nonce", 0), ("upload_n", 0)):
        st.session_state.setdefault(key, default)
    missing = views.missing_vendor_files()
    if missing:
        st.error(views.missing_assets_message(missing))
        st.stop()
    analyses, problems = load_analyses()
    items = views.all_incidents(analyses)
    opts = views.options(analyses)
    filters = sidebar_filters(opts)
    shown = views.filter_incidents(items, filters)
    shown_ids = [i.incident.id for i in shown]
    st.session_state["shown_ids"] = shown_ids

    st.markdown("## Borderwatch · Afghan–Tajik border incidents")
    st.markdown(views.summary(shown, len(items), len(analyses)))
    for problem in problems:
        st.warning(problem)

    selected = views.find(items, st.session_state["selected"])
    selected_shown = selected is not None and selected.incident.id in shown_ids
    focus_item = views.find(shown, st.session_state["focus_id"])
    center = views.focus(focus_item, st.session_state["focus_nonce"])
    left, right = st.columns([5, 3], gap="medium")
    with left:
        m = incident_map(shown, views.mentions_of(analyses, filters.articles))
        ring = selection_layer(selected) if selected_shown else None
        st_folium(
            m, key="map", height=MAP_HEIGHT, use_container_width=True, returned_objects=RETURNED,
            center=center, zoom=views.FOCUS_ZOOM if center else None, feature_group_to_add=ring, on_change=on_map_click,
        )
    with right, st.container(height=MAP_HEIGHT, border=True, key="card"):
        incident_card(selected, analyses, hidden=selected is not None and not selected_shown)

    st.markdown("**Incidents** — select a row to show it on the map")
    st.session_state["table_ids"] = shown_ids
    rows = views.table_row(shown_ids, st.session_state["selected"])
    state = st.session_state.get("table")
    if state is None or list(state["selection"]["rows"]) != rows:
        st.session_state["table"] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    st.dataframe(
        views.table_frame(shown), key="table", on_select=on_table_select, selection_mode="single-row",
        hide_index=True, placeholder="not stated", column_config=TABLE_COLUMNS,
    )

    chart_col, add_col = st.columns(2, gap="large")
    with chart_col:
        unit = views.timeline_unit(shown)
        st.markdown(f"**Timeline** — incidents and killed + wounded per {unit}")
        timeline = views.timeline_frame(shown, unit)
        if timeline.empty:
            st.caption("No dated incident to chart.")
        else:
            st.bar_chart(timeline, stack=False, height=260, x_label="", y_label="")
    with add_col:
        add_article_section()


main()
