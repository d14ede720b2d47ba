"""The portal as the law and a cheap phone expect it: accessible, light, self-contained, adjustable."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from browser import ARTIFACTS, DESKTOP, PHONE, chromium, horizontal_overflow, serve_site

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PROCEDURE = "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/"
POST = "tin-tuc/2025/07/trung-tam-phuc-vu-hanh-chinh-cong-xa-nhung-dieu-can-biet/"
PAGES = {
    "trang chủ": "",
    "tin tức": "tin-tuc/",
    "tin bài": POST,
    "danh mục thủ tục": "thu-tuc-hanh-chinh/",
    "thủ tục": PROCEDURE,
    "sổ văn bản": "van-ban/",
    "văn bản": "van-ban/2026/ke-hoach-12-kh-ubnd/",
    "kế hoạch có việc quá hạn": "van-ban/2023/ke-hoach-56-kh-ubnd/",
    "tìm kiếm": "tim-kiem/?q=ho+tich",
    "thống kê": "thong-ke/",
    "tin năm 2025": "tin-tuc/2025/",
    "sơ đồ cổng": "so-do-cong/",
    "404": "khong-co-trang-nay/",
}

# Issue 8: first load, every request, uncompressed; a post page before its photos.
PROCEDURE_BUDGET = 150 * 1024
POST_BUDGET = 250 * 1024


def _load(browser, base: str, path: str, viewport=PHONE):
    """Open ``path`` in a fresh context and record every response: (url, resource type, bytes)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    responses = []

    def record(request):
        response = request.response()
        responses.append((request.url, request.resource_type, len(response.body()) if response else 0))

    page.on("requestfinished", record)
    page.on("requestfailed", lambda request: responses.append((request.url, request.resource_type, 0)))
    status = page.goto(base + path, wait_until="networkidle").status
    return context, page, status, responses


DARK_PAGES = ("trang chủ", "thủ tục", "kế hoạch có việc quá hạn", "tìm kiếm", "thống kê")


@pytest.mark.browser
def test_no_serious_accessibility_violation(example_site):
    """Every listed page in the light scheme, and the main ones again in the dark scheme."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (make test runs npm install in tests/js)")
    script = AXE.read_text(encoding="utf-8")
    found = {}
    runs = [(name, path, False, PHONE) for name, path in PAGES.items()]
    runs += [(name, PAGES[name], True, viewport) for name in DARK_PAGES for viewport in (PHONE, DESKTOP)]
    with serve_site(example_site) as base, chromium() as browser:
        for name, path, dark, viewport in runs:
            context, page, status, _ = _load(browser, base, path, viewport)
            assert status == (404 if name == "404" else 200), path
            if dark:
                page.locator("label[for='__palette_1']").click()
                assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
                # Colours fade to the new scheme: measure contrast once every transition has ended.
                page.wait_for_function(
                    "!document.getAnimations().some(a => a instanceof CSSTransition && a.playState !== 'finished')"
                )
            page.add_script_tag(content=script)
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
            serious = [
                f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                for v in result["violations"] if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[f"{name}{' (nền tối)' if dark else ''} {viewport['width']}"] = serious
            context.close()
    assert found == {}


@pytest.mark.browser
def test_every_request_stays_on_the_site_and_pages_fit_a_phone(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        origin = urlsplit(base).netloc
        for name, path in PAGES.items():
            context, page, _, responses = _load(browser, base, path)
            outside = [url for url, _, _ in responses if urlsplit(url).scheme.startswith("http") and urlsplit(url).netloc != origin]
            assert outside == [], name
            assert horizontal_overflow(page) == 0, name
            context.close()


@pytest.mark.browser
def test_page_weight_budgets(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        context, _, _, responses = _load(browser, base, PROCEDURE)
        procedure = sum(size for _, _, size in responses)
        context.close()
        context, _, _, responses = _load(browser, base, POST)
        post = sum(size for _, kind, size in responses if kind != "image")
        context.close()
    assert procedure <= PROCEDURE_BUDGET, f"thủ tục: {procedure} bytes"
    assert post <= POST_BUDGET, f"tin bài: {post} bytes"


@pytest.mark.browser
def test_text_size_and_dark_scheme_are_remembered(example_site):
    with serve_site(example_site) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(base + PROCEDURE)
        size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
        default = page.evaluate(size)
        page.get_by_role("button", name="Tăng cỡ chữ").click()
        assert page.evaluate(size) > default
        page.locator("label[for='__palette_1']").click()
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        page.goto(base + "tin-tuc/")
        assert page.evaluate(size) > default
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        assert horizontal_overflow(page) == 0
        page.get_by_role("button", name="Cỡ chữ mặc định").click()
        assert page.evaluate(size) == default
        context.close()


# Recorded at the first animation frame, which comes before the first paint.
FIRST_FRAME = """
localStorage.setItem("congtt.textsize", "2");
requestAnimationFrame(() => {
  window.ctFirstFrame = [document.documentElement.dataset.ctText || "", getComputedStyle(document.documentElement).fontSize];
});
"""


@pytest.mark.browser
@pytest.mark.parametrize("name", ["trang chủ", "tin tức", "danh mục thủ tục", "thủ tục", "tìm kiếm"])
def test_a_chosen_text_size_is_there_at_first_paint(example_site, name):
    """A+ remembered: the first frame is already at that size, so the page never jumps to it."""
    with serve_site(example_site) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        context.add_init_script(FIRST_FRAME)
        # Without the engine's script at the end of the body, so only what runs in the head can set the size.
        context.route("**/assets/congtt.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(base + PAGES[name], wait_until="load")
        page.wait_for_function("window.ctFirstFrame !== undefined")
        first = page.evaluate("window.ctFirstFrame")
        final = page.evaluate("[document.documentElement.dataset.ctText, getComputedStyle(document.documentElement).fontSize]")
        assert first == final == ["2", "28px"], (first, final)
        context.close()


@pytest.mark.browser
def test_every_page_names_who_is_responsible(example_site):
    """Nghị định 42/2022: the managing agency, the person responsible and how to reach them, on every page."""
    with serve_site(example_site) as base, chromium() as browser:
        context, page, _, _ = _load(browser, base, "lien-he/")
        footer = page.locator("footer").inner_text()
        for label in ("Cơ quan chủ quản", "Người chịu trách nhiệm chính", "Địa chỉ", "Điện thoại", "Đường dây nóng", "Thư điện tử"):
            assert label in footer
        body = page.locator("article").inner_text()
        assert "Giờ làm việc" in body and "Phản ánh, kiến nghị" in body
        context.close()


VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])


def _visible_count(page, selector: str, text: str) -> int:
    """How many times ``text`` is shown (not merely in the markup) in the elements matched."""
    return "\n".join(page.locator(selector).all_inner_texts()).casefold().count(text.casefold())


@pytest.mark.browser
@VIEWPORTS
def test_the_banner_is_the_communes_and_names_the_authority_once(example_site, viewport):
    """Issue 24.6: an emblem that is not Material's, the authority and the portal named once each,
    the hotline beside the header, no documentation logo; titles in the text colour."""
    with serve_site(example_site) as base, chromium() as browser:
        for path in ("", PROCEDURE):
            context, page, _, _ = _load(browser, base, path, viewport)
            emblem = page.locator(".ct-authority__emblem")
            assert emblem.evaluate("img => img.complete && img.naturalWidth > 0")
            assert emblem.get_attribute("src").endswith("assets/emblem.svg")
            assert page.locator("link[rel=icon]").get_attribute("href").endswith("assets/favicon.svg")
            logos = page.locator(".md-logo")  # Material's place for a logo (the menu drawer): the emblem too
            assert logos.locator("svg").count() == 0
            assert all(src.endswith("assets/emblem.svg") for src in logos.locator("img").evaluate_all("l => l.map(i => i.src)"))
            assert urlsplit(urljoin(page.url, page.locator(".ct-authority__home").get_attribute("href"))).path == "/"
            assert _visible_count(page, ".ct-authority, .md-header", "Ủy ban nhân dân xã Lai Khê") == 1
            in_header = _visible_count(page, ".ct-authority, .md-header", "Cổng thông tin điện tử xã Lai Khê")
            assert in_header == (viewport is DESKTOP)  # a phone's header holds the search box instead
            if path == "":  # the home page's title is shown where the header does not name the portal
                box = page.locator("h1.ct-home-title").bounding_box()
                assert (box["width"] > 1) == (viewport is PHONE)
            context.close()
        context, page, _, _ = _load(browser, base, PROCEDURE, viewport)
        title, text = (page.locator(s).evaluate("e => getComputedStyle(e).color") for s in ("h1", ".ct-key-facts dd >> nth=0"))
        assert title == text
        hotline = page.locator(".ct-authority__hotline a")
        assert hotline.is_visible() == (viewport is DESKTOP)
        assert hotline.get_attribute("href") == "tel:02253800456"
        context.close()


@pytest.mark.browser
@VIEWPORTS
def test_the_home_page_leads_to_the_national_services_feedback_and_hotline(example_site, viewport):
    """Issue 24.6: the national public-service portal, «Phản ánh, kiến nghị», the hotline and the
    one-stop shop's hours on the first screen of a phone, as on a desktop."""
    with serve_site(example_site) as base, chromium() as browser:
        context, page, _, _ = _load(browser, base, "", viewport)
        links = {
            "Cổng Dịch vụ công quốc gia": "https://dichvucong.gov.vn/",
            "Phản ánh, kiến nghị": "https://dichvucong.gov.vn/p/home/dvc-phan-anh-kien-nghi.html",
            "Đường dây nóng 0225 3 800 456": "tel:02253800456",
        }
        for name, href in links.items():
            link = page.locator(".ct-services__list a", has_text=name)
            assert link.get_attribute("href") == href
            box = link.bounding_box()
            assert link.is_visible() and box["y"] + box["height"] <= viewport["height"], name
        hours = page.locator(".ct-onestop")
        assert "Giờ tiếp nhận: Sáng 7:30–11:30" in hours.inner_text()
        assert hours.bounding_box()["y"] < viewport["height"]
        context.close()


@pytest.mark.browser
@VIEWPORTS
def test_every_page_but_home_shows_where_it_is_and_each_step_leads_there(example_site, viewport):
    """Issue 24.6: breadcrumbs, with posts, procedures and documents under their listings."""
    trails = {
        POST: ["Trang chủ", "Tin tức", "Tin năm 2025", "Tin tháng 07/2025"],
        PROCEDURE: ["Trang chủ", "Thủ tục hành chính", "Thủ tục lĩnh vực Hộ tịch"],
        "van-ban/2026/ke-hoach-12-kh-ubnd/": ["Trang chủ", "Văn bản", "Văn bản năm 2026"],
        "co-cau-to-chuc/": ["Trang chủ", "Giới thiệu"],
        "tin-tuc/2025/": ["Trang chủ", "Tin tức"],
    }
    with serve_site(example_site) as base, chromium() as browser:
        context, page, _, _ = _load(browser, base, "", viewport)
        assert page.locator(".ct-breadcrumbs").count() == 0
        for path, above in trails.items():
            page.goto(base + path)
            trail = page.locator(".ct-breadcrumbs li")
            current = page.locator(".ct-breadcrumbs [aria-current=page]")
            assert trail.all_inner_texts()[:-1] == above
            heading = page.locator("h1").first.inner_text()
            assert current.text_content() == heading.replace("\n", " ") or path == "co-cau-to-chuc/"
            box, line = current.bounding_box(), current.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
            assert box["x"] + box["width"] <= viewport["width"] and box["height"] < 1.5 * line
            hrefs = [a.get_attribute("href") for a in page.locator(".ct-breadcrumbs a").all()]
            for href in hrefs:
                response = page.request.get(urljoin(page.url, href))
                assert response.status == 200 and "Không tìm thấy trang" not in response.text(), href
        context.close()


@pytest.mark.browser
def test_a_post_is_a_reading_column_without_a_table_of_contents(example_site):
    """Issue 24.6: no «Mục lục» column beside a news post; its lines stay a readable length."""
    with serve_site(example_site) as base, chromium() as browser:
        context, page, _, _ = _load(browser, base, POST, DESKTOP)
        assert not page.locator(".md-sidebar--secondary").is_visible()
        assert page.locator(".md-content__inner p").first.bounding_box()["width"] <= 760
        context.close()


@pytest.mark.browser
def test_screenshots_for_the_readme(example_site):
    """Home and a procedure at phone and desktop widths, saved for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    with serve_site(example_site) as base, chromium() as browser:
        for width, viewport in (("360", PHONE), ("1280", DESKTOP)):
            for name, path in (("trang-chu", ""), ("thu-tuc", PROCEDURE)):
                context, page, _, _ = _load(browser, base, path, viewport)
                target = ARTIFACTS / f"portal-{name}-{width}.png"
                page.screenshot(path=str(target))
                assert target.stat().st_size > 10_000
                if name == "thu-tuc":
                    _save_handout(page.pdf(format="A4"), ARTIFACTS / f"portal-ban-in-{width}.png")
                context.close()


def _save_handout(pdf: bytes, target: Path) -> None:
    """The printed handout's A4 pages side by side, as an image people can look at."""
    import pypdfium2
    from PIL import Image

    sheets = [page.render(scale=80 / 72).to_pil() for page in pypdfium2.PdfDocument(pdf)]
    assert len(sheets) <= 2
    gap = 16
    canvas = Image.new("RGB", (sum(s.width for s in sheets) + gap * (len(sheets) + 1), max(s.height for s in sheets) + 2 * gap), "#c8c8c8")
    left = gap
    for sheet in sheets:
        canvas.paste(sheet, (left, gap))
        left += sheet.width + gap
    canvas.save(target)
