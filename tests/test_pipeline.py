"""Tests for geo.pipeline: the whole text pipeline on the seed, and property tests on any input."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
        analyse(article)
