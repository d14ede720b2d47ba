"""Dates the Vietnamese way: day first, Vietnam time, always timezone-aware."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from .errors import CongttError

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_VIETNAMESE = re.compile(
    r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2})[:hg](?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


class DateFormatError(CongttError, ValueError):
    """The text is not a date in any accepted form."""


class ImpossibleDateError(CongttError, ValueError):
    """The text has a date's form but names a day that does not exist."""


class UnusableDateError(ImpossibleDateError):
    """The text names a real moment the portal does not take: the message says what to check."""


# A commune's posts and documents fall well inside these years; outside them a
# year is mistyped (2203 for 2023: a post scheduled forever), and every moment
# stays far from datetime's limits (years 1 and 9999) whatever offset, Vietnam
# time conversion or day arithmetic (reporting periods, feeds) is applied.
MIN_YEAR, MAX_YEAR = 1900, 2100

# Real UTC offsets run from -12:00 (Baker Island) to +14:00 (Kiribati).
_MIN_OFFSET, _MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)


def parse_instant(text: str, tz: ZoneInfo = VIETNAM) -> datetime:
    """Parse ISO or ``dd/mm/yyyy [HH:MM]`` text into an aware datetime (default Vietnam time)."""
    parts = _match(text)
    moment = datetime.combine(_day(parts), _clock(parts))
    offset = parts.get("tz")
    if offset:
        return moment.replace(tzinfo=_offset(offset)).astimezone(tz)
    return moment.replace(tzinfo=tz)


def parse_day(text: str) -> date:
    """Parse a calendar day; a time part, if any, is ignored after validation."""
    return parse_instant(text).date()


class DayArgumentError(CongttError, ValueError):
    """A day typed on the command line that cannot be used; the message is Vietnamese."""


def day_argument(text: str, option: str, example: str) -> date:
    """Read the day given to ``option`` on the command line, or say how to write it (as ``example``)."""
    try:
        return parse_day(text)
    except UnusableDateError as error:
        raise DayArgumentError(f"Ngày «{text}» của {option} không dùng được: {error}.") from None
    except ImpossibleDateError as error:
        raise DayArgumentError(f"Ngày «{text}» của {option} không có thật: {error}.") from None
    except DateFormatError:
        raise DayArgumentError(
            f"Không đọc được ngày «{text}» của {option}. Viết dạng ngày/tháng/năm, ví dụ {example}."
        ) from None


def _match(text: str) -> dict[str, str]:
    """Split a date text into its parts, or say it is no date."""
    text = text.strip()
    found = _ISO.match(text) or _VIETNAMESE.match(text)
    if not found:
        raise DateFormatError(text)
    return {k: v for k, v in found.groupdict().items() if v is not None}


def _day(parts: dict[str, str]) -> date:
    """Build the calendar day, explaining what makes it impossible."""
    year, month, day = int(parts["y"]), int(parts["m"]), int(parts["d"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UnusableDateError(
            f"năm {year} nằm ngoài khoảng từ {MIN_YEAR} đến {MAX_YEAR} mà Cổng nhận; hãy kiểm tra lại năm"
        )
    if not 1 <= month <= 12:
        raise ImpossibleDateError(f"tháng {month} không tồn tại, tháng chỉ từ 1 đến 12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ImpossibleDateError(f"tháng {month} năm {year} chỉ có {last} ngày")
    return date(year, month, day)


def _clock(parts: dict[str, str]) -> time:
    """Build the time of day (midnight when none is given)."""
    hour, minute, second = (int(parts.get(k, 0)) for k in ("H", "M", "S"))
    if hour > 23 or minute > 59 or second > 59:
        raise ImpossibleDateError(f"giờ {hour:02d}:{minute:02d} không tồn tại")
    return time(hour, minute, second)


def _offset(text: str) -> timezone:
    """Turn ``Z``, ``+07:00`` or ``+0700`` into a fixed offset, refusing one no place uses."""
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    offset = sign * timedelta(hours=hours, minutes=minutes)
    if minutes > 59 or not _MIN_OFFSET <= offset <= _MAX_OFFSET:
        raise UnusableDateError(
            f"múi giờ {text[0]}{hours:02d}:{minutes:02d} không có ở nơi nào (chỉ từ -12:00 đến +14:00); "
            "bỏ múi giờ đi thì giờ được hiểu là giờ Việt Nam"
        )
    return timezone(offset)


def format_datetime(moment: datetime) -> str:
    """``Thứ Năm, 15/06/2023 08:30`` in Vietnam time."""
    local = moment.astimezone(VIETNAM)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}"


def format_day(day: date) -> str:
    """``15/06/2023``."""
    return f"{day:%d/%m/%Y}"


def format_place_date(place: str, day: date) -> str:
    """The date line of an official document: ``Lai Cách, ngày 05 tháng 01 năm 2024``.

    Nghị định 30/2020 writes days below 10 and months 1 and 2 with a leading zero.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"
