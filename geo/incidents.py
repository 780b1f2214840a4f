"""Incidents in article text: what happened, when, to whom, by whom, where, from where, on what evidence.

The extractor is an event coder in four steps over the article's sentences (the headline and the
lede are sentences too); every word list it reads is data in :mod:`geo.lexicon`.

1. **Clauses.** Each sentence is read once into a :class:`_Clause`: its event words, dates, casualty
   counts, the classes of the sides it names, its places, and its cues (a definite reference to an
   event told before, a word opening another event, background, dispute, a summary of several
   events, a threat or a plan).
2. **Events (coreference).** Sentences are taken in order. One that reports an event joins the event
   it refers to (the same day, a definite reference such as "the clash", or nothing new: no other date,
   no place in another province, no "another") or opens a new one. One that only adds counts ("a nurse
   said two bodies were brought in") or a place ("the incident occurred near ...") joins the event
   being told. Summaries ("two attacks this week"), threats, drills and diplomacy join nothing. The
   headline opens the event the lede then tells: the inverted pyramid. A new event may lean on the one
   before: one more place of it ("In X, six were killed. In Y, two …"), its sequel the same day ("hours
   later", "the same night") or an event dated from it ("a week earlier"); shelling that hits a house
   during a battle, and an earlier event a sentence recalls with its own toll ("…, after a clash in
   which two guards died"), are told apart. "The fighting" refers to the battle told before.
3. **Arguments.** An event's date is the first event date of its sentences (a date right after "said",
   or in a sentence that only updates the toll, is when it was said or counted), else the day of the event
   it leans on; its counts come from every sentence: per-side counts are summed (in a sentence, and across
   sentences when they count another country's people), "also"/"another" adds, a running total ("the
   death toll rose to N") replaces, else the largest; its place is the most specific place named in its
   sentences that is neither where it came from, nor the seat of who speaks ("the embassy in Dushanbe"),
   nor a place that only situates ("across the river from X"); a name no gazetteer holds counts as the
   unit the text puts it in. With no place, "the same area" is the place of the event before, a
   cross-border attack that names only where it came from landed on the other side, and an event placed
   only in a country takes the one admin-1 unit of it the article names as a scene. Its type follows ACLED from the event words and
   the sides: remote means make Explosions/Remote violence whoever is hit, force on a crowd a protest,
   two armed organised sides a battle, armed men against unarmed people violence against civilians.
4. **Standing.** An event is primary when the headline or the lede tells it (or it is one more place, or
   the same day's sequel, of one they tell), else background; also background when it carries a
   background cue or its own date well before the article's first event; disputed when its sentences, or the next ones, report a
   denial or only a claim; its confidence grows with what the text states (date, place, counts,
   sentences) and falls when disputed.
"""

from __future__ import annotations

import bisect
import itertools
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo import aliases, lexicon
from geo.boundaries import load_boundaries
from geo.dates import EventDate, clamp, find_event_dates, told_year
from geo.lexicon import EVENT_TYPES, SUB_EVENT_TYPES
from geo.model import LINE_KINDS, Mention, Place
from geo.text import MONTH_PATTERN, Article, sentences
from geo.toponyms import DEMONYMS, find_mentions

__all__ = ["EVENT_TYPES", "Evidence", "Incident", "SUB_EVENT_TYPES", "extract_incidents", "number_value"]

_I = re.IGNORECASE
_TRIGGER_RES = [(re.compile(p, _I), sub) for p, sub in lexicon.TRIGGERS]
_ANY_TRIGGER = re.compile("|".join(f"(?:{p})" for p, _ in lexicon.TRIGGERS) + "|" + lexicon.PROTEST, _I)
"""One pass that says whether a sentence has any event word at all (most sentences have none)."""
_ACTOR_RES = [(re.compile(p, _I), cls) for p, cls in lexicon.ACTOR_CLASSES.items()]
_PROTEST = re.compile(lexicon.PROTEST, _I)
_PROTESTING = re.compile(lexicon.PROTESTING, _I)
_DIPLOMATIC_PROTEST = re.compile(lexicon.DIPLOMATIC_PROTEST, _I)
_FORCE_ON_PROTEST = re.compile(lexicon.FORCE_ON_PROTEST, _I)
_RIOT = re.compile(lexicon.RIOT, _I)
_MOB = re.compile(lexicon.MOB, _I)
_AGGREGATE = re.compile(lexicon.AGGREGATE, _I)
_BACK_REFERENCE = re.compile(lexicon.BACK_REFERENCE, _I)
_BEGAN = re.compile(lexicon.BEGAN, _I)
_NEW_EVENT = re.compile(lexicon.NEW_EVENT, _I)
_BACKGROUND = re.compile(lexicon.BACKGROUND, _I)
_DISPUTED = re.compile(lexicon.DISPUTED, _I)
_NOT_DISPUTED = re.compile(lexicon.NOT_DISPUTED, _I)
_HYPOTHETICAL = re.compile(lexicon.HYPOTHETICAL, _I)
_WARNING = re.compile(lexicon.WARNING, _I)
_DRILL = re.compile(lexicon.DRILL, _I)
_NOT_VIOLENCE = re.compile(lexicon.NOT_VIOLENCE, _I)
_ATTEMPT = re.compile(lexicon.ATTEMPT, _I)
_SETTING = re.compile(lexicon.SETTING, _I)
_RECALL = re.compile(lexicon.RECALL, _I)
SETTING_WITHIN = 2
"""How many sentences before its event a scene-setting sentence may stand."""
_GENERIC = re.compile(lexicon.GENERIC, _I)
_DIPLOMATIC = re.compile(lexicon.DIPLOMATIC, _I)
_DIPLOMATIC_SETTING = re.compile(lexicon.DIPLOMATIC_SETTING, _I)
_SPOKESMAN = re.compile(lexicon.SPOKESMAN, _I)
_NEW_THEN_INDEFINITE = re.compile(lexicon.NEW_EVENT + r".{0,40}?\b(?:an?|another)\s+(?:[\w-]+\s+){0,3}(?:attack|strike|clash|raid|explosion|blast|ambush|shootout|firefight|incident)\b", _I)
"""'The incident comes weeks after a reported attack': the sentence opens an earlier event, not the one it refers to."""
_INDEFINITE_EVENT = re.compile(r"\b(?:an?|another|one)\s+(?:\w+\s+){0,3}(?:attack|strike|clash|raid|explosion|blast|ambush|shootout|firefight)\b", _I)
_REPORT_VERB = re.compile(lexicon.REPORT_VERB + r"\s*(?:[\w’'/.-]+\s+){0,2}$", _I)
_REPORT_VERB_NEXT = re.compile(r"[ \t]+(?:\w+ly\s+)?" + lexicon.REPORT_VERB, _I)
"""'The government on Friday confirmed that …': a date just before the report verb is when it was said."""
_OCCURRED = re.compile(lexicon.OCCURRED, _I)
_INSIDE = re.compile(lexicon.INSIDE, _I)
_WHERE_AFTER = re.compile(lexicon.WHERE_AFTER, _I)
_WITHOUT_A_FIGHT = re.compile(lexicon.WITHOUT_A_FIGHT, _I)
_STATEMENT = re.compile(lexicon.STATEMENT, _I)
_DIED_OF_WOUNDS = re.compile(lexicon.DIED_OF_WOUNDS, _I)
_TOLL_UPDATE = re.compile(lexicon.TOLL_UPDATE, _I)
_TOLL_WORDS = re.compile(r"\b(?:killed|dead|deaths?|died|wounded|injured|bodies|casualties)\b", _I)
_ATTRIBUTION_PLACE = re.compile(lexicon.ATTRIBUTION_PLACE, _I)
_TOTAL = re.compile(lexicon.TOTAL, _I)
_REMOTE = {"Air/drone strike", "Shelling/artillery/missile attack", "Suicide bomb", "Remote explosive/landmine/IED", "Grenade"}
_PRIORITY = [sub for _, sub in lexicon.TRIGGERS]
_PAST = re.compile(
    r"\b\w{3,}ed\b|\b(?:was|were|had|began|broke out|took place|came|fought|shot|hit|struck|left|leaving|killing|wounding|injuring|"
    r"opened|died|dead|threw|blew|fled|lost|said|says|overran|overrun|fell|fallen|withdrew|seized|captured)\b|\b(?:is|are|was|were) (?:still )?(?:underway|under way|ongoing|continuing|raging)\b",
    _I,
)
_HEADLINE_VERB = re.compile(r"\b(?:kill|kills|hit|hits|clash|attack|attacks|shell|shells|strike|strikes|die|dies|injure|wound|fire|fires|open|opens|trade|erupt|erupts)\b", _I)
_METADATA = re.compile(r"^(?:published|updated|posted|last updated|by\s|photo|image|file photo|read more|related|share|tags?:|source:|\(?[A-Z][\w.-]*\s*/\s*[A-Z]|[\w.-]+@)", _I)

_PLACE_LINE = re.compile(r"[A-Z][A-Za-z’'-]+(?:[ ,-]+[A-Z][A-Za-z’'-]+){0,2}[.,:]?")
DATE_LINE_CHARS = 100
"""A line that is only a date ("Published 12 May 2024, 10:31 GMT") is shorter than this."""
_DATE_ONLY = re.compile(
    r"(?:[\w.’'&/ -]{1,40}?\s*[,|–—-]\s*)?(?:[A-Za-z]+,?\s+)?(?:\d{1,2}\s+[A-Za-z]+\.?|[A-Za-z]+\.?\s+\d{1,2}),?\s+(?:19|20)\d\d(?:[,\s]+\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?)?(?:\s+[A-Z]{2,4})?"
    rf"|(?:\d{{1,2}}\s+(?:{MONTH_PATTERN})|(?:{MONTH_PATTERN})\s+\d{{1,2}})\.?|\d{{1,2}}[./]\d{{1,2}}[./](?:19|20)\d\d(?:\s+\d{{1,2}}:\d\d)?",
    re.IGNORECASE,
)
"""A line that is only a date ("May 17, 2022", "Tuesday, 5 March 2024 10:42"): when the report was published."""
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .]{1,30}?)?(?:,\s*[^()–—-]{3,30}?)?(?:\s*\((?:[A-Za-z/.-]{2,20})\))?\s*[–—-]+\s*"
    r"|[A-Z][A-Z .'-]{2,40},\s*[A-Z][a-z]+\.?\s+\d{1,2}\.?\s*/?\s*[A-Z-]{3,12}\s*/?\.?\s*"
    r"|[A-Z][A-Z .'’-]{2,30}:\s+"
    r"|[A-Z][A-Za-z .'’-]{2,30},\s*(?:[A-Za-z]{3,9}\.?\s+\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9}\.?)(?:,?\s*(?:19|20)\d\d)?\s*:\s+"
    r"|[A-Z][A-Z .'’-]{2,30},\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s*[A-Z][a-z]+\.?\s+\d{1,2}\.(?:\s+|$)(?:/[A-Za-z-]+/\.?\s*)?"
    r"|[A-Z][\w .'’-]{2,30}\s*\[[^\]]{2,30}\],\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:\s*\([A-Za-z]{2,10}\))?\s*[:–—-]+\s*"
    r"|\((?:AP|AFP|Reuters|RFE/RL|Xinhua|TASS|dpa|IANS|PTI|Sputnik|Anadolu)\)\s*[–—-]+\s*)"
)
"""'DUSHANBE, Nov 27 (Reuters) –', 'TEHRAN, SEPT 10:', 'New Delhi, Dec 02:', 'MOSCOW, January 5. /TASS/.', 'Kabul [Afghanistan], July 7 (ANI):', 'BAKU, Azerbaijan, September 6.': the date and
city of the report, not of the event."""


@dataclass(frozen=True)
class Evidence:
    """A sentence an incident was read from, with its span in the article."""

    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Incident:
    """One violent or security incident an article reports (before it is placed on the map).

    ``killed``/``wounded`` are None when the text does not say; ``target`` is the mention of
    where it happened and ``origin`` of where it came from; ``primary`` is False for a background
    event the article recalls, ``disputed`` True when the text reports only a claim or a denial;
    ``flags`` say what looks wrong (a date after the publication date, say).
    """

    id: str
    date: dt.date | None
    date_precision: str | None
    event_type: str
    sub_event_type: str
    killed: int | None
    wounded: int | None
    victims: str | None
    perpetrators: str | None
    target: Mention | None
    origin: Mention | None
    origin_country: str | None
    location_text: str | None
    cross_border: bool
    evidence: tuple[Evidence, ...]
    source_file: str
    flags: tuple[str, ...] = ()
    primary: bool = True
    disputed: bool = False
    confidence: float = 1.0

    @property
    def quote(self) -> str:
        """The evidence sentences, joined."""
        return " ".join(e.quote for e in self.evidence)


# -- step 1: clauses --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    killed: int | None = None
    wounded: int | None = None
    total: int | None = None
    victims: str | None = None
    victim_class: str | None = None
    listed: frozenset[str] = frozenset()  # the classes a list of the dead counts ("20 militants and one border guard")
    uncounted: bool = False  # "four were killed or wounded": casualties told, but no count of either
    vague: bool = False  # the count is a word such as "several" or "dozens", not a number

    @property
    def any(self) -> bool:
        return self.killed is not None or self.wounded is not None or self.total is not None or self.uncounted


@dataclass
class _Clause:
    index: int
    span: tuple[int, int]
    text: str
    body_start: int  # after the dateline, if the sentence opens with one
    subs: list[str]
    dates: list[EventDate]
    reported: list[EventDate]  # "…, officials said on Thursday": when it was said
    counts: _Counts
    actors: set[str]
    places: list[Mention]
    headline: bool
    back_reference: bool
    new_event: bool
    background: bool
    disputed: bool
    aggregate: bool
    hypothetical: bool
    diplomatic: bool
    occurred: bool
    year: int | None  # the year the text tells of after this sentence (see told_year)

    @property
    def reports_event(self) -> bool:
        """Tells of one event that happened (not a summary, a threat or talk about events)."""
        if not self.subs or self.aggregate and not self.counts.any or _GENERIC.search(self.text):
            return False
        if self.hypothetical and not self.counts.any and (not self.dates or _WARNING.search(self.text) or _DRILL.search(self.text)):
            return False  # "the embassy warned on November 9 of possible attacks"; "the exercises will take place on September 18-22"
        if self.diplomatic and not self.counts.any and not _INDEFINITE_EVENT.search(self.text):
            if self.day is None or _DIPLOMATIC.search(_SPOKESMAN.sub(" ", self.text)):
                return False  # talk about events; but a spokesman telling what happened on a given day tells an event
        return self.counts.any or bool(_PAST.search(self.text)) or self.headline and bool(_HEADLINE_VERB.search(self.text) or self.subs)

    @property
    def day(self) -> dt.date | None:
        return next((d.date for d in self.dates if d.precision == "day"), None)


def _clauses(article: Article, mentions: list[Mention], published: dt.date) -> list[_Clause]:
    text = article.text
    starts = [m.start for m in mentions]  # mentions are in text order: each sentence takes its own by bisection
    clauses = []
    spans = sentences(text)
    headline = bool(spans) and text[spans[0][1] : spans[0][1] + 1] == "\n" and not text[spans[0][0] : spans[0][1]].rstrip().endswith((".", "!", "?", ":"))
    year: int | None = None  # the earlier year a paragraph tells of
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        if "\n" in text[spans[index - 1][1] : start] if index else False:
            year = None
        if index <= 3 and _PLACE_LINE.fullmatch(sentence.strip()):
            continue  # "Baku." on a line of its own: a dateline, not the lede
        if (_METADATA.match(sentence) or len(sentence) < DATE_LINE_CHARS and _DATE_ONLY.fullmatch(sentence.strip())) and not _event_words(sentence):
            continue
        dateline = _DATELINE.match(sentence)
        body = start + (dateline.end() if dateline else 0)
        for part in _parts(text, (body, end), published):
            first, last = bisect.bisect_left(starts, body), bisect.bisect_left(starts, part[1])
            clauses.append(_read_clause(index, (start if part[0] == body else part[0], part[1]), body, text, mentions[first:last], published, headline and index == 0, year))
            year = clauses[-1].year
    return clauses


_SPLIT = re.compile(r";\s+|,?\s+(?:and|while|whereas|but)\s+(?=(?:on|in|late|early|the next day|a day later|another|a second|a third|then)\b)|,\s+(?=(?:and\s+)?(?:another|a second|a third)\b)", _I)


def _parts(text: str, span: tuple[int, int], published: dt.date) -> list[tuple[int, int]]:
    """A sentence that tells two events with their own days ("one man was killed on May 3, and another on May 4") as two parts,
    and one that recalls an earlier event with its own toll ("…, after a clash in which two guards died")."""
    start, end = span
    prior = _PRIOR_EVENT.search(text, start, end)
    if prior is not None and prior.start() > start:
        return [(start, prior.start()), (prior.end(), end)]
    cuts = [m for m in _SPLIT.finditer(text, start, end)]
    if not cuts:
        return [span]
    bounds = [start, *[m.start() for m in cuts], end]
    pieces = [(a if i == 0 else cuts[i - 1].end(), b) for i, (a, b) in enumerate(zip(bounds, bounds[1:]))]
    dated = [p for p in pieces if any(d.precision == "day" for d in find_event_dates(text[p[0] : p[1]], published)) and _event_words(text[p[0] : p[1]])]
    if len(dated) < 2 or len(dated) != len(pieces):
        return [span]
    return pieces


_PRIOR_EVENT = re.compile(lexicon.PRIOR_EVENT, _I)


def _read_clause(
    index: int, span: tuple[int, int], body: int, text: str, mentions: list[Mention], published: dt.date, headline: bool, year: int | None = None
) -> _Clause:
    start, end = span
    sentence = text[start:end]
    stripped = _AGGREGATE.sub(lambda m: m.group() if _is_date_number(sentence, m.start()) else " " * len(m.group()), sentence)  # not "October 3 that the incidents"
    natural = bool(_NOT_VIOLENCE.search(sentence))  # an earthquake's or a crash's dead
    subs = [] if natural else _event_words(stripped)
    if subs == ["Arrests"] and index > ARRESTS_WITHIN:
        subs = []  # an arrest is the news when the headline or the lede tells it; later, it is what followed the event
    aggregate = stripped != sentence and not _INDEFINITE_EVENT.search(stripped)
    found = [] if headline else [d for d in find_event_dates(sentence, published, offset=start, year=year) if d.span[0] >= body]
    dates = [d for d in found if not _REPORT_VERB.search(text[max(start, d.span[0] - 30) : d.span[0]]) and not _REPORT_VERB_NEXT.match(text, d.span[1])]
    if _DIED_OF_WOUNDS.search(sentence):
        dates = [d for d in dates if d.precision != "day"]  # "died of his wounds on Tuesday": the event was before
    if _TOLL_UPDATE.search(sentence) and not _event_words(_TOLL_UPDATE.sub(" ", _TOLL_WORDS.sub(" ", sentence))):
        dates = [d for d in dates if d.precision != "day"]  # "the toll rose to 59 on Sunday": when it was counted
    if not subs and not _SETTING.search(sentence):  # "the agency issued a statement yesterday": when it spoke
        dates = [d for d in dates if d.precision != "day" or not _STATEMENT.search(text[max(start, d.span[0] - 60) : d.span[0]])]
    reported = [d for d in found if d not in dates and d.precision == "day"]
    if reported and any(d.span[0] > reported[0].span[1] for d in dates):
        # "told RFE/RL on May 30 that two weeks ago …": what the speaker dates, they date from the day they spoke
        spoken = {d.span: d for d in find_event_dates(sentence, reported[0].date, offset=start, year=year)}
        dates = [spoken.get(d.span, d) if d.span[0] > reported[0].span[1] else d for d in dates]
    return _Clause(
        index=index,
        span=span,
        text=sentence,
        body_start=body,
        subs=subs,
        dates=[] if aggregate else dates,
        reported=reported,
        counts=_Counts() if aggregate or natural else _casualties(sentence),
        actors={cls for pattern, cls in _ACTOR_RES if pattern.search(sentence)},
        places=[m for m in mentions if body <= m.start < end],  # the sentence's mentions (a slice of the article's)
        headline=headline,
        back_reference=bool(_BACK_REFERENCE.search(sentence)),
        new_event=bool(_NEW_EVENT.search(sentence)),
        background=bool(_BACKGROUND.search(sentence)) or any(d.end < published - dt.timedelta(days=60) for d in dates),
        disputed=bool(_DISPUTED.search(sentence)) and not _NOT_DISPUTED.search(sentence),
        aggregate=aggregate,
        hypothetical=bool(_HYPOTHETICAL.search(sentence)),
        diplomatic=bool(_DIPLOMATIC.search(_DIPLOMATIC_SETTING.sub(" ", sentence))),
        occurred=bool(_OCCURRED.search(sentence)),
        year=told_year(sentence, found, year, offset=start),
    )


def _event_words(sentence: str) -> list[str]:
    """The sub-event types the event words of ``sentence`` suggest, most telling first."""
    if not _ANY_TRIGGER.search(sentence):
        return []
    found = {sub for pattern, sub in _TRIGGER_RES if pattern.search(sentence)}
    people = _DIPLOMATIC_PROTEST.sub(" ", sentence)  # people protesting, not a state's note of protest
    if _PROTEST.search(people):
        if _FORCE_ON_PROTEST.search(sentence):
            found.add("Excessive force against protesters")
        elif _PROTESTING.search(people):
            found.add("Peaceful protest")  # not a driver who "blocked the road for another car"
    return [sub for sub in _PRIORITY + ["Excessive force against protesters", "Peaceful protest"] if sub in found]


# -- casualties ------------------------------------------------------------------------------

_NUMBER_WORD_RE = "|".join(sorted(map(re.escape, lexicon.NUMBER_WORDS), key=len, reverse=True))
_VAGUE_RE = "|".join(sorted(map(re.escape, lexicon.VAGUE_COUNTS), key=len, reverse=True))
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|(?!(?:19|20)\d\d\b)\d{{1,5}}|(?:{_NUMBER_WORD_RE})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|(?<!how )(?:{_VAGUE_RE}))"
_MODIFIER = r"(?:(?:at least|at most|up to|about|around|some|more than|over|nearly|almost|approximately|roughly|an estimated|as many as|a total of|another|a further|further)\s+)?"
_STOP = r"(?:and|or|were|was|is|are|have|has|had|been|being|be|killed|killing|dead|died|martyred|slain|perished|wounded|injured|injuring|wounding|hurt|in|on|at|by|during|after|when|while|from|with|the|days?|weeks?|months?|years?|hours?|minutes?|km|kilometres?|kilometers?|miles?|metres?|meters?|times|attacks?|incidents?|clash(?:es)?|strikes?|raids?|of)\b"
_WORD = rf"(?:(?!{_STOP})[\w’'-]+)"
_PHRASE = rf"{_MODIFIER}(?P<n>{_NUM})(?:\s+(?:more|other|others))?(?:\s+(?:of\s+(?:the|them|whom|his|her|their|its)\s+)?{_WORD}){{0,4}}?"
_LIST = rf"{_PHRASE}(?:\s*(?:,|and|, and)\s+{_MODIFIER}{_NUM}(?:\s+(?:more|other|others))?(?:\s+{_WORD}){{0,4}}?)*"
_AUX = r"(?:\s+(?:were|was|have been|has been|had been|are|is|got|being|reportedly|also|later|all|subsequently|allegedly|both|were also|had also))*"
_UNITS = r"(?:days?|weeks?|months?|years?|hours?|minutes?|km|kilometres?|kilometers?|miles?|metres?|meters?|times|kg|tons?|tonnes?|percent|%)\b"
_GAP = r"(?:\s+(?:who|that|which)\s+(?:(?!(?:and|were|was|killed|wounded|injured|dead)\b)[^,.;\d])+?|\s+(?:from|in|near|at|on)\s+(?:(?!(?:and|were|was|killed|wounded|injured|dead)\b)[^,.;\d]){1,50}?)?"
"""What may stand between the counted people and the verb: "four gunmen who crossed from Afghanistan were killed"."""
_PASSIVE = {what: re.compile(rf"\b(?P<list>{_LIST}){_GAP}{_AUX}\s+(?:{words})\b", _I) for what, words in lexicon.CASUALTY_WORDS.items()}
_ACTIVE = {
    "killed": re.compile(rf"\b(?:kill(?:ed|ing|s)?|left|leaving|claim(?:ed|ing)\s+the\s+lives\s+of|shot\s+dead|shot\s+and\s+killed|(?:the\s+)?bodies\s+of)\s+{_MODIFIER}(?P<n>{_NUM})\b(?!\s+{_UNITS})(?P<who>(?:\s+{_WORD}){{0,4}})(?:\s+dead)?", _I),
    "wounded": re.compile(rf"\b(?:wound(?:ed|ing|s)?|injur(?:ed|ing|es)?|hurt(?:ing)?|left|leaving)\s+{_MODIFIER}(?P<n>{_NUM})\b(?!\s+{_UNITS})(?P<who>(?:\s+{_WORD}){{0,4}})(?:\s+(?:wounded|injured))?", _I),
}
_SINGULAR = {
    what: re.compile(
        rf"\b(?:an?|one)\s+(?P<who>(?:{_WORD}\s+){{0,3}}?(?:{lexicon.PERSON_NOUNS}))\s+(?:(?:was|has been|had been|is|also|later|reportedly|seriously|severely|critically|slightly|lightly|badly|gravely|(?:earlier|later) (?:that|this|the same) (?:day|night|morning|evening))\s+)+(?:{words})\b"
        + (
            rf"|\b(?:an?|one)\s+(?P<who2>(?:{_WORD}\s+){{0,3}}?(?:{lexicon.PERSON_NOUNS}))(?:,?\s+who\s+[^,.;]{{0,100}}?,?)?\s+(?:later\s+|also\s+|reportedly\s+|has\s+|had\s+)?(?:died|dies|perished|succumbed)\b"
            if what == "killed"
            else rf"|\b(?:an?|one)\s+(?P<who2>(?:{_WORD}\s+){{0,3}}?(?:{lexicon.PERSON_NOUNS}))(?:\s+(?:of|from)\s+[^,.;]{{1,60}}?)?(?:,?\s+who)?\s+(?:also\s+|reportedly\s+|was\s+|had\s+)?(?:sustained|suffered|received)\s+(?:[\w-]+\s+){{0,2}}?(?:injuries|injury|wounds|wound)\b"
        ),
        _I,
    )
    for what, words in (("killed", "killed|shot dead|slain|martyred"), ("wounded", "wounded|injured|hurt"))
}
_THE_ONE = {
    what: re.compile(rf"\bthe\s+(?P<who>(?:{_WORD}\s+){{0,3}}?(?:{lexicon.PERSON_NOUNS}))(?:\s+of\s+(?:[\w’'-]+\s+){{0,4}}?[\w’'-]+)?\s+(?:was|has been|had been|is)\s+(?:also\s+|reportedly\s+)?(?:{words})\b"
                     rf"|\b(?:shot dead|shot and killed|killed|killing|stabbed to death|beat to death)\s+(?:an?|one)\s+(?P<who2>(?:{_WORD}\s+){{0,3}}?(?:{lexicon.PERSON_NOUNS}))\b"
                     r"|\b(?:beat|beaten|stabbed|stoned|hacked|shot) (?:him|her) to death\b", _I)
    if what == "killed" else
    re.compile(rf"\bthe\s+(?P<who>(?:{_WORD}\s+){{0,5}}?(?:{lexicon.PERSON_NOUNS}))\s+(?:was|has been|had been|is)\s+(?:also\s+|reportedly\s+)?(?:{words})\b"
               rf"|\b(?:wounding|injuring|wounded|injured)\s+(?:an?|one)\s+(?P<who2>(?:{_WORD}\s+){{0,3}}?(?:{lexicon.PERSON_NOUNS}))\b", _I)
    for what, words in (("killed", "killed|shot dead|slain|martyred"), ("wounded", "wounded|injured|hurt"))
}
"""One person: "the commander ... has been killed", "shot dead a shepherd"."""
_NAMED = {
    "killed": re.compile(
        rf"(?<![\w’'-])(?P<name>(?:(?:{lexicon.TITLES})\.?\s+)?(?-i:[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){{1,3}})),?(?:\s+(?:a|an|the|one of)\s+[^,.;]{{0,90}}?,)?\s+(?:was|has been|had been)\s+(?:reportedly\s+|allegedly\s+)?(?:shot dead|shot to death|killed|slain|murdered|beaten to death|stabbed to death)\b"
        rf"|\b(?:killed|shot dead|murdered)\s+(?P<name2>(?:(?:{lexicon.TITLES})\.?\s+)?(?-i:[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){{1,3}}))\b(?!\s+(?:province|district|region|border))",
        _I,
    ),
}
"""One named person killed: "Lieutenant Umedjon Hasanov was killed", "security forces killed Gulbiddin Ziyobekov"
(a named wounded person is too often one who later died, and counted again)."""
_NOTHING = re.compile(r"(?!)")
_PLACE_NAMES = re.compile(
    r"(?-i:\b(?:Afghan|Tajik|Kyrgyz|Uzbek|Pakistani|Iranian|Chinese|Russian|Border|Guards?|Forces|Police|Army|Taliban|Islamic|State|Ministry|Committee|Service|Province|District|Region|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
)
"""Capitalised words that make a run of names an organisation, a place or a day, not a person."""
_VAGUE_COUNT = re.compile(rf"\b(?:{_VAGUE_RE})\b", _I)
_PAIR = {
    what: re.compile(
        rf"\b(?:an?|one)\s+(?:{_WORD}\s+){{0,3}}?(?:{lexicon.PERSON_NOUNS})\s+and\s+(?:an?|one)\s+(?:{_WORD}\s+){{0,3}}?(?:{lexicon.PERSON_NOUNS})\s+"
        rf"(?:were|have been|had been)\s+(?:also\s+|reportedly\s+)?(?:{words})\b",
        _I,
    )
    for what, words in (("killed", "killed|shot dead|slain|martyred"), ("wounded", "wounded|injured|hurt"))
}
"""Two people, one by one: "an Afghan border police officer and a local tribesman were also killed"."""
_BOTH = {
    what: re.compile(rf"\bboth\s+(?:of\s+them|(?:{_WORD}\s+){{0,2}}?(?:{lexicon.PERSON_NOUNS}))\s+(?:were|have been|had been)\s+(?:also\s+|reportedly\s+)?(?:{words})\b", _I)
    for what, words in (("killed", "killed|shot dead|slain|martyred"), ("wounded", "wounded|injured|hurt"))
}
"""Two people told as a pair: "both individuals were killed"."""
_ONE_OF = {
    "killed": re.compile(rf"\bone of (?:the |them\b)?(?:(?:{_WORD}\s+){{0,2}}?(?:{lexicon.PERSON_NOUNS}))?[^.;]{{0,80}}?\b(?:was|has been|had been)\s+(?:reportedly\s+|also\s+)?(?:killed|shot dead|slain)\b", _I),
    "wounded": re.compile(rf"\bone of (?:the |them\b)?(?:(?:{_WORD}\s+){{0,2}}?(?:{lexicon.PERSON_NOUNS}))?[^.;]{{0,80}}?\b(?:(?:was|has been|had been)\s+(?:reportedly\s+|also\s+)?(?:wounded|injured)|(?:received|sustained|suffered)\s+(?:[\w-]+\s+){{0,2}}?(?:injuries|injury|wounds|wound))\b", _I),
}
"""'One of the trespassers – Afghan national X – was killed': one."""
_ANOTHER = {
    what: re.compile(
        rf"\b(?:a second|another|a third|a fourth)\s+(?:one\s*|(?:{_WORD}\s+){{0,2}}?(?:{lexicon.PERSON_NOUNS})\s*)?(?:,\s*[^,.;]{{1,60}}?,?\s+)?(?:(?:was|has been|had been|also|later|reportedly|seriously|severely|critically|badly|gravely|slightly|lightly)\s+)+(?:{words})\b"
        rf"|\b(?:a second|another|a third|a fourth)\b[^.;]{{0,80}}?\bdespite being (?:{words})\b",
        _I,
    )
    for what, words in (("killed", "killed|shot dead|slain|died"), ("wounded", "wounded|injured|hurt"))
}
_INCLUDING = re.compile(r",?\s+(?:including|among them|among whom|of whom|mostly|many of them|most of them)\s+[^,;.]*?(?:,|(?=\s+(?:were|was|have|had|are)\b))|\([^)]*\)", _I)
_ONE_SIDE = r"(?![^.;]{0,25}?\b(?:on|among|from|in) the (?:[\w-]+\s+){0,2}?(?:side|border guards|servicemen|troops|forces|ranks)\b)"
"""After "no casualties": not "… on the Kyrgyz side", which says nothing of the other side's."""
_NO_ONE = {
    "killed": re.compile(rf"\b(?:no one|nobody|no-one|none) (?:was|were|had been) (?:killed|hurt|injured|harmed)|\bno (?:human )?(?:casualties|casualty|deaths|fatalities|losses|one died)\b{_ONE_SIDE}|\bwithout casualties\b|\bnot (?:yet )?been any casualties\b{_ONE_SIDE}", _I),
    "wounded": re.compile(rf"\b(?:no one|nobody|no-one|none) (?:was|were|had been) (?:hurt|injured|wounded|harmed)|\bno (?:human )?(?:casualties|casualty|injuries|losses)\b{_ONE_SIDE}|\bno (?:injured|wounded) (?:was|were|has been|have been) reported\b|\bwithout casualties\b|\bnot (?:yet )?been any casualties\b{_ONE_SIDE}", _I),
}


def number_value(word: str) -> int | None:
    """'three' -> 3, '12' -> 12, 'a dozen' -> 12, 'twenty-five' -> 25, '1,200' -> 1200; None if not a number.

    >>> number_value("Three"), number_value("14"), number_value("twenty-five"), number_value("many")
    (3, 14, 25, None)
    """
    word = " ".join(word.lower().replace(",", "").split())
    if word.isdigit():
        return int(word)
    if word in lexicon.NUMBER_WORDS:
        return lexicon.NUMBER_WORDS[word]
    parts = re.split(r"[-\s]", word)
    if len(parts) == 2 and all(p in lexicon.NUMBER_WORDS for p in parts) and lexicon.NUMBER_WORDS[parts[0]] >= 20:
        return lexicon.NUMBER_WORDS[parts[0]] + lexicon.NUMBER_WORDS[parts[1]]
    return None


def _count_value(word: str) -> int | None:
    value = number_value(word)
    return value if value is not None else lexicon.VAGUE_COUNTS.get(" ".join(word.lower().split()))


_ANY_CASUALTY = re.compile(
    r"\b(?:kill\w*|dead|died|deaths?|fatalit\w*|slain|lives|perished|bodies|martyr\w*|lifeless|neutrali[sz]ed|liquidated|wound\w*|injur\w*|hurt|hospitali[sz]ed|casualt\w*|losses|toll|number of|harmed|shot)\b", _I
)
"""One pass that says whether a sentence can state a count at all."""


def _casualties(sentence: str) -> _Counts:
    """Killed, wounded and a running total as the sentence states them (None when not stated)."""
    if not _ANY_CASUALTY.search(sentence):
        return _Counts()
    plain = _INCLUDING.sub(lambda m: " " * len(m.group()), sentence)
    plain = _DATE_NUMBERS.sub(lambda m: "#" * len(m.group()), plain)  # "On December 27, two soldiers …": 27 is no count
    found: dict[str, tuple[int, int, str | None, str]] = {}
    for what in ("killed", "wounded"):
        best = _first_count(what, plain, sentence)
        if best:
            found[what] = best
    total = None
    for match in _TOTAL.finditer(plain):
        number = re.match(_NUM, plain[match.end() :], _I)
        if number and _count_value(number.group()) is not None:
            total = _count_value(number.group())
    victims = next((found[w][2] for w in ("killed", "wounded") if w in found and found[w][2]), None)
    killed = found["killed"][1] if "killed" in found else (0 if _NO_ONE["killed"].search(plain) else None)
    wounded = found["wounded"][1] if "wounded" in found else (0 if _NO_ONE["wounded"].search(plain) and killed in (0, None) else None)
    included = " ".join(m.group() for m in _INCLUDING.finditer(sentence))  # "five people, including two border guards"
    uncounted = killed is None and wounded is None and bool(re.search(rf"\b(?:{lexicon.CASUALTY_WORDS['killed']}){_EITHER.pattern}", plain, _I))
    vague = any(what in found and _VAGUE_COUNT.search(plain[found[what][0] : found[what][0] + 40]) for what in ("killed", "wounded"))
    listed = frozenset(filter(None, map(_class_of, re.split(r",|\band\b", found["killed"][3])))) if "killed" in found else frozenset()
    return _Counts(killed, wounded, total, victims, _class_of(victims) or (_class_of(included) if killed or wounded else None), listed, uncounted, vague)


def _first_count(what: str, plain: str, sentence: str) -> tuple[int, int, str | None, str] | None:
    """(position, value, victims, counted words) of the first count of ``what``; a coordinated list is summed."""
    candidates: list[tuple[int, int, str | None, str]] = []
    for match in _PASSIVE[what].finditer(plain):
        phrase = match.group("list")
        values = [_count_value(n.group()) for n in re.finditer(rf"(?<![\w-]){_NUM}(?![\w-])", phrase, _I)]
        if _is_date_number(plain, match.start("n")) or re.match(rf"{_MODIFIER}{_NUM}\s+{_UNITS}", phrase, _I):
            continue
        counted = [v for v in values if v is not None]
        if _EITHER.match(plain, match.end()):
            continue  # "four were killed or wounded": a count of neither
        if counted and not _EVENT_NOUN.search(phrase):
            candidates.append((match.start(), sum(counted), _victim_phrase(phrase), phrase))
    for match in _ACTIVE[what].finditer(plain):
        value = _count_value(match.group("n"))
        more = _AND_MORE.match(plain, match.end())
        extra = _count_value(more.group("n")) if more else None
        if value is not None and extra is not None:
            value += extra  # "killing three women and three children"
        if value is None or _is_date_number(plain, match.start("n")) or _EITHER.match(plain, match.end()):
            continue  # … or "leaving dozens dead, wounded or missing": a count of none of them
        if match.group().lower().startswith(("left", "leaving")) and not re.search(r"\b(?:dead|wounded|injured)\b", match.group(), _I):
            continue
        candidates.append((match.start(), value, _victim_phrase(match.group("who")), ""))
    for match in _ONE_OF[what].finditer(plain):
        candidates.append((match.start(), 1, None, ""))
    for match in itertools.chain(_PAIR[what].finditer(plain), _BOTH[what].finditer(plain)):
        candidates.append((match.start(), 2, None, ""))
    for match in _ANOTHER[what].finditer(plain):
        candidates.append((match.start(), 1, None, ""))
    for match in _THE_ONE[what].finditer(plain):
        candidates.append((match.start(), 1, _victim_phrase(match.group("who") or match.group("who2")), ""))
    for match in _NAMED.get(what, _NOTHING).finditer(plain):
        if not _PLACE_NAMES.search(match.group("name") or match.group("name2")):  # the name, not what is said of the person
            candidates.append((match.start(), 1, None, ""))
    for match in _SINGULAR[what].finditer(plain):
        candidates.append((match.start(), 1, _victim_phrase(match.group("who") or match.group("who2")), ""))
    return min(candidates, key=lambda c: c[:2], default=None)


_AND_MORE = re.compile(rf"\s+(?:and|,)\s+{_MODIFIER}(?P<n>{_NUM})\s+(?:{_WORD}\s+){{0,2}}?(?:{lexicon.PERSON_NOUNS})\b", _I)
_EITHER = re.compile(r"(?:,\s*(?:wounded|injured|hurt|missing))?\s+or\s+(?:were\s+|was\s+)?(?:wounded|injured|hurt|killed|captured|arrested|missing)\b", _I)
_EVENT_NOUN = re.compile(r"\b(?:attacks?|strikes?|raids?|clash(?:es)?|explosions?|blasts?|incidents?|shelling|bombings?|ambush(?:es)?|rounds?|shells?|drones?|mines?|rockets?)\b", _I)


_DATE_NUMBERS = re.compile(rf"\b(?:{MONTH_PATTERN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d\d\b)?|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_PATTERN})\b", _I)
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTH_PATTERN})\.?\s+$", _I)
_DAY_MONTH_AFTER = re.compile(rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_PATTERN})\b|(?:19|20)\d\d\b", _I)


def _is_date_number(sentence: str, position: int) -> bool:
    """The number is part of a date ("November 26", "26 November", "2024"), not a count."""
    return bool(_MONTH_BEFORE.search(sentence[max(0, position - 12) : position]) or _DAY_MONTH_AFTER.match(sentence, position))


_VICTIM_NOUN_RE = re.compile(rf"\b(?:{lexicon.PERSON_NOUNS})\b", _I)


def _victim_phrase(words: str | None) -> str | None:
    words = (words or "").strip()
    words = re.sub(rf"^{_MODIFIER}(?:{_NUM})?\s*", "", words, flags=_I).strip()
    matches = list(_VICTIM_NOUN_RE.finditer(words))
    if not matches:
        return None
    phrase = words[: matches[0].end()]
    phrase = re.sub(r"^(?:other|others|more|of|the|more than|of the|of them)\s+", "", phrase, flags=_I)
    return phrase or None


def _class_of(phrase: str | None) -> str | None:
    if not phrase:
        return None
    return next((cls for pattern, cls in _ACTOR_RES if pattern.search(phrase)), None)


# -- step 2: events ----------------------------------------------------------------------------


@dataclass
class _Event:
    clauses: list[_Clause] = field(default_factory=list)
    disputed: bool = False
    anchor: _Event | None = None  # the event whose day it shares ("Hours later, …"; one place of an event told place by place)
    part: bool = False  # one place of ``anchor`` ("In X, six were killed. In Y, two …"): the same kind of event
    offset: int = 0  # days after ``anchor``'s day ("a week earlier": -7)

    @property
    def opening(self) -> _Clause:
        """The first sentence that tells the event (a sentence setting its scene or date may come before it)."""
        return next((c for c in self.clauses if c.subs), self.clauses[0])

    @property
    def day(self) -> dt.date | None:
        own = next((c.day for c in self.clauses if c.day), None)
        if own is None and self.anchor is not None and self.anchor.day is not None:
            return self.anchor.day + dt.timedelta(days=self.offset)
        return own



ARRESTS_WITHIN = 2
"""An arrest is an incident of its own only in the first sentences (the headline and the lede)."""

COREFERENCE_EVENTS = 30
"""How many of the events told before a sentence may refer to (an article recalls a few; a 2 MB paste has thousands)."""
_ATTACH_WITHIN = 4
"""A sentence with only counts or a place joins the event told at most this many sentences before."""
DISPUTE_WITHIN = 2
"""A denial or "could not be confirmed" marks the event told at most this many sentences before."""


def _events(clauses: list[_Clause], text: str) -> list[_Event]:
    events: list[_Event] = []
    current: _Event | None = None
    summary_at = -2
    later_than: tuple[int, _Event] | None = None  # "Hours later, …": the event the next one follows on the same day
    setting: _Clause | None = None  # "Guards spotted smugglers crossing in X on Monday": the scene of the event told next
    for clause in clauses:
        if current is not None and not clause.dates and _SAME_DAY_LATER.search(clause.text):
            later_than = (clause.index, current)
        if clause.aggregate:
            summary_at = clause.index
        if clause.reports_event and clause.index - summary_at == 1 and not clause.dates and not _targets(text, clause):
            continue  # "This year has seen 22 skirmishes. Twelve trespassers have been killed …": the summary's figures
        if clause.reports_event:
            event = _coreferent(events, current, clause, text)
            if event is None and clause.back_reference and not (clause.counts.any or clause.dates or clause.headline):
                continue  # "the attacks" with nothing told before: talk about events, not a new one
            if event is None:
                part = current is not None and _another_place(text, current, clause)
                later = later_than if later_than is not None and clause.index - later_than[0] <= 1 and not clause.dates else None
                offset = _offset_days(clause.text) if current is not None and not clause.dates else None
                during = current is not None and not clause.dates and _civilians_shelled(clause)  # the same day as the fighting
                anchor = current if part or during or offset is not None else later[1] if later else None
                event = _Event(anchor=anchor, part=part, offset=offset or 0)
                events.append(event)
                if setting is not None and clause.index - setting.index <= SETTING_WITHIN and not clause.dates and not clause.headline:
                    event.clauses.append(setting)
            event.clauses.append(clause)
            event.clauses.sort(key=lambda c: c.index)
            current, setting = event, None
        elif current is not None and clause.index - current.clauses[-1].index <= _ATTACH_WITHIN and not clause.aggregate:
            adds = clause.counts.any and not clause.background and clause.index - summary_at > 1  # counts right after a summary are the summary's
            undated = current.day is None if clause.day is not None else bool(clause.dates) and not any(c.dates for c in current.clauses)
            adds = adds or (undated and clause.index - current.clauses[-1].index <= 2 and not clause.background)
            lede = all(c.headline for c in current.clauses) and clause.index == current.clauses[-1].index + 1
            adds = adds or lede and bool(clause.dates or _targets(text, clause))  # the lede tells the headline's event
            places = (clause.back_reference or clause.occurred) and not clause.background and any(m.unit for m in _targets(text, clause))
            if adds or places:
                current.clauses.append(clause)
            elif _is_setting(clause, text):
                setting = clause
            if clause.disputed and clause.index - current.clauses[-1].index <= DISPUTE_WITHIN:
                current.disputed = True
        elif _is_setting(clause, text):
            setting = clause
    _date_from_the_lede(events, clauses)
    _same_day_as_the_last(events)
    return [e for e in events if not _vague_recall(e, text)]


_EARLIER = re.compile(lexicon.EARLIER, _I)
SAME_NEWS_WITHIN = 2
"""An undated event told this few sentences after a dated one is news of the same day."""


def _same_day_as_the_last(events: list[_Event]) -> None:
    """ "Six were killed in Kunar on Saturday. … Helicopters also bombarded villages in Khost.": an event the report
    gives no date of, told right after a dated one and not recalled as earlier, is of that day."""
    for last, event in zip(events, events[1:]):
        if (
            event.anchor is None and last.day is not None and not any(c.dates for c in event.clauses)
            and not event.opening.background and not last.opening.background and not _EARLIER.search(event.opening.text)
            and event.opening.index - last.clauses[-1].index <= SAME_NEWS_WITHIN
        ):
            event.anchor = last


def _vague_recall(event: _Event, text: str) -> bool:
    """ "Earlier, the Taliban had clashed with Iranian and Pakistani forces": a recall with no day, toll or place is no incident."""
    return (
        all(c.background or _RECALL.search(c.text) for c in event.clauses) and event.anchor is None
        and not any(c.dates or c.counts.any or _targets(text, c) for c in event.clauses)
    )


LEDE_SENTENCES = 4
"""How many sentences open an article: a day they give, before any event is told, is the first event's."""


def _date_from_the_lede(events: list[_Event], clauses: list[_Clause]) -> None:
    """ "The incident occurred on the border on July 22. … A skirmish broke out …": an opening that dates the news
    before it names the violence dates the first event, when that event has no day of its own."""
    first = events[0] if events else None
    if first is None or first.day is not None or first.opening.background:
        return
    dated = [
        c for c in clauses
        if c.index < min(first.opening.index, LEDE_SENTENCES) and c.day is not None
        and not (c.background or c.hypothetical or c.aggregate or c.diplomatic or c.subs)
    ]
    if dated:
        first.clauses.insert(0, dated[-1])
        first.clauses.sort(key=lambda c: c.index)


def _is_setting(clause: _Clause, text: str) -> bool:
    return (
        not clause.subs and not clause.background and not clause.hypothetical and not clause.aggregate and not clause.headline
        and bool(_SETTING.search(clause.text)) and bool(clause.dates or _targets(text, clause))
    )


def _coreferent(events: list[_Event], current: _Event | None, clause: _Clause, text: str) -> _Event | None:
    """The event ``clause`` tells again, or None when it opens a new one."""
    day = clause.day
    if day is not None and current is not None and _BEGAN.search(clause.text) and not clause.new_event and not clause.background:
        return current  # "The conflict erupted when … early Saturday", after the clash of Monday's report
    if day is not None:
        slack = 1 if clause.back_reference and not clause.new_event else 0
        recent = [(e, d) for e in events[-COREFERENCE_EVENTS:] if (d := e.day) is not None]
        same = [e for e, d in recent if d == day] or [e for e, d in recent if abs((d - day).days) <= slack]  # the same day first
        another = clause.new_event and not clause.back_reference  # "Also on Sunday, two citizens were killed …"
        if same and not another:
            return same[-1]
        if current is not None and all(c.headline for c in current.clauses):
            return current  # the lede tells the headline's event (inverted pyramid)
        recalled_too = clause.background and current is not None and current.opening.background and not _EARLIER.search(clause.text) and any(
            d.start <= day <= d.end for c in current.clauses for d in c.dates
        )  # "… a month ago after a skirmish." "We will recall that guards killed one on November 13": the same one
        if current is not None and current.day is None and (not clause.background or recalled_too) and (not clause.new_event or all(c.headline for c in current.clauses)):
            return current
        return None
    if current is None or clause.headline:
        return None
    if all(c.headline for c in current.clauses):
        return current
    if clause.new_event and (not clause.back_reference or _NEW_THEN_INDEFINITE.search(clause.text)):
        return None
    if _another_place(text, current, clause):
        return None
    if _kind(current) == "Arrests" and clause.subs and "Arrests" not in clause.subs:
        return None  # violence told after an arrest is another event (the arrest may follow it, never the other way)
    if _KIND_CHANGE.search(clause.text) and not clause.back_reference and _kind(current) not in (None, "Armed clash") and clause.counts.any:
        return None  # "One border guard died in a firefight this month", after a kidnapping: another event
    if _civilians_shelled(clause) and _is_battle(current) and not _civilians_shelled(current.opening):
        return None  # "a mortar round hit a house during the fighting, wounding eight": shelling of civilians, told apart
    if clause.background and not current.opening.background and not clause.back_reference:
        return None
    if any(d.precision in ("month", "year") and (d.end < (current.day or d.end) - dt.timedelta(days=10) or d.start > (current.day or d.start) + dt.timedelta(days=10)) for d in clause.dates):
        return None  # another month than the event's: another event
    if current.day is not None and any(d.precision == "week" and not d.start - dt.timedelta(days=1) <= current.day <= d.end + dt.timedelta(days=1) for d in clause.dates):
        return None  # "last weekend", told after an event of Thursday: another event
    if current.day is not None and any(d.precision == "month" and d.end < current.day.replace(day=1) for d in clause.dates):
        return None  # "last month", told of an event of this month: another event
    if not clause.back_reference and not re.search(r"\bon the \w+ side\b", clause.text, _I):
        here = _units(text, [clause])
        there = _units(text, current.clauses)
        same_country = {c for c, _ in here} & {c for c, _ in there}
        if here and there and same_country and not here & there:
            return None
    if clause.back_reference and _FIGHTING.search(clause.text) and not _is_battle(current):
        # "the fighting" is the battle told before, else the article's main event
        return next((e for e in reversed(events[-COREFERENCE_EVENTS:]) if _is_battle(e)), next((e for e in events[:1] if e.opening.headline), current))
    return current


_FIGHTING = re.compile(r"\bthe (?:\w+ )?(?:fighting|clash(?:es)?|gunfight|firefight|shootout|exchange of fire|battle)\b", _I)


_HIT_CIVILIANS = re.compile(rf"\b(?:hit|struck|landed (?:on|in))\s+(?:a|an|the|their|his|two|three|several)?\s*(?:{lexicon.CIVILIAN_PLACES})\b", _I)


def _civilians_shelled(clause: _Clause) -> bool:
    return bool(clause.subs) and clause.subs[0] in _REMOTE and bool(_HIT_CIVILIANS.search(clause.text)) and clause.counts.any


_KIND_CHANGE = re.compile(lexicon.KIND_CHANGE, _I)


def _kind(event: _Event) -> str | None:
    return next((c.subs[0] for c in event.clauses if c.subs), None)


def _is_battle(event: _Event) -> bool:
    return any(c.subs and c.subs[0] == "Armed clash" for c in event.clauses)


_SAME_DAY_LATER = re.compile(lexicon.SAME_DAY_LATER, _I)
_BARE_STRIKE = re.compile(r"\b(?:a|another|one more) (?:strike|raid|bombing)\b", _I)
_OFFSET = re.compile(r"\b(?P<n>a|one|two|three|four|five|six|seven|\d) (?P<unit>day|week)s? (?P<dir>earlier|before|later|after)\b(?!\s+(?:the|a|an|it|he|she|they|his|their)\b)", _I)


def _offset_days(text: str) -> int | None:
    """ "a week earlier" -> -7, "two days later" -> 2: an event told relative to the one before."""
    match = _OFFSET.search(text)
    if match is None:
        return None
    n = 1 if match.group("n").lower() in ("a", "one") else number_value(match.group("n"))
    if n is None:
        return None
    days = n * (7 if match.group("unit").lower() == "week" else 1)
    return -days if match.group("dir").lower() in ("earlier", "before") else days
_IN_PLACE = re.compile(r"(?:In|At)\s+(?:the\s+)?")


def _in_place(text: str, clause: _Clause) -> tuple[str, str | None] | None:
    """The unit a clause opens with ("In Sepera district of Khost, two women were killed"), if it has its own toll."""
    opening = _IN_PLACE.match(text, clause.span[0])
    if opening is None or not clause.counts.any:
        return None
    first = next((m for m in _targets(text, clause) if m.start >= opening.end()), None)
    if first is None or first.start - opening.end() > 40:
        return None
    return _unit(first).country, _unit(first).admin1


def _another_place(text: str, current: _Event, clause: _Clause) -> bool:
    """The event is told place by place: the clause gives the toll of another place than a sentence before did."""
    here = _in_place(text, clause)
    return here is not None and any((there := _in_place(text, c)) is not None and there != here for c in current.clauses)


def _units(text: str, clauses: list[_Clause]) -> set[tuple[str, str]]:
    """(country, admin-1) of the places named as where the clauses' events were."""
    return {(unit.country, unit.admin1) for c in clauses for m in _targets(text, c) if (unit := _unit(m)).kind != "country" and unit.admin1}


# -- step 3: arguments -------------------------------------------------------------------------

UNAMBIGUOUS = 0.9
"""A mention scored this high names one place: it stands even where the event also names another unit."""
_SPECIFICITY = {"populated place": 4, "other": 4, "admin2": 3, "admin1": 2, "country": 1, "border": 0, "river": 0}
_FREE_WORDS = r"(?:(?!(?!neighbou?ring\b|bordering\b)\w+(?:ed|ing)\b)(?!(?:attacked|fired|killed|hit|struck|shot|hurts?|kills?|hits?|wounds?|injures?|leaves|lands?|and|but|into|to|towards?|on|at|against)\b)[\w’'-]+\s+)"
_ORIGIN_CUE = re.compile(
    rf"\b(?:militants?|gunm[ae]n|fighters?|insurgents?|attackers?|intruders?|smugglers?|traffickers?|troops|forces|soldiers|guards|drones?|aircraft|planes?|jets?|shells?|rockets?|mortars?|"
    rf"fire|fired|shots?|launched|came|coming|crossed|crossing|entered|infiltrated|arrived|originating|group|men|Taliban|territory|side|attacks?|strikes?|raids?|shelling|incursions?)\s+(?:[\w’'-]+\s+){{0,3}}?"
    rf"(?:from|out of)\s+{_FREE_WORDS}{{0,5}}$|\b(?:based in|operating (?:out of|from|in)|hiding in|sheltering in|launched from)\s+{_FREE_WORDS}{{0,5}}$",
    _I,
)
_ACTOR_IN = re.compile(r"\b(?:militants?|gunmen|forces|fighters|insurgents|troops|Taliban|smugglers|soldiers|guards|border guards|side)\s+(?:in|of|inside)\s+(?:the\s+)?$", _I)
_ACTS_AFTER = re.compile(
    r"(?:[’']s)?(?:\s+(?:[A-Z][\w’'-]*|of|the))*(?:\s+(?:Province|province|Region|region|District|district|Oblast))?,?\s+(?:have\s+|had\s+|reportedly\s+|then\s+)?"
    r"(?:launched|fired|attacked|opened|carried|shelled|struck|crossed|sent|used|targeted|ambushed|raided|infiltrated|killed)\b"
)
"""'Militants in X launched …': X is where the attackers are (the origin) only when they are the subject of the attack."""
_SPEAKER_AFTER_PLACE = re.compile(lexicon.SPEAKER_AFTER_PLACE, _I)
_REFERENCE_PLACE = re.compile(
    r"\b(?:across (?:the (?:[\w-]+ )?(?:river |border |frontier )?)?from|opposite|bordering|borders|adjacent to|facing|separating (?:[\w-]+ ){1,3}from)"
    r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}(?:[\w’'-]+\s+[\w’'-]+\s+\()?$",
    _I,
)
"""A place named to situate another ("across the river from X", "the area facing X", "bordering Tajikistan's
Farkhor district (Khatlon province)"), not where the event was."""
_DESTINATION = re.compile(lexicon.DESTINATION, _I)
_DISTANCE_FROM = re.compile(r"\b(?P<km>\d+(?:\.\d+)?)\s*(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:of|from)\s+(?:the\s+)?(?:(?:centre|center|town|city|village)\s+of\s+)?$", _I)
NEAR_KM = 30
"""'10 km from Vorukh' places the event near Vorukh (a weaker place than one named as where it was); farther, it only situates."""


def _specificity(mention: Mention) -> float:
    """How precisely a mention places an event; a name no gazetteer holds ranks just above the unit it is in."""
    if mention.place is not None:
        return _SPECIFICITY[mention.place.kind]
    return _SPECIFICITY[_unit(mention).kind] + 0.5


_SPOKEN_IN = re.compile(lexicon.SPOKEN_IN, _I)
_COUNTRY_AS_ACTOR = re.compile(lexicon.COUNTRY_AS_ACTOR, _I)


def _targets(text: str, clause: _Clause) -> list[Mention]:
    """Mentions of the clause that can be where the event happened."""
    found = []
    for mention in clause.places:
        if mention.unit is None or mention.unit.kind in LINE_KINDS or _is_origin(text, clause, mention):
            continue
        before = text[max(clause.span[0], mention.start - 60) : mention.start]
        if _DESTINATION.search(before):
            continue  # "troops fled into neighbouring Tajikistan after clashes": where they went, not where they fought
        distance = _DISTANCE_FROM.search(before)
        if distance and float(distance.group("km")) > NEAR_KM:
            continue
        if _ATTRIBUTION_PLACE.search(before) or _REFERENCE_PLACE.search(before) and not _WHERE_AFTER.match(text, mention.end) or _SPEAKER_AFTER_PLACE.match(text, mention.end) or (mention.unit.name in lexicon.CAPITALS and (not re.search(r"\b(?:in|near|outside|on)\s+(?:the\s+)?$", before) or _SPOKEN_IN.match(text, mention.end))):
            continue
        if _COUNTRY_AS_ACTOR.match(text, mention.end) and mention.unit.kind == "country":
            continue  # "Russia's Defense Ministry denied …": the state, not a place
        if re.match(r"\s+(?:River|river|Darya|valley|Valley)\b", text[mention.end : mention.end + 8]):
            continue  # the Panj River: the border itself, not a town of that name
        found.append(mention)
    return found


def _is_origin(text: str, clause: _Clause, mention: Mention) -> bool:
    start = clause.span[0]
    before = text[max(start, mention.start - 60) : mention.start]
    before_possessive = re.sub(r"\b[A-Z][\w-]*[’']s\s+(?:\w+\s+)?$", "", before)
    if _ORIGIN_CUE.search(before) or _ORIGIN_CUE.search(before_possessive):
        return True
    if (_ACTOR_IN.search(before) or _ACTOR_IN.search(before_possessive)) and _ACTS_AFTER.match(text, mention.end):
        return True
    return bool(re.match(r"[’']s\s", text[mention.end : mention.end + 3])) and bool(
        re.search(r"\b(?:from|out of|based in)\s+$", text[max(start, mention.start - 20) : mention.start], _I)
    ) or bool(re.match(r"[’']s\s", text[mention.end : mention.end + 3]) and _ACTOR_IN.search(text[max(start, mention.start - 30) : mention.start]) and _ACTS_AFTER.match(text, mention.end))


def _origins(text: str, event: _Event) -> list[Mention]:
    return [m for c in event.clauses for m in c.places if m.unit is not None and m.unit.kind not in LINE_KINDS and _is_origin(text, c, m)]


def _place(text: str, event: _Event) -> tuple[Mention | None, _Clause | None]:
    """The most specific place named for the event (the opening sentence first on a tie)."""
    best: tuple[tuple[float, int, int], Mention, _Clause] | None = None
    came_from = {key for m in _origins(text, event) for key in (_unit(m).id, _core_name(m.text))}  # "crossed from the Ghormach region …"
    targets = [
        (rank, clause, m) for rank, clause in enumerate(event.clauses) for m in _targets(text, clause)
        if _unit(m).id not in came_from and _core_name(m.text) not in came_from  # … later "the head of Ghormach district"
    ]
    fired_from = _fired_from(event)
    across = [t for t in targets if _unit(t[2]).country not in fired_from]
    if fired_from and across:  # "shots were fired from the Tajik side": the event is on the other side of the border
        targets = across
    named = {_unit(m).admin1 for _, _, m in targets if _unit(m).kind in ("admin1", "admin2") and _unit(m).admin1}
    provinces = {(_unit(m).country, _unit(m).name): _unit(m) for _, _, m in targets if _unit(m).kind == "admin1"}
    for rank, clause, mention in targets:
        if mention.place is None and _unit(mention).kind == "country":
            inside = [unit for (country, _), unit in provinces.items() if country == _unit(mention).country]
            if len(inside) == 1:  # "the Kyrgyz village of Kok-Tash" in an event told in the Batken region
                mention = replace(mention, within=inside[0])
        if named and mention.place is not None and mention.place.kind in ("populated place", "other") and mention.place.admin1 not in named:
            consistent = next((p for p in mention.candidates if p.admin1 in named), None)
            if consistent is None:
                if mention.score < UNAMBIGUOUS:
                    continue  # an ambiguous name, none of whose places is in the unit the event names
                consistent = mention.place
            mention = replace(mention, place=consistent)
        before = text[max(clause.span[0], mention.start - 60) : mention.start]
        situating = _DISTANCE_FROM.search(before)
        scene = _WHERE_AFTER.match(text, mention.end) and not re.search(r"\b(?:into|to)\s+(?:the\s+)?$", before)  # not "taken into Afghanistan, where he spent 20 days"
        within = _INSIDE.search(before) or scene  # "at the soil of Iran", "the Mohmand agency, where …" outrank the province named
        key = (_specificity(mention) - 2.5 * bool(situating) + 3.5 * bool(within), -rank, -mention.start)
        if best is None or key > best[0]:
            best = (key, mention, clause)
    return (best[1], best[2]) if best else (None, None)


_COUNTRY_CODES = {short: code for code, short in aliases.COUNTRY_SHORT_NAMES.items()}  # "Pakistan" -> "PK"
_FIRED_FROM = re.compile(
    rf"\b{lexicon.FIRE_WORDS}\b(?:[^|.]{{0,30}}?\bfrom the (?P<demonym>{'|'.join(DEMONYMS)}) side"
    rf"|\s+(?:(?:were|was|had been|have been)\s+)?(?:(?:fired|launched|coming)\s+)?from\s+(?:the territory of |neighbouring |neighboring )?(?P<country>{'|'.join(_COUNTRY_CODES)}))\b",
    _I,
)


_STATE_ACTING = re.compile(
    rf"\b(?:(?P<demonym>{'|'.join(DEMONYMS)})\s+(?:[\w-]+\s+)?{lexicon.STATE_PEOPLE}|{lexicon.STATE_PEOPLE}\s+of\s+(?:the\s+Republic\s+of\s+)?(?P<country>{'|'.join(_COUNTRY_CODES)}))"
    rf"\b[^.;|\n]{{0,40}}?\b{lexicon.STATE_ACTING}\b|\bfrom the side of (?P<side>{'|'.join(_COUNTRY_CODES)})\b"
    rf"|(?<!Pakistani )(?<![-‐])\b(?P<taliban>Taliban)\b[^.;|\n]{{0,40}}?\b{lexicon.STATE_ACTING}\b",
    _I,
)
"""The state whose people did what the event tells, or whose side it came from ("wounded by unknown persons from the side of Tajikistan");
the Taliban are Afghanistan's (not the Pakistani Taliban)."""


def _fired_from(event: _Event) -> set[str]:
    """The countries the event's shooting came from, as a report of a border names them ("fire from the Kyrgyz side",
    "shells fired from Afghanistan landed in …")."""
    return {_state_named(m) for m in _FIRED_FROM.finditer(_text_of(event))}


def _state_named(match: re.Match[str]) -> str:
    """The ISO code of the state a match of :data:`_FIRED_FROM` or :data:`_STATE_ACTING` names: by its demonym, its
    name, or as the Taliban (Afghanistan's)."""
    named = match.groupdict()
    if named.get("taliban"):
        return "AF"
    if named.get("demonym"):
        return DEMONYMS[named["demonym"].lower()]
    return _COUNTRY_CODES[(named.get("country") or named["side"]).capitalize()]


_UNIT_WORDS = re.compile(r"\s+(?:region|district|province|area|valley|county|oblast|village|town|city)$", _I)


def _core_name(name: str) -> str:
    """A place's name without the kind of unit it is ("Ghormach region" and "Ghormach district" → "ghormach")."""
    return _UNIT_WORDS.sub("", name.strip()).lower()


def _origin_of(text: str, event: _Event, target: Mention | None) -> Mention | None:
    origins = [m for m in _origins(text, event) if target is None or _unit(m).country != _unit(target).country or _unit(m).kind != "country"]
    return max(origins, key=lambda m: (_specificity(m), -m.start), default=None)


def _date(event: _Event) -> EventDate | None:
    began = [d for c in event.clauses if (m := _BEGAN.search(c.text)) for d in c.dates if d.precision == "day" and d.span[0] > c.span[0] + m.start()]
    if began:
        return began[0]  # the day it began
    for clause in event.clauses:
        days = [d for d in clause.dates if d.precision == "day"]
        if days:
            return _nearest(days, clause)
    for clause in event.clauses:
        if clause.dates:
            return _nearest(clause.dates, clause)
    return None


def _reported(event: _Event) -> EventDate | None:
    """When the event's first report says it was told ("… officials said on Thursday"): the date of an undated event."""
    return next((c.reported[0] for c in event.clauses if c.reported), None)


def _nearest(dates: list[EventDate], clause: _Clause) -> EventDate:
    trigger = min((m.start() for p, _ in _TRIGGER_RES for m in [p.search(clause.text)] if m), default=0) + clause.span[0]
    return min(dates, key=lambda d: abs(d.span[0] - trigger))


def _counts(event: _Event) -> tuple[int | None, int | None, str | None]:
    killed = _combine([(c.counts.killed, c) for c in event.clauses], [c.counts.total for c in event.clauses])
    wounded = _combine([(c.counts.wounded, c) for c in event.clauses], [])
    victims = next((c.counts.victims for c in event.clauses if c.counts.victims), None)
    return killed, wounded, victims


_ADDS = re.compile(
    r"\b(?:also|another|as well|a further|later died|died (?:later|in hospital|of (?:his|their|her) wounds)|on the \w+ side|on (?:its|their|our|his|her) (?:own )?side)\b", _I
)
"""A count in a later sentence that adds to the first ("three intruders were also killed"), rather than restating it."""


def _combine(values: list[tuple[int | None, _Clause]], totals: list[int | None]) -> int | None:
    """One count from an event's sentences: the last running total; else the body's largest restated count plus the
    counts that add to it ("three intruders were also killed"), or the headline's figure when that is larger."""
    totals = [t for t in totals if t is not None]
    if totals:
        return totals[-1]
    headline = max((v for v, c in values if v is not None and c.headline), default=None)
    stated = [(v, c) for v, c in values if v is not None and not c.headline]
    if not stated:
        return headline
    if any(not c.counts.vague for _, c in stated):  # "several killed": the figures the text gives say how many
        stated = [(v, c) for v, c in stated if not c.counts.vague]
        if any(c.headline and c.counts.vague for v, c in values if v is not None):
            headline = None
    first = stated[0][1].counts.victim_class
    first_side = _side(stated[0][1].counts.victims)
    adding = [
        c is not stated[0][1]
        and (
            bool(_ADDS.search(c.text)) and c.counts.victim_class != first and (c.counts.victim_class is not None or v != stated[0][0])
            and c.counts.victim_class not in stated[0][1].counts.listed  # "20 militants and one border guard …"; "one border ensign was also killed"
            or first_side is not None and _side(c.counts.victims) not in (None, first_side)  # "23 Pakistani soldiers …"; "nine Afghan fighters …"
        )
        for v, c in stated
    ]  # "on our side there are nine dead" after "nine dead" restates it
    restated = [(v, c) for (v, c), add in zip(stated, adding) if not add]
    by_side: dict[str, int] = {}
    for v, c in restated:  # two figures for the same side's dead are two claims: the lower one, as ACLED codes
        side = _side(c.counts.victims)
        if side is not None:
            by_side[side] = min(v, by_side.get(side, v))
    claimed = [by_side.get(side, v) if (side := _side(c.counts.victims)) is not None else v for v, c in restated]
    body = max(claimed) + sum(v for (v, _), add in zip(stated, adding) if add)
    return body if headline is None else max(body, headline)


def _side(victims: str | None) -> str | None:
    """The country whose people a count counts ("Pakistani soldiers" -> "PK"), if the phrase says."""
    return next((DEMONYMS[w] for w in re.findall(r"\w+", (victims or "").lower()) if w in DEMONYMS), None)


def _text_of(event: _Event) -> str:
    """The event's sentences, kept apart so that no pattern reads across two of them ("Migrants shot | Iranian guards …")."""
    return " | ".join(c.text for c in event.clauses)


def _armed_sides(event: _Event) -> int:
    """How many organised armed sides the event's sentences name (two countries' forces count as two)."""
    actors = set().union(*(c.actors for c in event.clauses)) & lexicon.ARMED_CLASSES
    text = _text_of(event)
    nations = {d for d in DEMONYMS if re.search(rf"\b{d}\s+(?:\w+\s+)?(?:forces|troops|soldiers|border guards|guards|military|army|servicemen|side)\b", text, _I)}
    return max(len(actors), len(nations))


def _event_type(event: _Event, victims: str | None) -> tuple[str, str]:
    subs = [s for c in event.clauses for s in c.subs]
    text = _text_of(event)
    actors = set().union(*(c.actors for c in event.clauses))
    opening_armed = event.opening.actors & lexicon.ARMED_CLASSES
    mob = _MOB.search(event.opening.text) or event.opening.subs[:1] == ["Mob violence"] or (
        event.opening.headline and not opening_armed and any(_MOB.search(c.text) for c in event.clauses[1:2])
    ) or (_armed_sides(event) < 2 and any(_MOB.search(c.text) for c in event.clauses))  # "Local residents began to stone each other"
    if mob and not any(s in _REMOTE for s in subs):
        return "Riots", "Mob violence"
    peaceful = bool(subs) and all(s == "Peaceful protest" for s in subs)
    if peaceful or "Excessive force against protesters" in subs or (_PROTEST.search(_DIPLOMATIC_PROTEST.sub(" ", text)) and "protesters" in actors):
        if _RIOT.search(text):
            return "Riots", "Violent demonstration"
        if peaceful and not _FORCE_ON_PROTEST.search(text):
            return "Protests", "Peaceful protest"
        killed_or_hurt = any(c.counts.any for c in event.clauses) or re.search(r"\b(?:fired|shot|opened fire)\b", text, _I)
        return ("Protests", "Excessive force against protesters") if killed_or_hurt else ("Protests", "Protest with intervention")
    opening = list(event.opening.subs)
    if event.opening.headline:  # "Border conflict: Tajikistan reports two wounded" | "… injured during a shootout": the lede tells what it was
        opening += [s for c in event.clauses[1:2] if c.index == event.opening.index + 1 for s in c.subs if s not in opening]
    remote = next((s for s in opening if s in _REMOTE), None) or (None if "Armed clash" in opening else next((s for s in subs if s in _REMOTE), None))
    if remote and "Armed clash" in opening and remote in ("Shelling/artillery/missile attack", "Grenade", "Remote explosive/landmine/IED") and _armed_sides(event) >= 2:
        remote = None  # two armies exchanging fire, mortars included: a battle (ACLED)
    if remote:
        return SUB_EVENT_TYPES[remote], remote
    territory = next((s for s in opening + subs if s in ("Non-state actor overtakes territory", "Government regains territory")), None)
    if territory == "Non-state actor overtakes territory" and _WITHOUT_A_FIGHT.search(text) and not any(c.counts.any for c in event.clauses):
        return SUB_EVENT_TYPES["Non-violent transfer of territory"], "Non-violent transfer of territory"
    if territory and "Armed clash" not in opening:
        return "Battles", territory
    if subs and all(SUB_EVENT_TYPES[s] == "Strategic developments" for s in subs):
        return "Strategic developments", subs[0]  # arrests, and nothing violent told
    abducted = [c for c in event.clauses if "Abduction/forced disappearance" in c.subs]
    if abducted and not ("Armed clash" in subs and all(_ATTEMPT.search(c.text) for c in abducted)):
        return "Violence against civilians", "Abduction/forced disappearance"  # unless the attempt ended in a fight
    victim_class = (
        _object_class(event.opening.text) or event.opening.counts.victim_class or _object_class(text) or _class_of(victims)
        or next((c.counts.victim_class for c in event.clauses if c.counts.victim_class), None)
    )
    armed = actors & lexicon.ARMED_CLASSES
    if victim_class == "civilians" and "Armed clash" not in event.opening.subs:
        return "Violence against civilians", "Attack"  # armed men against unarmed people, told so in the opening sentence
    if "Armed clash" in subs and (len(armed) >= 2 or _armed_sides(event) >= 2 or victim_class != "civilians"):
        return "Battles", "Armed clash"
    if victim_class == "civilians" or (not armed and "civilians" in actors):
        return "Violence against civilians", "Attack"
    if len(armed) >= 2 or _armed_sides(event) >= 2 or victim_class in lexicon.ARMED_CLASSES or armed - {"militants", "police"}:
        return "Battles", "Armed clash"  # armed men against armed men, or a state's troops firing; gunmen or police alone attacked people (ACLED)
    return "Violence against civilians", "Attack"


_CIVILIAN_PLACES = lexicon.CIVILIAN_PLACES
_OBJECT = re.compile(
    rf"(?<!were )(?<!was )(?<!been )(?<!are )(?<!is )(?<!be )\b(?:attacked|attacking|targeted|targeting|ambushed|fired (?:on|at|upon|into)|opened fire (?:on|at)|shot(?: dead| at)?|killed|killing|abducted|kidnapped|beat|beating|assaulted)\s+(?!after|when|in|on|during|by|as|while)"
    rf"(?:(?!and\b)[\w’'-]+\s+){{0,3}}?(?P<who>{lexicon.PERSON_NOUNS}|posts?|outposts?|checkpoints?|positions?|{_CIVILIAN_PLACES})\b",
    _I,
)


def _object_class(text: str) -> str | None:
    """The class of who was attacked ("gunmen attacked civilians": civilians), from the first attack verb."""
    match = _OBJECT.search(text)
    if match is None:
        return None
    return "civilians" if re.fullmatch(_CIVILIAN_PLACES, match.group("who"), _I) else _class_of(match.group("who"))


# -- step 4: the incidents ---------------------------------------------------------------------


def extract_incidents(article: Article, mentions: list[Mention] | None = None) -> list[Incident]:
    """The incidents ``article`` reports, in text order; summaries and diplomacy are not incidents.

    The publication date (``article.published``, else today) anchors relative dates.

    >>> text = "Clash on Tajik border\\n\\nOn Monday, Tajik border guards clashed with smugglers near Panj. Two smugglers were killed."
    >>> [(i.event_type, i.killed, i.date.isoformat()) for i in extract_incidents(Article(text, "a.txt", dt.date(2025, 12, 3)))]
    [('Battles', 2, '2025-12-01')]
    """
    mentions = find_mentions(article.text) if mentions is None else mentions
    published = clamp(article.published or dt.date.today())  # year 1 or 9999 must not overflow the date arithmetic
    clauses = _clauses(article, mentions, published)
    events = _events(clauses, article.text)
    stem = Path(article.source).stem
    main_day: dt.date | None = None
    leading = _leading(clauses, events)
    placeable = [m for c in clauses for m in _targets(article.text, c)]  # places named as where something happened
    incidents: list[Incident] = []
    for number, event in enumerate(events, start=1):
        incident = _incident(article, event, f"{stem}-{number}", published, mentions)
        incident = _placed_by_context(incident, event, incidents, placeable)
        if leading and not _leads(event, leading):
            incident = replace(incident, primary=False)  # the headline and the lede tell the news; the rest is background
        if incident.primary and main_day is None and incident.date_precision == "day":
            main_day = incident.date
        incidents.append(incident)
    return [_standing(i, main_day) for i in incidents]


_SAME_PLACE = re.compile(lexicon.SAME_PLACE, _I)


def _placed_by_context(incident: Incident, event: _Event, before: list[Incident], placeable: list[Mention]) -> Incident:
    """An incident its sentences do not place: "the same area" is where the one before was, and so is an event of the
    same or the next day; an incident placed only in a country is in the one admin-1 unit of that country the article
    names, if it names one."""
    target = incident.target
    text = _text_of(event)
    if target is None and before and before[-1].target is not None and _SAME_PLACE.search(text):
        return replace(incident, target=before[-1].target, location_text=before[-1].location_text)
    if target is None and incident.date_precision == "day" and not event.opening.background:
        # the stones thrown the evening before the gunfight: a prelude or sequel with no place of its own is where the other was
        day = incident.date
        near = [i for i in before if i.target is not None and i.date_precision == "day" and i.date is not None and day is not None and abs((i.date - day).days) <= 1]
        if near:
            return replace(incident, target=near[-1].target, location_text=near[-1].location_text)
    if target is not None and _unit(target).kind == "country":
        units = {_unit(m).admin1: m for m in placeable if _unit(m).country == _unit(target).country and _unit(m).kind == "admin1"}
        if len(units) == 1:
            (unit,) = units.values()
            # an unknown village keeps its name, inside that unit; a bare country gives way to the unit
            return replace(incident, target=replace(target, within=unit.unit) if target.place is None else unit)
    return incident


def _leading(clauses: list[_Clause], events: list[_Event]) -> set[int]:
    """The sentences of the headline and the lede (the first sentence of the body), if an event tells them."""
    body = next((c.index for c in clauses if not c.headline), None)
    leading = {c.index for c in clauses if c.headline or c.index == body}
    return leading if any(c.index in leading for e in events for c in e.clauses) else set()


def _leads(event: _Event | None, leading: set[int]) -> bool:
    """The event is told in the headline or the lede, or is one more place, or the same day's sequel, of one that is."""
    while event is not None:
        if any(c.index in leading for c in event.clauses):
            return True
        event = event.anchor if not event.offset else None  # "a week earlier" is background to the news
    return False


def _incident(article: Article, event: _Event, incident_id: str, published: dt.date, mentions: list[Mention]) -> Incident:
    text = article.text
    target, target_clause = _place(text, event)
    origin = _origin_of(text, event, target)
    killed, wounded, victims = _counts(event)
    opening = event.opening
    sentence = opening.text
    all_text = _text_of(event)
    cross_border = bool(re.search(r"cross-border|across the border|from (?:across|over) the border|out of Afghanistan|from Afghanistan|from Tajikistan|from the Afghan side|from Afghan territory|into Tajik(?:istan| territory)", all_text, _I)) or (
        origin is not None and target is not None and _unit(origin).country != _unit(target).country
    )
    if target is None and origin is not None and (cross_border or re.search(r"\bcrossed the (?:state )?border\b", all_text, _I)):
        target = _across_from(event, mentions, origin)
        target_clause = event.opening if target is not None else None
    reference = _reference(text, event) if target is None else None
    if reference is not None:  # "the Ai Khanum district bordering Tajikistan's Farkhor district": across from it
        target = _across_from(event, mentions, reference)
        target_clause = event.opening if target is not None else None
    inside = _crossed_into(text, event, target)
    if inside is not None:  # shot by that country's guards while crossing into it: there, and they came from where the text placed them
        origin, target, target_clause = origin or target, inside, event.opening
    if origin is not None and target is not None and _unit(origin).country == _unit(target).country:
        origin = None  # an origin is across a border: an attack from a neighbouring district is no cross-border one
    victims = _victims_in(sentence) or victims
    # one place of a strike is that strike; so is "a strike" the same night as air strikes
    like_anchor = event.anchor is not None and (event.part or not event.offset and bool(_BARE_STRIKE.search(opening.text)))
    event_type, sub = _event_type(event.anchor if like_anchor and event.anchor is not None else event, victims)
    date = _date(event)
    anchor, offset = event.anchor, event.offset
    while date is None and anchor is not None:
        date = _date(anchor)
        offset += anchor.offset if date is None else 0
        anchor = anchor.anchor
    if date is not None and date not in (d for c in event.clauses for d in c.dates) and offset:
        shift = dt.timedelta(days=offset)
        date = EventDate(date.date + shift, date.precision, date.start + shift, date.end + shift, date.text, date.span)
    flags = []
    if date is None and (date := _reported(event)) is not None:
        flags.append(f"no date stated for the event: the day it was reported ({date.text}) is used")
    if date and date.start > published:
        flags.append(f"date {date.date.isoformat()} is after the publication date {published.isoformat()}")
    if not date:
        flags.append("no date stated: the publication date is used")
    disputed = event.disputed or any(c.disputed for c in event.clauses)
    confidence = 0.4 + 0.15 * bool(date) + 0.15 * bool(target) + 0.1 * (killed is not None or wounded is not None) + 0.1 * (len(event.clauses) > 1) + 0.1 * (sub != "Attack")
    return Incident(
        id=incident_id,
        date=date.date if date else published,
        date_precision=date.precision if date else "month",
        event_type=event_type,
        sub_event_type=sub,
        killed=killed,
        wounded=wounded,
        victims=victims,
        perpetrators=_perpetrators(sentence),
        target=target,
        origin=origin,
        origin_country=_origin_country(origin, target, cross_border, all_text, _crossed_border(text, event)),
        location_text=_location_text(text, target_clause.span if target_clause else opening.span, target),
        cross_border=cross_border,
        evidence=tuple(Evidence(text[c.span[0] : c.span[1]], *c.span) for c in sorted(event.clauses, key=lambda c: c.index)),
        source_file=article.source,
        flags=tuple(flags),
        primary=not opening.background,
        disputed=disputed,
        confidence=round(max(0.05, min(1.0, confidence - 0.2 * disputed - 0.1 * opening.background)), 2),
    )


_BACKGROUND_GAP = dt.timedelta(days=10)


_ACROSS = {"AF": "TJ", "TJ": "AF"}


_CROSSING_INTO = re.compile(lexicon.CROSSING_INTO, _I)


def _crossed_into(text: str, event: _Event, target: Mention | None) -> Mention | None:
    """The country people were crossing into when its own forces shot them, if the event says so and it is not the
    target's country ("Afghans from Farah were shot by Iranian border guards while crossing into Iran")."""
    for clause in event.clauses:
        for mention in clause.places:
            unit = mention.unit
            if unit is None or unit.kind != "country" or (target is not None and _unit(target).country == unit.country):
                continue
            if not _CROSSING_INTO.search(text[max(clause.span[0], mention.start - 60) : mention.start]):
                continue
            guards = [d for d, code in DEMONYMS.items() if code == unit.country]
            if any(re.search(rf"\b{d}\s+(?:border\s+)?(?:guards?|police|forces|troops|soldiers|servicemen)\b", _text_of(event), _I) for d in guards):
                return mention
    return None


def _unit(mention: Mention) -> Place:
    """The place of a mention the extractor kept as a place (its own, or the unit that contains it)."""
    unit = mention.unit
    assert unit is not None, f"{mention.text!r} has no place"  # targets and origins are placed mentions only
    return unit


def _reference(text: str, event: _Event) -> Mention | None:
    """The first place the event's sentences name only to situate it ("bordering X", "across the river from X")."""
    for clause in event.clauses:
        for mention in clause.places:
            if mention.unit is not None and mention.unit.kind not in LINE_KINDS and _REFERENCE_PLACE.search(text[max(clause.span[0], mention.start - 60) : mention.start]):
                return mention
    return None


_FORCES = r"troops|soldiers|border guards|guards|forces|servicemen|army|military|border posts?|outposts?"


def _across_from(event: _Event, mentions: list[Mention], origin: Mention) -> Mention | None:
    """Where a cross-border attack that names only where it came from landed: the other country the event names,
    else, across the Afghan–Tajik border, the other country of the pair wherever the article names it."""
    came_from = _unit(origin).country
    named = [m for c in event.clauses for m in c.places if m.unit is not None and m.unit.kind not in LINE_KINDS and m.unit.country != came_from]
    if named:
        return named[0]
    text = _text_of(event)
    forces = [code for demonym, code in DEMONYMS.items() if code != came_from and re.search(rf"\b{demonym}\s+(?:{_FORCES})\b", text, _I)]
    if len(set(forces)) == 1:  # "Three Turkmen soldiers were killed by a group that crossed the border from Afghanistan": in Turkmenistan
        found = next((m for m in mentions if m.place is not None and m.place.kind == "country" and m.place.country == forces[0]), None)
        if found is not None:
            return found
    other = _ACROSS.get(came_from)
    return next((m for m in mentions if m.place is not None and m.place.kind == "country" and m.place.country == other), None)


def _standing(incident: Incident, main_day: dt.date | None) -> Incident:
    """Background when it happened well before the article's first event."""
    if incident.primary and main_day is not None and incident.date is not None and incident.date < main_day - _BACKGROUND_GAP:
        return Incident(**{**incident.__dict__, "primary": False})
    return incident


def _origin_country(origin: Mention | None, target: Mention | None, cross_border: bool, text: str, crossed: tuple[str, ...] | None) -> str | None:
    if origin is not None and origin.unit is not None:
        return origin.unit.country
    there = _unit(target).country if target is not None else None
    for demonym, code in DEMONYMS.items():
        if re.search(rf"\b{demonym}\s+(?:militants|gunmen|fighters|forces|troops|soldiers|border guards|smugglers|drone|side|territory|soil|positions|posts)", text, _I) and there != code:
            if cross_border or re.search(rf"\bfrom (?:the )?{demonym}\b", text, _I):
                return code
        if there is not None and there != code and re.search(rf"\b(?:armed\s+)?{demonym}\s+(?:drug\s+)?(?:smugglers|traffickers|dealers|militants|gunmen|intruders|infiltrators|trespassers|violators|kidnappers|bandits|national)\b", text, _I):
            return code  # "Afghan smugglers" met in Tajikistan came from Afghanistan
    for code, name in aliases.COUNTRY_SHORT_NAMES.items():
        adjectives = "|".join(d for d, c in DEMONYMS.items() if c == code)
        if there is not None and there != code and re.search(rf"\b(?:{name}(?:[’']s)?|{adjectives})\s+(?:air ?strikes?|airstrikes?|drone strikes?|drones?|jets|warplanes|aircraft|artillery|shelling|rockets|missiles)\b", text, _I):
            return code  # "a Pakistan air strike" on Paktika came from Pakistan
    if there is not None:
        acting = {_state_named(m) for m in _STATE_ACTING.finditer(text)}
        neighbours = {code for pair in aliases.INTERNATIONAL_BORDERS if there in pair for code in pair} - {there}
        if len(acting & neighbours) == 1:
            return next(iter(acting & neighbours))  # "Tajik border guards opened fire at the Kyrgyz servicemen" in Batken: from Tajikistan
    if there is not None and crossed is not None and there in crossed:
        return next(c for c in crossed if c != there)  # "crossed the Tajik-Afghan border" into Tajikistan: from Afghanistan
    if cross_border and target is not None and target.unit is not None:
        unit = target.unit
        if unit.kind != "country" and unit.lat is not None and unit.lon is not None:
            return _across_nearest_border(unit)  # shelling of Kunar came from Pakistan, of Panj from Afghanistan
        if unit.country in ("AF", "TJ"):
            return {"AF": "TJ", "TJ": "AF"}[unit.country]
    return None


def _across_nearest_border(place: Place) -> str | None:
    """The country across the international border nearest ``place`` (:meth:`geo.boundaries.Boundaries.nearest_border`).

    >>> _across_nearest_border(Place("x", "Asadabad", "populated place", "AF", "Kunar", 34.87, 71.15, None, "test"))
    'PK'
    """
    name, _ = load_boundaries().nearest_border(place.lat, place.lon)  # type: ignore[arg-type]
    pair = [_COUNTRY_CODES.get(country) for country in name.removesuffix(" border").split("–")]
    return next((code for code in pair if code is not None and code != place.country), None)


_CROSSED = re.compile(lexicon.CROSSED_BORDER, _I)


def _crossed_border(text: str, event: _Event) -> tuple[str, ...] | None:
    """The two countries of a border the event's people crossed ("three militants crossed the Tajik-Afghan border")."""
    for clause in event.clauses:
        for mention in clause.places:
            if mention.place is not None and mention.place.kind == "border" and _CROSSED.search(text[max(clause.span[0], mention.start - 40) : mention.start]):
                return tuple(mention.place.country.split("|"))
    return None


def _location_text(text: str, span: tuple[int, int], target: Mention | None) -> str | None:
    """From the preposition that introduces the place ("on a camp in …") to the end of its name."""
    if target is None:
        return None
    start = span[0]
    head = text[start : target.start]
    trigger = next((m for p, _ in _TRIGGER_RES for m in [p.search(head)] if m), None)
    after = trigger.end() if trigger else 0
    preposition = next(
        (m for m in re.finditer(r"\b(?:on|in|at|near|into|against|outside|inside)\s+", head[after:]) if not re.search(r"[,;:]", head[after + m.end() :])),
        None,
    )
    if preposition is None:
        return target.text
    begin = start + after + preposition.end()
    end = target.end
    abbreviation = re.match(r"\s*\([A-Z]{2,6}\)", text[end:])
    if abbreviation:
        end += abbreviation.end()
    phrase = text[begin:end]
    if len(phrase) > 160:
        return target.text
    return phrase


_PERPETRATOR_RE = re.compile(
    r"((?:[A-Z][\w-]*\s+|armed\s+|unidentified\s+|unknown\s+|suspected\s+)*"
    r"(?:militants|gunmen|insurgents|fighters|attackers|terrorists|smugglers|drug traffickers|traffickers|Taliban|"
    r"border guards|troops|forces|soldiers|Islamic State|ISKP|IS-K|jihadists|extremists|rebels))"
    r"((?:\s+(?:in|from|based in|operating (?:out of|from))\s+[A-Z][\w’'-]*(?:[’']s)?(?:\s+[A-Z][\w-]*){0,3}))?"
)



_CALENDAR_WORD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b"


def _victims_in(sentence: str) -> str | None:
    """The victims named as the target of the attack ("on a Chinese gold mining workers’ camp")."""
    match = re.search(
        rf"\b(?:on|against|targeting|at)\s+(?!{_CALENDAR_WORD})(?:an?\s+|the\s+)?((?:[\w-]+\s+){{0,4}}?(?:{lexicon.PERSON_NOUNS}))(?:[’']|\b)",
        sentence,
        re.I,
    )
    if not match:
        return None
    phrase = match.group(1).strip()
    return phrase if re.search(r"[A-Za-z]", phrase) else None


_ACTION = re.compile(
    r"\b(?:launched|carried out|attacked|opened fire|fired (?:on|at|upon)|ambushed|shelled|struck|hit|clashed|detonated|"
    r"abducted|kidnapped|killed|raided|crossed|infiltrated|targeted|stormed)\b",
    re.IGNORECASE,
)


def _perpetrators(sentence: str) -> str | None:
    """Who did it: the actor before the first action verb ("Gunmen opened fire on …"), or after "by"."""
    action = _ACTION.search(sentence)
    for match in _PERPETRATOR_RE.finditer(sentence):
        after_by = sentence[max(0, match.start() - 3) : match.start()].lower() == "by "
        if not after_by and (action is None or match.end() > action.start()):
            continue
        if re.match(r"\s+(?:(?:were|was|have been|had been)\s+)?(?:killed|wounded|injured|dead)\b", sentence[match.end() :]):
            continue  # "three soldiers were killed": victims, not actors
        phrase = (match.group(1) + (match.group(2) or "")).strip()
        return re.sub(rf"^(?:(?:The|A|An|On|In|When|Then|Meanwhile|{_CALENDAR_WORD})\s+)+", "", phrase)
    return None

