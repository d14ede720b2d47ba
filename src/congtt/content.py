"""Loading the content tree: files → validated models, and every problem found.

Each content folder (news/, plans/, tthc/) holds Markdown files with
front-matter. Files whose name starts with ``_`` or ``.`` are ignored, so staff
can keep notes and templates beside their content.
"""

from __future__ import annotations

import ast
import functools
import os
import pickle
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

from . import atomic
from . import pasted
from .config import CongttConfig
from .images import published_suffix
from .model import Asset, Document, Item, Portal, Post, Procedure
from .problems import Problem, display_path
from .schema import (
    DOCUMENT_SCHEMA,
    POST_SCHEMA,
    PROCEDURE_SCHEMA,
    Field,
    FileRef,
    Vocabulary,
    convert_fields,
    says_yes,
)
from .source import read_source
from .text import slugify

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}
_REF = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?P<rest>[^)]*)\)")
_SLUG_LIMIT = 80
# A post's file name (minus its date prefix) names its URL: editing the title
# must not move a page that other sites already link to.
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class ContentType:
    """How one folder is read: its schema and how its models are built."""

    label: str
    setting: str
    schema: dict[str, Field]
    build: Callable[..., Item]


@dataclass
class _Draft:
    """What a file yields while it is being built, before it becomes a model."""

    path: Path
    display: str
    mount: Path
    values: dict[str, Any]
    body: str
    body_line: int
    meta_line: int
    problems: list[Problem]

    def problem(self, line: int, message: str) -> None:
        """Record a problem at ``line`` of this file."""
        self.problems.append(Problem(self.display, line, message))


def load_portal(settings: CongttConfig, root: Path, known: "LoadedItems | None" = None) -> tuple[Portal, list[Problem]]:
    """Read every content folder; return the valid items and all problems.

    ``known`` holds the items of earlier runs: an unchanged file is not read again.
    """
    vocab = Vocabulary.from_settings(settings)
    portal = Portal()
    problems: list[Problem] = []
    for content_type, target in (
        (POSTS, portal.posts),
        (DOCUMENTS, portal.documents),
        (PROCEDURES, portal.procedures),
    ):
        mount = root / getattr(settings, content_type.setting)
        links: list[Path] = []
        for path in content_files(mount, links):
            item = known.get(path) if known else None
            if item is None:
                item, found = load_item(path, mount, root, content_type, vocab, settings)
                problems.extend(found)
                if item is not None and known:
                    known.put(path, item)
            if item is not None:
                target.append(item)
        problems.extend(Problem(display_path(link, root), 1, LINK_MESSAGE) for link in links)
    if known:
        known.save()
    return portal, problems


@functools.cache
def loading_code() -> str:
    """The source of this module and of every congtt module it imports, however indirectly: an item
    loaded under other slugging, date parsing or photo naming (``text``, ``dates``, ``images``) must be
    loaded again, not served from ``LoadedItems``."""
    folder = Path(__file__).parent
    seen: dict[str, str] = {}
    waiting = [Path(__file__).stem]
    while waiting:
        name = waiting.pop()
        if name in seen or not (folder / f"{name}.py").is_file():
            continue
        seen[name] = (folder / f"{name}.py").read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(seen[name])):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                waiting += [node.module] if node.module else [alias.name for alias in node.names]
    return "".join(seen[name] for name in sorted(seen))


class LoadedItems:
    """Valid items loaded by earlier runs, kept on disk by file name, size and modification time.

    Reading and validating 20,000 files takes seconds at every check and
    build; after one edit, one file changed. An item is reused only while its
    file and every file it references (photos, downloads) are unchanged, and
    only under the same settings and the same loading code. Files with
    problems are read again every time, so their messages stay current.
    """

    def __init__(self, record: Path, settings: CongttConfig) -> None:
        self.record = record
        self.salt = repr(settings) + loading_code()
        try:
            salt, entries = pickle.loads(record.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            salt, entries = None, {}
        self.entries: dict[str, tuple] = entries if salt == self.salt else {}
        self.used: dict[str, tuple] = {}

    def get(self, path: Path) -> Item | None:
        """The item of ``path`` when neither it nor its files changed."""
        entry = self.entries.get(str(path))
        if entry is None or entry[0] != _stamp(path):
            return None
        item = entry[1]
        if any(_stamp(asset.path) != stamp for asset, stamp in zip(item.published_files(), entry[2])):
            return None
        self.used[str(path)] = entry
        return item

    def put(self, path: Path, item: Item) -> None:
        """Remember a freshly loaded, valid item."""
        self.used[str(path)] = (_stamp(path), item, tuple(_stamp(asset.path) for asset in item.published_files()))

    def save(self) -> None:
        """Keep this run's items (deleted files leave the record)."""
        if self.used.keys() == self.entries.keys() and all(self.used[k] is self.entries[k] for k in self.used):
            return
        atomic.write(self.record, pickle.dumps((self.salt, self.used), protocol=pickle.HIGHEST_PROTOCOL))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


LINK_MESSAGE = (
    "Đây là liên kết tượng trưng (symlink), không phải tệp hay thư mục thật: Cổng không đi theo liên kết "
    "nên bỏ qua nó. Hãy chép tệp thật vào đây thay cho liên kết."
)


def content_files(mount: Path, links: list[Path] | None = None) -> list[Path]:
    """The Markdown files of a content folder, in a stable order; symbolic links are put in ``links``.

    ``os.scandir`` knows each entry's type from the directory listing; a
    20,000-file tree costs a fraction of ``Path.rglob``. Links are never
    followed: one pointing out of the repository would publish what it points
    at, and one pointing at a parent folder made the walk endless.
    """
    if not mount.is_dir():
        return []
    found = []
    folders = [str(mount)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.startswith(("_", ".")):
                    continue
                if entry.is_symlink():
                    if links is not None:
                        links.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".md") and entry.is_file(follow_symlinks=False):
                    found.append(Path(entry.path))
    return sorted(found)


def load_item(
    path: Path,
    mount: Path,
    root: Path,
    content_type: ContentType,
    vocab: Vocabulary,
    settings: CongttConfig,
) -> tuple[Item | None, list[Problem]]:
    """Read and validate one file; the item is None when anything is wrong.

    A file marked ``draft: true`` is work in progress: its problems are
    warnings, so one unfinished draft never stops the portal from publishing
    (the item is left out until they are fixed).
    """
    display = display_path(path, root)
    source = read_source(path)
    problems = [Problem(display, line, message) for line, message in source.problems]
    if source.meta is None or problems and not source.meta:
        return None, _lenient(source, problems)
    values, found = convert_fields(content_type.schema, source.meta, vocab, content_type.label)
    problems.extend(Problem(display, line, message) for line, message in found)
    if found:
        return None, _lenient(source, problems)
    draft = _Draft(path, display, mount, values, source.body, source.body_line, source.meta.line, problems)
    item = content_type.build(draft, settings, source.meta.key_lines)
    return (None, _lenient(source, draft.problems)) if draft.problems else (item, [])


DRAFT_NOTE = " (Bản nháp: chưa đăng; sửa lỗi này trước khi bỏ dòng «draft: true».)"


def _lenient(source, problems: list[Problem]) -> list[Problem]:
    """A draft's problems as warnings; anyone else's as they are."""
    if not (isinstance(source.meta, dict) and says_yes(source.meta.get("draft"))):
        return problems
    return [Problem(p.path, p.line, p.message + DRAFT_NOTE, warning=True) for p in problems]


def _slug(values: dict[str, Any], fallback: str) -> str:
    """The author's slug, or one made from ``fallback`` cut at a word boundary."""
    if values.get("slug"):
        return values["slug"]
    made = slugify(fallback)
    if len(made) > _SLUG_LIMIT:
        made = made[:_SLUG_LIMIT].rsplit("-", 1)[0]
    return made


def _build_post(draft: _Draft, settings: CongttConfig, key_lines: dict[str, int]) -> Post:
    """Build a post, its URL and its assets."""
    v = draft.values
    slug = _slug(v, _DATE_PREFIX.sub("", draft.path.stem))
    moment = v["date"]
    url = settings.post_url_format.format(
        yyyy=f"{moment.year:04d}", mm=f"{moment.month:02d}", dd=f"{moment.day:02d}", slug=slug
    )
    cover = None
    if v.get("image"):
        cover = _asset(draft, FileRef(v["image"], v.get("image_alt", ""), key_lines["image"]), url)
        if cover is not None and not v.get("image_alt"):
            draft.problem(
                key_lines["image"],
                f"Ảnh bìa «{v['image']}» chưa có mô tả cho người khiếm thị: "
                "thêm khóa «image_alt: …» mô tả nội dung ảnh.",
            )
    channels = tuple(dict.fromkeys(("portal", *v.get("channels", ()))))
    return Post(
        **_common(draft, url, slug),
        date=moment,
        updated=_updated(draft, v, moment, key_lines),
        summary=v.get("summary", ""),
        author=v.get("author", ""),
        category=v["category"],
        cchc=v.get("cchc", ()),
        channels=channels,
        tags=v.get("tags", ()),
        image=cover,
        image_alt=v.get("image_alt", ""),
        featured=v.get("featured", False),
        id=v.get("id", ""),
    )


def _updated(draft: _Draft, v: dict[str, Any], first: Any, key_lines: dict[str, int]) -> Any:
    """The ``updated`` key, which cannot come before the item was first published."""
    updated = v.get("updated")
    if updated is not None and updated < first:
        draft.problem(key_lines["updated"], (
            f"Ngày cập nhật ({_shown_day(updated)}) trước ngày đăng, ban hành ({_shown_day(first)}). "
            "Ghi ngày giờ sửa nội dung, sau ngày đăng; không sửa thì bỏ khóa «updated»."))
    return updated


def _shown_day(value: Any) -> str:
    """A date or instant as staff write it: 15/06/2023 or 15/06/2023 08:30."""
    return f"{value:%d/%m/%Y %H:%M}" if hasattr(value, "hour") else f"{value:%d/%m/%Y}"


def _build_document(draft: _Draft, settings: CongttConfig, key_lines: dict[str, int]) -> Document:
    """Build a document; its default slug comes from kind and number."""
    v = draft.values
    kinds = {kind.slug: kind.name for kind in settings.document_kinds}
    fallback = f"{kinds[v['kind']]} {v['number']}" if v.get("number") else v["title"]
    slug = _slug(v, fallback)
    url = settings.document_url_format.format(yyyy=f"{v['issued'].year:04d}", slug=slug, kind=v["kind"])
    if v.get("status") == "thay-the" and not v.get("replaced_by"):
        draft.problem(
            key_lines["status"],
            "Văn bản có «status: thay-the» cần khóa «replaced_by» ghi số văn bản thay thế.",
        )
    attachments = _assets(draft, v.get("attachments", ()), url)
    return Document(
        **_common(draft, url, slug),
        kind=v["kind"],
        number=v.get("number", ""),
        issued=v["issued"],
        issuer=v.get("issuer", ""),
        issuer_parent=v.get("issuer_parent", ""),
        place=v.get("place", ""),
        signer=v.get("signer", ""),
        signer_title=tuple(part.strip() for part in v.get("signer_title", "").split(" / ") if part.strip()),
        recipients=v.get("recipients", ()),
        bases=v.get("bases", ()),
        attachments=attachments,
        cchc=v.get("cchc", ()),
        status=v.get("status", "hieu-luc"),
        replaced_by=v.get("replaced_by", ""),
        tasks=v.get("tasks", ()),
        summary=v.get("summary", ""),
        updated=_updated(draft, v, v["issued"], key_lines),
    )


def _build_procedure(draft: _Draft, settings: CongttConfig, key_lines: dict[str, int]) -> Procedure:
    """Build a procedure; its URL keeps the code so printed QR codes stay valid."""
    v = draft.values
    slug = _slug(v, v["title"])
    url = settings.procedure_url_format.format(field=v["field"], code=v["code"], slug=slug)
    status = v.get("status", "hien-hanh")
    if status in ("bai-bo", "sua-doi") and not v.get("change_decision"):
        draft.problem(
            key_lines["status"],
            f"Thủ tục có «status: {status}» cần khóa «change_decision» ghi quyết định "
            "sửa đổi hoặc bãi bỏ thủ tục.",
        )
    forms = _assets(draft, v.get("forms", ()), url)
    return Procedure(
        **_common(draft, url, slug),
        code=v["code"],
        field=v["field"],
        level=v.get("level") or "Cấp xã",
        agency=v.get("agency", ""),
        steps=v.get("steps", ()),
        methods=v.get("methods", ()),
        dossier=v.get("dossier", ()),
        processing_time=v.get("processing_time", ""),
        fees=v.get("fees", ""),
        forms=forms,
        requirements=v.get("requirements", ()),
        legal_basis=v.get("legal_basis", ()),
        result=v.get("result", ""),
        online=v.get("online", ""),
        dvc_url=v.get("dvc_url", ""),
        decision=v.get("decision", ""),
        status=status,
        change_decision=v.get("change_decision", ""),
        change_note=v.get("change_note", ""),
        updated=v.get("updated"),
    )


def _common(draft: _Draft, url: str, slug: str) -> dict[str, Any]:
    """The fields every item shares, with the assets its body refers to."""
    return {
        "source": draft.path,
        "display_path": draft.display,
        "title": draft.values["title"],
        "slug": slug,
        "url": url,
        "body": draft.body,
        "body_line": draft.body_line,
        "draft": draft.values.get("draft", False),
        "assets": tuple(_body_assets(draft, url)),
        "aliases": draft.values.get("aliases", ()),
    }


def _body_assets(draft: _Draft, url: str) -> list[Asset]:
    """Photos and files the Markdown body links to, with alt text required on photos."""
    found = []
    for match in _REF.finditer(draft.body):
        target = match["target"]
        if _is_external(target) or _is_markdown(target):
            continue
        line = draft.body_line + draft.body.count("\n", 0, match.start())
        spaced = match["rest"].strip()
        if spaced and spaced[0] not in "\"'(":  # not a title: the file's name goes on after a space
            draft.problem(line, spaced_name(f"{target} {spaced}", target))
            continue
        asset = _asset(draft, FileRef(target, match["text"], line), url)
        if asset is None:
            continue
        if match["bang"] and not match["text"].strip():
            draft.problem(line, missing_alt(target))
        found.append(asset)
    return found


def spaced_name(name: str, cut: str) -> str:
    """The message for a file name with spaces, which Markdown links cut at the first one."""
    return (
        f"Tên tệp «{name}» có dấu cách nên đường dẫn bị cắt còn «{cut}». Đổi tên tệp cho không còn dấu cách "
        f"(ví dụ «{re.sub(r'[ ]+', '-', name)}») rồi sửa đường dẫn trong bài theo tên mới."
    )


def missing_alt(target: str) -> str:
    """The message for a photo without a description (Thông tư 26/2020: every image needs a text alternative)."""
    return (
        f"Ảnh «{target}» chưa có mô tả cho người khiếm thị. Viết mô tả trong ngoặc vuông: "
        f"![Mô tả nội dung ảnh]({target})."
    )


def images_without_alt(text: str) -> list[tuple[int, str]]:
    """(line, target) of every Markdown image in ``text`` whose description is empty."""
    return [
        (text.count("\n", 0, match.start()) + 1, match["target"])
        for match in _REF.finditer(text)
        if match["bang"] and not match["text"].strip()
    ]


def _assets(draft: _Draft, refs: tuple[FileRef, ...], url: str) -> tuple[Asset, ...]:
    """Resolve the files named in front-matter."""
    return tuple(a for a in (_asset(draft, ref, url) for ref in refs) if a is not None)


def markdown_links(body: str) -> list[tuple[str, int]]:
    """(target without its #anchor, body line from 0) of each link to another Markdown file."""
    found = []
    for match in _REF.finditer(body):
        target = match["target"].split("#", 1)[0]
        if _is_markdown(target) and not _is_external(target):
            found.append((target, body.count("\n", 0, match.start())))
    return found


def _is_markdown(target: str) -> bool:
    """A link to another Markdown file of the repository (``x.md``, ``x.md#part``)."""
    return target.split("#", 1)[0].lower().endswith(".md")


def _is_external(target: str) -> bool:
    """Links to other sites, to site-absolute paths and to anchors are not files."""
    return bool(urlsplit(target).scheme) or target.startswith(("/", "#"))


def _asset(draft: _Draft, ref: FileRef, url: str) -> Asset | None:
    """Find a referenced file beside the item, or record why it cannot be used."""
    relative = unquote(urlsplit(ref.ref).path)
    path = (draft.path.parent / relative).resolve()
    mount = draft.mount.resolve()
    if not path.is_relative_to(mount):
        draft.problem(
            ref.line,
            f"Tệp «{ref.ref}» nằm ngoài thư mục nội dung «{draft.mount.name}/». "
            "Hãy chép tệp vào cạnh bài viết rồi sửa lại đường dẫn.",
        )
        return None
    if not path.is_file():
        draft.problem(
            ref.line,
            f"Không tìm thấy tệp «{ref.ref}». Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường, "
            "có dấu, không dấu) và đặt tệp cạnh bài viết.",
        )
        return None
    folder = draft.path.parent.resolve()
    inside = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else (
        "_/" + path.relative_to(mount).as_posix()
    )
    is_image = path.suffix.lower() in IMAGE_EXTENSIONS
    if is_image:
        inside = inside[: -len(path.suffix)] + published_suffix(path)
    return Asset(ref=ref.ref, path=path, url=url + inside, line=ref.line, title=ref.title, is_image=is_image)


POSTS = ContentType("tin bài", "news_dir", POST_SCHEMA, _build_post)
DOCUMENTS = ContentType("văn bản", "plans_dir", DOCUMENT_SCHEMA, _build_document)
PROCEDURES = ContentType("thủ tục hành chính", "tthc_dir", PROCEDURE_SCHEMA, _build_procedure)


def rewrite_body(item: Item, pages_by_source: dict[Path, Item]) -> str:
    """Point the body's links at published URLs, relative to the item's page, in the body as Word's
    pasted shapes mean it (see ``pasted``).

    Files beside the item keep their relative path; links to another item's
    Markdown file become links to that item's page, so staff can link posts the
    way their editor shows them.
    """
    assets = {asset.ref: asset for asset in item.assets}
    folder = item.source.parent

    def replace(match: re.Match[str]) -> str:
        target = match["target"]
        destination = None
        if target in assets:
            destination = assets[target].url
        elif _is_markdown(target) and not _is_external(target):
            path, _, anchor = target.partition("#")
            other = pages_by_source.get((folder / unquote(path)).resolve())
            destination = other.url + "index.md" + (f"#{anchor}" if anchor else "") if other else None
        if destination is None:
            return match.group(0)
        relative = posixpath.relpath(destination, item.url)
        return f"{match['bang']}[{match['text']}]({relative}{match['rest']})"

    return _REF.sub(replace, pasted.normalise(item.body))
