"""Where Borderwatch's own folders are: the project, its data, its seed articles and its web assets."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ASSETS_DIR", "DATA_DIR", "NPM_DIR", "PROJECT_ROOT", "SEEDS_DIR", "VENDOR_DIR"]

PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent
"""The folder that holds geo/, data/, seeds/, static/ and dashboard.py."""
DATA_DIR: Path = PROJECT_ROOT / "data"
"""The embedded shapes and gazetteer (written by `python -m geo build-data`)."""
SEEDS_DIR: Path = PROJECT_ROOT / "seeds"
"""The articles the dashboard and `python -m geo snapshot` start with."""
ASSETS_DIR: Path = PROJECT_ROOT / "assets"
"""The npm package list and lock of the web assets."""
NPM_DIR: Path = PROJECT_ROOT / "build" / "npm"
"""Where npm installs the web assets before they are copied."""
VENDOR_DIR: Path = PROJECT_ROOT / "static" / "vendor"
"""The web assets the pages load, served locally (never from a CDN)."""
