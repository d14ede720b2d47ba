"""The statistics in every form staff use — terminal, JSON, CSV, Markdown, Excel, Word — and the chart.

All forms come from the corpus in tests/fixtures/stats, whose 6-month figures
for 2023 are known (see test_stats.py): 5 posts, 4 on CCHC.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from mkdocs.config import load_config
from PIL import Image

from congtt import charts, dates, report
from congtt.config import plugin_settings
from congtt.stats import compute, parse_period
from congtt.validation import check_tree

from browser import ARTIFACTS
from conftest import FIXTURES, run

CORPUS = FIXTURES / "stats"
NOW_TEXT = "2023-07-01T08:00:00+07:00"
SIX_MONTHS = ("--period", "6t-2023", "--now", NOW_TEXT)
SENTENCE = (
    "Trong 6 tháng đầu năm 2023, Cổng thông tin điện tử xã Thống Kê đã đăng tải 4 tin bài về cải cách hành chính "
    "(trên tổng số 5 tin bài), trong đó: cải cách thể chế 1 tin bài; cải cách thủ tục hành chính 2 tin bài; "
    "xây dựng chính quyền điện tử, chính quyền số 2 tin bài (một tin bài có thể thuộc nhiều lĩnh vực)."
)
JSON_KEYS = [
    "period", "posts", "cchc_posts", "by_area", "by_category", "by_month",
    "by_channel", "by_author", "documents", "procedures",
]


def _figures(code: str, now: str = NOW_TEXT):
    """The corpus counted for one period."""
    config = load_config(str(CORPUS / "mkdocs.yml"))
    settings = plugin_settings(config)
    portal, problems = check_tree(settings, CORPUS, Path(config.docs_dir))
    assert problems == []
    return compute(portal, settings, parse_period(code, settings), dates.parse_instant(now))


@pytest.fixture(scope="module")
def six_months():
    return _figures("6t-2023")


def test_json_has_exactly_the_documented_keys():
    result = run(CORPUS, "stats", *SIX_MONTHS, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == JSON_KEYS
    assert data["period"] == {"label": "6 tháng đầu năm 2023", "from": "2022-12-15", "to": "2023-06-14"}
    assert (data["posts"], data["cchc_posts"]) == (5, 4)
    assert list(data["by_month"]) == ["2022-12", "2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"]
    assert "Cải cách thủ tục hành chính" in result.output  # Vietnamese kept readable, not \u-escaped


def test_terminal_table_ends_with_the_paragraph_for_the_report():
    result = run(CORPUS, "stats", *SIX_MONTHS)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [
        "Thống kê tuyên truyền cải cách hành chính — 6 tháng đầu năm 2023",
        "(Số liệu từ ngày 15/12/2022 đến ngày 14/06/2023)",
    ]
    assert "Tin bài đã đăng                             5                 4" in lines
    assert "Nguyễn Thị Hoa              2                 2" in lines
    assert lines[lines.index("Đoạn văn cho báo cáo:") + 1 :] == [
        SENTENCE,
        "Các tin bài về cải cách hành chính còn được tuyên truyền qua: đài truyền thanh 2 tin bài; hội nghị 1 tin bài.",
        "Cổng thông tin điện tử xã Thống Kê đã đăng tải 3 văn bản ban hành trong kỳ (kế hoạch 1, báo cáo 1, "
        "thông báo 1), trong đó 2 văn bản về cải cách hành chính.",
        "Cập nhật thủ tục hành chính trên Cổng: công bố mới 1 thủ tục; sửa đổi, bổ sung 1 thủ tục; bãi bỏ 0 thủ tục.",
    ]


def test_paragraph_of_a_period_without_cchc_posts():
    assert report.paragraphs(_figures("q4-2023", "2024-01-01T08:00:00+07:00")) == [
        "Trong quý IV năm 2023, Cổng thông tin điện tử xã Thống Kê chưa đăng tải tin bài nào về cải cách "
        "hành chính (tổng số tin bài đã đăng: 0)."
    ]


def test_csv_file_opens_in_excel_with_vietnamese_intact(tmp_path):
    target = tmp_path / "so-lieu.csv"
    result = run(CORPUS, "stats", *SIX_MONTHS, "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == f"Đã ghi thống kê 6 tháng đầu năm 2023 vào «{target}».\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Bảng", "Mã", "Tên", "Số lượng", "Trong đó về CCHC"]
    assert ["Tổng hợp", "tin-bai", "Tin bài đã đăng", "5", "4"] in rows
    assert ["Lĩnh vực CCHC", "tthc", "Cải cách thủ tục hành chính", "2", ""] in rows
    assert ["Tác giả", "", "Không ghi tác giả", "1", "0"] in rows


def test_markdown_has_the_paragraphs_and_pipe_tables(six_months):
    text = report.render(six_months, "md")
    assert text.startswith("# Thống kê tuyên truyền cải cách hành chính — 6 tháng đầu năm 2023\n\n")
    assert f"\n{SENTENCE}\n" in text
    assert "| Mã | Lĩnh vực | Số tin bài |\n| --- | --- | --- |\n| chi-dao-dieu-hanh |" in text
    assert "| tthc | Cải cách thủ tục hành chính | 2 |" in text
    assert report._markdown_row(["a|b", "1"]) == "| a\\|b | 1 |"


def test_xlsx_goes_to_a_default_file_with_one_sheet_per_table(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    result = run(CORPUS, "stats", *SIX_MONTHS, "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert result.output == "Đã ghi thống kê 6 tháng đầu năm 2023 vào «thong-ke-6t-2023.xlsx».\n"
    workbook = load_workbook(tmp_path / "thong-ke-6t-2023.xlsx")
    assert workbook.sheetnames == [
        "Tổng hợp", "Lĩnh vực CCHC", "Chuyên mục", "Theo tháng", "Kênh tuyên truyền", "Tác giả", "Văn bản",
    ]
    # Report-ready (issue 23): names and STT, no engine codes; totals that count a post once.
    areas = list(workbook["Lĩnh vực CCHC"].values)
    assert areas[:3] == [("TIN BÀI TUYÊN TRUYỀN CCHC THEO LĨNH VỰC", None, None),
                         ("6 tháng đầu năm 2023 (Số liệu từ ngày 15/12/2022 đến ngày 14/06/2023)", None, None),
                         ("STT", "Lĩnh vực", "Số tin bài")]
    assert (3, "Cải cách thủ tục hành chính", 2) in areas
    assert areas[-1] == (None, "Tổng số tin bài CCHC (tin thuộc nhiều lĩnh vực tính một lần)", 4)
    assert list(workbook["Tổng hợp"].values)[3] == (1, "Tin bài đã đăng", 5, 4)
    assert list(workbook["Theo tháng"].values)[-1] == (None, "Tổng cộng", 5, 4)
    assert not any(isinstance(v, str) and "-" in v and " " not in v for ws in workbook for row in ws.values for v in row)
    for sheet in workbook:
        fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value is not None}
        assert fonts == {"Times New Roman"}, sheet.title
        # Each table prints on one A4 page, its header row repeated.
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 1)
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and sheet.print_title_rows == "$3:$3"
        assert sheet.print_area == f"'{sheet.title}'!$A$1:${sheet.cell(3, sheet.max_column).column_letter}${sheet.max_row}"


def _pdf(docx: Path, folder: Path) -> Path:
    """Convert with LibreOffice in its own profile, so parallel runs do not share a lock."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=300, env={**os.environ, "HOME": str(folder)},
    )
    return folder / f"{docx.stem}.pdf"


def test_docx_is_times_new_roman_14_and_opens_in_libreoffice(tmp_path, monkeypatch):
    from docx import Document
    from docx.shared import Pt

    monkeypatch.chdir(tmp_path)
    result = run(CORPUS, "stats", *SIX_MONTHS, "--format", "docx")
    assert result.exit_code == 0, result.output
    target = tmp_path / "thong-ke-6t-2023.docx"
    document = Document(str(target))
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == [
        "SỐ LIỆU TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH", "6 tháng đầu năm 2023",
        "(Số liệu từ ngày 15/12/2022 đến ngày 14/06/2023)",
    ]
    assert SENTENCE in texts
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["STT", "Lĩnh vực", "Số tin bài"]
    assert rows[3] == ["3", "Cải cách thủ tục hành chính", "2"]
    assert rows[-1][1:] == ["Tổng số tin bài về CCHC (mỗi tin bài tính một lần)", "4"]
    assert len(document.inline_shapes) == 1  # the monthly chart

    if not shutil.which("libreoffice"):
        pytest.skip("LibreOffice is not installed: cannot check that the Word file opens (apt-get install libreoffice-writer)")
    pdf = _pdf(target, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "SỐ LIỆU TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH" in text
    assert "Cải cách thủ tục hành chính" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "TimesNewRoman" in fonts or "LiberationSerif" in fonts  # Liberation Serif is Times' metric twin
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(ARTIFACTS / "stats-report")],
        check=True,
    )
    assert Image.open(ARTIFACTS / "stats-report.png").size[0] > 500


@pytest.mark.slow
def test_chart_files_are_written_beside_the_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(CORPUS, "stats", *SIX_MONTHS, "--format", "json", "-o", "so-lieu.json", "--chart")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Đã ghi biểu đồ vào «so-lieu-bieu-do.svg» và «so-lieu-bieu-do.png»."
    assert (tmp_path / "so-lieu-bieu-do.svg").read_bytes().startswith(b"<?xml")
    assert Image.open(tmp_path / "so-lieu-bieu-do.png").size == (1200, 840)


def test_unknown_format_is_told_in_vietnamese():
    result = run(CORPUS, "stats", *SIX_MONTHS, "--format", "pdf")
    assert result.exit_code == 1
    assert result.output == "Lỗi: Không có định dạng «pdf». Chọn một trong: table, json, csv, xlsx, md, docx.\n"


def test_unwritable_output_is_told_in_vietnamese(tmp_path):
    target = tmp_path / "chua-co" / "so-lieu.docx"
    result = run(CORPUS, "stats", *SIX_MONTHS, "--format", "docx", "-o", str(target))
    assert result.exit_code == 1
    assert result.output == f"Lỗi: Không ghi được tệp «{target}». Kiểm tra thư mục đã có và được phép ghi.\n"


def test_chart_counts_each_post_once_as_the_table_does(six_months):
    """Issue 23: a post of two areas was stacked twice (March showed 3 where the table says 2)."""
    figure = charts.figure(six_months)
    axes = figure.axes[0]
    assert [label.get_text() for label in axes.get_xticklabels()] == [
        "12/2022", "01/2023", "02/2023", "03/2023", "04/2023", "05/2023", "06/2023",
    ]
    heights = {container.get_label(): [int(bar.get_height()) for bar in container] for container in axes.containers}
    assert list(heights) == list(six_months.areas.names.values())
    totals = [sum(column) for column in zip(*heights.values())]
    assert totals == [six_months.months.cchc[month] for month in six_months.months.names] == [1, 0, 0, 2, 0, 0, 1]
    # March's post of «tthc» and «chinh-quyen-so» is stacked once, under its first area.
    assert heights["Cải cách thủ tục hành chính"] == [1, 0, 0, 1, 0, 0, 0]
    assert heights["Cải cách thể chế"] == [0, 0, 0, 1, 0, 0, 0]
    assert heights["Xây dựng chính quyền điện tử, chính quyền số"] == [0, 0, 0, 0, 0, 0, 1]
    assert [text.get_text() for text in axes.texts] == ["1", "2", "1"]  # each bar's count, above it


@pytest.mark.slow
def test_chart_bytes_are_identical_on_rebuild(six_months):
    first, again = charts.chart_files(six_months, "a"), charts.chart_files(six_months, "a")
    assert list(first) == ["a.svg", "a.png"]
    assert first == again
    svg = first["a.svg"].decode("utf-8")
    assert "<dc:date>" not in svg and "Matplotlib" not in svg
    assert first["a.png"].startswith(b"\x89PNG")
