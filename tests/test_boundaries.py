"""Tests for geo.boundaries on the real shapes in data/."""

import geopandas
import pytest
import shapely

from geo.errors import UsageError
from geo.presentation import COUNTRY_NAMES
from geometries import DUSHANBE, FAYZABAD, HAIRATAN, KABUL, KHOROG, KULOB, KUNDUZ, NEAR_KULOB, OFF_THE_GLOBE, TASHKENT, TORKHAM, VORUKH, ZARANJ, point


@pytest.mark.parametrize(
    ("town", "country", "admin1", "km"),
    [
        (DUSHANBE, "TJ", "Dushanbe", (115, 135)),
        (KHOROG, "TJ", "Gorno-Badakhshan", (0, 5)),  # on the Panj
        (KULOB, "TJ", "Khatlon", (25, 40)),
        (FAYZABAD, "AF", "Badakhshan", (50, 70)),
        (KABUL, "AF", "Kabul", (250, 400)),
        (KUNDUZ, "AF", "Kunduz", (40, 70)),
    ],
    ids=["Dushanbe", "Khorog", "Kulob", "Fayzabad", "Kabul", "Kunduz"],
)
def test_locate_known_towns(boundaries, town, country, admin1, km):
    where = boundaries.locate(*town)
    assert (where.country, where.admin1, where.side) == (country, admin1, country)
    assert km[0] <= where.distance_to_border_km <= km[1]


def test_points_outside_both_countries_have_no_side(boundaries):
    where = boundaries.locate(*TASHKENT)
    assert where.country == "UZ" and where.side is None and where.admin1 is None


def test_distance_to_border_is_geodesic(boundaries):
    lat, lon = boundaries.nearest_on_border(*NEAR_KULOB)
    assert boundaries.distance_to_border_km(lat, lon) < 0.1
    # one degree of latitude north of a border point is about 111 km away or less (the border may bend closer)
    assert 60 < boundaries.distance_to_border_km(lat + 1.0, lon) <= 111.1


def test_border_length_is_that_of_natural_earth_10m(boundaries):
    assert 1150 < boundaries.border_length_km < 1200


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [("Khatlon", "Badakhshan", 89), ("Khatlon", "Kunduz", 178), ("Khatlon", "Takhar", 115), ("GBAO", "Badakhshan", 749), ("TJ-KT", "AF-BAL", 40)],
)
def test_shared_border_stretches(boundaries, a, b, km):
    stretch = boundaries.shared_border(a, b)
    assert stretch is not None and abs(stretch.length_km - km) < 2
    assert stretch.geometry.distance(boundaries.border) < 1e-6


def test_units_that_do_not_meet_share_no_border(boundaries):
    assert boundaries.shared_border("Gorno-Badakhshan", "Kunduz") is None
    assert boundaries.border_of("Kabul") is None


def test_adjacency_across_the_border(boundaries):
    assert [name for name, _ in boundaries.neighbours_across("Khatlon")] == ["Kunduz", "Takhar", "Badakhshan", "Balkh"]
    assert boundaries.neighbours_across("Gorno-Badakhshan") == [("Badakhshan", 749.4)]


def test_whole_border_of_a_unit_is_the_sum_of_its_stretches(boundaries):
    assert boundaries.border_of("Khatlon").length_km == pytest.approx(89.0 + 178.1 + 115.2 + 40.4, abs=0.2)


@pytest.mark.parametrize("name", ["Khatlon", "khatlon", "TJ-KT", "Khatlon Oblast", "Khatlon Region"])
def test_units_by_name_code_or_alias(boundaries, name):
    assert boundaries.unit(name).code == "TJ-KT"


@pytest.mark.parametrize(("old", "current"), [("Leninabad", "Sughd"), ("Hirat", "Herat"), ("GBAO", "Gorno-Badakhshan")])
def test_old_names_are_aliases_of_current_units(boundaries, old, current):
    assert boundaries.unit(old).name == current


def test_unknown_unit_error_lists_the_known_ones(boundaries):
    with pytest.raises(UsageError, match=r"unknown admin-1 unit 'Atlantis'; known units: .*Khatlon"):
        boundaries.unit("Atlantis")


def test_bad_coordinates_are_refused(boundaries):
    with pytest.raises(UsageError, match=r"\(95, 10\) is not a latitude/longitude"):
        boundaries.locate(*OFF_THE_GLOBE)


def test_all_shapes_are_valid(boundaries):
    assert all(u.geometry.is_valid for u in boundaries.units.values())
    assert set(boundaries.countries) >= {"AF", "TJ"} and all(g.is_valid for g in boundaries.countries.values())
    assert len(boundaries.units) == 37  # 32 Afghan provinces (Panjshir, Daykundi missing) + 5 Tajik units


def test_spatial_join_of_a_geodataframe(boundaries):
    points = geopandas.GeoDataFrame(
        {"name": ["Khorugh", "Fayzabad", "Tashkent"]},
        geometry=[point(KHOROG), point(FAYZABAD), point(TASHKENT)],
        crs="EPSG:4326",
    )
    joined = boundaries.join_units(points)
    assert joined["admin1"].tolist()[:2] == ["Gorno-Badakhshan", "Badakhshan"]
    assert joined["admin1"].isna().tolist()[2]


@pytest.mark.parametrize(
    ("town", "border"),
    [
        (VORUKH, "Kyrgyzstan–Tajikistan border"),
        (TORKHAM, "Afghanistan–Pakistan border"),
        (KHOROG, "Afghanistan–Tajikistan border"),
        (ZARANJ, "Afghanistan–Iran border"),
        (HAIRATAN, "Afghanistan–Uzbekistan border"),
    ],
    ids=["Vorukh", "Torkham", "Khorog", "Zaranj", "Hairatan"],
)
def test_nearest_international_border(boundaries, town, border):
    name, km = boundaries.nearest_border(*town)
    assert name == border and km < 10


def test_every_international_border_is_a_line_the_two_countries_share(boundaries):
    assert len(boundaries.borders) == 9
    codes = {country: code for code, country in COUNTRY_NAMES.items()}
    for name, line in boundaries.borders.values():
        a, b = (codes[country] for country in name.removesuffix(" border").split("–"))
        assert line.geom_type in ("LineString", "MultiLineString") and line.length > 0, name
        vertices = shapely.points(shapely.get_coordinates(line))
        for code in (a, b):  # the line is where the two countries' outlines meet: every vertex on the edge of each
            assert shapely.distance(boundaries.countries[code].boundary, vertices).max() < 1e-6, f"{name} is not on {code}'s outline"
    af_tj = boundaries.borders["border:AF-TJ"][1]
    assert af_tj.hausdorff_distance(boundaries.border) < 1e-6
