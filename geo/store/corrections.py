"""Corrections: which fields an analyst may correct, how each value is checked, and the event once they are applied."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from geo.dates import SUPPORTED
from geo.errors import UsageError
from geo.incidents import Incident
from geo.lexicon import EVENT_TYPES, SUB_EVENT_TYPES
from geo.locate import LocatedIncident, Placement, precision_area
from geo.model import Mention
from geo.records import place_from_record, place_record
from geo.store.events import PRECISION_DAYS, Event

__all__ = ["CORRECTABLE", "PLACEMENT_FIELDS", "corrected_event", "old_value", "validated"]

CORRECTABLE = ("date", "date_precision", "event_type", "sub_event_type", "killed", "wounded", "victims", "perpetrators", "location", "place")
"""The fields of an event an analyst can correct (``location``: coordinates; ``place``: a gazetteer town or district)."""
PLACEMENT_FIELDS = ("location", "place")
"""The corrections that replace the whole placement."""


def corrected_event(event: Event, corrections: Mapping[str, Any]) -> Event:
    """``event`` with the active corrections (field → validated value, oldest first) applied, and marked as corrected."""
    incident, placement = event.located.incident, event.located.placement
    for field, value in corrections.items():
        if field in PLACEMENT_FIELDS:
            placement = _corrected_placement(value, placement, incident)
            incident = replace(incident, target=_corrected_target(value, incident.target))
        elif field == "date":
            incident = replace(incident, date=dt.date.fromisoformat(value))
        else:
            incident = replace(incident, **{field: value})
    return replace(event, located=LocatedIncident(incident, placement), corrected=tuple(sorted(corrections)))


def old_value(event: Event, field: str) -> Any:
    """What ``field`` of ``event`` is before a correction (kept in the history): for a place, the point."""
    if field in PLACEMENT_FIELDS:
        return {k: event.record.get(k) for k in ("latitude", "longitude")}
    return event.record.get(field)


def validated(field: str, value: Any) -> Any:
    """The value a correction of ``field`` stores; a :class:`UsageError` names a field or value that is not allowed."""
    if field not in CORRECTABLE:
        raise UsageError(f"cannot correct {field!r}; correctable fields: {', '.join(CORRECTABLE)}")
    return _validated(field, value)


def _corrected_placement(value: dict[str, Any], before: Placement | None, incident: Incident) -> Placement:
    """Where the analyst put the incident (a correction's value, see :func:`_location_value`): the point, the area of its
    precision, and the district only when the analyst chose one; where it came from stays as the report said."""
    return Placement(
        latitude=value["latitude"],
        longitude=value["longitude"],
        area=precision_area(value["latitude"], value["longitude"], value["geo_precision"]),
        geo_precision=value["geo_precision"],
        country=value["country"],
        admin1=value["admin1"],
        admin2=value.get("admin2"),  # a correction of schema 1 named no district
        distance_to_border_km=value["distance_to_border_km"],
        origin_country=before.origin_country if before else incident.origin_country,
        origin_admin1=before.origin_admin1 if before else None,
        note=value["precision_note"],
        origin_point=before.origin_point if before else None,
    )


def _corrected_target(value: dict[str, Any], target: Mention | None) -> Mention | None:
    """The incident's target once the analyst placed it: the article's words for the place, resolved to the place the
    analyst chose; None for coordinates (no place is named for them) or when the article named no place."""
    chosen = value.get("place")  # corrections made before Borderwatch kept the chosen place have none
    if target is None or chosen is None:
        return None
    return replace(target, place=place_from_record(chosen), within=None)


def _validated(field: str, value: Any) -> Any:
    """Check one corrected value; raise UsageError naming it and what is allowed."""
    if field == "date":
        try:
            date = dt.date.fromisoformat(str(value))
        except ValueError:
            raise UsageError(f"date {value!r} is not a date; use YYYY-MM-DD") from None
        if not SUPPORTED[0] <= date <= SUPPORTED[1]:
            raise UsageError(f"date {value!r} is outside {SUPPORTED[0].isoformat()} to {SUPPORTED[1].isoformat()}; give the day of the incident")
        return date.isoformat()
    if field == "date_precision" and value not in PRECISION_DAYS:
        raise UsageError(f"date_precision {value!r}; allowed: {', '.join(PRECISION_DAYS)}")
    if field == "event_type" and value not in EVENT_TYPES:
        raise UsageError(f"event_type {value!r}; allowed: {', '.join(EVENT_TYPES)}")
    if field == "sub_event_type" and value not in SUB_EVENT_TYPES:
        raise UsageError(f"sub_event_type {value!r}; allowed: {', '.join(SUB_EVENT_TYPES)}")
    if field in ("killed", "wounded"):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise UsageError(f"{field} {value!r} is not a count; give a whole number ≥ 0, or None for not stated")
    if field == "location":
        return _location_value(value)
    if field == "place":
        return _place_value(value)
    return value


def _location_value(value: Any) -> dict[str, Any]:
    from geo.boundaries import load_boundaries

    try:
        lat, lon = float(value["latitude"]), float(value["longitude"])
    except (TypeError, KeyError, ValueError):
        raise UsageError(f"location {value!r}; give {{'latitude': …, 'longitude': …}} in degrees") from None
    where = load_boundaries().locate(lat, lon)
    return {
        "latitude": round(lat, 5),
        "longitude": round(lon, 5),
        "geo_precision": 1,
        "admin1": where.admin1,
        "admin2": None,
        "country": where.country,
        "distance_to_border_km": where.distance_to_border_km,
        "precision_note": "set by the analyst",
    }


def _place_value(place_id: Any) -> dict[str, Any]:
    from geo.gazetteer import load_gazetteer

    place = load_gazetteer().place(str(place_id))
    if place.is_area or place.lat is None:
        raise UsageError(f"place {place_id!r} is an area ({place.kind}); pick a town or district, or set a location")
    value = _location_value({"latitude": place.lat, "longitude": place.lon})
    value.update(
        geo_precision=2 if place.kind == "admin2" else 1,
        admin2=place.name if place.kind == "admin2" else None,
        precision_note=f"analyst chose {place.name} ({place.kind})",
        place=place_record(place),
    )
    return value
