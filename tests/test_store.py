"""Tests for geo.store: idempotent ingest, merging reports, corrections with history, and nothing lost."""

import datetime as dt
import itertools
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import UsageError
from geo.store import APPLICATION_ID, MAX_MENTIONS, Store, StoreError, add_article, group_reports, ingest, stored_reports
from geo.synthetic import article
from geo.text import Article
from pathlib import Path

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
    first = ingest(store, [seed_path])
    again = ingest(store, [seed_path])
    assert [(r.status, r.incidents) for r in first] == [("added", 2)]
    assert [r.status for r in again] == ["exists"]
    assert store.counts()["articles"] == 1 and store.counts()["reports"] == 2
    assert [e.record["admin1"] for e in store.events()] == ["Khatlon", "Gorno-Badakhshan"]


def test_store_survives_a_restart(tmp_path, seed_path):
    with Store(tmp_path) as store:
        ingest(store, [seed_path])
    with Store(tmp_path) as reopened:
        assert len(reopened.events()) == 2 and reopened.schema_version() == 3


def test_two_reports_of_one_attack_become_one_event_with_ranges(store, tmp_path):
    ingest(store, [write(tmp_path, "a.txt", SAME_EVENT_A), write(tmp_path, "b.txt", SAME_EVENT_B)])
    (event,) = store.events()
    assert event.casualties == {"killed": {"low": 3, "best": 3, "high": 4}, "wounded": {"low": 1, "best": 1, "high": 2}}
    assert [(s.source_file.rsplit("/", 1)[-1], s.killed) for s in event.sources] == [("a.txt", 3), ("b.txt", 4)]
    assert event.sources[1].merge_reason.startswith("dates 2025-11-28 (day) and 2025-11-29 (day) overlap; same admin1 Khatlon")


def test_split_undoes_a_merge(store, tmp_path):
    ingest(store, [write(tmp_path, "a.txt", SAME_EVENT_A), write(tmp_path, "b.txt", SAME_EVENT_B)])
    (event,) = store.events()
    store.split(event.sources[1].report_id)
    assert sorted(len(e.sources) for e in store.events()) == [1, 1]
    with pytest.raises(UsageError, match="is the only source of event"):
        store.split(event.sources[1].report_id)


def test_different_regions_or_far_dates_are_not_merged(store, tmp_path):
    far = SAME_EVENT_B.replace("November 29", "November 10")
    ingest(store, [write(tmp_path, "a.txt", SAME_EVENT_A), write(tmp_path, "far.txt", far)])
    assert len(store.events()) == 2


def test_corrections_are_marked_kept_across_reingest_and_undoable(store, tmp_path, seed_path):
    ingest(store, [seed_path])
    event = store.events()[0]
    correction = store.correct(event.id, "killed", 4, author="ana")
    store.correct(event.id, "place", "gn:1221328")  # Khorugh
    ingest(store, [seed_path, write(tmp_path, "again.txt", SAME_EVENT_A)])
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
        ("date", "9999-12-31", r"date '9999-12-31' is outside 1900-01-01 to 2199-12-31; give the day of the incident"),
        ("event_type", "Skirmish", r"event_type 'Skirmish'; allowed: Battles, "),
        ("colour", "red", r"cannot correct 'colour'; correctable fields: date, "),
        ("place", "admin1:TJ-KT", r"is an area \(admin1\); pick a town or district"),
    ],
)
def test_bad_corrections_are_refused(store, seed_path, field, value, message):
    ingest(store, [seed_path])
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
    ingest(store, [seed_path])
    before = store.counts()
    content, message = BAD_FILES[name]
    (tmp_path / name).write_bytes(content)
    (result,) = ingest(store, [tmp_path / name])
    assert result.status == "rejected" and message in result.message
    assert store.counts() == {**before, "ingest_errors": 1}  # nothing stored; the failure is on record
    (error,) = store.ingest_errors()
    assert (error.file, error.row, error.message) == (str(tmp_path / name), None, result.message) and error.at


def test_broken_html_with_text_is_read_leniently(store, tmp_path):
    (tmp_path / "unclosed.html").write_bytes(b"<html><body><p>On November 30 a drone attack hit a camp in Khatlon, killing two workers.<div><b>")
    (result,) = ingest(store, [tmp_path / "unclosed.html"])
    assert (result.status, result.incidents) == ("added", 1)


def test_html_js_and_sql_are_stored_verbatim(store):
    text = "On November 30 a drone attack hit Khatlon'); DROP TABLE articles; -- <script>alert(1)</script> <img src=x onerror=alert(2)>"
    add_article(store, Article(text, "evil.txt", dt.date(2025, 12, 2)))
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
        db = store.connection
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        for row in db.execute("SELECT id, text, source, published FROM articles").fetchall():
            published = dt.date.fromisoformat(row["published"]) if row["published"] else None
            mentions = db.execute("SELECT COUNT(*) FROM mentions WHERE article_id = ?", (row["id"],)).fetchone()[0]
            reports = db.execute("SELECT COUNT(*) FROM reports WHERE article_id = ?", (row["id"],)).fetchone()[0]
            assert (mentions, reports) == expected_counts(row["text"], row["source"], published)
        assert stored_partition(db) == grouped_partition(db)  # the events are those the reports give, in any order
        return store.counts()


def stored_partition(db):
    """The events of a store as a set of sets of report ids (the ones that can merge)."""
    events = {}
    for country, report_id, event_id in db.execute("SELECT country, id, event_id FROM reports WHERE country IS NOT NULL AND date IS NOT NULL"):
        events.setdefault(event_id, set()).add(report_id)
    return {frozenset(e) for e in events.values()}


def grouped_partition(db):
    """The events geo.store.group_reports makes of the stored reports, from scratch."""
    countries = [r[0] for r in db.execute("SELECT DISTINCT country FROM reports WHERE country IS NOT NULL")]
    return {frozenset(r.report_id for r in group) for c in countries for group in group_reports(stored_reports(db, c))}


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
        ingest(store, [seed_path])
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


# -- whose file, whole or damaged, read-only, full disk -------------------------------------------


def snapshot_of(folder):
    """Every file of a folder with its bytes: to show that nothing was changed."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_someone_elses_sqlite_file_is_refused_and_left_unchanged(tmp_path):
    with sqlite3.connect(tmp_path / "borderwatch.sqlite") as db:
        db.execute("CREATE TABLE people (name TEXT)")
        db.execute("INSERT INTO people VALUES ('Ana')")
    before = snapshot_of(tmp_path)
    with pytest.raises(StoreError, match=r"is not a Borderwatch store: it is an SQLite database with tables Borderwatch does not make \(people; user_version 0\); Borderwatch leaves it as it is: choose another --home"):
        Store(tmp_path)
    assert snapshot_of(tmp_path) == before  # no Borderwatch tables, no switch to WAL, no -wal or -shm file


def test_another_programs_application_id_is_refused(tmp_path):
    with sqlite3.connect(tmp_path / "borderwatch.sqlite") as db:
        db.execute("PRAGMA application_id = 305419896")
        db.execute("CREATE TABLE articles (x)")
    before = snapshot_of(tmp_path)
    with pytest.raises(StoreError, match=r"another program's SQLite database \(application id 0x12345678\)"):
        Store(tmp_path)
    assert snapshot_of(tmp_path) == before


def test_a_store_made_before_application_ids_is_adopted(tmp_path, seed_path):
    with Store(tmp_path) as store:
        ingest(store, [seed_path])
    with sqlite3.connect(tmp_path / "borderwatch.sqlite") as db:
        db.execute("PRAGMA application_id = 0")
    with Store(tmp_path) as store:
        assert len(store.events()) == 2
        assert store.connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def changed_outside(statement):
    """Damage: run one SQL statement on the store, as another program would (then close it)."""

    def harm(path):
        db = sqlite3.connect(path, isolation_level=None)
        db.execute(statement)
        db.close()

    return harm


def corrupt_a_page(path):
    """Overwrite the page that holds the articles table with garbage, leaving the file's header intact."""
    db = sqlite3.connect(path)
    page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xde\xad" * (size // 2))


DAMAGES = {
    "corrupt-page": (
        corrupt_a_page,
        r"the Borderwatch store is damaged \((quick_check: .*|database disk image is malformed)\); nothing was written to it\. Restore it from a backup",
    ),
    "dropped-table": (changed_outside("DROP TABLE corrections"), r"the Borderwatch store is damaged \(table corrections missing\)"),
    "bad-json": (
        changed_outside("UPDATE reports SET record = '{\"id\": ' WHERE id = 1"),
        r"the Borderwatch store is damaged \(reports row 1 is not valid JSON \(",
    ),
    "json-not-a-record": (
        changed_outside("UPDATE reports SET record = '[1, 2]' WHERE id = 2"),
        r"the Borderwatch store is damaged \(the record of reports row 2 is incomplete \(TypeError: a JSON list, not an object\)\)",
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_store_is_named_for_what_it_is_and_never_written(tmp_path, seed_path, capsys, damage):
    from geo.cli import main

    home = tmp_path / "home"
    with Store(home) as store:
        ingest(store, [seed_path])
    harm, message = DAMAGES[damage]
    harm(home / "borderwatch.sqlite")
    before = snapshot_of(home)
    assert list(before) == ["borderwatch.sqlite"]
    write(tmp_path, "a.txt", SAME_EVENT_A)
    commands = [["list"], ["list", "--json"], ["export", "--out", str(tmp_path / "out"), "--format", "geojson"]]
    if "json" not in damage:  # a record that is not JSON does not keep other articles out
        commands.append(["ingest", str(tmp_path / "a.txt")])
    for command in commands:
        code = main([*command, "--home", str(home)])
        out, err = capsys.readouterr()
        (line,) = [l for l in err.splitlines() if "error: " in l]
        assert code == 2 and out == "" and re.search(message, line), (command, line)
        assert snapshot_of(home) == before, command


@pytest.fixture
def tmpfs(tmp_path):
    """Factory: a small tmpfs mounted in tmp_path (root, or a machine that allows mounting); skips with the reason otherwise."""
    mounted = []

    def mount(size_kb: int):
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(point)], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here to make a full or read-only disk: {result.stderr.strip() or result.returncode}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def remount_read_only(point):
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True, capture_output=True)


def test_a_store_on_a_read_only_disk_can_be_listed_and_says_why_it_cannot_be_written(tmp_path, tmpfs, seed_path):
    disk = tmpfs(4096)
    with Store(disk / "home") as store:
        ingest(store, [seed_path])
    remount_read_only(disk)
    with Store(disk / "home") as store:
        assert [e.record["admin1"] for e in store.events()] == ["Khatlon", "Gorno-Badakhshan"]
        with pytest.raises(StoreError, match=r"is read-only \(.*is on a disk mounted read-only\): the store is intact and can be listed and exported; to add articles or corrections, copy .* to a writable disk and give that --home"):
            add_article(store, Article(SAME_EVENT_A, "a.txt"))
    env = {**os.environ, "BORDERWATCH_HOME": str(disk / "home")}
    listed = subprocess.run([sys.executable, "-m", "geo", "list"], env=env, capture_output=True, text=True)
    assert listed.returncode == 0 and "Khatlon" in listed.stdout
    with pytest.raises(StoreError, match=r"cannot create the store folder .*new: the disk is read-only; choose another with --home"):
        Store(disk / "new")


def fill(folder):
    """Fill the disk of ``folder`` with one file, to the last byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


def test_a_new_store_on_a_full_disk_says_the_disk_is_full(tmpfs):
    disk = tmpfs(256)
    (disk / "home").mkdir()
    fill(disk)
    with pytest.raises(StoreError, match=r"the disk is full \(no space left for the store in .*home\); nothing of this change was stored; free some space or choose another --home"):
        Store(disk / "home")


def test_a_disk_filling_up_during_ingest_stops_it_and_keeps_every_stored_article_whole(tmp_path, tmpfs):
    disk = tmpfs(1024)
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in range(400):
        (folder / f"{seed:03d}.txt").write_text(article(seed) + "Padding. " * 200, encoding="utf-8")
    env = {**os.environ, "BORDERWATCH_HOME": str(disk / "home")}
    result = subprocess.run([*INGEST, str(folder)], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert re.match(r"borderwatch ingest: error: .*borderwatch.sqlite: the disk is full .*\(stopped at file \d+ of 400, .*: \d+ added, 0 already there, 0 rejected before it; run it again once fixed: stored articles are skipped\)$", last), last
    stored = int(re.search(r": (\d+) added", last).group(1))
    assert stored > 0 and assert_consistent(disk / "home")["articles"] == stored


def test_a_bug_in_one_article_does_not_stop_a_folder_ingest(store, tmp_path, monkeypatch):
    import geo.parallel

    real = geo.parallel.analyse
    monkeypatch.setattr(geo.parallel, "analyse", lambda a, **kw: (_ for _ in ()).throw(OverflowError("date value out of range")) if "b.txt" in a.source else real(a, **kw))
    results = ingest(store, [write(tmp_path, "a.txt", SAME_EVENT_A), write(tmp_path, "b.txt", SAME_EVENT_B), write(tmp_path, "c.txt", SAME_EVENT_A + " Later.")])
    assert [r.status for r in results] == ["added", "rejected", "added"]
    assert results[1].message.endswith("b.txt: Borderwatch failed to analyse it (OverflowError: date value out of range); nothing was stored; please report this with the file")
    assert store.counts()["articles"] == 2


# -- merging does not depend on the order reports come in ----------------------------------------------

DAYS = {
    "a.txt": "On November 1, militants from Afghanistan attacked a border post in Farkhor, killing two Tajik border guards.",
    "b.txt": "On November 2, gunmen from Afghanistan attacked a border post near Farkhor, killing three border guards.",
    "c.txt": "On November 3, militants attacked a border post in Farkhor, killing one Tajik border guard.",
}
"""Three reports on three days: the first and the second could be one attack, so could the second and the
third, but not the first and the third (two days apart)."""


def events_of(store):
    """The events as sets of (article file name, killed): what the user sees, whatever the ids."""
    return frozenset(frozenset((s.source_file.rsplit("/", 1)[-1], s.killed) for s in e.sources) for e in store.events())


def ingest_in_order(home, folder, names):
    with Store(home) as store:
        ingest(store, [folder / name for name in names])
        return events_of(store)


def test_three_reports_chained_by_days_give_the_same_events_in_every_order(tmp_path):
    for name, text in DAYS.items():
        write(tmp_path, name, "Border report\nBy Test Desk December 1, 2025\n\n" + text)
    orders = list(itertools.permutations(DAYS))
    results = {order: ingest_in_order(tmp_path / f"home{n}", tmp_path, order) for n, order in enumerate(orders)}
    assert len(set(results.values())) == 1, results
    (events,) = set(results.values())
    assert events == {frozenset({("a.txt", 2), ("b.txt", 3)}), frozenset({("c.txt", 1)})}


@pytest.fixture(scope="module")
def overlapping_articles(tmp_path_factory):
    """Forty generated articles about the same three weeks: many reports could be the same event."""
    folder = tmp_path_factory.mktemp("overlapping")
    for seed in range(40):
        (folder / f"{seed:03d}.txt").write_text(article(seed), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def analysed_once():
    """geo.parallel.analyse with each article analysed once: the property test ingests the same texts many times."""
    import geo.parallel

    cache = {}
    real = geo.parallel.analyse

    def cached(a, **options):
        key = (a.text, a.source, a.published)
        if key not in cache:
            cache[key] = real(a, **options)
        return cache[key]

    return cached


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(40)))
def test_any_ingest_order_gives_the_same_events(tmp_path_factory, overlapping_articles, analysed_once, order):
    from unittest import mock

    files = sorted(overlapping_articles.iterdir())
    with mock.patch("geo.parallel.analyse", analysed_once):
        expected = ingest_in_order(tmp_path_factory.mktemp("sorted"), overlapping_articles, [f.name for f in files])
        assert 5 < len(expected) < 40 and sum(map(len, expected)) == 40  # every article added, many merged
        shuffled = tmp_path_factory.mktemp("shuffled")
        with Store(shuffled) as store:
            for index in order:
                ingest(store, [files[index]])
            assert events_of(store) == expected
            assert stored_partition(store.connection) == grouped_partition(store.connection)


def test_every_two_reports_of_an_event_are_the_same_event(overlapping_articles, tmp_path):
    from geo.store import same_event_reason

    with Store(tmp_path) as store:
        ingest(store, [overlapping_articles])
        events = store.events()
        records = {report_id: item.as_json() for report_id, item in store.reports().items()}
    assert 5 < len(events) < 40
    for event in events:
        for a, b in itertools.combinations(event.sources, 2):
            assert same_event_reason(records[a.report_id], records[b.report_id]), (a, b)


def test_two_processes_ingesting_in_opposite_orders_give_the_events_of_one_sequential_run(tmp_path, overlapping_articles):
    files = sorted(map(str, overlapping_articles.iterdir()))
    env = {**os.environ, "BORDERWATCH_HOME": str(tmp_path / "together")}
    first = subprocess.Popen([*INGEST, *files], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen([*INGEST, *reversed(files)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    errors = [p.communicate()[1] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], errors
    with Store(tmp_path / "together") as together:
        concurrent = events_of(together)
    assert concurrent == ingest_in_order(tmp_path / "alone", overlapping_articles, [Path(f).name for f in files])


def test_a_split_report_stays_apart_when_more_reports_come(store, tmp_path):
    ingest(store, [write(tmp_path, "a.txt", SAME_EVENT_A), write(tmp_path, "b.txt", SAME_EVENT_B)])
    (event,) = store.events()
    store.split(event.sources[1].report_id)
    ingest(store, [write(tmp_path, "c.txt", SAME_EVENT_A.replace("killing three", "killing five"))])
    assert events_of(store) == {frozenset({("a.txt", 3), ("c.txt", 5)}), frozenset({("b.txt", 4)})}


def test_a_list_of_places_is_refused_before_any_incident_is_read_from_it(store, tmp_path, monkeypatch):
    import geo.pipeline

    monkeypatch.setattr(geo.pipeline, "extract_incidents", lambda *a: pytest.fail("incidents read from a list of places"))
    (result,) = ingest(store, [write(tmp_path, "places.txt", "On November 26 a drone attack hit Khorog and Kulob. " * 1100)])
    assert result.status == "rejected" and f"names 2,200 places, over the limit of {MAX_MENTIONS:,}" in result.message
