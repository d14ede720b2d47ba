"""Publishing from the studio: merge, check the whole tree, rebuild, deploy — one at a time, never half done.

A publication reaches the main branch only when the merged tree passes
``congtt check`` (the merge is left uncommitted, checked, then committed or
aborted). The rebuild runs ``congtt build`` in a child process (the build
sets process-wide state: the build instant, drafts, forked workers) and then,
when a target is configured, ``scripts/deploy.py``. Publications during a
build are coalesced into one more build. The scheduled rebuild
(``scripts/rebuild.sh``) takes the same lock, so a merge never meets its
``git pull``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import dates
from ..problems import Problem, errors
from .entries import Refused
from .repository import Author, GitError, Repository
from ..errors import CongttError

LOCK_WAIT_SECONDS = 120
_BUILD = "from congtt.cli import main; main()"


@dataclass
class Status:
    """What ``GET /api/status`` tells: building, live since when, or the error (file and line)."""

    state: str = "idle"  # idle, building, live, error
    since: str = ""
    message: str = ""

    def as_json(self) -> dict:
        return {"state": self.state, "since": self.since, "message": self.message, "text": self.text()}

    def text(self) -> str:
        if self.state == "building":
            return "Đang xây dựng lại Cổng…"
        if self.state == "live":
            return f"Đã lên Cổng lúc {_clock(self.since)}."
        if self.state == "error":
            return f"Xây dựng lại không thành công lúc {_clock(self.since)}: {self.message}"
        return "Chưa xây dựng lại lần nào từ khi mở xưởng soạn."


def _clock(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M ngày %d/%m/%Y") if iso else ""


class Publisher:
    """Changes to the main branch, and the rebuild that puts them online."""

    def __init__(self, repository: Repository, check: Callable[[], list[Problem]], config_file: Path,
                 site_dir: Path | None = None, deploy_target: str | None = None, deploy_script: Path | None = None,
                 after_build: Callable[[], None] | None = None) -> None:
        self.repository = repository
        self.after_build = after_build  # told after each successful rebuild: the previews follow the main branch
        self.check = check
        self.config_file = config_file
        self.site_dir = site_dir
        self.deploy_target = deploy_target
        self.deploy_script = deploy_script or repository.root / "scripts" / "deploy.py"
        self.status = Status()
        self._wanted = threading.Event()
        self._worker: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self.builds = 0

    def publish(self, branch: str, author: Author) -> None:
        """Merge a draft branch into the main branch if the whole tree still passes the check, then rebuild."""
        with self._locked():
            self.repository.merge(branch, f"Đăng {branch}", author)
            self._commit_if_sound(f"Đăng bài {branch.removeprefix('cms/')}", author)
            self.repository.delete_branch(branch)
        self.rebuild()

    def change_main(self, changes: dict[str, bytes | None], message: str, author: Author) -> None:
        """Write (or delete, for None) files on the main branch through the work tree, checked like a publication."""
        with self._locked():
            root = self.repository.root
            for path, data in changes.items():
                target = root / path
                if data is None:
                    self.repository.git("rm", "--quiet", "--ignore-unmatch", "--", path)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    self.repository.git("add", "--", path)
            self._commit_if_sound(message, author)
        self.rebuild()

    def _commit_if_sound(self, message: str, author: Author) -> None:
        problems = errors(self.check())
        if problems:
            self._undo()
            listing = "\n".join(str(p) for p in problems[:20])
            raise Refused(f"Chưa đăng: sau khi thêm thay đổi này, nội dung của Cổng có {len(problems)} lỗi:\n{listing}")
        self.repository.commit_merge(message, author)

    def _undo(self) -> None:
        """Put the work tree back as the main branch has it (an aborted merge, or files written for a check)."""
        self.repository.abort_merge()
        self.repository.git("reset", "--quiet", "--hard", "HEAD")

    @contextlib.contextmanager
    def _locked(self):
        """The repository's lock, shared with the scheduled rebuild; refuse when the tree has unsaved edits."""
        with self.repository.lock, _rebuild_lock(self.repository):
            if not self.repository.clean():
                raise Refused(
                    "Chưa đăng được: thư mục Cổng trên máy chủ có thay đổi chưa được lưu vào kho (có người sửa tệp "
                    "trực tiếp). Hãy nhờ quản trị lưu (commit) hoặc bỏ các thay đổi đó rồi đăng lại.", 409,
                )
            try:
                yield
            except GitError as error:
                self._undo()
                raise Refused(f"Chưa đăng được vì kho báo lỗi: {error}", 500) from None

    def rebuild(self) -> None:
        """Ask for a rebuild; one runs at a time, and requests during it make one more."""
        self._wanted.set()
        with self._state_lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="congtt-rebuild", daemon=True)
                self._worker.start()

    def wait(self, timeout: float = 600) -> Status:
        """Wait until no rebuild is wanted or running (tests, the command line)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return self.status

    def _run(self) -> None:
        while self._wanted.is_set():
            self._wanted.clear()
            self.status = Status("building", _now(), "")
            try:
                self._build_and_deploy()
            except BuildFailed as error:
                self.status = Status("error", _now(), str(error))
            else:
                self.status = Status("live", _now(), "")
                if self.after_build is not None:
                    self.after_build()
            self.builds += 1

    def _build_and_deploy(self) -> None:
        command = [sys.executable, "-c", _BUILD, "build", "-f", str(self.config_file)]
        if self.site_dir:
            command += ["-d", str(self.site_dir)]
        with _rebuild_lock(self.repository):
            _run(command, self.repository.root)
            if self.deploy_target:
                site = self.site_dir or self.repository.root / "site"
                _run([sys.executable, str(self.deploy_script), "--if-changed", str(site), self.deploy_target],
                     self.repository.root)


class BuildFailed(CongttError, RuntimeError):
    """The rebuild or the deployment failed; the message is what the command said, in Vietnamese."""


def _run(command: list[str], cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CONGTT_NOW", "CONGTT_DRAFTS")}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        raise BuildFailed("\n".join(lines[-20:]) or f"mã {result.returncode}")


def _now() -> str:
    return datetime.now(dates.VIETNAM).isoformat(timespec="seconds")


@contextlib.contextmanager
def _rebuild_lock(repository: Repository):
    """``flock`` on the scheduled rebuild's lock file (``.git/congtt-rebuild.lock``, see scripts/rebuild.sh)."""
    git_dir = Path(repository.git("rev-parse", "--absolute-git-dir").decode().strip())
    with open(git_dir / "congtt-rebuild.lock", "a+") as handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise Refused("Cổng đang được xây dựng lại theo lịch quá lâu; hãy thử lại sau ít phút.", 503) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
