"""The studio over HTTP: Decap's proxy protocol, the editorial workflow round trip, and what it refuses."""

from __future__ import annotations

import base64
import io
import json
import os

import pytest
from PIL import Image
from starlette.testclient import TestClient

from congtt.studio.app import create_app
from congtt.studio.server import make_studio
from conftest import run
from support.studio import APPROVER, NEW_POST, WRITER, git, make_site

BRANCH = "cms/news/hoi-nghi-cchc"
PATH = "news/2026/2026-12-03-hoi-nghi-cchc.md"
PHOTO = "news/2026/anh/hoi-nghi.jpg"
WITH_PHOTO = NEW_POST.replace("cchc: [tthc]\n", "cchc: [tthc]\nimage: anh/hoi-nghi.jpg\nimage_alt: Quang cảnh hội nghị\n")


@pytest.fixture
def site(tmp_path):
    yield make_site(tmp_path)
    os.environ.pop("CONGTT_STUDIO_DATA", None)


@pytest.fixture
def studio(site):
    made = make_studio(site.repository / "mkdocs.yml", site.decap)
    yield made
    made.protocol.previews.close()  # the preview worker a test started


def client(studio) -> TestClient:
    return TestClient(create_app(studio), base_url="http://studio.test")


def login(studio, who) -> TestClient:
    browser = client(studio)
    response = browser.post("/api/login", json={"username": who[0], "password": who[1]})
    assert response.status_code == 200, response.text
    return browser


def call(browser: TestClient, action: str, **params):
    return browser.post("/api/v1", json={"action": action, "params": {"branch": "main", **params}})


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def persist(browser: TestClient, raw: str = NEW_POST, slug: str = "hoi-nghi-cchc", path: str = PATH, assets=(), status="draft"):
    return call(
        browser, "persistEntry",
        dataFiles=[{"slug": slug, "path": path, "raw": raw}],
        assets=[{"path": p, "content": base64.b64encode(data).decode(), "encoding": "base64"} for p, data in assets],
        options={"collectionName": "news", "commitMessage": f"Tạo tin «{slug}»", "useWorkflow": True, "status": status},
    )


# Sessions, origins, logins


@pytest.mark.slow
def test_without_a_session_every_route_is_closed(studio):
    browser = client(studio)
    answer = call(browser, "entriesByFolder", folder="news", extension="md", depth=2)
    assert answer.status_code == 401
    assert answer.json() == {"error": "Chưa đăng nhập hoặc phiên đã hết hạn. Hãy đăng nhập lại."}
    for path in ("/api/status", "/api/me"):
        assert browser.get(path).status_code == 401
    for path in ("/", "/decap/decap-cms.js", "/xem-truoc/news/x/"):
        response = browser.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/dang-nhap", path
    page = browser.get("/dang-nhap")
    assert page.status_code == 200 and "Đăng nhập" in page.text and "Tên đăng nhập" in page.text


@pytest.mark.slow
def test_a_wrong_password_is_refused_and_the_session_cookie_is_strict(studio):
    browser = client(studio)
    wrong = browser.post("/api/login", json={"username": WRITER[0], "password": "sai-mat-khau-roi"})
    assert wrong.status_code == 401
    assert wrong.json() == {"error": "Sai tên đăng nhập hoặc mật khẩu."}
    right = browser.post("/api/login", json={"username": WRITER[0], "password": WRITER[1]})
    assert right.status_code == 200
    assert right.json() == {"username": "hoa", "display_name": "Nguyễn Thị Hoa", "role": "bien-tap"}
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    behind_https = client(studio).post(
        "/api/login", json={"username": WRITER[0], "password": WRITER[1]}, headers={"X-Forwarded-Proto": "https"}
    )
    assert "Secure" in behind_https.headers["set-cookie"]
    assert browser.get("/api/me").json()["username"] == "hoa"
    assert browser.post("/api/logout").status_code == 200
    assert browser.get("/api/me").status_code == 401


@pytest.mark.slow
def test_repeated_failed_logins_are_slowed(studio):
    browser = client(studio)
    for _ in range(5):
        assert browser.post("/api/login", json={"username": "an", "password": "doan-bua-mot"}).status_code == 401
    slowed = browser.post("/api/login", json={"username": "an", "password": APPROVER[1]})
    assert slowed.status_code == 429
    assert slowed.json()["error"].startswith("Đăng nhập sai nhiều lần. Hãy đợi ")
    assert int(slowed.headers["retry-after"]) >= 1


@pytest.mark.slow
def test_a_foreign_origin_is_refused(studio):
    browser = login(studio, WRITER)
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        answer = browser.post("/api/v1", json={"action": "info", "params": {}}, headers=headers)
        assert answer.status_code == 403
        assert answer.json() == {"error": "Yêu cầu đến từ trang khác nên bị từ chối."}
    same = browser.post("/api/v1", json={"action": "info", "params": {}}, headers={"Origin": "http://studio.test"})
    assert same.status_code == 200


# Reading


@pytest.mark.slow
def test_reading_actions_answer_as_decap_server_does(studio, site):
    browser = login(studio, WRITER)
    info = call(browser, "info").json()
    assert info == {"repo": "cong", "publish_modes": ["editorial_workflow"], "type": "local_git"}
    entries = call(browser, "entriesByFolder", folder="news", extension="md", depth=2).json()
    assert [e["file"]["path"] for e in entries] == ["news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md"]
    assert entries[0]["data"].startswith("---\ntitle: Đăng ký khai sinh trực tuyến")
    assert len(entries[0]["file"]["id"]) == 40
    # The list carries front-matter only; opening the entry reads it whole.
    whole = call(browser, "getEntry", path=entries[0]["file"]["path"]).json()
    assert whole["file"] == entries[0]["file"] and len(whole["data"]) > len(entries[0]["data"])
    assert whole["data"].startswith(entries[0]["data"]) and entries[0]["data"].endswith("\n---\n")
    by_files = call(browser, "entriesByFiles", files=[{"path": "plans/2023/ke-hoach-56.md"}]).json()
    assert "56/KH-UBND" in by_files[0]["data"]
    one = call(browser, "getEntry", path="tthc/ho-tich/1.001193-dang-ky-khai-sinh.md").json()
    assert "Đăng ký khai sinh" in one["data"]
    missing = call(browser, "getEntry", path="news/2023/khong-co.md").json()
    assert missing == {"data": None, "file": {"path": "news/2023/khong-co.md", "id": None}}
    assert call(browser, "entriesByFolder", folder="content", extension="md", depth=1).json()[0]["file"]["path"] == "content/index.md"


@pytest.mark.parametrize("path", ["../../etc/passwd", "mkdocs.yml", ".git/config", "news/../mkdocs.yml", "/etc/passwd",
                                  "news/.git/config", "theme/main.html", "scripts/deploy.py", "news\\..\\mkdocs.yml"])
@pytest.mark.slow
def test_paths_outside_the_content_folders_are_refused(studio, site, path):
    before = git(site.repository, "rev-parse", "HEAD")
    browser = login(studio, APPROVER)
    message = (
        f"Không được đọc hay ghi «{path}»: xưởng soạn chỉ làm việc với các thư mục nội dung "
        "(tin bài, văn bản, thủ tục hành chính, trang cố định)."
    )
    for action, params in (("getEntry", {"path": path}), ("getMediaFile", {"path": path}),
                           ("deleteFile", {"path": path, "options": {"commitMessage": "x"}})):
        answer = call(browser, action, **params)
        assert answer.status_code == 403 and answer.json() == {"error": message}, action
    answer = persist(browser, path=path)
    assert answer.status_code == 403
    upload = persist(browser, assets=[(path, b"x")])
    assert upload.status_code == 403 and upload.json() == {"error": message}
    assert git(site.repository, "rev-parse", "HEAD") == before
    assert git(site.repository, "branch", "--list", "cms/*") == ""
    assert not (site.repository / "etc").exists()


@pytest.mark.slow
def test_listing_a_folder_outside_the_collections_is_refused(studio):
    answer = call(login(studio, WRITER), "entriesByFolder", folder="theme", extension="html", depth=1)
    assert answer.status_code == 403
    assert answer.json() == {"error": "Không được đọc «theme»: xưởng soạn chỉ làm việc với các thư mục nội dung."}


# The editorial workflow


@pytest.mark.slow
def test_the_editorial_workflow_round_trip(studio, site):
    writer = login(studio, WRITER)
    saved = persist(writer, assets=[(PHOTO, photo_bytes())], raw=WITH_PHOTO)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"message": "entry persisted"}
    # On its branch only: the work tree and the main branch do not change.
    assert not (site.repository / PATH).exists()
    assert git(site.repository, "log", "-1", "--format=%an <%ae>", BRANCH).strip() == "Nguyễn Thị Hoa <hoa@studio.congtt>"
    assert call(writer, "unpublishedEntries").json() == ["news/hoi-nghi-cchc"]
    entry = call(writer, "unpublishedEntry", collection="news", slug="hoi-nghi-cchc").json()
    assert entry["status"] == "draft" and entry["collection"] == "news" and entry["slug"] == "hoi-nghi-cchc"
    assert {d["path"]: (d["status"], d["newFile"], d["binary"]) for d in entry["diffs"]} == {
        PATH: ("added", True, False), PHOTO: ("added", True, True),
    }
    data = call(writer, "unpublishedEntryDataFile", collection="news", slug="hoi-nghi-cchc", id=PATH, path=PATH).json()
    assert data["data"].startswith("---\ntitle: Hội nghị triển khai")
    media = call(writer, "unpublishedEntryMediaFile", collection="news", slug="hoi-nghi-cchc", id=PHOTO, path=PHOTO).json()
    assert base64.b64decode(media["content"]) == photo_bytes() and media["name"] == "hoi-nghi.jpg"
    assert call(writer, "updateUnpublishedEntryStatus", collection="news", slug="hoi-nghi-cchc",
                newStatus="pending_review").status_code == 200
    ready = call(writer, "updateUnpublishedEntryStatus", collection="news", slug="hoi-nghi-cchc", newStatus="pending_publish")
    assert ready.status_code == 403
    assert ready.json() == {"error": "Chỉ Trưởng ban biên tập (vai trò «duyet») mới chuyển bài sang «sẵn sàng đăng»."}
    refused = call(writer, "publishUnpublishedEntry", collection="news", slug="hoi-nghi-cchc")
    assert refused.status_code == 403
    assert refused.json() == {"error": "Chỉ Trưởng ban biên tập (vai trò «duyet») mới được đăng bài."}

    approver = login(studio, APPROVER)
    assert call(approver, "unpublishedEntry", id="news/hoi-nghi-cchc").json()["status"] == "pending_review"
    preview = call(approver, "getDeployPreview", collection="news", slug="hoi-nghi-cchc").json()
    assert preview == {"url": "/xem-truoc/news/hoi-nghi-cchc/tin-tuc/2026/12/hoi-nghi-cchc/", "status": "SUCCESS"}
    page = approver.get(preview["url"])
    assert page.status_code == 200 and "Hội nghị triển khai cải cách hành chính năm 2027" in page.text
    assert call(approver, "updateUnpublishedEntryStatus", collection="news", slug="hoi-nghi-cchc",
                newStatus="pending_publish").status_code == 200
    published = call(approver, "publishUnpublishedEntry", collection="news", slug="hoi-nghi-cchc")
    assert published.status_code == 200, published.text
    assert published.json() == {"message": "branch cms/news/hoi-nghi-cchc merged to main"}
    # Merged into main, the branch gone, the writer still the author of the entry's commit.
    assert (site.repository / PATH).is_file() and (site.repository / PHOTO).is_file()
    assert git(site.repository, "branch", "--list", "cms/*") == ""
    assert git(site.repository, "log", "-1", "--format=%an", "--", PATH).strip() == "Nguyễn Thị Hoa"
    assert git(site.repository, "log", "-1", "--format=%an").strip() == "Trần Văn An"
    status = studio.protocol.publisher.wait()
    assert status.state == "live", status.message
    assert "Đã lên Cổng lúc" in approver.get("/api/status").json()["text"]
    built = site.repository / "site" / "tin-tuc/2026/12/hoi-nghi-cchc/index.html"
    assert "Hội nghị triển khai cải cách hành chính năm 2027" in built.read_text("utf-8")
    assert run(site.repository, "check").exit_code == 0


@pytest.mark.parametrize("change, message", [
    (("date: 03/12/2026 08:30", "date: 12/31/2026 08:30"), "news/2026/2026-12-03-hoi-nghi-cchc.md:3: "),
    (("category: cai-cach-hanh-chinh", "category: the-thao"), "news/2026/2026-12-03-hoi-nghi-cchc.md:5: "),
])
@pytest.mark.slow
def test_an_invalid_entry_is_refused_with_the_checkers_message(studio, site, change, message):
    raw = NEW_POST.replace(*change)
    from congtt.studio.entries import check_entry

    expected = [str(p) for p in check_entry(studio.protocol.repository, "main", studio.protocol.settings,
                                            studio.protocol.collections["news"], PATH, raw.encode(), {})]
    assert expected and expected[0].startswith(message)
    answer = persist(login(studio, WRITER), raw=raw)
    assert answer.status_code == 422
    assert answer.json() == {"error": "Chưa lưu được, bài còn lỗi:\n" + "\n".join(expected)}
    assert git(site.repository, "branch", "--list", "cms/*") == ""


@pytest.mark.slow
def test_the_checkers_messages_are_the_same_as_congtt_check(studio, site):
    """The studio's refusal and ``congtt check`` on the same file say the same words."""
    raw = NEW_POST.replace("date: 03/12/2026 08:30", "date: 12/31/2026 08:30")
    answer = persist(login(studio, WRITER), raw=raw)
    (site.repository / PATH).parent.mkdir(parents=True, exist_ok=True)
    (site.repository / PATH).write_text(raw, encoding="utf-8")
    checked = run(site.repository, "check").output
    refused = answer.json()["error"].split("\n")[1:]
    assert refused and all(line in checked for line in refused)


@pytest.mark.slow
def test_a_later_save_over_someone_elses_is_refused(studio, site):
    writer = login(studio, WRITER)
    assert persist(writer).status_code == 200
    approver = login(studio, APPROVER)
    call(approver, "unpublishedEntryDataFile", collection="news", slug="hoi-nghi-cchc", id=PATH, path=PATH)
    writer_again = login(studio, WRITER)  # another browser of the writer's: has not read the entry yet
    call(writer_again, "unpublishedEntryDataFile", collection="news", slug="hoi-nghi-cchc", id=PATH, path=PATH)
    assert persist(approver, raw=NEW_POST.replace("Sáng nay", "Sáng 03/12")).status_code == 200
    stale = persist(writer_again, raw=NEW_POST.replace("Sáng nay", "Chiều nay"))
    assert stale.status_code == 409
    assert stale.json()["error"].startswith(f"Chưa lưu: bài «{PATH}» vừa được Trần Văn An lưu lúc ")
    assert "bản của bạn chưa được lưu" in stale.json()["error"]
    assert "Sáng 03/12" in git(site.repository, "show", f"{BRANCH}:{PATH}")


@pytest.mark.slow
def test_a_new_entry_taking_an_existing_drafts_name_is_refused(studio):
    assert persist(login(studio, WRITER)).status_code == 200
    other = persist(login(studio, APPROVER), raw=NEW_POST.replace("Hội nghị", "Hội thảo"))
    assert other.status_code == 409


@pytest.mark.slow
def test_uploads_are_checked_like_the_build_checks_them(studio, site):
    writer = login(studio, WRITER)
    script = persist(writer, assets=[("news/2026/anh/mau.html", b"<script>alert(1)</script>")])
    assert script.status_code == 422
    assert script.json()["error"] == (
        "Tệp «mau.html» là loại tệp trình duyệt có thể chạy như chương trình (trang web, mã JavaScript, "
        "hình SVG có mã lệnh) nên Cổng không đăng. Hãy đổi sang PDF, hoặc ảnh PNG, JPG."
    )
    broken = persist(writer, assets=[(PHOTO, b"\xff\xd8\xff not a photo")])
    assert broken.status_code == 422
    assert broken.json()["error"] == (
        "Ảnh «hoi-nghi.jpg» bị hỏng hoặc không phải tệp ảnh hợp lệ. "
        "Hãy xuất lại ảnh dạng JPEG hoặc PNG rồi chép đè lên tệp này."
    )
    heic = persist(writer, assets=[("news/2026/anh/iphone.heic", _heic())])
    assert heic.status_code == 200, heic.text
    assert git(site.repository, "ls-tree", "--name-only", "-r", BRANCH, "--", "news/2026/anh/").split() == ["news/2026/anh/iphone.heic"]


def _heic() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "HEIF")
    return buffer.getvalue()


@pytest.mark.slow
def test_writers_cannot_change_the_main_branch_directly(studio, site):
    writer = login(studio, WRITER)
    fixture = "news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md"
    deleted = call(writer, "deleteFile", path=fixture, options={"commitMessage": "Xóa"})
    assert deleted.status_code == 403
    assert deleted.json() == {"error": "Chỉ Trưởng ban biên tập (vai trò «duyet») mới được xóa tệp đã đăng."}
    media = call(writer, "persistMedia", asset={"path": PHOTO, "content": base64.b64encode(photo_bytes()).decode(),
                                                "encoding": "base64"}, options={"commitMessage": "Ảnh"})
    assert media.status_code == 403
    simple = call(writer, "persistEntry", dataFiles=[{"slug": "x", "path": PATH, "raw": NEW_POST}], assets=[],
                  options={"collectionName": "news", "commitMessage": "x", "useWorkflow": False})
    assert simple.status_code == 422
    assert (site.repository / fixture).is_file()


@pytest.mark.slow
def test_the_head_of_the_board_deletes_and_uploads_on_main_checked(studio, site):
    approver = login(studio, APPROVER)
    media = call(approver, "persistMedia", asset={"path": "content/anh/tru-so.jpg", "encoding": "base64",
                                                  "content": base64.b64encode(photo_bytes()).decode()},
                 options={"commitMessage": "Ảnh trụ sở"})
    assert media.status_code == 200, media.text
    assert media.json()["path"] == "content/anh/tru-so.jpg"
    assert (site.repository / "content/anh/tru-so.jpg").is_file()
    assert git(site.repository, "log", "-1", "--format=%an %s").strip() == "Trần Văn An Ảnh trụ sở"
    plan = "plans/2023/ke-hoach-56.md"
    assert call(approver, "deleteFiles", paths=[plan], options={"commitMessage": "Gỡ kế hoạch"}).status_code == 200
    assert not (site.repository / plan).exists()
    assert git(site.repository, "status", "--porcelain") == ""


@pytest.mark.slow
def test_a_publication_that_breaks_the_tree_is_refused_and_nothing_changes(studio, site):
    """Two drafts with the same post address: the second publication would collide, so it is refused."""
    writer = login(studio, WRITER)
    assert persist(writer).status_code == 200
    assert persist(writer, slug="hoi-nghi-cchc-2", path="news/2026/hoi-nghi-cchc.md",
                   raw=NEW_POST.replace("---\n\n", "slug: hoi-nghi-cchc\n---\n\n")).status_code == 200
    approver = login(studio, APPROVER)
    assert call(approver, "publishUnpublishedEntry", collection="news", slug="hoi-nghi-cchc").status_code == 200
    head = git(site.repository, "rev-parse", "HEAD")
    clash = call(approver, "publishUnpublishedEntry", collection="news", slug="hoi-nghi-cchc-2")
    assert clash.status_code == 422
    assert clash.json()["error"].startswith("Chưa đăng: sau khi thêm thay đổi này, nội dung của Cổng có 1 lỗi:\n")
    assert git(site.repository, "rev-parse", "HEAD") == head
    assert git(site.repository, "status", "--porcelain") == ""
    assert git(site.repository, "branch", "--list", "cms/*").strip() == "cms/news/hoi-nghi-cchc-2"


@pytest.mark.slow
def test_deleting_an_unpublished_entry_removes_its_branch(studio, site):
    writer = login(studio, WRITER)
    assert persist(writer).status_code == 200
    assert call(writer, "deleteUnpublishedEntry", collection="news", slug="hoi-nghi-cchc").json() == {
        "message": "deleted branch: cms/news/hoi-nghi-cchc"
    }
    assert git(site.repository, "branch", "--list", "cms/*") == ""
    assert call(writer, "unpublishedEntry", collection="news", slug="hoi-nghi-cchc").status_code == 404


def editor_config(browser: TestClient) -> dict:
    """The Decap configuration the editor page carries, as Decap's start reads it."""
    page = browser.get("/").text
    start = page.index('<script type="application/json" id="ct-decap-config">')
    return json.loads(page[page.index(">", start) + 1:page.index("</script>", start)])


@pytest.mark.slow
def test_the_decap_configuration_rides_in_the_editor_page(studio):
    config = editor_config(login(studio, WRITER))
    assert config["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "vi"


@pytest.mark.slow
def test_text_in_the_decap_configuration_cannot_end_its_script(studio):
    hostile = "Tin </script><script>alert(1)</script> <!-- & «tin»"
    studio.decap_config["collections"][0]["label"] = hostile
    browser = login(studio, WRITER)
    page = browser.get("/").text
    assert "<script>alert(1)" not in page and "<!--" not in page
    assert editor_config(browser)["collections"][0]["label"] == hostile


# What the real Decap UI sends and needs (found by tests/test_browser_studio.py)

DECAP_SLUG = "2026/2026-03-12-hoi-nghi-cchc"  # Decap's slug of a post: the collection's path, with a folder


@pytest.mark.slow
def test_a_slug_with_the_year_folder_works_through_the_whole_workflow(studio, site):
    writer = login(studio, WRITER)
    assert persist(writer, slug=DECAP_SLUG, path=f"news/{DECAP_SLUG}.md").status_code == 200
    assert git(site.repository, "branch", "--list", "cms/*").strip() == f"cms/news/{DECAP_SLUG}"
    assert call(writer, "unpublishedEntries").json() == [f"news/{DECAP_SLUG}"]
    assert call(writer, "unpublishedEntry", id=f"news/{DECAP_SLUG}").json()["slug"] == DECAP_SLUG
    approver = login(studio, APPROVER)
    preview = call(approver, "getDeployPreview", collection="news", slug=DECAP_SLUG).json()
    assert preview["url"] == f"/xem-truoc/news/{DECAP_SLUG}/tin-tuc/2026/12/hoi-nghi-cchc/"
    assert "Hội nghị triển khai cải cách hành chính năm 2027" in approver.get(preview["url"]).text
    assert approver.get("/xem-truoc/%2e%2e/%2e%2e/accounts.json").status_code == 404
    assert call(approver, "publishUnpublishedEntry", collection="news", slug=DECAP_SLUG).status_code == 200
    assert (site.repository / f"news/{DECAP_SLUG}.md").is_file()
    assert git(site.repository, "branch", "--list", "cms/*") == ""


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["2026/../x", "2026//x", "/x", "2026/", ".git/x", "2026/x.lock", "a b", "x" * 201])
def test_a_slug_unsafe_for_a_branch_name_is_refused(studio, site, slug):
    answer = persist(login(studio, WRITER), slug=slug)
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("Đường dẫn «")
    assert git(site.repository, "branch", "--list", "cms/*") == ""


@pytest.mark.slow
def test_the_editor_needs_no_second_login_and_offers_new_entries(studio):
    browser = login(studio, WRITER)
    assert 'localStorage.setItem("decap-cms-user"' in browser.get("/").text
    config = editor_config(browser)
    creates = {c["name"]: c["create"] for c in config["collections"]}
    assert creates == {"news": True, "documents": True, "procedures": True, "pages": False}
    assert config["commit_messages"]["create"] == "Tạo {{collection}} «{{slug}}»"
    assert 'CMS.registerLocale("vi"' in browser.get("/studio.js").text


@pytest.mark.slow
def test_media_listing_and_files_from_the_main_branch(studio, site):
    (site.repository / "content/anh").mkdir()
    (site.repository / "content/anh/tru-so.jpg").write_bytes(photo_bytes())
    git(site.repository, "-c", "user.name=QT", "-c", "user.email=qt@x", "add", ".")
    git(site.repository, "-c", "user.name=QT", "-c", "user.email=qt@x", "commit", "-qm", "Ảnh")
    browser = login(studio, WRITER)
    listing = call(browser, "getMedia", mediaFolder="content/anh").json()
    assert [(m["path"], m["name"], m["encoding"]) for m in listing] == [("content/anh/tru-so.jpg", "tru-so.jpg", "base64")]
    one = call(browser, "getMediaFile", path="content/anh/tru-so.jpg").json()
    assert base64.b64decode(one["content"]) == photo_bytes() and one["id"] == listing[0]["id"]
    missing = call(browser, "getMediaFile", path="content/anh/khong-co.jpg")
    assert missing.status_code == 404 and missing.json() == {"error": "Không tìm thấy tệp «content/anh/khong-co.jpg»."}


@pytest.mark.slow
def test_a_list_comes_newest_first_in_pages_with_its_count(studio, site):
    old = (site.repository / "news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md").read_text("utf-8")
    for day in ("2024-01-05", "2024-03-09", "2025-02-01"):
        (site.repository / f"news/{day[:4]}").mkdir(exist_ok=True)
        (site.repository / f"news/{day[:4]}/{day}-tin.md").write_text(old.replace("15/06/2023", f"{day[8:]}/{day[5:7]}/{day[:4]}"), "utf-8")
    git(site.repository, "-c", "user.name=Quản trị", "-c", "user.email=qt@example", "add", ".")
    git(site.repository, "-c", "user.name=Quản trị", "-c", "user.email=qt@example", "commit", "--quiet", "-m", "Ba tin")
    browser = login(studio, WRITER)
    newest = ["news/2025/2025-02-01-tin.md", "news/2024/2024-03-09-tin.md", "news/2024/2024-01-05-tin.md",
              "news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md"]
    every = call(browser, "entriesByFolder", folder="news", extension="md", depth=2).json()
    assert [e["file"]["path"] for e in every] == newest
    for page, paths in ((0, newest[:3]), (1, newest[3:]), (7, [])):
        answer = call(browser, "entriesByFolderPage", folder="news", extension="md", depth=2, page=page, pageSize=3).json()
        assert [e["file"]["path"] for e in answer["entries"]] == paths
        assert (answer["count"], answer["page"], answer["pageSize"]) == (4, page, 3)
    assert call(browser, "entriesByFolderPage", folder="news", extension="md", depth=2).json()["pageSize"] == 50
