"""Forecast quality (SPEC 3.1): wape, forecast-accuracy, bias per lag; tracking-signal, fva, plan-churn.

Totals pool numerators and denominators over families and months; never an average of ratios.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from sopdoc.config import Organisation
from sopdoc.indicators.figures import Figure, Pool, abs_at_most, at_least, pooled_figure, total_of
from sopdoc.indicators.series import PlanSeries
from sopdoc.months import add_months

NO_PAIR = "no month of the window has both an actual demand and a lag-{lag} forecast from an approved plan"
ZERO_DEMAND = "total demand of the window is 0"


def closed_months(month: str, count: int) -> list[str]:
    """The ``count`` closed months before cycle ``month``, oldest first."""
    return [add_months(month, -offset) for offset in range(count, 0, -1)]


def _pairs(series: PlanSeries, family: str, months: list[str], lag: int) -> list[tuple[str, float, float]]:
    """(t, F, A) for each month of ``months`` where both exist."""
    pairs = []
    for month in months:
        actuals = series.actuals(family, month)
        forecast = series.forecast(family, month, lag)
        if actuals is not None and actuals.demand is not None and forecast is not None:
            pairs.append((month, forecast, actuals.demand))
    return pairs


def forecast_quality(series: PlanSeries, organisation: Organisation, month: str) -> list[Figure]:
    families = list(organisation.families)
    window = closed_months(month, organisation.kpi_window_months)
    targets = organisation.targets
    figures: list[Figure] = []
    for lag in organisation.kpi_lags:
        errors = {family: Pool() for family in families}
        signed = {family: Pool() for family in families}
        for family in families:
            for t, forecast, actual in _pairs(series, family, window, lag):
                errors[family].add(t, abs(forecast - actual), actual)
                signed[family].add(t, forecast - actual, actual)
        for scope in [*families, None]:
            error = errors[scope] if scope else total_of(errors.values())
            bias = signed[scope] if scope else total_of(signed.values())
            wape = pooled_figure("wape", error, empty=NO_PAIR.format(lag=lag), zero=ZERO_DEMAND,
                                 zero_over_zero=0.0, family=scope, lag=lag)
            accuracy = replace(wape, id="forecast-accuracy",
                               value=None if wape.value is None else max(0.0, 1.0 - wape.value))
            figures.append(wape)
            figures.append(accuracy.judged(targets.forecast_accuracy, at_least(targets.forecast_accuracy)))
            figures.append(pooled_figure("bias", bias, empty=NO_PAIR.format(lag=lag), zero=ZERO_DEMAND,
                                         zero_over_zero=0.0, family=scope, lag=lag)
                           .judged(targets.bias_abs_max, abs_at_most(targets.bias_abs_max)))
    headline = organisation.kpi_lags[0]
    figures.extend(tracking_signals(series, organisation, month, headline))
    figures.extend(forecast_value_added(series, organisation, window, headline))
    figures.extend(plan_churn(series, organisation, month))
    return figures


def tracking_signals(series: PlanSeries, organisation: Organisation, month: str, lag: int) -> list[Figure]:
    """Σ(A − F) / MAD over the tracking window, per family and for the total of all families."""
    months = closed_months(month, organisation.kpi_tracking_window_months)
    target = organisation.targets.tracking_signal_abs_max
    per_family = {family: _pairs(series, family, months, lag) for family in organisation.families}
    figures = [_tracking_signal([(t, actual - forecast) for t, forecast, actual in pairs], family, lag)
               for family, pairs in per_family.items()]
    complete = set(months)  # the total counts a month only when every family has both figures
    for pairs in per_family.values():
        complete &= {t for t, _, _ in pairs}
    totals: dict[str, float] = defaultdict(float)
    for pairs in per_family.values():
        for t, forecast, actual in pairs:
            if t in complete:
                totals[t] += actual - forecast
    figures.append(_tracking_signal(sorted(totals.items()), None, lag))
    return [figure.judged(target, abs_at_most(target)) for figure in figures]


def _tracking_signal(errors: list[tuple[str, float]], family: str | None, lag: int) -> Figure:
    window = (errors[0][0], errors[-1][0]) if errors else None
    if not errors:
        reason = f"no month of the tracking window has both an actual demand and a lag-{lag} forecast"
        if family is None:
            reason = f"no month of the tracking window has an actual and a lag-{lag} forecast for every family"
        return Figure("tracking-signal", None, "ratio", family=family, lag=lag, reason=reason)
    mad = sum(abs(error) for _, error in errors) / len(errors)
    if mad == 0:
        return Figure("tracking-signal", None, "ratio", family=family, lag=lag, window=window,
                      reason="no forecast error in the tracking window (MAD = 0)")
    return Figure("tracking-signal", sum(error for _, error in errors) / mad, "ratio", family=family, lag=lag,
                  window=window)


def forecast_value_added(series: PlanSeries, organisation: Organisation, window: list[str],
                         lag: int) -> list[Figure]:
    """WAPE of the naive forecast minus WAPE of the plan, over the same (family, month) pairs."""
    plan_errors = {family: Pool() for family in organisation.families}
    naive_errors = {family: Pool() for family in organisation.families}
    for family in organisation.families:
        for t, forecast, actual in _pairs(series, family, window, lag):
            naive = series.naive_forecast(family, t, lag)
            if naive is None:
                continue
            plan_errors[family].add(t, abs(forecast - actual), actual)
            naive_errors[family].add(t, abs(naive - actual), actual)
    figures = []
    for scope in [*organisation.families, None]:
        plan_pool = plan_errors[scope] if scope else total_of(plan_errors.values())
        naive_pool = naive_errors[scope] if scope else total_of(naive_errors.values())
        empty = f"no month of the window has an actual demand, a lag-{lag} forecast and a naive forecast"
        plan_wape, plan_reason = plan_pool.ratio(empty=empty, zero=ZERO_DEMAND, zero_over_zero=0.0)
        naive_wape, naive_reason = naive_pool.ratio(empty=empty, zero=ZERO_DEMAND, zero_over_zero=0.0)
        reason = plan_reason or (f"naive forecast: {naive_reason}" if naive_reason else None)
        value = None if plan_wape is None or naive_wape is None else naive_wape - plan_wape
        figures.append(Figure("fva", value, "ratio", family=scope, lag=lag, window=plan_pool.window,
                              reason=reason).judged(0.0, at_least(0.0)))
    return figures


def plan_churn(series: PlanSeries, organisation: Organisation, month: str) -> list[Figure]:
    """How much the next three months' forecast moved since the last approved plan."""
    current, previous = series.plan(month), series.snapshot(add_months(month, -1))
    pools = {family: Pool() for family in organisation.families}
    if current is not None and previous is not None:
        for family in organisation.families:
            now, before = current.families.get(family), previous.families.get(family)
            if now is None or before is None:
                continue
            for t in (month, add_months(month, 1), add_months(month, 2)):
                if t in now.forecast and t in before.forecast:
                    pools[family].add(t, abs(now.forecast[t] - before.forecast[t]), before.forecast[t])
    empty = (f"no approved plan for {add_months(month, -1)} to compare with" if previous is None
             else "the two plans share no forecast month of the next three")
    return [pooled_figure("plan-churn", pools[family] if family else total_of(pools.values()), empty=empty,
                          zero="the previous plan forecast 0 for the next three months", zero_over_zero=0.0,
                          family=family)
            for family in [*organisation.families, None]]
