"""Process health (SPEC 3.4): reviews and training on ``today``; actions, cycle steps and data
freshness on the plan's reference date (its approval date when approved, else ``today``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sopdoc.config import Organisation
from sopdoc.indicators.figures import Figure
from sopdoc.model import Plan, Procedure, TrainingRecord
from sopdoc.status import (
    TrainingNeed,
    reference_date,
    review_statuses,
    source_is_fresh,
    step_due_dates,
    training_needs,
)


def _share(identifier: str, good: int, total: int, reason: str) -> Figure:
    if total == 0:
        return Figure(identifier, None, "ratio", reason=reason)
    return Figure(identifier, good / total, "ratio")


def process_figures(organisation: Organisation, procedures: Sequence[Procedure], training: Sequence[TrainingRecord],
                    plan: Plan, today: dt.date, needs: Sequence[TrainingNeed] | None = None) -> list[Figure]:
    """``needs``: `training_needs` of these procedures and records, when already worked out."""
    reviews = review_statuses(procedures, organisation, today)
    if needs is None:
        needs = training_needs(procedures, organisation, training)
    on = reference_date(plan, today)
    overdue = [action for action in plan.actions
               if action.status == "open" and action.due is not None and action.due < on]
    finished = [(action.done, action.original_due or action.due) for action in plan.actions
                if action.status == "done" and action.done is not None and action.due is not None]
    sources = [(source, source_is_fresh(source, on)) for source in plan.data_sources]
    sources = [(source, fresh) for source, fresh in sources if fresh is not None]
    return [
        _share("reviews-on-time", sum(not status.overdue for status in reviews), len(reviews),
               "no active procedure with an effective or review date"),
        _share("training-coverage", sum(need.trained for need in needs), len(needs),
               "no person holds a training role of an active procedure"),
        Figure("actions-overdue", len(overdue), "count"),
        _share("actions-on-time", sum(1 for done, deadline in finished if deadline is not None and done <= deadline),
               len(finished), "no action of the plan is done"),
        _cycle_on_time(organisation, plan, on),
        _share("data-freshness", sum(1 for _, fresh in sources if fresh), len(sources),
               "the plan lists no data source with an as_of date"),
    ]


def _cycle_on_time(organisation: Organisation, plan: Plan, on: dt.date) -> Figure:
    """Steps done by their due working day, over the steps done or already due on ``on``."""
    assert plan.month is not None
    done = {entry.step: entry.done for entry in plan.cycle if entry.step is not None}
    counted = on_time = 0
    for step, due in step_due_dates(organisation, plan.month).items():
        finished = done.get(step)
        if due is None:
            continue
        if finished is None and due >= on:
            continue  # not due yet: neither on time nor late
        counted += 1
        on_time += finished is not None and finished <= due
    return _share("cycle-on-time", on_time, counted, "no step of the cycle is done or due yet")
