"""Building: atomic replacement of site/, drafts and schedules, page size independent of corpus."""

from __future__ import annotations

import pytest

import hashlib
import re
import time
from pathlib import Path

from conftest import REPOSITORY, place, run


def _tree_digest(folder: Path) -> str:
    """One hash over every file's path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
def test_build_publishes_items_outside_the_navigation(portal):
    result = run(portal, "build")
    assert result.exit_code == 0, result.output
    site = portal / "site"
    post = (site / "tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/index.html").read_text("utf-8")
    assert "Đăng ký khai sinh trực tuyến tại Bộ phận Một cửa" in post
    assert "Thứ Năm, 15/06/2023 08:30" in post
    procedure = (site / "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/index.html").read_text("utf-8")
    assert "Mã thủ tục <strong>1.001193</strong>" in procedure
    assert "Trình tự thực hiện" in procedure
    document = (site / "van-ban/2022/ke-hoach-56-kh-ubnd/index.html").read_text("utf-8")
    assert "Số: 56/KH-UBND" in document
    assert "Thử Nghiệm, ngày 27 tháng 12 năm 2022" in document
    assert not list(portal.glob(".site.new-*"))


@pytest.mark.slow
def test_invalid_content_leaves_previous_site_byte_for_byte(portal):
    assert run(portal, "build").exit_code == 0
    before = _tree_digest(portal / "site")
    place(portal, "impossible-date.md", "news/2023")
    result = run(portal, "build")
    assert result.exit_code == 1
    assert "thư mục xuất bản cũ được giữ nguyên" in result.output
    assert _tree_digest(portal / "site") == before
    assert not list(portal.glob(".site.new-*"))


@pytest.mark.slow
def test_failure_inside_mkdocs_leaves_previous_site(portal):
    """Content is valid but the theme breaks mid-build: site/ must not change."""
    assert run(portal, "build").exit_code == 0
    before = _tree_digest(portal / "site")
    overrides = portal / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text("{% extends 'base.html' %}{% block content %}{{ broken( }}{% endblock %}")
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"), "utf-8")
    result = run(portal, "build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Xây dựng thất bại" in result.output
    assert _tree_digest(portal / "site") == before
    assert not list(portal.glob(".site.new-*"))


def _post(portal: Path, name: str, date: str, extra: str = "", body: str = "") -> None:
    path = portal / "news" / date[6:10] / f"{date[6:10]}-{date[3:5]}-{date[0:2]}-{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Tin {name}\ndate: {date}\ncategory: thong-bao\n{extra}---\n{body}\n", "utf-8")


@pytest.mark.slow
def test_drafts_and_scheduled_posts_appear_nowhere_until_due(portal):
    _post(portal, "ban-nhap", "10/06/2023", "draft: true\n", "SENTINEL-DRAFT-7Q")
    _post(portal, "hen-gio", "01/01/2030 08:00", "", "SENTINEL-FUTURE-9Z")
    result = run(portal, "build", "--now", "2026-11-23T08:00:00+07:00")
    assert result.exit_code == 0, result.output
    text = _all_text(portal / "site")
    assert "SENTINEL-DRAFT-7Q" not in text and "ban-nhap" not in text
    assert "SENTINEL-FUTURE-9Z" not in text and "hen-gio" not in text
    result = run(portal, "build", "--now", "2030-01-01T08:00:00+07:00")
    assert result.exit_code == 0, result.output
    text = _all_text(portal / "site")
    assert "SENTINEL-FUTURE-9Z" in text
    assert "SENTINEL-DRAFT-7Q" not in text


def _post_page_size(portal: Path, extra_posts: int) -> int:
    for number in range(extra_posts):
        day = 1 + number % 28
        _post(portal, f"so-{number}", f"{day:02d}/{1 + number % 12:02d}/2024", "", "Nội dung tin số " + str(number))
    assert run(portal, "build").exit_code == 0
    return (portal / "site/tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/index.html").stat().st_size


@pytest.mark.slow
def test_post_page_size_does_not_grow_with_the_corpus(tmp_path, portal):
    import shutil

    large = tmp_path / "large"
    shutil.copytree(portal, large)
    small_size = _post_page_size(portal, 20)
    large_size = _post_page_size(large, 2000)
    assert abs(large_size - small_size) <= 0.05 * small_size, (small_size, large_size)


@pytest.mark.slow
def test_example_portal_builds_end_to_end(tmp_path):
    result = run(REPOSITORY, "build", "--site-dir", str(tmp_path / "site"), "--now", "2026-11-23T08:00:00+07:00")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    pages = list(site.glob("tin-tuc/*/*/*/index.html"))
    assert len(pages) >= 20
    assert len(list(site.glob("van-ban/*/*/index.html"))) >= 4
    procedures = [p for p in site.glob("thu-tuc-hanh-chinh/*/*/index.html") if p.parent.parent.name != "muc-do"]
    assert len(procedures) >= 15
    assert len({p.parent.parent.name for p in procedures}) >= 4
    khai_sinh = site / "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/index.html"
    assert "Đăng ký khai sinh" in khai_sinh.read_text("utf-8")


@pytest.mark.slow
def test_preview_with_drafts_marks_them_and_post_pages_carry_share_tags(portal, monkeypatch):
    _post(portal, "ban-nhap", "10/06/2023", "draft: true\n", "Nội dung nháp")
    _post(portal, "hen-gio", "01/01/2030 08:00", "", "Nội dung hẹn giờ")
    monkeypatch.setenv("CONGTT_DRAFTS", "1")
    assert run(portal, "build", "--now", "2026-11-23T08:00:00+07:00").exit_code == 0
    site = portal / "site/tin-tuc"
    assert "BẢN NHÁP" in (site / "2023/06/ban-nhap/index.html").read_text("utf-8")
    assert "HẸN GIỜ" in (site / "2030/01/hen-gio/index.html").read_text("utf-8")
    page = (site / "2023/06/dang-ky-khai-sinh-truc-tuyen/index.html").read_text("utf-8")
    assert '<meta property="og:title" content="Đăng ký khai sinh trực tuyến tại Bộ phận Một cửa">' in page
    assert 'og:url" content="https://thunghiem.example.gov.vn/tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/"' in page
    assert '<link rel="canonical" href="https://thunghiem.example.gov.vn/tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/">' in page
    assert "BẢN NHÁP" not in page and "HẸN GIỜ" not in page
    # In the listings too, a draft and a scheduled post do not look published (issue 23).
    listing = (site / "index.html").read_text("utf-8")
    for slug, state in (("ban-nhap", "Bản nháp, chưa đăng"), ("hen-gio", "Hẹn giờ, chưa đăng")):
        entry = listing[listing.index(f'/{slug}/">'):][:400]
        assert f'<p class="ct-entry__date"><strong class="ct-state">{state}</strong> · <time' in entry, slug
    assert listing.count('class="ct-state"') == 2


@pytest.mark.slow
def test_the_replaced_site_is_deleted_after_the_command_returns(portal):
    for _ in range(2):
        result = run(portal, "build", "--now", "2026-11-23T08:00:00+07:00")
        assert result.exit_code == 0, result.output
    deadline = time.monotonic() + 30
    while list(portal.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(portal.glob(".site.old-*")) and not list(portal.glob(".site.new-*"))
    assert (portal / "site/index.html").is_file()


@pytest.mark.slow
def test_a_rebuild_minutes_later_with_nothing_changed_gives_the_same_site(portal):
    """A deployment publishes only changed builds (scripts/deploy.py): no page may carry the build's minute."""
    assert run(portal, "build", "--now", "2026-11-23T08:00:00+07:00", "--site-dir", str(portal / "early")).exit_code == 0
    assert run(portal, "build", "--now", "2026-11-23T17:59:00+07:00", "--site-dir", str(portal / "late")).exit_code == 0
    early, late = _digests(portal / "early"), _digests(portal / "late")
    assert len(early) > 10 and early == late
    statistics = (portal / "late" / "thong-ke" / "index.html").read_text("utf-8")
    assert "số liệu tính đến ngày 23/11/2026." in statistics


def _digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*.html"))
    }


@pytest.mark.slow
def test_every_page_preloads_exactly_the_fonts_its_stylesheet_declares(portal):
    """A preload that names another file than the stylesheet's @font-face loads a font twice, or one nobody uses."""
    assert run(portal, "build").exit_code == 0
    site = portal / "site"
    declared = set(re.findall(r'url\("(fonts/[^"]+)"\)', (site / "assets/congtt.css").read_text("utf-8")))
    for page in ("index.html", "tim-kiem/index.html", "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/index.html"):
        html = (site / page).read_text("utf-8")
        preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html)
        assert len(preloads) == 4, page
        for href in preloads:
            font = ((site / page).parent / href).resolve()
            assert font.is_file(), href
            assert font.relative_to((site / "assets").resolve()).as_posix() in declared, href
