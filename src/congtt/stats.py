"""Propagation statistics for the CCHC report: what the portal published in a reporting period.

Each quarter, half-year and year the commune reports its CCHC propagation work
("Trong 6 tháng đầu năm 2023, đã có trên 196 tin bài về CCHC được đăng tải").
Periods follow the reports' data cutoffs (15th of the month before to the 14th),
configured under ``periods``. Counting works on the loaded models, without a
MkDocs build, in linear time; only what is published at
``now`` counts (SPEC section 6: no draft or scheduled post in statistics).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Iterable

from . import dates
from .config import CongttConfig, ReportingPeriodRule, names
from .model import Portal, Post, Procedure
from .text import fold
from .errors import CongttError

# A period name, a hyphen and a year: ``q1-2023``, ``6t-2023``; slugs may hold hyphens too.
_PERIOD = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]*?)-(?P<year>[12]\d{3})$")

# Slugs of the configured periods that make up the year, for the statistics page.
QUARTERS = ("q1", "q2", "q3", "q4")
WHOLE_YEAR = "nam"

# Where the public statistics page and its chart (``.svg`` and ``.png``) are published.
PAGE_URL = "thong-ke/"
CHART_STEM = f"{PAGE_URL}cchc-theo-thang"

NO_AUTHOR = "Không ghi tác giả"

# What a procedure's status means for the report, counted when its ``updated``
# day falls in the period: a current (hien-hanh) procedure updated in the period
# was published (công bố mới); sua-doi was amended (sửa đổi, bổ sung); bai-bo was
# abolished (bãi bỏ). ``updated`` is the day the entry last changed, so staff
# should move it only for a real change, not for a typo fix.
PROCEDURE_CHANGES = {"hien-hanh": "published", "sua-doi": "amended", "bai-bo": "abolished"}


class PeriodError(CongttError, ValueError):
    """A requested or configured period that cannot be used; the message is Vietnamese."""


@dataclass(frozen=True)
class ReportingPeriod:
    """A reporting period: whole days in Vietnam time, first and last included, and its label."""

    code: str
    label: str
    start: date
    end: date
    custom: bool = False

    @property
    def lead(self) -> str:
        """How the report's sentence opens: ``Trong 6 tháng đầu năm 2023``."""
        if self.custom:
            return self.label
        return f"Trong {sentence_case(self.label)}"

    @property
    def cutoff(self) -> str:
        """The data cutoff as reports state it: ``từ ngày 15/12/2022 đến ngày 14/06/2023``."""
        return f"từ ngày {dates.format_day(self.start)} đến ngày {dates.format_day(self.end)}"

    def instants(self) -> tuple[datetime, datetime]:
        """The first instant of the period and the first one after it, in Vietnam time."""
        first = datetime.combine(self.start, time(), dates.VIETNAM)
        after = datetime.combine(self.end + timedelta(days=1), time(), dates.VIETNAM)
        return first, after

    def months(self) -> list[str]:
        """Every month the period touches, as ``YYYY-MM``, oldest first."""
        year, month, found = self.start.year, self.start.month, []
        while (year, month) <= (self.end.year, self.end.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def sentence_case(text: str) -> str:
    """Lower the first letter so a name reads inside a sentence; acronyms stay as they are."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def month_name(key: str) -> str:
    """``2023-01`` → ``Tháng 01/2023``."""
    year, month = key.split("-")
    return f"Tháng {month}/{year}"


def named_period(settings: CongttConfig, slug: str, year: int) -> ReportingPeriod:
    """The configured period ``slug`` of ``year``; it starts in the previous year when its start day comes after its end day."""
    rules = {rule.slug: rule for rule in settings.periods}
    if slug not in rules:
        known = ", ".join(f"{s}-{year}" for s in rules)
        raise PeriodError(f"Không có kỳ báo cáo «{slug}-{year}». Các kỳ đã cấu hình: {known}.")
    rule = rules[slug]
    first, last = _day_month(rule, "start"), _day_month(rule, "end")
    end = _on(year, last)
    start = _on(year if first <= last else year - 1, first)
    return ReportingPeriod(f"{slug}-{year}", rule.label.replace("{year}", str(year)), start, end)


def _day_month(rule: ReportingPeriodRule, key: str) -> tuple[int, int]:
    """Read a rule's ``dd/mm`` (a real day: ``config.DayMonth`` checked it when the settings loaded) as
    (month, day), so that tuples compare in calendar order."""
    day, month = getattr(rule, key).split("/")
    return int(month), int(day)


def _on(year: int, month_day: tuple[int, int]) -> date:
    """The day in ``year``; 29/02 becomes 28/02 in a common year."""
    month, day = month_day
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def parse_period(text: str, settings: CongttConfig) -> ReportingPeriod:
    """Read ``--period`` such as ``q1-2023``, ``6t-2023`` or ``nam-2023``."""
    found = _PERIOD.match(text.strip().lower())
    if not found:
        examples = ", ".join(f"{rule.slug}-2023" for rule in settings.periods)
        raise PeriodError(f"Không hiểu kỳ báo cáo «{text}». Viết tên kỳ, dấu gạch ngang rồi năm, ví dụ: {examples}.")
    return named_period(settings, found["slug"], int(found["year"]))


def custom_period(first_text: str, last_text: str) -> ReportingPeriod:
    """An explicit range of days; a timestamp with another offset is read in Vietnam time first."""
    first = dates.day_argument(first_text, "--from", "15/12/2022")
    last = dates.day_argument(last_text, "--to", "15/12/2022")
    if first > last:
        raise PeriodError(
            f"Ngày bắt đầu {dates.format_day(first)} (--from) nằm sau ngày kết thúc "
            f"{dates.format_day(last)} (--to)."
        )
    label = f"Từ ngày {dates.format_day(first)} đến ngày {dates.format_day(last)}"
    return ReportingPeriod(f"{first:%Y-%m-%d}-den-{last:%Y-%m-%d}", label, first, last, custom=True)


def choose_period(
    settings: CongttConfig, period: str | None, first: str | None, last: str | None
) -> ReportingPeriod:
    """The period asked for on the command line: a named one or an explicit range, not both."""
    if period and (first or last):
        raise PeriodError("Chọn một trong hai: --period, hoặc --from cùng --to; không dùng cả hai.")
    if period:
        return parse_period(period, settings)
    if first and last:
        return custom_period(first, last)
    if first or last:
        raise PeriodError("Khoảng thời gian cần cả --from và --to, ví dụ: --from 15/12/2022 --to 14/06/2023.")
    raise PeriodError(
        "Hãy chọn kỳ báo cáo bằng --period (ví dụ 6t-2023) hoặc khoảng ngày bằng --from 15/12/2022 --to 14/06/2023."
    )


@dataclass
class Tally:
    """Items counted under each key of a breakdown: all of them and the CCHC ones."""

    names: dict[str, str]
    total: Counter = field(default_factory=Counter)
    cchc: Counter = field(default_factory=Counter)

    def add(self, key: str, is_cchc: bool) -> None:
        """Count one item under ``key``."""
        self.total[key] += 1
        if is_cchc:
            self.cchc[key] += 1

    def add_all(self, keys: Iterable[str], cchc_keys: Iterable[str]) -> None:
        """Count many items at once: every item's key, and the keys of the CCHC ones."""
        self.total.update(keys)
        self.cchc.update(cchc_keys)

    def rows(self) -> list[tuple[str, str, int, int]]:
        """(key, name, count, CCHC count) in display order; keys met but not named come last."""
        keys = [*self.names, *(k for k in self.total if k not in self.names)]
        return [(k, self.names.get(k, k), self.total[k], self.cchc[k]) for k in keys]


@dataclass
class PropagationStats:
    """What the portal published in one reporting period, counted for the CCHC report."""

    period: ReportingPeriod
    publisher: str
    areas: Tally
    categories: Tally
    months: Tally
    channels: Tally
    authors: Tally
    documents: Tally
    area_months: Counter = field(default_factory=Counter)
    # Each CCHC post once, under its first area: what a chart can stack without counting a post twice.
    first_area_months: Counter = field(default_factory=Counter)
    procedures: Counter = field(default_factory=Counter)
    posts: int = 0
    cchc_posts: int = 0

    def count_posts(self, posts: list[Post]) -> None:
        """Add the period's published posts to every breakdown.

        Each breakdown is one ``Counter.update`` over a generator, which counts
        in C: about twice as fast as adding post by post.
        """
        cchc = [post for post in posts if post.cchc]
        months = [_month(post) for post in posts]
        self.posts += len(posts)
        self.cchc_posts += len(cchc)
        self.categories.add_all((p.category for p in posts), (p.category for p in cchc))
        self.months.add_all(months, (month for post, month in zip(posts, months) if post.cchc))
        self.authors.add_all((p.author for p in posts), (p.author for p in cchc))
        self.channels.add_all((c for p in posts for c in p.channels), (c for p in cchc for c in p.channels))
        self.areas.add_all((a for p in cchc for a in p.cchc), (a for p in cchc for a in p.cchc))
        self.area_months.update((month, area) for post, month in zip(posts, months) for area in post.cchc)
        self.first_area_months.update((month, post.cchc[0]) for post, month in zip(posts, months) if post.cchc)

    def order_authors(self) -> None:
        """Authors by number of posts, then by name without tone marks; posts without an author last."""
        ranked = sorted(self.authors.total, key=lambda a: (not a, -self.authors.total[a], fold(a), a))
        self.authors.names = {author: author or NO_AUTHOR for author in ranked}


def _month(post: Post) -> str:
    """The post's month in Vietnam time, ``YYYY-MM``."""
    local = post.date.astimezone(dates.VIETNAM)
    return f"{local.year:04d}-{local.month:02d}"


def compute(portal: Portal, settings: CongttConfig, period: ReportingPeriod, now: datetime) -> PropagationStats:
    """Count what is published at ``now`` and falls in ``period``, in linear time."""
    visible = portal.published(now)
    stats = PropagationStats(
        period=period,
        publisher=f"Cổng thông tin điện tử {sentence_case(settings.commune.name)}",
        areas=Tally(names(settings.cchc_areas)),
        categories=Tally(names(settings.categories)),
        months=Tally({key: month_name(key) for key in period.months()}),
        channels=Tally(names(settings.channels)),
        authors=Tally({}),
        documents=Tally(names(settings.document_kinds)),
    )
    first, after = period.instants()
    stats.count_posts([post for post in visible.posts if first <= post.date < after])
    for document in visible.documents:
        if period.start <= document.issued <= period.end:
            stats.documents.add(document.kind, bool(document.cchc))
    for procedure in visible.procedures:
        change = procedure_change(procedure, period)
        if change:
            stats.procedures[change] += 1
    stats.order_authors()
    return stats


def procedure_change(procedure: Procedure, period: ReportingPeriod) -> str | None:
    """``published``, ``amended`` or ``abolished`` when the procedure changed in the period."""
    if procedure.updated is None or not period.start <= procedure.updated <= period.end:
        return None
    return PROCEDURE_CHANGES.get(procedure.status)


def as_data(stats: PropagationStats) -> dict[str, Any]:
    """The figures as plain data for ``--format json``, with exactly the documented keys."""
    period = stats.period
    return {
        "period": {"label": period.label, "from": period.start.isoformat(), "to": period.end.isoformat()},
        "posts": stats.posts,
        "cchc_posts": stats.cchc_posts,
        "by_area": {key: {"name": name, "posts": count} for key, name, count, _ in stats.areas.rows()},
        "by_category": _post_rows(stats.categories),
        "by_month": {
            key: {**row, "by_area": {area: stats.area_months[key, area] for area in stats.areas.names}}
            for key, row in _post_rows(stats.months).items()
        },
        "by_channel": _post_rows(stats.channels),
        "by_author": _post_rows(stats.authors),
        "documents": {
            "total": sum(stats.documents.total.values()),
            "cchc": sum(stats.documents.cchc.values()),
            "by_kind": {
                key: {"name": name, "total": total, "cchc": cchc} for key, name, total, cchc in stats.documents.rows()
            },
        },
        "procedures": {change: stats.procedures[change] for change in PROCEDURE_CHANGES.values()},
    }


def _post_rows(tally: Tally) -> dict[str, dict[str, Any]]:
    """A post breakdown as ``{key: {name, posts, cchc_posts}}``."""
    return {key: {"name": name, "posts": total, "cchc_posts": cchc} for key, name, total, cchc in tally.rows()}


def year_summary(portal: Portal, settings: CongttConfig, now: datetime) -> YearSummary:
    """The figures of the year of ``now`` per configured quarter (``q1`` … ``q4``) and for the whole year (``nam``)."""
    today = now.astimezone(dates.VIETNAM).date()
    periods = [named_period(settings, slug, today.year) for slug in (*QUARTERS, WHOLE_YEAR)]
    figures = [PeriodFigures(compute(portal, settings, period, now), _state(period, today)) for period in periods]
    return YearSummary(today.year, names(settings.cchc_areas), tuple(figures[:-1]), figures[-1], now)


def _state(period: ReportingPeriod, today: date) -> str:
    """Whether a period's figures are final (``closed``), still growing (``open``) or not begun (``upcoming``)."""
    if period.end < today:
        return "closed"
    return "upcoming" if period.start > today else "open"


@dataclass(frozen=True)
class PeriodFigures:
    """One period's figures on the public statistics page, with how final they are at the build."""

    stats: PropagationStats
    state: str


@dataclass(frozen=True)
class YearSummary:
    """What the public statistics page shows: the year's quarters, the whole year, the areas."""

    year: int
    areas: dict[str, str]
    quarters: tuple[PeriodFigures, ...]
    whole: PeriodFigures
    now: datetime

    @property
    def title(self) -> str:
        """The page's heading."""
        return f"Thống kê tuyên truyền cải cách hành chính năm {self.year}"

    @property
    def chart(self) -> str:
        """The chart's published path without its extension."""
        return CHART_STEM
