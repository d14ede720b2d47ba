"""Pre-compressed files: beside every text file, deterministic, reused when unchanged."""

from __future__ import annotations

import pytest

import gzip
import os
from pathlib import Path

from congtt.compress import compress_site, gzip_bytes
from conftest import run

TEXT_FILES = {
    "index.html": "<h1>Trang chủ</h1>" * 200,
    "assets/site.css": "body { color: #123; }\n" * 100,
    "assets/site.js": "console.log('xã');\n" * 100,
    "sitemap.xml": "<urlset></urlset>\n" * 50,
    "rss.xml": "<rss version='2.0'></rss>\n" * 50,
    "search/search_index.json": '{"docs": []}\n' * 50,
    "assets/icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n" * 20,
    "robots.txt": "User-agent: *\n",
}


def _site(root: Path) -> Path:
    """A small built-looking site with every compressible kind and a photo."""
    for name, text in TEXT_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "anh.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(2000))
    return root


def test_every_text_file_gets_a_matching_gz(tmp_path):
    site = _site(tmp_path / "site")
    assert compress_site(site) == len(TEXT_FILES)
    for name in TEXT_FILES:
        path = site / name
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == path.read_bytes(), name
    assert not (site / "anh.jpg.gz").exists()


def test_output_is_byte_identical_across_runs_and_has_no_timestamp(tmp_path):
    first = _site(tmp_path / "first")
    second = _site(tmp_path / "second")
    compress_site(first)
    os.utime(second / "index.html", (1_000_000_000, 1_000_000_000))
    compress_site(second, workers=1)
    for name in TEXT_FILES:
        compressed = (first / f"{name}.gz").read_bytes()
        assert compressed == (second / f"{name}.gz").read_bytes(), name
        assert compressed[4:8] == b"\0\0\0\0", name


def test_process_pool_gives_the_same_bytes_as_one_process(tmp_path):
    pooled = _big_site(tmp_path / "pooled")
    serial = _big_site(tmp_path / "serial")
    compress_site(pooled, workers=2)
    compress_site(serial, workers=1)
    for path in sorted(serial.rglob("*.gz")):
        assert path.read_bytes() == (pooled / path.relative_to(serial)).read_bytes()


def _big_site(root: Path) -> Path:
    """Enough pages (about 6 MB) to be split into several batches for the pool."""
    root.mkdir(parents=True)
    for number in range(60):
        (root / f"trang-{number}.html").write_text(f"<p>Tin {number}: đăng ký khai sinh</p>\n" * 2500)
    return root


def test_unchanged_files_reuse_the_previous_gz_and_changed_ones_are_redone(tmp_path):
    previous = _site(tmp_path / "previous")
    compress_site(previous)
    carried = gzip.compress((previous / "assets/site.css").read_bytes(), compresslevel=1, mtime=0)
    (previous / "assets/site.css.gz").write_bytes(carried)  # other bytes than level 9: tells a copy apart
    current = _site(tmp_path / "current")
    (current / "index.html").write_text("<h1>Trang chủ mới</h1>", encoding="utf-8")
    compress_site(current, previous=previous)
    assert (current / "assets/site.css.gz").read_bytes() == carried
    assert gzip.decompress((current / "index.html.gz").read_bytes()) == "<h1>Trang chủ mới</h1>".encode()


def test_a_damaged_previous_gz_is_compressed_again_never_carried_over(tmp_path):
    previous = _site(tmp_path / "previous")
    compress_site(previous)
    whole = (previous / "index.html.gz").read_bytes()
    (previous / "index.html.gz").write_bytes(whole[: len(whole) // 2])
    flipped = bytearray((previous / "assets/site.js.gz").read_bytes())
    flipped[len(flipped) // 2] ^= 0x04
    (previous / "assets/site.js.gz").write_bytes(bytes(flipped))
    (previous / "robots.txt.gz").write_bytes(gzip.compress(b"User-agent: *\nDisallow: /\n", mtime=0))
    current = _site(tmp_path / "current")
    compress_site(current, previous=previous)
    for name in ("index.html", "assets/site.js", "robots.txt"):
        assert (current / f"{name}.gz").read_bytes() == gzip_bytes((current / name).read_bytes()), name


def test_a_previous_gz_with_a_timestamp_is_not_carried_over(tmp_path):
    previous = _site(tmp_path / "previous")
    (previous / "sitemap.xml.gz").write_bytes(gzip.compress((previous / "sitemap.xml").read_bytes(), mtime=12345))
    current = _site(tmp_path / "current")
    compress_site(current, previous=previous)
    assert (current / "sitemap.xml.gz").read_bytes()[4:8] == b"\0\0\0\0"


@pytest.mark.slow
def test_build_writes_gz_files_into_the_published_site(portal):
    result = run(portal, "build", "--now", "2026-11-23T08:00:00+07:00")
    assert result.exit_code == 0, result.output
    site = portal / "site"
    for page in ("index.html", "404.html", "sitemap.xml", "robots.txt"):
        assert gzip.decompress((site / f"{page}.gz").read_bytes()) == (site / page).read_bytes(), page
    assert not list(portal.glob(".site.new-*"))
