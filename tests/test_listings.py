"""Listings: newest first, paginated, per category, area and month; register and catalogue."""

from __future__ import annotations

import pytest

from datetime import datetime, timedelta
from pathlib import Path

from congtt.dates import VIETNAM
from congtt.listings import home, news_listings, paginate
from congtt.model import Portal, Post

from conftest import run


def _post(number: int, **extra) -> Post:
    moment = datetime(2024, 1, 1, 8, 0, tzinfo=VIETNAM) + timedelta(days=number)
    return Post(
        source=Path(f"/tmp/{number}.md"), display_path=f"news/{number}.md", title=f"Tin {number}",
        slug=f"tin-{number}", url=f"tin-tuc/{moment:%Y/%m}/tin-{number}/", body="", body_line=1,
        draft=False, date=moment, category=extra.pop("category", "thong-bao"), **extra,
    )


def test_pagination_is_newest_first_with_vietnamese_page_urls():
    posts = sorted((_post(n) for n in range(45)), key=lambda p: p.date, reverse=True)
    *pages, folder = paginate("tin-tuc/", "Tin tức", posts, 20)
    assert [p.url for p in pages] == ["tin-tuc/", "tin-tuc/trang/2/", "tin-tuc/trang/3/"]
    # The folder of the numbered pages lists them all; one page alone has no such folder.
    assert (folder.url, folder.kind, folder.title) == ("tin-tuc/trang/", "directory", "Tin tức: các trang")
    assert folder.filters == (("Trang 1", "tin-tuc/", 20), ("Trang 2", "tin-tuc/trang/2/", 20), ("Trang 3", "tin-tuc/trang/3/", 5))
    assert [p.url for p in paginate("tin-tuc/", "Tin tức", posts[:20], 20)] == ["tin-tuc/"]
    assert [len(p.entries) for p in pages] == [20, 20, 5]
    assert pages[0].entries[0].title == "Tin 44"
    assert pages[2].entries[-1].title == "Tin 0"
    assert (pages[1].newer_url, pages[1].older_url) == ("tin-tuc/", "tin-tuc/trang/3/")
    assert (pages[1].page, pages[1].pages) == (2, 3)


def test_category_area_and_month_listings():
    posts = [_post(0, cchc=("tthc",)), _post(40, category="tin-hoat-dong", cchc=("tthc", "cong-vu"))]
    listings = {l.url: l for l in news_listings(posts, {"thong-bao": "Thông báo", "tin-hoat-dong": "Tin hoạt động"},
                                                {"tthc": "Cải cách TTHC", "cong-vu": "Công vụ"}, 20)}
    assert [p.title for p in listings["tin-tuc/cchc/tthc/"].entries] == ["Tin 40", "Tin 0"]
    assert [p.title for p in listings["tin-tuc/cchc/cong-vu/"].entries] == ["Tin 40"]
    assert [p.title for p in listings["tin-tuc/chuyen-muc/thong-bao/"].entries] == ["Tin 0"]
    assert [p.title for p in listings["tin-tuc/2024/01/"].entries] == ["Tin 0"]
    assert [p.title for p in listings["tin-tuc/2024/02/"].entries] == ["Tin 40"]


def test_home_keeps_featured_out_of_latest():
    portal = Portal(posts=[_post(1, featured=True), _post(2), _post(3)])
    view = home(portal)
    assert [p.title for p in view.featured] == ["Tin 1"]
    assert [p.title for p in view.latest] == ["Tin 3", "Tin 2"]


@pytest.mark.slow
def test_built_listings_paginate_and_hide_abolished_procedures(portal):
    for number in range(25):
        path = portal / "news/2024" / f"2024-03-{1 + number:02d}-tin-{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: Tin số {number}\ndate: {1 + number:02d}/03/2024\ncategory: thong-bao\n---\n", "utf-8")
    (portal / "tthc/ho-tich/1.000001-thu-tuc-cu.md").write_text(
        '---\ncode: "1.000001"\ntitle: Thủ tục cũ đã bãi bỏ\nfield: ho-tich\nstatus: bai-bo\n'
        "change_decision: Quyết định số 1/QĐ-UBND\n---\n", "utf-8")
    assert run(portal, "build").exit_code == 0
    site = portal / "site"
    first = (site / "tin-tuc/index.html").read_text("utf-8")
    assert "Trang 1/2" in first and "Tin cũ hơn" in first
    assert first.index("Tin số 24") < first.index("Tin số 23")
    second = (site / "tin-tuc/trang/2/index.html").read_text("utf-8")
    assert "Trang 2/2" in second and "Tin mới hơn" in second
    catalogue_html = (site / "thu-tuc-hanh-chinh/index.html").read_text("utf-8")
    assert "Đăng ký khai sinh" in catalogue_html
    assert "Thủ tục cũ đã bãi bỏ" not in catalogue_html
    abolished = (site / "thu-tuc-hanh-chinh/ho-tich/1.000001-thu-tuc-cu-da-bai-bo/index.html").read_text("utf-8")
    assert "Thủ tục đã bãi bỏ" in abolished
    assert "Số, ký hiệu" in (site / "van-ban/index.html").read_text("utf-8")


def test_related_posts_share_areas_and_tags_and_neighbours_follow_dates():
    from congtt.listings import post_links

    posts = [
        _post(1, cchc=("tthc",), tags=("hộ tịch",)),
        _post(2, category="tin-hoat-dong"),
        _post(3, cchc=("tthc",), tags=("hộ tịch",)),
        _post(4, cchc=("cong-vu",)),
    ]
    links = post_links(posts)
    first = links[posts[0].url]
    assert first.related[0].title == "Tin 3"
    assert "Tin 2" not in [p.title for p in first.related]
    assert first.older is None and first.newer.title == "Tin 2"
    assert links[posts[3].url].newer is None and links[posts[3].url].older.title == "Tin 3"


def test_every_field_and_online_level_has_a_catalogue_page_that_filters_without_javascript(example_site):
    catalogue = (example_site / "thu-tuc-hanh-chinh/index.html").read_text("utf-8")
    field = (example_site / "thu-tuc-hanh-chinh/ho-tich/index.html").read_text("utf-8")
    assert "<h1>Thủ tục lĩnh vực Hộ tịch</h1>" in field
    assert "Đăng ký khai sinh" in field and "Chứng thực bản sao" not in field
    assert 'href="../chung-thuc/">Chứng thực (' in field and 'aria-current="page">Hộ tịch (9)</a>' in field
    assert 'href="ho-tich/">Hộ tịch (9)</a>' in catalogue and 'href="muc-do/toan-trinh/">Toàn trình (5)</a>' in catalogue
    online = (example_site / "thu-tuc-hanh-chinh/muc-do/toan-trinh/index.html").read_text("utf-8")
    assert "<h1>Thủ tục trực tuyến: Toàn trình</h1>" in online and online.count('class="ct-badge ct-badge--toan-trinh"') == 5
    assert 'class="ct-badge ct-badge--mot-phan"' not in online


def test_a_year_of_news_has_a_page_leading_to_its_months():
    posts = [_post(n) for n in (10, 40, 41, 400)]  # January and February 2024, February 2025
    listings = {l.url: l for l in news_listings(posts, {"thong-bao": "Thông báo"}, {}, 20)}
    year = listings["tin-tuc/2024/"]
    assert year.title == "Tin năm 2024" and [p.title for p in year.entries] == ["Tin 41", "Tin 40", "Tin 10"]
    assert year.filters == (("Cả năm 2024", "tin-tuc/2024/", 3), ("Tháng 02", "tin-tuc/2024/02/", 2),
                            ("Tháng 01", "tin-tuc/2024/01/", 1))
    assert listings["tin-tuc/2024/01/"].filters == year.filters
    assert [p.title for p in listings["tin-tuc/2025/"].entries] == ["Tin 400"]


def test_the_site_tree_lists_every_section_and_is_linked_from_every_footer(example_site):
    tree = (example_site / "so-do-cong/index.html").read_text("utf-8")
    assert "<h1>Sơ đồ Cổng thông tin</h1>" in tree
    for link in ('href="../gioi-thieu/">Giới thiệu</a>', 'href="../tin-tuc/2025/">2025</a> (20)',
                 'href="../van-ban/loai/ke-hoach/">Kế hoạch</a>', 'href="../thu-tuc-hanh-chinh/ho-tich/">Hộ tịch</a> (9)',
                 'href="../thu-tuc-hanh-chinh/muc-do/toan-trinh/">Toàn trình</a> (5)', 'href="../tim-kiem/">Tìm kiếm</a>'):
        assert link in tree, link
    for page in ("index.html", "tin-tuc/index.html", "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/index.html"):
        assert "so-do-cong/\">Sơ đồ Cổng</a>" in (example_site / page).read_text("utf-8"), page
    year = (example_site / "tin-tuc/2025/index.html").read_text("utf-8")
    assert "<h1>Tin năm 2025</h1>" in year and 'href="07/">Tháng 07 (' in year and 'aria-current="page">Cả năm 2025 (20)' in year


def test_every_folder_above_listings_has_a_page_of_its_lists(example_site):
    """Issue 24.5: a citizen shortening /tin-tuc/chuyen-muc/thong-bao/ to /tin-tuc/chuyen-muc/ finds the categories."""
    pages = {
        "tin-tuc/chuyen-muc/": ("Chuyên mục tin", 'href="thong-bao/">Thông báo</a>'),
        "tin-tuc/cchc/": ("Tin tuyên truyền cải cách hành chính", 'href="tthc/">Cải cách thủ tục hành chính</a>'),
        "van-ban/loai/": ("Văn bản theo loại", 'href="ke-hoach/">Kế hoạch</a>'),
        "thu-tuc-hanh-chinh/muc-do/": ("Thủ tục theo mức độ trực tuyến", 'href="toan-trinh/">Toàn trình</a> <span class="ct-entry__date">(5)</span>'),
    }
    for path, (title, link) in pages.items():
        html = (example_site / path / "index.html").read_text("utf-8")
        assert f"<h1>{title}</h1>" in html and link in html, path
    # Every folder above a page of the three sections has a page of its own.
    sections = [example_site / name for name in ("tin-tuc", "van-ban", "thu-tuc-hanh-chinh")]
    above = {page.parent.parent for section in sections for page in section.rglob("*/index.html")}
    assert sorted(d.relative_to(example_site).as_posix() for d in above if not (d / "index.html").exists()) == []


def test_a_field_left_with_abolished_procedures_alone_keeps_a_page_naming_them(example_site):
    html = (example_site / "thu-tuc-hanh-chinh/van-hoa/index.html").read_text("utf-8")
    assert "<h1>Thủ tục lĩnh vực Văn hóa</h1>" in html and "không còn thủ tục hành chính nào" in html
    assert 'href="1.000000-xet-tang-danh-hieu-gia-dinh-van-hoa-hang-nam/">' in html and "Đã bãi bỏ" in html
    assert "0 thủ tục" not in html and 'class="ct-chip" href="./"' not in html  # no chip for a field of none


def test_the_home_page_names_an_unnumbered_document_by_its_kind_alone(example_site):
    home = (example_site / "index.html").read_text("utf-8")
    assert "Báo cáo 186/BC-UBND: Kết quả công tác" in home
    assert "Báo cáo: Kết quả tuyên truyền" in home and " : " not in home


def test_the_menu_tab_of_a_post_procedure_or_document_is_highlighted(example_site):
    import re

    def active(page: str) -> list[str]:
        html = (example_site / page / "index.html").read_text("utf-8")
        tabs = re.findall(r'<li class="(md-tabs__item[^"]*)">\s*<a href="[^"]*" class="md-tabs__link">\s*([^<]*?)\s*</a>', html)
        return [title for classes, title in tabs if "md-tabs__item--active" in classes]

    assert active("tin-tuc/2025/07/trung-tam-phuc-vu-hanh-chinh-cong-xa-nhung-dieu-can-biet") == ["Tin tức"]
    assert active("thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh") == ["Thủ tục hành chính"]
    assert active("van-ban/2026/ke-hoach-12-kh-ubnd") == ["Văn bản"]
    assert active(".") == ["Trang chủ"] and active("gioi-thieu") == ["Giới thiệu"]
