"""Tests for geo.cli: the JSON contracts, and one-line errors with exit code 2."""

import json
import os
import subprocess
import sys
import urllib.request

import pytest

from browser import StreamlitServer, free_port, wait_until_healthy
from geo.assets import PROJECT_ROOT
from geo.cli import main

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
