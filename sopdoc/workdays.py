"""Working days: Monday to Friday minus the public holidays of a country (``holidays`` package),
and calendar arithmetic on dates (months added, clamped to the month's last day)."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from sopdoc.months import month_index

# `holidays` is imported where it is used: it is slow to import and most commands never need it.


def supported_countries() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    import holidays

    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:  # unknown country: reported by the schema check, no holidays here
        return frozenset()


def is_working_day(day: dt.date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def nth_working_day(month: str, n: int, country: str) -> dt.date | None:
    """The ``n``-th working day of ``month`` (``YYYY-MM``), or None if the month has fewer."""
    index = month_index(month)
    year, number = divmod(index, 12)
    day = dt.date(year, number + 1, 1)
    count = 0
    while day.month == number + 1:
        if is_working_day(day, country):
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)
    return None


def add_months_to_date(day: dt.date, months: int) -> dt.date:
    """``2026-01-31`` + 1 month → ``2026-02-28``: the same day, or the month's last one."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
