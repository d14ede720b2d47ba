"""``congtt status``: what is not published yet and when the portal was last built.

Staff cannot tell a draft from a published post by looking at a listing under
``serve --drafts``, and nothing else lists what waits: drafts (also those whose
problems keep them from loading, which only ``check`` mentions), scheduled posts
and documents with the time they go live, and the site folder's last build.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from .build import MARKER
from .content import DRAFT_NOTE
from .dates import VIETNAM, format_datetime
from .feeds import item_date
from .model import Portal
from .problems import Problem
from .source import read_source


def lines(portal: Portal, problems: list[Problem], root: Path, site_dir: Path, now: datetime) -> Iterator[str]:
    """The overview, line by line."""
    drafts = _drafts(portal, problems, root)
    yield f"Bản nháp, chưa đăng ({len(drafts)}):" if drafts else "Bản nháp, chưa đăng: không có."
    for path, title, note in drafts:
        yield f"  {path}: «{title}»{note}"
    # Not drafts, yet not published: dated later (a post at its time, a document on its day of issue).
    waiting = sorted((item for item in portal.items() if not item.draft and not item.is_published(now)),
                     key=lambda item: (item_date(item), item.display_path))
    yield f"Hẹn giờ ({len(waiting)}):" if waiting else "Hẹn giờ: không có."
    for item in waiting:
        yield (f"  {item.display_path}: «{item.title}» — tự đăng lúc {format_datetime(item_date(item))}, "
               "ở lần xây dựng đầu tiên sau đó.")
    yield _last_build(site_dir)


def _drafts(portal: Portal, problems: list[Problem], root: Path) -> list[tuple[str, str, str]]:
    """(path, title, note) of every draft, those with problems too (they load only once fixed)."""
    found = {item.display_path: (item.title, "") for item in portal.items() if item.draft}
    for problem in problems:
        if problem.message.endswith(DRAFT_NOTE) and problem.path not in found:
            meta = read_source(root / problem.path).meta
            title = str(meta.get("title") or "") if isinstance(meta, dict) else ""
            found[problem.path] = (title or "chưa có tiêu đề", " — còn lỗi, xem «congtt check»")
    return [(path, title, note) for path, (title, note) in sorted(found.items())]


def _last_build(site_dir: Path) -> str:
    """When congtt last built into the site folder (its marker is the last file a build writes)."""
    marker = site_dir / MARKER
    if not marker.is_file():
        return f"Chưa xây dựng lần nào vào «{site_dir}» (chạy «congtt build»)."
    built = datetime.fromtimestamp(marker.stat().st_mtime, VIETNAM)
    return f"Lần xây dựng gần nhất vào «{site_dir}»: {format_datetime(built)}."
