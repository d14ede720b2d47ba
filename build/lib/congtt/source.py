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
from typing import Any

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
}
_RESERVED = re.compile(r"found character '(.)' that cannot start any token")

_ALIAS = (
    "dấu «*» ở đầu giá trị là bí danh YAML (alias), không dùng trong phần khai báo đầu tệp; "
    "nếu giá trị bắt đầu bằng «*», hãy đặt cả giá trị trong dấu ngoặc kép"
)
_ANCHOR = (
    "dấu «&» ở đầu giá trị là nhãn neo YAML (anchor), không dùng trong phần khai báo đầu tệp; "
    "nếu giá trị bắt đầu bằng «&», hãy đặt cả giá trị trong dấu ngoặc kép"
)
_YAML_CONTEXTS = {"while scanning an alias": _ALIAS, "while scanning an anchor": _ANCHOR}

# The deepest front-matter a schema reads is three levels (``tasks`` → one task
# → its keys); ten leaves room for mistakes worth a precise message, and keeps
# every later step (the schema, the item cache's pickle) far from any stack limit.
MAX_DEPTH = 10

# Characters YAML refuses or no editor shows: C0 and C1 controls (tab and line
# break excepted), surrogates and the two non-characters. Raw, they stop the
# YAML reader; typed as escapes (``"\x01"``), they would reach titles and pages
# (a lone surrogate cannot even be written out as UTF-8).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NULL_TAG = "tag:yaml.org,2002:null"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


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


# Files of other programs saved or renamed as .md: their first bytes, and what they are to staff.
_FOREIGN_FILES = (
    (b"PK\x03\x04", "tệp Word (.docx), Excel (.xlsx) hoặc tệp nén", "Word"),
    (b"\xd0\xcf\x11\xe0", "tệp Word hoặc Excel đời cũ (.doc, .xls)", "Word"),
    (b"%PDF", "tệp PDF", "trình đọc PDF"),
    (b"{\\rtf", "tệp RTF của Word hoặc WordPad", "Word"),
)


def _decode(raw: bytes, source: SourceFile) -> str | None:
    """Decode UTF-8 (with or without BOM); otherwise say which encoding to save as, or that the file
    is another program's document renamed .md."""
    foreign = next(((kind, app) for magic, kind, app in _FOREIGN_FILES if raw.startswith(magic)), None)
    if foreign:
        source.problems.append((1, (
            f"Tệp này là {foreign[0]} được đặt tên .md, không phải văn bản Markdown. Hãy mở tệp gốc bằng "
            f"{foreign[1]}, chép phần chữ vào Xưởng soạn hoặc vào tệp tạo bằng «congtt new», rồi xóa tệp này "
            "(tệp gốc cần đăng kèm thì ghi ở khóa attachments).")))
        return None
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
    _read_front_matter(source, fm, offset)


def _read_front_matter(source: SourceFile, fm: str, base: int) -> None:
    """Compose the front-matter (line k of ``fm`` is line base + 1 + k) into ``source.meta``."""
    unprintable = _UNPRINTABLE.search(fm)
    if unprintable:
        line = base + 1 + fm.count("\n", 0, unprintable.start())
        source.problems.append((line, _unprintable(unprintable.group())))
        return
    try:
        tree, found = _compose(fm, base)
    except yaml.MarkedYAMLError as error:
        source.problems.append(_syntax_problem(error, base, fm))
        return
    except _Refused as refusal:
        source.problems.append((refusal.line, refusal.message))
        return
    if tree is None:
        source.meta = Mapping(base + 2)
    elif isinstance(tree, Mapping):
        source.meta = tree
        source.problems.extend(found)
    else:
        source.problems.append(
            (
                base + 2,
                "Phần khai báo đầu tệp phải gồm các dòng «khóa: giá trị» "
                "(ví dụ «title: Tiêu đề»), không phải một danh sách hay một đoạn chữ.",
            )
        )


def _unprintable(character: str) -> str:
    """Message for a character no one can see or type, naming its code point."""
    return (
        f"Phần khai báo đầu tệp có ký tự không hiển thị được (mã U+{ord(character):04X}), "
        "thường lẫn vào khi chép từ Word hoặc PDF. Hãy xóa ký tự đó, hoặc gõ lại dòng này."
    )


def _syntax_problem(error: yaml.MarkedYAMLError, base: int, fm: str) -> tuple[int, str]:
    """The line of a YAML syntax error and what it means, in Vietnamese where it is known: first the
    mistakes whose YAML wording points elsewhere (a body read as front-matter, a quote inside quotes)."""
    mark = error.problem_mark or error.context_mark
    index = mark.line if mark else 1
    rows = fm.split("\n")
    prose = next((k for k, row in enumerate(rows[: index + 1]) if k and _is_prose(row)), None)
    if prose is not None:
        closing = base + 1 + fm.count("\n")
        return base + 1 + prose, (
            "Phần khai báo đầu tệp chưa được đóng: dòng này đã là nội dung bài mà ở trên chưa có dòng «---» "
            f"(dòng «---» ở dòng {closing} là đường kẻ trong nội dung). Thêm một dòng «---» ngay trên dòng này.")
    quoted = _QUOTED.match(rows[index]) if index < len(rows) else None
    if quoted and error.problem == "expected <block end>, but found '<scalar>'":
        return base + 1 + index, _quote_inside_quotes(quoted["key"], quoted["quote"], quoted["value"])
    return base + 1 + index, f"Lỗi cú pháp trong phần khai báo đầu tệp: {_explain(error)}."


# A front-matter line that cannot be YAML of ours: unindented, not a key, a list item or a comment.
_YAML_LINE = re.compile(r"\s*$|\s*#|[ \t]|- |-$|[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")
_QUOTED = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<quote>[\"'])(?P<value>.*?)[ \t]*$")


def _is_prose(row: str) -> bool:
    """True for a line of body text (``Sáng nay, UBND xã …``) where front-matter should be."""
    return _YAML_LINE.match(row) is None


def _quote_inside_quotes(key: str, quote: str, value: str) -> str:
    """Message for «title: "Hội thi "Dân vận khéo""»: the inner quote ends the value; show the fixed line."""
    inner = value[:-1] if value.endswith(quote) else value
    fixed = f"'{inner.replace(chr(39), chr(39) * 2)}'" if quote == '"' else '"' + inner.replace('"', '\\"') + '"'
    other = "ngoặc đơn" if quote == '"' else "ngoặc kép"
    return (f"Giá trị của khóa «{key}» mở bằng dấu {quote} nên dấu {quote} bên trong giá trị đã kết thúc nó. "
            f"Hãy đặt cả giá trị trong {other}: {key}: {fixed}")


def _explain(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's wording of a syntax error, told in Vietnamese (or quoted when unknown)."""
    if error.context in _YAML_CONTEXTS:
        return _YAML_CONTEXTS[error.context]
    if error.problem in _YAML_PROBLEMS:
        return _YAML_PROBLEMS[error.problem]
    reserved = _RESERVED.fullmatch(error.problem or "")
    if reserved:
        return (
            f"ký tự «{reserved[1]}» không được đứng đầu giá trị; "
            "hãy đặt cả giá trị trong dấu ngoặc kép"
        )
    return f"cú pháp YAML không hợp lệ ({error.problem})"


class _Refused(Exception):
    """Front-matter that is valid YAML but not accepted, with the line it is on."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _compose(text: str, base: int) -> tuple[Any, list[tuple[int, str]]]:
    """Build with libyaml; on a syntax error, again with PyYAML, whose wording staff are shown."""
    try:
        return _Composer(base).build(yaml.parse(text, Loader=_FAST_LOADER))
    except yaml.MarkedYAMLError:
        return _Composer(base).build(yaml.parse(text, Loader=yaml.SafeLoader))


class _Composer:
    """Builds plain containers from YAML events, one event at a time, scalars kept as typed text.

    PyYAML's and libyaml's composers recurse once per nesting level (30,000
    levels crashed the process) and expand aliases (375 bytes of aliases took
    4.4 GB). Here the open containers are an explicit stack no deeper than
    ``MAX_DEPTH``, and anchors and aliases, of no use in front-matter, are refused.
    """

    def __init__(self, base: int):
        self.base = base
        self.open: list[Mapping | Sequence] = []
        self.keys: list[tuple[str, int] | None] = []  # per open container: a key awaiting its value
        self.root: Any = None
        self.documents = 0
        self.found: list[tuple[int, str]] = []

    def build(self, events) -> tuple[Any, list[tuple[int, str]]]:
        """The tree of the document and the duplicate keys found in it."""
        for event in events:
            take = _TAKE.get(type(event))
            if take is not None:
                take(self, event)
        return self.root, self.found

    def _line(self, event: yaml.Event) -> int:
        """The file line an event starts on."""
        return self.base + event.start_mark.line + 1

    def _alias(self, event: yaml.AliasEvent) -> None:
        """``*name`` repeats an anchored node: refused, as anchors are."""
        raise _Refused(self._line(event), f"Lỗi cú pháp trong phần khai báo đầu tệp: {_ALIAS}.")

    def _anchor(self, event: yaml.NodeEvent) -> None:
        """Refuse ``&name`` on a node: nothing may repeat it."""
        if event.anchor is not None:
            raise _Refused(self._line(event), f"Lỗi cú pháp trong phần khai báo đầu tệp: {_ANCHOR}.")

    def _close(self, event: yaml.CollectionEndEvent) -> None:
        """The current container is complete."""
        self.open.pop()
        self.keys.pop()

    def _mapping(self, event: yaml.MappingStartEvent) -> None:
        """A mapping starts."""
        self._open(Mapping(self._line(event)), event)

    def _sequence(self, event: yaml.SequenceStartEvent) -> None:
        """A sequence starts."""
        self._open(Sequence(self._line(event)), event)

    def _document(self, event: yaml.DocumentStartEvent) -> None:
        """Front-matter is one document; ``--- text`` inside it would start another."""
        self.documents += 1
        if self.documents > 1:
            raise _Refused(
                self._line(event),
                "Dòng này bắt đầu bằng «---», nên mở một khối khai báo thứ hai; phần khai báo "
                "đầu tệp chỉ được có một khối. Hãy xóa ba dấu gạch ngang ở đầu dòng.",
            )

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        """A key or a value as typed, but for escapes (``"\\x07"``) of characters no one can see.

        Raw, such characters are refused before YAML reads the text; escaped, they
        were typed on purpose and are removed, as feeds remove them from bodies.
        """
        self._anchor(event)
        line = self._line(event)
        text = _UNPRINTABLE.sub("", event.value) if event.style == '"' else event.value
        if self._expects_key():
            self._key(text, line)
        else:
            self._add(None if _is_null(event) else text, line)

    def _open(self, container: Mapping | Sequence, event: yaml.CollectionStartEvent) -> None:
        """Start a mapping or a sequence inside the current container."""
        self._anchor(event)
        line = container.line
        if self._expects_key():
            raise _Refused(line, "Tên khóa phải là một chữ (ví dụ «title»), không phải danh sách hay nhóm khóa.")
        if len(self.open) == MAX_DEPTH:
            raise _Refused(
                line,
                f"Phần khai báo đầu tệp lồng nhau quá sâu: hơn {MAX_DEPTH} tầng danh sách, nhóm khóa "
                "nằm trong nhau (các khóa của Cổng cần nhiều nhất 3 tầng). Hãy viết lại từ dòng này.",
            )
        self._add(container, line)
        self.open.append(container)
        self.keys.append(None)

    def _expects_key(self) -> bool:
        """Whether the next node is the key of an entry in the current mapping."""
        return bool(self.open) and isinstance(self.open[-1], Mapping) and self.keys[-1] is None

    def _key(self, key: str, line: int) -> None:
        """Hold ``key`` until its value comes; a repeated key is a problem, the last value kept."""
        if key in self.open[-1]:
            self.found.append((line, f"Khóa «{key}» được khai báo hai lần. Hãy xóa một dòng."))
        self.keys[-1] = (key, line)

    def _add(self, value: Any, line: int) -> None:
        """Place a value as the root, the next item of a sequence, or the value of the held key."""
        if not self.open:
            self.root = value
            return
        parent = self.open[-1]
        if isinstance(parent, Sequence):
            parent.append(value)
            parent.item_lines.append(line)
            return
        key, key_line = self.keys[-1]
        parent[key] = value
        parent.key_lines[key] = key_line
        self.keys[-1] = None


_TAKE = {
    yaml.AliasEvent: _Composer._alias,
    yaml.DocumentStartEvent: _Composer._document,
    yaml.ScalarEvent: _Composer._scalar,
    yaml.MappingStartEvent: _Composer._mapping,
    yaml.SequenceStartEvent: _Composer._sequence,
    yaml.MappingEndEvent: _Composer._close,
    yaml.SequenceEndEvent: _Composer._close,
}


def _is_null(event: yaml.ScalarEvent) -> bool:
    """An unquoted empty value, ``~`` or ``null`` (YAML's nulls); quoted, they are text."""
    if event.style:
        return False
    return event.tag == _NULL_TAG or event.tag is None and event.value in _NULLS
