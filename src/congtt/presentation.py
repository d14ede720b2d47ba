"""What templates need: Vietnamese formatting filters and each item's page metadata."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import segno
from jinja2 import Environment
from markupsafe import Markup, escape

from . import dates
from . import urls
from .config import CongttConfig, names
from .images import Photo
from .listings import Listing
from .model import Item, Post
from .schema import DOCUMENT_STATUSES, ONLINE_LEVELS, PROCEDURE_STATUSES, TASK_STATUSES


def page_meta(item: Item, template: str, now: datetime) -> dict:
    """Metadata MkDocs and Material read from a page, plus the model for our templates.

    Title and description are escaped here because Material's templates print
    them without escaping (``<title>``, ``<meta name=description>``, the
    header); as ``Markup`` they are not escaped twice by the engine's templates.
    """
    description = getattr(item, "summary", "") or item.title
    return {
        # A news post reads top to bottom: a «Mục lục» column beside it served nothing.
        "hide": ["toc"] if isinstance(item, Post) else [],
        "title": escape(item.title),
        "template": template,
        "description": escape(description),
        "item": item,
        "build_date": now.date(),
        "now": now,
    }


def listing_meta(listing: Listing) -> dict:
    """Metadata of a generated listing page; its template is named after its kind."""
    return {"title": escape(listing.title), "template": f"{listing.kind}.html", "listing": listing}


# What Material prints unescaped from a page's metadata.
_MATERIAL_TEXT_META = ("title", "description", "author")


def escape_meta(page) -> None:
    """Make the texts Material prints from a page's metadata safe HTML, whatever page they come from.

    The fixed pages in ``content/`` carry front-matter staff write, and a page
    without a ``title`` gets one from its first heading, as plain text; both
    reach Material's ``<title>`` and ``<meta>`` tags unescaped. Already
    escaped values (``Markup``) are left as they are.
    """
    if "title" not in page.meta and page.title:
        page.meta["title"] = str(page.title)
    for key in _MATERIAL_TEXT_META:
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = escape(value)


def own_templates(*folders) -> frozenset[str]:
    """The template names found in the engine's and the portal's theme folders."""
    return frozenset(p.relative_to(f).as_posix() for f in folders for p in f.rglob("*.html"))


def autoescape_for(own: frozenset[str]):
    """Jinja's ``autoescape`` choice: on for the engine's and the portal's templates, off for Material's.

    Every value from content is text in the engine's templates. Material's own
    templates were written for MkDocs' non-escaping environment (they print
    ``page.content`` and ``page.toc`` as HTML), so they stay as they are; what
    they print from content is escaped beforehand (``escape_meta``).
    """
    return lambda name: name in own


DEFAULT_EMBLEM = "assets/emblem.svg"
DEFAULT_FAVICON = "assets/favicon.svg"
# The default emblem drawn at 144 pixels (RSS's largest <image>) by Chromium, for what takes no SVG.
EMBLEM_PNG = "assets/emblem.png"


def emblem_path(settings: CongttConfig, docs_dir: Path) -> str:
    """The banner's emblem as a site path: the commune's own file under ``docs_dir``, or congtt's.

    A configured emblem that is not there would leave a broken image at the
    top of every page; the build stops and says where the file must be.
    """
    chosen = settings.commune.emblem.strip().lstrip("/")
    if not chosen:
        return DEFAULT_EMBLEM
    docs = docs_dir.resolve()
    target = (docs / chosen).resolve()
    if not target.is_relative_to(docs) or not target.is_file():
        raise ValueError(
            f"Không tìm thấy ảnh biểu trưng «{chosen}» (commune.emblem trong mkdocs.yml): hãy chép tệp ảnh "
            f"(SVG hoặc PNG) vào thư mục «{docs_dir.name}» và ghi đường dẫn tính từ thư mục đó, ví dụ images/logo.svg; "
            "hoặc xóa dòng này để dùng biểu trưng mặc định."
        )
    return target.relative_to(docs).as_posix()


def favicon_path(emblem: str) -> str:
    """The browser tab's icon: the commune's emblem, or for congtt's own a plain disc and star that
    reads at 16 pixels (and weighs a fifth of it)."""
    return DEFAULT_FAVICON if emblem == DEFAULT_EMBLEM else emblem


def breadcrumbs(titles: Mapping[str, str], page) -> list[tuple[str, str | None]]:
    """The trail above a page: home, its navigation sections, the generated pages whose address
    begins its own (``tin-tuc/`` › ``tin-tuc/2026/`` › ``tin-tuc/2026/07/``), then the page (no link).

    ``titles`` maps the generated pages' URLs to their headings. Posts, documents
    and procedures are not in MkDocs' navigation; their address says where they
    belong, so the trail needs no rule per content type.
    """
    if page.is_homepage or not page.url:
        return []
    trail: list[tuple[str, str | None]] = [("Trang chủ", "")]
    for section in reversed(page.ancestors):
        first = _first_page(section)
        if first is not None and first.url != page.url:
            trail.append((section.title, first.url))
    parts = page.url.rstrip("/").split("/")
    for depth in range(1, len(parts)):
        prefix = "/".join(parts[:depth]) + "/"
        if prefix in titles:
            trail.append((titles[prefix], prefix))
    item = page.meta.get("item")
    trail.append((item.title if item is not None else page.meta.get("title") or page.title or "", None))
    return trail


def _first_page(section):
    """The first page below a navigation section, which stands for the section."""
    for child in section.children:
        if child.is_page:
            return child
        found = _first_page(child) if child.is_section else None
        if found is not None:
            return found
    return None


def file_size(size: int) -> str:
    """A file size as staff and citizens read it: ``35 KB``, ``1,2 MB``."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def install(env: Environment, settings: CongttConfig) -> None:
    """Register filters and the vocabulary names used by the theme."""
    env.filters["ngay"] = dates.format_day
    env.filters["ngay_gio"] = dates.format_datetime
    env.filters["dia_danh_ngay"] = dates.format_place_date
    env.filters["dung_luong"] = file_size
    env.filters["qr_svg"] = qr_svg
    env.globals["urls"] = urls  # every generated address (see ``urls``)
    env.globals["congtt"] = {
        "commune": settings.commune,
        "categories": names(settings.categories),
        "cchc_areas": names(settings.cchc_areas),
        "channels": names(settings.channels),
        "tthc_fields": names(settings.tthc_fields),
        "document_kinds": names(settings.document_kinds),
        "document_statuses": DOCUMENT_STATUSES,
        "procedure_statuses": PROCEDURE_STATUSES,
        "online_levels": ONLINE_LEVELS,
        "task_statuses": TASK_STATUSES,
    }


SIZES = "(max-width: 45em) 100vw, 45em"


def picture_html(photo: Photo, alt: str, page_url: str, lazy: bool = True, sizes: str = SIZES) -> Markup:
    """A ``<picture>`` with WebP and fallback ``srcset``, fixed dimensions and lazy loading."""

    def relative(url: str) -> str:
        return posixpath.relpath(url, page_url or ".")

    def srcset(mime: str) -> str:
        return ", ".join(f"{relative(v.url)} {v.width}w" for v in photo.variants if v.mime == mime)

    loading = 'loading="lazy" decoding="async"' if lazy else 'fetchpriority="high" decoding="async"'
    return Markup(
        f'<picture><source type="image/webp" srcset="{srcset("image/webp")}" sizes="{sizes}">'
        f'<img src="{relative(photo.url)}" srcset="{srcset(photo.fallback_mime)}" sizes="{sizes}" '
        f'width="{photo.width}" height="{photo.height}" alt="{escape(alt)}" {loading}></picture>'
    )


_IMG = re.compile(r'<img\b(?P<attrs>[^>]*?)\s*/?>')
_ATTR = re.compile(r'(?P<name>[a-z-]+)="(?P<value>[^"]*)"')


def responsive_images(html: str, page_url: str, photos: dict[str, Photo]) -> str:
    """Replace each ``<img>`` of a known photo with its ``<picture>``; the alt text is kept as written."""

    def replace(match: re.Match[str]) -> str:
        attrs = {m["name"]: m["value"] for m in _ATTR.finditer(match["attrs"])}
        target = posixpath.normpath(posixpath.join(page_url, attrs.get("src", "")))
        photo = photos.get(target)
        if photo is None:
            return match.group(0)
        return picture_html(photo, Markup(attrs.get("alt", "")), page_url)

    return _IMG.sub(replace, html)


def picture_for(photos: dict[str, Photo], asset, alt: str, page_url: str, lazy: bool = True, sizes: str = SIZES):
    """Template helper: the ``<picture>`` of a published photo asset (empty if none)."""
    photo = photos.get(asset.url) if asset else None
    return picture_html(photo, alt, page_url, lazy, sizes) if photo else ""


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str) -> Markup:
    """An inline SVG QR code of ``url``, for the printed sheet at the one-stop shop.

    The mask is fixed: every mask gives a valid code, and choosing the "best"
    of eight costs three times as much, for each of hundreds of procedures.
    """
    # A viewBox instead of a fixed size: the printed sheet scales it to whole centimetres; with only
    # width and height the stylesheet's size cut off its right-hand finder square.
    return Markup(segno.make(url, error="m", mask=0).svg_inline(scale=3, omitsize=True, title=f"Mã QR dẫn tới {url}"))


def robots_txt(site_url: str | None) -> str:
    """Allow every crawler and point it at the sitemap."""
    sitemap = f"Sitemap: {site_url.rstrip('/')}/sitemap.xml\n" if site_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"
