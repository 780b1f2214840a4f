"""How incidents are shown everywhere (map, card, table, exports): colours, labels, layer order and the words for what is unknown."""

from __future__ import annotations

import math

from geo.locate import LocatedIncident

__all__ = [
    "EVENT_COLOURS",
    "LAYERS",
    "LAYER_TITLES",
    "NOT_STATED",
    "OTHER_COLOUR",
    "PRECISION_NAMES",
    "SIDES",
    "SIDE_NAMES",
    "casualties",
    "count_text",
    "event_colour",
    "marker_size",
    "side",
]

EVENT_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Riots": "#8c564b",
    "Protests": "#2ca02c",
    "Strategic developments": "#7f7f7f",
}
"""One colour per ACLED event type, on markers, areas, arrows and the legend (map, HTML and PNG)."""
OTHER_COLOUR = "#333333"
"""The colour of an event type that has none of its own."""

LAYERS = ("border", "bands", "provinces", "countries", "incidents", "areas", "arrows", "places")
"""Overlay layers by key; each is a FeatureGroup named by :data:`LAYER_TITLES` in the layer control."""
LAYER_TITLES = {
    "border": "Afghan–Tajik border",
    "bands": "Border distance bands (10 / 25 / 50 km)",
    "provinces": "Provinces and regions",
    "countries": "Neighbouring countries and their borders",
    "incidents": "Incidents",
    "areas": "Uncertainty areas",
    "arrows": "Origin → target",
    "places": "Other places named",
}

SIDES = ("AF", "TJ")
"""The two sides of the Afghan–Tajik border, by country code."""
SIDE_NAMES = {"AF": "Afghan side (AF)", "TJ": "Tajik side (TJ)"}
PRECISION_NAMES = {1: "town or site", 2: "district or near a place", 3: "region or country"}
"""ACLED's geo_precision codes in words."""
NOT_STATED = "not stated"
"""What a count, a date or a name the article does not give is shown as (never 0, never blank)."""


def event_colour(event_type: str) -> str:
    """The colour of an event type (:data:`EVENT_COLOURS`, else :data:`OTHER_COLOUR`)."""
    return EVENT_COLOURS.get(event_type, OTHER_COLOUR)


def count_text(value: int | None) -> str:
    """A count as text: the number, or "not stated".

    >>> count_text(0), count_text(None)
    ('0', 'not stated')
    """
    return NOT_STATED if value is None else str(value)


def casualties(item: LocatedIncident) -> int:
    """Killed plus wounded, counting "not stated" as 0: the marker size, the casualty filter and the tallies."""
    return (item.incident.killed or 0) + (item.incident.wounded or 0)


def marker_size(item: LocatedIncident) -> float:
    """The diameter of an incident's marker in pixels: it grows with killed + wounded (20 px for none, at most 46)."""
    return min(46.0, 20 + 6 * math.sqrt(casualties(item)))


def side(item: LocatedIncident) -> str | None:
    """The country whose side of the border the incident is on (AF or TJ), or None if unplaced or elsewhere."""
    country = item.placement.country if item.placement else None
    return country if country in SIDES else None
