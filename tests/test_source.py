"""Reading one content file: the front-matter split, its lines, and the limits on odd input."""

from __future__ import annotations

from pathlib import Path

from congtt.source import read_source


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
