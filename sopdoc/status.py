"""Facts about documents on a date, shared by the rules, the indicators and the listings:
next reviews, who must be trained on what, when cycle steps are due, how old data sources are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sopdoc.config import Organisation
from sopdoc.model import DataSource, Plan, Procedure, TrainingRecord
from sopdoc.workdays import add_months_to_date, nth_working_day

DEFAULT_MAX_AGE_DAYS = 7


def next_review(procedure: Procedure, organisation: Organisation) -> dt.date | None:
    """``last_review`` (default ``effective``) + the review interval; None without either date."""
    start = procedure.last_review or procedure.effective
    if start is None:
        return None
    interval = procedure.review_interval_months or organisation.review_interval_months
    return add_months_to_date(start, interval)


@dataclass(frozen=True)
class ReviewStatus:
    procedure: Procedure
    next_review: dt.date
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def review_statuses(procedures: Iterable[Procedure], organisation: Organisation,
                    today: dt.date) -> list[ReviewStatus]:
    """Every active procedure with a computable next review, soonest first."""
    statuses = []
    for procedure in procedures:
        if procedure.status != "active":
            continue
        due = next_review(procedure, organisation)
        if due is not None:
            statuses.append(ReviewStatus(procedure, due, (due - today).days))
    return sorted(statuses, key=lambda status: (status.next_review, status.procedure.id or ""))


@dataclass(frozen=True)
class TrainingNeed:
    """A person who holds one of a procedure's training roles, and where they stand."""

    person: str
    procedure: Procedure
    role: str  # the first training role the person holds
    trained: bool  # a record names this person, procedure and its current revision
    trained_revision: int | None  # the latest revision the person was trained on, if any


def training_needs(procedures: Iterable[Procedure], organisation: Organisation,
                   records: Iterable[TrainingRecord]) -> list[TrainingNeed]:
    """Every (person, active procedure) pair the training roles call for, in procedure then person order."""
    revisions: dict[tuple[str, str], set[int]] = {}
    for record in records:
        if record.person and record.procedure and record.revision is not None:
            revisions.setdefault((record.person, record.procedure), set()).add(record.revision)
    order = {identifier: index for index, identifier in enumerate(organisation.people)}
    holders: dict[str, list[str]] = {}  # role → people holding it
    for holder in organisation.people.values():
        for role in holder.roles:
            holders.setdefault(role, []).append(holder.id)
    needs = []
    for procedure in sorted(procedures, key=lambda p: p.id or ""):
        if procedure.status != "active" or procedure.id is None or procedure.revision is None:
            continue
        first_role: dict[str, str] = {}  # person → the first training role they hold
        for role, _ in procedure.training_roles:
            for person in holders.get(role, ()):
                first_role.setdefault(person, role)
        for person in sorted(first_role, key=order.__getitem__):
            done = revisions.get((person, procedure.id), set())
            needs.append(TrainingNeed(person, procedure, first_role[person], procedure.revision in done,
                                      max(done) if done else None))
    return needs


def reference_date(plan: Plan, today: dt.date) -> dt.date:
    """The date a plan is judged on: its approval date when approved, else today."""
    if plan.status == "approved" and plan.approved_date is not None:
        return plan.approved_date
    return today


def step_due_dates(organisation: Organisation, month: str) -> dict[str, dt.date | None]:
    """Calendar step → its due date in cycle ``month`` (None when the month is too short)."""
    return {step.step: nth_working_day(month, step.working_day, organisation.country)
            for step in organisation.calendar}


def source_age_days(source: DataSource, on: dt.date) -> int | None:
    return None if source.as_of is None else (on - source.as_of).days


def source_is_fresh(source: DataSource, on: dt.date) -> bool | None:
    age = source_age_days(source, on)
    if age is None:
        return None
    limit = source.max_age_days if source.max_age_days is not None else DEFAULT_MAX_AGE_DAYS
    return age <= limit
