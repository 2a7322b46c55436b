"""The indicators page: every indicator of SPEC 3 over the past cycles, with its target, as a chart and
a table, one anchor per indicator id (procedure pages link to ``indicators.md#<id>``).

The figures of every cycle month are computed once per site (`cycles`) with one `PlanSeries` and the
section functions of `sopdoc.indicators`, never `compute_indicators` per month: that one also
recomputes the review and training figures, which depend on today and not on the month. The plans
pages and the home page read the same cycles.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from sopdoc.config import Organisation
from sopdoc.indicators.delivery import delivery
from sopdoc.indicators.figures import Figure, Target
from sopdoc.indicators.forecast import forecast_quality
from sopdoc.indicators.health import Load, Projection, capacity_loads, projections
from sopdoc.indicators.process import process_figures
from sopdoc.indicators.series import PlanSeries
from sopdoc.model import Plan
from sopdoc.site.charts import Chart, Numbers, Series, numbers, render_chart
from sopdoc.site.context import SiteContext
from sopdoc.site.render import cell, render

PLAN_PROCESS = ("actions-overdue", "actions-on-time", "cycle-on-time", "data-freshness")
TODAY_ONLY = ("reviews-on-time", "training-coverage")  # computed on today: no history per cycle

# How a value compares with its target (presentation only; the figures carry `met`).
AT_LEAST = frozenset({"forecast-accuracy", "otif", "production-attainment", "fva"})
ABS_AT_MOST = frozenset({"bias", "tracking-signal"})
AT_MOST = frozenset({"capacity-load"})
LOWER_IS_BETTER = frozenset({"wape", "plan-churn", "lead-time", "actions-overdue", "capacity-load"})

LOAD_HIGH = 0.85  # a load from 85 % up to the maximum is "high"


# --------------------------------------------------------------------------- the cycles


@dataclass(frozen=True)
class Cycle:
    """One cycle month: its plan, the figures of SPEC 3.1, 3.2 and the plan's process figures, and
    the plan-health projections (capacity loads, projected inventory or backlog)."""

    month: str
    plan: Plan
    figures: tuple[Figure, ...]
    loads: tuple[Load, ...]
    projections: Mapping[str, Sequence[Projection]]

    def total(self, identifier: str, lag: int | None = None) -> Figure | None:
        """The figure of all families (``lag`` for forecast figures), or None."""
        for figure in self.figures:
            if (figure.id == identifier and figure.family is None and figure.work_center is None
                    and (lag is None or figure.lag == lag)):
                return figure
        return None

    def max_load(self) -> Load | None:
        """The highest load of the plan over its work centers and months (None: no load computable)."""
        loads = [load for load in self.loads if load.value is not None]
        return max(loads, key=lambda load: load.value or 0.0) if loads else None


def compute_cycles(plans: Sequence[Plan], organisation: Organisation, today: dt.date) -> tuple[Cycle, ...]:
    """Every cycle month of the series, oldest first."""
    series = PlanSeries(plans)
    result = []
    for month in series.months:
        plan = series.plan(month)
        assert plan is not None
        process = [figure for figure in process_figures(organisation, (), (), plan, today)
                   if figure.id in PLAN_PROCESS]
        figures = (*forecast_quality(series, organisation, month), *delivery(series, organisation, month), *process)
        result.append(Cycle(month, plan, figures, tuple(capacity_loads(plan, organisation)),
                            projections(plan, organisation)))
    return tuple(result)


class _Memo:
    """The cycles of the latest site context, held weakly: the pages of one site share them."""

    def __init__(self) -> None:
        self._context: weakref.ref[SiteContext] | None = None
        self._cycles: tuple[Cycle, ...] = ()

    def get(self, ctx: SiteContext) -> tuple[Cycle, ...]:
        if self._context is None or self._context() is not ctx:
            self._cycles = compute_cycles(ctx.repo.plans, ctx.organisation, ctx.settings.today)
            self._context = weakref.ref(ctx)
        return self._cycles


_MEMO = _Memo()


def cycles(ctx: SiteContext) -> tuple[Cycle, ...]:
    """The cycles of the site's repository, computed once per site context."""
    return _MEMO.get(ctx)


# --------------------------------------------------------------------------- shared presentation


def fmt(ctx: SiteContext) -> Numbers:
    """Numbers in the site's language, fast (same output as ``ctx.labels``)."""
    return numbers(ctx.labels.language)


def marked(value: Mapping[str, str]) -> Markup:
    """A table cell ``{text, cls, title}``: the text through the `cell` filter, in a span carrying its colour
    class and hover text (escaped) when it has them. One function call per cell: pages have thousands."""
    text = cell(value["text"])
    if not value["cls"] and not value["title"]:
        return text
    attributes = Markup(' class="{}"').format(value["cls"]) if value["cls"] else Markup("")
    if value["title"]:  # a pipe, even inside an attribute, would split the Markdown table's cell
        attributes += Markup(' title="{}"').format(value["title"]).replace("|", Markup("&#124;"))
    return Markup("<span{}>{}</span>").format(attributes, text)


def marked_html(value: Mapping[str, str]) -> Markup:
    """The same cell inside a generated HTML block (`sopdoc.site.rawhtml`): the text only escaped, no
    Markdown backslashes, and an empty text stays empty (the cell is ``<td></td>``)."""
    text = escape(value["text"])
    if not value["cls"] and not value["title"]:
        return text
    attributes = Markup(' class="{}"').format(value["cls"]) if value["cls"] else Markup("")
    if value["title"]:
        attributes += Markup(' title="{}"').format(value["title"])
    return Markup("<span{}>{}</span>").format(attributes, text)


def figure_text(ctx: SiteContext, figure: Figure | None) -> str:
    return ctx.labels("no_value") if figure is None else ctx.value(figure)


def is_percent(identifier: str) -> bool:
    return identifier not in ("tracking-signal", "lead-time", "actions-overdue", "inventory-coverage",
                              "backlog-weeks")


def amount_text(ctx: SiteContext, identifier: str, value: float) -> str:
    """A target or threshold of indicator ``identifier`` in its unit."""
    if is_percent(identifier):
        return fmt(ctx).percent(value)
    return fmt(ctx).number(value, 0 if float(value).is_integer() else 1)


def target_text(ctx: SiteContext, identifier: str, target: Target) -> str:
    """"au moins 80,0 %", "entre -10,0 % et +10,0 %" (the minus sign of the values, Babel's), "de 2 à 6"; empty
    without a target."""
    t = ctx.labels
    if target is None:
        return ""
    if isinstance(target, tuple):
        low, high = target
        if low is not None and high is not None:
            return t("ind_target_band", low=amount_text(ctx, identifier, low), high=amount_text(ctx, identifier, high))
        if high is not None:
            return t("ind_target_max", value=amount_text(ctx, identifier, high))
        return t("ind_target_min", value=amount_text(ctx, identifier, low)) if low is not None else ""
    amount = amount_text(ctx, identifier, target)
    if identifier in ABS_AT_MOST:
        return t("ind_target_abs", value=amount)
    if identifier in AT_MOST:
        return t("ind_target_max", value=amount)
    return t("ind_target_min", value=amount)


def load_class(value: float | None, maximum: float) -> str:
    """The colour class of a capacity load: ok below 85 %, high up to the maximum, over above."""
    if value is None:
        return ""
    if value > maximum:
        return "sopdoc-load-over"
    return "sopdoc-load-high" if value >= LOAD_HIGH else "sopdoc-load-ok"


def target_lines(ctx: SiteContext, identifier: str, target: Target, count: int) -> list[Series]:
    """The dashed lines of a target on a chart of ``count`` months."""
    if target is None or isinstance(target, tuple):
        return []
    if identifier in ABS_AT_MOST and target:
        name = ctx.labels("chart_target", value="±" + amount_text(ctx, identifier, target))
        return [Series(name, (target,) * count, limit=True), Series(None, (-target,) * count, limit=True)]
    name = ctx.labels("chart_target", value=amount_text(ctx, identifier, target))
    return [Series(name, (target,) * count, limit=True)]


# --------------------------------------------------------------------------- the page


def pages(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    history = cycles(ctx)
    groups = [
        ("ind_group_forecast", [*(_lag_section(ctx, history, identifier)
                                  for identifier in ("forecast-accuracy", "wape", "bias")),
                                *(_total_section(ctx, history, identifier)
                                  for identifier in ("tracking-signal", "fva", "plan-churn"))]),
        ("ind_group_delivery", [_total_section(ctx, history, identifier)
                                for identifier in ("otif", "lead-time", "production-attainment")]),
        ("ind_group_health", [_load_section(ctx, history),
                              _cover_section(ctx, history, "inventory-coverage", "mts"),
                              _cover_section(ctx, history, "backlog-weeks", "mto")]),
        ("ind_group_process", [*(_total_section(ctx, history, identifier) for identifier in PLAN_PROCESS),
                               *(_today_section(ctx, identifier) for identifier in TODAY_ONLY)]),
    ]
    charts: list[Chart] = []
    rendered_groups = []
    for key, sections in groups:
        rendered_groups.append({"title": ctx.labels(key), "sections": sections})
        charts.extend(section["chart"] for section in sections if section["chart"] is not None)
    first, last = (history[0].month, history[-1].month) if history else ("", "")
    yield "indicators.md", render("indicators.md.j2", page="indicators.md", groups=rendered_groups, first=first,
                                  last=last, count=len(history), window=ctx.organisation.kpi_window_months,
                                  t=ctx.labels, date=ctx.date, today=ctx.settings.today, v=marked_html, v_md=marked)
    for chart in charts:
        yield chart.path, render_chart(chart, ctx.labels)


def _section(ctx: SiteContext, identifier: str, columns: list[str], rows: list[dict[str, Any]],
             chart: Chart | None, target: str = "") -> dict[str, Any]:
    return {"id": identifier, "anchor": "{#" + identifier + "}", "title": ctx.labels(identifier),
            "description": ctx.labels(f"ind_desc_{identifier}"), "target": target, "columns": columns,
            "rows": rows, "chart": chart, "image": chart.path if chart else None,
            "alt": ctx.labels("chart_indicator_alt", name=ctx.labels(identifier)), "value": None, "empty": ""}


def _cell(ctx: SiteContext, figure: Figure | None) -> dict[str, str]:
    """A table cell: the value, marked when the figure misses its target, with the reason of a null."""
    return {"text": figure_text(ctx, figure),
            "cls": "sopdoc-off-target" if figure is not None and figure.met is False else "",
            "title": (figure.reason or "") if figure is not None else ""}


def _rows(cells_by_month: list[tuple[str, list[dict[str, str]]]]) -> list[dict[str, Any]]:
    """Newest first: the table reads from the latest cycle down."""
    return [{"month": month, "cells": cells} for month, cells in reversed(cells_by_month)]


def _chart(ctx: SiteContext, identifier: str, history: Sequence[Cycle], series: list[Series],
           target: Target) -> Chart:
    months = tuple(cycle.month for cycle in history)
    return Chart(f"indicators/{identifier}.svg", ctx.labels(identifier), months,
                 (*series, *target_lines(ctx, identifier, target, len(months))), percent=is_percent(identifier))


def _target_of(history: Sequence[Cycle], identifier: str, lag: int | None = None) -> Target:
    for cycle in reversed(history):
        figure = cycle.total(identifier, lag)
        if figure is not None and figure.target is not None:
            return figure.target
    return None


def _lag_section(ctx: SiteContext, history: Sequence[Cycle], identifier: str) -> dict[str, Any]:
    lags = ctx.organisation.kpi_lags
    target = _target_of(history, identifier, lags[0])
    series = [Series(ctx.labels("ind_lag", lag=lag), tuple(_value(cycle.total(identifier, lag)) for cycle in history))
              for lag in lags]
    rows = _rows([(cycle.month, [_cell(ctx, cycle.total(identifier, lag)) for lag in lags]) for cycle in history])
    return _section(ctx, identifier, [ctx.labels("ind_lag", lag=lag) for lag in lags], rows,
                    _chart(ctx, identifier, history, series, target), target_text(ctx, identifier, target))


def _total_section(ctx: SiteContext, history: Sequence[Cycle], identifier: str) -> dict[str, Any]:
    target = _target_of(history, identifier)
    series = [Series(ctx.labels("total"), tuple(_value(cycle.total(identifier)) for cycle in history))]
    rows = _rows([(cycle.month, [_cell(ctx, cycle.total(identifier))]) for cycle in history])
    return _section(ctx, identifier, [ctx.labels("value")], rows, _chart(ctx, identifier, history, series, target),
                    target_text(ctx, identifier, target))


def _load_section(ctx: SiteContext, history: Sequence[Cycle]) -> dict[str, Any]:
    """The load of each work center in the cycle month itself, as planned that month."""
    centers = ctx.organisation.work_centers
    maximum = ctx.organisation.targets.capacity_load_max
    by_cycle = [{load.work_center: load for load in cycle.loads if load.month == cycle.month} for cycle in history]
    series = [Series(center.name, tuple(_load_value(loads.get(center.id)) for loads in by_cycle))
              for center in centers.values()]
    rows = _rows([(cycle.month, [load_cell(ctx, loads.get(identifier), maximum) for identifier in centers])
                  for cycle, loads in zip(history, by_cycle, strict=True)])
    return _section(ctx, "capacity-load", list(centers), rows, _chart(ctx, "capacity-load", history, series, maximum),
                    target_text(ctx, "capacity-load", maximum))


def _load_value(load: Load | None) -> float | None:
    return load.value if load is not None else None


def load_cell(ctx: SiteContext, load: Load | None, maximum: float) -> dict[str, str]:
    """A capacity load as a table cell coloured by level; a closed month says so."""
    if load is None:
        return {"text": ctx.labels("no_value"), "cls": "", "title": ""}
    if load.capacity == 0:
        return {"text": ctx.labels("plan_closed"), "cls": "sopdoc-load-over" if load.hours else "sopdoc-load-closed",
                "title": load.reason or ""}
    if load.value is None:
        return {"text": ctx.labels("no_value"), "cls": "", "title": load.reason or ""}
    hours = f"{fmt(ctx).number(load.hours or 0.0, 0)} h / {fmt(ctx).number(load.capacity or 0.0, 0)} h"
    return {"text": fmt(ctx).percent(load.value), "cls": load_class(load.value, maximum), "title": hours}


def _cover_section(ctx: SiteContext, history: Sequence[Cycle], identifier: str, strategy: str) -> dict[str, Any]:
    """Weeks of cover (mts) or of backlog (mto) at the end of the cycle month, per family."""
    families = [family for family in ctx.organisation.families.values() if family.strategy == strategy]
    series = []
    cells: list[list[dict[str, str]]] = [[] for _ in history]
    for family in families:
        band = ((family.inventory_weeks_min, family.inventory_weeks_max) if strategy == "mts"
                else (None, family.backlog_weeks_max))
        values: list[float | None] = []
        for index, cycle in enumerate(history):
            point = next((p for p in cycle.projections.get(family.id, ()) if p.month == cycle.month), None)
            weeks = point.weeks if point is not None else None
            values.append(weeks)
            cells[index].append(week_cell(ctx, weeks, band, point.weeks_reason if point is not None else None))
        series.append(Series(family.name, tuple(values)))
    if not families:
        return {**_section(ctx, identifier, [], [], None), "empty": ctx.labels("ind_no_family")}
    rows = _rows([(cycle.month, row) for cycle, row in zip(history, cells, strict=True)])
    return _section(ctx, identifier, [family.id for family in families], rows,
                    _chart(ctx, identifier, history, series, None))


def week_cell(ctx: SiteContext, weeks: float | None, band: tuple[float | None, float | None],
              reason: str | None) -> dict[str, str]:
    """Weeks of cover or backlog, marked outside the family's band."""
    if weeks is None:
        return {"text": ctx.labels("no_value"), "cls": "", "title": reason or ""}
    low, high = band
    outside = (low is not None and weeks < low) or (high is not None and weeks > high)
    return {"text": fmt(ctx).number(weeks), "cls": "sopdoc-off-target" if outside else "", "title": ""}


def _today_section(ctx: SiteContext, identifier: str) -> dict[str, Any]:
    report = ctx.indicators
    figure = next((f for f in report.figures if f.id == identifier), None) if report is not None else None
    return {**_section(ctx, identifier, [], [], None), "value": _cell(ctx, figure)}


def _value(figure: Figure | None) -> float | None:
    return figure.value if figure is not None else None
