"""The body allow-list: what runs, redirects or styles the page is removed; the rest is kept as written."""

from __future__ import annotations

import pytest

from congtt.sanitize import Sanitizer, may_carry_html

PAYLOADS = [
    '<script>alert("xss")</script>',
    '<img src="x.jpg" onerror="alert(1)">',
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="java&#x09;script:alert(1)">bấm</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "<style>body { display: none }</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<object data="tep.swf"></object>',
    '<embed src="tep.swf">',
    '<form action="https://evil.example/"><input name="mat-khau"></form>',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<p style="position: fixed; inset: 0">che trang</p>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_active_content_is_removed(payload):
    cleaned = Sanitizer().clean(f"<p>Trước</p>{payload}<p>Sau</p>")
    lowered = cleaned.lower()
    for marker in ("<script", "onerror", "onload", "javascript:", "<iframe", "<style", "<meta", "<svg", "<object",
                   "<embed", "<form", "<input", "<base", "<link", "data:", "position"):
        assert marker not in lowered, cleaned
    assert cleaned.startswith("<p>Trước</p>") and cleaned.endswith("<p>Sau</p>")


def test_what_markdown_writes_is_kept_byte_for_byte():
    html = (
        '<h2 id="muc-dich">I. MỤC ĐÍCH</h2>\n<p>Văn bản <strong>đậm</strong>, <em>nghiêng</em>, '
        '<a href="../ke-hoach/">liên kết</a>, <a href="https://dichvucong.gov.vn/">DVC</a>, '
        '<a href="tel:02253123456">gọi</a>, <a href="mailto:ubnd@laikhe.gov.vn">thư</a>.</p>\n'
        '<div class="admonition note">\n<p class="admonition-title">Lưu ý</p>\n<p>Nội dung</p>\n</div>\n'
        "<table>\n<thead>\n<tr>\n<th>STT</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n"
        '<p><img alt="Hội nghị" src="anh/hoi-nghi.jpg"></p>'
    )
    assert Sanitizer().clean(html) == html


def test_table_alignment_is_the_only_style_kept():
    cleaned = Sanitizer().clean('<table><tr><td style="text-align: right; color: red">5</td></tr></table>')
    assert 'style="text-align:right"' in cleaned and "color" not in cleaned


def test_embeds_only_from_listed_hosts_over_https():
    sanitizer = Sanitizer(("www.youtube.com",))
    kept = sanitizer.clean('<iframe src="https://www.youtube.com/embed/abc" width="560"></iframe>')
    assert kept == '<iframe src="https://www.youtube.com/embed/abc" width="560"></iframe>'
    for src in ("http://www.youtube.com/embed/abc", "https://evil.example/embed", "javascript:alert(1)"):
        assert "src=" not in sanitizer.clean(f'<iframe src="{src}"></iframe>')
    assert "<iframe" not in Sanitizer().clean('<iframe src="https://www.youtube.com/embed/abc"></iframe>')


def test_findings_name_what_is_removed_in_vietnamese():
    findings = Sanitizer().findings(
        '<p onclick="x()">a</p><script>alert(1)</script><a href="javascript:x">b</a><font>c</font>'
        '<span style="color:red">d</span>'
    )
    assert [(f.message, f.refused) for f in findings] == [
        ("thuộc tính onclick= của thẻ <p> chạy mã khi người đọc thao tác", True),
        ("thẻ <script> có thể chạy mã hoặc chuyển trang", True),
        ("địa chỉ «javascript:x» của thẻ <a> không phải http(s), mailto hay tel", True),
        ("thẻ <font> không được hỗ trợ (chỉ giữ lại chữ bên trong)", False),
        ("định dạng style= của thẻ <span> (chữ vẫn giữ, định dạng bị bỏ)", False),
    ]


def test_an_embed_from_another_host_is_named():
    findings = Sanitizer(("www.youtube.com",)).findings('<iframe src="https://evil.example/x"></iframe>')
    assert [f.message for f in findings] == [
        "khung nhúng từ «https://evil.example/x» không thuộc các trang được phép nhúng (embed_hosts)"
    ]


def test_plain_markdown_needs_no_rendering_to_check():
    assert not may_carry_html("Bộ phận **Một cửa** tiếp nhận hồ sơ.\n\n- Bước 1\n- Bước 2")
    assert may_carry_html("Xem <b>đây</b>")
    assert may_carry_html("[bấm](javascript:alert(1))")
    assert may_carry_html("![ảnh](a.jpg){ onerror=alert(1) }")
