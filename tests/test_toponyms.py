"""Tests for geo.toponyms on the seed article (against the hand-checked gold file) and on short sentences."""

import pytest
import shapely
from geopy.distance import geodesic

from pathlib import Path

from geo import toponyms
from geo.text import tokens
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
        ("Smugglers crossed into Shuroabad district.", "Shamsiddin Shohin", "Khatlon"),  # the district's old name
        ("A guard died in Shouroobod district.", "Shamsiddin Shohin", "Khatlon"),
        ("Smugglers crossed into Shuroabad.", "Shŭrobod", "Khatlon"),
        ("Police fired at villagers in Qarqeen district.", "Qarqin", "Jowzjan"),
        ("Border representatives met in Leilek district.", "Leylek", "Batken"),
    ],
)
def test_romanisation_variants_of_long_names_resolve(text, name, admin1):
    (mention,) = find_mentions(text)
    assert (mention.place.name, mention.place.admin1) == (name, admin1)
    assert mention.place.kind == ("admin2" if "district" in text.lower() else "populated place")


def test_short_names_are_not_folded_into_other_spellings():
    assert find_mentions("The Kala gate and the Vash post.") == []


@pytest.mark.parametrize(
    ("sentence", "surface", "kind", "within"),
    [
        ("Fighting erupted near the Kyrgyz village of Kok-Tash on Thursday.", "Kok-Tash", "populated place", "Kyrgyzstan"),
        ("A resident of the village of Khoji Alo in the Isfara district, in Tajikistan's Sughd region, died.", "Khoji Alo", "populated place", "Isfara"),
        ("Guards traded fire in the Puli Oftobru area of Batken region.", "Puli Oftobru", "other", "Batken"),
        ("A shot was fired from the Tajik border post of Kekh.", "Kekh", "border post", "Tajikistan"),
        ("The conscript served at the Khirmanjo frontier post in Shamsiddin Shohin district.", "Khirmanjo", "border post", "Shamsiddin Shohin"),
        ("Gunmen attacked a camp in the Zarbuz gorge, in Khatlon province.", "Zarbuz", "other", "Khatlon"),
        ("Fighting spread to Zorkul district of Badakhshan province.", "Zorkul district", "admin2", "Badakhshan"),
        ("Two men crossed in the vicinity of Yazgulom, in Gorno-Badakhshan.", "Yazgulom", "other", "Gorno-Badakhshan"),
    ],
)
def test_names_no_gazetteer_holds_are_typed_with_the_unit_that_contains_them(sentence, surface, kind, within):
    mention = next(m for m in find_mentions(sentence) if m.text == surface)
    assert mention.place is None and (mention.kind, mention.within.name) == (kind, within)
    record = mention.as_json()
    assert (record["kind"], record["country"], record["lat"]) == (kind, mention.within.country, None)  # no made-up point


def test_the_paragraph_gives_an_unknown_village_its_unit():
    text = "Police moved into Darayim district on Sunday. In the village of Qarlaq, a farmer was shot dead."
    (qarlaq,) = [m for m in find_mentions(text) if m.text == "Qarlaq"]
    assert (qarlaq.within.name, qarlaq.within.kind) == ("Badakhshan", "admin1")


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Guards saw a herd near the village of Kuruksay in the Sariosiyo district of Surxondaryo region.", "Kuruksay", "UZ"),
        ("Residents of the Kyrgyz village of Koktash threw stones on Wednesday.", "Koktash", "KG"),  # GeoNames: a Somoniyon near Dushanbe
    ],
)
def test_a_place_the_text_puts_in_another_unit_is_not_the_gazetteer_s_namesake(text, name, country):
    mention = next(m for m in find_mentions(text) if m.text == name)
    assert mention.place is None or mention.place.country == country
    assert mention.unit.country == country


@pytest.mark.parametrize(
    ("sentence", "surface", "place_id"),
    [
        ("Shots were fired across the Tajik-Kyrgyz border.", "Tajik-Kyrgyz border", "border:KG-TJ"),
        ("Clashes on the Kyrgyz-Tajik state border left two dead.", "Kyrgyz-Tajik state border", "border:KG-TJ"),
        ("Trade resumed on the Afghan-Pakistani frontier.", "Afghan-Pakistani frontier", "border:AF-PK"),
        ("Kabul has never accepted the Durand Line.", "Durand Line", "border:AF-PK"),
        ("Mines lie along the Tajik-Uzbek border.", "Tajik-Uzbek border", "border:TJ-UZ"),
        ("Guards patrol the Iran-Afghanistan border.", "Iran-Afghanistan border", "border:AF-IR"),
        ("Smugglers swam across the Panj at night.", "Panj", "river:panj"),
        ("The fast-flowing Panj river marks the frontier.", "Panj river", "river:panj"),
        ("Boats cross the Pyandzh.", "Pyandzh", "river:panj"),
        ("Water is drawn from the Amu Darya.", "Amu Darya", "river:amu-darya"),
    ],
)
def test_every_border_of_the_region_and_the_rivers_that_form_them_are_places(sentence, surface, place_id):
    mention = next(m for m in find_mentions(sentence) if m.text == surface)
    assert mention.place.id == place_id and mention.place.kind in ("border", "river")
    record = mention.as_json()
    assert record["lat"] is not None and len(record["bbox"]) == 4  # a point on the line, and its extent


@pytest.mark.parametrize(
    ("sentence", "surface", "kind"),
    [
        ("Residents fled Panj on Monday.", "Panj", "populated place"),  # the town, not the river
        ("The fighting at the Panj crossing lasted an hour.", "Panj", "populated place"),
        ("Guards in Panj district said so.", "Panj district", "admin2"),
    ],
)
def test_a_town_named_like_a_river_stays_a_town(sentence, surface, kind):
    mention = next(m for m in find_mentions(sentence) if m.text == surface)
    assert mention.place.kind == kind


def test_the_helmand_river_is_not_helmand_province():
    (mention,) = [m for m in find_mentions("Water from the Helmand River reaches Iran.") if "Helmand" in m.text]
    assert mention.place is None or mention.place.kind == "river"


@pytest.mark.parametrize(
    ("sentence", "surface", "name"),
    [
        ("Fighting spread to Badakhsan Province overnight.", "Badakhsan Province", "Badakhshan"),
        ("Clashes in Nangahar province left two dead.", "Nangahar province", "Nangarhar"),
        ("Police in Kunduzz province said so.", "Kunduzz province", "Kunduz"),
    ],
)
def test_misspelt_typed_names_resolve_to_the_closest_place(sentence, surface, name):
    mention = next(m for m in find_mentions(sentence) if m.text == surface)
    assert mention.place.name == name and mention.score < 1.0


@pytest.mark.parametrize(("sentence", "surface"), [("Fighting in Samangon province.", "Samangon province"), ("Elders of Zorkul District met.", "Zorkul District")])
def test_a_name_far_from_every_place_is_not_forced_onto_one(sentence, surface):
    (mention,) = [m for m in find_mentions(sentence) if m.text == surface]
    assert mention.place is None and mention.kind in ("admin1", "admin2")


@pytest.mark.parametrize(
    "sentence",
    [
        "ISLAMABAD (AP) — Shelling killed six. AP reporters saw the damage.",
        "DUSHANBE, Tajikistan (AFP) - Guards killed a gunman. AFP could not confirm it.",
        "Viewers of Afghanistan International saw the footage.",
        "Workers of China Road and Bridge Corporation were killed.",
        "Leaders met at the Shanghai Cooperation Organization summit.",
    ],
)
def test_datelines_agencies_and_organisations_are_not_places(sentence):
    kept = [m.text for m in find_mentions(sentence)]
    assert not {"AP", "AFP", "Afghanistan", "China", "Shanghai"} & set(kept[1:] if "(" in sentence else kept)


def test_coordinated_names_share_a_plural_type_word():
    found = {m.text: m.place.kind for m in find_mentions("Aircraft bombed homes in Paktika and Khost provinces.")}
    assert found == {"Paktika": "admin1", "Khost provinces": "admin1"}


CORPUS_TEXTS = sorted(Path(__file__).parent.joinpath("corpus").glob("*.txt"))


@pytest.mark.parametrize("pattern, anchors, before, after", [
    (toponyms._BORDER, toponyms._BORDER_WORDS, 60, 40),
    (toponyms._TYPED_AFTER, toponyms._TYPE_FIRST_WORDS, 100, 40),
], ids=["border", "typed-after"])
def test_searching_only_near_the_anchor_words_finds_what_a_whole_text_search_finds(pattern, anchors, before, after):
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in CORPUS_TEXTS)
    text += "\nKyrgyz and Tajik border guards met. The Tajik-Kyrgyz border. Kok-Tash village, Ovchi-Qalacha area."
    near = [m.span() for m in toponyms._matches_near(pattern, text, tokens(text), anchors, before, after)]
    assert near == [m.span() for m in pattern.finditer(text)] and len(near) >= 10


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The children were held in the village of Yangiqala in Afghan Takhar province.", "Takhar province"),
        ("ISTANBUL (AA) – Ten Afghans were killed, AA reported, citing officials in Farah.", "Farah"),
    ],
    ids=["demonym-before-a-province", "agency-after-a-dateline"],
)
def test_a_demonym_or_an_agency_never_hides_the_place_next_to_it(text, found):
    names = [m.text for m in find_mentions(text) if m.place is not None]
    assert found in names and "AA" not in names
