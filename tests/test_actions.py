"""Tests for geo.app.actions: each dashboard action is one library call that reports what it did."""

import datetime as dt
import re
from pathlib import Path

import pytest

from articles import ATTACK_A, ATTACK_B
from geo.app import actions
from geo.store import Store


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def test_a_pasted_article_is_stored_under_a_new_name(home: Path) -> None:
    outcome = actions.add_article(home, text=ATTACK_A, published=dt.date(2025, 12, 1))
    assert (outcome.kind, outcome.message, outcome.source) == ("success", "Added pasted-1.txt: 1 incident", "pasted-1.txt")
    second = actions.add_article(home, text=ATTACK_B, published=dt.date(2025, 12, 2))
    assert second.source == "pasted-2.txt"
    with Store(home) as store:
        assert store.sources() == ["pasted-1.txt", "pasted-2.txt"]
        assert [a.published for a in store.stored_articles()] == [dt.date(2025, 12, 1), dt.date(2025, 12, 2)]


def test_a_stored_text_is_found_by_its_hash_before_any_analysis(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    actions.add_article(home, text=ATTACK_A, published=dt.date(2025, 12, 1))
    monkeypatch.setattr(actions, "analyse_for_store", lambda article: pytest.fail("a stored text was analysed again"))
    monkeypatch.setattr(Store, "stored_articles", lambda self: pytest.fail("every stored text was read to find a duplicate"))
    outcome = actions.add_article(home, text=ATTACK_A)
    assert (outcome.kind, outcome.message, outcome.source) == ("info", "pasted-1.txt has the same text; nothing added", None)
    with Store(home) as store:
        assert store.counts()["articles"] == 1


def test_an_upload_is_read_as_its_kind(home: Path) -> None:
    outcome = actions.add_article(home, upload_name="report.html", upload=f"<html><p>{ATTACK_A}</p><script>x()</script></html>".encode(),
                                  published=dt.date(2025, 12, 1))
    assert outcome.source == "report.html" and outcome.kind == "success"
    with Store(home) as store:
        (article,) = store.stored_articles()
    assert "x()" not in article.text and article.text.strip() == ATTACK_A.strip()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({}, "no file chosen; choose a .txt, .md or .html file, then press Add"),
     ({"text": "   "}, r"pasted-1\.txt: .*empty"),
     ({"upload_name": "x.txt", "upload": b"\x00\x01"}, r"x\.txt: binary data")],
    ids=["nothing", "blank", "binary"],
)
def test_nothing_to_add_is_an_error_that_changes_nothing(home: Path, kwargs: dict, message: str) -> None:
    outcome = actions.add_article(home, **kwargs)
    assert outcome.kind == "error" and outcome.source is None
    assert re.search(message, outcome.message), outcome.message
    with Store(home) as store:
        assert store.counts()["articles"] == 0


def test_correct_undo_and_split_say_what_they_did(home: Path) -> None:
    actions.add_article(home, text=ATTACK_A, published=dt.date(2025, 12, 1))
    actions.add_article(home, text=ATTACK_B, published=dt.date(2025, 12, 2))
    with Store(home) as store:
        (event,) = store.events()
    assert actions.correct(home, event.id, "killed", 9) == actions.Outcome("success", "Corrected killed")
    assert actions.correct(home, event.id, "place", None).message.startswith("no place chosen")
    bad = actions.correct(home, event.id, "killed", -1)
    assert bad.kind == "error" and "killed -1 is not a count" in bad.message
    with Store(home) as store:
        assert store.event(event.id).located.incident.killed == 9
        (entry,) = store.history(event.id)
    assert actions.undo(home, entry["id"], "killed") == actions.Outcome("success", "Undid the correction of killed")
    source = event.sources[1]
    assert actions.split(home, source.report_id, source.source_file) == actions.Outcome("success", f"{source.source_file} is now an event of its own")
    with Store(home) as store:
        assert len(store.events()) == 2


def test_the_seeds_are_added_once(home: Path, seed_path: Path) -> None:
    root = seed_path.parent.parent
    assert actions.ingest_seeds(home, [seed_path], root) == ()
    assert actions.ingest_seeds(home, [seed_path], root) == ()
    with Store(home) as store:
        assert store.sources() == [seed_path.relative_to(root).as_posix()] and len(store.events()) == 2


def test_the_store_is_read_once_per_version(home: Path, seed_path: Path) -> None:
    root = seed_path.parent.parent
    actions.ingest_seeds(home, [seed_path], root)
    with Store(home) as store:
        version = actions.store_version(store)
    view = actions.read_store(str(home), version)
    assert actions.read_store(str(home), version) is view and len(view.events) == 2
    actions.ingest_seeds(home, [seed_path], root)  # stored already: nothing written, the same version
    with Store(home) as store:
        assert actions.store_version(store) == version
    actions.add_article(home, text=ATTACK_A, published=dt.date(2025, 12, 1))
    with Store(home) as store:
        newer = actions.store_version(store)
    assert newer != version and len(actions.read_store(str(home), newer).events) > len(view.events)


def test_warm_adds_the_seeds_and_reads_the_store_before_the_server_listens(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDERWATCH_HOME", str(home))
    actions.warm()
    with Store(home) as store:
        version, sources = actions.store_version(store), store.sources()
    assert sources and all(s.startswith("seeds/") for s in sources)
    hits = actions.read_store.cache_info().hits
    assert len(actions.read_store(str(home), version).events) >= 2
    assert actions.read_store.cache_info().hits == hits + 1  # warm read it: the first page does not
    from geo.map.layers import static_layer_data, write_static_layers

    misses = static_layer_data.cache_info().misses
    assert all(url.endswith(".geojson") for urls in write_static_layers().values() for url in urls)
    assert static_layer_data.cache_info().misses == misses  # warm made the static layers' shapes: the first page does not


def test_warm_leaves_a_store_it_cannot_read_to_the_page(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home.mkdir()
    (home / "borderwatch.sqlite").write_bytes(b"not a database, " * 64)
    monkeypatch.setenv("BORDERWATCH_HOME", str(home))
    actions.warm()  # no exception: the page shows the store's error
    assert (home / "borderwatch.sqlite").read_bytes() == b"not a database, " * 64
