"""Tests for geo.cli: the JSON contracts, and one-line errors with exit code 2."""

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from browser import StreamlitServer, free_port, wait_until_healthy
from geo.paths import PROJECT_ROOT
from geo.cli import main
from geo.store import Store

TOPONYM_FIELDS = {"text", "start", "end", "name", "kind", "country", "admin1", "lat", "lon", "score", "source"}
INCIDENT_FIELDS = set(
    "id date date_precision event_type sub_event_type country admin1 admin2 location_text latitude longitude "
    "geo_precision origin_country origin_admin1 killed wounded victims perpetrators distance_to_border_km quote source_file".split()
)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_toponyms_json_contract(capsys, seed_path, seed_article):
    code, out, err = run(capsys, "toponyms", str(seed_path), "--json")
    records = json.loads(out)
    assert code == 0 and err == ""
    assert all(TOPONYM_FIELDS <= set(r) for r in records)
    assert all(seed_article.text[r["start"] : r["end"]] == r["text"] for r in records)
    assert {r["name"] for r in records} >= {"Dushanbe", "Badakhshan", "Khatlon", "Gorno-Badakhshan", "Kabul", "Moscow"}


def test_toponyms_geojson_gives_every_resolved_place_a_point_and_areas_their_bbox(capsys, tmp_path):
    article = tmp_path / "kok-tash.txt"
    article.write_text("Clash near Kok-Tash\n\nGuards fired on Thursday near the Kyrgyz village of Kok-Tash in Kyrgyzstan's Batken region.", encoding="utf-8")
    code, out, err = run(capsys, "toponyms", str(article), "--geojson")
    collection = json.loads(out)
    assert code == 0 and err == "" and collection["type"] == "FeatureCollection"
    by_text = {f["properties"]["text"]: f for f in collection["features"]}
    assert by_text["Kok-Tash"]["geometry"] is None and by_text["Kok-Tash"]["properties"]["within"]["name"] == "Batken"
    batken = by_text["Batken region"]
    assert batken["geometry"]["type"] == "Point" and batken["properties"]["kind"] == "admin1" and len(batken["bbox"]) == 4


def test_incidents_json_contract(capsys, seed_path):
    code, out, _ = run(capsys, "incidents", str(seed_path), "--json")
    records = json.loads(out)
    assert code == 0 and len(records) == 2
    assert all(INCIDENT_FIELDS <= set(r) for r in records)
    assert [(r["admin1"], r["killed"], r["wounded"]) for r in records] == [("Khatlon", 3, 1), ("Gorno-Badakhshan", 2, 2)]


def test_incidents_geojson_is_rfc7946(capsys, seed_path):
    code, out, _ = run(capsys, "incidents", str(seed_path), "--geojson")
    collection = json.loads(out)
    assert code == 0 and collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["type"] == "Feature" and 60 < lon < 75 and 35 < lat < 40
        assert INCIDENT_FIELDS <= set(feature["properties"])


def test_published_option_moves_relative_dates(capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Yesterday a drone attack hit a camp in Khatlon, killing two workers.", encoding="utf-8")
    code, out, _ = run(capsys, "incidents", str(article), "--published", "2025-06-10", "--json")
    assert code == 0 and json.loads(out)[0]["date"] == "2025-06-09"


def test_article_without_incidents_prints_an_empty_list(capsys, tmp_path):
    article = tmp_path / "calm.txt"
    article.write_text("Dushanbe hosted a trade fair.", encoding="utf-8")
    assert run(capsys, "incidents", str(article), "--json")[:2] == (0, "[]\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"", "the article is empty"), (b"\x00\x01\x02binary", "binary data"), (b"caf\xe9", "not UTF-8 text")],
    ids=["missing", "empty", "binary", "latin-1"],
)
@pytest.mark.parametrize("command", ["toponyms", "incidents"])
def test_bad_files_give_one_line_and_exit_code_2(capsys, tmp_path, command, content, message):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, command, str(path), "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"article.txt: {message}" in err


def test_bad_date_is_a_usage_error_with_exit_code_2(seed_path):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "incidents", str(seed_path), "--published", "2025-13-01"], capture_output=True, text=True
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "borderwatch incidents: error: argument --published: '2025-13-01' is not a date; use YYYY-MM-DD, e.g. 2025-12-02 (see --help)\n"


def test_dashboard_command_warms_up_and_serves_the_app(vendor_assets, tmp_path):
    """`python -m geo dashboard`, the README's first command after setup: a server with the app and its local assets."""
    port = free_port()
    log_path = tmp_path / "dashboard.log"
    env = {**os.environ, "BORDERWATCH_HOME": str(tmp_path / "home")}
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "geo", "dashboard", "--port", str(port)], env=env, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = StreamlitServer(script=PROJECT_ROOT / "dashboard.py", port=port, process=process, log_path=log_path)
    try:
        wait_until_healthy(server, timeout=60)
        with Store(tmp_path / "home") as store:  # warmed up: the seeds were stored before the server listened
            assert store.sources() and all(s.startswith("seeds/") for s in store.sources())
        for path in ("/", "/app/static/vendor/leaflet/dist/leaflet.js"):
            with urllib.request.urlopen(server.url + path, timeout=10) as response:
                assert response.status == 200, path
    finally:
        server.stop()
    with pytest.raises(OSError):  # stopping the command stopped the server: nothing is left serving
        urllib.request.urlopen(server.url + "/_stcore/health", timeout=5)
    log = log_path.read_text(encoding="utf-8")
    assert f"serving http://127.0.0.1:{port}" in log
    assert "Traceback" not in log and "ScriptRunContext" not in log, log  # nothing of Streamlit's loaded before it started


# -- the bad-input matrix: every bad input is one line on stderr, nothing on stdout, exit code 2 ---------

DRONE = b"Yesterday a drone attack from Afghanistan hit a camp in Khatlon, killing two workers.\n"
BAD_INPUTS = {
    "missing": (None, "no such file"),
    "empty": (b"", "the article is empty"),
    "binary": (b"\x00\x01\x02binary", "binary data (NUL bytes)"),
    "late-nul": (DRONE * 120 + b"\x00", "binary data (NUL bytes)"),
    "latin-1": (b"caf\xe9", "not UTF-8 text"),
    "too-large": (b"a" * 2_000_001, "2,000,001 bytes is over the limit of 2,000,000 bytes"),
    "unreadable": ("unreadable", "permission denied; make the file readable"),
    "folder": ("folder", "not a file but a folder"),
    "fifo": ("fifo", "not a file but a named pipe (FIFO)"),
    "link-loop": ("loop", "a loop of symbolic links"),
    "proc-mem": ("/proc/self/mem", "a special file of the system (/proc)"),
    "year-one-date-line": (b"Border news\nJanuary 1, 0001\n\n" + DRONE, "publication date 0001-01-01 is impossible"),
    "future-date-line": (b"Border news\nDecember 31, 9999\n\n" + DRONE, "publication date 9999-12-31 is impossible"),
    "line-break-in-name": ("newline", "the article is empty"),
}


def make_bad_input(kind, tmp_path, unreadable_file):
    content, _ = BAD_INPUTS[kind]
    path = tmp_path / "article.txt"
    if content is None:
        return path
    if content == "unreadable":
        return unreadable_file(path, DRONE)
    if content == "folder":
        path.mkdir()
    elif content == "fifo":
        os.mkfifo(path)
    elif content == "loop":
        path.symlink_to(tmp_path / "other.link")
        (tmp_path / "other.link").symlink_to(path)
    elif content == "newline":
        path = tmp_path / "article\n.txt"
        path.write_bytes(b"")
    elif isinstance(content, str):
        return Path(content)
    else:
        path.write_bytes(content)
    return path


def one_line_error(command, err):
    assert err.startswith(f"borderwatch {command}: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["toponyms", "incidents"])
def test_bad_input_matrix_one_line_and_exit_code_2(capsys, tmp_path, unreadable_file, command, kind):
    path = make_bad_input(kind, tmp_path, unreadable_file)
    message = BAD_INPUTS[kind][1]
    if command == "toponyms" and "publication date" in message:
        message = ""  # toponyms reads no dates: the article is fine for it
    code, out, err = run(capsys, command, str(path), "--json")
    if not message:
        assert code == 0 and err == ""
        return
    assert (code, out) == (2, "")
    assert message in one_line_error(command, err)


@pytest.mark.parametrize("kind", sorted(set(BAD_INPUTS) - {"folder"}))  # a folder named x.txt is ingested as a folder
def test_bad_input_in_a_folder_ingest_is_reported_and_skipped(capsys, tmp_path, unreadable_file, kind, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zz-good.txt").write_bytes(seed_path.read_bytes())
    bad = make_bad_input(kind, folder, unreadable_file)
    listed = bad.parent == folder and (bad.exists() or bad.is_symlink())  # else (missing, /proc) it is given by name
    given = [str(folder)] if listed else [str(bad), str(folder)]
    code, out, err = run(capsys, "ingest", *given, "--home", str(tmp_path / "home"))
    lines = err.splitlines()
    (rejected,) = [line for line in lines if ": rejected: " in line]
    assert BAD_INPUTS[kind][1] in rejected
    assert any(line.endswith("zz-good.txt: added: 2 incidents") for line in lines)
    assert lines[-1].startswith("2 file(s): 1 added, 0 already there, 1 rejected")
    assert (code, out) == (2, "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--published", "0001-01-01"], "argument --published: publication date 0001-01-01 is impossible"),
        (["--published", "9999-12-31"], "argument --published: publication date 9999-12-31 is impossible"),
        (["--published", "1989-12-31"], "argument --published: publication date 1989-12-31 is impossible"),
    ],
)
def test_incidents_and_ingest_share_one_publication_rule(capsys, tmp_path, argv, message):
    article = tmp_path / "a.txt"
    article.write_bytes(DRONE)
    with pytest.raises(SystemExit) as exited:
        main(["incidents", str(article), *argv, "--json"])
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == ""
    assert message in one_line_error("incidents", err)
    assert "give the date the article was published, 1990-01-01 to " in err


def test_the_date_line_rule_is_the_same_for_incidents_and_ingest(capsys, tmp_path):
    article = tmp_path / "old.txt"
    article.write_bytes(b"Border news\nJanuary 1, 0001\n\n" + DRONE)
    code, out, err = run(capsys, "incidents", str(article))
    refused = one_line_error("incidents", err).split("error: ", 1)[1]
    assert code == 2 and refused.startswith(f"{article}: publication date 0001-01-01 is impossible (after ")
    code, _, err = run(capsys, "ingest", str(article), "--home", str(tmp_path / "home"))
    assert code == 2 and f"rejected: {refused.rstrip()}" in err


@pytest.mark.parametrize(
    "argv",
    [["toponyms", "{seed}", "--json"], ["incidents", "{seed}", "--json"], ["incidents", "{seed}", "--geojson"], ["list", "--json"]],
    ids=["toponyms", "incidents", "geojson", "list"],
)
def test_output_cut_short_by_the_reader_is_a_quiet_exit(tmp_path, seed_path, argv):
    env = {**os.environ, "BORDERWATCH_HOME": str(tmp_path / "home")}
    if argv[0] == "list":
        subprocess.run([sys.executable, "-m", "geo", "ingest", str(seed_path)], env=env, capture_output=True, check=True)
    command = " ".join([sys.executable, "-m", "geo", *(a.format(seed=seed_path) for a in argv)]) + " | head -c 1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], env=env, capture_output=True, text=True)
    assert result.stdout in ("[", "{") and result.stderr == ""


def test_every_command_and_option_has_help_text() -> None:
    from geo.cli import build_parser

    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert commands.choices, "no commands"
    helps = {c.dest: c.help for c in commands._choices_actions}
    for name, sub in commands.choices.items():
        assert helps.get(name), f"command {name!r} has no help text"
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"{name} {'/'.join(action.option_strings) or action.dest}: no help text"
