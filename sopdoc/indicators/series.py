"""`PlanSeries`: the plans by cycle month, and the notation of SPEC 3 as methods.

``actuals(f, t)`` is ``A_f(t) = P(t+1).families[f].actuals`` (any status);
``forecast(f, t, k)`` is ``F_f(t, k) = P(t-k).families[f].forecast[t]`` from an *approved* plan;
``plan_of_record(f, t)`` is ``P(t-1).families[f].production[t]``, also approved.
"""

from __future__ import annotations

from collections.abc import Iterable

from sopdoc.model import Actuals, FamilyPlan, Plan
from sopdoc.months import add_months, is_month


class PlanSeries:
    def __init__(self, plans: Iterable[Plan]) -> None:
        self._plans: dict[str, Plan] = {}
        for plan in plans:  # the first file of a month wins; a second one is a `duplicate-id`-like mistake
            if is_month(plan.month) and plan.month not in self._plans:
                assert plan.month is not None
                self._plans[plan.month] = plan

    @property
    def months(self) -> list[str]:
        return sorted(self._plans)

    def plan(self, month: str) -> Plan | None:
        return self._plans.get(month)

    def snapshot(self, month: str) -> Plan | None:
        """The plan of ``month`` if approved: the only kind used as a forecast or production snapshot."""
        plan = self._plans.get(month)
        return plan if plan is not None and plan.status == "approved" else None

    def family(self, month: str, family: str, *, approved: bool) -> FamilyPlan | None:
        plan = self.snapshot(month) if approved else self.plan(month)
        return plan.families.get(family) if plan is not None else None

    def actuals(self, family: str, month: str) -> Actuals | None:
        entry = self.family(add_months(month, 1), family, approved=False)
        return entry.actuals if entry is not None else None

    def forecast(self, family: str, month: str, lag: int) -> float | None:
        entry = self.family(add_months(month, -lag), family, approved=True)
        return entry.forecast.get(month) if entry is not None else None

    def naive_forecast(self, family: str, month: str, lag: int) -> float | None:
        """The last demand known when ``P(t-k)`` was made, repeated: ``P(t-k).actuals.demand``."""
        entry = self.family(add_months(month, -lag), family, approved=True)
        return entry.actuals.demand if entry is not None and entry.actuals is not None else None

    def plan_of_record(self, family: str, month: str) -> float | None:
        entry = self.family(add_months(month, -1), family, approved=True)
        return entry.production.get(month) if entry is not None else None
