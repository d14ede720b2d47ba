"""Rendering pages on every core.

MkDocs renders one page after another on one core; a commune's server and
this project's CI machine have two or more. Once every page's Markdown is
converted (MkDocs' ``on_env`` event), the engine forks one worker per extra
core. Each worker renders its share of the pages with MkDocs' own page
builder — same templates, same plugin events, same files written — and the
main process renders the rest, skipping the workers' pages through an empty
template. The build waits for every worker before it finishes, and a worker's
failure fails the build (which is atomic: see ``build``).

Before that, while the main process works through the pages' keys and files
on one core, whole stages that only read the loaded portal (the search index,
the feeds) run in forked children on the other (``Background``): a rebuild
after one edit renders a handful of pages, and these stages were a third of it.

Forking is used only for ``build``: ``serve`` keeps its plugin objects and
threads across rebuilds, where a fork is not safe. ``CONGTT_WORKERS`` sets the
number of processes (1 turns it off).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import jinja2
from mkdocs.commands.build import _build_page  # MkDocs' page builder; mkdocs is pinned (1.6.1)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .errors import CongttError

DEFERRED_TEMPLATE = "congtt-deferred.html"
WORKERS_VARIABLE = "CONGTT_WORKERS"

T = TypeVar("T")


class WorkerFailed(CongttError, RuntimeError):
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


class Background(Generic[T]):
    """``function()`` computed in a forked child while the caller goes on; ``result()`` waits for it.

    The child sends its pickled result (or its traceback) through a pipe and
    leaves without running the parent's remaining code. With ``fork`` False
    (``serve``, one worker, no ``os.fork``) the function runs at once, in
    the caller.
    """

    def __init__(self, function: Callable[[], T], fork: bool = True) -> None:
        self._pid: int | None = None
        self._value: T | None = None
        if not (fork and hasattr(os, "fork")):
            self._value = function()
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _compute_and_exit(function, write)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> T:
        """The function's value; WorkerFailed (its traceback printed) when it raised."""
        if self._pid is None:
            return self._value  # type: ignore[return-value]
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self._pid, 0)
        self._pid = None
        try:
            succeeded, value = pickle.loads(data)
        except (EOFError, pickle.UnpicklingError):
            succeeded, value = False, "(tiến trình con dừng mà không gửi kết quả)"
        if not succeeded:
            print(value, file=sys.stderr)
            raise WorkerFailed("Một tiến trình chạy nền của lần xây dựng bị lỗi (xem thông báo phía trên).")
        self._value = value
        return value

    def abandon(self) -> None:
        """Stop the child of a failed build, so it writes nothing more into a site being deleted."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self._pid, 0)
        os.close(self._pipe)
        self._pid = None


def _compute_and_exit(function: Callable[[], object], pipe: int) -> None:
    """In the child: send ``(True, value)`` or ``(False, traceback)`` and leave."""
    code = 0
    try:
        payload = pickle.dumps((True, function()))
    except BaseException:  # noqa: BLE001 - any failure must reach the parent
        payload = pickle.dumps((False, traceback.format_exc()))
        code = 1
    try:
        with os.fdopen(pipe, "wb") as out:
            out.write(payload)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


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
