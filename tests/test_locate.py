"""Tests for geo.locate: honest placement of the seed incidents and of town, district and region reports."""

import datetime as dt

import pytest

from geo.incidents import extract_incidents
from geo.locate import locate, locate_all
from geo.text import Article
from geometries import point


@pytest.fixture(scope="module")
def seed_located(seed_article, boundaries):
    return locate_all(extract_incidents(seed_article), boundaries)


def located(text, boundaries):
    (incident,) = extract_incidents(Article(text, "test.txt", dt.date(2025, 12, 2)))
    return locate(incident, boundaries)


def test_seed_incident_1_sits_on_the_khatlon_badakhshan_stretch(seed_located, boundaries, gold):
    placement = seed_located[0].placement
    stretch = boundaries.shared_border("Khatlon", "Badakhshan")
    lat, lon = boundaries.nearest_on_border(placement.latitude, placement.longitude, stretch.geometry)
    from geopy.distance import geodesic

    assert geodesic((placement.latitude, placement.longitude), (lat, lon)).km < 15
    assert boundaries.locate(placement.latitude, placement.longitude).admin1 == "Khatlon"
    assert (placement.country, placement.admin1, placement.geo_precision) == ("TJ", "Khatlon", 3)
    assert (placement.origin_country, placement.origin_admin1) == ("AF", "Badakhshan")
    assert placement.note == "region-level: Khatlon, on the border stretch with Badakhshan (89 km)"


def test_seed_incident_2_sits_in_gbao_near_the_border(seed_located, boundaries):
    placement = seed_located[1].placement
    where = boundaries.locate(placement.latitude, placement.longitude)
    assert where.admin1 == "Gorno-Badakhshan" and where.distance_to_border_km < 15
    assert (placement.geo_precision, placement.origin_country, placement.origin_admin1) == (3, "AF", None)


def test_region_level_markers_are_not_centroids(seed_located, boundaries):
    for item in seed_located:
        unit = boundaries.unit(item.placement.admin1)
        centroid = unit.geometry.centroid
        assert point((item.placement.latitude, item.placement.longitude)).distance(centroid) > 0.3


def test_uncertainty_area_is_the_unit_within_the_border_band(seed_located, boundaries):
    khatlon = boundaries.unit("Khatlon").geometry
    area = seed_located[0].placement.area
    assert area.area > 0 and khatlon.buffer(1e-6).contains(area)
    assert area.area < 0.3 * khatlon.area  # a band along 89 km of border, not the whole region
    assert area.contains(point((seed_located[0].placement.latitude, seed_located[0].placement.longitude)))


def test_a_named_town_beats_the_region(boundaries):
    item = located("On Monday a drone attack hit Khorog in Gorno-Badakhshan, killing two.", boundaries)
    assert (item.placement.geo_precision, item.placement.admin1) == (1, "Gorno-Badakhshan")
    assert item.placement.note == "town: Khorugh (within 5 km)"


def test_near_a_town_and_districts_are_precision_2(boundaries):
    near = located("On Monday militants shelled a village near Kulob.", boundaries)
    district = located("On Monday a clash in the Shamsiddin Shohin district of Khatlon killed one guard.", boundaries)
    assert near.placement.geo_precision == 2 and near.placement.note == "near Kŭlob (within 25 km)"
    assert (district.placement.geo_precision, district.placement.admin2, district.placement.admin1) == (2, "Shamsiddin Shohin", "Khatlon")


def test_from_afghanistan_only_uses_the_whole_border_of_the_unit(boundaries):
    item = located("On Monday a drone from Afghanistan struck a camp in Khatlon.", boundaries)
    assert item.placement.note == "region-level: Khatlon, along its border with Afghanistan (423 km)"
    assert item.placement.distance_to_border_km < 15 and item.placement.origin_country == "AF"


def test_inland_region_report_says_it_is_somewhere_in_the_region(boundaries):
    item = located("On Monday a bomb exploded in Sughd, killing two.", boundaries)
    assert item.placement.geo_precision == 3 and item.placement.note == "region-level: somewhere in Sughd"
    assert item.placement.area.equals(boundaries.unit("Sughd").geometry)


def test_incident_without_a_place_is_not_placed(boundaries):
    item = located("On Monday gunmen killed two workers.", boundaries)
    assert item.placement is None and item.as_json()["latitude"] is None


def test_json_record_has_the_contract_fields(seed_located):
    record = seed_located[0].as_json()
    contract = "id date date_precision event_type sub_event_type country admin1 admin2 location_text latitude longitude geo_precision origin_country origin_admin1 killed wounded victims perpetrators distance_to_border_km quote source_file"
    assert set(contract.split()) <= set(record)
