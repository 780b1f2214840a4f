"""Tests for geo.lexicon: the word lists are well-formed, consistent with each other, and mean what they say."""

import re

import pytest

from geo import lexicon

PATTERNS = [name for name in lexicon.__all__ if isinstance(getattr(lexicon, name), str)]


@pytest.mark.parametrize("name", PATTERNS)
def test_every_pattern_compiles(name):
    re.compile(getattr(lexicon, name), re.IGNORECASE)


def test_triggers_name_known_sub_event_types_and_types_are_acled():
    assert {sub for _, sub in lexicon.TRIGGERS} <= set(lexicon.SUB_EVENT_TYPES)
    assert set(lexicon.SUB_EVENT_TYPES.values()) <= set(lexicon.EVENT_TYPES)
    assert len(lexicon.EVENT_TYPES) == 6


def test_actor_classes_and_armed_classes_agree():
    assert lexicon.ARMED_CLASSES <= set(lexicon.ACTOR_CLASSES.values())
    assert {"civilians", "protesters"} <= set(lexicon.ACTOR_CLASSES.values()) - lexicon.ARMED_CLASSES


@pytest.mark.parametrize(
    ("name", "text", "matches"),
    [
        ("AGGREGATE", "Two attacks within the past week", True),
        ("AGGREGATE", "a drone attack on a camp", False),
        ("BACKGROUND", "Back in 2018 a commander fired", True),
        ("BACKGROUND", "On Monday gunmen fired", False),
        ("BACKGROUND", "We will recall that the clashes began in Khorog on July 24", True),
        ("DISPUTED", "The reports could not be independently verified.", True),
        ("DISPUTED", "Officials confirmed the clash.", False),
        ("GENERIC", "Guards have rarely suffered losses", True),
        ("GENERIC", "Trade faltered after the Taliban began attacks in several provinces", True),
        ("GENERIC", "The crossing was shut amid escalating clashes between the two sides", True),
        ("GENERIC", "On Monday the Taliban began an attack on the district", False),
        ("HYPOTHETICAL", "drills to practise repelling an attack", True),
        ("HYPOTHETICAL", "one man was killed on May 3", False),
        ("TOTAL", "The death toll from the strikes on Barmal district has risen to ", True),
        ("NEW_EVENT", "In a separate incident, two guards", True),
        ("EARLIER", "About a month and a half ago, a civilian was killed", True),
        ("EARLIER", "Helicopters also bombarded four villages in Khost", False),
        ("NEW_EVENT", "a second was wounded", False),
    ],
)
def test_cues_mean_what_they_say(name, text, matches):
    assert bool(re.search(getattr(lexicon, name), text, re.IGNORECASE)) is matches


def test_vague_counts_follow_acled():
    assert lexicon.VAGUE_COUNTS["dozens"] == 12 and lexicon.VAGUE_COUNTS["several"] == 10
