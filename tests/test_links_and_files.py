"""Nothing leaks: links are never followed, photos lose their EXIF everywhere, active files are refused."""

from __future__ import annotations

import pytest

import os

from PIL import Image

from conftest import run
from test_images import phone_photo

LINK = (
    "Đây là liên kết tượng trưng (symlink), không phải tệp hay thư mục thật: Cổng không đi theo liên kết "
    "nên bỏ qua nó. Hãy chép tệp thật vào đây thay cho liên kết."
)


def _active(name: str) -> str:
    return (
        f"Tệp «{name}» là loại tệp trình duyệt có thể chạy như chương trình (trang web, mã JavaScript, "
        "hình SVG có mã lệnh) nên Cổng không đăng. Hãy đổi sang PDF, hoặc ảnh PNG, JPG."
    )


def test_a_link_in_content_is_reported_and_never_published(portal, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    os.symlink(secret, portal / "content" / "anh.jpg")
    os.symlink(tmp_path, portal / "content" / "thu-muc")
    result = run(portal, "check")
    assert result.exit_code == 1
    assert f"content/anh.jpg:1: {LINK}" in result.output
    assert f"content/thu-muc:1: {LINK}" in result.output


@pytest.mark.slow
def test_the_plugin_drops_linked_files_even_when_the_check_is_skipped(portal, tmp_path):
    """The build's own guard: a link that reached MkDocs' file list is not published."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from congtt.config import plugin_settings
    from congtt.validation import check_tree

    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    os.symlink(secret, portal / "content" / "bi-mat.txt")
    config = load_config(str(portal / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    loaded, _ = check_tree(plugin_settings(config), portal, portal / "content")
    config.plugins["congtt"].checked = (loaded, [])  # as if the check had passed
    build(config)
    assert (tmp_path / "site" / "index.html").is_file()
    assert not (tmp_path / "site" / "bi-mat.txt").exists()


def test_a_link_loop_in_news_is_reported_not_walked(portal):
    os.symlink("..", portal / "news" / "2023" / "vong")
    result = run(portal, "check")
    assert result.exit_code == 1
    assert f"news/2023/vong:1: {LINK}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_photos_of_fixed_pages_lose_exif_and_gps(portal):
    phone_photo(portal / "content" / "anh" / "tru-so.jpg")
    index = portal / "content" / "index.md"
    index.write_text(index.read_text("utf-8") + "\n![Trụ sở Ủy ban nhân dân xã](anh/tru-so.jpg)\n", "utf-8")
    result = run(portal, "build")
    assert result.exit_code == 0, result.output
    with Image.open(portal / "site" / "anh" / "tru-so.jpg") as published:
        assert not published.getexif()
        assert published.size[1] > published.size[0]  # turned upright, as photos beside posts are


def test_active_attachments_are_refused(portal):
    plan = portal / "plans/2023/ke-hoach-56.md"
    (plan.parent / "mau.html").write_text("<script>alert(1)</script>", "utf-8")
    (plan.parent / "ban-do.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "utf-8")
    (plan.parent / "so-do.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', "utf-8")
    text = plan.read_text("utf-8").replace(
        'recipients: [UBND huyện (b/c), "Lưu: VT"]\n',
        'recipients: [UBND huyện (b/c), "Lưu: VT"]\nattachments:\n  - mau.html\n  - ban-do.svg\n  - so-do.svg\n',
    )
    plan.write_text(text, "utf-8")
    (portal / "content" / "tro-giup.js").write_text("alert(1)", "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 1
    assert f"plans/2023/ke-hoach-56.md:14: {_active('mau.html')}" in result.output
    assert f"plans/2023/ke-hoach-56.md:15: {_active('ban-do.svg')}" in result.output
    assert "so-do.svg" not in result.output  # a drawing without script is a picture like any other
    assert f"content/tro-giup.js:1: {_active('tro-giup.js')}" in result.output
    assert "Có 3 lỗi." in result.output


def test_a_fixed_page_is_read_by_the_engine_before_mkdocs(portal):
    """MkDocs would expand an alias bomb in a page's front-matter; the engine's reader refuses it first."""
    (portal / "content" / "bom.md").write_text(
        "---\ntitle: &a [x, x, x]\nb: [*a, *a, *a]\n---\n# Trang\n", encoding="utf-8"
    )
    result = run(portal, "build")
    assert result.exit_code == 1
    assert (
        "content/bom.md:2: Lỗi cú pháp trong phần khai báo đầu tệp: dấu «&» ở đầu giá trị là nhãn neo YAML "
        "(anchor), không dùng trong phần khai báo đầu tệp" in result.output
    )
    assert not (portal / "site").exists()
