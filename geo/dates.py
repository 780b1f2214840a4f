"""Event dates in news text, resolved against the publication date, with their precision."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geo.errors import ArticleError, shown
from geo.text import MONTH_PATTERN, MONTHS

__all__ = [
    "EARLIEST_PUBLISHED",
    "EventDate",
    "SUPPORTED",
    "WEEKDAYS",
    "check_publication_date",
    "clamp",
    "find_event_dates",
    "publication_problem",
    "publication_range",
    "told_year",
]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

SUPPORTED = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))
"""The dates Borderwatch reads and computes with. A calendar date in the text outside them is not read as a
date; a publication date outside them is clamped (and the incidents flagged), so that dates computed from it
("yesterday", "last month") are real dates: no date arithmetic overflows."""
EARLIEST_PUBLISHED = dt.date(1990, 1, 1)
"""The earliest publication date the command line, the store and the dashboard accept (the latest is tomorrow)."""


def clamp(date: dt.date) -> dt.date:
    """``date`` moved into :data:`SUPPORTED`.

    >>> clamp(dt.date(1, 1, 1)), clamp(dt.date(2025, 12, 2)), clamp(dt.date(9999, 12, 31))
    (datetime.date(1900, 1, 1), datetime.date(2025, 12, 2), datetime.date(2199, 12, 31))
    """
    return min(max(date, SUPPORTED[0]), SUPPORTED[1])


def publication_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The publication dates accepted: from :data:`EARLIEST_PUBLISHED` to tomorrow (a time zone ahead)."""
    return EARLIEST_PUBLISHED, (today or dt.date.today()) + dt.timedelta(days=1)


def publication_problem(published: dt.date, today: dt.date | None = None) -> str | None:
    """Why ``published`` cannot be a publication date, or None if it can: one rule for every command.

    >>> publication_problem(dt.date(9999, 12, 31), today=dt.date(2025, 12, 2))
    'publication date 9999-12-31 is impossible (after 2025-12-03 or before 1990-01-01)'
    """
    first, last = publication_range(today)
    if first <= published <= last:
        return None
    return f"publication date {published.isoformat()} is impossible (after {last.isoformat()} or before {first.isoformat()})"


def check_publication_date(published: dt.date | None, source: str) -> None:
    """Raise :class:`ArticleError` if the article's publication date (its date line) breaks :func:`publication_problem`."""
    problem = publication_problem(published) if published is not None else None
    if problem:
        raise ArticleError(
            f"{shown(source)}: {problem}; fix the date line, or give the date it was published (--published YYYY-MM-DD, or the dashboard's Publication date)"
        )


@dataclass(frozen=True)
class EventDate:
    """A date with its precision ("day", "week", "month" or "year") and the window it stands for.

    ``date`` is the middle of the window for week and month precision.
    """

    date: dt.date
    precision: str
    start: dt.date
    end: dt.date
    text: str
    span: tuple[int, int]

    @classmethod
    def window(cls, start: dt.date, end: dt.date, precision: str, text: str, span: tuple[int, int]) -> EventDate:
        return cls(start + (end - start) / 2, precision, start, end, text, span)


_MONTH_DAY = re.compile(rf"\b({MONTH_PATTERN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_PATTERN})\b\.?(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({MONTH_PATTERN})\.?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d\d)\b(?![-–/]\d)", re.IGNORECASE)
_MONTH_ONLY = re.compile(rf"\b(?:in|early|late|mid|mid-|since|during|by|(?:at|by|until|in|towards?) the (?:end|beginning|start|middle) of)\s+(?:(?:early|late|mid)-?\s*)?({MONTH_PATTERN})\b(?![\s.]*\d)", re.IGNORECASE)
_LAST_YEAR = re.compile(r"\blast year\b|\bthe previous year\b|\ba year (?:earlier|before|ago)\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(last\s+|this\s+past\s+|on\s+)?({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_RELATIVE = [
    (re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b", re.I), lambda p: (p - dt.timedelta(days=2), p - dt.timedelta(days=2), "day")),
    (
        re.compile(r"\byesterday\b|\blast night\b|\blate last evening\b|\b(?:on\s+)?the (?:previous|preceding) (?:day|night|evening)\b|\bthe day before\b(?! \w)", re.I),
        lambda p: (p - dt.timedelta(days=1), p - dt.timedelta(days=1), "day"),
    ),
    (re.compile(r"\b(?:today|this morning|tonight|this evening|overnight)\b|\b(?:within|in|during|over)\s+the\s+(?:last|past)\s+(?:24|twenty-four)\s+hours\b", re.I), lambda p: (p, p, "day")),
    (re.compile(r"\b(?:at\s+the\s+)?end\s+of\s*(?:the\s+)?(?:last|past|previous)\s+week\b|\blate\s+last\s+week\b", re.I), lambda p: _last_week(p, 4, 6)),
    (re.compile(r"\b(?:at\s+the\s+)?(?:start|beginning)\s+of\s*(?:the\s+)?(?:last|past|previous)\s+week\b|\bearly\s+last\s+week\b", re.I), lambda p: _last_week(p, 0, 2)),
    (re.compile(r"\b(?:within|in|over)\s+the\s+(?:past|last)\s+week\b|\blast\s+week\b", re.I), lambda p: (p - dt.timedelta(days=7), p, "week")),
    (re.compile(r"\b(?:earlier\s+)?this\s+week\b", re.I), lambda p: _this_week(p)),
    (re.compile(r"\b(?:over|at|during)\s+the\s+weekend\b|\b(?:last|this\s+past)\s+weekend\b", re.I), lambda p: _weekend(p)),
    (
        re.compile(r"\bearlier\s+this\s+month\b|\bthis\s+month\b", re.I),
        lambda p: (p.replace(day=1), p, "month"),
    ),
    (
        re.compile(r"\blast\s+month\b", re.I),
        lambda p: ((p.replace(day=1) - dt.timedelta(days=1)).replace(day=1), p.replace(day=1) - dt.timedelta(days=1), "month"),
    ),
]


_AGO = re.compile(
    r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}|a few|few|several)\s+(?P<unit>day|week|month)s?\s+ago\b",
    re.IGNORECASE,
)
_AGO_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


def _ago(match: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date, str] | None:
    """ "two weeks ago": the week around 14 days before; "three days ago": that day; "a few days ago": a window;
    "a few months ago": no date (too vague to say which month)."""
    word, unit = match.group("n").lower(), match.group("unit").lower()
    days = _UNIT_DAYS[unit]
    n = int(word) if word.isdigit() else _AGO_NUMBERS.get(word)
    if n is None:  # a few, several
        if unit == "month":
            return None
        return published - dt.timedelta(days=5 * days), published - dt.timedelta(days=2 * days), "week" if unit == "day" else "month"
    back = published - dt.timedelta(days=n * days)
    if unit == "day":
        return back, back, "day"
    half = dt.timedelta(days=3 if unit == "week" else 15)
    return back - half, back + half, unit


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _this_week(published: dt.date) -> tuple[dt.date, dt.date, str]:
    """ "Earlier this week": from Monday to the day before publication (on a Monday: the week before)."""
    start = _monday(published - dt.timedelta(days=1))
    return start, max(start, published - dt.timedelta(days=1)), "week"


def _last_week(published: dt.date, first: int, last: int) -> tuple[dt.date, dt.date, str]:
    """Days ``first``..``last`` (Monday is 0) of the week before the one of publication ("late last week": 4..6)."""
    monday = _monday(published) - dt.timedelta(days=7)
    return monday + dt.timedelta(days=first), monday + dt.timedelta(days=last), "week"


def _weekend(published: dt.date) -> tuple[dt.date, dt.date, str]:
    """ "Over the weekend": the latest Saturday and Sunday up to publication."""
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    return saturday, min(saturday + dt.timedelta(days=1), published), "week"


def find_event_dates(sentence: str, published: dt.date, offset: int = 0, year: int | None = None) -> list[EventDate]:
    """Every date expression of ``sentence``, resolved against ``published``, in text order; ``year``, an earlier
    year the text is telling of ("Clashes occurred several times in 2013. On May 7, …"), is the year of a day or
    a month named without one.

    >>> [(d.date.isoformat(), d.precision) for d in find_event_dates("On November 26, and last Tuesday", dt.date(2025, 12, 2))]
    [('2025-11-26', 'day'), ('2025-11-25', 'day')]
    >>> d = find_event_dates("two attacks within the past week", dt.date(2025, 12, 2))[0]
    >>> d.precision, d.start.isoformat(), d.end.isoformat()
    ('week', '2025-11-25', '2025-12-02')
    >>> find_event_dates("On May 7, a clash occurred", dt.date(2014, 8, 12), year=2013)[0].date.isoformat()
    '2013-05-07'
    """
    published = clamp(published)
    found: list[EventDate] = []
    if _LAST_YEAR.search(sentence):  # "on October 20 last year"
        year = published.year - 1
    base = (_safe(year, 12, 31) or published) if year is not None and year < published.year else published
    for match in _MONTH_DAY.finditer(sentence):
        date = _calendar_date(match.group(3), MONTHS[match.group(1).lower()], int(match.group(2)), base)
        if date:
            found.append(EventDate(date, "day", date, date, match.group(), (offset + match.start(), offset + match.end())))
    for match in _DAY_MONTH.finditer(sentence):
        date = _calendar_date(match.group(3), MONTHS[match.group(2).lower()], int(match.group(1)), base)
        if date:
            found.append(EventDate(date, "day", date, date, match.group(), (offset + match.start(), offset + match.end())))
    for match in _MONTH_YEAR.finditer(sentence):
        start = _safe(int(match.group(2)), MONTHS[match.group(1).lower()], 1)
        if start:
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            found.append(EventDate.window(start, end, "month", match.group(), (offset + match.start(), offset + match.end())))
    for match in _MONTH_ONLY.finditer(sentence):
        month = MONTHS[match.group(1).lower()]
        if match.group(1).lower() == "may" and match.group(1) == "may":
            continue  # the modal verb
        year = base.year if month <= base.month else base.year - 1
        start = dt.date(year, month, 1)
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        found.append(EventDate.window(start, end, "month", match.group(), (offset + match.start(1), offset + match.end(1))))
    for match in _YEAR.finditer(sentence):
        year = int(match.group(1))
        if 1900 < year <= dt.MAXYEAR:
            found.append(EventDate.window(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", match.group(1), (offset + match.start(1), offset + match.end(1))))
    for match in _WEEKDAY.finditer(sentence):
        if re.match(rf",?\s+(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTH_PATTERN})\b", sentence[match.end() :], re.IGNORECASE):
            continue  # "on Monday, December 27": the calendar date says it
        date = _weekday(match.group(2).lower(), published, strictly_before=bool(match.group(1) and "last" in match.group(1).lower()))
        found.append(EventDate(date, "day", date, date, match.group(), (offset + match.start(), offset + match.end())))
    for match in _AGO.finditer(sentence):
        window = _ago(match, published)
        if window:
            found.append(EventDate.window(*window, match.group(), (offset + match.start(), offset + match.end())))
    for pattern, resolve in _RELATIVE:
        for match in pattern.finditer(sentence):
            start, end, precision = resolve(published)
            found.append(EventDate.window(start, end, precision, match.group(), (offset + match.start(), offset + match.end())))
    found = [d for d in found if not any(_inside(d.span, o.span) for o in found if o is not d)]
    return sorted(found, key=lambda d: d.span)


_UNTIL = re.compile(r"\b(?:since|until|till|before|by|after|born in)\s+$", re.IGNORECASE)


def told_year(sentence: str, dates: list[EventDate], year: int | None = None, offset: int = 0) -> int | None:
    """The year the text goes on telling of after ``sentence`` (whose ``dates`` these are, found with ``offset``),
    given the ``year`` it told of before: the last year the sentence names ("several times in 2013"), none again
    once it dates from the present ("on Tuesday", "yesterday"), else the same.

    >>> told_year("Clashes occurred several times in 2013.", find_event_dates("Clashes occurred several times in 2013.", dt.date(2014, 8, 12)))
    2013
    >>> told_year("On Tuesday a guard died.", find_event_dates("On Tuesday a guard died.", dt.date(2014, 8, 12)), 2013) is None
    True
    """
    for date in dates:
        digits = re.search(r"(?:19|20)\d\d", date.text)
        if digits:
            if not _UNTIL.search(sentence[max(0, date.span[0] - offset - 8) : date.span[0] - offset]):  # not "since 2010"
                year = int(digits.group())
        elif not re.search(MONTH_PATTERN, date.text, re.IGNORECASE):
            year = None
    return year


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1] and a != b


def _calendar_date(year: str | None, month: int, day: int, published: dt.date) -> dt.date | None:
    """A day of a month; without a year, the latest such day at most a week after the publication date."""
    try:
        if year:
            date = dt.date(int(year), month, day)
            return date if SUPPORTED[0] <= date <= SUPPORTED[1] else None  # "January 1, 0001" is no event date
        date = dt.date(published.year, month, day)
    except ValueError:
        return None
    if date - published > dt.timedelta(days=7):
        try:
            return date.replace(year=published.year - 1)
        except ValueError:
            return None
    return date


def _weekday(name: str, published: dt.date, strictly_before: bool) -> dt.date:
    back = (published.weekday() - WEEKDAYS.index(name)) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)
