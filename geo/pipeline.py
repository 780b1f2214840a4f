"""One article through every stage: text, place mentions, incidents, placements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from geo.boundaries import load_boundaries
from geo.dates import SUPPORTED, clamp
from geo.errors import ArticleError, shown
from geo.incidents import extract_incidents
from geo.locate import LocatedIncident, locate_all
from geo.model import Mention
from geo.text import Article, read_article
from geo.toponyms import find_mentions

__all__ = [
    "Analysis",
    "analyse",
    "analyse_file",
    "feature_collection",
]


@dataclass(frozen=True)
class Analysis:
    """What Borderwatch read in one article."""

    article: Article
    mentions: tuple[Mention, ...]
    incidents: tuple[LocatedIncident, ...]


def analyse(article: Article, published: dt.date | None = None, max_mentions: int | None = None) -> Analysis:
    """Mentions and located incidents of an article; ``published`` overrides the article's date line.

    With ``max_mentions``, an article that names more places is refused (:class:`ArticleError`) as soon as
    its places are found, before any incident is read from it (``ingest`` does this: such a text is a list).

    A publication date outside :data:`geo.dates.SUPPORTED` (year 1, year 9999) is clamped into it, and
    every incident says so in its ``flags``; the command line and the store refuse such dates instead.

    >>> a = analyse(Article("On November 26 a drone attack on a camp in Khatlon killed three workers.", "x.txt", dt.date(2025, 12, 2)))
    >>> [(i.incident.date.isoformat(), i.incident.killed, i.placement.admin1) for i in a.incidents]
    [('2025-11-26', 3, 'Khatlon')]
    """
    if published is not None:
        article = replace(article, published=published)
    read_as = article
    flag = None
    if article.published is not None and clamp(article.published) != article.published:
        clamped = clamp(article.published)
        read_as = replace(article, published=clamped)
        flag = (
            f"publication date {article.published.isoformat()} is outside {SUPPORTED[0].isoformat()}…{SUPPORTED[1].isoformat()}: "
            f"dates were read against {clamped.isoformat()}"
        )
    mentions = find_mentions(article.text)
    if max_mentions is not None and len(mentions) > max_mentions:
        raise ArticleError(
            f"{shown(article.source)}: names {len(mentions):,} places, over the limit of {max_mentions:,}; give news articles, not lists of places"
        )
    found = extract_incidents(read_as, mentions)
    if flag:
        found = [replace(incident, flags=(*incident.flags, flag)) for incident in found]
    incidents = locate_all(found, load_boundaries())
    return Analysis(article, tuple(mentions), tuple(incidents))


def analyse_file(path: str | Path, published: dt.date | None = None) -> Analysis:
    """:func:`analyse` for an article file (see :func:`geo.text.read_article` for what is refused)."""
    return analyse(read_article(path), published)


def feature_collection(incidents: list[LocatedIncident] | tuple[LocatedIncident, ...]) -> dict:
    """Incidents as an RFC 7946 FeatureCollection of points (unplaced incidents have no geometry)."""
    return {"type": "FeatureCollection", "features": [i.as_feature() for i in incidents]}
