"""The document register on a phone: year and kind filters, and a document readable at 360 px."""

from __future__ import annotations

import pytest

from browser import ARTIFACTS, PHONE, chromium, horizontal_overflow, serve_site


def _rows(page) -> list[dict[str, str]]:
    """The register's rows as {column label: text}."""
    return page.evaluate(
        """() => [...document.querySelectorAll('table.ct-register tbody tr')].map(row =>
            Object.fromEntries([...row.cells].map(cell => [cell.dataset.label, cell.innerText.trim()])))"""
    )


@pytest.mark.browser
def test_register_filters_by_year_and_kind_at_360(example_site):
    ARTIFACTS.mkdir(exist_ok=True)
    with serve_site(example_site) as base, chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto(base + "van-ban/")
        everything = _rows(page)
        assert len(everything) >= 5
        assert horizontal_overflow(page) == 0

        filters = page.get_by_role("navigation", name="Lọc văn bản")
        filters.get_by_role("link", name="2023", exact=True).click()
        page.wait_for_url("**/van-ban/2023/")
        in_2023 = _rows(page)
        assert in_2023 and all(row["Ngày ban hành"].endswith("/2023") for row in in_2023)
        assert len(in_2023) < len(everything)
        assert filters.get_by_role("link", name="2023", exact=True).get_attribute("aria-current") == "page"
        assert horizontal_overflow(page) == 0

        filters.get_by_role("link", name="Kế hoạch", exact=True).click()
        page.wait_for_url("**/van-ban/loai/**")
        plans = _rows(page)
        assert plans and all(row["Loại"] == "Kế hoạch" for row in plans)
        assert {row["Số, ký hiệu"] for row in plans} < {row["Số, ký hiệu"] for row in everything}
        page.screenshot(path=str(ARTIFACTS / "so-van-ban-ke-hoach-360.png"), full_page=True)

        page.get_by_role("link", name=plans[0]["Trích yếu"]).click()
        assert page.locator(".ct-doc-header").is_visible()
        assert horizontal_overflow(page) == 0
        page.screenshot(path=str(ARTIFACTS / "van-ban-360.png"), full_page=True)
