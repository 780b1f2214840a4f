"""Tests for geo.incidents: the seed article against the gold file, and common phrasings written for the tests."""

import datetime as dt
import re

import pytest

from geo.incidents import EVENT_TYPES, SUB_EVENT_TYPES, extract_incidents, number_value
from geo.text import Article

PUBLISHED = dt.date(2025, 12, 2)


def incidents_of(text, published=PUBLISHED):
    return extract_incidents(Article(text, "test.txt", published))


@pytest.fixture(scope="module")
def seed_incidents(seed_article):
    return extract_incidents(seed_article)


def test_seed_has_exactly_the_two_gold_incidents(seed_incidents, gold):
    assert len(seed_incidents) == len(gold["incidents"]) == 2
    for found, expected in zip(seed_incidents, gold["incidents"]):
        assert found.date.isoformat() == expected["date"]
        assert found.date_precision == expected["date_precision"]
        assert (found.killed, found.wounded) == (expected["killed"], expected["wounded"])
        assert found.origin_country == expected["origin_country"]
        assert found.target.place.admin1 == expected["admin1"]
        assert found.target.place.country == expected["country"]


def test_seed_event_types(seed_incidents, gold):
    first, second = seed_incidents
    assert (first.event_type, first.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert second.event_type in ("Violence against civilians", "Explosions/Remote violence")


def test_seed_actors_and_places(seed_incidents, gold):
    first, second = seed_incidents
    assert first.location_text == gold["incidents"][0]["location_text"].replace("'", "’")
    assert second.location_text == gold["incidents"][1]["location_text"].replace("'", "’")
    assert first.victims == "Chinese gold mining workers"
    assert first.perpetrators.startswith("Islamic militants in Afghanistan")
    assert first.origin.place.name == "Badakhshan" and second.origin is None


def test_seed_evidence_is_the_sentences_it_came_from(seed_incidents, seed_article):
    first, second = seed_incidents
    assert [e.quote[:40] for e in first.evidence] == [
        "The trouble along the border began on No",
        "Three workers were killed and one wounde",
    ]
    assert second.evidence[0].quote.startswith("On November 30, a similar cross-border attack")
    for evidence in (*first.evidence, *second.evidence):
        assert seed_article.text[evidence.start : evidence.end] == evidence.quote


@pytest.mark.parametrize(
    "text",
    [
        "Two attacks within the past week have left five Chinese nationals dead.",
        "Taliban officials denied any connection to the attacks.",
        "Tajik officials were negotiating with Russia on joint patrols along the border.",
        "Condemning the raid as a criminal act, the embassy urged workers to leave.",
        "The leader summoned a meeting to prevent the recurrence of such incidents.",
        "Russia recognised the Taliban in July.",
        "In its security message issued on November 9, the embassy said terrorist groups may attempt to attack border crossings.",
        "In 1999, Tajikistan joined the Ottawa Convention on the Prohibition of the Use of Anti-Personnel Mines.",
        "The exercises, in which servicemen will practice fighting terrorist groups, will take place in the Sughd region on September 18-22.",
        "The Red Crescent launched a programme on the risks of mines and unexploded ordnance in January 2002.",
    ],
)
def test_summaries_recalls_and_diplomacy_are_not_incidents(text):
    assert incidents_of(text) == []


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("On Monday gunmen attacked a border post near Khorog, killing three soldiers and injuring two.", 3, 2),
        ("On Monday an explosion near Kulob killed 4 people and wounded 7 others.", 4, 7),
        ("On Monday, five people including two children were killed in shelling of Panj.", 5, None),
        ("On Monday an attack on Farkhor left two dead.", 2, None),
        ("On Monday, two guards were killed, three others injured in a clash near Panj.", 2, 3),
        ("On Monday a drone struck a camp in Darvoz; one worker was killed.", 1, None),
        ("On Monday militants from Afghanistan's Takhar province fired on a post in Farkhor.", None, None),
        ("Officials said “four terrorists were neutralized” on Sunday after they refused to lay down arms in the Khatlon region.", 4, None),
        ("Imumnazar Imumnazarov, one of the informal leaders of the Gorno-Badakhshan Autonomous Region (GBAO), was reportedly shot to death "
         "by unidentified assailants in Khorog on Monday.", 1, None),
    ],
)
def test_casualty_phrasings(text, killed, wounded):
    (incident,) = incidents_of(text)
    assert (incident.killed, incident.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("last", "counts"),
    [("There were no casualties.", (0, 0)), ("There are no casualties or wounded from the Kyrgyz side.", (None, None))],
    ids=["nobody", "one-side-only"],
)
def test_no_casualties_on_one_side_says_nothing_of_the_other(last, counts):
    (incident,) = incidents_of(f"Skirmish on the border\n\nTajik and Kyrgyz border guards exchanged fire near Eki-Tash on Friday. {last}")
    assert (incident.killed, incident.wounded) == counts


def test_unknown_counts_are_none_never_zero():
    (incident,) = incidents_of("On Monday militants shelled a village near Khorog.")
    assert incident.killed is None and incident.wounded is None


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("On Monday a drone strike hit a camp near Khorog.", "Air/drone strike"),
        ("On Monday mortar shelling hit a village near Khorog.", "Shelling/artillery/missile attack"),
        ("On Monday helicopters bombarded four villages in Khost province, killing two.", "Air/drone strike"),
        ("On Monday artillery units bombarded four villages in Khost province, killing two.", "Shelling/artillery/missile attack"),
        ("On Monday troops bombarded four villages in Khost province, killing two.", "Shelling/artillery/missile attack"),
        ("On Monday a roadside bomb exploded near Kulob.", "Remote explosive/landmine/IED"),
        ("On Monday border guards clashed with smugglers near Panj.", "Armed clash"),
        ("On Monday gunmen abducted two engineers near Khorog.", "Abduction/forced disappearance"),
        ("On Monday gunmen attacked civilians in Farkhor.", "Attack"),
        ("On Monday militants attacked a border post in Farkhor.", "Armed clash"),
        ("On Monday the Taliban captured the Darqad district of Takhar province.", "Non-state actor overtakes territory"),
        ("On Monday the Taliban occupied the Khwahan county of Badakhshan province without a fight.", "Non-violent transfer of territory"),
        ("Migrants shot\n\nKabul summoned the ambassador of Iran to protest at the killing of migrants by Iranian border guards. "
         "At least ten migrants were killed on Friday as they tried to cross the border.", "Attack"),
        ("On Friday police fired on protesters in Khorog, killing two.", "Excessive force against protesters"),
        ("On Friday one man was killed when a crowd of protesters attacked a police building in Khorog.", "Violent demonstration"),
        ("On May 7 a clash occurred between the two countries' citizens near Isfara. About 60 people were injured.", "Mob violence"),
        ("On December 18 a conflict occurred between the citizens of Tajikistan and Kyrgyzstan in Kok-Tash. "
         "Local residents began to stone each other. Six people were injured.", "Mob violence"),
        ("On Saturday residents of a border village near Isfara gathered to protest against the building of a bridge by Kyrgyz workers.", "Peaceful protest"),
        ("On Monday residents of the Tajik village of Khoja-Alo of the Isfara district reportedly gathered by the road, unhappy with the building of a bridge.", "Peaceful protest"),
        ("On Monday police fired at villagers gathered in front of the district administration building in Qarqeen, killing five.", "Excessive force against protesters"),
        ("On Thursday, during the negotiations, Kyrgyz citizens interrupted the meeting near Isfara by throwing stones at Tajik border guards.", "Mob violence"),
        ("Militants who overran the Maymay district of Badakhshan province on Monday were foreign fighters, officials said.", "Non-state actor overtakes territory"),
        ("Leader killed in Khorog\n\nAn informal leader of Gorno-Badakhshan was shot to death by unidentified assailants in his home in Khorog overnight.", "Attack"),
        ("On Monday gunmen killed three soldiers near Panj.", "Armed clash"),
        ("On Wednesday Afghan forces opened fire in the Spina Shaga area of Kurram, forcing the closure of the crossing.", "Armed clash"),
        ("On Saturday several hundred residents gathered in Khorog to demand the resignation of the governor and the removal of police checkpoints.", "Peaceful protest"),
    ],
)
def test_acled_types(text, sub_event_type):
    (incident,) = incidents_of(text)
    assert incident.sub_event_type == sub_event_type
    assert incident.event_type == SUB_EVENT_TYPES[sub_event_type] and incident.event_type in EVENT_TYPES


def test_origin_province_across_the_border():
    text = "On Sunday, militants from Afghanistan's Takhar province attacked a post in the Shamsiddin Shohin district of Khatlon."
    (incident,) = incidents_of(text)
    assert incident.origin.place.name == "Takhar" and incident.origin_country == "AF"
    assert incident.target.place.name == "Shamsiddin Shohin"  # a district beats a region
    assert incident.date == dt.date(2025, 11, 30)


def test_dateline_date_and_place():
    text = "DUSHANBE, Nov 27 (Reuters) – Gunmen opened fire on Tajik border guards near Panj on Wednesday, killing one guard."
    (incident,) = incidents_of(text, published=dt.date(2025, 11, 27))
    assert incident.date == dt.date(2025, 11, 26) and incident.killed == 1
    assert incident.target.place.name == "Panj"


def test_event_after_publication_is_flagged_not_kept_silently():
    (incident,) = incidents_of("On March 3, 2026 a drone attack hit a camp in Khatlon.")
    assert incident.date == dt.date(2026, 3, 3)
    assert incident.flags == ("date 2026-03-03 is after the publication date 2025-12-02",)


def test_no_date_uses_the_publication_month_and_says_so():
    (incident,) = incidents_of("A drone attack on a camp in Khatlon killed three workers.")
    assert (incident.date, incident.date_precision) == (PUBLISHED, "month")
    assert incident.flags == ("no date stated: the publication date is used",)


def test_article_without_incidents_gives_an_empty_list():
    assert incidents_of("Dushanbe hosted a trade fair with Kabul on Monday.") == []


@pytest.mark.parametrize(("word", "value"), [("one", 1), ("Three", 3), ("12", 12), ("a dozen", 12), ("several", None)])
def test_number_words(word, value):
    assert number_value(word) == value


@pytest.mark.parametrize(
    ("text", "perpetrators", "victims"),
    [
        ("On Monday gunmen opened fire on Tajik border guards near Panj, killing one guard.", "gunmen", "Tajik border guards"),
        ("On Monday a camp in Khatlon was hit by a drone launched by Taliban fighters, killing two workers.", "Taliban fighters", None),
        ("On Monday three soldiers were killed in Khatlon.", None, None),
    ],
)
def test_perpetrators_are_the_actors_not_the_victims(text, perpetrators, victims):
    (incident,) = incidents_of(text)
    assert incident.perpetrators == perpetrators
    if victims:
        assert incident.victims == victims


# -- phrasings of real reports, written for these tests ---------------------------------------


def test_a_clash_with_no_casualty_figure_is_an_incident_with_unknown_counts():
    (incident,) = incidents_of("Armed clashes erupted between Tajik border guards and Taliban fighters near Panj on Sunday.")
    assert (incident.event_type, incident.killed, incident.wounded) == ("Battles", None, None)
    assert incident.date == dt.date(2025, 11, 30)


def test_casualties_told_later_by_a_nurse_belong_to_the_shooting():
    text = (
        "Security forces opened fire on a crowd of protesters in Khorog on Monday. "
        "The crowd had gathered outside the regional administration. "
        "A nurse at the regional hospital said two bodies had been brought in and nine people were wounded."
    )
    (incident,) = incidents_of(text)
    assert (incident.event_type, incident.sub_event_type) == ("Protests", "Excessive force against protesters")
    assert (incident.killed, incident.wounded) == (2, 9)
    assert [e.quote for e in incident.evidence] == [sentence.strip() for sentence in re.split(r"(?<=\.) ", text)]  # the crowd's place too


def test_one_event_told_over_several_sentences_and_the_headline_is_one_battle():
    text = (
        "Tajik border guards kill three intruders\n\n"
        "On Sunday night a group of armed men tried to cross the Panj river into Tajikistan's Khatlon region. "
        "The border guards told them to surrender, but the intruders opened fire. "
        "All three were killed in the ensuing exchange of fire, the border service said."
    )
    (incident,) = incidents_of(text)
    assert (incident.event_type, incident.killed, incident.date) == ("Battles", 3, dt.date(2025, 11, 30))
    assert incident.evidence[0].quote == "Tajik border guards kill three intruders"


def test_the_place_named_in_a_later_sentence_gives_the_province():
    text = (
        "Tajik border guards clashed with drug smugglers on Monday, killing two of them. "
        "The incident occurred near a border post of the Panj detachment in the Shamsiddin Shohin district."
    )
    (incident,) = incidents_of(text)
    assert incident.target.place.admin1 == "Khatlon"


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("Clash on the Tajik border: 1 killed, 4 injured", 1, 4),
        ("On Monday, two people, including a child, were killed in shelling of Panj.", 2, None),
        ("On Monday three intruders and two border guards were killed in a clash near Panj.", 5, None),
        ("On Monday a clash near Panj left dozens of people wounded.", None, 12),
        ("On Monday shelling hit Panj. The death toll rose to 7, officials said.", 7, None),
        ("On Monday a border guard was killed in a clash near Panj.", 1, None),
        ("On Monday guards clashed with smugglers near Panj. One of the smugglers was killed and a second was wounded.", 1, 1),
        ("On Monday gunmen opened fire on a post near Panj, killing twenty-five soldiers.", 25, None),
    ],
)
def test_counts_of_real_reports(text, killed, wounded):
    (incident,) = incidents_of(text)
    assert (incident.killed, incident.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Gunmen opened fire on a border post near Panj on Sunday evening.", dt.date(2025, 11, 30)),
        ("Gunmen opened fire on a border post near Panj last night.", dt.date(2025, 12, 1)),
        ("On the night of November 18, gunmen opened fire on a border post near Panj.", dt.date(2025, 11, 18)),
        ("DUSHANBE, Dec 2 (Reuters) - Gunmen opened fire on a border post near Panj on Sunday.", dt.date(2025, 11, 30)),
        ("Officials said on Tuesday that gunmen had opened fire on a border post near Panj on Sunday.", dt.date(2025, 11, 30)),
        ("New Delhi, Dec 02: Gunmen opened fire on a border post near Panj on Sunday.", dt.date(2025, 11, 30)),
    ],
)
def test_dates_of_real_reports(text, date):
    (incident,) = incidents_of(text)
    assert incident.date == date and incident.date_precision == "day"


def test_an_earlier_attack_recalled_at_the_end_is_background():
    text = (
        "On Sunday gunmen from Afghanistan attacked a border post near Panj, killing one guard.\n\n"
        "In November 2024, a similar attack on a Chinese mining camp in Shamsiddin Shohin district killed one worker."
    )
    main, earlier = incidents_of(text)
    assert main.primary and not earlier.primary
    assert (earlier.date_precision, earlier.killed) == ("month", 1)


def test_a_denied_attack_is_kept_and_marked_disputed():
    text = (
        "Afghan media reported on Monday that Tajik border guards fired on Taliban fighters near Ishkashim. "
        "The Tajik border service denied the reports."
    )
    (incident,) = incidents_of(text)
    assert incident.disputed and incident.confidence < 1


def test_a_second_event_on_another_day_is_its_own_incident():
    text = (
        "On Sunday gunmen attacked a border post near Panj, killing one guard. "
        "Also on Monday, two smugglers were killed in a clash near Farkhor."
    )
    first, second = incidents_of(text)
    assert (first.date, second.date) == (dt.date(2025, 11, 30), dt.date(2025, 12, 1))
    assert (first.killed, second.killed) == (1, 2)


@pytest.mark.parametrize(
    "text",
    [
        "Chinese diplomats called on workers at gold mines in northern Afghanistan to evacuate.",
        "Last year Tajik border troops fought 30 armed skirmishes with drug smugglers, killing 16 of them.",
        "Russian and Tajik troops held drills near the border to practise repelling an attack.",
        "Last year alone there were at least fourteen cases of violence on the border, in which six Tajik nationals were killed.",
        "Fighting in northern Afghanistan has increased since the withdrawal of most foreign troops last year.",
        "When leaders of the security bloc gathered in Dushanbe on September 15, the talk was of the border.",
        "Leaders of the security bloc gathered at the headquarters in Dushanbe on September 15 to talk of the border.",
        "On Monday hundreds of people from the villages of the Isfara district gathered for the funeral of the two guards.",
        "On Monday a driver near Maksat blocked the road for another car to draw the attention of passers-by, the police said.",
        "Security committee: more than 5,000 gunmen concentrated along Tajik-Afghan border\n\nDushanbe is worried by armed units massing along the border.",
    ],
)
def test_more_summaries_and_talk_are_not_incidents(text):
    assert incidents_of(text) == []


def test_two_events_with_their_own_days_in_one_sentence_are_two_incidents():
    text = "Police said one man was killed in Darayim district on May 3, and another resident was killed in Argo district on May 4."
    first, second = incidents_of(text, published=dt.date(2024, 5, 10))
    assert (first.date, second.date) == (dt.date(2024, 5, 3), dt.date(2024, 5, 4))
    assert first.target.place.admin1 == second.target.place.admin1 == "Badakhshan"


def test_two_armies_trading_fire_with_mortars_is_a_battle_but_a_drone_strike_stays_remote():
    (clash,) = incidents_of("On Monday Kyrgyz and Tajik border guards clashed near Vorukh, firing mortars at each other's posts.")
    assert (clash.event_type, clash.sub_event_type) == ("Battles", "Armed clash")
    (strike,) = incidents_of("On Monday a drone struck a Tajik border post near Panj during a clash with smugglers.")
    assert strike.sub_event_type == "Air/drone strike"


def test_the_two_sides_of_a_border_clash_are_one_incident():
    text = (
        "A Tajik border guard was killed on Tuesday in an exchange of fire with Kyrgyz troops near Vorukh. "
        "Kyrgyzstan's border service said a shot was fired from a Tajik post towards a Kyrgyz checkpoint in the Batken region."
    )
    (incident,) = incidents_of(text)
    assert incident.killed == 1 and len(incident.evidence) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Tajik border guards have rarely suffered losses in clashes with smugglers in recent years.",
        "The NRF has fought the Taliban since August 2021, mostly in Panjshir.",
        "Taliban officials denied any connection to the attacks.",
    ],
)
def test_habits_and_ongoing_wars_are_not_incidents(text):
    assert incidents_of(text) == []


def test_a_district_and_a_neighbours_region_give_the_admin1():
    (afghan,) = incidents_of("On Monday Taliban forces fired on farmers in the Shahr-e Buzurg district, killing one.")
    assert afghan.target.place.kind == "admin2" and afghan.target.place.admin1 == "Badakhshan"
    (kyrgyz,) = incidents_of("On Monday Kyrgyz and Tajik troops clashed in Batken region, killing two.")
    assert (kyrgyz.target.place.country, kyrgyz.target.place.admin1) == ("KG", "Batken")


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        (  # the headline's total already holds the per-side figures of the body
            "Two dead in clash on Tajik border\n\nOn Saturday a patrol clashed with armed intruders near Panj. "
            "One of the intruders was killed and a second was wounded. A warrant officer of the border troops was also killed.",
            2, 1,
        ),
        (  # the body's sides add up when the headline gives no figure
            "Commander among dead in border shootout\n\nOn Saturday the commander of a Tajik border detachment was killed and "
            "four of his men wounded in a firefight near Panj. Three of the trespassers were also killed.",
            4, 4,
        ),
        ("On Sunday Tajik border guards said that four gunmen who crossed from Afghanistan were killed near Panj.", 4, None),
        (  # the lede's list already counts the guard the body tells of again
            "At least 12 militants and one border guard were killed on Wednesday in a firefight near Panj. "
            "Twelve militants were killed, an official said. One border ensign was also killed, he added.",
            13, None,
        ),
        (  # … but a class the list did not count adds to it
            "At least 12 militants and one border guard were killed on Wednesday in a firefight near Panj. "
            "Two civilians were also killed, an official said.",
            15, None,
        ),
    ],
)
def test_counts_across_the_headline_and_the_body(text, killed, wounded):
    (incident,) = incidents_of(text)
    assert (incident.killed, incident.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    "text",
    [
        "On Monday gunmen attacked the camp of a Chinese gold-mining company near Panj, killing one worker.",
        "On Sunday two Tajik citizens were killed when their car was fired on from across the border near Farkhor, officials said; border guards opened fire.",
    ],
)
def test_armed_men_against_unarmed_people_is_violence_against_civilians(text):
    (incident,) = incidents_of(text)
    assert (incident.event_type, incident.sub_event_type) == ("Violence against civilians", "Attack")


def test_a_weapons_cache_is_no_grenade_attack_and_the_included_victims_make_it_a_battle():
    text = (
        "On Wednesday five people, including two Tajik border guards, were killed after armed men crossed from Afghanistan "
        "and attacked a post in Shamsiddin Shokhin district. Guards recovered rifles, pistols and hand grenades."
    )
    (incident,) = incidents_of(text)
    assert (incident.event_type, incident.sub_event_type, incident.killed) == ("Battles", "Armed clash", 5)
    assert incident.target.place.admin1 == "Khatlon" and incident.origin_country == "AF"


def located(text, published=PUBLISHED):
    from geo.locate import locate_all

    return locate_all(incidents_of(text, published))


@pytest.mark.parametrize(
    ("text", "dates", "killed"),
    [
        # "died of his wounds on Tuesday" dates the death, not the clash
        ("Major dies of wounds after border clash\n\nA major who was shot during fighting at the crossing died on Tuesday. "
         "Gunfire first broke out on Sunday evening at the crossing.", ["2025-11-30"], [1]),
        # a sentence that recalls an earlier event with its own toll tells two events
        ("Jets bombed smugglers\n\nAircraft struck the Afghan side of the border early on Monday, killing six traffickers, "
         "after a clash in which two Tajik border guards died.", ["2025-12-01", "2025-12-02"], [6, 2]),
        # "also on Sunday" is another event the same day
        ("Guards clash with smugglers\n\nOn Sunday, border guards clashed with smugglers near Panj, killing one. "
         "Also on Sunday, two Tajik citizens were killed when their car was fired on from across the border.", ["2025-11-30", "2025-11-30"], [1, 2]),
        # "another conflict occurred" the same day: a protest, then a fight
        ("Border conflict\n\nResidents of a Tajik village gathered on Sunday near Kok-Tash to protest against a new road. "
         "Another conflict occurred on Sunday in the Leilek district, where one man was injured when villagers threw stones at guards.",
         ["2025-11-30", "2025-11-30"], [None, None]),
    ],
)
def test_events_told_together_are_told_apart(text, dates, killed):
    found = incidents_of(text)
    assert sorted(i.date.isoformat() for i in found) == sorted(dates)
    unknown_last = lambda count: (count is None, count or 0)  # noqa: E731
    assert sorted((i.killed for i in found), key=unknown_last) == sorted(killed, key=unknown_last)


def test_a_strike_told_place_by_place_is_one_incident_per_place_with_the_strike_s_type_and_day():
    text = ("Pakistani airstrikes kill eight in Paktika and Khost\n\nPakistani aircraft bombed homes in Paktika and Khost "
            "provinces at 3 a.m. on Monday, killing eight people. In the Laman area of Barmal district in Paktika, six people "
            "were killed. In Sepera district of Khost, two women were killed.")
    first, second = located(text)
    assert (second.placement.admin1, second.incident.killed, second.incident.date.isoformat()) == ("Khost", 2, "2025-12-01")
    assert second.incident.sub_event_type == first.incident.sub_event_type == "Air/drone strike"
    assert first.placement.admin1 == "Paktika" and second.incident.primary


@pytest.mark.parametrize(
    ("sequel", "date"),
    [
        ("Hours later, fighting broke out between Taliban and Pakistani border troops in Paktia province.", "2025-12-01"),
        ("Iranian media said a post commander had been killed by Taliban gunmen a week earlier.", "2025-11-24"),
    ],
)
def test_an_event_told_from_the_one_before_takes_its_day(sequel, date):
    text = "Airstrikes hit Paktika\n\nPakistani aircraft bombed homes in Paktika province on Monday, killing eight people. " + sequel
    assert incidents_of(text)[-1].date.isoformat() == date


def test_the_headline_and_the_lede_tell_the_main_events_the_rest_is_background():
    text = ("Tajik guards kill two traffickers\n\nTajik border guards killed two Afghan drug traffickers in a clash on Thursday, "
            "officials said. Earlier this week, guards shot dead one suspected trafficker in a separate gunfight.")
    main, earlier = incidents_of(text)
    assert (main.primary, earlier.primary) == (True, False)


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        ("Four Taliban members were killed or wounded in the clash on Monday.", None, None),
        ("On December 27, two Tajik soldiers and several smugglers were killed in a gun battle.", 12, None),
        ("Pakistani aircraft bombed homes on Monday, killing three women and three children.", 6, None),
        ("Lieutenant Umedjon Hasanov was killed in a skirmish with smugglers on Monday.", 1, None),
        ("Officials say a group of men stopped his car on Monday and beat him to death.", 1, None),
        ("On Monday guards opened fire on migrants, leaving dozens dead, wounded or missing.", None, None),
        ("The Taliban took the crossing on Monday; it was not clear how many soldiers were killed.", None, None),
        ("On Monday 71 rockets fired from Pakistan landed in Kunar province but no casualty is reported.", 0, 0),
    ],
)
def test_counts(sentence, killed, wounded):
    (found,) = incidents_of("Border violence\n\n" + sentence)
    assert (found.killed, found.wounded) == (killed, wounded)


def test_each_side_s_toll_adds_up_across_sentences():
    text = ("Pakistan and Afghan forces clash\n\nOn Saturday night Afghan forces opened fire on Pakistani posts along the border in Kurram district. "
            "The military said 23 Pakistani soldiers were killed in that fighting. A Taliban spokesman said nine Afghan fighters were killed.")
    assert incidents_of(text)[0].killed == 32


def test_a_toll_update_dates_the_count_not_the_event():
    text = ("Death toll climbs to 59\n\nThe number of people killed in the fighting on the border has grown to 59, the ministry said on Sunday. "
            "The situation on the border escalated on Wednesday, when troops opened fire.")
    (found,) = incidents_of(text)
    assert (found.date.isoformat(), found.killed) == ("2025-11-26", 59)


def test_the_same_area_is_where_the_incident_before_was():
    text = ("Clash in Shahr-e Buzurg\n\nTajik border guards and Taliban fighters exchanged fire on Saturday in Shahr-e Buzurg district of "
            "Badakhshan province. The same area saw a deadly exchange on August 24, when one Taliban fighter was killed.")
    assert [i.placement.admin1 for i in located(text)] == ["Badakhshan", "Badakhshan"]


def test_an_incident_placed_only_in_a_country_takes_the_one_unit_of_it_the_article_names():
    text = ("Kyrgyz and Tajik forces trade fire\n\nKyrgyz and Tajik security forces exchanged fire on Thursday near the Kyrgyz village of "
            "Kok-Tash, officials said. Seven wounded people were taken to hospitals in the Batken region.")
    (item,) = located(text)
    assert (item.placement.country, item.placement.admin1) == ("KG", "Batken")
    assert "Kok-Tash" in item.placement.note  # the unknown village is named, not given a point


def test_afghan_smugglers_met_in_tajikistan_came_from_afghanistan():
    text = "Guards kill smugglers\n\nTajik border guards killed three armed Afghan drug smugglers in Shamsiddin Shohin district on Monday."
    assert incidents_of(text)[0].origin_country == "AF"


def test_border_guards_firing_on_migrants_is_violence_against_civilians():
    text = "Migrants shot\n\nIranian border guards opened fire on Afghan migrants on Monday, killing two of them."
    assert incidents_of(text)[0].event_type == "Violence against civilians"


def test_two_figures_for_one_side_are_two_claims_and_the_lower_counts():
    text = ("Several killed as forces clash on the border\n\nAfghan border police and Pakistani troops clashed on Sunday, leaving several dead. "
            "Afghan officials said six Pakistani troops were killed. Pakistani officials said two Pakistani soldiers were killed. "
            "An Afghan border police officer and a local tribesman were also killed.")
    assert incidents_of(text)[0].killed == 4  # 2 Pakistani (the lower claim) + 2 Afghans; "several" gives way to figures


def test_the_lede_dates_the_headline_s_event_without_an_event_word():
    text = ("Drug trafficker killed in skirmish on Tajik-Afghan border\n\nDUSHANBE, December 2 – At the end of last week, Tajik border "
            "guards thwarted a group of armed traffickers near Panj. As a result of the skirmish, one of the trespassers was killed.")
    (found,) = incidents_of(text)
    assert (found.date.isoformat(), found.date_precision, found.killed, found.origin_country) == ("2025-11-29", "week", 1, None)


def test_a_dateline_on_its_own_line_is_not_where_it_happened():
    text = "Taliban abduct four Tajik border guards in Kunduz\n\nBaku.\n\nTaliban militants have abducted four Tajik border guards in Afghanistan's Kunduz province."
    (item,) = located(text)
    assert (item.placement.country, item.placement.admin1) == ("AF", "Kunduz")


def test_a_battle_told_with_a_inside_a_kidnapping_story_is_another_event():
    text = ("Militants kidnap guards\n\nMilitants kidnapped three Tajik border guards on Friday and took them to Afghanistan. "
            "One border guard died in a firefight with a small group of militants this month.")
    kidnap, firefight = incidents_of(text)
    assert (kidnap.sub_event_type, kidnap.killed) == ("Abduction/forced disappearance", None)
    assert firefight.killed == 1


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_extreme_publication_dates_do_not_overflow(published):
    text = "Clash\n\nTwo guards were killed on Monday near Panj, a week after an attack last year that killed one."
    assert [i.killed for i in incidents_of(text, published)] != []


@pytest.mark.parametrize(
    ("text", "wounded"),
    [
        ("Guard hurt at Chaman\n\nA Pakistani soldier sustained injuries when Afghan forces fired across the border on Monday.", 1),
        ("Skirmish on the border\n\nOne smuggler was killed in the skirmish on Monday and another fled back across the river despite being wounded.", 1),
        ("Skirmish on the border\n\nIn the shootout on Monday one trespasser, aged 30, was killed and another one, Karim Nazarov, was wounded.", 1),
        ("Farmer shot at the border\n\nA resident of a village of Batken region, who received gunshot wounds on the border on Monday evening, is in intensive care.", 1),
        ("Shepherds fire at guards\n\nShepherds fired shots at the Kyrgyz border guards on Monday. One of the Tajik shepherds received a leg wound, locals said.", 1),
        ("Fishermen shot\n\nOn Sunday border guards fired at a car near Konibodom. One of them was killed and another was seriously wounded.", 1),
    ],
    ids=["sustained-injuries", "despite-being-wounded", "another-one-named", "resident-of-who-received-wounds", "one-of-received-a-wound", "another-seriously"],
)
def test_one_wounded_person_told_without_a_number(text, wounded):
    assert incidents_of(text)[0].wounded == wounded


def test_the_toll_of_an_earthquake_or_a_crash_is_no_incident():
    text = ("Rockets land near Termez\n\nTwo rockets fired from Afghanistan landed near Termez on Monday; no one was hurt. "
            "Last month an earthquake in Paktika killed more than 1,000 people and injured 1,500. "
            "Separately, three people were killed when a truck crashed into a bus near the border.")
    (found,) = incidents_of(text)
    assert (found.sub_event_type, found.killed) == ("Shelling/artillery/missile attack", 0)


def test_a_dateline_with_the_country_in_brackets_does_not_date_the_event():
    text = "Rockets hit Termez\n\nTermez [Uzbekistan], December 2 (ANI): Rockets fired from Afghanistan hit Termez on Sunday, the ministry said."
    (found,) = incidents_of(text)
    assert (found.date.isoformat(), found.date_precision) == ("2025-11-30", "day")


def test_an_attempted_hostage_taking_that_ends_in_gunfire_is_a_battle_and_a_seizure_by_guards_is_no_abduction():
    attempt = ("DUSHANBE, December 2 — Security officers foiled an attempt by armed smugglers to take a villager hostage near Panj. "
               "In the exchange of gunfire one of the smugglers was killed.")
    seizure = ("Smugglers fire on guards\n\nTen kilos of heroin were seized by Tajik border guards in Khatlon on Monday. "
               "When the guards tried to stop the smugglers, they opened fire and the guards returned fire.")
    assert [i.sub_event_type for i in incidents_of(attempt)] == ["Armed clash"]
    assert [i.sub_event_type for i in incidents_of(seizure)] == ["Armed clash"]


def test_the_sentence_that_sets_the_scene_gives_the_event_its_day_and_place():
    text = ("DUSHANBE, December 2 — Police found heroin and an assault rifle on the Panj river bank. "
            "A patrol spotted three Afghan smugglers crossing the river in Farkhor district early on Monday. "
            "When the guards ordered them to stop, the smugglers opened fire at them.")
    (item,) = located(text)
    assert (item.incident.date.isoformat(), item.incident.date_precision, item.placement.admin1) == ("2025-12-01", "day", "Khatlon")


def test_a_date_told_after_an_agency_s_hyphenated_name_is_when_it_was_said_and_a_week_dates_an_undated_event():
    text = ("Three smugglers killed on Tajik-Afghan border\n\nTajik border guards killed three armed smugglers who tried to cross the river. "
            "“The patrol met the smugglers near the Sayod post at the end of last week,” a spokesman told Asia-Plus Monday morning.")
    (found,) = incidents_of(text, dt.date(2025, 12, 1))
    assert (found.date.isoformat(), found.date_precision, found.killed) == ("2025-11-29", "week", 3)


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("Guards trade fire at Torkham\n\nAfghan and Pakistani forces exchanged fire at Torkham on Monday but there had not yet been any casualties.", 0, 0),
        ("Rockets hit Termez\n\nRockets fired from Afghanistan hit Termez on Monday; no human losses were reported.", 0, 0),
        ("Uzbek guard hurt\n\nAn Uzbek border guard was severely injured in a shooting on the Tajik border on Monday.", None, 1),
    ],
    ids=["not-yet-any-casualties", "no-human-losses", "severely-injured"],
)
def test_none_hurt_and_one_badly_hurt(text, killed, wounded):
    (found,) = incidents_of(text)
    assert (found.killed, found.wounded) == (killed, wounded)


def test_a_wire_dateline_with_city_and_country_is_neither_the_date_nor_the_place():
    text = ("Three militants killed in Tajikistan\n\nBAKU, Azerbaijan, December 2. On the morning of November 30, Tajik security "
            "forces surrounded the militants in Khatlon, who opened fire. Three members of the group were killed.")
    (item,) = located(text)
    assert (item.incident.date.isoformat(), item.incident.killed, item.placement.country) == ("2025-11-30", 3, "TJ")


def test_a_date_right_after_an_agency_with_a_slash_is_when_it_was_said():
    text = ("DUSHANBE, Tajikistan -- A student has told of his kidnap ordeal at the hands of Afghan smugglers. "
            "He told RFE/RL today he was abducted in Kulob and taken across the border into Afghanistan.")
    assert len(incidents_of(text)) == 1  # one kidnapping, not a second one "today"


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Two militants killed\n\nThe two men crossed into Tajikistan on Monday and both individuals were killed in the operation.", 2),
        ("Officer killed\n\nOn Monday a senior security officer was earlier that day killed in a clash with smugglers.", 1),
        ("General killed\n\nIn 2012 General Abdullo Nazarov was stabbed to death near Khorog.", 1),
        ("Smugglers killed by drone\n\nA drone struck smugglers on Monday; in the morning officers discovered the bodies of two Afghan nationals at the site.", 2),
    ],
    ids=["both", "earlier-that-day", "stabbed-to-death", "bodies-of"],
)
def test_people_killed_told_without_a_figure(text, killed):
    assert incidents_of(text)[0].killed == killed


def test_a_day_the_opening_gives_before_any_violence_is_told_dates_the_first_event():
    text = ("The border service reported details of the conflict at the entrance to Vorukh.\n\n"
            "According to the service, the incident occurred on the Kyrgyz-Tajik border on November 28. "
            "The cause was a flagpole that villagers put up. Residents of the two villages argued. "
            "A skirmish broke out and five people were injured.")
    (found,) = incidents_of(text)
    assert (found.date.isoformat(), found.date_precision, found.wounded) == ("2025-11-28", "day", 5)


def test_the_capture_of_a_city_by_the_taleban_is_a_takeover_of_territory():
    text = "Kunduz falls\n\nThe capture of the Afghan city of Kunduz by Taleban in late September alarmed Dushanbe."
    assert [i.sub_event_type for i in incidents_of(text)] == ["Non-state actor overtakes territory"]


def test_a_speaker_dates_what_they_tell_from_the_day_they_spoke():
    text = ("Farmer kidnapped\n\nA villager told reporters on November 20 that two weeks ago drug smugglers kidnapped his brother "
            "near the Tajik-Afghan border.")
    (found,) = incidents_of(text)
    assert (found.date.isoformat(), found.date_precision) == ("2025-11-06", "week")


def test_a_recall_with_no_day_toll_or_place_is_no_incident_but_one_with_a_toll_is():
    vague = "Turkmen guards clash with Taliban\n\nTurkmen border guards clashed with the Taliban on Monday. Earlier, the Taliban had clashed with Iranian and Pakistani forces over border issues."
    told = "Turkmen guards clash with Taliban\n\nTurkmen border guards clashed with the Taliban on Monday. Earlier, the Taliban had clashed with Iranian forces, killing two guards."
    assert len(incidents_of(vague)) == 1
    assert [i.killed for i in incidents_of(told)] == [None, 2]


@pytest.mark.parametrize(
    "text",
    [
        "Villagers clash at Vorukh\n\nOn Monday a skirmish broke out between the residents of the two villages and five people were injured.",
        "Stones thrown on the Kyrgyz-Tajik border\n\nSome 200 villagers gathered on both sides of the border on Monday and threw stones at each other.",
        "Incident on the border\n\nThe incident occurred on Monday night near Batken. Two men were hurt when their car was stoned.",
        "Violence at Chorkuh\n\nOn Monday cross-border violence between villages in Kyrgyzstan and Tajikistan left ten people injured in Isfara.",
    ],
    ids=["between-residents", "stones-at-each-other", "a-car-stoned", "violence-between-villages"],
)
def test_two_communities_fighting_each_other_is_mob_violence(text):
    (found,) = incidents_of(text)
    assert (found.event_type, found.sub_event_type) == ("Riots", "Mob violence")


def test_a_prelude_of_the_day_before_is_its_own_incident_where_the_main_one_was_and_the_same_day_is_told_with_the_main_one():
    text = ("Kyrgyz and Tajik forces trade fire\n\nBISHKEK, December 2 (Reuters) - One person was killed on Monday when Kyrgyz and "
            "Tajik forces exchanged fire near the Kyrgyz village of Kok-Tash in the Batken region. "
            "Residents of border villages hurled rocks at one another late on Sunday. "
            "On Monday afternoon border troops joined in and the confrontation turned into a gunfight.")
    battle, stones = located(text)
    assert (battle.incident.sub_event_type, battle.incident.date.isoformat(), len(battle.incident.evidence)) == ("Armed clash", "2025-12-01", 3)
    assert (stones.incident.sub_event_type, stones.incident.date.isoformat(), stones.placement.admin1) == ("Mob violence", "2025-11-30", "Batken")


def test_people_shot_by_a_country_s_guards_while_crossing_into_it_were_shot_there():
    text = ("Ten Afghans killed by Iranian border guards\n\nResidents of Afghanistan's Farah province were shot dead on Monday night "
            "by Iranian border guards while attempting to cross into Iran illegally, officials said.")
    (item,) = located(text)
    assert (item.placement.country, item.incident.origin_country) == ("IR", "AF")


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("Shepherd kidnapped in Khatlon\n\nOn Monday a group of armed Afghan drug dealers crossed the river and kidnapped a shepherd in Khatlon's Farkhor district.", "AF"),
        ("Cricketers killed\n\nThree players were killed on Monday in a Pakistan air strike on a house in Urgun district of Paktika province.", "PK"),
        ("Three militants killed\n\nOn Monday three militants crossed the Tajik-Afghan border and were killed in Khatlon's Shamsiddin Shohin district.", "AF"),
    ],
    ids=["drug-dealers", "a-country-s-air-strike", "crossed-the-border"],
)
def test_where_the_attackers_came_from(text, origin):
    (found,) = incidents_of(text)
    assert found.origin_country == origin


@pytest.mark.parametrize(
    "text",
    [
        "Taliban take two districts\n\nOn Monday the Taliban captured two strategically located districts bordering Tajikistan.",
        "Officials said on Monday the outnumbered Afghan forces withdrew from Darqad district in Takhar.",
        "The crossing was closed after Taliban militants on Monday overran the Ai Khanum district.",
        "Officials said the insurgents were in control of the districts of Darqad and Yangi Qala on Monday.",
        "Taliban take district in Badakhshan\n\nThe Yamgan district fell to the Taliban on Monday.",
    ],
    ids=["captured-districts", "forces-withdrew", "overran", "in-control-of", "take-district"],
)
def test_territory_taken_by_an_armed_group_is_a_takeover(text):
    assert [i.sub_event_type for i in incidents_of(text)] == ["Non-state actor overtakes territory"]


def test_a_wounded_man_taken_to_a_city_hospital_is_no_takeover():
    text = "Guard wounded\n\nA guard was wounded on Monday near Isfara. He was taken to the Isfara city hospital with bullet wounds."
    assert [i.sub_event_type for i in incidents_of(text)] != ["Non-state actor overtakes territory"]


def test_an_attack_from_a_neighbouring_district_of_the_same_country_has_no_origin_across_a_border():
    text = "Taliban take Yamgan\n\nOn Monday militants from Jurm district attacked Yamgan district of Badakhshan province, killing 3."
    (found,) = incidents_of(text)
    assert (found.origin_country, found.origin) == (None, None)


def test_a_spokesman_telling_what_happened_on_a_day_tells_an_event_but_a_summoned_ambassador_does_not():
    told = ("Crossing closed\n\nA spokesman for the border guards says the crossing was closed after Taliban militants on November 28 "
            "overran the Ai Khanum district across the river.")
    talk = "Ambassador summoned\n\nKabul summoned Pakistan's ambassador on Tuesday to protest against the violence."
    assert [i.sub_event_type for i in incidents_of(told)] == ["Non-state actor overtakes territory"]
    assert incidents_of(talk) == []


def test_the_incident_took_place_in_a_village_is_no_takeover_and_last_month_is_another_event():
    took_place = "Villager shot\n\nKyrgyz guards shot a villager on Monday. The incident took place in the village of Khoja Alo."
    last_month = ("Taliban take Yamgan\n\nThe Taliban captured Yamgan district on Monday. The militants killed 28 government troops "
                  "in neighbouring Jurm district last month.")
    assert "Non-state actor overtakes territory" not in [i.sub_event_type for i in incidents_of(took_place)]
    assert [i.date_precision for i in incidents_of(last_month)] == ["day", "month"]


def test_a_sentry_s_firing_at_pedestrians_is_an_attack():
    text = "Firing at Chaman\n\nAn Afghan sentry at the Chaman crossing opened unprovoked and indiscriminate firing at pedestrians on Wednesday."
    assert [i.sub_event_type for i in incidents_of(text)] == ["Attack"]


def test_an_unknown_place_situated_by_a_place_across_the_border_is_on_the_other_side():
    text = ("Crossing closed\n\nThe crossing was closed after Taliban militants on Monday overran the Ai Khanum district "
            "bordering Tajikistan's Farkhor district (Khatlon province). The Taliban now hold much of northern Afghanistan.")
    (item,) = located(text)
    assert item.placement.country == "AF"


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("Rockets kill boy\n\nRockets fired by militants inside Afghanistan killed a boy and wounded seven children in northwest Pakistan on Thursday.", "AF"),
        ("Children killed\n\nAt least four children were killed in Kunar province on Monday by cross-border shelling from Pakistani soil.", "PK"),
        ("Shelling in Kunar\n\nOn Monday cross-border shelling killed two civilians in Asadabad in Kunar province.", "PK"),
        ("Guards shot\n\nOn Monday two border guards were wounded in a cross-border attack on a post in Khatlon's Panj district.", "AF"),
    ],
    ids=["militants-inside", "a-neighbour-s-soil", "nearest-border-of-kunar", "nearest-border-of-panj"],
)
def test_where_cross_border_fire_came_from(text, origin):
    (found,) = incidents_of(text)
    assert found.origin_country == origin


def test_tolls_over_years_and_annual_figures_sum_up_and_are_no_incident():
    text = ("One killed by landmine\n\nOne man was killed and one was wounded on Thursday when a landmine exploded in Khatlon's Panj district. "
            "According to the Tajik Mine Action Center, 374 people were killed and 485 wounded by land mines in the past twenty years. "
            "A rights group's annual monitoring found that in 2024 security forces shot 484 civilians, killing 163.")
    (found,) = incidents_of(text)
    assert (found.killed, found.wounded) == (1, 1)


def test_a_day_before_the_report_verb_or_after_a_statement_is_when_it_was_said():
    text = ("Two dead in border clash\n\nThe government on Friday confirmed that two of its citizens were killed in skirmishes in Khatlon. "
            "The border service issued a statement about it yesterday. The clashes erupted on Wednesday night.")
    (found,) = incidents_of(text, published=dt.date(2025, 11, 29))
    assert found.date.isoformat() == "2025-11-26"


def test_a_dateline_of_city_month_and_day_with_a_colon_does_not_date_the_event():
    text = ("Guards kill six migrants\n\nTEHRAN, SEPT 10: Iranian border guards opened fire on Afghan migrants crossing into "
            "Sistan-Baluchestan province, killing six people. The incident took place on September 8 in the Saravan area.")
    (found,) = incidents_of(text, published=dt.date(2025, 9, 10))
    assert (found.date.isoformat(), found.killed) == ("2025-09-08", 6)


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        ("Five killed at border post\n\nOn Tuesday intruders attacked a border post in Khatlon, killing two guards. "
         "The incident demonstrated the failure of the security forces to guard the border.", "Armed clash"),
        ("Protesters shot\n\nOn Tuesday police fired on hundreds who demonstrated in Khorog, wounding three.", "Excessive force against protesters"),
    ],
    ids=["demonstrated-a-failure", "demonstrated-in-a-town"],
)
def test_demonstrated_is_a_protest_only_when_people_demonstrated_somewhere(text, sub_event):
    (found,) = incidents_of(text)
    assert found.sub_event_type == sub_event


def test_the_day_of_a_date_is_no_count_of_incidents():
    text = ("Man killed fleeing to Tajikistan\n\nTaliban militants killed an Afghan man who tried to flee to Tajikistan. A source in Ishkashim "
            "told RFE/RL on October 3 that the incidents occurred the previous day, when militants raided the area.")
    (found,) = incidents_of(text, published=dt.date(2021, 10, 4))
    assert found.date.isoformat() == "2021-10-02"


def test_the_sept_11_attacks_are_recalled_not_told():
    text = ("Troops to leave\n\nOn Tuesday two border guards were killed in a clash in Khatlon. The president ordered the departure "
            "of all forces by the 20th anniversary of the Sept 11 attacks that triggered the war.")
    assert len(incidents_of(text)) == 1


def test_no_injured_was_reported_is_none_wounded():
    (found,) = incidents_of("Shots in Khorog\n\nOn Tuesday police officers fired shots in Khorog. No injured was reported.")
    assert found.wounded == 0


def test_a_place_the_event_was_inside_outranks_the_province_the_sentence_names():
    text = ("Migrants shot\n\nA spokesman for Farah province said ten Afghan citizens were killed on Monday by Iranian border police "
            "in the area of Pashmaki at the soil of Iran.")
    (found,) = incidents_of(text)
    assert found.target.unit.country == "IR"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Several clashes occurred on the border in 2013 as well. On May 7, a clash between villagers left 60 people injured.", "2013-05-07"),
        ("Several clashes occurred on the border in 2013 as well.\n\nOn May 7, a clash between villagers left 60 people injured.", "2014-05-07"),
        ("The commander of the post was born in 1992. On May 7, a clash between villagers left 60 people injured.", "2014-05-07"),
        ("Relations have been tense since 2010. On May 7, a clash between villagers left 60 people injured.", "2014-05-07"),
    ],
    ids=["year-told-before", "next-paragraph", "born-in", "since"],
)
def test_a_day_without_a_year_is_in_the_year_its_paragraph_tells_of(text, date):
    (found,) = incidents_of(text, published=dt.date(2014, 8, 12))
    assert found.date.isoformat() == date


def test_an_event_of_a_later_month_than_the_one_before_is_another_event():
    text = ("Border clashes\n\nOn May 7, 2013, a clash between villagers left 60 people injured near Vorukh.\n\n"
            "In January, an armed clash occurred between the border guards of Kyrgyzstan and Tajikistan near Batken.")
    dates = sorted(i.date.isoformat()[:7] for i in incidents_of(text, published=dt.date(2014, 8, 12)))
    assert dates == ["2013-05", "2014-01"]


def test_a_complaint_on_friday_dates_the_complaint_and_an_assault_last_weekend_is_another_event():
    text = ("Children killed in shelling\n\nAfghanistan on Friday complained to Pakistan about the shelling of Afghan villages in which four "
            "children were killed. Ten Pakistani artillery shells landed in Sarkano district of Kunar province on Thursday night, killing "
            "four children. Pakistani forces launched an air and ground assault against militants in Mohmand last weekend.")
    found = incidents_of(text, published=dt.date(2011, 6, 24))
    assert [(i.date.isoformat(), i.date_precision) for i in found] == [("2011-06-23", "day"), ("2011-06-18", "week")]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Border assault\n\nSarkano is just across the border from the Mohmand tribal agency, where Pakistani forces launched an air and "
         "ground assault against militants on Sunday.", "PK"),
        ("Student freed\n\nA student said he was abducted in Kulob on Monday and taken across the border into Afghanistan, where he "
         "spent 20 days as a hostage.", "TJ"),
    ],
    ids=["the-scene-of-the-where-clause", "where-he-was-taken-to"],
)
def test_a_place_followed_by_where_and_the_event_is_its_scene(text, country):
    (found,) = incidents_of(text)
    assert found.target.unit.country == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Turkmen troops killed\n\nThree Turkmen soldiers were killed on May 24 by a small armed group that crossed the border from the "
         "Ghormach region of Afghanistan's Faryab province. The acting head of Afghanistan's Ghormach district said the intruders took their weapons back "
         "to Afghanistan. Turkmenistan did not comment.", "TM"),
        ("Turkmen guards killed\n\nThree border guards of Turkmenistan were killed on Wednesday night in Moqor district of Badghis province. "
         "The Taliban militants initially entered the Turkmenistan territory and opened fire on the border guards.", "TM"),
    ],
    ids=["the-place-they-came-from-is-no-scene", "militants-entered-the-territory"],
)
def test_the_side_of_a_cross_border_attack_on_another_country_s_forces(text, country):
    (found,) = incidents_of(text, published=dt.date(2014, 5, 28))
    assert found.target.unit.country == country


def test_a_title_case_dateline_is_where_the_report_was_filed_not_the_scene():
    (found,) = incidents_of("Border clash\n\nNew Delhi, Dec 02: Forces of the Taliban and Iran clashed near the Afghanistan-Iran border on Sunday.")
    assert found.target is None or found.target.unit.country != "IN"
    assert found.date == dt.date(2025, 11, 30)


def test_a_headline_without_the_kind_of_event_leaves_it_to_the_lede():
    text = ("Border conflict: Tajikistan reports two wounded\n\nTwo citizens of Tajikistan were injured during a shootout on the "
            "Kyrgyz-Tajik border on Saturday. The Kyrgyz side said Tajik border guards opened mortar fire at Kyrgyz border guards.")
    (found,) = incidents_of(text)
    assert found.sub_event_type == "Armed clash"


def test_the_day_a_clash_began_is_its_date_and_the_same_event():
    text = ("Clash on the border claims eight soldiers\n\nA confrontation between Pakistani forces and the Afghan Taliban near Kurram "
            "on Monday left eight Afghan soldiers dead. The conflict erupted when the Afghan forces launched an assault on a Pakistani "
            "checkpoint in the Palosin area early Saturday morning.")
    (found,) = incidents_of(text, published=dt.date(2024, 9, 9))
    assert found.date == dt.date(2024, 9, 7) and found.killed == 8


def test_an_arrest_told_in_the_lede_is_an_incident_and_one_told_after_a_clash_is_not():
    lede = ("Two Tajiks arrested\n\nTwo nationals of Tajikistan have been arrested in Afghanistan on suspicion of being members of the "
            "Taliban, Afghan television reported on Monday.")
    (found,) = incidents_of(lede)
    assert (found.event_type, found.sub_event_type) == ("Strategic developments", "Arrests")
    after = ("Border clash\n\nOn Sunday border guards clashed with smugglers near Panj, killing two of them. The guards seized 30 kg of "
             "hashish at the scene. Later, police said three more men were detained in the village.")
    assert [i.sub_event_type for i in incidents_of(after)] == ["Armed clash"]


@pytest.mark.parametrize(
    ("side", "country", "origin"),
    [("Tajik", "KG", "TJ"), ("Kyrgyz", "TJ", "KG")],
)
def test_shots_fired_from_one_side_of_a_border_hit_the_other(side, country, origin):
    (found,) = incidents_of(
        "Border guard wounded on Tajik-Kyrgyz border\n\nA shooting took place on the Isfara stretch of the Tajik-Kyrgyz border on "
        f"Sunday morning, wounding an officer.\n\nThe shots were fired from the {side} side at around 5 a.m. in Eki-Tash area. "
        "The wounded officer was taken to a hospital in Batken."
    )
    assert (found.target.unit.country, found.origin_country) == (country, origin)


@pytest.mark.parametrize(
    ("text", "place", "origin"),
    [
        ("Shooting on the border\n\nOn Friday Tajik border guards opened fire at Kyrgyz servicemen in the Batken region, wounding two.", ("KG", "Batken"), "TJ"),
        ("Farmer wounded\n\nA farmer was wounded on Monday in the Batken region by unknown persons from the side of Tajikistan.", ("KG", "Batken"), "TJ"),
        ("Stones thrown\n\nOn Monday citizens of Kyrgyzstan began stoning Tajik border guards near Isfara.", ("TJ", "Sughd"), "KG"),
        ("Smugglers killed\n\nOn Monday Tajik border guards killed two smugglers near Panj.", ("TJ", "Khatlon"), None),
        ("Four neutralized on the border\n\nOn Sunday guards neutralized four gunmen who crossed over from neighboring Afghanistan into the Khatlon region.",
         ("TJ", "Khatlon"), "AF"),
        ("Border conflict\n\nOn Sunday Kyrgyz guards stopped residents of a Tajik village from grazing cattle in the Batken region. "
         "Unknown people from the Tajik side then began to shoot towards the Kyrgyz border guards.", ("KG", "Batken"), "TJ"),
        ("Child killed at Chaman\n\nOn Wednesday an Afghan soldier's unprovoked firing at the Chaman crossing in Balochistan killed two Pakistani citizens.",
         ("PK", "Balochistan"), "AF"),
        ("Uzbek guard killed\n\nOn Sunday Taliban militants attacked a post in the Surxondaryo region of Uzbekistan, killing one border guard.", ("UZ", "Surxondaryo"), "AF"),
        ("Soldiers killed\n\nOn Sunday Pakistani Taliban militants attacked a post in Kurram, killing two soldiers.", ("PK", "Khyber Pakhtunkhwa"), None),
    ],
    ids=["guards-of-the-other-state-fired", "from-the-side-of", "citizens-of-the-other-state-stoned", "own-guards-fired", "crossed-over-from-neighboring",
         "began-to-shoot-from-the-side", "a-soldiers-firing", "the-taliban-attacked-a-neighbour", "the-pakistani-taliban-are-not-afghanistan"],
)
def test_what_the_other_states_people_did_on_a_border_came_from_that_state(text, place, origin):
    (found,) = incidents_of(text)
    assert (found.target.unit.country, found.target.unit.admin1, found.origin_country) == (*place, origin)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Villagers shaken on the border\n\nOn Monday several shells fired from Afghanistan landed in the village of Ruzvai in the Darvoz "
         "district of Gorno-Badakhshan. No one was hurt by the fire from a battle between the army and the Taliban in Afghanistan's Nusai district.",
         ("TJ", "Gorno-Badakhshan")),
        ("Mortar fired from Afghanistan hurts woman in Bajaur\n\nA woman was wounded on Tuesday when a mortar shell landed in a village "
         "near the border. Officials blamed militants in Afghanistan's Kunar province.", ("PK", "Khyber Pakhtunkhwa")),
    ],
    ids=["where-the-shells-landed", "headline-fired-from-hurts-in"],
)
def test_shells_fired_from_a_country_land_on_the_other_side_whatever_place_the_fighting_had(text, place):
    (found,) = incidents_of(text)
    assert (found.target.unit.country, found.target.unit.admin1, found.origin_country) == (*place, "AF")


@pytest.mark.parametrize(
    ("second", "date"),
    [
        ("Helicopters also bombarded four villages in Khost province, killing two children, a resident said.", "2025-11-29"),
        ("Earlier, helicopters bombarded four villages in Khost province, killing two children, a resident said.", "2025-12-02"),  # no day: the report's
    ],
    ids=["the-same-news", "recalled"],
)
def test_an_undated_event_told_right_after_a_dated_one_is_of_its_day(second, date):
    found = incidents_of(
        "Jets strike border villages\n\nPakistani jets struck villages in Afghanistan's Kunar province early on Saturday, "
        f"killing six civilians, an official said.\n\nThe Taliban summoned Pakistan's envoy.\n\n{second}"
    )
    assert [i.date.isoformat() for i in found] == ["2025-11-29", date]


def test_a_recalled_start_is_another_event_and_a_recalled_day_is_the_recalled_event():
    found = incidents_of(
        "Leader shot dead in Khorog\n\nA local leader was shot dead in Khorog on Wednesday, August 22, sources said.\n\n"
        "We will recall that the clashes began in Khorog on July 24, when government forces launched an operation.\n\n"
        "Tanks were drawn up to the border about a month ago, after a skirmish between Tajik and Uzbek border guards.\n\n"
        "We will recall that a spokesman said on August 2 that Tajik border guards killed one Uzbek guard in Sughd on July 30.",
        published=dt.date(2012, 8, 23),
    )
    assert [(i.date.isoformat(), i.primary) for i in found] == [("2012-08-22", True), ("2012-07-24", False), ("2012-07-30", False)]
