"""RSS 2.0 and Atom feeds for aggregators (the city portal, "Cổng TTĐT liên thông 2 cấp").

One code path serves the MkDocs build (``plugin.on_post_build``) and
``congtt feeds`` (no build): both call ``write_feeds``. feedgen writes the XML;
this module decides what goes into it. The rules an aggregator depends on:

- **guid** (RSS ``guid``, Atom ``id``) is a tag URI built from neither the title
  nor the URL, so editing them never makes an item look new:

  - post: ``tag:<host>,<year>:[<site path>/]tin-bai/<id>``, where ``<id>`` is the
    post's ``id:`` key, by default its file name without ``.md``
    (``2025-01-08-trien-khai-…``: the name ``congtt new`` gave it, which is
    where its first permalink came from), and ``<year>`` the four digits that
    name starts with, else the year of the post's date. Whoever must rename a
    published file writes its old name as ``id:``;
  - document: ``…:van-ban/<file name>``, with the year of the folder it is in
    (``plans/2023/``), else of issue; a post without date prefix likewise. So an
    edited date never makes an item new; ``guid_authority`` keeps ``<host>``
    when the portal moves to another address;
  - procedure change: ``…:thu-tuc/<code>/<status>/<updated>``, so an amendment
    or an abolition is a new item, while an edit of the text is not.

- **URLs** are absolute (``site_url``): item links, enclosures, and every link and
  image in the item's HTML, which is rendered from the Markdown body the way
  the site renders it (same python-markdown extensions), not scraped from a
  built page, so ``congtt feeds`` needs no build.
- **Dates** are in Vietnam time: ``+07:00`` in Atom, ``+0700`` in RSS (RFC 822).
- **Nothing comes from the clock**: see ``FeedWriter.updated``. Files whose
  bytes did not change are not rewritten, so caches see no false update.
- **Text** goes through ``xml_text``; feedgen (lxml) escapes the rest.
- Only what is published at the build instant: ``Portal.published(now)``, drafts
  and scheduled posts never, whatever a preview shows.
"""

from __future__ import annotations

import dataclasses
import functools
import mimetypes
from importlib import metadata
import re
from dataclasses import dataclass, field
from html import escape as escape_html
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urljoin, urlsplit

# feedgen, lxml and python-markdown are imported where feeds are written: `congtt check` loads this
# module with the plugin (for the channels of each listing) and never writes a feed.
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig

from . import atomic, memo, references, sanitize, urls
from .presentation import DEFAULT_EMBLEM, EMBLEM_PNG, emblem_path
from .compress import gzip_bytes
from .config import CongttConfig, names, plugin_settings
from .content import rewrite_body
from .dates import VIETNAM
from .images import Photo
from .listings import CATALOGUE_URL, NEWS_ROOT, REGISTER_URL, Listing, newest_first, register
from .model import Asset, Document, Item, Portal, Post, Procedure
from .references import ReferenceIndex
from .errors import CongttError

RSS_FILE = "rss.xml"
ATOM_FILE = "atom.xml"
FEEDS_PAGE = "feeds/"
TTL_MINUTES = 60

CHANGE_LABELS = {"hien-hanh": "Công bố mới", "sua-doi": "Sửa đổi, bổ sung", "bai-bo": "Bãi bỏ"}

MISSING_SITE_URL = (
    "Chưa khai báo «site_url» trong mkdocs.yml nên chưa tạo được tin RSS, Atom (các trang tổng hợp "
    "cần địa chỉ đầy đủ). Thêm một dòng như «site_url: https://tenxa.tinh.gov.vn/»."
)

# XML 1.0 forbids C0 controls but tab, newline and carriage return, surrogates,
# U+FFFE and U+FFFF; DEL and the C1 controls are legal but discouraged, and never
# meaningful in Vietnamese text, so they go too.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_YEAR_PREFIX = re.compile(r"^(\d{4})-\d{2}-\d{2}-")
_YEAR_FOLDER = re.compile(r"(19|20)\d\d")

# Python's built-in table, not the system's mime.types, so every machine writes
# the same bytes; it lacks the OpenDocument and Office Open XML types staff attach.
_TYPES = mimetypes.MimeTypes()
for _extension, _type in {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}.items():
    _TYPES.add_type(_type, _extension)

PhotoLookup = Callable[[Asset], Photo]


class MissingSiteUrl(CongttError, ValueError):
    """Feeds need the portal's full address: aggregators accept only absolute links."""


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (lxml would refuse the whole feed)."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class FeedSite:
    """What feeds take from ``mkdocs.yml``: the address, the names and the Markdown settings."""

    url: str
    name: str
    settings: CongttConfig
    markdown_extensions: tuple = ()
    markdown_configs: dict = field(default_factory=dict)
    directory_urls: bool = True
    emblem: str = DEFAULT_EMBLEM  # site path of the banner's emblem: the channels' logo and icon

    @classmethod
    def from_config(cls, config: MkDocsConfig) -> "FeedSite":
        """Read a loaded configuration; without ``site_url`` there can be no feed."""
        if not config.site_url:
            raise MissingSiteUrl(MISSING_SITE_URL)
        return cls(
            url=config.site_url.rstrip("/") + "/",
            name=config.site_name,
            settings=plugin_settings(config),
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs),
            directory_urls=config.use_directory_urls,
            emblem=emblem_path(plugin_settings(config), Path(config.docs_dir)),
        )

    def absolute(self, url: str) -> str:
        """A site-relative URL (``tin-tuc/…``) made absolute."""
        return urljoin(self.url, url)

    def tag(self, year: int, specific: str) -> str:
        """A tag URI (RFC 4151) owned by the portal's host (or ``guid_authority``); a site path keeps
        communes apart."""
        if self.settings.guid_authority:
            host, _, prefix = self.settings.guid_authority.strip("/").partition("/")
        else:
            parts = urlsplit(self.url)
            host, prefix = parts.hostname, parts.path.strip("/")
        specific = quote(f"{prefix}/{specific}" if prefix else specific, safe="/-._~")
        return f"tag:{host},{year:04d}:{specific}"


@dataclass(frozen=True)
class Channel:
    """One feed, offered as RSS and as Atom: the page it follows and its items, newest first."""

    folder: str
    title: str
    about: str
    page: str
    items: tuple[Item, ...] = ()

    @property
    def rss(self) -> str:
        """Site-relative URL of the RSS file."""
        return self.folder + RSS_FILE

    @property
    def atom(self) -> str:
        """Site-relative URL of the Atom file."""
        return self.folder + ATOM_FILE


@dataclass(frozen=True)
class ChannelGroup:
    """Channels shown together on ``/feeds/``, under a heading and an explanation."""

    title: str
    about: str
    channels: tuple[Channel, ...]


def channel_groups(portal: Portal, settings: CongttConfig, now: datetime) -> list[ChannelGroup]:
    """Every feed of the portal, grouped as ``/feeds/`` lists them; only what is published at ``now``."""
    visible = portal.published(now)
    size = settings.feed_size
    posts = newest_first(visible.posts)
    categories, areas = names(settings.categories), names(settings.cchc_areas)
    return [
        ChannelGroup("Tất cả tin bài", f"{size} tin bài mới nhất của Cổng, mọi chuyên mục.", (
            Channel("", "Tin tức", "Tin bài mới nhất của Cổng, mọi chuyên mục.", NEWS_ROOT, tuple(posts[:size])),
        )),
        ChannelGroup("Theo chuyên mục", "Mỗi chuyên mục một kênh, để chỉ lấy về đúng loại tin cần đăng lại.", tuple(
            Channel(f"feeds/chuyen-muc/{slug}/", name, f"Tin bài thuộc chuyên mục «{name}».",
                    urls.category(slug), tuple([p for p in posts if p.category == slug][:size]))
            for slug, name in categories.items()
        )),
        ChannelGroup("Tuyên truyền cải cách hành chính", "Tin và văn bản về cải cách hành chính, theo từng lĩnh vực.", tuple(
            Channel(f"feeds/cchc/{slug}/", name, f"Tin tuyên truyền và văn bản cải cách hành chính, lĩnh vực «{name}».",
                    urls.area(slug), _area_items(slug, posts, visible.documents, size))
            for slug, name in areas.items()
        )),
        ChannelGroup("Văn bản và thủ tục hành chính", "Văn bản mới ban hành; thủ tục hành chính công bố mới, sửa đổi, bổ sung hoặc bãi bỏ.", (
            Channel("feeds/van-ban/", "Văn bản", "Kế hoạch, báo cáo, quyết định, thông báo … mới ban hành, kèm tệp văn bản.",
                    REGISTER_URL, register(visible.documents).entries[:size]),
            Channel("feeds/thu-tuc-hanh-chinh/", "Thủ tục hành chính: công bố mới, sửa đổi, bãi bỏ",
                    "Mỗi lần một thủ tục được công bố, sửa đổi, bổ sung hoặc bãi bỏ là một tin, theo ngày cập nhật.",
                    CATALOGUE_URL, tuple(procedure_changes(visible.procedures, now.date())[:size])),
        )),
    ]


def _area_items(area: str, posts: list[Post], documents: list[Document], size: int) -> tuple[Item, ...]:
    """A CCHC area's posts and documents, newest first: a plan of the area is news of the area too."""
    chosen = [p for p in posts if area in p.cchc] + [d for d in documents if area in d.cchc]
    return tuple(sorted(chosen, key=lambda item: (item_date(item), item.url), reverse=True)[:size])


_LATER_PAGE = re.compile(r"trang/\d+/$")


def channels_by_page(settings: CongttConfig) -> dict[str, Channel]:
    """The channel that follows each listing page, by the page's URL, for feed autodiscovery there.

    The news channel is left out: every page advertises it (``main.html``).
    Channels are defined by the settings alone, so no item is looked at.
    """
    groups = channel_groups(Portal(), settings, datetime.now(VIETNAM))
    return {channel.page: channel for group in groups for channel in group.channels if channel.page != NEWS_ROOT}


def channel_of_page(url: str, channels: dict[str, Channel]) -> Channel | None:
    """The channel of a listing page, on its first page and on the next ones (``…/trang/2/``)."""
    return channels.get(url) or channels.get(_LATER_PAGE.sub("", url))


def procedure_changes(procedures: list[Procedure], today: date) -> list[Procedure]:
    """Procedures changed (``updated``) by ``today``, newest first.

    Without a date there is no event to announce; a change dated later is
    announced on its day, like a scheduled post.
    """
    dated = [p for p in procedures if p.updated is not None and p.updated <= today]
    return sorted(dated, key=lambda p: (p.updated, p.code), reverse=True)


def feeds_pages(portal: Portal, settings: CongttConfig, now: datetime, site_url: str | None) -> list[Listing]:
    """The ``/feeds/`` page (template ``feeds.html``), or none when the portal has no ``site_url``."""
    if not site_url:
        return []
    groups = tuple(channel_groups(portal, settings, now))
    return [Listing(url=FEEDS_PAGE, title="Tin RSS, Atom cho trang tổng hợp", kind="feeds", groups=groups)]


@dataclass(frozen=True)
class Enclosure:
    """A file attached to an item as it is served: absolute URL, exact byte size, real type."""

    url: str
    length: int
    mime: str


@dataclass(frozen=True)
class Entry:
    """One item, ready for both formats."""

    guid: str
    title: str
    link: str
    date: datetime
    summary: str
    html: str
    author: str
    categories: tuple[dict, ...] = ()
    enclosure: Enclosure | None = None
    updated: datetime | None = None  # a correction after ``date``
    thumbnail: dict | None = None  # media:thumbnail of a post's cover: url, width, height


def midnight(day: date) -> datetime:
    """A calendar day as an instant: its start in Vietnam time."""
    return datetime.combine(day, time(), VIETNAM)


def item_date(item: Item) -> datetime:
    """The instant an item is filed under: a post's date, a document's issue, a procedure's update."""
    if isinstance(item, Post):
        return item.date.astimezone(VIETNAM)
    if isinstance(item, Document):
        return midnight(item.issued)
    return midnight(item.updated)


def item_updated(item: Item) -> datetime:
    """The instant an item last changed for its readers: its ``updated`` key, else its date."""
    if isinstance(item, Post) and item.updated:
        return max(item.updated, item.date).astimezone(VIETNAM)
    if isinstance(item, Document) and item.updated:
        return midnight(max(item.updated, item.issued))
    return item_date(item)


def post_guid(post: Post, site: FeedSite) -> str:
    """The post's permanent guid: its ``id:``, by default its file name (see the module docstring)."""
    name = post.identity
    prefix = _YEAR_PREFIX.match(name)
    return site.tag(int(prefix[1]) if prefix else _filed_year(post, post.date.year), f"tin-bai/{name}")


def document_guid(document: Document, site: FeedSite) -> str:
    """A document's permanent guid: the year it is filed under and its file name."""
    return site.tag(_filed_year(document, document.issued.year), f"van-ban/{document.source.stem}")


def _filed_year(item: Item, dated: int) -> int:
    """The year of the folder the file is in (``plans/2023/…``), which an edit of its date leaves alone;
    the year of its date for a file outside year folders."""
    folder = item.source.parent.name
    return int(folder) if _YEAR_FOLDER.fullmatch(folder) else dated


def change_guid(procedure: Procedure, site: FeedSite) -> str:
    """One guid per change of a procedure: its code, new status and date of change."""
    return site.tag(procedure.updated.year, f"thu-tuc/{procedure.code}/{procedure.status}/{procedure.updated.isoformat()}")


@functools.cache
def atom_enclosure() -> type:
    """The feedgen extension writing an Atom entry's ``<link rel="enclosure">`` with its type and length.

    feedgen 1.0.0 writes an Atom entry's links with their ``href`` only
    (lkiesow/python-feedgen#135, #143): an enclosure would become a second
    alternate link. RSS enclosures are unaffected and still come from feedgen.
    """
    from feedgen.ext.base import BaseEntryExtension
    from feedgen.util import xml_elem

    class AtomEnclosure(BaseEntryExtension):
        def __init__(self) -> None:
            self.enclosure: Enclosure | None = None

        def extend_atom(self, entry):
            """Append the enclosure link to the entry element."""
            if self.enclosure:
                attributes = {"rel": "enclosure", "type": self.enclosure.mime, "length": str(self.enclosure.length)}
                xml_elem("link", entry, href=self.enclosure.url, **attributes)
            return entry

    return AtomEnclosure


class FeedWriter:
    """Turns channels into RSS and Atom bytes; each item's entry is built once."""

    def __init__(
        self, site: FeedSite, portal: Portal, photos: PhotoLookup, fallback: datetime, memo_dir: Path | None = None
    ):
        self.site = site
        self.memo_dir = memo_dir
        self.memo_salt = "\0".join((
            str(site.directory_urls), repr(site.markdown_extensions), repr(site.markdown_configs),
            memo.source_of(__file__), memo.source_of(references.__file__), memo.source_of(sanitize.__file__),
            metadata.version("markdown"), metadata.version("pymdown-extensions"), metadata.version("nh3"),
            repr(site.settings.embed_hosts),
        ))
        self.sanitizer = sanitize.Sanitizer(tuple(site.settings.embed_hosts))
        self.logo = EMBLEM_PNG if site.emblem == DEFAULT_EMBLEM else (
            site.emblem if site.emblem.lower().endswith((".png", ".jpg", ".jpeg", ".gif")) else "")
        self.fallback = fallback
        self.photos = photos
        import markdown

        self.markdown = markdown.Markdown(
            extensions=list(site.markdown_extensions), extension_configs=site.markdown_configs
        )
        self.by_source = {item.source: item for item in portal.items()}
        self.references = ReferenceIndex.of_portal(portal, site.settings.commune.authority)
        self.entries: dict[str, Entry] = {}
        commune = site.settings.commune
        self.authority, self.email = commune.authority, commune.email

    def updated(self, channel: Channel) -> datetime:
        """lastBuildDate / Atom ``updated``: the newest item's date, never the clock.

        A date from the clock would change the bytes of every build, so caches
        and aggregators would see an update that is none. An empty channel takes
        ``fallback``, the newest date of all channels (see ``write_feeds``).
        """
        return max(map(item_updated, channel.items)) if channel.items else self.fallback

    def rss(self, channel: Channel) -> bytes:
        """The channel as RSS 2.0 with content:encoded, dc:creator and atom:link rel=self."""
        return self._generator(channel, channel.rss, atom=False).rss_str(pretty=True)

    def atom(self, channel: Channel) -> bytes:
        """The channel as Atom 1.0."""
        return self._generator(channel, channel.atom, atom=True).atom_str(pretty=True)

    def _generator(self, channel: Channel, self_url: str, atom: bool):
        """A feedgen feed of ``channel`` for one format, whose own address is ``self_url``."""
        from feedgen.feed import FeedGenerator

        feed = FeedGenerator()
        feed.load_extension("dc", atom=False, rss=True)
        feed.load_extension("media")
        feed.id(self.site.absolute(self_url))
        feed.title(xml_text(f"{channel.title} – {self.site.name}"))
        feed.description(xml_text(channel.about))
        # feedgen gives RSS's <link> the last link added: the page, not the feed itself.
        feed.link(href=self.site.absolute(self_url), rel="self")
        feed.link(href=self.site.absolute(channel.page), rel="alternate")
        feed.language("vi")
        feed.author(name=xml_text(self.authority), email=xml_text(self.email))
        feed.generator("congtt")
        feed.ttl(TTL_MINUTES)
        feed.icon(self.site.absolute(self.site.emblem))
        if self.logo:  # RSS's <image> must be GIF, JPEG or PNG; feedgen writes it with Atom's <logo>
            feed.logo(self.site.absolute(self.logo))
        feed.updated(self.updated(channel))
        # Atom readers tell entries apart by «updated» too (the W3C validator warns of two equal ones):
        # entries of one day, such as the procedures of one decision, are a second apart.
        seen: set[datetime] = set()
        for item in channel.items:
            entry = self.entry(item)
            moment = entry.updated or entry.date
            while moment in seen:
                moment += timedelta(seconds=1)
            seen.add(moment)
            self._add(feed, entry, atom, moment)
        feed.updated(max([self.updated(channel), *seen]))
        return feed

    def _add(self, feed, entry: Entry, atom: bool, updated: datetime) -> None:
        """Append one entry, every text cleaned for XML."""
        target = feed.add_entry(order="append")
        target.register_extension("congtt", atom_enclosure(), atom=True, rss=False)
        target.guid(entry.guid, permalink=False)
        target.title(xml_text(entry.title))
        target.link(href=entry.link, rel="alternate")
        target.published(entry.date)
        target.updated(updated)
        # RSS readers take <description> as HTML: the summary, plain text, is escaped as HTML too (and
        # Atom told so), or a summary reading «<img onerror=…>» would run in the province's aggregator.
        target.summary(escape_html(xml_text(entry.summary), quote=False), type="html")
        target.content(xml_text(entry.html), type="html")
        target.author(name=xml_text(entry.author))
        target.dc.dc_creator(xml_text(entry.author))
        for category in entry.categories:
            target.category({key: xml_text(value) for key, value in category.items()})
        if entry.thumbnail:
            target.media.thumbnail(entry.thumbnail, group=None)
        if atom:
            target.congtt.enclosure = entry.enclosure
        elif entry.enclosure:
            target.enclosure(entry.enclosure.url, entry.enclosure.length, entry.enclosure.mime)

    def entry(self, item: Item) -> Entry:
        """The entry of any item, built on first use."""
        if item.url not in self.entries:
            build = {Post: self._post, Document: self._document, Procedure: self._change}[type(item)]
            self.entries[item.url] = build(item)
        return self.entries[item.url]

    def _post(self, post: Post) -> Entry:
        """A news post: cover photo first, then the body, as on its page."""
        categories = [self._category(post.category, "categories", urls.category(post.category))]
        categories += [self._category(area, "cchc_areas", urls.area(area)) for area in post.cchc]
        categories += [{"term": tag, "label": tag} for tag in post.tags]
        cover = ""
        if post.image:
            src = escape(self.site.absolute(post.image.url))
            cover = f'<figure><img src="{src}" alt="{escape(post.image_alt)}"></figure>\n'
        return Entry(
            guid=post_guid(post, self.site),
            title=post.title,
            link=self.site.absolute(post.url),
            date=item_date(post),
            updated=item_updated(post),
            summary=post.summary or post.title,
            html=cover + self.body_html(post),
            author=post.author or self.authority,
            categories=tuple(categories),
            enclosure=self.enclosure(post.image) if post.image else None,
            thumbnail=self.thumbnail(post.image) if post.image else None,
        )

    def _document(self, document: Document) -> Entry:
        """A document: "Kế hoạch số 56/KH-UBND: …", its body and its attachments."""
        kind = names(self.site.settings.document_kinds)[document.kind]
        title = f"{kind} số {document.number}: {document.title}" if document.number else f"{kind}: {document.title}"
        files = "".join(
            f'<li><a href="{escape(self.site.absolute(a.url))}">{escape(a.title or a.path.name)}</a></li>'
            for a in document.attachments
        )
        categories = [self._category(document.kind, "document_kinds", urls.kind(document.kind))]
        categories += [self._category(area, "cchc_areas", urls.area(area)) for area in document.cchc]
        return Entry(
            guid=document_guid(document, self.site),
            title=title,
            link=self.site.absolute(document.url),
            date=item_date(document),
            updated=item_updated(document),
            summary=document.summary or title,
            html=self.body_html(document) + (f"\n<p>Tệp văn bản:</p>\n<ul>{files}</ul>" if files else ""),
            author=document.issuer or self.authority,
            categories=tuple(categories),
            enclosure=self.enclosure(document.attachments[0]) if document.attachments else None,
        )

    def _change(self, procedure: Procedure) -> Entry:
        """A procedure change: what changed, by which decision, then the procedure's own text."""
        label = CHANGE_LABELS[procedure.status]
        field_name = names(self.site.settings.tthc_fields)[procedure.field]
        facts = [f"Tình trạng: {label}", f"Mã thủ tục: {procedure.code}", f"Lĩnh vực: {field_name}"]
        facts += [f"Quyết định công bố: {procedure.decision}"] if procedure.decision else []
        facts += [f"Quyết định sửa đổi, bãi bỏ: {procedure.change_decision}"] if procedure.change_decision else []
        facts += [f"Nội dung thay đổi: {procedure.change_note}"] if procedure.change_note else []
        listing = "".join(f"<li>{escape(fact)}</li>" for fact in facts)
        return Entry(
            guid=change_guid(procedure, self.site),
            title=f"{label}: {procedure.title}",
            link=self.site.absolute(procedure.url),
            date=item_date(procedure),
            summary=procedure.change_note or f"{label} thủ tục «{procedure.title}» (mã {procedure.code}), lĩnh vực {field_name}.",
            html=f"<ul>{listing}</ul>\n" + self.body_html(procedure),
            author=procedure.agency or self.authority,
            categories=(self._category(procedure.field, "tthc_fields", urls.field(procedure.field)),),
        )

    def _category(self, slug: str, vocabulary: str, page: str) -> dict:
        """A category as feedgen takes it: slug, Vietnamese name from a configured vocabulary, its page."""
        label = names(getattr(self.site.settings, vocabulary))[slug]
        return {"term": slug, "label": label, "scheme": self.site.absolute(page)}

    def body_html(self, item: Item) -> str:
        """The item's Markdown body as the site renders it, with every URL made absolute."""
        source = xml_text(rewrite_body(item, self.by_source))
        cited = [d.url for d in self.references.cites.get(item.url, [])]
        key = ("feed-body", self.memo_salt, source, item.url, repr(cited), self.site.absolute(item.url))
        return memo.remembered(self.memo_dir, key, lambda: self._convert(item, source))

    def _convert(self, item: Item, source: str) -> str:
        """Convert one body (what ``body_html`` keeps between builds)."""
        html = self.references.link_html(self.sanitizer.clean(self.markdown.reset().convert(source)), item.url)
        return absolute_html(html, self.site.absolute(item.url), self.site.directory_urls)

    def thumbnail(self, asset: Asset) -> dict | None:
        """The smallest published variant of a cover photo at least 300 pixels wide, for media:thumbnail."""
        photo = self.photos(asset)
        fallbacks = [v for v in photo.variants if v.mime == photo.fallback_mime]
        chosen = next((v for v in fallbacks if v.width >= 300), fallbacks[-1])
        return {"url": self.site.absolute(chosen.url), "width": str(chosen.width), "height": str(chosen.height)}

    def enclosure(self, asset: Asset) -> Enclosure:
        """An asset as served: a photo's published variant (never the original), a file as it is."""
        url = self.site.absolute(asset.url)
        if asset.is_image:
            photo = self.photos(asset)
            return Enclosure(url, photo.served.cached.stat().st_size, photo.fallback_mime)
        mime = _TYPES.guess_type(asset.path.name)[0] or "application/octet-stream"
        return Enclosure(url, asset.size, mime)


def absolute_html(html: str, base: str, directory_urls: bool = True) -> str:
    """Resolve every ``href``, ``src`` and ``srcset`` against ``base``; ``….md`` links become page URLs.

    An aggregator shows the HTML on another site, where a relative link would
    point into that site.
    """
    if not html.strip():
        return ""
    import lxml.html

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    root.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    for element in root.iter():
        href = element.get("href")
        if href:
            element.set("href", _page_link(href, directory_urls))
        srcset = element.get("srcset")
        if srcset:
            element.set("srcset", _absolute_srcset(srcset, base))
    inner = lxml.html.tostring(root, encoding="unicode")
    return inner[len("<div>") : -len("</div>")]


def _page_link(href: str, directory_urls: bool) -> str:
    """``…/x/index.md#a`` → ``…/x/#a``, as MkDocs publishes a Markdown page."""
    parts = urlsplit(href)
    if not parts.path.endswith(".md"):
        return href
    folder, _, name = parts.path.rpartition("/")
    stem = name[: -len(".md")]
    if stem in ("index", "README"):
        page = f"{folder}/" if directory_urls else f"{folder}/index.html"
    else:
        page = f"{folder}/{stem}/" if directory_urls else f"{folder}/{stem}.html"
    return parts._replace(path=page).geturl()


def _absolute_srcset(srcset: str, base: str) -> str:
    """Resolve each candidate URL of a ``srcset`` (lxml leaves the attribute alone)."""
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        candidates.append(f"{urljoin(base, url)} {descriptor.strip()}".strip())
    return ", ".join(candidates)


def write_feeds(
    site_dir: Path, portal: Portal, now: datetime, site: FeedSite, photos: PhotoLookup, memo_dir: Path | None = None
) -> list[Path]:
    """Write every channel as RSS and Atom under ``site_dir``; return the files written.

    Used by the build and by ``congtt feeds``. A file whose bytes are unchanged
    is left as it is (its modification time too). With ``memo_dir``, each
    item's converted body is kept there between builds (see ``memo``).
    """
    visible = portal.published(now)
    channels = [channel for group in channel_groups(visible, site.settings, now) for channel in group.channels]
    # The Unix epoch only when the portal has nothing dated at all.
    newest = max((item_updated(i) for c in channels for i in c.items), default=datetime.fromtimestamp(0, VIETNAM))
    writer = FeedWriter(site, visible, photos, newest, memo_dir)
    written = []
    for channel in channels:
        rss, atom = _within(writer, channel, site.settings.feed_max_kb * 1000)
        for name, data in ((channel.rss, rss), (channel.atom, atom)):
            _write(site_dir / name, data)
            written.append(site_dir / name)
    return written


def _within(writer: "FeedWriter", channel: Channel, limit: int) -> tuple[bytes, bytes]:
    """The channel as RSS and Atom, its oldest items left out until both files fit in ``limit`` bytes
    (one item always stays). Both formats keep the same items."""
    while True:
        rss, atom = writer.rss(channel), writer.atom(channel)
        size = max(len(rss), len(atom))
        if size <= limit or len(channel.items) <= 1:
            return rss, atom
        keep = max(1, min(len(channel.items) - 1, len(channel.items) * limit // size))
        channel = dataclasses.replace(channel, items=channel.items[:keep])


def _write(path: Path, data: bytes) -> None:
    """Write ``path`` when its bytes change, and its ``.gz`` when one lies beside it.

    A web server with ``gzip_static`` would otherwise keep serving the old,
    pre-compressed feed after ``congtt feeds`` rewrote the plain one.
    """
    if not (path.exists() and path.read_bytes() == data):
        atomic.write(path, data)
    compressed = path.with_name(path.name + ".gz")
    if compressed.exists():
        packed = gzip_bytes(data)
        if compressed.read_bytes() != packed:
            atomic.write(compressed, packed)
