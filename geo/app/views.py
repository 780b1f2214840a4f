"""What the dashboard shows, as pure functions of the incidents: filters, table, timeline, card and article HTML.

All text is escaped. What the dashboard does (read files, run the pipeline, write the store) is in :mod:`geo.app.actions`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from geo.map.assets import FETCH_COMMAND
from geo.filters import ARTICLE_CHOICES, Filters, Options, default_dates, make_filters, options
from geo.files import sha256_hex
from geo.map.layers import incident_at
from geo.locate import LocatedIncident
from geo.model import Mention
from geo.presentation import NOT_STATED, PRECISION_NAMES, SIDE_NAMES, SIDES, casualties, count_text, markdown_text, side, text_html
from geo.export.registry import DEFAULT_FORMATS
from geo.export.snapshot import DEFAULT_VIEW, Snapshot, View
from geo.store import Event, Source, event_sources
from geo.paths import VENDOR_DIR
from geo.text import ARTICLE_SUFFIXES, Article

__all__ = [
    "ARTICLE_CHOICES",
    "CORRECTED_LABELS",
    "CORRECTION_CHOICES",
    "EXPORT_FORMATS",
    "FOCUS_ZOOM",
    "Filters",
    "Options",
    "PRECISION_NAMES",
    "SIDES",
    "SIDE_NAMES",
    "TABLE_COLUMNS",
    "TABLE_PAGE_ROWS",
    "UPLOAD_TYPES",
    "added_message",
    "article_html",
    "base_source",
    "card_fields",
    "card_html",
    "card_title_html",
    "casualties",
    "count_range",
    "default_dates",
    "digest",
    "event_sources",
    "evidence_quotes",
    "evidence_spans",
    "export_snapshot",
    "filter_incidents",
    "filter_words",
    "find",
    "focus",
    "history_line",
    "incident_from_click",
    "make_filters",
    "map_key",
    "markdown_text",
    "mentions_of",
    "missing_assets_message",
    "options",
    "page_count",
    "page_of",
    "page_rows",
    "quotes_html",
    "selected_from_rows",
    "side",
    "source_html",
    "summary",
    "table_frame",
    "table_row",
    "text_html",
    "timeline_frame",
    "timeline_unit",
    "unique_source",
]
FOCUS_ZOOM = 9
"""Zoom level of the map when an incident is chosen from the table."""
TABLE_COLUMNS = ("Date", "Type", "Where", "Precision", "Killed", "Wounded", "Border km", "Article", "Incident")
TABLE_PAGE_ROWS = 100
"""Rows per page of the incidents table."""
UPLOAD_TYPES = tuple(suffix.lstrip(".") for suffix in ARTICLE_SUFFIXES)

_CLICKED_ID = re.compile(r"Incident\s+(.+?)\s*$")


# -- adding articles ------------------------------------------------------------------------------


def digest(content: str | bytes) -> str:
    """A short content hash of an article's text or an uploaded file's bytes."""
    return sha256_hex(content)[:16]


def added_message(source: str, incidents: int) -> tuple[str, str]:
    """(kind, message) after an article was added: "success" with its incident count, or "warning" if none."""
    if incidents:
        return "success", f"Added {source}: {incidents} incident{'s' if incidents != 1 else ''}"
    return "warning", f"Added {source}: no incident found in it"


def unique_source(name: str, taken: Iterable[str]) -> str:
    """``name`` (a file name, no folders), renamed "stem (2).ext", "stem (3).ext" … while its stem is taken.

    Incident ids are "<stem>-<n>", so stems, not names, must be unique.

    >>> unique_source("report.txt", ["seeds/report.md", "other.txt"])
    'report (2).txt'
    """
    path = Path(Path(name.replace("\\", "/")).name or "article.txt")
    stems = {Path(t).stem for t in taken}
    stem, suffix = path.stem or "article", path.suffix
    candidate, n = stem, 1
    while candidate in stems:
        n += 1
        candidate = f"{stem} ({n})"
    return candidate + suffix


def missing_assets_message(missing: Sequence[str]) -> str:
    """One line that names the missing web assets and the command that fetches them."""
    shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return f"{VENDOR_DIR}: missing {shown}; the map cannot load offline; run `{FETCH_COMMAND}`"


# -- incidents and filters ------------------------------------------------------------------------


def mentions_of(mentions: Mapping[str, Sequence[Mention]], filters: Filters | None = None) -> list[Mention]:
    """The place mentions (``mentions``: article source → its mentions) of the articles the ``filters`` keep (all without)."""
    return [m for source, found in mentions.items() if filters is None or filters.keeps_article(source) for m in found]


def filter_incidents(
    items: Iterable[LocatedIncident], filters: Filters, sources: Mapping[str, Sequence[str]] | None = None
) -> list[LocatedIncident]:
    """The incidents that pass every filter, in their order (:meth:`geo.filters.Filters.apply`, as every export does).

    ``sources`` (incident id → source files, see :func:`event_sources`) lets the article filter keep a
    merged event when any of its articles is chosen; without it the incident's own source file counts.
    """
    return list(filters.apply(items, sources))


def find(items: Iterable[LocatedIncident], incident_id: str | None) -> LocatedIncident | None:
    """The incident with this id, or None."""
    return next((item for item in items if item.incident.id == incident_id), None) if incident_id else None


def summary(shown: Sequence[LocatedIncident], total: int, articles: int) -> str:
    """One header line: how many incidents are shown, and their casualties."""
    killed = sum(i.incident.killed or 0 for i in shown)
    wounded = sum(i.incident.wounded or 0 for i in shown)
    unplaced = sum(1 for i in shown if i.placement is None)
    of = f" of {total}" if len(shown) != total else ""
    line = (
        f"{len(shown)}{of} incident{'s' if total != 1 else ''} from {articles} article{'s' if articles != 1 else ''}"
        f" · {killed} killed · {wounded} wounded (as stated in the articles)"
    )
    return line + (f" · {unplaced} not on the map (no place named)" if unplaced else "")


# -- table and timeline ---------------------------------------------------------------------------


def table_frame(items: Sequence[LocatedIncident]) -> pd.DataFrame:
    """One row per incident, in the given order; unknown counts stay empty (never 0)."""
    rows = []
    for item in items:
        i, p = item.incident, item.placement
        where = ", ".join(x for x in ((p.admin2 or p.admin1), p.country) if x) if p else "not placed"
        rows.append(
            {
                "Date": i.date.isoformat() if i.date else None,
                "Type": i.sub_event_type,
                "Where": where,
                "Precision": p.geo_precision if p else None,
                "Killed": i.killed,
                "Wounded": i.wounded,
                "Border km": round(p.distance_to_border_km, 1) if p else None,
                "Article": Path(i.source_file).name,
                "Incident": i.id,
            }
        )
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    for column in ("Precision", "Killed", "Wounded"):
        frame[column] = frame[column].astype("Int64")
    frame["Border km"] = frame["Border km"].astype("Float64")
    return frame


def timeline_unit(items: Iterable[LocatedIncident]) -> str:
    """"day" for up to two months of dated incidents, "week" for up to two years, else "month"."""
    dates = [i.incident.date for i in items if i.incident.date]
    span = (max(dates) - min(dates)).days if dates else 0
    return "day" if span <= 62 else "week" if span <= 731 else "month"


def _period(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())  # the Monday
    if unit == "month":
        return day.replace(day=1)
    return day


def _next_period(start: dt.date, unit: str) -> dt.date:
    if unit == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=7 if unit == "week" else 1)


def timeline_frame(items: Iterable[LocatedIncident], unit: str = "day") -> pd.DataFrame:
    """Incidents and killed + wounded per day, week (from Monday) or month, every period from the first
    to the last, empty ones included; undated incidents are left out.

    The index holds ISO dates (the period's first day; "YYYY-MM" for months) as text, so that a bar
    chart draws one whole bar per period.
    """
    if unit not in ("day", "week", "month"):
        raise ValueError(f"unit {unit!r}: allowed: day, week, month")
    counts: dict[dt.date, list[int]] = {}
    for item in items:
        if item.incident.date is None:
            continue
        period = counts.setdefault(_period(item.incident.date, unit), [0, 0])
        period[0] += 1
        period[1] += casualties(item)
    columns = ["Incidents", "Killed + wounded"]
    if not counts:
        return pd.DataFrame(columns=columns, index=pd.Index([], name=unit.title(), dtype="object"), dtype="int64")
    periods, current = [], min(counts)
    while current <= max(counts):
        periods.append(current)
        current = _next_period(current, unit)
    labels = [p.isoformat()[:7] if unit == "month" else p.isoformat() for p in periods]
    data = [counts.get(p, [0, 0]) for p in periods]
    return pd.DataFrame(data, index=pd.Index(labels, name=unit.title()), columns=columns, dtype="int64")


def page_count(rows: int, size: int = TABLE_PAGE_ROWS) -> int:
    """How many pages of ``size`` rows ``rows`` rows fill (at least one, even when empty)."""
    return max(1, -(-rows // size))


def page_rows(rows: int, page: int, size: int = TABLE_PAGE_ROWS) -> tuple[int, int]:
    """The (start, end) row numbers of page ``page`` (from 1; clamped to the pages there are)."""
    page = min(max(1, page), page_count(rows, size))
    return (page - 1) * size, min(rows, page * size)


def page_of(table_ids: Sequence[str], incident_id: str | None, size: int = TABLE_PAGE_ROWS) -> int | None:
    """The page (from 1) whose rows hold ``incident_id``, or None when it is not in the table."""
    return table_ids.index(incident_id) // size + 1 if incident_id in table_ids else None


def table_row(table_ids: Sequence[str], incident_id: str | None) -> list[int]:
    """The table selection (a list of 0 or 1 row numbers) that shows ``incident_id``."""
    return [table_ids.index(incident_id)] if incident_id in table_ids else []


def selected_from_rows(table_ids: Sequence[str], rows: Sequence[int]) -> str | None:
    """The incident id of the first selected row, or None."""
    return table_ids[rows[0]] if rows and 0 <= rows[0] < len(table_ids) else None


# -- map clicks -----------------------------------------------------------------------------------


def map_key(shown: Sequence[LocatedIncident], version: str | None = None) -> str:
    """The map widget's key for a map of ``shown``: a different map is a new widget.

    st_folium sometimes reports an earlier click again after the map is redrawn; with a new key
    that report is for a widget that no longer exists, and it cannot change the selection. With the
    store's ``version`` (:func:`geo.app.actions.store_version`, which changes with every change of an
    incident) the ids of ``shown`` suffice; without, every field counts.
    """
    if version is not None:
        return "map_" + digest(version + "\n" + "\n".join(item.incident.id for item in shown))
    return "map_" + digest(json.dumps([item.as_json() for item in shown], sort_keys=True, default=str))


def incident_from_click(value: Mapping[str, Any] | None, items: Sequence[LocatedIncident]) -> str | None:
    """The incident a map click (st_folium's return value) chose, or None.

    The popup's last line is "Incident <id>"; without a popup (a click next to a
    marker) the nearest marker within 2 km of the click is taken.
    """
    if not value:
        return None
    popup = value.get("last_object_clicked_popup")
    if popup:
        lines = [line for line in str(popup).splitlines() if line.strip()]
        match = _CLICKED_ID.search(lines[-1]) if lines else None
        if match and find(items, match.group(1)):
            return match.group(1)
    point = value.get("last_object_clicked")
    if isinstance(point, Mapping) and point.get("lat") is not None and point.get("lng") is not None:
        item = incident_at(float(point["lat"]), float(point["lng"]), items)
        return item.incident.id if item else None
    return None


def focus(item: LocatedIncident | None, nonce: int = 0) -> tuple[float, float] | None:
    """Map centre for a chosen incident.

    st_folium moves the map only when ``center`` changes, so each new choice nudges
    the centre by ``nonce`` × 1e-9° (far below a pixel) to focus again on the same incident.
    """
    if item is None or item.placement is None:
        return None
    return (item.placement.latitude + nonce * 1e-9, item.placement.longitude)


# -- card and article (HTML built only from escaped text) ------------------------------------------


def card_title_html(item: LocatedIncident) -> str:
    """The card's heading: sub-event type and place, escaped."""
    p = item.placement
    where = (p.admin2 or p.admin1 or p.country) if p else "not placed"
    return f"<div class='bw-card-title' style='font-weight:600;font-size:1.15rem'>{text_html(item.incident.sub_event_type)} · {text_html(where)}</div>"


CORRECTED_LABELS = {
    "date": "Date", "date_precision": "Date", "event_type": "Type", "sub_event_type": "Type", "killed": "Killed",
    "wounded": "Wounded", "victims": "Victims", "perpetrators": "Perpetrators", "location": "Place", "place": "Place",
}
"""The card row that shows each correctable field (geo.store.CORRECTABLE)."""
CORRECTION_CHOICES = {
    "date": "Date",
    "date_precision": "Date precision",
    "event_type": "Event type",
    "sub_event_type": "Sub-event type",
    "killed": "Killed",
    "wounded": "Wounded",
    "place": "Place (from the gazetteer)",
    "location": "Location (latitude, longitude)",
}
"""The fields the card's correction form offers (a part of geo.store.CORRECTABLE), with their labels, in form order."""


def count_range(value: int | None, spread: Mapping[str, int | None] | None = None) -> str:
    """A count as text: the best value, with "low–high" when the sources differ.

    >>> count_range(3, {"low": 3, "best": 3, "high": 4})
    '3 (3–4 across sources)'
    """
    text = count_text(value)
    if spread and spread.get("low") is not None and spread.get("low") != spread.get("high"):
        text += f" ({spread['low']}–{spread['high']} across sources)"
    return text


def card_fields(
    item: LocatedIncident,
    casualties: Mapping[str, Mapping[str, int | None]] | None = None,
    corrected: Iterable[str] = (),
) -> list[tuple[str, str]]:
    """The incident card as (label, plain text) pairs: every field of the record.

    ``casualties`` (geo.store.Event.casualties) adds the low–high range of killed and wounded over
    the sources; the rows of ``corrected`` fields (names as in geo.store.CORRECTABLE) end in "(corrected)".
    """
    fields = _card_fields(item, casualties or {})
    marked = {CORRECTED_LABELS.get(f, f) for f in corrected}
    if {"location", "place"} & set(corrected):
        marked.add("Marker at")
    return [(label, f"{value} (corrected)" if label in marked else value) for label, value in fields]


def _card_fields(item: LocatedIncident, casualties: Mapping[str, Mapping[str, int | None]]) -> list[tuple[str, str]]:
    i, p = item.incident, item.placement
    record = item.as_json()
    where = ", ".join(x for x in (record["admin2"], record["admin1"], record["country"]) if x) or "not placed"
    origin = ", ".join(x for x in (record["origin_admin1"], record["origin_country"]) if x) or NOT_STATED
    precision = (
        f"{p.geo_precision} ({PRECISION_NAMES.get(p.geo_precision, '?')}): {p.note}"
        if p
        else record["precision_note"]
    )
    point = f"{p.latitude:.4f}, {p.longitude:.4f}" if p else "—"
    return [
        ("Date", f"{i.date.isoformat() if i.date else NOT_STATED} ({i.date_precision or 'unknown'} precision)"),
        ("Type", f"{i.event_type} — {i.sub_event_type}"),
        ("Killed", count_range(i.killed, casualties.get("killed"))),
        ("Wounded", count_range(i.wounded, casualties.get("wounded"))),
        ("Victims", i.victims or NOT_STATED),
        ("Perpetrators", i.perpetrators or NOT_STATED),
        ("Place", where),
        ("Precision", precision),
        ("Marker at", point),
        ("Distance to border", f"{p.distance_to_border_km:.1f} km" if p else "—"),
        ("Origin", origin),
        ("Location in the text", i.location_text or NOT_STATED),
        ("Flags", ", ".join(i.flags) if i.flags else "none"),
        ("Source file", i.source_file),
        ("Incident id", i.id),
    ]


def card_html(
    item: LocatedIncident,
    casualties: Mapping[str, Mapping[str, int | None]] | None = None,
    corrected: Iterable[str] = (),
) -> str:
    """The card's fields (see :func:`card_fields`) as an HTML table on one line, every value escaped."""
    rows = "".join(
        f"<tr><th style='width:34%;text-align:left;vertical-align:top;padding:3px 8px 3px 0'>{text_html(label)}</th>"
        f"<td style='padding:3px 0;overflow-wrap:anywhere'>{text_html(value)}</td></tr>"
        for label, value in card_fields(item, casualties, corrected)
    )
    return (
        "<div class='bw-card'><table style='width:100%;table-layout:fixed;font-size:0.85rem;border-collapse:collapse'>"
        f"{rows}</table></div>"
    )


def evidence_spans(item: LocatedIncident, text: str) -> list[tuple[int, int]]:
    """The evidence spans of an incident that lie inside ``text``, sorted and merged."""
    return _merged_spans(((e.start, e.end) for e in item.incident.evidence), text)


def _merged_spans(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not 0 <= start < end <= len(text):
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def article_html(text: str, spans: Sequence[tuple[int, int]] = ()) -> str:
    """The article as escaped HTML on one line, each span wrapped in <mark class="bw-evidence">.

    ``spans`` are (start, end) character offsets into ``text``, sorted and not overlapping.
    """
    parts, position = [], 0
    for start, end in spans:
        if start < position or end > len(text) or start >= end:
            continue
        parts.append(text_html(text[position:start]))
        parts.append(f"<mark class='bw-evidence'>{text_html(text[start:end])}</mark>")
        position = end
    parts.append(text_html(text[position:]))
    return "<div class='bw-article' style='font-size:0.9rem;line-height:1.5'>" + "".join(parts) + "</div>"


def evidence_quotes(item: LocatedIncident) -> list[str]:
    """The evidence sentences of an incident, as plain text."""
    return [e.quote for e in item.incident.evidence] or [item.incident.quote]


def quotes_html(item: LocatedIncident) -> str:
    """The evidence sentences as an escaped blockquote on one line."""
    body = "<br>".join(f"“{text_html(q)}”" for q in evidence_quotes(item))
    return f"<blockquote class='bw-quote' style='margin:0 0 0.5rem 0'>{body}</blockquote>"


# -- stored events: sources, evidence, corrections ---------------------------------------------------


def base_source(event: Event) -> Source:
    """The source whose report the event's incident comes from: its article holds the evidence."""
    return next((s for s in event.sources if s.source_file == event.located.incident.source_file), event.sources[0])


def source_html(number: int, source: Source) -> str:
    """One source of an event as escaped HTML on one line: file, date, figures, quote, merge reason."""
    name = Path(source.source_file).name
    figures = f"killed {count_text(source.killed)} · wounded {count_text(source.wounded)}"
    reason = source.merge_reason or ""
    return (
        "<div class='bw-source' style='font-size:0.85rem;margin:0.2rem 0'>"
        f"<b>{number}. {text_html(name)}</b> · published {text_html(source.published or NOT_STATED)} · {text_html(figures)}"
        f"<br><i>“{text_html(source.quote)}”</i>"
        + (f"<br><span style='color:#666'>Merged: {text_html(reason)}</span>" if reason else "")
        + "</div>"
    )


def _value_text(value: Any) -> str:
    if value is None:
        return NOT_STATED
    if isinstance(value, Mapping) and "latitude" in value:
        if value.get("latitude") is None:
            return "not placed"
        return f"{value['latitude']:.4f}, {value['longitude']:.4f}"
    return str(value)


def history_line(entry: Mapping[str, Any]) -> str:
    """One correction (geo.store.Store.history entry) as plain text: field, old → new, who, when, undone."""
    line = (
        f"{entry['field']}: {_value_text(entry['old_value'])} → {_value_text(entry['new_value'])}"
        f" · {entry['author']} · {str(entry['at'])[:16].replace('T', ' ')}"
    )
    return line + (f" · undone {str(entry['undone_at'])[:16].replace('T', ' ')}" if entry.get("undone_at") else "")



# -- export -----------------------------------------------------------------------------------------

EXPORT_FORMATS = DEFAULT_FORMATS
"""The snapshot formats the dashboard offers, one download button each (plus a zip of all)."""


def filter_words(filters: Filters) -> tuple[tuple[str, str], ...]:
    """The filters in force as (label, value) pairs, for the snapshot's header and manifest (:meth:`Filters.words`)."""
    return filters.words()


def export_snapshot(
    items: Sequence[LocatedIncident],
    mentions: Sequence[Mention],
    filters: Filters,
    articles: Sequence[Article] = (),
    sources: Mapping[str, tuple[str, ...]] | None = None,
) -> Snapshot:
    """The snapshot of what the dashboard shows: every incident with the dashboard's own filters (and the
    sources of merged events), so the export shows exactly the map's incidents (:attr:`Snapshot.shown`).

    The view is the border region, widened to take in every shown marker.
    """
    snapshot = Snapshot(incidents=tuple(items), mentions=tuple(mentions), articles=tuple(articles), filters=filters, sources=dict(sources or {}))
    placed = [i.placement for i in snapshot.shown if i.placement]
    if not placed:
        return snapshot
    south = min(DEFAULT_VIEW.south, *(p.latitude - 0.3 for p in placed))
    north = max(DEFAULT_VIEW.north, *(p.latitude + 0.3 for p in placed))
    west = min(DEFAULT_VIEW.west, *(p.longitude - 0.3 for p in placed))
    east = max(DEFAULT_VIEW.east, *(p.longitude + 0.3 for p in placed))
    return replace(snapshot, view=View(south, west, north, east))
