"""The Decap CMS configuration, generated from ``mkdocs.yml`` and the engine's schemas.

The editor must offer exactly what ``congtt check`` accepts: every field comes
from ``POST_SCHEMA``, ``DOCUMENT_SCHEMA`` and ``PROCEDURE_SCHEMA``, every select
from the configured vocabularies, so a category added to ``mkdocs.yml`` appears
in the editor with no code change. Checked against decap-cms 3.16.3
(decap-cms-core 3.19.1, decap-cms-widget-datetime 3.6.2).

Slugs. ``slug: {encoding: ascii, clean_accents: true, sanitize_replacement: "-"}``
makes Decap's file names agree with ``congtt.text.slugify`` for Vietnamese
titles: «Đăng ký khai sinh» → ``dang-ky-khai-sinh`` (the ``diacritics`` package
maps «đ» to «d» as ``fold`` does). Decap differs in a few corners: it keeps
``_`` and ``~`` (the engine makes them ``-``), deletes an apostrophe instead
of replacing it (``don't`` → ``dont``, engine ``don-t``), turns every ``.`` of
a template value into ``-`` (a procedure code ``1.001193`` becomes
``1-001193`` in the file name; the page URL keeps the ``code`` key) and does
not cut long slugs (the engine cuts a post's slug at 80 characters).

Dates in file names. Decap fills ``{{year}}``, ``{{month}}``, ``{{day}}`` of a
``path`` template by ``dayjs(value)`` of the field named ``date``, which reads
«05/06/2025» month-first (as 6 May), finds «15/06/2025» invalid and then uses
the current time, and takes the UTC day. The date prefix of a new post's file
name can therefore differ from its ``date``; the engine ignores that prefix
(the URL comes from ``date``), but a server wanting tidy names should rename a
new post from its ``date``. Documents have no ``date`` field, so their year
folder is the year the entry was created.

Dates in fields. The datetime widget with ``format: "DD/MM/YYYY HH:mm"``
writes ``dayjs(input, "YYYY-MM-DDTHH:mm").format(format)``, i.e.
``15/06/2025 08:30``, and reads existing values back with the same format;
a ``day`` field (``time_format: false``) writes ``15/06/2025``. ``format`` is
what matters: without it the widget joins ``date_format`` and ``time_format``
with a «T» (``15/06/2025T08:30``), which the engine refuses. Values are the
wall-clock time typed, read by the engine as Vietnam time.

Media. Photos go beside the entry, as in the repository: a relative
``media_folder`` is joined to the entry's folder by Decap, so a post's cover is
saved in ``news/2026/anh/`` and written ``image: anh/x.jpg``; procedure forms go
to ``bieu-mau/`` beside the procedure; document attachments beside the document.

Fields not in the schema stay untouched: Decap keeps front-matter keys it has no
field for (``slug``, ``id``, a page's ``template``) when it saves.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ..config import CongttConfig, names
from ..schema import (
    DOCUMENT_SCHEMA,
    POST_SCHEMA,
    PROCEDURE_SCHEMA,
    TASK_FIELDS,
    TASK_STATUSES,
    _CODE,
    Field,
)

DATETIME = {"widget": "datetime", "format": "DD/MM/YYYY HH:mm", "date_format": "DD/MM/YYYY", "time_format": "HH:mm"}
DAY = {"widget": "datetime", "format": "DD/MM/YYYY", "date_format": "DD/MM/YYYY", "time_format": False}

# Keys fixing a URL: Decap's own slug names the file, and an edited slug would break links.
OMITTED = frozenset({"slug", "id", "aliases"})

# Keys whose text runs to sentences or paragraphs: a text area instead of a one-line input.
LONG = frozenset({
    "summary", "processing_time", "fees", "result", "decision", "change_decision", "change_note",
    "steps", "methods", "dossier", "requirements", "legal_basis", "bases",
})

HINTS = {
    # The browser draws this picker in its own language: an English one puts the month first.
    "date": "Chọn ngày giờ đăng, giờ Việt Nam. Trình duyệt để tiếng Anh hiện tháng trước ngày "
    "(12/03/2026 là ngày 3 tháng 12); khung xem trước bên phải luôn ghi ngày trước, tháng sau. "
    "Ngày giờ trong tương lai là tin hẹn giờ: tin tự hiện lên Cổng khi đến giờ.",
    "image": "Ảnh được lưu cạnh bài viết, trong thư mục «anh».",
    "image_alt": "Bắt buộc khi có ảnh bìa: tả ngắn gọn nội dung ảnh cho người khiếm thị.",
    "draft": "Bản nháp không hiện trên Cổng, kể cả khi đã xuất bản.",
    "number": "Để trống nếu văn bản không có số.",
    "forms": "Tệp biểu mẫu được lưu trong thư mục «bieu-mau» cạnh thủ tục.",
    "attachments": "Tệp đính kèm được lưu cạnh văn bản.",
}

CODE_HINT = (
    "Mã thủ tục theo Cơ sở dữ liệu quốc gia về thủ tục hành chính, "
    "ví dụ 1.001193 hoặc 1.001193.000.00.00.H12."
)
URL_HINT = "Địa chỉ web phải bắt đầu bằng https:// hoặc http://."

# Decap's commit messages, in Vietnamese: they are the portal's history (``git log``).
COMMIT_MESSAGES = {
    "create": "Tạo {{collection}} «{{slug}}»",
    "update": "Sửa {{collection}} «{{slug}}»",
    "delete": "Xóa {{collection}} «{{slug}}»",
    "uploadMedia": "Tải lên «{{path}}»",
    "deleteMedia": "Xóa tệp «{{path}}»",
}

# Characters with a meaning in a JavaScript regular expression.
_REGEX_SPECIAL = re.compile(r"[.*+?^${}()|[\]\\/]")


def decap_config(
    settings: CongttConfig,
    *,
    proxy_url: str = "/api/v1",
    branch: str = "main",
    site_url: str = "",
    docs_dir: str = "content",
) -> dict[str, Any]:
    """The whole configuration Decap starts with (the editor page carries it).

    ``docs_dir`` is the MkDocs ``docs_dir`` relative to the repository (MkDocs
    itself stores it absolute): the static pages live there.
    """
    config: dict[str, Any] = {
        "backend": {"name": "proxy", "proxy_url": proxy_url, "branch": branch},
        "publish_mode": "editorial_workflow",
        "locale": "vi",
        "show_preview_links": True,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "commit_messages": COMMIT_MESSAGES,
        "media_folder": f"{docs_dir.strip('/')}/anh",
        "public_folder": "/anh",
        "collections": [
            news_collection(settings),
            documents_collection(settings),
            procedures_collection(settings),
            pages_collection(docs_dir),
        ],
    }
    if site_url:
        config["site_url"] = site_url
    return config


def news_collection(settings: CongttConfig) -> dict[str, Any]:
    """Posts: ``news/<year>/<year>-<month>-<day>-<slug>.md``, photos in ``anh/`` beside them."""
    return {
        **_folder("news", settings.news_dir, "Tin bài", "tin bài"),
        "description": "Tin tức, thông báo đăng trên Cổng. Tin mới được Ban biên tập duyệt trước khi xuất bản.",
        "path": "{{year}}/{{year}}-{{month}}-{{day}}-{{slug}}",
        "media_folder": "anh",
        "public_folder": "anh",
        "summary": "{{title}} ({{date}})",
        "sortable_fields": ["title", "category", "author"],
        "view_filters": [
            *_value_filters("category", names(settings.categories)),
            {"label": "Tin nổi bật", "field": "featured", "pattern": True},
            {"label": "Bản nháp", "field": "draft", "pattern": True},
        ],
        "view_groups": [
            {"label": "Chuyên mục", "field": "category"},
            {"label": "Năm", "field": "date", "pattern": r"\d{4}"},
        ],
        "fields": [*schema_fields(POST_SCHEMA, settings), body()],
    }


def documents_collection(settings: CongttConfig) -> dict[str, Any]:
    """Plans, reports, decisions: ``plans/<year>/<slug>.md``, attachments beside them."""
    return {
        **_folder("documents", settings.plans_dir, "Văn bản", "văn bản"),
        "description": "Kế hoạch, báo cáo, quyết định và các văn bản khác của Ủy ban nhân dân.",
        "path": "{{year}}/{{slug}}",
        "media_folder": "",
        "public_folder": "",
        "summary": "{{title}} ({{issued}})",
        "sortable_fields": ["title", "kind", "number"],
        "view_filters": _value_filters("kind", names(settings.document_kinds)),
        "view_groups": [
            {"label": "Loại văn bản", "field": "kind"},
            {"label": "Năm ban hành", "field": "issued", "pattern": r"\d{4}"},
        ],
        "fields": [*schema_fields(DOCUMENT_SCHEMA, settings), body()],
    }


def procedures_collection(settings: CongttConfig) -> dict[str, Any]:
    """Administrative procedures: ``tthc/<field>/<code>-<slug>.md``, forms in ``bieu-mau/``."""
    return {
        **_folder("procedures", settings.tthc_dir, "Thủ tục hành chính", "thủ tục hành chính"),
        "description": "Thủ tục hành chính cấp xã, theo lĩnh vực.",
        "path": "{{field}}/{{code}}-{{slug}}",
        "media_folder": "anh",
        "public_folder": "anh",
        "summary": "{{code}} — {{title}}",
        "sortable_fields": ["code", "title", "field"],
        "view_filters": _value_filters("field", names(settings.tthc_fields)),
        "view_groups": [
            {"label": "Lĩnh vực", "field": "field"},
            {"label": "Tình trạng", "field": "status"},
        ],
        "fields": [*schema_fields(PROCEDURE_SCHEMA, settings), body()],
    }


def pages_collection(docs_dir: str) -> dict[str, Any]:
    """The static pages: edited in place, never created or deleted from the editor.

    The raw Markdown mode comes first because these pages use MkDocs syntax
    (admonitions, attribute lists) that the rich-text mode does not keep.
    """
    return {
        **_folder("pages", docs_dir.strip("/"), "Trang tĩnh", "trang"),
        "description": "Các trang cố định như Giới thiệu, Liên hệ. Không tạo hay xóa trang ở đây.",
        "create": False,
        "delete": False,
        "media_folder": "anh",
        "public_folder": "anh",
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "fields": [
            {"label": "Tiêu đề", "name": "title", "widget": "string", "required": True},
            {**body(), "modes": ["raw", "rich_text"]},
        ],
    }


def body() -> dict[str, Any]:
    """The Markdown body every collection ends with; a fresh dict so YAML output has no aliases."""
    return {"label": "Nội dung", "name": "body", "widget": "markdown", "required": False, "sanitize_preview": True}


def _folder(name: str, folder: str, label: str, singular: str) -> dict[str, Any]:
    """What every collection shares: a folder of Markdown files with YAML front matter, new entries allowed.

    Decap offers no «new entry» button without ``create: true``.
    """
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "folder": folder,
        "format": "frontmatter",
        "extension": "md",
        "create": True,
    }


def _value_filters(field: str, options: dict[str, str]) -> list[dict[str, Any]]:
    """One list filter per configured value, so new vocabulary entries get theirs too."""
    return [{"label": label, "field": field, "pattern": f"^{_literal(value)}$"} for value, label in options.items()]


def _literal(text: str) -> str:
    """``text`` as a JavaScript regular expression matching it literally."""
    return _REGEX_SPECIAL.sub(lambda match: "\\" + match.group(), text)


def schema_fields(schema: dict[str, Field], settings: CongttConfig) -> list[dict[str, Any]]:
    """Decap fields for a schema, in the schema's order, without the URL-fixing keys."""
    return [schema_field(field, settings) for key, field in schema.items() if key not in OMITTED]


def schema_field(field: Field, settings: CongttConfig) -> dict[str, Any]:
    """One Decap field: its widget from the converter, label, requirement and hint."""
    widget = _WIDGETS[converter_name(field.convert)](field, settings)
    entry = {"label": capitalised(field.label), "name": field.key, **widget}
    entry["required"] = field.required and not field.blank_ok
    if field.blank_ok:
        # Written even when blank: the engine requires the key, not a value.
        entry["default"] = ""
    if field.key in HINTS:
        entry["hint"] = HINTS[field.key]
    return entry


def converter_name(convert: Callable[..., Any]) -> str:
    """The schema function that made a converter (``configured`` for its inner ``convert``)."""
    return convert.__qualname__.split(".")[0]


def captured(convert: Callable[..., Any]) -> dict[str, Any]:
    """The values a converter closure captured (the vocabulary name, the options).

    schema.py builds converters as closures; reading what they captured keeps
    the schema the one place a vocabulary or option list is named.
    """
    cells = convert.__closure__ or ()
    return {name: cell.cell_contents for name, cell in zip(convert.__code__.co_freevars, cells)}


def capitalised(label: str) -> str:
    """``tiêu đề`` → ``Tiêu đề``: the schema's labels are written for sentences."""
    return label[:1].upper() + label[1:]


def _text(field: Field, settings: CongttConfig) -> dict[str, Any]:
    if field.key == "image":
        return {"widget": "image", "choose_url": False}
    return {"widget": "text" if field.key in LONG else "string"}


def _lines(field: Field, settings: CongttConfig) -> dict[str, Any]:
    item = "text" if field.key in LONG else "string"
    return {"widget": "list", "field": {"label": capitalised(field.label), "name": "item", "widget": item}}


def _flag(field: Field, settings: CongttConfig) -> dict[str, Any]:
    return {"widget": "boolean"}


def _instant(field: Field, settings: CongttConfig) -> dict[str, Any]:
    # {{now}} is replaced by the widget when the editor opens a new entry.
    return {**DATETIME, "default": "{{now}}"} if field.required else dict(DATETIME)


def _day(field: Field, settings: CongttConfig) -> dict[str, Any]:
    return dict(DAY)


def _code(field: Field, settings: CongttConfig) -> dict[str, Any]:
    return {"widget": "string", "pattern": [_CODE.pattern, CODE_HINT], "hint": CODE_HINT}


def _url(field: Field, settings: CongttConfig) -> dict[str, Any]:
    return {"widget": "string", "pattern": ["^https?://", URL_HINT], "hint": URL_HINT}


def _configured(field: Field, settings: CongttConfig) -> dict[str, Any]:
    return {"widget": "select", "options": _options(names(getattr(settings, captured(field.convert)["vocabulary"])))}


def _configured_list(field: Field, settings: CongttConfig) -> dict[str, Any]:
    return {**_configured(field, settings), "multiple": True}


def _one_of(field: Field, settings: CongttConfig) -> dict[str, Any]:
    return {"widget": "select", "options": _options(captured(field.convert)["options"])}


def _file_list(field: Field, settings: CongttConfig) -> dict[str, Any]:
    """``- file: x.pdf`` with a ``title``: the mapping shape of ``schema.file_list``.

    The bare-string shape the engine also accepts would show as an empty row,
    so the editor always writes mappings (as every file in the repository does).
    """
    file = {"label": "Tệp", "name": "file", "widget": "file", "required": True, "choose_url": False}
    if field.key == "forms":
        file.update(media_folder="bieu-mau", public_folder="bieu-mau")
    title = {"label": "Tên tệp", "name": "title", "widget": "string", "required": False}
    return {"widget": "list", "label_singular": "tệp", "summary": "{{fields.title}}", "fields": [file, title]}


def _tasks(field: Field, settings: CongttConfig) -> dict[str, Any]:
    """A plan's tasks: the keys of ``TASK_FIELDS``, a status from ``TASK_STATUSES``."""
    subfields = {
        "content": {"widget": "text", "required": True},
        "lead": {"widget": "string", "required": False},
        "deadline": {
            "widget": "string",
            "required": False,
            "hint": "Ghi ngày trước, tháng sau (30/06/2025) hoặc một mốc như «Thường xuyên», «Quý III».",
        },
        "output": {"widget": "string", "required": False},
        "status": {"widget": "select", "required": False, "options": _options(TASK_STATUSES)},
    }
    return {
        "widget": "list",
        "label_singular": "nhiệm vụ",
        "summary": "{{fields.content}}",
        "fields": [{"label": capitalised(label), "name": key, **subfields[key]} for key, label in TASK_FIELDS.items()],
    }


def _options(options: dict[str, str]) -> list[dict[str, str]]:
    """Select options: the Vietnamese name shown, the slug written."""
    return [{"label": label, "value": value} for value, label in options.items()]


_WIDGETS: dict[str, Callable[[Field, CongttConfig], dict[str, Any]]] = {
    "text": _text,
    "lines": _lines,
    "flag": _flag,
    "instant": _instant,
    "day": _day,
    "code": _code,
    "url": _url,
    "configured": _configured,
    "configured_list": _configured_list,
    "one_of": _one_of,
    "file_list": _file_list,
    "tasks": _tasks,
}
