"""Tests for geo.geocoders.nominatim: the optional online geocoder, against a Nominatim stand-in on 127.0.0.1."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.errors import GeocoderError, UsageError
from geo.geocoders.nominatim import nominatim, resolve_unknown_online
from geo.toponyms import find_mentions

ANSWERS = {
    "Zorkul Province": [
        {
            "place_id": 1,
            "osm_type": "relation",
            "osm_id": 42,
            "lat": "37.45",
            "lon": "73.70",
            "display_name": "Zorkul, Murghob District, Gorno-Badakhshan, Tajikistan",
            "name": "Zorkul",
            "address": {"state": "Gorno-Badakhshan", "country_code": "tj"},
        }
    ]
}


class _Nominatim(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
        type(self).requests.append(query)
        if query == "boom":
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps(ANSWERS.get(query, [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in():
    _Nominatim.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_unresolved_mentions_are_asked_online_and_cached(stand_in, tmp_path):
    mentions = find_mentions("Shots near Zorkul Province and in Khorog.")
    resolved = resolve_unknown_online(mentions, stand_in, cache_dir=tmp_path)
    zorkul = next(m for m in resolved if m.text == "Zorkul Province")
    assert (zorkul.place.name, zorkul.place.country, zorkul.place.source) == ("Zorkul", "TJ", "nominatim")
    assert _Nominatim.requests == ["Zorkul Province"]  # Khorog was known offline: never sent
    resolve_unknown_online(mentions, stand_in, cache_dir=tmp_path)
    assert _Nominatim.requests == ["Zorkul Province"]  # answered from the disk cache


def test_requests_are_rate_limited(stand_in, tmp_path):
    client = nominatim(stand_in, cache_dir=tmp_path, min_delay_seconds=0.3)
    started = time.monotonic()
    for query in ("a", "b", "c"):
        assert client.geocode(query) is None
    assert time.monotonic() - started >= 0.55


def test_a_failing_server_is_a_clear_error(stand_in, tmp_path):
    client = nominatim(stand_in, cache_dir=tmp_path, min_delay_seconds=0)
    with pytest.raises(GeocoderError, match="online geocoder failed for 'boom'"):
        client.geocode("boom")


@pytest.mark.parametrize("url", ["ftp://example", "nominatim", ""])
def test_bad_url_is_refused(url, tmp_path):
    with pytest.raises(UsageError, match="is not a Nominatim server URL"):
        nominatim(url, cache_dir=tmp_path)
