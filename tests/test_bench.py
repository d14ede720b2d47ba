"""The benchmark: a deterministic corpus that passes ``congtt check``, and a tiny run of the whole benchmark.

These tests check correctness (same seed, same bytes; the shape of
results.json; reasons for every null), never speed.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from tools.bench import lighthouse, measure, report
from tools.bench.__main__ import bench
from tools.bench.corpus import MAX_WORDS, MIN_WORDS, _cut_slug, _words, add_one_post, generate, split, unique_slug
from tools.bench.run import (
    SIZE_KEYS, STUDIO_RESULTS_FILE, TOP_KEYS, Options, Record, _naive_skip_reason, _over_budget, run_benchmark,
)
from tools.bench.studio import STUDIO_KEYS, Runs
from congtt.compress import compress_site

from conftest import REPOSITORY, run

TEMPLATE = REPOSITORY / "mkdocs.yml"


def _digest(folder: Path) -> str:
    """One hash of every file's path and bytes under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus_100(tmp_path_factory):
    """A generated portal of 100 items."""
    return generate(tmp_path_factory.mktemp("bench") / "100", 100, TEMPLATE)


@pytest.mark.slow
def test_same_seed_gives_the_same_bytes(corpus_100, tmp_path):
    again = generate(tmp_path / "again", 100, TEMPLATE)
    assert _digest(again.root) == _digest(corpus_100.root)
    other = generate(tmp_path / "other", 100, TEMPLATE, seed="another-seed")
    assert _digest(other.portal / "news") != _digest(corpus_100.portal / "news")


@pytest.mark.slow
def test_an_item_is_the_same_at_every_size(corpus_100, tmp_path):
    small = generate(tmp_path / "small", 20, TEMPLATE)
    for kind in ("post", "document", "procedure"):
        first = small.of_kind(kind)[0]
        assert first == corpus_100.of_kind(kind)[0]
        assert (small.portal / first.path).read_bytes() == (corpus_100.portal / first.path).read_bytes()


def test_a_repeated_long_slug_stays_within_the_engines_80_characters():
    taken: set[str] = set()
    long = _cut_slug("Trung tâm Phục vụ hành chính công xã kiểm tra công tác quản lý trật tự xây dựng tại thôn Đông")
    assert unique_slug(taken, "tin-tuc/2024/03/", long) == long
    second = unique_slug(taken, "tin-tuc/2024/03/", long)
    assert second.endswith("-2") and len(second) <= 80 and _cut_slug(second) == second
    assert second != long and unique_slug(taken, "tin-tuc/2024/04/", long) == long


def test_proportions_and_post_length(corpus_100):
    assert split(100) == (80, 15, 5)
    assert split(20000) == (16000, 3000, 1000)
    posts = corpus_100.of_kind("post")
    assert (len(posts), len(corpus_100.of_kind("document")), len(corpus_100.of_kind("procedure"))) == (80, 15, 5)
    bodies = [(corpus_100.portal / post.path).read_text("utf-8").split("\n---\n", 1)[1] for post in posts]
    assert all(MIN_WORDS <= _words(body) <= MAX_WORDS for body in bodies)
    assert all("\n## " in body for body in bodies)
    assert any("\n|---" in body for body in bodies)
    assert sum("image: " in (corpus_100.portal / post.path).read_text("utf-8") for post in posts) > 0


def test_generated_portal_passes_check(corpus_100):
    result = run(corpus_100.portal, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Không có lỗi: 80 tin bài, 15 văn bản, 5 thủ tục hành chính.\n"


@pytest.mark.slow
def test_an_added_post_is_valid_and_the_newest_of_all(tmp_path):
    corpus = generate(tmp_path / "small", 20, TEMPLATE)
    added = add_one_post(corpus)
    assert added.name == "2026-11-20-xa-trien-khai-nhiem-vu-trong-tam.md"
    result = run(corpus.portal, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Không có lỗi: 17 tin bài, 3 văn bản, 1 thủ tục hành chính.\n"
    text = added.read_text("utf-8")
    assert 'title: "Xã triển khai nhiệm vụ trọng tâm những tháng cuối năm"\ndate: "20/11/2026 09:30"\n' in text
    assert "image" not in text.split("\n---\n", 1)[0]
    newest = max(item.path for item in corpus.of_kind("post"))
    assert newest.split("/")[-1] < added.name


def test_baselines_hold_the_same_items_as_pages(corpus_100):
    docs = corpus_100.baseline / "docs"
    for item in corpus_100.items:
        page = docs / (item.url.rstrip("/") + ".md")
        assert f"# {item.title}\n" in page.read_text("utf-8")
    assert "not_in_nav" in (corpus_100.baseline / "tuned.yml").read_text("utf-8")
    assert "not_in_nav" not in (corpus_100.baseline / "naive.yml").read_text("utf-8")


@pytest.mark.slow
def test_tiny_benchmark_writes_the_issue_keys_and_explains_every_null(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    kept = "<!-- analysis -->\nWhat the profile shows, written by hand.\n<!-- /analysis -->"
    (output / "BENCHMARKS.md").write_text(f"# old\n\n{kept}\n", "utf-8")
    # A budget of under a second: the 200-item size is not run, and the report says so.
    options = Options(
        template=TEMPLATE, output_dir=output, work_dir=tmp_path / "work", sizes=(200, 100),
        photos=3, stats_posts=1000, search=False, size_budget_minutes=0.01, build_rounds=2, studio=False,
        lighthouse=False,
    )
    record = run_benchmark(options, echo=lambda line: None)

    results = json.loads((output / "bench/results.json").read_text("utf-8"))
    assert set(results) == {"sizes", *TOP_KEYS}
    assert set(results["sizes"]) == {"100", "200"}
    assert results["sizes"]["200"] == dict.fromkeys(SIZE_KEYS)
    per_size = results["sizes"]["100"]
    assert set(per_size) == set(SIZE_KEYS)
    for key in SIZE_KEYS:
        if key.startswith(("search_", "studio_")):
            assert per_size[key] is None
            assert record.reasons[f"100:{key}"] == f"{key.split('_')[0]} measurement turned off for this run"
        else:
            assert per_size[key] > 0, key
    assert per_size["rebuild_one_post_s"] > 0 and per_size["post_html_bytes"] < per_size["site_bytes"]
    figures = record.extra["100"]
    assert 0 < figures["rebuild_post_added_s"]
    assert len(figures["cold_runs_s"]) == len(figures["tuned_runs_s"]) == 2
    assert per_size["cold_build_s"] == min(figures["cold_runs_s"])
    assert per_size["baseline_tuned_build_s"] == min(figures["tuned_runs_s"])
    assert results["images_500_cached_reencodes"] == 0
    assert results["machine"]["cores"] >= 1 and results["machine"]["libraries"]["mkdocs"] == "1.6.1"
    assert (results["feeds_s"] is None) == ("feeds_s" in record.reasons)

    report = (output / "BENCHMARKS.md").read_text("utf-8")
    assert "## 100 items (80 posts, 15 documents, 5 procedures)" in report
    assert "## 200 items (160 posts, 30 documents, 10 procedures)\n\n**Not run**: the 100-item measurements took " in report
    assert "over the 0.01-minute budget per size (--size-budget-minutes); every value of this size is null" in report
    assert "## Goals, at 100 items" in report
    assert "| rebuild after one post added | " in report and "; after one post added, " in report
    assert "\nCold builds, 2 rounds interleaved: congtt " in report and "The table keeps the best of each." in report
    assert "| photo pipeline, the same 3 photos again, cached | " in report and " 0 re-encodes |" in report
    assert "`search_first_query_ms`: search measurement turned off for this run." in report
    assert "## Lighthouse\n\nNot measured: Lighthouse measurement turned off for this run.\n" in report
    assert report.rstrip().endswith(kept)
    assert (output / "bench/profile-100.txt").read_text("utf-8").strip()
    assert not (tmp_path / "work/100").exists()


@pytest.mark.browser
def test_the_studio_rows_alone_measure_the_real_decap_and_the_protocol(tmp_path):
    if not Path(measure.CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it: apt-get install chromium)")
    if not (REPOSITORY / "studio/decap-cms-3.16.3/dist/decap-cms.js").is_file():
        pytest.skip("Decap CMS is not fetched: run «make studio/decap-cms-3.16.3/dist/decap-cms.js»")
    options = Options(template=TEMPLATE, output_dir=tmp_path / "out", work_dir=tmp_path / "work", sizes=(20,),
                      only="studio", studio_runs=Runs(editor=1, preview=2, publish=1))
    record = run_benchmark(options, echo=lambda line: None)

    results = json.loads((tmp_path / "out" / STUDIO_RESULTS_FILE).read_text("utf-8"))
    assert set(results["sizes"]) == {"20"} and set(results["sizes"]["20"]) == set(STUDIO_KEYS)
    assert all(value > 0 for value in results["sizes"]["20"].values()), results["sizes"]
    assert results["reasons"] == {} and results["machine"]["cores"] >= 1 and results["machine"]["cpu"]
    runs = results["runs"]["20"]
    # Decap listed every one of the 16 posts from the first page of the list, their front-matter only (the card of
    # the draft the previews were made of may come a moment later, from its own request).
    assert runs["editor"]["median_run"]["cards"] >= 16 and 16 * 200 < runs["editor"]["median_run"]["entries_bytes"] < 16 * 2000
    assert 0 < runs["editor"]["median_run"]["request_sent_s"] < runs["editor"]["median_run"]["answer_arrived_s"]
    # From the sidebar of a running editor the list costs its request and rendering only, no Decap start-up.
    assert 0 < runs["editor"]["switch_server_s"] <= runs["editor"]["switch_s"] < runs["editor"]["cold_s"]
    assert len(runs["preview"]["edit_runs_s"]) == 2 and runs["preview"]["edit_s"] == pytest.approx(sum(runs["preview"]["edit_runs_s"]) / 2, abs=0.001)
    assert runs["publish"]["merge_s"] < runs["publish"]["live_s"] == runs["publish"]["live_runs_s"][0]
    assert not (tmp_path / "out/BENCHMARKS.md").exists() and not (tmp_path / "out/bench/results.json").exists()
    assert not (tmp_path / "work/20").exists()

    section = report._studio(record)
    assert "| news list opens from the sidebar of a running editor | " in section
    assert "| news list opens in a new browser (empty cache), Decap starting | " in section
    assert "| publish → page live | " in section
    assert "Goals at 20 items (5,000 items were not measured):" in section
    assert "A new browser opening the editor straight on the news list waits " in section
    assert "| save → preview visible ≤ 2 s | " in section


def test_the_whole_run_measures_the_studio_rows_up_to_5000_items(tmp_path):
    from tools.bench.run import _studio_skip_reason

    options = Options(template=TEMPLATE, output_dir=tmp_path, work_dir=tmp_path)
    assert _studio_skip_reason(options, 5000) is None
    assert _studio_skip_reason(options, 20000).startswith("the studio rows are measured up to 5,000 items")


def test_a_size_over_the_budget_is_not_run_and_says_why(tmp_path):
    options = Options(template=TEMPLATE, output_dir=tmp_path, work_dir=tmp_path, skip_naive_above=5000)
    record = Record(extra={"1000": {"naive": {"wall_s": 40.0}}})
    assert _over_budget(options, record, 1000, 300.0, 5000) is None
    assert _over_budget(options, record, 1000, 600.0, 5000) == (
        "the 1,000-item measurements took 10 min, so 5,000 items would take "
        "about 63 min (linear growth, quadratic for the naive baseline), over the 60-minute budget per size "
        "(--size-budget-minutes)"
    )
    # A naive baseline that will be skipped at the next size does not count.
    slow = Record(extra={"1000": {"naive": {"wall_s": 100.0}}})
    assert _over_budget(options, slow, 1000, 600.0, 5000) is None


def test_the_naive_baseline_is_skipped_where_it_would_pass_20_minutes(tmp_path):
    options = Options(template=TEMPLATE, output_dir=tmp_path, work_dir=tmp_path, skip_naive_above=5000)
    assert _naive_skip_reason(options, Record(), 5000) is None
    assert _naive_skip_reason(options, Record(), 20000) == (
        "naive baseline skipped above 5,000 items (--skip-naive-above): it grows quadratically and would exceed "
        "20 minutes"
    )
    slow = Record(sizes={"1000": {"baseline_naive_build_s": 137.0}}, extra={"1000": {"naive": {"wall_s": 137.0}}})
    assert _naive_skip_reason(options, slow, 5000) == (
        "naive baseline skipped: it grows quadratically (from 137.0 s at 1,000 items, about 57 min here, "
        "over 20 minutes)"
    )
    fast = Record(sizes={"1000": {"baseline_naive_build_s": 25.0}}, extra={"1000": {"naive": {"wall_s": 25.0}}})
    assert _naive_skip_reason(options, fast, 5000) is None
    assert _naive_skip_reason(options, fast, 20000) == (
        "naive baseline skipped above 5,000 items (--skip-naive-above): it grows quadratically "
        "(from 25.0 s at 1,000 items, about 167 min here)"
    )


def test_sizes_must_be_positive_whole_numbers(portal):
    result = CliRunner().invoke(bench, ["-f", str(portal / "mkdocs.yml"), "--sizes", "1000,abc"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Lỗi: Không đọc được --sizes «1000,abc»: cần các số nguyên dương cách nhau bằng dấu phẩy, "
        "ví dụ 1000,5000,20000.\n"
    )


@dataclass
class _Frame:
    """The parts of a pyinstrument frame that stage_times reads."""

    file_path: str | None
    function: str
    time: float
    children: list = field(default_factory=list)


def test_profile_time_goes_to_the_innermost_stage():
    markdown = _Frame("/v/markdown/core.py", "convert", 3.0, [
        _Frame("/v/mkdocs/structure/pages.py", "run", 1.0, [_Frame(None, "[self]", 1.0)]),
        _Frame(None, "[self]", 2.0),
    ])
    build = _Frame("/v/mkdocs/commands/build.py", "build", 10.0, [
        markdown,
        _Frame("/src/congtt/plugin.py", "on_files", 4.0, [_Frame("/v/mkdocs/structure/files.py", "generated", 4.0, [_Frame(None, "[self]", 4.0)])]),
        _Frame(None, "[self]", 3.0),
    ])
    root = _Frame("/src/congtt/cli.py", "build", 10.0, [build])
    assert measure.stage_times(root) == {
        "python-markdown: converting Markdown (pages, feeds)": 3.0,
        measure.CONGTT_STAGE: 4.0,
        measure.MKDOCS_STAGE: 3.0,
    }


def test_search_is_not_measured_on_a_site_without_a_search_page(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>", "utf-8")
    assert measure.search_first_query(tmp_path) == measure.Skipped("the built site has no /tim-kiem/ page")


# The script is a file of the site, which the shipped Content-Security-Policy allows (an inline one
# would need its hash in scripts/nginx/congtt.conf).
_SEARCH_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Tìm kiếm</title></head>
<body><div id="tim-kiem" data-state="loading"><ol id="ket-qua"></ol></div>
<script src="/tim.js"></script></body></html>
"""
_SEARCH_SCRIPT = """
fetch('/chi-muc.json').then(r => r.json()).then(found => {
  const list = document.getElementById('ket-qua');
  for (const title of found) { const li = document.createElement('li'); li.textContent = title; list.append(li); }
  document.getElementById('tim-kiem').dataset.state = 'done';
});
"""


@pytest.mark.browser
@pytest.mark.parametrize("deployed", [True, False], ids=["as-deployed", "python-server"])
def test_first_query_counts_every_byte_and_times_the_results_paint(tmp_path, deployed):
    server = "nginx, scripts/nginx/congtt.conf" if deployed else measure.server.PYTHON_SERVER
    if deployed and not (shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")):
        pytest.skip("nginx is not installed (the benchmark then serves with Python, the other case)")
    if not Path(measure.CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it: apt-get install chromium)")
    (tmp_path / "tim-kiem").mkdir()
    (tmp_path / "tim-kiem/index.html").write_text(_SEARCH_PAGE, "utf-8")
    (tmp_path / "tim.js").write_text(_SEARCH_SCRIPT, "utf-8")
    index = json.dumps([f"Đăng ký khai sinh {n} " + "x" * 200 for n in range(300)], ensure_ascii=False)
    (tmp_path / "chi-muc.json").write_text(index, "utf-8")
    compress_site(tmp_path)  # the .gz twins a build writes, which nginx serves as they are
    found = measure.search_first_query(tmp_path, runs=3, deployed=deployed)
    assert found.server == server
    # The page alone (its results in its HTML, no script), timed after each query run, then removed.
    assert len(found.reference_runs_ms) == 3 and found.reference_ms == sorted(found.reference_runs_ms)[1] > 0
    assert not (tmp_path / measure.REFERENCE_PAGE).exists()
    assert isinstance(found, measure.SearchRun), found
    assert len(found.runs_ms) == 3 and found.ms == sorted(found.runs_ms)[1]
    assert len(found.in_page_runs_ms) == 3 and found.in_page_ms in found.in_page_runs_ms
    # Painted after entering the page, in every run.
    assert all(0 < in_page <= painted for in_page, painted in zip(found.in_page_runs_ms, found.runs_ms))
    assert [title.split(" x")[0] for title in found.top] == ["Đăng ký khai sinh 0", "Đăng ký khai sinh 1", "Đăng ký khai sinh 2"]
    assert found.results == 300
    assert found.raw_bytes >= len(index.encode()) + len(_SEARCH_PAGE.encode())
    # The repetitive index compresses: the wire carries far less than the decoded bytes.
    assert 0 < found.wire_bytes < found.raw_bytes


def test_the_goals_say_whether_the_right_page_is_in_the_top_three():
    row = report._top_three({"top": ["Thông báo lịch tiếp dân", "Đăng ký khai sinh", "Hộ tịch"]})
    assert row.endswith("| 1. Thông báo lịch tiếp dân; 2. Đăng ký khai sinh; 3. Hộ tịch | met |")
    assert report._top_three({"top": ["Hộ tịch", "Chứng thực"]}).endswith("| **not met** |")
    assert report._top_three(None).endswith("| — | not measured (see below) |")


@pytest.mark.slow
def test_lighthouse_audits_every_page_kind_found_in_the_built_site(example_site):
    kinds = dict(lighthouse.page_kinds(example_site))
    assert set(kinds) == {"trang chủ", "tin tức", "tin năm", "tin bài", "danh mục thủ tục", "thủ tục một lĩnh vực",
                          "thủ tục", "sổ văn bản", "văn bản", "tìm kiếm", "thống kê", "liên hệ", "sơ đồ cổng"}
    for name, path in kinds.items():
        assert (example_site / path.partition("?")[0] / "index.html").is_file(), name
    assert re.fullmatch(r"tin-tuc/\d{4}/\d{2}/[^/]+/", kinds["tin bài"])
    assert re.fullmatch(r"thu-tuc-hanh-chinh/[^/]+/\d\.\d+[^/]*/", kinds["thủ tục"])


def test_the_report_gives_each_page_kinds_scores_and_says_which_miss_the_goal():
    scores = dict.fromkeys(lighthouse.CATEGORIES, 100)
    found = {"served": "nginx", "runs": 3, "version": "13.5.0", "pages": {
        "trang chủ": {"path": "/", "median": scores, "lowest": scores, "cls": 0, "lcp_ms": 1200},
        "tìm kiếm": {"path": "/tim-kiem/?q=ho+tich", "median": {**scores, "performance": 84},
                     "lowest": {**scores, "performance": 83}, "cls": 0.33, "lcp_ms": 2300},
    }}
    record = Record(extra={"lighthouse": found})
    text = report._lighthouse(record)
    assert "| trang chủ (`/`) | 100 | 100 | 100 | 100 | 0 | 1.2 s |" in text
    assert "| tìm kiếm (`/tim-kiem/?q=ho+tich`) | 84 (83) | 100 | 100 | 100 | 0.33 | 2.3 s |" in text
    assert text.rstrip().endswith("**Goal not met**: tìm kiếm (performance 84).")


def test_a_run_of_one_part_replaces_only_its_section_of_the_report(tmp_path):
    scores = dict.fromkeys(lighthouse.CATEGORIES, 100)
    found = {"served": "nginx", "runs": 1, "version": "13.5.0",
             "pages": {"trang chủ": {"path": "/", "median": scores, "lowest": scores, "cls": 0, "lcp_ms": 900}}}
    record = Record(extra={"lighthouse": found, "started": "2026-12-04T11:00:00+07:00", "finished": "2026-12-04T11:09:00+07:00"})
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## 1,000 items\n\nrows\n\n## Goals, at 20,000 items\n\ngoals\n", "utf-8")
    report.update_section(record, "lighthouse", path)
    first = path.read_text("utf-8")
    assert first.index("## 1,000 items") < first.index("<!-- lighthouse -->\n## Lighthouse") < first.index("## Goals")
    assert "by `make bench ONLY=lighthouse` (2026-12-04T11:00:00+07:00 → 2026-12-04T11:09:00+07:00)" in first
    found["pages"]["trang chủ"]["median"] = found["pages"]["trang chủ"]["lowest"] = {**scores, "seo": 90}
    report.update_section(record, "lighthouse", path)
    second = path.read_text("utf-8")
    assert second.count("<!-- lighthouse -->") == 1 and "| trang chủ (`/`) | 100 | 100 | 100 | 90 |" in second
    assert second.replace(report._marked("lighthouse", ""), "").startswith("# Benchmarks\n\n## 1,000 items\n\nrows\n")
    # Without a report there is nothing to put a section into: the run's JSON holds its figures.
    report.update_section(record, "lighthouse", tmp_path / "elsewhere.md")
    assert not (tmp_path / "elsewhere.md").exists()
