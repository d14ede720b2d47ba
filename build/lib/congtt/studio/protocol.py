"""Decap CMS' proxy backend protocol (``POST /api/v1``) over the portal's git repository.

The actions and the shapes of their answers are those of Decap's own
``decap-server`` (``packages/decap-server/src/middlewares/localGit``), which
Decap's ``proxy`` backend speaks; what differs is what the studio refuses:
paths outside the content folders, entries ``congtt check`` would refuse,
publishing by a writer, and a save over someone else's newer one.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime

from ..config import CongttConfig
from ..problems import errors
from .accounts import Account
from .entries import Collection, Refused, check_entry, check_upload, collections, safe_path
from .repository import CMS_PREFIX, Author, Repository, StaleBranch

STATUSES = ("draft", "pending_review", "pending_publish")
WRITER_STATUSES = ("draft", "pending_review")
_SLUG_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Collections whose lists show the newest entries first.
NEWEST_FIRST = frozenset({"news", "documents"})
FRONT_MATTERS_KEPT = 100_000  # about 60 MB of front-matter at most
PAGE_SIZE = 50  # entries in a page of a list: a screen's worth and more, rendered at once
# A front-matter block as Decap's parser (gray-matter) reads it: from the first line "---" to the next.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)??---[ \t]*(?=\r?\n|\Z)", re.S)
MAX_SLUG = 200


@dataclass
class Request:
    """One call: who makes it, from which browser session, and what Decap sent."""

    account: Account
    session: str
    action: str
    params: dict
    branch: str


@dataclass
class Seen:
    """The version of each file a browser session last read or wrote, per branch (for stale-save refusal)."""

    versions: dict[tuple[str, str, str], str | None] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, session: str, branch: str, path: str, blob: str | None) -> None:
        with self.lock:
            self.versions[(session, branch, path)] = blob

    def get(self, session: str, branch: str, path: str) -> tuple[bool, str | None]:
        with self.lock:
            key = (session, branch, path)
            return key in self.versions, self.versions.get(key)


class Protocol:
    """Answers Decap's actions; ``publisher`` merges, checks and rebuilds, ``previews`` renders drafts."""

    def __init__(self, repository: Repository, settings: CongttConfig, pages_folder: str, publisher, previews) -> None:
        self.repository = repository
        self.settings = settings
        self.collections = collections(settings, pages_folder)
        self.folders = [c.folder for c in self.collections.values()]
        self.publisher = publisher
        self.previews = previews
        self.seen = Seen()
        self._front_matters: dict[str, str] = {}  # blob id → its front-matter, for the lists

    def handle(self, request: Request):
        """The JSON answer of one action; ``Refused`` carries the HTTP status and the Vietnamese reason."""
        if request.action == "info":
            return {"repo": self.repository.root.name, "publish_modes": ["editorial_workflow"], "type": "local_git"}
        if request.branch != self.repository.main:
            raise Refused(f"Nhánh «{request.branch}» không phải nhánh chính «{self.repository.main}» của Cổng.")
        handler = getattr(self, "_" + _snake(request.action), None)
        if handler is None:
            raise Refused(f"Không có thao tác «{request.action}».")
        return handler(request)

    # Reading the main branch

    def _entries_by_folder(self, request: Request):
        return self._listing(request)[0]

    def _entries_by_folder_page(self, request: Request):
        """One page of a collection's list, with the count of all (the studio's addition: see
        ``assets/studio.js``, which lets Decap show the first page and load the next as staff scroll)."""
        page = _whole_number(request.params.get("page"), 0)
        size = max(1, _whole_number(request.params.get("pageSize"), PAGE_SIZE))
        entries, count = self._listing(request, slice(page * size, (page + 1) * size))
        return {"entries": entries, "count": count, "page": page, "pageSize": size}

    def _listed(self, request: Request) -> dict[str, str]:
        """Path → blob id of a collection's entries on the main branch, in the order its list shows them:
        news and documents newest first (their files are named by year and date), the others by name."""
        folder = str(request.params.get("folder", "")).strip("/")
        collection = self._collection_of_folder(folder)
        extension = "." + str(request.params.get("extension") or "md").lstrip(".")
        depth = int(request.params.get("depth") or 1)
        blobs = self.repository.blobs(self.repository.main, collection.folder)
        paths = sorted(
            (p for p in blobs if p.endswith(extension) and p[len(folder) + 1:].count("/") < depth
             and not posixpath.basename(p).startswith(("_", "."))),
            reverse=collection.name in NEWEST_FIRST,
        )
        return {path: blobs[path] for path in paths}

    def _listing(self, request: Request, part: slice = slice(None)) -> tuple[list[dict], int]:
        """A collection's entries (``part`` of them), their front-matter only (see ``front_matter_of``),
        kept by blob id between lists (a list after one edit reads one file); and how many there are."""
        listed = self._listed(request)
        shown = list(listed.items())[part]
        for path, blob in shown:
            self.seen.note(request.session, self.repository.main, path, blob)
        if len(self._front_matters) > FRONT_MATTERS_KEPT:  # old versions pile up as entries are edited
            self._front_matters = {}
        kept = self._front_matters
        missing = [blob for _, blob in shown if blob not in kept]
        for blob, data in self.repository.read_blobs(missing).items():
            kept[blob] = front_matter_of(data.decode("utf-8", errors="replace"))
        return [{"data": kept[blob], "file": {"path": path, "id": blob}} for path, blob in shown], len(listed)

    def _entries_by_files(self, request: Request):
        paths = [safe_path(f.get("path"), self.folders) for f in request.params.get("files", [])]
        return self._entries(request, self.repository.main, paths)

    def _get_entry(self, request: Request):
        path = safe_path(request.params.get("path"), self.folders)
        return self._entries(request, self.repository.main, [path])[0]

    def _entries(self, request: Request, ref: str, paths: list[str]) -> list[dict]:
        found = self.repository.read_many(ref, paths)
        entries = []
        for path in paths:
            blob, data = found.get(path, (None, None))
            self.seen.note(request.session, ref, path, blob)
            text = data.decode("utf-8", errors="replace") if data is not None else None
            entries.append({"data": text, "file": {"path": path, "id": blob}})
        return entries

    def _get_media(self, request: Request):
        folder = safe_path(str(request.params.get("mediaFolder", "")).strip("/") + "/x", self.folders)[:-2]
        paths = [p for p in self.repository.files(self.repository.main, folder) if "/" not in p[len(folder) + 1:]]
        return [self._media(self.repository.main, p) for p in paths if not p.endswith(".md")]

    def _get_media_file(self, request: Request):
        return self._media(self.repository.main, safe_path(request.params.get("path"), self.folders))

    def _media(self, ref: str, path: str) -> dict:
        data = self.repository.read(ref, path)
        if data is None:
            raise Refused(f"Không tìm thấy tệp «{path}».", 404)
        return {
            "id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode(), "encoding": "base64",
            "path": path, "name": posixpath.basename(path),
        }

    # The editorial workflow: drafts on cms/<collection>/<slug>

    def _unpublished_entries(self, request: Request):
        return [branch.removeprefix(CMS_PREFIX) for branch in self.repository.branches()]

    def _unpublished_entry(self, request: Request):
        collection, slug = self._key(request.params)
        branch = _branch(collection.name, slug)
        if self.repository.head(branch) is None:
            raise Refused("Not Found", 404)
        diffs = [_diff(change.status, change.path) for change in self.repository.changes(branch)]
        _, updated = self.repository.last_change(branch)
        return {
            "collection": collection.name, "slug": slug, "status": self.repository.status_of(branch),
            "diffs": diffs, "updatedAt": updated,
        }

    def _unpublished_entry_data_file(self, request: Request):
        collection, slug = self._key(request.params)
        branch = _branch(collection.name, slug)
        path = safe_path(request.params.get("path"), [collection.folder])
        entry = self._entries(request, branch, [path])[0]
        return {"data": entry["data"]}

    def _unpublished_entry_media_file(self, request: Request):
        collection, slug = self._key(request.params)
        return self._media(_branch(collection.name, slug), safe_path(request.params.get("path"), self.folders))

    def _persist_entry(self, request: Request):
        params = request.params
        options = params.get("options") or {}
        if not options.get("useWorkflow"):
            raise Refused("Xưởng soạn chỉ lưu bài qua quy trình duyệt: hãy lưu bản nháp rồi gửi duyệt.")
        collection = self._collection(options.get("collectionName"))
        files = params.get("dataFiles") or [params.get("entry")]
        entry = files[0] or {}
        slug = _checked_slug(entry.get("slug"))
        path = safe_path(entry.get("newPath") or entry.get("path"), [collection.folder])
        if not path.endswith(".md"):
            raise Refused(f"Bài phải là tệp .md, không phải «{path}».")
        raw = str(entry.get("raw", "")).encode("utf-8")
        uploads = self._uploads(params.get("assets") or [])
        branch = _branch(collection.name, slug)
        head = self.repository.head(branch)
        self._refuse_stale(request, branch if head else self.repository.main, path, head)
        problems = errors(check_entry(self.repository, branch if head else self.repository.main, self.settings,
                                      collection, path, raw, uploads))
        if problems:
            raise Refused("Chưa lưu được, bài còn lỗi:\n" + "\n".join(str(p) for p in problems))
        changes: dict[str, bytes | None] = {path: raw, **uploads}
        if entry.get("newPath") and entry.get("path") and entry["path"] != path:
            changes[safe_path(entry["path"], [collection.folder])] = None
        author = author_of(request.account)
        message = str(options.get("commitMessage") or f"Cập nhật {path}")
        try:
            self.repository.commit(branch, changes, message, author, expected=head, base=self.repository.main)
        except StaleBranch:
            raise Refused(self._stale_message(branch, path), 409) from None
        if head is None:
            status = options.get("status") if options.get("status") in STATUSES else "draft"
            self.repository.set_status(branch, status if request.account.may_publish else "draft")
        self.seen.note(request.session, branch, path, self.repository.blob(branch, path))
        return {"message": "entry persisted"}

    def _uploads(self, assets: list[dict]) -> dict[str, bytes]:
        uploads = {}
        for asset in assets:
            path = safe_path(asset.get("path"), self.folders)
            try:
                data = base64.b64decode(asset.get("content", ""), validate=True)
            except ValueError:
                raise Refused(f"Tệp «{posixpath.basename(path)}» tải lên bị hỏng. Hãy chọn lại tệp.") from None
            check_upload(path, data, self.settings.image_max_pixels)
            uploads[path] = data
        return uploads

    def _refuse_stale(self, request: Request, ref: str, path: str, head: str | None) -> None:
        """Refuse a save made on top of a version this browser never saw (someone saved in between)."""
        current = self.repository.blob(ref, path)
        known, seen = self.seen.get(request.session, ref, path)
        if current is None and head is None:
            return  # a new entry nobody else wrote
        if not known or seen != current:
            raise Refused(self._stale_message(ref, path), 409)

    def _stale_message(self, ref: str, path: str) -> str:
        name, when = self.repository.last_change(ref, path)
        moment = datetime.fromisoformat(when).strftime("%H:%M ngày %d/%m/%Y") if when else ""
        return (
            f"Chưa lưu: bài «{path}» vừa được {name} lưu lúc {moment}, sau khi bạn mở nó. Để không ghi đè bản của "
            "người khác, bản của bạn chưa được lưu. Hãy chép phần vừa sửa ra chỗ khác, tải lại trang rồi sửa tiếp trên bản mới."
        )

    def _update_unpublished_entry_status(self, request: Request):
        collection, slug = self._key(request.params)
        status = request.params.get("newStatus")
        if status not in STATUSES:
            raise Refused(f"Trạng thái «{status}» không có.")
        if status not in WRITER_STATUSES and not request.account.may_publish:
            raise Refused("Chỉ Trưởng ban biên tập (vai trò «duyet») mới chuyển bài sang «sẵn sàng đăng».", 403)
        branch = _branch(collection.name, slug)
        if self.repository.head(branch) is None:
            raise Refused("Not Found", 404)
        self.repository.set_status(branch, status)
        return {"message": f"{branch} description was updated to decap-cms/{status}"}

    def _publish_unpublished_entry(self, request: Request):
        if not request.account.may_publish:
            raise Refused("Chỉ Trưởng ban biên tập (vai trò «duyet») mới được đăng bài.", 403)
        collection, slug = self._key(request.params)
        branch = _branch(collection.name, slug)
        if self.repository.head(branch) is None:
            raise Refused("Not Found", 404)
        self.publisher.publish(branch, author_of(request.account))
        return {"message": f"branch {branch} merged to {self.repository.main}"}

    def _delete_unpublished_entry(self, request: Request):
        collection, slug = self._key(request.params)
        branch = _branch(collection.name, slug)
        if self.repository.head(branch) is None:
            raise Refused("Not Found", 404)
        self.repository.delete_branch(branch)
        return {"message": f"deleted branch: {branch}"}

    # Writing the main branch directly: the head of the board only, checked like a publication

    def _persist_media(self, request: Request):
        self._approver_only(request, "tải tệp thẳng lên Cổng")
        asset = request.params.get("asset") or {}
        uploads = self._uploads([asset])
        path = next(iter(uploads))
        self.publisher.change_main(uploads, _message(request, f"Tải lên {path}"), author_of(request.account))
        return self._media(self.repository.main, path)

    def _delete_file(self, request: Request):
        return self._delete(request, [request.params.get("path")])

    def _delete_files(self, request: Request):
        return self._delete(request, list(request.params.get("paths") or []))

    def _delete(self, request: Request, paths: list) -> dict:
        self._approver_only(request, "xóa tệp đã đăng")
        safe = [safe_path(p, self.folders) for p in paths]
        self.publisher.change_main(dict.fromkeys(safe), _message(request, f"Xóa {', '.join(safe)}"), author_of(request.account))
        return {"message": f"deleted files {', '.join(safe)}"}

    def _get_deploy_preview(self, request: Request):
        collection, slug = self._key(request.params)
        branch = _branch(collection.name, slug)
        ref = branch if self.repository.head(branch) else self.repository.main
        return self.previews.preview(ref, collection, slug)

    # Helpers

    def _approver_only(self, request: Request, what: str) -> None:
        if not request.account.may_publish:
            raise Refused(f"Chỉ Trưởng ban biên tập (vai trò «duyet») mới được {what}.", 403)

    def _collection(self, name: object) -> Collection:
        collection = self.collections.get(str(name))
        if collection is None:
            raise Refused(f"Không có mục «{name}».")
        return collection

    def _collection_of_folder(self, folder: str) -> Collection:
        for collection in self.collections.values():
            if folder == collection.folder:
                return collection
        raise Refused(_outside_folder(folder), 403)

    def _key(self, params: dict) -> tuple[Collection, str]:
        collection, slug = params.get("collection"), params.get("slug")
        if not (collection and slug) and params.get("id"):  # unpublishedEntry may name the entry by its key
            collection, _, slug = str(params["id"]).partition("/")
        return self._collection(collection), _checked_slug(slug)


def _outside_folder(folder: str) -> str:
    return f"Không được đọc «{folder}»: xưởng soạn chỉ làm việc với các thư mục nội dung."


def _checked_slug(slug: object) -> str:
    """A slug safe as part of a branch name; Decap's slugs hold the collection's ``path`` (``2026/2026-12-03-x``)."""
    parts = slug.split("/") if isinstance(slug, str) and len(slug) <= MAX_SLUG else [""]
    if not all(_SLUG_PART.match(p) and ".." not in p and not p.endswith((".lock", ".")) for p in parts):
        raise Refused(f"Đường dẫn «{slug}» không hợp lệ: chỉ dùng chữ không dấu, số và dấu gạch ngang.")
    return slug


def _branch(collection: str, slug: str) -> str:
    return f"{CMS_PREFIX}{collection}/{slug}"


def _diff(status: str, path: str) -> dict:
    """One changed file as decap-server describes it (from its ``getDiffs``)."""
    kind = {"A": "added", "D": "deleted"}.get(status, "modified")
    return {
        "oldPath": path, "newPath": path, "status": kind, "newFile": kind == "added", "path": path, "id": path,
        "binary": not path.endswith(".md"),
    }


def author_of(account: Account) -> Author:
    return Author(account.display_name, account.email)


def _message(request: Request, default: str) -> str:
    return str((request.params.get("options") or {}).get("commitMessage") or default)


def _whole_number(value: object, default: int) -> int:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def front_matter_of(text: str) -> str:
    """An entry's front-matter block without its body ('' when it has none).

    Decap's list and its search read only front-matter fields (the title,
    the summary's fields), and it reads an entry again, whole, when it is
    opened (``getEntry``); the bodies were four fifths of the list's answer
    (18.6 MB at 5,000 items) and of Decap's parsing after it.
    """
    match = _FRONT_MATTER.match(text)
    return match.group(0) + "\n" if match else ""


def _snake(action: str) -> str:
    """``entriesByFolder`` → ``entries_by_folder``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()
