"""Structure rules: `duplicate-id`, `filename-mismatch`, `approval-missing`, `revision-log`,
and the organisation checks that one field alone cannot express (`schema`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from sopdoc.diagnostics import Diagnostic
from sopdoc.loading import Document, Path_
from sopdoc.repository import PLANS_DIR, PROCEDURES_DIR, Repository
from sopdoc.workdays import supported_countries


def check(repo: Repository, today: dt.date) -> Iterator[Diagnostic]:
    del today  # no date in these rules
    yield from _duplicate_procedures(repo)
    yield from _duplicate_plan_ids(repo)
    yield from _organisation(repo)
    yield from _filenames(repo)
    yield from _approvals(repo)
    yield from _revision_logs(repo)


# --------------------------------------------------------------------------- duplicate-id


def _duplicates(kind: str, places: Iterable[tuple[str, Document, Path_]]) -> Iterator[Diagnostic]:
    """One finding per occurrence of an id used more than once, naming the other places."""
    by_id: dict[str, list[tuple[Document, Path_]]] = defaultdict(list)
    for identifier, document, at in places:
        by_id[identifier].append((document, at))
    for identifier, occurrences in by_id.items():
        if len(occurrences) < 2:
            continue
        for document, at in occurrences:
            others = ", ".join(
                f"{other.path}:{other.positions.of_value(other_at)[0]}"
                for other, other_at in occurrences if (other, other_at) != (document, at)
            )
            yield document.diagnostic(at, "duplicate-id", f"{kind} id {identifier!r} is also used at {others}")


def _duplicate_procedures(repo: Repository) -> Iterator[Diagnostic]:
    yield from _duplicates("procedure", (
        (procedure.id, procedure.document, ("id",)) for procedure in repo.procedures if procedure.id
    ))


def _duplicate_plan_ids(repo: Repository) -> Iterator[Diagnostic]:
    yield from _duplicates("decision", (
        (decision.id, plan.document, (*decision.at, "id"))
        for plan in repo.plans for decision in plan.decisions if decision.id
    ))
    for plan in repo.plans:
        for kind, items in (("action", plan.actions), ("risk", plan.risks), ("data source", plan.data_sources)):
            yield from _duplicates(kind, ((item.id, plan.document, (*item.at, "id")) for item in items if item.id))


def _organisation(repo: Repository) -> Iterator[Diagnostic]:
    organisation = repo.organisation
    if organisation is None:
        return
    document = organisation.document
    if "country" in organisation.present and organisation.country not in supported_countries():
        yield document.diagnostic(("country",), "schema",
                                  f"country {organisation.country!r} has no public-holiday calendar in the holidays "
                                  "package; working days would ignore holidays")
    for identifier in organisation.people.keys() & organisation.roles.keys():
        yield document.diagnostic(("people", identifier), "duplicate-id",
                                  f"{identifier!r} is both a person and a role; references to it are ambiguous",
                                  key=True)
    yield from _duplicates("calendar step", (
        (step.step, document, (*step.at, "step")) for step in organisation.calendar
    ))
    for family in organisation.families.values():
        at = ("families", family.id)
        if family.strategy == "mto" and (family.inventory_weeks_min, family.inventory_weeks_max) != (None, None):
            yield document.diagnostic((*at, "inventory_weeks"), "schema",
                                      "inventory_weeks applies to mts families; use backlog_weeks for mto",
                                      key=True)
        if family.strategy == "mts" and family.backlog_weeks_max is not None:
            yield document.diagnostic((*at, "backlog_weeks"), "schema",
                                      "backlog_weeks applies to mto families; use inventory_weeks for mts",
                                      key=True)
        low, high = family.inventory_weeks_min, family.inventory_weeks_max
        if low is not None and high is not None and low > high:
            yield document.diagnostic((*at, "inventory_weeks", "min"), "schema",
                                      f"inventory_weeks.min ({low}) is above max ({high})")


# --------------------------------------------------------------------------- filename-mismatch


def _filenames(repo: Repository) -> Iterator[Diagnostic]:
    for procedure in repo.procedures:
        file = PurePosixPath(procedure.path)
        if procedure.id and file.stem != procedure.id:
            yield procedure.document.diagnostic(
                ("id",), "filename-mismatch",
                f"procedure {procedure.id} is in {file.name}; name the file {procedure.id}.md")
        folders = file.parts[1:-1] if file.parts[:1] == (PROCEDURES_DIR,) else ()
        if folders and procedure.area and folders[0] != procedure.area:
            yield procedure.document.diagnostic(
                ("area",), "filename-mismatch",
                f"area {procedure.area!r} but the file is in {PROCEDURES_DIR}/{folders[0]}/; "
                f"move it to {PROCEDURES_DIR}/{procedure.area}/ or fix the area")
    for plan in repo.plans:
        file = PurePosixPath(plan.path)
        if file.suffix != ".yaml":
            yield plan.document.diagnostic(("month",), "filename-mismatch",
                                           f"plan files end in .yaml; rename {file.name}")
        elif plan.month and file.stem != plan.month:
            yield plan.document.diagnostic(("month",), "filename-mismatch",
                                           f"plan of month {plan.month} is in {file.name}; "
                                           f"name the file {PLANS_DIR}/{plan.month}.yaml")


# --------------------------------------------------------------------------- approval-missing


def _approvals(repo: Repository) -> Iterator[Diagnostic]:
    for procedure in repo.procedures:
        if procedure.status != "active":
            continue
        for name in ("approver", "effective"):
            if name not in procedure.present:
                yield procedure.document.diagnostic(
                    ("status",), "approval-missing",
                    f"active procedure without {name!r}; an active procedure names its approver and the date "
                    "its revision took effect")
    for plan in repo.plans:
        if plan.status != "approved":
            continue
        if plan.approval_present is None:
            yield plan.document.diagnostic(("status",), "approval-missing",
                                           "approved plan without 'approved: {by: …, date: …}'")
            continue
        for name in ("by", "date"):
            if name not in plan.approval_present:
                yield plan.document.diagnostic(("approved",), "approval-missing",
                                               f"approved plan without approved.{name}", key=True)


# --------------------------------------------------------------------------- revision-log


def _revision_logs(repo: Repository) -> Iterator[Diagnostic]:
    for procedure in repo.procedures:
        revision, changes, document = procedure.revision, procedure.changes, procedure.document
        if revision is None:
            continue
        if changes is None:
            if procedure.status in ("active", "retired"):
                yield document.diagnostic(("revision",), "revision-log",
                                          f"no 'changes' log; add an entry for revision {revision} "
                                          "(revision, date, summary)")
            continue
        previous: int | None = None
        for change in changes:
            if change.revision is None:
                continue
            at = (*change.at, "revision")
            if change.revision > revision:
                yield document.diagnostic(at, "revision-log",
                                          f"changes lists revision {change.revision}, above the current "
                                          f"revision {revision}")
            elif previous is not None and change.revision >= previous:
                yield document.diagnostic(at, "revision-log",
                                          f"revision {change.revision} after revision {previous}: list changes "
                                          "newest first, one entry per revision")
            previous = change.revision
        if not any(change.revision == revision for change in changes):
            yield document.diagnostic(("changes",), "revision-log",
                                      f"changes has no entry for the current revision {revision}", key=True)
