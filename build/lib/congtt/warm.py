"""A finished build kept in memory, so that one entry's page can be rendered again in a fraction of a second.

Staff look at the preview after every save. Rebuilding the whole portal for it
took as long as a build: seconds at a thousand items, tens of seconds at five
thousand, though only one page changed. ``WarmSite`` builds the portal once
(atomically, with its caches, as ``congtt build`` does) and keeps what the build
left: MkDocs' configuration, the congtt plugin with the loaded portal, the
files, the navigation and the template environment. A preview then reads the
one entry, gives it to the plugin as one more page (its photos, its links among
the other posts) and renders only that page with MkDocs' own page builder, into
a folder of its own. Everything else the page links to — stylesheets, scripts,
the other pages — is the warm build's site.

``main`` serves such renderings to the studio over a pipe (see
``studio.preview``): one JSON request per line on standard input, one answer per
line on the descriptor that was standard output (MkDocs' and the plugin's own
messages go to standard error).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from mkdocs.commands.build import _build_page, _populate_page  # MkDocs' page builder; mkdocs is pinned (1.6.1)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .build import build_kept
from .config import repository_root
from .content import DOCUMENTS, IMAGE_EXTENSIONS, POSTS, PROCEDURES, load_item
from .problems import errors
from .schema import Vocabulary
from .errors import CongttError

READY = {"ready": True}


class PreviewFailed(CongttError):
    """The entry cannot be rendered; the message says why, in Vietnamese (with file and line)."""


class WarmSite:
    """One build of a portal, kept to render single entries after it."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config: MkDocsConfig = build_kept(config_file, site_dir)
        self.plugin = self.config.plugins["congtt"]
        self.root = repository_root(self.config)
        self.docs_dir = Path(self.config.docs_dir).resolve()

    def render(self, entry: str, changed: list[str], out: Path) -> str:
        """Render the page of ``entry`` (a path in the repository, as it is now on disk) into ``out``, with
        the photos it publishes; ``changed`` are the other files the draft changes. Return the page's URL."""
        files = Files([])
        page_file = self._page_file(entry, changed, files)
        for file in [*files, page_file]:
            file.abs_dest_path = str(out / file.dest_uri)
        for file in files:
            file.copy_file()
        page = Page(None, page_file, self.config)
        _populate_page(page, self.config, files)
        doc_files = self.plugin.files.documentation_pages(inclusion=InclusionLevel.is_included)
        _build_page(page, self.config, doc_files, self.plugin.nav, self.plugin.env)
        return page_file.url

    def _page_file(self, entry: str, changed: list[str], files: Files) -> File:
        """The File of ``entry``'s page: an item of a content folder, or one of the fixed pages."""
        path = (self.root / entry).resolve()
        if path.is_relative_to(self.docs_dir):
            for other in changed:
                photo = (self.root / other).resolve()
                if photo.is_relative_to(self.docs_dir) and photo.suffix.lower() in IMAGE_EXTENSIONS and photo.is_file():
                    url = photo.relative_to(self.docs_dir).as_posix()
                    self.plugin.preview_photo(photo, url, files, self.config)
            return File(path.relative_to(self.docs_dir).as_posix(), str(self.docs_dir), str(self.config.site_dir),
                        self.config.use_directory_urls)
        settings = self.plugin.config
        for kind in (POSTS, DOCUMENTS, PROCEDURES):
            mount = (self.root / getattr(settings, kind.setting)).resolve()
            if path.is_relative_to(mount):
                item, problems = load_item(path, mount, self.root, kind, Vocabulary.from_settings(settings), settings)
                if item is None:
                    shown = errors(problems) or problems
                    raise PreviewFailed("Chưa xem trước được, bài còn lỗi:\n" + "\n".join(str(p) for p in shown))
                return self.plugin.preview_item(item, files, self.config)
        raise PreviewFailed(f"«{entry}» không nằm trong thư mục nội dung nào của Cổng.")


def main() -> None:
    """Build the portal of ``argv[1]`` into ``argv[2]``, then answer render requests until the pipe closes.

    A request is ``{"entry", "changed", "out"}``; the answer ``{"url"}`` or
    ``{"error"}``. A failed first build answers ``{"error"}`` and exits 1.
    """
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # what MkDocs or a plugin prints must not break the answers
    sys.stdout = sys.stderr
    try:
        site = WarmSite(Path(sys.argv[1]), Path(sys.argv[2]))
    except Exception as error:  # noqa: BLE001 - any failure is the studio's message to show
        _answer(answers, {"error": _message(error)})
        sys.exit(1)
    _answer(answers, READY)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            url = site.render(request["entry"], request.get("changed", []), Path(request["out"]))
        except Exception as error:  # noqa: BLE001 - one broken draft must not end the worker
            _answer(answers, {"error": _message(error)})
        else:
            _answer(answers, {"url": url})


def _answer(stream, answer: dict) -> None:
    stream.write(json.dumps(answer, ensure_ascii=False) + "\n")
    stream.flush()


def _message(error: Exception) -> str:
    """What the studio shows: the engine's own Vietnamese messages as they are, others with their kind."""
    if isinstance(error, PreviewFailed):
        return str(error)
    return f"{type(error).__name__}: {error}"


if __name__ == "__main__":
    main()
