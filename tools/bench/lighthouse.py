"""Lighthouse on every page kind of the example portal, served as deployed.

Lighthouse (npm ``lighthouse``, pinned in ``bench/js/package.json``, driving
Debian's Chromium) with its default mobile settings: a mid-range phone's
screen, simulated slow 4G and a 4× slower CPU. Scores move from run to run, so
each page is audited several times and the median and the lowest are kept.

The pages are the example portal's (``content/``, ``news/``, ``plans/``,
``tthc/``), built as staff build it; a post, a document and a procedure are
found in the built site rather than named, so that new sample content does not
break the benchmark.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path

from . import server
from .corpus import NOW
from .measure import CHROMIUM, CHROMIUM_FLAGS, Skipped, browser_missing, congtt_command, run_child

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOAL = 95  # issue 24: every category, every page kind
RUNS = 3
PACKAGE = Path("bench") / "js"
TIMEOUT_S = 180


def lighthouse_program(repository: Path) -> Path:
    """Where ``make bench`` installs Lighthouse."""
    return repository / PACKAGE / "node_modules" / ".bin" / "lighthouse"


def page_kinds(site: Path) -> list[tuple[str, str]]:
    """``(page kind, path)`` for every kind of page a citizen opens, found in the built site."""

    def first(pattern: str) -> str:
        found = sorted(p.parent for p in site.glob(pattern) if p.name == "index.html")
        return found[0].relative_to(site).as_posix() + "/" if found else ""

    kinds = [
        ("trang chủ", ""),
        ("tin tức", "tin-tuc/"),
        ("tin năm", first("tin-tuc/[0-9][0-9][0-9][0-9]/index.html")),
        ("tin bài", first("tin-tuc/[0-9]*/[0-9]*/*/index.html")),
        ("danh mục thủ tục", "thu-tuc-hanh-chinh/"),
        ("thủ tục một lĩnh vực", first("thu-tuc-hanh-chinh/ho-tich/index.html") or first("thu-tuc-hanh-chinh/*/index.html")),
        ("thủ tục", first("thu-tuc-hanh-chinh/*/*.*/index.html")),
        ("sổ văn bản", "van-ban/"),
        ("văn bản", first("van-ban/[0-9]*/*/index.html")),
        ("tìm kiếm", "tim-kiem/?q=ho+tich"),
        ("thống kê", "thong-ke/"),
        ("liên hệ", "lien-he/"),
        ("sơ đồ cổng", "so-do-cong/"),
    ]
    return [(name, path) for name, path in kinds if path or name == "trang chủ"]


def measure_lighthouse(repository: Path, work: Path, runs: int = RUNS) -> dict | Skipped:
    """Build the example portal into ``work``, serve it, audit each page kind ``runs`` times."""
    missing = browser_missing()
    if missing:
        return missing
    program = lighthouse_program(repository)
    if not program.exists():
        return Skipped(f"Lighthouse is not installed at {program} (make bench installs it)")
    site = work / "site"
    run_child([congtt_command(), "build", "-f", str(repository / "mkdocs.yml"), "--site-dir", str(site), "--now", NOW],
              repository, work / "build.log")
    pages: dict[str, dict] = {}
    with server.serve(site) as (base, served):
        for name, path in page_kinds(site):
            reports = [_audit(program, base + path, work / f"report-{len(pages)}-{run}.json") for run in range(runs)]
            pages[name] = {"path": "/" + path, **_summary(reports)}
    return {"served": served, "runs": runs, "pages": pages, "version": _version(program)}


def _audit(program: Path, url: str, output: Path) -> dict:
    """One Lighthouse run: its scores (0–100) per category and the layout shift."""
    flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
    subprocess.run(
        [str(program), url, "--quiet", "--output=json", f"--output-path={output}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
        check=True, timeout=TIMEOUT_S, env={**os.environ, "CHROME_PATH": CHROMIUM},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    report = json.loads(output.read_text("utf-8"))
    output.unlink()
    scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
    return {"scores": scores, "cls": report["audits"]["cumulative-layout-shift"]["numericValue"],
            "lcp_ms": report["audits"]["largest-contentful-paint"]["numericValue"]}


def _summary(reports: list[dict]) -> dict:
    """Median and lowest score per category over the runs, with the layout shift and LCP medians."""
    return {
        "median": {key: statistics.median(r["scores"][key] for r in reports) for key in CATEGORIES},
        "lowest": {key: min(r["scores"][key] for r in reports) for key in CATEGORIES},
        "cls": round(statistics.median(r["cls"] for r in reports), 3),
        "lcp_ms": round(statistics.median(r["lcp_ms"] for r in reports)),
    }


def _version(program: Path) -> str:
    """Lighthouse's version, as it reports it."""
    return subprocess.run([str(program), "--version"], capture_output=True, text=True, check=True).stdout.strip()
