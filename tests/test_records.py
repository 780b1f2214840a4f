"""One domain model end to end: what the pipeline makes is what the store gives back, lists, shows and exports.

For the seed and every corpus article: `incidents --json`, then `ingest` and `list --json` into a store of its
own, the incident card's data and the GeoJSON and CSV exports must agree field by field (the only difference
allowed is the id: a stored incident is "event-N"). The GeoPackage and HTML exports are compared on the seed and
every fifth corpus article (they take a fraction of a second each). A correction, then a restart of the store,
must show the same corrected values everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from dataclasses import fields, replace
from html import escape
from pathlib import Path

import pyogrio
import pytest

from geo.app import views
from geo.cli import main
from geo.export import export_bytes
from geo.gazetteer import load_gazetteer
from geo.locate import LocatedIncident
from geo.model import Place
from geo.pipeline import Analysis, analyse_file
from geo.records import located_from_record, located_record, mention_from_record, mention_record, place_from_record, place_record
from geo.export.snapshot import Snapshot, store_snapshot
from geo.store import Event, Store, add_article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
SEED = ROOT / "seeds" / "000_5900aaeb977870d1.txt"
ARTICLES = [SEED, *CORPUS]
SLOW_FORMATS_EVERY = 5
"""The GeoPackage and HTML exports are compared on the seed and every fifth corpus article."""
NOW = dt.datetime(2025, 12, 2, 10, 0, tzinfo=dt.timezone.utc)


def article_id(path: Path) -> str:
    return path.stem


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """`python -m geo ARGV` in this process (the command line's own code); its stdout, after exit code 0."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


# -- the records themselves ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Analysis:
    return analyse_file(SEED)


def test_a_located_incident_round_trips_exactly(seed: Analysis) -> None:
    for item in seed.incidents:
        record = json.loads(json.dumps(located_record(item)))
        assert located_from_record(record, item.placement.area if item.placement else None) == item
    unplaced = replace(seed.incidents[0], placement=None)
    assert located_from_record(json.loads(json.dumps(located_record(unplaced))), None) == unplaced


def test_a_place_record_holds_every_field_of_a_place(seed: Analysis) -> None:
    place = next(m.place for m in seed.mentions if m.place is not None and m.place.bbox is not None)
    assert list(place_record(place)) == [f.name for f in fields(Place)]


def test_mentions_and_places_round_trip_exactly(seed: Analysis) -> None:
    for mention in seed.mentions:
        assert mention_from_record(json.loads(json.dumps(mention_record(mention)))) == mention
        for place in (mention.place, mention.within, *mention.candidates):
            if place is not None:
                assert place_from_record(json.loads(json.dumps(place_record(place)))) == place


def test_one_read_shares_one_object_per_place_and_changes_no_value(seed: Analysis) -> None:
    records = [json.loads(json.dumps(mention_record(m))) for m in seed.mentions]
    places: dict = {}
    shared = [mention_from_record(r, places) for r in records]
    assert shared == [mention_from_record(r) for r in records] == list(seed.mentions)
    named = [m.place for m in shared if m.place is not None]
    assert len({id(p) for p in named}) == len(set(named)) < len(named)  # the seed names Khatlon more than once
    moved = dict(records[0]["place"], lat=0.0)  # a record of the same id with another field is another place
    assert place_from_record(moved, places) != place_from_record(records[0]["place"], places)


def test_a_placed_record_without_its_area_is_refused_not_made_up(seed: Analysis) -> None:
    with pytest.raises(ValueError, match="a placed incident without its uncertainty area"):
        located_from_record(located_record(seed.incidents[0]), None)


def test_the_store_gives_back_the_pipelines_objects(seed: Analysis, tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        add_article(store, seed.article)
    with Store(tmp_path) as store:  # a restart
        assert list(store.reports().values()) == list(seed.incidents)
        assert store.mentions() == list(seed.mentions)
        for event in store.events():
            (source,) = event.sources
            original = seed.incidents[source.report_id - 1]
            assert event.located == replace(original, incident=replace(original.incident, id=f"event-{event.id}"))


def test_a_schema_1_store_is_read_without_made_up_values(seed: Analysis, tmp_path: Path) -> None:
    """A store of schema 1 kept only the contract records: they are read as they are, None where nothing was kept."""
    with Store(tmp_path) as store:
        add_article(store, seed.article)
    with sqlite3.connect(tmp_path / "borderwatch.sqlite") as db:
        for report_id, item in enumerate(seed.incidents, start=1):
            db.execute("UPDATE reports SET record = ? WHERE id = ?", (json.dumps(item.as_json()), report_id))
        for mention_id, mention in enumerate(seed.mentions, start=1):
            db.execute("UPDATE mentions SET record = ? WHERE id = ?", (json.dumps(mention.as_json()), mention_id))
        db.execute("PRAGMA user_version = 1")
    with Store(tmp_path) as store:
        assert store.schema_version() == 3
        for stored, original in zip(store.reports().values(), seed.incidents):
            assert stored.as_json() == original.as_json()
            assert stored.placement == original.placement  # the area, the distance and the precision as stored
            assert stored.incident.target is None  # the mention was not kept: nothing stands in for it
        assert [m.as_json() for m in store.mentions()] == [m.as_json() for m in seed.mentions]


# -- the same incidents everywhere -------------------------------------------------------------------------


def without_id(record: dict, *keys: str) -> dict:
    return {k: v for k, v in record.items() if k not in ("id", *keys)}


def assert_same_fields(got: dict, expected: dict, where: str) -> None:
    assert got.keys() == expected.keys(), where
    for field in expected:
        assert got[field] == expected[field], f"{where}: field {field!r}: {got[field]!r} != {expected[field]!r}"


def pipeline_for(events: list[Event], records: list[dict], analysis: Analysis) -> list[tuple[Event, LocatedIncident, dict]]:
    """Each stored event with the pipeline's incident it was stored from, and that incident's `incidents --json` record."""
    pairs = []
    for event in events:
        (source,) = event.sources  # one article per store: no event merges two of its incidents
        index = source.report_id - 1
        pairs.append((event, analysis.incidents[index], records[index]))
    return pairs


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def gpkg_rows(data: bytes, tmp_path: Path, name: str) -> list[dict]:
    path = tmp_path / f"{name}.gpkg"
    path.write_bytes(data)
    frame = pyogrio.read_dataframe(path, layer="incidents")
    return [{k: (None if v != v else v) for k, v in row.items() if k != "geometry"} | {"geometry": row["geometry"].wkt if row["geometry"] is not None else None}
            for row in frame.to_dict("records")]


@pytest.mark.parametrize("path", ARTICLES, ids=article_id)
def test_one_incident_record_from_pipeline_to_every_export(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = json.loads(run(capsys, "incidents", str(path), "--json"))
    analysis = analyse_file(path)
    assert records == [i.as_json() for i in analysis.incidents]
    home = tmp_path / "home"
    run(capsys, "ingest", str(path), "--home", str(home))
    listed = json.loads(run(capsys, "list", "--json", "--home", str(home)))
    with Store(home) as store:
        events = store.events()
        stored = store_snapshot(store).with_time(NOW)
    assert len(events) == len(records) == len(listed)
    pairs = pipeline_for(events, records, analysis)
    ids = {item.incident.id: f"event-{event.id}" for event, item, _ in pairs}
    for (event, item, record), entry in zip(pairs, listed):
        where = f"{path.name} {item.incident.id}"
        assert entry["id"] == f"event-{event.id}" and entry["corrected"] == []
        assert_same_fields(without_id(entry, "casualties", "corrected", "sources"), without_id(record), f"list --json of {where}")
        assert_same_fields(without_id(event.record), without_id(record), f"Store.events() of {where}")
        card, expected_card = dict(views.card_fields(event.located, event.casualties, event.corrected)), dict(views.card_fields(item))
        assert card.pop("Incident id") == f"event-{event.id}" and expected_card.pop("Incident id") == item.incident.id
        assert_same_fields(card, expected_card, f"card of {where}")

    # The pipeline's snapshot, in the store's order (by date), against the store's: every format, field by field.
    ordered = tuple(item for _, item, _ in pairs)
    expected = Snapshot(incidents=ordered, mentions=analysis.mentions, articles=(analysis.article,)).with_time(NOW)
    got_features = json.loads(export_bytes(stored, "geojson"))["features"]
    expected_features = json.loads(export_bytes(expected, "geojson"))["features"]
    assert len(got_features) == len(expected_features)
    for got, want in zip(got_features, expected_features):
        if want["properties"].get("layer") == "incident":
            assert got["id"] == ids[want["id"]] == got["properties"]["id"]
            assert got["geometry"] == want["geometry"]
            assert_same_fields(without_id(got["properties"]), without_id(want["properties"]), f"GeoJSON of {path.name} {want['id']}")
        else:
            assert got == want
    for got, want in zip(csv_rows(export_bytes(stored, "csv")), csv_rows(export_bytes(expected, "csv")), strict=True):
        assert got["event_id_cnty"] == ids[want["event_id_cnty"]]
        assert_same_fields(without_id(got, "event_id_cnty"), without_id(want, "event_id_cnty"), f"CSV of {path.name} {want['event_id_cnty']}")
    if path != SEED and CORPUS.index(path) % SLOW_FORMATS_EVERY:
        return
    got_rows, want_rows = gpkg_rows(export_bytes(stored, "gpkg"), tmp_path, "store"), gpkg_rows(export_bytes(expected, "gpkg"), tmp_path, "pipeline")
    for got, want in zip(got_rows, want_rows, strict=True):
        assert got["id"] == ids[want["id"]]
        assert_same_fields(without_id(got), without_id(want), f"GeoPackage of {path.name} {want['id']}")
    html = export_bytes(expected, "html").decode("utf-8")
    for old, new in sorted(ids.items(), key=lambda pair: -len(pair[0])):
        html = html.replace(old, new)
    assert export_bytes(stored, "html").decode("utf-8") == html


# -- after a correction and a restart ----------------------------------------------------------------------

DISTRICT_ARTICLE = ROOT / "tests" / "corpus" / "tjaf-2015-hamadoni-panj.txt"


def district(name: str):
    return next(c.place for c in load_gazetteer().candidates(name) if c.place.kind == "admin2")


def town(name: str):
    return next(c.place for c in load_gazetteer().candidates(name) if c.place.kind == "populated place")


@pytest.mark.parametrize(
    ("choose", "admin2", "precision"),
    [
        (lambda: district("Farkhor"), "Farkhor", 2),  # a district chosen: it is the district everywhere
        (lambda: town("Khorog"), None, 1),  # a town chosen: the article's district no longer applies anywhere
    ],
    ids=["district", "town"],
)
def test_a_corrected_place_is_the_same_everywhere_after_a_restart(choose, admin2, precision, tmp_path: Path, capsys) -> None:
    place = choose()
    home = tmp_path / "home"
    run(capsys, "ingest", str(SEED), str(DISTRICT_ARTICLE), "--home", str(home))
    with Store(home) as store:
        event = store.events()[0]
        store.correct(event.id, "place", place.id)
        store.correct(event.id, "killed", 9)
    with Store(home) as store:  # a restart
        (corrected,) = [e for e in store.events() if e.id == event.id]
        snapshot = store_snapshot(store).with_time(NOW)
    item, record = corrected.located, corrected.record
    assert (item.placement.admin2, item.placement.geo_precision, item.incident.killed) == (admin2, precision, 9)
    assert (item.placement.latitude, item.placement.longitude) == (round(place.lat, 5), round(place.lon, 5))
    assert item.placement.area.contains(item.placement.area.centroid) and item.placement.area.area > 0
    (listed,) = [e for e in json.loads(run(capsys, "list", "--json", "--home", str(home))) if e["id"] == record["id"]]
    assert_same_fields(without_id(listed, "casualties", "corrected", "sources"), without_id(record), "list --json")
    assert listed["corrected"] == ["killed", "place"] and listed["admin2"] == admin2
    card = dict(views.card_fields(item, corrected.casualties, corrected.corrected))
    assert card["Place"] == ", ".join(x for x in (admin2, record["admin1"], record["country"]) if x) + " (corrected)"
    assert card["Killed"].startswith("9 ")
    (feature,) = [f for f in json.loads(export_bytes(snapshot, "geojson"))["features"] if f["id"] == record["id"]]
    assert_same_fields(without_id({**feature["properties"]}, "layer"), without_id(record), "GeoJSON")
    (row,) = [r for r in csv_rows(export_bytes(snapshot, "csv")) if r["event_id_cnty"] == record["id"]]
    assert (row["admin2"], row["geo_precision"], row["killed"]) == (admin2 or "", str(precision), "9")
    assert row["location"] == place.name  # the place the analyst chose, not the one the article named
    (gpkg,) = [r for r in gpkg_rows(export_bytes(snapshot, "gpkg"), tmp_path, "corrected") if r["id"] == record["id"]]
    assert (gpkg["admin2"], gpkg["geo_precision"], gpkg["killed"]) == (admin2, precision, 9)
    assert f"<b>Where:</b> {escape(record['precision_note'])}" in export_bytes(snapshot, "html").decode("utf-8")  # the popup
