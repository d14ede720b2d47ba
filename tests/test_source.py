"""Reading one content file: the front-matter split, its lines, and the limits on odd input."""

from __future__ import annotations

import os
from pathlib import Path

from congtt.source import MAX_FILE_BYTES, read_source


def _read(tmp_path: Path, text: str | bytes):
    """Write ``text`` to a fresh file and read it back as a source."""
    path = tmp_path / "bai.md"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return read_source(path)


def test_blank_lines_around_the_front_matter_keep_every_line_number(tmp_path):
    source = _read(tmp_path, "---\n\n\ntitle: Tin\ndate: 15/06/2023\n---\n\n\nNội dung.\n")
    assert source.problems == []
    assert source.meta.key_lines == {"title": 4, "date": 5}
    assert (source.body, source.body_line) == ("Nội dung.\n", 9)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    """A pasted 50 MB body would take minutes to build and swell every feed that carries it."""
    path = tmp_path / "bai.md"
    path.write_bytes(b"---\ntitle: Tin\n---\n")
    os.truncate(path, int(52.4 * 2**20))  # sparse: the test writes nothing like 52 MB
    source = read_source(path)
    assert source.problems == [
        (
            1,
            "Tệp quá lớn (52,4 MB); giới hạn là 2 MB. Hãy chia nội dung thành nhiều bài, "
            "hoặc đưa tài liệu dài vào tệp đính kèm (PDF) đặt cạnh bài viết.",
        )
    ]
    assert source.meta is None and source.body == ""


def test_a_file_at_the_size_limit_is_read(tmp_path):
    head = "---\ntitle: Tin\n---\n"
    source = _read(tmp_path, head + "a" * (MAX_FILE_BYTES - len(head)))
    assert source.problems == [] and len(source.body) == MAX_FILE_BYTES - len(head)
