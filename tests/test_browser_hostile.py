"""In Chromium, with and without the shipped CSP: no payload from content runs, redirects or hides the page."""

from __future__ import annotations

import contextlib

import pytest

from browser import PHONE, chromium, serve_site
from tools.bench.server import serve
from test_hostile_content import NOW, PAGES, POST, POST_TITLE, hostile_portal

from conftest import run

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    portal = hostile_portal(tmp_path_factory.mktemp("hostile-browser"))
    result = run(portal, "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    return portal / "site"


def _visit(browser, base: str, path: str) -> tuple[list[str], str, str]:
    """Open a page until the network is idle; return the dialogs it opened, its final URL and body visibility."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    dialogs: list[str] = []

    def record(dialog) -> None:
        dialogs.append(dialog.message)
        with contextlib.suppress(Exception):  # the page may already be navigating away (a refresh)
            dialog.dismiss()

    page.on("dialog", record)
    page.goto(base + path.removesuffix("index.html"), wait_until="networkidle")
    # Every image has settled (an onerror handler would have fired by now).
    page.wait_for_function("Array.from(document.images).every(image => image.complete)")
    visibility = page.evaluate("getComputedStyle(document.body).display")
    url = page.url
    context.close()
    return dialogs, url, visibility


def _assert_inert(browser, base: str) -> None:
    for path in PAGES:
        dialogs, url, display = _visit(browser, base, path)
        assert dialogs == [], (path, dialogs)
        assert url == base + path.removesuffix("index.html"), (path, url)  # no refresh took the page away
        assert display != "none", path


def test_no_payload_runs_without_a_csp(hostile_site):
    with chromium() as browser, serve_site(hostile_site) as base:
        _assert_inert(browser, base)


def test_no_payload_runs_behind_the_shipped_csp(hostile_site):
    with serve(hostile_site, deployed=True) as (base, server):
        if not server.startswith("nginx"):
            pytest.skip("nginx is not installed (make test installs it)")
        with chromium() as browser:
            _assert_inert(browser, base)


def test_the_title_reaches_link_previews_whole(hostile_site):
    with chromium() as browser, serve_site(hostile_site) as base:
        page = browser.new_page()
        page.goto(base + POST.removesuffix("index.html"))
        assert page.get_attribute('meta[property="og:title"]', "content") == POST_TITLE
        assert page.title().startswith(POST_TITLE)
        assert page.inner_text("h1") == POST_TITLE
