"""Shared fixtures: offline web assets, Streamlit servers and a guarded headless Chromium page."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser import (
    CHROMIUM_ARGS,
    OUTPUT_DIR,
    BrowserTestSetupError,
    PageLog,
    StreamlitServer,
    require_chromium,
    screenshot_name,
    start_streamlit as _start_streamlit,
)
from geo.map.assets import fetch_assets
from geo.paths import PROJECT_ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="session")
def vendor_assets() -> list[Path]:
    """Fill static/vendor (npm ci only the first time); return its files."""
    return fetch_assets(progress=lambda message: None)


@pytest.fixture(scope="session")
def start_streamlit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], StreamlitServer]]:
    """Factory: start (once per script) `streamlit run script` and return the server; all stop at session end."""
    home = tmp_path_factory.mktemp("borderwatch-home")
    logs = tmp_path_factory.mktemp("streamlit-logs")
    servers: dict[Path, StreamlitServer] = {}

    def start(script: Path) -> StreamlitServer:
        script = Path(script).resolve()
        if script not in servers:
            problem = ""
            try:
                servers[script] = _start_streamlit(script, home=home, log_dir=logs)
            except BrowserTestSetupError as error:
                problem = str(error)
            if problem:
                pytest.fail(problem, pytrace=False)
        return servers[script]

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def streamlit_app(start_streamlit: Callable[[Path], StreamlitServer], vendor_assets: list[Path]) -> str:
    """Base URL of the dashboard (PROJECT_ROOT/dashboard.py) running on 127.0.0.1."""
    return start_streamlit(PROJECT_ROOT / "dashboard.py").url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """A headless Debian Chromium driven by Playwright (no `playwright install`)."""
    problem = ""
    try:
        executable = require_chromium()
    except BrowserTestSetupError as error:
        problem = str(error)
    if problem:
        pytest.fail(problem, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_log() -> PageLog:
    """Blocked external requests, failed local requests and console errors of `browser_page`."""
    return PageLog()


@pytest.fixture
def browser_page(chromium: Browser, page_log: PageLog, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page that aborts and records every request leaving 127.0.0.1.

    At teardown it saves test-output/<test name>.png and fails the test if any
    external request was attempted.
    """
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page_log.attach(page)
    try:
        yield page
    finally:
        OUTPUT_DIR.mkdir(exist_ok=True)
        try:
            page.screenshot(path=str(OUTPUT_DIR / screenshot_name(request.node.name)), full_page=True)
        finally:
            context.close()
    if page_log.blocked:
        pytest.fail(
            f"the page tried {len(page_log.blocked)} external request(s), all blocked: {page_log.blocked}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article shipped in seeds/."""
    return PROJECT_ROOT / "seeds" / "000_5900aaeb977870d1.txt"


@pytest.fixture(scope="session")
def boundaries():
    """The shapes of data/, loaded once."""
    from geo.boundaries import load_boundaries

    return load_boundaries()


@pytest.fixture(scope="session")
def seed_article(seed_path: Path):
    """The seed article, read as the CLI and the dashboard read it."""
    from geo.text import read_article

    return read_article(seed_path)


@pytest.fixture(scope="session")
def gold() -> dict:
    """Hand-checked answers for the seed article (copied from the team's gold file)."""
    import json

    return json.loads((PROJECT_ROOT / "tests" / "gold" / "seed_000.json").read_text(encoding="utf-8"))


@pytest.fixture
def unreadable_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path, bytes], Path]]:
    """Factory: write a file this process may not read (chmod 000; for root, who reads it anyway, open() says EACCES)."""
    made: list[Path] = []
    real_open = os.open

    def denied(file, flags, *args, **kwargs):
        if any(os.fspath(file) == str(p) for p in made):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
        return real_open(file, flags, *args, **kwargs)

    def make(path: Path, content: bytes) -> Path:
        path.write_bytes(content)
        path.chmod(0)
        made.append(path)
        if os.geteuid() == 0:
            monkeypatch.setattr(os, "open", denied)
        return path

    yield make
    for path in made:
        path.chmod(0o644)
