"""``congtt tthc import``: the province's procedure list → one Markdown file per procedure.

The list arrives as the spreadsheet attached to a quyết định công bố. Real
sheets have a title block above the heading row, merged cells, headings spelled
a dozen ways, fields given as section rows ("I. LĨNH VỰC HỘ TỊCH") rather than a
column, codes that Excel stored as numbers, and line breaks inside cells. This
module turns such a sheet into procedure files, and with ``update`` rewrites
only the front-matter keys whose value in the sheet changed since the last
import, leaving every other byte of an existing file (the body staff wrote,
comments, untouched keys) as it was. A key staff edited by hand since then is
kept and reported unless ``force``: the sheet is the province's summary, the
file is often the commune's fuller text (seven legal bases where the sheet has
two lines). What each import took from the sheet is kept in a record file
(``Record``), the base of this three-way comparison.

It also reports the procedures on the portal that the list no longer contains
and, with ``mark_missing``, marks them abolished the same byte-preserving way,
so their pages (and the QR codes printed for them) stay, saying "Thủ tục đã bãi bỏ".
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

import openpyxl
import yaml
from openpyxl.utils.exceptions import InvalidFileException

from . import atomic
from . import dates
from .config import CongttConfig, names
from .content import PROCEDURES, content_files, load_item
from .model import NATIONAL_PROCEDURE_URL, Procedure
from .problems import display_path
from .schema import PROCEDURE_SCHEMA, FieldError, Vocabulary, code as code_field, url as url_field
from .source import read_source
from .text import fold, nfc, slugify
from .errors import CongttError

# Headings as provinces spell them; matched after folding (case, tone marks,
# punctuation and anything in parentheses are ignored).
HEADINGS: dict[str, tuple[str, ...]] = {
    "code": ("Mã TTHC", "Mã số", "Mã thủ tục", "Mã số TTHC", "Mã thủ tục hành chính", "Mã số thủ tục"),
    "title": ("Tên thủ tục hành chính", "Tên TTHC", "Tên thủ tục"),
    "field": ("Lĩnh vực", "Lĩnh vực thực hiện"),
    "agency": ("Cơ quan thực hiện", "Địa điểm thực hiện", "Cơ quan giải quyết"),
    "steps": ("Trình tự thực hiện",),
    "methods": ("Cách thức thực hiện",),
    "dossier": ("Thành phần hồ sơ", "Thành phần, số lượng hồ sơ", "Hồ sơ"),
    "processing_time": ("Thời hạn giải quyết", "Thời gian giải quyết"),
    "fees": ("Phí, lệ phí", "Phí lệ phí", "Lệ phí", "Phí"),
    "requirements": ("Yêu cầu, điều kiện", "Yêu cầu, điều kiện thực hiện"),
    "legal_basis": ("Căn cứ pháp lý", "Căn cứ pháp lý của TTHC"),
    "result": ("Kết quả thực hiện", "Kết quả"),
    "online": ("Mức độ DVC trực tuyến", "Mức độ trực tuyến", "Dịch vụ công trực tuyến", "DVC trực tuyến"),
    "dvc_url": ("Địa chỉ nộp trực tuyến", "Đường dẫn DVC", "Link DVC", "Địa chỉ DVC trực tuyến"),
    "decision": ("Quyết định công bố",),
}
# Row numbers: recognised so they are neither imported nor reported as unknown.
IGNORED_HEADINGS = ("STT", "TT", "Số TT", "Số thứ tự")
# Columns most lists carry; a sheet without them is worth a note.
EXPECTED = ("processing_time", "fees", "legal_basis")
LIST_KEYS = {"steps", "methods", "dossier", "requirements", "legal_basis"}
HEADER_SCAN_ROWS = 20

ONLINE_WORDS = {
    "toan trinh": "toan-trinh", "muc do 4": "toan-trinh", "4": "toan-trinh",
    "mot phan": "mot-phan", "muc do 3": "mot-phan", "3": "mot-phan",
    "truc tiep": "khong", "khong": "khong", "muc do 2": "khong", "2": "khong",
}
FILE_SLUG_LIMIT = 80

_PARENTHESES = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,2})\s*\)?")
_NUMBERING = re.compile(r"^\s*(?:[IVXLCivxlc]+|\d+(?:\.\d+)*|[A-Za-z])\s*[.)]\s*")
_BULLET = re.compile(r"^\s*[-+•–*]\s*")
_SHORT_CODE = re.compile(r"^\d+\.\d{1,5}$")
_DECISION = re.compile(r"kèm theo\s+(quyết định\b[^)]*)", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"^-{3,}\s*$", re.MULTILINE)
# Excel's in-cell line break in some exports (vertical tab) and Unicode's line separators.
_LINE_BREAKS = re.compile("[\v\f\x85\u2028\u2029]")
# Other control characters, stray byte order marks and non-characters pasted into cells:
# YAML would have to escape them, the loader drops or refuses them, and no procedure needs them.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_IGNORE = "-"
# Kinds of Action for a procedure the list lacks.
GONE = ("missing", "abolished")
# Where the record of the last import lives, in the procedures' folder (see Record).
RECORD_NAME = ".import-record.json"
RECORD_VERSION = 1
RECORD_ABOUT = (
    "Tệp do «congtt tthc import» ghi: bảng tính ghi gì cho từng thủ tục ở lần nhập trước, để lần sau "
    "chỉ cập nhật khóa bảng tính đã đổi và giữ khóa đã sửa tay. Đừng sửa tay tệp này; hãy đưa nó "
    "vào kho cùng các tệp thủ tục."
)


class ImportFailure(CongttError):
    """The list cannot be imported: every error found, and the notes that explain them."""

    def __init__(self, errors: list[str], notes: list[str] | None = None):
        super().__init__("\n".join(errors))
        self.errors = errors
        self.notes = notes or []


@dataclass
class Sheet:
    """One table of cells; ``name`` is None for a CSV file, which has no sheets."""

    name: str | None
    grid: list[list[Any]]

    @property
    def label(self) -> str:
        """How a message names the table."""
        return f"Trang tính «{self.name}»" if self.name else "Bảng tính"

    def where(self, row: int) -> str:
        """How a message names row ``row`` (1-based, as Excel numbers it)."""
        return f"Trang tính «{self.name}», dòng {row}" if self.name else f"Dòng {row}"


@dataclass
class Entry:
    """One procedure row: where it is and its front-matter values from the sheet."""

    where: str
    values: dict[str, Any]


@dataclass
class Parsed:
    """What the sheets say: procedures, notes for staff, and errors that stop the import."""

    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class _Context:
    """What every row of one sheet is read against."""

    sheet: Sheet
    columns: dict[int, str]
    fields: dict[str, str]
    decision: str
    parsed: Parsed


@dataclass(frozen=True)
class Change:
    """One key whose value in the sheet changed since the last import and differs from the file:
    the file's value (None when the file lacks the key), the sheet's, and whether the file's
    value is not what the last import left there (edited by hand)."""

    key: str
    old: Any
    new: Any
    by_hand: bool = False


@dataclass
class Action:
    """What happens to one procedure file: created, updated, kept (only keys edited by
    hand differ), unchanged, skipped, or (for a procedure the list lacks) abolished or
    reported ``missing`` with the reason it is not marked in ``note``.

    ``changes`` are the keys written and ``kept`` the hand-edited ones left as they are;
    ``recorded`` says whether an earlier import of the procedure was on record;
    ``remember`` is what the record holds for ``code`` after this import (None: as before).
    """

    kind: str
    path: Path
    changed: tuple[str, ...] = ()
    text: bytes = b""
    code: str = ""
    note: str = ""
    changes: tuple[Change, ...] = ()
    kept: tuple[Change, ...] = ()
    recorded: bool = True
    remember: dict[str, Any] | None = None


def _heading_key(text: str) -> str:
    """Fold a heading or name for loose matching: «Phí/lệ phí (nếu có)» → «phi le phi»."""
    return _NON_WORD.sub(" ", fold(_PARENTHESES.sub(" ", text))).strip()


_HEADING_KEYS = {
    **{_heading_key(h): _IGNORE for h in IGNORED_HEADINGS},
    **{_heading_key(h): key for key, spellings in HEADINGS.items() for h in spellings},
}


# Reading ---------------------------------------------------------------------


def read_sheets(path: Path) -> list[Sheet]:
    """Every table in ``path`` (.xlsx sheets, or one .csv table)."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFailure(
            [
                f"Tệp «{path.name}» là bảng tính Excel cũ (.xls). Hãy mở bằng Excel hoặc "
                "LibreOffice, lưu lại dạng .xlsx rồi nhập lại."
            ]
        )
    if suffix == ".csv":
        return [Sheet(None, _csv_grid(path))]
    if suffix not in (".xlsx", ".xlsm"):
        raise ImportFailure([f"Chỉ nhập được bảng tính .xlsx hoặc tệp .csv, không nhập được «{path.name}»."])
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise ImportFailure(
            [
                f"Không mở được bảng tính «{path.name}»: tệp hỏng hoặc không phải .xlsx. "
                "Hãy mở bằng Excel và lưu lại dạng .xlsx."
            ]
        ) from None
    return [Sheet(sheet.title, _sheet_grid(sheet)) for sheet in workbook.worksheets]


def _sheet_grid(sheet) -> list[list[Any]]:
    """Cell values, with each vertically merged range's value repeated down its first column.

    A field, a legal basis or a processing time shared by several procedures is
    one merged cell; every procedure row needs the value. Horizontal merges
    (title block, section rows) keep a single value so a section row reads as one cell.
    """
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row, merged.max_row + 1):
            grid[row - 1][merged.min_col - 1] = top
    return grid


def _csv_grid(path: Path) -> list[list[Any]]:
    """Rows of a CSV file saved by Excel.

    Excel separates with commas, or with semicolons where the decimal mark is a
    comma (Vietnamese settings). csv.Sniffer guesses wrong on short lists full
    of commas inside text, so the separator is the one that yields a heading row.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailure(
            [
                f"Tệp «{path.name}» không được lưu bằng mã hóa UTF-8. Trong Excel chọn "
                "Lưu thành… → «CSV UTF-8 (phân tách bằng dấu phẩy)» rồi nhập lại."
            ]
        ) from None
    grids = [list(csv.reader(io.StringIO(text, newline=""), delimiter=separator)) for separator in ",;\t"]
    return next((grid for grid in grids if _find_header(Sheet(None, grid)) is not None), grids[0])


def _cell_text(value: Any) -> str:
    """A cell as NFC text with ``\\n`` line breaks and no control characters; numbers as Excel shows them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # openpyxl leaves Excel's escape for a carriage return ("_x000D_") in the text.
    text = nfc(str(value)).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text)).strip()


# Parsing ---------------------------------------------------------------------


def parse(sheets: list[Sheet], fields: dict[str, str]) -> Parsed:
    """Read every sheet's procedures; a sheet without a heading row is noted and skipped."""
    parsed = Parsed()
    found_header = False
    for sheet in sheets:
        header = _find_header(sheet)
        if header is None:
            if sheet.name:
                parsed.notes.append(f"{sheet.label}: không có dòng tên cột, bỏ qua.")
            continue
        found_header = True
        _parse_sheet(sheet, header, fields, parsed)
    if not found_header:
        parsed.errors.append(
            "Không tìm thấy dòng tên cột: cần cột mã thủ tục (ví dụ «Mã TTHC») và cột tên thủ tục "
            f"(ví dụ «Tên thủ tục hành chính») trong {HEADER_SCAN_ROWS} dòng đầu của một trang tính."
        )
    _check_duplicate_codes(parsed)
    return parsed


def _find_header(sheet: Sheet) -> int | None:
    """Index of the first row with two known headings, one of them the code or the title."""
    for index, row in enumerate(sheet.grid[:HEADER_SCAN_ROWS]):
        keys = [_HEADING_KEYS.get(_heading_key(_cell_text(cell))) for cell in row]
        known = [key for key in keys if key and key != _IGNORE]
        if len(known) >= 2 and {"code", "title"} & set(known):
            return index
    return None


def _parse_sheet(sheet: Sheet, header: int, fields: dict[str, str], parsed: Parsed) -> None:
    """Map the sheet's columns, then read its rows below the heading row."""
    columns = _columns(sheet, header, parsed)
    if columns is None:
        return
    decision = _title_block_decision(sheet.grid[:header])
    if decision and "decision" not in columns.values():
        parsed.notes.append(f"{sheet.label}: quyết định công bố đọc từ phần đầu trang: {decision}.")
    context = _Context(sheet, columns, fields, decision, parsed)
    section = ""
    code_column = next(col for col, key in columns.items() if key == "code")
    code_heading = _cell_text(sheet.grid[header][code_column])
    for index in range(header + 1, len(sheet.grid)):
        row = sheet.grid[index]
        filled = [col for col, cell in enumerate(row) if _cell_text(cell)]
        # A heading merged over two rows repeats itself in the second, and the province numbers the
        # columns in the row under the heading («(1)», «(2)» …): neither is a procedure.
        if not filled or _cell_text(row[code_column]) == code_heading or _column_numbers(row):
            continue
        where = sheet.where(index + 1)
        if len(filled) == 1 and filled[0] != code_column:
            section = _section(_cell_text(row[filled[0]]), fields, where, parsed) or section
            continue
        if not any(columns.get(col) in ("code", "title") for col in filled):
            continue
        entry = _entry(context, index, section)
        if entry is not None:
            parsed.entries.append(entry)


def _column_numbers(row: list[Any]) -> bool:
    """True for a row that only numbers the columns in order: «(1)», «(2)» … or 1, 2 …"""
    cells = [_cell_text(cell) for cell in row if _cell_text(cell)]
    numbers = [_COLUMN_NUMBER.fullmatch(cell) for cell in cells]
    if len(cells) < 2 or not all(numbers):
        return False
    first = int(numbers[0][1])
    return [int(m[1]) for m in numbers] == list(range(first, first + len(cells)))


def _columns(sheet: Sheet, header: int, parsed: Parsed) -> dict[int, str] | None:
    """Column index → front-matter key; unknown headings are noted, missing ones reported."""
    where = sheet.where(header + 1)
    columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for col, cell in enumerate(sheet.grid[header]):
        heading = " ".join(_cell_text(cell).split())
        key = _HEADING_KEYS.get(_heading_key(heading))
        if not heading or key == _IGNORE:
            continue
        if key is None:
            unknown.append(f"«{heading}»")
        elif key in seen:
            parsed.errors.append(
                f"{where}: hai cột «{seen[key]}» và «{heading}» cùng ghi "
                f"{PROCEDURE_SCHEMA[key].label}; hãy xóa hoặc đổi tên một cột."
            )
        else:
            seen[key] = heading
            columns[col] = key
    if unknown:
        parsed.notes.append(f"{where}: bỏ qua cột không nhận ra: {', '.join(unknown)}.")
    missing = [key for key in ("code", "title") if key not in seen]
    for key in missing:
        examples = " hoặc ".join(f"«{h}»" for h in HEADINGS[key][:2])
        parsed.errors.append(f"{where}: thiếu cột {PROCEDURE_SCHEMA[key].label} (ví dụ {examples}).")
    absent = [f"«{PROCEDURE_SCHEMA[key].label}»" for key in EXPECTED if key not in seen]
    if absent and not missing:
        parsed.notes.append(f"{where}: không có cột {', '.join(absent)}.")
    return None if missing else columns


def _title_block_decision(rows: list[list[Any]]) -> str:
    """The decision named in the title block: «(Kèm theo Quyết định số … của …)»."""
    for row in rows:
        for cell in row:
            match = _DECISION.search(" ".join(_cell_text(cell).split()))
            if match:
                return match.group(1).strip(" .")
    return ""


def _field_slug(text: str, fields: dict[str, str]) -> str | None:
    """The configured field a name denotes («Hộ tịch», «HỘ TỊCH», «ho-tich»), if any."""
    wanted = _heading_key(text)
    for slug, name in fields.items():
        if wanted in (_heading_key(name), _heading_key(slug)):
            return slug
    return None


def _without_field_word(name: str) -> tuple[str, bool]:
    """«LĨNH VỰC HỘ TỊCH» → («HỘ TỊCH», True); a name without the word is returned as it is."""
    if _heading_key(name).startswith("linh vuc "):
        return name.split(maxsplit=2)[2], True
    return name, False


def _section(text: str, fields: dict[str, str], where: str, parsed: Parsed) -> str | None:
    """The field a one-cell row names («I. LĨNH VỰC HỘ TỊCH»); None for other headings."""
    name, explicit = _without_field_word(_NUMBERING.sub("", text))
    slug = _field_slug(name, fields)
    if slug is None and explicit:
        parsed.errors.append(_unknown_field(where, name, fields))
    return slug


def _unknown_field(where: str, name: str, fields: dict[str, str]) -> str:
    """Message for a field missing from ``tthc_fields``."""
    return (
        f"{where}: lĩnh vực «{name}» không có trong cấu hình. Chọn một trong: "
        f"{', '.join(fields.values())} (danh sách ở mkdocs.yml, mục plugins → congtt → tthc_fields)."
    )


def _entry(context: _Context, index: int, section: str) -> Entry | None:
    """Convert row ``index``; None (with errors recorded) when it cannot be used."""
    row, parsed = context.sheet.grid[index], context.parsed
    where = context.sheet.where(index + 1)
    raw = {key: row[col] if col < len(row) else None for col, key in context.columns.items()}
    errors_before = len(parsed.errors)
    values: dict[str, Any] = {"code": _code(raw["code"], where, parsed, context.sheet.name is None)}
    title = " ".join(_cell_text(raw["title"]).split())
    if not title:
        parsed.errors.append(f"{where}: mã thủ tục «{values['code']}» chưa có tên thủ tục.")
    values["title"] = title
    values["field"] = _row_field(raw.get("field"), section, where, context)
    for key, cell in raw.items():
        if key in ("code", "title", "field"):
            continue
        value = _value(key, _cell_text(cell), where, parsed)
        if value:
            values[key] = value
    if context.decision and "decision" not in values:
        values["decision"] = context.decision
    return Entry(where, values) if len(parsed.errors) == errors_before else None


def _code(cell: Any, where: str, parsed: Parsed, from_csv: bool) -> str:
    """The procedure code, with the zeros Excel dropped from a number put back.

    A code typed into a cell Excel formats as a number is stored as a float:
    "1.001190" becomes 1.00119, and a CSV saved from that cell says "1.00119".
    The cell's number format is usually "General", so it cannot tell how many
    decimals were typed; the national code's own shape can: digits, a dot,
    exactly six digits. So a number (or a CSV value) with one to five decimals
    gets its zeros back; text typed into an .xlsx cell is taken as typed.
    """
    text = repr(cell) if isinstance(cell, float) else "".join(_cell_text(cell).split())
    if (isinstance(cell, float) or from_csv) and _SHORT_CODE.match(text):
        whole, decimals = text.split(".")
        text = f"{whole}.{decimals.ljust(6, '0')}"
    if not text:
        parsed.errors.append(f"{where}: thủ tục chưa có mã thủ tục.")
        return ""
    try:
        return code_field(text, PROCEDURE_SCHEMA["code"], None, 0)
    except FieldError:
        parsed.errors.append(
            f"{where}: mã thủ tục «{text}» không đúng dạng mã của Cơ sở dữ liệu quốc gia "
            "về TTHC (ví dụ 1.001193)."
        )
        return text


def _row_field(cell: Any, section: str, where: str, context: _Context) -> str:
    """The row's field: its «Lĩnh vực» cell, else the section row above it."""
    name, _ = _without_field_word(" ".join(_cell_text(cell).split()))
    if name:
        slug = _field_slug(name, context.fields)
        if slug is None:
            context.parsed.errors.append(_unknown_field(where, name, context.fields))
        return slug or ""
    if not section:
        context.parsed.errors.append(
            f"{where}: không rõ lĩnh vực của thủ tục. Thêm cột «Lĩnh vực» hoặc một dòng "
            "như «I. LĨNH VỰC HỘ TỊCH» phía trên các thủ tục của lĩnh vực đó."
        )
    return section


def _value(key: str, text: str, where: str, parsed: Parsed) -> Any:
    """A cell's text as the value of ``key``: a list, a line of text, a level or an address."""
    if not text:
        return None
    if key in LIST_KEYS:
        return tuple(item for item in (_BULLET.sub("", line).strip() for line in text.split("\n")) if item)
    flat = _join_lines(text)
    if key == "online":
        level = ONLINE_WORDS.get(_heading_key(flat))
        if level is None:
            parsed.errors.append(
                f"{where}: mức độ trực tuyến «{flat}» không rõ. Ghi «Toàn trình», «Một phần» hoặc «Trực tiếp»."
            )
        return level
    if key == "dvc_url":
        try:
            return url_field(flat, PROCEDURE_SCHEMA[key], None, 0)
        except FieldError:
            parsed.errors.append(
                f"{where}: địa chỉ nộp hồ sơ trực tuyến «{flat}» phải bắt đầu bằng https:// hoặc http://."
            )
            return None
    return flat


def _join_lines(text: str) -> str:
    """One line from a cell's lines: «Lệ phí: 8.000 đồng\\nPhí: không» → «…đồng; Phí: không»."""
    joined = ""
    for line in (" ".join(part.split()) for part in text.split("\n")):
        if not line:
            continue
        if joined:
            joined += " " if joined.endswith((".", ";", ":", ",")) else "; "
        joined += line
    return joined


def _check_duplicate_codes(parsed: Parsed) -> None:
    """A code listed twice is an error: which row would win is not ours to guess."""
    first: dict[str, str] = {}
    for entry in parsed.entries:
        code = entry.values["code"]
        if code in first:
            parsed.errors.append(f"{entry.where}: mã thủ tục «{code}» đã có ở {first[code][0].lower()}{first[code][1:]}.")
        else:
            first[code] = entry.where


# The record of the last import -----------------------------------------------


@dataclass
class Record:
    """What each procedure's keys held after the last import, by code: the base against
    which a change in the sheet and an edit by hand are told apart.

    It is one JSON file in the procedures' folder, committed with them, because it must
    live exactly as long as the files it describes, on every copy of the repository:
    ``.cache/`` is ignored by git and wiped freely, and ``site/`` is replaced by every
    build, so a record there would vanish on a fresh clone or on the server and every
    key would then look edited by hand. Front-matter would be closer, but staff would
    see and edit it, and the schema refuses unknown keys. The leading dot keeps the
    file out of the content walk, MkDocs and the published site. Procedures are keyed
    by code, not path, so a file renamed or moved by hand keeps its record; keys are
    sorted one per line so git diffs and merges stay readable; the file is replaced
    whole, so a killed import leaves the previous record. An unreadable record (a git
    merge conflict, a truncated copy) is treated as no record, which only makes the
    import keep more: every differing key a file holds counts as written by hand.
    """

    path: Path
    procedures: dict[str, dict[str, Any]]
    note: str = ""

    def after(self, actions: list[Action]) -> dict[str, dict[str, Any]]:
        """The procedures' entries once ``actions`` are done; codes not imported keep theirs."""
        updated = dict(self.procedures)
        updated.update({action.code: action.remember for action in actions if action.remember is not None})
        return updated


def read_record(settings: CongttConfig, root: Path) -> Record:
    """The record beside the procedures; empty, with a note, when it cannot be read."""
    path = root / settings.tthc_dir / RECORD_NAME
    shown = display_path(path, root)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise ImportFailure(
            [
                f"«{shown}» phải là một tệp thường (nơi ghi lại bảng tính lần nhập trước). "
                "Đổi tên hoặc xóa nó rồi nhập lại."
            ]
        )
    if not path.exists():
        return Record(path, {})
    try:
        return Record(path, _record_entries(json.loads(path.read_bytes().decode("utf-8"))))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return Record(
            path,
            {},
            f"Không đọc được «{shown}» (nơi ghi lại bảng tính lần nhập trước): tệp hỏng. Coi như chưa nhập lần "
            "nào: khóa nào trong tệp thủ tục khác bảng tính đều được giữ nguyên.",
        )


def _record_entries(data: Any) -> dict[str, dict[str, Any]]:
    """The entries of a decoded record; ValueError when it is not one this module wrote."""
    if not isinstance(data, dict) or data.get("version") != RECORD_VERSION:
        raise ValueError("not an import record")
    if not isinstance(data.get("procedures"), dict):
        raise ValueError("no procedures")
    entries = {}
    for code, values in data["procedures"].items():
        if not isinstance(values, dict) or not set(values) <= set(HEADINGS):
            raise ValueError(f"bad entry {code!r}")
        entries[code] = {key: _recorded(value) for key, value in values.items()}
    return entries


def _recorded(value: Any) -> str | tuple[str, ...]:
    """A recorded value as the sheet gave it: text, or a list as a tuple."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ValueError(f"bad value {value!r}")


def record_bytes(procedures: dict[str, dict[str, Any]]) -> bytes:
    """The record file's content: sorted, one value per line, UTF-8 as typed."""
    data = {"about": RECORD_ABOUT, "version": RECORD_VERSION, "procedures": procedures}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# Planning --------------------------------------------------------------------


@dataclass
class Existing:
    """A procedure file already in tthc/: its path, the item when it is valid, and its
    front-matter as typed (all a file with problems can tell)."""

    path: Path
    item: Procedure | None
    meta: dict[str, Any]

    @property
    def field(self) -> str:
        """The field slug, as typed when the file has problems."""
        return self.item.field if self.item else _typed(self.meta, "field")

    @property
    def off_catalogue(self) -> bool:
        """Abolished already, or a draft: not in the catalogue, so not missing from the list."""
        if self.item:
            return self.item.abolished or self.item.draft
        return _typed(self.meta, "status") == "bai-bo"


def _typed(meta: dict[str, Any], key: str) -> str:
    """A front-matter value as typed, or "" when it is absent or not text."""
    value = meta.get(key)
    return value.strip() if isinstance(value, str) else ""


def existing_procedures(settings: CongttConfig, root: Path) -> dict[str, Existing]:
    """Procedure files by code; a file with problems is kept (item None) so it is not duplicated."""
    mount = root / settings.tthc_dir
    vocab = Vocabulary.from_settings(settings)
    found: dict[str, Existing] = {}
    for path in content_files(mount):
        source = read_source(path)
        code = source.meta.get("code") if source.meta else None
        if not isinstance(code, str) or code.strip() in found:
            continue
        item, problems = load_item(path, mount, root, PROCEDURES, vocab, settings)
        found[code.strip()] = Existing(path, None if problems else item, source.meta)
    return found


def plan(
    entries: list[Entry],
    settings: CongttConfig,
    root: Path,
    today: date,
    update: bool,
    mark_missing: bool = False,
    record: Record | None = None,
    force: bool = False,
) -> list[Action]:
    """Decide, for each procedure of the list and each one the list lacks, what happens to its file."""
    existing = existing_procedures(settings, root)
    last = record.procedures if record else {}
    actions = []
    for entry in entries:
        values = entry.values
        current = existing.get(values["code"])
        if current is None:
            actions.append(_create(values, settings, root, today))
        elif current.item is None:
            actions.append(Action("broken", current.path))
        else:
            actions.append(_compare(current, values, last.get(values["code"]), update, force))
    return actions + _missing(entries, existing, names(settings.tthc_fields), today, mark_missing)


def _create(values: dict[str, Any], settings: CongttConfig, root: Path, today: date) -> Action:
    """A new file in tthc/<field>/ with the list's values and sensible defaults."""
    slug = slugify(values["title"])
    if len(slug) > FILE_SLUG_LIMIT:
        slug = slug[:FILE_SLUG_LIMIT].rsplit("-", 1)[0]
    path = root / settings.tthc_dir / values["field"] / f"{values['code']}-{slug}.md"
    if path.exists():
        return Action("occupied", path)
    # No online level unless the sheet states one: «Trực tiếp» is a claim, not a default.
    full = {"agency": settings.commune.authority, **values}
    if full.get("online", "khong") != "khong" and "dvc_url" not in full:
        full["dvc_url"] = NATIONAL_PROCEDURE_URL.format(code=values["code"])
    full.update(status="hien-hanh", updated=f"{today:%d/%m/%Y}")
    lines = [_yaml_entry(key, full[key], "\n") for key in PROCEDURE_SCHEMA if key in full]
    text = "---\n" + "\n".join(lines) + "\n---\n"
    remember = {key: full[key] for key in HEADINGS if key in full}
    return Action("created", path, text=text.encode("utf-8"), code=values["code"], remember=remember)


def _compare(
    current: Existing, values: dict[str, Any], base: dict[str, Any] | None, update: bool, force: bool
) -> Action:
    """Unchanged, updated, kept, or (without ``update``) skipped with the keys the sheet changed."""
    path, code = current.path, values["code"]
    changes = _sheet_changes(current, values, base)
    kept = () if force else tuple(change for change in changes if change.by_hand)
    writes = [change for change in changes if change not in kept]
    remember = _remembered(values, base, kept)
    if not changes:
        return Action("unchanged", path, code=code, remember=remember)
    if not update:
        return Action("differs", path, tuple(change.key for change in changes), code=code)
    if any(change.key == "title" for change in writes) and "slug" not in current.meta:
        # The URL comes from the title unless pinned: pin the current one so
        # links and printed QR codes keep working after a renamed procedure.
        writes.append(Change("slug", None, current.item.slug))
    keys = tuple(change.key for change in writes)
    text = _rewritten(path, {change.key: change.new for change in writes}) if writes else b""
    return Action(
        "updated" if writes else "kept", path, keys, text, code,
        changes=tuple(writes), kept=kept, recorded=base is not None, remember=remember,
    )


def _sheet_changes(current: Existing, values: dict[str, Any], base: dict[str, Any] | None) -> list[Change]:
    """The keys whose value in the sheet changed since the last import and differs from the file.

    ``base`` is what the last import left for each key (None: never imported). A key
    the sheet still gives as then is not looked at: if the file differs, staff edited
    it, and that stands. A key is edited by hand when the file's value is not the
    base's, or, with no base for it, when the file has the key at all: the importer
    never wrote it, so a person did. A key the file lacks is only ever added.
    """
    last = base or {}
    changes = []
    for key in PROCEDURE_SCHEMA:
        if key not in values or last.get(key) == values[key]:
            continue
        old = getattr(current.item, key)
        if old == values[key]:
            continue
        present = key in current.meta
        by_hand = old != last[key] if key in last else present
        changes.append(Change(key, old if present else None, values[key], by_hand))
    return changes


def _remembered(values: dict[str, Any], base: dict[str, Any] | None, kept: tuple[Change, ...]) -> dict[str, Any]:
    """The record's entry after this import: the sheet's values, except for keys kept by
    hand, which keep their old base so the next import reports them again and
    ``--force`` still applies, and for keys the sheet leaves blank, which the import
    does not touch, so the file still holds the base's value."""
    remember = {**(base or {}), **values}
    for change in kept:
        if base and change.key in base:
            remember[change.key] = base[change.key]
        else:
            del remember[change.key]
    return remember


def _rewritten(path: Path, changes: dict[str, Any]) -> bytes:
    """The file's bytes with ``changes`` made in its front-matter, keeping a byte order mark."""
    raw = path.read_bytes()
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return bom + rewrite_front_matter(raw.decode("utf-8-sig"), changes).encode("utf-8")


# Procedures the list lacks ---------------------------------------------------


def covered_fields(entries: list[Entry]) -> set[str]:
    """The fields the list has procedures of.

    A province's list often covers a few fields only (one sheet per department,
    one decision per field); only procedures of these fields can be missing from it.
    """
    return {entry.values["field"] for entry in entries}


def _missing(
    entries: list[Entry], existing: dict[str, Existing], fields: dict[str, str], today: date, mark: bool
) -> list[Action]:
    """The procedures of the covered fields that the list lacks: marked abolished when
    ``mark`` and the abolishing decision is known, else reported with the reason."""
    listed = {entry.values["code"] for entry in entries}
    decisions: dict[str, set[str]] = {field: set() for field in covered_fields(entries)}
    for entry in entries:
        if entry.values.get("decision"):
            decisions[entry.values["field"]].add(entry.values["decision"])
    actions = []
    for code, current in sorted(existing.items(), key=lambda pair: pair[1].path):
        if code in listed or current.field not in decisions or current.off_catalogue:
            continue
        reason = _unmarkable(current, decisions[current.field], fields)
        if reason or not mark:
            actions.append(Action("missing", current.path, code=code, note=reason))
        else:
            (decision,) = decisions[current.field]
            actions.append(_abolish(current, code, decision, today))
    return actions


def _unmarkable(current: Existing, decisions: set[str], fields: dict[str, str]) -> str:
    """Why a missing procedure cannot be marked abolished; "" when it can.

    ``change_decision`` is required with ``status: bai-bo`` and must name the
    decision that abolished the procedure: the decision the list comes with,
    when its procedures of that field name exactly one.
    """
    if current.item is None:
        return "tệp đang có lỗi; chạy «congtt check» để xem và sửa."
    name = fields[current.field]
    manual = "Ghi «status: bai-bo» và «change_decision:» bằng tay."
    if not decisions:
        return f"bảng tính không ghi quyết định công bố của lĩnh vực {name} nên không rõ quyết định bãi bỏ. {manual}"
    if len(decisions) > 1:
        return (
            f"bảng tính ghi {len(decisions)} quyết định công bố khác nhau cho lĩnh vực {name} "
            f"nên không rõ quyết định nào bãi bỏ thủ tục này. {manual}"
        )
    return ""


def _abolish(current: Existing, code: str, decision: str, today: date) -> Action:
    """Mark a procedure abolished by ``decision`` on ``today``.

    ``updated`` moves to the day of the import: the statistics count an
    abolition, and the procedure-changes feed shows it, in the period its
    ``updated`` day falls in (stats.procedure_change, feeds.procedure_changes).
    Keys that already hold the value are left as typed.
    """
    wanted = {"status": "bai-bo", "change_decision": decision, "updated": today}
    keys = [key for key, value in wanted.items() if getattr(current.item, key) != value]
    changes = {key: f"{today:%d/%m/%Y}" if key == "updated" else wanted[key] for key in keys}
    return Action("abolished", current.path, tuple(changes), _rewritten(current.path, changes), code)


# Editing front-matter in place -----------------------------------------------


def rewrite_front_matter(text: str, changes: dict[str, Any]) -> str:
    """Replace or insert the keys in ``changes``; every other character stays as it was.

    The YAML is composed, not loaded and dumped again: node positions tell
    where each key's text starts and ends, so only those spans are rewritten
    and key order, quoting, comments and the body are untouched.
    """
    opening, closing = list(_FRONT_MATTER.finditer(text))[:2]
    front = text[opening.end() : closing.start()]
    newline = "\r\n" if "\r\n" in front else "\n"
    node = yaml.compose(front, Loader=yaml.SafeLoader)
    spans = {key.value: (key.start_mark.index, _content_end(value, front)) for key, value in (node.value if node else [])}
    edits: list[tuple[int, int, int, str]] = []
    order = list(PROCEDURE_SCHEMA)
    for key, value in changes.items():
        entry = _yaml_entry(key, value, newline)
        if key in spans:
            start, end = spans[key]
            edits.append((start, order.index(key), end, entry))
        else:
            anchor, inserted = _insertion(key, entry, spans, order, front, newline)
            edits.append((anchor, order.index(key), anchor, inserted))
    for start, _, end, replacement in sorted(edits, reverse=True):
        front = front[:start] + replacement + front[end:]
    return text[: opening.end()] + front + text[closing.start() :]


def _content_end(node: yaml.Node, front: str) -> int:
    """Where a value's own text ends: not the next key, nor trailing comments or blank lines."""
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _content_end(node.value[-1], front)
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _content_end(node.value[-1][1], front)
    end = node.end_mark.index
    while end > node.start_mark.index and front[end - 1] in "\r\n":
        end -= 1
    return end


def _insertion(
    key: str, entry: str, spans: dict[str, tuple[int, int]], order: list[str], front: str, newline: str
) -> tuple[int, str]:
    """Where a new key goes and the text inserted there: on a line of its own after the
    nearest key that precedes it in schema order, else before the first key."""
    before = [k for k in order[: order.index(key)] if k in spans]
    if before:
        line_end = front.find(newline, spans[before[-1]][1])
        return (len(front) if line_end < 0 else line_end), newline + entry
    if spans:
        return min(start for start, _ in spans.values()), entry + newline
    return len(front), entry + newline


def _yaml_entry(key: str, value: Any, newline: str) -> str:
    """``key: value`` in the style of the hand-written files (lists indented, code in double quotes)."""
    if isinstance(value, tuple):
        if not value:
            return f"{key}: []"
        return f"{key}:" + "".join(f"{newline}  - {_scalar(item)}" for item in value)
    return f"{key}: {_scalar(value, force_quotes=key == 'code')}"


def _scalar(value: str, force_quotes: bool = False) -> str:
    """A YAML scalar: plain where YAML reads it back as the same text, else double-quoted."""
    style = '"' if force_quotes else None
    dumped = yaml.safe_dump(value, allow_unicode=True, width=float("inf"), default_style=style)
    if dumped.startswith("'"):
        dumped = yaml.safe_dump(value, allow_unicode=True, width=float("inf"), default_style='"')
    return dumped.removesuffix("\n...\n").rstrip("\n")


# Running ---------------------------------------------------------------------


def apply(actions: list[Action], record: Record) -> None:
    """Write created, updated and abolished files, then the record of this import.

    The record comes last: after a failure half-way it still holds the previous
    import, and the next run finds the files written already matching the sheet.
    """
    for action in actions:
        if action.kind == "created":
            action.path.parent.mkdir(parents=True, exist_ok=True)
            with action.path.open("xb") as handle:
                handle.write(action.text)
        elif action.kind in ("updated", "abolished"):
            atomic.write(action.path, action.text)
    procedures = record.after(actions)
    if procedures != record.procedures or record.note:
        record.path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write(record.path, record_bytes(procedures))


def _labels(keys: tuple[str, ...]) -> str:
    """Keys with their Vietnamese labels: «fees (phí, lệ phí)»."""
    return ", ".join(f"{key} ({PROCEDURE_SCHEMA[key].label})" for key in keys)


def _skip_reason(action: Action) -> str:
    """Why a procedure of the list was not written."""
    if action.kind == "differs":
        return f"đã có, khác bảng tính ở {_labels(action.changed)}. Thêm --update để cập nhật."
    if action.kind == "occupied":
        return "tên tệp đã được dùng cho một thủ tục mang mã khác; đổi tên tệp đó rồi nhập lại."
    return "tệp đang có lỗi; chạy «congtt check» để xem và sửa."


def _missing_line(action: Action, shown: str, dry_run: bool) -> str:
    """One procedure the list lacks: marked, or why not."""
    if action.kind == "abolished":
        return f"{'Sẽ đánh dấu' if dry_run else 'Đã đánh dấu'} bãi bỏ «{shown}» (mã {action.code}): không có trong bảng tính."
    missing = f"Không có trong bảng tính: «{shown}» (mã {action.code})."
    if action.note:
        return f"{missing} Chưa đánh dấu bãi bỏ: {action.note}"
    return f"{missing} Thêm --mark-missing để đánh dấu bãi bỏ."


def _shown(value: Any) -> str:
    """A value as a report quotes it: «text», a list item by item, or a word for nothing."""
    if value is None:
        return "(không có)"
    if not value:
        return "(trống)"
    if isinstance(value, tuple):
        return "; ".join(f"«{item}»" for item in value)
    return f"«{value}»"


def _change_line(change: Change) -> str:
    """One key written: old → new, saying so when it overwrites an edit by hand."""
    forced = " (ghi đè phần đã sửa tay, do có --force)" if change.by_hand else ""
    return f"  {_labels((change.key,))}: {_shown(change.old)} → {_shown(change.new)}{forced}."


def _kept_line(change: Change, shown: str, recorded: bool, dry_run: bool) -> str:
    """One key kept because a person edited it, with both values and how to take the sheet's."""
    why = "đã sửa tay sau lần nhập trước" if recorded else "thủ tục chưa nhập từ bảng tính lần nào nên coi là viết tay"
    return (
        f"{'Sẽ giữ nguyên' if dry_run else 'Giữ nguyên'} {_labels((change.key,))} của «{shown}»: {why}. "
        f"Tệp: {_shown(change.old)}; bảng tính: {_shown(change.new)}. Thêm --force để ghi theo bảng tính."
    )


def _file_lines(action: Action, shown: str, dry_run: bool) -> Iterator[str]:
    """What happens to one procedure file of the list: a line, then one per key written or kept."""
    if action.kind == "created":
        yield f"{'Sẽ tạo' if dry_run else 'Đã tạo'} «{shown}»."
    elif action.kind == "updated":
        yield f"{'Sẽ cập nhật' if dry_run else 'Đã cập nhật'} «{shown}»: {_labels(action.changed)}."
        yield from (_change_line(change) for change in action.changes)
    elif action.kind not in ("unchanged", "kept"):
        yield f"Bỏ qua «{shown}»: {_skip_reason(action)}"
    yield from (_kept_line(change, shown, action.recorded, dry_run) for change in action.kept)


def report(
    actions: list[Action], root: Path, dry_run: bool, compared: list[str] | None = None, mark_missing: bool = False
) -> Iterator[str]:
    """What was (or, in a dry run, would be) done, file by file and key by key; the fields
    in which the portal was compared with the list and what it lacks; then the counts.
    A file left as it was because only keys edited by hand differ counts as skipped."""
    counts = dict.fromkeys(("created", "updated", "unchanged", "skipped", "missing", "abolished"), 0)
    gone = [action for action in actions if action.kind in GONE]
    kept = 0
    for action in actions:
        if action.kind in GONE:
            continue
        counts[action.kind if action.kind in ("created", "updated", "unchanged") else "skipped"] += 1
        kept += len(action.kept)
        yield from _file_lines(action, display_path(action.path, root), dry_run)
    if compared:
        yield (
            f"Đối chiếu với bảng tính các thủ tục trên Cổng thuộc lĩnh vực: {', '.join(compared)} "
            "(thủ tục lĩnh vực khác không xét)."
        )
    for action in gone:
        counts["missing"] += 1
        counts["abolished"] += action.kind == "abolished"
        yield _missing_line(action, display_path(action.path, root), dry_run)
    marked = f" ({counts['abolished']} đánh dấu bãi bỏ)" if mark_missing else ""
    summary = (
        f"{counts['created']} tạo mới, {counts['updated']} cập nhật, "
        f"{counts['unchanged']} không đổi, {counts['skipped']} bỏ qua, "
        f"{counts['missing']} không có trong bảng tính{marked}."
    )
    if kept:
        summary += f" Giữ nguyên {kept} khóa đã sửa tay (thêm --force để ghi theo bảng tính)."
    yield f"Chạy thử, chưa ghi tệp nào. Nếu chạy thật: {summary}" if dry_run else f"Kết quả: {summary}"


def import_day(text: str | None, now: datetime) -> date:
    """The day this import records as ``updated``: ``--date``, else ``now``'s day in Vietnam.

    Staff may import a list some days after it was decided, or record an
    abolition on the day it takes effect: the statistics and the feed of
    procedure changes file the change under this day.
    """
    if not text:
        return now.astimezone(dates.VIETNAM).date()
    return dates.day_argument(text, "--date", "20/07/2025")


def import_list(
    path: Path,
    settings: CongttConfig,
    root: Path,
    today: date,
    update: bool,
    dry_run: bool,
    mark_missing: bool = False,
    force: bool = False,
) -> tuple[list[str], list[str]]:
    """Import the list at ``path``; return the notes and the report lines.

    Nothing is written unless the whole list is readable: a half-imported list
    would leave staff unsure which procedures are current.
    """
    fields = names(settings.tthc_fields)
    parsed = parse(read_sheets(path), fields)
    if parsed.errors:
        raise ImportFailure(parsed.errors, parsed.notes)
    record = read_record(settings, root)
    notes = parsed.notes + [note for note in (record.note, _force_note(update, force)) if note]
    actions = plan(parsed.entries, settings, root, today, update, mark_missing, record, force)
    if not dry_run:
        apply(actions, record)
    compared = [name for slug, name in fields.items() if slug in covered_fields(parsed.entries)]
    return notes, list(report(actions, root, dry_run, compared, mark_missing))


def _force_note(update: bool, force: bool) -> str:
    """A note when ``--force`` is given alone: it only widens what ``--update`` writes."""
    if force and not update:
        return "--force chỉ có tác dụng cùng --update: lần này không cập nhật thủ tục nào đã có."
    return ""
