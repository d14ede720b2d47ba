"""Incremental builds: rendered pages kept across builds, keyed by everything they show.

MkDocs has no incremental build: every page is converted and rendered again,
about five minutes for a 20,000-item portal on a two-core server, even when
one post changed. congtt gives every generated page (item pages and listing
pages, the bulk of a portal) a key: a digest of the engine, theme and settings
(the *salt*), of the item's own source, and of exactly what the page shows of
other items (previous/next and related posts, cited documents, a listing's
entries, their photos). A page whose key was rendered before never reaches
MkDocs: its HTML and ``.gz`` are hard-linked from the cache into the new site.
Only pages whose key changed are rendered, and are then kept for the next build.

The cache is a folder of ``<key>.html`` / ``<key>.html.gz`` files (hard links
to the published copies, so it costs no disk space) and a manifest with what
the build needs of a page it does not render: the classes of its converted
Markdown (the stylesheet is trimmed to them) and the stylesheet names it links
(when the trimmed stylesheet changes, kept pages are rewritten with the new
names instead of being rendered again). Keys unused by a build are dropped.

Nothing kept is trusted blindly: the manifest is sealed (``memo.read_sealed``)
and records each file's size, time and SHA-256 when it was kept; a page is
reused only while both its files are intact (``memo.intact``). A damaged
entry — a truncated ``.gz``, a deleted page, a junk manifest — is a miss: the
page is rendered again and replaces it, never an error and never published.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from .images import Photo
from .linking import link_or_copy, make_folder
from .memo import file_stamp, intact, read_sealed, write_sealed
from .model import Document, Item, Post

MANIFEST = "manifest.json"
_FORMAT = 2  # 2: sealed, with a stamp (size, time, SHA-256) of each file


class Fingerprints:
    """Stable digests of items and of what a page shows, memoised for one build.

    A digest must change whenever the rendered page could: an item's digest
    covers every field of the model (its ``repr``, which holds only tuples,
    strings, dates and paths), the size of each file it offers for download and
    the published variants of its photos.
    """

    def __init__(self, photos: dict[str, Photo]) -> None:
        self.photos = photos
        self._items: dict[int, str] = {}

    def item(self, item: Item) -> str:
        """The digest of one item as any page shows it."""
        known = self._items.get(id(item))
        if known is None:
            files = [(a.url, _size(a.path), repr(self.photos.get(a.url))) for a in item.published_files()]
            known = _digest(repr(item), repr(files))
            self._items[id(item)] = known
        return known

    def describe(self, value: Any) -> str:
        """A text that changes whenever ``value`` would render differently; items by their digest."""
        if isinstance(value, Item):
            return "item:" + self.item(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = ", ".join(f"{f.name}={self.describe(getattr(value, f.name))}" for f in dataclasses.fields(value))
            return f"{type(value).__name__}({fields})"
        if isinstance(value, (tuple, list)):
            return "[" + ", ".join(self.describe(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k!r}: {self.describe(v)}" for k, v in value.items()) + "}"
        return repr(value)


@dataclass
class PageKeys:
    """What each generated page shows, as the parts of its key.

    An item page shows the item, its converted body (whose links point at other
    items' addresses), the documents its text cites, and for a post its previous,
    next and related posts, for a document those citing it, and for a plan with
    tasks the day progress is counted to. A listing page shows its entries.
    """

    fingerprints: Fingerprints
    links: dict[str, Any]
    cites: dict[str, list[Document]]
    cited_by: dict[str, list[Document]]
    now: datetime

    def item(self, item: Item, template: str, markdown: str) -> tuple[str, ...]:
        """Key parts of an item's page."""
        describe = self.fingerprints.describe
        parts = [template, item.url, self.fingerprints.item(item), markdown, describe(self.cites.get(item.url, []))]
        if isinstance(item, Post):
            parts += [describe(self.links.get(item.url)), str(item.date > self.now)]
        if isinstance(item, Document):
            parts.append(describe(self.cited_by.get(item.url, [])))
            if item.tasks:
                parts.append(self.now.date().isoformat())
        return tuple(parts)

    def listing(self, listing: Any) -> tuple[str, ...]:
        """Key parts of a listing page (news, register, catalogue …)."""
        # A preview with drafts lists scheduled posts, labelled until their time: the label is shown.
        scheduled = "".join("1" if getattr(entry, "date", None) and entry.date > self.now else "0" for entry in listing.entries)
        return ("listing", listing.url, self.fingerprints.describe(listing), scheduled)


class PageCache:
    """Rendered pages of earlier builds, found by key."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self.entries: dict[str, dict] = _read_manifest(folder / MANIFEST)
        self.restored: dict[str, str] = {}
        self.rendered: dict[str, str] = {}
        self.classes: dict[str, list[str]] = {}
        self.linked: set[str] = set()  # restored pages that came with their .gz
        self._root = str(folder)

    def key(self, *parts: str) -> str:
        """The key of a page from everything it shows."""
        return _digest(self.salt, *parts)

    def has(self, key: str) -> bool:
        """True when the page was rendered before and both its files are in the cache as they were kept."""
        entry = self.entries.get(key)
        if entry is None:
            return False
        html, gz = intact(self._path(key), entry["html"]), intact(self._gz(key), entry["gz"])
        if html is None or gz is None:
            return False
        self.entries[key] = {**entry, "html": html, "gz": gz}
        return True

    def reuse(self, dest_uri: str, key: str) -> list[str]:
        """Plan to restore ``dest_uri`` from the cache; return its Markdown's classes for the stylesheet."""
        self.restored[dest_uri] = key
        return self.entries[key]["classes"]

    def expect(self, dest_uri: str, key: str) -> None:
        """Note a page MkDocs will render, to keep it once the build is complete."""
        self.rendered[dest_uri] = key

    def note_classes(self, dest_uri: str, classes: Iterable[str]) -> None:
        """The classes of a rendered page's converted Markdown, for the next build's stylesheet."""
        self.classes[dest_uri] = sorted(set(classes))

    def restore(self, site_dir: Path, stylesheets: list[str]) -> int:
        """Put every reused page into ``site_dir`` (``linked`` lists those that came with their ``.gz``);
        return how many had to be rewritten."""
        rewritten = 0
        site = str(site_dir)
        for dest_uri, key in sorted(self.restored.items()):  # sorted: a folder comes before its subfolders
            target = f"{site}/{dest_uri}"
            make_folder(os.path.dirname(target))
            before = self.entries[key]["stylesheets"]
            if before == stylesheets:
                link_or_copy(self._path(key), target)
                link_or_copy(self._gz(key), target + ".gz")
                self.linked.add(dest_uri)
                continue
            with open(self._path(key), encoding="utf-8") as cached:
                html = cached.read()
            for old, new in zip(before, stylesheets):
                html = html.replace(old, new)
            with open(target, "w", encoding="utf-8") as page:
                page.write(html)
            rewritten += 1
        return rewritten

    def keep(self, site_dir: Path, stylesheets: list[str]) -> None:
        """After a complete build (``.gz`` written): keep rendered pages, drop every unused key."""
        self.folder.mkdir(parents=True, exist_ok=True)
        used: dict[str, dict] = {}
        site = str(site_dir)
        for dest_uri, key in self.restored.items():
            used[key] = self.entries[key]
            if dest_uri in self.linked:  # the cached files themselves
                continue
            used[key] = {**used[key], **self._store(key, f"{site}/{dest_uri}"), "stylesheets": stylesheets}
        for dest_uri, key in self.rendered.items():
            page = f"{site}/{dest_uri}"
            if not os.path.isfile(page) or not os.path.isfile(page + ".gz"):
                continue
            used[key] = {**self._store(key, page), "classes": self.classes.get(dest_uri, []), "stylesheets": stylesheets}
        self._drop_unused(used)
        _write_manifest(self.folder / MANIFEST, used)
        self.entries = used

    def _store(self, key: str, page: str) -> dict[str, dict]:
        """Link a published page and its ``.gz`` into the cache under ``key``; return their stamps.

        Reading them back to stamp them costs little: they were just written,
        and only pages rendered or rewritten by this build are stored.
        """
        link_or_copy(page, self._path(key))
        link_or_copy(page + ".gz", self._gz(key))
        return {"html": file_stamp(self._path(key)), "gz": file_stamp(self._gz(key))}

    def _drop_unused(self, used: dict[str, dict]) -> None:
        """Remove cached files of keys this build did not use, so the cache stays one site large."""
        for key in set(self.entries) - set(used):
            for path in (self._path(key), self._gz(key)):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)

    # Plain strings, not ``Path`` objects: tens of thousands of pages per build.
    def _path(self, key: str) -> str:
        return f"{self._root}/{key[:2]}/{key}.html"

    def _gz(self, key: str) -> str:
        return self._path(key) + ".gz"


def salt(*sources: Path | str) -> str:
    """A digest of files and folders (every file below them, by name and content) and texts."""
    digest = hashlib.sha256()
    for source in sources:
        if isinstance(source, str):
            digest.update(b"text\0" + source.encode("utf-8") + b"\0")
            continue
        paths = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            digest.update(path.as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def library_versions() -> str:
    """The versions of the libraries that shape every page (their templates and HTML)."""
    names = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pillow", "segno")
    return " ".join(f"{name}={_version(name)}" for name in names)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _read_manifest(path: Path) -> dict[str, dict]:
    """The kept pages of the last build; empty when missing, damaged or of another format."""
    payload = read_sealed(path)
    try:
        data = json.loads(payload) if payload is not None else None
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return {}
    return data["pages"]


def _write_manifest(path: Path, entries: dict[str, dict]) -> None:
    write_sealed(path, json.dumps({"format": _FORMAT, "pages": entries}, ensure_ascii=False).encode("utf-8"))
