"""Incidents in article text: what happened, when, to whom, by whom, where, from where, on what evidence."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from geo.dates import EventDate, find_event_dates
from geo.model import Mention
from geo.text import Article, sentences
from geo.toponyms import DEMONYMS, find_mentions

SUB_EVENT_TYPES: dict[str, str] = {
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Armed clash": "Battles",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
"""ACLED sub-event types Borderwatch codes, with their event type."""

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Riots",
    "Protests",
    "Strategic developments",
)

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "a dozen": 12, "a single": 1, "single": 1}
_NUMBER = r"(?:\d{1,4}|a dozen|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"

_TRIGGERS = [
    # (pattern, sub-event type); the first that matches a sentence decides, so specific before generic
    (r"\bdrones?\b|\bair ?strikes?\b|\bairstrikes?\b|\bair raids?\b|\bbombed from the air\b|\bUAVs?\b", "Air/drone strike"),
    (r"\bshell(?:ing|ed|s)?\b|\bartillery\b|\bmortars?\b|\brockets?\b|\bmissiles?\b", "Shelling/artillery/missile attack"),
    (r"\bsuicide (?:bomb(?:er|ing)?|attack)", "Suicide bomb"),
    (r"\b(?:IEDs?|roadside bombs?|landmines?|land mines?|mines?|explosive devices?|explosions?|blasts?|bomb(?:s|ing)?)\b", "Remote explosive/landmine/IED"),
    (r"\bclash(?:es|ed)?\b|\bfirefights?\b|\bgun ?battles?\b|\bexchange(?:d)? (?:of )?fire\b|\bfighting\b|\bskirmish(?:es)?\b", "Armed clash"),
    (r"\babduct(?:ed|ion|s)?\b|\bkidnapp?(?:ed|ing|s)?\b|\btaken hostage\b", "Abduction/forced disappearance"),
    (r"\battack(?:s|ed)?\b|\braids?\b|\braided\b|\bambush(?:ed|es)?\b|\bopened fire\b|\bfired (?:on|at|upon)\b|\bshooting\b|\bshot dead\b|\bgunmen\b|\bkill(?:ed|ing)\b", "Attack"),
    (r"\bincursions?\b|\bcrossed (?:into|the border)\b|\binfiltrat(?:ed|ion)\b", "Other"),
]
_TRIGGER_RES = [(re.compile(p, re.IGNORECASE), sub) for p, sub in _TRIGGERS]

_AGGREGATE = re.compile(
    rf"\b(?:{_NUMBER}|several|multiple|a series of|a spate of|a string of|recent|these|such|the|those|both)\s+"
    r"(?:\w+\s+){0,2}(?:deadly\s+|similar\s+|cross-border\s+)?(?:attacks|raids|incidents|strikes|clashes|assaults)\b",
    re.IGNORECASE,
)
"""Plural references ("two attacks", "the attacks", "such incidents") sum up or recall incidents: never new ones."""
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|following the|after the)\s+(?:\w+\s+)?(?:attack|raid|strike|incident|assault|shelling|explosion|blast)\b(?!\s+(?:on|in|at|near)\b)",
    re.IGNORECASE,
)
_DIPLOMATIC = re.compile(
    r"\b(?:talks?|negotiat\w*|visit\w*|meetings?|met|summit|statement|teleconference|called (?:on|for)|urged|condemn\w*|"
    r"denied|spokesman|spokeswoman|recogni[sz]ed|agreement|patrols?|cooperation|lease)\b",
    re.IGNORECASE,
)
_NEW_EVENT_CUE = re.compile(
    r"\b(?:launched|carried out|occurred|took place|happened|struck|hit|attacked|opened fire|fired (?:on|at|upon)|ambushed|shelled|clashed|"
    r"exploded|detonated|abducted|kidnapped|killed|killing|left|leaving|began)\b|\b(?:an?|another|one)\s+(?:\w+\s+){0,3}"
    r"(?:attack|raid|strike|clash|explosion|blast|ambush|shelling|incursion)\b",
    re.IGNORECASE,
)

_DEATH = r"(?:killed|dead|died|deaths?|fatalities|lives|lost their lives|slain|shot dead)"
_INJURY = r"(?:wounded|injured|injuries|hurt|injuring|wounding)"
_VICTIM_NOUNS = (
    "workers|civilians|soldiers|border guards|guards|servicemen|police(?:men)?|officers|people|persons|nationals|citizens|"
    "children|women|villagers|residents|miners|engineers|troops|militants|fighters|insurgents|smugglers|traffickers|"
    "employees|labourers|laborers|staff|farmers|herders|students|personnel"
)
_VICTIM_NOUN_RE = re.compile(rf"\b({_VICTIM_NOUNS}|worker|civilian|soldier|guard|officer|person|national|citizen|child|woman|villager|resident|miner|engineer|employee|farmer)\b", re.IGNORECASE)
_PERPETRATOR_RE = re.compile(
    r"((?:[A-Z][\w-]*\s+|armed\s+|unidentified\s+|unknown\s+|suspected\s+)*"
    r"(?:militants|gunmen|insurgents|fighters|attackers|terrorists|smugglers|drug traffickers|traffickers|Taliban|"
    r"border guards|troops|forces|soldiers|Islamic State|ISKP|IS-K|jihadists|extremists|rebels))"
    r"((?:\s+(?:in|from|based in|operating (?:out of|from))\s+[A-Z][\w’'-]*(?:[’']s)?(?:\s+[A-Z][\w-]*){0,3}))?"
)


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
    where it happened and ``origin`` of where it came from; ``flags`` say what looks wrong
    (a date after the publication date, say).
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

    @property
    def quote(self) -> str:
        """The evidence sentences, joined."""
        return " ".join(e.quote for e in self.evidence)


@dataclass
class _Draft:
    sentence: tuple[int, int]
    sub_event_type: str
    date: EventDate | None
    mentions: list[Mention]
    evidence: list[tuple[int, int]] = field(default_factory=list)
    killed: int | None = None
    wounded: int | None = None
    victims: str | None = None


def extract_incidents(article: Article, mentions: list[Mention] | None = None) -> list[Incident]:
    """The incidents ``article`` reports, in text order; summaries and diplomacy are not incidents.

    The publication date (``article.published``, else today) anchors relative dates.
    """
    mentions = find_mentions(article.text) if mentions is None else mentions
    published = article.published or dt.date.today()
    text = article.text
    drafts: list[_Draft] = []
    spans = sentences(text)
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        in_sentence = [m for m in mentions if start <= m.start < end]
        if drafts and _continues(drafts[-1], sentence, spans, index):
            _add_casualties(drafts[-1], sentence, (start, end))
            continue
        draft = _draft(sentence, (start, end), in_sentence, published)
        if draft:
            drafts.append(draft)
    stem = Path(article.source).stem
    return [_finish(text, d, f"{stem}-{i}", article, published) for i, d in enumerate(drafts, start=1)]


_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][a-z]+)?,\s+[^()–—-]{3,30}?(?:\s*\([^)]{2,30}\))?\s*[–—-]+\s*")
"""'DUSHANBE, Nov 27 (Reuters) –': the date there is the report's, not the event's."""


def _draft(sentence: str, span: tuple[int, int], mentions: list[Mention], published: dt.date) -> _Draft | None:
    sub = _sub_event_type(sentence)
    if sub is None or not _reports_new_incident(sentence):
        return None
    dateline = _DATELINE.match(sentence)
    dates = [d for d in find_event_dates(sentence, published, offset=span[0]) if not dateline or d.span[0] >= span[0] + dateline.end()]
    killed, wounded, victims = _casualties(sentence)
    if not dates and killed is None and wounded is None and not any(m.place and m.place.kind != "country" for m in mentions):
        return None
    if dateline:
        mentions = [m for m in mentions if m.start >= span[0] + dateline.end()]
    return _Draft(span, sub, dates[0] if dates else None, mentions, [span], killed, wounded, victims)


def _sub_event_type(sentence: str) -> str | None:
    for pattern, sub in _TRIGGER_RES:
        if pattern.search(sentence):
            return sub
    return None


def _reports_new_incident(sentence: str) -> bool:
    """A sentence that tells of one incident, not one that sums up, recalls or talks about incidents."""
    cue = _NEW_EVENT_CUE.search(sentence)
    if not cue:
        return False
    stripped = _AGGREGATE.sub(" ", sentence)
    stripped = _BACK_REFERENCE.sub(" ", stripped)
    if not _NEW_EVENT_CUE.search(stripped) or not _sub_event_type(stripped):
        return False
    return not (_DIPLOMATIC.search(sentence) and _casualties(sentence) == (None, None, None) and not re.search(r"\b(?:an?|another)\s+(?:\w+\s+){0,3}(?:attack|strike|clash)", stripped, re.I))


def _continues(previous: _Draft, sentence: str, spans: list[tuple[int, int]], index: int) -> bool:
    """A next sentence that only adds casualties ("Three workers were killed and one wounded")."""
    if spans[index - 1] != previous.evidence[-1] or (previous.killed is not None and previous.wounded is not None):
        return False
    killed, wounded, _ = _casualties(sentence)
    if killed is None and wounded is None:
        return False
    return not (_INCIDENT_NOUN.search(sentence) or find_event_dates(sentence, dt.date.today()))


_INCIDENT_NOUN = re.compile(r"\b(?:attack|strike|raid|clash|explosion|blast|shelling|ambush|bombing|incursion)(?:es|s)?\b", re.I)


def _add_casualties(draft: _Draft, sentence: str, span: tuple[int, int]) -> None:
    killed, wounded, victims = _casualties(sentence)
    draft.killed = draft.killed if draft.killed is not None else killed
    draft.wounded = draft.wounded if draft.wounded is not None else wounded
    draft.victims = draft.victims or victims
    draft.evidence.append(span)


# -- casualties ------------------------------------------------------------------------------


def number_value(word: str) -> int | None:
    """'three' -> 3, '12' -> 12, 'a dozen' -> 12; None if not a number.

    >>> number_value("Three"), number_value("14"), number_value("many")
    (3, 14, None)
    """
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


_WHO = r"(?:(?!(?:and|killed|killing|dead|wounded|injured|injuring|wounding|were|was)\b)[\w-]+\s+)"
"""One word of a victim phrase between a number and a casualty word ("three Chinese workers were killed")."""

_KILLED_PATTERNS = [
    re.compile(rf"\b(?P<n>{_NUMBER})\s+(?P<who>{_WHO}{{0,4}}?)(?:(?:were|was|have been|had been|are|got|being)\s+)?(?:reportedly\s+)?{_DEATH}\b", re.I),
    re.compile(rf"\bkill(?:ing|ed)\s+(?:at least\s+)?(?P<n>{_NUMBER})\b(?P<who>(?:\s+[\w-]+){{0,4}})", re.I),
    re.compile(rf"\b(?:left|leaving)\s+(?:at least\s+)?(?P<n>{_NUMBER})\s+(?P<who>{_WHO}{{0,4}}?)dead\b", re.I),
    re.compile(rf"\b(?P<n>{_NUMBER})\s+(?P<who>{_WHO}{{0,3}}?)(?:died|lost their lives)\b", re.I),
]
_WOUNDED_PATTERNS = [
    re.compile(rf"\b(?:another\s+|and\s+)?(?P<n>{_NUMBER})\s+(?:others?\s+)?(?P<who>{_WHO}{{0,3}}?)(?:(?:were|was|have been|had been|are|got)\s+)?{_INJURY}\b", re.I),
    re.compile(rf"\b(?:injuring|wounding|wounded|injured)\s+(?:at least\s+)?(?:another\s+)?(?P<n>{_NUMBER})\b(?P<who>(?:\s+[\w-]+){{0,3}})", re.I),
]


def _casualties(sentence: str) -> tuple[int | None, int | None, str | None]:
    """Killed, wounded and who the victims were, as the sentence states them (None when not stated)."""
    killed, victims = _first_count(_KILLED_PATTERNS, sentence)
    wounded, hurt = _first_count(_WOUNDED_PATTERNS, sentence)
    return killed, wounded, victims or hurt


def _first_count(patterns: list[re.Pattern[str]], sentence: str) -> tuple[int | None, str | None]:
    best: tuple[int, int, str | None] | None = None
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            value = number_value(match.group("n"))
            if value is None or _is_date_number(sentence, match.start("n")):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), value, _victim_phrase(match.group("who")))
    return (best[1], best[2]) if best else (None, None)


def _is_date_number(sentence: str, position: int) -> bool:
    before = sentence[max(0, position - 12) : position]
    return bool(re.search(r"(?:[A-Z][a-z]{2,8}\.?|\bon)\s+$", before)) and bool(re.search(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+$", before))


def _victim_phrase(words: str) -> str | None:
    words = (words or "").strip()
    match = _VICTIM_NOUN_RE.search(words)
    if not match:
        return None
    phrase = words[: match.end()]
    phrase = re.sub(r"^(?:other|others|more|of|the|more than)\s+", "", phrase, flags=re.I)
    return phrase or None


# -- finishing: who, where, when ---------------------------------------------------------------


def _finish(text: str, draft: _Draft, incident_id: str, article: Article, published: dt.date) -> Incident:
    sentence = text[draft.sentence[0] : draft.sentence[1]]
    target, origin = _target_and_origin(text, draft)
    cross_border = bool(re.search(r"cross-border|across the border|from (?:across|over) the border|out of Afghanistan|from Afghanistan|from Tajikistan", sentence, re.I)) or (
        origin is not None and target is not None and origin.place is not None and target.place is not None and origin.place.country != target.place.country
    )
    origin_country = _origin_country(origin, target, cross_border, sentence)
    event_type, sub = _event_type(draft.sub_event_type, draft.victims or _victims_in(sentence), sentence)
    flags = []
    date = draft.date
    if date and date.start > published:
        flags.append(f"date {date.date.isoformat()} is after the publication date {published.isoformat()}")
    return Incident(
        id=incident_id,
        date=date.date if date else published,
        date_precision=date.precision if date else "month",
        event_type=event_type,
        sub_event_type=sub,
        killed=draft.killed,
        wounded=draft.wounded,
        victims=_victims_in(sentence) or draft.victims,
        perpetrators=_perpetrators(sentence),
        target=target,
        origin=origin,
        origin_country=origin_country,
        location_text=_location_text(text, draft, target),
        cross_border=cross_border,
        evidence=tuple(Evidence(text[a:b], a, b) for a, b in draft.evidence),
        source_file=article.source,
        flags=tuple(flags) if date else ("no date stated: the publication date is used",),
    )


def _event_type(sub: str, victims: str | None, sentence: str) -> tuple[str, str]:
    armed = re.search(r"\b(?:soldiers|border guards|guards|troops|servicemen|police|forces|military|posts?|checkpoints?)\b", victims or sentence, re.I)
    if sub == "Attack" and armed and not (victims and re.search(r"civilians|workers|villagers|nationals|children|women|miners|engineers", victims, re.I)):
        sub = "Armed clash"
    return SUB_EVENT_TYPES[sub], sub


_SPECIFICITY = {"populated place": 4, "other": 4, "admin2": 3, "admin1": 2, "country": 1, "border": 0}
_ORIGIN_CUE = re.compile(r"\b(?:from|out of|launched from|based in|operating (?:out of|from))\s+(?:\w+\s+){0,2}$|\bmilitants?\s+in\s+$|\bgunmen\s+in\s+$|\bforces\s+in\s+$", re.I)


def _target_and_origin(text: str, draft: _Draft) -> tuple[Mention | None, Mention | None]:
    """Where it happened (most specific place named after the event words) and where it came from."""
    start, _ = draft.sentence
    origin: Mention | None = None
    targets: list[Mention] = []
    for mention in draft.mentions:
        if mention.place is None or mention.place.kind == "border":
            continue
        before = text[max(start, mention.start - 40) : mention.start]
        before_possessive = re.sub(r"\b[A-Z][\w-]*[’']s\s+(?:\w+\s+)?$", "", before)
        if _ORIGIN_CUE.search(before) or _ORIGIN_CUE.search(before_possessive) or _is_possessor_of(text, mention, origin):
            if origin is None or _SPECIFICITY[mention.place.kind] > _SPECIFICITY[origin.place.kind]:
                origin = mention
            continue
        targets.append(mention)
    target = max(targets, key=lambda m: (_SPECIFICITY[m.place.kind], -m.start), default=None)
    return target, origin


def _is_possessor_of(text: str, mention: Mention, origin: Mention | None) -> bool:
    """Afghanistan in "militants in Afghanistan's Badakhshan": part of the origin phrase."""
    return origin is None and bool(re.match(r"[’']s\s", text[mention.end : mention.end + 3])) and bool(
        re.search(r"\b(?:from|out of|militants? in|gunmen in|forces in|based in)\s+$", text[max(0, mention.start - 20) : mention.start], re.I)
    )


def _origin_country(origin: Mention | None, target: Mention | None, cross_border: bool, sentence: str) -> str | None:
    if origin is not None and origin.place is not None:
        return origin.place.country
    for demonym, code in DEMONYMS.items():
        if re.search(rf"\b{demonym}\s+(?:militants|gunmen|fighters|forces|troops|soldiers|border guards|smugglers|drone)", sentence, re.I):
            return code
    if cross_border and target is not None and target.place is not None and target.place.country in ("AF", "TJ"):
        return {"AF": "TJ", "TJ": "AF"}[target.place.country]
    return None


def _location_text(text: str, draft: _Draft, target: Mention | None) -> str | None:
    """From the preposition that introduces the place ("on a camp in …") to the end of its name."""
    if target is None:
        return None
    start = draft.sentence[0]
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


_CALENDAR_WORD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b"


def _victims_in(sentence: str) -> str | None:
    """The victims named as the target of the attack ("on a Chinese gold mining workers’ camp")."""
    match = re.search(
        rf"\b(?:on|against|targeting|at)\s+(?!{_CALENDAR_WORD})(?:an?\s+|the\s+)?((?:[\w-]+\s+){{0,4}}?(?:{_VICTIM_NOUNS}))(?:[’']|\b)",
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

