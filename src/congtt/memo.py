"""Results of slow, pure computations kept on disk between builds.

Some stages give the same output for the same input build after build and
cost seconds each time: trimming mkdocs-material's stylesheets (parsing
190 KB of CSS) and drawing the statistics chart (importing and running
matplotlib). A rebuild after one edited post must not pay them again. The
result is stored under a digest of everything it depends on — the inputs and
the source of the code that computes it — so a changed input or a new version
of the engine computes it afresh.
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

T = TypeVar("T")


def remembered(folder: Path | None, parts: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned before for the same ``parts``; no cache when ``folder`` is None."""
    if folder is None:
        return compute()
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    path = folder / f"{digest}.pickle"
    try:
        result = pickle.loads(path.read_bytes())
        os.utime(path)  # still in use: see ``forget_unused``
        return result
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    result = compute()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(result))
    os.replace(temporary, path)
    return result


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
