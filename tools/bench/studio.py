"""The studio's rows, as staff meet them: the news list opening, save → preview, publish → live.

The studio (``studio.server.make_studio``, served by uvicorn in a thread on a
free loopback port) works over a git repository of the generated portal, one
commit of every item, built once beforehand as the portal's previous builds
left it (its ``site/`` and ``.cache``). The news list is opened by the real
Decap CMS in Debian Chromium; saves, previews and publications go through
Decap's proxy protocol over HTTP exactly as Decap sends them, timed from the
request until the staff member can see the result: the preview page answering
with the post's title, the published page in the rebuilt ``site/`` with
``/api/status`` saying live. No deploy target: what ``scripts/deploy.py`` adds
depends on the server the site is copied to.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from congtt import dates
from congtt.text import slugify
from .corpus import Corpus, new_post_text
from .measure import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    BenchError,
    Skipped,
    browser_missing,
    congtt_command,
    run_child,
)

STUDIO_KEYS = ("studio_news_open_s", "studio_news_start_s", "studio_preview_first_s", "studio_preview_s",
               "studio_publish_live_s")
# Decap's entry cards, in its list and grid views alike: a link to the entry's editor.
ENTRY_CARDS = 'a[href^="#/collections/news/entries/"]'
PAGE_CARDS = 'a[href^="#/collections/pages/entries/"]'
NEWS_LINK = 'a[href="#/collections/news"]'  # the news collection in Decap's sidebar
LIST_ACTIONS = ("entriesByFolderPage", "entriesByFolder")
EDITOR_RUNS = 5
PREVIEW_RUNS = 3
PUBLISH_RUNS = 3
WAIT_S = 600  # the longest one step may take before the run fails: a cold preview of a large portal
VIEWPORT = {"width": 1280, "height": 800}
WRITER = ("hoa", "mat-khau-bien-tap-bench", "Nguyễn Thị Hoa")
APPROVER = ("an", "mat-khau-truong-ban-bench", "Trần Văn An")
_IDENTITY = ["-c", "user.name=Quản trị", "-c", "user.email=qt@example"]


@dataclass(frozen=True)
class Runs:
    """How many times each row is measured; each figure is the median of its runs."""

    editor: int = EDITOR_RUNS
    preview: int = PREVIEW_RUNS
    publish: int = PUBLISH_RUNS


def measure_studio(corpus: Corpus, source: Path, work: Path, log: Path, runs: Runs = Runs()) -> dict | Skipped:
    """Every studio figure on ``corpus`` (its portal becomes the studio's repository): the runs and parts
    behind the four rows (see ``values``). Decap's files are looked for as the studio looks for them,
    beside the congtt checkout ``source`` first; ``work`` keeps the studio's accounts and previews."""
    from congtt.studio import DECAP_VERSION
    from congtt.studio.server import StudioError, decap_dist

    try:
        decap = decap_dist(source)
    except StudioError:
        return Skipped(f"Decap CMS {DECAP_VERSION} is not fetched (make studio/decap-cms-{DECAP_VERSION}/dist/decap-cms.js)")
    missing = browser_missing()
    if missing:
        return missing
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    repository = _repository(corpus.portal, log)
    figures: dict = {"setup_s": round(time.perf_counter() - started, 1)}
    with _studio(repository, decap, work) as base, sync_playwright() as playwright:
        writer, approver = _Session(base, WRITER), _Session(base, APPROVER)
        # First, while the studio's preview worker builds the portal: the first preview waits for it.
        figures["preview"] = _preview_runs(writer, corpus, runs.preview)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            figures["editor"] = _open_news_runs(browser, base, runs.editor)
        finally:
            browser.close()
        figures["publish"] = _publish_runs(writer, approver, corpus, repository, runs.publish)
    return figures


def values(figures: dict) -> dict[str, float]:
    """The four row values of ``measure_studio``'s figures: the medians, the first preview as it came."""
    return {
        "studio_news_open_s": figures["editor"]["switch_s"],
        "studio_news_start_s": figures["editor"]["cold_s"],
        "studio_preview_first_s": figures["preview"]["first_s"],
        "studio_preview_s": figures["preview"]["edit_s"],
        "studio_publish_live_s": figures["publish"]["live_s"],
    }


def _repository(portal: Path, log: Path) -> Path:
    """Make ``portal`` a git repository of one commit (branch main) and build it once, untimed.

    The build is the publisher's own command (no ``--now``): the rebuild after a
    publication then finds the site and the caches a portal's earlier builds
    leave, as every publication but a new portal's first does.
    """
    (portal / ".gitignore").write_text("site/\n.cache/\n", "utf-8")
    for command in (["init", "--quiet", "--initial-branch=main"], [*_IDENTITY, "add", "-A"],
                    [*_IDENTITY, "commit", "--quiet", "-m", "Cổng thử của bộ đo"]):
        subprocess.run(["git", "-C", str(portal), *command], check=True, capture_output=True)
    run_child([congtt_command(), "build", "-f", str(portal / "mkdocs.yml")], portal, log)
    return portal


@contextlib.contextmanager
def _studio(repository: Path, decap: Path, work: Path):
    """The studio over ``repository``, its data (accounts, previews) in ``work``, served; yield its base URL."""
    from congtt.studio.accounts import APPROVER as APPROVING
    from congtt.studio.accounts import WRITER as WRITING
    from congtt.studio.accounts import Accounts
    from congtt.studio.app import create_app
    from congtt.studio.server import DATA_VARIABLE, make_studio

    accounts = Accounts(work / "accounts.json")
    accounts.add(WRITER[0], WRITING, WRITER[1], WRITER[2])
    accounts.add(APPROVER[0], APPROVING, APPROVER[1], APPROVER[2])
    before = os.environ.get(DATA_VARIABLE)
    os.environ[DATA_VARIABLE] = str(work)  # where make_studio finds the accounts and keeps the previews
    try:
        studio = make_studio(repository / "mkdocs.yml", decap)
    finally:
        if before is None:
            del os.environ[DATA_VARIABLE]
        else:
            os.environ[DATA_VARIABLE] = before
    studio.protocol.previews.warm_up()  # as ``congtt studio`` does when it starts
    try:
        with _served(create_app(studio)) as base:
            yield base
        studio.protocol.publisher.wait()
    finally:
        studio.protocol.previews.close()


@contextlib.contextmanager
def _served(app):
    """uvicorn serving ``app`` in a thread on a free loopback port, as ``congtt studio`` serves it."""
    import uvicorn

    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        if not server.started:
            raise BenchError("the studio did not start")
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        listening.close()


# Row 1: the news collection opens in Decap


def _open_news_runs(browser, base: str, runs: int) -> dict:
    """Open the news list ``runs`` times, each in a new browser context: with an empty cache, then again
    in a new tab of the same context (the cache as the first opening left it), then from another
    collection of a running editor, as staff go to it from the sidebar."""
    cold, warm, switch = [], [], []
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        try:
            answer = context.request.post(f"{base}/api/login", data={"username": WRITER[0], "password": WRITER[1]})
            if not answer.ok:
                raise BenchError(f"logging in to the studio failed: {answer.status} {answer.text()}")
            cold.append(_open_news(context, base))
            warm.append(_open_news(context, base))
            switch.append(_switch_to_news(context, base))
        finally:
            context.close()
    middle = sorted(cold, key=lambda run: run["s"])[len(cold) // 2]
    return {
        "cold_s": middle["s"], "warm_s": _median([run["s"] for run in warm]),
        "cold_runs_s": [run["s"] for run in cold], "warm_runs_s": [run["s"] for run in warm],
        "median_run": middle,
        "switch_s": _median([run["s"] for run in switch]), "switch_runs_s": [run["s"] for run in switch],
        "switch_server_s": _median([run["server_s"] for run in switch]),
    }


def _open_news(context, base: str) -> dict:
    """Seconds from navigating to ``/#/collections/news`` until Decap shows entry cards, and where they went.

    The parts come from the browser's own timing of the ``entriesByFolder``
    request: until Decap sent it (its script and configuration loaded and run),
    until its answer had arrived, and after (Decap building the list).
    """
    page = context.new_page()
    with page.expect_response(_entries_answer, timeout=WAIT_S * 1000) as answered:
        begun, start = time.time(), time.perf_counter()
        page.goto(f"{base}/#/collections/news", wait_until="commit")
        page.wait_for_selector(ENTRY_CARDS, state="visible", timeout=WAIT_S * 1000)
        seconds = time.perf_counter() - start
    shown = page.locator(ENTRY_CARDS).count()
    response = answered.value
    response.finished()
    timing = response.request.timing
    sent = timing["startTime"] / 1000 - begun
    arrived = sent + timing["responseEnd"] / 1000
    run = {
        "s": round(seconds, 3), "cards": shown, "entries_bytes": response.request.sizes()["responseBodySize"],
        "request_sent_s": round(sent, 3), "server_s": round((timing["responseStart"] - timing["requestStart"]) / 1000, 3),
        "answer_arrived_s": round(arrived, 3), "after_answer_s": round(seconds - arrived, 3),
    }
    page.close()
    return run


def _switch_to_news(context, base: str) -> dict:
    """Seconds from a click on «Tin bài» in the sidebar of an editor showing the static pages until the
    news list's entry cards are visible: the list's own cost, Decap already running."""
    page = context.new_page()
    page.goto(f"{base}/#/collections/pages", wait_until="commit")
    page.wait_for_selector(PAGE_CARDS, state="visible", timeout=WAIT_S * 1000)
    with page.expect_response(_entries_answer, timeout=WAIT_S * 1000) as answered:
        start = time.perf_counter()
        page.click(NEWS_LINK)
        page.wait_for_selector(ENTRY_CARDS, state="visible", timeout=WAIT_S * 1000)
        seconds = time.perf_counter() - start
    response = answered.value
    response.finished()
    timing = response.request.timing
    run = {"s": round(seconds, 3), "server_s": round((timing["responseStart"] - timing["requestStart"]) / 1000, 3)}
    page.close()
    return run


def _entries_answer(response) -> bool:
    """The answer to Decap's list of the news folder (its first page, as the studio's Decap asks)."""
    request = response.request
    if not request.url.endswith("/api/v1") or request.method != "POST":
        return False
    body = json.loads(request.post_data or "{}")
    return body.get("action") in LIST_ACTIONS and (body.get("params") or {}).get("folder") == "news"


# Rows 2 and 3: save → preview, publish → live, through Decap's protocol


class _Session:
    """One staff member logged in, making the requests Decap makes, with the session cookie."""

    def __init__(self, base: str, who: tuple[str, str, str]) -> None:
        self.base = base
        self.cookie = ""
        self.post("/api/login", {"username": who[0], "password": who[1]})

    def call(self, action: str, **params) -> dict:
        """One protocol action on the main branch; BenchError with the studio's message when refused."""
        return self.post("/api/v1", {"action": action, "params": {"branch": "main", **params}})

    def post(self, path: str, body: dict) -> dict:
        return json.loads(self.get(path, json.dumps(body).encode("utf-8")))

    def get(self, path: str, data: bytes | None = None) -> str:
        """The text of ``path`` (a POST of ``data`` when given); BenchError on any status but 200."""
        headers = {"Content-Type": "application/json", "Cookie": self.cookie}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=WAIT_S) as response:
                cookie = response.headers.get("set-cookie")
                self.cookie = cookie.split(";", 1)[0] if cookie else self.cookie
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            raise BenchError(f"the studio refused {path}: {error.code} {error.read().decode('utf-8', 'replace')}") from None


@dataclass(frozen=True)
class _Draft:
    """A new post as Decap names it: slug (its ``path`` template filled), file, title, text."""

    slug: str
    path: str
    title: str
    raw: str


def _draft(corpus: Corpus, number: int) -> _Draft:
    """A new post, the newest of all (dated a few minutes ago), titled with ``number`` to stay unique."""
    title = f"Ủy ban nhân dân xã họp giao ban công tác tuần, lần thứ {number}"
    when = datetime.now(dates.VIETNAM) - timedelta(minutes=10)
    slug = f"{when:%Y}/{when:%Y-%m-%d}-{slugify(title)}"
    return _Draft(slug, f"news/{slug}.md", title, new_post_text(corpus, title, f"{when:%d/%m/%Y %H:%M}"))


def _save(session: _Session, draft: _Draft) -> None:
    """Decap's save of a draft (editorial workflow): the entry on its branch ``cms/news/<slug>``."""
    session.call(
        "persistEntry", dataFiles=[{"slug": draft.slug, "path": draft.path, "raw": draft.raw}], assets=[],
        options={"collectionName": "news", "commitMessage": f"Tạo tin bài «{draft.slug}»", "useWorkflow": True,
                 "status": "draft"},
    )


def _save_and_preview(session: _Session, draft: _Draft) -> dict:
    """Seconds from pressing save until the preview page shows the post, with the save's share and the page."""
    start = time.perf_counter()
    _save(session, draft)
    saved = time.perf_counter()
    url = session.call("getDeployPreview", collection="news", slug=draft.slug)["url"]
    if draft.title not in session.get(url):
        raise BenchError(f"the preview {url} does not show «{draft.title}»")
    done = time.perf_counter()
    page = url.removeprefix(f"/xem-truoc/news/{draft.slug}/")
    return {"s": round(done - start, 3), "save_s": round(saved - start, 3), "page": page}


def _preview_runs(writer: _Session, corpus: Corpus, runs: int) -> dict:
    """A new draft's first preview (the preview worktree cold), then ``runs`` more after an edit each."""
    draft = _draft(corpus, 1)
    first = _save_and_preview(writer, draft)
    edits = []
    for number in range(1, runs + 1):
        draft = _Draft(draft.slug, draft.path, draft.title, draft.raw + f"\nCập nhật lần {number}: bổ sung thông tin.\n")
        edits.append(_save_and_preview(writer, draft))
    return {
        "first_s": first["s"], "first_save_s": first["save_s"], "edit_s": _median([run["s"] for run in edits]),
        "edit_runs_s": [run["s"] for run in edits], "edit_save_runs_s": [run["save_s"] for run in edits],
    }


def _publish_runs(writer: _Session, approver: _Session, corpus: Corpus, repository: Path, runs: int) -> dict:
    """``runs`` new posts, each saved and previewed (timed: a new draft's preview, the worktree warm),
    marked ready and published (timed until live)."""
    previews, published = [], []
    for number in range(2, runs + 2):
        draft = _draft(corpus, number)
        previews.append(_save_and_preview(writer, draft))
        approver.call("updateUnpublishedEntryStatus", collection="news", slug=draft.slug, newStatus="pending_publish")
        published.append(_publish(approver, draft, repository / "site" / previews[-1]["page"] / "index.html"))
    return {
        "live_s": _median([run["s"] for run in published]), "live_runs_s": [run["s"] for run in published],
        "merge_s": _median([run["merge_s"] for run in published]), "merge_runs_s": [run["merge_s"] for run in published],
        "new_post_preview_s": _median([run["s"] for run in previews]),
        "new_post_preview_runs_s": [run["s"] for run in previews],
    }


def _publish(approver: _Session, draft: _Draft, page: Path) -> dict:
    """Seconds from pressing publish until ``/api/status`` says live and ``page`` shows the post.

    The answer comes once the branch is merged and the whole tree checked; the
    rebuild follows. The page appears only when the rebuilt site replaces the
    old one whole, so a ``live`` left by the previous publication is never taken
    for this one.
    """
    start = time.perf_counter()
    approver.call("publishUnpublishedEntry", collection="news", slug=draft.slug)
    merged = time.perf_counter()
    deadline = merged + WAIT_S
    while time.perf_counter() < deadline:
        status = json.loads(approver.get("/api/status"))
        if status["state"] == "error":
            raise BenchError(f"the rebuild after publishing failed: {status['message']}")
        if status["state"] == "live" and page.is_file() and draft.title in page.read_text("utf-8"):
            return {"s": round(time.perf_counter() - start, 3), "merge_s": round(merged - start, 3)}
        time.sleep(0.05)
    raise BenchError(f"«{draft.title}» was not live {WAIT_S} s after publishing")


def _median(numbers: list[float]) -> float:
    return round(statistics.median(numbers), 3)
