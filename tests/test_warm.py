"""A warm build renders one entry's page as the whole build would, from the files on disk."""

from __future__ import annotations

import os

import pytest

from congtt.instant import NOW_VARIABLE
from congtt.warm import PreviewFailed, WarmSite

POST = "news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md"


@pytest.fixture
def warm(portal, tmp_path):
    os.environ[NOW_VARIABLE] = "2026-11-23T08:00:00+07:00"
    return WarmSite(portal / "mkdocs.yml", tmp_path / "site")


@pytest.mark.slow
def test_an_unchanged_post_renders_byte_for_byte_as_the_build_wrote_it(warm, tmp_path):
    url = warm.render(POST, [], tmp_path / "out")
    assert url.startswith("tin-tuc/2023/") and url.endswith("/")
    assert (tmp_path / "out" / url / "index.html").read_bytes() == (tmp_path / "site" / url / "index.html").read_bytes()


@pytest.mark.slow
def test_edits_on_disk_are_rendered_and_the_site_stays_as_built(warm, portal, tmp_path):
    built = (tmp_path / "site" / "index.html").read_bytes()
    with (portal / POST).open("a", encoding="utf-8") as post:
        post.write("\nBổ sung: nhận hồ sơ cả sáng thứ Bảy.\n")
    url = warm.render(POST, [], tmp_path / "tin")
    assert "Bổ sung: nhận hồ sơ cả sáng thứ Bảy." in (tmp_path / "tin" / url / "index.html").read_text("utf-8")
    page = portal / "content" / "index.md"
    page.write_text(page.read_text("utf-8") + "\nLịch tiếp công dân: sáng thứ Năm hằng tuần.\n", encoding="utf-8")
    assert warm.render("content/index.md", [], tmp_path / "trang") == "./"
    assert "Lịch tiếp công dân: sáng thứ Năm hằng tuần." in (tmp_path / "trang" / "index.html").read_text("utf-8")
    assert (tmp_path / "site" / "index.html").read_bytes() == built


@pytest.mark.slow
def test_an_entry_with_an_error_gets_the_checkers_message(warm, portal, tmp_path):
    text = (portal / POST).read_text("utf-8")
    (portal / POST).write_text(text.replace("category: ", "category: khong-co-chuyen-muc-nay\nold: ", 1), "utf-8")
    with pytest.raises(PreviewFailed) as failed:
        warm.render(POST, [], tmp_path / "out")
    assert str(failed.value).startswith(f"Chưa xem trước được, bài còn lỗi:\n{POST}:")
    assert "khong-co-chuyen-muc-nay" in str(failed.value)
    with pytest.raises(PreviewFailed, match="«theme/main.html» không nằm trong thư mục nội dung nào của Cổng."):
        warm.render("theme/main.html", [], tmp_path / "out")
