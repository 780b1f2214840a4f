"""Tests for geo.evaluate: gold files are validated with messages that name the field, and scores are right."""

import json
import shutil
from pathlib import Path

import pytest

from geo.cli import main
from geo.errors import GoldError
from geo.evaluate import INCIDENT_FIELDS, evaluate, load_gold

CORPUS = Path(__file__).parent / "corpus"
SEED_GOLD = CORPUS / "seed-2025-eurasianet-drone-attacks.json"


@pytest.fixture
def gold_copy(tmp_path):
    """The seed's gold file and article side by side in a temporary folder, for editing."""
    record = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    shutil.copy((SEED_GOLD.parent / record["file"]).resolve(), tmp_path / "seed.txt")
    record["file"] = "seed.txt"

    def write(**changes):
        path = tmp_path / "gold.json"
        path.write_text(json.dumps({**record, **changes}, ensure_ascii=False), encoding="utf-8")
        return path

    write.record = record
    return write


def test_the_seed_scores_perfectly():
    report = evaluate(SEED_GOLD)
    assert (report.incidents.recall, report.incidents.precision) == (1.0, 1.0)
    assert report.incidents.fields == dict.fromkeys(INCIDENT_FIELDS, 1.0)
    assert report.toponyms.f1 == 1.0


def test_a_missed_and_an_extra_incident_are_counted(gold_copy):
    incidents = gold_copy.record["incidents"]
    ghost = {**incidents[0], "id": "ghost", "evidence": ["Moscow maintains military facilities"]}
    report = evaluate(gold_copy(incidents=[incidents[0], ghost]))
    assert (report.incidents.gold, report.incidents.found, report.incidents.matched) == (2, 2, 1)
    assert (report.incidents.recall, report.incidents.precision) == (0.5, 0.5)


def test_a_wrong_gold_count_lowers_that_field_only(gold_copy):
    first, second = gold_copy.record["incidents"]
    report = evaluate(gold_copy(incidents=[{**first, "killed": 4}, second]))
    assert report.incidents.fields["killed"] == 0.5 and report.incidents.fields["wounded"] == 1.0


def test_json_has_the_documented_keys(capsys):
    assert main(["evaluate", str(SEED_GOLD), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["toponyms"]) == {"precision", "recall", "f1", "acc161", "country_acc"}
    assert {"recall", "precision", "fields"} <= set(out["incidents"]) and "admin1" in out["incidents"]["fields"]
    assert len(out["articles"]) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"published": "yesterday"}, r"field 'published': 'yesterday' is not a date; use YYYY-MM-DD"),
        ({"file": "missing.txt"}, r"field 'file': 'missing.txt' is not a file"),
        ({"incidents": [{"id": "1", "evidence": ["not in the text at all"], "event_type": "Battles"}]}, r"incident 0: field 'evidence': 'not in the text at all' is not in the article"),
        ({"incidents": [{"id": "1", "evidence": ["Three workers were killed"], "event_type": "Battles", "killed": "three"}]}, r"incident 0: field 'killed' must be a whole number or null, not 'three'"),
        ({"incidents": [{"id": "1", "evidence": ["Three workers were killed"], "event_type": "Fight"}]}, r"incident 0: field 'event_type': 'Fight' is not one of Battles"),
        ({"toponyms": [{"surface": "Dushanbe", "mentions": [[5, 2]]}]}, r"toponym 0 \('Dushanbe'\): mention \[5, 2\] is not \[start, end\]"),
    ],
)
def test_a_malformed_gold_file_names_the_article_and_the_field(gold_copy, changes, message):
    with pytest.raises(GoldError, match=message):
        load_gold(gold_copy(**changes))


def test_bad_gold_is_one_line_and_exit_2_on_the_command_line(gold_copy, capsys):
    assert main(["evaluate", str(gold_copy(published="2025-13-40"))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "field 'published'" in err


def test_an_empty_folder_says_what_to_give(tmp_path):
    with pytest.raises(GoldError, match=r"no gold files \(\*\.json\) in this folder"):
        load_gold(tmp_path)


@pytest.mark.parametrize(("gold_date", "right"), [("2025-12-15", 1.0), ("2025-11-15", 0.0)])
def test_a_month_precision_date_scores_by_its_month(tmp_path, gold_date, right):
    (tmp_path / "a.txt").write_text("Clash near Panj\n\nEarlier this month two Tajik border guards were killed near Panj.", encoding="utf-8")
    incident = {
        "id": "1", "evidence": ["Earlier this month two Tajik border guards were killed near Panj."], "date": gold_date, "date_precision": "month",
        "event_type": "Battles", "sub_event_type": "Armed clash", "country": "TJ", "admin1": "Khatlon", "killed": 2, "wounded": None,
    }
    gold = {"file": "a.txt", "published": "2025-12-20", "toponyms": [], "incidents": [incident]}
    (tmp_path / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    report = evaluate(tmp_path / "a.json")
    assert report.incidents.matched == 1 and report.incidents.fields["date"] == right
