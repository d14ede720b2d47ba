"""sitemap.xml lists every page once, with the date of its content, never the build date."""

from __future__ import annotations

import pytest

from datetime import date

from lxml import etree

from congtt.sitemap import sitemap_xml
from conftest import run

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_entries_are_sorted_unique_escaped_and_dated_when_known():
    xml = sitemap_xml("https://xa.example.vn/", [("tin-tuc/b/", date(2026, 1, 2)), ("", None), ("a&b/", None), ("", None)])
    root = etree.fromstring(xml.encode())
    locations = [loc.text for loc in root.iterfind("s:url/s:loc", NS)]
    assert locations == ["https://xa.example.vn/", "https://xa.example.vn/a&b/", "https://xa.example.vn/tin-tuc/b/"]
    assert [m.text for m in root.iterfind("s:url/s:lastmod", NS)] == ["2026-01-02"]


@pytest.mark.slow
def test_the_built_sitemap_lists_items_with_their_dates_and_the_fixed_pages(portal):
    for now in ("2026-11-23T08:00:00+07:00", "2026-11-24T08:00:00+07:00"):
        assert run(portal, "build", "--now", now, "--site-dir", str(portal / now[:10])).exit_code == 0
    first, second = ((portal / day / "sitemap.xml").read_bytes() for day in ("2026-11-23", "2026-11-24"))
    assert first == second
    root = etree.fromstring(first)
    entries = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS) for u in root.iterfind("s:url", NS)}
    base = next(iter(sorted(entries)))
    assert entries[base] is None
    assert entries[base + "tin-tuc/2023/06/dang-ky-khai-sinh-truc-tuyen/"] == "2023-06-15"
    assert base + "thu-tuc-hanh-chinh/" in entries and base + "tim-kiem/" in entries
    assert not (portal / "2026-11-23" / "sitemap.xml.gz").read_bytes()[4:8].strip(b"\0")
