"""Propagation statistics: reporting periods, their cutoffs and the counts of a corpus whose answer is known.

The corpus in tests/fixtures/stats holds a post at every boundary instant of
the 6-month report of 2023 (15/12/2022 – 14/06/2023), a post in two CCHC
areas, a draft and a post scheduled for September 2023.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from mkdocs.config import load_config

from congtt import dates
from congtt.config import plugin_settings
from congtt.model import Portal, Post
from congtt.stats import (
    NO_AUTHOR,
    PeriodError,
    as_data,
    choose_period,
    compute,
    custom_period,
    parse_period,
    sentence_case,
    year_summary,
)
from congtt.validation import check_tree

from conftest import FIXTURES, run

CORPUS = FIXTURES / "stats"
# After the 6-month period, before the scheduled September post.
NOW = datetime(2023, 7, 1, 8, 0, tzinfo=dates.VIETNAM)
LATER = datetime(2024, 1, 1, 8, 0, tzinfo=dates.VIETNAM)
NOW_TEXT = "2023-07-01T08:00:00+07:00"
ALL_PERIODS = "q1-2023, q2-2023, q3-2023, q4-2023, 6t-2023, 9t-2023, nam-2023"


@pytest.fixture(scope="module")
def corpus() -> tuple[Portal, object]:
    """The fixture corpus, loaded once, and its settings (the engine's default periods and areas)."""
    config = load_config(str(CORPUS / "mkdocs.yml"))
    settings = plugin_settings(config)
    portal, problems = check_tree(settings, CORPUS, Path(config.docs_dir))
    assert problems == []
    return portal, settings


def figures(corpus, code: str, now: datetime = NOW):
    portal, settings = corpus
    return compute(portal, settings, parse_period(code, settings), now)


@pytest.mark.parametrize(
    ("code", "label", "start", "end"),
    [
        ("q1-2023", "Quý I năm 2023", date(2022, 12, 15), date(2023, 3, 14)),
        ("q2-2023", "Quý II năm 2023", date(2023, 3, 15), date(2023, 6, 14)),
        ("q3-2023", "Quý III năm 2023", date(2023, 6, 15), date(2023, 9, 14)),
        ("q4-2023", "Quý IV năm 2023", date(2023, 9, 15), date(2023, 12, 14)),
        ("6t-2023", "6 tháng đầu năm 2023", date(2022, 12, 15), date(2023, 6, 14)),
        ("9t-2023", "9 tháng năm 2023", date(2022, 12, 15), date(2023, 9, 14)),
        ("nam-2023", "Năm 2023", date(2022, 12, 15), date(2023, 12, 14)),
        (" NAM-2024 ", "Năm 2024", date(2023, 12, 15), date(2024, 12, 14)),
    ],
)
def test_default_periods_use_the_reports_cutoffs(corpus, code, label, start, end):
    period = parse_period(code, corpus[1])
    assert (period.label, period.start, period.end) == (label, start, end)


def test_period_wording_for_the_report(corpus):
    half = parse_period("6t-2023", corpus[1])
    assert half.lead == "Trong 6 tháng đầu năm 2023"
    assert half.cutoff == "từ ngày 15/12/2022 đến ngày 14/06/2023"
    assert parse_period("q1-2023", corpus[1]).lead == "Trong quý I năm 2023"
    assert parse_period("nam-2023", corpus[1]).lead == "Trong năm 2023"
    assert custom_period("15/12/2022", "14/06/2023").lead == "Từ ngày 15/12/2022 đến ngày 14/06/2023"
    assert sentence_case("CCHC") == "CCHC"


def _post(moment: datetime, **extra) -> Post:
    return Post(
        source=Path("/tmp/p.md"), display_path="news/p.md", title="Tin", slug="tin", url="tin-tuc/tin/",
        body="", body_line=1, draft=extra.pop("draft", False), date=moment, category="thong-bao", **extra,
    )


@pytest.mark.parametrize(
    ("moment", "counted"),
    [
        (datetime(2022, 12, 15, 0, 0, tzinfo=dates.VIETNAM), True),
        (datetime(2022, 12, 14, 23, 59, tzinfo=dates.VIETNAM), False),
        (datetime(2023, 6, 14, 23, 59, tzinfo=dates.VIETNAM), True),
        (datetime(2023, 6, 14, 23, 59, 59, tzinfo=dates.VIETNAM), True),
        (datetime(2023, 6, 15, 0, 0, tzinfo=dates.VIETNAM), False),
        (datetime(2023, 6, 14, 20, 0, tzinfo=timezone.utc), False),  # 15/06/2023 03:00 in Vietnam
        (datetime(2022, 12, 14, 17, 0, tzinfo=timezone.utc), True),  # 15/12/2022 00:00 in Vietnam
        (datetime(2022, 12, 14, 16, 59, tzinfo=timezone.utc), False),
    ],
)
def test_boundary_instants_of_the_six_month_period(corpus, moment, counted):
    settings = corpus[1]
    stats = compute(Portal(posts=[_post(moment, cchc=("tthc",))]), settings, parse_period("6t-2023", settings), NOW)
    assert (stats.posts, stats.cchc_posts, stats.areas.total["tthc"]) == ((1, 1, 1) if counted else (0, 0, 0))


def test_six_month_report_of_the_corpus(corpus):
    data = as_data(figures(corpus, "6t-2023"))
    assert data["period"] == {"label": "6 tháng đầu năm 2023", "from": "2022-12-15", "to": "2023-06-14"}
    # In: 15/12/2022 00:00, 20/01, 10/03 (two areas), 15/03 00:30 (written in UTC), 14/06/2023 23:59.
    assert (data["posts"], data["cchc_posts"]) == (5, 4)
    assert {k: v["posts"] for k, v in data["by_area"].items()} == {
        "chi-dao-dieu-hanh": 0, "the-che": 1, "tthc": 2, "to-chuc-bo-may": 0, "cong-vu": 0,
        "tai-chinh-cong": 0, "chinh-quyen-so": 2,
    }
    assert {k: (v["posts"], v["cchc_posts"]) for k, v in data["by_category"].items()} == {
        "tin-hoat-dong": (2, 1), "cai-cach-hanh-chinh": (2, 2), "thong-bao": (1, 1),
    }
    assert {k: (v["posts"], v["cchc_posts"]) for k, v in data["by_month"].items()} == {
        "2022-12": (1, 1), "2023-01": (1, 0), "2023-02": (0, 0), "2023-03": (2, 2),
        "2023-04": (0, 0), "2023-05": (0, 0), "2023-06": (1, 1),
    }
    assert data["by_month"]["2023-03"]["by_area"]["tthc"] == 1
    assert data["by_month"]["2023-03"]["by_area"]["the-che"] == 1
    assert {k: (v["posts"], v["cchc_posts"]) for k, v in data["by_channel"].items()} == {
        "portal": (5, 4), "radio": (2, 2), "conference": (1, 1), "bulletin": (0, 0), "social": (0, 0),
    }
    assert [(v["name"], v["posts"]) for v in data["by_author"].values()] == [
        ("Nguyễn Thị Hoa", 2), ("Trần Văn Bình", 2), (NO_AUTHOR, 1),
    ]
    assert (data["documents"]["total"], data["documents"]["cchc"]) == (3, 2)
    kinds = {k: (v["total"], v["cchc"]) for k, v in data["documents"]["by_kind"].items() if v["total"]}
    assert kinds == {"ke-hoach": (1, 1), "bao-cao": (1, 1), "thong-bao": (1, 0)}
    assert data["procedures"] == {"published": 1, "amended": 1, "abolished": 0}


def test_post_in_two_areas_counts_once_in_cchc_posts_and_once_in_each_area(corpus):
    first_quarter = figures(corpus, "q1-2023")  # 15/12 (tthc), 20/01 (none), 10/03 (tthc + chinh-quyen-so)
    assert (first_quarter.posts, first_quarter.cchc_posts) == (3, 2)
    assert (first_quarter.areas.total["tthc"], first_quarter.areas.total["chinh-quyen-so"]) == (2, 1)
    assert sum(first_quarter.areas.total.values()) == 3


def test_draft_and_scheduled_posts_are_not_counted(corpus):
    before = figures(corpus, "nam-2023", NOW)
    after = figures(corpus, "nam-2023", LATER)
    # The draft (01/02/2023, cong-vu) never counts; the post scheduled for 01/09/2023 counts once it is out.
    assert (before.posts, before.areas.total["cong-vu"], before.channels.total["social"]) == (6, 0, 0)
    assert (after.posts, after.areas.total["cong-vu"], after.channels.total["social"]) == (7, 1, 1)
    assert after.documents.total["ke-hoach"] == 1  # the draft plan is left out
    assert dict(after.procedures) == {"published": 1, "amended": 1, "abolished": 1}


def test_authors_rank_by_posts_then_name_and_blank_author_last(corpus):
    after = figures(corpus, "nam-2023", LATER)
    assert [(name, total) for _, name, total, _ in after.authors.rows()] == [
        ("Trần Văn Bình", 3), ("Nguyễn Thị Hoa", 2), ("Lê Văn Cường", 1), (NO_AUTHOR, 1),
    ]


def test_custom_range_is_whole_vietnam_days_and_converts_offsets(corpus):
    portal, settings = corpus
    same = compute(portal, settings, custom_period("15/12/2022", "14/06/2023"), NOW)
    assert (same.posts, same.cchc_posts) == (5, 4)
    assert same.period.label == "Từ ngày 15/12/2022 đến ngày 14/06/2023"
    # 2023-06-14T20:00:00Z is 15/06/2023 in Vietnam: the range then takes in the post of 15/06 03:00.
    wider = custom_period("2022-12-14T17:00:00Z", "2023-06-14T20:00:00Z")
    assert (wider.start, wider.end) == (date(2022, 12, 15), date(2023, 6, 15))
    assert compute(portal, settings, wider, NOW).posts == 6


def test_year_summary_for_the_statistics_page(corpus):
    portal, settings = corpus
    summary = year_summary(portal, settings, NOW)
    assert summary.year == 2023
    assert [(q.stats.period.label, q.state, q.stats.posts, q.stats.cchc_posts) for q in summary.quarters] == [
        ("Quý I năm 2023", "closed", 3, 2),
        ("Quý II năm 2023", "closed", 2, 2),
        ("Quý III năm 2023", "open", 1, 1),
        ("Quý IV năm 2023", "upcoming", 0, 0),
    ]
    assert (summary.whole.state, summary.whole.stats.posts, summary.whole.stats.cchc_posts) == ("open", 6, 5)
    assert summary.whole.stats.areas.total["tthc"] == 3


def test_year_summary_takes_the_year_of_the_build_instant_in_vietnam(corpus):
    portal, settings = corpus
    new_year_in_vietnam = datetime(2023, 12, 31, 18, 0, tzinfo=timezone.utc)  # 01/01/2024 01:00 in Vietnam
    assert year_summary(portal, settings, new_year_in_vietnam).year == 2024


# Every message a staff member can meet, with its exact text.
PERIOD_ERRORS = [
    (["--period", "quy-mot"],
     "Không hiểu kỳ báo cáo «quy-mot». Viết tên kỳ, dấu gạch ngang rồi năm, ví dụ: " + ALL_PERIODS + "."),
    (["--period", "q5-2023"], "Không có kỳ báo cáo «q5-2023». Các kỳ đã cấu hình: " + ALL_PERIODS + "."),
    (["--from", "2023/06/14", "--to", "14/06/2023"],
     "Không đọc được ngày «2023/06/14» của --from. Viết dạng ngày/tháng/năm, ví dụ 15/12/2022."),
    (["--from", "15/12/2022", "--to", "31/06/2023"],
     "Ngày «31/06/2023» của --to không có thật: tháng 6 năm 2023 chỉ có 30 ngày."),
    (["--from", "15/06/2023", "--to", "14/06/2023"],
     "Ngày bắt đầu 15/06/2023 (--from) nằm sau ngày kết thúc 14/06/2023 (--to)."),
    (["--period", "6t-2023", "--from", "15/12/2022"],
     "Chọn một trong hai: --period, hoặc --from cùng --to; không dùng cả hai."),
    (["--to", "14/06/2023"],
     "Khoảng thời gian cần cả --from và --to, ví dụ: --from 15/12/2022 --to 14/06/2023."),
    ([], "Hãy chọn kỳ báo cáo bằng --period (ví dụ 6t-2023) hoặc khoảng ngày bằng --from 15/12/2022 --to 14/06/2023."),
    (["--period", "6t-2023", "--now", "hôm nay"],
     "Không đọc được thời điểm «hôm nay» của --now. Ví dụ: 2026-11-23T08:00:00+07:00."),
]


@pytest.mark.parametrize(("arguments", "message"), PERIOD_ERRORS)
def test_stats_command_explains_a_bad_period_in_vietnamese(arguments, message):
    result = run(CORPUS, "stats", *arguments)
    assert result.exit_code == 1
    assert result.output == f"Lỗi: {message}\n"


def test_choose_period_reads_a_named_period(corpus):
    assert choose_period(corpus[1], "9t-2023", None, None).end == date(2023, 9, 14)
    with pytest.raises(PeriodError):
        choose_period(corpus[1], None, "15/12/2022", None)


def _copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus."""
    target = tmp_path / "portal"
    shutil.copytree(CORPUS, target)
    return target


def _configured(tmp_path: Path, periods: str) -> Path:
    """A copy of the corpus whose mkdocs.yml sets its own periods."""
    target = _copy(tmp_path)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "      periods:\n" + periods, "utf-8")
    return target


def test_periods_and_labels_come_from_mkdocs_yml(tmp_path):
    portal = _configured(
        tmp_path,
        '        - {slug: dot-1, label: "Đợt 1 năm {year}", start: "01/01", end: "30/06"}\n'
        '        - {slug: thang-2, label: "Tháng 2 năm {year}", start: "01/02", end: "29/02"}\n',
    )
    settings = plugin_settings(load_config(str(portal / "mkdocs.yml")))
    first = parse_period("dot-1-2023", settings)
    assert (first.label, first.start, first.end) == ("Đợt 1 năm 2023", date(2023, 1, 1), date(2023, 6, 30))
    assert parse_period("thang-2-2023", settings).end == date(2023, 2, 28)
    assert parse_period("thang-2-2024", settings).end == date(2024, 2, 29)
    result = run(portal, "stats", "--period", "6t-2023")
    assert result.output == "Lỗi: Không có kỳ báo cáo «6t-2023». Các kỳ đã cấu hình: dot-1-2023, thang-2-2023.\n"


def test_impossible_configured_cutoff_is_named(tmp_path):
    portal = _configured(tmp_path, '        - {slug: q1, label: "Quý I năm {year}", start: "31/02", end: "14/03"}\n')
    # Refused when the configuration loads (issue 21), by every command, not first by stats.
    for command in (("stats", "--period", "q1-2023"), ("check",)):
        result = run(portal, *command)
        assert result.exit_code == 1
        assert result.output == (
            f"Lỗi: Tệp cấu hình «{portal / 'mkdocs.yml'}» có lỗi: mục plugins → congtt → periods → start: «31/02» "
            "không phải ngày/tháng có thật. Viết dạng ngày/tháng, ví dụ «15/12».\n"
        )


def test_stats_refuses_a_tree_with_errors(tmp_path):
    portal = _copy(tmp_path)
    (portal / "news/2023/2023-05-01-loi.md").write_text("---\ntitle: Tin lỗi\ndate: 32/05/2023\ncategory: thong-bao\n---\n", "utf-8")
    result = run(portal, "stats", "--period", "6t-2023", "--now", NOW_TEXT)
    assert result.exit_code == 1
    assert result.output.endswith("Lỗi: Nội dung có 1 lỗi nên chưa thống kê được. Sửa các lỗi trên rồi chạy lại.\n")
    assert "news/2023/2023-05-01-loi.md" in result.output


def _rows(html: str, caption: str) -> list[list[str]]:
    """The body rows of the table with ``caption``, as cell texts."""
    from lxml import html as lxml_html

    table = lxml_html.fromstring(html).xpath(f'//table[caption[starts-with(., "{caption}")]]')[0]
    return [[" ".join(cell.text_content().split()) for cell in row] for row in table.xpath("./tbody/tr")]


@pytest.mark.slow
def test_statistics_page_and_chart_are_published_and_rebuilt_identically(tmp_path):
    first, again = tmp_path / "site", tmp_path / "again"
    for site in (first, again):
        result = run(CORPUS, "build", "--site-dir", str(site), "--now", NOW_TEXT)
        assert result.exit_code == 0, result.output
    html = (first / "thong-ke/index.html").read_text("utf-8")
    assert "Thống kê tuyên truyền cải cách hành chính năm 2023</h1>" in html
    assert _rows(html, "Tin bài đã đăng theo kỳ báo cáo") == [
        ["Quý I năm 2023", "15/12/2022 – 14/03/2023", "3", "2", "Đã chốt số liệu"],
        ["Quý II năm 2023", "15/03/2023 – 14/06/2023", "2", "2", "Đã chốt số liệu"],
        ["Quý III năm 2023", "15/06/2023 – 14/09/2023", "1", "1", "Đang cập nhật"],
        ["Quý IV năm 2023", "15/09/2023 – 14/12/2023", "0", "0", "Chưa đến kỳ"],
        ["Năm 2023", "15/12/2022 – 14/12/2023", "6", "5", "Đang cập nhật"],
    ]
    areas = _rows(html, "Số tin bài về từng lĩnh vực")
    assert areas[2] == ["Cải cách thủ tục hành chính", "2", "0", "1", "0", "3"]
    assert areas[-1] == ["Tổng số tin bài về CCHC (mỗi tin bài tính một lần)", "2", "2", "1", "0", "5"]
    assert 'src="cchc-theo-thang.svg"' in html and 'href="cchc-theo-thang.png"' in html
    for name in ("cchc-theo-thang.svg", "cchc-theo-thang.png"):
        assert (first / "thong-ke" / name).read_bytes() == (again / "thong-ke" / name).read_bytes()


def test_build_stops_with_the_message_of_an_impossible_cutoff(tmp_path):
    portal = _configured(tmp_path, '        - {slug: q1, label: "Quý I năm {year}", start: "31/02", end: "14/03"}\n')
    result = run(portal, "build", "--site-dir", str(tmp_path / "site"), "--now", NOW_TEXT)
    assert result.exit_code == 1
    assert "mục plugins → congtt → periods → start: «31/02» không phải ngày/tháng có thật." in result.output
    assert not (tmp_path / "site").exists()
