"""The statistics in the forms staff use: terminal table, JSON, CSV, Excel, Markdown and Word.

Every form is drawn from the same tables and the same report paragraphs, so
the figures agree whichever file staff open. The Word file holds the paragraph
and the table ready to paste into the Báo cáo, in Times New Roman 14 as
official documents are typed (Nghị định 30/2020).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from .stats import PropagationStats, as_data, sentence_case

FORMATS = ("table", "json", "csv", "xlsx", "md", "docx")
TEXT_FORMATS = ("table", "json", "csv", "md")
EXTENSIONS = {"table": "txt", "json": "json", "csv": "csv", "xlsx": "xlsx", "md": "md", "docx": "docx"}

CCHC = "Trong đó về CCHC"
CSV_HEADER = ("Bảng", "Mã", "Tên", "Số lượng", CCHC)
FONT = "Times New Roman"


@dataclass(frozen=True)
class Table:
    """One table of the report: its title, a short sheet name, headers and rows (key, name, counts…)."""

    title: str
    sheet: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    # The counts of the total row, and what it counts: a post of several CCHC areas or channels is one
    # post, so those totals are the posts, not the column's sum. None: no total (the summary).
    total: tuple | None = None
    total_label: str = "Tổng cộng"


def tables(stats: PropagationStats) -> list[Table]:
    """Every table of the report, summary first."""
    changes = stats.procedures
    documents_total, documents_cchc = sum(stats.documents.total.values()), sum(stats.documents.cchc.values())
    summary = (
        ("tin-bai", "Tin bài đã đăng", stats.posts, stats.cchc_posts),
        ("van-ban", "Văn bản ban hành trong kỳ đã đăng", documents_total, documents_cchc),
        ("thu-tuc-cong-bo", "Thủ tục hành chính công bố mới", changes["published"], None),
        ("thu-tuc-sua-doi", "Thủ tục hành chính sửa đổi, bổ sung", changes["amended"], None),
        ("thu-tuc-bai-bo", "Thủ tục hành chính bãi bỏ", changes["abolished"], None),
    )
    posts = ("Số tin bài", CCHC)
    every_post = (stats.posts, stats.cchc_posts)
    documents = (documents_total, documents_cchc)
    return [
        Table("Tổng hợp số liệu tuyên truyền cải cách hành chính", "Tổng hợp", ("Mã", "Nội dung", "Số lượng", CCHC), summary),
        Table(
            "Tin bài tuyên truyền CCHC theo lĩnh vực", "Lĩnh vực CCHC", ("Mã", "Lĩnh vực", "Số tin bài"),
            tuple(row[:3] for row in stats.areas.rows()), (stats.cchc_posts,),
            "Tổng số tin bài CCHC (tin thuộc nhiều lĩnh vực tính một lần)",
        ),
        Table("Tin bài theo chuyên mục", "Chuyên mục", ("Mã", "Chuyên mục", *posts), tuple(stats.categories.rows()), every_post),
        Table("Tin bài theo tháng", "Theo tháng", ("Mã", "Tháng", *posts), tuple(stats.months.rows()), every_post),
        Table(
            "Tin bài theo kênh tuyên truyền", "Kênh tuyên truyền", ("Mã", "Kênh", *posts), tuple(stats.channels.rows()),
            every_post, "Tổng số tin bài (tin đăng nhiều kênh tính một lần)",
        ),
        Table("Tin bài theo tác giả", "Tác giả", ("Mã", "Tác giả", *posts), tuple(stats.authors.rows()), every_post),
        Table(
            "Văn bản ban hành theo loại", "Văn bản", ("Mã", "Loại văn bản", "Số văn bản", CCHC),
            tuple(stats.documents.rows()), documents,
        ),
    ]


def title(stats: PropagationStats) -> str:
    """``Thống kê tuyên truyền cải cách hành chính — 6 tháng đầu năm 2023``."""
    return f"Thống kê tuyên truyền cải cách hành chính — {stats.period.label}"


def cutoff_note(stats: PropagationStats) -> str:
    """``(Số liệu từ ngày 15/12/2022 đến ngày 14/06/2023)``."""
    return f"(Số liệu {stats.period.cutoff})"


def paragraphs(stats: PropagationStats) -> list[str]:
    """The report's paragraphs, worded as the Báo cáo words them."""
    found = [_posts_sentence(stats)]
    channels = [(name, n) for key, name, _, n in stats.channels.rows() if key != "portal" and n]
    if channels:
        listed = "; ".join(f"{sentence_case(name)} {n} tin bài" for name, n in channels)
        found.append(f"Các tin bài về cải cách hành chính còn được tuyên truyền qua: {listed}.")
    documents = [(name, n) for _, name, n, _ in stats.documents.rows() if n]
    if documents:
        total, cchc = sum(n for _, n in documents), sum(stats.documents.cchc.values())
        kinds = ", ".join(f"{sentence_case(name)} {n}" for name, n in documents)
        found.append(
            f"{stats.publisher} đã đăng tải {total} văn bản ban hành trong kỳ ({kinds}), "
            f"trong đó {cchc} văn bản về cải cách hành chính."
        )
    changes = stats.procedures
    if any(changes.values()):
        found.append(
            f"Cập nhật thủ tục hành chính trên Cổng: công bố mới {changes['published']} thủ tục; "
            f"sửa đổi, bổ sung {changes['amended']} thủ tục; bãi bỏ {changes['abolished']} thủ tục."
        )
    return found


def _posts_sentence(stats: PropagationStats) -> str:
    """``Trong 6 tháng đầu năm 2023, Cổng … đã đăng tải 196 tin bài về cải cách hành chính, trong đó: …``."""
    opening = f"{stats.period.lead}, {stats.publisher}"
    if not stats.cchc_posts:
        return f"{opening} chưa đăng tải tin bài nào về cải cách hành chính (tổng số tin bài đã đăng: {stats.posts})."
    areas = [(name, n) for _, name, n, _ in stats.areas.rows() if n]
    listed = "; ".join(f"{sentence_case(name)} {n} tin bài" for name, n in areas)
    overlap = " (một tin bài có thể thuộc nhiều lĩnh vực)" if sum(n for _, n in areas) > stats.cchc_posts else ""
    return (
        f"{opening} đã đăng tải {stats.cchc_posts} tin bài về cải cách hành chính "
        f"(trên tổng số {stats.posts} tin bài), trong đó: {listed}{overlap}."
    )


def render(stats: PropagationStats, output_format: str) -> str:
    """The statistics as text in one of ``TEXT_FORMATS``."""
    return {"table": render_table, "json": render_json, "csv": render_csv, "md": render_markdown}[output_format](
        stats
    )


def write(stats: PropagationStats, output_format: str, target: Path) -> None:
    """Write the statistics to ``target`` in any of ``FORMATS``."""
    if output_format in TEXT_FORMATS:
        encoding = "utf-8-sig" if output_format == "csv" else "utf-8"  # Excel reads Vietnamese CSV only with a BOM
        target.write_text(render(stats, output_format), encoding=encoding, newline="")
    elif output_format == "xlsx":
        write_xlsx(stats, target)
    else:
        write_docx(stats, target)


def default_name(stats: PropagationStats, output_format: str) -> Path:
    """``thong-ke-6t-2023.docx`` in the current folder."""
    return Path(f"thong-ke-{stats.period.code}.{EXTENSIONS[output_format]}")


def chart_stem(stats: PropagationStats, target: Path | None) -> Path:
    """Where the chart goes: beside the report file as ``<name>-bieu-do``, or in the current folder."""
    base = target if target is not None else default_name(stats, "table")
    return base.with_name(f"{base.stem}-bieu-do")


def _cell(value) -> str:
    """A count or name as text; a count that does not apply is blank."""
    return "" if value is None else str(value)


def render_table(stats: PropagationStats) -> str:
    """Aligned tables for the terminal, then the paragraph to paste into the report."""
    lines = [title(stats), cutoff_note(stats)]
    for table in tables(stats):
        headers, rows = table.headers[1:], [[_cell(v) for v in row[1:]] for row in table.rows]
        widths = [max(len(text) for text in column) for column in zip(headers, *rows)]
        lines += ["", table.title, "  ".join(_align(h, w, i) for i, (h, w) in enumerate(zip(headers, widths)))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(_align(v, w, i) for i, (v, w) in enumerate(zip(row, widths))) for row in rows]
    lines += ["", "Đoạn văn cho báo cáo:", *paragraphs(stats)]
    return "\n".join(lines) + "\n"


def _align(text: str, width: int, column: int) -> str:
    """Names to the left, counts to the right."""
    return text.ljust(width) if column == 0 else text.rjust(width)


def render_json(stats: PropagationStats) -> str:
    """The figures as JSON, Vietnamese kept readable."""
    return json.dumps(as_data(stats), ensure_ascii=False, indent=2) + "\n"


def render_csv(stats: PropagationStats) -> str:
    """One long table: every row says which table it belongs to."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for table in tables(stats):
        for row in table.rows:
            padded = (*row, *([None] * (len(CSV_HEADER) - 1 - len(row))))
            writer.writerow([table.sheet, *(_cell(v) for v in padded)])
    return buffer.getvalue()


def render_markdown(stats: PropagationStats) -> str:
    """A Markdown page: title, cutoff, the report's paragraphs and every table."""
    lines = [f"# {title(stats)}", "", cutoff_note(stats), ""]
    for paragraph in paragraphs(stats):
        lines += [paragraph, ""]
    for table in tables(stats):
        lines += [f"## {table.title}", "", _markdown_row(table.headers), _markdown_row(["---"] * len(table.headers))]
        lines += [_markdown_row([_cell(v) for v in row]) for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def _markdown_row(cells) -> str:
    """One pipe-table row, with any pipe in the text escaped."""
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def write_xlsx(stats: PropagationStats, target: Path) -> None:
    """An Excel workbook ready for the report: one sheet per table, each printing on one A4 page, in
    Times New Roman as administrative documents are, with STT and total rows; the engine's codes of
    the other formats are left out (staff read the names)."""
    from openpyxl import Workbook  # imported here: only this format needs it, and it is slow to load

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables(stats):
        _xlsx_sheet(workbook.create_sheet(table.sheet), table, stats)
    workbook.save(target)


def _xlsx_sheet(sheet, table: Table, stats: PropagationStats) -> None:
    """One table on its sheet: title, period, headers, STT-numbered rows, the total; set up to print."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    headers = ("STT", *table.headers[1:])
    width = len(headers)
    last = get_column_letter(width)
    sheet.append([table.title.upper()])
    sheet.append([f"{stats.period.label} {cutoff_note(stats)}"])
    sheet.append(list(headers))
    for number, row in enumerate(table.rows, 1):
        sheet.append([number, *row[1:]])
    if table.total is not None:
        sheet.append([None, table.total_label, *table.total])
    for line in (1, 2):
        sheet.merge_cells(f"A{line}:{last}{line}")
    line = Side(style="thin")
    for row in sheet.iter_rows():
        for cell in row:
            top = cell.row <= 2
            cell.font = Font(name="Times New Roman", size=13 if top or cell.row == 3 else 12,
                             bold=cell.row in (1, 3) or (table.total is not None and cell.row == sheet.max_row),
                             italic=cell.row == 2)
            cell.alignment = Alignment(horizontal="center" if top or cell.row == 3 or cell.column == 1 else None,
                                       vertical="center", wrap_text=True)
            if cell.row >= 3:
                cell.border = Border(left=line, right=line, top=line, bottom=line)
    for column, size in zip(range(1, width + 1), (7, 46, *(14,) * (width - 2))):
        sheet.column_dimensions[get_column_letter(column)].width = size
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = "A4"
    sheet.print_area = f"A1:{last}{sheet.max_row}"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def write_docx(stats: PropagationStats, target: Path) -> None:
    """A Word file with the report's paragraphs, the table by area and the monthly chart, ready to paste."""
    from docx import Document  # imported here: only this format needs it, and it is slow to load

    document = Document()
    _page_and_font(document)
    document.core_properties.title = title(stats)
    document.core_properties.author = stats.publisher
    document.core_properties.last_modified_by = stats.publisher
    _centered(document, "SỐ LIỆU TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH", bold=True)
    _centered(document, stats.period.label, bold=True)
    _centered(document, cutoff_note(stats), italic=True)
    for paragraph in paragraphs(stats):
        document.add_paragraph(paragraph)
    caption = document.add_paragraph()
    caption.paragraph_format.keep_with_next = True
    caption.add_run("Bảng: Số tin bài tuyên truyền cải cách hành chính theo lĩnh vực").bold = True
    _area_table(document, stats)
    _chart(document, stats)
    document.save(target)


def _page_and_font(document) -> None:
    """A4 with the margins of Nghị định 30/2020; Times New Roman 14 everywhere, first lines indented."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    fonts = style.element.rPr.rFonts
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    # The template's defaults name theme fonts, which Word prefers to the style's font.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for element in defaults.iter(qn("w:rFonts")):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            element.attrib.pop(qn(attribute), None)
    layout = style.paragraph_format
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    layout.first_line_indent = Cm(1.27)
    layout.space_before, layout.space_after = Pt(0), Pt(6)
    layout.line_spacing = 1.15


def _centered(document, text: str, bold: bool = False, italic: bool = False) -> None:
    """A centred heading line, not indented."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = 0
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic


def _area_table(document, stats: PropagationStats) -> None:
    """STT, area, number of posts; the total counts each post once."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fill(table.add_row().cells, ("STT", "Lĩnh vực", "Số tin bài"), (center, center, center), bold=True)
    for number, (_, name, count, _) in enumerate(stats.areas.rows(), start=1):
        _fill(table.add_row().cells, (str(number), name, str(count)), (center, left, center))
    cells = table.add_row().cells
    merged = cells[0].merge(cells[1])
    total = ("Tổng số tin bài về CCHC (mỗi tin bài tính một lần)", str(stats.cchc_posts))
    _fill((merged, cells[2]), total, (left, center), bold=True)
    for column, width in zip(table.columns, (Cm(1.5), Cm(11.5), Cm(3))):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _fill(cells, texts, alignments, bold: bool = False) -> None:
    """Write one table row, without the body's first-line indent or spacing."""
    for cell, text, alignment in zip(cells, texts, alignments):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.paragraph_format.space_after = 0
        paragraph.alignment = alignment
        paragraph.add_run(text).bold = bold


def _chart(document, stats: PropagationStats) -> None:
    """The monthly chart under the table, as wide as the text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from .charts import render as render_chart  # matplotlib loads slowly: only the Word file needs it here

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = 0
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.add_run().add_picture(io.BytesIO(render_chart(stats, "png")), width=Cm(16))
