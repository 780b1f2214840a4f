"""Where Borderwatch's folders are: the project, its data, its seed articles, its web assets, and the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ASSETS_DIR", "DATA_DIR", "HOME_VARIABLE", "NPM_DIR", "PROJECT_ROOT", "SEEDS_DIR", "VENDOR_DIR", "data_home"]

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
HOME_VARIABLE = "BORDERWATCH_HOME"
"""The environment variable that names the user's data folder (the store, the online geocoder's cache)."""


def data_home() -> Path:
    """The user's Borderwatch data folder: $BORDERWATCH_HOME, else the platform's user data directory."""
    if os.environ.get(HOME_VARIABLE):
        return Path(os.environ[HOME_VARIABLE])
    import platformdirs

    return Path(platformdirs.user_data_dir("borderwatch"))
