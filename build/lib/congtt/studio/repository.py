"""The portal's git repository as the studio uses it: files on branches, written without a checkout.

The work tree stays on the main branch, the one the scheduled rebuild pulls
and builds; drafts live on ``cms/<collection>/<slug>`` branches (Decap CMS'
editorial workflow). Writing a draft never touches the work tree: blobs,
trees and commits are made with git's plumbing in a private index, and the
branch moves only if nobody moved it meanwhile (``update-ref`` with the old
value), so two saves can never overwrite each other silently. Only a merge
into the main branch uses the work tree, under the studio's lock.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import CongttError

ZERO = "0" * 40
CMS_PREFIX = "cms/"
LABEL_PREFIX = "decap-cms/"


class GitError(CongttError, RuntimeError):
    """A git command failed; the message carries git's own words for the log."""


class StaleBranch(CongttError, RuntimeError):
    """The branch moved between reading and writing: someone else saved first."""


@dataclass(frozen=True)
class Author:
    """Who a commit is by: the staff member, as git records them."""

    name: str
    email: str


@dataclass(frozen=True)
class Change:
    """One file of a diff between the main branch and a draft branch."""

    status: str  # A(dded), M(odified), D(eleted)
    path: str


class Repository:
    """Git operations on one repository; every one under a single lock (git's own index is shared)."""

    def __init__(self, root: Path, main: str | None = None) -> None:
        self.root = root
        self.lock = threading.RLock()
        self.main = main or self.git("symbolic-ref", "--short", "HEAD").decode().strip()

    def git(self, *args: str, data: bytes | None = None, env: dict | None = None) -> bytes:
        """Run git in the repository; raise ``GitError`` with its message on failure."""
        result = subprocess.run(
            ["git", "-C", str(self.root), *args], input=data, capture_output=True,
            env={**os.environ, "LC_ALL": "C", **(env or {})},
        )
        if result.returncode != 0:
            raise GitError(f"git {' '.join(args[:3])}: {result.stderr.decode(errors='replace').strip()}")
        return result.stdout

    def head(self, branch: str) -> str | None:
        """The commit a branch points at, or None when it does not exist."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}").decode().strip()
        except GitError:
            return None

    def branches(self, prefix: str = CMS_PREFIX) -> list[str]:
        out = self.git("for-each-ref", "--format=%(refname:short)", f"refs/heads/{prefix}")
        return [line for line in out.decode().splitlines() if line]

    def blob(self, ref: str, path: str) -> str | None:
        """The blob id of ``path`` at ``ref``; None when absent."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{ref}:{path}").decode().strip() or None
        except GitError:
            return None

    def read(self, ref: str, path: str) -> bytes | None:
        """The bytes of ``path`` at ``ref``; None when absent."""
        blob = self.blob(ref, path)
        return self.git("cat-file", "blob", blob) if blob else None

    def read_many(self, ref: str, paths: list[str]) -> dict[str, tuple[str, bytes]]:
        """(blob id, bytes) of many files at once: one ``cat-file --batch`` instead of a process each."""
        return self._batch(paths, [f"{ref}:{path}" for path in paths])

    def read_blobs(self, blobs: list[str]) -> dict[str, bytes]:
        """The bytes of many blobs, by id."""
        return {blob: data for blob, (_, data) in self._batch(blobs, blobs).items()}

    def blobs(self, ref: str, folder: str) -> dict[str, str]:
        """Path → blob id of every file under ``folder`` at ``ref``."""
        out = self.git("ls-tree", "-r", "-z", ref, "--", folder.rstrip("/") + "/").decode()
        found = {}
        for line in filter(None, out.split("\0")):
            info, _, path = line.partition("\t")
            mode, kind, blob = info.split()
            if kind == "blob" and mode != "120000":  # a symbolic link is never an entry (see validation)
                found[path] = blob
        return found

    def _batch(self, keys: list[str], names: list[str]) -> dict[str, tuple[str, bytes]]:
        """``cat-file --batch`` of ``names`` (anything git can name): key → (blob id, bytes), missing ones left out."""
        if not names:
            return {}
        request = "".join(f"{name}\n" for name in names).encode()
        out = self.git("cat-file", "--batch", data=request)
        found, position = {}, 0
        for path in keys:
            end = out.index(b"\n", position)
            header = out[position:end].decode().split()
            position = end + 1
            if len(header) < 3 or header[1] == "missing":
                continue
            size = int(header[2])
            found[path] = (header[0], out[position:position + size])
            position += size + 1
        return found

    def files(self, ref: str, folder: str) -> list[str]:
        """Every file under ``folder`` at ``ref`` (paths from the repository root)."""
        out = self.git("ls-tree", "-r", "--name-only", "-z", ref, "--", folder.rstrip("/") + "/")
        return [p for p in out.decode().split("\0") if p]

    def commit(self, branch: str, changes: dict[str, bytes | None], message: str, author: Author,
               expected: str | None, base: str | None = None) -> str:
        """Commit ``changes`` (None deletes) on ``branch``, created from ``base`` when it does not exist.

        ``expected`` is the commit the caller last saw at the branch (None for
        a new branch): if the branch moved since, nothing is written and
        ``StaleBranch`` is raised.
        """
        with self.lock:
            parent = expected or (self.head(base) if base else None)
            tree = self._tree(parent, changes)
            arguments = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
            commit = self.git(*arguments, env=_identity(author)).decode().strip()
            try:
                self.git("update-ref", f"refs/heads/{branch}", commit, expected or ZERO)
            except GitError as error:
                raise StaleBranch(branch) from error
            return commit

    def _tree(self, parent: str | None, changes: dict[str, bytes | None]) -> str:
        """The tree of ``parent`` with ``changes`` applied, built in a private index."""
        with tempfile.TemporaryDirectory(prefix="congtt-index-") as folder:
            env = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
            if parent:
                self.git("read-tree", parent, env=env)
            lines = []
            for path, data in changes.items():
                if data is None:
                    lines.append(f"0 {ZERO}\t{path}")
                else:
                    blob = self.git("hash-object", "-w", "--stdin", data=data).decode().strip()
                    lines.append(f"100644 {blob}\t{path}")
            self.git("update-index", "--index-info", data=("\n".join(lines) + "\n").encode(), env=env)
            return self.git("write-tree", env=env).decode().strip()

    def delete_branch(self, branch: str) -> None:
        with self.lock:
            self.git("update-ref", "-d", f"refs/heads/{branch}")
            self._unset(f"branch.{branch}.description")

    def status_of(self, branch: str) -> str:
        """The editorial status of a draft branch (draft, pending_review, pending_publish)."""
        try:
            label = self.git("config", f"branch.{branch}.description").decode().strip()
        except GitError:
            return "draft"
        return label.removeprefix(LABEL_PREFIX) or "draft"

    def set_status(self, branch: str, status: str) -> None:
        self.git("config", f"branch.{branch}.description", LABEL_PREFIX + status)

    def _unset(self, key: str) -> None:
        try:
            self.git("config", "--unset", key)
        except GitError:
            pass  # no status was ever set

    def changes(self, branch: str) -> list[Change]:
        """What a draft branch changes against the main branch since they parted."""
        out = self.git("diff", "--name-status", "--no-renames", "-z", f"{self.main}...{branch}").decode()
        fields = [f for f in out.split("\0") if f]
        return [Change(fields[i][0], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]

    def last_change(self, branch: str, path: str | None = None) -> tuple[str, str]:
        """(author name, ISO date) of the branch's newest commit touching ``path``."""
        arguments = ["log", "-1", "--format=%an%x00%aI", branch] + (["--", path] if path else [])
        name, _, when = self.git(*arguments).decode().strip().partition("\0")
        return name, when

    def clean(self) -> bool:
        """True when the work tree has no uncommitted change (a merge would otherwise mix them in)."""
        return not self.git("status", "--porcelain", "--untracked-files=no").strip()

    def merge(self, branch: str, message: str, author: Author) -> None:
        """Merge ``branch`` into the checked-out main branch, leaving the result uncommitted for a check."""
        try:
            self.git("merge", "--no-ff", "--no-commit", "--no-edit", branch, env=_identity(author))
        except GitError:
            self.abort_merge()
            raise

    def commit_merge(self, message: str, author: Author) -> None:
        self.git("commit", "--no-verify", "--no-gpg-sign", "-m", message, env=_identity(author))

    def abort_merge(self) -> None:
        try:
            self.git("merge", "--abort")
        except GitError:
            pass  # nothing to abort: the merge stopped before it started


def _identity(author: Author) -> dict[str, str]:
    """The staff member as author; the studio as committer (who wrote it, and through what)."""
    return {
        "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
        "GIT_COMMITTER_NAME": "congtt studio", "GIT_COMMITTER_EMAIL": "studio@congtt",
    }
