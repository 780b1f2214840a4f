"""Scoring the pipeline against hand-annotated articles (the gold schema is in docs/gold.md).

>>> report = evaluate("tests/corpus/seed-2025-eurasianet-drone-attacks.json")
>>> report.incidents.recall, report.incidents.fields["killed"]
(1.0, 1.0)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from geo.errors import GoldError
from geo.lexicon import EVENT_TYPES
from geo.pipeline import Analysis, analyse
from geo.text import fold, read_article

__all__ = ["ArticleScore", "EvaluationReport", "IncidentScore", "ToponymScore", "evaluate", "load_gold"]

INCIDENT_FIELDS = (
    "date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "admin2",
    "killed",
    "wounded",
    "origin_country",
    "primary",
    "disputed",
)
"""The incident fields scored on matched pairs, in the order the table prints them."""

ACC_KM = 161.0
"""Accuracy@161 km: a resolved point within 100 miles of the gold point counts as right (the field's standard)."""

_PRECISIONS = ("day", "week", "month", "year", None)


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article: where its text is, its date, and its gold toponyms and incidents."""

    path: Path
    article: Path
    published: dt.date
    toponyms: tuple[dict[str, Any], ...]
    incidents: tuple[dict[str, Any], ...]
    categories: tuple[str, ...] = ()


@dataclass
class ToponymScore:
    found: int = 0
    counted: int = 0
    correct: int = 0
    gold: int = 0
    recalled: int = 0
    country_right: int = 0
    country_total: int = 0
    near: int = 0
    near_total: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.correct, self.counted)

    @property
    def recall(self) -> float:
        return _ratio(self.recalled, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 3) if p + r else 0.0

    @property
    def acc161(self) -> float:
        return _ratio(self.near, self.near_total)

    @property
    def country_acc(self) -> float:
        return _ratio(self.country_right, self.country_total)

    def add(self, other: ToponymScore) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_json(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "acc161": self.acc161, "country_acc": self.country_acc}


@dataclass
class IncidentScore:
    gold: int = 0
    found: int = 0
    matched: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INCIDENT_FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold, empty=1.0)

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.found, empty=1.0)

    @property
    def fields(self) -> dict[str, float]:
        return {name: _ratio(self.right[name], self.matched, empty=1.0) for name in INCIDENT_FIELDS}

    def add(self, other: IncidentScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.matched += other.matched
        for name in INCIDENT_FIELDS:
            self.right[name] += other.right[name]

    def as_json(self) -> dict[str, Any]:
        return {"recall": self.recall, "precision": self.precision, "gold": self.gold, "found": self.found, "matched": self.matched, "fields": self.fields}


@dataclass
class ArticleScore:
    gold: GoldArticle
    toponyms: ToponymScore
    incidents: IncidentScore

    def as_json(self) -> dict[str, Any]:
        return {
            "gold": str(self.gold.path),
            "article": str(self.gold.article),
            "toponyms": self.toponyms.as_json(),
            "incidents": self.incidents.as_json(),
            "misses": self.incidents.misses,
        }


@dataclass
class EvaluationReport:
    """Scores per article and in total (micro-averaged over every mention and incident)."""

    articles: list[ArticleScore]
    toponyms: ToponymScore
    incidents: IncidentScore

    def as_json(self) -> dict[str, Any]:
        return {"toponyms": self.toponyms.as_json(), "incidents": self.incidents.as_json(), "articles": [a.as_json() for a in self.articles]}

    def table(self) -> str:
        """The per-article table, the totals and the per-field accuracies, as plain text."""
        rows = [f"{'article':<48} {'top P':>6} {'top R':>6} {'gold':>5} {'found':>5} {'match':>5} {'inc R':>6} {'inc P':>6}"]
        for a in self.articles:
            t, i = a.toponyms, a.incidents
            rows.append(f"{a.gold.path.stem[:48]:<48} {t.precision:>6.2f} {t.recall:>6.2f} {i.gold:>5} {i.found:>5} {i.matched:>5} {i.recall:>6.2f} {i.precision:>6.2f}")
        t, i = self.toponyms, self.incidents
        rows.append(f"{'total (' + str(len(self.articles)) + ' articles)':<48} {t.precision:>6.2f} {t.recall:>6.2f} {i.gold:>5} {i.found:>5} {i.matched:>5} {i.recall:>6.2f} {i.precision:>6.2f}")
        rows.append("")
        rows.append(f"toponyms: precision {t.precision:.3f}  recall {t.recall:.3f}  F1 {t.f1:.3f}  acc@161km {t.acc161:.3f}  country {t.country_acc:.3f}")
        rows.append(f"incidents: recall {i.recall:.3f}  precision {i.precision:.3f}  (gold {i.gold}, found {i.found}, matched {i.matched})")
        rows.append("fields of matched incidents: " + "  ".join(f"{k} {v:.2f}" for k, v in i.fields.items()))
        return "\n".join(rows)


def evaluate(gold: str | Path) -> EvaluationReport:
    """Score the pipeline on a gold file, or on every gold file under a folder."""
    articles = []
    for item in load_gold(gold):
        article = read_article(item.article, published=item.published)
        articles.append(_score_article(item, analyse(article)))
    toponyms, incidents = ToponymScore(), IncidentScore()
    for a in articles:
        toponyms.add(a.toponyms)
        incidents.add(a.incidents)
    return EvaluationReport(articles, toponyms, incidents)


def load_gold(path: str | Path) -> list[GoldArticle]:
    """The gold articles of a file or a folder (``*.json``, recursively), validated (see docs/gold.md)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.rglob("*.json"))
        if not files:
            raise GoldError(f"{path}: no gold files (*.json) in this folder; give a gold file or a folder of them (see docs/gold.md)")
    elif path.is_file():
        files = [path]
    else:
        raise GoldError(f"{path}: no such file or folder; give a gold file or a folder of them (see docs/gold.md)")
    return [_load_one(f) for f in files]


def _load_one(path: Path) -> GoldArticle:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: not a readable JSON gold file ({error}); fix it (see docs/gold.md)") from None
    if not isinstance(record, dict):
        raise GoldError(f"{path}: a gold file holds one JSON object, not {type(record).__name__}; see docs/gold.md")
    for key in ("file", "published", "toponyms", "incidents"):
        if key not in record:
            raise GoldError(f"{path}: field {key!r} is missing; every gold file has file, published, toponyms and incidents")
    article = (path.parent / str(record["file"])).resolve()
    if not article.is_file():
        raise GoldError(f"{path}: field 'file': {record['file']!r} is not a file next to the gold file; give the article's path relative to it")
    try:
        published = dt.date.fromisoformat(str(record["published"]))
    except ValueError:
        raise GoldError(f"{path}: field 'published': {record['published']!r} is not a date; use YYYY-MM-DD") from None
    text = read_article(article, published=published).text
    for index, toponym in enumerate(record["toponyms"]):
        _check_toponym(path, index, toponym, text)
    for index, incident in enumerate(record["incidents"]):
        _check_incident(path, index, incident, text)
    return GoldArticle(path, article, published, tuple(record["toponyms"]), tuple(record["incidents"]), tuple(record.get("categories", ())))


def _check_toponym(path: Path, index: int, toponym: Any, text: str) -> None:
    where = f"{path}: toponym {index}"
    if not isinstance(toponym, dict) or "mentions" not in toponym:
        raise GoldError(f"{where}: a toponym is an object with surface, kind, country, mentions; see docs/gold.md")
    for span in toponym["mentions"]:
        if not (isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) for v in span) and 0 <= span[0] < span[1] <= len(text)):
            raise GoldError(f"{where} ({toponym.get('surface')!r}): mention {span!r} is not [start, end] inside the text; fix the offsets")


def _check_incident(path: Path, index: int, incident: Any, text: str) -> None:
    where = f"{path}: incident {index}"
    if not isinstance(incident, dict):
        raise GoldError(f"{where}: an incident is a JSON object; see docs/gold.md")
    evidence = incident.get("evidence")
    if not evidence or not isinstance(evidence, list):
        raise GoldError(f"{where}: field 'evidence' must list one or more substrings of the article that report the incident")
    for quote in evidence:
        if not isinstance(quote, str) or quote not in text:
            raise GoldError(f"{where}: field 'evidence': {str(quote)[:60]!r} is not in the article's text; copy it exactly")
    for name in ("killed", "wounded"):
        value = incident.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise GoldError(f"{where}: field {name!r} must be a whole number or null, not {value!r}")
    if incident.get("event_type") not in EVENT_TYPES:
        raise GoldError(f"{where}: field 'event_type': {incident.get('event_type')!r} is not one of {', '.join(EVENT_TYPES)}")
    if incident.get("date_precision") not in _PRECISIONS:
        raise GoldError(f"{where}: field 'date_precision': {incident.get('date_precision')!r} is not day, week, month, year or null")
    if incident.get("date") is not None:
        try:
            dt.date.fromisoformat(str(incident["date"]))
        except ValueError:
            raise GoldError(f"{where}: field 'date': {incident['date']!r} is not a date; use YYYY-MM-DD or null") from None
    for name in ("primary", "disputed"):
        if not isinstance(incident.get(name, False), bool):
            raise GoldError(f"{where}: field {name!r} must be true or false, not {incident[name]!r}")


# -- scoring ----------------------------------------------------------------------------------


def _score_article(gold: GoldArticle, analysis: Analysis) -> ArticleScore:
    return ArticleScore(gold, _score_toponyms(gold, analysis), _score_incidents(gold, analysis))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _score_toponyms(gold: GoldArticle, analysis: Analysis) -> ToponymScore:
    score = ToponymScore()
    spans = [(tuple(span), g) for g in gold.toponyms for span in g["mentions"]]
    required = [(s, g) for s, g in spans if g.get("required", True)]
    score.gold = len(required)
    found = [m.as_json() for m in analysis.mentions]
    score.found = len(found)
    for mention in found:
        hit = next(((s, g) for s, g in spans if _overlaps(s, (mention["start"], mention["end"]))), None)
        if hit is None:
            score.counted += 1
            continue
        _, g = hit
        if not g.get("required", True):
            continue
        score.counted += 1
        score.correct += 1
        score.country_total += 1
        score.country_right += mention["country"] == g.get("country")
        if g.get("lat") is not None and g.get("lon") is not None:
            score.near_total += 1
            if mention["lat"] is not None and mention["lon"] is not None:
                score.near += geodesic((g["lat"], g["lon"]), (mention["lat"], mention["lon"])).km <= ACC_KM
    for span, _ in required:
        score.recalled += any(_overlaps(span, (m["start"], m["end"])) for m in found)
    return score


def _score_incidents(gold: GoldArticle, analysis: Analysis) -> IncidentScore:
    text = analysis.article.text
    found = [_undated_as_null(i.as_json()) for i in analysis.incidents]
    gold_spans = [[(text.index(q), text.index(q) + len(q)) for q in g["evidence"]] for g in gold.incidents]
    found_spans = [[(e["start"], e["end"]) for e in f["evidence"]] for f in found]
    pairs = sorted(
        (
            (sum(_overlaps(a, b) for a in gs for b in fs), gi, fi)
            for gi, gs in enumerate(gold_spans)
            for fi, fs in enumerate(found_spans)
        ),
        reverse=True,
    )
    score = IncidentScore(gold=len(gold.incidents), found=len(found))
    used_gold: set[int] = set()
    used_found: set[int] = set()
    for overlap, gi, fi in pairs:
        if overlap == 0 or gi in used_gold or fi in used_found:
            continue
        used_gold.add(gi)
        used_found.add(fi)
        score.matched += 1
        g, f = gold.incidents[gi], found[fi]
        for name in INCIDENT_FIELDS:
            if name == "date" and g.get("date_precision") == f.get("date_precision") == "month" and g.get("date") and f.get("date"):
                same = g["date"][:7] == f["date"][:7]  # a month-precision date is its month; the day is only its middle
            else:
                same = _same(g.get(name, False if name in ("primary", "disputed") else None), f.get(name))
            if same:
                score.right[name] += 1
            else:
                score.misses.append(f"{gold.path.stem} #{g['id']} {name}: gold {g.get(name)!r}, found {f.get(name)!r}")
    for gi, g in enumerate(gold.incidents):
        if gi not in used_gold:
            score.misses.append(f"{gold.path.stem} #{g['id']} missed: {g['evidence'][0][:90]!r}")
    for fi, f in enumerate(found):
        if fi not in used_found:
            score.misses.append(f"{gold.path.stem} extra {f['id']}: {f['quote'][:90]!r}")
    return score


def _undated_as_null(record: dict[str, Any]) -> dict[str, Any]:
    """An incident the text gives no date for carries the publication date and says so: it scores as no date."""
    if any(flag.startswith("no date stated") for flag in record["flags"]):
        return {**record, "date": None, "date_precision": None}
    return record


def _same(gold: Any, found: Any) -> bool:
    if gold is None or found is None:
        return gold is None and found is None
    if isinstance(gold, str) and isinstance(found, str):
        return fold(gold) == fold(found)
    return gold == found


def _ratio(part: int, whole: int, empty: float = 0.0) -> float:
    return round(part / whole, 3) if whole else empty
