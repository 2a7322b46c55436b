"""Plan structure rules: `plan-months`, `plan-family-missing`, `plan-horizon`, `lines-inconsistent`.

(`negative-value` is raised by the schema check, which sees every number once.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from sopdoc.diagnostics import Diagnostic
from sopdoc.loading import Path_
from sopdoc.model import Plan
from sopdoc.months import add_months, is_month, month_index
from sopdoc.repository import Repository


def check(repo: Repository, today: dt.date) -> Iterator[Diagnostic]:
    del today  # no date in these rules
    organisation = repo.organisation
    horizon = organisation.horizon_months if organisation is not None else None
    for plan in repo.plans:
        if organisation is not None:
            missing = sorted(organisation.families.keys() - plan.listed_families)
            for family_id in missing:
                yield plan.document.diagnostic(("families",), "plan-family-missing",
                                               f"family {family_id} of sopdoc.yaml is missing from this plan",
                                               key=True)
        if not is_month(plan.month):
            continue
        for family in plan.families.values():
            for name, months in family.months_written.items():
                yield from _months(plan, (*family.at, name), months, horizon)
            actuals = family.actuals
            if (actuals is not None and actuals.lines_due is not None and actuals.lines_on_time is not None
                    and actuals.lines_on_time > actuals.lines_due):
                yield plan.document.diagnostic(
                    (*family.at, "actuals", "lines_on_time"), "lines-inconsistent",
                    f"lines_on_time ({actuals.lines_on_time}) is greater than lines_due ({actuals.lines_due})")
        for center, hours in plan.capacity.items():
            yield from _capacity_months(plan, ("capacity", center), hours)


def _months(plan: Plan, at: Path_, series: Iterable[Any], horizon: int | None) -> Iterator[Diagnostic]:
    """Month keys of a forecast or production series: well formed, from the cycle month, consecutive."""
    assert plan.month is not None
    keys = tuple(series)
    if keys == _consecutive(plan.month, len(keys)):  # the usual series: only its length may be short
        yield from _horizon(plan, at, len(keys), horizon)
        return
    document = plan.document
    expected = plan.month
    covered = 0
    for key in keys:
        if not is_month(key):
            yield document.diagnostic((*at, key), "plan-months", f"month key {key!r} is not YYYY-MM", key=True)
            return
        if key != expected:
            if covered == 0 and month_index(key) < month_index(expected):
                message = f"{key} is before the cycle month {plan.month}; start the series at {plan.month}"
            elif covered == 0:
                message = f"the series starts at {key}; it must start at the cycle month {plan.month}"
            else:
                message = f"{key} follows {add_months(expected, -1)}; months must be consecutive (expected {expected})"
            yield document.diagnostic((*at, key), "plan-months", message, key=True)
            return
        covered += 1
        expected = add_months(expected, 1)
    yield from _horizon(plan, at, covered, horizon)


@lru_cache(maxsize=256)
def _consecutive(first: str, count: int) -> tuple[str, ...]:
    return tuple(add_months(first, offset) for offset in range(count))


def _horizon(plan: Plan, at: Path_, covered: int, horizon: int | None) -> Iterator[Diagnostic]:
    assert plan.month is not None
    if horizon is not None and covered < horizon:
        yield plan.document.diagnostic(at, "plan-horizon",
                                       f"{at[-1]} covers {covered} months; the horizon is {horizon} months "
                                       f"({plan.month} to {add_months(plan.month, horizon - 1)})",
                                       key=True)


def _capacity_months(plan: Plan, at: Path_, hours: Mapping[Any, float]) -> Iterator[Diagnostic]:
    assert plan.month is not None
    for key in hours:
        if not is_month(key):
            yield plan.document.diagnostic((*at, key), "plan-months", f"month key {key!r} is not YYYY-MM", key=True)
        elif month_index(key) < month_index(plan.month):
            yield plan.document.diagnostic((*at, key), "plan-months",
                                           f"{key} is before the cycle month {plan.month}", key=True)
