"""Plan pages: the index by month, newest first, and one archive page per monthly S&OP plan with its
indicator summary, per-family months, capacity load, charts, data sources, cycle steps and register.

Plan pages are reached through the index only (not in the navigation). The figures come from the
cycles shared with the indicators page (`indicators_page.cycles`); nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sopdoc.config import Family
from sopdoc.indicators.figures import Figure
from sopdoc.indicators.health import Load, Projection
from sopdoc.model import FamilyPlan, Plan
from sopdoc.months import add_months
from sopdoc.site.charts import Chart, Series, month_text, render_chart
from sopdoc.site.context import SiteContext
from sopdoc.site.rawhtml import href
from sopdoc.site.indicators_page import (
    LOAD_HIGH,
    Cycle,
    cycles,
    figure_text,
    fmt,
    load_cell,
    marked_html,
    target_text,
    week_cell,
)
from sopdoc.site.render import render
from sopdoc.status import reference_date, source_age_days, source_is_fresh, step_due_dates

OFF = "sopdoc-off-target"
STEPS = ("data-gathering", "demand-review", "supply-review", "reconciliation", "executive-review")  # named in labels
IMPACTS = ("low", "medium", "high")


def pages(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    history = cycles(ctx)
    yield "plans/index.md", index_page(ctx, history)
    for cycle in history:
        yield page_path(cycle), plan_page(ctx, cycle)


def page_path(cycle: Cycle) -> str:
    return f"plans/{cycle.month}.md"


def chart_files(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    """The SVG charts of every plan: static files, linked from the plan pages as images."""
    for cycle in cycles(ctx):
        for chart in plan_charts(ctx, cycle):
            yield chart.path, render_chart(chart, ctx.labels)


def _common(ctx: SiteContext) -> dict[str, Any]:
    return {"t": ctx.labels, "actor": ctx.actor, "date": ctx.date, "v": marked_html}


# --------------------------------------------------------------------------- the index


def index_page(ctx: SiteContext, history: Sequence[Cycle]) -> str:
    headline = ctx.organisation.kpi_lags[0]
    maximum = ctx.organisation.targets.capacity_load_max
    rows = []
    for cycle in reversed(history):
        peak = cycle.max_load()
        rows.append({
            "month": cycle.month, "name": month_text(ctx.labels, cycle.month),
            "status": ctx.labels("status_" + (cycle.plan.status or "draft")),
            "approved": ctx.date(cycle.plan.approved_date),
            "accuracy": figure_cell(ctx, cycle.total("forecast-accuracy", headline)),
            "otif": figure_cell(ctx, cycle.total("otif")),
            "attainment": figure_cell(ctx, cycle.total("production-attainment")),
            "load": _peak_cell(ctx, peak, maximum),
        })
    return render("plans_index.md.j2", page="plans/index.md", rows=rows, lag=headline, **_common(ctx))


def figure_cell(ctx: SiteContext, figure: Figure | None) -> dict[str, str]:
    """A figure as a table cell: marked when it misses its target; a null explains itself on hover."""
    return {"text": figure_text(ctx, figure), "cls": OFF if figure is not None and figure.met is False else "",
            "title": (figure.reason or "") if figure is not None else ""}


def _peak_cell(ctx: SiteContext, peak: Load | None, maximum: float) -> dict[str, str]:
    if peak is None or peak.value is None:
        return {"text": ctx.labels("no_value"), "cls": "", "title": ""}
    cell = load_cell(ctx, peak, maximum)
    return {**cell, "text": f"{cell['text']} ({peak.work_center}, {peak.month})"}


def _anchor(name: str) -> str:
    """A heading's id for the attr_list extension (Jinja would read the braces as a comment)."""
    return "{#" + name + "}"


# --------------------------------------------------------------------------- one plan


def plan_page(ctx: SiteContext, cycle: Cycle) -> str:
    plan = cycle.plan
    on = reference_date(plan, ctx.settings.today)
    charts = plan_charts(ctx, cycle)
    return render(
        "plan.md.j2",
        page=page_path(cycle),
        month=cycle.month,
        month_name=month_text(ctx.labels, cycle.month),
        plan=plan,
        status=ctx.labels("status_" + (plan.status or "draft")),
        reference=ctx.date(on),
        reference_kind=ctx.labels("plan_ref_approval" if plan.status == "approved" and plan.approved_date
                                  else "plan_ref_today"),
        summary=summary_rows(ctx, cycle),
        families=[_family(ctx, family, plan.families[family.id], cycle, plan)
                  for family in ctx.organisation.families.values() if family.id in plan.families],
        centers=list(ctx.organisation.work_centers),
        loads=load_rows(ctx, cycle),
        charts=[{"image": href(page_path(cycle), chart.path), "alt": chart.alt} for chart in charts],
        sources=source_rows(ctx, plan, on),
        steps=step_rows(ctx, plan, on),
        risks=[{"id": risk.id or "", "description": risk.description or "", "owner": ctx.actor(risk.owner),
                "impact": _impact(ctx, risk.impact)} for risk in plan.risks],
        decisions=[{"id": decision.id or "", "description": decision.description or "",
                    "owner": ctx.actor(decision.owner), "date": ctx.date(decision.date)}
                   for decision in plan.decisions],
        actions=action_rows(ctx, plan, on),
        high=fmt(ctx).percent(LOAD_HIGH),
        maximum=fmt(ctx).percent(ctx.organisation.targets.capacity_load_max),
        anchor=_anchor,
        **_common(ctx),
    )


def summary_rows(ctx: SiteContext, cycle: Cycle) -> list[dict[str, Any]]:
    """The indicator summary of the cycle month: label, value, target, months used."""
    t = ctx.labels
    wanted: list[tuple[str, Figure | None]] = []
    for lag in ctx.organisation.kpi_lags:
        for identifier in ("forecast-accuracy", "wape", "bias"):
            wanted.append((t("plan_at_lag", name=t(identifier), lag=lag), cycle.total(identifier, lag)))
    for identifier in ("tracking-signal", "fva", "plan-churn", "otif", "lead-time", "production-attainment"):
        wanted.append((t(identifier), cycle.total(identifier)))
    rows = [{"id": figure.id if figure else "", "label": label, "value": figure_cell(ctx, figure),
             "target": target_text(ctx, figure.id, figure.target) if figure else "",
             "window": _window(figure)} for label, figure in wanted]
    maximum = ctx.organisation.targets.capacity_load_max
    rows.append({"id": "capacity-load", "label": t("plan_max_load"),
                 "value": _peak_cell(ctx, cycle.max_load(), maximum),
                 "target": target_text(ctx, "capacity-load", maximum), "window": ""})
    for identifier in ("actions-overdue", "actions-on-time", "cycle-on-time", "data-freshness"):
        figure = cycle.total(identifier)
        rows.append({"id": identifier, "label": t(identifier), "value": figure_cell(ctx, figure), "target": "",
                     "window": ""})
    return rows


def _window(figure: Figure | None) -> str:
    if figure is None or figure.window is None:
        return ""
    first, last = figure.window
    return first if first == last else f"{first} → {last}"


# --------------------------------------------------------------------------- families


def _family(ctx: SiteContext, family: Family, entry: FamilyPlan, cycle: Cycle, plan: Plan) -> dict[str, Any]:
    mts = family.strategy == "mts"
    band = (family.inventory_weeks_min, family.inventory_weeks_max) if mts else (None, family.backlog_weeks_max)
    points = {point.month: point for point in cycle.projections.get(family.id, ())}
    months = [add_months(cycle.month, offset) for offset in range(ctx.organisation.horizon_months)]
    return {
        "id": family.id, "name": family.name, "unit": family.unit,
        "strategy": ctx.labels(f"plan_strategy_{family.strategy}") if family.strategy else "",
        "band": _band_text(ctx, band),
        "level_label": ctx.labels("projected-inventory" if mts else "projected-backlog"),
        "weeks_label": ctx.labels("plan_cover_weeks" if mts else "plan_backlog_weeks"),
        "actuals": _actuals(ctx, family, entry, cycle.month),
        "rows": [_month_row(ctx, month, entry, points.get(month), band, mts) for month in months],
    }


def _band_text(ctx: SiteContext, band: tuple[float | None, float | None]) -> str:
    low, high = band
    if low is None and high is None:
        return ""
    return target_text(ctx, "inventory-coverage", band)


def _quantity(ctx: SiteContext, value: float | None) -> str:
    if value is None:
        return ctx.labels("no_value")
    return fmt(ctx).number(value, 0 if float(value).is_integer() else 1)


def _month_row(ctx: SiteContext, month: str, entry: FamilyPlan, point: Projection | None,
               band: tuple[float | None, float | None], mts: bool) -> dict[str, Any]:
    level = point.level if point is not None else None
    stockout = mts and level is not None and level < 0
    return {
        "month": month,
        "forecast": _quantity(ctx, entry.forecast.get(month)),
        "production": _quantity(ctx, entry.production.get(month)),
        "level": {"text": _quantity(ctx, level), "cls": OFF if stockout else "",
                  "title": (point.reason or "") if point is not None and level is None else ""},
        "weeks": week_cell(ctx, point.weeks if point else None, band, point.weeks_reason if point else None),
    }


def _actuals(ctx: SiteContext, family: Family, entry: FamilyPlan, month: str) -> str:
    """The closed month's actuals in one line, or empty when the plan reports none."""
    actuals = entry.actuals
    if actuals is None:
        return ""
    t = ctx.labels
    parts = []
    for key, value in (("plan_actual_demand", actuals.demand), ("plan_actual_production", actuals.production),
                       ("plan_actual_inventory" if family.strategy == "mts" else "plan_actual_backlog",
                        actuals.inventory if family.strategy == "mts" else actuals.backlog)):
        if value is not None:
            parts.append(t(key, value=_quantity(ctx, value)))
    if actuals.lines_due is not None and actuals.lines_on_time is not None:
        parts.append(t("plan_actual_lines", on_time=_quantity(ctx, actuals.lines_on_time),
                       due=_quantity(ctx, actuals.lines_due)))
    if actuals.lead_time_days is not None:
        parts.append(t("plan_actual_lead_time", value=fmt(ctx).number(actuals.lead_time_days)))
    return t("plan_actuals", month=add_months(month, -1), values=", ".join(parts)) if parts else ""


# --------------------------------------------------------------------------- capacity


def load_rows(ctx: SiteContext, cycle: Cycle) -> list[dict[str, Any]]:
    """Per month of the horizon, the load of each work center (rows: months, columns: centers)."""
    maximum = ctx.organisation.targets.capacity_load_max
    by_key = {(load.work_center, load.month): load for load in cycle.loads}
    months = [add_months(cycle.month, offset) for offset in range(ctx.organisation.horizon_months)]
    return [{"month": month, "cells": [load_cell(ctx, by_key.get((center, month)), maximum)
                                       for center in ctx.organisation.work_centers]}
            for month in months]


def plan_charts(ctx: SiteContext, cycle: Cycle) -> list[Chart]:
    """The plan's charts: load per work center with the maximum, and demand against production in hours."""
    t = ctx.labels
    organisation = ctx.organisation
    months = tuple(add_months(cycle.month, offset) for offset in range(organisation.horizon_months))
    by_key = {(load.work_center, load.month): load for load in cycle.loads}
    maximum = organisation.targets.capacity_load_max
    load_series = [Series(center.name, tuple(_load_value(by_key.get((center.id, month))) for month in months))
                   for center in organisation.work_centers.values()]
    limit = Series(t("chart_load_max", value=fmt(ctx).percent(maximum)), (maximum,) * len(months), limit=True)
    capacity = Chart(f"plans/{cycle.month}/capacity.svg", t("chart_capacity_title", month=cycle.month), months,
                     (*load_series, limit), percent=True, description=t("chart_capacity_alt", month=cycle.month))
    hours = Chart(f"plans/{cycle.month}/families.svg", t("chart_hours_title", month=cycle.month), months, (
        Series(t("chart_demand_hours"), tuple(_hours(ctx, cycle.plan, "forecast", month) for month in months)),
        Series(t("chart_production_hours"), tuple(_hours(ctx, cycle.plan, "production", month) for month in months)),
        Series(t("chart_capacity_hours"), tuple(_capacity_hours(by_key, ctx, month) for month in months), limit=True),
    ), description=t("chart_hours_alt", month=cycle.month))
    return [capacity, hours]


def _load_value(load: Load | None) -> float | None:
    return load.value if load is not None else None


def _hours(ctx: SiteContext, plan: Plan, series: str, month: str) -> float | None:
    """Σ_f quantity_f[t] × Σ_w hours_per_unit[f][w]: every family in standard hours (None if one lacks t)."""
    total = 0.0
    for family in ctx.organisation.families.values():
        entry = plan.families.get(family.id)
        quantity = None if entry is None else (entry.forecast if series == "forecast" else entry.production).get(month)
        if quantity is None:
            return None
        total += quantity * sum(family.hours_per_unit.values())
    return total


def _capacity_hours(by_key: dict[tuple[str, str], Load], ctx: SiteContext, month: str) -> float | None:
    capacities = [by_key[(center, month)].capacity for center in ctx.organisation.work_centers
                  if (center, month) in by_key]
    if not capacities or any(capacity is None for capacity in capacities):
        return None
    return float(sum(capacity or 0.0 for capacity in capacities))


# --------------------------------------------------------------------------- sources, steps, register


def source_rows(ctx: SiteContext, plan: Plan, on: dt.date) -> list[dict[str, Any]]:
    rows = []
    for source in plan.data_sources:
        age = source_age_days(source, on)
        fresh = source_is_fresh(source, on)
        rows.append({"id": source.id or "", "description": source.description or "", "owner": ctx.actor(source.owner),
                     "as_of": ctx.date(source.as_of),
                     "age": ctx.labels("no_value") if age is None else fmt(ctx).number(age, 0),
                     "max_age": fmt(ctx).number(source.max_age_days if source.max_age_days is not None else 7, 0),
                     "stale": fresh is False})
    return rows


def step_rows(ctx: SiteContext, plan: Plan, on: dt.date) -> list[dict[str, Any]]:
    """The calendar's steps of the cycle: due working day and date against the done date."""
    assert plan.month is not None
    done = {entry.step: entry for entry in plan.cycle if entry.step is not None}
    dues = step_due_dates(ctx.organisation, plan.month)
    rows = []
    for step in ctx.organisation.calendar:
        entry = done.get(step.step)
        finished = entry.done if entry is not None else None
        due = dues.get(step.step)
        if finished is not None:
            state = "late" if due is not None and finished > due else "on_time"
        else:
            state = "late" if due is not None and due < on else "pending"
        rows.append({
            "name": _step_name(ctx, step.step), "procedure": step.procedure or "",
            "known": step.procedure in ctx.procedures, "owner": ctx.actor(step.owner),
            "day": ctx.labels("plan_working_day", n=step.working_day), "due": ctx.date(due),
            "done": ctx.date(finished), "state": state,
            "attendees": ", ".join(ctx.actor(person) for person, _ in entry.attendees) if entry else "",
        })
    return rows


def _step_name(ctx: SiteContext, step: str) -> str:
    """The name of a calendar step of SPEC 1.1, else its id (the key is never built from unknown text)."""
    return ctx.labels(f"plan_step_{step}") if step in STEPS else step


def _impact(ctx: SiteContext, impact: str | None) -> str:
    if impact is None:
        return ""
    return ctx.labels(f"plan_impact_{impact}") if impact in IMPACTS else impact


def action_rows(ctx: SiteContext, plan: Plan, on: dt.date) -> list[dict[str, Any]]:
    """The plan's action register; an open action past due on the reference date is overdue."""
    rows = []
    for action in plan.actions:
        moved = action.original_due is not None and action.original_due != action.due
        status = action.status or ""
        rows.append({
            "id": action.id or "", "description": action.description or "", "owner": ctx.actor(action.owner),
            "due": ctx.date(action.due), "original_due": ctx.date(action.original_due) if moved else "",
            "status": ctx.labels(f"plan_action_{status}") if status in ("open", "done") else status,
            "done": ctx.date(action.done),
            "overdue": status == "open" and action.due is not None and action.due < on,
        })
    return rows
