"""Previews over HTTP: a draft's page rendered by the warm worker, the rest of the site served from its build."""

from __future__ import annotations

import pytest

import os
import signal

from support.studio import APPROVER, NEW_POST, WRITER, git
from test_studio_protocol import PATH, PHOTO, WITH_PHOTO, call, login, persist, photo_bytes, site, studio  # noqa: F401

SLUG = "hoi-nghi-cchc"
TITLE = "Hội nghị triển khai cải cách hành chính năm 2027"
PAGE = "tin-tuc/2026/12/hoi-nghi-cchc/"


def preview(browser) -> str:
    answer = call(browser, "getDeployPreview", collection="news", slug=SLUG)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "SUCCESS"
    return answer.json()["url"]


@pytest.mark.slow
def test_the_draft_page_comes_with_its_photo_and_the_portal_around_it(studio, site):
    writer = login(studio, WRITER)
    assert persist(writer, WITH_PHOTO, assets=[(PHOTO, photo_bytes())]).status_code == 200
    url = preview(writer)
    assert url == f"/xem-truoc/news/{SLUG}/{PAGE}"
    page = writer.get(url)
    assert page.status_code == 200 and TITLE in page.text
    # The cover photo was published into the draft's folder; stylesheets and other pages come from the worker's
    # build of the main branch, which does not hold the draft.
    assert '<img src="anh/hoi-nghi.jpg"' in page.text
    for name, kind in (("hoi-nghi.jpg", "image/jpeg"), ("hoi-nghi-480.webp", "image/webp")):
        photo = writer.get(f"{url}anh/{name}")
        assert photo.status_code == 200 and photo.headers["content-type"] == kind, name
    styles = [part.split('"', 1)[0] for part in page.text.split('rel="stylesheet" href="')[1:]]
    assert styles and all(writer.get(f"/xem-truoc/news/{SLUG}/{PAGE}{href}").status_code == 200 for href in styles)
    home = writer.get(f"/xem-truoc/news/{SLUG}/")
    assert home.status_code == 200 and "Ủy ban nhân dân" in home.text and TITLE not in home.text
    # The worktree is back at the main branch, the draft's files gone from it.
    tree = studio.protocol.previews.tree
    assert git(tree, "rev-parse", "HEAD") == git(site.repository, "rev-parse", "main")
    assert git(tree, "status", "--porcelain") == "" and not (tree / PATH).exists()


@pytest.mark.slow
def test_an_edit_is_rendered_without_building_the_portal_again(studio):
    writer = login(studio, WRITER)
    assert persist(writer).status_code == 200
    url = preview(writer)
    built = (studio.protocol.previews.base / "index.html").stat().st_mtime_ns
    assert persist(writer, NEW_POST + "\nBổ sung: lịch tiếp dân tháng Mười Hai.\n").status_code == 200
    assert preview(writer) == url
    assert "Bổ sung: lịch tiếp dân tháng Mười Hai." in writer.get(url).text
    assert (studio.protocol.previews.base / "index.html").stat().st_mtime_ns == built


@pytest.mark.slow
def test_when_the_main_branch_moves_the_next_preview_is_built_from_it(studio, site):
    writer = login(studio, WRITER)
    assert persist(writer).status_code == 200
    preview(writer)
    news = site.repository / "news/2026/2026-12-01-tiep-dan-dinh-ky.md"
    news.parent.mkdir(parents=True, exist_ok=True)
    news.write_text(NEW_POST.replace(TITLE, "Lịch tiếp công dân định kỳ tháng Mười Hai")
                    .replace("03/12/2026", "01/12/2026"), encoding="utf-8")
    identity = ["-c", "user.name=Quản trị", "-c", "user.email=qt@example"]
    git(site.repository, *identity, "add", ".")
    git(site.repository, *identity, "commit", "--quiet", "-m", "Tin trên nhánh chính")
    assert writer.get(f"/xem-truoc/news/{SLUG}/tin-tuc/2026/12/tiep-dan-dinh-ky/").status_code == 404
    preview(writer)
    assert "Lịch tiếp công dân định kỳ tháng Mười Hai" in writer.get(f"/xem-truoc/news/{SLUG}/tin-tuc/2026/12/tiep-dan-dinh-ky/").text


@pytest.mark.slow
def test_a_worker_that_stopped_is_replaced_and_broken_paths_are_not_served(studio):
    writer = login(studio, WRITER)
    assert persist(writer).status_code == 200
    url = preview(writer)
    os.kill(studio.protocol.previews._worker.process.pid, signal.SIGKILL)
    assert preview(writer) == url and TITLE in writer.get(url).text
    for path in (f"/xem-truoc/news/{SLUG}/../../../accounts.json", "/xem-truoc/news/khong-co/", "/xem-truoc/kho/mkdocs.yml"):
        assert writer.get(path).status_code == 404, path


@pytest.mark.slow
def test_the_approver_sees_the_same_preview(studio):
    writer, approver = login(studio, WRITER), login(studio, APPROVER)
    assert persist(writer).status_code == 200
    assert TITLE in approver.get(preview(approver)).text
