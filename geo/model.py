"""The domain: places, mentions of places in a text, and incidents."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

AREA_KINDS = ("country", "admin1", "border")


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer.

    ``kind`` is one of "country", "admin1", "admin2" (a district, drawn at its centre),
    "populated place", "border" or "other" (a landmark). For areas, ``lat``/``lon`` is
    only a label point: use :mod:`geo.boundaries` for the shape.
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

    @property
    def is_area(self) -> bool:
        """True for countries, admin-1 units and the border: no single point stands for them."""
        return self.kind in AREA_KINDS

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


BORDER = Place(
    id="border:AF-TJ",
    name="Afghanistan–Tajikistan border",
    kind="border",
    country="AF|TJ",
    admin1=None,
    lat=None,
    lon=None,
    population=None,
    source="naturalearth",
)


@dataclass(frozen=True)
class Mention:
    """A place name found in a text: its span, the place it resolves to (or None) and the other candidates."""

    text: str
    start: int
    end: int
    place: Place | None
    score: float
    candidates: tuple[Place, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The record of the `toponyms --json` contract (DESIGN.md §3); areas carry no point."""
        p = self.place
        point = p is not None and not p.is_area
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": p.name if p else None,
            "kind": p.kind if p else None,
            "country": p.country if p else None,
            "admin1": p.admin1 if p else None,
            "lat": p.lat if point else None,
            "lon": p.lon if point else None,
            "score": self.score,
            "source": p.source if p else None,
            "id": p.id if p else None,
        }
