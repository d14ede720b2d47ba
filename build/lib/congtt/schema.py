"""One schema per content type: known keys only, typed, Vietnamese messages.

Each front-matter key has a converter that turns the author's text into a
typed value or raises ``FieldError`` with a message saying what is wrong and how
to fix it. The schema, not YAML's guessing, decides types.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable

from . import dates
from .config import CongttConfig, names
from .model import PlanTask
from .source import Mapping, Sequence
from .text import fold
from .errors import CongttError

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = re.compile(r"^\d+\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")
_TRUE = {"true", "yes", "on", "có", "co"}
_FALSE = {"false", "no", "off", "không", "khong"}


class FieldError(CongttError, ValueError):
    """A front-matter value that cannot be used, with the line it is on."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Vocabulary:
    """The configured vocabularies a value must come from."""

    categories: dict[str, str]
    cchc_areas: dict[str, str]
    channels: dict[str, str]
    tthc_fields: dict[str, str]
    document_kinds: dict[str, str]

    @classmethod
    def from_settings(cls, settings: CongttConfig) -> "Vocabulary":
        """Read the vocabularies from the plugin settings."""
        return cls(
            categories=names(settings.categories),
            cchc_areas=names(settings.cchc_areas),
            channels=names(settings.channels),
            tthc_fields=names(settings.tthc_fields),
            document_kinds=names(settings.document_kinds),
        )


@dataclass(frozen=True)
class Field:
    """A front-matter key: its Vietnamese label, its converter, whether it is required."""

    key: str
    label: str
    convert: Callable[[Any, "Field", Vocabulary, int], Any]
    required: bool = False
    blank_ok: bool = False


def text(value: Any, field: Field, vocab: Vocabulary, line: int) -> str:
    """A single piece of text."""
    if value is None:
        return ""
    if isinstance(value, (Mapping, Sequence)):
        raise FieldError(
            f"Khóa «{field.key}» ({field.label}) phải là một đoạn chữ, "
            "không phải danh sách hay nhóm khóa."
        )
    return value.strip()


def lines(value: Any, field: Field, vocab: Vocabulary, line: int) -> tuple[str, ...]:
    """A list of texts; a single text is a list of one."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, Sequence) and all(isinstance(v, str) or v is None for v in value):
        return tuple(v.strip() for v in value if v and v.strip())
    raise FieldError(
        f"Khóa «{field.key}» ({field.label}) phải là một danh sách chữ, "
        "mỗi mục một dòng bắt đầu bằng «- »."
    )


def says_yes(value: Any) -> bool:
    """True when a raw front-matter value is one of the words ``flag`` reads as yes."""
    return isinstance(value, str) and value.strip().lower() in _TRUE


def flag(value: Any, field: Field, vocab: Vocabulary, line: int) -> bool:
    """A yes/no value."""
    if value is None:
        return False
    word = text(value, field, vocab, line).lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise FieldError(
        f"Khóa «{field.key}» ({field.label}) chỉ nhận «true» (có) hoặc «false» (không), "
        f"không phải «{word}»."
    )


def instant(value: Any, field: Field, vocab: Vocabulary, line: int):
    """A moment in Vietnam time: ``15/06/2023 08:30`` or ISO."""
    raw = text(value, field, vocab, line)
    try:
        return dates.parse_instant(raw)
    except dates.DateFormatError:
        raise FieldError(
            f"Không đọc được ngày «{raw}» ở khóa «{field.key}» ({field.label}). "
            "Ghi theo dạng ngày/tháng/năm như 15/06/2023 hoặc 15/06/2023 08:30 "
            "(hoặc 2023-06-15)."
        ) from None
    except dates.UnusableDateError as error:
        raise FieldError(f"Ngày «{raw}» ở khóa «{field.key}» ({field.label}) không dùng được: {error}.") from None
    except dates.ImpossibleDateError as error:
        raise FieldError(
            f"Ngày «{raw}» ở khóa «{field.key}» ({field.label}) không tồn tại: {error}. "
            "Ghi ngày trước, tháng sau, ví dụ 15/06/2023."
        ) from None


def day(value: Any, field: Field, vocab: Vocabulary, line: int):
    """A calendar day; empty means none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return instant(value, field, vocab, line).date()


def slug(value: Any, field: Field, vocab: Vocabulary, line: int) -> str:
    """A URL slug chosen by the author."""
    raw = text(value, field, vocab, line)
    if raw and not _SLUG.match(raw):
        raise FieldError(
            f"Slug «{raw}» chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang "
            "(ví dụ «dang-ky-khai-sinh»)."
        )
    return raw


def code(value: Any, field: Field, vocab: Vocabulary, line: int) -> str:
    """A procedure code from the national database, kept exactly as typed."""
    raw = text(value, field, vocab, line)
    if not _CODE.match(raw):
        raise FieldError(
            f"Mã thủ tục «{raw}» không đúng dạng mã của Cơ sở dữ liệu quốc gia về TTHC "
            '(ví dụ "1.001193"). Ghi mã trong dấu ngoặc kép: code: "1.001193".'
        )
    return raw


def url(value: Any, field: Field, vocab: Vocabulary, line: int) -> str:
    """An absolute web address."""
    raw = text(value, field, vocab, line)
    if raw and not raw.startswith(("https://", "http://")):
        raise FieldError(
            f"Khóa «{field.key}» ({field.label}) phải là một địa chỉ web "
            "bắt đầu bằng https:// hoặc http://."
        )
    return raw


_SITE_PATH = re.compile(r"[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*")


def site_paths(value: Any, field: Field, vocab: Vocabulary, line: int) -> tuple[str, ...]:
    """Addresses on the portal, written from its root (``tin-tuc/2024/03/ten-cu/``); kept with one
    trailing slash, as the portal's pages are addressed."""
    found = []
    for raw in lines(value, field, vocab, line):
        path = raw.strip().strip("/")
        if not _SITE_PATH.fullmatch(path) or ".." in path.split("/"):
            raise FieldError(
                f"Địa chỉ cũ «{raw}» ở khóa «{field.key}» ({field.label}) phải là đường dẫn tính từ gốc Cổng, "
                "chữ thường không dấu, ví dụ tin-tuc/2024/03/ten-bai-cu/ (không ghi https:// và tên miền)."
            )
        found.append(path + "/")
    return tuple(dict.fromkeys(found))


def configured(vocabulary: str, noun: str, setting: str):
    """A value from one of the configured vocabularies (categories, areas …)."""

    def convert(value: Any, field: Field, vocab: Vocabulary, line: int) -> str:
        raw = text(value, field, vocab, line)
        options = getattr(vocab, vocabulary)
        if raw not in options:
            raise FieldError(_not_configured(noun, raw, options, setting, field.key, many=False))
        return raw

    return convert


def configured_list(vocabulary: str, noun: str, setting: str):
    """A list of values from a configured vocabulary, without repeats."""

    def convert(value: Any, field: Field, vocab: Vocabulary, line: int) -> tuple[str, ...]:
        options = getattr(vocab, vocabulary)
        chosen = lines(value, field, vocab, line)
        for raw in chosen:
            if raw not in options:
                raise FieldError(_not_configured(noun, raw, options, setting, field.key, many=True))
        return tuple(dict.fromkeys(chosen))

    return convert


def _not_configured(noun: str, raw: str, options: dict[str, str], setting: str, key: str, many: bool) -> str:
    """Message for a value missing from a configured vocabulary: the likely fix first, then the choices
    and where the list is kept (mkdocs.yml, or congtt's default list when mkdocs.yml has no such section)."""
    choices = ", ".join(f"{slug} ({name})" for slug, name in options.items())
    where = (f"Danh sách đặt ở mkdocs.yml, mục plugins → congtt → {setting}; "
             "nếu mkdocs.yml chưa có mục đó thì đây là danh sách mặc định của congtt.")
    return f"{noun} «{raw}» không có trong cấu hình.{_likely(raw, options, key, many)} Chọn một trong: {choices}. {where}"


def _likely(raw: str, options: dict[str, str], key: str, many: bool) -> str:
    """What the writer most likely meant: a name typed for its code, a comma list, a near miss."""
    by_name = {fold(name): slug for slug, name in options.items()}
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if fold(raw) in by_name:
        return f" «{raw}» là tên hiển thị; trong tệp hãy ghi mã của nó: {key}: {by_name[fold(raw)]}."
    if len(parts) > 1 and all(part in options or fold(part) in by_name for part in parts):
        codes = ", ".join(part if part in options else by_name[fold(part)] for part in parts)
        if many:
            return f" Nhiều giá trị thì ghi thành danh sách trong ngoặc vuông: {key}: [{codes}]."
        return f" Khóa «{key}» chỉ nhận một giá trị: chọn một trong {codes}."
    close = difflib.get_close_matches(raw, list(options), n=1) or difflib.get_close_matches(
        fold(raw), list(by_name), n=1)
    if close:
        return f" Có phải ý bạn là «{close[0] if close[0] in options else by_name[close[0]]}»?"
    return ""


def one_of(options: dict[str, str]):
    """A value from a fixed list defined by the engine."""

    def convert(value: Any, field: Field, vocab: Vocabulary, line: int) -> str:
        raw = text(value, field, vocab, line)
        if raw not in options:
            choices = ", ".join(f"{k} ({v})" for k, v in options.items())
            raise FieldError(
                f"Giá trị «{raw}» của khóa «{field.key}» ({field.label}) không hợp lệ. "
                f"Chọn một trong: {choices}."
            )
        return raw

    return convert


@dataclass(frozen=True)
class FileRef:
    """A file named in front-matter (form, attachment), before it is resolved."""

    ref: str
    title: str
    line: int


def file_list(value: Any, field: Field, vocab: Vocabulary, line: int) -> tuple[FileRef, ...]:
    """Files beside the item: ``- file: x.pdf`` with a ``title``, or a bare path."""
    if value is None:
        return ()
    if not isinstance(value, Sequence):
        raise FieldError(
            f"Khóa «{field.key}» ({field.label}) phải là một danh sách tệp, mỗi mục dạng "
            "«- file: ten-tep.pdf» và «title: Tên tệp»."
        )
    refs = []
    for item, item_line in zip(value, value.item_lines):
        if isinstance(item, str):
            refs.append(FileRef(item.strip(), "", item_line))
        elif isinstance(item, Mapping) and isinstance(item.get("file"), str):
            title = item.get("title")
            refs.append(FileRef(item["file"].strip(), title.strip() if isinstance(title, str) else "", item_line))
        else:
            raise FieldError(
                f"Mỗi mục của «{field.key}» ({field.label}) cần khóa «file:» ghi tên tệp "
                "nằm cạnh bài viết.",
                item_line,
            )
    return tuple(refs)


TASK_STATUSES = {
    "chua-thuc-hien": "Chưa thực hiện",
    "dang-thuc-hien": "Đang thực hiện",
    "hoan-thanh": "Hoàn thành",
}

TASK_FIELDS = {
    "content": "nội dung nhiệm vụ",
    "lead": "đơn vị chủ trì",
    "deadline": "thời hạn",
    "output": "sản phẩm",
    "status": "tình trạng",
}


def tasks(value: Any, field: Field, vocab: Vocabulary, line: int) -> tuple[PlanTask, ...]:
    """A plan's tasks, each a mapping of content, lead, deadline, output, status."""
    if value is None:
        return ()
    if not isinstance(value, Sequence):
        raise FieldError(
            f"Khóa «{field.key}» ({field.label}) phải là một danh sách nhiệm vụ, "
            "mỗi mục bắt đầu bằng «- content: …»."
        )
    return tuple(_task(item, item_line) for item, item_line in zip(value, value.item_lines))


def _task(item: Any, line: int) -> PlanTask:
    """Convert one task mapping, naming the task's line in any error."""
    if not isinstance(item, Mapping):
        raise FieldError(
            "Mỗi nhiệm vụ trong «tasks» phải là một nhóm khóa: content, lead, deadline, "
            "output, status.",
            line,
        )
    for key in item:
        if key not in TASK_FIELDS:
            raise FieldError(
                f"Khóa «{key}» không dùng được trong một nhiệm vụ. Các khóa hợp lệ: "
                f"{', '.join(TASK_FIELDS)}.",
                item.key_lines[key],
            )
    content = item.get("content")
    if not isinstance(content, str) or not content.strip():
        raise FieldError("Nhiệm vụ thiếu khóa «content» (nội dung nhiệm vụ).", line)
    deadline_text = item.get("deadline") if isinstance(item.get("deadline"), str) else ""
    deadline = None
    if deadline_text:
        try:
            deadline = dates.parse_day(deadline_text)
        except dates.DateFormatError:
            deadline = None
        except dates.ImpossibleDateError as error:
            verdict = "không dùng được" if isinstance(error, dates.UnusableDateError) else "không tồn tại"
            raise FieldError(
                f"Thời hạn «{deadline_text}» {verdict}: {error}.",
                item.key_lines["deadline"],
            ) from None
    status = item.get("status") or "chua-thuc-hien"
    if not isinstance(status, str) or status not in TASK_STATUSES:
        shown = f"«{status}»" if isinstance(status, str) else "(một danh sách hay nhóm khóa)"
        raise FieldError(
            f"Tình trạng nhiệm vụ {shown} không hợp lệ. Chọn một trong: "
            f"{', '.join(TASK_STATUSES)}.",
            item.key_lines["status"],
        )
    return PlanTask(
        content=content.strip(),
        lead=_plain(item.get("lead")),
        deadline=deadline,
        deadline_text=deadline_text.strip(),
        output=_plain(item.get("output")),
        status=status,
    )


def _plain(value: Any) -> str:
    """A nested scalar as text; anything else as empty."""
    return value.strip() if isinstance(value, str) else ""


def convert_fields(
    schema: dict[str, Field], meta: Mapping, vocab: Vocabulary, type_label: str
) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """Convert every key of ``meta`` by ``schema``; collect all problems, not the first."""
    values: dict[str, Any] = {}
    problems: list[tuple[int, str]] = []
    for key, raw in meta.items():
        line = meta.key_lines[key]
        field = schema.get(key)
        if field is None:
            problems.append((line, _unknown_key(key, schema, type_label)))
            continue
        try:
            values[key] = field.convert(raw, field, vocab, line)
        except FieldError as error:
            problems.append((error.line or line, error.message))
            continue
        if field.required and not field.blank_ok and values[key] in ("", (), None):
            problems.append(
                (line, f"Khóa bắt buộc «{key}» ({field.label}) đang để trống. Hãy điền giá trị.")
            )
    for key, field in schema.items():
        if field.required and key not in meta:
            problems.append(
                (
                    meta.line,
                    f"Thiếu khóa bắt buộc «{key}» ({field.label}). "
                    f"Thêm một dòng «{key}: …» vào phần khai báo đầu tệp.",
                )
            )
    return values, problems


def _unknown_key(key: str, schema: dict[str, Field], type_label: str) -> str:
    """Message for an unknown key, suggesting the nearest known one."""
    close = difflib.get_close_matches(key, list(schema), n=1)
    guess = f" Có phải ý bạn là «{close[0]}»?" if close else ""
    return (
        f"Khóa «{key}» không dùng được cho {type_label}.{guess} "
        f"Các khóa hợp lệ: {', '.join(schema)}."
    )


def _schema(*fields: Field) -> dict[str, Field]:
    """Index fields by key, keeping their order for messages and templates."""
    return {f.key: f for f in fields}


POST_SCHEMA = _schema(
    Field("title", "tiêu đề", text, required=True),
    Field("date", "ngày đăng", instant, required=True),
    # A correction of a published post: the feeds' «updated» moves, so the province's portal takes it.
    Field("updated", "ngày giờ cập nhật", instant),
    Field("summary", "sapo, tóm tắt", text),
    Field("author", "tác giả", text),
    Field("category", "chuyên mục", configured("categories", "Chuyên mục", "categories"), required=True),
    Field("cchc", "lĩnh vực cải cách hành chính", configured_list("cchc_areas", "Lĩnh vực CCHC", "cchc_areas")),
    Field("channels", "kênh tuyên truyền", configured_list("channels", "Kênh tuyên truyền", "channels")),
    Field("tags", "từ khóa", lines),
    Field("image", "ảnh bìa", text),
    Field("image_alt", "mô tả ảnh bìa", text),
    Field("featured", "tin nổi bật", flag),
    Field("draft", "bản nháp", flag),
    Field("slug", "đường dẫn", slug),
    Field("aliases", "địa chỉ cũ", site_paths),
    Field("id", "mã định danh cố định", text),
)

DOCUMENT_STATUSES = {
    "hieu-luc": "Còn hiệu lực",
    "het-hieu-luc": "Hết hiệu lực",
    "thay-the": "Đã được thay thế",
}

DOCUMENT_SCHEMA = _schema(
    Field("kind", "loại văn bản", configured("document_kinds", "Loại văn bản", "document_kinds"), required=True),
    Field("number", "số, ký hiệu", text, required=True, blank_ok=True),
    Field("issued", "ngày ban hành", day, required=True),
    Field("title", "trích yếu", text, required=True),
    Field("summary", "tóm tắt", text),
    Field("issuer", "cơ quan ban hành", text),
    Field("issuer_parent", "cơ quan chủ quản", text),
    Field("place", "địa danh", text),
    Field("signer", "người ký", text),
    Field("signer_title", "chức vụ người ký", text),
    Field("recipients", "nơi nhận", lines),
    Field("bases", "căn cứ", lines),
    Field("attachments", "tệp đính kèm", file_list),
    Field("cchc", "lĩnh vực cải cách hành chính", configured_list("cchc_areas", "Lĩnh vực CCHC", "cchc_areas")),
    Field("status", "hiệu lực", one_of(DOCUMENT_STATUSES)),
    Field("replaced_by", "văn bản thay thế", text),
    Field("updated", "ngày cập nhật", day),
    Field("tasks", "nhiệm vụ", tasks),
    Field("draft", "bản nháp", flag),
    Field("slug", "đường dẫn", slug),
    Field("aliases", "địa chỉ cũ", site_paths),
)

ONLINE_LEVELS = {
    "toan-trinh": "Toàn trình",
    "mot-phan": "Một phần",
    "khong": "Trực tiếp",
}

PROCEDURE_STATUSES = {
    "hien-hanh": "Hiện hành",
    "sua-doi": "Sửa đổi, bổ sung",
    "bai-bo": "Bãi bỏ",
}

PROCEDURE_SCHEMA = _schema(
    Field("code", "mã thủ tục", code, required=True),
    Field("title", "tên thủ tục", text, required=True),
    Field("field", "lĩnh vực", configured("tthc_fields", "Lĩnh vực", "tthc_fields"), required=True),
    Field("level", "cấp thực hiện", text),
    Field("agency", "cơ quan thực hiện", text),
    Field("steps", "trình tự thực hiện", lines),
    Field("methods", "cách thức thực hiện", lines),
    Field("dossier", "thành phần hồ sơ", lines),
    Field("processing_time", "thời hạn giải quyết", text),
    Field("fees", "phí, lệ phí", text),
    Field("forms", "biểu mẫu", file_list),
    Field("requirements", "yêu cầu, điều kiện", lines),
    Field("legal_basis", "căn cứ pháp lý", lines),
    Field("result", "kết quả", text),
    Field("online", "mức độ trực tuyến", one_of(ONLINE_LEVELS)),
    Field("dvc_url", "địa chỉ nộp hồ sơ trực tuyến", url),
    Field("decision", "quyết định công bố", text),
    Field("status", "tình trạng", one_of(PROCEDURE_STATUSES)),
    Field("change_decision", "quyết định sửa đổi, bãi bỏ", text),
    Field("change_note", "nội dung thay đổi", text),
    Field("updated", "ngày cập nhật", day),
    Field("draft", "bản nháp", flag),
    Field("slug", "đường dẫn", slug),
    Field("aliases", "địa chỉ cũ", site_paths),
)
