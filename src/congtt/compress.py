"""Pre-compressed copies of the built site, for nginx's ``gzip_static``.

A web server compressing on every request spends the CPU a cheap commune
server lacks, and at a lower level than we can afford once at build time. Each
``.gz`` is written deterministically (no timestamp or file name in the gzip
header), so an unchanged page gives byte-identical output: a deployment can
tell what really changed, and caches see no false update.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import atomic

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".xml", ".json", ".svg", ".txt", ".rss", ".atom"})
LEVEL = 9
_BATCH_BYTES = 4 * 1024 * 1024
_SERIAL_BYTES = 2 * 1024 * 1024
_GZIP_WINDOW = 16 + zlib.MAX_WBITS  # zlib's code for a gzip header and trailer


def gzip_bytes(data: bytes) -> bytes:
    """Compress ``data`` the same way every time (mtime 0, no file name)."""
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)


def _compressible_names(root: str) -> list[str]:
    """The compressible files under ``root``, as sorted POSIX paths relative to it.

    ``os.scandir`` knows each entry's type from the directory listing itself,
    where ``Path.rglob`` plus ``is_file`` costs a ``stat`` per file; plain
    strings, not ``Path`` objects: a portal has a hundred thousand files.
    """
    found: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(os.path.join(root, folder)) as entries:
            for entry in entries:
                name = folder + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append(name + "/")
                elif entry.is_file(follow_symlinks=False) and os.path.splitext(entry.name)[1].lower() in COMPRESSIBLE:
                    found.append(name)
    return sorted(found)


def compress_site(
    root: Path, previous: Path | None = None, workers: int | None = None, compressed: Collection[str] = frozenset()
) -> int:
    """Write ``<file>.gz`` beside every compressible file under ``root``; return how many.

    ``compressed`` names files (POSIX paths relative to ``root``) whose ``.gz``
    is already in place: pages kept from the render cache bring theirs, and
    are left as they are. ``previous`` is the site this build replaces: a file
    whose bytes did not change takes its ``.gz`` from there instead of being
    compressed again. The rest is compressed in a process pool, in batches of a
    few megabytes to keep messages few.
    """
    site, replaced = str(root), previous and str(previous)
    names = _compressible_names(site)
    done = set(compressed)
    pending = [root / name for name in names if name not in done and not _reuse(name, site, replaced)]
    batches = _batches(pending)
    if len(batches) < 2 or (workers or os.cpu_count() or 1) < 2:
        for batch in batches:
            _compress_batch(batch)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_compress_batch, batches))
    return len(names)


def _reuse(name: str, root: str, previous: str | None) -> bool:
    """Copy the previous build's ``.gz`` when it holds exactly this file's bytes; True if done.

    The previous site is not trusted: its ``.gz`` files share their inode with
    the render cache (see ``pagecache``), and one truncated or damaged there
    must not be carried into every later build. Inflating it and comparing
    with the new file proves it whole (gzip's own CRC-32 and length are
    checked too) for a fraction of the cost of compressing again at level 9,
    and needs no read of the previous uncompressed file.
    """
    if previous is None:
        return False
    new = os.path.join(root, name)
    try:
        compressed = _read(os.path.join(previous, name) + ".gz")
        data = _read(new)
    except OSError:
        return False
    if not _is_deterministic(compressed) or not _holds(compressed, data):
        return False
    with open(new + ".gz", "wb") as out:
        out.write(compressed)
    return True


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _is_deterministic(compressed: bytes) -> bool:
    """True for a gzip member we wrote: no mtime and no file name in its header.

    MkDocs writes its own ``sitemap.xml.gz`` with the build time in it; such a
    file must be compressed again rather than carried over.
    """
    flag_name = 0x08
    return len(compressed) > 10 and compressed[4:8] == b"\0\0\0\0" and not compressed[3] & flag_name


def _holds(compressed: bytes, data: bytes) -> bool:
    """True when ``compressed`` is one complete gzip member of exactly ``data``.

    Inflating stops one byte past ``len(data)``: a damaged member cannot
    expand without bound.
    """
    inflater = zlib.decompressobj(wbits=_GZIP_WINDOW)
    try:
        inflated = inflater.decompress(compressed, len(data) + 1)
    except zlib.error:
        return False
    return inflater.eof and not inflater.unused_data and inflated == data


def _batches(files: list[Path]) -> list[list[Path]]:
    """Group files into lists of about ``_BATCH_BYTES``; one list when the total is small."""
    sizes = [path.stat().st_size for path in files]
    if sum(sizes) <= _SERIAL_BYTES:
        return [files] if files else []
    batches: list[list[Path]] = [[]]
    filled = 0
    for path, size in zip(files, sizes):
        if filled >= _BATCH_BYTES:
            batches.append([])
            filled = 0
        batches[-1].append(path)
        filled += size
    return batches


def _compress_batch(files: list[Path]) -> None:
    """Compress each file of a batch (runs in a worker process)."""
    for path in files:
        target = path.with_name(path.name + ".gz")
        atomic.write(target, gzip_bytes(path.read_bytes()))
