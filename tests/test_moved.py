"""Pages that moved keep their old addresses answering (issue 23: a changed slug killed the old link)."""

from __future__ import annotations

import pytest

from conftest import run

NOW = "2026-11-23T08:00:00+07:00"
OLD = "tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/"
NEW = "tin-tuc/2023/06/khai-sinh-truc-tuyen/"


def _post(portal):
    return next((portal / "news/2023").glob("*.md"))


def _build(portal):
    result = run(portal, "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    return portal / "site"


@pytest.mark.slow
def test_a_changed_slug_leaves_a_page_that_sends_readers_on(portal):
    _build(portal)
    post = _post(portal)
    post.write_text(post.read_text("utf-8").replace("title: ", "slug: khai-sinh-truc-tuyen\ntitle: ", 1), "utf-8")
    site = _build(portal)
    assert (site / NEW / "index.html").is_file()
    page = (site / OLD / "index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../khai-sinh-truc-tuyen/">' in page
    assert '<link rel="canonical" href="https://thunghiem.example.gov.vn/tin-tuc/2023/06/khai-sinh-truc-tuyen/">' in page
    assert 'Trang này đã chuyển tới địa chỉ mới: <a href="../khai-sinh-truc-tuyen/">' in page
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("dang-ky-khai-sinh-truc-tuyen") == 0 and sitemap.count(NEW) == 1
    # A third address: both earlier ones lead to it.
    post.write_text(post.read_text("utf-8").replace("slug: khai-sinh-truc-tuyen", "slug: khai-sinh-online"), "utf-8")
    site = _build(portal)
    for old in (OLD, NEW):
        assert "khai-sinh-online/" in (site / old / "index.html").read_text("utf-8"), old


@pytest.mark.slow
def test_aliases_written_by_hand_redirect_and_a_taken_address_is_left_alone(portal):
    post = _post(portal)
    post.write_text(post.read_text("utf-8").replace(
        "title: ", "aliases:\n  - /tin-tuc/khai-sinh/\n  - tin-tuc/\ntitle: ", 1), "utf-8")
    site = _build(portal)
    assert "url=../2023/06/dang-ky-khai-sinh-truc-tuyen/" in (site / "tin-tuc/khai-sinh/index.html").read_text("utf-8")
    assert "Trang đã chuyển" not in (site / "tin-tuc/index.html").read_text("utf-8")  # the news listing stays


@pytest.mark.parametrize("alias", ["https://xa.gov.vn/tin-tuc/cu/", "tin-tuc/../../etc/", "Tin tức/cũ"])
def test_an_alias_that_is_no_address_of_the_portal_is_refused(portal, alias):
    post = _post(portal)
    post.write_text(post.read_text("utf-8").replace("title: ", f'aliases: ["{alias}"]\ntitle: ', 1), "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 1
    assert (f"{post.relative_to(portal).as_posix()}:2: Địa chỉ cũ «{alias}» ở khóa «aliases» (địa chỉ cũ) phải là đường "
            "dẫn tính từ gốc Cổng, chữ thường không dấu, ví dụ tin-tuc/2024/03/ten-bai-cu/ (không ghi https:// và tên "
            "miền).") in result.output
