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

from .compress import compress_site

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def build_site(config_file: Path, site_dir: Path | None = None, checked: tuple | None = None) -> Path:
    """Build and pre-compress into a sibling temporary folder, then swap it with ``site_dir``.

    Any failure removes the temporary folder and leaves ``site_dir`` exactly as
    it was; the caller reports the exception. ``checked`` is the portal and
    problems the caller's check just found, so the build does not load every
    file a second time.
    """
    config = load_config(str(config_file))
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
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
        compress_site(staging, previous=target, compressed=_kept_pages(config))
        _site_complete(config, staging)
        _swap_into_place(staging, target)
        _remove_after_return(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


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
    """Leave the caller's session and standard streams (a pipe would stay open until the deletion ends)."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)


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
