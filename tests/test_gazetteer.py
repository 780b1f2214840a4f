"""Tests for geo.gazetteer: the offline geopy geocoder, its names and its ranking."""

from collections import Counter

import pytest
from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder

from geo.errors import UsageError
from geo.gazetteer import Context, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_it_is_a_geopy_geocoder(gazetteer):
    assert isinstance(gazetteer, Geocoder)
    location = gazetteer.geocode("Dushanbe")
    assert geodesic(location.point[:2], (38.54, 68.78)).km < 5
    assert location.raw["kind"] == "populated place" and location.raw["source"] == "geonames"


@pytest.mark.parametrize(
    ("query", "name", "kind", "country"),
    [
        ("GBAO", "Gorno-Badakhshan", "admin1", "TJ"),
        ("Gorno-Badakhshan Autonomous Oblast", "Gorno-Badakhshan", "admin1", "TJ"),
        ("Mountainous Badakhshan", "Gorno-Badakhshan", "admin1", "TJ"),
        ("Khatlon Oblast", "Khatlon", "admin1", "TJ"),
        ("Khatlon Province", "Khatlon", "admin1", "TJ"),
        ("Kulyab", "Kŭlob", "populated place", "TJ"),
        ("Kulob", "Kŭlob", "populated place", "TJ"),
        ("Khorog", "Khorugh", "populated place", "TJ"),
        ("Shurobod", "Shŭrobod", "populated place", "TJ"),
        ("Shamsiddin Shohin", "Shamsiddin Shohin", "admin2", "TJ"),
        ("Darvoz", "Darvoz", "admin2", "TJ"),
        ("Roshon District", "Rushon District", "admin2", "TJ"),
        ("Baghdis", "Badghis", "admin1", "AF"),
        ("Sarkano District", "Sarkani", "admin2", "AF"),
        ("Darwaz", "Darwaz", "admin2", "AF"),
        ("Fayzabad", "Fayzabad", "populated place", "AF"),
        ("Faizabad", "Fayzabad", "populated place", "AF"),
        ("Leninabad Oblast", "Sughd", "admin1", "TJ"),
        ("Leninabad", "Khujand", "populated place", "TJ"),  # the town's Soviet name too
        ("Moscow", "Moscow", "populated place", "RU"),
        ("Beijing", "Beijing", "populated place", "CN"),
        ("Washington", "Washington", "populated place", "US"),
        ("Kremlin", "Moscow Kremlin", "other", "RU"),
        ("Chorkuh", "Chorkuh", "other", "TJ"),  # a border jamoat GeoNames lacks, drawn at Isfara
    ],
)
def test_press_spellings_resolve(gazetteer, query, name, kind, country):
    raw = gazetteer.geocode(query).raw
    assert (raw["name"], raw["kind"], raw["country"]) == (name, kind, country)


def test_district_is_drawn_at_its_centre_town(gazetteer):
    district = gazetteer.geocode("Shamsiddin Shohin").point
    centre = gazetteer.geocode("Shurobod").point
    assert geodesic(district[:2], centre[:2]).km < 0.01


@pytest.mark.parametrize(
    ("query", "country", "admin1"),
    [("Faizabad, Tajikistan", "TJ", "Districts of Republican Subordination"), ("Faizabad, Afghanistan", "AF", "Badakhshan")],
)
def test_a_named_country_decides_between_homonyms(gazetteer, query, country, admin1):
    raw = gazetteer.geocode(query).raw
    assert (raw["country"], raw["admin1"]) == (country, admin1)


def test_type_word_prefers_the_unit_over_the_town(gazetteer):
    assert gazetteer.candidates("Kabul")[0].place.kind == "populated place"
    assert gazetteer.candidates("Kabul", Context(type_word="province"))[0].place.kind == "admin1"


def test_article_countries_shift_the_ranking(gazetteer):
    assert gazetteer.candidates("Mashhad")[0].place.country == "IR"
    favoured = gazetteer.candidates("Mashhad", Context(article_countries=Counter({"AF": 9})))
    assert favoured[0].place.country == "AF"


def test_scores_sum_to_one(gazetteer):
    assert sum(c.score for c in gazetteer.candidates("Faizabad")) == pytest.approx(1.0, abs=0.01)


def test_exactly_one_false_and_country_codes(gazetteer):
    all_ = gazetteer.geocode("Faizabad", exactly_one=False)
    assert len(all_) >= 3
    only_tj = gazetteer.geocode("Faizabad", exactly_one=False, country_codes=["tj"])
    assert {loc.raw["country"] for loc in only_tj} == {"TJ"}


def test_unknown_name_gives_none(gazetteer):
    assert gazetteer.geocode("Atlantis") is None


@pytest.mark.parametrize("query", ["", "   ", None])
def test_empty_query_is_a_usage_error(gazetteer, query):
    with pytest.raises(UsageError, match="is not a place name; give a non-empty string"):
        gazetteer.geocode(query)


def test_reverse_points_to_boundaries(gazetteer):
    with pytest.raises(NotImplementedError, match="geo.boundaries"):
        gazetteer.reverse("37.5, 71.5")


def test_every_afghan_and_tajik_town_has_an_admin1(gazetteer):
    towns = [p for p in gazetteer.places if p.kind == "populated place" and p.country in ("AF", "TJ")]
    assert len(towns) == 319 + 103
    assert all(p.admin1 for p in towns)


def test_countries_admin1_units_and_borders_carry_a_bbox(gazetteer):
    for place_id in ("country:TJ", "admin1:AF-BDS", "admin1:KG-B", "border:AF-PK", "river:panj"):
        place = gazetteer.place(place_id)
        west, south, east, north = place.bbox
        assert west < place.lon < east and south < place.lat < north, place_id
    assert gazetteer.place("country:CN").bbox is None  # clipped to the region here: no true extent


@pytest.mark.parametrize(("a", "b", "name"), [("TJ", "KG", "Kyrgyzstan–Tajikistan border"), ("PK", "AF", "Afghanistan–Pakistan border")])
def test_borders_by_either_order_of_countries(gazetteer, a, b, name):
    assert gazetteer.border(a, b).name == name and gazetteer.border(a, b) is gazetteer.border(b, a)


def test_no_border_between_countries_that_share_none_here(gazetteer):
    assert gazetteer.border("KG", "AF") is None


@pytest.mark.parametrize(("name", "kinds", "found"), [("Badakhsan", ("admin1",), "Badakhshan"), ("Nangahar", ("admin1",), "Nangarhar"), ("Baghdad", ("admin1",), None), ("Kabul", ("admin1",), None)])
def test_misspellings_of_long_names_only(gazetteer, name, kinds, found):
    place = gazetteer.misspelt(name, kinds)
    assert (place.name if place else None) == found


def test_misspellings_are_matched_inside_the_unit_given(gazetteer):
    assert gazetteer.misspelt("Nangahar", ("admin1",), within=gazetteer.unit("TJ")) is None


@pytest.mark.parametrize(
    ("query", "country", "admin1"),
    [
        ("Kurram District", "PK", "Khyber Pakhtunkhwa"),
        ("Saravan", "IR", "Sistan and Baluchestan"),  # GeoNames: "Shahrestān-e Sarāvān"
        ("Hirmand County", "IR", "Sistan and Baluchestan"),
        ("Zomin District", "UZ", "Jizzax"),  # "Zomin Tumani"
    ],
)
def test_neighbours_districts_resolve_with_their_admin1(gazetteer, query, country, admin1):
    found = gazetteer.geocode(query)
    assert (found.raw["kind"], found.raw["country"], found.raw["admin1"]) == ("admin2", country, admin1)


@pytest.mark.parametrize(("query", "admin1", "centre"), [("Panjshir", "Parwan", "Bāzārak"), ("Daikundi", "Uruzgan", "Nīlī")])
def test_provinces_the_shapes_lack_are_districts_of_the_unit_that_holds_them(gazetteer, query, admin1, centre):
    found = gazetteer.geocode(query)
    town = gazetteer.geocode(centre)
    assert (found.raw["kind"], found.raw["country"], found.raw["admin1"]) == ("admin2", "AF", admin1)
    assert (found.latitude, found.longitude) == (town.latitude, town.longitude)


@pytest.mark.parametrize(
    ("query", "country", "admin1", "border"),
    [
        ("Torkham", "PK", "Khyber Pakhtunkhwa", "Afghanistan–Pakistan border"),
        ("Shir Khan Bandar", "AF", "Kunduz", "Afghanistan–Tajikistan border"),
        ("Hairatan", "AF", "Balkh", "Afghanistan–Uzbekistan border"),
        ("Dogharoun", "IR", "Razavi Khorasan", "Afghanistan–Iran border"),
    ],
)
def test_border_crossings_are_on_their_border_with_the_side_they_are_named_after(gazetteer, boundaries, query, country, admin1, border):
    location = gazetteer.geocode(query)
    assert (location.raw["country"], location.raw["admin1"], location.raw["source"]) == (country, admin1, "borderwatch")
    name, km = boundaries.nearest_border(location.latitude, location.longitude)
    assert name == border and km < 1


def test_a_capitalised_valley_is_no_capital_city():
    from geo.toponyms import find_mentions

    assert [m.place.country if m.place else None for m in find_mentions("in the Ferghana Valley") if m.text == "Valley"] == []
