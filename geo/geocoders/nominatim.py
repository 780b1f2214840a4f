"""The online geocoder (optional, off by default): geopy's Nominatim behind a rate limit and a disk cache."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.errors import GeocoderError, UsageError
from geo.files import atomic_write_text
from geo.model import Mention, Place
from geo.paths import data_home

__all__ = [
    "CachedGeocoder",
    "USER_AGENT",
    "nominatim",
    "resolve_unknown_online",
]

USER_AGENT = "borderwatch/0.1 (offline border-incident mapper)"


class CachedGeocoder:
    """Any geopy geocoder, at most one request per ``min_delay_seconds``, answers kept on disk.

    A query asked before is answered from the cache without touching the network.
    """

    def __init__(self, geocoder: Geocoder, cache_file: Path, min_delay_seconds: float = 1.0) -> None:
        self.geocoder = geocoder
        self.cache_file = cache_file
        self._limited = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False)
        self._cache: dict[str, dict | None] = self._read_cache()

    def geocode(self, query: str) -> Location | None:
        """The best place for ``query``, or None; :class:`GeocoderError` if the service fails."""
        if query in self._cache:
            return _from_cache(self._cache[query])
        try:
            location = self._limited(query, exactly_one=True)
        except GeopyError as error:
            raise GeocoderError(f"online geocoder failed for {query!r}: {error}; check the URL or work offline") from None
        self._cache[query] = None if location is None else {"address": location.address, "lat": location.latitude, "lon": location.longitude, "raw": location.raw}
        self._write_cache()
        return location

    def _read_cache(self) -> dict[str, dict | None]:
        try:
            return json.loads(self.cache_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def _write_cache(self) -> None:
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.cache_file, json.dumps(self._cache, ensure_ascii=False, sort_keys=True, indent=0))


def _from_cache(entry: dict | None) -> Location | None:
    return None if entry is None else Location(entry["address"], (entry["lat"], entry["lon"]), entry["raw"])


def nominatim(url: str, cache_dir: Path | None = None, min_delay_seconds: float = 1.0, timeout: float = 10.0) -> CachedGeocoder:
    """A cached, rate-limited Nominatim client for the server at ``url`` (e.g. http://127.0.0.1:8080)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{url!r} is not a Nominatim server URL; give one like https://nominatim.openstreetmap.org")
    geocoder = Nominatim(user_agent=USER_AGENT, domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme, timeout=timeout)
    cache_file = (cache_dir or data_home() / "cache") / f"nominatim-{parts.netloc.replace(':', '_')}.json"
    return CachedGeocoder(geocoder, cache_file, min_delay_seconds)


def resolve_unknown_online(mentions: list[Mention], url: str, cache_dir: Path | None = None) -> list[Mention]:
    """Ask a Nominatim server about the mentions the offline gazetteer could not resolve."""
    client = nominatim(url, cache_dir)
    resolved = []
    for mention in mentions:
        location = client.geocode(mention.text) if mention.place is None else None
        resolved.append(mention if location is None else _mention_from(mention, location))
    return resolved


def _mention_from(mention: Mention, location: Location) -> Mention:
    raw = location.raw or {}
    address = raw.get("address", {}) if isinstance(raw.get("address"), dict) else {}
    place = Place(
        id=f"nominatim:{raw.get('osm_type', 'x')}/{raw.get('osm_id', '')}",
        name=raw.get("name") or location.address.split(",")[0],
        kind="populated place",
        country=(address.get("country_code") or "").upper() or "",
        admin1=address.get("state"),
        lat=location.latitude,
        lon=location.longitude,
        population=None,
        source="nominatim",
    )
    return Mention(mention.text, mention.start, mention.end, place, 0.5)
