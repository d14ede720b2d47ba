"""Pages rendered by forked workers are the pages one process would write; a worker's failure fails the build."""

from __future__ import annotations

import pytest

import hashlib
import os
import shutil
import time
from pathlib import Path

import congtt.parallel
import congtt.search
from congtt.plugin import PAGE_CACHE
from conftest import run

NOW = "2023-07-01T08:00:00+07:00"


def _tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".gz" and p.name != "sitemap.xml"
    }


def _forget_rendered_pages(portal: Path) -> None:
    """Empty the render cache, so the next build renders every page again (see ``pagecache``)."""
    shutil.rmtree(portal / PAGE_CACHE, ignore_errors=True)


@pytest.mark.slow
def test_workers_write_the_same_site_as_one_process(portal, monkeypatch):
    monkeypatch.setenv(congtt.parallel.WORKERS_VARIABLE, "1")
    assert run(portal, "build", "--now", NOW, "--site-dir", str(portal / "one")).exit_code == 0
    _forget_rendered_pages(portal)
    monkeypatch.setenv(congtt.parallel.WORKERS_VARIABLE, "3")
    assert run(portal, "build", "--now", NOW, "--site-dir", str(portal / "three")).exit_code == 0
    one, three = _tree(portal / "one"), _tree(portal / "three")
    assert len([name for name in one if name.endswith("index.html")]) > 10
    assert one == three


@pytest.mark.slow
def test_a_failing_worker_fails_the_build_and_keeps_the_old_site(portal, monkeypatch, caplog):
    monkeypatch.setenv(congtt.parallel.WORKERS_VARIABLE, "2")
    assert run(portal, "build", "--now", NOW).exit_code == 0
    before = _tree(portal / "site")
    real = congtt.parallel._build_page

    def failing(page, *args, **kwargs):
        if page.file.src_uri.startswith("thu-tuc-hanh-chinh/"):
            raise RuntimeError("hỏng")
        return real(page, *args, **kwargs)

    _forget_rendered_pages(portal)
    monkeypatch.setattr(congtt.parallel, "_build_page", failing)
    monkeypatch.setattr(congtt.parallel, "worker_count", lambda: 2)
    result = run(portal, "build", "--now", NOW)
    assert result.exit_code != 0
    assert "Lỗi: Xây dựng thất bại (xem lỗi phía trên), thư mục xuất bản cũ được giữ nguyên." in result.output
    assert "1 tiến trình dựng trang bị lỗi (xem thông báo phía trên)." in caplog.text
    assert _tree(portal / "site") == before


def test_worker_count_follows_the_setting(monkeypatch):
    monkeypatch.setenv(congtt.parallel.WORKERS_VARIABLE, "4")
    assert congtt.parallel.worker_count() == 4
    monkeypatch.setenv(congtt.parallel.WORKERS_VARIABLE, "0")
    assert congtt.parallel.worker_count() >= 1


def test_a_background_stage_runs_in_another_process_and_returns_its_value():
    assert congtt.parallel.Background(os.getpid).result() != os.getpid()
    assert congtt.parallel.Background(os.getpid, fork=False).result() == os.getpid()
    assert congtt.parallel.Background(lambda: {"meta": "chỉ mục"}).result() == {"meta": "chỉ mục"}


def test_an_abandoned_background_stage_is_stopped_at_once():
    started = time.monotonic()
    congtt.parallel.Background(lambda: time.sleep(60)).abandon()
    assert time.monotonic() - started < 10


@pytest.mark.slow
def test_a_failing_background_stage_fails_the_build_and_keeps_the_old_site(portal, monkeypatch, caplog, capfd):
    monkeypatch.setenv(congtt.parallel.WORKERS_VARIABLE, "2")
    assert run(portal, "build", "--now", NOW).exit_code == 0
    before = _tree(portal / "site")

    def failing(cls, *args, **kwargs):
        raise RuntimeError("chỉ mục hỏng")

    monkeypatch.setattr(congtt.search.Index, "build", classmethod(failing))
    result = run(portal, "build", "--now", NOW)
    assert result.exit_code != 0
    assert "Một tiến trình chạy nền của lần xây dựng bị lỗi (xem thông báo phía trên)." in caplog.text
    assert "RuntimeError: chỉ mục hỏng" in result.output + capfd.readouterr().err
    assert _tree(portal / "site") == before
