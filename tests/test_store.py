"""Tests for geo.store: idempotent ingest, merging reports, corrections with history, and nothing lost."""

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from geo.errors import ArticleError, UsageError
from geo.store import MAX_MENTIONS, Store, StoreError
from geo.synthetic import article
from geo.text import Article

SAME_EVENT_A = (
    "Shots on the border\nBy Test Desk December 1, 2025\n\n"
    "On November 28, militants from Afghanistan's Takhar province attacked a border post in Farkhor, killing three Tajik border guards and wounding two."
)
SAME_EVENT_B = (
    "Border guards killed\nBy Other Desk December 2, 2025\n\n"
    "On November 29, gunmen from Afghanistan opened fire on a border post near Farkhor, killing four guards and wounding one."
)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "home") as store:
        yield store


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_ingest_is_idempotent(store, seed_path):
    first = store.ingest([seed_path])
    again = store.ingest([seed_path])
    assert [(r.status, r.incidents) for r in first] == [("added", 2)]
    assert [r.status for r in again] == ["exists"]
    assert store.counts()["articles"] == 1 and store.counts()["reports"] == 2
    assert [e.record["admin1"] for e in store.events()] == ["Khatlon", "Gorno-Badakhshan"]


def test_store_survives_a_restart(tmp_path, seed_path):
    with Store(tmp_path) as store:
        store.ingest([seed_path])
    with Store(tmp_path) as reopened:
        assert len(reopened.events()) == 2 and reopened.schema_version() == 1


def test_two_reports_of_one_attack_become_one_event_with_ranges(store, tmp_path):
    store.ingest([write(tmp_path, "a.txt", SAME_EVENT_A), write(tmp_path, "b.txt", SAME_EVENT_B)])
    (event,) = store.events()
    assert event.casualties == {"killed": {"low": 3, "best": 3, "high": 4}, "wounded": {"low": 1, "best": 1, "high": 2}}
    assert [(s.source_file.rsplit("/", 1)[-1], s.killed) for s in event.sources] == [("a.txt", 3), ("b.txt", 4)]
    assert event.sources[1].merge_reason.startswith("dates 2025-11-28 (day) and 2025-11-29 (day) overlap; same admin1 Khatlon")


def test_split_undoes_a_merge(store, tmp_path):
    store.ingest([write(tmp_path, "a.txt", SAME_EVENT_A), write(tmp_path, "b.txt", SAME_EVENT_B)])
    (event,) = store.events()
    store.split(event.sources[1].report_id)
    assert sorted(len(e.sources) for e in store.events()) == [1, 1]
    with pytest.raises(UsageError, match="is the only source of event"):
        store.split(event.sources[1].report_id)


def test_different_regions_or_far_dates_are_not_merged(store, tmp_path):
    far = SAME_EVENT_B.replace("November 29", "November 10")
    store.ingest([write(tmp_path, "a.txt", SAME_EVENT_A), write(tmp_path, "far.txt", far)])
    assert len(store.events()) == 2


def test_corrections_are_marked_kept_across_reingest_and_undoable(store, tmp_path, seed_path):
    store.ingest([seed_path])
    event = store.events()[0]
    correction = store.correct(event.id, "killed", 4, author="ana")
    store.correct(event.id, "place", "gn:1221328")  # Khorugh
    store.ingest([seed_path, write(tmp_path, "again.txt", SAME_EVENT_A)])
    corrected = store.event(event.id)
    assert corrected.record["killed"] == 4 and corrected.corrected == ("killed", "place")
    assert corrected.record["geo_precision"] == 1 and corrected.record["admin1"] == "Gorno-Badakhshan"
    history = store.history(event.id)
    assert [(h["field"], h["old_value"], h["new_value"], h["author"]) for h in history][0] == ("killed", 3, 4, "ana")
    store.undo(correction)
    assert store.event(event.id).record["killed"] == 3 and store.event(event.id).corrected == ("place",)
    assert store.history(event.id)[0]["undone_at"] is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("killed", -1, r"killed -1 is not a count; give a whole number ≥ 0"),
        ("date", "2025-02-30", r"date '2025-02-30' is not a date; use YYYY-MM-DD"),
        ("event_type", "Skirmish", r"event_type 'Skirmish'; allowed: Battles, "),
        ("colour", "red", r"cannot correct 'colour'; correctable fields: date, "),
        ("place", "admin1:TJ-KT", r"is an area \(admin1\); pick a town or district"),
    ],
)
def test_bad_corrections_are_refused(store, seed_path, field, value, message):
    store.ingest([seed_path])
    with pytest.raises(UsageError, match=message):
        store.correct(store.events()[0].id, field, value)
    assert store.counts()["corrections"] == 0


BAD_FILES = {
    "empty.txt": (b"", "the article is empty"),
    "binary.txt": (b"\x00\x01\x02\x03", "binary data"),
    "huge.txt": (b"a" * 2_000_001, "over the limit of 2,000,000 bytes"),
    "latin1.txt": ("Kulob café attack".encode("latin-1"), "not UTF-8 text"),
    "broken.html": (b"<html><body><div><script>alert(1)</div", "the article is empty"),
    "future.txt": (b"Title\nBy Desk December 2, 2999\n\nOn November 30 a drone attack hit Khatlon.", "publication date 2999-12-02 is impossible"),
    "places.txt": (("Khorog and Kulob. " * 1100).encode(), f"names 2,200 places, over the limit of {MAX_MENTIONS:,}"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_is_rejected_and_changes_nothing(store, tmp_path, seed_path, name):
    store.ingest([seed_path])
    before = store.counts()
    content, message = BAD_FILES[name]
    (tmp_path / name).write_bytes(content)
    (result,) = store.ingest([tmp_path / name])
    assert result.status == "rejected" and message in result.message
    assert store.counts() == before


def test_broken_html_with_text_is_read_leniently(store, tmp_path):
    (tmp_path / "unclosed.html").write_bytes(b"<html><body><p>On November 30 a drone attack hit a camp in Khatlon, killing two workers.<div><b>")
    (result,) = store.ingest([tmp_path / "unclosed.html"])
    assert (result.status, result.incidents) == ("added", 1)


def test_html_js_and_sql_are_stored_verbatim(store):
    text = "On November 30 a drone attack hit Khatlon'); DROP TABLE articles; -- <script>alert(1)</script> <img src=x onerror=alert(2)>"
    store.add_article(Article(text, "evil.txt", dt.date(2025, 12, 2)))
    (row,) = store.articles()
    assert store.article_text(row["id"]) == text
    assert store.counts()["articles"] == 1 and "<script>" in store.events()[0].record["quote"]


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    (tmp_path / "borderwatch.sqlite").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="is not a Borderwatch store"):
        Store(tmp_path)


def test_a_newer_schema_is_refused(tmp_path):
    Store(tmp_path).close()
    with sqlite3.connect(tmp_path / "borderwatch.sqlite") as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="has schema 99, newer than this Borderwatch"):
        Store(tmp_path)


# -- faults and concurrency -----------------------------------------------------------------

INGEST = [sys.executable, "-m", "geo", "ingest"]


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for seed in range(60):
        (folder / f"{seed:03d}.txt").write_text(article(seed), encoding="utf-8")
    return folder


def wait_until_writing(home, before, timeout=30.0):
    """Return as soon as the store holds more than ``before`` articles (an ingest is under way)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{home / 'borderwatch.sqlite'}?mode=ro", uri=True, timeout=1) as db:
                if db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > before:
                    return
        except sqlite3.OperationalError:
            pass  # not created yet, or its schema is being written
        time.sleep(0.01)
    raise AssertionError(f"no article was written to {home} within {timeout} s")


_EXPECTED: dict[str, tuple[int, int]] = {}


def expected_counts(text, source, published):
    """(mentions, incidents) a fresh analysis gives for an article, computed once per text."""
    from geo.pipeline import analyse

    if text not in _EXPECTED:
        analysis = analyse(Article(text, source, published))
        _EXPECTED[text] = (len(analysis.mentions), len(analysis.incidents))
    return _EXPECTED[text]


def assert_consistent(home):
    """Every stored article is whole: its mentions and reports are there, exactly as a fresh analysis gives."""
    with Store(home) as store:
        db = store._connection
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        for row in db.execute("SELECT id, text, source, published FROM articles").fetchall():
            published = dt.date.fromisoformat(row["published"]) if row["published"] else None
            mentions = db.execute("SELECT COUNT(*) FROM mentions WHERE article_id = ?", (row["id"],)).fetchone()[0]
            reports = db.execute("SELECT COUNT(*) FROM reports WHERE article_id = ?", (row["id"],)).fetchone()[0]
            assert (mentions, reports) == expected_counts(row["text"], row["source"], published)
        return store.counts()


def test_sigkill_during_ingest_never_leaves_half_an_article(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "BORDERWATCH_HOME": str(home)}
    interrupted = 0
    for attempt in range(20):
        batch = tmp_path / f"batch{attempt}"
        batch.mkdir()
        for seed in range(40):
            (batch / f"{seed:03d}.txt").write_text(article(1000 * attempt + seed), encoding="utf-8")
        before = assert_consistent(home)["articles"] if home.exists() else 0
        process = subprocess.Popen([*INGEST, str(batch)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_writing(home, before)
        time.sleep(0.004 * attempt)  # kill points spread over the ingest (≈ 3 ms an article here)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = assert_consistent(home)["articles"] if home.exists() else 0
        interrupted += before < after < before + 40
    assert interrupted >= 10, "too few kills landed in the middle of an ingest to prove anything"
    finished = subprocess.run([*INGEST, *(str(tmp_path / f"batch{a}") for a in range(20))], env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert assert_consistent(home)["articles"] == 20 * 40


def test_two_processes_ingesting_overlapping_folders(tmp_path, many_articles):
    home = tmp_path / "home"
    env = {**os.environ, "BORDERWATCH_HOME": str(home)}
    first = subprocess.Popen([*INGEST, str(many_articles)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(
        [*INGEST, *sorted(map(str, many_articles.glob("0[2-5]*.txt")))], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    errors = [p.communicate()[1] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], errors
    assert not any("locked" in e for e in errors)
    counts = assert_consistent(home)
    assert counts["articles"] == 60


def test_cli_ingest_exit_codes_and_summary(tmp_path, seed_path):
    env = {**os.environ, "BORDERWATCH_HOME": str(tmp_path / "home")}
    (tmp_path / "bad.txt").write_bytes(b"")
    ok = subprocess.run([*INGEST, str(seed_path)], env=env, capture_output=True, text=True)
    mixed = subprocess.run([*INGEST, str(seed_path), str(tmp_path / "bad.txt")], env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and "1 added, 0 already there, 0 rejected" in ok.stderr
    assert mixed.returncode == 2 and "0 added, 1 already there, 1 rejected" in mixed.stderr
    assert "bad.txt: rejected: " in mixed.stderr and "the article is empty" in mixed.stderr
    listed = subprocess.run([sys.executable, "-m", "geo", "list", "--json"], env=env, capture_output=True, text=True)
    records = json.loads(listed.stdout)
    assert [r["admin1"] for r in records] == ["Khatlon", "Gorno-Badakhshan"] and all(r["sources"] for r in records)


def test_export_uses_the_store_with_corrections(tmp_path, seed_path):
    home = tmp_path / "home"
    with Store(home) as store:
        store.ingest([seed_path])
        store.correct(store.events()[0].id, "killed", 5)
    env = {**os.environ, "BORDERWATCH_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--out", str(tmp_path / "out"), "--format", "geojson,csv"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    collection = json.loads((tmp_path / "out" / "snapshot.geojson").read_text(encoding="utf-8"))
    killed = {f["properties"]["admin1"]: f["properties"]["killed"] for f in collection["features"] if f["properties"].get("event_type")}
    assert killed == {"Khatlon": 5, "Gorno-Badakhshan": 2}
    assert "Khatlon" in (tmp_path / "out" / "snapshot.csv").read_text(encoding="utf-8")
