"""Single measurements: a build in its own process, the markdown floor, stats, photos, search.

Every build runs in a child process started by ``launch`` and reaped with
``os.wait4``, so its peak memory is its own (``RUSAGE_CHILDREN`` would give
the largest child so far) and its wall time includes interpreter start-up, as
``mkdocs build`` on the command line does. Measurements that cannot run say why in a ``Skipped``.

Run as ``python -m tools.bench.measure floor <portal>`` (the floor worker) or
``… profile <portal> <site> <text-file>`` (a profiled ``congtt build``).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from congtt import dates
from congtt.config import CongttConfig, names, plugin_settings
from congtt.images import PhotoPipeline
from congtt.model import Portal, Post
from congtt.parallel import WORKERS_VARIABLE
from . import server
from .corpus import NOW

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SEARCH_PAGE = "tim-kiem/"
# Beside the search page, at the same depth, so that the copy's relative links resolve alike.
REFERENCE_PAGE = "tim-kiem-tham-chieu/"
SEARCH_QUERY = "dang ky khai sinh"
# Odd, for a true median; 21 rather than 11: on one idle machine the median of 11 moved between 648 and
# 740 ms from one set to the next, a few minutes apart.
SEARCH_RUNS = 21
CPU_THROTTLING = 4
_LOG_TAIL = 3000


class BenchError(RuntimeError):
    """A build or measurement that failed: the benchmark stops and shows the log."""


@dataclass(frozen=True)
class Skipped:
    """A measurement not taken, and why (written into BENCHMARKS.md, null in results.json)."""

    reason: str


@dataclass(frozen=True)
class Measured:
    """Wall time and peak resident memory of one child process."""

    wall_s: float
    peak_rss_mb: float


def run_child(argv: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``argv`` through the launcher; its own wall time and peak memory, or BenchError with the log.

    ``env`` adds variables to the child's environment.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    report = log.with_suffix(".measure.json")
    with log.open("wb") as output:
        done = subprocess.run(
            [sys.executable, "-m", "tools.bench.launch", str(report), *argv],
            cwd=cwd, stdout=output, stderr=subprocess.STDOUT, check=False, env={**child_environment(), **(env or {})},
        )
    if done.returncode != 0:
        tail = log.read_text("utf-8", errors="replace")[-_LOG_TAIL:]
        raise BenchError(f"{' '.join(argv)} failed with status {done.returncode}:\n{tail}")
    return Measured(**json.loads(report.read_text("utf-8")))


# The repository, whose tools/ the benchmark's children import (``python -m tools.bench.…`` from a portal).
REPOSITORY = Path(__file__).resolve().parents[2]


def child_environment() -> dict[str, str]:
    """This process's environment, with the repository on the module path of a child run elsewhere."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(REPOSITORY), path)))}


def congtt_command() -> str:
    """The ``congtt`` console script of the running interpreter's environment."""
    return str(Path(sys.executable).parent / "congtt")


def congtt_build(portal: Path, site: Path, log: Path) -> Measured:
    """``congtt build`` as staff run it (check, then atomic build), as of the corpus's instant.

    Cold or not depends on what the portal's ``.cache`` holds: see ``forget_build_caches``.
    """
    return run_child(
        [congtt_command(), "build", "-f", str(portal / "mkdocs.yml"), "--site-dir", str(site), "--now", NOW],
        portal,
        log,
    )


def mkdocs_build(config_file: Path, log: Path) -> Measured:
    """Plain ``mkdocs build`` of a baseline configuration."""
    return run_child([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)], config_file.parent, log)


def floor(portal: Path, log: Path) -> float:
    """Seconds python-markdown alone takes to render every item body, timed inside a child."""
    run_child([sys.executable, "-m", "tools.bench.measure", "floor", str(portal)], portal, log)
    return float(log.read_text("utf-8").split()[-1])


def _floor_worker(portal: Path) -> float:
    """Read every item file, drop its front-matter, render the body with the portal's extensions."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(portal / "mkdocs.yml"))
    files = sorted(p for folder in ("news", "plans", "tthc") for p in (portal / folder).rglob("*.md"))
    renderer = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    start = time.perf_counter()
    for path in files:
        text = path.read_text("utf-8")
        body = text.split("\n---\n", 1)[1]
        renderer.reset().convert(body)
    return time.perf_counter() - start


def feeds_time(portal: Path) -> float | Skipped:
    """Seconds to write every RSS and Atom feed of ``portal``, its photos already cached, as the build does."""
    if importlib.util.find_spec("congtt.feeds") is None:
        return Skipped("src/congtt/feeds.py does not exist yet")
    import tempfile

    from mkdocs.config import load_config

    from congtt import feeds
    from congtt.plugin import PHOTO_CACHE
    from congtt.validation import check_tree

    config = load_config(str(portal / "mkdocs.yml"))
    loaded, problems = check_tree(plugin_settings(config), portal, Path(config.docs_dir))
    if problems:
        raise BenchError(f"the generated portal has problems: {problems[0]}")
    pipeline = PhotoPipeline(portal / PHOTO_CACHE)
    photos = {
        asset.url: pipeline.publish(asset.path, asset.url)
        for item in loaded.items() for asset in item.published_files() if asset.is_image
    }
    site = feeds.FeedSite.from_config(config)
    with tempfile.TemporaryDirectory() as target:
        start = time.perf_counter()
        feeds.write_feeds(Path(target), loaded, dates.parse_instant(NOW), site, lambda asset: photos[asset.url])
        return time.perf_counter() - start


def tree_bytes(folder: Path) -> int:
    """Total size of the files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def stats_time(settings: CongttConfig, count: int) -> float:
    """Seconds ``stats.compute`` takes over ``count`` in-memory posts, in a period holding them all."""
    from congtt.stats import compute, custom_period

    posts = _stat_posts(settings, count)
    period = custom_period("01/01/2018", "31/12/2026")
    now = dates.parse_instant(NOW)
    start = time.perf_counter()
    compute(Portal(posts=posts), settings, period, now)
    return time.perf_counter() - start


def _stat_posts(settings: CongttConfig, count: int) -> list[Post]:
    """Posts with the fields statistics read: date, category, CCHC areas, channels, author."""
    rng = random.Random("congtt-bench-stats")
    categories, areas, channels = list(names(settings.categories)), list(names(settings.cchc_areas)), list(names(settings.channels))
    authors = [f"Tác giả {n}" for n in range(40)]
    first = datetime(2018, 1, 1, 8, tzinfo=dates.VIETNAM)
    posts = []
    for index in range(count):
        moment = first + timedelta(minutes=rng.randrange(9 * 365 * 24 * 60))
        posts.append(
            Post(
                source=Path(f"news/{index}.md"), display_path=f"news/{index}.md", title=f"Tin {index}",
                slug=f"tin-{index}", url=f"tin-tuc/{index}/", body="", body_line=1, draft=False,
                date=moment, category=rng.choice(categories),
                cchc=tuple(rng.sample(areas, rng.randint(0, 2))) if rng.random() < 0.4 else (),
                channels=("portal", *rng.sample(channels, rng.randint(0, 2))), author=rng.choice(authors),
            )
        )
    return posts


@dataclass(frozen=True)
class PhotoRun:
    """The photo pipeline over a set of photos: cold, then again with the cache."""

    cold_s: float
    cached_s: float
    cached_reencodes: int


def photo_pipeline(photos: list[Path], cache: Path) -> PhotoRun:
    """Publish every photo with an empty cache, then with a fresh pipeline on the same cache."""
    cold = PhotoPipeline(cache)
    start = time.perf_counter()
    for number, path in enumerate(photos):
        cold.publish(path, f"tin-tuc/{number}/anh.jpg")
    cold_s = time.perf_counter() - start
    cached = PhotoPipeline(cache)
    start = time.perf_counter()
    for number, path in enumerate(photos):
        cached.publish(path, f"tin-tuc/{number}/anh.jpg")
    return PhotoRun(cold_s, time.perf_counter() - start, cached.encoded)


@dataclass(frozen=True)
class SearchRun:
    """A first query in a fresh browser: bytes on the wire, time until results are painted, results shown."""

    wire_bytes: int
    raw_bytes: int
    ms: float  # navigation start → the first result painted (Element Timing)
    results: int
    runs_ms: tuple[float, ...] = ()  # every run's painted time, when ``ms`` is their median
    top: tuple[str, ...] = ()  # the titles of the first three results
    in_page_ms: float = 0.0  # navigation start → #tim-kiem's data-state="done" (results in the page, not yet painted)
    in_page_runs_ms: tuple[float, ...] = ()
    server: str = ""  # which server answered (server.serve)
    # The same page as painted, its results in its HTML and no script, timed in turn with the query:
    # what Chromium takes for the page alone on the machine as it is right now (median, and every run).
    reference_ms: float | None = None
    reference_runs_ms: tuple[float, ...] = ()


# Runs in the page before its own scripts. It notes when #tim-kiem reports data-state="done" (the
# results are in the page) and marks the first result for Element Timing, whose entry tells when
# that result was painted: what a citizen waits for. It tells the harness through the console:
# waiting with page.wait_for_function would make Playwright compile its own injected script
# (about 100 ms at 4× throttling) on the page's main thread while the query is still running.
DONE_MESSAGE = "congtt-search-done"
_RESULT_TIMING = "congtt-first-result"
_DONE_OBSERVER = """
(() => {
  let inPage = null, painted = null, marked = false, told = false;
  const tell = () => {
    if (told || inPage === null || painted === null) return;
    told = true;
    console.debug('%(message)s ' + inPage + ' ' + painted);
  };
  const watch = () => {
    const first = document.querySelector('#ket-qua > li');
    if (first && !marked) {
      marked = true;
      for (const node of [first, ...first.querySelectorAll('*')]) node.setAttribute('elementtiming', '%(timing)s');
    }
    const element = document.getElementById('tim-kiem');
    if (inPage === null && element && element.dataset.state === 'done') { inPage = performance.now(); tell(); }
  };
  new MutationObserver(watch).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
  new PerformanceObserver((list) => {
    const entries = list.getEntries().filter((entry) => entry.identifier === '%(timing)s');
    if (painted !== null || !entries.length) return;
    painted = Math.min(...entries.map((entry) => entry.renderTime || entry.loadTime));
    tell();
  }).observe({type: 'element', buffered: true});
})();
""" % {"timing": _RESULT_TIMING, "message": DONE_MESSAGE}


def browser_missing() -> Skipped | None:
    """Why the rows measured in a browser cannot run here (Debian chromium, playwright); None when they can."""
    if not Path(CHROMIUM).exists():
        return Skipped(f"Debian chromium is not installed at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401 - only whether it can be imported
    except ImportError:
        return Skipped("playwright is not installed (pip install -e '.[bench]')")
    return None


def search_first_query(site: Path, query: str = SEARCH_QUERY, runs: int = 1, deployed: bool = True) -> SearchRun | Skipped:
    """Open ``/tim-kiem/?q=…`` in a fresh Chromium at 4× CPU throttling; measure until results are painted.

    The site is served as deployed (nginx with the shipped configuration) when nginx is installed
    and ``deployed``; see ``server.serve``.

    With ``runs`` above one, each run opens a new browser context (empty cache)
    and the run with the median painted time is returned, with every run's
    times: one run's time depends on how the page's parsing, first layout and
    the shards' arrival interleave on the throttled main thread.

    Each query run is followed by a run of a reference page: the search page as the first run
    painted it, results in its HTML and no scripts (written beside it as ``REFERENCE_PAGE`` and
    removed after). Its median is what the page alone costs on the machine as it is at that time,
    which moves within a day (on one idle site, the query's median went from 704 to 964 ms within
    ten minutes after a build); the query's own cost is the difference.
    """
    if not (site / SEARCH_PAGE / "index.html").is_file():
        return Skipped(f"the built site has no /{SEARCH_PAGE} page")
    missing = browser_missing()
    if missing:
        return missing
    from playwright.sync_api import sync_playwright

    reference = site / REFERENCE_PAGE
    with server.serve(site, deployed) as (base, answering), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            measured, alone = [], []
            for number in range(runs):
                found = _first_query(browser, base, query, reference if number == 0 else None)
                if isinstance(found, Skipped):
                    return found
                measured.append(found)
                painted = _reference_paint(browser, base)
                if isinstance(painted, Skipped):
                    return painted
                alone.append(painted)
        finally:
            browser.close()
            shutil.rmtree(reference, ignore_errors=True)
    median = replace(sorted(measured, key=lambda run: run.ms)[len(measured) // 2], server=answering)
    median = replace(median, reference_ms=sorted(alone)[len(alone) // 2], reference_runs_ms=tuple(alone))
    if runs == 1:
        return median
    return replace(median, runs_ms=tuple(run.ms for run in measured), in_page_runs_ms=tuple(run.in_page_ms for run in measured))


def _open_timed(browser, url: str, failure: str):
    """Open ``url`` in a new context (empty cache) at ``CPU_THROTTLING``, the observer in the page;
    the context, the page, and the observer's two times (in the page, painted). A Skipped saying
    ``failure`` and why, when the observer never tells (the context is then closed)."""
    context = browser.new_context()
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": CPU_THROTTLING})
    page.add_init_script(_DONE_OBSERVER)
    try:
        with page.expect_console_message(lambda message: message.text.startswith(DONE_MESSAGE), timeout=120_000) as done:
            page.goto(url, wait_until="commit")
    except Exception as error:  # noqa: BLE001 - Playwright's TimeoutError; any failure is reported as such
        context.close()
        return Skipped(f"{failure}: {error}")
    in_page, painted = map(float, done.value.text.split()[1:])
    return context, page, in_page, painted


def _reference_paint(browser, base: str) -> float | Skipped:
    """Milliseconds until the reference page's first result is painted, in a new context at the same throttling."""
    opened = _open_timed(browser, f"{base}{REFERENCE_PAGE}", f"the search page alone (/{REFERENCE_PAGE}) never painted its first result")
    if isinstance(opened, Skipped):
        return opened
    context, _, _, painted = opened
    context.close()
    return painted


# The page as painted, without its scripts: results, filter and status as the query left them.
_PAINTED_PAGE = """
() => {
  const copy = document.documentElement.cloneNode(true);
  for (const script of copy.querySelectorAll('script')) script.remove();
  return '<!doctype html>' + copy.outerHTML;
}
"""


def _first_query(browser, base: str, query: str, reference: Path | None = None) -> SearchRun | Skipped:
    """One query in a new context (empty cache): time to results, then every response's size; with
    ``reference``, the page as painted is written there (``index.html`` and its ``.gz``).

    Sizes come from the page's own Resource Timing entries (all same-origin, so
    complete), read once the network is idle: a DevTools Network session would
    record every response on the throttled page's main thread while it is timed
    (measured: slow runs went from 2 in 21 to 5 in 21 with one). The favicon,
    fetched by the browser rather than the page, is not counted.
    """
    opened = _open_timed(browser, f"{base}{SEARCH_PAGE}?q={quote(query)}", f"#tim-kiem never reached data-state=\"done\" for «{query}»")
    if isinstance(opened, Skipped):
        return opened
    context, page, in_page, painted = opened
    page.wait_for_load_state("networkidle")
    wire, raw = page.evaluate(_RESPONSE_SIZES)
    results = page.locator("#ket-qua li").count()
    if reference is not None:
        html = page.evaluate(_PAINTED_PAGE).encode("utf-8")
        reference.mkdir(parents=True, exist_ok=True)
        (reference / "index.html").write_bytes(html)
        (reference / "index.html.gz").write_bytes(gzip.compress(html, 9))
    top = page.eval_on_selector_all(
        "#ket-qua > li", "items => items.slice(0, 3).map(li => (li.querySelector('h2') || li).innerText.trim())"
    )
    context.close()
    return SearchRun(wire, raw, painted, results, top=tuple(top), in_page_ms=in_page)


# Bytes on the wire (headers and compressed body) and decoded, of the page and everything it fetched.
_RESPONSE_SIZES = """
() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return [entries.reduce((sum, e) => sum + e.transferSize, 0), entries.reduce((sum, e) => sum + e.decodedBodySize, 0)];
}
"""


# Where a profiled build spends its time. A frame matching a named stage (file
# path fragment, and function name unless None) puts itself and everything it
# calls in that stage, unless something deeper names another. The two broad
# stages only apply outside every named stage: MkDocs' own code, and congtt's
# plugin events with what they call that has no stage of its own.
MKDOCS_STAGE = "MkDocs: reading pages, nav, URLs, events, other"
CONGTT_STAGE = "congtt: plugin events, other engine code"
OTHER_STAGE = "Python and other libraries"
PROFILE_STAGES = (
    ("Python: importing modules", "<frozen importlib", None),
    ("Material: built-in search index", "/plugins/search/", None),
    ("python-markdown: converting Markdown (pages, feeds)", "/markdown/core.py", "convert"),
    ("Jinja2: rendering page templates", "/jinja2/environment.py", "render"),
    ("MkDocs: writing and copying files", "/mkdocs/utils/__init__.py", "write_file"),
    ("MkDocs: writing and copying files", "/mkdocs/utils/__init__.py", "copy_file"),
    ("congtt: loading and validating content", "/congtt/validation.py", "check_tree"),
    ("congtt: listings", "/congtt/listings.py", None),
    ("congtt: template filters", "/congtt/presentation.py", None),
    ("congtt: QR codes on procedure pages", "/congtt/presentation.py", "qr_svg"),
    ("congtt: photos from the cache", "/congtt/images.py", None),
    ("congtt: statistics charts", "/congtt/charts.py", None),
    ("congtt: search index", "/congtt/search.py", None),
    ("congtt: feeds", "/congtt/feeds.py", None),
    ("congtt: pre-compressed .gz files", "/congtt/compress.py", None),
    ("congtt: forking and waiting for render workers", "/congtt/parallel.py", None),
    ("congtt: render cache (keys, restoring kept pages)", "/congtt/pagecache.py", None),
    ("congtt: hard-linking photos and kept pages", "/congtt/linking.py", None),
    ("congtt: sitemap", "/congtt/sitemap.py", None),
    ("congtt: build-to-build caches (items, results)", "/congtt/memo.py", None),
    ("congtt: removing the replaced site", "/shutil.py", "rmtree"),
)
_BROAD = (OTHER_STAGE, MKDOCS_STAGE, CONGTT_STAGE)


def stage_times(frame, stage: str = OTHER_STAGE, totals: dict[str, float] | None = None) -> dict[str, float]:
    """Seconds per stage of a pyinstrument frame tree, each sample counted once in its innermost stage."""
    totals = {} if totals is None else totals
    path = (frame.file_path or "").replace(os.sep, "/")
    if stage == OTHER_STAGE and "/mkdocs/" in path:
        stage = MKDOCS_STAGE
    elif stage in _BROAD and path.endswith("/congtt/plugin.py"):
        stage = CONGTT_STAGE
    for name, fragment, function in PROFILE_STAGES:
        if fragment in path and function in (None, frame.function):
            stage = name
    if not frame.children:
        totals[stage] = totals.get(stage, 0.0) + frame.time
    for child in frame.children:
        stage_times(child, stage, totals)
    return totals


def forget_build_caches(portal: Path) -> None:
    """Empty what congtt keeps between builds (rendered pages, loaded items, results), so the next
    build is cold; the photo cache stays warm, as on a real portal whose photos were published before."""
    folder = portal / ".cache" / "congtt"
    for entry in folder.iterdir() if folder.is_dir() else []:
        if entry.name == "images":
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def profile_build(portal: Path, site: Path, text_file: Path, log: Path) -> dict[str, float]:
    """A cold ``congtt build`` under pyinstrument in a child: the text profile and seconds per stage.

    The build renders in one process (``CONGTT_WORKERS=1``): pyinstrument sees
    only the process it runs in, and forked workers would hide their share.
    """
    forget_build_caches(portal)
    stages_file = text_file.with_suffix(".json")
    run_child(
        [sys.executable, "-m", "tools.bench.measure", "profile", str(portal), str(site), str(text_file)],
        portal,
        log,
        env={WORKERS_VARIABLE: "1"},
    )
    return json.loads(stages_file.read_text("utf-8"))


def _profile_worker(portal: Path, site: Path, text_file: Path) -> None:
    """Run the ``congtt build`` command in this process under pyinstrument."""
    from pyinstrument import Profiler

    from congtt.cli import main

    profiler = Profiler(interval=0.005)
    profiler.start()
    try:
        main(["build", "-f", str(portal / "mkdocs.yml"), "--site-dir", str(site), "--now", NOW], standalone_mode=False)
    finally:
        profiler.stop()
    text_file.write_text(profiler.output_text(unicode=True, show_all=False), "utf-8")
    stages = stage_times(profiler.last_session.root_frame())
    text_file.with_suffix(".json").write_text(json.dumps(stages, indent=1), "utf-8")


def _main(argv: list[str]) -> None:
    """Worker entry point: ``floor <portal>`` prints the render seconds; ``profile`` writes a profile."""
    task, *arguments = argv
    if task == "floor":
        print(f"{_floor_worker(Path(arguments[0])):.6f}")
    elif task == "profile":
        _profile_worker(*(Path(a) for a in arguments))
    else:
        raise SystemExit(f"unknown task {task}")


if __name__ == "__main__":
    _main(sys.argv[1:])
