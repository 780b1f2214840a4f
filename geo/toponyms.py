"""Place names in article text: spans matched against the gazetteer, then resolved with context."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from geo.gazetteer import AREA_TYPE_WORDS, Context, OfflineGazetteer, load_gazetteer
from geo.model import BORDER, Mention
from geo.text import Token, sentences, tokens

MAX_NAME_WORDS = 6

DEMONYMS = {
    "afghan": "AF", "tajik": "TJ", "uzbek": "UZ", "kyrgyz": "KG", "chinese": "CN", "pakistani": "PK",
    "turkmen": "TM", "iranian": "IR", "russian": "RU", "american": "US", "indian": "IN",
}
"""Adjectives of nationality: context for ranking ("Tajik Badakhshan"), never mentions themselves."""

STOP_NAMES = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
    kim mark victoria independence union unity progress friendship peace victory sovet proletar
    state republic islamic national central north south east west""".split()
)
"""Names in the gazetteer that in English news almost always mean something else ("March", "Nov")."""

CONNECTORS = frozenset("e i ye wa al el ul ud ad de of the and y da".split())
FUNCTION_WORDS = frozenset(
    """a an the in on at from near to into by of for with and or but both following during after before since
    while when across along inside outside over through also meanwhile elsewhere officials residents police
    troops forces militants attack attacks authorities sources witnesses locals""".split()
)
DIRECTIONS = frozenset(
    """northern southern eastern western northeastern northwestern southeastern southwestern central upper lower
    north south east west northeast northwest southeast southwest""".split()
)
ORG_WORDS = frozenset(
    """bank university airlines airways news agency times post television tv radio group company corporation corp
    inc ltd llc jsc sm ojsc cjsc ministry institute club fc energy telecom cement mining holding holdings express
    daily herald tribune press service services council committee party front movement brigade battalion
    foundation fund media network online""".split()
)
"""Words that turn a place name before them into an organisation's name ("Shohin SM", "Kabul Bank")."""

_BORDER = re.compile(
    r"\b(Afghan(?:istan)?|Tajik(?:istan)?)(?:\s*[-–—/]\s*|\s+and\s+)(Afghan(?:istan)?|Tajik(?:istan)?)\s+(border|frontier)s?\b",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"\s*\(([A-Z]{2,6})\)")
_GAP = re.compile(r"[ \t]?[-–'’‘ʼ]?[ \t]?")


@dataclass
class _Match:
    first: int
    last: int  # token index after the name (type words included)
    key: str
    type_word: str | None = None
    abbreviation_of: str | None = None


def find_mentions(text: str, gazetteer: OfflineGazetteer | None = None) -> list[Mention]:
    """Every place name in ``text`` with its span, the place it means (or None) and a score.

    >>> [(m.text, m.place.name, m.place.kind) for m in find_mentions("Afghanistan's Badakhshan Province")]
    [('Afghanistan', 'Afghanistan', 'country'), ('Badakhshan Province', 'Badakhshan', 'admin1')]
    >>> [(m.text, m.place.kind) for m in find_mentions("Shelling along the Afghan-Tajik border")]
    [('Afghan-Tajik border', 'border')]
    """
    gazetteer = gazetteer or load_gazetteer()
    words = tokens(text)
    border_mentions = [_border_mention(m) for m in _BORDER.finditer(text)]
    taken = {i for i, w in enumerate(words) for m in border_mentions if m.start <= w.start < m.end}
    matches = _name_matches(text, words, gazetteer, taken)
    article_countries = _article_countries(matches, words, gazetteer)
    spans = sentences(text)
    mentions = [_resolve(text, words, m, gazetteer, article_countries, spans) for m in matches]
    return sorted(border_mentions + mentions, key=lambda m: m.start)


def _border_mention(match: re.Match[str]) -> Mention:
    sides = {match.group(1).lower()[:3], match.group(2).lower()[:3]}
    place = BORDER if sides == {"afg", "taj"} else None
    return Mention(match.group(), match.start(), match.end(), place, 1.0 if place else 0.0)


# -- matching ---------------------------------------------------------------------------------


def _name_matches(text: str, words: list[Token], gazetteer: OfflineGazetteer, taken: set[int]) -> list[_Match]:
    matches: list[_Match] = []
    local_abbreviations: dict[str, str] = {}
    i = 0
    while i < len(words):
        match = None if i in taken else _longest_name(text, words, i, gazetteer, local_abbreviations)
        if match is None:
            i += 1
            continue
        _extend_with_type_word(text, words, match)
        if _is_part_of_other_name(text, words, match, gazetteer):
            i = match.last
            continue
        matches.append(match)
        abbreviation = _ABBREVIATION.match(text, words[match.last - 1].end)
        if abbreviation and not gazetteer.has_name(abbreviation.group(1).lower()):
            local_abbreviations[abbreviation.group(1)] = match.key
        i = match.last
    return matches


def _longest_name(
    text: str, words: list[Token], i: int, gazetteer: OfflineGazetteer, local: dict[str, str]
) -> _Match | None:
    first = words[i]
    if not first.text[0].isupper() or (first.folded == "s" and _after_apostrophe(text, first)):
        return None
    if first.text in local:
        return _Match(i, i + 1, local[first.text], abbreviation_of=local[first.text])
    for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
        run = words[i : i + n]
        if not _contiguous(text, run) or not _capitalised(run):
            continue
        key = " ".join(w.folded for w in run)
        if gazetteer.has_name(key) and not (n == 1 and key in STOP_NAMES):
            return _Match(i, i + n, key)
        joined = "".join(w.folded for w in run)
        if n > 1 and _joined_by_apostrophes(text, run) and gazetteer.has_name(joined):
            return _Match(i, i + n, joined)
    return _unknown_area_name(text, words, i)


def _unknown_area_name(text: str, words: list[Token], i: int) -> _Match | None:
    """ "Xyz Province" with Xyz not in the gazetteer: a mention of an unknown place, not dropped."""
    for n in (2, 1):
        run = words[i : i + n + 1]
        if len(run) < n + 1 or not _contiguous(text, run) or not _capitalised(run[:n]):
            continue
        if run[-1].folded in ("province", "district", "oblast") and not any(w.folded in FUNCTION_WORDS | DIRECTIONS for w in run[:n]):
            return _Match(i, i + n + 1, " ".join(w.folded for w in run[:n]), type_word=run[-1].folded)
    return None


def _extend_with_type_word(text: str, words: list[Token], match: _Match) -> None:
    for size in (2, 1):
        run = words[match.last : match.last + size]
        if len(run) < size or not _contiguous(text, [words[match.last - 1], *run]):
            continue
        phrase = " ".join(w.folded for w in run)
        if phrase in AREA_TYPE_WORDS:
            match.last += size
            match.type_word = phrase
            return
    tail = match.key.rsplit(" ", 2)
    for size in (2, 1):
        phrase = " ".join(tail[-size:])
        if len(tail) > size and phrase in AREA_TYPE_WORDS:
            match.type_word = phrase
            return


def _is_part_of_other_name(text: str, words: list[Token], match: _Match, gazetteer: OfflineGazetteer) -> bool:
    """True when the name sits inside an organisation's or a person's name."""
    after = words[match.last] if match.last < len(words) else None
    if after and _contiguous(text, [words[match.last - 1], after]) and after.folded in ORG_WORDS:
        return True
    before = words[match.first - 1] if match.first > 0 else None
    if before is None or not _contiguous(text, [before, words[match.first]]) or not before.text[0].isupper():
        return False
    if before.folded in FUNCTION_WORDS | DIRECTIONS or before.folded in DEMONYMS or gazetteer.has_name(before.folded):
        return False
    return match.last - match.first == 1 or match.type_word is not None and match.last - match.first == 2


def _contiguous(text: str, run: list[Token]) -> bool:
    return all(_GAP.fullmatch(text[a.end : b.start]) or _initial_dot(text, a, b) for a, b in zip(run, run[1:]))


def _initial_dot(text: str, a: Token, b: Token) -> bool:
    return len(a.text) == 1 and text[a.end : b.start] == "."


def _capitalised(run: list[Token]) -> bool:
    return run[0].text[0].isupper() and all(w.text[0].isupper() or w.folded in CONNECTORS for w in run[1:])


def _after_apostrophe(text: str, word: Token) -> bool:
    return word.start > 0 and text[word.start - 1] in "'’‘ʼ"


def _joined_by_apostrophes(text: str, run: list[Token]) -> bool:
    return all(text[a.end : b.start] in ("'", "’", "‘", "ʼ") for a, b in zip(run, run[1:]))


# -- resolving --------------------------------------------------------------------------------


def _article_countries(matches: list[_Match], words: list[Token], gazetteer: OfflineGazetteer) -> Counter[str]:
    counts: Counter[str] = Counter()
    for match in matches:
        country = gazetteer.country_of_name(match.key)
        if country:
            counts[country] += 1
    for word in words:
        if word.folded in DEMONYMS and word.text[0].isupper():
            counts[DEMONYMS[word.folded]] += 1
    return counts


def _resolve(
    text: str,
    words: list[Token],
    match: _Match,
    gazetteer: OfflineGazetteer,
    article_countries: Counter[str],
    spans: list[tuple[int, int]],
) -> Mention:
    start, end = words[match.first].start, words[match.last - 1].end
    context = Context(
        country=_qualifier(text, words, match, gazetteer, spans),
        type_word=match.type_word,
        article_countries=article_countries,
    )
    candidates = gazetteer.candidates(match.key, context)
    if not candidates:
        return Mention(text[start:end], start, end, None, 0.0)
    best = candidates[0]
    return Mention(text[start:end], start, end, best.place, best.score, tuple(c.place for c in candidates[1:]))


def _qualifier(
    text: str, words: list[Token], match: _Match, gazetteer: OfflineGazetteer, spans: list[tuple[int, int]]
) -> str | None:
    """A country named right before ("Afghanistan's X", "Tajik X", "Afghanistan's northern X") or after ("X, Tajikistan")."""
    sentence_start = next((a for a, b in spans if a <= words[match.first].start < b), 0)
    j = match.first - 1
    skipped = 0
    while j >= 0 and words[j].start >= sentence_start and skipped <= 3:
        word = words[j]
        if word.folded == "s" and _after_apostrophe(text, word):
            country = gazetteer.country_of_name(words[j - 1].folded) if j > 0 else None
            return country
        if word.folded in DEMONYMS and word.text[0].isupper():
            return DEMONYMS[word.folded]
        if word.text[0].isupper() and word.folded not in DIRECTIONS:
            break
        j -= 1
        skipped += 1
    after = re.match(r",\s+([A-Z][\w-]+)", text[words[match.last - 1].end :])
    if after:
        return gazetteer.country_of_name(after.group(1).lower())
    return None

