"""Tests for geo.store.ingestion: tables of articles, analysis on a local Dask cluster, and the bad inputs of `ingest`."""

import json
import re
import socket
import subprocess
import sys

import pytest

from geo.store import Store, ingest
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
        (["--scheduler", f"tcp://127.0.0.1:{closed_port()}"], r"tcp://127\.0\.0\.1:\d+"),
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
