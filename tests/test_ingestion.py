"""Tests for geo.store.ingestion: tables and pages, batches, errors on record, analysis on Dask, and kills mid-ingest."""

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from geo.errors import StoreError
from geo.store import Store, add_article, ingest
from geo.synthetic import article

INGEST = [sys.executable, "-m", "geo", "ingest"]
ARTICLES = 500


def store_rows(store: Store) -> dict:
    """Everything a store holds that an ingest decides: articles, mentions, reports, events (ids aside)."""
    return {
        "articles": [(a["source"], a["published"], a["sha256"]) for a in store.articles()],
        "mentions": {source: [m.as_json() for m in mentions] for source, mentions in store.mentions_by_source().items()},
        "reports": sorted(json.dumps(r.as_json(), sort_keys=True) for r in store.reports().values()),
        "events": [json.dumps(e.record, sort_keys=True, default=str) for e in store.events()],
        "counts": store.counts(),
    }


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for seed in range(ARTICLES):
        (folder / f"{seed:04d}.txt").write_text(article(seed), encoding="utf-8")
    return folder


def test_a_two_worker_cluster_gives_exactly_the_store_a_sequential_ingest_gives(tmp_path, many):
    with Store(tmp_path / "one") as one, Store(tmp_path / "two") as two:
        sequential = ingest(one, [many])
        parallel = ingest(two, [many], workers=2)
        assert [r.status for r in sequential] == [r.status for r in parallel] == ["added"] * ARTICLES
        assert store_rows(one) == store_rows(two)


def test_a_table_of_articles_is_stored_row_by_row_and_a_bad_row_is_rejected_alone(tmp_path):
    table = tmp_path / "news.jsonl"
    rows = [{"body": article(1), "date": "2025-12-02"}, {"body": ""}, {"body": article(2), "date": "2025-12-02"}]
    table.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with Store(tmp_path / "home") as store:
        results = ingest(store, [table], columns="text=body,published=date")
        assert [r.status for r in results] == ["added", "rejected", "added"]
        assert results[1].source.endswith("news.jsonl#2") and store.counts()["articles"] == 2
        again = ingest(store, [table], columns="text=body,published=date")
        assert [r.status for r in again] == ["exists", "rejected", "exists"]


def test_a_csv_table_from_the_command_line(tmp_path):
    table = tmp_path / "news.csv"
    table.write_text('body,date\n"' + article(3).replace('"', '""') + '",2025-12-02\n', encoding="utf-8")
    home = tmp_path / "home"
    done = subprocess.run([*INGEST, str(table), "--columns", "text=body,published=date", "--home", str(home)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "news.csv#1: added: 1 incident" in done.stderr


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--workers", "0"], r"'0' is not a number of workers; give a whole number from 1"),
        (["--columns", "body=text"], r"body"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], r"not allowed with argument"),
        (["--scheduler", f"tcp://127.0.0.1:{closed_port()}"], r"scheduler tcp://127\.0\.0\.1:\d+: no Dask scheduler answered within 10 s"),
    ],
    ids=["no-workers", "unknown-column-field", "workers-and-scheduler", "scheduler-that-does-not-answer"],
)
def test_bad_ingest_options_are_one_line_exit_2_and_store_nothing(tmp_path, arguments, message):
    (tmp_path / "a.txt").write_text(article(4), encoding="utf-8")
    home = tmp_path / "home"
    done = subprocess.run([*INGEST, str(tmp_path / "a.txt"), "--home", str(home), *arguments], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert re.search(message, done.stderr.strip().splitlines()[-1]), done.stderr
    assert not (home / "borderwatch.sqlite").exists() or Store(home).counts()["articles"] == 0


# -- batches: one transaction each, an article the store cannot keep refused alone ---------------------------------------


def synthetic_folder(folder, seeds):
    folder.mkdir(exist_ok=True)
    for seed in seeds:
        (folder / f"{seed:04d}.txt").write_text(article(seed), encoding="utf-8")
    return folder


def test_an_article_the_store_cannot_keep_is_refused_alone_and_stored_by_the_next_ingest(tmp_path, monkeypatch):
    import geo.store.database

    folder = synthetic_folder(tmp_path / "articles", range(6))
    real = geo.store.database.located_record
    monkeypatch.setattr(geo.store.database, "located_record", lambda located: (_ for _ in ()).throw(OverflowError("Python int too large to convert to SQLite INTEGER")) if located.incident.source_file.endswith("0003.txt") else real(located))
    with Store(tmp_path / "home") as store:
        first = ingest(store, [folder])
        assert [r.status for r in first] == ["added", "added", "added", "rejected", "added", "added"]  # one batch (COMMIT_FIRST = 8)
        assert re.fullmatch(r".*0003\.txt: the store could not keep it \(OverflowError: Python int too large to convert to SQLite INTEGER\); nothing of it was stored, the other articles were; please report this with the file", first[3].message)
        (error,) = store.ingest_errors()
        assert (error.file, error.row, error.message) == (str(folder / "0003.txt"), None, first[3].message)
        assert store.counts()["articles"] == 5 and store.counts()["reports"] == 5
        monkeypatch.setattr(geo.store.database, "located_record", real)
        again = ingest(store, [folder])
        assert [r.status for r in again] == ["exists"] * 3 + ["added"] + ["exists"] * 2
        assert store.ingest_errors() == [] and store.counts()["articles"] == 6
    with Store(tmp_path / "clean") as clean:
        ingest(clean, [folder])
        assert store_rows(Store(tmp_path / "home"))["reports"] == store_rows(clean)["reports"]


def test_a_batch_whose_merge_fails_on_one_article_is_stored_article_by_article(tmp_path, monkeypatch):
    import geo.store.database

    folder = synthetic_folder(tmp_path / "articles", range(6))
    real = geo.store.database.regroup

    def regroup(db, country, new=None):
        culprit = db.execute("SELECT r.id FROM reports r JOIN articles a ON a.id = r.article_id WHERE a.source LIKE '%0002.txt'").fetchone()
        if culprit and culprit[0] in (new or []):
            raise ValueError("a merge bug")
        real(db, country, new=new)

    monkeypatch.setattr(geo.store.database, "regroup", regroup)
    with Store(tmp_path / "home") as store:
        results = ingest(store, [folder])
        assert [r.status for r in results] == ["added", "added", "rejected", "added", "added", "added"]
        assert "0002.txt: the store could not keep it (ValueError: a merge bug)" in results[2].message
        assert [(e.file, e.row) for e in store.ingest_errors()] == [(str(folder / "0002.txt"), None)]
        assert store.counts()["articles"] == 5


def test_a_store_failure_in_a_batch_rolls_the_whole_batch_back_and_keeps_the_batches_before(tmp_path, monkeypatch):
    import sqlite3

    import geo.store.database

    folder = synthetic_folder(tmp_path / "articles", range(30))
    (folder / "0005.txt").write_bytes(b"")  # rejected: its error row belongs to the first batch, kept with it
    real = geo.store.database.regroup
    calls = []

    def regroup(db, country, new=None):
        calls.append(country)
        if len(calls) == 2:  # the second batch (items 9 to 24)
            raise sqlite3.OperationalError("disk I/O error")
        real(db, country, new=new)

    monkeypatch.setattr(geo.store.database, "regroup", regroup)
    with Store(tmp_path / "home") as store, pytest.raises(StoreError, match=r"SQLite failed \(OperationalError: disk I/O error\); the store is as it was before this change; .* \(stopped at file 9 of 30, .*0008\.txt: 7 added, 0 already there, 1 rejected before it; run it again once fixed: stored articles are skipped\)$"):
        ingest(store, [folder])
    with Store(tmp_path / "home") as store:
        assert store.counts()["articles"] == 7 and [e.file for e in store.ingest_errors()] == [str(folder / "0005.txt")]
        monkeypatch.setattr(geo.store.database, "regroup", real)
        assert Counter(r.status for r in ingest(store, [folder])) == {"exists": 7, "added": 22, "rejected": 1}
        assert store.counts()["articles"] == 29


# -- what ingests could not store: the ingest_errors table -------------------------------------------------------------------


def run_ingest(*arguments, home):
    return subprocess.run([*INGEST, *map(str, arguments), "--home", str(home)], capture_output=True, text=True, timeout=300)


def recorded(home):
    listed = subprocess.run([sys.executable, "-m", "geo", "list", "--errors", "--json", "--home", str(home)], capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    return [(Path(e["source"]).name, e["row"], e["message"]) for e in json.loads(listed.stdout)]


def test_an_item_that_fails_is_on_record_until_an_ingest_stores_it(tmp_path):
    from test_corpus_input import write_csv

    home = tmp_path / "home"
    news, notes = tmp_path / "news.jsonl", tmp_path / "notes.csv"
    news.write_text(json.dumps({"text": article(1)}) + "\n" + json.dumps({"text": ""}) + "\n", encoding="utf-8")
    notes.write_text("body\nOn November 26 a drone attack on a camp in Khatlon killed three workers.\n", encoding="utf-8")
    first = run_ingest(news, notes, home=home)
    assert first.returncode == 2
    assert first.stderr.strip().splitlines()[-1].endswith("1 added, 0 already there, 2 rejected; 1 incident report(s) stored in "
                                                          f"{home / 'borderwatch.sqlite'}; 2 item(s) not stored are on record: python -m geo list --errors")
    assert [(s, r) for s, r, _ in recorded(home)] == [("news.jsonl", 2), ("notes.csv", None)]
    assert "'text' is empty" in recorded(home)[0][2] and "no column 'text'" in recorded(home)[1][2]

    news.write_text(json.dumps({"text": article(1)}) + "\n" + json.dumps({"text": article(2), "published": "yesterday"}) + "\n", encoding="utf-8")
    write_csv(notes, [{"text": article(3)}])
    second = run_ingest(news, notes, home=home)
    assert second.returncode == 2
    (again,) = recorded(home)  # the table is read now: its error is settled; the row failed again: its message replaced
    assert again[:2] == ("news.jsonl", 2) and "'published' is 'yesterday', not a date" in again[2]

    news.write_text(json.dumps({"text": article(1)}) + "\n" + json.dumps({"text": article(2), "published": "2025-12-02"}) + "\n", encoding="utf-8")
    third = run_ingest(news, notes, home=home)
    assert third.returncode == 0 and "on record" not in third.stderr
    assert recorded(home) == []
    with Store(home) as store:
        assert store.counts()["articles"] == 3


# -- inputs through the command line: JSON Lines, CSV, Parquet, web pages, and bad ones ----------------------------------------


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_a_table_of_the_corpus_from_the_command_line_stores_what_its_files_store(tmp_path, kind):
    from test_corpus_input import WRITERS, rows

    table = WRITERS[kind](tmp_path / f"corpus.{kind}", rows(12))
    done = run_ingest(table, "--columns", "text=body", home=tmp_path / "table")
    assert done.returncode == 0, done.stderr
    assert "12 file(s): 12 added, 0 already there, 0 rejected" in done.stderr
    from test_corpus_input import ARTICLES

    with Store(tmp_path / "table") as from_table, Store(tmp_path / "files") as from_files:
        for corpus_article in ARTICLES[:12]:  # the files with their gold publication dates, as the table gives them
            add_article(from_files, corpus_article)
        assert [a["sha256"] for a in from_table.articles()] == [a["sha256"] for a in from_files.articles()]
        assert reports_but_their_source(from_table) == reports_but_their_source(from_files)
        assert [s.rsplit("#", 1)[1] for s in from_table.sources()] == [str(n) for n in range(1, 13)]


def reports_but_their_source(store):
    """The stored reports' records, less what names their source (a file, or a table's row)."""
    return sorted(json.dumps({k: v for k, v in r.as_json().items() if k not in ("id", "source_file")}, sort_keys=True) for r in store.reports().values())


def test_web_pages_are_stored_as_their_main_text_and_every_stored_span_indexes_into_it(tmp_path):
    from test_corpus_input import ARTICLES, page

    from geo.corpus import html_article

    pages = tmp_path / "pages"
    pages.mkdir()
    for index in (0, 5, 11):
        (pages / f"{index:02d}.html").write_text(page(ARTICLES[index].text, "2012-07-25", title="Clashes"), encoding="utf-8")
    done = run_ingest(pages, home=tmp_path / "home")
    assert done.returncode == 0 and "3 added" in done.stderr, done.stderr
    with Store(tmp_path / "home") as store:
        texts = {a["source"]: store.article_text(a["id"]) for a in store.articles()}
        for source, text in texts.items():
            assert text == html_article(Path(source).read_text(encoding="utf-8"), source).text and "<" not in text and "Most read" not in text
        by_source = store.mentions_by_source()
        assert by_source and all(texts[source][m.start : m.end] == m.text for source, mentions in by_source.items() for m in mentions)
        reports = list(store.reports().values())
        assert reports and all(texts[r.incident.source_file][e.start : e.end] == e.quote for r in reports for e in r.incident.evidence)


BAD_TABLES = {
    "no-text-column.jsonl": (b'{"body": "On November 26 a drone attack hit Khatlon."}\n', r"no-text-column\.jsonl: .*'text'"),
    "no-text-column.csv": (b"body,date\nOn November 26 a drone attack hit Khatlon.,2025-12-02\n", r"no-text-column\.csv: .*'text'"),
    "no-text-column.parquet": (None, r"no-text-column\.parquet: .*'text'"),
    "not-parquet.parquet": (b"text\nnot parquet at all\n", r"not-parquet\.parquet: .*(not a Parquet|Parquet)"),
}


@pytest.mark.parametrize("name", sorted(BAD_TABLES))
def test_a_bad_table_is_one_line_exit_2_and_stores_nothing(tmp_path, name):
    from test_corpus_input import write_parquet

    content, message = BAD_TABLES[name]
    if content is None:
        write_parquet(tmp_path / name, [{"body": article(5)}])
    else:
        (tmp_path / name).write_bytes(content)
    done = run_ingest(tmp_path / name, home=tmp_path / "home")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and re.search(message, lines[0]) and ": rejected: " in lines[0], done.stderr
    assert "0 added, 0 already there, 1 rejected" in lines[1]
    with Store(tmp_path / "home") as store:
        assert store.counts()["articles"] == 0 and [e.file for e in store.ingest_errors()] == [str(tmp_path / name)]


# -- killed: the client mid-ingest, a worker mid-batch -------------------------------------------------------------------------


def children(pid):
    """The pids of a process's children (its cluster's workers)."""
    try:
        return [int(c) for t in Path(f"/proc/{pid}/task").iterdir() for c in (t / "children").read_text().split()]
    except OSError:
        return []


def wait_gone(pids, timeout=60.0):
    """Wait for processes to exit; those still there are killed (and reported)."""
    deadline = time.monotonic() + timeout
    left = list(pids)
    while left and time.monotonic() < deadline:
        left = [p for p in left if Path(f"/proc/{p}").exists() and "Z" not in Path(f"/proc/{p}/stat").read_text().split(")")[-1][:3]]
        time.sleep(0.2)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def test_sigkill_of_a_two_worker_ingest_then_a_rerun_finishes_the_job_with_nothing_duplicated(tmp_path):
    from test_store import assert_consistent, wait_until_writing

    count = 1500
    folder = synthetic_folder(tmp_path / "articles", range(count))
    home = tmp_path / "home"
    env = {**os.environ, "BORDERWATCH_HOME": str(home)}
    interrupted, before = 0, 0
    for delay in (0.0, 0.3, 0.8):
        process = subprocess.Popen([*INGEST, str(folder), "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_writing(home, before, timeout=120)
            time.sleep(delay)
            workers = children(process.pid)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        assert wait_gone(workers) == [], "the workers of a killed ingest outlived it"
        after = assert_consistent(home)["articles"]
        interrupted += before < after < count
        before = after
    assert interrupted >= 2, "too few kills landed in the middle of an ingest to prove anything"
    finished = subprocess.run([*INGEST, str(folder), "--workers", "2"], env=env, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert f"{count} file(s): {count - before} added, {before} already there, 0 rejected" in finished.stderr
    with Store(home) as store, Store(tmp_path / "sequential") as sequential:
        assert sorted(store.sources()) == sorted(map(str, folder.iterdir())) and store.counts()["articles"] == count  # each once
        ingest(sequential, [folder])
        mine, theirs = store_rows(store), store_rows(sequential)
        assert sorted(mine["articles"]) == sorted(theirs["articles"]) and mine["mentions"] == theirs["mentions"]
        assert mine["reports"] == theirs["reports"] and store.ingest_errors() == []
    assert_consistent(home)  # events as the stored reports give them, whatever batches they came in


@pytest.fixture(scope="module")
def cluster():
    """A running 2-worker cluster that the command line is pointed at (--scheduler)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR) as c:
        yield c


def test_a_worker_killed_mid_batch_loses_nothing_and_a_rerun_stores_what_it_lost(tmp_path, cluster):
    from distributed import Client

    from test_store import assert_consistent, wait_until_writing

    count = 800
    folder = synthetic_folder(tmp_path / "articles", range(count))
    home = tmp_path / "home"
    with Client(cluster.scheduler_address, timeout=10, set_as_default=False) as client:
        victim = sorted(client.run(os.getpid).values())[0]
        process = subprocess.Popen([*INGEST, str(folder), "--scheduler", cluster.scheduler_address, "--home", str(home)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wait_until_writing(home, 0, timeout=120)
        os.kill(victim, signal.SIGKILL)  # it is analysing a batch: the scheduler gives that batch to the other worker
        errors = process.communicate(timeout=600)[1]
        client.wait_for_workers(2, timeout=60)  # the nanny restarts it
    lost = [line for line in errors.splitlines() if ": rejected: " in line]
    assert all("its analysis was lost on the cluster" in line for line in lost) and len(lost) <= 1, errors
    assert process.returncode == (2 if lost else 0), errors
    assert assert_consistent(home)["articles"] == count - len(lost)
    again = run_ingest(folder, "--scheduler", cluster.scheduler_address, home=home)
    assert again.returncode == 0 and f"{len(lost)} added, {count - len(lost)} already there, 0 rejected" in again.stderr
    with Store(home) as store:
        assert store.counts()["articles"] == count and store.ingest_errors() == []
