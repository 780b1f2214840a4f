"""The pipeline's objects as JSON records and back, exactly: what the store keeps of places, mentions and incidents.

A record holds every field of its object, so that reading it back gives an equal object: nothing is
rebuilt with defaults, and what the article did not state stays None. Shapes (a placement's area) are
kept apart, as WKB, by the caller.

>>> place = Place("gn:1", "Khorog", "populated place", "TJ", "Gorno-Badakhshan", 37.49, 71.55, 30000, "geonames")
>>> place_from_record(place_record(place)) == place
True
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.incidents import Evidence, Incident
from geo.locate import LocatedIncident, Placement
from geo.model import Mention, Place

__all__ = [
    "is_located_record",
    "is_mention_record",
    "located_from_record",
    "located_record",
    "mention_from_record",
    "mention_record",
    "place_from_record",
    "place_record",
]


def place_record(place: Place) -> dict[str, Any]:
    """Every field of a :class:`Place` (``bbox`` as a list).

    Written out field by field, not with :func:`dataclasses.asdict`, which copies deeply and was the slowest part of
    storing an article (each mention keeps every candidate place); a test checks that no field is left out.
    """
    return {
        "id": place.id, "name": place.name, "kind": place.kind, "country": place.country, "admin1": place.admin1,
        "lat": place.lat, "lon": place.lon, "population": place.population, "source": place.source,
        "bbox": list(place.bbox) if place.bbox is not None else None,
    }


def place_from_record(record: dict[str, Any], places: dict[tuple[Any, ...], Place] | None = None) -> Place:
    """The :class:`Place` of :func:`place_record`.

    ``places`` (a dict the caller keeps for one read) gives records of equal fields one shared object: a store's
    mentions name the same few hundred places tens of thousands of times.
    """
    bbox = record["bbox"]
    fields = (
        record["id"], record["name"], record["kind"], record["country"], record["admin1"], record["lat"], record["lon"],
        record["population"], record["source"], (bbox[0], bbox[1], bbox[2], bbox[3]) if bbox is not None else None,
    )
    if places is None:
        return Place(*fields)
    place = places.get(fields)
    if place is None:
        place = places[fields] = Place(*fields)
    return place


def _optional_place(place: Place | None) -> dict[str, Any] | None:
    return place_record(place) if place is not None else None


def _optional_place_from(record: dict[str, Any] | None, places: dict[tuple[Any, ...], Place] | None) -> Place | None:
    return place_from_record(record, places) if record is not None else None


def mention_record(mention: Mention) -> dict[str, Any]:
    """Every field of a :class:`Mention`: its span, place, score, candidates, kind and containing unit."""
    return {
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "place": _optional_place(mention.place),
        "score": mention.score,
        "candidates": [place_record(p) for p in mention.candidates],
        "kind": mention.kind,
        "within": _optional_place(mention.within),
    }


def mention_from_record(record: dict[str, Any], places: dict[tuple[Any, ...], Place] | None = None) -> Mention:
    """The :class:`Mention` of :func:`mention_record` (``places``: see :func:`place_from_record`)."""
    return Mention(
        text=record["text"],
        start=record["start"],
        end=record["end"],
        place=_optional_place_from(record["place"], places),
        score=record["score"],
        candidates=tuple(place_from_record(p, places) for p in record["candidates"]),
        kind=record["kind"],
        within=_optional_place_from(record["within"], places),
    )


def _incident_record(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "date": incident.date.isoformat() if incident.date else None,
        "date_precision": incident.date_precision,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "killed": incident.killed,
        "wounded": incident.wounded,
        "victims": incident.victims,
        "perpetrators": incident.perpetrators,
        "target": mention_record(incident.target) if incident.target else None,
        "origin": mention_record(incident.origin) if incident.origin else None,
        "origin_country": incident.origin_country,
        "location_text": incident.location_text,
        "cross_border": incident.cross_border,
        "evidence": [{"quote": e.quote, "start": e.start, "end": e.end} for e in incident.evidence],
        "source_file": incident.source_file,
        "flags": list(incident.flags),
        "primary": incident.primary,
        "disputed": incident.disputed,
        "confidence": incident.confidence,
    }


def _incident_from(record: dict[str, Any]) -> Incident:
    return Incident(
        id=record["id"],
        date=dt.date.fromisoformat(record["date"]) if record["date"] else None,
        date_precision=record["date_precision"],
        event_type=record["event_type"],
        sub_event_type=record["sub_event_type"],
        killed=record["killed"],
        wounded=record["wounded"],
        victims=record["victims"],
        perpetrators=record["perpetrators"],
        target=mention_from_record(record["target"]) if record["target"] else None,
        origin=mention_from_record(record["origin"]) if record["origin"] else None,
        origin_country=record["origin_country"],
        location_text=record["location_text"],
        cross_border=record["cross_border"],
        evidence=tuple(Evidence(e["quote"], e["start"], e["end"]) for e in record["evidence"]),
        source_file=record["source_file"],
        flags=tuple(record["flags"]),
        primary=record["primary"],
        disputed=record["disputed"],
        confidence=record["confidence"],
    )


def _placement_record(placement: Placement) -> dict[str, Any]:
    return {
        "latitude": placement.latitude,
        "longitude": placement.longitude,
        "geo_precision": placement.geo_precision,
        "country": placement.country,
        "admin1": placement.admin1,
        "admin2": placement.admin2,
        "distance_to_border_km": placement.distance_to_border_km,
        "origin_country": placement.origin_country,
        "origin_admin1": placement.origin_admin1,
        "note": placement.note,
        "origin_point": list(placement.origin_point) if placement.origin_point is not None else None,
    }


def _placement_from(record: dict[str, Any], area: BaseGeometry) -> Placement:
    origin = record["origin_point"]
    return Placement(
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
        note=record["note"],
        origin_point=(origin[0], origin[1]) if origin is not None else None,
    )


def located_record(item: LocatedIncident) -> dict[str, Any]:
    """Every field of a :class:`LocatedIncident` but the placement's area (keep that as WKB beside it)."""
    return {"incident": _incident_record(item.incident), "placement": _placement_record(item.placement) if item.placement else None}


def located_from_record(record: dict[str, Any], area: BaseGeometry | None) -> LocatedIncident:
    """The :class:`LocatedIncident` of :func:`located_record`, with its ``area``.

    A placed record without its area is incomplete: a :class:`ValueError` (no area is made up).
    """
    placement = record["placement"]
    if placement is not None and area is None:
        raise ValueError("a placed incident without its uncertainty area")
    return LocatedIncident(_incident_from(record["incident"]), _placement_from(placement, area) if placement is not None and area is not None else None)


def is_located_record(record: dict[str, Any]) -> bool:
    """Whether ``record`` is a :func:`located_record` (stores of schema 1 kept the `incidents --json` record instead)."""
    return "incident" in record and "placement" in record


def is_mention_record(record: dict[str, Any]) -> bool:
    """Whether ``record`` is a :func:`mention_record` (stores of schema 1 kept the `toponyms --json` record instead)."""
    return "candidates" in record and "place" in record
