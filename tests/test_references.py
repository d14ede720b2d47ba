"""Documents: citations linked both ways with loose number matching, register, plan progress."""

from __future__ import annotations

import pytest

from datetime import date
from pathlib import Path

from congtt.listings import plan_progress, register_pages
from congtt.model import Document, PlanTask, Post
from congtt.references import ReferenceIndex, citations, number_key

from conftest import run


def _doc(number: str, issued: date, bases=(), body="", **extra) -> Document:
    slug = number_key(number).replace("/", "-") or "khong-so"
    return Document(
        source=Path(f"/tmp/{slug}.md"), display_path=f"plans/{slug}.md", title=f"Văn bản {number}", slug=slug,
        url=f"van-ban/{issued.year}/{slug}/", body=body, body_line=1, draft=False, kind="ke-hoach",
        number=number, issued=issued, bases=tuple(bases), **extra,
    )


def test_numbers_match_loosely():
    assert number_key("781/QĐ-UBND") == number_key("781/qd-ubnd") == number_key("781 / QD-UBND")
    found = citations("Căn cứ Quyết định số 781/QĐ-UBND ngày 13/3/2023 và Kế hoạch số 56/KH-UBND")
    assert [(c.number, c.year) for c in found] == [("781/QĐ-UBND", 2023), ("56/KH-UBND", None)]


def test_citations_link_both_ways_and_years_break_ties():
    old = _doc("56/KH-UBND", date(2021, 12, 20))
    plan = _doc("56/KH-UBND", date(2022, 12, 27))
    decision = _doc("781/QĐ-UBND", date(2023, 3, 13))
    report = _doc(
        "12/BC-UBND", date(2023, 6, 15),
        bases=["Kế hoạch số 56/kh-ubnd ngày 27/12/2022 của UBND xã"],
        body="Thực hiện Quyết định số 781/QD-UBND ngày 13/3/2023 và Công văn số 999/UBND-VP.",
    )
    index = ReferenceIndex.build([old, plan, decision, report], authority="Ủy ban nhân dân xã Lai Khê")
    assert index.cites[report.url] == [plan, decision]
    assert index.cited_by[plan.url] == [report] and old.url not in index.cited_by
    assert index.unresolved[report.display_path] == ["999/UBND-VP"]
    html = index.link_html("<p>Quyết định số 781/QD-UBND ngày 13/3/2023; <a href='x'>56/KH-UBND</a></p>", report.url)
    assert '<a href="../781-qd-ubnd/">781/QD-UBND</a>' in html
    assert "<a href='x'>56/KH-UBND</a>" in html
    assert str(index.link_text("Số 1/KH-X <script>", report.url)) == "Số 1/KH-X &lt;script&gt;"


def _post(body: str, day: date = date(2026, 3, 1)) -> Post:
    return Post(source=Path("/tmp/tin.md"), display_path="news/2026/tin.md", title="Tin", slug="tin",
                url="tin-tuc/2026/03/tin/", body=body, body_line=5, draft=False, date=day)


def test_a_citation_links_only_to_the_document_of_that_number_issuer_and_year():
    """Issue 23: a number cited with another authority or another year is not the commune's plan."""
    own = _doc("12/KH-UBND", date(2026, 1, 8), issuer="Ủy ban nhân dân xã Lai Khê")
    index = ReferenceIndex.build([own], authority="Ủy ban nhân dân xã Lai Khê")
    linked = {
        "Kế hoạch số 12/KH-UBND về tuyên truyền": True,
        "Kế hoạch số 12/KH-UBND ngày 08/01/2026 của UBND xã": True,
        "Kế hoạch số 12/KH-UBND của Ủy ban nhân dân xã Lai Khê, ngày 08/01/2026": True,
        "Kế hoạch số 12/KH-UBND ngày 08/01/2024": False,
        "Kế hoạch số 12/KH-UBND của UBND thành phố Hải Phòng về chuyển đổi số": False,
        "Kế hoạch số 12/KH-UBND của UBND TP. Hải Phòng ngày 08/01/2026": False,
        "Kế hoạch 12/2026/KH-UBND": False,  # another number, the year inside it
    }
    for text, expected in linked.items():
        assert ("href" in index.link_html(f"<p>{text}</p>", "tin-tuc/2026/01/tin/")) is expected, text
    found = citations("Kế hoạch số 12/KH-UBND của UBND thành phố Hải Phòng ngày 08/01/2024.")
    assert [(c.number, c.year, c.issuer) for c in found] == [
        ("12/KH-UBND", 2024, ("uy", "ban", "nhan", "dan", "thanh", "pho", "hai", "phong"))]
    # With two plans of that number, the year decides; without a year neither is guessed.
    older = _doc("12/KH-UBND", date(2024, 1, 8))
    both = ReferenceIndex.build([own, older], authority="Ủy ban nhân dân xã Lai Khê")
    assert 'href="../../../../van-ban/2024/12-kh-ubnd/"' in both.link_html("<p>12/KH-UBND ngày 08/01/2024</p>", "tin-tuc/2026/01/tin/")
    assert "href" not in both.link_html("<p>Kế hoạch số 12/KH-UBND</p>", "tin-tuc/2026/01/tin/")


def test_posts_and_procedures_cite_documents_too():
    plan = _doc("12/KH-UBND", date(2026, 1, 8))
    post = _post("Thực hiện Kế hoạch số 12/KH-UBND; Nghị định 118/2025/NĐ-CP.")
    index = ReferenceIndex.build([plan], [post])
    assert index.cites[post.url] == [plan] and plan.url not in index.cited_by  # a document's page lists documents
    assert index.unresolved[post.display_path] == ["118/2025/NĐ-CP"]


def test_plan_progress_counts_done_and_overdue_for_a_fixed_day():
    tasks = (
        PlanTask("Xong", deadline=date(2023, 3, 1), status="hoan-thanh"),
        PlanTask("Trễ", deadline=date(2023, 6, 30), status="dang-thuc-hien"),
        PlanTask("Chưa tới hạn", deadline=date(2023, 12, 31)),
        PlanTask("Thường xuyên", deadline_text="Thường xuyên"),
    )
    progress = plan_progress(_doc("5/KH-UBND", date(2023, 1, 5), tasks=tasks), date(2023, 7, 1))
    assert (progress.total, progress.done, progress.overdue, progress.rate) == (4, 1, 1, 25)


def test_register_has_year_and_kind_pages():
    docs = [_doc("1/KH-UBND", date(2023, 1, 1)), _doc("2/KH-UBND", date(2024, 1, 1))]
    pages = {p.url: p for p in register_pages(docs, {"ke-hoach": "Kế hoạch", "bao-cao": "Báo cáo"})}
    assert set(pages) == {"van-ban/", "van-ban/2024/", "van-ban/2023/", "van-ban/loai/ke-hoach/"}
    assert [d.number for d in pages["van-ban/"].entries] == ["2/KH-UBND", "1/KH-UBND"]


@pytest.mark.slow
def test_built_documents_cross_link_and_mark_overdue_tasks(portal):
    (portal / "plans/2023/bao-cao-6-thang.md").write_text(
        "---\nkind: bao-cao\nnumber: \"80/BC-UBND\"\nissued: 15/06/2023\ntitle: Kết quả 6 tháng đầu năm 2023\n"
        "bases:\n  - Kế hoạch số 56/KH-UBND ngày 27/12/2022 của UBND xã\n---\nĐã thực hiện Kế hoạch số 56/kh-ubnd.\n",
        "utf-8",
    )
    (portal / "plans/2023/du-thao.md").write_text(
        "---\nkind: ke-hoach\nnumber: \"\"\nissued: 01/03/2023\ntitle: Dự thảo chưa ban hành\ndraft: true\n---\n", "utf-8"
    )
    plan_file = portal / "plans/2023/ke-hoach-56.md"
    plan_file.write_text(plan_file.read_text("utf-8").replace("status: hoan-thanh", "status: dang-thuc-hien"), "utf-8")
    assert run(portal, "build", "--now", "2023-07-01T08:00:00+07:00").exit_code == 0
    site = portal / "site/van-ban"
    report = (site / "2023/bao-cao-80-bc-ubnd/index.html").read_text("utf-8")
    assert 'Căn cứ Kế hoạch số <a href="../../2022/ke-hoach-56-kh-ubnd/">56/KH-UBND</a>' in report
    assert '<a href="../../2022/ke-hoach-56-kh-ubnd/">56/kh-ubnd</a>' in report
    plan = (site / "2022/ke-hoach-56-kh-ubnd/index.html").read_text("utf-8")
    assert "Văn bản dẫn chiếu văn bản này" in plan and "80/BC-UBND" in plan
    assert "Đã hoàn thành <strong>0/1</strong>" in plan and "Quá hạn" in plan
    register_html = (site / "index.html").read_text("utf-8")
    assert "80/BC-UBND" in register_html and "56/KH-UBND" in register_html
    assert "Dự thảo chưa ban hành" not in register_html


def test_check_refs_lists_citations_not_on_the_portal_as_a_hint(portal):
    (portal / "plans/2023/bao-cao-6-thang.md").write_text(
        "---\nkind: bao-cao\nnumber: \"80/BC-UBND\"\nissued: 15/06/2023\ntitle: Kết quả 6 tháng đầu năm 2023\n"
        "bases:\n  - Kế hoạch số 56/KH-UBND ngày 27/12/2022 của UBND xã\n  - Quyết định số 781/QĐ-UBND\n---\n"
        "Theo Quyết định số 781/QĐ-UBND và Nghị quyết số 76/NQ-CP.\n",
        "utf-8",
    )
    result = run(portal, "check", "--refs")
    assert result.exit_code == 0, result.output
    assert "Gợi ý (không phải lỗi): các văn bản được trích dẫn nhưng chưa có trên Cổng, sẽ hiện là chữ thường:" in result.output
    assert "plans/2023/bao-cao-6-thang.md: 781/QĐ-UBND, 76/NQ-CP\n" in result.output
    assert "plans/2023/ke-hoach-56.md: 76/NQ-CP\n" in result.output
    assert "56/KH-UBND" not in result.output.split("Gợi ý")[1].split("Không có lỗi")[0]


def test_check_refs_says_when_every_citation_resolves(portal):
    plan = portal / "plans/2023/ke-hoach-56.md"
    plan.write_text(plan.read_text("utf-8").replace("Nghị quyết số 76/NQ-CP", "Nghị quyết"), "utf-8")
    result = run(portal, "check", "--refs")
    assert result.exit_code == 0
    assert "Mọi số văn bản được trích dẫn đều có trên Cổng." in result.output
    assert "Gợi ý" not in run(portal, "check").output


def test_a_news_post_links_the_plan_it_cites(example_site):
    post = (example_site / "tin-tuc/2026/01/ke-hoach-tuyen-truyen-cai-cach-hanh-chinh-nam-2026/index.html").read_text("utf-8")
    assert '<a href="../../../../van-ban/2026/ke-hoach-12-kh-ubnd/">12/KH-UBND</a>' in post
