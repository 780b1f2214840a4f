"""Place names in article text: spans matched against the gazetteer, then resolved with context."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from geo.gazetteer import AREA_TYPE_WORDS, Candidate, Context, OfflineGazetteer, load_gazetteer
from geo.lexicon import CAPITALS
from geo.model import LINE_KINDS, Mention, Place
from geo.text import Tokens, sentences, tokens

__all__ = [
    "DEMONYMS",
    "find_mentions",
]

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
    state republic islamic national central north south east west valley""".split()
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
    foundation fund media network online international organization organisation cooperation""".split()
)
ORG_NAME_WORDS = 4
"""How many capitalised words after a place name may lead to an organisation word ("China Road and Bridge Corporation")."""
"""Words that turn a place name before them into an organisation's name ("Shohin SM", "Kabul Bank")."""

REGION_COUNTRIES = frozenset({"AF", "TJ", "UZ", "KG", "CN", "PK", "TM", "IR"})
"""Where the gazetteer holds small places; elsewhere it has only capitals and large cities ("the Ghorki area" is not Gorki, Russia)."""

UNKNOWN_PLACE_TYPES = {
    "village": "populated place", "town": "populated place", "settlement": "populated place", "hamlet": "populated place",
    "exclave": "populated place", "enclave": "populated place", "jamoat": "populated place", "kishlak": "populated place",
    "border post": "border post", "frontier post": "border post", "outpost": "border post", "checkpoint": "border post",
    "post": "border post", "border outpost": "border post",
    "district": "admin2", "gorge": "other", "valley": "other", "pass": "other", "area": "other",
    "crossing": "other", "border crossing": "other", "bridge": "other", "water intake": "other", "bazaar": "other", "market": "other",
    "vicinity": "other", "outskirts": "other",
}
"""Words that type a name no gazetteer holds ("the village of Kok-Tash", "Khirmandjo post") and the kind they give."""

_NAME = r"[A-Z][\w’'-]*[\w](?:[ -](?:[A-Z][\w’'-]*[\w]|e|i|ye|ul|al))?"
_TYPE = "|".join(sorted((re.escape(t) for t in UNKNOWN_PLACE_TYPES), key=len, reverse=True))
_TYPED_BEFORE = re.compile(rf"\b(?P<type>(?i:{_TYPE}))\s+of\s+(?P<name>{_NAME})\b")
_TYPED_AFTER = re.compile(rf"(?<![\w’'-])(?P<name>{_NAME})\s+(?P<type>(?i:{_TYPE}))\b")
_CHAIN_GAP = re.compile(
    r"(?:[\s,]|\b(?:in|of|near|the|northern|southern|eastern|western|northeastern|northwestern|southeastern|southwestern|central|"
    r"province|district|region|oblast|area|also|neighbouring|neighboring|nearby|adjacent|same|council|administration|located|situated|part)\b|[’']s\b)*",
    re.IGNORECASE,
)
"""What may stand between an unknown name and the known units that contain it ("X, in the Isfara district, in Tajikistan's Sughd region")."""
_MISSPELT_KINDS = ("admin1", "admin2", "populated place")
MISSPELT_SCORE = 0.5
"""The score of a place found through a misspelling: a guess, below every exact match."""
_UNIT_ANAPHOR = re.compile(r"\bthe (district|province|region)\b(?!\s+of\b)", re.IGNORECASE)
_ANAPHOR_KINDS = {"district": "admin2", "province": "admin1", "region": "admin1"}
UNIT_CONTEXT_CHARS = 400
"""How far back in its paragraph an unknown name looks for the unit it is in."""
ANAPHOR_CONTEXT_CHARS = 3000
"""How far back "the district" looks for the district it means."""
_WITHIN_SPECIFICITY = {"admin2": 3, "populated place": 2, "other": 2, "admin1": 2, "country": 1}

_COUNTRY_WORDS = {
    "afghan": "AF", "afghanistan": "AF", "tajik": "TJ", "tajikistan": "TJ", "uzbek": "UZ", "uzbekistan": "UZ",
    "kyrgyz": "KG", "kyrgyzstan": "KG", "turkmen": "TM", "turkmenistan": "TM", "iranian": "IR", "iran": "IR",
    "pakistani": "PK", "pakistan": "PK", "pak": "PK", "chinese": "CN", "china": "CN", "sino": "CN",
}
_COUNTRY_WORD = "|".join(sorted(_COUNTRY_WORDS, key=len, reverse=True))
_BORDER = re.compile(
    rf"\b({_COUNTRY_WORD})(?:\s*[-–—/]\s*|\s+and\s+(?![\w-]+\s+(?:border|frontier)\s+(?:guards?|troops|forces|service|officials|posts?|units?)\b))"
    rf"({_COUNTRY_WORD})(?:\s+state)?\s+(border|frontier)s?\b",
    re.IGNORECASE,
)
"""Two countries and "border": "Tajik-Kyrgyz border", "Pakistan-Afghanistan frontier"; not "Tajik and Kyrgyz border guards"."""
NEWS_AGENCIES = frozenset("AP AFP AA TASS RIA UPI DPA EFE ANSA IRNA ISNA ANI PTI APP RFE RL BBC CNN VOA IANS KUNA WAM BNA SW AKI".split())
"""Agencies of a dateline ("ISLAMABAD (AP)"): never an abbreviation of the place before them."""
_ABBREVIATION = re.compile(r"\s*\(([A-Z]{2,6})\)")
_GAP = re.compile(r"[ \t]?[-–'’‘ʼ]?[ \t]?")
_BORDER_WORDS = frozenset({"border", "borders", "frontier", "frontiers"})
_TYPE_FIRST_WORDS = frozenset(t.split()[0] for t in UNKNOWN_PLACE_TYPES)
_WORDISH = re.compile(r"[\w’'-]")
_APOSTROPHES = ("'", "’", "‘", "ʼ")
_AREA_WORDS = frozenset({"province", "district", "oblast"})
_NAME_AFTER_COMMA = re.compile(r",\s+([A-Z][\w-]+)")


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
    lowered = _lowercase_words(words)
    border_mentions = [_border_mention(m, gazetteer) for m in _matches_near(_BORDER, text, words, _BORDER_WORDS, 60, 40)]
    starts = words.starts
    taken = {i for m in border_mentions for i in range(bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end))}
    matches = _name_matches(text, words, gazetteer, taken, lowered)
    article_countries = _article_countries(matches, words, gazetteer)
    spans = sentences(text)
    cache: dict[tuple[str, str | None, str | None, bool], list[Candidate]] = {}
    mentions = [_resolve(text, words, m, gazetteer, article_countries, spans, cache) for m in matches]
    mentions = _typed_unknowns(text, words, border_mentions + mentions, lowered)
    return _with_units(text, mentions, spans, gazetteer)


def _border_mention(match: re.Match[str], gazetteer: OfflineGazetteer) -> Mention:
    """ "Tajik-Kyrgyz border", "Pakistan-Afghanistan border": the line the two countries share, if they do."""
    a, b = sorted({_COUNTRY_WORDS[match.group(1).lower()], _COUNTRY_WORDS[match.group(2).lower()]})
    place = gazetteer.border(a, b)
    return Mention(match.group(), match.start(), match.end(), place, 1.0 if place else 0.0, kind="border")


# -- matching ---------------------------------------------------------------------------------


def _name_matches(text: str, words: Tokens, gazetteer: OfflineGazetteer, taken: set[int], lowered: set[str]) -> list[_Match]:
    matches: list[_Match] = []
    local_abbreviations: dict[str, str] = {}
    i = 0
    for start in [k for k, word in enumerate(words.texts) if word[0].isupper()]:  # a name begins with a capital
        if start < i:
            continue
        i = start
        match = None if i in taken else _longest_name(text, words, i, gazetteer, local_abbreviations)
        if match is None:
            continue
        _extend_with_type_word(text, words, match)
        unknown = not gazetteer.has_name(match.key)
        if _is_part_of_other_name(text, words, match, gazetteer):
            i = match.last
            continue
        if unknown and not _plausible_name(text[words.starts[match.first] : words.ends[match.last - 2]], lowered):
            i = match.first + 1  # "Afghan Takhar province" is no unknown province: Takhar may still begin a name
            continue
        matches.append(match)
        abbreviation = _ABBREVIATION.match(text, words.ends[match.last - 1])
        if abbreviation and not gazetteer.has_name(abbreviation.group(1).lower()) and abbreviation.group(1) not in NEWS_AGENCIES:
            local_abbreviations[abbreviation.group(1)] = match.key
        i = match.last
    return _shared_type_words(text, words, matches)


def _shared_type_words(text: str, words: Tokens, matches: list[_Match]) -> list[_Match]:
    """A plural type word types every name it follows ("Paktika and Khost provinces"), and a name typed once
    keeps that type wherever the article names it bare (one sense per article)."""
    for earlier, later in zip(matches, matches[1:]):
        if later.type_word in ("provinces", "regions", "districts") and earlier.type_word is None:
            gap = text[words.ends[earlier.last - 1] : words.starts[later.first]]
            if re.fullmatch(r",?\s+(?:and\s+)?|,\s+", gap):
                earlier.type_word = later.type_word
    typed = {m.key: m.type_word for m in matches if m.type_word in ("province", "provinces", "region", "regions", "oblast")}
    for match in matches:
        if match.type_word is None and match.key in typed:
            match.type_word = typed[match.key]
    return matches


def _longest_name(
    text: str, words: Tokens, i: int, gazetteer: OfflineGazetteer, local: dict[str, str]
) -> _Match | None:
    first, folded = words.texts[i], words.folded[i]
    if not first[0].isupper() or (folded == "s" and _after_apostrophe(text, words.starts[i])):
        return None
    if first in local:
        return _Match(i, i + 1, local[first], abbreviation_of=local[first])
    longest = gazetteer.longest_name_from(folded)
    if longest == 0 and not _after_apostrophe_name(text, words, i):
        return _unknown_area_name(text, words, i)
    limit, n = min(MAX_NAME_WORDS, len(words) - i, max(longest, 2)), 1
    while n < limit and _contiguous(text, words, i + n - 1, i + n + 1) and _capitalised(words, i, i + n + 1):
        n += 1  # the longest run of capitalised words (and connectors) with nothing but a space or hyphen between
    for n in range(n, 0, -1):
        key = " ".join(words.folded[i : i + n])
        if gazetteer.has_name(key) and not (n == 1 and key in STOP_NAMES):
            return _Match(i, i + n, key)
        joined = "".join(words.folded[i : i + n])
        if n > 1 and _joined_by_apostrophes(text, words, i, i + n) and gazetteer.has_name(joined):
            return _Match(i, i + n, joined)
    return _unknown_area_name(text, words, i)


def _after_apostrophe_name(text: str, words: Tokens, i: int) -> bool:
    """ "Roshtqal’a": a name the gazetteer holds joined, whose first piece begins no name."""
    return i + 1 < len(words) and text[words.ends[i] : words.starts[i + 1]] in _APOSTROPHES


def _unknown_area_name(text: str, words: Tokens, i: int) -> _Match | None:
    """ "Xyz Province" with Xyz not in the gazetteer: a mention of an unknown place, not dropped."""
    if not any(folded in _AREA_WORDS for folded in words.folded[i + 1 : i + 3]):
        return None
    for n in (2, 1):
        if i + n >= len(words) or not _contiguous(text, words, i, i + n + 1) or not _capitalised(words, i, i + n):
            continue
        name = words.folded[i : i + n]
        if words.folded[i + n] in _AREA_WORDS and not any(w in FUNCTION_WORDS or w in DIRECTIONS for w in name):
            return _Match(i, i + n + 1, " ".join(name), type_word=words.folded[i + n])
    return None


def _extend_with_type_word(text: str, words: Tokens, match: _Match) -> None:
    for size in (2, 1):
        if match.last + size > len(words) or not _contiguous(text, words, match.last - 1, match.last + size):
            continue
        phrase = " ".join(words.folded[match.last : match.last + size])
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


def _is_part_of_other_name(text: str, words: Tokens, match: _Match, gazetteer: OfflineGazetteer) -> bool:
    """True when the name sits inside an organisation's or a person's name."""
    end = words.ends[match.last - 1]
    for k in range(match.last, min(match.last + ORG_NAME_WORDS, len(words))):
        if text[end : words.starts[k]] not in (" ", "-"):
            break
        if words.folded[k] in ORG_WORDS:
            return True  # "Kabul Bank", "Afghanistan International", "China Road and Bridge Corporation"
        if not words.texts[k][0].isupper() and words.folded[k] not in ("and", "of", "for"):
            break
        end = words.ends[k]
    before = match.first - 1
    if before < 0 or not _contiguous(text, words, before, match.first + 1) or not words.texts[before][0].isupper():
        return False
    folded = words.folded[before]
    if folded in FUNCTION_WORDS or folded in DIRECTIONS or folded in DEMONYMS or gazetteer.has_name(folded):
        return False
    return match.last - match.first == 1 or match.type_word is not None and match.last - match.first == 2


def _contiguous(text: str, words: Tokens, first: int, last: int) -> bool:
    """Words ``first`` to ``last`` (excluded) are one name: only a space, a hyphen or an apostrophe between them."""
    starts, ends = words.starts, words.ends
    return all(
        _GAP.fullmatch(text, ends[k], starts[k + 1]) or (ends[k] - starts[k] == 1 and text[ends[k] : starts[k + 1]] == ".")
        for k in range(first, last - 1)
    )  # "A. Rahmon": an initial's dot also joins


def _capitalised(words: Tokens, first: int, last: int) -> bool:
    texts, folded = words.texts, words.folded
    return texts[first][0].isupper() and all(texts[k][0].isupper() or folded[k] in CONNECTORS for k in range(first + 1, last))


def _after_apostrophe(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in _APOSTROPHES


def _joined_by_apostrophes(text: str, words: Tokens, first: int, last: int) -> bool:
    return all(text[words.ends[k] : words.starts[k + 1]] in _APOSTROPHES for k in range(first, last - 1))


# -- names no gazetteer holds -----------------------------------------------------------------


def _typed_unknowns(text: str, words: Tokens, known: list[Mention], lowered: set[str]) -> list[Mention]:
    """``known`` with the names the gazetteer lacks that the text types as a place ("the Kyrgyz village of Kok-Tash",
    "Puli Oftobru area"); a typed name that only begins with a known one ("the village of Dehi Qozi") replaces it,
    and a name typed once is a place wherever the article names it."""
    by_start = {m.start: m for m in known}
    taken = sorted((m.start, m.end) for m in known)
    found: list[Mention] = []
    typed_before = (m for k in _positions(words, _TYPE_FIRST_WORDS) for m in [_TYPED_BEFORE.match(text, words.starts[k])] if m)
    for pattern, matches in ((_TYPED_BEFORE, typed_before), (_TYPED_AFTER, _matches_near(_TYPED_AFTER, text, words, _TYPE_FIRST_WORDS, 100, 40))):
        for match in matches:
            name, type_word = match.group("name"), match.group("type").lower()
            start, end = match.span("name")
            prefix = by_start.get(start)
            if prefix is not None and prefix.place is not None and prefix.place.kind in ("populated place", "other") and (
                prefix.end < end or prefix.place.country not in REGION_COUNTRIES
            ):
                del by_start[start]
            elif _overlaps_any(taken, start, end):
                continue
            if not _plausible_name(name, lowered):
                continue
            if pattern is _TYPED_AFTER and (type_word == "post" and not re.search(r"\b(?:border|frontier|guards?)\b", text[max(0, start - 80) : end + 80], re.IGNORECASE)):
                continue  # "the Washington Post": a newspaper unless the border is near
            if pattern is _TYPED_AFTER and not match.group("type")[0].islower() and not match.group("type").isupper() and type_word not in ("village", "district", "gorge", "valley", "pass"):
                continue  # "Kabul Bank Area Manager": capitalised titles are names of things, not typed places
            found.append(Mention(name, start, end, None, 0.0, kind=UNKNOWN_PLACE_TYPES[type_word]))
    kinds = {m.text: m.kind for m in found}
    found += [Mention(name, start, end, None, 0.0, kind=kinds[name]) for name, start, end in _occurrences(text, words, kinds) if not _overlaps_any(taken, start, end)]
    kept = sorted(by_start.values(), key=lambda m: m.start)
    return _without_overlaps(kept, found)


def _without_overlaps(kept: list[Mention], extra: list[Mention]) -> list[Mention]:
    """``kept`` (sorted, disjoint) and those of ``extra`` that overlap neither it nor an earlier one, by start."""
    spans = [(m.start, m.end) for m in kept]
    out = list(kept)
    last_end = -1
    for mention in sorted(extra, key=lambda m: (m.start, -m.end)):
        if mention.start < last_end or _overlaps_any(spans, mention.start, mention.end):
            continue
        out.append(mention)
        last_end = mention.end
    return sorted(out, key=lambda m: m.start)


def _lowercase_words(words: Tokens) -> set[str]:
    """The words the text writes in lower case: a capitalised one of them is a common word, not a name."""
    return {word for word in set(words.texts) if word[0].islower() and word.isascii()}


def _positions(words: Tokens, folded: frozenset[str]) -> list[int]:
    return [k for k, word in enumerate(words.folded) if word in folded]


def _matches_near(pattern: re.Pattern[str], text: str, words: Tokens, anchors: frozenset[str], before: int, after: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match holds one of the words ``anchors`` and spans at most
    ``before`` characters before it and ``after`` after its start: only the text near those words is searched."""
    low = high = -1
    for k in _positions(words, anchors):
        start, end = words.starts[k] - before, max(words.starts[k] + after, words.ends[k])
        if start > high:
            if high > low:
                yield from pattern.finditer(text, max(low, 0), high)
            low = start
        high = max(high, end)
    if high > low:
        yield from pattern.finditer(text, max(low, 0), high)


def _occurrences(text: str, words: Tokens, names: Iterable[str]) -> Iterator[tuple[str, int, int]]:
    """Where each of ``names`` stands in the text as whole words, longest first, left to right, never overlapping."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        by_first.setdefault(tokens(name).texts[0], []).append(name)
    last_end = -1
    for k, word in enumerate(words.texts):
        start = words.starts[k]
        if word not in by_first or start < last_end or _WORDISH.match(text, start - 1) and start > 0:
            continue
        for name in by_first[word]:
            end = start + len(name)
            if text.startswith(name, start) and not _WORDISH.match(text, end):
                yield name, start, end
                last_end = end
                break


def _overlaps_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (start, start))
    return any(a < end and start < b for a, b in spans[max(0, i - 1) : i + 1])


def _plausible_name(name: str, lowered: set[str]) -> bool:
    """Not a common word written with a capital ("Border post", "The village of …")."""
    words = re.split(r"[ -]", name)
    first = words[0].lower()
    if first in FUNCTION_WORDS | DIRECTIONS | STOP_NAMES | CONNECTORS or first in DEMONYMS or first in UNKNOWN_PLACE_TYPES:
        return False
    return not all(w.lower() in lowered for w in words)


def _with_units(text: str, mentions: list[Mention], spans: list[tuple[int, int]], gazetteer: OfflineGazetteer) -> list[Mention]:
    """Each mention checked against the unit the text puts it in, and each unresolved one given that unit.

    A town or district named "in" a unit is the one of that name inside it; an unresolved name takes the places
    named right after it, else its demonym, else the unit its paragraph is about, and may turn out a misspelling
    of a place there. Read from the end, so that a chain of unknown names ("the village of Shodak in Vishkharv
    jamoat, Darvoz district") takes the unit the last one found; a name keeps one unit in the whole article.
    """
    out = list(mentions)
    for index in range(len(out) - 1, -1, -1):
        mention = out[index]
        sentence_end = _sentence(spans, mention.start)[1] or len(text)
        if mention.place is not None:
            if mention.place.kind in ("populated place", "other", "admin2"):
                unit = _unit_after(text, out, index, sentence_end, gazetteer) or _stated_country(text, mention, gazetteer)
                out[index] = _inside_stated_unit(mention, unit)
            continue
        if mention.within is not None:
            continue
        within = (
            _unit_after(text, out, index, sentence_end, gazetteer)
            or _demonym_unit(text, mention, gazetteer)
            or _unit_before(text, out, index, gazetteer)
        )
        kind = mention.kind or _kind_of_unknown(mention.text)
        misspelt = gazetteer.misspelt(_without_type_word(mention.text), (kind,), within) if kind in _MISSPELT_KINDS else None
        if misspelt is not None:
            out[index] = replace(mention, place=misspelt, score=MISSPELT_SCORE, kind=None, within=None)
        else:
            out[index] = replace(mention, within=within, kind=kind)
    units: dict[str, Place] = {}
    for m in out:
        if m.place is None and m.within is not None:
            units.setdefault(m.text, m.within)
    return [replace(m, within=units[m.text]) if m.place is None and m.within is None and m.text in units else m for m in out]  # one place per name


def _inside_stated_unit(mention: Mention, unit: Place | None) -> Mention:
    """ "Kuruksay in the Sariosiyo district of Surxondaryo region": the place of that name in that unit, else an
    unknown place in it (the gazetteer's Kuruksay is another one)."""
    place = mention.place
    if unit is None or place is None or _contains(unit, place):
        return mention
    inside = next((p for p in mention.candidates if _contains(unit, p)), None)
    if inside is not None:
        return replace(mention, place=inside, candidates=tuple(p for p in (place, *mention.candidates) if p is not inside))
    return replace(mention, place=None, score=0.0, kind=place.kind, within=unit)


def _contains(unit: Place, place: Place) -> bool:
    if unit.kind == "country":
        return place.country == unit.country
    return place.country == unit.country and place.admin1 == unit.admin1


def _unit_after(text: str, mentions: list[Mention], index: int, limit: int, gazetteer: OfflineGazetteer) -> Place | None:
    best: Place | None = None
    position = mentions[index].end
    type_after = re.match(rf"\s+(?:{_TYPE})\b", text[position : position + 30], re.IGNORECASE)
    position += type_after.end() if type_after else 0
    for following in (mentions[k] for k in range(index + 1, len(mentions))):
        if following.start >= limit or following.unit is None or following.unit.kind in LINE_KINDS:
            break
        gap = text[position : following.start]
        if len(gap) > 40 or _CHAIN_GAP.fullmatch(gap) is None or best is None and not re.search(r",|\w", gap):
            break  # only words such as "in", "of", "near" or a comma link a name to the unit it is in
        unit: Place | None = following.unit
        if unit is not None and unit.kind in ("populated place", "other"):
            unit = gazetteer.unit(unit.country, unit.admin1) or gazetteer.unit(unit.country)
        if unit is not None and (best is None or _WITHIN_SPECIFICITY.get(unit.kind, 0) > _WITHIN_SPECIFICITY.get(best.kind, 0)):
            best = unit
        position = following.end
    return best


def _unit_before(text: str, mentions: list[Mention], index: int, gazetteer: OfflineGazetteer) -> Place | None:
    """The admin-1 unit of the last place named before it in its paragraph or the one before, as a reporter moves
    from a district to its villages ("… in Darayim district. In the village of Qarlaq, …")."""
    start = mentions[index].start
    window = max(0, start - UNIT_CONTEXT_CHARS)
    end = text.rfind("\n", window, start)
    while end > window and text[end - 1] == "\n":
        end -= 1
    paragraph = max(text.rfind("\n", window, end), window - 1) if end > window else window - 1
    anaphor = _UNIT_ANAPHOR.search(text, max(paragraph, 0), start)  # "the second deadly incident in the district"
    for previous in (mentions[i] for i in range(index - 1, -1, -1)):
        if previous.start < start - ANAPHOR_CONTEXT_CHARS:
            break
        if previous.start <= paragraph and not (anaphor and previous.unit is not None and previous.unit.kind == _ANAPHOR_KINDS[anaphor.group(1).lower()]):
            if anaphor is None:
                break
            continue
        unit = previous.unit
        if unit is None or unit.kind in LINE_KINDS or unit.kind == "country" or not unit.admin1 or unit.name in CAPITALS:
            continue  # a capital is named for who speaks there ("In Kabul, a spokesman said"), not for the villages around
        return gazetteer.unit(unit.country, unit.admin1)
    return None


_COUNTRY_TYPED = re.compile(rf"\b(?P<demonym>\w+)\s+(?:border\s+)?(?:{_TYPE})\s+(?:of\s+)?$", re.IGNORECASE)


def _stated_country(text: str, mention: Mention, gazetteer: OfflineGazetteer) -> Place | None:
    """The country of "the Kyrgyz village of Koktash": the text's word for it outweighs the gazetteer's only Koktash."""
    typed = _COUNTRY_TYPED.search(text, max(0, mention.start - 40), mention.start)
    country = DEMONYMS.get(typed.group("demonym").lower()) if typed else None
    return gazetteer.unit(country) if country else None


def _demonym_unit(text: str, mention: Mention, gazetteer: OfflineGazetteer) -> Place | None:
    before = re.search(r"\b(\w+)(?:[’']s)?\s+(?:[a-z]+\s+){0,3}$", text[max(0, mention.start - 50) : mention.start])
    word = before.group(1).lower() if before else ""
    country = DEMONYMS.get(word) or gazetteer.country_of_name(word)
    return gazetteer.unit(country) if country else None


def _without_type_word(name: str) -> str:
    return re.sub(rf"\s+(?:{'|'.join(AREA_TYPE_WORDS)})$", "", name, flags=re.IGNORECASE)


def _kind_of_unknown(name: str) -> str | None:
    last = name.rsplit(" ", 1)[-1].lower()
    return AREA_TYPE_WORDS.get(last)


# -- resolving --------------------------------------------------------------------------------


def _article_countries(matches: list[_Match], words: Tokens, gazetteer: OfflineGazetteer) -> Counter[str]:
    counts: Counter[str] = Counter()
    for match in matches:
        country = gazetteer.country_of_name(match.key)
        if country:
            counts[country] += 1
    for word, folded in zip(words.texts, words.folded):
        if folded in DEMONYMS and word[0].isupper():
            counts[DEMONYMS[folded]] += 1
    return counts


def _resolve(
    text: str,
    words: Tokens,
    match: _Match,
    gazetteer: OfflineGazetteer,
    article_countries: Counter[str],
    spans: list[tuple[int, int]],
    cache: dict[tuple[str, str | None, str | None, bool], list[Candidate]],
) -> Mention:
    start, end = words.starts[match.first], words.ends[match.last - 1]
    context = Context(
        country=_qualifier(text, words, match, gazetteer, spans),
        type_word=match.type_word,
        article_countries=article_countries,
        definite=_definite(text, start, end),
    )
    key = (match.key, context.country, context.type_word, context.definite)  # the article's counts are the same for every name
    if key not in cache:
        cache[key] = gazetteer.candidates(match.key, context)
    candidates = cache[key]
    if match.type_word == "river" and candidates and candidates[0].place.kind != "river":
        return Mention(text[start:end], start, end, None, 0.0, kind="river")  # the Helmand River is not Helmand Province
    if not candidates:
        return Mention(text[start:end], start, end, None, 0.0)
    best = candidates[0]
    return Mention(text[start:end], start, end, best.place, best.score, tuple(c.place for c in candidates[1:]))


def _sentence(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """The span of the sentence that holds ``position``; (0, 0) if none does."""
    i = bisect.bisect_right(spans, (position, len(spans) and spans[-1][1] + 1)) - 1
    return spans[i] if i >= 0 and spans[i][0] <= position < spans[i][1] else (0, 0)


def _definite(text: str, start: int, end: int) -> bool:
    """ "the Panj" names the river; "the Panj crossing" or "the Panj Seand area" use the name of a place to name another."""
    if not re.search(r"\bthe\s+$", text[max(0, start - 5) : start], re.IGNORECASE):
        return False
    after = re.match(r"[\s-]+([\w’'-]+)", text[end : end + 30])
    return after is None or not (after.group(1)[0].isupper() or after.group(1).lower() in UNKNOWN_PLACE_TYPES or after.group(1).lower() in ("border", "frontier"))


def _qualifier(
    text: str, words: Tokens, match: _Match, gazetteer: OfflineGazetteer, spans: list[tuple[int, int]]
) -> str | None:
    """A country named right before ("Afghanistan's X", "Tajik X", "Afghanistan's northern X") or after ("X, Tajikistan")."""
    sentence_start = _sentence(spans, words.starts[match.first])[0]
    j = match.first - 1
    skipped = 0
    while j >= 0 and words.starts[j] >= sentence_start and skipped <= 3:
        word, folded = words.texts[j], words.folded[j]
        if folded == "s" and _after_apostrophe(text, words.starts[j]):
            return gazetteer.country_of_name(words.folded[j - 1]) if j > 0 else None
        if folded in DEMONYMS and word[0].isupper():
            return DEMONYMS[folded]
        if word[0].isupper() and folded not in DIRECTIONS:
            break
        j -= 1
        skipped += 1
    after = _NAME_AFTER_COMMA.match(text, words.ends[match.last - 1])
    if after:
        return gazetteer.country_of_name(after.group(1).lower())
    return None

