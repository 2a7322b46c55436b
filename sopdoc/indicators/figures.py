"""`Figure`: one indicator value with its conventions, and the pooled-ratio arithmetic behind most.

A figure that cannot be computed has ``value=None`` and a ``reason``; never a silent 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

Target = float | tuple[float | None, float | None] | None  # a threshold, or a (min, max) band

RECORD_KEYS = ("id", "value", "unit", "family", "work_center", "month", "lag", "window", "target", "met", "reason")


@dataclass(frozen=True)
class Figure:
    id: str
    value: float | None
    unit: str  # ratio | weeks | days | count, or a family's unit for projected quantities
    family: str | None = None
    work_center: str | None = None
    month: str | None = None  # the plan month t of a plan-health series
    lag: int | None = None
    window: tuple[str, str] | None = None  # first and last month used
    target: Target = None
    met: bool | None = None
    reason: str | None = None

    def record(self) -> dict[str, Any]:
        """The JSON record of SPEC 3: every key, in a fixed order."""
        target: Any = list(self.target) if isinstance(self.target, tuple) else self.target
        return {
            "id": self.id, "value": self.value, "unit": self.unit, "family": self.family,
            "work_center": self.work_center, "month": self.month, "lag": self.lag,
            "window": list(self.window) if self.window else None, "target": target, "met": self.met,
            "reason": self.reason,
        }

    def judged(self, target: Target, is_met: Callable[[float], bool]) -> Figure:
        """The same figure with its target, and whether the value meets it (None without a value)."""
        met = None if self.value is None or target is None else is_met(self.value)
        return replace(self, target=target, met=met)


@dataclass
class Pool:
    """Numerator and denominator summed over (family, month) pairs, with the months that counted."""

    numerator: float = 0.0
    denominator: float = 0.0
    months: set[str] = field(default_factory=set)

    def add(self, month: str, numerator: float, denominator: float) -> None:
        self.numerator += numerator
        self.denominator += denominator
        self.months.add(month)

    def merge(self, other: Pool) -> None:
        self.numerator += other.numerator
        self.denominator += other.denominator
        self.months |= other.months

    @property
    def window(self) -> tuple[str, str] | None:
        return (min(self.months), max(self.months)) if self.months else None

    def ratio(self, *, empty: str, zero: str, zero_over_zero: float | None = None) -> tuple[float | None, str | None]:
        """numerator / denominator, or None with the reason: ``empty`` (no month) or ``zero``.

        ``zero_over_zero`` is the value of 0/0 where the convention defines one (WAPE: 0).
        """
        if not self.months:
            return None, empty
        if self.denominator == 0:
            if self.numerator == 0 and zero_over_zero is not None:
                return zero_over_zero, None
            return None, zero
        return self.numerator / self.denominator, None


def total_of(pools: Iterable[Pool]) -> Pool:
    """The pool of all families: sums of numerators and denominators, never a mean of ratios."""
    total = Pool()
    for pool in pools:
        total.merge(pool)
    return total


def pooled_figure(identifier: str, pool: Pool, unit: str = "ratio", *, empty: str, zero: str,
                  zero_over_zero: float | None = None, **keys: Any) -> Figure:
    value, reason = pool.ratio(empty=empty, zero=zero, zero_over_zero=zero_over_zero)
    return Figure(identifier, value, unit, window=pool.window, reason=reason, **keys)


def at_least(target: float) -> Callable[[float], bool]:
    return lambda value: value >= target


def at_most(target: float) -> Callable[[float], bool]:
    return lambda value: value <= target


def within(band: tuple[float | None, float | None]) -> Callable[[float], bool]:
    low, high = band
    return lambda value: (low is None or value >= low) and (high is None or value <= high)


def abs_at_most(target: float) -> Callable[[float], bool]:
    return lambda value: abs(value) <= target
