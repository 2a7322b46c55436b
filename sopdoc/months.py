"""Months as ``YYYY-MM`` strings: parsing and arithmetic, pure and tiny."""

from __future__ import annotations

import re
from functools import lru_cache

_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")


def is_month(value: object) -> bool:
    return isinstance(value, str) and _MONTH.match(value) is not None


def month_index(month: str) -> int:
    """``2026-11`` → a running month number, so that consecutive months differ by one."""
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def month_from_index(index: int) -> str:
    year, number = divmod(index, 12)
    return f"{year:04d}-{number + 1:02d}"


@lru_cache(maxsize=8192)  # pure, and called for every month of every plan's horizon
def add_months(month: str, count: int) -> str:
    return month_from_index(month_index(month) + count)
