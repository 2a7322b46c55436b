"""Working days and month arithmetic on dates."""

from __future__ import annotations

import datetime as dt

import pytest

from sopdoc.workdays import add_months_to_date, is_working_day, nth_working_day


@pytest.mark.parametrize(("month", "n", "expected"), [
    ("2026-05", 1, dt.date(2026, 5, 4)),    # 1 May (Friday) is Labour Day
    ("2026-05", 4, dt.date(2026, 5, 7)),    # the day before Victory Day (Friday 8)
    ("2026-05", 8, dt.date(2026, 5, 15)),   # the day after Ascension (Thursday 14)
    ("2026-11", 10, dt.date(2026, 11, 16)),  # Armistice (Wednesday 11) pushes day 10 to Monday 16
    ("2026-02", 20, dt.date(2026, 2, 27)),
    ("2026-02", 21, None),                  # February 2026 has 20 working days
])
def test_nth_working_day_in_france(month: str, n: int, expected: dt.date | None) -> None:
    assert nth_working_day(month, n, "FR") == expected


def test_holidays_follow_the_country() -> None:
    assert not is_working_day(dt.date(2026, 11, 11), "FR")
    assert is_working_day(dt.date(2026, 11, 11), "DE")
    assert not is_working_day(dt.date(2026, 10, 3), "DE")  # German Unity Day, a Saturday anyway
    assert is_working_day(dt.date(2026, 10, 5), "DE")


def test_unknown_country_has_no_holidays() -> None:
    assert is_working_day(dt.date(2026, 12, 25), "XX")


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2025, 9, 15), 12, dt.date(2026, 9, 15)),
    (dt.date(2025, 12, 8), 24, dt.date(2027, 12, 8)),
])
def test_add_months_keeps_the_day_or_takes_the_last(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months_to_date(day, months) == expected
