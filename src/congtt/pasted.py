"""Text pasted from Word, read the way the writer meant it.

Word's clipboard text marks its structure with tabs: «•<TAB>» bullets, «1.<TAB>» numbers, cells of a
table separated by tabs, a paragraph indented by a tab. Markdown reads none of that: bullets run into
one paragraph, a table into one line, numbered lines join the list above, «a)»/«b)» lines merge, and an
indented paragraph is glued to the last bullet. ``normalise`` rewrites those shapes into the Markdown
they stand for before a body is rendered (page and feed alike); ``findings`` says where, so that
``congtt check`` can warn and show how to write them (the file itself is never rewritten).
Fenced code and lines already written in Markdown are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BULLET = re.compile(r"[ ]{0,3}[•●○◦▪■□❖➢►·\-–—*o]\t+\s*(?P<text>\S.*)")
_NUMBERED = re.compile(r"[ ]{0,3}(?P<number>\d{1,3})[.)]\t+\s*(?P<text>\S.*)")
_LETTERED = re.compile(r"[ ]{0,3}(?P<letter>[a-zđ])\)[ \t]+(?P<text>\S.*)")
_A_LETTERED_LINE = re.compile(r"^[ ]{0,3}[a-zđ]\)[ \t]", re.MULTILINE)
_TABBED = re.compile(r"\t+(?P<text>\S.*)")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S")
_FENCE = re.compile(r"[ ]{0,3}(```|~~~)")

MESSAGES = {
    "bullets": ("Các dòng bắt đầu bằng «•» và dấu Tab (chép từ Word) được hiển thị thành danh sách. "
                "Trong tệp nên viết mỗi ý một dòng bắt đầu bằng «- », ví dụ «- {text}»."),
    "numbers": ("Các dòng «{number}.» và dấu Tab (chép từ Word) được hiển thị thành danh sách đánh số riêng. "
                "Trong tệp nên viết «{number}. » (dấu chấm rồi dấu cách) và để một dòng trống phía trên danh sách."),
    "letters": ("Các dòng «a)», «b)» … (chép từ Word) được giữ thành từng đoạn riêng, không nối vào nhau. "
                "Trong tệp nên để một dòng trống giữa các dòng đó."),
    "table": ("Các dòng có dấu Tab (bảng chép từ Word) được hiển thị thành bảng {columns} cột, dòng đầu là tên cột. "
              "Trong tệp nên viết bảng Markdown, ví dụ «| {header} |» rồi dòng «|{rule}|» và mỗi hàng một dòng."),
    "indented": ("Đoạn thụt đầu dòng bằng Tab (chép từ Word) được hiển thị thành đoạn văn riêng. "
                 "Trong tệp nên bỏ dấu Tab và để một dòng trống phía trên đoạn đó."),
}


@dataclass(frozen=True)
class Finding:
    """One run of pasted lines: its first line (from 0 in the body) and what was made of it."""

    line: int
    message: str


def normalise(body: str) -> str:
    """``body`` with Word's shapes written as Markdown (see the module docstring)."""
    return _convert(body)[0]


def findings(body: str) -> list[Finding]:
    """Where ``body`` holds Word's shapes, one finding per run of lines."""
    return _convert(body)[1]


def _convert(body: str) -> tuple[str, list[Finding]]:
    """The converted body and the findings, in one pass over its lines."""
    if "\t" not in body and not _A_LETTERED_LINE.search(body):  # most bodies: nothing pasted
        return body, []
    lines = body.split("\n")
    out: list[str] = []
    found: list[Finding] = []
    kind = ""  # the shape of the previous line: "", "bullets", "numbers", "letters", "table", "list"
    fenced = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or _FENCE.match(line):
            out.append(line)
            kind, index = "", index + 1
            continue
        table = _table_run(lines, index)
        if table:
            _separate(out)
            out += _table(lines[index : index + table])
            cells = lines[index].split("\t")
            found.append(Finding(index, MESSAGES["table"].format(
                columns=len(cells), header=" | ".join(c.strip() for c in cells), rule="|".join("---" for _ in cells))))
            kind, index = "table", index + table
            continue
        shape, text = _shape(line)
        if shape == "bullets":
            if kind not in ("bullets", "list"):
                _separate(out)
            if kind != "bullets":
                found.append(Finding(index, MESSAGES["bullets"].format(text=text)))
            out.append(f"- {text}")
        elif shape == "numbers":
            if kind in ("bullets", "list"):
                # python-markdown carries a bulleted list on into numbered items; a comment ends it
                # (the sanitiser drops the comment).
                out += ["", "<!-- -->"]
            if kind != "numbers":
                _separate(out)
                found.append(Finding(index, MESSAGES["numbers"].format(number=_NUMBERED.fullmatch(line)["number"])))
            out.append(f"{_NUMBERED.fullmatch(line)['number']}. {text}")
        elif shape == "letters":
            if out and out[-1].strip():  # Markdown would join it to the line above
                if not (found and found[-1].message == MESSAGES["letters"] and kind == "letters"):
                    found.append(Finding(index, MESSAGES["letters"]))
                _separate(out)
            out.append(line)
        elif shape == "indented" and not _LIST_ITEM.match(text):
            # Glued to the block above, or (after a blank line) shown as code: a paragraph either way.
            _separate(out)
            found.append(Finding(index, MESSAGES["indented"]))
            out.append(text)
            shape = ""
        else:
            if line.strip() and kind in ("bullets", "numbers", "table") and not _LIST_ITEM.match(line):
                _separate(out)  # or Markdown would carry on the converted list's last item
            out.append(line)
            shape = "list" if _LIST_ITEM.match(line) else ("" if line.strip() else kind if kind == "list" else "")
        kind = shape
        index += 1
    return "\n".join(out), found


def _shape(line: str) -> tuple[str, str]:
    """Which of Word's shapes ``line`` has, and its text."""
    for shape, pattern in (("bullets", _BULLET), ("numbers", _NUMBERED), ("letters", _LETTERED), ("indented", _TABBED)):
        match = pattern.fullmatch(line)
        if match:
            return shape, match["text"].rstrip()
    return "", line


def _table_run(lines: list[str], start: int) -> int:
    """How many lines from ``start`` form a tab-separated table: two or more, with one count of cells."""
    def cells(line: str) -> int:
        if "\t" not in line.strip("\t") or _shape(line)[0] in ("bullets", "numbers"):
            return 0
        return len(line.split("\t"))

    width = cells(lines[start])
    if width < 2:
        return 0
    end = start
    while end < len(lines) and cells(lines[end]) == width:
        end += 1
    return end - start if end - start >= 2 else 0


def _table(rows: list[str]) -> list[str]:
    """Tab-separated rows as a Markdown table, the first row its header."""
    cells = [[cell.strip().replace("|", "\\|") for cell in row.split("\t")] for row in rows]
    table = ["| " + " | ".join(cells[0]) + " |", "|" + "|".join("---" for _ in cells[0]) + "|"]
    table += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return table


def _separate(out: list[str]) -> None:
    """End the block above with a blank line, so that what follows starts a block of its own."""
    if out and out[-1].strip():
        out.append("")
