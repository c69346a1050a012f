"""Session fixtures of the browser suite: the demo site built once into a
temporary folder, served on 127.0.0.1 (random free port) by a threaded
http.server in a background thread, and one headless Debian Chromium driven
by Playwright. Without /usr/bin/chromium the suite is skipped, unless the
environment variable CI is set: then it fails."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from checks import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_PROXY, Fetcher, crawl

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (make install)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=CHROMIUM_PROXY)
    yield b
    b.close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, playwright_instance) -> Path:
    """The demo site, built once per session."""
    site = tmp_path_factory.mktemp("browser") / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--data", str(ROOT / "data"), "--site", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        # Like GitHub Pages (max-age=600): the browser reuses scripts and
        # styles from page to page instead of asking again for each.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The browser drops connections it no longer needs (the test moved
        # on to the next page): not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path):
    """Serve directory on 127.0.0.1 at a free port; returns (origin, server)."""
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="session")
def origin(site_dir):
    """Origin of the served demo site, e.g. http://127.0.0.1:40123."""
    url, server = serve(site_dir)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def crawled(origin, site_dir):
    """(every page URL, link problems): crawled from / plus every *.html file."""
    return crawl(origin, site_dir, Fetcher())


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/browser/ (git-ignored): screenshots and the printed PDF."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
