"""The studio in a real browser: the real Decap CMS, from a writer's draft to the head of the board's publication.

The writer logs in on the studio's own page, writes a post with a cover photo
uploaded from disk and sends it for review; the head of the board opens the
preview of the real page and publishes it; the rebuilt portal has the page.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time

import pytest
import uvicorn
from PIL import Image
from playwright.sync_api import expect

from browser import ARTIFACTS, DESKTOP, PHONE, chromium
from congtt.studio.app import create_app
from congtt.studio.server import make_studio
from conftest import REPOSITORY, run
from support.studio import APPROVER, WRITER, git, make_site

DECAP = REPOSITORY / "studio" / "decap-cms-3.16.3" / "dist"
README_PICTURES = REPOSITORY / "screenshots"
TITLE = "Hội nghị triển khai cải cách hành chính năm 2025"
# Decap names the file from dayjs' month-first reading of the date: 05/06/2025 is 6 May to it.
SLUG = "2025/2025-05-06-hoi-nghi-trien-khai-cai-cach-hanh-chinh-nam-2025"
POST = f"news/{SLUG}.md"
PAGE = "tin-tuc/2025/06/hoi-nghi-trien-khai-cai-cach-hanh-chinh-nam-2025/index.html"
WAIT_MS = 60_000  # the longest a step may take: a preview build or the rebuild on a loaded machine


@pytest.fixture
def studio_site(tmp_path):
    """The studio over a throwaway portal, served by uvicorn on a free loopback port: (site, studio, base URL)."""
    if not (DECAP / "decap-cms.js").is_file():
        pytest.skip(f"Decap CMS is not fetched: run «make {DECAP.relative_to(REPOSITORY)}/decap-cms.js»")
    site = make_site(tmp_path, decap=DECAP)
    studio = make_studio(site.repository / "mkdocs.yml", site.decap)
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(studio), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the studio did not start"
    yield site, studio, f"http://127.0.0.1:{listening.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    listening.close()
    os.environ.pop("CONGTT_STUDIO_DATA", None)


def snap(page, name: str, readme: str | None = None) -> None:
    """A screenshot in test-artifacts/; also in screenshots/ for the README when CONGTT_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    if readme and os.environ.get("CONGTT_SCREENSHOTS") == "1":
        shutil.copyfile(path, README_PICTURES / f"{readme}.png")


def action(name: str):
    """A predicate for ``expect_response``: the answer to one of Decap's proxy actions."""
    def matches(response) -> bool:
        request = response.request
        return request.url.endswith("/api/v1") and json.loads(request.post_data or "{}").get("action") == name
    return matches


def log_in(page, base: str, who, name: str | None = None, readme: str | None = None) -> None:
    page.goto(base + "/dang-nhap")
    expect(page.get_by_role("heading", name="Xưởng soạn Cổng thông tin")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(who[0])
    page.get_by_label("Mật khẩu").fill(who[1])
    if name:
        snap(page, name, readme)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/#/collections/news")
    # Decap, in Vietnamese, with no second login of its own.
    expect(page.get_by_role("heading", name="Bộ sưu tập")).to_be_visible()
    expect(page.locator("#ct-studio-bar")).to_contain_text(who[2])


def write_post(page, photo) -> None:
    page.get_by_role("link", name="Tạo bài thuộc loại tin bài").click()
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Ngày đăng").fill("2025-06-05T08:30")
    page.get_by_label("Chuyên mục").click()
    page.get_by_role("option", name="Cải cách hành chính").click()
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").set_input_files(photo)
    expect(page.get_by_text("hoi-nghi.jpg")).to_be_visible()
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    expect(page.get_by_role("button", name="Chọn hình khác")).to_be_visible()
    page.get_by_label("Mô tả ảnh bìa").fill("Quang cảnh hội nghị")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Sáng nay, Ủy ban nhân dân xã tổ chức hội nghị.")


def save(page) -> None:
    with page.expect_response(action("persistEntry")) as saved:
        page.get_by_role("button", name="Lưu", exact=True).click()
    assert saved.value.status == 200, saved.value.text()
    expect(page.get_by_text("Mục đã được lưu", exact=True)).to_be_visible()


def set_status(page, current: str, wanted: str) -> None:
    page.get_by_role("button", name=f"Trạng thái: {current}").click()
    with page.expect_response(action("updateUnpublishedEntryStatus")) as changed:
        page.get_by_role("menuitem", name=wanted).click()
    assert changed.value.status == 200, changed.value.text()
    expect(page.get_by_role("button", name=f"Trạng thái: {wanted}")).to_be_visible()


def check_preview(context, page) -> None:
    """«Xem trước» opens the entry's real page, rendered from its draft branch, cover photo included."""
    link = page.get_by_role("link", name="Xem trước")
    expect(link).to_be_visible(timeout=WAIT_MS)
    with context.expect_page() as opened:
        link.click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    cover = preview.locator("figure.ct-cover img")
    expect(cover).to_have_attribute("alt", "Quang cảnh hội nghị")
    expect(cover).to_have_js_property("complete", True)
    assert cover.evaluate("image => image.naturalWidth") > 0
    snap(preview, "xuong-soan-xem-truoc-1280")
    preview.close()


def publish(page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Công bố", exact=True).click()
    with page.expect_response(action("publishUnpublishedEntry"), timeout=WAIT_MS) as published:
        page.get_by_role("menuitem", name="Công bố ngay").click()
    assert published.value.status == 200, published.value.text()
    expect(page.get_by_text("Mục đã được công bố", exact=True)).to_be_visible()


def phone_editor(context, url: str) -> None:
    """The same draft on a 360 px phone."""
    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(url)
    expect(phone.get_by_label("Tiêu đề")).to_have_value(TITLE)
    snap(phone, "xuong-soan-soan-tin-360", "xuong-soan-soan-tin-360")
    phone.close()


@pytest.mark.browser
def test_a_post_goes_from_the_writer_to_the_live_site(studio_site, tmp_path):
    site, studio, base = studio_site
    photo = tmp_path / "hoi-nghi.jpg"
    Image.new("RGB", (800, 500), (30, 90, 160)).save(photo, "JPEG")
    with chromium() as browser:
        phone = browser.new_page(viewport=PHONE)
        phone.goto(base + "/dang-nhap")
        expect(phone.get_by_role("button", name="Đăng nhập")).to_be_visible()
        snap(phone, "xuong-soan-dang-nhap-360")
        phone.close()

        writer = browser.new_context(viewport=DESKTOP, locale="vi-VN")
        page = writer.new_page()
        log_in(page, base, WRITER, "xuong-soan-dang-nhap-1280", "xuong-soan-dang-nhap-1280")
        snap(page, "xuong-soan-tin-bai-1280")
        write_post(page, photo)
        save(page)
        page.wait_for_url(lambda url: url.endswith(f"/#/collections/news/entries/{SLUG}"))
        snap(page, "xuong-soan-soan-tin-1280", "xuong-soan-soan-tin-1280")
        phone_editor(writer, page.url)
        set_status(page, "Bản nháp", "Chờ duyệt")
        # Decap draws its «Công bố» button for the writer too; only the head of the board is offered it.
        expect(page.locator(".e1d2l9mo5")).to_have_count(1)
        expect(page.get_by_role("button", name="Công bố", exact=True)).to_be_hidden()
        page.locator("#ct-studio-bar").get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url(base + "/dang-nhap")
        writer.close()

        approver = browser.new_context(viewport=DESKTOP, locale="vi-VN")
        page = approver.new_page()
        log_in(page, base, APPROVER)
        page.get_by_role("link", name="Biên tập").click()
        expect(page.get_by_role("heading", name="Quy trình biên tập")).to_be_visible()
        card = page.get_by_text(TITLE)
        expect(card).to_be_visible()
        snap(page, "xuong-soan-duyet-1280", "xuong-soan-duyet-1280")
        card.click()
        expect(page.get_by_role("button", name="Trạng thái: Chờ duyệt")).to_be_visible()
        check_preview(approver, page)
        set_status(page, "Chờ duyệt", "Sẵn sàng đăng")
        publish(page)
        expect(page.locator("#ct-studio-state")).to_contain_text("Đã lên Cổng lúc", timeout=WAIT_MS)
        snap(page, "xuong-soan-da-dang-1280")
        approver.close()

    status = studio.protocol.publisher.wait()
    assert status.state == "live", status.message
    assert TITLE in (site.repository / "site" / PAGE).read_text("utf-8")
    assert git(site.repository, "log", "-1", "--format=%an", "--", POST).strip() == WRITER[2]
    assert (site.repository / "news/2025/anh/hoi-nghi.jpg").is_file()
    assert git(site.repository, "branch", "--list", "cms/*") == ""
    assert run(site.repository, "check").exit_code == 0


@pytest.mark.slow
def test_the_work_page_lists_work_and_downloads_the_statistics(studio_site):
    """The head of the board's other tasks: what waits, the period's statistics as a Word file."""
    site, studio, base = studio_site
    repository = studio.protocol.repository
    from congtt.studio.repository import Author

    repository.commit("cms/news/2026/2026-12-03-hoi-nghi", {"news/2026/2026-12-03-hoi-nghi.md": "---\ntitle: Hội nghị sơ kết\n---\n".encode()},
                      "Tạo tin bài", Author("Nguyễn Thị Hoa", "hoa@studio.congtt"), expected=None, base="main")
    repository.set_status("cms/news/2026/2026-12-03-hoi-nghi", "pending_review")
    with chromium() as browser:
        for viewport, width in ((DESKTOP, "1280"), (PHONE, "360")):
            context = browser.new_context(viewport=viewport, accept_downloads=True)
            page = context.new_page()
            page.goto(f"{base}/dang-nhap")
            page.fill("#ten", APPROVER[0])
            page.fill("#mat-khau", APPROVER[1])
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/cong-viec")
            page.wait_for_selector("body[data-loaded='1']")
            waiting = page.locator("[data-list='pending_review'] td")
            expect(waiting.first).to_have_text("Hội nghị sơ kết")
            expect(page.locator("[data-list='pending_review']")).to_contain_text("Nguyễn Thị Hoa")
            expect(page.locator("#ky option").first).to_be_attached()
            snap(page, f"xuong-soan-cong-viec-{width}", readme=f"xuong-soan-cong-viec-{width}" if width == "1280" else None)
            if viewport is DESKTOP:
                page.select_option("#ky", "nam-2025")
                with page.expect_download() as download:
                    page.click("#tai-word")
                assert download.value.suggested_filename == "thong-ke-nam-2025.docx"
            context.close()


@pytest.mark.browser
def test_a_long_news_list_shows_its_newest_page_first_and_loads_more_as_staff_scroll(studio_site):
    """120 posts: Decap shows the 50 newest, the next 50 on scrolling, and its search still finds the oldest."""
    site, studio, base = studio_site
    template = (site.repository / "news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md").read_text("utf-8")
    old_title = template.split("title: ", 1)[1].split("\n", 1)[0]
    for number in range(1, 121):
        day = f"2024-{1 + number // 28:02d}-{1 + number % 28:02d}"
        title = "Lễ khánh thành nhà văn hóa thôn Đông" if number == 1 else f"Bản tin tuần số {number}"
        text = template.replace(old_title, title).replace("15/06/2023", f"{day[8:]}/{day[5:7]}/2024")
        (site.repository / f"news/2024/{day}-ban-tin-{number}.md").parent.mkdir(parents=True, exist_ok=True)
        (site.repository / f"news/2024/{day}-ban-tin-{number}.md").write_text(text, encoding="utf-8")
    identity = ["-c", "user.name=Quản trị", "-c", "user.email=qt@example"]
    git(site.repository, *identity, "add", ".")
    git(site.repository, *identity, "commit", "--quiet", "-m", "Một năm tin bài")
    cards = 'a[href^="#/collections/news/entries/"]'
    with chromium() as browser:
        page = browser.new_context(viewport=DESKTOP, locale="vi-VN").new_page()
        log_in(page, base, WRITER)
        expect(page.locator(cards).first).to_contain_text("Bản tin tuần số 120")
        expect(page.locator(cards)).to_have_count(50)
        page.locator(cards).last.scroll_into_view_if_needed()
        expect(page.locator(cards)).to_have_count(100)
        page.goto(f"{base}/#/search/khánh thành")
        expect(page.locator(cards).filter(has_text="Lễ khánh thành nhà văn hóa thôn Đông")).to_be_visible()
