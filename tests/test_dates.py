"""Dates: day first, Vietnam time, aware, impossible days refused."""

from datetime import date, datetime, timedelta

import pytest

from congtt import dates


def test_vietnamese_and_iso_forms_give_the_same_instant():
    expected = datetime(2023, 6, 15, 8, 30, tzinfo=dates.VIETNAM)
    for text in ("15/06/2023 08:30", "15/6/2023 08:30", "2023-06-15 08:30", "2023-06-15T08:30:00+07:00"):
        assert dates.parse_instant(text) == expected


def test_other_offsets_are_converted_to_vietnam_time():
    moment = dates.parse_instant("2023-06-14T20:00:00Z")
    assert moment.utcoffset() == timedelta(hours=7)
    assert (moment.day, moment.hour) == (15, 3)


def test_date_only_is_midnight_in_vietnam():
    moment = dates.parse_instant("15/06/2023")
    assert moment.utcoffset() == timedelta(hours=7)
    assert (moment.hour, moment.minute) == (0, 0)


@pytest.mark.parametrize("text", ["31/02/2023", "06/15/2023", "15/06/2023 25:00"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(dates.ImpossibleDateError):
        dates.parse_instant(text)


def test_vietnamese_formats():
    moment = datetime(2023, 6, 15, 8, 30, tzinfo=dates.VIETNAM)
    assert dates.format_datetime(moment) == "Thứ Năm, 15/06/2023 08:30"
    assert dates.format_place_date("Lai Cách", date(2023, 12, 27)) == "Lai Cách, ngày 27 tháng 12 năm 2023"
    assert dates.format_place_date("Lai Cách", date(2024, 1, 5)) == "Lai Cách, ngày 05 tháng 01 năm 2024"


YEAR = "năm {} nằm ngoài khoảng từ 1900 đến 2100 mà Cổng nhận; hãy kiểm tra lại năm"
ZONE = (
    "múi giờ {} không có ở nơi nào (chỉ từ -12:00 đến +14:00); "
    "bỏ múi giờ đi thì giờ được hiểu là giờ Việt Nam"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000-01-01", YEAR.format(0)),
        ("01/01/0001 00:00", YEAR.format(1)),
        ("9999-12-31 23:00 -05:00", YEAR.format(9999)),
        ("15/06/2203", YEAR.format(2203)),
        ("2023-06-15 08:30 +24:00", ZONE.format("+24:00")),
        ("2023-06-15T08:30-9959", ZONE.format("-99:59")),
        ("2023-06-15 08:30 +14:30", ZONE.format("+14:30")),
        ("2023-06-15 08:30 +07:60", ZONE.format("+07:60")),
    ],
)
def test_moments_the_portal_cannot_use_are_refused_in_vietnamese(text, message):
    """Each of these ended in an English ValueError or OverflowError traceback."""
    with pytest.raises(dates.UnusableDateError) as refused:
        dates.parse_instant(text)
    assert str(refused.value) == message


def test_the_first_and_last_accepted_moments_convert_from_any_real_offset():
    first = dates.parse_instant("1900-01-01 00:00 +14:00")
    last = dates.parse_instant("2100-12-31 23:59 -12:00")
    assert (first.year, last.year) == (1899, 2101)
    assert last.utcoffset() == timedelta(hours=7)


def test_a_command_line_day_out_of_range_says_so():
    with pytest.raises(dates.DayArgumentError) as refused:
        dates.day_argument("15/12/0000", "--from", "15/12/2022")
    assert str(refused.value) == f"Ngày «15/12/0000» của --from không dùng được: {YEAR.format(0)}."
