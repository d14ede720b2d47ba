"""The procedure catalogue and a procedure page on a 360 px phone, and on paper."""

from __future__ import annotations

import pytest

from browser import ARTIFACTS, DESKTOP, PHONE, chromium, horizontal_overflow, serve_site

pytestmark = pytest.mark.browser


def _visible_titles(page) -> list[str]:
    return page.locator(".ct-procedures li:not([hidden]) a").all_inner_texts()


def test_catalogue_filters_by_field_level_and_unmarked_text(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto(base + "thu-tuc-hanh-chinh/")
        everything = _visible_titles(page)
        assert len(everything) >= 15
        page.fill("#ct-q", "khai sinh")
        assert _visible_titles(page) == ["Đăng ký khai sinh"]
        page.fill("#ct-q", "")
        page.select_option("#ct-field", "chung-thuc")
        chosen = _visible_titles(page)
        assert chosen and all(t.startswith("Chứng thực") for t in chosen)
        page.select_option("#ct-field", "")
        page.select_option("#ct-online", "toan-trinh")
        online = page.locator(".ct-procedures li:not([hidden])").evaluate_all("l => l.map(e => e.dataset.online)")
        assert online and set(online) == {"toan-trinh"}
        assert "Đăng ký khai sinh" in _visible_titles(page)
        assert horizontal_overflow(page) == 0
        page.screenshot(path=str(ARTIFACTS / "danh-muc-loc-360.png"), full_page=True)


def test_catalogue_filters_are_kept_in_the_address_to_be_shared(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto(base + "thu-tuc-hanh-chinh/")
        page.select_option("#ct-field", "ho-tich")
        page.select_option("#ct-online", "toan-trinh")
        page.wait_for_function("location.search === '?field=ho-tich&online=toan-trinh'")
        chosen = _visible_titles(page)
        shared = browser.new_page(viewport=DESKTOP)
        shared.goto(page.url)
        assert shared.input_value("#ct-field") == "ho-tich" and shared.input_value("#ct-online") == "toan-trinh"
        assert _visible_titles(shared) == chosen and "Đăng ký khai sinh" in chosen
        page.select_option("#ct-field", "")
        page.select_option("#ct-online", "")
        page.wait_for_function("location.search === ''")


def test_without_javascript_the_field_and_level_links_filter(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE, java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "thu-tuc-hanh-chinh/")
        page.click("nav.ct-filters >> text=Hộ tịch (9)")
        page.wait_for_url("**/thu-tuc-hanh-chinh/ho-tich/")
        assert len(_visible_titles(page)) == 9
        page.click("nav.ct-filters >> text=Toàn trình (5)")
        page.wait_for_url("**/thu-tuc-hanh-chinh/muc-do/toan-trinh/")
        assert len(_visible_titles(page)) == 5
        assert page.locator(".ct-procedures .ct-badge").all_inner_texts() == ["Toàn trình"] * 5
        assert horizontal_overflow(page) == 0
        page.screenshot(path=str(ARTIFACTS / "danh-muc-toan-trinh-khong-js-360.png"), full_page=True)


def test_catalogue_without_javascript_lists_everything(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE, java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "thu-tuc-hanh-chinh/")
        assert not page.locator("[data-ct-filter]").is_visible()
        assert len(_visible_titles(page)) >= 15


def test_printed_procedure_has_no_navigation_and_a_qr_code(example_site):
    ARTIFACTS.mkdir(exist_ok=True)
    with serve_site(example_site) as base, chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.goto(base + "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/")
        assert not page.locator(".ct-print-only").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible()
        assert not page.locator(".md-sidebar--primary").is_visible()
        assert page.locator(".ct-print-qr svg").is_visible()
        assert "https://laikhe.haiphong.gov.vn/thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/" in page.inner_text(".ct-print-only")
        page.screenshot(path=str(ARTIFACTS / "thu-tuc-ban-in.png"), full_page=True)
        page.pdf(path=str(ARTIFACTS / "thu-tuc-ban-in.pdf"))


def _procedure_pages(site) -> list[str]:
    """Every procedure's page (the online levels' listings are in a folder of their own, ``muc-do/``)."""
    pages = (site / "thu-tuc-hanh-chinh").glob("*/*/index.html")
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in pages if p.parent.parent.name != "muc-do")


def _decoded_pdf(pdf: bytes) -> tuple[int, list[str]]:
    """(pages, texts of every QR code found) in a PDF rasterised at 150 dpi, as a phone camera sees paper."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    texts = []
    for page in document:
        image = page.render(scale=150 / 72).to_pil()
        texts += [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]
    return len(document), texts


def test_every_printed_handout_has_a_qr_code_a_decoder_reads(example_site):
    """Printed to A4 (as the one-stop shop prints it), each procedure's QR code decodes to its page."""
    with serve_site(example_site) as base, chromium() as browser:
        for viewport in (PHONE, DESKTOP):
            page = browser.new_page(viewport=viewport)
            for path in _procedure_pages(example_site) if viewport is PHONE else ["thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/"]:
                page.goto(base + path)
                pages, texts = _decoded_pdf(page.pdf(format="A4", print_background=False))
                assert texts == [f"https://laikhe.haiphong.gov.vn/{path}"], (path, viewport)
            page.close()


def test_a_typical_handout_fits_two_a4_pages_without_buttons_and_with_the_online_link(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/")
        page.emulate_media(media="print")
        assert not page.locator(".ct-textsize").is_visible()
        assert "Nộp hồ sơ trực tuyến: https://dichvucong.gov.vn/" in page.inner_text(".ct-print-only")
        pdf = page.pdf(format="A4")
        (ARTIFACTS / "thu-tuc-ban-in-a4.pdf").write_bytes(pdf)
        pages, _ = _decoded_pdf(pdf)
        assert pages <= 2
