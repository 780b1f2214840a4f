"""One Filters for the dashboard, the command line and every export: the exported set is the map's set."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pyogrio
import pytest

from articles import ATTACK_A
from geo.app import views
from geo.errors import UsageError
from geo.export import export_bytes
from geo.filters import Filters, make_filters, options
from geo.locate import LocatedIncident
from geo.pipeline import analyse, analyse_file
from geo.text import Article

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_5900aaeb977870d1.txt"
RECALLED = (
    "On Sunday gunmen from Afghanistan attacked a border post near Panj, killing one guard. "
    "The Taliban denied the reports.\n\n"
    "In November 2024, a similar attack on a Chinese mining camp in Shamsiddin Shohin district killed one worker."
)


@pytest.fixture(scope="module")
def world() -> tuple[list[LocatedIncident], list, dict[str, tuple[str, ...]]]:
    """The seed's incidents, two more articles' (one background, one disputed), an undated copy, and the sources of a merged event."""
    analyses = [
        analyse_file(SEED),
        analyse(Article(ATTACK_A, "farkhor.txt", dt.date(2025, 12, 1))),
        analyse(Article(RECALLED, "recalled.txt", dt.date(2025, 12, 2))),
    ]
    items = [i for a in analyses for i in a.incidents]
    undated = replace(items[0], incident=replace(items[0].incident, id="undated-1", date=None, date_precision=None))
    mentions = [m for a in analyses for m in a.mentions]
    sources = {"farkhor-1": ("farkhor.txt", "other.txt")}  # as if another article had reported it too
    return [*items, undated], mentions, sources


COMBINATIONS = [
    {},
    {"date_range": (dt.date(2025, 11, 27), dt.date(2025, 12, 31))},
    {"date_range": (dt.date(2024, 11, 1), dt.date(2025, 11, 26))},
    {"date_range": (dt.date(2025, 11, 30),)},
    {"event_types": ["Explosions/Remote violence"]},
    {"event_types": ["Battles", "Violence against civilians"], "sides": ["TJ"]},
    {"sides": ["AF"]},
    {"min_casualties": 3},
    {"articles": ["other.txt"]},
    {"articles": ["recalled.txt"], "show_disputed": False},
    {"article_text": " OTHER "},  # a merged event reported by other.txt too
    {"article_text": "recall", "show_background": False},
    {"show_background": False, "min_casualties": 1},
    {"date_range": (dt.date(2025, 11, 1), dt.date(2025, 11, 29)), "event_types": ["Battles"], "show_disputed": False},
]


def exported_ids(snapshot, fmt: str, tmp_path: Path) -> list[str]:
    data = export_bytes(snapshot, fmt)
    if fmt == "geojson":
        return [f["id"] for f in json.loads(data)["features"] if f["properties"].get("layer") == "incident"]
    if fmt == "csv":
        return [row["event_id_cnty"] for row in csv.DictReader(io.StringIO(data.decode("utf-8")))]
    if fmt == "gpkg":
        path = tmp_path / "snapshot.gpkg"
        path.write_bytes(data)
        return list(pyogrio.read_dataframe(path, layer="incidents")["id"])
    if fmt == "manifest":
        return json.loads(data)["incidents"]["ids"]
    html = data.decode("utf-8")
    return list(dict.fromkeys(re.findall(r'data-incident=\\?"([^"\\]+)\\?"', html)))


@pytest.mark.parametrize("kwargs", COMBINATIONS, ids=lambda k: ",".join(k) or "none")
@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg", "html", "manifest"])
def test_the_export_shows_exactly_the_maps_incidents(world, kwargs, fmt, tmp_path: Path) -> None:
    items, mentions, sources = world
    filters = make_filters(options(items, ["seeds/x.txt", "farkhor.txt", "recalled.txt", "other.txt"]), **kwargs)
    on_map = [i.incident.id for i in views.filter_incidents(items, filters, sources)]
    snapshot = views.export_snapshot(items, mentions, filters, sources=sources)
    assert [i.incident.id for i in snapshot.shown] == on_map
    if fmt == "html":
        assert sorted(exported_ids(snapshot, fmt, tmp_path)) == sorted(on_map)
    else:
        assert exported_ids(snapshot, fmt, tmp_path) == on_map


def test_the_combinations_cover_every_filter(world) -> None:
    items, _, sources = world
    seen = {tuple(i.incident.id for i in views.filter_incidents(items, make_filters(options(items), **k), sources)) for k in COMBINATIONS}
    assert len(seen) >= 8  # the combinations are not all the same set


@pytest.mark.parametrize(
    ("bounds", "undated_shown"),
    [((None, None), True), ((dt.date(2025, 11, 27), None), False), ((None, dt.date(2025, 11, 27)), False)],
)
def test_one_rule_for_undated_incidents(world, bounds, undated_shown: bool) -> None:
    """`snapshot --from/--to` (Filters(date_from, date_to)) and the dashboard's narrowed range keep the same incidents."""
    items, _, _ = world
    opts = options(items)
    cli = Filters(*bounds)
    dashboard = make_filters(opts, (bounds[0] or opts.first_date, bounds[1] or opts.last_date))
    assert dashboard == cli
    assert ("undated-1" in [i.incident.id for i in cli.apply(items)]) is undated_shown


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date_from": dt.date(2025, 12, 1), "date_to": dt.date(2025, 11, 1)}, r"date range 2025-12-01 to 2025-11-01 is empty; give a --from date on or before the --to date"),
        ({"event_types": ("Earthquakes",)}, r"unknown event type\(s\) \['Earthquakes'\]; allowed: Battles, "),
        ({"sides": ("UZ",)}, r"unknown side\(s\) \['UZ'\]; allowed: AF, TJ"),
        ({"min_casualties": -1}, r"minimum killed \+ wounded -1; give a whole number ≥ 0"),
    ],
)
def test_bad_filters_are_usage_errors(kwargs, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        Filters(**kwargs)
