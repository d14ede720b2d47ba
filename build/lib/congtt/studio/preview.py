"""Previews of drafts: the entry's real page, rendered with the portal's own templates from its branch.

A worker process (see ``warm``) builds the main branch once, with drafts shown,
in a git worktree outside the repository's work tree, and keeps that build in
memory. A preview writes the files the draft branch changes into the worktree,
has the worker render the entry's page (and its photos) into a folder of the
draft's own, and puts the worktree back. The studio serves
``/xem-truoc/<collection>/<slug>/<page>`` from that folder, and everything else
the page links to from the worker's site. When the main branch moves (a
publication, the scheduled ``git pull``), the worker is replaced by one built
from the new commit: the studio asks for that after each publication
(``follow_main``), so staff seldom wait for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from ..build import MARKER as SITE_MARKER
from .entries import Collection, Refused
from .repository import Change, Repository

URL_PREFIX = "/xem-truoc/"
_WORKER = "from congtt.warm import main; main()"
# In every draft's preview folder: the folder is the studio's to replace, and where the draft's files end.
MARKER = ".xem-truoc"
_LOG_LINES = 20


class Previews:
    """The preview worker and the drafts' preview folders; one preview at a time (they share the worktree)."""

    def __init__(self, repository: Repository, data_dir: Path, config_name: str = "mkdocs.yml") -> None:
        self.repository = repository
        self.tree = data_dir / "xem-truoc" / "kho"
        self.base = data_dir / "xem-truoc" / "nen"
        self.sites = data_dir / "xem-truoc" / "trang"
        self.log = data_dir / "xem-truoc" / "nhat-ky.txt"
        self.config_name = config_name
        self.lock = threading.Lock()
        self._worker: _Worker | None = None

    def preview(self, ref: str, collection: Collection, slug: str) -> dict:
        """Decap's deploy preview: the URL of the entry's page as the draft ``ref`` has it."""
        folder = self.sites / collection.name / slug
        with self.lock:
            worker = self._current()
            changed = self.repository.changes(ref) if ref != self.repository.main else []
            entry = _entry_of(changed, collection)
            _replace_folder(folder)
            page = ""
            if entry:
                page = self._render(worker, ref, changed, entry, folder)
        return {"url": f"{URL_PREFIX}{collection.name}/{slug}/{page}", "status": "SUCCESS"}

    def _render(self, worker: _Worker, ref: str, changed: list[Change], entry: str, folder: Path,
                again: bool = True) -> str:
        """The entry's page rendered from ``ref``'s files; once more by a new worker when this one stopped
        (a draft that stops the new one too gets the message)."""
        try:
            self._apply(ref, changed)
            return worker.render(entry, [c.path for c in changed if c.status != "D"], folder)
        except WorkerStopped:
            worker.close()
            self._worker = None
            if not again:
                raise
        finally:
            self._restore(worker.commit)
        return self._render(self._current(), ref, changed, entry, folder, again=False)

    def file(self, relative: str) -> tuple[Path, str] | None:
        """Where ``/xem-truoc/<relative>`` is served from: (folder, path inside it), the draft's folder when it
        holds the path, the worker's site otherwise; None outside every draft's folder."""
        parts = [part for part in relative.split("/") if part]
        for end in range(2, len(parts) + 1):
            folder = self.sites.joinpath(*parts[:end])
            if (folder / MARKER).is_file():
                rest = "/".join(parts[end:])
                own = folder / rest
                return (folder, rest) if own.is_file() or (own / "index.html").is_file() else (self.base, rest)
        return None

    def warm_up(self) -> None:
        """Start (or renew, when the main branch moved) the worker in the background."""
        threading.Thread(target=self._warm, name="congtt-preview-warm-up", daemon=True).start()

    def follow_main(self) -> None:
        """After a publication: renew the worker in the background, when previews are in use."""
        if self._worker is not None:
            self.warm_up()

    def close(self) -> None:
        with self.lock:
            if self._worker is not None:
                self._worker.close()
                self._worker = None

    def _warm(self) -> None:
        try:
            with self.lock:
                self._current()
        except Refused:
            pass  # the next preview reports it to the staff member who asked

    def _current(self) -> _Worker:
        """The worker for the main branch as it is now; a new one (a build of the portal) when it moved."""
        commit = self.repository.git("rev-parse", "--verify", f"{self.repository.main}^{{commit}}").decode().strip()
        if self._worker is not None and self._worker.commit == commit and self._worker.alive():
            return self._worker
        if self._worker is not None:
            self._worker.close()
            self._worker = None
        self._move_tree(commit)
        self._worker = _Worker(self.tree / self.config_name, self.base, commit, self.log)
        return self._worker

    def _move_tree(self, commit: str) -> None:
        if not (self.tree / ".git").exists():
            self.tree.parent.mkdir(parents=True, exist_ok=True)
            self.repository.git("worktree", "prune")
            self.repository.git("worktree", "add", "--detach", "--force", str(self.tree), commit)
            return
        self._restore(commit)

    def _apply(self, ref: str, changed: list[Change]) -> None:
        """Write the files ``ref`` changes into the worktree (which the worker's build was made from)."""
        for change in changed:
            target = self.tree / change.path
            if change.status == "D":
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.repository.git("show", f"{ref}:{change.path}"))

    def _restore(self, commit: str) -> None:
        """Put the worktree back at ``commit``; ignored files (the build's ``.cache``) stay."""
        tree = Repository(self.tree, main="HEAD")
        tree.git("checkout", "--quiet", "--detach", "--force", commit)
        tree.git("clean", "-fdq")


class WorkerStopped(Refused):
    """The worker process ended (killed, out of memory); the message carries the end of its log."""


class _Worker:
    """The process holding a warm build of one commit of the main branch (see ``warm``)."""

    def __init__(self, config_file: Path, base: Path, commit: str, log: Path) -> None:
        self.commit = commit
        self.log = log
        env = {k: v for k, v in os.environ.items() if k != "CONGTT_NOW"}
        env["CONGTT_DRAFTS"] = "1"
        with open(log, "w", encoding="utf-8") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER, str(config_file), str(base)], cwd=config_file.parent, env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True, encoding="utf-8",
            )
        answer = self._read()
        if "error" in answer:
            self.close()
            raise Refused("Chưa xem trước được: Cổng (nhánh chính) chưa xây dựng được.\n" + answer["error"])

    def alive(self) -> bool:
        return self.process.poll() is None

    def render(self, entry: str, changed: list[str], out: Path) -> str:
        """The URL of ``entry``'s page, rendered into ``out``; Refused with the worker's message."""
        try:
            self.process.stdin.write(json.dumps({"entry": entry, "changed": changed, "out": str(out)}) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise WorkerStopped(self._stopped()) from None
        answer = self._read()
        if "error" in answer:
            raise Refused(answer["error"])
        return answer["url"]

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()  # the worker's loop ends; one that stopped already cannot be told
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise WorkerStopped(self._stopped())
        return json.loads(line)

    def _stopped(self) -> str:
        self.process.wait()
        lines = [line for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        return "Chưa xem trước được: bộ dựng trang xem trước dừng bất ngờ.\n" + "\n".join(lines[-_LOG_LINES:])


def _entry_of(changed: list[Change], collection: Collection) -> str:
    """The entry's Markdown file among what its branch changes ('' when it changes none)."""
    entries = [c.path for c in changed if c.status != "D" and c.path.startswith(collection.folder + "/") and c.path.endswith(".md")]
    return entries[0] if entries else ""


def _replace_folder(folder: Path) -> None:
    """Empty the draft's preview folder (one the studio made: it carries ``MARKER``, or is a whole site an
    earlier studio built there) and mark it."""
    if folder.is_dir() and any((folder / mark).is_file() for mark in (MARKER, SITE_MARKER)):
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("Trang xem trước của một bản nháp, do xưởng soạn tạo.\n", encoding="utf-8")
