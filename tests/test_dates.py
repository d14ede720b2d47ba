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
