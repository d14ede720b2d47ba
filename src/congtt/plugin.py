"""The MkDocs plugin: connects the engine's stages to MkDocs events, nothing more."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import jinja2
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import charts, dates, memo, moved, pagecache, parallel, pasted, presentation, preview_errors, search, sitemap
from . import stylesheets
from .sanitize import Sanitizer
from .config import CongttConfig, repository_root
from .content import rewrite_body
from .feeds import Channel, FeedSite, MissingSiteUrl, channel_of_page, channels_by_page, feeds_pages, write_feeds
from .images import Photo, PhotoPipeline
from .instant import DRAFTS_VARIABLE, build_instant
from .linking import LinkedFile
from .listings import Listing, PostLinks, all_listings, home, post_links
from .model import Document, Item, Portal, Post, Procedure
from .references import ReferenceIndex
from .sitemap import item_date
from .stats import PAGE_URL as STATISTICS_URL
from .stats import PeriodError, YearSummary, year_summary
from .problems import errors
from .validation import check_tree

# MkDocs reads metadata from the top of a page: an explicit, empty header keeps
# it from taking a body line such as "Ghi chú: ..." for MultiMarkdown metadata.
_PAGE_HEADER = "---\ncongtt: true\n---\n"

PACKAGE_DIR = Path(__file__).parent
THEME_DIR = PACKAGE_DIR / "theme"
STYLESHEET = "assets/congtt.css"
SCRIPT = "assets/congtt.js"
MATERIAL_FAVICON = "assets/images/favicon.png"
PHOTO_CACHE = Path(".cache/congtt/images")
PAGE_CACHE = Path(".cache/congtt/pages")
MEMO_CACHE = Path(".cache/congtt/memo")

T = TypeVar("T")

TEMPLATES = {Post: "post.html", Document: "document.html", Procedure: "procedure.html"}
# Photos on the fixed pages published through the photo pipeline (formats kept: the page names them).
PAGE_PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})


class CongttPlugin(BasePlugin[CongttConfig]):
    """Mounts news/, plans/ and tthc/ into the build as pages outside the navigation."""

    def __init__(self) -> None:
        self.portal = Portal()
        self.pages: dict[str, Item] = {}
        self.listings: dict[str, Listing] = {}
        self.photos: dict[str, Photo] = {}
        self.post_links: dict[str, PostLinks] = {}
        self.references = ReferenceIndex()
        self.pipeline: PhotoPipeline | None = None
        self.now = datetime.now(dates.VIETNAM)
        self.drafts = False
        self.vocabulary = stylesheets.Vocabulary()
        self.sanitizer = Sanitizer()
        self.renderer = parallel.ParallelRenderer()
        self.command = "build"
        self.failure: Exception | None = None  # the last failed build's error, for the preview's page
        # Where the addresses items were published at are kept, and what it held when this build began.
        self.moved_record: tuple[Path, dict[str, list[str]]] | None = None
        self.nav: Navigation | None = None
        self.statistics: YearSummary | None = None
        self.search_meta: parallel.Background[str] | None = None
        self.feeds: parallel.Background[int] | None = None
        self.channels: dict[str, Channel] = {}
        self.page_cache: pagecache.PageCache | None = None
        self.checked: tuple[Portal, list] | None = None  # set by ``build.build_site`` after the CLI's check
        self.files: Files | None = None
        self.stylesheet_names: list[str] = []
        self.env: Environment | None = None
        self.emblem = presentation.DEFAULT_EMBLEM

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build (pages may be rendered in forked workers)."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Fix the build instant once, so every stage agrees on what is published."""
        self.now = build_instant()
        self.failure = None
        self.drafts = os.environ.get(DRAFTS_VARIABLE) == "1"
        self.vocabulary = stylesheets.Vocabulary()
        self.sanitizer = Sanitizer(tuple(self.config.embed_hosts))
        # One plugin instance lives as long as the process: a second build (another portal, a preview
        # rebuild) must not reuse the first one's photo records.
        self.pipeline = None
        self.photos = {}
        config.theme.static_templates.discard(sitemap.FILE)  # written by the engine: see ``sitemap``
        config.extra_css.insert(0, STYLESHEET)
        config.extra_javascript.append(SCRIPT)
        try:
            self.emblem = presentation.emblem_path(self.config, Path(config.docs_dir))
        except ValueError as error:
            raise PluginError(str(error)) from None
        if config.theme["favicon"] == MATERIAL_FAVICON:
            config.theme["favicon"] = presentation.favicon_path(self.emblem)
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Validate the content tree and add every published item and its files."""
        root = repository_root(config)
        portal, problems = self.checked or check_tree(self.config, root, Path(config.docs_dir), site_url=config.site_url or "")
        self.checked = None
        problems = errors(problems)
        if problems:
            listing = "\n".join(str(p) for p in problems)
            raise PluginError(f"Nội dung có {len(problems)} lỗi, chưa xuất bản được:\n{listing}")
        self._publish_pages_files(files, config)
        for asset in sorted(p for p in (THEME_DIR / "assets").rglob("*") if p.is_file()):
            uri = asset.relative_to(THEME_DIR).as_posix()
            if asset.suffix == ".js":  # read by people in the source, by phones without the comments
                files.append(File.generated(config, uri, content=stylesheets.minified_script(asset.read_text("utf-8"))))
            else:
                files.append(File.generated(config, uri, abs_src_path=str(asset)))
        files.append(File.generated(config, "robots.txt", content=presentation.robots_txt(config.site_url)))
        self.portal = portal.published(self.now, self.drafts)
        fixed = tuple(search.static_page(file.url, file.content_string, self.config)
                      for file in files.documentation_pages() if file.generated_by is None and file.src_uri != "index.md")
        self.search_meta = self._in_background(lambda: self._write_search_index(Path(config.site_dir), fixed))
        self.pages = {item.url + "index.md": item for item in self.portal.items()}
        for item in self.portal.items():
            for asset in item.published_files():
                if files.get_file_from_path(asset.url) is None:
                    self._publish_file(asset, files, config)
        self.feeds = self._start_feeds(config)
        self.post_links = post_links(self.portal.posts)
        self.references = ReferenceIndex.of_portal(self.portal, self.config.commune.authority)
        self.listings = {listing.src_uri: listing for listing in all_listings(self.portal, self.config, self.now.date())}
        self.listings.update((page.src_uri, page) for page in feeds_pages(self.portal, self.config, self.now, config.site_url))
        self.listings[search.PAGE.src_uri] = search.PAGE
        self.channels = channels_by_page(self.config) if config.site_url else {}
        self._publish_statistics(files, config)
        self.page_cache = self._open_page_cache(config) if self.command == "build" else None
        keys = pagecache.PageKeys(
            pagecache.Fingerprints(self.photos), self.post_links, self.references.cites, self.references.cited_by, self.now
        )
        by_source = {item.source: item for item in self.portal.items()}
        for src_uri, item in self.pages.items():
            markdown = _PAGE_HEADER + rewrite_body(item, by_source)
            page = File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            self._add_page(files, page, keys.item(item, TEMPLATES[type(item)], markdown))
        for src_uri, listing in self.listings.items():
            in_nav = listing.url.count("/") == 1
            inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
            page = File.generated(config, src_uri, content=_PAGE_HEADER, inclusion=inclusion)
            # Pages in the navigation show every page's title; the search page carries the index's meta.
            cacheable = not in_nav and listing is not search.PAGE
            self._add_page(files, page, keys.listing(listing) if cacheable else None)
        self._add_redirects(files, config, root)
        self.files = files
        return files

    def _add_redirects(self, files: Files, config: MkDocsConfig, root: Path) -> None:
        """A page at each address an item had before (see ``moved``), unless another page has it now."""
        path = root / moved.RECORD
        self.moved_record = (path, moved.read_record(path))
        taken = {f.url.removeprefix("./") for f in files.documentation_pages()} | {""}
        taken |= {item.url for item in self.pages.values()} | {listing.url for listing in self.listings.values()}
        for old, item in moved.redirects(list(self.pages.values()), self.moved_record[1], taken).items():
            files.append(File.generated(config, old + "index.html", content=moved.page(item, old, config.site_url or "")))

    def preview_item(self, item: Item, files: Files, config: MkDocsConfig) -> File:
        """Make ``item`` (a draft, after the build) one of this build's pages, for ``warm`` to render: its
        photos published into ``files``, its links and references among the portal's; the page's File."""
        src_uri = item.url + "index.md"
        self.pages[src_uri] = item
        for asset in item.published_files():
            self._publish_file(asset, files, config)
        if isinstance(item, Post):
            self.post_links = post_links([post for post in self.portal.posts if post.url != item.url] + [item])
        if isinstance(item, Document):  # a post's or procedure's citations resolve against the documents as built
            documents = [d for d in self.portal.documents if d.url != item.url] + [item]
            self.references = ReferenceIndex.build(documents, authority=self.config.commune.authority)
        by_source = {other.source: other for other in self.portal.items()} | {item.source: item}
        markdown = _PAGE_HEADER + rewrite_body(item, by_source)
        return File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)

    def preview_photo(self, path: Path, url: str, files: Files, config: MkDocsConfig) -> None:
        """Publish a fixed page's new photo into ``files`` as the build publishes the others."""
        self._publish_photo(path, url, files, config)

    def _forks(self) -> bool:
        """True when this build may use forked processes: ``build`` (never ``serve``) on several cores."""
        return self.command == "build" and parallel.worker_count() > 1

    def _in_background(self, function):
        """Run a stage that only reads the loaded portal in a forked child during a build (see ``parallel``)."""
        return parallel.Background(function, fork=self._forks())

    def _write_search_index(self, site_dir: Path, pages: tuple) -> str:
        """Build and write the search index of the portal and its fixed ``pages``; return its meta, which the
        search page carries (see ``search``)."""
        index = search.Index.build(self.portal, self.config, pages)
        index.write(site_dir)
        return index.meta_text

    def _start_feeds(self, config: MkDocsConfig) -> parallel.Background[int] | None:
        """Write the RSS and Atom feeds alongside the pages (see ``feeds``); none without ``site_url``."""
        try:
            site = FeedSite.from_config(config)
        except MissingSiteUrl as error:
            get_plugin_logger(__name__).warning(str(error))
            return None
        site_dir, photos, memo_dir = Path(config.site_dir), self.photos, self._memo_dir(config)
        return self._in_background(
            lambda: len(write_feeds(site_dir, self.portal, self.now, site, lambda asset: photos[asset.url], memo_dir))
        )

    def _open_page_cache(self, config: MkDocsConfig) -> pagecache.PageCache:
        """The render cache of this portal, salted with everything every page shows (see ``pagecache``)."""
        custom_dir = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        salt = pagecache.salt(
            Path(config.config_file_path), Path(config.docs_dir), PACKAGE_DIR, *custom_dir,
            pagecache.library_versions(), self.statistics.title if self.statistics else "", str(self.drafts),
        )
        return pagecache.PageCache(repository_root(config) / PAGE_CACHE, salt)

    def _memo_dir(self, config: MkDocsConfig) -> Path:
        """Where slow, pure results are kept between builds (see ``memo``)."""
        folder = repository_root(config) / MEMO_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _add_page(self, files: Files, page: File, key: tuple[str, ...] | None) -> None:
        """Add a generated page, or take it from the render cache when it was rendered before."""
        cache = self.page_cache
        if cache is None or key is None:
            files.append(page)
            return
        digest = cache.key(*key)
        if cache.has(digest):
            self.vocabulary.tokens.update(cache.reuse(page.dest_uri, digest))
        else:
            cache.expect(page.dest_uri, digest)
            files.append(page)

    def _publish_statistics(self, files: Files, config: MkDocsConfig) -> None:
        """Add the public statistics page of the build's year and its chart files."""
        try:
            self.statistics = year_summary(self.portal, self.config, self.now)
        except PeriodError as error:  # a wrong ``periods`` setting: say so without a traceback
            raise PluginError(str(error)) from None
        page = STATISTICS_URL + "index.md"
        files.append(File.generated(config, page, content=_PAGE_HEADER, inclusion=InclusionLevel.INCLUDED))
        stats, stem = self.statistics.whole.stats, self.statistics.chart
        key = ("chart", repr(stats), stem, memo.source_of(charts.__file__), metadata.version("matplotlib"))
        for uri, content in memo.remembered(self._memo_dir(config), key, lambda: charts.chart_files(stats, stem)).items():
            files.append(File.generated(config, uri, content=content))

    def _publish_pages_files(self, files: Files, config: MkDocsConfig) -> None:
        """The fixed pages' files as the items' are: no link followed, photos without their metadata.

        MkDocs collects ``content/`` following symbolic links (``/etc/passwd``
        came out as an image) and copies photos with their EXIF and GPS; ``check``
        reports the links (see ``validation.links_in_pages``).
        """
        docs_dir = Path(config.docs_dir).resolve()
        theirs = [f for f in files if f.src_dir and Path(f.src_dir).resolve() == docs_dir]
        for file in [f for f in theirs if not f.is_documentation_page()]:
            path = Path(file.abs_src_path)
            if _through_link(path, docs_dir):
                files.remove(file)
            elif path.suffix.lower() in PAGE_PHOTO_SUFFIXES:
                files.remove(file)
                self._publish_photo(path, file.dest_uri, files, config)
        for page in [f for f in theirs if f.is_documentation_page() and _through_link(Path(f.abs_src_path), docs_dir)]:
            files.remove(page)

    def _publish_file(self, asset, files: Files, config: MkDocsConfig) -> None:
        """Copy a download as it is; publish a photo only as clean variants, never the original."""
        if not asset.is_image:
            files.append(File.generated(config, asset.url, abs_src_path=str(asset.path)))
            return
        self._publish_photo(asset.path, asset.url, files, config)

    def _publish_photo(self, path: Path, url: str, files: Files, config: MkDocsConfig) -> None:
        """Publish a photo as clean, resized variants, the largest at ``url`` itself."""
        if self.pipeline is None:
            self.pipeline = PhotoPipeline(repository_root(config) / PHOTO_CACHE)
        photo = self.pipeline.publish(path, url)
        self.photos[url] = photo
        for variant in photo.variants:
            files.append(LinkedFile.generated(config, variant.url, abs_src_path=str(variant.cached)))
        files.append(LinkedFile.generated(config, photo.url, abs_src_path=str(photo.served.cached)))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitise every body (see ``sanitize``), give Material an escaped title, and turn the body's
        photos into responsive, lazily loaded ``<picture>`` elements."""
        html = self.sanitizer.clean(html)
        presentation.escape_meta(page)
        classes = stylesheets.html_classes(html)
        self.vocabulary.tokens.update(classes)
        if self.page_cache is not None:
            self.page_cache.note_classes(page.file.dest_uri, classes)
        item = self.pages.get(page.file.src_uri)
        if item is not None:
            html = self.references.link_html(html, page.url)
        if item is None or not self.photos:
            return html
        return presentation.responsive_images(html, page.url, self.photos)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give an item's page its title, template and model; a fixed page's text pasted from Word is
        read as meant (an item's was, in ``rewrite_body``)."""
        item = self.pages.get(page.file.src_uri)
        if page.file.generated_by is None:  # a fixed page of content/; items and listings are generated
            markdown = pasted.normalise(markdown)
        if item is not None:
            page.meta.update(presentation.page_meta(item, TEMPLATES[type(item)], self.now))
            page.meta["links"] = self.post_links.get(item.url)
            page.meta["cites"] = self.references.cites.get(item.url, [])
            page.meta["cited_by"] = self.references.cited_by.get(item.url, [])
        listing = self.listings.get(page.file.src_uri)
        if listing is not None:
            page.meta.update(presentation.listing_meta(listing), feed=channel_of_page(listing.url, self.channels))
        if self.statistics is not None and page.file.src_uri == STATISTICS_URL + "index.md":
            page.meta.update(title=self.statistics.title, template="statistics.html", statistics=self.statistics)
        return markdown

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation for the rendering workers."""
        self.nav = nav
        return nav

    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Add the engine's templates between the portal's overrides and Material's, and the helpers;
        last of all plugins, start the rendering workers (see ``parallel``)."""
        # After the portal's own overrides (custom_dir), before Material's templates.
        env.loader.searchpath.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        custom_dir = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        env.autoescape = presentation.autoescape_for(presentation.own_templates(THEME_DIR, *custom_dir))
        # Compiled code depends on the autoescape choice, which Jinja's cache key does not hold.
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self._memo_dir(config)), "__jinja2_escaped_%s.cache")
        presentation.install(env, self.config)
        env.globals["congtt"]["emblem"] = self.emblem
        titles = {listing.url: listing.title for listing in self.listings.values()}
        env.globals["breadcrumbs"] = functools.partial(presentation.breadcrumbs, titles)
        env.globals["picture"] = functools.partial(presentation.picture_for, self.photos)
        env.globals["cite"] = self.references.link_text
        env.globals["home"] = home(self.portal)
        env.globals["build_now"] = self.now  # drafts and scheduled posts say so in a preview
        env.globals["search_meta"] = _waited(self.search_meta.result)
        env.globals["congtt_stylesheets"] = self._trim_theme_stylesheets(env, config, files)
        if self._forks() and self.nav is not None:
            self.renderer.start(config, files, self.nav, env, parallel.worker_count())
        self.env = env
        return env

    def _trim_theme_stylesheets(self, env: Environment, config: MkDocsConfig, files: Files) -> list[str]:
        """Replace Material's stylesheets by copies trimmed to this portal's pages (see ``stylesheets``)."""
        own = [THEME_DIR, *([config.theme.custom_dir] if config.theme.custom_dir else [])]
        roots = ["main.html", *config.theme.static_templates]
        roots += [p.relative_to(d).as_posix() for d in own for p in Path(d).rglob("*.html")]
        vocabulary = stylesheets.portal_vocabulary(env, roots, THEME_DIR / "assets", self.vocabulary, config.theme)
        names = []
        for file in [f for f in files if f.src_uri.endswith(".min.css.map")]:
            files.remove(file)
        originals = [f for f in files if stylesheets.THEME_STYLESHEET.match(f.src_uri)]
        # The engine's own sheet is trimmed with Material's (it declares properties theirs read) but
        # keeps its name: the deployment caches it for an hour, not for ever.
        originals.append(files.get_file_from_path(STYLESHEET))
        sheets = {f.src_uri: Path(f.abs_src_path).read_text(encoding="utf-8") for f in originals}
        for file in originals:
            files.remove(file)
        key = (
            "stylesheets", repr(sorted(sheets.items())), vocabulary.digest(), memo.source_of(stylesheets.__file__),
            metadata.version("tinycss2"),
        )
        trimmed = memo.remembered(self._memo_dir(config), key, lambda: stylesheets.trim_together(sheets, vocabulary))
        files.append(File.generated(config, STYLESHEET, content=trimmed.pop(STYLESHEET)))
        for src_uri, css in trimmed.items():
            name = stylesheets.fingerprinted(src_uri, css)
            files.append(File.generated(config, name, content=css))
            names.append(name)
        self.stylesheet_names = sorted(names, key=lambda name: "palette" in name)
        return self.stylesheet_names

    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for the rendering workers and the feeds, then put the kept pages and the sitemap in place."""
        _waited(self.renderer.wait)
        if self.feeds is not None:
            _waited(self.feeds.result)
        site_dir = Path(config.site_dir)
        if self.pipeline is not None:
            self.pipeline.save()
        if self.page_cache is not None:
            self.page_cache.restore(site_dir, self.stylesheet_names)
        if config.site_url:
            sitemap.write_sitemap(site_dir, config.site_url, self._sitemap_pages())

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the background stages of a failed build: the site they write into is being deleted.
        Keep the error for the preview's error page (MkDocs raises its own English one after this)."""
        self.failure = error
        for stage in (self.search_meta, self.feeds):
            if stage is not None:
                stage.abandon()

    def _sitemap_pages(self) -> list[tuple[str, object]]:
        """Every page of the site: MkDocs' pages, and the generated ones even when taken from the cache."""
        fixed = self.files.documentation_pages() if self.files else []
        pages: list[tuple[str, object]] = [(f.url.removeprefix("./"), None) for f in fixed]
        pages += [(listing.url, None) for listing in self.listings.values()]
        pages += [(item.url, item_date(item)) for item in self.pages.values()]
        return pages

    def site_complete(self, site_dir: Path) -> None:
        """Called by ``build.build_site`` once the site and its ``.gz`` files are written: keep the
        rendered pages for the next build."""
        if self.page_cache is not None:
            self.page_cache.keep(site_dir, self.stylesheet_names)
            memo.forget_unused(self.page_cache.folder.parent / MEMO_CACHE.name)
        if self.command == "build" and not self.drafts and self.moved_record is not None:
            moved.write_record(*self.moved_record, list(self.pages.values()))

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Rebuild the preview when content outside ``docs_dir`` changes; show a failed rebuild in the
        browser (see ``preview_errors``)."""
        preview_errors.install(server, Path(config.site_dir), lambda: self.failure)
        root = repository_root(config)
        for setting in ("news_dir", "plans_dir", "tthc_dir"):
            folder = root / getattr(self.config, setting)
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _through_link(path: Path, docs_dir: Path) -> bool:
    """True when ``path`` is a symbolic link or reached through one (it does not lie where it seems)."""
    return path.is_symlink() or not path.resolve().is_relative_to(docs_dir)


def _waited(wait: Callable[[], T]) -> T:
    """Wait for forked work (render workers, a background stage); its failure fails the build."""
    try:
        return wait()
    except parallel.WorkerFailed as error:
        raise PluginError(str(error)) from None
