"""Helpers for browser tests: start a Streamlit app, drive headless Chromium, block and record external requests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from geo.paths import PROJECT_ROOT
from geo.cli import dashboard_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
NON_NETWORK_SCHEMES = frozenset({"data", "blob", "about", "chrome", "chrome-extension"})
OUTPUT_DIR = PROJECT_ROOT / "test-output"
FOLIUM_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
HEALTH_TIMEOUT_S = 30.0


class BrowserTestSetupError(RuntimeError):
    """The browser-test environment is incomplete (no Chromium, the app did not start)."""


def require_chromium() -> Path:
    """Return /usr/bin/chromium, or raise with the command that installs it."""
    if not CHROMIUM.is_file():
        raise BrowserTestSetupError(
            f"{CHROMIUM}: not found; browser tests need Debian's chromium: "
            "run `apt-get update && apt-get install -y chromium` (CI does this in .ci/run)"
        )
    return CHROMIUM


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_local_request(url: str) -> bool:
    """Tell whether a browser request stays on this machine (loopback host or no network at all)."""
    parts = urlsplit(url)
    if parts.scheme in NON_NETWORK_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def write_app(directory: Path, source: str, name: str = "app.py") -> Path:
    """Write a Streamlit script into directory, next to a `static` link to PROJECT_ROOT/static.

    Streamlit serves /app/static/ from the folder *next to the script*, so a script
    outside the project root needs that link to reach static/vendor.
    """
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / name
    script.write_text(source, encoding="utf-8")
    static = directory / "static"
    if not static.exists():
        static.symlink_to(PROJECT_ROOT / "static", target_is_directory=True)
    return script


@dataclass
class StreamlitServer:
    """One `streamlit run` process on 127.0.0.1."""

    script: Path
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        """Base URL of the app, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        """Return the last lines of the server's output."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate the server (kill it after 5 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_streamlit(script: Path, home: Path, log_dir: Path, timeout: float = HEALTH_TIMEOUT_S) -> StreamlitServer:
    """Start `python -m streamlit run script` (for dashboard.py: as `python -m geo dashboard` does) from PROJECT_ROOT
    and wait until /_stcore/health answers."""
    if not script.is_file():
        raise BrowserTestSetupError(f"{script}: no such Streamlit script")
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"streamlit-{script.stem}-{port}.log"
    env = {**os.environ, "BORDERWATCH_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    if script.resolve() == PROJECT_ROOT / "dashboard.py":
        command = dashboard_command(port)  # what `python -m geo dashboard` runs
    else:
        command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    server = StreamlitServer(script=script, port=port, process=process, log_path=log_path)
    try:
        wait_until_healthy(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def wait_until_healthy(server: StreamlitServer, timeout: float) -> None:
    """Poll the server's /_stcore/health until it answers "ok"; raise with its log if it never does."""
    deadline = time.monotonic() + timeout
    health = f"{server.url}/_stcore/health"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BrowserTestSetupError(
                f"streamlit run {server.script} exited with code {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(health, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise BrowserTestSetupError(f"{health}: no answer within {timeout:.0f} s:\n{server.log_tail()}")


@dataclass
class PageLog:
    """What a page did on the network and in its console (all frames)."""

    blocked: list[str] = field(default_factory=list)  # external requests, aborted
    failed: list[str] = field(default_factory=list)  # local requests that failed or answered >= 400
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        """Route every request of page through the guard and listen to its console."""
        page.route("**/*", self._route)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _route(self, route) -> None:
        url = route.request.url
        if is_local_request(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_response(self, response) -> None:
        if response.status >= 400 and is_local_request(response.url):
            self.failed.append(f"{response.status} {response.url}")

    def _on_request_failed(self, request) -> None:
        # net::ERR_ABORTED is a cancellation (a rerun replaced the map's iframe while it loaded), not a
        # failure: a missing file answers 404 and is caught by _on_response.
        if is_local_request(request.url) and request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.failure} {request.url}")


def screenshot_name(test_name: str) -> str:
    """Return a file name for a test's screenshot (test ids may hold brackets, slashes, colons)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_") + ".png"


def folium_frame(page, timeout_ms: float = 15_000):
    """Wait for the st_folium iframe to have a height and a Leaflet map; return its Frame."""
    iframe = page.wait_for_selector(FOLIUM_IFRAME, state="attached", timeout=timeout_ms)
    page.wait_for_function(
        "(sel) => { const f = document.querySelector(sel); return f && f.getBoundingClientRect().height > 0; }",
        arg=FOLIUM_IFRAME,
        timeout=timeout_ms,
    )
    frame = iframe.content_frame()
    if frame is None:
        raise AssertionError(f"{FOLIUM_IFRAME}: no content frame")
    frame.wait_for_selector(".leaflet-container", state="visible", timeout=timeout_ms)
    return frame


def wait_for_images(frame, selector: str, timeout_ms: float = 10_000) -> list[int]:
    """Wait until every image matching selector in frame has loaded; return their naturalWidth."""
    frame.wait_for_function(
        "(sel) => { const imgs = [...document.querySelectorAll(sel)];"
        " return imgs.length > 0 && imgs.every(img => img.complete); }",
        arg=selector,
        timeout=timeout_ms,
    )
    return frame.eval_on_selector_all(selector, "imgs => imgs.map(img => img.naturalWidth)")


def sample_map():
    """Return a folium.Map using every piece the dashboard relies on, with no tile server.

    GeoJson + popup + tooltip, a MarkerCluster of awesome markers (glyphicon and
    Font Awesome icons), a default Leaflet marker, an AntPath, LayerControl,
    Fullscreen, MiniMap and MeasureControl. Call geo.map.offline.use_local_assets() first.
    """
    import folium
    import folium.plugins as plugins

    from geo.map.offline import blank_tile_layer

    area = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Khatlon", "note": "test area"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[68.4, 37.1], [70.2, 37.1], [70.2, 38.3], [68.4, 38.3], [68.4, 37.1]]],
                },
            }
        ],
    }
    m = folium.Map(location=[37.6, 69.6], zoom_start=7, tiles=None, max_zoom=18)
    blank_tile_layer().add_to(m)
    folium.GeoJson(
        area,
        name="Provinces",
        popup=folium.GeoJsonPopup(fields=["name"]),
        tooltip=folium.GeoJsonTooltip(fields=["name", "note"]),
    ).add_to(m)
    cluster = plugins.MarkerCluster(name="Incidents").add_to(m)
    for lat, lon in [(37.55, 68.90), (37.57, 68.93), (37.59, 68.95)]:
        folium.Marker([lat, lon], popup="clustered", icon=folium.Icon(color="red")).add_to(cluster)
    folium.Marker(
        [38.55, 68.78], popup=folium.Popup("<b>Dushanbe</b>"), tooltip="Dushanbe"
    ).add_to(m)
    folium.Marker(
        [37.2, 70.6], popup="glyphicon", icon=folium.Icon(color="blue", icon="info-sign")
    ).add_to(m)
    folium.Marker(
        [38.0, 70.9], popup="font awesome", icon=folium.Icon(color="green", icon="flag", prefix="fa", angle=30)
    ).add_to(m)
    plugins.AntPath([[37.0, 71.4], [37.9, 70.2]], tooltip="origin to target").add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    plugins.Fullscreen().add_to(m)
    plugins.MiniMap(tile_layer=blank_tile_layer()).add_to(m)
    plugins.MeasureControl().add_to(m)
    return m


def in_viewport(frame, selector: str) -> bool:
    """Tell whether the first element matching selector in frame has a size and lies inside the frame's window."""
    return frame.evaluate(
        """(sel) => {
            const el = document.querySelector(sel);
            if (!el) return false;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0
                && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
        }""",
        selector,
    )


SETTLED = """(quiet) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') { window.__bwIdleSince = null; return false; }
    window.__bwIdleSince = window.__bwIdleSince || performance.now();
    return performance.now() - window.__bwIdleSince >= quiet;
}"""


def settle(page, quiet_ms: float = 400, timeout_ms: float = 20_000) -> None:
    """Wait until the Streamlit app has run no script for ``quiet_ms``.

    A click that lands while a rerun replaces the widgets can be lost (a user would click again);
    a test settles before each click that must take effect once.
    """
    page.evaluate("() => { window.__bwIdleSince = null; }")
    page.wait_for_function(SETTLED, arg=quiet_ms, polling=50, timeout=timeout_ms)
