"""Snapshot exports of what the map shows: the registry of formats, the snapshot they render, and its manifest.

- :mod:`geo.export.snapshot`: :class:`Snapshot`, what a map snapshot shows (incidents, filters, view, title).
- :mod:`geo.export.registry`: every format by name (:data:`EXPORTERS`), zips and atomic writes.
- :mod:`geo.export.tables`: GeoJSON, CSV (ACLED's columns), GeoPackage and GeoParquet.
- :mod:`geo.export.page`: the self-contained HTML page; :mod:`geo.export.picture`: the PNG picture.
- :mod:`geo.export.manifest`: versions, checksums, filters and view of a snapshot.
"""

from geo.export.manifest import MANIFEST_NAME, manifest, manifest_bytes
from geo.export.registry import (
    DEFAULT_FORMATS,
    EXPORTERS,
    Exporter,
    export_articles,
    export_bytes,
    export_snapshot,
    export_store,
    export_zip,
    parse_formats,
    render_all,
)
from geo.export.snapshot import Snapshot, View
from geo.export.tables import ACLED_COLUMNS, CSV_COLUMNS, GPKG_LAYERS, csv_bytes, csv_row, geojson_bytes, geoparquet_bytes, gpkg_bytes, safe_cell

__all__ = [
    "ACLED_COLUMNS",
    "CSV_COLUMNS",
    "DEFAULT_FORMATS",
    "EXPORTERS",
    "Exporter",
    "GPKG_LAYERS",
    "MANIFEST_NAME",
    "Snapshot",
    "View",
    "csv_bytes",
    "csv_row",
    "export_articles",
    "export_bytes",
    "export_snapshot",
    "export_store",
    "export_zip",
    "geojson_bytes",
    "geoparquet_bytes",
    "gpkg_bytes",
    "manifest",
    "manifest_bytes",
    "parse_formats",
    "render_all",
    "safe_cell",
]
