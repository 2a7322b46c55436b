"""The indicators of SPEC 3 for one cycle month: pure functions of the loaded repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sopdoc.errors import UsageError
from sopdoc.indicators.delivery import delivery
from sopdoc.indicators.figures import Figure
from sopdoc.indicators.forecast import forecast_quality
from sopdoc.indicators.health import health_figures
from sopdoc.indicators.process import process_figures
from sopdoc.indicators.series import PlanSeries
from sopdoc.months import is_month
from sopdoc.repository import Repository
from sopdoc.status import TrainingNeed


@dataclass(frozen=True)
class IndicatorReport:
    month: str
    figures: tuple[Figure, ...]

    def record(self) -> dict[str, object]:
        return {"month": self.month, "indicators": [figure.record() for figure in self.figures]}


def compute_indicators(repo: Repository, month: str | None, today: dt.date,
                       needs: Sequence[TrainingNeed] | None = None) -> IndicatorReport:
    """Every figure for cycle ``month`` (default: the latest plan); ``needs``: the repository's training
    needs when already known otherwise (`repo.training_needs` by default)."""
    organisation = repo.organisation
    if organisation is None:
        raise UsageError("sopdoc.yaml cannot be read; run `sopdoc validate` and fix it first")
    series = PlanSeries(repo.plans)
    if not series.months:
        raise UsageError("no readable plan in plans/; add plans/YYYY-MM.yaml (`sopdoc validate` tells what is wrong)")
    if month is None:
        month = series.months[-1]
    if not is_month(month):
        raise UsageError(f"--month {month!r} is not a month; write YYYY-MM")
    plan = series.plan(month)
    if plan is None:
        raise UsageError(f"no readable plan for {month}; plans run from {series.months[0]} to {series.months[-1]}")
    figures = [
        *forecast_quality(series, organisation, month),
        *delivery(series, organisation, month),
        *health_figures(plan, organisation),
        *process_figures(organisation, repo.procedures, repo.training, plan, today,
                         repo.training_needs if needs is None else needs),
    ]
    return IndicatorReport(month, tuple(figures))
