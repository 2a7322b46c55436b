"""Delivery and production over the window of closed months (SPEC 3.2): otif, lead-time,
production-attainment (capped per family and month, so one family's surplus hides no shortfall)."""

from __future__ import annotations

from sopdoc.config import Organisation
from sopdoc.indicators.figures import Figure, Pool, at_least, pooled_figure, total_of
from sopdoc.indicators.forecast import closed_months
from sopdoc.indicators.series import PlanSeries


def delivery(series: PlanSeries, organisation: Organisation, month: str) -> list[Figure]:
    window = closed_months(month, organisation.kpi_window_months)
    families = list(organisation.families)
    otif = {family: Pool() for family in families}
    lead = {family: Pool() for family in families}
    attainment = {family: Pool() for family in families}
    for family in families:
        for t in window:
            actuals = series.actuals(family, t)
            if actuals is None:
                continue
            if actuals.lines_due is not None and actuals.lines_on_time is not None:
                otif[family].add(t, actuals.lines_on_time, actuals.lines_due)
            if actuals.lead_time_days is not None and actuals.production is not None:
                lead[family].add(t, actuals.lead_time_days * actuals.production, actuals.production)
            planned = series.plan_of_record(family, t)
            if actuals.production is not None and planned is not None:
                attainment[family].add(t, min(actuals.production, planned), planned)
    targets = organisation.targets
    figures = []
    for scope in [*families, None]:
        figures.append(pooled_figure(
            "otif", otif[scope] if scope else total_of(otif.values()), family=scope,
            empty="no month of the window reports order lines", zero="no order line was due in the window",
        ).judged(targets.otif, at_least(targets.otif)))
        figures.append(pooled_figure(
            "lead-time", lead[scope] if scope else total_of(lead.values()), "days", family=scope,
            empty="no month of the window reports a lead time with its production",
            zero="nothing was produced in the window",
        ))
        figures.append(pooled_figure(
            "production-attainment", attainment[scope] if scope else total_of(attainment.values()),
            family=scope,
            empty="no month of the window has an actual production and a plan of record (approved plan of "
                  "the month before)",
            zero="the plans of record planned no production in the window",
        ).judged(targets.production_attainment, at_least(targets.production_attainment)))
    return figures
