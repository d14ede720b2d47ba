"""Previews of drafts: the entry's real page, rendered with the portal's own templates from its branch.

One git worktree outside the repository's work tree is moved to the draft's
commit (git changes only the files that differ) and built with drafts shown
into a site folder per draft, which the studio serves under ``/xem-truoc/``.
The worktree keeps its ``.cache``, so the next preview re-renders only what
changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from mkdocs.config import load_config

from ..config import plugin_settings
from ..content import load_item
from ..schema import Vocabulary
from ..validation import page_url
from .entries import Collection, Refused
from .repository import Repository

URL_PREFIX = "/xem-truoc/"
_BUILD = "from congtt.cli import main; main()"


class Previews:
    """Builds and locates previews; one build at a time (they share the worktree)."""

    def __init__(self, repository: Repository, data_dir: Path, config_name: str = "mkdocs.yml") -> None:
        self.repository = repository
        self.tree = data_dir / "xem-truoc" / "kho"
        self.sites = data_dir / "xem-truoc" / "trang"
        self.config_name = config_name
        self.lock = threading.Lock()

    def preview(self, ref: str, collection: Collection, slug: str) -> dict:
        """Decap's deploy preview: the URL of the entry's page, built from ``ref``."""
        with self.lock:
            self._move_tree(ref)
            site = self.sites / collection.name / slug
            self._build(site)
            page = self._page_of(ref, collection)
        return {"url": f"{URL_PREFIX}{collection.name}/{slug}/{page}", "status": "SUCCESS"}

    def _move_tree(self, ref: str) -> None:
        commit = self.repository.git("rev-parse", "--verify", f"{ref}^{{commit}}").decode().strip()
        if not (self.tree / ".git").exists():
            self.tree.parent.mkdir(parents=True, exist_ok=True)
            self.repository.git("worktree", "prune")
            self.repository.git("worktree", "add", "--detach", "--force", str(self.tree), commit)
            return
        tree = Repository(self.tree, main="HEAD")
        tree.git("checkout", "--quiet", "--detach", "--force", commit)
        tree.git("clean", "-fdq")  # files of another draft; ignored ones (.cache, site) stay

    def _build(self, site: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "CONGTT_NOW"}
        env["CONGTT_DRAFTS"] = "1"
        command = [sys.executable, "-c", _BUILD, "build", "-f", str(self.tree / self.config_name), "-d", str(site)]
        result = subprocess.run(command, cwd=self.tree, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
            raise Refused("Chưa xem trước được, bài còn lỗi:\n" + "\n".join(lines[-20:]))

    def _page_of(self, ref: str, collection: Collection) -> str:
        """The entry's page address in the built site: from the Markdown file its branch changes."""
        changed = [c.path for c in self.repository.changes(ref)] if ref != self.repository.main else []
        entries = [p for p in changed if p.startswith(collection.folder + "/") and p.endswith(".md")]
        if not entries:
            return ""
        path = self.tree / entries[0]
        if collection.kind is None:
            return page_url(path, self.tree / collection.folder)
        config = load_config(str(self.tree / self.config_name))
        settings = plugin_settings(config)
        item, _ = load_item(path, self.tree / collection.folder, self.tree, collection.kind,
                            Vocabulary.from_settings(settings), settings)
        return item.url if item else ""
