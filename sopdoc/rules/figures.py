"""Rules on the figures of the plan being prepared (the latest plan, while it is a draft):
`projected-stockout`, `inventory-target`, `capacity-overload`, `capacity-closed`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sopdoc.config import Organisation
from sopdoc.diagnostics import Diagnostic
from sopdoc.indicators.health import Load, capacity_loads, projections
from sopdoc.loading import Path_
from sopdoc.model import Plan
from sopdoc.months import is_month
from sopdoc.repository import Repository

SHOWN_MONTHS = 4


def latest_plan(repo: Repository) -> Plan | None:
    """The plan of the highest cycle month (plans are sorted by month)."""
    dated = [plan for plan in repo.plans if is_month(plan.month)]
    return dated[-1] if dated else None


def plan_being_prepared(repo: Repository) -> Plan | None:
    plan = latest_plan(repo)
    return plan if plan is not None and plan.status == "draft" and repo.organisation is not None else None


def check(repo: Repository, today: dt.date) -> Iterator[Diagnostic]:
    plan = plan_being_prepared(repo)
    if plan is None:
        return
    assert repo.organisation is not None
    yield from _stock(plan, repo.organisation)
    yield from _capacity(plan, repo.organisation)


def _months_text(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN_MONTHS])
    return shown + (f" and {len(items) - SHOWN_MONTHS} more" if len(items) > SHOWN_MONTHS else "")


def _stock(plan: Plan, organisation: Organisation) -> Iterator[Diagnostic]:
    document = plan.document
    for family_id, points in projections(plan, organisation).items():
        family = organisation.families[family_id]
        at: Path_ = ("families", family_id)
        if family.strategy == "mts":
            short = next((point for point in points if point.level is not None and point.level < 0), None)
            if short is not None:
                yield document.diagnostic(
                    (*at, "production", short.month), "projected-stockout",
                    f"projected inventory of {family_id} falls to {short.level:g} {family.unit} in {short.month}; "
                    "plan more production or revise the forecast")
            low, high = family.inventory_weeks_min, family.inventory_weeks_max
            outside = [f"{point.month} ({point.weeks:.1f})" for point in points if point.weeks is not None
                       and ((low is not None and point.weeks < low) or (high is not None and point.weeks > high))]
            if outside:
                band = f"{low if low is not None else 0:g}–{high:g}" if high is not None else f"≥ {low:g}"
                yield document.diagnostic(at, "inventory-target",
                                          f"inventory cover of {family_id} outside {band} weeks in "
                                          f"{_months_text(outside)}", key=True)
        elif family.backlog_weeks_max is not None:
            limit = family.backlog_weeks_max
            above = [f"{point.month} ({point.weeks:.1f})" for point in points
                     if point.weeks is not None and point.weeks > limit]
            if above:
                yield document.diagnostic(at, "inventory-target",
                                          f"backlog of {family_id} above {limit:g} weeks in {_months_text(above)}",
                                          key=True)


def _heaviest(plan: Plan, organisation: Organisation, load: Load) -> Path_:
    """Where to point for a load: the production figure that weighs most on it."""
    best: tuple[float, Path_] = (-1.0, ("families",))
    for family in organisation.families.values():
        per_unit = family.hours_per_unit.get(load.work_center)
        entry = plan.families.get(family.id)
        if per_unit is None or entry is None:
            continue
        hours = entry.production.get(load.month, 0) * per_unit
        if hours > best[0]:
            best = (hours, ("families", family.id, "production", load.month))
    return best[1]


def _capacity(plan: Plan, organisation: Organisation) -> Iterator[Diagnostic]:
    document = plan.document
    maximum = organisation.targets.capacity_load_max
    overloaded: dict[str, list[Load]] = {}
    for load in capacity_loads(plan, organisation):
        if load.capacity == 0 and load.hours:
            at = (("capacity", load.work_center, load.month) if load.month in plan.capacity.get(load.work_center, {})
                  else _heaviest(plan, organisation, load))
            yield document.diagnostic(at, "capacity-closed",
                                      f"{load.work_center} is closed in {load.month} (capacity 0) but the plan "
                                      f"loads it with {load.hours:g} h")
        elif load.value is not None and load.value > maximum:
            overloaded.setdefault(load.work_center, []).append(load)
    for center, loads in overloaded.items():
        months = [f"{load.month} ({load.value:.0%})" for load in loads if load.value is not None]
        yield document.diagnostic(_heaviest(plan, organisation, loads[0]), "capacity-overload",
                                  f"{center} loaded above {maximum:.0%} in {_months_text(months)}")
