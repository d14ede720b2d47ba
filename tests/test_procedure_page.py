"""A procedure page's structure, and an abolished procedure: out of the catalogue, page kept."""

from __future__ import annotations

from pathlib import Path
from shutil import copytree

import pytest
from lxml import html

from conftest import FIXTURES, run

BIRTH = """\
---
code: "1.001193"
title: Đăng ký khai sinh
field: ho-tich
level: Cấp xã
agency: Ủy ban nhân dân xã Thử Nghiệm
steps:
  - Nộp hồ sơ tại Bộ phận Một cửa.
  - Nhận kết quả.
methods:
  - Trực tiếp
  - Trực tuyến
dossier:
  - Tờ khai đăng ký khai sinh.
  - Giấy chứng sinh.
processing_time: Ngay trong ngày tiếp nhận hồ sơ.
fees: Miễn lệ phí nếu đăng ký đúng hạn.
forms:
  - file: bieu-mau/to-khai-khai-sinh.docx
    title: Tờ khai đăng ký khai sinh
requirements: Cha, mẹ đăng ký trong 60 ngày kể từ ngày sinh.
legal_basis:
  - Luật Hộ tịch số 60/2014/QH13
  - Nghị định số 123/2015/NĐ-CP
result: Giấy khai sinh.
online: mot-phan
dvc_url: https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193
decision: Quyết định số 100/QĐ-UBND ngày 02/01/2025 của Chủ tịch UBND tỉnh Mẫu
status: hien-hanh
updated: 15/07/2025
---

## Lưu ý

Mang theo giấy tờ tùy thân.
"""

ABOLISHED = """\
---
code: "2.000999"
title: Chứng thực giấy tờ đã bãi bỏ
field: chung-thuc
online: toan-trinh
dvc_url: https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=2.000999
status: bai-bo
change_decision: Quyết định số 200/QĐ-UBND ngày 01/03/2025 của Chủ tịch UBND tỉnh Mẫu
updated: 01/03/2025
---
"""

HEADINGS = [
    "Thông tin chính", "Trình tự thực hiện", "Cách thức thực hiện", "Thành phần hồ sơ",
    "Cơ quan thực hiện", "Cấp thực hiện", "Yêu cầu, điều kiện", "Kết quả thực hiện", "Căn cứ pháp lý",
    "Biểu mẫu", "Lưu ý",
]
BIRTH_URL = "thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/"
ABOLISHED_URL = "thu-tuc-hanh-chinh/chung-thuc/2.000999-chung-thuc-giay-to-da-bai-bo/"
FORM_SIZE = 3 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture portal with a fully described procedure, a form and an abolished procedure, built."""
    portal = tmp_path_factory.mktemp("procedure") / "portal"
    copytree(FIXTURES / "portal", portal)
    folder = portal / "tthc/ho-tich"
    (folder / "1.001193-dang-ky-khai-sinh.md").write_text(BIRTH, "utf-8")
    (folder / "bieu-mau").mkdir()
    (folder / "bieu-mau/to-khai-khai-sinh.docx").write_bytes(b"\0" * FORM_SIZE)
    (portal / "tthc/chung-thuc").mkdir()
    (portal / "tthc/chung-thuc/2.000999-chung-thuc-giay-to-da-bai-bo.md").write_text(ABOLISHED, "utf-8")
    result = run(portal, "build")
    assert result.exit_code == 0, result.output
    return portal / "site"


def _page(site: Path, url: str):
    return html.fromstring((site / url / "index.html").read_bytes())


def _text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.slow
def test_sections_follow_the_fixed_order(site):
    article = _page(site, BIRTH_URL).xpath("//article[@class='ct-procedure']")[0]
    assert [_text(h) for h in article.xpath(".//h1")] == ["Đăng ký khai sinh"]
    assert [_text(h) for h in article.xpath(".//h2")] == HEADINGS
    steps = article.xpath(".//h2[.='Trình tự thực hiện']/following-sibling::*[1]/li")
    assert [_text(li) for li in steps] == ["Nộp hồ sơ tại Bộ phận Một cửa.", "Nhận kết quả."]



def test_the_key_facts_come_first(site):
    """How long, how much, where, when and whether online: above the steps, where a phone shows them."""
    article = _page(site, BIRTH_URL).xpath("//article[@class='ct-procedure']")[0]
    facts = article.xpath(".//section[@class='ct-key-facts']/dl")[0]
    pairs = dict(zip((_text(dt) for dt in facts.xpath("dt")), (_text(dd) for dd in facts.xpath("dd"))))
    assert list(pairs) == ["Thời hạn giải quyết", "Phí, lệ phí", "Nơi nộp hồ sơ", "Giờ tiếp nhận", "Nộp trực tuyến"]
    assert pairs["Phí, lệ phí"] == "Miễn lệ phí nếu đăng ký đúng hạn."
    assert pairs["Giờ tiếp nhận"] and pairs["Nơi nộp hồ sơ"]
    assert pairs["Nộp trực tuyến"].startswith("Một phần: https://dichvucong.gov.vn/")


def test_code_online_level_and_application_button(site):
    article = _page(site, BIRTH_URL).xpath("//article[@class='ct-procedure']")[0]
    assert _text(article.xpath(".//p[@class='ct-kicker']")[0]) == "Hộ tịch · Mã thủ tục 1.001193"
    badge = article.xpath(".//span[contains(@class, 'ct-badge')]")[0]
    assert (badge.get("class"), _text(badge)) == ("ct-badge ct-badge--mot-phan", "Một phần")
    buttons = article.xpath(".//a[contains(@class, 'md-button')]")
    assert [(_text(a), a.get("href")) for a in buttons] == [
        ("Nộp hồ sơ trực tuyến", "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193")
    ]


def test_forms_with_type_and_size_are_downloadable(site):
    page = _page(site, BIRTH_URL)
    forms = page.xpath("//ul[@class='ct-files']/li")
    assert [_text(li) for li in forms] == ["Tờ khai đăng ký khai sinh (DOCX, 3 KB)"]
    link = forms[0].xpath("a")[0]
    assert link.get("download") is not None
    target = (site / BIRTH_URL / link.get("href")).resolve()
    assert target.read_bytes() == b"\0" * FORM_SIZE


def test_decision_and_date_last_updated(site):
    meta = _page(site, BIRTH_URL).xpath("//p[@class='ct-meta']")[0]
    assert _text(meta) == (
        "Quyết định công bố: Quyết định số 100/QĐ-UBND ngày 02/01/2025 của Chủ tịch UBND tỉnh Mẫu. "
        "Cập nhật ngày 15/07/2025."
    )


def test_abolished_procedure_leaves_the_catalogue_but_keeps_its_page(site):
    catalogue = _page(site, "thu-tuc-hanh-chinh/")
    listed = [a.get("href") for a in catalogue.xpath("//ul[@class='ct-procedures']//a")]
    assert any(href.endswith("1.001193-dang-ky-khai-sinh/") for href in listed)
    assert not any("2.000999" in href for href in listed)
    page = _page(site, ABOLISHED_URL)
    notice = page.xpath("//div[contains(@class, 'admonition')]")[0]
    assert _text(notice.xpath("p[@class='admonition-title']")[0]) == "Thủ tục đã bãi bỏ"
    assert "Quyết định số 200/QĐ-UBND ngày 01/03/2025 của Chủ tịch UBND tỉnh Mẫu" in _text(notice)
    assert not page.xpath("//article//a[contains(@class, 'md-button')]")
