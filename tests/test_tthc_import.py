"""``congtt tthc import``: the province's list becomes valid files; updates touch only what changed."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st

from conftest import FIXTURES, run
from congtt.instant import NOW_VARIABLE
from congtt.source import read_source
from congtt.tthc_import import Parsed, _cell_text, _value, rewrite_front_matter

LIST = FIXTURES / "tthc_import" / "procedures.xlsx"
FIELDS = """\
      tthc_fields:
        - {slug: ho-tich, name: "Hộ tịch"}
        - {slug: chung-thuc, name: "Chứng thực"}
        - {slug: dat-dai, name: "Đất đai"}
        - {slug: bao-tro-xa-hoi, name: "Bảo trợ xã hội"}
        - {slug: nguoi-co-cong, name: "Người có công"}
        - {slug: van-hoa, name: "Văn hóa"}
        - {slug: hoa-giai-co-so, name: "Hòa giải ở cơ sở"}
"""
KHAI_TU = "tthc/ho-tich/1.000656-dang-ky-khai-tu.md"
FIELD_NAMES = "Hộ tịch, Chứng thực, Đất đai, Bảo trợ xã hội, Người có công, Văn hóa, Hòa giải ở cơ sở"
NOTES = [
    "Trang tính «Tư pháp»: quyết định công bố đọc từ phần đầu trang: Quyết định số 2345/QĐ-UBND "
    "ngày 15/7/2025 của Chủ tịch UBND thành phố Hải Phòng.",
    "Trang tính «LĐTBXH», dòng 3: bỏ qua cột không nhận ra: «Ghi chú».",
    "Trang tính «LĐTBXH», dòng 3: không có cột «căn cứ pháp lý».",
    "Trang tính «Lĩnh vực khác», dòng 3: không có cột «căn cứ pháp lý».",
    "Trang tính «Hướng dẫn»: không có dòng tên cột, bỏ qua.",
]
FAILED = "Lỗi: Bảng tính có {} lỗi nên chưa ghi tệp nào. Sửa các lỗi trên rồi nhập lại."
# The fixture portal's own procedure, in none of the lists below.
KHAI_SINH = "tthc/ho-tich/1.001193-dang-ky-khai-sinh.md"
KHAI_SINH_MISSING = f"Không có trong bảng tính: «{KHAI_SINH}» (mã 1.001193). Thêm --mark-missing để đánh dấu bãi bỏ."
NO_DECISION = (
    "Chưa đánh dấu bãi bỏ: bảng tính không ghi quyết định công bố của lĩnh vực Hộ tịch nên không rõ "
    "quyết định bãi bỏ. Ghi «status: bai-bo» và «change_decision:» bằng tay."
)
HO_TICH_ONLY = "Đối chiếu với bảng tính các thủ tục trên Cổng thuộc lĩnh vực: Hộ tịch (thủ tục lĩnh vực khác không xét)."
RECORD = "tthc/.import-record.json"


@pytest.fixture
def site(portal: Path, monkeypatch) -> Path:
    """The fixture portal with the fields of the list configured, on a fixed day."""
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + FIELDS, "utf-8")
    monkeypatch.setenv(NOW_VARIABLE, "2025-07-20T09:00:00+07:00")
    return portal


def _import(site: Path, source: Path, *options: str):
    return run(site, "tthc", "import", str(source), *options)


def _lines(result) -> list[str]:
    return result.output.splitlines()


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for name, data in _snapshot(folder).items():
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def _with_fee(tmp_path: Path, title: str, fee: str) -> Path:
    """A copy of the list where the procedure titled ``title`` has another fee."""
    workbook = openpyxl.load_workbook(LIST)
    sheet = workbook["Tư pháp"]
    row = next(r for r in sheet.iter_rows() if r[2].value == title)
    row[5].value = fee
    target = tmp_path / "danh-muc-sua-doi.xlsx"
    workbook.save(target)
    return target


def _workbook(tmp_path: Path, *rows, name: str = "list.xlsx", sheet: str = "Danh mục") -> Path:
    """A one-sheet workbook with ``rows`` from A1."""
    workbook = openpyxl.Workbook()
    workbook.active.title = sheet
    for row in rows:
        workbook.active.append(list(row))
    target = tmp_path / name
    workbook.save(target)
    return target


def test_import_creates_thirty_valid_files(site):
    result = _import(site, LIST)
    assert result.exit_code == 0, result.output
    lines = _lines(result)
    assert lines[:5] == NOTES
    assert lines[-3:] == [
        f"Đối chiếu với bảng tính các thủ tục trên Cổng thuộc lĩnh vực: {FIELD_NAMES} (thủ tục lĩnh vực khác không xét).",
        KHAI_SINH_MISSING,
        "Kết quả: 30 tạo mới, 0 cập nhật, 0 không đổi, 0 bỏ qua, 1 không có trong bảng tính.",
    ]
    assert f"Đã tạo «{KHAI_TU}»." in lines
    created = sorted((site / "tthc").rglob("*.md"))
    assert len(created) == 31  # the 30 of the list and the fixture's own procedure
    assert {p.parent.name for p in created} == {
        "ho-tich", "chung-thuc", "bao-tro-xa-hoi", "nguoi-co-cong", "van-hoa", "hoa-giai-co-so", "dat-dai",
    }
    check = run(site, "check")
    assert check.output.strip() == "Không có lỗi: 1 tin bài, 1 văn bản, 31 thủ tục hành chính."
    assert check.exit_code == 0


def test_created_file_follows_the_hand_written_schema(site):
    assert _import(site, LIST).exit_code == 0
    text = (site / "tthc/ho-tich/2.000635-cap-ban-sao-trich-luc-ho-tich.md").read_text("utf-8")
    assert text == (
        "---\n"
        'code: "2.000635"\n'
        "title: Cấp bản sao trích lục hộ tịch\n"
        "field: ho-tich\n"
        "agency: Bộ phận tiếp nhận và trả kết quả của UBND cấp xã\n"
        "processing_time: Ngay trong ngày tiếp nhận yêu cầu\n"
        'fees: "Lệ phí: 8.000 đồng/bản; Phí: không"\n'
        "legal_basis:\n"
        "  - Luật Hộ tịch số 60/2014/QH13\n"
        "  - Nghị định số 123/2015/NĐ-CP\n"
        "  - Thông tư số 04/2020/TT-BTP\n"
        "decision: Quyết định số 2345/QĐ-UBND ngày 15/7/2025 của Chủ tịch UBND thành phố Hải Phòng\n"
        "status: hien-hanh\n"
        "updated: 20/07/2025\n"
        "---\n"
    )


def test_field_column_methods_online_level_and_national_portal_link(site):
    assert _import(site, LIST).exit_code == 0
    text = (site / "tthc/bao-tro-xa-hoi/1.001731-ho-tro-chi-phi-mai-tang-cho-doi-tuong-bao-tro-xa-hoi.md").read_text("utf-8")
    assert (
        "agency: Ủy ban nhân dân xã Thử Nghiệm\n"
        "methods:\n"
        "  - Trực tiếp tại Bộ phận Một cửa\n"
        "  - Qua dịch vụ bưu chính công ích\n"
        "  - Trực tuyến trên Cổng Dịch vụ công quốc gia\n"
    ) in text
    assert "online: toan-trinh\ndvc_url: https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001731\n" in text
    literacy = next((site / "tthc/van-hoa").glob("1.008901-*.md")).read_text("utf-8")
    assert "field: van-hoa\nagency: UBND cấp xã\n" in literacy


def test_codes_stored_as_numbers_get_their_zeros_back(site):
    assert _import(site, LIST).exit_code == 0
    birth = site / "tthc/ho-tich/1.001190-dang-ky-khai-sinh-ket-hop-nhan-cha-me-con.md"
    farming = site / "tthc/dat-dai/1.005240-xac-nhan-ho-gia-dinh-ca-nhan-truc-tiep-san-xuat-nong-nghiep.md"
    assert birth.read_text("utf-8").startswith('---\ncode: "1.001190"\n')
    assert farming.read_text("utf-8").startswith('---\ncode: "1.005240"\n')


def test_dry_run_writes_nothing(site):
    before = _digest(site)
    result = _import(site, LIST, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"Sẽ tạo «{KHAI_TU}»." in _lines(result)
    assert _lines(result)[-1] == (
        "Chạy thử, chưa ghi tệp nào. Nếu chạy thật: 30 tạo mới, 0 cập nhật, 0 không đổi, 0 bỏ qua, "
        "1 không có trong bảng tính."
    )
    assert _digest(site) == before


def test_reimport_with_one_changed_fee_updates_exactly_that_key(site, tmp_path):
    assert _import(site, LIST).exit_code == 0
    written = site / KHAI_TU
    written.write_bytes(written.read_bytes() + "\nNgười đi khai tử mang theo giấy báo tử.\n".encode())
    before = _snapshot(site)
    changed = _with_fee(tmp_path, "Đăng ký khai tử", "Lệ phí: 10.000 đồng/trường hợp")

    dry = _import(site, changed, "--update", "--dry-run")
    assert [line for line in _lines(dry) if line.startswith(("Sẽ", "  "))] == [
        f"Sẽ cập nhật «{KHAI_TU}»: fees (phí, lệ phí).",
        "  fees (phí, lệ phí): «Miễn lệ phí đối với đăng ký khai tử đúng hạn» → «Lệ phí: 10.000 đồng/trường hợp».",
    ]
    assert _lines(dry)[-1] == (
        "Chạy thử, chưa ghi tệp nào. Nếu chạy thật: 0 tạo mới, 1 cập nhật, 29 không đổi, 0 bỏ qua, "
        "1 không có trong bảng tính."
    )
    assert _snapshot(site) == before

    kept = _import(site, changed)
    assert (
        f"Bỏ qua «{KHAI_TU}»: đã có, khác bảng tính ở fees (phí, lệ phí). Thêm --update để cập nhật."
        in _lines(kept)
    )
    assert _lines(kept)[-1] == "Kết quả: 0 tạo mới, 0 cập nhật, 29 không đổi, 1 bỏ qua, 1 không có trong bảng tính."
    assert _snapshot(site) == before

    updated = _import(site, changed, "--update")
    assert updated.exit_code == 0, updated.output
    assert f"Đã cập nhật «{KHAI_TU}»: fees (phí, lệ phí)." in _lines(updated)
    assert _lines(updated)[-1] == "Kết quả: 0 tạo mới, 1 cập nhật, 29 không đổi, 0 bỏ qua, 1 không có trong bảng tính."
    after = _snapshot(site)
    assert {name for name in after if after[name] != before.get(name)} == {KHAI_TU, RECORD}
    old = "fees: Miễn lệ phí đối với đăng ký khai tử đúng hạn\n".encode()
    new = 'fees: "Lệ phí: 10.000 đồng/trường hợp"\n'.encode()
    assert before[KHAI_TU].count(old) == 1
    assert after[KHAI_TU] == before[KHAI_TU].replace(old, new)
    assert run(site, "check").exit_code == 0


HAND_WRITTEN = (
    "\ufeff---\r\n"
    "# Ghi chú của cán bộ: đối chiếu với quyết định mới.\r\n"
    "code: 1.000894\r\n"
    "title: 'Đăng ký kết hôn'\r\n"
    "field: ho-tich\r\n"
    "processing_time: 05 ngày   # cũ\r\n"
    "result: Giấy chứng nhận kết hôn.\r\n"
    "updated: 01/01/2024\r\n"
    "---\r\n"
    "\r\n"
    "Hai bên nam, nữ cùng có mặt khi đăng ký.\r\n"
    "---\r\n"
    "Đoạn sau đường kẻ.\r\n"
)


def _ket_hon_list(tmp_path: Path) -> Path:
    """A list with the hand-written marriage procedure's code, another time and a fee."""
    return _workbook(
        tmp_path,
        ("Mã TTHC", "Tên TTHC", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí", "Kết quả"),
        ("1.000894", "Đăng ký kết hôn", "Hộ tịch", "Ngay trong ngày", "Miễn lệ phí", "Giấy chứng nhận kết hôn."),
    )


def test_update_keeps_bom_line_endings_comments_and_quoting(site, tmp_path):
    target = site / "tthc/ho-tich/ket-hon.md"
    target.write_bytes(HAND_WRITTEN.encode("utf-8"))
    result = _import(site, _ket_hon_list(tmp_path), "--update", "--force")
    assert result.exit_code == 0, result.output
    assert _lines(result)[1:4] == [
        "Đã cập nhật «tthc/ho-tich/ket-hon.md»: processing_time (thời hạn giải quyết), fees (phí, lệ phí).",
        "  processing_time (thời hạn giải quyết): «05 ngày» → «Ngay trong ngày» (ghi đè phần đã sửa tay, do có --force).",
        "  fees (phí, lệ phí): (không có) → «Miễn lệ phí».",
    ]
    assert target.read_bytes() == HAND_WRITTEN.replace(
        "processing_time: 05 ngày   # cũ\r\n",
        "processing_time: Ngay trong ngày   # cũ\r\nfees: Miễn lệ phí\r\n",
    ).encode("utf-8")
    assert run(site, "check").exit_code == 0


@pytest.mark.slow
def test_renamed_procedure_keeps_its_address(site, tmp_path):
    source = _workbook(
        tmp_path,
        ("Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực"),
        ("1.001193", "Đăng ký khai sinh cho trẻ em", "Hộ tịch"),
    )
    result = _import(site, source, "--update", "--force")
    assert "Đã cập nhật «tthc/ho-tich/1.001193-dang-ky-khai-sinh.md»: title (tên thủ tục), slug (đường dẫn)." in _lines(result)
    text = (site / "tthc/ho-tich/1.001193-dang-ky-khai-sinh.md").read_text("utf-8")
    assert text.startswith("---\ncode: 1.001193\ntitle: Đăng ký khai sinh cho trẻ em\nfield: ho-tich\n")
    assert "updated: 01/07/2025\nslug: dang-ky-khai-sinh\n---\n" in text
    assert run(site, "build").exit_code == 0
    page = site / "site/thu-tuc-hanh-chinh/ho-tich/1.001193-dang-ky-khai-sinh/index.html"
    assert "Đăng ký khai sinh cho trẻ em" in page.read_text("utf-8")


def test_csv_with_semicolons_and_a_code_excel_shortened(site, tmp_path):
    source = tmp_path / "danh-muc.csv"
    source.write_bytes(
        "\ufeffSTT;Mã số;Tên thủ tục;Lĩnh vực;Căn cứ pháp lý\r\n"
        '1;1.00119;Đăng ký khai sinh lưu động;Hộ tịch;"Luật Hộ tịch số 60/2014/QH13\r\nNghị định số 123/2015/NĐ-CP"\r\n'.encode()
    )
    result = _import(site, source)
    assert result.exit_code == 0, result.output
    assert _lines(result) == [
        "Dòng 1: không có cột «thời hạn giải quyết», «phí, lệ phí».",
        "Đã tạo «tthc/ho-tich/1.001190-dang-ky-khai-sinh-luu-dong.md».",
        HO_TICH_ONLY,
        f"Không có trong bảng tính: «{KHAI_SINH}» (mã 1.001193). {NO_DECISION}",
        "Kết quả: 1 tạo mới, 0 cập nhật, 0 không đổi, 0 bỏ qua, 1 không có trong bảng tính.",
    ]
    text = (site / "tthc/ho-tich/1.001190-dang-ky-khai-sinh-luu-dong.md").read_text("utf-8")
    assert "legal_basis:\n  - Luật Hộ tịch số 60/2014/QH13\n  - Nghị định số 123/2015/NĐ-CP\n" in text


def test_files_with_problems_or_taken_names_are_skipped(site, tmp_path):
    broken = site / "tthc/ho-tich/hong.md"
    broken.write_text("---\ncode: \"1.000656\"\ntitle: Đăng ký khai tử\nfield: dat-dai-sai\n---\n", "utf-8")
    taken = site / "tthc/ho-tich/1.000894-dang-ky-ket-hon.md"
    taken.write_text("---\ncode: \"1.999999\"\ntitle: Thủ tục khác\nfield: ho-tich\n---\n", "utf-8")
    before = _snapshot(site / "tthc")
    source = _workbook(
        tmp_path,
        ("Mã TTHC", "Tên TTHC", "Lĩnh vực"),
        ("1.000656", "Đăng ký khai tử", "Hộ tịch"),
        ("1.000894", "Đăng ký kết hôn", "Hộ tịch"),
    )
    result = _import(site, source, "--update")
    assert _lines(result) == [
        "Trang tính «Danh mục», dòng 1: không có cột «thời hạn giải quyết», «phí, lệ phí», «căn cứ pháp lý».",
        "Bỏ qua «tthc/ho-tich/hong.md»: tệp đang có lỗi; chạy «congtt check» để xem và sửa.",
        "Bỏ qua «tthc/ho-tich/1.000894-dang-ky-ket-hon.md»: tên tệp đã được dùng cho một thủ tục "
        "mang mã khác; đổi tên tệp đó rồi nhập lại.",
        HO_TICH_ONLY,
        f"Không có trong bảng tính: «tthc/ho-tich/1.000894-dang-ky-ket-hon.md» (mã 1.999999). {NO_DECISION}",
        f"Không có trong bảng tính: «{KHAI_SINH}» (mã 1.001193). {NO_DECISION}",
        "Kết quả: 0 tạo mới, 0 cập nhật, 0 không đổi, 2 bỏ qua, 2 không có trong bảng tính.",
    ]
    assert _snapshot(site / "tthc") == before


def _failure(site: Path, source: Path) -> list[str]:
    """The messages of an import that must fail, having written nothing."""
    before = _digest(site)
    result = _import(site, source)
    assert result.exit_code == 1
    assert _digest(site) == before
    return _lines(result)


def test_rows_that_cannot_be_imported_are_all_reported(site, tmp_path):
    source = _workbook(
        tmp_path,
        ("DANH MỤC THỦ TỤC HÀNH CHÍNH",),
        ("STT", "Mã thủ tục", "TÊN THỦ TỤC", "Lĩnh vực", "Mức độ trực tuyến", "Link DVC"),
        ("I. LĨNH VỰC NÔNG NGHIỆP",),
        (1, None, "Cấp giấy chứng nhận trang trại", None),
        (2, "1.001", "Đăng ký khai tử", "Hộ tịch"),
        (3, "1.000656", None, "Hộ tịch"),
        (4, "1.000894", "Đăng ký kết hôn", "Lĩnh vực Giao thông"),
        (5, "1.004837", "Đăng ký giám hộ", "Hộ tịch", "Mức độ 5"),
        (6, "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", "Toàn trình", "dichvucong.gov.vn"),
        (7, "1.004845", "Đăng ký chấm dứt giám hộ", "Hộ tịch"),
        (8, "1.004845", "Đăng ký chấm dứt giám hộ", "Hộ tịch"),
    )
    assert _failure(site, source) == [
        "Trang tính «Danh mục», dòng 2: không có cột «thời hạn giải quyết», «phí, lệ phí», «căn cứ pháp lý».",
        f"Trang tính «Danh mục», dòng 3: lĩnh vực «NÔNG NGHIỆP» không có trong cấu hình. Chọn một trong: "
        f"{FIELD_NAMES} (danh sách ở mkdocs.yml, mục plugins → congtt → tthc_fields).",
        "Trang tính «Danh mục», dòng 4: thủ tục chưa có mã thủ tục.",
        "Trang tính «Danh mục», dòng 4: không rõ lĩnh vực của thủ tục. Thêm cột «Lĩnh vực» hoặc một dòng "
        "như «I. LĨNH VỰC HỘ TỊCH» phía trên các thủ tục của lĩnh vực đó.",
        "Trang tính «Danh mục», dòng 5: mã thủ tục «1.001» không đúng dạng mã của Cơ sở dữ liệu quốc gia "
        "về TTHC (ví dụ 1.001193).",
        "Trang tính «Danh mục», dòng 6: mã thủ tục «1.000656» chưa có tên thủ tục.",
        f"Trang tính «Danh mục», dòng 7: lĩnh vực «Giao thông» không có trong cấu hình. Chọn một trong: "
        f"{FIELD_NAMES} (danh sách ở mkdocs.yml, mục plugins → congtt → tthc_fields).",
        "Trang tính «Danh mục», dòng 8: mức độ trực tuyến «Mức độ 5» không rõ. "
        "Ghi «Toàn trình», «Một phần» hoặc «Trực tiếp».",
        "Trang tính «Danh mục», dòng 9: địa chỉ nộp hồ sơ trực tuyến «dichvucong.gov.vn» "
        "phải bắt đầu bằng https:// hoặc http://.",
        "Trang tính «Danh mục», dòng 11: mã thủ tục «1.004845» đã có ở trang tính «Danh mục», dòng 10.",
        FAILED.format(9),
    ]


def test_sheet_without_the_code_or_title_column(site, tmp_path):
    no_code = _workbook(tmp_path, ("STT", "Tên thủ tục hành chính", "Lĩnh vực", "Ghi chú"), name="a.xlsx")
    assert _failure(site, no_code) == [
        "Trang tính «Danh mục», dòng 1: bỏ qua cột không nhận ra: «Ghi chú».",
        "Trang tính «Danh mục», dòng 1: thiếu cột mã thủ tục (ví dụ «Mã TTHC» hoặc «Mã số»).",
        FAILED.format(1),
    ]
    no_title = _workbook(tmp_path, ("Mã TTHC", "Phí/lệ phí"), name="b.xlsx")
    assert _failure(site, no_title) == [
        "Trang tính «Danh mục», dòng 1: thiếu cột tên thủ tục (ví dụ «Tên thủ tục hành chính» hoặc «Tên TTHC»).",
        FAILED.format(1),
    ]


def test_two_columns_for_one_key(site, tmp_path):
    source = _workbook(tmp_path, ("Mã TTHC", "Tên TTHC", "Cơ quan thực hiện", "Địa điểm thực hiện"))
    assert (
        "Trang tính «Danh mục», dòng 1: hai cột «Cơ quan thực hiện» và «Địa điểm thực hiện» cùng ghi "
        "cơ quan thực hiện; hãy xóa hoặc đổi tên một cột."
    ) in _failure(site, source)


def test_workbook_without_a_heading_row(site, tmp_path):
    source = _workbook(tmp_path, ("Danh sách cán bộ",), ("Nguyễn Văn A", "Công chức tư pháp"))
    assert _failure(site, source) == [
        "Trang tính «Danh mục»: không có dòng tên cột, bỏ qua.",
        "Không tìm thấy dòng tên cột: cần cột mã thủ tục (ví dụ «Mã TTHC») và cột tên thủ tục "
        "(ví dụ «Tên thủ tục hành chính») trong 20 dòng đầu của một trang tính.",
        FAILED.format(1),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("danh-muc.xls", b"\xd0\xcf\x11\xe0", "Tệp «danh-muc.xls» là bảng tính Excel cũ (.xls). Hãy mở bằng Excel "
         "hoặc LibreOffice, lưu lại dạng .xlsx rồi nhập lại."),
        ("danh-muc.docx", b"PK", "Chỉ nhập được bảng tính .xlsx hoặc tệp .csv, không nhập được «danh-muc.docx»."),
        ("danh-muc.xlsx", b"not a zip", "Không mở được bảng tính «danh-muc.xlsx»: tệp hỏng hoặc không phải .xlsx. "
         "Hãy mở bằng Excel và lưu lại dạng .xlsx."),
        ("danh-muc.csv", b"M\xe3 TTHC,T\xean TTHC\n", "Tệp «danh-muc.csv» không được lưu bằng mã hóa "
         "UTF-8. Trong Excel chọn Lưu thành… → «CSV UTF-8 (phân tách bằng dấu phẩy)» rồi nhập lại."),
    ],
)
def test_files_that_are_not_a_readable_list(site, tmp_path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content)
    assert _failure(site, source) == [message, FAILED.format(1)]


def test_missing_file(site, tmp_path):
    result = _import(site, tmp_path / "khong-co.xlsx")
    assert result.exit_code == 1
    assert result.output == f"Lỗi: Không tìm thấy tệp «{tmp_path / 'khong-co.xlsx'}».\n"


# Procedures the list lacks ---------------------------------------------------

REISSUED = FIXTURES / "tthc_import" / "reissued.xlsx"
DECISION = "Quyết định số 2790/QĐ-UBND ngày 18/7/2025 của Chủ tịch UBND thành phố Hải Phòng"
VAN_HOA = "tthc/van-hoa/1.000954-xet-tang-danh-hieu-khu-dan-cu-van-hoa.md"
ABOLISHED = "tthc/ho-tich/1.004884-dang-ky-lai-khai-sinh.md"
BODY = "\nTrẻ sinh ra ở nước ngoài về cư trú tại xã: hỏi Bộ phận Một cửa.\n".encode()
REISSUED_HEAD = [
    "Trang tính «Tư pháp», dòng 4: không có cột «căn cứ pháp lý».",
    f"Trang tính «Tư pháp»: quyết định công bố đọc từ phần đầu trang: {DECISION}.",
]
CREATED = [
    "tthc/ho-tich/1.000656-dang-ky-khai-tu.md",
    "tthc/ho-tich/1.000894-dang-ky-ket-hon.md",
    "tthc/chung-thuc/2.000884-chung-thuc-chu-ky-trong-cac-giay-to-van-ban.md",
]
COMPARED = "Đối chiếu với bảng tính các thủ tục trên Cổng thuộc lĩnh vực: Hộ tịch, Chứng thực (thủ tục lĩnh vực khác không xét)."


@pytest.fixture
def reissue_site(site: Path) -> Path:
    """The site with a procedure of a field the reissued list does not cover, one
    abolished earlier, and a body under the procedure the list leaves out."""
    shutil.copytree(FIXTURES / "tthc_import" / "tthc", site / "tthc", dirs_exist_ok=True)
    khai_sinh = site / KHAI_SINH
    khai_sinh.write_bytes(khai_sinh.read_bytes() + BODY)
    return site


def _marked(before: bytes, day: str) -> bytes:
    """The fixture's procedure as --mark-missing leaves it: three keys, nothing else."""
    anchor = b"ma_thu_tuc=1.001193\n"
    assert before.count(anchor) == 1 and before.count(b"updated: 01/07/2025\n") == 1
    inserted = f"status: bai-bo\nchange_decision: {DECISION}\n".encode()
    return before.replace(anchor, anchor + inserted).replace(b"updated: 01/07/2025\n", f"updated: {day}\n".encode())


def test_missing_procedures_are_reported_only_for_the_fields_of_the_list(reissue_site):
    before = _snapshot(reissue_site / "tthc")
    result = _import(reissue_site, REISSUED)
    assert result.exit_code == 0, result.output
    assert _lines(result) == [
        *REISSUED_HEAD,
        *(f"Đã tạo «{path}»." for path in CREATED),
        COMPARED,
        KHAI_SINH_MISSING,
        "Kết quả: 3 tạo mới, 0 cập nhật, 0 không đổi, 0 bỏ qua, 1 không có trong bảng tính.",
    ]
    after = _snapshot(reissue_site / "tthc")
    assert {name: after[name] for name in before} == before


@pytest.mark.slow
def test_mark_missing_abolishes_in_place_and_the_page_stays(reissue_site):
    before = _snapshot(reissue_site)
    result = _import(reissue_site, REISSUED, "--mark-missing", "--date", "19/07/2025")
    assert result.exit_code == 0, result.output
    assert _lines(result) == [
        *REISSUED_HEAD,
        *(f"Đã tạo «{path}»." for path in CREATED),
        COMPARED,
        f"Đã đánh dấu bãi bỏ «{KHAI_SINH}» (mã 1.001193): không có trong bảng tính.",
        "Kết quả: 3 tạo mới, 0 cập nhật, 0 không đổi, 0 bỏ qua, 1 không có trong bảng tính (1 đánh dấu bãi bỏ).",
    ]
    after = _snapshot(reissue_site)
    assert {name for name in after if after[name] != before.get(name)} == {KHAI_SINH, *CREATED, RECORD}
    assert after[VAN_HOA] == before[VAN_HOA] and after[ABOLISHED] == before[ABOLISHED]
    assert after[KHAI_SINH] == _marked(before[KHAI_SINH], "19/07/2025")
    assert after[KHAI_SINH].endswith(BODY)
    assert all(b"updated: 19/07/2025\n" in after[path] for path in CREATED)
    check = run(reissue_site, "check")
    assert check.output.strip() == "Không có lỗi: 1 tin bài, 1 văn bản, 6 thủ tục hành chính."

    assert run(reissue_site, "build").exit_code == 0
    built = reissue_site / "site" / "thu-tuc-hanh-chinh"
    page = (built / "ho-tich/1.001193-dang-ky-khai-sinh/index.html").read_text("utf-8")
    assert '<p class="admonition-title">Thủ tục đã bãi bỏ</p>' in page
    assert f"<p>{DECISION}</p>" in page
    assert "1.001193-dang-ky-khai-sinh" not in (built / "index.html").read_text("utf-8")
    # ``updated`` moved, so the abolition is news of its own day in the feed and the statistics.
    feed = (reissue_site / "site/feeds/thu-tuc-hanh-chinh/rss.xml").read_text("utf-8")
    assert "tag:thunghiem.example.gov.vn,2025:thu-tuc/1.001193/bai-bo/2025-07-19</guid>" in feed
    stats = run(reissue_site, "stats", "--from", "01/07/2025", "--to", "31/07/2025", "--format", "json")
    assert json.loads(stats.output)["procedures"] == {"published": 3, "amended": 0, "abolished": 1}


def test_dry_run_with_mark_missing_writes_nothing(reissue_site):
    before = _digest(reissue_site)
    result = _import(reissue_site, REISSUED, "--mark-missing", "--dry-run")
    assert result.exit_code == 0, result.output
    assert _lines(result) == [
        *REISSUED_HEAD,
        *(f"Sẽ tạo «{path}»." for path in CREATED),
        COMPARED,
        f"Sẽ đánh dấu bãi bỏ «{KHAI_SINH}» (mã 1.001193): không có trong bảng tính.",
        "Chạy thử, chưa ghi tệp nào. Nếu chạy thật: 3 tạo mới, 0 cập nhật, 0 không đổi, 0 bỏ qua, "
        "1 không có trong bảng tính (1 đánh dấu bãi bỏ).",
    ]
    assert _digest(reissue_site) == before


def test_mark_missing_records_today_by_default(reissue_site):
    before = (reissue_site / KHAI_SINH).read_bytes()
    assert _import(reissue_site, REISSUED, "--mark-missing").exit_code == 0
    assert (reissue_site / KHAI_SINH).read_bytes() == _marked(before, "20/07/2025")


def test_missing_procedures_that_cannot_be_marked(site, tmp_path):
    broken = site / "tthc/ho-tich/hong.md"
    broken.write_text('---\ncode: "1.004837"\ntitle: Đăng ký giám hộ\nfield: ho-tich\nonline: co\n---\n', "utf-8")
    before = _snapshot(site / "tthc")
    source = _workbook(
        tmp_path,
        ("Mã TTHC", "Tên TTHC", "Lĩnh vực", "Quyết định công bố"),
        ("1.000656", "Đăng ký khai tử", "Hộ tịch", "Quyết định số 2345/QĐ-UBND ngày 15/7/2025"),
        ("1.000894", "Đăng ký kết hôn", "Hộ tịch", "Quyết định số 2790/QĐ-UBND ngày 18/7/2025"),
    )
    result = _import(site, source, "--mark-missing")
    assert result.exit_code == 0, result.output
    assert _lines(result)[-4:] == [
        HO_TICH_ONLY,
        f"Không có trong bảng tính: «{KHAI_SINH}» (mã 1.001193). Chưa đánh dấu bãi bỏ: bảng tính ghi 2 quyết "
        "định công bố khác nhau cho lĩnh vực Hộ tịch nên không rõ quyết định nào bãi bỏ thủ tục này. "
        "Ghi «status: bai-bo» và «change_decision:» bằng tay.",
        "Không có trong bảng tính: «tthc/ho-tich/hong.md» (mã 1.004837). Chưa đánh dấu bãi bỏ: tệp đang có lỗi; "
        "chạy «congtt check» để xem và sửa.",
        "Kết quả: 2 tạo mới, 0 cập nhật, 0 không đổi, 0 bỏ qua, 2 không có trong bảng tính (0 đánh dấu bãi bỏ).",
    ]
    after = _snapshot(site / "tthc")
    assert {name: after[name] for name in before} == before


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("31/02/2025", "Lỗi: Ngày «31/02/2025» của --date không có thật: tháng 2 năm 2025 chỉ có 28 ngày.\n"),
        ("20.07.2025", "Lỗi: Không đọc được ngày «20.07.2025» của --date. Viết dạng ngày/tháng/năm, ví dụ 20/07/2025.\n"),
    ],
)
def test_date_that_cannot_be_used(reissue_site, day, message):
    before = _digest(reissue_site)
    result = _import(reissue_site, REISSUED, "--mark-missing", "--date", day)
    assert result.exit_code == 1
    assert result.output == message
    assert _digest(reissue_site) == before


# Updating only what the sheet changed ----------------------------------------

KHAI_TU_HEADINGS = ("Mã TTHC", "Tên TTHC", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí", "Căn cứ pháp lý")
TWO_BASES = "Luật Hộ tịch số 60/2014/QH13\nNghị định số 123/2015/NĐ-CP"
SEVEN_BASES = "".join(
    f"  - {basis}\n"
    for basis in (
        "Luật Hộ tịch số 60/2014/QH13",
        "Nghị định số 123/2015/NĐ-CP",
        "Nghị định số 87/2020/NĐ-CP",
        "Thông tư số 04/2020/TT-BTP",
        "Thông tư số 85/2019/TT-BTC",
        "Thông tư số 106/2021/TT-BTC",
        "Nghị quyết số 12/2021/NQ-HĐND",
    )
)
SHOWN_SEVEN = (
    "«Luật Hộ tịch số 60/2014/QH13»; «Nghị định số 123/2015/NĐ-CP»; «Nghị định số 87/2020/NĐ-CP»; "
    "«Thông tư số 04/2020/TT-BTP»; «Thông tư số 85/2019/TT-BTC»; «Thông tư số 106/2021/TT-BTC»; "
    "«Nghị quyết số 12/2021/NQ-HĐND»"
)
SHOWN_THREE = "«Luật Hộ tịch số 60/2014/QH13»; «Nghị định số 123/2015/NĐ-CP»; «Thông tư số 04/2020/TT-BTP»"
KEPT_BASES = (
    "Giữ nguyên legal_basis (căn cứ pháp lý) của «tthc/ho-tich/1.000656-dang-ky-khai-tu.md»: đã sửa tay sau "
    f"lần nhập trước. Tệp: {SHOWN_SEVEN}; bảng tính: {SHOWN_THREE}. Thêm --force để ghi theo bảng tính."
)
KEPT_SUMMARY = (
    "Kết quả: 0 tạo mới, 0 cập nhật, 0 không đổi, 1 bỏ qua, 1 không có trong bảng tính. "
    "Giữ nguyên 1 khóa đã sửa tay (thêm --force để ghi theo bảng tính)."
)


def _khai_tu(tmp_path: Path, name: str, fee: str = "Miễn lệ phí", bases: str = TWO_BASES) -> Path:
    """A one-procedure list: the death registration with ``fee`` and legal ``bases``."""
    row = ("1.000656", "Đăng ký khai tử", "Hộ tịch", "Ngay trong ngày", fee, bases)
    return _workbook(tmp_path, KHAI_TU_HEADINGS, row, name=name)


def _hand_edited_khai_tu(site: Path, tmp_path: Path) -> Path:
    """Import the death registration, then write its seven legal bases by hand."""
    assert _import(site, _khai_tu(tmp_path, "v1.xlsx")).exit_code == 0
    target = site / KHAI_TU
    text = target.read_text("utf-8")
    typed = "legal_basis:\n  - Luật Hộ tịch số 60/2014/QH13\n  - Nghị định số 123/2015/NĐ-CP\n"
    assert text.count(typed) == 1
    target.write_text(text.replace(typed, "legal_basis:\n" + SEVEN_BASES), "utf-8")
    return target


def test_update_changes_only_the_key_the_sheet_changed(site, tmp_path):
    target = _hand_edited_khai_tu(site, tmp_path)
    before = target.read_text("utf-8")
    result = _import(site, _khai_tu(tmp_path, "v2.xlsx", fee="Lệ phí: 10.000 đồng"), "--update")
    assert result.exit_code == 0, result.output
    assert _lines(result)[:2] == [
        f"Đã cập nhật «{KHAI_TU}»: fees (phí, lệ phí).",
        "  fees (phí, lệ phí): «Miễn lệ phí» → «Lệ phí: 10.000 đồng».",
    ]
    assert not any("Giữ nguyên" in line for line in _lines(result))
    assert target.read_text("utf-8") == before.replace("fees: Miễn lệ phí\n", 'fees: "Lệ phí: 10.000 đồng"\n')
    assert SEVEN_BASES in target.read_text("utf-8")


def test_key_edited_by_hand_is_kept_and_reported_until_force(site, tmp_path):
    target = _hand_edited_khai_tu(site, tmp_path)
    before = _snapshot(site)
    three = _khai_tu(tmp_path, "v3.xlsx", bases=TWO_BASES + "\nThông tư số 04/2020/TT-BTP")

    dry = _import(site, three, "--update", "--dry-run")
    assert f"Sẽ {KEPT_BASES[0].lower()}{KEPT_BASES[1:]}" in _lines(dry)
    assert _snapshot(site) == before

    for _ in range(2):  # reported again: the next import still sees the sheet disagree with the hand edit
        kept = _import(site, three, "--update")
        assert kept.exit_code == 0, kept.output
        assert _lines(kept)[0] == KEPT_BASES
        assert _lines(kept)[-1] == KEPT_SUMMARY
        assert _snapshot(site) == before

    forced = _import(site, three, "--update", "--force")
    assert forced.exit_code == 0, forced.output
    assert _lines(forced)[:2] == [
        f"Đã cập nhật «{KHAI_TU}»: legal_basis (căn cứ pháp lý).",
        f"  legal_basis (căn cứ pháp lý): {SHOWN_SEVEN} → {SHOWN_THREE} (ghi đè phần đã sửa tay, do có --force).",
    ]
    assert "  - Thông tư số 04/2020/TT-BTP\n" in target.read_text("utf-8")
    assert "Nghị quyết số 12/2021" not in target.read_text("utf-8")
    again = _import(site, three, "--update")
    assert again.output.splitlines()[-1].startswith("Kết quả: 0 tạo mới, 0 cập nhật, 1 không đổi")


def test_key_deleted_by_hand_stays_deleted(site, tmp_path):
    assert _import(site, _khai_tu(tmp_path, "v1.xlsx")).exit_code == 0
    target = site / KHAI_TU
    target.write_text(target.read_text("utf-8").replace("fees: Miễn lệ phí\n", ""), "utf-8")
    before = target.read_bytes()
    result = _import(site, _khai_tu(tmp_path, "v2.xlsx", fee="Lệ phí: 10.000 đồng"), "--update")
    assert _lines(result)[0] == (
        f"Giữ nguyên fees (phí, lệ phí) của «{KHAI_TU}»: đã sửa tay sau lần nhập trước. Tệp: (không có); "
        "bảng tính: «Lệ phí: 10.000 đồng». Thêm --force để ghi theo bảng tính."
    )
    assert target.read_bytes() == before


def test_file_never_imported_keeps_its_values_and_gains_the_keys_it_lacks(site, tmp_path):
    target = site / "tthc/ho-tich/ket-hon.md"
    target.write_bytes(HAND_WRITTEN.encode("utf-8"))
    result = _import(site, _ket_hon_list(tmp_path), "--update")
    assert result.exit_code == 0, result.output
    assert _lines(result)[1:4] == [
        "Đã cập nhật «tthc/ho-tich/ket-hon.md»: fees (phí, lệ phí).",
        "  fees (phí, lệ phí): (không có) → «Miễn lệ phí».",
        "Giữ nguyên processing_time (thời hạn giải quyết) của «tthc/ho-tich/ket-hon.md»: thủ tục chưa nhập từ "
        "bảng tính lần nào nên coi là viết tay. Tệp: «05 ngày»; bảng tính: «Ngay trong ngày». "
        "Thêm --force để ghi theo bảng tính.",
    ]
    assert target.read_bytes() == HAND_WRITTEN.replace(
        "processing_time: 05 ngày   # cũ\r\n", "processing_time: 05 ngày   # cũ\r\nfees: Miễn lệ phí\r\n"
    ).encode("utf-8")


@pytest.mark.slow
def test_record_is_kept_beside_the_procedures_by_code_and_never_published(site, tmp_path):
    assert _import(site, _khai_tu(tmp_path, "v1.xlsx")).exit_code == 0
    record = json.loads((site / RECORD).read_text("utf-8"))
    assert record["version"] == 1
    assert record["procedures"] == {
        "1.000656": {
            "code": "1.000656",
            "title": "Đăng ký khai tử",
            "field": "ho-tich",
            "agency": "Ủy ban nhân dân xã Thử Nghiệm",
            "processing_time": "Ngay trong ngày",
            "fees": "Miễn lệ phí",
            "legal_basis": ["Luật Hộ tịch số 60/2014/QH13", "Nghị định số 123/2015/NĐ-CP"],
        }
    }
    # Renamed by hand: the record still knows the procedure, so only the fee is written.
    moved = site / "tthc/ho-tich/khai-tu.md"
    (site / KHAI_TU).rename(moved)
    moved.write_text(moved.read_text("utf-8").replace("Ngay trong ngày", "Trong ngày"), "utf-8")
    result = _import(site, _khai_tu(tmp_path, "v2.xlsx", fee="Lệ phí: 10.000 đồng"), "--update")
    assert _lines(result)[:2] == [
        "Đã cập nhật «tthc/ho-tich/khai-tu.md»: fees (phí, lệ phí).",
        "  fees (phí, lệ phí): «Miễn lệ phí» → «Lệ phí: 10.000 đồng».",
    ]
    assert "processing_time: Trong ngày\n" in moved.read_text("utf-8")
    assert run(site, "check").exit_code == 0
    assert run(site, "build").exit_code == 0
    assert not [path for path in (site / "site").rglob("*") if "import-record" in path.name]


def test_plain_import_records_files_that_match_the_sheet(site, tmp_path):
    """A hand-written file equal to the sheet is on record after any import, so a
    later change in the sheet is written without --force."""
    target = site / "tthc/ho-tich/ket-hon.md"
    target.write_bytes(HAND_WRITTEN.replace("05 ngày", "Ngay trong ngày").encode("utf-8"))
    target.write_bytes(target.read_bytes().replace(b"result:", "fees: Miễn lệ phí\r\nresult:".encode()))
    assert "1 không đổi" in _import(site, _ket_hon_list(tmp_path)).output
    changed = _workbook(
        tmp_path,
        ("Mã TTHC", "Tên TTHC", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí", "Kết quả"),
        ("1.000894", "Đăng ký kết hôn", "Hộ tịch", "03 ngày làm việc", "Miễn lệ phí", "Giấy chứng nhận kết hôn."),
        name="v2.xlsx",
    )
    result = _import(site, changed, "--update")
    assert _lines(result)[1] == "Đã cập nhật «tthc/ho-tich/ket-hon.md»: processing_time (thời hạn giải quyết)."


def test_skipped_import_does_not_record_the_sheet(site, tmp_path):
    """Without --update nothing of an existing procedure is taken in: a later
    --update must still see the change."""
    _hand_edited_khai_tu(site, tmp_path)
    changed = _khai_tu(tmp_path, "v2.xlsx", fee="Lệ phí: 10.000 đồng")
    before = (site / RECORD).read_bytes()
    skipped = _import(site, changed)
    assert f"Bỏ qua «{KHAI_TU}»: đã có, khác bảng tính ở fees (phí, lệ phí). Thêm --update để cập nhật." in _lines(skipped)
    assert (site / RECORD).read_bytes() == before
    assert f"Đã cập nhật «{KHAI_TU}»: fees (phí, lệ phí)." in _lines(_import(site, changed, "--update"))


def test_unreadable_record_keeps_every_differing_key(site, tmp_path):
    _hand_edited_khai_tu(site, tmp_path)
    (site / RECORD).write_text('<<<<<<< HEAD\n{"version": 1,\n', "utf-8")
    before = (site / KHAI_TU).read_bytes()
    result = _import(site, _khai_tu(tmp_path, "v2.xlsx", fee="Lệ phí: 10.000 đồng"), "--update")
    assert result.exit_code == 0, result.output
    assert _lines(result)[0] == (
        f"Không đọc được «{RECORD}» (nơi ghi lại bảng tính lần nhập trước): tệp hỏng. Coi như chưa nhập lần "
        "nào: khóa nào trong tệp thủ tục khác bảng tính đều được giữ nguyên."
    )
    assert "Giữ nguyên fees (phí, lệ phí) của" in _lines(result)[1]
    assert (site / KHAI_TU).read_bytes() == before
    assert json.loads((site / RECORD).read_text("utf-8"))["version"] == 1


def test_record_that_is_not_a_regular_file_stops_the_import(site, tmp_path):
    (site / RECORD).symlink_to("/etc/hostname")
    before = _digest(site)
    result = _import(site, _khai_tu(tmp_path, "v1.xlsx"))
    assert result.exit_code == 1
    assert _lines(result) == [
        f"«{RECORD}» phải là một tệp thường (nơi ghi lại bảng tính lần nhập trước). Đổi tên hoặc xóa nó rồi nhập lại.",
        FAILED.format(1),
    ]
    assert _digest(site) == before


def test_force_without_update_says_it_does_nothing(site, tmp_path):
    result = _import(site, _khai_tu(tmp_path, "v1.xlsx"), "--force")
    assert "--force chỉ có tác dụng cùng --update: lần này không cập nhật thủ tục nào đã có." in _lines(result)


# Cells are text ---------------------------------------------------------------

TRICKY_TITLE = 'Tin <script>alert("xss")</script> & "ngoặc": \'đơn\' # không phải chú thích'
TRICKY_BASES = (
    "2025-07-20",
    "...",
    "&neo *bidanh",
    "!!python/object/apply:os.system [echo]",
    "{a: b}, [x]",
    "| khối",
    "> gấp",
    "@chú `lệnh` %TAG",
    "? hỏi: đáp",
    "Điều 1:\tkhoản 2",
    "null",
    "Luật\x07 có ký tự chuông\ufeff",
    "Dòng một\x0bdòng hai",
)


def test_cells_that_look_like_yaml_or_html_stay_the_same_text(site, tmp_path):
    source = tmp_path / "danh-muc.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ("Mã TTHC", "Tên TTHC", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí", "Kết quả", "Căn cứ pháp lý"),
                ("1.000656", TRICKY_TITLE, "Hộ tịch", "1.5", "- yes: no #", "---", "\n".join(TRICKY_BASES)),
            ]
        )
    result = _import(site, source)
    assert result.exit_code == 0, result.output
    (written,) = (site / "tthc/ho-tich").glob("1.000656-*.md")
    meta = read_source(written).meta
    assert (meta["title"], meta["processing_time"], meta["fees"], meta["result"]) == (
        TRICKY_TITLE, "1.5", "- yes: no #", "---",
    )
    assert meta["legal_basis"] == [
        *TRICKY_BASES[:-2], "Luật có ký tự chuông", "Dòng một", "dòng hai",
    ]
    assert run(site, "check").exit_code == 0


# Text a cell can hold, YAML's indicators and Vietnamese included.
CELLS = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list("-:#'\"&*!|>%@`{}[],?\n\t ")),
    max_size=40,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(text=CELLS, basis=CELLS)
def test_any_cell_is_written_as_a_yaml_string_that_reads_back_the_same(text, basis):
    parsed = Parsed()
    values = {
        key: value
        for key, value in (
            ("fees", _value("fees", _cell_text(text), "Dòng 2", parsed)),
            ("legal_basis", _value("legal_basis", _cell_text(basis), "Dòng 2", parsed)),
        )
        if value
    }
    written = rewrite_front_matter('---\ncode: "1.000656"\nfees: cũ\n---\nNội dung.\n', values)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "thu-tuc.md"
        path.write_text(written, "utf-8")
        source = read_source(path)
    read = {key: value if isinstance(value, str) else list(value) for key, value in values.items()}
    assert source.meta == {"code": "1.000656", "fees": "cũ", **read}
    assert not source.problems
    assert written.endswith("\n---\nNội dung.\n") and written.count("\n---\n") == 1


def test_the_provinces_column_number_row_is_not_a_procedure(site, tmp_path):
    """Issue 23: the province numbers the columns in the row under the heading; the sheet is used as sent."""
    source = _workbook(
        tmp_path,
        ("STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí", "Căn cứ pháp lý"),
        ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"),
        (1, "1.000656", "Đăng ký khai tử", "Hộ tịch", "Ngay trong ngày", "Miễn lệ phí", "Luật Hộ tịch 2014"),
    )
    result = _import(site, source)
    assert result.exit_code == 0, result.output
    assert f"Đã tạo «{KHAI_TU}»." in _lines(result)


@pytest.mark.slow
def test_a_procedure_imported_without_steps_or_level_claims_neither(site, tmp_path):
    """Issue 23: no «Trực tiếp» badge the sheet never stated; the page says its details are coming."""
    source = _workbook(tmp_path, ("Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực"), ("1.000656", "Đăng ký khai tử", "Hộ tịch"))
    assert _import(site, source).exit_code == 0
    assert "online:" not in (site / KHAI_TU).read_text("utf-8")
    assert run(site, "build").exit_code == 0
    page = (site / "site/thu-tuc-hanh-chinh/ho-tich/1.000656-dang-ky-khai-tu/index.html").read_text("utf-8")
    assert "Trực tiếp" not in page and "Nộp trực tuyến</dt>" not in page
    assert "Thông tin chi tiết đang được cập nhật" in page
    assert 'href="https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.000656"' in page
    catalogue = (site / "site/thu-tuc-hanh-chinh/index.html").read_text("utf-8")
    entry = catalogue[catalogue.index("Đăng ký khai tử"):][:300]
    assert "Mã 1.000656 · Đang cập nhật chi tiết</span>" in entry and "ct-badge" not in entry
