"""Tests for geo.toponyms on the seed article (against the hand-checked gold file) and on short sentences."""

import pytest
import shapely
from geopy.distance import geodesic

from geo.toponyms import find_mentions


@pytest.fixture(scope="module")
def seed_mentions(seed_article):
    return {(m.start, m.end): m for m in find_mentions(seed_article.text)}


def gold_mentions(gold):
    return [(tuple(span), t) for t in gold["toponyms"] for span in t["mentions"]]


def test_every_required_gold_mention_is_found_with_country_and_admin1(gold, seed_mentions):
    for span, expected in gold_mentions(gold):
        if not expected["required"]:
            continue
        found = seed_mentions.get(span)
        assert found is not None and found.place is not None, f"missed {expected['surface']} at {span}"
        assert found.place.country == expected["country"], span
        assert found.place.admin1 == expected["admin1"] or expected["admin1"] is None, span
        assert found.place.kind == expected["kind"], span


def test_no_false_places_on_the_seed(gold, seed_mentions):
    gold_spans = {span for span, _ in gold_mentions(gold)}
    extra = [m.text for span, m in seed_mentions.items() if span not in gold_spans]
    assert extra == []


def test_towns_are_within_25_km_of_the_gold_point(gold, seed_mentions):
    for span, expected in gold_mentions(gold):
        if expected["kind"] == "populated place":
            place = seed_mentions[span].place
            assert geodesic((place.lat, place.lon), (expected["lat"], expected["lon"])).km < 25, expected["surface"]


@pytest.mark.parametrize("surface", ["Badakhshan Province", "Khatlon Region", "Gorno-Badakhshan Autonomous Oblast", "GBAO", "Tajikistan"])
def test_areas_carry_a_point_inside_their_shape_and_its_bbox(seed_mentions, surface, boundaries):
    mention = next(m for m in seed_mentions.values() if m.text == surface)
    record = mention.as_json()
    assert record["kind"] in ("admin1", "country") and record["id"].startswith(("admin1:", "country:"))
    shape = boundaries.unit(record["name"]).geometry if record["kind"] == "admin1" else boundaries.countries[record["country"]]
    assert shape.contains(shapely.Point(record["lon"], record["lat"]))
    assert record["bbox"] == pytest.approx(list(shape.bounds), abs=1e-4)
    feature = mention.as_feature()
    assert feature["geometry"]["coordinates"] == [record["lon"], record["lat"]] and feature["bbox"] == record["bbox"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Afghanistan's Tolo news agency reported it.",
        "Russian leader Vladimir Putin visited.",
        "Reuters reported on December 2 that talks went on.",
        "The Islamic militants denied it.",
        "Tajik leader Emomali Rahmon summoned a meeting.",
        "The contractor Shohin SM lost two workers.",
        "Kabul Bank reopened its doors.",
        "In March and May, nothing happened.",
        "Kim Jong Un was not there.",
        "Collective Security Treaty Organisation members met.",
    ],
)
def test_organisations_people_and_common_words_are_not_places(sentence):
    assert [m.text for m in find_mentions(sentence) if m.place and m.place.kind != "country"] == []


@pytest.mark.parametrize(
    ("sentence", "surface", "name", "kind", "country"),
    [
        ("Militants from Afghanistan's Takhar province crossed.", "Takhar province", "Takhar", "admin1", "AF"),
        ("A clash in the Shamsiddin Shohin district of Khatlon.", "Shamsiddin Shohin district", "Shamsiddin Shohin", "admin2", "TJ"),
        ("A clash in the Shamsiddin Shohin district of Khatlon.", "Khatlon", "Khatlon", "admin1", "TJ"),
        ("DUSHANBE, Nov 27 (Reuters) – Shots were fired.", "DUSHANBE", "Dushanbe", "populated place", "TJ"),
        ("Shelling near Kulyab and Khorog.", "Kulyab", "Kŭlob", "populated place", "TJ"),
        ("Shelling near Kulyab and Khorog.", "Khorog", "Khorugh", "populated place", "TJ"),
        ("Troops moved into Shŭrobod.", "Shŭrobod", "Shŭrobod", "populated place", "TJ"),
        ("Troops moved into Shurobod.", "Shurobod", "Shŭrobod", "populated place", "TJ"),
        ("Fighting in Tajikistan's Fayzobod, not in Faizabad, Afghanistan.", "Faizabad", "Fayzabad", "populated place", "AF"),
        ("Fighting near Faizabad, Tajikistan.", "Faizabad", "Fayzobod", "populated place", "TJ"),
        ("A raid on Darvoz in Mountainous Badakhshan.", "Mountainous Badakhshan", "Gorno-Badakhshan", "admin1", "TJ"),
        ("Guards on the Tajik–Afghan frontier.", "Tajik–Afghan frontier", "Afghanistan–Tajikistan border", "border", "AF|TJ"),
        ("Officials in Kabul province said so.", "Kabul province", "Kabul", "admin1", "AF"),
        ("Officials in Kabul said so.", "Kabul", "Kabul", "populated place", "AF"),
    ],
)
def test_phrasings_of_place_names(sentence, surface, name, kind, country):
    mention = next(m for m in find_mentions(sentence) if m.text == surface)
    assert (mention.place.name, mention.place.kind, mention.place.country) == (name, kind, country)
    assert sentence[mention.start : mention.end] == surface


def test_parenthesised_abbreviation_is_learned_from_the_article():
    text = "Clashes in Khatlon Oblast (KO) went on. Later KO officials said it was calm."
    found = [(m.text, m.place.name if m.place else None) for m in find_mentions(text)]
    assert found == [("Khatlon Oblast", "Khatlon"), ("KO", "Khatlon")]


def test_unknown_province_is_reported_unresolved_not_dropped_or_guessed():
    mention = next(m for m in find_mentions("Fighting spread to Zorkul Province overnight."))
    assert (mention.text, mention.place, mention.score) == ("Zorkul Province", None, 0.0)
    assert mention.as_json()["name"] is None


def test_mentions_are_sorted_and_do_not_overlap(seed_article):
    mentions = find_mentions(seed_article.text)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_text_without_places_gives_an_empty_list():
    assert find_mentions("nothing to see here, really.") == []


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Fighting broke out in the Shamsiddin Shokhin district.", "Shamsiddin Shohin", "Khatlon"),
        ("Guards were deployed to Bobojon Gafurov District.", "Ghafurov", "Sughd"),
        ("Smugglers crossed into Shuroabad district.", "Shŭrobod", "Khatlon"),
    ],
)
def test_romanisation_variants_of_long_names_resolve(text, name, admin1):
    (mention,) = find_mentions(text)
    assert (mention.place.name, mention.place.admin1) == (name, admin1)


def test_short_names_are_not_folded_into_other_spellings():
    assert find_mentions("The Kala gate and the Vash post.") == []
