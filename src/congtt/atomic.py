"""Replacing a file whole or not at all: the one way congtt writes what a reader may open meanwhile.

Records, caches, feeds, compressed copies, photo variants, account files and procedure files are all
written through a temporary file in the same folder, then renamed over the old one: a reader (nginx, a
second build, the studio) sees the old file or the new one, never half of either, and a killed run
leaves no half record. The temporary name is new for every write (``x`` mode refuses an existing one),
so two writers never share one and no file a person left there is overwritten.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path


def write(path: Path, data: bytes | str, mode: int | None = None) -> None:
    """Replace ``path`` by ``data`` (text is written as UTF-8), keeping its permissions, or setting
    ``mode``; its folder is made when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    handle = temporary.open("xb")
    try:
        with handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(temporary, mode)
        elif path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
