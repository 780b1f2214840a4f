"""Fetch the pinned npm packages (assets/package-lock.json) and copy what map pages need into static/vendor."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

from geo.errors import AssetsError
from geo.files import sha256_hex
from geo.paths import ASSETS_DIR, NPM_DIR, VENDOR_DIR

__all__ = [
    "FETCH_COMMAND",
    "GLYPHICONS_CSS",
    "HEATMAP_JS",
    "IMAGEPATH_SCRIPT",
    "NPM_FILES",
    "NPM_STAMP",
    "NPM_TIMEOUT_S",
    "PACKAGE_FILES",
    "ROTATE_CSS",
    "VENDOR_STAMP",
    "VENDOR_URLS",
    "css_references",
    "fetch_assets",
    "lock_hash",
    "node_modules",
    "vendor_files",
]

PACKAGE_FILES = ("package.json", "package-lock.json")
NPM_STAMP = ".borderwatch-npm-stamp"  # in NPM_DIR, written after a successful `npm ci`
VENDOR_STAMP = ".borderwatch-stamp"  # in VENDOR_DIR, written after a complete copy
FETCH_COMMAND = "python -m geo assets"
NPM_TIMEOUT_S = 600

# Files written by fetch_assets itself (not taken from a package).
IMAGEPATH_SCRIPT = "borderwatch/leaflet-imagepath.js"
ROTATE_CSS = "borderwatch/leaflet.awesome.rotate.css"
GLYPHICONS_CSS = "bootstrap3/dist/css/glyphicons.css"
HEATMAP_JS = "folium/leaflet_heat.min.js"

# Files copied from node_modules, same relative path under static/vendor. Files that
# a copied CSS file references with url(...) are copied too (fonts, images).
NPM_FILES: tuple[str, ...] = (
    "leaflet/dist/leaflet.js",
    "leaflet/dist/leaflet.css",
    "leaflet/dist/images/marker-icon.png",
    "leaflet/dist/images/marker-icon-2x.png",
    "leaflet/dist/images/marker-shadow.png",
    "jquery/dist/jquery.min.js",
    "bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap/dist/css/bootstrap.min.css",
    "@fortawesome/fontawesome-free/css/all.min.css",
    "leaflet.awesome-markers/dist/leaflet.awesome-markers.js",
    "leaflet.awesome-markers/dist/leaflet.awesome-markers.css",
    "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "leaflet.fullscreen/Control.FullScreen.js",
    "leaflet.fullscreen/Control.FullScreen.css",
    "leaflet-minimap/dist/Control.MiniMap.min.js",
    "leaflet-minimap/dist/Control.MiniMap.min.css",
    "leaflet-measure/dist/leaflet-measure.min.js",
    "leaflet-measure/dist/leaflet-measure.css",
    "leaflet-ant-path/dist/leaflet-ant-path.js",
)

# Every CDN URL in the default_js / default_css of the folium classes that
# geo.map.offline rewrites, mapped to its local copy (relative to static/vendor).
# Where npm has no file of that exact name or version the nearest one is used:
# awesome-markers 2.0.2 is not on npm (2.0.5 is), bootstrap-glyphicons.css
# (Bootstrap 3.0.0) is cut out of Bootstrap 3.4.1, and npm ships no minified
# Fullscreen/AntPath builds of that name.
VENDOR_URLS: dict[str, str] = {
    # folium.Map (also what Popup, Tooltip, Icon, GeoJson and LayerControl need)
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/dist/leaflet.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": "leaflet.awesome-markers/dist/leaflet.awesome-markers.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/dist/leaflet.css",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": GLYPHICONS_CSS,
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": "@fortawesome/fontawesome-free/css/all.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": "leaflet.awesome-markers/dist/leaflet.awesome-markers.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": ROTATE_CSS,
    # folium.plugins.MarkerCluster
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    # folium.plugins.Fullscreen
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": "leaflet.fullscreen/Control.FullScreen.js",
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": "leaflet.fullscreen/Control.FullScreen.css",
    # folium.plugins.MiniMap
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.js": "leaflet-minimap/dist/Control.MiniMap.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/Control.MiniMap.css": "leaflet-minimap/dist/Control.MiniMap.min.css",
    # folium.plugins.MeasureControl
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js": "leaflet-measure/dist/leaflet-measure.min.js",
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css": "leaflet-measure/dist/leaflet-measure.css",
    # folium.plugins.AntPath
    "https://cdn.jsdelivr.net/npm/leaflet-ant-path@1.1.2/dist/leaflet-ant-path.min.js": "leaflet-ant-path/dist/leaflet-ant-path.js",
    # folium.plugins.HeatMap (the file ships inside folium's wheel)
    "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js": HEATMAP_JS,
}

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")

_IMAGEPATH_JS = """\
/* Written by geo/assets.py. Leaflet guesses its marker image folder from CSS that
   streamlit-folium loads only after the scripts, so set it from leaflet.js's own URL. */
(function () {
  var scripts = document.getElementsByTagName("script");
  for (var i = scripts.length - 1; i >= 0; i--) {
    var src = scripts[i].src || "";
    if (/\\/leaflet\\.js(\\?.*)?$/.test(src)) {
      L.Icon.Default.imagePath = src.replace(/[^\\/]*$/, "") + "images/";
      return;
    }
  }
  if (document.currentScript) {
    L.Icon.Default.imagePath = new URL("../leaflet/dist/images/", document.currentScript.src).href;
  }
})();
"""


def node_modules() -> Path:
    """Return build/npm/node_modules, installed by `npm ci` from assets/package-lock.json."""
    modules = NPM_DIR / "node_modules"
    stamp = NPM_DIR / NPM_STAMP
    if not modules.is_dir() or not stamp.is_file():
        raise AssetsError(
            f"{modules}: the npm packages are not installed; run `{FETCH_COMMAND}` (needs npm and the npm registry once)"
        )
    if stamp.read_text(encoding="utf-8").strip() != lock_hash():
        raise AssetsError(
            f"{modules}: installed from an older assets/package-lock.json; run `{FETCH_COMMAND}` to reinstall"
        )
    return modules


def lock_hash() -> str:
    """Return the SHA-256 of assets/package.json and assets/package-lock.json."""
    parts = []
    for name in PACKAGE_FILES:
        path = ASSETS_DIR / name
        if not path.is_file():
            raise AssetsError(f"{path}: missing; restore it from git (`git checkout -- assets/{name}`)")
        parts.append(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha256_hex(b"".join(parts))


def fetch_assets(progress: Callable[[str], None] = print) -> list[Path]:
    """Install the npm packages if needed and fill static/vendor; return the files in static/vendor.

    Idempotent: `npm ci` runs only when node_modules is missing or the lock changed,
    and static/vendor is rebuilt only when its stamp does not match. Stamps are
    written last, so an interrupted run is redone on the next call.
    """
    modules = _install_npm_packages(progress)
    stamp = _vendor_stamp()
    if _vendor_is_current(stamp):
        progress(f"static/vendor is up to date ({VENDOR_DIR})")
        return vendor_files()
    _build_vendor_dir(modules, stamp, progress)
    files = vendor_files()
    progress(f"static/vendor: {len(files)} files, {_size_mb(files):.1f} MB")
    return files


def vendor_files() -> list[Path]:
    """Return every file under static/vendor except the stamp, sorted."""
    if not VENDOR_DIR.is_dir():
        return []
    return sorted(p for p in VENDOR_DIR.rglob("*") if p.is_file() and p.name != VENDOR_STAMP)


def _install_npm_packages(progress: Callable[[str], None]) -> Path:
    """Run `npm ci` in build/npm unless node_modules already matches the lock; return node_modules."""
    wanted = lock_hash()
    stamp = NPM_DIR / NPM_STAMP
    modules = NPM_DIR / "node_modules"
    if modules.is_dir() and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == wanted:
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise AssetsError(
            "npm: not found on PATH; install Node.js 20 with npm (e.g. `apt-get install -y nodejs npm`), "
            f"then run `{FETCH_COMMAND}`"
        )
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    for name in PACKAGE_FILES:
        shutil.copyfile(ASSETS_DIR / name, NPM_DIR / name)
    progress(f"npm ci in {NPM_DIR} (assets/package-lock.json) ...")
    command = [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"]
    try:
        result = subprocess.run(
            command, cwd=NPM_DIR, capture_output=True, text=True, check=False, timeout=NPM_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        raise AssetsError(
            f"`npm ci` in {NPM_DIR} took more than {NPM_TIMEOUT_S} s; check that the npm registry is "
            f"reachable, then run `{FETCH_COMMAND}` again"
        ) from None
    if result.returncode != 0:
        tail = " | ".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise AssetsError(
            f"`npm ci` in {NPM_DIR} failed (exit {result.returncode}): {tail}; "
            f"check that the npm registry is reachable, then run `{FETCH_COMMAND}` again"
        )
    stamp.write_text(wanted + "\n", encoding="utf-8")
    return modules


def _vendor_stamp() -> str:
    """Return a hash of everything static/vendor is made from: the lock, this module and folium."""
    manifest = {
        "lock": lock_hash(),
        "code": sha256_hex(Path(__file__).read_bytes()),
        "folium": importlib.metadata.version("folium"),
    }
    return sha256_hex(json.dumps(manifest, sort_keys=True))


def _vendor_is_current(stamp: str) -> bool:
    """Tell whether static/vendor was completely built from the same inputs."""
    path = VENDOR_DIR / VENDOR_STAMP
    if not path.is_file() or path.read_text(encoding="utf-8").strip() != stamp:
        return False
    return all((VENDOR_DIR / rel).is_file() for rel in VENDOR_URLS.values())


def _build_vendor_dir(modules: Path, stamp: str, progress: Callable[[str], None]) -> None:
    """Build static/vendor in a scratch folder, swap it in, then write the stamp."""
    scratch = NPM_DIR.parent / "vendor.partial"  # under build/ (git-ignored), same file system
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    progress(f"copying web assets into {VENDOR_DIR} ...")
    for rel in NPM_FILES:
        _copy_with_css_refs(modules / rel, scratch / rel, modules)
    _write_glyphicons_css(modules, scratch)
    _write_text(scratch / ROTATE_CSS, _rotate_css())
    _write_text(scratch / IMAGEPATH_SCRIPT, _IMAGEPATH_JS)
    _copy_folium_heatmap(scratch / HEATMAP_JS)
    _copy_licenses(modules, scratch)
    missing = sorted(rel for rel in VENDOR_URLS.values() if not (scratch / rel).is_file())
    if missing:
        raise AssetsError(f"{scratch}: no local copy of {missing}; fix NPM_FILES in geo/assets.py")
    if VENDOR_DIR.exists():
        shutil.rmtree(VENDOR_DIR)
    VENDOR_DIR.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(scratch, VENDOR_DIR)
    (VENDOR_DIR / VENDOR_STAMP).write_text(stamp + "\n", encoding="utf-8")


def _copy_with_css_refs(source: Path, target: Path, modules: Path) -> None:
    """Copy one file; for CSS also copy the files it references with url(...)."""
    if not source.is_file():
        raise AssetsError(
            f"{source}: not in the installed npm packages; check the versions in assets/package.json "
            f"and run `{FETCH_COMMAND}`"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    if source.suffix == ".css":
        _copy_css_refs(source.read_text(encoding="utf-8"), source.parent, target.parent, modules)


def _copy_css_refs(css: str, source_dir: Path, target_dir: Path, modules: Path) -> None:
    """Copy every local file that `css` (living in source_dir) references, keeping relative paths."""
    for ref in css_references(css):
        if re.match(r"^(https?:)?//", ref):
            raise AssetsError(
                f"{source_dir}: CSS references the external URL {ref}; only local files are allowed offline"
            )
        source = (source_dir / ref).resolve()
        if not source.is_relative_to(modules.resolve()):
            raise AssetsError(f"{source_dir}: CSS reference {ref} points outside node_modules")
        _copy_with_css_refs(source, Path(os.path.normpath(target_dir / ref)), modules)


def css_references(css: str) -> list[str]:
    """Return the relative file paths in url(...) of a CSS text (no data: URIs, #fragments or ?queries)."""
    refs: list[str] = []
    for match in _CSS_URL.finditer(css):
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#")):
            continue
        ref = re.split(r"[?#]", ref, maxsplit=1)[0]
        if ref and ref not in refs:
            refs.append(ref)
    return refs


def _write_glyphicons_css(modules: Path, scratch: Path) -> None:
    """Cut the Glyphicons font and classes out of Bootstrap 3's CSS (folium's `glyphicon` icon prefix)."""
    source = modules / "bootstrap3" / "dist" / "css" / "bootstrap.css"
    if not source.is_file():
        raise AssetsError(f"{source}: missing; check `bootstrap3` in assets/package.json and run `{FETCH_COMMAND}`")
    css = source.read_text(encoding="utf-8")
    banner = css[: css.index("*/") + 2] if css.startswith("/*!") else ""
    rules = [rule for rule in _top_level_rules(css) if _is_glyphicon_rule(rule)]
    if not rules:
        raise AssetsError(f"{source}: no Glyphicons rules found; is `bootstrap3` Bootstrap 3.x?")
    text = "\n".join([banner, "/* Glyphicons only, cut out by geo/assets.py */", *rules]) + "\n"
    target = scratch / GLYPHICONS_CSS
    _write_text(target, text)
    _copy_css_refs(text, source.parent, target.parent, modules)


def _top_level_rules(css: str) -> list[str]:
    """Split CSS into its top-level rules (selector or at-rule plus its {...} block); drop comments."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules, depth, start = [], 0, 0
    for index, char in enumerate(css):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append(css[start : index + 1].strip())
                start = index + 1
    return rules


def _is_glyphicon_rule(rule: str) -> bool:
    """Tell whether a rule is the Glyphicons @font-face or styles only .glyphicon* selectors."""
    prelude = rule.split("{", 1)[0].strip()
    if prelude == "@font-face":
        return "Glyphicons Halflings" in rule
    selectors = [s.strip() for s in prelude.split(",")]
    return all(s.startswith(".glyphicon") for s in selectors)


def _rotate_css() -> str:
    """Return CSS for folium.Icon(angle=N): class fa-rotate-N rotates the icon by N degrees."""
    lines = ["/* Written by geo/assets.py for folium.Icon(angle=...) */"]
    lines += [f".fa-rotate-{n}{{transform:rotate({n}deg)}}" for n in range(360)]
    return "\n".join(lines) + "\n"


def _copy_folium_heatmap(target: Path) -> None:
    """Copy leaflet_heat.min.js from the installed folium package."""
    import folium

    source = Path(folium.__file__).parent / "templates" / "leaflet_heat.min.js"
    if not source.is_file():
        raise AssetsError(f"{source}: missing from the installed folium; reinstall folium==0.20.0")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _copy_licenses(modules: Path, scratch: Path) -> None:
    """Copy the licence file of every npm package that has a file in static/vendor."""
    for package in _vendor_packages([*NPM_FILES, GLYPHICONS_CSS]):
        for name in ("LICENSE", "LICENSE.txt", "LICENSE.md", "MIT-LICENCE.txt"):
            if (modules / package / name).is_file():
                shutil.copyfile(modules / package / name, scratch / package / name)
                break


def _vendor_packages(paths: Iterable[str]) -> list[str]:
    """Return the npm package names (with @scope) that the relative paths start with."""
    packages: list[str] = []
    for rel in paths:
        parts = rel.split("/")
        name = "/".join(parts[:2]) if parts[0].startswith("@") else parts[0]
        if name not in packages:
            packages.append(name)
    return packages


def _write_text(path: Path, text: str) -> None:
    """Write a UTF-8 text file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _size_mb(files: Iterable[Path]) -> float:
    """Return the total size of files in MB."""
    return sum(p.stat().st_size for p in files) / 1e6
