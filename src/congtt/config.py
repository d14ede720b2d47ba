"""The engine's settings: a typed MkDocs ``Config`` schema under the plugin entry.

The commune's identity, its vocabularies (news categories, CCHC areas, TTHC
fields, document kinds) and the URL shapes live in ``mkdocs.yml`` so that
another commune changes configuration, not code.
"""

from __future__ import annotations

from pathlib import Path

import re
import string
from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig


class Count(c.BaseConfigOption[int]):
    """A whole number from ``minimum`` up (items per page, feed size, a limit), told in Vietnamese."""

    def __init__(self, default: int, minimum: int = 1) -> None:
        super().__init__()
        self.default, self.minimum = default, minimum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise ValidationError(f"«{value}» không dùng được: cần một số nguyên từ {self.minimum} trở lên, ví dụ {self.default}.")
        return value


class UrlFormat(c.BaseConfigOption[str]):
    """The address pattern of one content kind: relative to the site, ending with ``/``, naming the
    item's ``{slug}`` (or two items would share a page), with only the placeholders that kind has."""

    def __init__(self, default: str, fields: tuple[str, ...]) -> None:
        super().__init__()
        self.default, self.fields = default, fields

    def run_validation(self, value: object) -> str:
        text = value if isinstance(value, str) else ""
        shown = ", ".join(f"{{{name}}}" for name in self.fields)
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError:
            used = {"{"}
        if (not text.endswith("/") or text.startswith("/") or ".." in text.split("/") or "slug" not in used
                or not used <= set(self.fields)):
            raise ValidationError(
                f"«{value}» không dùng được: cần một đường dẫn tính từ gốc Cổng, kết thúc bằng «/», có {{slug}}, "
                f"chỉ dùng {shown}; ví dụ «{self.default}».")
        return text


_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")


class DayMonth(c.BaseConfigOption[str]):
    """A reporting period's cutoff day, ``dd/mm``, a day every year has (29/02 is the end of February)."""

    def run_validation(self, value: object) -> str:
        match = _DAY_MONTH.fullmatch(value) if isinstance(value, str) else None
        try:
            if match is None:
                raise ValueError
            date(2024, int(match[2]), int(match[1]))
        except ValueError:
            raise ValidationError(f"«{value}» không phải ngày/tháng có thật. Viết dạng ngày/tháng, ví dụ «15/12».") from None
        return value


class Term(base.Config):
    """A configured vocabulary entry: a stable slug and its Vietnamese name."""

    slug = c.Type(str)
    name = c.Type(str)


class DocumentKind(Term):
    """A document kind with the symbol used in its numbers (KH, BC, QĐ …)."""

    symbol = c.Type(str, default="")


class Leader(base.Config):
    """A member of the commune's leadership, shown on the organisation page."""

    name = c.Type(str)
    role = c.Type(str)
    phone = c.Type(str, default="")
    email = c.Type(str, default="")
    duties = c.Type(str, default="")


class Commune(base.Config):
    """Who publishes the portal: the identity a state portal must show."""

    name = c.Type(str)
    authority = c.Type(str)
    province = c.Type(str)
    place = c.Type(str, default="")
    address = c.Type(str)
    phone = c.Type(str)
    email = c.Type(str)
    hotline = c.Type(str, default="")
    one_stop_address = c.Type(str, default="")
    one_stop_hours = c.Type(str)
    managing_body = c.Type(str, default="")
    responsible_person = c.Type(str, default="")
    # Where citizens send feedback on regulations and procedures: the national system by default
    # (Nghị định 20/2008 Điều 13), never a form that goes nowhere.
    feedback_url = c.Type(str, default="https://dichvucong.gov.vn/p/home/dvc-phan-anh-kien-nghi.html")
    national_portal_url = c.Type(str, default="https://dichvucong.gov.vn/")
    # The emblem or logo on the banner and as the favicon: a file under docs_dir (SVG or PNG);
    # empty means congtt's own neutral emblem, so that no portal wears Material's icon.
    emblem = c.Type(str, default="")
    leaders = c.ListOfItems(c.SubConfig(Leader), default=[])


DEFAULT_CATEGORIES = [
    {"slug": "tin-hoat-dong", "name": "Tin hoạt động"},
    {"slug": "cai-cach-hanh-chinh", "name": "Cải cách hành chính"},
    {"slug": "thong-bao", "name": "Thông báo"},
]

DEFAULT_CCHC_AREAS = [
    {"slug": "chi-dao-dieu-hanh", "name": "Công tác chỉ đạo, điều hành CCHC"},
    {"slug": "the-che", "name": "Cải cách thể chế"},
    {"slug": "tthc", "name": "Cải cách thủ tục hành chính"},
    {"slug": "to-chuc-bo-may", "name": "Cải cách tổ chức bộ máy"},
    {"slug": "cong-vu", "name": "Cải cách chế độ công vụ"},
    {"slug": "tai-chinh-cong", "name": "Cải cách tài chính công"},
    {"slug": "chinh-quyen-so", "name": "Xây dựng chính quyền điện tử, chính quyền số"},
]

DEFAULT_CHANNELS = [
    {"slug": "portal", "name": "Cổng thông tin điện tử"},
    {"slug": "radio", "name": "Đài truyền thanh"},
    {"slug": "conference", "name": "Hội nghị"},
    {"slug": "bulletin", "name": "Bản tin, pa-nô, áp phích"},
    {"slug": "social", "name": "Mạng xã hội (Zalo, Facebook)"},
]

DEFAULT_TTHC_FIELDS = [
    {"slug": "ho-tich", "name": "Hộ tịch"},
    {"slug": "chung-thuc", "name": "Chứng thực"},
]

DEFAULT_DOCUMENT_KINDS = [
    {"slug": "ke-hoach", "name": "Kế hoạch", "symbol": "KH"},
    {"slug": "bao-cao", "name": "Báo cáo", "symbol": "BC"},
    {"slug": "quyet-dinh", "name": "Quyết định", "symbol": "QĐ"},
    {"slug": "cong-van", "name": "Công văn", "symbol": ""},
    {"slug": "thong-bao", "name": "Thông báo", "symbol": "TB"},
    {"slug": "to-trinh", "name": "Tờ trình", "symbol": "TTr"},
    {"slug": "nghi-quyet", "name": "Nghị quyết", "symbol": "NQ"},
    {"slug": "huong-dan", "name": "Hướng dẫn", "symbol": "HD"},
    {"slug": "chuong-trinh", "name": "Chương trình", "symbol": "CTr"},
]


class ReportingPeriodRule(base.Config):
    """A reporting period's cutoff days (``dd/mm``) and label; ``{year}`` in the label is the year.

    The period ends on ``end`` of the year asked for and starts on ``start`` of
    that year, or of the previous one when ``start`` comes after ``end`` (15/12 – 14/3).
    """

    slug = c.Type(str)
    label = c.Type(str)
    start = DayMonth()
    end = DayMonth()


# The data cutoffs of the commune's reports (SPEC section 4): 15th of the month before to the 14th.
DEFAULT_PERIODS = [
    {"slug": "q1", "label": "Quý I năm {year}", "start": "15/12", "end": "14/03"},
    {"slug": "q2", "label": "Quý II năm {year}", "start": "15/03", "end": "14/06"},
    {"slug": "q3", "label": "Quý III năm {year}", "start": "15/06", "end": "14/09"},
    {"slug": "q4", "label": "Quý IV năm {year}", "start": "15/09", "end": "14/12"},
    {"slug": "6t", "label": "6 tháng đầu năm {year}", "start": "15/12", "end": "14/06"},
    {"slug": "9t", "label": "9 tháng năm {year}", "start": "15/12", "end": "14/09"},
    {"slug": "nam", "label": "Năm {year}", "start": "15/12", "end": "14/12"},
]


# What citizens type for a procedure, under the words the procedure's page uses: a page with the words on
# the left is also found by the phrases on the right (search.py adds them to its index entry).
DEFAULT_SEARCH_SYNONYMS = {
    "giấy chứng nhận quyền sử dụng đất": ["sổ đỏ", "sổ hồng", "bìa đỏ"],
    "chứng thực": ["công chứng"],
    "khai sinh": ["giấy khai sinh", "làm khai sinh"],
    "khai tử": ["báo tử", "giấy chứng tử"],
    "xác nhận tình trạng hôn nhân": ["giấy độc thân", "xác nhận độc thân"],
    "trích lục hộ tịch": ["bản sao giấy khai sinh", "bản sao giấy kết hôn"],
    "căn cước": ["chứng minh nhân dân", "cmnd", "cccd"],
    "cư trú": ["hộ khẩu", "tạm trú", "tạm vắng"],
    "trợ cấp xã hội": ["tiền trợ cấp", "lương hưu xã hội"],
}


class CongttConfig(base.Config):
    """Settings of the ``congtt`` plugin, grouped by prefix like Material's blog plugin."""

    commune = c.SubConfig(Commune)

    news_dir = c.Type(str, default="news")
    plans_dir = c.Type(str, default="plans")
    tthc_dir = c.Type(str, default="tthc")

    categories = c.ListOfItems(c.SubConfig(Term), default=DEFAULT_CATEGORIES)
    cchc_areas = c.ListOfItems(c.SubConfig(Term), default=DEFAULT_CCHC_AREAS)
    channels = c.ListOfItems(c.SubConfig(Term), default=DEFAULT_CHANNELS)
    tthc_fields = c.ListOfItems(c.SubConfig(Term), default=DEFAULT_TTHC_FIELDS)
    document_kinds = c.ListOfItems(c.SubConfig(DocumentKind), default=DEFAULT_DOCUMENT_KINDS)
    periods = c.ListOfItems(c.SubConfig(ReportingPeriodRule), default=DEFAULT_PERIODS)

    post_url_format = UrlFormat("tin-tuc/{yyyy}/{mm}/{slug}/", ("yyyy", "mm", "dd", "slug"))
    document_url_format = UrlFormat("van-ban/{yyyy}/{slug}/", ("yyyy", "slug", "kind"))
    procedure_url_format = UrlFormat("thu-tuc-hanh-chinh/{field}/{code}-{slug}/", ("field", "code", "slug"))
    pagination_per_page = Count(20)
    feed_size = Count(50)
    # The largest a feed file may be: past it the oldest items are left out (documents with their full
    # text reach 2 MB at 50 items, which aggregators time out on or refuse).
    feed_max_kb = Count(1000)
    # Where the feeds' guids (tag URIs) are minted: «host» or «host/path», by default site_url's. When the
    # portal moves to another address (a commune merger), write the old one here: aggregators then keep
    # every item's identity instead of showing the whole portal as new.
    guid_authority = c.Type(str, default="")
    search_synonyms = c.DictOfItems(c.ListOfItems(c.Type(str)), default=DEFAULT_SEARCH_SYNONYMS)

    image_max_pixels = Count(50_000_000)
    # Hosts whose HTTPS pages a body may embed in an <iframe> (a video site, a map); none by default.
    embed_hosts = c.ListOfItems(c.Type(str), default=[])


def names(terms: list[Term]) -> dict[str, str]:
    """Map each configured slug to its Vietnamese name, in configured order."""
    return {term.slug: term.name for term in terms}


def plugin_settings(config: MkDocsConfig) -> CongttConfig:
    """Return the validated ``congtt`` settings of a loaded MkDocs configuration."""
    return config.plugins["congtt"].config


def repository_root(config: MkDocsConfig) -> Path:
    """The folder holding ``mkdocs.yml``: content folders are relative to it."""
    return Path(config.config_file_path).resolve().parent
