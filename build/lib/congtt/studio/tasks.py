"""The staff's other tasks, from the browser: the work list, the period statistics, the province's TTHC sheet.

Each reuses the command that does it in a terminal: ``congtt stats`` for
the report files, ``congtt tthc import`` for the sheet. An import is applied
in a throwaway worktree of the main branch and committed on a branch of its
own (``nhap-tthc/…``): the work tree does not change, and the head of the
board publishes it like any draft — merged only if the whole tree passes.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .. import dates
from ..config import CongttConfig
from ..model import Portal
from ..problems import errors
from .entries import Refused
from .repository import CMS_PREFIX, Author, Repository

IMPORT_PREFIX = "nhap-tthc/"
STATUS_NAMES = {"draft": "Bản nháp", "pending_review": "Chờ duyệt", "pending_publish": "Sẵn sàng đăng"}
SHEET_LIMIT = 10 * 1024 * 1024
_TITLE = re.compile(r"^title:[ \t]*(?P<title>.+)$", re.M)


@dataclass(frozen=True)
class WorkItem:
    """One line of the work list: what, where it stands, since when, by whom."""

    title: str
    kind: str
    state: str
    when: str
    who: str
    key: str


class Tasks:
    """What the work page, the statistics download and the sheet import need."""

    def __init__(self, repository: Repository, settings: CongttConfig, load: Callable[[], tuple]) -> None:
        self.repository = repository
        self.settings = settings
        self.load = load  # () -> (Portal, problems) of the main work tree, as ``congtt check`` reads it
        self.lock = threading.Lock()

    def work_list(self, now: datetime) -> dict[str, list[WorkItem]]:
        """Drafts and entries awaiting approval (from their branches), imports waiting, scheduled posts."""
        lists: dict[str, list[WorkItem]] = {"draft": [], "pending_review": [], "pending_publish": [], "imports": [], "scheduled": []}
        for branch in self.repository.branches(CMS_PREFIX):
            status = self.repository.status_of(branch)
            who, when = self.repository.last_change(branch)
            collection, _, slug = branch.removeprefix(CMS_PREFIX).partition("/")
            title = self._title(branch) or slug
            lists.setdefault(status, []).append(WorkItem(title, collection, STATUS_NAMES.get(status, status), _shown(when), who, branch))
        for branch in self.repository.branches(IMPORT_PREFIX):
            who, when = self.repository.last_change(branch)
            files = len(self.repository.changes(branch))
            lists["imports"].append(WorkItem(f"Nhập danh mục TTHC ({files} tệp)", "procedures", "Chờ duyệt", _shown(when), who, branch))
        portal, _ = self.load()
        for post in sorted(portal.posts, key=lambda p: p.date):
            if post.date > now and not post.draft:
                lists["scheduled"].append(WorkItem(post.title, "news", "Hẹn giờ", dates.format_datetime(post.date), post.author, post.url))
        return lists

    def _title(self, branch: str) -> str:
        """The title a draft branch gives its entry (the first Markdown file it changes)."""
        for change in self.repository.changes(branch):
            if change.path.endswith(".md") and change.status != "D":
                found = _TITLE.search((self.repository.read(branch, change.path) or b"").decode("utf-8", "replace"))
                return found["title"].strip().strip("\"'") if found else ""
        return ""

    def periods(self, today: date) -> list[tuple[str, str]]:
        """(code, label) of every configured period of this year and last year, newest first."""
        from ..stats import named_period

        found = []
        for year in (today.year, today.year - 1):
            for rule in self.settings.periods:
                period = named_period(self.settings, rule.slug, year)
                if period.start <= today:
                    found.append((period.code, period.label))
        return found

    def statistics(self, code: str, output_format: str, now: datetime) -> tuple[str, bytes]:
        """(file name, bytes) of the period's report, as ``congtt stats --format docx|xlsx`` writes it."""
        from .. import report
        from ..stats import PeriodError, compute, parse_period

        if output_format not in ("docx", "xlsx"):
            raise Refused("Chỉ tải được tệp Word (docx) hoặc Excel (xlsx).")
        try:
            period = parse_period(code, self.settings)
        except PeriodError as error:
            raise Refused(str(error)) from None
        portal = self._sound_portal()
        figures = compute(portal, self.settings, period, now)
        with tempfile.TemporaryDirectory(prefix="congtt-stats-") as folder:
            target = Path(folder) / report.default_name(figures, output_format).name
            report.write(figures, output_format, target)
            return target.name, target.read_bytes()

    def _sound_portal(self) -> Portal:
        portal, problems = self.load()
        if errors(problems):
            raise Refused(f"Nội dung có {len(errors(problems))} lỗi nên chưa thống kê được. Hãy sửa các lỗi rồi thử lại.")
        return portal

    def import_sheet(self, name: str, data: bytes, today: date, apply: bool, force: bool, author: Author) -> dict:
        """Dry run of the sheet against the main branch (``apply`` False), or its changes on a new branch."""
        from ..tthc_import import ImportFailure, import_list

        if not data or len(data) > SHEET_LIMIT:
            raise Refused(f"Bảng tính phải là một tệp .xlsx hoặc .csv, nhỏ hơn {SHEET_LIMIT // 1024 // 1024} MB.")
        suffix = Path(name).suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise Refused(f"Tệp «{name}» không phải bảng tính .xlsx hoặc .csv.")
        with self.lock, tempfile.TemporaryDirectory(prefix="congtt-import-") as folder:
            sheet = Path(folder) / f"danh-muc{suffix}"
            sheet.write_bytes(data)
            tree = Path(folder) / "kho"
            self.repository.git("worktree", "add", "--quiet", "--detach", str(tree), self.repository.main)
            try:
                try:
                    notes, lines = import_list(sheet, self.settings, tree, today, True, not apply, False, force=force)
                except ImportFailure as failure:
                    raise Refused("\n".join(failure.notes + failure.errors)) from None
                branch = self._commit_import(tree, author) if apply else ""
            finally:
                self.repository.git("worktree", "remove", "--force", str(tree))
        return {"lines": notes + lines, "branch": branch}

    def _commit_import(self, tree: Path, author: Author) -> str:
        """Commit what the import changed in ``tree`` on a branch of its own; '' when nothing changed."""
        worktree = Repository(tree, main="HEAD")
        changed = [line[3:] for line in worktree.git("status", "--porcelain", "--untracked-files=all").decode().splitlines()]
        if not changed:
            return ""
        stamp = datetime.now(dates.VIETNAM).strftime("%Y%m%d-%H%M%S")
        branch = f"{IMPORT_PREFIX}{stamp}"
        contents = {path: (tree / path).read_bytes() if (tree / path).is_file() else None for path in changed}
        self.repository.commit(branch, contents, f"Nhập danh mục thủ tục hành chính ({len(changed)} tệp)", author,
                               expected=None, base=self.repository.main)
        return branch


def _shown(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M %d/%m/%Y") if iso else ""
