"""Pages that moved: their old addresses keep answering, with a page that sends the reader on.

An item's address follows its ``slug`` (and a post's date, a procedure's field), and people link to
it from Zalo, from the province's portal, from printed handouts. When the address changes, the old
one would answer 404. Two sources say where an item has been:

- ``aliases:`` in its front-matter, written by hand (``tin-tuc/2024/03/ten-cu/``), kept in git;
- the record of every address each item was published at by ``congtt build``
  (``.cache/congtt/addresses.json``, beside the other caches of the server's build), so that a
  slug changed without an alias still redirects.

An old address now taken by another page is left to that page. Redirect pages are not pages of the
portal: the sitemap, the search and the feeds never list them.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from posixpath import relpath

from . import atomic
from .model import Document, Item, Post

RECORD = Path(".cache/congtt/addresses.json")


def identity(item: Item) -> str:
    """What stays when the address changes: a post's id, a document's file, a procedure's code."""
    if isinstance(item, Post):
        return f"tin-bai/{item.identity}"
    if isinstance(item, Document):
        return f"van-ban/{item.source.stem}"
    return f"thu-tuc/{item.code}"


def read_record(path: Path) -> dict[str, list[str]]:
    """The addresses each item was published at; empty when there is no readable record."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: [url for url in urls if isinstance(url, str)] for key, urls in data.items() if isinstance(urls, list)}


def write_record(path: Path, record: dict[str, list[str]], items: list[Item]) -> None:
    """Add each published item's address to ``record`` and write it (see ``atomic``)."""
    updated = {key: list(urls) for key, urls in record.items()}
    for item in items:
        urls = updated.setdefault(identity(item), [])
        if item.url not in urls:
            urls.append(item.url)
    atomic.write(path, json.dumps(updated, ensure_ascii=False, indent=0, sort_keys=True))


def redirects(items: list[Item], record: dict[str, list[str]], taken: set[str]) -> dict[str, Item]:
    """Old address → the item now elsewhere, from aliases and the record; never an address in use."""
    found: dict[str, Item] = {}
    for item in items:
        for url in (*item.aliases, *record.get(identity(item), ())):
            if url != item.url and url not in taken:
                found.setdefault(url, item)
    return found


def page(item: Item, old_url: str, site_url: str) -> str:
    """The page at an old address: it sends browsers on at once, and says where to in Vietnamese."""
    href, title = escape(relpath(item.url, old_url) + "/"), escape(item.title)
    canonical = f'<link rel="canonical" href="{escape(site_url + item.url)}">' if site_url else ""
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang đã chuyển địa chỉ</title>'
        f'{canonical}<meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url={href}">'
        f'</head><body><p>Trang này đã chuyển tới địa chỉ mới: <a href="{href}">{title}</a>.</p></body></html>\n'
    )
