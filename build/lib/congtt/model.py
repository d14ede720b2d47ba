"""The content model: what a post, a document and a procedure are.

Models are plain frozen dataclasses built by ``schema`` from validated
front-matter. They know nothing of MkDocs, so stats and feeds work without a
build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True)
class Asset:
    """A file an item refers to (photo, attachment, form) and where it is published."""

    ref: str
    path: Path
    url: str
    line: int
    title: str = ""
    is_image: bool = False

    @property
    def size(self) -> int:
        """Size in bytes of the source file (shown beside downloads)."""
        return self.path.stat().st_size

    @property
    def extension(self) -> str:
        """Upper-case file type for display: PDF, DOCX, JPG …"""
        return self.path.suffix.lstrip(".").upper()


@dataclass(frozen=True)
class Item:
    """What every published item has: a source file, a title, a URL and a body."""

    source: Path
    display_path: str
    title: str
    slug: str
    url: str
    body: str
    body_line: int
    draft: bool
    assets: tuple[Asset, ...] = ()
    aliases: tuple[str, ...] = ()  # earlier addresses, which redirect here (see ``moved``)

    kind_label: ClassVar[str] = ""

    def published_files(self) -> tuple[Asset, ...]:
        """Every file published beside the item's page."""
        return self.assets


@dataclass(frozen=True)
class Post(Item):
    """A news or propagation post (tin bài)."""

    date: datetime = None  # type: ignore[assignment]
    updated: datetime | None = None  # when a published post was corrected
    summary: str = ""
    author: str = ""
    category: str = ""
    cchc: tuple[str, ...] = ()
    channels: tuple[str, ...] = ("portal",)
    tags: tuple[str, ...] = ()
    image: Asset | None = None
    image_alt: str = ""
    featured: bool = False
    id: str = ""

    kind_label = "Tin tức"

    def published_files(self) -> tuple[Asset, ...]:
        """Body files and the cover photo."""
        return self.assets + ((self.image,) if self.image else ())

    @property
    def identity(self) -> str:
        """What identifies the post for good (its feed guid): ``id:``, by default its file name.

        The file name is where the first permalink came from; a title or slug
        change keeps it.
        """
        return self.id or self.source.stem

    @property
    def is_cchc(self) -> bool:
        """A post with at least one CCHC area counts as CCHC propagation."""
        return bool(self.cchc)

    def is_published(self, now: datetime) -> bool:
        """Not a draft and not scheduled after ``now``."""
        return not self.draft and self.date <= now


@dataclass(frozen=True)
class PlanTask:
    """One task of a plan: content, lead unit, deadline, expected output, status."""

    content: str
    lead: str = ""
    deadline: date | None = None
    deadline_text: str = ""
    output: str = ""
    status: str = "chua-thuc-hien"

    @property
    def done(self) -> bool:
        """Whether the task is reported complete."""
        return self.status == "hoan-thanh"

    def is_overdue(self, today: date) -> bool:
        """A dated task past its deadline and not complete."""
        return not self.done and self.deadline is not None and self.deadline < today


@dataclass(frozen=True)
class Document(Item):
    """An official document (văn bản): plan, report, decision, letter, notice."""

    kind: str = ""
    number: str = ""
    issued: date = None  # type: ignore[assignment]
    issuer: str = ""
    issuer_parent: str = ""
    place: str = ""
    signer: str = ""
    signer_title: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    attachments: tuple[Asset, ...] = ()
    cchc: tuple[str, ...] = ()
    status: str = "hieu-luc"
    replaced_by: str = ""
    tasks: tuple[PlanTask, ...] = ()
    summary: str = ""
    updated: date | None = None  # when a published document's page was corrected

    kind_label = "Văn bản"

    def published_files(self) -> tuple[Asset, ...]:
        """Body files and the attachments."""
        return self.assets + self.attachments

    def is_published(self, now: datetime) -> bool:
        """Not a draft and not dated after ``now``."""
        return not self.draft and self.issued <= now.date()


# Where the National Public Service Portal shows a procedure of the national database, by its code.
NATIONAL_PROCEDURE_URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}"


@dataclass(frozen=True)
class Procedure(Item):
    """An administrative procedure (thủ tục hành chính) as citizens need it."""

    code: str = ""
    field: str = ""
    level: str = "Cấp xã"
    agency: str = ""
    steps: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    dossier: tuple[str, ...] = ()
    processing_time: str = ""
    fees: str = ""
    forms: tuple[Asset, ...] = ()
    requirements: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    result: str = ""
    online: str = ""  # "" when the file does not say: no level is shown rather than a guessed one
    dvc_url: str = ""
    decision: str = ""
    status: str = "hien-hanh"
    change_decision: str = ""
    change_note: str = ""
    updated: date | None = None

    kind_label = "Thủ tục"

    def published_files(self) -> tuple[Asset, ...]:
        """Body files and the forms (biểu mẫu)."""
        return self.assets + self.forms

    @property
    def abolished(self) -> bool:
        """An abolished procedure keeps its page but leaves the catalogue."""
        return self.status == "bai-bo"

    @property
    def incomplete(self) -> bool:
        """Listed without its steps (as an imported list leaves it): its page says so and where to read
        the full procedure, rather than look complete."""
        return not self.steps

    @property
    def national_url(self) -> str:
        """The procedure's page on the National Public Service Portal, by its code."""
        return NATIONAL_PROCEDURE_URL.format(code=self.code)

    def is_published(self, now: datetime) -> bool:
        """Procedures are published unless they are drafts."""
        return not self.draft


@dataclass
class Portal:
    """Everything loaded from the content folders, with the problems found."""

    posts: list[Post] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)

    def items(self) -> list[Item]:
        """Every item, whatever its type."""
        return [*self.posts, *self.documents, *self.procedures]

    def published(self, now: datetime, include_drafts: bool = False) -> "Portal":
        """The part of the portal visible at ``now`` (drafts too, for previews)."""
        if include_drafts:
            return self
        return Portal(
            posts=[p for p in self.posts if p.is_published(now)],
            documents=[d for d in self.documents if d.is_published(now)],
            procedures=[p for p in self.procedures if p.is_published(now)],
        )
