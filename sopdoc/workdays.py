"""Working days: Monday to Friday minus the public holidays of a country (``holidays`` package),
and calendar arithmetic on dates (months added, clamped to the month's last day)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from sopdoc.months import month_index

# `holidays` is imported where it is used: it is slow to import and most commands never need it.


def supported_countries() -> frozenset[str]:
    """The country codes ``holidays`` knows, aliases included, as `holidays.list_supported_countries`
    gives them, but read from its registry: that function also imports all 250 country modules to
    list their subdivisions (about 0.1 s). tests/test_workdays.py checks that both agree."""
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes())


Holidays = dict[tuple[str, int], frozenset[dt.date]]
_KNOWN: Holidays = {}  # given by `remember_holidays`


def public_holidays(country: str, years: Iterable[int]) -> Holidays:
    """The public holidays of ``country`` in these years. The first call imports every country module
    of ``holidays`` (about 0.15 s), so commands compute them in the second process while the files
    load, then `remember_holidays`."""
    return {(country, year): _computed(country, year) for year in years}


def remember_holidays(known: Holidays) -> None:
    """Holidays computed elsewhere (`public_holidays`): working days in those years need no import."""
    _KNOWN.update(known)


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    known = _KNOWN.get((country, year))
    return known if known is not None else _computed(country, year)


def _computed(country: str, year: int) -> frozenset[dt.date]:
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
