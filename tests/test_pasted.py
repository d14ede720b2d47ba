"""Text pasted from Word: each of its shapes read as meant, and said where (issue 23)."""

from __future__ import annotations

import markdown
import pytest

from conftest import run
from congtt.pasted import MESSAGES, findings, normalise
from congtt.sanitize import Sanitizer


def _html(body: str) -> str:
    return markdown.markdown(normalise(body), extensions=["tables"])


def test_bullets_become_a_list_and_the_line_after_stays_a_paragraph():
    html = _html("Nội dung:\n•\tTriển khai kế hoạch.\n•\tPhân công cán bộ.\nKết luận của hội nghị.")
    assert html == ("<p>Nội dung:</p>\n<ul>\n<li>Triển khai kế hoạch.</li>\n<li>Phân công cán bộ.</li>\n</ul>\n"
                    "<p>Kết luận của hội nghị.</p>")


def test_numbered_lines_after_bullets_are_a_list_of_their_own():
    html = Sanitizer(()).clean(_html("•\tMột ý.\n1.\tNộp hồ sơ.\n2.\tNhận kết quả."))  # as published
    assert html.replace("\n", "") == "<ul><li>Một ý.</li></ul><ol><li>Nộp hồ sơ.</li><li>Nhận kết quả.</li></ol>"


def test_lettered_lines_stay_apart():
    assert _html("Yêu cầu:\na) Hồ sơ đầy đủ;\nb) Nộp đúng hạn.") == (
        "<p>Yêu cầu:</p>\n<p>a) Hồ sơ đầy đủ;</p>\n<p>b) Nộp đúng hạn.</p>")


def test_a_tab_separated_table_becomes_a_table_with_its_header():
    html = _html("STT\tThôn\tSố hộ\n1\tThôn Đông\t120\n2\tThôn Tây | Bắc\t95\nSau bảng.")
    assert "<th>STT</th>\n<th>Thôn</th>\n<th>Số hộ</th>" in html and "<td>Thôn Tây | Bắc</td>" in html
    assert html.endswith("</table>\n<p>Sau bảng.</p>")


def test_a_tab_indented_paragraph_is_neither_glued_to_the_bullet_nor_code():
    html = _html("•\tÝ cuối.\n\tĐoạn văn tiếp theo.\n\n\tĐoạn thứ hai.")
    assert html == "<ul>\n<li>Ý cuối.</li>\n</ul>\n<p>Đoạn văn tiếp theo.</p>\n<p>Đoạn thứ hai.</p>"


def test_markdown_and_code_are_left_as_they_are():
    body = "- Ý một\n\t- ý con\n\n1. Bước một\n\n```\ncột\tcột\nmột\thai\n```\n\na) đã cách dòng\n\nb) cũng vậy\n"
    assert normalise(body) == body and findings(body) == []


def test_one_finding_per_run_with_its_line_and_exact_message():
    body = "Mở đầu\n•\tMột.\n•\tHai.\n\nSTT\tThôn\n1\tĐông\n\nYêu cầu:\na) Một;\nb) Hai.\n1.\tBước."
    assert [(f.line, f.message) for f in findings(body)] == [
        (1, "Các dòng bắt đầu bằng «•» và dấu Tab (chép từ Word) được hiển thị thành danh sách. "
            "Trong tệp nên viết mỗi ý một dòng bắt đầu bằng «- », ví dụ «- Một.»."),
        (4, "Các dòng có dấu Tab (bảng chép từ Word) được hiển thị thành bảng 2 cột, dòng đầu là tên cột. "
            "Trong tệp nên viết bảng Markdown, ví dụ «| STT | Thôn |» rồi dòng «|---|---|» và mỗi hàng một dòng."),
        (8, MESSAGES["letters"]),
        (10, "Các dòng «1.» và dấu Tab (chép từ Word) được hiển thị thành danh sách đánh số riêng. "
             "Trong tệp nên viết «1. » (dấu chấm rồi dấu cách) và để một dòng trống phía trên danh sách."),
    ]
    assert MESSAGES["letters"] == ("Các dòng «a)», «b)» … (chép từ Word) được giữ thành từng đoạn riêng, không nối vào "
                                   "nhau. Trong tệp nên để một dòng trống giữa các dòng đó.")
    assert findings("\tĐoạn thụt.") == [type(findings("\tx")[0])(0, (
        "Đoạn thụt đầu dòng bằng Tab (chép từ Word) được hiển thị thành đoạn văn riêng. "
        "Trong tệp nên bỏ dấu Tab và để một dòng trống phía trên đoạn đó."))]


@pytest.mark.slow
def test_check_warns_and_the_page_and_feed_show_the_list(portal):
    post = next((portal / "news/2023").glob("*.md"))
    post.write_text(post.read_text("utf-8") + "\nNội dung:\n•\tTriển khai.\n•\tPhân công.\n", "utf-8")
    line = len(post.read_text("utf-8").splitlines()) - 1
    result = run(portal, "check")
    assert result.exit_code == 0
    assert f"news/2023/{post.name}:{line}: cảnh báo: Các dòng bắt đầu bằng «•»" in result.output
    assert run(portal, "build").exit_code == 0
    page = next((portal / "site/tin-tuc").rglob("dang-ky-khai-sinh-truc-tuyen/index.html")).read_text("utf-8")
    assert "<ul>\n<li>Triển khai.</li>\n<li>Phân công.</li>\n</ul>" in page
    assert "&lt;li&gt;Triển khai.&lt;/li&gt;" in (portal / "site/rss.xml").read_text("utf-8")
