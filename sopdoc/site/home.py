"""The home page: the current plan's month and status, indicator cards against their targets with the
trend since the previous cycle, alerts that each link to the page concerned, and the latest
procedure revisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sopdoc.diagnostics import Severity
from sopdoc.indicators.figures import Figure
from sopdoc.model import Plan, Procedure
from sopdoc.site.context import SiteContext
from sopdoc.site.indicators_page import (
    ABS_AT_MOST,
    LOWER_IS_BETTER,
    TODAY_ONLY,
    Cycle,
    cycles,
    fmt,
    target_text,
)
from sopdoc.site.render import render
from sopdoc.status import reference_date, review_statuses, source_age_days, source_is_fresh
from sopdoc.validate import validate

CARDS = ("forecast-accuracy", "bias", "otif", "production-attainment", "training-coverage", "reviews-on-time")
LATEST_CHANGES = 10
ERROR_FILES_SHOWN = 10


@dataclass(frozen=True)
class Card:
    figure: Figure
    value: str
    target: str
    previous: str  # the previous cycle's value, empty without one
    previous_month: str
    trend: str  # up | down | flat | "" (no previous value)
    judgement: str  # better | worse | "" (same, or no direction)


@dataclass(frozen=True)
class Alert:
    kind: str  # errors | review | overload | stale | action
    text: str  # the sentence, before the link
    label: str  # the link's text
    url: str  # the page concerned (Markdown link, relative to index.md); empty: no page
    detail: str = ""
    nested: bool = False  # a detail of the alert before it (the files with errors)


@dataclass(frozen=True)
class Change:
    date: dt.datetime | dt.date
    procedure: str
    title: str
    revision: str
    summary: str
    author: str


def pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    history = cycles(ctx)
    latest = history[-1].plan if history else (ctx.repo.plans[-1] if ctx.repo.plans else None)
    yield "index.md", render(
        "home.md.j2", page="index.md", organisation=ctx.organisation, plan=latest, cards=cards(ctx, history),
        alerts=alerts(ctx, history), changes=latest_changes(ctx), t=ctx.labels, date=ctx.date,
        today=ctx.settings.today, day_of=day_of,
    )


# --------------------------------------------------------------------------- cards


def cards(ctx: SiteContext, history: tuple[Cycle, ...]) -> list[Card]:
    """The headline indicators of the latest cycle, each with the previous cycle's value."""
    headline = ctx.organisation.kpi_lags[0]
    report = ctx.indicators
    result = []
    for identifier in CARDS:
        lag = headline if identifier in ("forecast-accuracy", "bias") else None
        if identifier in TODAY_ONLY:
            current = next((f for f in report.figures if f.id == identifier), None) if report else None
            previous = None
        else:
            current = history[-1].total(identifier, lag) if history else None
            previous = history[-2].total(identifier, lag) if len(history) > 1 else None
        if current is None:
            continue
        trend, judgement = _trend(identifier, current, previous)
        result.append(Card(
            current, ctx.value(current), target_text(ctx, identifier, current.target),
            ctx.value(previous) if previous is not None and previous.value is not None else "",
            history[-2].month if previous is not None else "", trend, judgement))
    return result


def _trend(identifier: str, current: Figure, previous: Figure | None) -> tuple[str, str]:
    """Direction of the value since the previous cycle, and whether that is an improvement."""
    if previous is None or previous.value is None or current.value is None:
        return "", ""
    now, before = current.value, previous.value
    if abs(now - before) < 1e-9:
        return "flat", ""
    trend = "up" if now > before else "down"
    if identifier in ABS_AT_MOST:
        better = abs(now) < abs(before)
    elif identifier in LOWER_IS_BETTER:
        better = now < before
    else:
        better = now > before
    return trend, "better" if better else "worse"


# --------------------------------------------------------------------------- alerts


def alerts(ctx: SiteContext, history: tuple[Cycle, ...]) -> list[Alert]:
    """What needs attention today, each alert linking to its page."""
    result = [*_error_alerts(ctx, history), *_review_alerts(ctx)]
    if history:
        latest = history[-1]
        result.extend(_overload_alerts(ctx, latest))
        result.extend(_stale_alerts(ctx, latest.plan))
        result.extend(_action_alerts(ctx, latest.plan))
    return result


def _error_alerts(ctx: SiteContext, history: tuple[Cycle, ...]) -> list[Alert]:
    """One alert per file with validation errors (`sopdoc validate`), up to ten files, then a count."""
    errors = [d for d in validate(ctx.repo, ctx.settings.today).diagnostics if d.severity is Severity.ERROR]
    if not errors:
        return []
    by_path: dict[str, int] = {}
    for diagnostic in errors:
        by_path[diagnostic.path] = by_path.get(diagnostic.path, 0) + 1
    procedures = {procedure.path: procedure.id for procedure in ctx.procedures.values()}
    plans = {cycle.plan.path: cycle.month for cycle in history}
    t = ctx.labels
    result = [Alert("errors", t("home_errors", n=len(errors), files=len(by_path)), "", "")]
    for path, count in list(by_path.items())[:ERROR_FILES_SHOWN]:
        url = (f"procedures/{procedures[path]}.md" if path in procedures
               else f"plans/{plans[path]}.md" if path in plans else "")
        result.append(Alert("errors", t("home_errors_in", n=count), path, url, nested=True))
    return result


def _review_alerts(ctx: SiteContext) -> list[Alert]:
    t = ctx.labels
    return [Alert("review", t("home_review_overdue"), f"{status.procedure.id} — {status.procedure.title or ''}",
                  f"procedures/{status.procedure.id}.md",
                  t("home_review_since", date=ctx.date(status.next_review), days=-status.days_left))
            for status in review_statuses(ctx.procedures.values(), ctx.organisation, ctx.settings.today)
            if status.overdue]


def _overload_alerts(ctx: SiteContext, cycle: Cycle) -> list[Alert]:
    """Work centers loaded above the maximum, or loaded while closed, in a month of the latest plan."""
    maximum = ctx.organisation.targets.capacity_load_max
    t = ctx.labels
    result = []
    for center in ctx.organisation.work_centers.values():
        loads = [load for load in cycle.loads if load.work_center == center.id]
        over = [load for load in loads if load.value is not None and load.value > maximum]
        closed = [load for load in loads if load.capacity == 0 and (load.hours or 0) > 0]
        if not over and not closed:
            continue
        details = []
        if over:
            peak = max(over, key=lambda load: load.value or 0.0)
            details.append(t("home_overload_peak", value=fmt(ctx).percent(peak.value or 0.0), month=peak.month,
                             n=len(over)))
        if closed:
            details.append(t("home_overload_closed", months=", ".join(load.month for load in closed)))
        result.append(Alert("overload", t("home_overload"), f"{center.id} — {center.name}",
                            f"plans/{cycle.month}.md#capacity", "; ".join(details)))
    return result


def _stale_alerts(ctx: SiteContext, plan: Plan) -> list[Alert]:
    """Data sources of the latest plan older than their maximum age on the plan's reference date."""
    on = reference_date(plan, ctx.settings.today)
    t = ctx.labels
    return [Alert("stale", t("home_stale"), source.id or "", f"plans/{plan.month}.md#data-sources",
                  t("home_stale_age", days=source_age_days(source, on), max=source.max_age_days or 7,
                    date=ctx.date(on)))
            for source in plan.data_sources if source_is_fresh(source, on) is False]


def _action_alerts(ctx: SiteContext, plan: Plan) -> list[Alert]:
    """Open actions of the latest plan's register past due today (as `sopdoc validate` reports them)."""
    today = ctx.settings.today
    t = ctx.labels
    return [Alert("action", t("home_action_overdue"), f"{action.id} — {action.description or ''}",
                  f"plans/{plan.month}.md#actions",
                  t("home_action_due", date=ctx.date(action.due), owner=ctx.actor(action.owner)))
            for action in plan.actions
            if action.status == "open" and action.due is not None and action.due < today]


# --------------------------------------------------------------------------- latest changes


def latest_changes(ctx: SiteContext) -> list[Change]:
    """The most recent procedure revisions: from git when there is a history, else from the files'
    ``changes`` logs."""
    by_path: dict[str, Procedure] = {procedure.path: procedure for procedure in ctx.procedures.values()}
    changes: list[Change] = []
    if ctx.history is not None:
        for path, item in ctx.history.by_path.items():
            procedure = by_path.get(path)
            if procedure is None or procedure.id is None:
                continue
            for revision in item.revisions:
                changes.append(Change(revision.introduced.date, procedure.id, procedure.title or "",
                                      "?" if revision.number is None else str(revision.number),
                                      revision.summary or revision.introduced.subject, revision.introduced.author))
    else:
        for procedure in by_path.values():
            for change in procedure.changes or ():
                if procedure.id is not None and change.date is not None:
                    changes.append(Change(change.date, procedure.id, procedure.title or "",
                                          "?" if change.revision is None else str(change.revision),
                                          change.summary or "", ""))
    changes.sort(key=lambda change: (_moment(change.date), change.procedure), reverse=True)
    return changes[:LATEST_CHANGES]


def _moment(value: dt.datetime | dt.date) -> dt.datetime:
    """Commit times as they are (with their offsets); a bare date as midnight UTC."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


def day_of(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
