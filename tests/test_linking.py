"""Files the build never changes are hard-linked into the site, or copied where links are impossible."""

from __future__ import annotations

import errno
import os

from congtt.linking import link_or_copy


def test_a_link_shares_the_file_and_replaces_an_existing_target(tmp_path):
    source = tmp_path / "cache" / "anh.webp"
    source.parent.mkdir()
    source.write_bytes(b"webp")
    target = tmp_path / "site" / "tin-tuc" / "anh.webp"
    link_or_copy(source, target)
    assert os.path.samefile(source, target)
    other = tmp_path / "cache" / "moi.webp"
    other.write_bytes(b"new")
    link_or_copy(other, target)
    assert target.read_bytes() == b"new" and not list(target.parent.glob("*.link"))


def test_where_links_are_impossible_the_file_is_copied(tmp_path, monkeypatch):
    source = tmp_path / "anh.webp"
    source.write_bytes(b"webp")

    def cross_device(*args):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    link_or_copy(source, tmp_path / "ban-sao.webp")
    assert (tmp_path / "ban-sao.webp").read_bytes() == b"webp"
    assert not os.path.samefile(source, tmp_path / "ban-sao.webp")
