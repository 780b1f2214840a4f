"""Where a point lies: country, admin-1 unit, side of the Afghan–Tajik border and distance to it."""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely
from geopy.distance import geodesic
from shapely.geometry import LineString, MultiLineString, Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.coordinates import lat_lon, point_at
from geo.errors import DataError, UsageError
from geo.paths import DATA_DIR
from geo.text import fold

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "Boundaries",
    "FOCUS",
    "LOCAL_CRS",
    "SNAP_KM",
    "Stretch",
    "Unit",
    "Where",
    "buffer_km",
    "load_boundaries",
]

FOCUS = ("AF", "TJ")
SNAP_KM = 5.0
"""A point this close to a unit but in none (coastline and border shapes differ slightly) gets the nearest."""


@dataclass(frozen=True)
class Unit:
    """An admin-1 unit (Afghan province or Tajik region) with its full-resolution shape."""

    code: str
    name: str
    country: str
    aliases: tuple[str, ...]
    geometry: BaseGeometry


@dataclass(frozen=True)
class Stretch:
    """The stretch of the Afghan–Tajik border shared by one Afghan and one Tajik unit."""

    af_code: str
    tj_code: str
    geometry: LineString | MultiLineString
    length_km: float


@dataclass(frozen=True)
class Where:
    """What :meth:`Boundaries.locate` knows about a point."""

    lat: float
    lon: float
    country: str | None
    admin1: str | None
    admin1_code: str | None
    side: str | None
    """"AF" or "TJ" when the point is in one of the two countries, else None."""
    distance_to_border_km: float


class Boundaries:
    """The Afghan–Tajik border, the two countries' admin-1 units and their neighbours' outlines.

    >>> b = load_boundaries()
    >>> where = b.locate(37.49, 71.55)          # Khorugh
    >>> where.country, where.admin1, where.side, round(where.distance_to_border_km) < 5
    ('TJ', 'Gorno-Badakhshan', 'TJ', True)
    >>> round(b.shared_border("Khatlon", "Badakhshan").length_km)
    89
    """

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.data_dir = data_dir
        self.units = {u.code: u for u in _read_units(data_dir / "admin1.geojson")}
        self.neighbour_units = {u.code: u for u in _read_units(data_dir / "admin1_neighbours.geojson")}
        """The neighbours' admin-1 units near Afghanistan and Tajikistan (Batken, Balochistan, …): named and located, not drawn."""
        self.countries = {
            f["properties"]["code"]: shape(f["geometry"]) for f in _features(data_dir / "countries.geojson")
        }
        border = _features(data_dir / "border.geojson")[0]
        self.border: LineString = shape(border["geometry"])
        self.border_length_km: float = border["properties"]["length_km"]
        self.stretches = [_stretch(f) for f in _features(data_dir / "border_stretches.geojson")]
        self.borders = {f["properties"]["id"]: (f["properties"]["name"], shape(f["geometry"])) for f in _features(data_dir / "borders.geojson")}
        """Every international border of Afghanistan and Tajikistan by id ("border:AF-PK"): (name, line)."""
        every = {**self.neighbour_units, **self.units}
        self._names = {fold(n): u.code for u in every.values() for n in (u.name, u.code, *u.aliases)}
        for geometry in (*self.countries.values(), *(u.geometry for u in every.values())):
            shapely.prepare(geometry)

    # -- units -----------------------------------------------------------------------------

    def unit(self, name_or_code: str) -> Unit:
        """The unit with this ISO 3166-2 code, name or alias (accents and case ignored).

        Raises :class:`UsageError` naming the value and the units that exist.
        """
        every = {**self.neighbour_units, **self.units}
        code = name_or_code if name_or_code in every else self._names.get(fold(name_or_code))
        if code is None:
            known = ", ".join(sorted(u.name for u in every.values()))
            raise UsageError(f"unknown admin-1 unit {name_or_code!r}; known units: {known}")
        return every[code]

    def locate(self, lat: float, lon: float) -> Where:
        """Country, admin-1 unit, side of the border and geodesic distance to it for one point."""
        _check_coordinates(lat, lon)
        point = point_at(lat, lon)
        country = self._country_of(point)
        unit = self._unit_of(point, country)
        return Where(
            lat=lat,
            lon=lon,
            country=country,
            admin1=unit.name if unit else None,
            admin1_code=unit.code if unit else None,
            side=country if country in FOCUS else None,
            distance_to_border_km=round(self.distance_to_border_km(lat, lon), 2),
        )

    def _country_of(self, point: Point) -> str | None:
        for code, geometry in self.countries.items():
            if geometry.covers(point):
                return code
        return None

    def _unit_of(self, point: Point, country: str | None) -> Unit | None:
        if country not in FOCUS:
            return next((u for u in self.neighbour_units.values() if u.country == country and u.geometry.covers(point)), None)
        own = [u for u in self.units.values() if u.country == country]
        for unit in own:
            if unit.geometry.covers(point):
                return unit
        nearest = min(own, key=lambda u: u.geometry.distance(point))
        return nearest if _km(point, nearest.geometry) <= SNAP_KM else None

    # -- the border -----------------------------------------------------------------------

    def distance_to_border_km(self, lat: float, lon: float) -> float:
        """Geodesic distance (WGS84) from a point to the nearest point of the Afghan–Tajik border."""
        _check_coordinates(lat, lon)
        return _km(point_at(lat, lon), self.border)

    def nearest_border(self, lat: float, lon: float) -> tuple[str, float]:
        """The international border of Afghanistan or Tajikistan nearest a point, and its geodesic distance (km).

        >>> name, km = load_boundaries().nearest_border(39.87, 70.58)   # Vorukh, the Tajik exclave in Kyrgyzstan
        >>> name, km < 5
        ('Kyrgyzstan–Tajikistan border', True)
        """
        _check_coordinates(lat, lon)
        point = point_at(lat, lon)
        rough = min(self.borders.values(), key=lambda b: b[1].distance(point))  # degrees: a first cut
        near = [b for b in self.borders.values() if b[1].distance(point) <= rough[1].distance(point) * 1.5 + 0.05]
        return min(((name, _km(point, line)) for name, line in near), key=lambda b: b[1])

    def nearest_on_border(self, lat: float, lon: float, line: BaseGeometry | None = None) -> tuple[float, float]:
        """(lat, lon) of the point of ``line`` (default: the whole border) nearest to a point."""
        return lat_lon(_nearest_point(point_at(lat, lon), line if line is not None else self.border))

    def shared_border(self, a: str, b: str) -> Stretch | None:
        """The stretch of border shared by two units (one Afghan, one Tajik, in any order), or None.

        >>> load_boundaries().shared_border("Gorno-Badakhshan", "Kunduz") is None
        True
        """
        codes = {self.unit(a).code, self.unit(b).code}
        return next((s for s in self.stretches if {s.af_code, s.tj_code} == codes), None)

    def border_of(self, name_or_code: str) -> Stretch | None:
        """All the border one unit has (the union of its stretches), or None for an inland unit."""
        code = self.unit(name_or_code).code
        own = [s for s in self.stretches if code in (s.af_code, s.tj_code)]
        if not own:
            return None
        geometry = shapely.line_merge(shapely.union_all([s.geometry for s in own]))
        af = own[0].af_code if len({s.af_code for s in own}) == 1 else ""
        tj = own[0].tj_code if len({s.tj_code for s in own}) == 1 else ""
        return Stretch(af, tj, geometry, round(sum(s.length_km for s in own), 1))

    def neighbours_across(self, name_or_code: str) -> list[tuple[str, float]]:
        """Units across the border from this one, with the km of border they share, longest first.

        >>> load_boundaries().neighbours_across("Khatlon")[0]
        ('Kunduz', 178.1)
        """
        code = self.unit(name_or_code).code
        pairs = [
            (self.units[s.tj_code if s.af_code == code else s.af_code].name, s.length_km)
            for s in self.stretches
            if code in (s.af_code, s.tj_code)
        ]
        return sorted(pairs, key=lambda p: -p[1])

    # -- frames ---------------------------------------------------------------------------

    def units_frame(self) -> geopandas.GeoDataFrame:
        """The admin-1 units as a GeoDataFrame (EPSG:4326): code, name, country, geometry."""
        import geopandas

        records = [{"code": u.code, "name": u.name, "country": u.country, "geometry": u.geometry} for u in self.units.values()]
        return geopandas.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")

    def join_units(self, points: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
        """Spatial join of points to the unit they fall in (columns admin1_code, admin1, country)."""
        import geopandas

        units = self.units_frame().rename(columns={"code": "admin1_code", "name": "admin1"})
        joined = geopandas.sjoin(points.to_crs("EPSG:4326"), units, how="left", predicate="within")
        return joined.drop(columns="index_right")


@functools.cache
def load_boundaries(data_dir: Path = DATA_DIR) -> Boundaries:
    """The shapes in ``data_dir``, loaded once per process."""
    return Boundaries(data_dir)


def _features(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["features"]
    except FileNotFoundError:
        raise DataError(f"{path} is missing; rebuild data/ with `python -m geo build-data`") from None


def _read_units(path: Path) -> list[Unit]:
    return [
        Unit(p["code"], p["name"], p["country"], tuple(p["aliases"]), shape(f["geometry"]))
        for f in _features(path)
        for p in [f["properties"]]
    ]


def _stretch(feature: dict) -> Stretch:
    p = feature["properties"]
    return Stretch(p["af_code"], p["tj_code"], shape(feature["geometry"]), p["length_km"])


def _check_coordinates(lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise UsageError(f"({lat}, {lon}) is not a latitude/longitude; use -90..90 and -180..180 degrees")


def _local(geometry: BaseGeometry, lat: float) -> BaseGeometry:
    """Longitudes shrunk by cos(lat), so that nearest-point searches near ``lat`` are fair."""
    factor = math.cos(math.radians(lat))
    return shapely.transform(geometry, lambda xy: xy * np.array([factor, 1.0]))


def _nearest_point(point: Point, geometry: BaseGeometry) -> Point:
    factor = math.cos(math.radians(point.y))
    _, near = nearest_points(_local(point, point.y), _local(geometry, point.y))
    return Point(near.x / factor, near.y)


def _km(point: Point, geometry: BaseGeometry) -> float:
    if geometry.covers(point) and geometry.geom_type in ("Polygon", "MultiPolygon"):
        return 0.0
    near = _nearest_point(point, geometry)
    return geodesic(lat_lon(point), lat_lon(near)).km



LOCAL_CRS = "+proj=laea +lat_0=37.5 +lon_0=70.5 +datum=WGS84 +units=m +no_defs"
"""Lambert azimuthal equal-area centred on the Afghan–Tajik border: metres for buffers here."""


@functools.cache
def _transformers():
    from pyproj import Transformer

    return (
        Transformer.from_crs("EPSG:4326", LOCAL_CRS, always_xy=True),
        Transformer.from_crs(LOCAL_CRS, "EPSG:4326", always_xy=True),
    )


def buffer_km(geometry: BaseGeometry, km: float) -> BaseGeometry:
    """Buffer a lon/lat geometry by ``km`` kilometres, measured in :data:`LOCAL_CRS`.

    >>> from shapely.geometry import Point
    >>> round(buffer_km(Point(70.5, 37.5), 10).bounds[3] - 37.5, 2)   # 10 km ≈ 0.09° of latitude
    0.09
    """
    forward, back = _transformers()
    buffered = shapely.transform(geometry, forward.transform, interleaved=False).buffer(km * 1000.0, quad_segs=8)
    return shapely.transform(buffered, back.transform, interleaved=False)
