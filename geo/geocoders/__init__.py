"""Geocoders, each a geopy geocoder: the offline gazetteer (:mod:`geo.gazetteer`, the default) and Nominatim (online, optional)."""

from geo.gazetteer import OfflineGazetteer, load_gazetteer
from geo.geocoders.nominatim import CachedGeocoder, nominatim, resolve_unknown_online

__all__ = ["CachedGeocoder", "OfflineGazetteer", "load_gazetteer", "nominatim", "resolve_unknown_online"]
