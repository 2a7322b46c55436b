"""Rules on dates: `data-stale`, `cycle-step-late` (plan being prepared), `action-overdue`
(latest plan's register), `review-overdue`, `review-due-soon`, `training-gap`.

The plan being prepared is judged on ``today`` (SPEC: an approved plan's reference date is its
approval date, and only drafts get these rules). `action-overdue` also uses ``today`` for an approved
latest plan: its action register stays live until the next plan carries it forward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sopdoc.config import Organisation
from sopdoc.diagnostics import Diagnostic
from sopdoc.model import Plan
from sopdoc.repository import Repository
from sopdoc.rules.figures import latest_plan, plan_being_prepared
from sopdoc.status import (
    DEFAULT_MAX_AGE_DAYS,
    review_statuses,
    source_age_days,
    step_due_dates,
)


def check(repo: Repository, today: dt.date) -> Iterator[Diagnostic]:
    organisation = repo.organisation
    if organisation is None:
        return
    draft = plan_being_prepared(repo)
    if draft is not None:
        yield from _data_sources(draft, today)
        yield from _cycle_steps(draft, organisation, today)
    latest = latest_plan(repo)
    if latest is not None:
        yield from _actions(latest, today)
    yield from _reviews(repo, organisation, today)
    yield from _training(repo)


def _data_sources(plan: Plan, today: dt.date) -> Iterator[Diagnostic]:
    for source in plan.data_sources:
        age = source_age_days(source, today)
        limit = source.max_age_days if source.max_age_days is not None else DEFAULT_MAX_AGE_DAYS
        if age is not None and age > limit:
            yield plan.document.diagnostic((*source.at, "as_of"), "data-stale",
                                           f"data source {source.id} is {age} days old on {today} "
                                           f"(max {limit}); refresh the extract")


def _cycle_steps(plan: Plan, organisation: Organisation, today: dt.date) -> Iterator[Diagnostic]:
    assert plan.month is not None
    entries = {entry.step: entry for entry in plan.cycle if entry.step is not None}
    days = {step.step: step.working_day for step in organisation.calendar}
    for step, due in step_due_dates(organisation, plan.month).items():
        if due is None:
            continue
        entry = entries.get(step)
        if entry is not None and entry.done is not None:
            if entry.done > due:
                yield plan.document.diagnostic((*entry.at, "done"), "cycle-step-late",
                                               f"{step} done on {entry.done}, due on {due} "
                                               f"(working day {days[step]})")
        elif due < today:
            at = entry.at if entry is not None else ("cycle",)
            yield plan.document.diagnostic(at, "cycle-step-late",
                                           f"{step} not done; it was due on {due} (working day {days[step]})",
                                           key=entry is None)


def _actions(plan: Plan, today: dt.date) -> Iterator[Diagnostic]:
    for action in plan.actions:
        if action.status == "open" and action.due is not None and action.due < today:
            late = (today - action.due).days
            yield plan.document.diagnostic((*action.at, "due"), "action-overdue",
                                           f"action {action.id} ({action.owner}) was due on {action.due}, "
                                           f"{late} days ago")


def _reviews(repo: Repository, organisation: Organisation, today: dt.date) -> Iterator[Diagnostic]:
    for status in review_statuses(repo.procedures, organisation, today):
        procedure = status.procedure
        at = ("last_review",) if procedure.last_review is not None else ("effective",)
        if status.overdue:
            yield procedure.document.diagnostic(at, "review-overdue",
                                                f"review was due on {status.next_review}, "
                                                f"{-status.days_left} days ago")
        elif status.days_left <= organisation.review_warn_days:
            yield procedure.document.diagnostic(at, "review-due-soon",
                                                f"review due on {status.next_review}, in {status.days_left} days")


def _training(repo: Repository) -> Iterator[Diagnostic]:
    for need in repo.training_needs:
        if need.trained:
            continue
        procedure = need.procedure
        at = next((path for role, path in procedure.training_roles if role == need.role), ("training_roles",))
        history = (f"trained on revision {need.trained_revision}" if need.trained_revision is not None
                   else "never trained on it")
        yield procedure.document.diagnostic(at, "training-gap",
                                            f"{need.person} ({need.role}) is not trained on revision "
                                            f"{procedure.revision} of {procedure.id}; {history}")
