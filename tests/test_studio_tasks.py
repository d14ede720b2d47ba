"""The work page's tasks: lists, the period statistics as files, the province's TTHC sheet on a branch."""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from mkdocs.config import load_config

from congtt import dates
from congtt.config import plugin_settings
from congtt.studio.entries import Refused
from congtt.studio.publish import Publisher
from congtt.studio.repository import Author, Repository
from congtt.studio.tasks import Tasks
from congtt.validation import check_tree
from conftest import FIXTURES, REPOSITORY, run
from support.studio import git, make_site
from test_tthc_import import FIELDS

SHEET = FIXTURES / "tthc_import" / "procedures.xlsx"
WRITER = Author("Nguyễn Thị Hoa", "hoa@studio.congtt")
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=dates.VIETNAM)


def _site_with_fields(tmp_path):
    """The studio's throwaway portal with the TTHC fields of the province's sheet configured and committed."""
    site = make_site(tmp_path)
    config_file = site.repository / "mkdocs.yml"
    config_file.write_text(config_file.read_text("utf-8") + FIELDS, "utf-8")
    git(site.repository, "-c", "user.name=QT", "-c", "user.email=qt@x", "commit", "-qam", "Lĩnh vực TTHC")
    return site, config_file


@pytest.fixture
def tasks(tmp_path):
    site, config_file = _site_with_fields(tmp_path)
    config = load_config(str(config_file))
    settings = plugin_settings(config)
    repository = Repository(site.repository)
    load = lambda: check_tree(settings, site.repository, Path(config.docs_dir))  # noqa: E731
    yield Tasks(repository, settings, load), Publisher(repository, lambda: load()[1], config_file), site
    os.environ.pop("CONGTT_STUDIO_DATA", None)


@pytest.mark.slow
def test_the_work_list_shows_drafts_awaiting_approval_and_scheduled_posts(tasks):
    work, _, site = tasks
    repository = work.repository
    repository.commit("cms/news/hoi-nghi", {"news/2026/2026-12-03-hoi-nghi.md": "---\ntitle: 'Hội nghị sơ kết'\n---\n".encode()}, "Tạo", WRITER,
                      expected=None, base="main")
    repository.set_status("cms/news/hoi-nghi", "pending_review")
    post = site.repository / "news/2023/2023-06-15-dang-ky-khai-sinh-truc-tuyen.md"
    post.write_text(post.read_text("utf-8").replace("date: 15/06/2023 08:30", "date: 24/12/2026 07:00"), "utf-8")
    lists = work.work_list(NOW)
    [waiting] = lists["pending_review"]
    assert (waiting.title, waiting.kind, waiting.state, waiting.who) == ("Hội nghị sơ kết", "news", "Chờ duyệt", "Nguyễn Thị Hoa")
    [scheduled] = lists["scheduled"]
    assert scheduled.title == "Đăng ký khai sinh trực tuyến tại Bộ phận Một cửa"
    assert scheduled.when == "Thứ Năm, 24/12/2026 07:00"
    assert lists["draft"] == [] and lists["imports"] == []


@pytest.mark.slow
def test_the_periods_offered_are_this_years_and_last_years_begun_ones(tasks):
    work, _, _ = tasks
    codes = [code for code, _ in work.periods(NOW.date())]
    assert codes[:2] == ["q1-2026", "q2-2026"] and "nam-2025" in codes and "q1-2027" not in codes


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_statistics_files_are_those_congtt_stats_writes(tasks, tmp_path, kind):
    work, _, site = tasks
    name, data = work.statistics("nam-2023", kind, NOW)
    assert name == f"thong-ke-nam-2023.{kind}"
    target = tmp_path / f"cli.{kind}"
    assert run(site.repository, "stats", "--period", "nam-2023", "--format", kind, "-o", str(target)).exit_code == 0
    if kind == "docx":
        text = lambda source: [p.text for p in docx.Document(source).paragraphs]  # noqa: E731
        assert text(io.BytesIO(data)) == text(target)
    else:
        cells = lambda book: [[c.value for c in row] for sheet in book for row in sheet.iter_rows()]  # noqa: E731
        assert cells(openpyxl.load_workbook(io.BytesIO(data))) == cells(openpyxl.load_workbook(target))


def test_statistics_refuse_an_unknown_period_or_format(tasks):
    work, _, _ = tasks
    with pytest.raises(Refused, match="^Chỉ tải được tệp Word \\(docx\\) hoặc Excel \\(xlsx\\).$"):
        work.statistics("nam-2023", "pdf", NOW)
    with pytest.raises(Refused, match="^Không có kỳ báo cáo «q9-2023». Các kỳ đã cấu hình: "):
        work.statistics("q9-2023", "docx", NOW)


@pytest.mark.slow
def test_a_sheet_dry_run_writes_nothing_and_applying_it_makes_a_branch_to_publish(tasks):
    work, publisher, site = tasks
    head = git(site.repository, "rev-parse", "HEAD")
    dry = work.import_sheet("danh-muc.xlsx", SHEET.read_bytes(), NOW.date(), apply=False, force=False, author=WRITER)
    assert dry["branch"] == "" and any(line.startswith("Sẽ tạo «tthc/") for line in dry["lines"])
    assert git(site.repository, "rev-parse", "HEAD") == head and git(site.repository, "status", "--porcelain") == ""
    applied = work.import_sheet("danh-muc.xlsx", SHEET.read_bytes(), NOW.date(), apply=True, force=False, author=WRITER)
    branch = applied["branch"]
    assert branch.startswith("nhap-tthc/") and any(line.startswith("Đã tạo «tthc/") for line in applied["lines"])
    assert git(site.repository, "status", "--porcelain") == "" and git(site.repository, "rev-parse", "HEAD") == head
    created = git(site.repository, "diff", "--name-only", f"main...{branch}").split()
    assert len(created) > 20 and "tthc/.import-record.json" in created
    assert git(site.repository, "worktree", "list").count("\n") == 1  # the throwaway worktree is gone
    [waiting] = work.work_list(NOW)["imports"]
    assert waiting.key == branch and waiting.who == "Nguyễn Thị Hoa"
    publisher.publish(branch, Author("Trần Văn An", "an@studio.congtt"))
    assert publisher.wait().state == "live", publisher.status.message
    assert (site.repository / "tthc/.import-record.json").is_file()
    assert run(site.repository, "check").exit_code == 0


@pytest.mark.slow
def test_a_sheet_that_is_not_a_spreadsheet_is_refused(tasks):
    work, _, _ = tasks
    with pytest.raises(Refused, match="^Tệp «anh.jpg» không phải bảng tính .xlsx hoặc .csv.$"):
        work.import_sheet("anh.jpg", b"\xff\xd8", NOW.date(), apply=False, force=False, author=WRITER)


# The same tasks over HTTP, as the work page calls them


@pytest.fixture
def browsers(tmp_path):
    from starlette.testclient import TestClient

    from congtt.studio.app import create_app
    from congtt.studio.server import make_studio
    from support.studio import APPROVER as APPROVING
    from support.studio import WRITER as WRITING

    site, config_file = _site_with_fields(tmp_path)
    studio = make_studio(config_file, site.decap)

    def logged_in(who):
        browser = TestClient(create_app(studio), base_url="http://studio.test")
        assert browser.post("/api/login", json={"username": who[0], "password": who[1]}).status_code == 200
        return browser

    yield logged_in(WRITING), logged_in(APPROVING), TestClient(create_app(studio)), studio, site
    os.environ.pop("CONGTT_STUDIO_DATA", None)


@pytest.mark.slow
def test_the_work_page_needs_a_session_and_lists_periods(browsers):
    writer, _, anonymous, _, _ = browsers
    assert anonymous.get("/cong-viec", follow_redirects=False).headers["location"] == "/dang-nhap"
    assert anonymous.get("/api/cong-viec").status_code == 401
    page = writer.get("/cong-viec")
    assert page.status_code == 200 and "Công việc của Ban biên tập" in page.text
    assert writer.get("/cong-viec.js").status_code == 200
    assert writer.get("/khac.js").status_code == 404
    data = writer.get("/api/cong-viec").json()
    assert data["may_publish"] is False and set(data["lists"]) >= {"draft", "pending_review", "scheduled", "imports"}
    assert {"code": "nam-2025", "label": "Năm 2025"} in data["periods"]


@pytest.mark.slow
def test_statistics_download_as_a_word_file(browsers):
    writer, _, _, _, _ = browsers
    response = writer.get("/api/thong-ke", params={"ky": "nam-2023", "dinh-dang": "docx"})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''thong-ke-nam-2023.docx"
    assert docx.Document(io.BytesIO(response.content)).paragraphs
    wrong = writer.get("/api/thong-ke", params={"ky": "nam-2023", "dinh-dang": "pdf"})
    assert wrong.status_code == 422 and wrong.json() == {"error": "Chỉ tải được tệp Word (docx) hoặc Excel (xlsx)."}


@pytest.mark.slow
def test_a_sheet_is_previewed_applied_by_a_writer_and_published_by_the_head(browsers):
    writer, approver, _, studio, site = browsers
    sheet = SHEET.read_bytes()
    dry = writer.post("/api/tthc?ap-dung=0", content=sheet, headers={"X-File-Name": "danh-m%E1%BB%A5c.xlsx"})
    assert dry.status_code == 200 and dry.json()["branch"] == ""
    applied = writer.post("/api/tthc?ap-dung=1", content=sheet, headers={"X-File-Name": "danh-muc.xlsx"}).json()
    branch = applied["branch"]
    assert branch.startswith("nhap-tthc/")
    refused = writer.post("/api/tthc/dang", json={"branch": branch})
    assert refused.status_code == 403
    assert refused.json() == {"error": "Chỉ Trưởng ban biên tập (vai trò «duyet») mới được đăng."}
    assert approver.get("/api/cong-viec").json()["lists"]["imports"][0]["key"] == branch
    published = approver.post("/api/tthc/dang", json={"branch": branch})
    assert published.status_code == 200, published.text
    assert studio.protocol.publisher.wait().state == "live"
    assert git(site.repository, "branch", "--list", "nhap-tthc/*") == ""
    unknown = approver.post("/api/tthc/dang", json={"branch": "main"})
    assert unknown.status_code == 404


@pytest.mark.slow
def test_a_publication_is_deployed_as_a_release_when_a_target_is_set(tasks, tmp_path):
    work, _, site = tasks
    repository = work.repository
    target = tmp_path / "www"
    publisher = Publisher(repository, lambda: work.load()[1], site.repository / "mkdocs.yml", deploy_target=str(target),
                          deploy_script=REPOSITORY / "scripts" / "deploy.py")
    path = "news/2026/2026-12-03-hoi-nghi.md"
    post = "---\ntitle: Hội nghị sơ kết\ndate: 03/12/2026 08:00\ncategory: cai-cach-hanh-chinh\n---\n\nNội dung.\n"
    repository.commit("cms/news/hoi-nghi", {path: post.encode()}, "Tạo", WRITER, expected=None, base="main")
    publisher.publish("cms/news/hoi-nghi", WRITER)
    status = publisher.wait()
    assert status.state == "live", status.message
    live = target / "current" / "tin-tuc/2026/12/hoi-nghi/index.html"
    assert "Hội nghị sơ kết" in live.read_text("utf-8")


def test_a_deploy_target_without_the_deploy_script_is_named_at_start(tmp_path):
    from congtt.studio.server import StudioError, make_studio

    site = make_site(tmp_path)
    with pytest.raises(StudioError, match="^Không tìm thấy «.*scripts/deploy.py» để xuất bản sau mỗi lần đăng."):
        make_studio(site.repository / "mkdocs.yml", site.decap, deploy_target=str(tmp_path / "www"))
    os.environ.pop("CONGTT_STUDIO_DATA", None)
