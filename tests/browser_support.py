"""Fixtures for tests that open the built site in a browser or a validator.

conftest.py loads this module as a plugin (`pytest_plugins = ["browser_support"]`), so any test can
ask for these fixtures by name:

- `built_site`: the real site, built once per session into a temporary directory (a Path);
- `served_site`: that site served over HTTP on 127.0.0.1 (a ServedSite: `.url(path)`, `.pages`);
- `browser`: one headless Playwright browser driving Debian's Chromium, for the whole session;
- `page`: a fresh light-scheme browser page per test, closed afterwards.

The browser is the system's /usr/bin/chromium: `playwright install` is never run. Java, for the
Nu HTML Checker, is the system's too. When either is missing, a test that needs it fails under CI
(the CI environment variable set) and is skipped elsewhere, with the command that installs it.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from drawarchive.config import load_config
from drawarchive.pipeline.site import build_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

REPO = Path(__file__).resolve().parent.parent
BASE_URL = "https://example.org"
TITLE = "Express Entry Draw Archive"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Seconds spent by browser checks, printed at the end of the run: {label: (pages, seconds)}.
TIMINGS: dict[str, tuple[int, float]] = {}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(available: bool, missing: str) -> None:
    """Fails under CI, and skips elsewhere, when something a test needs is not on this machine."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{missing} (CI is set, so this is a failure, not a skip; .ci/run installs it)",
                    pytrace=False)
    pytest.skip(missing)


def require_chromium() -> None:
    require(CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK),
            f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")


def require_java() -> None:
    java = shutil.which("java")
    works = False
    if java:
        try:
            works = subprocess.run([java, "-version"], capture_output=True, timeout=60).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            works = False
    require(works, "no working Java runtime (`java -version` failed): apt-get install default-jre-headless")


def require_module(name: str, package: str) -> None:
    try:
        __import__(name)
    except ImportError:
        require(False, f"the Python package {package} is not installed: pip install -e \".[test]\"")


def html_pages(root: Path) -> list[str]:
    """Every HTML page of a built site, as the URL path a reader follows to it ('' is the home page)."""
    paths = []
    for file in sorted(root.rglob("*.html")):
        relative = file.relative_to(root).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        paths.append(relative[: -len("index.html")] if file.name == "index.html" else relative)
    return paths


def record_timing(label: str, pages: int, seconds: float) -> None:
    TIMINGS[label] = (pages, seconds)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport: 0 when nothing scrolls sideways."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


@dataclass
class ServedSite:
    """A built site served over HTTP; `url('draws/254/')` is the address of a page."""
    root: Path
    base_url: str  # ends with '/'
    pages: list[str]
    errors: list[str] = field(default_factory=list)  # "404 /missing.js": requests the server could not answer

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
                      ".wasm": "application/wasm", ".xml": "application/xml", ".csv": "text/csv"}

    def __init__(self, *args, errors: list[str], **kwargs):
        self._errors = errors
        super().__init__(*args, **kwargs)

    def log_request(self, code="-", size="-") -> None:
        if isinstance(code, int) and code >= 400:
            self._errors.append(f"{int(code)} {self.path}")

    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[ServedSite]:
    """Serves a directory on 127.0.0.1, on a free port, for as long as the block runs."""
    errors: list[str] = []
    handler = functools.partial(_QuietHandler, directory=str(root), errors=errors)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield ServedSite(root, f"http://127.0.0.1:{server.server_port}/", html_pages(root), errors)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once for the whole session into a temporary directory."""
    target = tmp_path_factory.mktemp("browser") / "site"
    config, problems = load_config(REPO)
    assert problems == []
    build_site(REPO, config.with_overrides(base_url=BASE_URL, path="/"), target)
    return target


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[ServedSite]:
    with serve(built_site) as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session; make contexts and pages from it."""
    require_chromium()
    require_module("playwright", "playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def open_page(browser: Browser, color_scheme: str = "light", **context_options) -> Iterator[Page]:
    """A page in a fresh browser context (color_scheme, viewport, … as for browser.new_context)."""
    context: BrowserContext = browser.new_context(color_scheme=color_scheme, **context_options)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with open_page(browser) as opened:
        yield opened


def pytest_terminal_summary(terminalreporter) -> None:
    if not TIMINGS:
        return
    terminalreporter.section("browser and validator timings")
    for label, (pages, seconds) in TIMINGS.items():
        per_page = seconds / pages if pages else 0.0
        terminalreporter.write_line(f"{label}: {pages} pages in {seconds:.1f} s ({per_page:.3f} s per page)")
