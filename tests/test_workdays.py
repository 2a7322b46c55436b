"""Working days and month arithmetic on dates."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from sopdoc.workdays import add_months_to_date, is_working_day, nth_working_day, supported_countries


def test_supported_countries_are_those_holidays_lists() -> None:
    assert supported_countries() == frozenset(holidays.list_supported_countries())
    assert {"FR", "FRA", "DE", "GB", "UK"} <= supported_countries()
    assert "XX" not in supported_countries()


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


def test_holidays_computed_elsewhere_are_used_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from sopdoc import workdays

    monkeypatch.setattr(workdays, "_KNOWN", {})
    workdays._holidays.cache_clear()
    try:
        computed = workdays.public_holidays("FR", [2031])
        assert computed == {("FR", 2031): frozenset(holidays.country_holidays("FR", years=2031))}
        assert dt.date(2031, 7, 14) in computed[("FR", 2031)]
        workdays.remember_holidays({("FR", 2031): frozenset({dt.date(2031, 3, 3)})})  # a stand-in table
        assert not is_working_day(dt.date(2031, 3, 3), "FR")  # a Monday, a holiday in the table given
        assert is_working_day(dt.date(2031, 7, 14), "FR")  # Monday 14 July: not in the table given
        assert not is_working_day(dt.date(2032, 7, 14), "FR")  # another year: computed
    finally:
        workdays._holidays.cache_clear()
