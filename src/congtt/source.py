"""Reading a content file: bytes → NFC text → front-matter tree with line numbers.

A line of dashes before and after marks the front-matter. The YAML inside is
composed, not loaded: every scalar is kept as the text the author typed, so the
schema (not YAML 1.1's guesses) decides what ``1.001190``, ``no`` or ``08:30``
mean, and every key keeps its line for error messages.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .text import nfc

# A line of three or more dashes opens and closes the front-matter, as in Jekyll,
# Hugo and MkDocs. Unlike python-frontmatter's ``\s*$``, the pattern never
# reaches over the line break, which swallowed blank lines and put every later
# key one line too early in messages.
_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)

# The longest real document (a commune's half-year CCHC plan with its task
# table) is 40 KB of Markdown; 2 MB is fifty times that. Past it a file is
# pasted by mistake or generated, and costs every build: Markdown takes minutes
# over 50 MB, and each feed carrying the post (the full feed, its category's,
# its CCHC areas') grows by more than its size.
MAX_FILE_BYTES = 2 * 2**20

_YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "có dấu hai chấm «:» ở chỗ không hợp lệ; nếu giá trị chứa dấu hai chấm, "
        "hãy đặt cả giá trị trong dấu ngoặc kép"
    ),
    "could not find expected ':'": "thiếu dấu hai chấm «:» sau tên khóa",
    "found character '\\t' that cannot start any token": (
        "có ký tự Tab; chỉ được thụt lề bằng dấu cách"
    ),
    "found unexpected end of stream": "dấu ngoặc kép hoặc ngoặc đơn chưa được đóng",
    "did not find expected key": "thụt lề không thẳng hàng với các khóa phía trên",
    "did not find expected '-' indicator": "thụt lề của danh sách không thẳng hàng",
    "found duplicate anchor": "nhãn neo «&» bị trùng",
}


class Mapping(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class Sequence(list):
    """A YAML sequence that remembers its line and the line of each item."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


@dataclass
class SourceFile:
    """A content file read and split; ``problems`` says why it could not be read."""

    path: Path
    text: str = ""
    meta: Mapping | None = None
    body: str = ""
    body_line: int = 1
    problems: list[tuple[int, str]] = field(default_factory=list)


# A file unchanged since it was last parsed (same modification time and size) is
# not parsed again: ``congtt build`` checks the tree then builds it, and ``serve``
# rebuilds it on every save, in one process. Parsed sources are never mutated.
_PARSED: dict[Path, tuple[tuple[int, int], SourceFile]] = {}

# libyaml is ten times faster than PyYAML's Python parser; PyYAML's own parser
# still words the syntax errors staff see (see _YAML_PROBLEMS).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_source(path: Path) -> SourceFile:
    """Read ``path`` as a front-matter document; never raises on bad content."""
    try:
        status = path.stat()
    except OSError:
        return _read_source(path)
    stamp = (status.st_mtime_ns, status.st_size)
    known = _PARSED.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    source = _read_source(path)
    _PARSED[path] = (stamp, source)
    return source


def _read_source(path: Path) -> SourceFile:
    """Read and split one file."""
    source = SourceFile(path)
    try:
        raw = _read_bounded(path, source)
    except OSError as error:
        source.problems.append((1, f"Không đọc được tệp ({error.strerror}). Kiểm tra quyền truy cập tệp."))
        return source
    if raw is None:
        return source
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        source.problems.append((1, "Tệp rỗng. Hãy điền nội dung hoặc xóa tệp này."))
        return source
    text = _decode(raw, source)
    if text is None:
        return source
    source.text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    _split(source)
    return source


def _read_bounded(path: Path, source: SourceFile) -> bytes | None:
    """The file's bytes, or None (and a problem) past ``MAX_FILE_BYTES``: never more is read."""
    with path.open("rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) <= MAX_FILE_BYTES:
            return raw
        size = max(os.fstat(stream.fileno()).st_size, len(raw))
    source.problems.append(
        (
            1,
            f"Tệp quá lớn ({_megabytes(size)} MB); giới hạn là {_megabytes(MAX_FILE_BYTES)} MB. "
            "Hãy chia nội dung thành nhiều bài, hoặc đưa tài liệu dài vào tệp đính kèm (PDF) "
            "đặt cạnh bài viết.",
        )
    )
    return None


def _megabytes(size: int) -> str:
    """A size in MB the way Windows Explorer counts it, with a Vietnamese decimal comma."""
    megabytes = size / 2**20
    shown = f"{megabytes:.0f}" if megabytes == int(megabytes) else f"{megabytes:.1f}"
    return shown.replace(".", ",")


def _decode(raw: bytes, source: SourceFile) -> str | None:
    """Decode UTF-8 (with or without BOM); otherwise say which encoding to save as."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        source.problems.append(
            (1, "Tệp được lưu bằng mã hóa UTF-16. Hãy mở tệp và lưu lại với mã hóa UTF-8.")
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        source.problems.append(
            (
                line,
                "Tệp không được lưu bằng mã hóa UTF-8 (có thể là Windows-1258 hoặc TCVN3 cũ). "
                "Hãy mở tệp và lưu lại với mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8).",
            )
        )
        return None


def _split(source: SourceFile) -> None:
    """Separate front-matter from body and compose the front-matter YAML."""
    stripped = source.text.lstrip()
    offset = source.text[: len(source.text) - len(stripped)].count("\n")
    opening = _BOUNDARY.match(stripped)
    if opening is None:
        source.problems.append(
            (
                offset + 1,
                "Tệp thiếu phần khai báo đầu tệp (front-matter) đặt giữa hai dòng «---». "
                "Dùng lệnh «congtt new» để tạo tệp mẫu có sẵn các khóa.",
            )
        )
        return
    closing = _BOUNDARY.search(stripped, opening.end())
    if closing is None:
        source.problems.append(
            (
                offset + 1,
                "Phần khai báo đầu tệp chưa được đóng: thêm một dòng «---» sau khóa cuối cùng.",
            )
        )
        return
    fm = stripped[opening.end() : closing.start()]
    body = stripped[closing.end() :]
    # The opening "---" is on line offset + 1, and index 0 of ``fm`` is the end
    # of that line: line k of ``fm`` (YAML's mark.line) is on line offset + 1 + k.
    fm_line = offset + 2
    closing_line = offset + 1 + fm.count("\n")
    source.body = body.lstrip("\n")
    source.body_line = closing_line + len(body) - len(body.lstrip("\n"))
    try:
        node = _compose(fm)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = offset + 1 + (mark.line if mark else 1)
        problem = _YAML_PROBLEMS.get(error.problem or "", f"cú pháp YAML không hợp lệ ({error.problem})")
        source.problems.append(
            (line, f"Lỗi cú pháp trong phần khai báo đầu tệp: {problem}.")
        )
        return
    if node is None:
        source.meta = Mapping(fm_line)
        return
    if not isinstance(node, yaml.MappingNode):
        source.problems.append(
            (
                fm_line,
                "Phần khai báo đầu tệp phải gồm các dòng «khóa: giá trị» "
                "(ví dụ «title: Tiêu đề»), không phải một danh sách hay một đoạn chữ.",
            )
        )
        return
    source.meta = _raw(node, offset, source)


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml; on a syntax error, again with PyYAML for the error staff are shown."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.MarkedYAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _raw(node: yaml.Node, base: int, source: SourceFile):
    """Turn a YAML node into plain containers, keeping scalars as typed text."""
    line = base + node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping(line)
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = base + key_node.start_mark.line + 1
            if key in mapping:
                source.problems.append(
                    (key_line, f"Khóa «{key}» được khai báo hai lần. Hãy xóa một dòng.")
                )
            mapping[key] = _raw(value_node, base, source)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = Sequence(line)
        for item in node.value:
            sequence.append(_raw(item, base, source))
            sequence.item_lines.append(base + item.start_mark.line + 1)
        return sequence
    if node.tag == "tag:yaml.org,2002:null" and not node.style:
        return None
    return node.value
