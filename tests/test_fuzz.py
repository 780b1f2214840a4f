"""The standing fuzz of the text pipeline: hostile Unicode, HTML fragments and dates from year 1 to 9999.

No input may crash ``geo.toponyms.find_mentions`` or ``geo.pipeline.analyse``, and every span they give
(mentions, evidence, dates) must index back into the text. Deterministic (``derandomize``) and bounded, so
CI runs the same cases each time; ``FUZZ_EXAMPLES`` multiplies them for a longer run by hand, e.g.
``FUZZ_EXAMPLES=20 python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import ArticleError
from geo.pipeline import analyse
from geo.text import Article, article_from_bytes
from geo.toponyms import find_mentions

SCALE = int(os.environ.get("FUZZ_EXAMPLES", "1"))
FUZZ = settings(
    max_examples=300 * SCALE, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PLACES = [
    "Khatlon", "Khatlon Region", "Badakhshan", "Gorno-Badakhshan", "GBAO", "Khorog", "Khorugh", "Farkhor", "Panj", "Darvoz",
    "Kŭlob", "Shŭrobod", "Ishkoshim", "Tajikistan", "Afghanistan", "Afghanistan's Takhar province", "Kunduz", "Dushanbe",
    "Kabul", "the Afghan-Tajik border", "the Panj River", "Kalai-Khumb", "Vanj", "Rushon", "Qal‘ah-ye Kūf", "Mazār-e Sharīf",
]
EVENTS = [
    "a drone attack", "killed", "killing three", "wounded", "two border guards", "militants", "gunmen from", "opened fire on",
    "clashes", "a border post", "Chinese workers", "yesterday", "last week", "on Monday", "earlier this month", "in late November",
    "(GBAO)", "near", "in", "from", "said", "denied", "alleged", "dead", "an explosion", "hostages", "no casualties",
]
INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f",  # zero-width, soft hyphen, grapheme joiner
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",  # bidi
]
HTML = [
    "<p>", "</p>", "<br>", "<br/>", "<div>", "</div>", "<b>", "</b>", "<script>alert(1)</script>", "<style>p{}</style>",
    "<noscript>", "</noscript>", "<head>", "</head>", "<title>", "</title>", "<!--", "-->", "&amp;", "&nbsp;", "&#8238;",
    "&lt;script&gt;", "<a href='javascript:alert(2)'>", "</a>", "<img src=x onerror=alert(3)>", "<![CDATA[x]]>", "<",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

COMBINING = st.characters(min_codepoint=0x0300, max_codepoint=0x036F) | st.sampled_from(["\u0483", "\u064b", "\u0651", "\u0670", "\u20d7", "\u0e31", "\u093c"])
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
DAYS = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(1, 3, 1)),  # where "last month" or "yesterday" leave the calendar
    st.dates(min_value=dt.date(9999, 10, 1), max_value=dt.date(9999, 12, 31)),
    st.dates(min_value=dt.date(1899, 12, 1), max_value=dt.date(1900, 2, 1)) | st.dates(min_value=dt.date(2199, 12, 1), max_value=dt.date(2200, 1, 31)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),  # news
)


@st.composite
def date_phrases(draw) -> str:
    day = draw(DAYS)
    month = MONTHS[day.month - 1]
    forms = [
        f"{month} {day.day}, {day.year:04d}", f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}",
        f"{day.year:04d}-{day.month:02d}-{day.day:02d}", f"On {month} {day.day}", f"in {month} {day.year}", f"in {day.year}",
        f"{month[:3]}. {day.day}", f"on {day.day} {month}",
    ]
    return draw(st.sampled_from(forms))


@st.composite
def decorated(draw, word: str) -> str:
    """A word with zero-width characters, bidirectional controls or combining marks slipped in."""
    chars = list(word)
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(chars)))
        chars.insert(position, draw(st.sampled_from(INVISIBLE) | COMBINING))
    return "".join(chars)


@st.composite
def incident_sentences(draw) -> str:
    """A sentence the incident rules read: a date, who did what to whom, where, how many dead — each part perturbed."""
    part = lambda options: draw(st.sampled_from(options).flatmap(decorated) | st.sampled_from(options))  # noqa: E731
    return (
        f"{draw(date_phrases())}, {part(['militants', 'gunmen from Afghanistan', 'Taliban fighters', 'unknown attackers', 'a drone'])} "
        f"{part(['attacked', 'opened fire on', 'launched a drone attack on', 'shelled', 'ambushed'])} "
        f"{part(['a border post', 'a camp of Chinese workers', 'civilians', 'Tajik border guards'])} in {part(PLACES)}, "
        f"{part(['killing', 'wounding', 'leaving'])} {draw(st.sampled_from(['one', 'two', 'three', '12', '1,000', 'dozens of']))} "
        f"{part(['people', 'guards', 'workers dead', 'soldiers'])}{draw(st.sampled_from(['.', '', '!', ' (GBAO).']))}"
    )


PIECE = st.one_of(
    incident_sentences(),
    st.sampled_from(PLACES).flatmap(decorated),
    st.sampled_from(EVENTS).flatmap(decorated),
    st.sampled_from(PLACES + EVENTS),
    st.sampled_from(INVISIBLE),
    st.sampled_from(HTML),
    COMBINING,
    date_phrases(),
    st.text(ANY_CHAR, max_size=8),
    st.integers(-5, 10**6).map(str),
)
SEPARATOR = st.sampled_from([" ", " ", " ", "", ", ", ". ", "\n", "\n\n", "\u2028", "\r\n", "\t", "\u00a0"])
TEXT = st.lists(st.tuples(PIECE, SEPARATOR).map("".join), max_size=60).map("".join)
PUBLISHED = st.none() | DAYS


def assert_mentions_index_the_text(mentions, text: str) -> None:
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start : mention.end] == mention.text, mention


@FUZZ
@given(TEXT)
def test_find_mentions_never_crashes_and_every_span_indexes_the_text(text):
    assert_mentions_index_the_text(find_mentions(text), text)


def assert_analysis_indexes_the_text(analysis, text: str) -> None:
    assert_mentions_index_the_text(analysis.mentions, text)
    for located in analysis.incidents:
        incident = located.incident
        for evidence in incident.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(text), evidence
            assert text[evidence.start : evidence.end] == evidence.quote, evidence
        assert incident.killed is None or incident.killed >= 0
        assert incident.wounded is None or incident.wounded >= 0
        json.dumps(located.as_json())  # every record can be written
        json.dumps(located.as_feature())


@FUZZ
@given(TEXT, PUBLISHED)
def test_the_pipeline_never_crashes_on_any_text_and_date(text, published):
    assert_analysis_indexes_the_text(analyse(Article(text, "fuzz.txt", published)), text)


@FUZZ
@given(TEXT, st.booleans())
def test_uploaded_bytes_are_an_article_or_one_error_and_analyse_cleanly(text, is_html):
    try:
        article = article_from_bytes(text.encode("utf-8"), "fuzz.html" if is_html else "fuzz.txt", is_html=is_html)
    except ArticleError as error:
        assert str(error).startswith("fuzz.") and "\n" not in str(error)
        return
    assert_analysis_indexes_the_text(analyse(article), article.text)
