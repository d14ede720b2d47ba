"""Atomic builds: the new site replaces the old one only when it is complete."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from .compress import compress_site
from .config import plugin_settings, repository_root
from .errors import CongttError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# Written into every site congtt builds: only a folder carrying it (or nothing) may be replaced.
MARKER = ".congtt-site"
_MARKER_TEXT = "Thư mục này do congtt xây dựng; lần xây dựng sau sẽ thay toàn bộ nội dung của nó.\n"


class UnsafeTarget(CongttError):
    """The build target would destroy something congtt did not create; nothing was touched."""


def check_target(config, target: Path) -> None:
    """Refuse a target whose replacement would delete content or anything not built by congtt.

    The build swaps the target folder out and deletes what it held: pointed at
    ``news/`` (or ``.``) that deleted every post and exited 0. A target may
    only be missing, empty, or a site congtt built before (it carries
    ``MARKER``; sites built before the marker existed are known by the engine's
    own script, which no content folder holds), and never a content folder,
    inside one, or above the repository.
    """
    target = target.resolve()
    root = repository_root(config)
    shown = _shown(target, root)
    if target == root or target in root.parents:
        raise UnsafeTarget(
            f"Không xây dựng vào «{shown}»: thư mục này chứa cả kho nội dung của Cổng, thay nó sẽ xóa mất "
            "mkdocs.yml và mọi tin bài, văn bản, thủ tục. Hãy chọn một thư mục riêng, ví dụ «site»."
        )
    for folder in _content_folders(config, root):
        if target == folder or folder in target.parents or target in folder.parents:
            raise UnsafeTarget(
                f"Không xây dựng vào «{shown}»: thư mục này chứa (hoặc nằm trong) nội dung của Cổng "
                f"(«{_shown(folder, root)}»), thay nó sẽ xóa mất nội dung. Hãy chọn một thư mục riêng, ví dụ «site»."
            )
    if target.exists() and not _replaceable(target):
        raise UnsafeTarget(
            f"Không xây dựng vào «{shown}»: thư mục này đã có tệp mà không phải do congtt xây dựng; "
            "congtt không xóa những gì nó không tạo ra. Hãy chọn một thư mục trống hoặc chưa có."
        )


def mark(site: Path) -> None:
    """Say in ``site`` that congtt wrote it, so a later build or ``feeds`` may write there again."""
    (site / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def _content_folders(config, root: Path) -> list[Path]:
    """The folders people write in: MkDocs' docs_dir and the engine's content folders."""
    settings = plugin_settings(config)
    folders = [Path(config.docs_dir)]
    folders += [root / getattr(settings, name) for name in ("news_dir", "plans_dir", "tthc_dir")]
    return [folder.resolve() for folder in folders]


def _replaceable(target: Path) -> bool:
    """True for an empty folder or a site congtt built."""
    if not target.is_dir():
        return False
    if (target / MARKER).is_file() or ((target / "assets" / "congtt.js").is_file() and (target / "index.html").is_file()):
        return True
    return next(target.iterdir(), None) is None


def _shown(path: Path, root: Path) -> str:
    """A path as staff see it: relative to the repository when inside it."""
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return str(path)


def build_site(config_file: Path, site_dir: Path | None = None, checked: tuple | None = None) -> Path:
    """Build and pre-compress into a sibling temporary folder, then swap it with ``site_dir``.

    Any failure removes the temporary folder and leaves ``site_dir`` exactly as
    it was; the caller reports the exception. ``checked`` is the portal and
    problems the caller's check just found, so the build does not load every
    file a second time.
    """
    return _build(config_file, site_dir, checked)[0]


def build_kept(config_file: Path, site_dir: Path) -> MkDocsConfig:
    """Build as ``build_site`` does; return MkDocs' configuration, whose congtt plugin still holds the
    build's portal, files, navigation and templates (see ``warm``)."""
    return _build(config_file, site_dir, None)[1]


def _build(config_file: Path, site_dir: Path | None, checked: tuple | None) -> tuple[Path, MkDocsConfig]:
    config = load_config(str(config_file))
    target = Path(site_dir or config.site_dir).resolve()
    check_target(config, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_killed_builds(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        plugin = config.plugins.get("congtt")
        if plugin is not None and checked is not None:
            plugin.checked = checked
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        mark(staging)
        compress_site(staging, previous=target, compressed=_kept_pages(config))
        _site_complete(config, staging)
        _swap_into_place(staging, target)
        _remove_after_return(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target, config


def _remove_killed_builds(target: Path) -> None:
    """Delete staging folders of builds that were killed (their process is gone).

    A build killed mid-way cannot clean up after itself: nine kills left
    352 MB of ``.site.new-*``. The staging name carries its builder's process
    id, so a build still running beside this one keeps its folder.
    """
    prefix = f".{target.name}.new-"
    for folder in target.parent.glob(prefix + "*"):
        pid = folder.name.removeprefix(prefix).split("-", 1)[0]
        if folder.is_dir() and not folder.is_symlink() and not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    """True when a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_after_return(replaced: Path, target: Path) -> None:
    """Delete the replaced site in a detached process, after the command has returned.

    The new site is live once swapped in; unlinking the old one (a hundred
    thousand files on a large portal, most of them hard links) took seconds
    the staff member had to wait for. It is renamed to ``.<site>.old-*`` first,
    so a deletion cut short by a crash is finished by the next build.
    """
    leftovers = sorted(target.parent.glob(f".{target.name}.old-*"))
    if replaced.exists():
        trash = replaced.with_name(replaced.name.replace(".new-", ".old-", 1))
        os.rename(replaced, trash)
        leftovers.append(trash)
    if not leftovers:
        return
    if not hasattr(os, "fork"):
        for folder in leftovers:
            shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:
        try:
            if os.fork() == 0:  # the grandchild, adopted by init: nobody waits for it
                _detach()
                for folder in leftovers:
                    shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def _detach() -> None:
    """Leave the caller's session, standard streams and every other descriptor.

    A pipe would stay open until the deletion ends; an inherited lock (the
    scheduled rebuild's ``flock``) would stay held, and the next run skipped.
    """
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)
    os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)


def _kept_pages(config) -> set[str]:
    """The pages the congtt plugin took from its render cache, each with its ``.gz`` (see ``pagecache``)."""
    cache = getattr(config.plugins.get("congtt"), "page_cache", None)
    return cache.linked if cache is not None else set()


def _site_complete(config, staging: Path) -> None:
    """Tell the congtt plugin the new site is complete, so it can keep its rendered pages."""
    plugin = config.plugins.get("congtt")
    if plugin is not None:
        plugin.site_complete(staging)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; the old site ends up at ``staging`` for removal.

    On Linux ``renameat2(RENAME_EXCHANGE)`` swaps both names in one step, so a
    web server never sees a missing or half-written site; elsewhere two renames
    leave a gap of microseconds.
    """
    staging.chmod(0o755)
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    old = staging.with_name(staging.name + ".old")
    os.rename(target, old)
    os.rename(staging, target)
    os.rename(old, staging)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths with ``renameat2``; False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0
