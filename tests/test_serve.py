"""``congtt serve``: a content error shows in the browser page, in Vietnamese; no English chatter (issue 23)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CONGTT = Path(sys.executable).parent / "congtt"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page_until(url: str, wanted: str, process: subprocess.Popen, seconds: float = 90) -> str:
    """The page at ``url`` once it holds ``wanted`` (each request waits for the rebuild in progress)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                text = response.read().decode("utf-8")
        except OSError:
            text = ""
        if wanted in text:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed «{wanted}»")


@pytest.mark.slow
def test_a_content_error_shows_in_the_page_until_fixed(portal):
    port = _free_port()
    process = subprocess.Popen([str(CONGTT), "serve", "-a", f"127.0.0.1:{port}"], cwd=portal,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    post = next((portal / "news/2023").glob("*.md"))
    good = post.read_text("utf-8")
    url = f"http://127.0.0.1:{port}/tin-tuc/"
    try:
        _page_until(url, "Đăng ký khai sinh trực tuyến", process)
        post.write_text(good.replace("category: ", "category: the-thao\nx_category: "), "utf-8")
        page = _page_until(url, "Chưa xem trước được", process)
        assert "Nội dung có" in page and "«x_category» không dùng được cho tin bài" in page
        assert "/livereload/" in page  # reloads itself when the next rebuild is done
        post.write_text(good, "utf-8")
        _page_until(url, "Đăng ký khai sinh trực tuyến", process)
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert errors.startswith(f"Xem trước tại http://127.0.0.1:{port}/ — lưu tệp là trang tự tải lại.")
    assert "Lỗi: Nội dung có" in errors and "Bản xem trước chưa dựng lại được" in errors
    assert "Đã dựng lại bản xem trước." in errors
    for english in ("INFO", "Aborted", "Traceback", "appear stuck", "Building documentation", "Reloading"):
        assert english not in errors, english
