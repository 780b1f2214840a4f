"""Tests for geo.coordinates: the one swap between (lat, lon) and (x, y), pinned on a real place and real outputs."""

import json

import pytest

from geo.coordinates import geojson_point, lat_lon, point_at, xy
from geo.pipeline import analyse_file
from geometries import KHOROG, TASHKENT


def test_x_is_the_longitude_and_y_the_latitude() -> None:
    assert xy(*KHOROG) == (71.553, 37.490)
    shape = point_at(*KHOROG)
    assert (shape.x, shape.y) == (71.553, 37.490)
    assert lat_lon(shape) == KHOROG
    assert geojson_point(*KHOROG) == {"type": "Point", "coordinates": [71.553, 37.490]}


@pytest.mark.parametrize("place", [KHOROG, TASHKENT], ids=["Khorog", "Tashkent"])
def test_a_point_is_where_its_name_is(boundaries, place) -> None:
    """Khorog is in Gorno-Badakhshan and Tashkent in Uzbekistan: swapped, neither would even be a latitude."""
    assert boundaries.locate(*place).country == ("TJ" if place == KHOROG else "UZ")
    assert boundaries.units["TJ-GB"].geometry.contains(point_at(*KHOROG))


def test_every_output_writes_longitude_first(seed_path) -> None:
    analysis = analyse_file(seed_path)
    for item in analysis.incidents:
        p = item.placement
        assert item.as_feature()["geometry"]["coordinates"] == [p.longitude, p.latitude]
        assert p.area.contains(point_at(p.latitude, p.longitude))
    place = next(m for m in analysis.mentions if m.place and m.place.kind == "populated place")
    feature = json.loads(json.dumps(place.as_feature()))
    assert feature["geometry"]["coordinates"] == [place.place.lon, place.place.lat]
