"""Converting front-matter fields: every odd value gets a Vietnamese message on its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import place, run

from congtt.schema import DOCUMENT_SCHEMA, POST_SCHEMA, Vocabulary, convert_fields
from congtt.source import read_source

VOCABULARY = Vocabulary(
    categories={"thong-bao": "Thông báo"},
    cchc_areas={"tthc": "Cải cách thủ tục hành chính"},
    channels={"radio": "Đài truyền thanh"},
    tthc_fields={"ho-tich": "Hộ tịch"},
    document_kinds={"ke-hoach": "Kế hoạch"},
)
YEAR = "năm {} nằm ngoài khoảng từ 1900 đến 2100 mà Cổng nhận; hãy kiểm tra lại năm"
ZONE = (
    "múi giờ {} không có ở nơi nào (chỉ từ -12:00 đến +14:00); "
    "bỏ múi giờ đi thì giờ được hiểu là giờ Việt Nam"
)
STATUSES = "Chọn một trong: chua-thuc-hien, dang-thuc-hien, hoan-thanh."


def _convert(tmp_path: Path, front_matter: str, schema=POST_SCHEMA, label="tin bài"):
    """Read ``front_matter`` as a file and convert it by ``schema``."""
    path = tmp_path / "bai.md"
    path.write_text(f"---\n{front_matter}---\n", encoding="utf-8")
    source = read_source(path)
    assert source.problems == []
    return convert_fields(schema, source.meta, VOCABULARY, label)


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("0000-01-01", YEAR.format(0)),
        ("9999-12-31 23:00 -05:00", YEAR.format(9999)),
        ("15/06/2203 08:30", YEAR.format(2203)),
        ("2023-06-15 08:30 +24:00", ZONE.format("+24:00")),
    ],
)
def test_a_date_the_portal_cannot_use_is_a_problem_on_its_line(tmp_path, date, reason):
    _, problems = _convert(tmp_path, f"title: Tin\ncategory: thong-bao\ndate: {date}\n")
    assert problems == [(4, f"Ngày «{date}» ở khóa «date» (ngày đăng) không dùng được: {reason}.")]


def test_a_task_deadline_out_of_range_is_a_problem_on_its_line(tmp_path):
    _, problems = _convert(
        tmp_path,
        "kind: ke-hoach\nnumber: ''\nissued: 01/02/2023\ntitle: Kế hoạch\n"
        "tasks:\n  - content: Việc một\n    deadline: 30/06/0000\n",
        DOCUMENT_SCHEMA,
        "văn bản",
    )
    assert problems == [(8, f"Thời hạn «30/06/0000» không dùng được: {YEAR.format(0)}.")]


@pytest.mark.parametrize("status", ["[xong]", "{a: b}"])
def test_a_task_status_that_is_not_text_is_a_problem_on_its_line(tmp_path, status):
    """A list or mapping here raised ``TypeError: unhashable type``."""
    _, problems = _convert(
        tmp_path,
        "kind: ke-hoach\nnumber: ''\nissued: 01/02/2023\ntitle: Kế hoạch\n"
        f"tasks:\n  - content: Việc một\n    status: {status}\n",
        DOCUMENT_SCHEMA,
        "văn bản",
    )
    assert problems == [(8, f"Tình trạng nhiệm vụ (một danh sách hay nhóm khóa) không hợp lệ. {STATUSES}")]


# (fixture, folder it is placed in, line, exact message) as `congtt check` prints them
RULES = [
    ("year-zero.md", "news/2023", 3, f"Ngày «0000-01-01» ở khóa «date» (ngày đăng) không dùng được: {YEAR.format(0)}."),
    (
        "end-of-time.md",
        "news/2023",
        3,
        f"Ngày «9999-12-31 23:00 -05:00» ở khóa «date» (ngày đăng) không dùng được: {YEAR.format(9999)}.",
    ),
    (
        "offset-24h.md",
        "news/2023",
        3,
        f"Ngày «2023-06-15 08:30 +24:00» ở khóa «date» (ngày đăng) không dùng được: {ZONE.format('+24:00')}.",
    ),
    (
        "task-status-list.md",
        "plans/2023",
        8,
        f"Tình trạng nhiệm vụ (một danh sách hay nhóm khóa) không hợp lệ. {STATUSES}",
    ),
]


@pytest.mark.parametrize(("fixture", "folder", "line", "message"), RULES, ids=[r[0] for r in RULES])
def test_check_reports_file_line_and_message(portal, fixture, folder, line, message):
    """Each of these ended `congtt check` and `build` in a traceback."""
    place(portal, fixture, folder)
    for command in ("check", "build"):
        result = run(portal, command)
        assert result.exit_code == 1
        assert f"{folder}/{fixture}:{line}: {message}" in result.output.splitlines()
        assert "Traceback" not in result.output
