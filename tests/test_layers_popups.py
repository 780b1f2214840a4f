"""geo.map.layers as the dashboard needs it: inert popups inside JSON rows, a stable page, the selection ring."""

from __future__ import annotations

import datetime as dt
import json
import re

import folium
import pytest

from geo.map.layers import incident_map, popup_html, selection_layer
from geo.map.offline import asset_urls, use_local_assets
from geo.pipeline import analyse
from geo.text import Article

INJECTION = "${alert(1)} `tick` \\` </script> <img src=x onerror=alert(2)>"
TEMPLATE_LITERAL = re.compile(r"\$\(`(.*?)`\)\[0\]", re.DOTALL)
ROWS = re.compile(r"var rows = (\[.*?\]);\n", re.DOTALL)


@pytest.fixture(scope="module")
def hostile():
    text = (
        "On November 22, 2025 gunmen from Afghanistan's Kunduz province opened fire on a border post near Panj, "
        f"killing one Tajik border guard {INJECTION}."
    )
    analysis = analyse(Article(text, "${alert(3)}`.txt", dt.date(2025, 11, 23)))
    assert len(analysis.incidents) == 1
    return analysis


def test_popup_text_cannot_leave_or_run_in_the_template_literal(hostile) -> None:
    html = popup_html(hostile.incidents[0])
    assert "${" not in html and "`" not in html and "\\" not in html
    assert "&#36;{alert(1)}" in html and "&#96;tick&#96;" in html and "&#92;&#96;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html and "&lt;/script&gt;" in html


def marker_rows(page: str) -> tuple[str, list]:
    """The text of the map's marker rows (geo.map.layers.marker_row) and the rows."""
    text = ROWS.search(page).group(1)
    return text, json.loads(text)


def test_rendered_map_keeps_each_popup_inside_its_json_row(hostile) -> None:
    use_local_assets()
    page = incident_map(hostile.incidents, hostile.mentions).get_root().render()
    text, rows = marker_rows(page)
    assert len(rows) == 1
    # Nothing in the rows can close the script or start markup of the article's; every value is a JSON string or number.
    assert "</script" not in text.lower() and "<script" not in text.lower() and "<!--" not in text
    assert "<img" not in text and "`" not in text and "${" not in text
    assert rows[0][8] == popup_html(hostile.incidents[0]) and rows[0][6] == "&#36;{alert(3)}&#96;-1"
    assert "Incident &#36;{alert(3)}&#96;-1" in rows[0][8]
    assert not TEMPLATE_LITERAL.findall(page)  # no popup in a template literal any more


def test_same_incidents_give_the_same_map_script(hostile) -> None:
    from streamlit_folium import _get_map_string

    use_local_assets()
    scripts = []
    for _ in range(2):
        m = incident_map(hostile.incidents, hostile.mentions)
        m.get_root().render()
        scripts.append(_get_map_string(m))
    assert scripts[0] == scripts[1], "st_folium would reload the map on every rerun"


def test_selection_ring_does_not_catch_clicks(hostile) -> None:
    group = selection_layer(hostile.incidents[0])
    rings = list(group._children.values())
    assert len(rings) == 2
    assert all(ring.options["interactive"] is False and ring.options["fill"] is False for ring in rings)
    assert group.control is False


def test_map_links_only_the_assets_it_uses(hostile) -> None:
    use_local_assets()
    html = incident_map(hostile.incidents, hostile.mentions).get_root().render()
    links = " ".join(asset_urls(html))
    for used in ("leaflet.js", "leaflet.css", "jquery", "leaflet.markercluster.js", "Control.FullScreen.js"):
        assert used in links, used
    for unused in ("bootstrap", "fontawesome", "awesome-markers", "glyphicons", "awesome.rotate"):
        assert unused not in links, unused
    assert "L.AwesomeMarkers" not in html and 'class="fa' not in html
    assert {"bootstrap_css", "awesome_markers_font_css"} <= {name for name, _ in folium.Map.default_css}  # shared lists untouched


def test_background_and_disputed_incidents_look_different_and_say_why():
    text = (
        "On Sunday gunmen attacked a border post near Panj, killing one guard. The Taliban denied the reports.\n\n"
        "In November 2024, a similar attack on a Chinese mining camp in Shamsiddin Shohin district killed one worker."
    )
    main, earlier = analyse(Article(text, "recalled.txt", dt.date(2025, 12, 2))).incidents
    assert "Standing:</b> disputed" in popup_html(main) and "Standing:</b> background" in popup_html(earlier)
    html = incident_map([main, earlier], []).get_root().render()
    _, rows = marker_rows(html)
    assert [row[4] for row in rows] == [2, 1]  # flags: 2 disputed, 1 background (drawn with these classes:)
    assert '" bw-background"' in html and '" bw-disputed"' in html and "2px dashed #fff" in html and "opacity:0.55;" in html
