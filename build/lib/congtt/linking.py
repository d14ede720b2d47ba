"""Hard links instead of copies, for files the build never changes.

A portal of 20,000 items publishes tens of thousands of photo variants and
pages that are byte-identical to files the engine already keeps in its caches
(content-addressed photo variants, rendered pages). Copying them is most of a
rebuild's disk traffic; a hard link costs one directory entry. Every file
linked this way is written once and then only replaced (never rewritten in
place), so the live site and the cache can share it safely.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mkdocs.structure.files import File


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Hard-link ``source`` at ``target``, replacing it; copy where links are impossible
    (another file system, or one without links)."""
    try:
        os.link(source, target)  # a new site: the target is almost always new, and so is its folder
        return
    except FileExistsError:
        pass
    except FileNotFoundError:
        if not os.path.exists(source):
            raise
        make_folder(os.path.dirname(target))
        link_or_copy(source, target)
        return
    except OSError:
        shutil.copyfile(source, target)
        return
    temporary = f"{target}.link"
    if os.path.lexists(temporary):
        os.unlink(temporary)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def make_folder(path: str) -> None:
    """``os.makedirs(path, exist_ok=True)``, in one system call when the parent exists (the usual case)."""
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)


class LinkedFile(File):
    """A MkDocs file published as a hard link to its cached source instead of a copy."""

    def copy_file(self, dirty: bool = False) -> None:
        """Link the source into the site (MkDocs calls this for every static file)."""
        if self.abs_src_path is None:
            super().copy_file(dirty)
            return
        link_or_copy(self.abs_src_path, self.abs_dest_path)
