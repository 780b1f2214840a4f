"""Tests for geo.pipeline: the whole text pipeline on the seed, and property tests on any input."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.dates import clamp
from geo.errors import ArticleError
from geo.pipeline import analyse, analyse_file, feature_collection
from geo.text import Article, article_from_bytes

NEWSY = st.lists(
    st.text(alphabet=list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:'’-–()\n\"<>&"), max_size=12)
    | st.sampled_from(["Khatlon ", "Badakhshan Province ", "GBAO ", "drone attack ", "killed ", "three ", "On November 26, ", "Afghan-Tajik border ", "Shŭrobod ", "(", ") "]),
    max_size=40,
).map("".join)
"""Text made of words of border news and random characters: it reaches the incident rules, not only the tokenizer."""


def test_seed_through_the_whole_pipeline(seed_path):
    analysis = analyse_file(seed_path)
    assert len(analysis.mentions) == 37 and len(analysis.incidents) == 2
    collection = feature_collection(analysis.incidents)
    assert [f["properties"]["admin1"] for f in collection["features"]] == ["Khatlon", "Gorno-Badakhshan"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300) | NEWSY)
def test_any_unicode_text_gives_results_never_a_crash(text):
    analysis = analyse(Article(text, "fuzz.txt", dt.date(2025, 12, 2)))
    for mention in analysis.mentions:
        assert text[mention.start : mention.end] == mention.text
    for located in analysis.incidents:
        record = located.as_json()
        assert record["killed"] is None or record["killed"] >= 0
        for evidence in located.incident.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.booleans())
def test_any_bytes_give_an_article_or_a_documented_error(data, is_html):
    try:
        article = article_from_bytes(data, "upload.bin", is_html=is_html)
    except ArticleError as error:
        assert str(error).startswith("upload.bin: ")
    else:
        assert article.text.strip()
        analysis = analyse(article)
        assert analysis.article == article
        assert all(article.text[m.start : m.end] == m.text for m in analysis.mentions)
        assert all(i.incident.source_file == "upload.bin" and i.incident.quote for i in analysis.incidents)


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_a_publication_date_outside_the_supported_range_is_clamped_and_flagged(published):
    text = "Yesterday a drone attack from Afghanistan hit a camp in Khatlon, killing two workers. Last month a mine exploded."
    (located, *_) = analyse(Article(text, "x.txt", published)).incidents
    flag = next(f for f in located.incident.flags if f.startswith(f"publication date {published.isoformat()} is outside 1900-01-01…2199-12-31"))
    assert flag.endswith(f"dates were read against {clamp(published).isoformat()}")
    assert located.incident.date == clamp(published) - dt.timedelta(days=1)  # yesterday


def test_a_year_one_date_line_is_read_but_never_overflows():
    article = article_from_bytes(b"Border news\nJanuary 1, 0001\n\nYesterday gunmen attacked a border post in Farkhor, killing one guard.", "old.txt")
    assert article.published == dt.date(1, 1, 1)
    assert [i.incident.date for i in analyse(article).incidents] == [dt.date(1899, 12, 31)]
