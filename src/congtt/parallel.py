"""Rendering pages on every core.

MkDocs renders one page after another on one core; a commune's server and
this project's CI machine have two or more. Once every page's Markdown is
converted (MkDocs' ``on_env`` event), the engine forks one worker per extra
core. Each worker renders its share of the pages with MkDocs' own page
builder — same templates, same plugin events, same files written — and the
main process renders the rest, skipping the workers' pages through an empty
template. The build waits for every worker before it finishes, and a worker's
failure fails the build (which is atomic: see ``build``).

Forking is used only for ``build``: ``serve`` keeps its plugin objects and
threads across rebuilds, where a fork is not safe. ``CONGTT_WORKERS`` sets the
number of processes (1 turns it off).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

import jinja2
from mkdocs.commands.build import _build_page  # MkDocs' page builder; mkdocs is pinned (1.6.1)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

DEFERRED_TEMPLATE = "congtt-deferred.html"
WORKERS_VARIABLE = "CONGTT_WORKERS"


class WorkerFailed(RuntimeError):
    """A worker process did not finish its pages."""


def worker_count() -> int:
    """``CONGTT_WORKERS``, otherwise the cores this process may use."""
    configured = os.environ.get(WORKERS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class ParallelRenderer:
    """Forks the workers of one build and waits for them."""

    def __init__(self) -> None:
        self.children: list[int] = []

    def start(self, config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment, workers: int) -> None:
        """Give each worker an interleaved share of the pages; the parent keeps the first share."""
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = [f.page for f in doc_files if f.page is not None]
        shares = [pages[index::workers] for index in range(workers)]
        for share in shares[1:]:
            if not share:
                continue
            pid = os.fork()
            if pid == 0:
                _render_and_exit(share, config, doc_files, nav, env)
            self.children.append(pid)
            for page in share:
                page.meta["template"] = DEFERRED_TEMPLATE

    def wait(self) -> None:
        """Reap every worker; raise if one of them failed."""
        children, self.children = self.children, []
        failed = 0
        for pid in children:
            _, status = os.waitpid(pid, 0)
            failed += os.waitstatus_to_exitcode(status) != 0
        if failed:
            raise WorkerFailed(f"{failed} tiến trình dựng trang bị lỗi (xem thông báo phía trên).")


def _render_and_exit(pages: Sequence[Page], config: MkDocsConfig, doc_files, nav: Navigation, env) -> None:
    """In the worker: render ``pages`` and leave without running the parent's remaining build."""
    code = 0
    try:
        for page in pages:
            _build_page(page, config, doc_files, nav, env)
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 - any failure must reach the parent as an exit code
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)
