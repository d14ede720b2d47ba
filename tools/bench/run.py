"""The whole benchmark: for each size, congtt against plain mkdocs-material and the markdown floor.

One run measures everything the issue asks for, size by size, then the
size-independent parts (statistics over 100,000 posts, the photo pipeline), and
writes ``bench/results.json`` (exactly the issue's keys, null where a value
could not be measured) and ``BENCHMARKS.md`` (tables, goals, reasons for every
null, the profile). The record with the reasons and the extra figures is kept
in the work directory as ``record.json`` after every step.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from mkdocs.config import load_config

from congtt import dates
from congtt.config import plugin_settings
from congtt.images import PhotoPipeline
from congtt.plugin import PHOTO_CACHE
from . import lighthouse, measure
from .corpus import Corpus, add_one_post, change_one_post, generate
from .measure import Skipped
from .photos import write_photos
from .report import update_section, write_report
from .studio import STUDIO_KEYS, Runs, measure_studio, values as studio_values

SIZE_KEYS = (
    "cold_build_s", "baseline_tuned_build_s", "baseline_naive_build_s", "floor_render_s",
    "rebuild_nochange_s", "rebuild_one_post_s", "peak_rss_mb", "post_html_bytes", "site_bytes",
    "search_first_query_bytes", "search_first_query_ms", *STUDIO_KEYS,
)
TOP_KEYS = ("stats_100k_s", "feeds_s", "images_500_cold_s", "images_500_cached_reencodes", "machine")
DEFAULT_SIZES = (1000, 5000, 20000)
# The naive baseline grows quadratically (ANCHORS: 2,000 pages 91–100 s, 8,000
# about 20–25 min on this kind of machine); 5,000 stays near 10 minutes.
DEFAULT_SKIP_NAIVE_ABOVE = 5000
NAIVE_LIMIT_MINUTES = 20
# A size whose measurements would take longer than this (estimated from the
# previous size) is not run, and BENCHMARKS.md says so.
DEFAULT_SIZE_BUDGET_MINUTES = 60.0
# Cold congtt builds and tuned baseline builds per size, interleaved (C T, T C, C T …): one build of
# each moved the ratio between 1.19× and 1.30× from run to run on an idle machine, the baseline alone
# by more than the 1.25× goal's margin. The table keeps the best of each.
DEFAULT_BUILD_ROUNDS = 3
PHOTOS = 500
STATS_POSTS = 100_000
LIBRARIES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "Pillow", "playwright", "pyinstrument")
RESULTS_FILE = Path("bench/results.json")
# Where ``--only studio`` writes its rows, leaving results.json and BENCHMARKS.md to the whole run.
STUDIO_RESULTS_FILE = Path("bench/studio-results.json")
# Where ``--only lighthouse`` writes the page scores (the whole run puts them in BENCHMARKS.md too).
LIGHTHOUSE_RESULTS_FILE = Path("bench/lighthouse-results.json")
# The issue asks for the studio rows at 1,000 and 5,000 items; the whole run measures them up to there.
STUDIO_MAX_SIZE = 5000
REPORT_FILE = Path("BENCHMARKS.md")


@dataclass
class Options:
    """What to run and where; the defaults are the issue's."""

    template: Path
    output_dir: Path
    work_dir: Path
    sizes: tuple[int, ...] = DEFAULT_SIZES
    skip_naive_above: int = DEFAULT_SKIP_NAIVE_ABOVE
    size_budget_minutes: float = DEFAULT_SIZE_BUDGET_MINUTES
    build_rounds: int = DEFAULT_BUILD_ROUNDS
    photos: int = PHOTOS
    stats_posts: int = STATS_POSTS
    search: bool = True
    profile: bool = True
    only: str | None = None  # "studio" or "lighthouse": those rows alone, into their own results file
    studio: bool = True
    lighthouse: bool = True
    studio_max_size: int | None = STUDIO_MAX_SIZE  # None: at every size
    studio_runs: Runs = field(default_factory=Runs)


@dataclass
class Record:
    """Everything one run measured: the results, why some are null, and the figures around them."""

    sizes: dict[str, dict[str, Any]] = field(default_factory=dict)
    top: dict[str, Any] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def put(self, size: int | None, key: str, value: Any) -> None:
        """Store a measured value, or null and the reason when it was skipped."""
        target = self.top if size is None else self.sizes.setdefault(str(size), {})
        if isinstance(value, Skipped):
            target[key] = None
            self.reasons[f"{size}:{key}" if size is not None else key] = value.reason
        else:
            target[key] = value

    def results(self) -> dict[str, Any]:
        """The content of ``bench/results.json``: per size and top-level keys, nothing else."""
        return {
            "sizes": {size: {key: values.get(key) for key in SIZE_KEYS} for size, values in self.sizes.items()},
            **{key: self.top.get(key) for key in TOP_KEYS},
        }


def run_benchmark(options: Options, echo: Callable[[str], None] = print) -> Record:
    """Measure every size, then statistics and photos; write the results and the report."""
    if options.only == "studio":
        return _run_studio_only(options, echo)
    if options.only == "lighthouse":
        return _run_lighthouse_only(options, echo)
    record = Record()
    record.top["machine"] = machine()
    record.extra["started"] = datetime.now(dates.VIETNAM).isoformat(timespec="seconds")
    usage = CpuUsage.now()
    options.work_dir.mkdir(parents=True, exist_ok=True)
    _measure_sizes(options, record, echo)
    echo(f"statistics over {options.stats_posts:,} posts …")
    settings = plugin_settings(load_config(str(options.template)))
    record.put(None, "stats_100k_s", round(measure.stats_time(settings, options.stats_posts), 3))
    _measure_photos(options, record, echo)
    _measure_lighthouse(options, record, echo)
    record.extra["others_cores"] = round(usage.others_since(), 2)
    record.extra["finished"] = datetime.now(dates.VIETNAM).isoformat(timespec="seconds")
    record.extra["options"] = {"sizes": list(options.sizes), "skip_naive_above": options.skip_naive_above,
                               "size_budget_minutes": options.size_budget_minutes,
                               "build_rounds": options.build_rounds,
                               "photos": options.photos, "stats_posts": options.stats_posts,
                               "studio_max_size": options.studio_max_size, "studio_runs": vars(options.studio_runs)}
    _save(options, record)
    results_path = options.output_dir / RESULTS_FILE
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(json.dumps(record.results(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    write_report(record, options.output_dir / REPORT_FILE)
    return record


def _save(options: Options, record: Record) -> None:
    """Keep the record so far in the work directory: a long run is never lost entirely."""
    payload = {"sizes": record.sizes, "top": record.top, "reasons": record.reasons, "extra": record.extra}
    (options.work_dir / "record.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), "utf-8")


def _measure_sizes(options: Options, record: Record, echo: Callable[[str], None]) -> None:
    """Each size in turn, smallest first; feeds and the profile on the largest one that runs."""
    sizes = sorted(options.sizes)
    for position, size in enumerate(sizes):
        root = options.work_dir / str(size)
        logs = options.work_dir / f"logs-{size}"
        start = time.perf_counter()
        corpus = _measure_size(options, record, size, root, logs, echo)
        spent = time.perf_counter() - start
        record.extra[str(size)]["minutes"] = round(spent / 60, 1)
        later = sizes[position + 1:]
        reason = _over_budget(options, record, size, spent, later[0]) if later else None
        if not later or reason:
            _measure_largest(options, record, corpus, size, logs, echo)
        shutil.rmtree(root)
        _save(options, record)
        if reason:
            record.sizes.update((str(skipped), dict.fromkeys(SIZE_KEYS)) for skipped in later)
            record.extra["not_run"] = {str(skipped): reason for skipped in later}
            echo(f"not run: {', '.join(f'{n:,}' for n in later)} items: {reason}")
            return


def _over_budget(options: Options, record: Record, size: int, spent: float, following: int) -> str | None:
    """Why the next size is not run, when its estimate passes the budget; None when it fits.

    Everything grows about linearly with the items except the naive baseline,
    which grows quadratically (when it will run at the next size); the naive
    baseline and the studio rows count only when they will run at the next size.
    """
    scale = following / size
    naive = record.extra[str(size)].get("naive", {}).get("wall_s", 0.0)
    naive_next = naive * scale * scale
    runs_naive = following <= options.skip_naive_above and naive_next <= NAIVE_LIMIT_MINUTES * 60
    studio_s = record.extra[str(size)].get("studio_wall_s", 0.0)
    runs_studio = _studio_skip_reason(options, following) is None
    estimate = (spent - naive - studio_s) * scale + (naive_next if runs_naive else 0.0)
    estimate += studio_s * scale if runs_studio else 0.0
    if estimate <= options.size_budget_minutes * 60:
        return None
    return (
        f"the {size:,}-item measurements took {spent / 60:.0f} min, so "
        f"{following:,} items would take about {estimate / 60:.0f} min (linear growth, quadratic for the naive "
        f"baseline), over the {options.size_budget_minutes:g}-minute budget per size (--size-budget-minutes)"
    )


def _measure_size(options: Options, record: Record, size: int, root: Path, logs: Path, echo) -> Corpus:
    """Generate the corpus of ``size`` items and take every per-size measurement on it."""
    echo(f"[{size}] generating the corpus …")
    start = time.perf_counter()
    corpus = generate(root, size, options.template)
    extra = record.extra.setdefault(str(size), {})
    extra["generate_s"] = round(time.perf_counter() - start, 1)
    _warm_photo_cache(corpus)
    _measure_congtt(corpus, record, size, logs, options, echo)
    _measure_baselines(corpus, record, size, logs, options, echo)
    _repeat_builds(corpus, record, size, logs, options, echo)
    echo(f"[{size}] markdown floor …")
    record.put(size, "floor_render_s", round(measure.floor(corpus.portal, logs / "floor.log"), 3))
    _measure_studio(options, record, size, corpus, logs, echo)
    return corpus


def _measure_studio(options: Options, record: Record, size: int, corpus: Corpus, logs: Path, echo) -> None:
    """The studio's rows, on a copy of the portal made a git repository (the other rows' portal stays as it was)."""
    reason = _studio_skip_reason(options, size)
    if reason:
        for key in STUDIO_KEYS:
            record.put(size, key, Skipped(reason))
        return
    echo(f"[{size}] studio: news list in Chromium, save → preview, publish → live …")
    start = time.perf_counter()
    copy = Corpus(corpus.root / "studio", corpus.items)
    shutil.copytree(corpus.portal, copy.portal, symlinks=True)
    found = measure_studio(copy, options.template.parent, corpus.root / "studio-data", logs / "studio-build.log",
                           options.studio_runs)
    record.extra[str(size)]["studio_wall_s"] = round(time.perf_counter() - start, 1)
    if isinstance(found, Skipped):
        for key in STUDIO_KEYS:
            record.put(size, key, found)
        return
    for key, value in studio_values(found).items():
        record.put(size, key, value)
    record.extra[str(size)]["studio"] = found
    echo(f"[{size}] studio: " + ", ".join(f"{key} {value} s" for key, value in studio_values(found).items()))


def _studio_skip_reason(options: Options, size: int) -> str | None:
    """Why the studio rows are not measured at ``size``; None when they are."""
    if not options.studio:
        return "studio measurement turned off for this run"
    if options.studio_max_size is not None and size > options.studio_max_size:
        return (f"the studio rows are measured up to {options.studio_max_size:,} items, the issue's sizes "
                "(`python -m tools.bench --only studio --sizes …` measures them at any size)")
    return None


def _run_studio_only(options: Options, echo: Callable[[str], None]) -> Record:
    """The studio rows alone, size by size, into ``bench/studio-results.json`` with the machine and the runs.

    The file is written after every size, so a size that fails keeps the ones measured before it.
    """
    record = Record()
    record.top["machine"] = machine()
    record.extra["started"] = datetime.now(dates.VIETNAM).isoformat(timespec="seconds")
    usage = CpuUsage.now()
    path = options.output_dir / STUDIO_RESULTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    for size in sorted(options.sizes):
        root = options.work_dir / str(size)
        echo(f"[{size}] generating the corpus …")
        corpus = generate(root, size, options.template)
        record.extra[str(size)] = {}
        _warm_photo_cache(corpus)
        _measure_studio(replace(options, studio_max_size=None), record, size, corpus, options.work_dir / f"logs-{size}", echo)
        shutil.rmtree(root)
        record.extra["others_cores"] = round(usage.others_since(), 2)
        record.extra["finished"] = datetime.now(dates.VIETNAM).isoformat(timespec="seconds")
        path.write_text(json.dumps(studio_results(record), ensure_ascii=False, indent=2) + "\n", "utf-8")
    update_section(record, "studio", options.output_dir / REPORT_FILE)
    return record


def studio_results(record: Record) -> dict[str, Any]:
    """The content of ``bench/studio-results.json``: the rows per size, why any is null, their runs, the machine."""
    return {
        "sizes": {size: {key: values.get(key) for key in STUDIO_KEYS} for size, values in record.sizes.items()},
        "reasons": record.reasons,
        "runs": {size: extra.get("studio") for size, extra in record.extra.items() if size.isdigit()},
        "machine": record.top["machine"],
        "others_cores": record.extra.get("others_cores"),
        "started": record.extra.get("started"),
        "finished": record.extra.get("finished"),
    }


def _measure_lighthouse(options: Options, record: Record, echo) -> None:
    """Lighthouse's scores for every page kind of the example portal (see ``lighthouse``)."""
    if not options.lighthouse:
        record.extra["lighthouse"] = {"skipped": "Lighthouse measurement turned off for this run"}
        return
    echo("Lighthouse on every page kind of the example portal …")
    folder = options.work_dir / "lighthouse"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    found = lighthouse.measure_lighthouse(options.template.parent, folder)
    record.extra["lighthouse"] = {"skipped": found.reason} if isinstance(found, Skipped) else found
    shutil.rmtree(folder)


def _run_lighthouse_only(options: Options, echo: Callable[[str], None]) -> Record:
    """The Lighthouse scores alone, into ``bench/lighthouse-results.json`` with the machine."""
    record = Record()
    record.top["machine"] = machine()
    record.extra["started"] = datetime.now(dates.VIETNAM).isoformat(timespec="seconds")
    options.work_dir.mkdir(parents=True, exist_ok=True)
    _measure_lighthouse(options, record, echo)
    record.extra["finished"] = datetime.now(dates.VIETNAM).isoformat(timespec="seconds")
    path = options.output_dir / LIGHTHOUSE_RESULTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {**record.extra, "machine": record.top["machine"]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")
    update_section(record, "lighthouse", options.output_dir / REPORT_FILE)
    return record


def _measure_largest(options: Options, record: Record, corpus: Corpus, size: int, logs: Path, echo) -> None:
    """On the largest corpus measured: the feeds, and a profiled cold build."""
    _measure_feeds(corpus, record, echo)
    if not options.profile:
        return
    echo(f"[{size}] profiling a cold congtt build with pyinstrument …")
    text_file = (options.output_dir / RESULTS_FILE).parent / f"profile-{size}.txt"
    text_file.parent.mkdir(parents=True, exist_ok=True)
    stages = measure.profile_build(corpus.portal, corpus.root / "site-profiled", text_file, logs / "profile.log")
    record.extra["profile"] = {"size": size, "file": str(text_file.relative_to(options.output_dir)), "stages": stages}
    text_file.with_suffix(".json").unlink()


def _warm_photo_cache(corpus: Corpus) -> None:
    """Encode the cover photos once, as the previous builds of a real portal have: builds use the cache."""
    pipeline = PhotoPipeline(corpus.portal / PHOTO_CACHE)
    for number, path in enumerate(sorted(corpus.portal.glob("news/*/anh/*.jpg"))):
        pipeline.publish(path, f"anh-{number}.jpg")


def _measure_congtt(corpus: Corpus, record: Record, size: int, logs: Path, options: Options, echo) -> None:
    """Cold build, the page and site sizes, rebuilds unchanged, after one edit and after one new post, the first search."""
    site = corpus.root / "site"
    echo(f"[{size}] congtt cold build …")
    measure.forget_build_caches(corpus.portal)
    cold = measure.congtt_build(corpus.portal, site, logs / "congtt-cold.log")
    record.put(size, "cold_build_s", round(cold.wall_s, 2))
    record.put(size, "peak_rss_mb", round(cold.peak_rss_mb, 1))
    post = site / corpus.of_kind("post")[0].url / "index.html"
    record.put(size, "post_html_bytes", post.stat().st_size)
    record.put(size, "site_bytes", measure.tree_bytes(site))
    record.extra[str(size)]["post_url"] = corpus.of_kind("post")[0].url
    echo(f"[{size}] congtt rebuild, nothing changed …")
    again = measure.congtt_build(corpus.portal, site, logs / "congtt-nochange.log")
    record.put(size, "rebuild_nochange_s", round(again.wall_s, 2))
    edited = change_one_post(corpus)
    echo(f"[{size}] congtt rebuild after editing {edited.name} …")
    edit = measure.congtt_build(corpus.portal, site, logs / "congtt-one-post.log")
    record.put(size, "rebuild_one_post_s", round(edit.wall_s, 2))
    added = add_one_post(corpus)
    echo(f"[{size}] congtt rebuild after adding {added.name} …")
    addition = measure.congtt_build(corpus.portal, site, logs / "congtt-post-added.log")
    record.extra[str(size)]["rebuild_post_added_s"] = round(addition.wall_s, 2)
    _measure_search(site, record, size, options, echo)


def _measure_search(site: Path, record: Record, size: int, options: Options, echo) -> None:
    """The first query in Chromium at 4× CPU throttling, when the site has a search page."""
    if not options.search:
        reason = Skipped("search measurement turned off for this run")
        record.put(size, "search_first_query_bytes", reason)
        record.put(size, "search_first_query_ms", reason)
        return
    echo(f"[{size}] first search query in Chromium …")
    # The builds just written leave gigabytes for the kernel to flush; while it does, the throttled
    # browser's timings rose by a fifth (medians of 1.2–1.3 s against 0.9–1.0 s once flushed).
    os.sync()
    found = measure.search_first_query(site, runs=measure.SEARCH_RUNS)
    if isinstance(found, Skipped):
        record.put(size, "search_first_query_bytes", found)
        record.put(size, "search_first_query_ms", found)
        return
    record.put(size, "search_first_query_bytes", found.wire_bytes)
    record.put(size, "search_first_query_ms", round(found.ms))
    record.extra[str(size)]["search"] = {
        "query": measure.SEARCH_QUERY, "decoded_bytes": found.raw_bytes, "results": found.results,
        "runs_ms": [round(ms) for ms in found.runs_ms], "in_page_runs_ms": [round(ms) for ms in found.in_page_runs_ms],
        "top": list(found.top), "server": found.server,
        "reference_runs_ms": [round(ms) for ms in found.reference_runs_ms],
    }


def _repeat_builds(corpus: Corpus, record: Record, size: int, logs: Path, options: Options, echo) -> None:
    """More rounds of a cold congtt build and a tuned baseline build; the best of each is kept.

    The order alternates (the first round ran congtt then tuned; the second runs tuned then congtt,
    the third congtt then tuned), so a machine that slows or speeds up through the run weighs on both
    alike. The best, not the mean: noise on an idle machine only ever adds time.
    """
    figures = record.sizes[str(size)]
    runs = {"congtt": [figures["cold_build_s"]], "tuned": [figures["baseline_tuned_build_s"]]}
    for number in range(2, options.build_rounds + 1):
        for step in ("tuned", "congtt") if number % 2 == 0 else ("congtt", "tuned"):
            echo(f"[{size}] round {number} of {options.build_rounds}: {step} cold build …")
            runs[step].append(round(_cold_build(step, corpus, logs, number), 2))
    record.extra[str(size)].update(cold_runs_s=runs["congtt"], tuned_runs_s=runs["tuned"])
    record.put(size, "cold_build_s", min(runs["congtt"]))
    record.put(size, "baseline_tuned_build_s", min(runs["tuned"]))


def _cold_build(step: str, corpus: Corpus, logs: Path, number: int) -> float:
    """Seconds of one more cold build, congtt's or the tuned baseline's, into an empty folder as the first.

    An existing folder would make MkDocs spend time clearing the previous output first.
    """
    if step == "congtt":
        site = corpus.root / "site-round"
        measure.forget_build_caches(corpus.portal)
        seconds = measure.congtt_build(corpus.portal, site, logs / f"congtt-cold-{number}.log").wall_s
        shutil.rmtree(site)
        return seconds
    shutil.rmtree(corpus.baseline / "site-tuned", ignore_errors=True)
    return measure.mkdocs_build(corpus.baseline / "tuned.yml", logs / f"tuned-{number}.log").wall_s


def _measure_baselines(corpus: Corpus, record: Record, size: int, logs: Path, options: Options, echo) -> None:
    """Plain mkdocs-material: tuned (items out of the nav) always, naive while it stays under 20 minutes."""
    post_url = corpus.of_kind("post")[0].url
    echo(f"[{size}] baseline tuned (not_in_nav) …")
    tuned = measure.mkdocs_build(corpus.baseline / "tuned.yml", logs / "tuned.log")
    record.put(size, "baseline_tuned_build_s", round(tuned.wall_s, 2))
    extra = record.extra[str(size)]
    extra["tuned"] = _baseline_figures(tuned, corpus.baseline / "site-tuned", post_url)
    reason = _naive_skip_reason(options, record, size)
    if reason:
        record.put(size, "baseline_naive_build_s", Skipped(reason))
        return
    echo(f"[{size}] baseline naive (default navigation) …")
    naive = measure.mkdocs_build(corpus.baseline / "naive.yml", logs / "naive.log")
    record.put(size, "baseline_naive_build_s", round(naive.wall_s, 2))
    extra["naive"] = {"wall_s": naive.wall_s, **_baseline_figures(naive, corpus.baseline / "site-naive", post_url)}


def _naive_skip_reason(options: Options, record: Record, size: int) -> str | None:
    """Why the naive baseline is not built at ``size``; None when it is.

    It is skipped above ``--skip-naive-above``, and wherever its quadratic
    growth from the largest smaller size measured would pass 20 minutes on
    this machine as loaded now.
    """
    measured = [int(s) for s, figures in record.extra.items() if s.isdigit() and "naive" in figures and int(s) < size]
    estimate = None
    if measured:
        base = max(measured)
        estimate = record.extra[str(base)]["naive"]["wall_s"] * (size / base) ** 2
        basis = f"from {record.sizes[str(base)]['baseline_naive_build_s']:,} s at {base:,} items, about {estimate / 60:,.0f} min here"
    if size > options.skip_naive_above:
        reason = f"naive baseline skipped above {options.skip_naive_above:,} items (--skip-naive-above): it grows quadratically"
        return f"{reason} ({basis})" if estimate else f"{reason} and would exceed {NAIVE_LIMIT_MINUTES} minutes"
    if estimate and estimate > NAIVE_LIMIT_MINUTES * 60:
        return f"naive baseline skipped: it grows quadratically ({basis}, over {NAIVE_LIMIT_MINUTES} minutes)"
    return None


def _baseline_figures(run: measure.Measured, site: Path, post_url: str) -> dict[str, Any]:
    """Peak memory, post page size, site size and search index size of a baseline build."""
    index = site / "search/search_index.json"
    return {
        "peak_rss_mb": round(run.peak_rss_mb, 1),
        "post_html_bytes": (site / post_url / "index.html").stat().st_size,
        "site_bytes": measure.tree_bytes(site),
        "search_index_bytes": index.stat().st_size if index.exists() else None,
    }


def _measure_feeds(corpus: Corpus, record: Record, echo) -> None:
    """Writing every feed of the largest portal, as the build and ``congtt feeds`` do."""
    echo("feeds over the largest corpus …")
    found = measure.feeds_time(corpus.portal)
    record.put(None, "feeds_s", found if isinstance(found, Skipped) else round(found, 3))


def _measure_photos(options: Options, record: Record, echo) -> None:
    """The photo pipeline over ``options.photos`` phone photos: cold, then cached (re-encodes counted)."""
    folder = options.work_dir / "photos"
    shutil.rmtree(folder, ignore_errors=True)
    echo(f"drawing {options.photos} photos …")
    photos = write_photos(folder / "source", options.photos, "anh")
    echo("photo pipeline, cold then cached …")
    run = measure.photo_pipeline(photos, folder / "cache")
    record.put(None, "images_500_cold_s", round(run.cold_s, 2))
    record.put(None, "images_500_cached_reencodes", run.cached_reencodes)
    record.extra["photos"] = {"count": options.photos, "cached_s": round(run.cached_s, 3),
                              "source_bytes": measure.tree_bytes(folder / "source")}
    shutil.rmtree(folder)


@dataclass(frozen=True)
class CpuUsage:
    """CPU time of the whole machine and of this process tree, to tell how much other jobs used."""

    wall: float
    machine_busy: float
    ours: float

    @classmethod
    def now(cls) -> "CpuUsage":
        """A snapshot: /proc/stat's busy time, and our own and our children's CPU time."""
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]
        busy = (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
        return cls(time.monotonic(), busy, ours)

    def others_since(self) -> float:
        """Cores other processes kept busy on average since this snapshot."""
        later = CpuUsage.now()
        others = (later.machine_busy - self.machine_busy) - (later.ours - self.ours)
        return max(0.0, others / (later.wall - self.wall))


def machine() -> dict[str, Any]:
    """Cores, memory, CPU, Python and library versions, and the date of the run."""
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(_meminfo_kb("MemTotal") / 1024 / 1024, 1),
        "cpu": _cpu_model(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": {name: _version(name) for name in LIBRARIES},
        "chromium": _chromium_version(),
        "date": datetime.now(dates.VIETNAM).date().isoformat(),
    }


def _meminfo_kb(key: str) -> int:
    """A field of /proc/meminfo in kB (0 where there is none)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_model() -> str:
    """The processor's model name from /proc/cpuinfo, or what platform says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(name: str) -> str | None:
    """Installed version of a distribution, None when absent."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _chromium_version() -> str | None:
    """``chromium --version``, None when Chromium is not installed."""
    if not Path(measure.CHROMIUM).exists():
        return None
    done = subprocess.run([measure.CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or None
