"""``sitemap.xml``: every page of the portal, with the date its content carries.

MkDocs' own sitemap lists the pages it rendered and stamps each with the build
date, so the file changed every day (a daily deployment for nothing) and said
nothing true about when a page changed. Pages kept from the render cache (see
``pagecache``) never reach MkDocs at all. This one lists every page, sorted by
address, and gives an item the date it was published, issued or last updated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from .model import Document, Item, Post, Procedure

FILE = "sitemap.xml"


def item_date(item: Item) -> date | None:
    """The date a reader would call the item's own: posted, issued, or last updated."""
    if isinstance(item, Post):
        return max(item.updated or item.date, item.date).date()
    if isinstance(item, Document):
        return max(item.updated or item.issued, item.issued)
    if isinstance(item, Procedure):
        return item.updated
    return None


def sitemap_xml(site_url: str, pages: Iterable[tuple[str, date | None]]) -> str:
    """The sitemap of ``pages`` (site-relative URL, date or None), one entry per URL, sorted."""
    base = site_url.rstrip("/") + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, day in sorted(dict(pages).items()):
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        lines.append(f"  <url><loc>{escape(base + url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(site_dir: Path, site_url: str, pages: Iterable[tuple[str, date | datetime | None]]) -> None:
    """Write ``sitemap.xml`` at the top of the site."""
    (site_dir / FILE).write_text(sitemap_xml(site_url, pages), encoding="utf-8")
