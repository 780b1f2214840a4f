"""Records of schema-1 stores, which kept only the `incidents --json` and `toponyms --json` records: read as they are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.incidents import Evidence, Incident
from geo.locate import LocatedIncident, Placement
from geo.model import Mention, Place
from geo.records import is_located_record, is_mention_record, located_from_record, mention_from_record

__all__ = ["legacy_located", "legacy_mention", "stored_located", "stored_mention"]


def stored_located(record: dict[str, Any], area: BaseGeometry | None, origin_point: tuple[float, float] | None) -> LocatedIncident:
    """The :class:`LocatedIncident` of a stored report's record, of either schema (``origin_point`` is read from
    its own columns by schema 1 only; schema 2 keeps it in the record)."""
    return located_from_record(record, area) if is_located_record(record) else legacy_located(record, area, origin_point)


def stored_mention(record: dict[str, Any], places: dict[tuple[Any, ...], Place] | None = None) -> Mention:
    """The :class:`Mention` of a stored mention's record, of either schema (``places``: see
    :func:`geo.records.place_from_record`)."""
    return mention_from_record(record, places) if is_mention_record(record) else legacy_mention(record)


def legacy_located(record: dict[str, Any], area: BaseGeometry | None, origin_point: tuple[float, float] | None) -> LocatedIncident:
    """A report of a schema-1 store, which kept only its `incidents --json` record: what the record holds, and
    nothing made up (the mentions of its places were not kept: ``target`` and ``origin`` are None)."""
    incident = Incident(
        id=str(record["id"]),
        date=dt.date.fromisoformat(record["date"]) if record["date"] else None,
        date_precision=record["date_precision"],
        event_type=record["event_type"],
        sub_event_type=record["sub_event_type"],
        killed=record["killed"],
        wounded=record["wounded"],
        victims=record["victims"],
        perpetrators=record["perpetrators"],
        target=None,
        origin=None,
        origin_country=record["origin_country"],
        location_text=record["location_text"],
        cross_border=record["origin_country"] not in (None, record["country"]),
        evidence=_evidence(record["quote"], record["evidence"]),
        source_file=record["source_file"],
        flags=tuple(record["flags"]),
        primary=record["primary"],
        disputed=record["disputed"],
        confidence=record["confidence"],
    )
    if record["latitude"] is None:
        return LocatedIncident(incident, None)
    if area is None:
        raise ValueError("a placed report without its uncertainty area")
    placement = Placement(
        latitude=record["latitude"],
        longitude=record["longitude"],
        area=area,
        geo_precision=record["geo_precision"],
        country=record["country"],
        admin1=record["admin1"],
        admin2=record["admin2"],
        distance_to_border_km=record["distance_to_border_km"],
        origin_country=record["origin_country"],
        origin_admin1=record["origin_admin1"],
        note=record["precision_note"],
        origin_point=origin_point,
    )
    return LocatedIncident(incident, placement)


def _evidence(quote: str, spans: list[dict[str, int]]) -> tuple[Evidence, ...]:
    """The evidence of a schema-1 record: its joined quote cut at its spans' lengths (each sentence is its span of the
    text), or, when the lengths do not add up, the whole quote at the first span."""
    lengths = [e["end"] - e["start"] for e in spans]
    if sum(lengths) + len(lengths) - 1 == len(quote):
        parts, position = [], 0
        for length in lengths:
            parts.append(quote[position:position + length])
            position += length + 1
        return tuple(Evidence(part, e["start"], e["end"]) for part, e in zip(parts, spans))
    return tuple(Evidence(quote, e["start"], e["end"]) for e in spans[:1])


def legacy_mention(record: dict[str, Any]) -> Mention:
    """A mention of a schema-1 store, which kept only its `toponyms --json` record (no candidates, no population)."""
    place = None
    if record["id"]:
        place = Place(
            id=record["id"], name=record["name"], kind=record["kind"], country=record["country"], admin1=record["admin1"],
            lat=record["lat"], lon=record["lon"], population=None, source=record["source"],
            bbox=tuple(record["bbox"]) if record["bbox"] else None,
        )
    within = None
    if record["within"]:
        from geo.gazetteer import load_gazetteer

        within = load_gazetteer().place(record["within"]["id"])
    return Mention(record["text"], record["start"], record["end"], place, record["score"], kind=record["kind"], within=within)
