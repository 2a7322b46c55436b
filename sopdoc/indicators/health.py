"""Plan health (SPEC 3.3): capacity load per work center and month, projected inventory and
coverage (make to stock), projected backlog and backlog weeks (make to order), for one plan.

The projections are plain data shared with the rules (`projected-stockout`, `inventory-target`,
`capacity-overload`, `capacity-closed`); ``health_figures`` turns them into figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sopdoc.config import Family, Organisation
from sopdoc.indicators.figures import Figure, at_most, within
from sopdoc.model import FamilyPlan, Plan
from sopdoc.months import add_months

WEEKS_PER_MONTH = 52 / 12


def horizon(plan: Plan, organisation: Organisation) -> list[str]:
    assert plan.month is not None
    return [add_months(plan.month, offset) for offset in range(organisation.horizon_months)]


@dataclass(frozen=True)
class Load:
    work_center: str
    month: str
    hours: float | None  # load in standard hours
    capacity: float | None
    value: float | None  # hours / capacity
    reason: str | None = None


def capacity_loads(plan: Plan, organisation: Organisation) -> list[Load]:
    """Σ_f production_f[t] × hours_per_unit[f][w] / capacity_w(t), for each work center and month."""
    loads = []
    months = horizon(plan, organisation)
    for center in organisation.work_centers.values():
        users = [(family, family.hours_per_unit[center.id]) for family in organisation.families.values()
                 if center.id in family.hours_per_unit]
        overrides = plan.capacity.get(center.id, {})
        for month in months:
            capacity = overrides.get(month, center.hours_per_month)
            hours = 0.0
            missing = None
            for family, per_unit in users:
                entry = plan.families.get(family.id)
                quantity = entry.production.get(month) if entry is not None else None
                if quantity is None:
                    missing = family.id
                    break
                hours += quantity * per_unit
            if missing is not None:
                loads.append(Load(center.id, month, None, capacity, None,
                                  f"the production plan of {missing} has no {month}"))
            elif capacity is None:
                loads.append(Load(center.id, month, hours, None, None, "the work center has no valid capacity"))
            elif capacity == 0:
                loads.append(Load(center.id, month, hours, 0, None, "capacity is 0 (work center closed)"))
            else:
                loads.append(Load(center.id, month, hours, capacity, hours / capacity))
    return loads


@dataclass(frozen=True)
class Projection:
    """Projected inventory (mts) or backlog (mto) at the end of a month, and its cover in weeks."""

    family: str
    month: str
    level: float | None
    weeks: float | None
    reason: str | None = None  # why `level` is None
    weeks_reason: str | None = None  # why `weeks` is None


def projections(plan: Plan, organisation: Organisation) -> dict[str, list[Projection]]:
    """Per family of known strategy, the projection over the plan's horizon."""
    months = horizon(plan, organisation)
    result = {}
    for family in organisation.families.values():
        entry = plan.families.get(family.id)
        if entry is None or family.strategy not in ("mts", "mto"):
            continue
        result[family.id] = _project(family, entry, months)
    return result


def _project(family: Family, entry: FamilyPlan, months: list[str]) -> list[Projection]:
    mts = family.strategy == "mts"
    actuals = entry.actuals
    start = None if actuals is None else (actuals.inventory if mts else actuals.backlog)
    # cover: mts inventory over future demand; mto backlog over future production
    drain: Mapping[str, float] = entry.forecast if mts else entry.production
    level = start
    reason = f"the plan has no actual {'inventory' if mts else 'backlog'} to start from" if start is None else None
    points = []
    for index, month in enumerate(months):
        if level is not None:
            produced, demanded = entry.production.get(month), entry.forecast.get(month)
            if produced is None or demanded is None:
                level, reason = None, f"the plan has no forecast or production for {month}"
            else:
                level = level + produced - demanded if mts else level + demanded - produced
        weeks, weeks_reason = _cover(level, reason, [drain[m] for m in months[index + 1:index + 4] if m in drain],
                                     mts)
        points.append(Projection(family.id, month, level, weeks, reason, weeks_reason))
    return points


def _cover(level: float | None, reason: str | None, following: list[float],
           mts: bool) -> tuple[float | None, str | None]:
    if level is None:
        return None, reason
    if mts and level <= 0:
        return 0.0, None
    if not following:
        return None, "no later month in the horizon"
    mean = sum(following) / len(following)
    if mean == 0:
        return None, f"no {'demand' if mts else 'production'} planned in the next three months"
    return level / mean * WEEKS_PER_MONTH, None


def health_figures(plan: Plan, organisation: Organisation) -> list[Figure]:
    maximum = organisation.targets.capacity_load_max
    figures = [
        Figure("capacity-load", load.value, "ratio", work_center=load.work_center, month=load.month,
               reason=load.reason).judged(maximum, at_most(maximum))
        for load in capacity_loads(plan, organisation)
    ]
    for family_id, points in projections(plan, organisation).items():
        family = organisation.families[family_id]
        mts = family.strategy == "mts"
        band = ((family.inventory_weeks_min, family.inventory_weeks_max) if mts
                else (None, family.backlog_weeks_max))
        has_band = band != (None, None)
        for point in points:
            figures.append(Figure("projected-inventory" if mts else "projected-backlog", point.level, family.unit,
                                  family=family_id, month=point.month, reason=point.reason)
                           .judged((0.0, None) if mts else None, within((0.0, None))))
            figures.append(Figure("inventory-coverage" if mts else "backlog-weeks", point.weeks, "weeks",
                                  family=family_id, month=point.month, reason=point.weeks_reason)
                           .judged(band if has_band else None, within(band)))
    return figures
