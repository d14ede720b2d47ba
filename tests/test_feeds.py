"""RSS and Atom feeds: valid for two independent parsers, absolute, stable, defensive."""

from __future__ import annotations

import calendar
import gzip
import json
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from PIL import Image

from conftest import FIXTURES, run
from congtt import feeds
from congtt.feeds import absolute_html, xml_text

NOW = "2026-11-23T08:00:00+07:00"
SITE = "https://thunghiem.example.gov.vn/"
JS = Path(__file__).parent / "js"
COVER_POST = "2024-03-01-hoi-nghi-cai-cach-hanh-chinh"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _copy(tmp_path: Path) -> Path:
    """A writable copy of the feeds fixture portal."""
    target = tmp_path / "portal"
    shutil.copytree(FIXTURES / "feeds", target)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The feeds fixture built once by MkDocs, as of 23/11/2026."""
    portal = _copy(tmp_path_factory.mktemp("feeds"))
    result = run(portal, "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    return portal / "site"


def _feed_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.xml") if p.name in ("rss.xml", "atom.xml"))


def _parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    return feed


def _contents(path: Path) -> list[str]:
    """Each item's HTML as written (feedparser would sanitise it: it drops ``srcset``)."""
    root = lxml.etree.parse(str(path)).getroot()
    return [e.text for e in root.iter(CONTENT, ATOM + "content")]


def _write_feeds(portal: Path, site: Path, *extra: str):
    result = run(portal, "feeds", "--site-dir", str(site), "--now", NOW, *extra)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.slow
def test_every_feed_parses_with_feedparser_and_lxml(built):
    files = _feed_files(built)
    # Main feeds, 3 default categories, 7 default CCHC areas, documents, procedure changes.
    assert len(files) == 2 * (1 + 3 + 7 + 1 + 1)
    for path in files:
        lxml.etree.parse(str(path))
        feed = _parse(path)
        assert feed.version == ("rss20" if path.name == "rss.xml" else "atom10"), path
        assert feed.feed.language == "vi", path
    main = _parse(built / "rss.xml")
    assert [e.title for e in main.entries] == [
        "Hội nghị tuyên truyền cải cách hành chính",
        "Lịch tiếp công dân <script>alert('x')</script> & lịch trực",
        "Hội nghị triển khai nhiệm vụ năm 2024",
    ]


def test_channel_carries_self_link_ttl_and_a_date_from_its_content(built):
    channel = lxml.etree.parse(str(built / "rss.xml")).getroot().find("channel")
    assert channel.findtext("link") == SITE + "tin-tuc/"
    assert channel.find(f"{ATOM}link").attrib == {"href": SITE + "rss.xml", "rel": "self"}
    assert channel.findtext("ttl") == "60"
    assert channel.findtext("language") == "vi"
    # The newest post's date, not the build's: the build ran on 23/11/2026.
    assert channel.findtext("lastBuildDate") == "Fri, 01 Mar 2024 09:15:00 +0700"
    atom = lxml.etree.parse(str(built / "atom.xml")).getroot()
    assert atom.findtext(f"{ATOM}updated") == "2024-03-01T09:15:00+07:00"
    assert atom.find(f"{ATOM}link[@rel='self']").get("href") == SITE + "atom.xml"


def test_every_url_is_absolute_in_items_and_their_html(built):
    for path in _feed_files(built):
        for entry in _parse(path).entries:
            assert entry.link.startswith(SITE)
            for link in entry.get("links", []):
                assert link.href.startswith(SITE), (path, link)
        for html in _contents(path):
            fragment = lxml.html.fragment_fromstring(html, create_parent="div")
            for _element, attribute, link, _pos in fragment.iterlinks():
                assert link.startswith(SITE) or link == "https://dichvucong.gov.vn/", (path, attribute, link)
            for element in fragment.iter("img"):
                for candidate in filter(None, (element.get("srcset") or "").split(",")):
                    assert candidate.strip().startswith(SITE), (path, candidate)
    html = _contents(built / "rss.xml")[0]
    page = SITE + "tin-tuc/2024/03/hoi-nghi-cai-cach-hanh-chinh/"
    assert f'href="{SITE}tin-tuc/2024/02/thong-bao-lich-tiep-dan/"' in html
    assert f'href="{page}#phan-hai"' in html
    assert f'src="{page}anh/huong-dan.png"' in html
    assert f'srcset="{page}anh/huong-dan.png 1x, {page}anh/huong-dan.png 2x"' in html
    assert f'<figure><img src="{page}anh/hoi-nghi.jpg" alt="Hội trường UBND xã trong buổi hội nghị"></figure>' in html


def test_dates_are_vietnam_time(built):
    rss = lxml.etree.parse(str(built / "rss.xml")).getroot()
    assert [d.text for d in rss.iter("pubDate")] == [
        "Fri, 01 Mar 2024 09:15:00 +0700",
        "Thu, 01 Feb 2024 14:30:00 +0700",
        "Wed, 10 Jan 2024 08:00:00 +0700",
    ]
    atom = lxml.etree.parse(str(built / "atom.xml")).getroot()
    stamps = [e.text for tag in ("updated", "published") for e in atom.iter(ATOM + tag)]
    assert stamps and all(s.endswith("+07:00") for s in stamps)
    first = _parse(built / "atom.xml").entries[0]
    expected = datetime(2024, 3, 1, 2, 15, tzinfo=timezone.utc)
    assert calendar.timegm(first.published_parsed) == expected.timestamp()


def test_items_newest_first_without_drafts_or_scheduled_posts(built):
    text = "\n".join(p.read_text("utf-8") for p in _feed_files(built))
    for absent in ("SENTINEL-DRAFT-FEED", "ban-nhap", "SENTINEL-SCHEDULED-FEED", "hen-gio"):
        assert absent not in text
    for path in _feed_files(built):
        dates = [calendar.timegm(e.published_parsed) for e in _parse(path).entries]
        assert dates == sorted(dates, reverse=True), path


def test_item_has_summary_categories_author_and_guid(built):
    rss = lxml.etree.parse(str(built / "rss.xml")).getroot()
    item = rss.find("channel/item")
    assert item.findtext("description") == "Người dân được hướng dẫn nộp hồ sơ trực tuyến."
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Trần Văn Bình"
    assert [(c.text, c.get("domain")) for c in item.iter("category")] == [
        ("Cải cách hành chính", SITE + "tin-tuc/chuyen-muc/cai-cach-hanh-chinh/"),
        ("Cải cách thủ tục hành chính", SITE + "tin-tuc/cchc/tthc/"),
        ("Xây dựng chính quyền điện tử, chính quyền số", SITE + "tin-tuc/cchc/chinh-quyen-so/"),
    ]
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text == f"tag:thunghiem.example.gov.vn,2024:tin-bai/{COVER_POST}"
    area = _parse(built / "feeds/cchc/tthc/rss.xml")
    # A CCHC area's feed carries the area's documents too (issue 23), newest first.
    assert [e.title for e in area.entries] == [
        "Hội nghị tuyên truyền cải cách hành chính", "Kế hoạch số 12/KH-UBND: Tuyên truyền cải cách hành chính năm 2024"]
    assert _parse(built / "feeds/chuyen-muc/thong-bao/atom.xml").entries[0].link == SITE + "tin-tuc/2024/02/thong-bao-lich-tiep-dan/"


def test_enclosure_is_the_published_photo_with_its_real_size_and_type(built):
    item = lxml.etree.parse(str(built / "rss.xml")).getroot().find("channel/item")
    enclosure = item.find("enclosure")
    url = enclosure.get("url")
    assert url == SITE + "tin-tuc/2024/03/hoi-nghi-cai-cach-hanh-chinh/anh/hoi-nghi.jpg"
    served = built / url[len(SITE):]
    assert int(enclosure.get("length")) == served.stat().st_size
    source = FIXTURES / "feeds/news/2024/anh/hoi-nghi.jpg"
    assert served.read_bytes() != source.read_bytes()  # re-encoded, metadata-free variant
    with Image.open(served) as image:
        assert enclosure.get("type") == Image.MIME[image.format] == "image/jpeg"
    atom_entry = _parse(built / "atom.xml").entries[0]
    atom_enclosure = next(link for link in atom_entry.links if link.rel == "enclosure")
    assert (atom_enclosure.href, int(atom_enclosure.length)) == (url, served.stat().st_size)


def test_documents_feed_attaches_the_document_file(built):
    feed = lxml.etree.parse(str(built / "feeds/van-ban/rss.xml")).getroot()
    item = feed.find("channel/item")
    assert item.findtext("title") == "Kế hoạch số 12/KH-UBND: Tuyên truyền cải cách hành chính năm 2024"
    assert item.findtext("pubDate") == "Mon, 15 Jan 2024 00:00:00 +0700"
    enclosure = item.find("enclosure")
    served = built / enclosure.get("url")[len(SITE):]
    assert enclosure.get("url") == SITE + "van-ban/2024/ke-hoach-12-kh-ubnd/ke-hoach-12.pdf"
    assert (int(enclosure.get("length")), enclosure.get("type")) == (served.stat().st_size, "application/pdf")
    assert f'<a href="{SITE}van-ban/2024/ke-hoach-12-kh-ubnd/ke-hoach-12.pdf">Toàn văn Kế hoạch số 12/KH-UBND</a>' in item.findtext(CONTENT)


def test_procedure_change_dated_later_waits_for_its_day(tmp_path):
    portal = _copy(tmp_path)
    procedure = portal / "tthc/ho-tich/1.001193-dang-ky-khai-sinh.md"
    procedure.write_text(procedure.read_text("utf-8").replace("updated: 10/01/2024", "updated: 01/01/2027"), "utf-8")
    _write_feeds(portal, tmp_path / "site")
    titles = [e.title for e in _parse(tmp_path / "site/feeds/thu-tuc-hanh-chinh/rss.xml").entries]
    assert "Công bố mới: Đăng ký khai sinh" not in titles and len(titles) == 2
    _write_feeds(portal, tmp_path / "site", "--now", "2027-01-01T00:00:00+07:00")
    titles = [e.title for e in _parse(tmp_path / "site/feeds/thu-tuc-hanh-chinh/rss.xml").entries]
    assert titles[0] == "Công bố mới: Đăng ký khai sinh"


def test_procedure_changes_feed_labels_new_amended_and_abolished(built):
    feed = _parse(built / "feeds/thu-tuc-hanh-chinh/rss.xml")
    assert [e.title for e in feed.entries] == [
        "Bãi bỏ: Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Sửa đổi, bổ sung: Đăng ký kết hôn có yếu tố nước ngoài",
        "Công bố mới: Đăng ký khai sinh",
    ]
    assert feed.entries[1].id == "tag:thunghiem.example.gov.vn,2024:thu-tuc/2.000806/sua-doi/2024-02-20"
    assert feed.entries[1].summary == "Thẩm quyền chuyển về UBND cấp xã."
    assert "<li>Quyết định sửa đổi, bãi bỏ: Quyết định số 20/QĐ-UBND ngày 20/02/2024 của Chủ tịch UBND tỉnh</li>" in _contents(built / "feeds/thu-tuc-hanh-chinh/rss.xml")[1]


def test_title_with_script_and_ampersand_is_escaped(built):
    raw = (built / "rss.xml").read_text("utf-8")
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; lịch trực</title>" in raw
    assert "<script" not in raw
    for name in ("rss.xml", "atom.xml"):
        tree = lxml.etree.parse(str(built / name))
        titles = [t.text for t in tree.iter("title", ATOM + "title")]
        assert "Lịch tiếp công dân <script>alert('x')</script> & lịch trực" in titles


def test_control_characters_are_removed(tmp_path):
    portal = _copy(tmp_path)
    post = portal / "news/2024/2024-03-10-ky-tu-dieu-khien.md"
    post.write_text(
        '---\ntitle: "Tin có\\x07 ký tự điều khiển"\ndate: 10/03/2024 08:00\ncategory: thong-bao\n---\n\n'
        "Đoạn\x00 một\x01\x02\x03\x08\x0b\x0c\x0e\x1f\x7f\x9f hết đoạn.\tTab\r\nvẫn giữ.\n",
        "utf-8",
    )
    _write_feeds(portal, tmp_path / "site")
    for name in ("rss.xml", "atom.xml", "feeds/chuyen-muc/thong-bao/rss.xml"):
        path = tmp_path / "site" / name
        lxml.etree.parse(str(path))
        assert _parse(path).entries[0].title == "Tin có ký tự điều khiển"
        html = _contents(path)[0]
        assert "<p>Đoạn một hết đoạn." in html and "Tab\nvẫn giữ.</p>" in html
        assert not any(ord(c) < 32 and c not in "\t\n" or 0x7F <= ord(c) <= 0x9F for c in html)


def test_guid_survives_a_change_of_title_and_slug(tmp_path):
    portal = _copy(tmp_path)
    site = tmp_path / "site"
    _write_feeds(portal, site)
    before = _parse(site / "rss.xml").entries[0]
    post = portal / f"news/2024/{COVER_POST}.md"
    text = post.read_text("utf-8").replace(
        "title: Hội nghị tuyên truyền cải cách hành chính",
        "title: Hội nghị tuyên truyền CCHC (đã sửa tiêu đề)\nslug: hoi-nghi-cchc-2024",
    )
    post.write_text(text, "utf-8")
    _write_feeds(portal, site)
    after = _parse(site / "rss.xml").entries[0]
    assert after.title == "Hội nghị tuyên truyền CCHC (đã sửa tiêu đề)"
    assert after.link == SITE + "tin-tuc/2024/03/hoi-nghi-cchc-2024/"
    assert after.link != before.link
    assert after.id == before.id == f"tag:thunghiem.example.gov.vn,2024:tin-bai/{COVER_POST}"
    # A renamed file keeps its guid when its old name is written as ``id:``.
    post.rename(post.with_name("2024-03-01-hoi-nghi-moi.md"))
    _write_feeds(portal, site)
    assert _parse(site / "rss.xml").entries[0].id != before.id
    renamed = post.with_name("2024-03-01-hoi-nghi-moi.md")
    renamed.write_text(text.replace("category:", f"id: {COVER_POST}\ncategory:"), "utf-8")
    _write_feeds(portal, site)
    assert _parse(site / "rss.xml").entries[0].id == before.id


@pytest.mark.slow
def test_rebuild_gives_identical_bytes_whatever_the_clock_even_in_a_preview(built, tmp_path, monkeypatch):
    """A later clock adds nothing, and a preview showing drafts still keeps them out of the feeds."""
    portal = _copy(tmp_path)
    monkeypatch.setenv("CONGTT_DRAFTS", "1")
    result = run(portal, "build", "--now", "2027-05-01T10:00:00+07:00")
    assert result.exit_code == 0, result.output
    again = portal / "site"
    for path in _feed_files(built):
        assert (again / path.relative_to(built)).read_bytes() == path.read_bytes(), path


def test_feeds_command_writes_what_the_build_writes(built, tmp_path):
    portal = _copy(tmp_path)
    result = _write_feeds(portal, tmp_path / "out")
    assert result.output == f"Đã ghi 26 tệp tin RSS, Atom vào «{tmp_path / 'out'}».\n"
    written = _feed_files(tmp_path / "out")
    assert [p.relative_to(tmp_path / "out") for p in written] == [p.relative_to(built) for p in _feed_files(built)]
    for path in written:
        assert path.read_bytes() == (built / path.relative_to(tmp_path / "out")).read_bytes(), path


@pytest.mark.slow
def test_feeds_command_keeps_unchanged_files_and_their_compressed_copies(tmp_path):
    portal = _copy(tmp_path)
    result = run(portal, "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    site = portal / "site"
    untouched = {p: p.stat().st_mtime_ns for p in _feed_files(site)}
    post = portal / f"news/2024/{COVER_POST}.md"
    post.write_text(post.read_text("utf-8").replace("Hội nghị tuyên truyền cải cách", "Hội nghị tập huấn cải cách"), "utf-8")
    _write_feeds(portal, site)
    changed = {p for p, mtime in untouched.items() if p.stat().st_mtime_ns != mtime}
    assert site / "rss.xml" in changed and site / "feeds/van-ban/rss.xml" not in changed
    for path in _feed_files(site):
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes(), path
    assert "Hội nghị tập huấn cải cách hành chính" in (site / "rss.xml").read_text("utf-8")


def test_rss_parser_counts_the_same_items_as_feedparser(built):
    if shutil.which("node") is None or not (JS / "node_modules/rss-parser").is_dir():
        pytest.skip("node or tests/js/node_modules missing: run «cd tests/js && npm install»")
    files = [built / "rss.xml", built / "atom.xml", built / "feeds/thu-tuc-hanh-chinh/rss.xml"]
    output = subprocess.run(
        ["node", str(JS / "check-feed.js"), *map(str, files)], capture_output=True, text=True, check=True
    ).stdout
    report = json.loads(output)
    for path in files:
        entries = _parse(path).entries
        assert report[str(path)]["items"] == len(entries) > 0, path
        assert report[str(path)]["guids"] == [e.id for e in entries], path


def test_every_page_advertises_the_main_feeds_and_feeds_page_lists_all(built):
    for page in (built / "index.html", built / "tin-tuc/2024/03/hoi-nghi-cai-cach-hanh-chinh/index.html"):
        html = page.read_text("utf-8")
        assert f'<link rel="alternate" type="application/rss+xml" title="Tin tức – Cổng thông tin điện tử xã Thử Nghiệm (RSS)" href="{SITE}rss.xml">' in html
        assert f'<link rel="alternate" type="application/atom+xml" title="Tin tức – Cổng thông tin điện tử xã Thử Nghiệm (Atom)" href="{SITE}atom.xml">' in html
    listing = (built / "feeds/index.html").read_text("utf-8")
    assert "Tin RSS, Atom cho trang tổng hợp" in listing
    for path in _feed_files(built):
        assert f"<code>{SITE}{path.relative_to(built).as_posix()}</code>" in listing, path


@pytest.mark.slow
def test_feeds_need_site_url(tmp_path):
    portal = _copy(tmp_path)
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(f"site_url: {SITE}\n", ""), "utf-8")
    result = run(portal, "feeds")
    assert result.exit_code == 1
    assert result.output == (
        "Lỗi: Chưa khai báo «site_url» trong mkdocs.yml nên chưa tạo được tin RSS, Atom (các trang tổng hợp "
        "cần địa chỉ đầy đủ). Thêm một dòng như «site_url: https://tenxa.tinh.gov.vn/».\n"
    )
    result = run(portal, "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert not (portal / "site/rss.xml").exists() and not (portal / "site/feeds").exists()
    assert 'type="application/rss+xml"' not in (portal / "site/index.html").read_text("utf-8")


def test_feeds_command_refuses_invalid_content(tmp_path):
    portal = _copy(tmp_path)
    (portal / "news/2024/2024-04-01-sai.md").write_text("---\ntitle: Sai\ndate: 31/02/2024\ncategory: thong-bao\n---\n", "utf-8")
    result = run(portal, "feeds", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert result.output.endswith(
        "Lỗi: Nội dung có 1 lỗi nên chưa ghi tin RSS, Atom. Sửa các lỗi trên rồi chạy lại «congtt feeds».\n"
    )
    assert not (tmp_path / "site").exists()


def test_xml_text_keeps_vietnamese_and_drops_what_xml_forbids():
    assert xml_text("Đăng ký\x00 khai\x1f sinh\ufffe\t\n") == "Đăng ký khai sinh\t\n"


def test_absolute_html_resolves_links_pages_and_srcset():
    html = '<p><a href="../khac/index.md#a">x</a> <a href="lien-he.md">y</a> <img src="a.jpg" srcset="a-480.jpg 480w, a-960.jpg 960w"></p>'
    assert absolute_html(html, "https://xa.gov.vn/tin-tuc/2024/01/tin/") == (
        '<p><a href="https://xa.gov.vn/tin-tuc/2024/01/khac/#a">x</a> '
        '<a href="https://xa.gov.vn/tin-tuc/2024/01/tin/lien-he/">y</a> '
        '<img src="https://xa.gov.vn/tin-tuc/2024/01/tin/a.jpg" '
        'srcset="https://xa.gov.vn/tin-tuc/2024/01/tin/a-480.jpg 480w, https://xa.gov.vn/tin-tuc/2024/01/tin/a-960.jpg 960w"></p>'
    )
    assert absolute_html("", "https://xa.gov.vn/") == ""


def test_a_listing_followed_by_a_channel_advertises_it_before_the_news_feed(built):
    pages = {
        "tin-tuc/chuyen-muc/thong-bao/": ("Thông báo", "feeds/chuyen-muc/thong-bao/"),
        "tin-tuc/cchc/tthc/": ("Cải cách thủ tục hành chính", "feeds/cchc/tthc/"),
        "van-ban/": ("Văn bản", "feeds/van-ban/"),
    }
    for url, (title, folder) in pages.items():
        html = (built / url / "index.html").read_text("utf-8")
        own = f'<link rel="alternate" type="application/rss+xml" title="{title} – Cổng thông tin điện tử xã Thử Nghiệm (RSS)" href="{SITE}{folder}rss.xml">'
        news = f'<link rel="alternate" type="application/rss+xml" title="Tin tức – Cổng thông tin điện tử xã Thử Nghiệm (RSS)" href="{SITE}rss.xml">'
        assert own in html and html.index(own) < html.index(news), url
        assert f'href="{SITE}{folder}atom.xml"' in html, url
    home = (built / "index.html").read_text("utf-8")
    assert home.count('rel="alternate" type="application/rss+xml"') == 1


def test_every_page_of_a_channel_listing_finds_its_channel():
    channels = {"tin-tuc/chuyen-muc/thoi-trang/": "thời trang", "van-ban/": "văn bản"}
    assert feeds.channel_of_page("tin-tuc/chuyen-muc/thoi-trang/trang/3/", channels) == "thời trang"
    assert feeds.channel_of_page("tin-tuc/chuyen-muc/thoi-trang/", channels) == "thời trang"
    assert feeds.channel_of_page("van-ban/trang/2/", channels) == "văn bản"
    assert feeds.channel_of_page("tin-tuc/", channels) is None


def _atom_dates(path: Path) -> tuple[str, list[tuple[str, str, str]]]:
    """The feed's «updated», and each entry's id, «published» and «updated»."""
    root = lxml.etree.parse(str(path)).getroot()
    entries = [(e.findtext(ATOM + "id"), e.findtext(ATOM + "published"), e.findtext(ATOM + "updated"))
               for e in root.iter(ATOM + "entry")]
    return root.findtext(ATOM + "updated"), entries


@pytest.mark.slow
def test_a_correction_moves_updated_so_the_province_takes_it(tmp_path):
    """Issue 23: after a body edit the bytes changed but no date did, and posts refused an «updated:» key."""
    portal = _copy(tmp_path)
    site = tmp_path / "site"
    post = portal / f"news/2024/{COVER_POST}.md"
    post.write_text(post.read_text("utf-8").replace("date: 01/03/2024 09:15", "date: 01/03/2024 09:15\nupdated: 20/03/2024 10:00")
                    + "\nĐính chính: hội nghị có 120 đại biểu.\n", "utf-8")
    plan = portal / "plans/2024/ke-hoach-12.md"
    plan.write_text(plan.read_text("utf-8").replace("issued: 15/01/2024", "issued: 15/01/2024\nupdated: 25/03/2024"), "utf-8")
    _write_feeds(portal, site)
    newest, entries = _atom_dates(site / "atom.xml")
    guid = f"tag:thunghiem.example.gov.vn,2024:tin-bai/{COVER_POST}"
    assert (guid, "2024-03-01T09:15:00+07:00", "2024-03-20T10:00:00+07:00") in entries
    assert newest == "2024-03-20T10:00:00+07:00"
    assert "<lastBuildDate>Wed, 20 Mar 2024 10:00:00 +0700</lastBuildDate>" in (site / "rss.xml").read_text("utf-8")
    newest, entries = _atom_dates(site / "feeds/van-ban/atom.xml")
    assert newest == "2024-03-25T00:00:00+07:00" and entries[0][1:] == ("2024-01-15T00:00:00+07:00", "2024-03-25T00:00:00+07:00")
    # The page says so too; the sitemap dates the page by its correction.
    assert run(portal, "build", "--now", NOW).exit_code == 0
    page = (portal / "site/tin-tuc/2024/03/hoi-nghi-cai-cach-hanh-chinh/index.html").read_text("utf-8")
    assert 'Cập nhật <time datetime="2024-03-20T10:00:00+07:00">Thứ Tư, 20/03/2024 10:00</time>' in page
    assert "<loc>https://thunghiem.example.gov.vn/tin-tuc/2024/03/hoi-nghi-cai-cach-hanh-chinh/</loc><lastmod>2024-03-20</lastmod>" in (
        portal / "site/sitemap.xml").read_text("utf-8")


def test_an_update_before_the_post_is_refused(tmp_path):
    portal = _copy(tmp_path)
    post = portal / f"news/2024/{COVER_POST}.md"
    post.write_text(post.read_text("utf-8").replace("date: 01/03/2024 09:15", "date: 01/03/2024 09:15\nupdated: 01/02/2024"), "utf-8")
    result = run(portal, "check")
    assert result.exit_code == 1
    assert (f"news/2024/{COVER_POST}.md:4: Ngày cập nhật (01/02/2024 00:00) trước ngày đăng, ban hành (01/03/2024 09:15). "
            "Ghi ngày giờ sửa nội dung, sau ngày đăng; không sửa thì bỏ khóa «updated».") in result.output


def test_guids_survive_a_date_edit_and_a_new_domain(tmp_path):
    """Issue 23: a document's guid moved with its issue year, a post's without date prefix with its date's
    year, and every guid with the domain."""
    portal = _copy(tmp_path)
    site = tmp_path / "site"
    unprefixed = portal / "news/2024/tin-khong-ngay.md"
    shutil.copyfile(portal / "news/2024/2024-01-10-tin-dau-nam.md", unprefixed)
    _write_feeds(portal, site)
    before = {e.link.rsplit("/", 2)[-2]: e.id for path in (site / "atom.xml", site / "feeds/van-ban/atom.xml")
              for e in _parse(path).entries}
    assert before["ke-hoach-12-kh-ubnd"] == "tag:thunghiem.example.gov.vn,2024:van-ban/ke-hoach-12"
    for path, old, new in ((unprefixed, "date: 10/01/2024 08:00", "date: 28/12/2023 08:00"),
                           (portal / "plans/2024/ke-hoach-12.md", "issued: 15/01/2024", "issued: 30/12/2023")):
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(SITE, "https://moi.example.gov.vn/").replace(
        "  - congtt:\n", "  - congtt:\n      guid_authority: thunghiem.example.gov.vn\n"), "utf-8")
    _write_feeds(portal, site)
    after = {e.link.rsplit("/", 2)[-2]: (e.id, e.link) for path in (site / "atom.xml", site / "feeds/van-ban/atom.xml")
             for e in _parse(path).entries}
    assert {slug: guid for slug, (guid, _) in after.items()} == before
    assert after["ke-hoach-12-kh-ubnd"][1] == "https://moi.example.gov.vn/van-ban/2023/ke-hoach-12-kh-ubnd/"


MEDIA = "{http://search.yahoo.com/mrss/}"


@pytest.mark.slow
def test_channels_carry_the_emblem_and_posts_their_thumbnail_and_tags(tmp_path):
    """Issue 23: no channel logo, no media:thumbnail, tags not exported."""
    portal = _copy(tmp_path)
    post = portal / f"news/2024/{COVER_POST}.md"
    post.write_text(post.read_text("utf-8").replace("category:", "tags: [Một cửa, dịch vụ công trực tuyến]\ncategory:"), "utf-8")
    assert run(portal, "build", "--now", NOW).exit_code == 0, "build"
    site = portal / "site"
    rss = lxml.etree.parse(str(site / "rss.xml")).getroot().find("channel")
    assert (rss.findtext("image/url"), rss.findtext("image/link")) == (SITE + "assets/emblem.png", SITE + "tin-tuc/")
    assert (site / "assets/emblem.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    atom = lxml.etree.parse(str(site / "atom.xml")).getroot()
    assert (atom.findtext(ATOM + "icon"), atom.findtext(ATOM + "logo")) == (SITE + "assets/emblem.svg", SITE + "assets/emblem.png")
    item = rss.find("item")
    thumbnail = item.find(MEDIA + "thumbnail")
    assert thumbnail.get("url").startswith(SITE + "tin-tuc/2024/03/hoi-nghi-cai-cach-hanh-chinh/") and int(thumbnail.get("width")) >= 300
    with Image.open(site / thumbnail.get("url").removeprefix(SITE)) as photo:
        assert photo.size == (int(thumbnail.get("width")), int(thumbnail.get("height")))
    assert [c.text for c in item.iter("category")][-2:] == ["Một cửa", "dịch vụ công trực tuyến"]
    entry = atom.find(ATOM + "entry")
    assert [c.get("term") for c in entry.iter(ATOM + "category")][-2:] == ["Một cửa", "dịch vụ công trực tuyến"]
    assert entry.find(MEDIA + "thumbnail").get("url") == thumbnail.get("url")


def test_a_feed_over_its_size_leaves_out_its_oldest_items(tmp_path):
    """Issue 23: one feed_size for every feed; the documents feed reached 1.86 MB at 50 items."""

    class Sized:  # a writer whose files grow by 1,000 bytes an item, in both formats
        def rss(self, channel):
            return b"r" * 1000 * len(channel.items)

        def atom(self, channel):
            return b"a" * (1000 * len(channel.items) + 200)

    channel = feeds.Channel("", "Tin", "", "tin-tuc/", tuple(range(10)))
    rss, atom = feeds._within(Sized(), channel, 4500)
    assert (len(rss), len(atom)) == (4000, 4200)  # the four newest items
    assert feeds._within(Sized(), channel, 100)[0] == b"r" * 1000  # one item always stays
    # In a built portal: with a 1 KB cap every feed keeps its newest item only, in both formats.
    portal = _copy(tmp_path)
    site = tmp_path / "site"
    _write_feeds(portal, site)
    full = {path: _parse(path).entries[:1] for path in _feed_files(site)}
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - congtt:\n", "  - congtt:\n      feed_max_kb: 1\n"), "utf-8")
    _write_feeds(portal, site)
    for path, newest in full.items():
        assert [e.id for e in _parse(path).entries] == [e.id for e in newest], path


@pytest.mark.slow
def test_the_w3c_validator_finds_no_error_or_warning_in_any_feed(example_site):
    """Issue 23: the W3C Feed Validation Service's own code (tests/vendor/README.md), at the level of
    the online validator: errors and warnings."""
    sys.path.insert(0, str(Path(__file__).parent / "vendor"))
    try:
        import feedvalidator
        from feedvalidator import compatibility
        from feedvalidator.formatter.text_plain import Formatter
    finally:
        sys.path.pop(0)
    found = {}
    paths = sorted(p for p in example_site.rglob("*.xml") if p.name in ("rss.xml", "atom.xml"))
    assert len(paths) >= 36
    for path in paths:
        address = "https://laikhe.haiphong.gov.vn/" + path.relative_to(example_site).as_posix()
        events = feedvalidator.validateString(path.read_bytes(), firstOccurrenceOnly=1, base=address)["loggedEvents"]
        report = Formatter(compatibility.AA(events))
        if report:
            found[path.relative_to(example_site).as_posix()] = list(report)
    assert found == {}
