"""The data formats of a snapshot: GeoJSON (RFC 7946), CSV with ACLED's column names, GeoPackage and GeoParquet."""

from __future__ import annotations

import csv
import json
import io
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo.boundaries import load_boundaries
from geo.export.snapshot import Snapshot
from geo.coordinates import geojson_point, point_at
from geo.locate import LocatedIncident, Placement, placed
from geo.presentation import COUNTRY_NAMES, count_text

__all__ = [
    "ACLED_COLUMNS",
    "CSV_COLUMNS",
    "FORMULA_STARTS",
    "GPKG_DATE",
    "GPKG_INCIDENT_COLUMNS",
    "GPKG_LAYERS",
    "OWN_COLUMNS",
    "PARQUET_AREA",
    "TIME_PRECISION",
    "csv_bytes",
    "csv_row",
    "geojson_bytes",
    "geoparquet_bytes",
    "gpkg_bytes",
    "safe_cell",
]

GPKG_DATE = "2000-01-01T00:00:00.000Z"
"""The GeoPackage's gpkg_contents.last_change (GDAL's OGR_CURRENT_DATE): fixed, so the file is reproducible."""
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
"""ACLED's column names, for the columns whose meaning matches (actor1 = perpetrators, actor2 = victims)."""
OWN_COLUMNS = (
    "killed", "wounded", "date_precision", "country_code", "origin", "origin_country", "origin_admin1",
    "distance_to_border_km", "location_text", "precision_note", "quote", "source_file", "flags",
    "primary", "disputed", "confidence",
)
"""Borderwatch's columns after ACLED's."""
CSV_COLUMNS = ACLED_COLUMNS + OWN_COLUMNS
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
"""ACLED time_precision: 1 the day is known, 2 the week (or a few days), 3 only the month."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula: such text cells get a leading apostrophe."""


def geojson_bytes(snapshot: Snapshot) -> bytes:
    """An RFC 7946 FeatureCollection: the shown incidents (points; null geometry when not placed), then the places named."""
    features = [_incident_feature(item) for item in snapshot.shown]
    features += [
        {
            "type": "Feature",
            "id": named.place.id,
            "geometry": geojson_point(named.lat, named.lon),
            "properties": {"layer": "place", "name": named.place.name, "kind": named.place.kind, "country": named.place.country,
                           "admin1": named.place.admin1, "mentions": named.count, "source": named.place.source},
        }
        for named in snapshot.places()
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _incident_feature(item: LocatedIncident) -> dict[str, Any]:
    feature = item.as_feature()
    feature["properties"] = {"layer": "incident", **feature["properties"]}
    return feature


def csv_bytes(snapshot: Snapshot) -> bytes:
    """The shown incidents as CSV (UTF-8, RFC 4180): ACLED's columns, then Borderwatch's; formula cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in snapshot.shown:
        row = csv_row(item)
        writer.writerow([safe_cell(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8")


def csv_row(item: LocatedIncident) -> dict[str, Any]:
    """One incident as CSV values by column name (None for unknown)."""
    r = item.as_json()
    i = item.incident
    target = (i.target.place.name if i.target.place else i.target.text) if i.target else None  # an unknown village keeps its name
    origin = ", ".join(x for x in (r["origin_admin1"], r["origin_country"]) if x) or None
    return {
        "event_id_cnty": r["id"],
        "event_date": r["date"],
        "year": i.date.year if i.date else None,
        "time_precision": TIME_PRECISION.get(r["date_precision"] or ""),
        "event_type": r["event_type"],
        "sub_event_type": r["sub_event_type"],
        "actor1": r["perpetrators"],
        "actor2": r["victims"],
        "country": COUNTRY_NAMES.get(r["country"] or "", r["country"]),
        "admin1": r["admin1"],
        "admin2": r["admin2"],
        "location": target or r["admin2"] or r["admin1"],
        "latitude": r["latitude"],
        "longitude": r["longitude"],
        "geo_precision": r["geo_precision"],
        "source": Path(r["source_file"]).name,
        "notes": _notes(r, origin),
        "fatalities": r["killed"],
        "killed": r["killed"],
        "wounded": r["wounded"],
        "date_precision": r["date_precision"],
        "country_code": r["country"],
        "origin": origin,
        "origin_country": r["origin_country"],
        "origin_admin1": r["origin_admin1"],
        "distance_to_border_km": r["distance_to_border_km"],
        "location_text": r["location_text"],
        "precision_note": r["precision_note"],
        "quote": r["quote"],
        "source_file": r["source_file"],
        "flags": "; ".join(r["flags"]),
        "primary": r["primary"],
        "disputed": r["disputed"],
        "confidence": r["confidence"],
    }


def _notes(r: dict[str, Any], origin: str | None) -> str:
    """An ACLED-style one-paragraph summary of the incident."""
    when = f"On {r['date']}" if r["date"] else "On an unstated date"
    where = ", ".join(x for x in (r["admin1"], COUNTRY_NAMES.get(r["country"] or "", r["country"])) if x) or "an unplaced location"
    parts = [f"{when}, {r['sub_event_type'].lower()} in {where}" + (f", from {origin}" if origin else "") + "."]
    parts.append(f"Killed: {count_text(r['killed'])}; wounded: {count_text(r['wounded'])}.")
    if r["victims"]:
        parts.append(f"Victims: {r['victims']}.")
    if r["perpetrators"]:
        parts.append(f"Perpetrators: {r['perpetrators']}.")
    parts.append(f"Location: {r['precision_note']}.")
    return " ".join(parts)


def safe_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: text starting with = + - @ (or tab, CR) gets a leading apostrophe.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-3 killed"), safe_cell(-3.5), safe_cell(None)
    ('\\'=HYPERLINK("http://x")', "'-3 killed", -3.5, '')
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# -- GeoPackage -----------------------------------------------------------------------------


def gpkg_bytes(snapshot: Snapshot) -> bytes:
    """A GeoPackage (GDAL, via pyogrio) with layers incidents, uncertainty_areas, places, border and provinces."""
    import pyogrio

    layers = _gpkg_layers(snapshot)
    with _GDAL_CONFIG_LOCK, tempfile.TemporaryDirectory(prefix="borderwatch-gpkg-") as folder:
        previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")  # a process-wide GDAL setting: restored below
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
        try:
            path = Path(folder) / "snapshot.gpkg"
            for layer, (frame, geometry_type) in layers.items():
                pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", geometry_type=geometry_type,
                                        promote_to_multi=geometry_type.startswith("Multi"))
            return path.read_bytes()
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


_GDAL_CONFIG_LOCK = threading.Lock()


GPKG_LAYERS = ("incidents", "uncertainty_areas", "places", "border", "provinces")
GPKG_INCIDENT_COLUMNS = (
    "id", "date", "date_precision", "event_type", "sub_event_type", "country", "admin1", "admin2", "location_text",
    "latitude", "longitude", "geo_precision", "origin_country", "origin_admin1", "killed", "wounded", "victims",
    "perpetrators", "distance_to_border_km", "quote", "source_file", "precision_note", "flags", "primary", "disputed", "confidence",
)


def _gpkg_layers(snapshot: Snapshot) -> dict[str, tuple[Any, str]]:
    """Layer name → (GeoDataFrame in EPSG:4326, geometry type)."""
    boundaries = load_boundaries()
    shown = snapshot.shown
    on_map = placed(shown)
    incidents = [_gpkg_incident(item) for item in shown]
    places = snapshot.places()
    units = sorted(boundaries.units.values(), key=lambda u: u.code)
    tallies = _tallies(on_map)
    return {
        "incidents": (_frame(incidents, [point_at(r["latitude"], r["longitude"]) if r["latitude"] is not None else None for r in incidents],
                             GPKG_INCIDENT_COLUMNS, ("geo_precision", "killed", "wounded")), "Point"),
        "uncertainty_areas": (_frame(
            [{"incident": i.incident.id, "event_type": i.incident.event_type, "geo_precision": p.geo_precision, "note": p.note}
             for i, p in on_map],
            [p.area for _, p in on_map], ("incident", "event_type", "geo_precision", "note"), ("geo_precision",)), "MultiPolygon"),
        "places": (_frame(
            [{"id": n.place.id, "name": n.place.name, "kind": n.place.kind, "country": n.place.country, "admin1": n.place.admin1,
              "mentions": n.count, "source": n.place.source} for n in places],
            [point_at(n.lat, n.lon) for n in places], ("id", "name", "kind", "country", "admin1", "mentions", "source"), ("mentions",)), "Point"),
        "border": (_frame([{"name": "Afghan–Tajik border", "length_km": boundaries.border_length_km, "source": "Natural Earth 1:10m"}],
                          [boundaries.border], ("name", "length_km", "source")), "LineString"),
        "provinces": (_frame(
            [{"code": u.code, "name": u.name, "country": u.country, **tallies.get(u.name, {"incidents": 0, "killed": 0, "wounded": 0})}
             for u in units],
            [u.geometry for u in units], ("code", "name", "country", "incidents", "killed", "wounded"), ("incidents", "killed", "wounded")),
            "MultiPolygon"),
    }


def _frame(records: list[dict], geometry: list, columns: Sequence[str], integers: Sequence[str] = ()):
    """A GeoDataFrame with these columns (integers nullable), also when there are no records."""
    import geopandas
    import pandas as pd

    data = pd.DataFrame.from_records(records, columns=list(columns))
    for column in columns:
        data[column] = data[column].astype("Int64" if column in integers else data[column].dtype if records else "object")
    return geopandas.GeoDataFrame(data, geometry=geopandas.GeoSeries(geometry, crs="EPSG:4326"))


def _tallies(on_map: Sequence[tuple[LocatedIncident, Placement]]) -> dict[str, dict[str, int]]:
    """Incidents, killed and wounded per admin-1 unit name."""
    tallies: dict[str, dict[str, int]] = {}
    for item, p in on_map:
        tally = tallies.setdefault(p.admin1 or "", {"incidents": 0, "killed": 0, "wounded": 0})
        tally["incidents"] += 1
        tally["killed"] += item.incident.killed or 0
        tally["wounded"] += item.incident.wounded or 0
    return tallies


def _gpkg_incident(item: LocatedIncident) -> dict[str, Any]:
    record = item.as_json()
    record["flags"] = "; ".join(record["flags"])
    return {column: record[column] for column in GPKG_INCIDENT_COLUMNS}


# -- GeoParquet -----------------------------------------------------------------------------

PARQUET_AREA = "uncertainty_area"
"""The GeoParquet file's second geometry column: the area the incident may be in (the primary one, ``geometry``, is
the marker point)."""


def geoparquet_bytes(snapshot: Snapshot) -> bytes:
    """The shown incidents as GeoParquet 1.x (geopandas, WKB, EPSG:4326): one row an incident, the columns of the
    GeoPackage's incidents layer, ``geometry`` the marker point and :data:`PARQUET_AREA` the uncertainty area (a
    second geometry column; both empty for an incident that could not be placed). ``geopandas.read_parquet`` and
    ``dask_geopandas.read_parquet`` open it with both geometries."""
    import geopandas

    shown = snapshot.shown
    records = [_gpkg_incident(item) for item in shown]
    frame = _frame(records, [point_at(r["latitude"], r["longitude"]) if r["latitude"] is not None else None for r in records],
                   GPKG_INCIDENT_COLUMNS, ("geo_precision", "killed", "wounded"))
    frame[PARQUET_AREA] = geopandas.GeoSeries([item.placement.area if item.placement else None for item in shown], index=frame.index, crs="EPSG:4326")
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, compression="zstd", schema_version="1.0.0")
    return buffer.getvalue()
