"""Drafts never block: an unfinished draft's problems are warnings, the rest of the portal still publishes."""

from __future__ import annotations

import pytest

from conftest import run

NOTE = " (Bản nháp: chưa đăng; sửa lỗi này trước khi bỏ dòng «draft: true».)"
CODE = (
    'Mã thủ tục «» không đúng dạng mã của Cơ sở dữ liệu quốc gia về TTHC (ví dụ "1.001193"). '
    'Ghi mã trong dấu ngoặc kép: code: "1.001193".'
)


@pytest.mark.slow
def test_a_procedure_just_made_by_congtt_new_does_not_stop_the_build(portal):
    assert run(portal, "new", "procedure", "Đăng ký thường trú").exit_code == 0
    result = run(portal, "check")
    assert result.exit_code == 0, result.output
    assert f"tthc/dang-ky-thuong-tru.md:3: cảnh báo: {CODE}{NOTE}" in result.output
    assert "Không có lỗi: 1 tin bài, 1 văn bản, 1 thủ tục hành chính. Có 1 cảnh báo ở trên." in result.output
    built = run(portal, "build")
    assert built.exit_code == 0, built.output
    assert (portal / "site/tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/index.html").is_file()


def test_an_empty_titled_draft_post_is_a_warning(portal):
    (portal / "news/2023/2023-07-01-chua-xong.md").write_text(
        "---\ntitle:\ndate: 01/07/2023 08:00\ncategory: cai-cach-hanh-chinh\ndraft: true\n---\n\nĐang viết.\n", "utf-8"
    )
    result = run(portal, "check")
    assert result.exit_code == 0, result.output
    assert "news/2023/2023-07-01-chua-xong.md:2: cảnh báo: " in result.output and result.output.count(NOTE) == 1


def test_the_same_problems_without_draft_stop_the_build(portal):
    assert run(portal, "new", "procedure", "Đăng ký thường trú").exit_code == 0
    path = portal / "tthc/dang-ky-thuong-tru.md"
    path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    result = run(portal, "build")
    assert result.exit_code == 1
    assert f"tthc/dang-ky-thuong-tru.md:3: {CODE}\n" in result.output
    assert NOTE not in result.output


@pytest.mark.slow
def test_status_lists_drafts_scheduled_items_and_the_last_build(portal):
    """Issue 23: nothing listed what waits to be published."""
    assert run(portal, "new", "procedure", "Đăng ký khai tử").exit_code == 0
    post = next((portal / "news/2023").glob("*.md"))
    (post.parent / "2023-07-01-ban-nhap.md").write_text(
        post.read_text("utf-8").replace("title: ", "draft: true\ntitle: Nháp ").replace("15/06/2023", "01/07/2023"), "utf-8")
    (post.parent / "2023-08-01-hen-gio.md").write_text(
        post.read_text("utf-8").replace("title: ", "title: Hẹn ").replace("15/06/2023", "01/08/2023"), "utf-8")
    result = run(portal, "status", "--now", "2023-07-15T08:00:00+07:00")
    assert result.exit_code == 0, result.output
    title = next(line for line in post.read_text("utf-8").splitlines() if line.startswith("title: "))[7:]
    assert result.output.splitlines() == [
        "Bản nháp, chưa đăng (2):",
        f"  news/2023/2023-07-01-ban-nhap.md: «Nháp {title}»",
        "  tthc/dang-ky-khai-tu.md: «Đăng ký khai tử» — còn lỗi, xem «congtt check»",
        "Hẹn giờ (1):",
        f"  news/2023/2023-08-01-hen-gio.md: «Hẹn {title}» — tự đăng lúc Thứ Ba, 01/08/2023 "
        f"{post.read_text('utf-8').split('15/06/2023 ')[1][:5]}, ở lần xây dựng đầu tiên sau đó.",
        f"Chưa xây dựng lần nào vào «{portal / 'site'}» (chạy «congtt build»).",
    ]
    assert run(portal, "build", "--now", "2023-07-15T08:00:00+07:00").exit_code == 0
    last = run(portal, "status").output.splitlines()[-1]
    assert last.startswith(f"Lần xây dựng gần nhất vào «{portal / 'site'}»: ")
