"""The render cache: a rebuild renders only the pages whose content changed, and publishes
exactly the bytes a build from scratch would."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

from congtt.model import Post
from congtt.pagecache import Fingerprints, PageCache
from congtt.plugin import PAGE_CACHE
from conftest import REPOSITORY, run
from support.damage import flip

NOW = "2026-11-23T08:00:00+07:00"
EDITED = "news/2026/2026-02-24-siet-chat-ky-luat-ky-cuong-hanh-chinh-sau-tet.md"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A writable copy of the example portal."""
    target = tmp_path / "portal"
    target.mkdir()
    shutil.copy(REPOSITORY / "mkdocs.yml", target)
    for folder in ("content", "news", "plans", "tthc", "theme"):
        shutil.copytree(REPOSITORY / folder, target / folder)
    return target


def _build(portal: Path, site: str) -> Path:
    result = run(portal, "build", "--now", NOW, "--site-dir", str(portal / site))
    assert result.exit_code == 0, result.output
    return portal / site


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _same_bytes(first: Path, second: Path) -> None:
    one, two = _files(first), _files(second)
    assert one.keys() == two.keys()
    different = [name for name in one if one[name].read_bytes() != two[name].read_bytes()]
    assert different == []


def _from_scratch(portal: Path, site: str) -> Path:
    shutil.rmtree(portal / PAGE_CACHE)
    return _build(portal, site)


def _pages(site: Path) -> dict[str, int]:
    return {name: path.stat().st_ino for name, path in _files(site).items() if name.endswith(".html")}


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


@pytest.mark.slow
def test_a_rebuild_after_edits_renders_only_what_changed_and_equals_a_build_from_scratch(example):
    first = _pages(_build(example, "first"))
    edited = example / EDITED
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: (Cập nhật) ", 1), encoding="utf-8")
    _append(edited, "\nCập nhật: UBND xã bổ sung thời gian tiếp nhận hồ sơ.\n")
    procedure = next((example / "tthc").rglob("*.md"))
    procedure.write_text(procedure.read_text(encoding="utf-8").replace("Thời hạn", "Thời hạn giải quyết", 1), encoding="utf-8")
    second_site = _build(example, "second")
    second = _pages(second_site)
    rendered = [name for name in second if first.get(name) != second[name]]
    assert "tin-tuc/2026/02/siet-chat-ky-luat-ky-cuong-hanh-chinh-sau-tet/index.html" in rendered
    assert any(name.startswith("tin-tuc/2025/") and name not in rendered for name in second)
    assert 0 < len(rendered) < len(second) / 4, rendered
    _same_bytes(second_site, _from_scratch(example, "scratch"))


@pytest.mark.slow
def test_a_new_class_in_one_post_updates_the_stylesheet_links_of_kept_pages(example):
    _build(example, "first")
    _append(example / EDITED, '\n!!! danger "Lưu ý"\n    Hạn chót nộp hồ sơ là ngày 30/12.\n')
    second = _build(example, "second")
    html = (second / "tin-tuc/2026/02/siet-chat-ky-luat-ky-cuong-hanh-chinh-sau-tet/index.html").read_text("utf-8")
    assert 'class="admonition danger"' in html
    _same_bytes(second, _from_scratch(example, "scratch"))


def test_a_page_is_reused_only_while_its_files_are_in_the_cache(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("<p>Trang</p>", encoding="utf-8")
    (site / "a/index.html.gz").write_bytes(b"gz")
    cache = PageCache(tmp_path / "cache", salt="s")
    key = cache.key("a/")
    assert not cache.has(key)
    cache.expect("a/index.html", key)
    cache.note_classes("a/index.html", ["ct-entry", "admonition"])
    cache.keep(site, ["main.css"])
    again = PageCache(tmp_path / "cache", salt="s")
    assert again.has(key)
    assert again.reuse("a/index.html", key) == ["admonition", "ct-entry"]
    (tmp_path / "cache" / key[:2] / f"{key}.html.gz").unlink()
    assert not PageCache(tmp_path / "cache", salt="s").has(key)


def test_unused_keys_leave_the_cache(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("one", "two"):
        (site / f"{name}.html").write_text(name, encoding="utf-8")
        (site / f"{name}.html.gz").write_bytes(name.encode())
    cache = PageCache(tmp_path / "cache", salt="s")
    cache.expect("one.html", cache.key("one"))
    cache.expect("two.html", cache.key("two"))
    cache.keep(site, [])
    later = PageCache(tmp_path / "cache", salt="s")
    later.expect("one.html", later.key("one"))
    later.keep(site, [])
    assert sorted(p.name for p in (tmp_path / "cache").rglob("*.html")) == [f"{later.key('one')}.html"]


def test_an_item_digest_changes_with_any_field(tmp_path):
    post = Post(source=tmp_path / "a.md", display_path="news/a.md", title="Tin", slug="tin", url="tin/", body="Thân",
                body_line=5, draft=False)
    fingerprints = Fingerprints({})
    changed = Post(**{**post.__dict__, "title": "Tin mới"})
    assert fingerprints.item(post) != Fingerprints({}).item(changed)
    assert fingerprints.describe((post, None)) == Fingerprints({}).describe((post, None))


def _bytes(site: Path) -> dict[str, bytes]:
    """Every file's bytes, read at once: the site shares its pages' inodes with the cache."""
    return {name: path.read_bytes() for name, path in _files(site).items()}


@pytest.mark.slow
def test_damaged_cached_pages_are_rendered_again_and_the_site_equals_a_clean_build(example):
    site = _build(example, "site")
    clean = _bytes(site)
    pages = sorted((example / PAGE_CACHE).rglob("*.html"))
    truncated = pages[0].with_name(pages[0].name + ".gz")
    os.truncate(truncated, truncated.stat().st_size // 2)  # the published .gz too: one inode
    pages[1].unlink()
    flip(pages[2])
    flip(pages[3].with_name(pages[3].name + ".gz"))
    assert _bytes(_build(example, "site")) == clean


def _kept(tmp_path: Path) -> tuple[Path, str]:
    """A cache holding one kept page; its folder and key."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>Trang</p>", encoding="utf-8")
    (site / "a.html.gz").write_bytes(gzip.compress(b"<p>Trang</p>", mtime=0))
    cache = PageCache(tmp_path / "cache", salt="s")
    key = cache.key("a")
    cache.expect("a.html", key)
    cache.keep(site, [])
    return tmp_path / "cache", key


MANIFEST_DAMAGES = {
    "truncated": lambda data: data[: len(data) // 2],
    "junk JSON": lambda data: b'{"format": 2, "pages": [1]}',
    "not text": lambda data: b"\xff\xfe\x00",
    "flipped": lambda data: data.replace(b'"size": ', b'"size": 1', 1),
}


@pytest.mark.parametrize("damage", MANIFEST_DAMAGES)
def test_a_damaged_manifest_is_an_empty_cache_never_an_error(tmp_path, damage):
    folder, key = _kept(tmp_path)
    manifest = folder / "manifest.json"
    manifest.write_bytes(MANIFEST_DAMAGES[damage](manifest.read_bytes()))
    assert not PageCache(folder, salt="s").has(key)


def test_a_touched_page_is_hashed_once_and_a_rewritten_one_is_not_reused(tmp_path, monkeypatch):
    import congtt.memo as memo

    folder, key = _kept(tmp_path)
    page = folder / key[:2] / f"{key}.html"
    os.utime(page, ns=(0, 0))
    hashed = []
    monkeypatch.setattr(memo, "_read", lambda path: hashed.append(path) or Path(path).read_bytes())
    cache = PageCache(folder, salt="s")
    assert cache.has(key) and cache.has(key)
    assert len(hashed) == 1
    page.write_text("<p>Trung</p>", encoding="utf-8")  # same size, other bytes
    assert not PageCache(folder, salt="s").has(key)
