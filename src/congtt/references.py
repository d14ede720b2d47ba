"""Cross-references between documents: citations of numbers such as "56/KH-UBND".

A number is matched loosely (case, spaces, Đ/D) and, since the same sequence
recurs year after year, the year of the citation's date decides between
documents sharing a number. Unresolved citations stay plain text.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .model import Document
from .text import fold

# "56/KH-UBND", "781/QĐ-UBND", "23a/KH-UBND", "118/2025/NĐ-CP", "08-ĐA/HU", "215/CV-NV"
_NUMBER = re.compile(
    r"(?<![\w/.-])(?P<number>\d+[a-z]?(?:/\d{4})?(?:/[A-Za-zĐđ][A-Za-zĐđ]*|-[A-Za-zĐđ][A-Za-zĐđ]*/)"
    r"[A-Za-zĐđ0-9][A-Za-zĐđ0-9]*(?:-[A-Za-zĐđ][A-Za-zĐđ0-9]*)*)"
    r"(?P<date>,?\s+ngày\s+(?P<day>\d{1,2})(?:/|\s+tháng\s+)(?P<month>\d{1,2})(?:/|\s+năm\s+)(?P<year>\d{4}))?"
)
_TAG = re.compile(r"(<[^>]+>)")


def number_key(number: str) -> str:
    """Compare numbers loosely: ``56/kh-ubnd``, ``56 / KH-UBND`` and ``56/KH-UBND`` are one."""
    return re.sub(r"\s+", "", fold(number))


@dataclass(frozen=True)
class Citation:
    """A number found in text, with the year of the date written after it, if any."""

    start: int
    end: int
    number: str
    year: int | None


def citations(text: str) -> list[Citation]:
    """Every document number cited in ``text``."""
    return [
        Citation(m.start("number"), m.end("number"), m["number"], int(m["year"]) if m["year"] else None)
        for m in _NUMBER.finditer(text)
    ]


@dataclass
class ReferenceIndex:
    """Documents by number, and who cites whom."""

    by_number: dict[str, list[Document]] = field(default_factory=dict)
    cites: dict[str, list[Document]] = field(default_factory=dict)
    cited_by: dict[str, list[Document]] = field(default_factory=dict)
    unresolved: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, documents: list[Document]) -> "ReferenceIndex":
        """Index numbers, then resolve every citation in bases and bodies."""
        index = cls()
        for document in documents:
            if document.number:
                index.by_number.setdefault(number_key(document.number), []).append(document)
        for document in documents:
            index._link(document)
        return index

    def resolve(self, number: str, year: int | None) -> Document | None:
        """The document a citation names; the cited year breaks ties between years."""
        candidates = self.by_number.get(number_key(number), [])
        if len(candidates) > 1 and year is not None:
            same_year = [d for d in candidates if d.issued.year == year]
            candidates = same_year or candidates
        return candidates[0] if len(candidates) == 1 else None

    def _link(self, document: Document) -> None:
        """Record the documents ``document`` cites, and what stays unresolved."""
        own = number_key(document.number) if document.number else None
        for text in (*document.bases, document.body, document.replaced_by):
            for citation in citations(text):
                if number_key(citation.number) == own:
                    continue
                target = self.resolve(citation.number, citation.year)
                if target is None:
                    self.unresolved.setdefault(document.display_path, []).append(citation.number)
                elif target is not document and target not in self.cites.setdefault(document.url, []):
                    self.cites[document.url].append(target)
                    self.cited_by.setdefault(target.url, []).append(document)

    def link_text(self, text: str, page_url: str) -> Markup:
        """Escape ``text`` and link each resolvable number to its document."""
        parts, last = [], 0
        for citation in citations(text):
            target = self.resolve(citation.number, citation.year)
            if target is None or target.url == page_url:
                continue
            href = posixpath.relpath(target.url, page_url or ".") + "/"
            parts += [escape(text[last : citation.start]), Markup(f'<a href="{escape(href)}">{escape(citation.number)}</a>')]
            last = citation.end
        parts.append(escape(text[last:]))
        return Markup("").join(parts)

    def link_html(self, html: str, page_url: str) -> str:
        """Link numbers in the text of rendered HTML, leaving tags and existing links alone."""
        pieces = _TAG.split(html)
        inside_link = False
        for position, piece in enumerate(pieces):
            if piece.startswith("<"):
                if piece.startswith("<a ") or piece == "<a>":
                    inside_link = True
                elif piece.startswith("</a"):
                    inside_link = False
            elif piece and not inside_link and _NUMBER.search(piece):
                pieces[position] = str(self.link_text(Markup(piece).unescape(), page_url))
        return "".join(pieces)
