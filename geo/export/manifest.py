"""The manifest of a snapshot: software and data versions, checksums of the data and the articles, filters and view."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geo
from geo.export.snapshot import Snapshot
from geo.files import sha256_hex
from geo.paths import DATA_DIR
from geo.presentation import ATTRIBUTION
from geo.text import Article

__all__ = ["MANIFEST_NAME", "data_sources", "manifest", "manifest_bytes"]

MANIFEST_NAME = "manifest.json"


def manifest(snapshot: Snapshot, files: Sequence[str]) -> dict[str, Any]:
    """What a snapshot was made from: software, data checksums and sources, article checksums, filters and view;
    ``files`` names the files exported with it."""
    return {
        "borderwatch_version": geo.__version__,
        "generated_at": snapshot.generated_text(),
        "title": snapshot.title,
        "files": list(files),
        "incidents": {"shown": len(snapshot.shown), "total": len(snapshot.incidents), "ids": [i.incident.id for i in snapshot.shown]},
        "filters": snapshot.filters.as_json(),
        "view": snapshot.view.as_json(),
        "layers": list(snapshot.layers),
        "picture_size": list(snapshot.size),
        "articles": [_article_entry(a) for a in snapshot.articles],
        "data": [{"file": path.name, "sha256": sha256_hex(path.read_bytes()), "bytes": path.stat().st_size} for path in _data_files()],
        "sources": data_sources(),
        "attribution": ATTRIBUTION,
        "software": _software(),
    }


def manifest_bytes(snapshot: Snapshot, files: Sequence[str]) -> bytes:
    """The manifest (:func:`manifest`) as the bytes of manifest.json."""
    return (json.dumps(manifest(snapshot, files), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _article_entry(article: Article) -> dict[str, Any]:
    """An article's checksum: of the file's bytes when the source is a readable file, else of its text (UTF-8)."""
    path = Path(article.source)
    if path.is_file():
        data, of = path.read_bytes(), "file"
    else:
        data, of = article.text.encode("utf-8"), "text"
    return {"name": path.name, "source": article.source, "published": article.published.isoformat() if article.published else None,
            "sha256": sha256_hex(data), "bytes": len(data), "checksum_of": of}


def _data_files() -> list[Path]:
    return sorted(p for p in DATA_DIR.iterdir() if p.is_file() and not p.name.startswith("."))


def data_sources() -> list[dict[str, str]]:
    """The rows of data/SOURCES.md's table: file, source package, version, licence, what was changed."""
    path = DATA_DIR / "SOURCES.md"
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 5 or cells[0] in ("file", "") or set(cells[0]) <= set("-: "):
            continue
        rows.append({"file": cells[0], "source": cells[1], "version": cells[2], "licence": cells[3], "changes": cells[4]})
    return rows


def _software() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("folium", "geopandas", "shapely", "pyogrio", "pyproj", "matplotlib"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    try:
        import pyogrio

        versions["gdal"] = pyogrio.__gdal_version_string__
    except ImportError:
        pass
    return versions
