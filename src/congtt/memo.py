"""Results of slow, pure computations kept on disk between builds.

Some stages give the same output for the same input build after build and
cost seconds each time: trimming mkdocs-material's stylesheets (parsing
190 KB of CSS) and drawing the statistics chart (importing and running
matplotlib). A rebuild after one edited post must not pay them again. The
result is stored under a digest of everything it depends on — the inputs and
the source of the code that computes it — so a changed input or a new version
of the engine computes it afresh.

Every record is *sealed*: its first line is the SHA-256 of the rest, checked
before the record is used. A cache file truncated by a full disk, cut by a
copy, flipped by a failing disk or edited by hand is then a miss, computed
again, never a published page carrying its damage. The other caches (photos,
rendered pages) seal their manifests the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from . import atomic

T = TypeVar("T")


def remembered(folder: Path | None, parts: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned before for the same ``parts``; no cache when ``folder`` is None.

    A record that fails its seal, or that no longer unpickles (a class the
    engine renamed), is computed again and replaced.
    """
    if folder is None:
        return compute()
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    path = folder / f"{digest}.pickle"
    payload = read_sealed(path)
    if payload is not None:
        with contextlib.suppress(pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, OSError):
            result = pickle.loads(payload)
            os.utime(path)  # still in use: see ``forget_unused``
            return result
    result = compute()
    folder.mkdir(parents=True, exist_ok=True)
    write_sealed(path, pickle.dumps(result))
    return result


def read_sealed(path: Path) -> bytes | None:
    """The payload written by ``write_sealed``; None when the file is missing, unreadable or damaged.

    The digest covers every byte of the payload, so it also proves its length:
    a truncated record fails it like a flipped bit does. Sealed records are
    small (a manifest, a feed body, a stylesheet) and read whole anyway, so
    checking costs one hash of bytes already in memory.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    seal, _, payload = data.partition(b"\n")
    return payload if seal == _seal(payload) else None


def write_sealed(path: Path, payload: bytes) -> None:
    """Write ``payload`` after its digest, through a temporary file (a killed build leaves no half record)."""
    atomic.write(path, _seal(payload) + b"\n" + payload)


def _seal(payload: bytes) -> bytes:
    return hashlib.sha256(payload).hexdigest().encode("ascii")


def file_stamp(path: Path | str, data: bytes | None = None) -> dict:
    """Size, modification time and SHA-256 of a cached file as just written (``data``: its bytes, if at hand)."""
    if data is None:
        data = _read(path)
    status = os.stat(path)
    return {"size": status.st_size, "mtime_ns": status.st_mtime_ns, "sha256": hashlib.sha256(data).hexdigest()}


def intact(path: Path | str, stamp: dict) -> dict | None:
    """``stamp`` when the file at ``path`` is still the one stamped (with its current time); None when not.

    Large cached files (photo variants, rendered pages and their ``.gz``) are
    not read when their size and time are those stamped: hashing every one at
    each build would read gigabytes at 20,000 items, where a ``stat`` is
    free. Deleting or truncating a file changes its size; anything else that
    writes to it changes its time, and then its SHA-256 must match. A file
    proved intact is given its new time, so it is not read at the next build.
    """
    try:
        status = os.stat(path)
    except OSError:
        return None
    if status.st_size != stamp["size"]:
        return None
    if status.st_mtime_ns == stamp["mtime_ns"]:
        return stamp
    try:
        same = hashlib.sha256(_read(path)).hexdigest() == stamp["sha256"]
    except OSError:
        return None
    return {**stamp, "mtime_ns": status.st_mtime_ns} if same else None


def _read(path: Path | str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def forget_unused(folder: Path, days: float = 30) -> None:
    """Drop results no build has used for ``days`` (each edit of a post leaves its old feed body behind)."""
    limit = time.time() - days * 86400
    for path in folder.glob("*.pickle") if folder.is_dir() else []:
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()


def source_of(module_file: str) -> str:
    """The text of a module, as part of a key: a change to the code is a change to the result."""
    return Path(module_file).read_text(encoding="utf-8")
