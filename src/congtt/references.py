"""Cross-references: citations of document numbers such as "56/KH-UBND", in every content kind.

A number is matched loosely (case, spaces, Đ/D). A citation links only to the document it can be:
the same number; the same year when it states one (a date after it, or the year inside the number);
the same issuer when it names one («… của UBND thành phố Hải Phòng» is not the commune's plan of the
same number). A citation that states neither links when one document alone has that number.
Unresolved citations stay plain text.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .model import Document, Item, Portal
from .text import fold

_DATE = r"(?P<day>\d{1,2})(?:/|\s+tháng\s+)(?P<month>\d{1,2})(?:/|\s+năm\s+)(?P<year>\d{4})"
# "56/KH-UBND", "781/QĐ-UBND", "23a/KH-UBND", "118/2025/NĐ-CP", "08-ĐA/HU", "215/CV-NV"
_NUMBER = re.compile(
    r"(?<![\w/.-])(?P<number>\d+[a-z]?(?:/(?P<inner>\d{4}))?(?:/[A-Za-zĐđ][A-Za-zĐđ]*|-[A-Za-zĐđ][A-Za-zĐđ]*/)"
    r"[A-Za-zĐđ0-9][A-Za-zĐđ0-9]*(?:-[A-Za-zĐđ][A-Za-zĐđ0-9]*)*)"
    rf"(?P<date>,?\s+ngày\s+{_DATE})?"
)
# The issuer named after a number, up to the words that start what the document is about.
_ISSUER = re.compile(
    r"\s*,?\s*của\s+(?P<issuer>[^\W\d](?:[^,;:.()\[\]\n]*?))"
    r"(?=\s+(?:về|ngày|năm|và|số|do|đã|để|nhằm|quy|hướng|ban|triển|thực|trên|tại|với|theo)(?:\s|$)|\s*[,;:.()\[\]\n]|\s*$)"
)
_DATE_AFTER = re.compile(rf"\s*,?\s*ngày\s+{_DATE}")
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tp": "thanh pho", "tx": "thi xa", "tt": "thi tran"}
_TAG = re.compile(r"(<[^>]+>)")


def number_key(number: str) -> str:
    """Compare numbers loosely: ``56/kh-ubnd``, ``56 / KH-UBND`` and ``56/KH-UBND`` are one."""
    return re.sub(r"\s+", "", fold(number))


def issuer_words(name: str) -> tuple[str, ...]:
    """An issuer's name compared loosely: no tone marks or case, abbreviations written out."""
    words = re.findall(r"\w+", fold(name))
    return tuple(" ".join(_ABBREVIATIONS.get(word, word) for word in words).split())


@dataclass(frozen=True)
class Citation:
    """A number found in text, with the year and the issuer written with it, if any."""

    start: int
    end: int
    number: str
    year: int | None
    issuer: tuple[str, ...] = ()


def citations(text: str) -> list[Citation]:
    """Every document number cited in ``text``."""
    found = []
    for m in _NUMBER.finditer(text):
        year = m["year"] or m["inner"]
        named = _ISSUER.match(text, m.end())
        if named and not year:
            after = _DATE_AFTER.match(text, named.end())
            year = after["year"] if after else None
        found.append(Citation(m.start("number"), m.end("number"), m["number"], int(year) if year else None,
                              issuer_words(named["issuer"]) if named else ()))
    return found


def _names(issuer: tuple[str, ...], document: Document, authority: str) -> bool:
    """True when the words naming an issuer in a citation are part of ``document``'s issuer (the portal's
    ``authority`` for a document that names none)."""
    own = issuer_words(document.issuer or authority)
    return any(own[start : start + len(issuer)] == issuer for start in range(len(own) - len(issuer) + 1))


@dataclass
class ReferenceIndex:
    """Documents by number, and who cites whom."""

    by_number: dict[str, list[Document]] = field(default_factory=dict)
    cites: dict[str, list[Document]] = field(default_factory=dict)
    cited_by: dict[str, list[Document]] = field(default_factory=dict)
    unresolved: dict[str, list[str]] = field(default_factory=dict)
    authority: str = ""  # the issuer of a document that names none: the commune's

    @classmethod
    def build(cls, documents: list[Document], citing: tuple[Item, ...] | list[Item] = (), authority: str = "") -> "ReferenceIndex":
        """Index numbers, then resolve every citation in the documents' bases and bodies and in the bodies
        of the ``citing`` items (posts, procedures)."""
        index = cls(authority=authority)
        for document in documents:
            if document.number:
                index.by_number.setdefault(number_key(document.number), []).append(document)
        for item in (*documents, *citing):
            index._link(item)
        return index

    @classmethod
    def of_portal(cls, portal: Portal, authority: str) -> "ReferenceIndex":
        """The index of a portal: its documents, cited from every item (see ``build``)."""
        return cls.build(portal.documents, (*portal.posts, *portal.procedures), authority)

    def resolve(self, citation: Citation) -> Document | None:
        """The one document ``citation`` can name, or None (see the module's docstring)."""
        candidates = self.by_number.get(number_key(citation.number), [])
        if citation.year is not None:
            candidates = [d for d in candidates if d.issued.year == citation.year]
        if citation.issuer:
            candidates = [d for d in candidates if _names(citation.issuer, d, self.authority)]
        return candidates[0] if len(candidates) == 1 else None

    def _link(self, item: Item) -> None:
        """Record the documents ``item`` cites, and what stays unresolved. Only documents are listed as
        citing (their page lists them); a post's citations are links in its text."""
        own = number_key(item.number) if isinstance(item, Document) and item.number else None
        texts = (*item.bases, item.body, item.replaced_by) if isinstance(item, Document) else (item.body,)
        for text in texts:
            for citation in citations(text):
                if number_key(citation.number) == own:
                    continue
                target = self.resolve(citation)
                if target is None:
                    self.unresolved.setdefault(item.display_path, []).append(citation.number)
                elif target is not item and target not in self.cites.setdefault(item.url, []):
                    self.cites[item.url].append(target)
                    if isinstance(item, Document):
                        self.cited_by.setdefault(target.url, []).append(item)

    def link_text(self, text: str, page_url: str) -> Markup:
        """Escape ``text`` and link each resolvable number to its document."""
        parts, last = [], 0
        for citation in citations(text):
            target = self.resolve(citation)
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
