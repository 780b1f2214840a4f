"""Accuracy floors on the development corpus (tests/corpus): a change that makes extraction worse fails here.

The floors are what the extractor reaches today, rounded down; raise them as it improves, never lower them.
The corpus' articles were written from real reports for the purpose (see docs/gold.md and each gold file's
``modelled_on``); it is for development: accuracy on reports nobody tuned for is measured apart.
"""

import pytest

from geo.evaluate import evaluate
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"

FLOORS = {
    "recall": 0.91,
    "precision": 0.95,
    "date": 0.92,
    "event_type": 0.89,
    "admin1": 0.90,
    "country": 0.90,
    "killed": 0.91,
    "wounded": 0.90,
    "origin_country": 0.78,
    "primary": 0.92,
    "disputed": 0.75,
}
TOPONYM_FLOORS = {"f1": 0.975, "accuracy_161km": 0.99, "country": 0.98}


@pytest.fixture(scope="module")
def report():
    return evaluate(CORPUS)


def test_the_corpus_is_big_and_covers_what_real_reports_do(report):
    assert len(report.articles) >= 40
    tags = [tag for a in report.articles for tag in a.gold.categories]
    for tag, least in {"no-incident": 5, "multi-incident": 8, "background": 8, "other-border": 6, "wire": 6}.items():
        assert tags.count(tag) >= least, tag
    assert sum(1 for a in report.articles if not a.gold.incidents) >= 5


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_incident_accuracy_holds_its_floor(report, name):
    score = report.incidents
    value = {"recall": score.recall, "precision": score.precision}.get(name, score.fields.get(name))
    assert value >= FLOORS[name], f"{name} {value:.3f} fell below its floor {FLOORS[name]}"


@pytest.mark.parametrize("name", sorted(TOPONYM_FLOORS))
def test_toponym_accuracy_holds_its_floor(report, name):
    score = report.toponyms
    value = {"f1": score.f1, "accuracy_161km": score.acc161, "country": score.country_acc}[name]
    assert value >= TOPONYM_FLOORS[name], f"toponym {name} {value:.3f} fell below its floor {TOPONYM_FLOORS[name]}"


def test_articles_without_incidents_give_none(report):
    quiet = [a for a in report.articles if not a.gold.incidents]
    assert sum(a.incidents.found for a in quiet) <= 1
