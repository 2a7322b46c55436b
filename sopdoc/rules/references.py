"""`unknown-reference` and `reference-to-retired`: every id a file names must exist and be alive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from sopdoc.config import Organisation
from sopdoc.diagnostics import Diagnostic
from sopdoc.loading import Document, Path_
from sopdoc.model import INDICATORS, Action, Decision, Plan, Procedure, Risk
from sopdoc.repository import Repository
from sopdoc.schema import suggest


def check(repo: Repository, today: dt.date) -> Iterator[Diagnostic]:
    del today  # no date in these rules
    organisation = repo.organisation
    if organisation is None:  # sopdoc.yaml unreadable: every reference would be reported, say nothing
        return
    procedures = {procedure.id: procedure for procedure in repo.procedures if procedure.id}
    yield from _organisation(organisation, procedures)
    for procedure in repo.procedures:
        yield from _procedure(procedure, organisation, procedures)
    for plan in repo.plans:
        yield from _plan(plan, organisation)
    yield from _training(repo, organisation, procedures)


def _unknown(document: Document, at: Path_, kind: str, value: str, known: Collection[str],
             *, key: bool = False) -> Diagnostic:
    return document.diagnostic(at, "unknown-reference", f"unknown {kind} {value!r}{suggest(value, known)}", key=key)


def _actor(document: Document, at: Path_, value: str | None, organisation: Organisation) -> Iterator[Diagnostic]:
    if value is not None and not organisation.is_actor(value):
        yield _unknown(document, at, "person or role", value, [*organisation.people, *organisation.roles])


def _procedure_reference(document: Document, at: Path_, value: str | None, procedures: dict[str, Procedure],
                         *, from_active: bool) -> Iterator[Diagnostic]:
    if value is None:
        return
    target = procedures.get(value)
    if target is None:
        yield _unknown(document, at, "procedure", value, procedures)
    elif from_active and target.status == "retired":
        yield document.diagnostic(at, "reference-to-retired",
                                  f"{value} is retired" + (f"; refer to {target.superseded_by}"
                                                           if target.superseded_by else ""))


def _organisation(organisation: Organisation, procedures: dict[str, Procedure]) -> Iterator[Diagnostic]:
    document = organisation.document
    for person in organisation.people.values():
        for index, role in enumerate(person.roles):
            if role not in organisation.roles:
                yield _unknown(document, ("people", person.id, "roles", index), "role", role, organisation.roles)
    for family in organisation.families.values():
        for center in family.hours_per_unit:
            if center not in organisation.work_centers:
                yield _unknown(document, ("families", family.id, "hours_per_unit", center), "work center", center,
                               organisation.work_centers, key=True)
    for step in organisation.calendar:
        yield from _actor(document, (*step.at, "owner"), step.owner, organisation)
        yield from _procedure_reference(document, (*step.at, "procedure"), step.procedure, procedures,
                                        from_active=True)


def _procedure(procedure: Procedure, organisation: Organisation,
               procedures: dict[str, Procedure]) -> Iterator[Diagnostic]:
    document = procedure.document
    active = procedure.status == "active"
    if procedure.area is not None and procedure.area not in organisation.areas:
        yield _unknown(document, ("area",), "area", procedure.area, organisation.areas)
    yield from _actor(document, ("owner",), procedure.owner, organisation)
    yield from _actor(document, ("approver",), procedure.approver, organisation)
    for role, at in procedure.training_roles:
        if role not in organisation.roles:
            yield _unknown(document, at, "role", role, organisation.roles)
    for indicator, at in procedure.indicators:
        if indicator not in INDICATORS:
            yield _unknown(document, at, "indicator", indicator, INDICATORS)
    for related, at in procedure.related:
        yield from _procedure_reference(document, at, related, procedures, from_active=active)
    yield from _procedure_reference(document, ("superseded_by",), procedure.superseded_by, procedures,
                                    from_active=active)
    for step in procedure.steps:
        yield from _actor(document, (*step.at, "who"), step.who, organisation)


def _plan(plan: Plan, organisation: Organisation) -> Iterator[Diagnostic]:
    document = plan.document
    yield from _actor(document, ("approved", "by"), plan.approved_by, organisation)
    for source in plan.data_sources:
        yield from _actor(document, (*source.at, "owner"), source.owner, organisation)
    steps = {step.step for step in organisation.calendar}
    for entry in plan.cycle:
        if entry.step is not None and entry.step not in steps:
            yield _unknown(document, (*entry.at, "step"), "calendar step", entry.step, steps)
        for attendee, at in entry.attendees:
            yield from _actor(document, at, attendee, organisation)
    for family in plan.listed_families - organisation.families.keys():
        yield _unknown(document, ("families", family), "family", family, organisation.families, key=True)
    for center in plan.capacity:
        if center not in organisation.work_centers:
            yield _unknown(document, ("capacity", center), "work center", center, organisation.work_centers,
                           key=True)
    owned: tuple[Risk | Decision | Action, ...] = (*plan.risks, *plan.decisions, *plan.actions)
    for item in owned:
        yield from _actor(document, (*item.at, "owner"), item.owner, organisation)


def _training(repo: Repository, organisation: Organisation,
              procedures: dict[str, Procedure]) -> Iterator[Diagnostic]:
    document = repo.training_document
    if document is None:
        return
    for record in repo.training:
        if record.person is not None and record.person not in organisation.people:
            yield _unknown(document, (*record.at, "person"), "person", record.person, organisation.people)
        yield from _actor(document, (*record.at, "trainer"), record.trainer, organisation)
        if record.procedure is None:
            continue
        procedure = procedures.get(record.procedure)
        if procedure is None:
            yield _unknown(document, (*record.at, "procedure"), "procedure", record.procedure, procedures)
        elif record.revision is not None and procedure.revision is not None and record.revision > procedure.revision:
            yield document.diagnostic((*record.at, "revision"), "unknown-reference",
                                      f"{record.procedure} has no revision {record.revision} "
                                      f"(current revision: {procedure.revision})")
