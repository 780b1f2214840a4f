"""Tests for geo.dates: event dates against the publication date."""

import datetime as dt

import pytest

from geo.dates import clamp, find_event_dates, publication_problem

PUBLISHED = dt.date(2025, 12, 2)  # a Tuesday


@pytest.mark.parametrize(
    ("phrase", "date", "precision"),
    [
        ("On November 26", "2025-11-26", "day"),
        ("on Nov. 26", "2025-11-26", "day"),
        ("on 26 November", "2025-11-26", "day"),
        ("on December 28", "2024-12-28", "day"),  # a month after publication: last year's
        ("on November 26, 2024", "2024-11-26", "day"),
        ("yesterday", "2025-12-01", "day"),
        ("last Tuesday", "2025-11-25", "day"),
        ("on Sunday", "2025-11-30", "day"),
        ("within the past week", "2025-11-28", "week"),
        ("last week", "2025-11-28", "week"),
        ("at the end of last week", "2025-11-29", "week"),  # Friday to Sunday of the week before
        ("early last week", "2025-11-25", "week"),
        ("the previous day", "2025-12-01", "day"),
        ("earlier this month", "2025-12-01", "month"),
        ("last month", "2025-11-15", "month"),
        ("three days ago", "2025-11-29", "day"),
        ("the day before yesterday", "2025-11-30", "day"),
        ("two weeks ago", "2025-11-18", "week"),
        ("a few days ago", "2025-11-28", "week"),
        ("two months ago", "2025-10-03", "month"),
        ("within the last 24 hours", "2025-12-02", "day"),
        ("last night", "2025-12-01", "day"),
        ("overnight", "2025-12-02", "day"),  # the night that ends on the day of the report ("attacked overnight, officials said on Friday")
    ],
)
def test_phrases_resolve_against_the_publication_date(phrase, date, precision):
    (found,) = find_event_dates(f"The attack happened {phrase}.", PUBLISHED)
    assert (found.date.isoformat(), found.precision) == (date, precision)


def test_spans_point_into_the_text():
    sentence = "Shots were fired on November 30 near Khorog."
    (found,) = find_event_dates(sentence, PUBLISHED, offset=100)
    assert found.span == (100 + sentence.index("November 30"), 100 + sentence.index(" near"))


def test_impossible_calendar_dates_are_ignored():
    assert find_event_dates("on February 30", PUBLISHED) == []


def test_a_few_months_ago_is_too_vague_to_be_a_date():
    assert find_event_dates("It happened a few months ago.", PUBLISHED) == []


def test_no_date_gives_nothing():
    assert find_event_dates("Three workers were killed.", PUBLISHED) == []


def test_a_weekday_with_its_calendar_date_takes_the_calendar_date():
    (date,) = find_event_dates("the fighting broke out on Monday, December 27, near Bogh", dt.date(2011, 1, 3))
    assert date.date == dt.date(2010, 12, 27)


def test_a_day_last_year_is_in_the_year_before():
    (date,) = find_event_dates("On October 20 last year, a lieutenant was killed", dt.date(2017, 12, 4))
    assert date.date == dt.date(2016, 10, 20)


@pytest.mark.parametrize(
    ("phrase", "published", "start", "end"),
    [
        ("earlier this week", dt.date(2013, 2, 8), dt.date(2013, 2, 4), dt.date(2013, 2, 7)),  # a Friday
        ("over the weekend", dt.date(2014, 12, 22), dt.date(2014, 12, 20), dt.date(2014, 12, 21)),  # a Monday
    ],
)
def test_weeks_and_weekends(phrase, published, start, end):
    (date,) = find_event_dates(f"guards were seized {phrase}", published)
    assert (date.start, date.end, date.precision) == (start, end, "week")


@pytest.mark.parametrize("phrase", ["in late November", "at the end of November", "by the beginning of November", "in the middle of November"])
def test_a_month_alone_is_the_latest_such_month(phrase):
    (date,) = find_event_dates(f"the attack {phrase} was carried out from Afghanistan", dt.date(2026, 1, 5))
    assert (date.start, date.end, date.precision) == (dt.date(2025, 11, 1), dt.date(2025, 11, 30), "month")


PHRASES = "Yesterday, last week, over the weekend, earlier this week, last month, last Tuesday, on December 28 and in late November"


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(1, 1, 7), dt.date(9999, 12, 31), dt.date(9999, 12, 27)])
def test_publication_dates_at_the_ends_of_the_calendar_are_clamped_not_overflowed(published):
    found = find_event_dates(PHRASES, published)
    assert len(found) == 8 and all(abs((d.date - clamp(published)).days) <= 366 for d in found)


def test_calendar_dates_outside_the_supported_range_are_not_dates():
    assert find_event_dates("On January 1, 0001 and on 31 December 9999", PUBLISHED) == []


@pytest.mark.parametrize(
    ("published", "problem"),
    [
        (dt.date(1, 1, 1), "publication date 0001-01-01 is impossible (after 2025-12-03 or before 1990-01-01)"),
        (dt.date(9999, 12, 31), "publication date 9999-12-31 is impossible (after 2025-12-03 or before 1990-01-01)"),
        (dt.date(2025, 12, 3), None),
        (dt.date(1990, 1, 1), None),
    ],
)
def test_one_publication_rule(published, problem):
    assert publication_problem(published, today=PUBLISHED) == problem
