"""Borderwatch dashboard: incidents on the Afghan–Tajik border read from news articles, on an offline map.

Run with `python -m geo dashboard` (or `streamlit run dashboard.py`). This script only wires
widgets to geo functions: what it shows comes from geo.app.views and geo.map.layers, what it does is one
call of geo.app.actions per action. Incidents are the store's merged, corrected events (geo.store.Store in
$BORDERWATCH_HOME), read once per run; the seeds/ articles are added once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo.app import actions, views
from geo.boundaries import Boundaries, load_boundaries
from geo.errors import BorderwatchError
from geo.export import EXPORTERS, export_bytes, export_zip
from geo.gazetteer import OfflineGazetteer, load_gazetteer
from geo.incidents import EVENT_TYPES, SUB_EVENT_TYPES
from geo.map.layers import incident_map, selection_layer, write_markers, write_static_layers
from geo.locate import LocatedIncident
from geo.map.offline import use_local_assets
from geo.paths import PROJECT_ROOT, SEEDS_DIR
from geo.export.snapshot import Snapshot
from geo.store import PRECISION_DAYS, Event, Store, default_home
from geo.text import article_from_bytes, find_published_date

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


@st.cache_resource(show_spinner=False)
def ingest_seeds(home: str, files: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """Add the seed articles to the store in ``home`` once per server and seed version (names + mtimes).

    Adding is idempotent (the same text is stored once); returns one message per seed that cannot be read.
    """
    return actions.ingest_seeds(home, [Path(name) for name, _ in files], PROJECT_ROOT)


@st.cache_resource(show_spinner=False)
def static_layers() -> dict[str, tuple[str, ...]] | None:
    """The static layers' files in static/layers, written once per server; None (shapes in the page) if they cannot be."""
    try:
        return write_static_layers()
    except OSError:
        return None


def open_store() -> Store:
    """A connection to the store ($BORDERWATCH_HOME or the user data dir), one per script run or callback."""
    return Store()


def seed_problems() -> tuple[str, ...]:
    """Ingest the seeds (once; see ingest_seeds) and return the messages of those that cannot be read."""
    indexes()
    files = []
    for path in actions.seed_files(SEEDS_DIR):
        try:
            files.append((str(path), path.stat().st_mtime_ns))
        except OSError:
            files.append((str(path), 0))
    return ingest_seeds(str(default_home()), tuple(files))


# -- callbacks (they run before the script, so the whole page sees the new selection) ------------------


def choose(incident_id: str | None, focus: bool) -> None:
    """Select an incident; with ``focus`` the map also flies to it (a table choice), else it stays put.
    The table turns to the page that shows it."""
    st.session_state["selected"] = incident_id
    page = views.page_of(st.session_state.get("table_ids", []), incident_id)
    if page is not None:
        st.session_state["table_page"] = page
    st.session_state["focus_id"] = incident_id if focus else None
    if focus:
        st.session_state["focus_nonce"] = st.session_state.get("focus_nonce", 0) + 1


def on_map_click(key: str) -> None:
    # The incidents the clicked map showed (kept by the last run of the page): the store is not read again.
    chosen = views.incident_from_click(st.session_state.get(key), st.session_state.get("shown", []))
    if chosen:
        choose(chosen, focus=False)


def on_table_select() -> None:
    state = st.session_state.get("table") or {}
    rows = (state.get("selection") or {}).get("rows") or []
    chosen = views.selected_from_rows(st.session_state.get("page_ids", []), rows)
    if chosen:
        choose(chosen, focus=True)


def on_clear_selection() -> None:
    st.session_state["selected"] = None
    st.session_state["focus_id"] = None


def on_reset_filters() -> None:
    # New filter widgets (new keys) with their defaults. Setting the old widgets' values was sometimes undone
    # by a later message from the browser carrying their old values (seen right after a map click).
    st.session_state["filters_n"] += 1
    st.session_state["full_range"] = False


def on_date_span(full: bool) -> None:
    """Show every date (``full``) or the default 12 months up to the latest incident (a new date widget)."""
    st.session_state["full_range"] = full
    st.session_state["dates_n"] = st.session_state.get("dates_n", 0) + 1


def filter_key(name: str) -> str:
    """The key of a filter widget in this generation of the filters (see on_reset_filters)."""
    return f"{name}_{st.session_state['filters_n']}"


def on_add() -> None:
    pasting = st.session_state.get("add_mode", "Paste text") == "Paste text"
    upload = None if pasting else st.session_state.get(f"upload_{st.session_state.get('upload_n', 0)}")
    text = st.session_state.get("paste_text", "") if pasting else None
    token = views.digest(text if upload is None else upload.getvalue()) if pasting or upload is not None else "empty"
    outcome = actions.add_article(
        default_home(), text=text, upload_name=upload.name if upload else None, upload=upload.getvalue() if upload else None,
        published=st.session_state.get(f"published_{token}"),
    )
    st.session_state["add_message"] = (outcome.kind, outcome.message)
    if outcome.source is None:
        return
    st.session_state["select_source"] = outcome.source  # the page selects the first incident it reports
    if pasting:
        st.session_state["paste_text"] = ""
    else:
        st.session_state["upload_n"] = st.session_state.get("upload_n", 0) + 1


def show_outcome(outcome: actions.Outcome) -> None:
    """The card shows what an action did."""
    st.session_state["card_message"] = (outcome.kind, outcome.message)


def on_split(report_id: int, source: str) -> None:
    show_outcome(actions.split(default_home(), report_id, source))


def on_undo(correction_id: int, field: str) -> None:
    show_outcome(actions.undo(default_home(), correction_id, field))


def on_correct(event_id: int, field: str) -> None:
    key = f"c_{event_id}_{field}"
    get = st.session_state.get
    if field == "date":
        value = get(key).isoformat() if get(key) else None
    elif field in ("killed", "wounded"):
        value = None if get(f"{key}_none") else int(get(key) or 0)
    elif field == "location":
        value = {"latitude": get(f"{key}_lat"), "longitude": get(f"{key}_lon")}
    elif field == "place":
        value = get(f"{key}_choice")
    else:
        value = get(key)
    show_outcome(actions.correct(default_home(), event_id, field, value))


# -- page ---------------------------------------------------------------------------------------------


def show(kind: str, message: object) -> None:
    """A message box (st.success, st.info, st.warning or st.error) that shows ``message`` as text, never as Markdown:
    messages carry file names, article titles and error texts, which the user or an article chose."""
    getattr(st, kind)(views.markdown_text(message))



def sidebar_filters(opts: views.Options) -> views.Filters:
    with st.sidebar:
        st.header("Filters")
        date_range: tuple[dt.date, ...] = ()
        if opts.first_date and opts.last_date:
            recent = views.default_dates(opts)
            full = st.session_state.get("full_range", False) or recent == (opts.first_date, opts.last_date)
            changed = st.session_state.get("dates_n", 0)  # a new widget after each Full range / Last 12 months
            span = f"_{'full' if full else 'recent'}_{changed}" if changed else ""
            date_range = st.date_input(
                "Date range", value=(opts.first_date, opts.last_date) if full else recent, min_value=opts.first_date,
                max_value=opts.last_date, key=filter_key(f"f_dates_{opts.first_date}_{opts.last_date}") + span, format="YYYY-MM-DD",
                help="Opens on the 12 months up to the latest incident. Undated incidents are shown only with the full range.",
            )
            if recent != (opts.first_date, opts.last_date):
                if full:
                    st.button("Last 12 months", on_click=on_date_span, args=(False,), key="span_recent", type="tertiary",
                              help=f"{recent[0].isoformat()} to {recent[1].isoformat()}")
                else:
                    st.button("Full range", on_click=on_date_span, args=(True,), key="span_full", type="tertiary",
                              help=f"Every incident, {opts.first_date.isoformat()} to {opts.last_date.isoformat()}, undated ones too")
        types = st.multiselect("Event type", opts.event_types, key=filter_key("f_types"), placeholder="All event types")
        side = st.radio(
            "Side of the border", ("both", *views.SIDES), key=filter_key("f_side"),
            format_func=lambda s: "Both sides" if s == "both" else views.SIDE_NAMES[s],
        )
        least = st.number_input("Minimum killed + wounded", min_value=0, step=1, key=filter_key("f_min"))
        articles: list[str] = []
        article_text = ""
        if len(opts.articles) <= views.ARTICLE_CHOICES:
            articles = st.multiselect(
                "Article", opts.articles, key=filter_key("f_articles"), placeholder="All articles", format_func=lambda s: Path(s).name,
            )
        else:  # thousands of names to pick from would slow every rerun
            article_text = st.text_input(
                "Article name contains", key=filter_key("f_article_text"), placeholder="All articles",
                help=f"{len(opts.articles):,} articles are stored: type part of a file name (any case).",
            )
        background = st.checkbox("Background events", value=True, key=filter_key("f_background"), help="Earlier incidents an article recalls.")
        disputed = st.checkbox("Disputed reports", value=True, key=filter_key("f_disputed"), help="Only a claim, or denied by a party.")
        st.button("Reset filters", on_click=on_reset_filters)
    return views.make_filters(opts, date_range, types, () if side == "both" else (side,), least, articles, background, disputed, article_text)


def correction_value_input(event: Event, item: LocatedIncident, field: str) -> None:
    """The widget(s) for the new value of ``field``; their keys start with c_<event id>_<field>."""
    record, key = event.record, f"c_{event.id}_{field}"
    if field == "date":
        current = item.incident.date or dt.date.today()
        st.date_input("New date", value=current, key=key, format="YYYY-MM-DD")
    elif field == "date_precision":
        choices = list(PRECISION_DAYS)
        st.selectbox("New date precision", choices, key=key,
                     index=choices.index(record["date_precision"]) if record.get("date_precision") in choices else 0)
    elif field == "event_type":
        st.selectbox("New event type", EVENT_TYPES, key=key,
                     index=EVENT_TYPES.index(record["event_type"]) if record.get("event_type") in EVENT_TYPES else 0)
    elif field == "sub_event_type":
        choices = list(SUB_EVENT_TYPES)
        st.selectbox("New sub-event type", choices, key=key, format_func=lambda s: f"{s} ({SUB_EVENT_TYPES[s]})",
                     index=choices.index(record["sub_event_type"]) if record.get("sub_event_type") in choices else 0)
    elif field in ("killed", "wounded"):
        current = record.get(field)
        unknown = st.session_state.get(f"{key}_none", current is None)
        st.number_input(f"New {field} count", min_value=0, step=1, value=current or 0, key=key, disabled=unknown)
        st.checkbox("not stated in the articles", value=current is None, key=f"{key}_none")
    elif field == "location":
        lat, lon = st.columns(2)
        p = item.placement
        lat.number_input("Latitude", min_value=-90.0, max_value=90.0, value=p.latitude if p else 37.5, format="%.5f", key=f"{key}_lat")
        lon.number_input("Longitude", min_value=-180.0, max_value=180.0, value=p.longitude if p else 69.5, format="%.5f", key=f"{key}_lon")
    elif field == "place":
        name = st.text_input("Place name", key=f"{key}_query", placeholder="a town or district, e.g. Farkhor")
        found = [c.place for c in indexes()[0].candidates(name) if not c.place.is_area][:10] if name.strip() else []
        labels = {p.id: ", ".join(x for x in (p.name, p.kind, p.admin1, p.country) if x) for p in found}
        if found:
            st.selectbox("Place found", list(labels), key=f"{key}_choice", format_func=labels.get)
        elif name.strip():
            st.caption("No town or district of that name in the gazetteer.")
            st.session_state.pop(f"{key}_choice", None)


def corrections_section(event: Event, item: LocatedIncident, store: Store) -> None:
    # Keyed and stateful, so that it stays open on the rerun after each correction.
    with st.expander("Correct this incident", key=f"c_{event.id}_open", on_change="rerun"):
        field = st.selectbox("Field", list(views.CORRECTION_CHOICES), format_func=views.CORRECTION_CHOICES.get, key=f"c_{event.id}_field")
        correction_value_input(event, item, field)
        st.button("Apply", key=f"c_{event.id}_apply", on_click=on_correct, args=(event.id, field), type="primary")
        history = store.history(event.id)
        if history:
            st.markdown("**History**")
        for entry in reversed(history):
            line, undo = st.columns([5, 1], vertical_alignment="center")
            line.markdown(views.text_html(views.history_line(entry)), unsafe_allow_html=True)
            if entry["undone_at"] is None:
                undo.button("Undo", key=f"undo_{entry['id']}", on_click=on_undo, args=(entry["id"], entry["field"]), type="tertiary")


def incident_card(event: Event | None, item: LocatedIncident | None, hidden: bool, store: Store) -> None:
    # unsafe_allow_html only ever gets geo.app.views' *_html strings: article text escaped into inert HTML.
    if event is None or item is None:
        st.info("Click an incident marker on the map, or a row of the table, to see what happened and on what evidence.")
        return
    head, clear = st.columns([3, 1], vertical_alignment="center")
    head.markdown(views.card_title_html(item), unsafe_allow_html=True)
    clear.button("Clear", on_click=on_clear_selection, help="Clear the selection", type="tertiary")
    if hidden:
        st.caption("Hidden by the current filters.")
    kind, message = st.session_state.pop("card_message", (None, None))
    with st.empty():  # one slot either way: the elements below keep their place (and state) on the rerun
        if kind:
            show(kind, message)
    st.markdown(views.quotes_html(item), unsafe_allow_html=True)
    st.markdown(views.card_html(item, event.casualties, event.corrected), unsafe_allow_html=True)
    several = len(event.sources) > 1
    st.markdown(f"**Sources** — {len(event.sources)} report{'s' if several else ''} of this incident")
    for number, source in enumerate(event.sources, start=1):
        st.markdown(views.source_html(number, source), unsafe_allow_html=True)
        if several:
            st.button("Split", key=f"split_{source.report_id}", on_click=on_split, args=(source.report_id, source.source_file),
                      help=f"Not the same incident: make report {number} an incident of its own")
    corrections_section(event, item, store)
    base = views.base_source(event)
    try:
        text = store.article_text(base.article_id)
    except BorderwatchError as error:
        show("error", error)
        return
    named = f" ({Path(base.source_file).name})" if several else ""
    st.markdown(f"**The article**{views.text_html(named)} — evidence highlighted", unsafe_allow_html=True)
    st.markdown(views.article_html(text, views.evidence_spans(event.located, text)), unsafe_allow_html=True)


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
    # The last add's result stays until the next add (a rerun from a map click must not wipe it).
    kind, message = st.session_state.get("add_message", (None, None))
    if kind:
        show(kind, message)


def main() -> None:
    for key, default in (("selected", None), ("focus_id", None), ("focus_nonce", 0), ("upload_n", 0), ("filters_n", 0)):
        st.session_state.setdefault(key, default)
    missing = actions.missing_vendor_files()
    if missing:
        st.error(views.missing_assets_message(missing))
        st.stop()
    try:
        problems = seed_problems()
        store = open_store()
    except BorderwatchError as error:
        show("error", error)
        st.stop()
    with store:
        page(store, problems)


def page(store: Store, problems: Sequence[str]) -> None:
    home = str(default_home())
    version = actions.store_version(store)
    view = actions.read_store(home, version)  # every widget and callback of this run reads these
    events, items, sources, articles = view.events, view.items, view.sources, view.articles
    added = st.session_state.pop("select_source", None)
    if added is not None:
        first = next((e for e in events if any(s.source_file == added for s in e.sources)), None)
        if first is not None:
            choose(first.located.incident.id, focus=False)
    opts = views.options(items, articles)
    filters = sidebar_filters(opts)
    shown = views.filter_incidents(items, filters, sources)
    mentions = views.mentions_of(view.mentions, filters)
    shown_ids = [i.incident.id for i in shown]
    st.session_state["shown"] = shown

    st.markdown("## Borderwatch · Afghan–Tajik border incidents")
    st.markdown(views.summary(shown, len(items), len(articles)))
    for problem in problems:
        show("warning", problem)

    selected_event = view.by_id.get(st.session_state["selected"] or "")
    selected = selected_event.located if selected_event else None
    selected_shown = selected is not None and selected.incident.id in set(shown_ids)
    focus_item = views.find(shown, st.session_state["focus_id"])
    center = views.focus(focus_item, st.session_state["focus_nonce"])
    left, right = st.columns([5, 3], gap="medium")
    with right, st.container(height=MAP_HEIGHT, border=True, key="card"):  # first: the card does not wait for the map
        incident_card(selected_event, selected, hidden=selected is not None and not selected_shown, store=store)
    with left:
        files = static_layers()
        m = incident_map(shown, mentions, static_layers=files, marker_rows=view.markers, markers_url=write_markers if files else None)
        ring = selection_layer(selected) if selected is not None and selected_shown else None
        key = views.map_key(shown, version)
        st_folium(
            m, key=key, height=MAP_HEIGHT, use_container_width=True, returned_objects=RETURNED, center=center,
            zoom=views.FOCUS_ZOOM if center else None, feature_group_to_add=ring, on_change=partial(on_map_click, key),
        )

    incidents_table(shown, shown_ids)

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
    export_section(views.export_snapshot(items, mentions, filters, sources=sources))


def incidents_table(shown: Sequence[LocatedIncident], shown_ids: list[str]) -> None:
    """The shown incidents, a page of rows at a time; selecting a row selects its incident."""
    st.session_state["table_ids"] = shown_ids
    pages = views.page_count(len(shown_ids))
    if st.session_state.get("table_page", 1) > pages:
        st.session_state["table_page"] = pages
    title, pager = st.columns([4, 1], vertical_alignment="bottom")
    title.markdown("**Incidents** — select a row to show it on the map")
    number = 1
    if pages > 1:
        number = int(pager.number_input(f"Page (of {pages})", min_value=1, max_value=pages, step=1, key="table_page"))
    start, end = views.page_rows(len(shown_ids), number)
    page_ids = shown_ids[start:end]
    st.session_state["page_ids"] = page_ids
    rows = views.table_row(page_ids, st.session_state["selected"])
    state = st.session_state.get("table")
    if state is None or list(state["selection"]["rows"]) != rows:
        st.session_state["table"] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    st.dataframe(
        views.table_frame(shown[start:end]), key="table", on_select=on_table_select, selection_mode="single-row",
        hide_index=True, placeholder="not stated", column_config=TABLE_COLUMNS,
    )
    if pages > 1:
        st.caption(f"Rows {start + 1:,}–{end:,} of {len(shown_ids):,}")


def export_section(snapshot: Snapshot) -> None:
    """One download button per format; each file is made only when its button is pressed."""
    st.markdown("**Export a snapshot** of what the map shows now (filters included) — files open offline")
    columns = st.columns(len(views.EXPORT_FORMATS) + 1)
    for column, fmt in zip(columns, views.EXPORT_FORMATS):
        exporter = EXPORTERS[fmt]
        column.download_button(
            fmt.upper(), data=partial(export_bytes, snapshot, fmt), file_name=exporter.file_name, mime=exporter.media_type,
            help=exporter.description, on_click="ignore", key=f"export_{fmt}", width="stretch",
        )
    columns[-1].download_button(
        "All (zip)", data=partial(export_zip, snapshot, views.EXPORT_FORMATS), file_name="snapshot.zip", mime="application/zip",
        help="every format and the manifest (versions, checksums, filters)", on_click="ignore", key="export_zip", width="stretch",
    )


main()
