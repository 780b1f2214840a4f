"""Coordinates: (lat, lon) as people, folium and geopy write them; (x, y) = (lon, lat) as GeoJSON, shapely and pyproj take them.

Every swap between the two orders goes through this module, so that it is written, and tested, once.

>>> xy(37.49, 71.55)
(71.55, 37.49)
>>> lat_lon(point_at(37.49, 71.55))
(37.49, 71.55)
>>> geojson_point(37.49, 71.55)
{'type': 'Point', 'coordinates': [71.55, 37.49]}
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import Point

__all__ = ["geojson_point", "lat_lon", "point_at", "xy"]


def xy(lat: float, lon: float) -> tuple[float, float]:
    """The (x, y) of a (lat, lon): (lon, lat)."""
    return lon, lat


def point_at(lat: float, lon: float) -> Point:
    """A shapely point at (lat, lon) (its x is the longitude)."""
    return Point(*xy(lat, lon))


def lat_lon(shape: Point) -> tuple[float, float]:
    """The (lat, lon) of a shapely point (its y, then its x)."""
    return shape.y, shape.x


def geojson_point(lat: float, lon: float) -> dict[str, Any]:
    """An RFC 7946 Point geometry at (lat, lon): its coordinates are [lon, lat]."""
    return {"type": "Point", "coordinates": list(xy(lat, lon))}
