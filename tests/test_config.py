"""Settings are checked when the configuration loads, each with its Vietnamese message (issue 21)."""

from __future__ import annotations

import pytest

from conftest import run


def _with(portal, line: str):
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - congtt:\n", f"  - congtt:\n      {line}\n"), "utf-8")
    return run(portal, "check")


POSTS = "«{}» không dùng được: cần một đường dẫn tính từ gốc Cổng, kết thúc bằng «/», có {{slug}}, chỉ dùng {{yyyy}}, {{mm}}, {{dd}}, {{slug}}; ví dụ «tin-tuc/{{yyyy}}/{{mm}}/{{slug}}/»."


@pytest.mark.parametrize(("line", "where", "message"), [
    ("pagination_per_page: mười", "pagination_per_page", "«mười» không dùng được: cần một số nguyên từ 1 trở lên, ví dụ 20."),
    ("feed_size: 0", "feed_size", "«0» không dùng được: cần một số nguyên từ 1 trở lên, ví dụ 50."),
    ("feed_max_kb: -5", "feed_max_kb", "«-5» không dùng được: cần một số nguyên từ 1 trở lên, ví dụ 1000."),
    ("image_max_pixels: true", "image_max_pixels", "«True» không dùng được: cần một số nguyên từ 1 trở lên, ví dụ 50000000."),
    ("post_url_format: tin-tuc/{year}/{slug}/", "post_url_format", POSTS.format("tin-tuc/{year}/{slug}/")),
    ("post_url_format: tin-tuc/{yyyy}/", "post_url_format", POSTS.format("tin-tuc/{yyyy}/")),
    ("post_url_format: /tin-tuc/{slug}/", "post_url_format", POSTS.format("/tin-tuc/{slug}/")),
    ("post_url_format: tin-tuc/{slug}", "post_url_format", POSTS.format("tin-tuc/{slug}")),
    ("post_url_format: ../{slug}/", "post_url_format", POSTS.format("../{slug}/")),
    ("document_url_format: van-ban/{code}/{slug}/", "document_url_format",
     "«van-ban/{code}/{slug}/» không dùng được: cần một đường dẫn tính từ gốc Cổng, kết thúc bằng «/», có {slug}, "
     "chỉ dùng {yyyy}, {slug}, {kind}; ví dụ «van-ban/{yyyy}/{slug}/»."),
    ("periods: [{slug: q1, label: Quý I, start: 15/13, end: 14/03}]", "periods → start",
     "«15/13» không phải ngày/tháng có thật. Viết dạng ngày/tháng, ví dụ «15/12»."),
    ("periods: [{slug: q1, label: Quý I, start: 15/12, end: ngày 14}]", "periods → end",
     "«ngày 14» không phải ngày/tháng có thật. Viết dạng ngày/tháng, ví dụ «15/12»."),
])
def test_a_setting_that_cannot_work_is_refused_with_where_and_why(portal, line, where, message):
    result = _with(portal, line)
    assert result.exit_code == 1
    assert result.output == f"Lỗi: Tệp cấu hình «{portal / 'mkdocs.yml'}» có lỗi: mục plugins → congtt → {where}: {message}\n"


def test_good_settings_pass_and_an_unknown_one_is_a_vietnamese_warning(portal):
    assert _with(portal, "post_url_format: tin/{yyyy}/{mm}/{dd}/{slug}/").exit_code == 0
    result = _with(portal, "timezone: Asia/Ho_Chi_Minh")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"Cảnh báo: tệp cấu hình «{portal / 'mkdocs.yml'}», mục plugins → congtt → timezone: không có khóa «timezone», "
        "congtt bỏ qua dòng này (xem lại chính tả tên khóa)")
    assert _with(portal, "periods: [{slug: t2, label: Tháng 2, start: 01/02, end: 29/02}]").exit_code == 0
