"""The domain of place names: places of the gazetteer, and mentions of places in a text (incidents are in geo.incidents)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from geo.coordinates import geojson_point

__all__ = [
    "AREA_KINDS",
    "LINE_KINDS",
    "Mention",
    "Place",
]

LINE_KINDS = ("border", "river")
"""Kinds of place that are a line: an event is on them, never at their point."""
AREA_KINDS = ("country", "admin1", *LINE_KINDS)


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer.

    ``kind`` is one of "country", "admin1", "admin2" (a district, drawn at its centre),
    "populated place", "border", "river" (one that forms a border, drawn as it) or "other"
    (a landmark). For areas and lines, ``lat``/``lon`` is only a representative point on or
    inside the shape and ``bbox`` its extent: use :mod:`geo.boundaries` for the shape.
    """

    id: str
    name: str
    kind: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int | None
    source: str
    bbox: tuple[float, float, float, float] | None = None

    @property
    def is_area(self) -> bool:
        """True for countries, admin-1 units and the border: no single point stands for them."""
        return self.kind in AREA_KINDS

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Mention:
    """A place name found in a text: its span, the place it resolves to (or None) and the other candidates.

    A name no gazetteer holds but the text types ("the village of Kok-Tash in Kyrgyzstan's Batken
    region") keeps ``place`` None, says what it is in ``kind`` and the unit that contains it in
    ``within`` (a district, an admin-1 unit or a country): it has no point of its own.
    """

    text: str
    start: int
    end: int
    place: Place | None
    score: float
    candidates: tuple[Place, ...] = ()
    kind: str | None = None
    within: Place | None = None

    @property
    def unit(self) -> Place | None:
        """The place, or for an unresolved name the unit that contains it."""
        return self.place or self.within

    def as_json(self) -> dict[str, Any]:
        """The record of the `toponyms --json` contract (DESIGN.md §3).

        Every resolved place has a point; for areas (``kind`` country, admin1) it is a representative
        point inside the shape, given with the shape's ``bbox`` [west, south, east, north], not a location.
        """
        p = self.place
        unit = self.unit
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": p.name if p else None,
            "kind": p.kind if p else self.kind,
            "country": unit.country if unit else None,
            "admin1": unit.admin1 if unit else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "bbox": list(p.bbox) if p and p.bbox else None,
            "within": {"id": self.within.id, "name": self.within.name, "kind": self.within.kind} if self.within else None,
            "score": self.score,
            "source": p.source if p else None,
            "id": p.id if p else None,
        }

    def as_feature(self) -> dict[str, Any]:
        """The mention as an RFC 7946 Feature: a Point where the place has one, else null geometry."""
        record = self.as_json()
        point = record["lat"] is not None and record["lon"] is not None
        feature: dict[str, Any] = {
            "type": "Feature",
            "geometry": geojson_point(record["lat"], record["lon"]) if point else None,
            "properties": {k: v for k, v in record.items() if k not in ("lat", "lon", "bbox")},
        }
        if record["bbox"]:
            feature["bbox"] = record["bbox"]
        return feature
