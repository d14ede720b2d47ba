"""The example portal in a real browser: pages render and fit a 360 px phone."""

from __future__ import annotations

import pytest

from browser import ARTIFACTS, DESKTOP, PHONE, chromium, horizontal_overflow, serve_site

PAGES = {
    "trang-chu": "",
    "tin-tuc": "tin-tuc/",
    "danh-muc-thu-tuc": "thu-tuc-hanh-chinh/",
    "so-van-ban": "van-ban/",
    "tien-do": "van-ban/tien-do/",
    "thong-ke": "thong-ke/",
    "co-cau-to-chuc": "co-cau-to-chuc/",
    "gioi-thieu": "gioi-thieu/",
    "lien-he": "lien-he/",
    "tin-bai": "tin-tuc/2025/07/trung-tam-phuc-vu-hanh-chinh-cong-xa-nhung-dieu-can-biet/",
    "thu-tuc": "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/",
    "van-ban": "van-ban/2026/ke-hoach-12-kh-ubnd/",
}


@pytest.mark.browser
def test_pages_render_without_sideways_scroll(example_site):
    ARTIFACTS.mkdir(exist_ok=True)
    with serve_site(example_site) as base, chromium() as browser:
        for width_name, viewport in (("360", PHONE), ("1280", DESKTOP)):
            page = browser.new_page(viewport=viewport)
            for name, path in PAGES.items():
                response = page.goto(base + path)
                assert response.status == 200, path
                assert page.locator("h1").first.is_visible()
                page.screenshot(path=str(ARTIFACTS / f"{name}-{width_name}.png"), full_page=True)
                assert horizontal_overflow(page) == 0, (path, width_name)
            page.close()
