"""Content written to attack the portal: every value is text, every body passes the allow-list."""

from __future__ import annotations

import html
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from markupsafe import escape

from conftest import FIXTURES, run

NOW = "2026-11-23T08:00:00+07:00"
POST_TITLE = 'Tin <script>alert("tieu-de")</script> & "ngoặc" </title><img src=x onerror=alert("title")>'
POST = "tin-tuc/2023/06/tin-thu/index.html"
DOCUMENT = "van-ban/2022/ke-hoach-60-kh-ubnd/index.html"
PROCEDURE = "thu-tuc-hanh-chinh/ho-tich/1.001195-thu-tuc-script-alert-thu-tuc-script-thu/index.html"
PAGE = "gioi-thieu/index.html"
# What may never appear as markup in any output, once XML escaping is undone for feeds.
ACTIVE = ("<script>alert", "onerror=", "onload=", "onclick=", "onmouseover=", "javascript:", "<iframe", "<style>body",
          "http-equiv=\"refresh\"", "<svg onload")


def hostile_portal(tmp_path: Path) -> Path:
    """The fixture portal with a post, a document, a procedure and a page full of payloads."""
    target = tmp_path / "portal"
    shutil.copytree(FIXTURES / "portal", target)
    shutil.copytree(FIXTURES / "hostile", target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    portal = hostile_portal(tmp_path_factory.mktemp("hostile"))
    result = run(portal, "build", "--now", NOW)
    assert result.exit_code == 0, result.output
    return portal / "site", result.output


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def _elements(path: Path) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(path.read_text("utf-8"))
    return parser.elements


@pytest.mark.slow
def test_check_names_what_it_removes_and_still_builds(built):
    _, output = built
    assert (
        "news/2023/2023-06-20-tin-thu.md:15: cảnh báo: Nội dung có thẻ <script> có thể chạy mã hoặc chuyển trang: "
        "khi đăng, Cổng bỏ phần này (nội dung không được chạy mã). Hãy xóa nó khỏi bài." in output
    )
    assert (
        "news/2023/2023-06-20-tin-thu.md:17: cảnh báo: Nội dung có thuộc tính onerror= của thẻ <img> chạy mã khi "
        "người đọc thao tác: khi đăng, Cổng bỏ phần này (nội dung không được chạy mã). Hãy xóa nó khỏi bài." in output
    )
    assert (
        "news/2023/2023-06-20-tin-thu.md:21: cảnh báo: Nội dung có thẻ <iframe> có thể chạy mã hoặc chuyển trang: "
        "khi đăng, Cổng bỏ phần này. Muốn giới thiệu video hay bản đồ, hãy chèn liên kết tới nó "
        "(hoặc nhờ quản trị thêm trang đó vào embed_hosts trong mkdocs.yml)." in output
    )
    assert "news/2023/2023-06-20-tin-thu.md:25: cảnh báo: Nội dung có thẻ <meta>" in output
    assert (
        "news/2023/2023-06-20-tin-thu.md:29: cảnh báo: Khi đăng, Cổng bỏ định dạng style= của thẻ <p> "
        "(chữ vẫn giữ, định dạng bị bỏ). Hãy viết lại bằng Markdown nếu cần giữ định dạng đó." in output
    )
    assert "content/gioi-thieu.md:8: cảnh báo: Nội dung có thẻ <script>" in output
    assert "Không có lỗi: 2 tin bài, 2 văn bản, 2 thủ tục hành chính. Có 12 cảnh báo ở trên." in output


PAGES = [POST, DOCUMENT, PROCEDURE, PAGE, "index.html", "tin-tuc/index.html", "van-ban/index.html",
         "thu-tuc-hanh-chinh/index.html", "tin-tuc/chuyen-muc/cai-cach-hanh-chinh/index.html", "van-ban/2022/index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_carries_active_markup(built, page):
    site, _ = built
    for tag, attributes in _elements(site / page):
        assert tag not in ("iframe", "object", "embed", "base", "circle"), (tag, attributes)
        assert tag != "form" or not attributes.get("action", "").startswith(("http", "//")), attributes
        assert tag != "meta" or "http-equiv" not in attributes, attributes
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        for name in ("href", "src"):
            assert not attributes.get(name, "").strip().lower().startswith(("javascript:", "data:")), (tag, attributes)
    text = (site / page).read_text("utf-8")
    assert "alert(" not in "".join(_inline(text, "script") + _inline(text, "style"))
    assert "display: none }" not in text


def _inline(text: str, tag: str) -> list[str]:
    """The text of every inline ``tag`` element (script, style) of a page."""
    return [part.split(f"</{tag}>")[0] for part in text.split(f"<{tag}")[1:]]


def test_a_straight_quoted_title_survives_whole_in_every_meta_and_heading(built):
    site, _ = built
    elements = _elements(site / POST)
    meta = {a.get("property") or a.get("name"): a.get("content") for tag, a in elements if tag == "meta"}
    assert meta["og:title"] == POST_TITLE
    assert meta["twitter:title"] == POST_TITLE
    page = (site / POST).read_text("utf-8")
    assert f"<title>{escape(POST_TITLE)} - " in page
    assert f"<h1>{escape(POST_TITLE)}</h1>" in page


@pytest.mark.parametrize("value", [
    '<p class="ct-summary"><strong>Tóm tắt &#34;&lt;b onmouseover=alert(1)&gt;&#34; &amp; &lt;script&gt;',
    " · &lt;img src=x onerror=alert(&#34;tac-gia&#34;)&gt;Nguyễn Văn &#34;A&#34;",
    '<span class="ct-chip">&lt;script&gt;alert(&#34;tu-khoa&#34;)&lt;/script&gt;</span>',
    'og:image:alt" content="Ảnh &#34;bìa&#34; &lt;script&gt;alert(&#34;alt&#34;)&lt;/script&gt;">',
    'alt="Ảnh &#34;bìa&#34; &lt;script&gt;alert(&#34;alt&#34;)&lt;/script&gt;"',
])
def test_post_fields_are_escaped(built, value):
    site, _ = built
    assert value in (site / POST).read_text("utf-8")


def test_document_and_procedure_fields_are_text(built):
    site, _ = built
    document = (site / DOCUMENT).read_text("utf-8")
    for value in ('&lt;script&gt;alert(&#34;nguoi-ky&#34;)&lt;/script&gt;Trần Văn An',
                  "&lt;script&gt;alert(&#34;noi-nhan&#34;)&lt;/script&gt;",
                  "&lt;img src=x onerror=alert(&#34;nhiem-vu&#34;)&gt;Tuyên truyền",
                  "&#34;&gt;&lt;script&gt;alert(&#34;san-pham&#34;)&lt;/script&gt;", "&lt;i&gt;CHỦ TỊCH&lt;/i&gt;"):
        assert value in document
    procedure = (site / PROCEDURE).read_text("utf-8")
    for value in ("&lt;img src=x onerror=alert(&#34;buoc&#34;)&gt;Nộp hồ sơ.", "&lt;b onclick=alert(&#34;le-phi&#34;)&gt;Miễn&lt;/b&gt;",
                  'href="https://dichvucong.gov.vn/?ma=&#34;&gt;&lt;script&gt;alert(&#34;dvc&#34;)&lt;/script&gt;"'):
        assert value in procedure


def test_feeds_carry_no_active_markup(built):
    site, _ = built
    feeds = sorted(site.rglob("*.xml"))
    assert len(feeds) > 10
    for feed in feeds:
        if feed.name == "sitemap.xml":
            continue
        parsed = feedparser.parse(feed.read_bytes())
        for entry in parsed.entries:
            for content in entry.get("content", []):
                assert not [marker for marker in ACTIVE if marker in content.value], (feed, content.value)
        raw = html.unescape(feed.read_text("utf-8"))
        body_markers = ('alert("than-bai")', "alert('onerror')", 'alert("than-van-ban")', 'alert("than-thu-tuc")')
        assert not [marker for marker in body_markers if marker in raw], feed


def test_rss_descriptions_are_escaped_twice(built):
    site, _ = built
    rss = (site / "feeds/van-ban/rss.xml").read_text("utf-8")
    assert '<description>&amp;lt;img src=x onerror=alert("tom-tat-vb")&amp;gt;</description>' in rss
    # What a reader shows is the summary's characters, as text.
    assert feedparser.parse(rss).entries[0].summary == '&lt;img src=x onerror=alert("tom-tat-vb")&gt;'
