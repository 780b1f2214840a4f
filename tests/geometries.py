"""Small named test geometries for the spatial tests, as shapely's tests/common.py has: places as (lat, lon), in the
order people write them, with shapely points made through geo.coordinates (the one swap to (x, y))."""

from shapely.geometry import Point

from geo.coordinates import point_at

DUSHANBE = (38.536, 68.779)
KHOROG = (37.490, 71.553)
"""Khorugh, capital of Gorno-Badakhshan, on the Panj: a few km from the Afghan–Tajik border."""
KULOB = (37.906, 69.784)
FAYZABAD = (37.116, 70.580)
"""Capital of Afghan Badakhshan."""
KABUL = (34.528, 69.172)
KUNDUZ = (36.729, 68.857)
TASHKENT = (41.31, 69.28)
"""Outside both Afghanistan and Tajikistan."""
VORUKH = (39.87, 70.58)
"""The Tajik exclave inside Kyrgyzstan."""
TORKHAM = (34.13, 71.09)
ZARANJ = (31.0, 61.8)
HAIRATAN = (37.23, 67.28)
NEAR_KULOB = (37.9, 69.8)
"""A point in Khatlon, 30 km or so from the border."""
OFF_THE_GLOBE = (95, 10)
"""No latitude: 95° is past the pole."""


def point(place: tuple[float, float]) -> Point:
    """The shapely point of a named (lat, lon)."""
    return point_at(*place)
