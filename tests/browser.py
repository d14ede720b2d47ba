"""Playwright with Debian's chromium, and a static server for a built site."""

from __future__ import annotations

import contextlib
import http.server
import shutil
from pathlib import Path

import pytest

from tools.bench.server import python_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature set by the base class
        """Keep test output clean."""

    def send_error(self, code, message=None, explain=None):
        """Answer a missing page with the site's own 404.html, as the production server does."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve_site(site: Path):
    """Serve ``site`` on a free loopback port (a context manager yielding its base URL)."""
    return python_server(site, _QuietHandler)


@contextlib.contextmanager
def chromium():
    """A headless Debian chromium driven by Playwright; skipped when it is missing."""
    if not shutil.which("chromium") and not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def horizontal_overflow(page) -> int:
    """How many pixels the page scrolls sideways (0 is what a phone needs)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
