"""Loading content: encodings, line endings, NFD text, the float-code trap, URLs."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from mkdocs.config import load_config

import congtt
from congtt.config import plugin_settings
from congtt.content import load_portal

POST = """---
title: Tin hộ tịch
date: 15/06/2023 08:30
category: thong-bao
---
Nội dung về hộ tịch.
"""


def _load(portal: Path):
    settings = plugin_settings(load_config(str(portal / "mkdocs.yml")))
    return load_portal(settings, portal)


def _write(portal: Path, relative: str, data: bytes) -> None:
    path = portal / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_bom_crlf_and_nfd_load_as_clean_nfc(portal):
    text = unicodedata.normalize("NFD", POST).replace("\n", "\r\n")
    _write(portal, "news/2023/2023-06-15-tin-ho-tich.md", codecs.BOM_UTF8 + text.encode("utf-8"))
    loaded, problems = _load(portal)
    assert problems == []
    post = next(p for p in loaded.posts if p.slug == "tin-ho-tich")
    assert post.title == "Tin hộ tịch" == unicodedata.normalize("NFC", post.title)
    assert "\r" not in post.body
    assert post.body == "Nội dung về hộ tịch.\n"
    assert post.url == "tin-tuc/2023/06/tin-ho-tich/"


def test_unquoted_procedure_code_keeps_its_trailing_zero(portal):
    _write(
        portal,
        "tthc/ho-tich/1.001190-thu-tuc.md",
        "---\ncode: 1.001190\ntitle: Thủ tục mẫu\nfield: ho-tich\n---\n".encode(),
    )
    loaded, problems = _load(portal)
    assert problems == []
    codes = {p.code for p in loaded.procedures}
    assert "1.001190" in codes
    assert "1.00119" not in codes


def test_yaml_guesses_do_not_decide_types(portal):
    """``no`` stays a word in a title, ``08:30`` stays a time, not 510 minutes."""
    _write(
        portal,
        "news/2023/2023-06-16-no.md",
        "---\ntitle: no\ndate: 2023-06-16 08:30\ncategory: thong-bao\n---\n".encode(),
    )
    loaded, problems = _load(portal)
    assert problems == []
    post = next(p for p in loaded.posts if p.slug == "no")
    assert post.title == "no"
    assert (post.date.hour, post.date.minute) == (8, 30)


def test_urls_are_vietnamese_and_stable(portal):
    loaded, _ = _load(portal)
    assert [p.url for p in loaded.posts] == ["tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/"]
    assert [d.url for d in loaded.documents] == ["van-ban/2022/ke-hoach-56-kh-ubnd/"]
    assert [p.url for p in loaded.procedures] == ["thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/"]


def test_document_fields_are_typed(portal):
    loaded, _ = _load(portal)
    plan = loaded.documents[0]
    assert plan.number == "56/KH-UBND"
    assert plan.signer_title == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert plan.tasks[0].done and plan.tasks[0].deadline.isoformat() == "2023-06-30"


def test_unchanged_files_are_not_read_again_and_a_changed_photo_reloads_its_post(portal, monkeypatch):
    import congtt.content as content

    settings = plugin_settings(load_config(str(portal / "mkdocs.yml")))
    record = portal / ".cache/items.pickle"
    post = next((portal / "news").rglob("*.md"))
    photo = post.parent / "anh-bia.jpg"
    photo.write_bytes(b"first")
    post.write_text(post.read_text(encoding="utf-8").replace("---\n", "---\nimage: anh-bia.jpg\nimage_alt: Ảnh bìa\n", 1), encoding="utf-8")
    portal_before, problems = load_portal(settings, portal, content.LoadedItems(record, settings))
    assert problems == [] and record.is_file()
    read = []
    real = content.load_item
    monkeypatch.setattr(content, "load_item", lambda path, *rest: read.append(path.name) or real(path, *rest))
    portal_after, _ = load_portal(settings, portal, content.LoadedItems(record, settings))
    assert read == [] and portal_after.items() == portal_before.items()
    photo.write_bytes(b"second, longer")
    load_portal(settings, portal, content.LoadedItems(record, settings))
    assert read == [post.name]


def test_loaded_items_are_loaded_again_when_any_loading_code_changes():
    """Issue 21: the loaded-items cache was salted with four modules, not with text.py (slugs), dates.py or
    images.py, so a change to slugging kept serving old URLs."""
    from congtt.content import loading_code

    code = loading_code()
    for module in ("content", "model", "schema", "source", "text", "dates", "images", "config"):
        source = (Path(congtt.__file__).parent / f"{module}.py").read_text("utf-8")
        assert source in code, module
