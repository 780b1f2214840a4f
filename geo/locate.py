"""Placing incidents honestly: a point, an uncertainty area and a precision code, never a fake exact point."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import shapely
from shapely.geometry import Point, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.boundaries import Boundaries, Stretch, Unit, buffer_km, load_boundaries
from geo.coordinates import geojson_point, lat_lon, point_at
from geo.incidents import Incident
from geo.model import Mention, Place

__all__ = [
    "BORDER_BAND_KM",
    "DISTRICT_RADIUS_KM",
    "INSIDE_KM",
    "LocatedIncident",
    "ORIGIN_ARROW_KM",
    "POINT_RADIUS_KM",
    "Placement",
    "TOWN_RADIUS_KM",
    "locate",
    "locate_all",
    "marker_placement",
    "placed",
    "precision_area",
]

TOWN_RADIUS_KM = 5.0
"""A named town or site: the incident is within this distance of its point (precision 1)."""
DISTRICT_RADIUS_KM = 25.0
"""A district or "near X": within this distance of the district centre or of X (precision 2)."""
BORDER_BAND_KM = 25.0
"""A region-level border incident: within this distance of the border stretch, on the target side (precision 3)."""
INSIDE_KM = 3.0
"""How far inside the target unit the marker of a border stretch is drawn, so that it is on the right side."""
ORIGIN_ARROW_KM = 15.0
"""How far inside an origin unit or country the origin → target arrow starts (a symbol, not a launch site)."""
POINT_RADIUS_KM = {1: TOWN_RADIUS_KM, 2: DISTRICT_RADIUS_KM}
"""The radius of the uncertainty area around a point of each precision (a town or site, a district or "near X")."""


@dataclass(frozen=True)
class Placement:
    """Where an incident is drawn and how sure that is.

    ``geo_precision`` follows ACLED: 1 a named town or site, 2 a district or "near X", 3 a region.
    ``area`` is the polygon the incident lies in; ``note`` says so in words for the popup.
    """

    latitude: float
    longitude: float
    area: BaseGeometry
    geo_precision: int
    country: str | None
    admin1: str | None
    admin2: str | None
    distance_to_border_km: float
    origin_country: str | None
    origin_admin1: str | None
    note: str
    origin_point: tuple[float, float] | None = None
    """(lat, lon) the incident came from, for the origin → target arrow: the origin town, or the
    origin unit (or country) just across the border from the marker."""


@dataclass(frozen=True)
class LocatedIncident:
    """An incident with its placement: what the map, the exports and the JSON contract show."""

    incident: Incident
    placement: Placement | None

    def as_json(self) -> dict[str, Any]:
        """The record of the `incidents --json` contract (DESIGN.md §3), plus precision note and flags."""
        i, p = self.incident, self.placement
        return {
            "id": i.id,
            "date": i.date.isoformat() if i.date else None,
            "date_precision": i.date_precision,
            "event_type": i.event_type,
            "sub_event_type": i.sub_event_type,
            "country": p.country if p else None,
            "admin1": p.admin1 if p else None,
            "admin2": p.admin2 if p else None,
            "location_text": i.location_text,
            "latitude": p.latitude if p else None,
            "longitude": p.longitude if p else None,
            "geo_precision": p.geo_precision if p else None,
            "origin_country": p.origin_country if p else i.origin_country,
            "origin_admin1": p.origin_admin1 if p else None,
            "killed": i.killed,
            "wounded": i.wounded,
            "victims": i.victims,
            "perpetrators": i.perpetrators,
            "distance_to_border_km": p.distance_to_border_km if p else None,
            "quote": i.quote,
            "source_file": i.source_file,
            "precision_note": p.note if p else "not placed: the article names no place for it",
            "primary": i.primary,
            "disputed": i.disputed,
            "confidence": i.confidence,
            "evidence": [{"start": e.start, "end": e.end} for e in i.evidence],
            "flags": list(i.flags),
        }

    def as_feature(self) -> dict[str, Any]:
        """An RFC 7946 Feature: the point, with every contract field as a property."""
        p = self.placement
        geometry = geojson_point(p.latitude, p.longitude) if p else None
        return {"type": "Feature", "id": self.incident.id, "geometry": geometry, "properties": self.as_json()}

    def area_feature(self) -> dict[str, Any] | None:
        """The uncertainty area as an RFC 7946 Feature, or None when not placed."""
        if self.placement is None:
            return None
        return {
            "type": "Feature",
            "id": f"{self.incident.id}-area",
            "geometry": mapping(shapely.set_precision(self.placement.area, 1e-5)),
            "properties": {"incident": self.incident.id, "geo_precision": self.placement.geo_precision, "note": self.placement.note},
        }


def placed(items: Iterable[LocatedIncident]) -> list[tuple[LocatedIncident, Placement]]:
    """The incidents that are on the map, each with its placement, in their order."""
    return [(item, item.placement) for item in items if item.placement is not None]


def marker_placement(item: LocatedIncident) -> Placement:
    """The placement of an incident drawn as a marker; a ValueError names an incident that is not placed."""
    if item.placement is None:
        raise ValueError(f"incident {item.incident.id} is not placed: it has no marker")
    return item.placement


def locate(incident: Incident, boundaries: Boundaries | None = None) -> LocatedIncident:
    """Place one incident: a town beats a district, a district beats a region; a region on the
    border is drawn on the stretch it shares with the origin across the border, never at its centroid.
    """
    boundaries = boundaries or load_boundaries()
    target = incident.target
    if target is None or target.unit is None:
        return LocatedIncident(incident, None)
    origin_country, origin_admin1 = _origin(incident)
    place = target.unit
    if target.place is None:
        placement = _within_unit(target, place, incident, origin_admin1, boundaries)
    elif place.kind == "admin2" and place.lat is None:
        region = _in_region(place, incident, origin_admin1, boundaries)
        placement = replace(region, admin2=place.name, note=f"district: {place.name} (no point known), {region.note}")
    elif place.kind in ("populated place", "other", "admin2"):
        placement = _around_point(place, boundaries, near=_is_near(incident, target))
    elif place.kind == "admin1":
        placement = _in_region(place, incident, origin_admin1, boundaries)
    else:
        placement = _in_country(place, incident, boundaries)
    origin_point = _origin_point(incident, placement, origin_country, origin_admin1, boundaries)
    return LocatedIncident(incident, replace(placement, origin_country=origin_country, origin_admin1=origin_admin1, origin_point=origin_point))


def locate_all(incidents: list[Incident], boundaries: Boundaries | None = None) -> list[LocatedIncident]:
    """:func:`locate` for each incident."""
    return [locate(i, boundaries) for i in incidents]


def _origin(incident: Incident) -> tuple[str | None, str | None]:
    origin = incident.origin.unit if incident.origin else None
    if origin is None:
        return incident.origin_country, None
    admin1 = origin.name if origin.kind == "admin1" else origin.admin1
    return origin.country, admin1


def _origin_point(
    incident: Incident, placement: Placement, country: str | None, admin1: str | None, boundaries: Boundaries
) -> tuple[float, float] | None:
    origin = incident.origin.place if incident.origin else None
    if origin is not None and not origin.is_area and origin.lat is not None and origin.lon is not None:
        return origin.lat, origin.lon
    if admin1 and country in ("AF", "TJ"):
        area = boundaries.unit(admin1).geometry
    elif country in ("AF", "TJ") and country != placement.country:
        area = boundaries.countries[country]
    else:
        return None
    nearest = nearest_points(area, point_at(placement.latitude, placement.longitude))[0]
    return lat_lon(_inside_point_on(nearest, area, ORIGIN_ARROW_KM))


def _is_near(incident: Incident, target: Mention) -> bool:
    quote = " ".join(e.quote for e in incident.evidence)
    return f"near {target.text}" in quote or f"outside {target.text}" in quote


def _within_unit(target: Mention, unit: Place, incident: Incident, origin_admin1: str | None, boundaries: Boundaries) -> Placement:
    """A place no gazetteer holds, in the unit the text puts it in: that unit's area, never a made-up point."""
    what = f"{target.text} ({target.kind or 'place'}, no point known)"
    if unit.kind == "country":
        placement = _in_country(unit, incident, boundaries)
    else:
        placement = _in_region(unit, incident, origin_admin1, boundaries)
    admin2 = unit.name if unit.kind == "admin2" else None
    return replace(placement, admin2=admin2, note=f"{what}, in {unit.name}: {placement.note}")


def precision_area(latitude: float, longitude: float, geo_precision: int) -> BaseGeometry:
    """The uncertainty area around a point placed with ``geo_precision`` 1 (a town or site) or 2 (a district, "near X")."""
    if geo_precision not in POINT_RADIUS_KM:
        raise ValueError(f"geo_precision {geo_precision!r}: a point is placed with precision 1 or 2")
    return buffer_km(point_at(latitude, longitude), POINT_RADIUS_KM[geo_precision])


def _around_point(place: Place, boundaries: Boundaries, near: bool) -> Placement:
    district = place.kind == "admin2"
    precision = 2 if district or near else 1
    radius = POINT_RADIUS_KM[precision]
    lat, lon = place.lat, place.lon
    if lat is None or lon is None:
        raise ValueError(f"place {place.id} ({place.name}) has no point to draw an area around")
    where = boundaries.locate(lat, lon)
    area = precision_area(lat, lon, precision)
    what = f"district: {place.name}" if district else (f"near {place.name}" if near else f"town: {place.name}")
    return Placement(
        latitude=lat,
        longitude=lon,
        area=area,
        geo_precision=precision,
        country=place.country or where.country,  # GeoNames' country of the place; the 1:10m outlines blur near enclaves
        admin1=place.admin1 or where.admin1,
        admin2=place.name if district else None,
        distance_to_border_km=where.distance_to_border_km,
        origin_country=None,
        origin_admin1=None,
        note=f"{what} (within {radius:.0f} km)",
    )


def _in_region(place: Place, incident: Incident, origin_admin1: str | None, boundaries: Boundaries) -> Placement:
    code = place.admin1 if place.kind == "admin2" else place.id.split(":", 1)[1]
    if code is None:
        raise ValueError(f"district {place.id} ({place.name}) names no admin-1 unit")
    unit = boundaries.unit(code)
    stretch, facing = _stretch_for(unit.code, incident, origin_admin1, boundaries)
    if stretch is None:
        point = unit.geometry.representative_point()
        return _region_placement(point, unit.geometry, unit, boundaries, f"region-level: somewhere in {unit.name}")
    area = unit.geometry.intersection(buffer_km(stretch.geometry, BORDER_BAND_KM))
    point = _inside_point_on(stretch.geometry, unit.geometry)
    note = (
        f"region-level: {unit.name}, on the border stretch with {facing} ({stretch.length_km:.0f} km)"
        if facing
        else f"region-level: {unit.name}, along its border with Afghanistan ({stretch.length_km:.0f} km)"
        if unit.country == "TJ"
        else f"region-level: {unit.name}, along its border with Tajikistan ({stretch.length_km:.0f} km)"
    )
    return _region_placement(point, area, unit, boundaries, note)


def _stretch_for(code: str, incident: Incident, origin_admin1: str | None, boundaries: Boundaries) -> tuple[Stretch | None, str | None]:
    """The border stretch a cross-border incident came over, and the name of the unit across it."""
    if origin_admin1:
        try:
            shared = boundaries.shared_border(code, origin_admin1)
        except Exception:  # an origin outside AF/TJ: no shared stretch
            shared = None
        if shared is not None:
            return shared, origin_admin1
    if incident.cross_border:
        return boundaries.border_of(code), None
    return None, None


def _region_placement(marker: Point, area: BaseGeometry, unit: Unit, boundaries: Boundaries, note: str) -> Placement:
    lat, lon = lat_lon(marker)
    where = boundaries.locate(lat, lon)
    return Placement(
        latitude=round(lat, 5),
        longitude=round(lon, 5),
        area=area,
        geo_precision=3,
        country=unit.country,
        admin1=unit.name,
        admin2=None,
        distance_to_border_km=where.distance_to_border_km,
        origin_country=None,
        origin_admin1=None,
        note=note,
    )


def _in_country(place: Place, incident: Incident, boundaries: Boundaries) -> Placement:
    country = boundaries.countries.get(place.country)
    if country is None or place.country not in ("AF", "TJ"):
        marker = point_at(place.lat, place.lon) if place.lat is not None and place.lon is not None else point_at(0, 0)
        area = country if country is not None else buffer_km(marker, 200)
        line = None
    else:
        line = boundaries.border if incident.cross_border else None
        area = country.intersection(buffer_km(line, BORDER_BAND_KM)) if line is not None else country
        marker = _inside_point_on(line, country) if line is not None else country.representative_point()
    lat, lon = lat_lon(marker)
    where = boundaries.locate(lat, lon)
    note = f"country-level: {place.name}" + (", along the Afghan–Tajik border" if line is not None else "")
    return Placement(
        latitude=round(lat, 5),
        longitude=round(lon, 5),
        area=area,
        geo_precision=3,
        country=place.country,
        admin1=None,
        admin2=None,
        distance_to_border_km=where.distance_to_border_km,
        origin_country=None,
        origin_admin1=None,
        note=note,
    )


def _inside_point_on(line: BaseGeometry, polygon: BaseGeometry, km: float = INSIDE_KM) -> Point:
    """A point about ``km`` inside ``polygon``, next to the middle of ``line`` (or a point)."""
    longest = max(getattr(line, "geoms", [line]), key=lambda g: g.length)
    middle = longest if longest.geom_type == "Point" else longest.interpolate(0.5, normalized=True)
    ring = polygon.intersection(buffer_km(middle, km * 2))
    if ring.is_empty:
        ring = polygon.intersection(buffer_km(line, km * 2))
    if ring.is_empty:
        return polygon.representative_point()
    point = ring.representative_point()
    return Point(round(point.x, 5), round(point.y, 5))

