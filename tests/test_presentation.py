"""What templates are given: the banner's emblem and the trail above every page."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from congtt.config import plugin_settings
from congtt.presentation import DEFAULT_EMBLEM, breadcrumbs, emblem_path

REPOSITORY = Path(__file__).resolve().parents[1]


def _settings(emblem: str):
    settings = plugin_settings(load_config(str(REPOSITORY / "mkdocs.yml")))
    settings.commune["emblem"] = emblem
    return settings


def test_without_an_emblem_the_banner_wears_congtts_own(tmp_path):
    assert emblem_path(_settings(""), tmp_path) == DEFAULT_EMBLEM
    assert (REPOSITORY / "src" / "congtt" / "theme" / DEFAULT_EMBLEM).is_file()


def test_a_configured_emblem_is_a_file_under_the_content_folder(tmp_path):
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert emblem_path(_settings("/anh/logo.svg"), tmp_path) == "anh/logo.svg"


@pytest.mark.parametrize("emblem", ["anh/khong-co.png", "../mkdocs.yml"])
def test_a_missing_or_outside_emblem_stops_the_build_with_where_it_must_be(tmp_path, emblem):
    docs = tmp_path / "content"
    docs.mkdir()
    (tmp_path / "mkdocs.yml").write_text("", encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        emblem_path(_settings(emblem), docs)
    assert str(raised.value) == (
        f"Không tìm thấy ảnh biểu trưng «{emblem}» (commune.emblem trong mkdocs.yml): hãy chép tệp ảnh "
        "(SVG hoặc PNG) vào thư mục «content» và ghi đường dẫn tính từ thư mục đó, ví dụ images/logo.svg; "
        "hoặc xóa dòng này để dùng biểu trưng mặc định."
    )


def _page(url: str, title: str = "", ancestors=(), item=None, home: bool = False):
    meta = {"item": item} if item is not None else {}
    return SimpleNamespace(url=url, title=title, ancestors=list(ancestors), meta=meta, is_homepage=home, is_page=True)


def _section(title: str, *children):
    return SimpleNamespace(title=title, children=list(children), is_page=False, is_section=True)


TITLES = {
    "tin-tuc/": "Tin tức",
    "tin-tuc/2026/": "Tin năm 2026",
    "tin-tuc/2026/07/": "Tin tháng 07/2026",
    "thu-tuc-hanh-chinh/": "Thủ tục hành chính",
    "thu-tuc-hanh-chinh/ho-tich/": "Thủ tục lĩnh vực Hộ tịch",
}


def test_a_post_is_under_its_month_year_and_the_news():
    post = SimpleNamespace(title="Một năm <vận hành>")
    trail = breadcrumbs(TITLES, _page("tin-tuc/2026/07/mot-nam/", item=post))
    assert trail == [("Trang chủ", ""), ("Tin tức", "tin-tuc/"), ("Tin năm 2026", "tin-tuc/2026/"),
                     ("Tin tháng 07/2026", "tin-tuc/2026/07/"), ("Một năm <vận hành>", None)]


def test_a_procedure_is_under_its_field_page():
    procedure = SimpleNamespace(title="Đăng ký khai sinh")
    trail = breadcrumbs(TITLES, _page("thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/", item=procedure))
    assert [url for _, url in trail] == ["", "thu-tuc-hanh-chinh/", "thu-tuc-hanh-chinh/ho-tich/", None]


def test_a_page_in_a_navigation_section_is_under_the_sections_first_page():
    intro = _page("gioi-thieu/", "Giới thiệu xã")
    organisation = _page("co-cau-to-chuc/", "Cơ cấu tổ chức")
    section = _section("Giới thiệu", intro, organisation)
    organisation.ancestors = [section]
    intro.ancestors = [section]
    assert breadcrumbs(TITLES, organisation) == [("Trang chủ", ""), ("Giới thiệu", "gioi-thieu/"), ("Cơ cấu tổ chức", None)]
    # The section's own first page does not link to itself.
    assert breadcrumbs(TITLES, intro) == [("Trang chủ", ""), ("Giới thiệu xã", None)]


def test_a_listing_is_under_the_listings_above_it_and_home_has_no_trail():
    assert breadcrumbs(TITLES, _page("tin-tuc/2026/", "Tin năm 2026")) == [
        ("Trang chủ", ""), ("Tin tức", "tin-tuc/"), ("Tin năm 2026", None)]
    assert breadcrumbs(TITLES, _page("", "Trang chủ", home=True)) == []
