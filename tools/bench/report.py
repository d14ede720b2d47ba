"""BENCHMARKS.md from a run's record: machine, method, a table per size, the goals, the profile.

The measured parts are rewritten on every run. A hand-written analysis kept
between ``<!-- analysis -->`` and ``<!-- /analysis -->`` in the existing file
survives the rewrite, so reading the profile is not lost when numbers change.
The studio's and Lighthouse's sections sit between markers of their own, so a
run of one of them alone (``--only``) replaces its section and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from congtt.text import fold
from .corpus import COVER_SHARE, COVER_SIZE, FIRST_DAY, LAST_DAY, PHOTO_POOL, SEED, split
from .measure import CPU_THROTTLING, SEARCH_QUERY, SEARCH_RUNS
from .photos import PHOTO_SIZE

ANALYSIS = re.compile(r"<!-- analysis -->.*?<!-- /analysis -->", re.S)
SECTIONS = ("studio", "lighthouse")
GOAL_SIZE = 20000
TUNED_GOAL, FLOOR_GOAL, REBUILD_GOAL, PAGE_DRIFT_GOAL = 1.25, 4.0, 0.20, 0.05
SEARCH_BYTES_GOAL, SEARCH_MS_GOAL, STATS_GOAL = 300_000, 1000, 5.0
STUDIO_GOAL_SIZE = 5000
STUDIO_GOALS = (
    ("studio_news_open_s", "news collection opens in the editor (from its sidebar) ≤ 2 s", 2.0),
    ("studio_preview_s", "save → preview visible ≤ 2 s", 2.0),
    ("studio_publish_live_s", "publish → page live ≤ 15 s", 15.0),
)


def write_report(record, path: Path) -> None:
    """Write BENCHMARKS.md, keeping the analysis section of the file it replaces."""
    kept = ANALYSIS.search(path.read_text("utf-8")) if path.exists() else None
    parts = [_header(record), _machine(record), _method(record)]
    parts += [_size_table(record, size) for size in record.sizes]
    parts += [_independent(record), _marked("studio", _studio(record)), _marked("lighthouse", _lighthouse(record)),
              _goals(record), _missing(record), _profile(record)]
    if kept:
        parts.append(kept.group(0) + "\n")
    path.write_text("\n".join(part for part in parts if part), "utf-8")


def update_section(record, name: str, path: Path) -> None:
    """Replace one marked section of BENCHMARKS.md by a run of that part alone (``--only``), saying so.

    Without the section's markers (a file older than them) it goes before the goals. Without a report at
    all nothing is written: a section alone is not a report, and the run's JSON holds its figures.
    """
    if not path.exists():
        return
    text = (_studio if name == "studio" else _lighthouse)(record)
    title, _, body = text.partition("\n")
    note = (f"\nMeasured apart from the run above, by `make bench ONLY={name}` "
            f"({record.extra.get('started', '')} → {record.extra.get('finished', '')}), on this machine.\n")
    section = _marked(name, title + "\n" + note + body)
    current = path.read_text("utf-8")
    marked = re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->\n", re.S)
    if marked.search(current):
        updated = marked.sub(lambda _: section, current, count=1)
    elif "\n## Goals" in current:
        updated = current.replace("\n## Goals", "\n" + section + "\n## Goals", 1)
    else:
        updated = current + "\n" + section
    path.write_text(updated, "utf-8")


def _marked(name: str, text: str) -> str:
    """A section between its markers; nothing when the section is empty."""
    return f"<!-- {name} -->\n{text}<!-- /{name} -->\n" if text else ""


def seconds(value: float | None) -> str:
    """``12.3 s``, or a dash for a value not measured."""
    return "—" if value is None else f"{value:,.2f} s" if value < 10 else f"{value:,.1f} s"


def size_text(value: int | None) -> str:
    """Bytes in KB or MB of 1,000 (the goals are written in those units)."""
    if value is None:
        return "—"
    if value < 1_000_000:
        return f"{value / 1000:,.1f} KB"
    return f"{value / 1_000_000:,.1f} MB"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator`` when both were measured."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def times(value: float | None) -> str:
    """A ratio as ``3.2×``."""
    return "—" if value is None else f"{value:.2f}×"


def _header(record) -> str:
    """Title, provenance and how to run it again."""
    sizes = ", ".join(f"{int(s):,}" for s in measured_sizes(record)) + " items"
    not_run = record.extra.get("not_run", {})
    if not_run:
        sizes += "; not run: " + ", ".join(f"{int(s):,}" for s in not_run) + " items (see below)"
    return (
        "# Benchmarks: how congtt's cost grows with the portal\n\n"
        f"Written by `make bench` (`python -m tools.bench`) from one run on {record.top['machine']['date']} "
        f"({record.extra.get('started', '')} → {record.extra.get('finished', '')}); measured: {sizes}. "
        "Raw figures: `bench/results.json`. Run it again with `make bench`, or "
        "`python -m tools.bench --sizes 1000,5000,20000`; the generated corpus is "
        "deterministic (same seed, same bytes), the timings are not.\n"
    )


def _machine(record) -> str:
    """The machine and how busy it was."""
    m = record.top["machine"]
    libraries = ", ".join(f"{name} {version}" for name, version in m["libraries"].items() if version)
    lines = [
        "## Machine\n",
        f"- {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB of memory, {m['system']}",
        f"- Python {m['python']}; {libraries}",
        f"- {m['chromium'] or 'Chromium not installed'}",
    ]
    share = record.extra.get("others_cores")
    if share is not None:
        busy = share >= 0.1
        lines.append(
            f"- Other processes used on average {share:.2f} of the {m['cores']} cores during the run"
            + (" — **other engineers' jobs shared the machine**, so absolute times are inflated; the ratios "
               "compare builds measured minutes apart under similar sharing." if busy else ".")
        )
    return "\n".join(lines) + "\n"


def _method(record) -> str:
    """What each figure means."""
    options = record.extra.get("options", {})
    return f"""## What is measured

- **Corpus** (`tools/bench/corpus.py`, seed `{SEED}`): about 80% news posts of 400–800 words
  (headings, a list or a table now and then, categories and CCHC areas from the example `mkdocs.yml`),
  15% documents (plans with tasks, reports, decisions, letters, notices; some citing earlier ones),
  5% procedures, dated {FIRST_DAY:%d/%m/%Y}–{LAST_DAY:%d/%m/%Y}. {COVER_SHARE:.0%} of posts have a cover photo
  ({PHOTO_POOL} distinct {COVER_SIZE[0]}×{COVER_SIZE[1]} JPEGs drawn with Pillow, a copy in each year folder).
  Item *i* is the same at every size, so the post page measured is the same post.
- **congtt**: `congtt build` as staff run it — validation, the MkDocs build with the congtt plugin, atomic swap —
  on a copy of the example portal's configuration, static pages and theme, with the photo cache already warm
  (the photo pipeline is measured on its own below). congtt renders on every core (forked workers), MkDocs on one.
  Wall time of the whole process, interpreter start-up included. Peak memory: the larger of the process's own peak
  RSS (`os.wait4`, from a small launcher process) and the peak, sampled every 50 ms, of the summed PSS of the process
  and its render workers. "Rebuild" runs the same command again: unchanged, after one post was edited, then after
  one new post (the newest of all, so it joins the top of every news listing it belongs to) was added.
  The cold congtt build and the tuned baseline build run {options.get('build_rounds', 1)} times each, interleaved
  (congtt then tuned, tuned then congtt, …; `--build-rounds`), each into an empty folder; the table shows the best
  of each, since noise on an idle machine only adds time.
  "Total output" counts every file written, congtt's pre-compressed `.gz` copies included.
- **tuned** and **naive**: plain `mkdocs build` with mkdocs-material and its built-in search over the same items
  written as ordinary Markdown pages in `docs/` at the same URLs. *naive* uses the default navigation;
  *tuned* keeps the items out of it with `not_in_nav`. Naive grows quadratically (ANCHORS: 2,000 pages 91–100 s,
  8,000 about 20–25 min on an idle machine of this kind): it is skipped above {options.get('skip_naive_above', 0):,}
  items (`--skip-naive-above`), and at any size where its growth from the previous size would pass 20 minutes on
  the machine as loaded during the run.
- **Budget**: a size whose measurements would take more than {options.get('size_budget_minutes', 0):g} minutes,
  estimated from the previous size (`--size-budget-minutes`), is not run and is reported as such.
- **floor**: python-markdown alone, with the portal's extensions, rendering every item body (files read, front-matter
  dropped), timed inside a child process.
- **Search**: the built site served as deployed, by nginx with the shipped `scripts/nginx/congtt.conf`
  (pre-compressed files, cache headers, the Content-Security-Policy) when nginx is installed, else by Python's
  `http.server` (the table says which); a fresh Chromium context, CPU throttled {CPU_THROTTLING}× (CDP `Emulation.setCPUThrottlingRate`), opens
  `/tim-kiem/?q={SEARCH_QUERY.replace(' ', '+')}`; bytes are the page's and every response's transfer size
  (headers and compressed body, from the page's Resource Timing once the network is idle); time is from
  navigation start until the first result is painted (Element Timing on the first result), and, beside it,
  until `#tim-kiem` has `data-state="done"` (results in the page, not yet painted); the median of
  {SEARCH_RUNS} runs, each in a new context (empty cache), with the range beside it. Each run is followed
  by one of "the page alone": the search page as the first run painted it, its results in its HTML and
  no scripts, whose median says what Chromium takes for the page on the machine as it was at that time.
  The harness puts nothing on the page's main thread while it is timed: it waits on a console message,
  not on Playwright's injected script, and opens no DevTools Network session.
- **Statistics**: `stats.compute()` over {options.get('stats_posts', 0):,} in-memory posts, one period holding all.
- **Feeds**: `feeds.write_feeds()` for the largest corpus measured, photos cached.
- **Profile**: one more cold build of the largest corpus measured under pyinstrument, rendering in one process
  (`CONGTT_WORKERS=1`) so that every stage shows in the one process the profiler sees.
- **Photos**: `images.PhotoPipeline` over {options.get('photos', 0)} photos of {PHOTO_SIZE[0]}×{PHOTO_SIZE[1]}
  (as a messaging app delivers phone photos, with camera EXIF), cold, then a new pipeline on the same cache.
"""


def measured_sizes(record) -> list[str]:
    """The sizes that were run, smallest first."""
    return sorted((size for size in record.sizes if size not in record.extra.get("not_run", {})), key=int)


def _size_table(record, size: str) -> str:
    """One table for one size: congtt against both baselines and the floor."""
    posts, documents, procedures = split(int(size))
    heading = f"## {int(size):,} items ({posts:,} posts, {documents:,} documents, {procedures:,} procedures)\n"
    not_run = record.extra.get("not_run", {}).get(size)
    if not_run:
        return f"{heading}\n**Not run**: {not_run}; every value of this size is null in `bench/results.json`.\n"
    r = record.sizes[size]
    extra = record.extra.get(size, {})
    tuned, naive = extra.get("tuned", {}), extra.get("naive", {})
    search = extra.get("search")
    search_cell = "—" if r["search_first_query_bytes"] is None else (
        f"{size_text(r['search_first_query_bytes'])}, painted in {r['search_first_query_ms']:,} ms "
        f"({search['results']} results{_spread(search.get('runs_ms'))}{_in_page(search.get('in_page_runs_ms'))}"
        f"{_reference(search.get('reference_runs_ms'))}{_served(search.get('server'))})"
    )
    rows = [
        ("cold build", seconds(r["cold_build_s"]), seconds(r["baseline_tuned_build_s"]),
         seconds(r["baseline_naive_build_s"]), seconds(r["floor_render_s"])),
        ("peak memory", f"{r['peak_rss_mb']:,.0f} MB", _mb(tuned), _mb(naive), "—"),
        ("rebuild, nothing changed", seconds(r["rebuild_nochange_s"]), "—", "—", "—"),
        ("rebuild after one post changed", seconds(r["rebuild_one_post_s"]), "—", "—", "—"),
        ("rebuild after one post added", seconds(extra.get("rebuild_post_added_s")), "—", "—", "—"),
        ("HTML of one post page", size_text(r["post_html_bytes"]), size_text(tuned.get("post_html_bytes")),
         size_text(naive.get("post_html_bytes")), "—"),
        ("total output", size_text(r["site_bytes"]), size_text(tuned.get("site_bytes")),
         size_text(naive.get("site_bytes")), "—"),
        ("search: first query", search_cell, _index(tuned), _index(naive), "—"),
        ("congtt cold build ÷ this", "1×", times(ratio(r["cold_build_s"], r["baseline_tuned_build_s"])),
         times(ratio(r["cold_build_s"], r["baseline_naive_build_s"])),
         times(ratio(r["cold_build_s"], r["floor_render_s"]))),
    ]
    lines = [
        heading,
        f"Measured in {extra.get('minutes', 0):g} min.\n",
        "| | congtt | tuned | naive | floor |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    if r["rebuild_one_post_s"] is not None and r["cold_build_s"]:
        added = extra.get("rebuild_post_added_s")
        share = f"; after one post added, {added / r['cold_build_s']:.0%}" if added else ""
        lines.append(f"\nRebuild after one change: {r['rebuild_one_post_s'] / r['cold_build_s']:.0%} of the cold build{share}.")
    lines += _rounds(extra)
    return "\n".join(lines) + "\n"


def _independent(record) -> str:
    """Statistics, feeds and the photo pipeline: measured once per run."""
    top, photos = record.top, record.extra.get("photos", {})
    options = record.extra.get("options", {})
    largest = int(measured_sizes(record)[-1])
    count = photos.get("count", 0)
    cold = top.get("images_500_cold_s")
    rows = [
        (f"statistics: `stats.compute()` over {options.get('stats_posts', 0):,} posts", seconds(top.get("stats_100k_s"))),
        (f"feeds: every RSS and Atom feed of the {largest:,}-item portal", seconds(top.get("feeds_s"))),
        (f"photo pipeline, {count} photos, empty cache",
         "—" if cold is None else f"{seconds(cold)} ({cold / max(count, 1):.2f} s a photo)"),
        (f"photo pipeline, the same {count} photos again, cached",
         f"{seconds(photos.get('cached_s'))}, {top.get('images_500_cached_reencodes')} re-encodes"),
    ]
    lines = ["## Measured once per run\n", "| | |", "|---|---:|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines) + "\n"


LIGHTHOUSE_HEADINGS = {"performance": "performance", "accessibility": "accessibility",
                       "best-practices": "best practices", "seo": "SEO"}


def _lighthouse(record) -> str:
    """Lighthouse's scores per page kind of the example portal: median (lowest) of the runs, and the goal."""
    found = record.extra.get("lighthouse")
    if not found:
        return ""
    if "skipped" in found:
        return f"## Lighthouse\n\nNot measured: {found['skipped']}.\n"
    categories = list(LIGHTHOUSE_HEADINGS)
    lines = [
        "## Lighthouse, every page kind of the example portal\n",
        f"Lighthouse {found['version']} with its default mobile settings (a mid-range phone's screen, simulated "
        f"slow 4G, CPU 4× slower), driving Debian's Chromium, on the example portal as `congtt build` makes it, "
        f"served by {found['served']}. Each page {found['runs']} times: the median score, and the lowest "
        "in brackets when it differs; CLS and LCP are medians. The goal (issue 24) is 95 or more in every category "
        "on every page kind. Lighthouse 13's experimental «agentic browsing» category is not scored.\n",
        "| page | " + " | ".join(LIGHTHOUSE_HEADINGS.values()) + " | CLS | LCP |",
        "|---|" + "---:|" * (len(categories) + 2),
    ]
    below = []
    for name, page in found["pages"].items():
        cells = []
        for key in categories:
            median, lowest = page["median"][key], page["lowest"][key]
            cells.append(f"{median:g}" + ("" if lowest == median else f" ({lowest:g})"))
            if median < 95:
                below.append(f"{name} ({LIGHTHOUSE_HEADINGS[key]} {median:g})")
        lines.append(f"| {name} (`{page['path']}`) | " + " | ".join(cells) + f" | {page['cls']:g} | {page['lcp_ms'] / 1000:.1f} s |")
    verdict = "Goal met on every page kind." if not below else "**Goal not met**: " + ", ".join(below) + "."
    return "\n".join(lines + ["", verdict]) + "\n"


def _studio(record) -> str:
    """The studio's rows at every size they were measured, and their goals."""
    sizes = [size for size in measured_sizes(record) if record.extra.get(size, {}).get("studio")]
    if not sizes:
        return ""
    figures = [record.extra[size]["studio"] for size in sizes]
    rows = [
        ("news list opens from the sidebar of a running editor",
         [_runs(f["editor"]["switch_s"], f["editor"]["switch_runs_s"]) for f in figures]),
        ("news list opens in a new browser (empty cache), Decap starting",
         [_runs(f["editor"]["cold_s"], f["editor"]["cold_runs_s"]) for f in figures]),
        ("… the same browser again (new tab)", [_runs(f["editor"]["warm_s"], f["editor"]["warm_runs_s"]) for f in figures]),
        ("… until Decap asks for the entries / has them / shows them", [_parts(f["editor"]["median_run"]) for f in figures]),
        ("save → preview, the first after the studio starts (its preview worker builds the portal)",
         [seconds(f["preview"]["first_s"]) for f in figures]),
        ("save → preview after an edit", [_runs(f["preview"]["edit_s"], f["preview"]["edit_runs_s"]) for f in figures]),
        ("save → preview, another new post, right after a publication",
         [_runs(f["publish"]["new_post_preview_s"], f["publish"]["new_post_preview_runs_s"]) for f in figures]),
        ("publish → page live", [_runs(f["publish"]["live_s"], f["publish"]["live_runs_s"]) for f in figures]),
        ("… of which the merge and the whole-tree check", [_runs(f["publish"]["merge_s"], f["publish"]["merge_runs_s"]) for f in figures]),
    ]
    lines = [
        "## Studio: Decap CMS and its protocol\n",
        _STUDIO_METHOD,
        "| | " + " | ".join(f"{int(size):,} items" for size in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    lines += [f"| {name} | {' | '.join(cells)} |" for name, cells in rows]
    return "\n".join(lines + ["", *_studio_goals(record, sizes)]) + "\n"


_STUDIO_METHOD = """The studio (`congtt studio`'s app, served by uvicorn in a thread) over a git repository of the
corpus (one commit of every item), built once beforehand with the publisher's own command, as earlier builds
leave a portal; no deploy target. **News list**: Decap CMS in Debian Chromium, logged in as a writer, navigates
to `/#/collections/news`; the time runs from the navigation until Decap's entry cards are visible
(`a[href^="#/collections/news/entries/"]`), each run in a new browser context (empty cache), then once more
in a new tab of that context; the parts come from Chromium's timing of Decap's `entriesByFolder` request.
Then, in a third tab showing the static pages, from a click on «Tin bài» in Decap's sidebar until the news
cards are visible: what staff wait each time they go to the news in an open editor.
**Save → preview**: Decap's `persistEntry` of a new post (a corpus post's text, dated now), then
`getDeployPreview`, until the preview URL answers with the post's title: what a writer waits after pressing
save. The first is measured as the studio starts, while its preview worker builds the portal once (a new
worktree, no cache); the others are rendered by that warm worker. After a publication the worker is renewed
from the new main branch, and the next preview waits for that. **Publish → live**: `publishUnpublishedEntry`
by the head of the board, until `/api/status` says live and the rebuilt `site/` holds the post's page. Medians of the runs, the range beside them.
"""


def _runs(median: float, runs: list[float]) -> str:
    """A median and the range of the runs it is the median of."""
    spread = f" ({len(runs)} runs, {min(runs):,.2f}–{max(runs):,.2f} s)" if len(runs) > 1 else ""
    return seconds(median) + spread


def _parts(run: dict) -> str:
    """Where the median opening of the news list went: Decap starting, the entries' answer, the list built."""
    return (f"{seconds(run['request_sent_s'])} / {seconds(run['answer_arrived_s'])} / {seconds(run['s'])} "
            f"({run['cards']:,} cards, {size_text(run['entries_bytes'])} of entries)")


def _studio_goals(record, sizes: list[str]) -> list[str]:
    """The studio's goals, at 5,000 items or the largest size its rows were measured at."""
    size = str(STUDIO_GOAL_SIZE) if str(STUDIO_GOAL_SIZE) in sizes else sizes[-1]
    lines = [f"Goals at {int(size):,} items" + ("" if size == str(STUDIO_GOAL_SIZE) else
             f" ({STUDIO_GOAL_SIZE:,} items were not measured)") + ":\n", "| goal | measured | verdict |", "|---|---:|---|"]
    for key, name, limit in STUDIO_GOALS:
        value = record.sizes[size].get(key)
        lines.append(f"| {name} | {seconds(value)} | {_verdict(value, limit)} |")
    return lines + ["", _start_up(record.extra[size]["studio"]["editor"])]


def _start_up(editor: dict) -> str:
    """The editor's start in a new browser, beside the goals: Decap's own start-up, the same at any size."""
    run = editor["median_run"]
    return (f"A new browser opening the editor straight on the news list waits {seconds(editor['cold_s'])}: "
            f"Decap's own script runs for {seconds(run['request_sent_s'])} before it asks for the first entry, "
            "whatever the portal's size (its whole `dist/`, as the studio serves it); the list then takes "
            f"{seconds(run['s'] - run['request_sent_s'])}, as from the sidebar.")


def _rounds(extra: dict) -> list[str]:
    """Every cold build of the size, in the order they ran, when there was more than one round."""
    cold, tuned = extra.get("cold_runs_s", []), extra.get("tuned_runs_s", [])
    if len(cold) < 2:
        return []
    congtt, baseline = (", ".join(seconds(value) for value in runs) for runs in (cold, tuned))
    return [f"\nCold builds, {len(cold)} rounds interleaved: congtt {congtt}; tuned {baseline}. "
            "The table keeps the best of each."]


def _spread(runs_ms: list[int] | None) -> str:
    """The range of the search runs whose median the table shows."""
    if not runs_ms or len(runs_ms) < 2:
        return ""
    return f"; median of {len(runs_ms)} runs, {min(runs_ms):,}–{max(runs_ms):,} ms"


def _reference(runs_ms: list[int] | None) -> str:
    """The same page with its results in its HTML, timed in turn with the query (older results lack it)."""
    if not runs_ms:
        return ""
    return f"; the page alone, results in its HTML, {sorted(runs_ms)[len(runs_ms) // 2]:,} ms"


def _served(server: str | None) -> str:
    """Which server answered the browser (older results do not say: the Python server)."""
    return f"; served by {server}" if server else ""


def _in_page(runs_ms: list[int] | None) -> str:
    """When the results entered the page, before they were painted: the median over the same runs."""
    if not runs_ms:
        return ""
    return f"; in the page after {sorted(runs_ms)[len(runs_ms) // 2]:,} ms"


def _mb(figures: dict[str, Any]) -> str:
    """A baseline's peak memory, or a dash."""
    return "—" if not figures else f"{figures['peak_rss_mb']:,.0f} MB"


def _index(figures: dict[str, Any]) -> str:
    """A baseline's search index: lunr downloads all of it on the first query."""
    if not figures or figures.get("search_index_bytes") is None:
        return "—"
    return f"whole index {size_text(figures['search_index_bytes'])} (uncompressed)"


def _goals(record) -> str:
    """Each goal of the issue: measured, met or not, by how much."""
    sizes = measured_sizes(record)
    goal_size = str(GOAL_SIZE) if str(GOAL_SIZE) in sizes else sizes[-1]
    r = record.sizes[goal_size]
    first, last = record.sizes[sizes[0]]["post_html_bytes"], record.sizes[sizes[-1]]["post_html_bytes"]
    drift = None if len(sizes) < 2 else (last - first) / first
    rows = [
        (f"cold build ≤ {TUNED_GOAL}× tuned", ratio(r["cold_build_s"], r["baseline_tuned_build_s"]), TUNED_GOAL, times),
        (f"cold build ≤ {FLOOR_GOAL:g}× floor", ratio(r["cold_build_s"], r["floor_render_s"]), FLOOR_GOAL, times),
        (f"rebuild after one change ≤ {REBUILD_GOAL:.0%} of cold", ratio(r["rebuild_one_post_s"], r["cold_build_s"]),
         REBUILD_GOAL, lambda v: f"{v:.0%}"),
        (f"first search query ≤ {SEARCH_BYTES_GOAL // 1000} KB", r["search_first_query_bytes"], SEARCH_BYTES_GOAL, size_text),
        (f"first search query painted ≤ {SEARCH_MS_GOAL:,} ms", r["search_first_query_ms"], SEARCH_MS_GOAL, lambda v: f"{v:,} ms"),
    ]
    lines = [
        f"## Goals, at {int(goal_size):,} items\n",
        *([] if goal_size == str(GOAL_SIZE) else [
            f"**{GOAL_SIZE:,} items were not measured (see above); the goals are judged at {int(goal_size):,} items.**\n"
        ]),
        "| goal | measured | verdict |",
        "|---|---:|---|",
    ]
    lines += [f"| {name} | {_shown(value, shown)} | {_verdict(value, limit)} |" for name, value, limit, shown in rows]
    drift_text = "—" if drift is None else f"{drift:+.1%} ({size_text(first)} → {size_text(last)})"
    drift_verdict = "not measured (one size)" if drift is None else (
        "met" if abs(drift) <= PAGE_DRIFT_GOAL else f"**not met**: {abs(drift) / PAGE_DRIFT_GOAL:.1f}× the allowed ±5%"
    )
    lines.append(f"| post page HTML constant (±5%) from {int(sizes[0]):,} to {int(sizes[-1]):,} items | {drift_text} | {drift_verdict} |")
    lines.append(_top_three(record.extra.get(goal_size, {}).get("search")))
    stats, reencodes = record.top.get("stats_100k_s"), record.top.get("images_500_cached_reencodes")
    lines.append(f"| statistics for 100,000 posts ≤ {STATS_GOAL:g} s | {seconds(stats)} | {_verdict(stats, STATS_GOAL)} |")
    lines.append(f"| 0 re-encodes on a cached photo rebuild | {reencodes} | {'met' if reencodes == 0 else '**not met**'} |")
    return "\n".join(lines) + "\n"


def _top_three(search: dict[str, Any] | None) -> str:
    """The goal row of the search's relevance: a result titled with the query's words among the first three."""
    name = f"first search query: the right page in the top 3 («{SEARCH_QUERY}»)"
    top = (search or {}).get("top")
    if not top:
        return f"| {name} | — | not measured (see below) |"
    found = any(fold(SEARCH_QUERY) in fold(title) for title in top)
    shown = "; ".join(f"{n}. {title}" for n, title in enumerate(top, 1))
    return f"| {name} | {shown} | {'met' if found else '**not met**'} |"


def _shown(value: float | None, shown) -> str:
    """A measured value in its unit, or a dash."""
    return "—" if value is None else shown(value)


def _verdict(value: float | None, limit: float) -> str:
    """``met``, or how far over the limit."""
    if value is None:
        return "not measured (see below)"
    if value <= limit:
        return "met"
    return f"**not met**: {value / limit:.2f}× the limit ({value / limit - 1:.0%} over)"


def _missing(record) -> str:
    """Every null in results.json and why."""
    if not record.reasons:
        return ""
    lines = ["## Not measured\n"]
    for key, reason in sorted(record.reasons.items()):
        size, _, name = key.rpartition(":")
        where = f"{int(size):,} items, " if size else ""
        lines.append(f"- {where}`{name}`: {reason}.")
    return "\n".join(lines) + "\n"


def _profile(record) -> str:
    """Where the profiled cold build spent its time, stage by stage."""
    profile = record.extra.get("profile")
    if not profile:
        return ""
    total = sum(profile["stages"].values())
    lines = [
        f"## Profile of a cold congtt build at {profile['size']:,} items (pyinstrument)\n",
        f"Full text profile: `{profile['file']}`. Each sample is counted once, in the innermost stage it belongs to "
        f"(total {total:,.1f} s under the profiler, which slows the build).\n",
        "| stage | seconds | share |",
        "|---|---:|---:|",
    ]
    for stage, spent in sorted(profile["stages"].items(), key=lambda pair: -pair[1]):
        lines.append(f"| {stage} | {spent:,.1f} | {spent / total:.0%} |")
    return "\n".join(lines) + "\n"
