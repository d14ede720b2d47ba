"""What the studio may write, and whether an entry is fit to be saved: the same rules as ``congtt check``.

An entry is checked by the engine's own loader, on a small copy of the
repository holding the entry, the files it uploads and the files it names
(taken from the branch it is saved on): the messages are those of ``congtt
check``, word for word, with the entry's path and line.
"""

from __future__ import annotations

import posixpath
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..config import CongttConfig
from ..content import DOCUMENTS, IMAGE_EXTENSIONS, POSTS, PROCEDURES, ContentType, load_item
from ..images import image_problem
from ..problems import Problem
from ..schema import Vocabulary
from ..source import read_source
from ..validation import is_active_file
from .repository import Repository
from ..errors import CongttError

# Uploads larger than this are refused before anything is written (a phone photo is 3–8 MB).
UPLOAD_LIMIT = 25 * 1024 * 1024
_BODY_REF = re.compile(r"\]\(\s*<?([^)\s>]+)")


class Refused(CongttError, ValueError):
    """A request the studio will not carry out; the message is for staff, in Vietnamese."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Collection:
    """One Decap collection: its folder in the repository and how its files are read."""

    name: str
    folder: str
    kind: ContentType | None  # None for the fixed pages (content/)


def collections(settings: CongttConfig, pages_folder: str) -> dict[str, Collection]:
    """The four collections, named as Decap's configuration names them (see ``decap``)."""
    return {
        "news": Collection("news", settings.news_dir.strip("/"), POSTS),
        "documents": Collection("documents", settings.plans_dir.strip("/"), DOCUMENTS),
        "procedures": Collection("procedures", settings.tthc_dir.strip("/"), PROCEDURES),
        "pages": Collection("pages", pages_folder.strip("/"), None),
    }


def safe_path(path: object, folders: list[str]) -> str:
    """``path`` when it is a plain relative path inside one of the content folders; else ``Refused``.

    Refused: absolute paths, ``..`` or ``.`` parts, backslashes, NUL, hidden
    parts (``.git``), and anything outside ``news/``, ``plans/``, ``tthc/`` and
    ``content/`` — ``mkdocs.yml``, ``theme/``, ``scripts/`` among them.
    """
    if not isinstance(path, str) or not path or "\0" in path or "\\" in path or path.startswith("/"):
        raise Refused(_outside(path), 403)
    parts = path.split("/")
    if posixpath.normpath(path) != path or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        raise Refused(_outside(path), 403)
    if not any(path.startswith(folder + "/") for folder in folders):
        raise Refused(_outside(path), 403)
    return path


def _outside(path: object) -> str:
    return (
        f"Không được đọc hay ghi «{path}»: xưởng soạn chỉ làm việc với các thư mục nội dung "
        "(tin bài, văn bản, thủ tục hành chính, trang cố định)."
    )


def check_upload(path: str, data: bytes, max_pixels: int) -> None:
    """Refuse an uploaded file the build would refuse: too large, of an active type, or a broken photo."""
    name = posixpath.basename(path)
    if len(data) > UPLOAD_LIMIT:
        size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
        raise Refused(
            f"Tệp «{name}» nặng {size} MB, vượt giới hạn {UPLOAD_LIMIT // 1024 // 1024} MB. "
            "Hãy thu nhỏ ảnh hoặc nén tệp trước khi tải lên."
        )
    with tempfile.TemporaryDirectory(prefix="congtt-upload-") as folder:
        target = Path(folder) / name
        target.write_bytes(data)
        if is_active_file(target):
            raise Refused(
                f"Tệp «{name}» là loại tệp trình duyệt có thể chạy như chương trình (trang web, mã JavaScript, "
                "hình SVG có mã lệnh) nên Cổng không đăng. Hãy đổi sang PDF, hoặc ảnh PNG, JPG."
            )
        if target.suffix.lower() in IMAGE_EXTENSIONS:
            problem = image_problem(target, name, max_pixels)
            if problem:
                raise Refused(problem)


def check_entry(
    repository: Repository, ref: str, settings: CongttConfig, collection: Collection,
    path: str, raw: bytes, uploads: dict[str, bytes],
) -> list[Problem]:
    """Every problem ``congtt check`` would report for this entry saved with these uploads."""
    with tempfile.TemporaryDirectory(prefix="congtt-entry-") as folder:
        root = Path(folder)
        _place(root, path, raw)
        for upload, data in uploads.items():
            _place(root, upload, data)
        for named in _named_files(root / path, path):
            if named not in uploads:
                data = repository.read(ref, named)
                if data is not None:
                    _place(root, named, data)
        if collection.kind is None:
            return [Problem(path, line, message) for line, message in read_source(root / path).problems]
        return _loaded_problems(root, path, collection, settings)


def _loaded_problems(root: Path, path: str, collection: Collection, settings: CongttConfig) -> list[Problem]:
    """The loader's problems, then those of the photos the entry publishes."""
    mount = root / collection.folder
    item, problems = load_item(root / path, mount, root, collection.kind, Vocabulary.from_settings(settings), settings)
    if item is None:
        return problems
    for asset in item.published_files():
        message = image_problem(asset.path, asset.ref, settings.image_max_pixels) if asset.is_image else None
        if message is None and is_active_file(asset.path):
            message = f"Tệp «{asset.path.name}» là loại tệp có thể chạy như chương trình nên Cổng không đăng."
        if message:
            problems.append(Problem(path, asset.line, message))
    return problems


def _place(root: Path, path: str, data: bytes) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _named_files(entry: Path, path: str) -> set[str]:
    """Repository paths of the files an entry may name: every front-matter string and body link target."""
    source = read_source(entry)
    candidates = set(_strings(source.meta)) | set(_BODY_REF.findall(source.body))
    folder = posixpath.dirname(path)
    named = set()
    for candidate in candidates:
        if "://" in candidate or candidate.startswith(("/", "#", "mailto:", "tel:")) or "." not in candidate:
            continue
        joined = posixpath.normpath(posixpath.join(folder, candidate.split("#")[0]))
        if not joined.startswith(".."):
            named.add(joined)
    return named


def _strings(value: object):
    """Every string inside a parsed front-matter value."""
    if isinstance(value, str):
        yield value.strip()
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)
