"""Role pages: an index of the roles with their people, one page per role (what it owns or approves,
every step it performs and when, its people, the training it requires and where each person
stands), and the training matrix, people × procedures, one table per area: on one page, or, past
`MAX_MATRIX_PROCEDURES`, on one page per area under an index of the areas."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sopdoc.config import CalendarStep, Organisation, Person, Role
from sopdoc.labels import Labels
from sopdoc.model import Procedure, Step
from sopdoc.site.calendar_page import next_due
from sopdoc.site.context import ROLE_PAGE_ID, SiteContext
from sopdoc.site.indicators_page import fmt
from sopdoc.site.render import render
from sopdoc.status import TrainingNeed, training_needs

MAX_MATRIX_COLUMNS = 10  # procedures per table: a wider one no longer fits a screen
MAX_MATRIX_PROCEDURES = 200  # on one matrix page; past it a page per area (2,000 on one page: 2.7 MB)
MATRIX_PAGE = "roles/training-matrix.md"

Needs = dict[tuple[str, str], TrainingNeed]  # (person, procedure id) → where the person stands


@dataclass(frozen=True)
class Cell:
    kind: str  # trained | outdated | untrained | blank
    text: str  # ✓, (3), ✗ or nothing
    title: str  # what the mark means, for the tooltip


@dataclass(frozen=True)
class TrainingRow:
    """Where the people of a role stand on one procedure they must be trained on."""

    procedure: Procedure
    current: tuple[str, ...]  # trained on the current revision
    earlier: tuple[tuple[str, int], ...]  # trained on an earlier revision only: name, latest revision
    never: tuple[str, ...]  # never trained on any revision


@dataclass(frozen=True)
class MatrixTable:
    """People (rows) × procedures (columns); only the people some column concerns."""

    title: str
    procedures: tuple[Procedure, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]  # person's name, one cell per procedure
    trained: int  # needs met on the current revision
    needed: int  # cells that call for training


def pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    needs = needs_by_pair(ctx)
    roles = [role for role in ctx.organisation.roles.values() if ctx.role_page(role.id)]  # a safe file name
    yield "roles/index.md", index_page(ctx, roles)
    yield from matrix_pages(ctx, needs)
    for role in roles:
        yield f"roles/{role.id}.md", role_page(ctx, role, needs)


def needs_by_pair(ctx: SiteContext) -> Needs:
    return {(need.person, need.procedure.id or ""): need
            for need in training_needs(ctx.repo.procedures, ctx.organisation, ctx.repo.training)}


# --------------------------------------------------------------------------- what a role does


def active(ctx: SiteContext) -> list[Procedure]:
    return [procedure for procedure in ctx.procedures.values() if procedure.status == "active"]


def responsible_for(ctx: SiteContext, role: str) -> list[tuple[Procedure, list[str]]]:
    """Procedures in force or in draft that the role owns or approves, with which of the two."""
    found = []
    for procedure in ctx.procedures.values():
        if procedure.status == "retired":
            continue
        duties = [ctx.labels(duty) for duty, holder in (("duty_owner", procedure.owner),
                                                          ("duty_approver", procedure.approver)) if holder == role]
        if duties:
            found.append((procedure, duties))
    return found


def steps_of(ctx: SiteContext, role: str) -> list[tuple[Procedure, Step]]:
    """Every step the role performs in an active procedure, in procedure then step order."""
    return [(procedure, step) for procedure in active(ctx) for step in procedure.steps if step.who == role]


def cycle_steps_of(organisation: Organisation, role: str) -> list[CalendarStep]:
    return [step for step in organisation.calendar if step.owner == role]


def trained_on(ctx: SiteContext, role: str) -> list[Procedure]:
    """Active procedures that list the role among their training roles."""
    return [procedure for procedure in active(ctx)
            if procedure.revision is not None and any(name == role for name, _ in procedure.training_roles)]


def people_of(organisation: Organisation, role: str) -> list[Person]:
    return list(organisation.people_with_role(role))


def training_rows(procedures: Iterable[Procedure], people: Sequence[Person], needs: Needs) -> list[TrainingRow]:
    rows = []
    for procedure in procedures:
        found = [(person.name, needs.get((person.id, procedure.id or ""))) for person in people]
        rows.append(TrainingRow(
            procedure,
            tuple(name for name, need in found if need is not None and need.trained),
            tuple((name, need.trained_revision) for name, need in found
                  if need is not None and not need.trained and need.trained_revision is not None),
            tuple(name for name, need in found if need is not None and not need.trained
                  and need.trained_revision is None),
        ))
    return rows


# --------------------------------------------------------------------------- the training matrix


def cell(need: TrainingNeed | None, labels: Labels) -> Cell:
    if need is None:
        return Cell("blank", "", "")
    revision = need.procedure.revision
    if need.trained:
        return Cell("trained", "✓", "")  # the common case: the legend says it, no tooltip
    if need.trained_revision is not None:
        return Cell("outdated", f"({need.trained_revision})",
                    labels("matrix_outdated", trained=need.trained_revision, revision=revision))
    return Cell("untrained", "✗", labels("matrix_untrained", revision=revision))


def matrix_table(title: str, procedures: Sequence[Procedure], people: Iterable[Person], needs: Needs,
                 labels: Labels) -> MatrixTable:
    rows = []
    trained = needed = 0
    for person in people:
        found = [needs.get((person.id, procedure.id or "")) for procedure in procedures]
        if not any(found):
            continue
        rows.append((person.name, tuple(cell(need, labels) for need in found)))
        needed += sum(1 for need in found if need is not None)
        trained += sum(1 for need in found if need is not None and need.trained)
    return MatrixTable(title, tuple(procedures), tuple(rows), trained, needed)


def chunks(procedures: Sequence[Procedure], size: int = MAX_MATRIX_COLUMNS) -> list[Sequence[Procedure]]:
    """Columns in tables of at most ``size``, as evenly filled as possible."""
    if not procedures:
        return []
    count = -(-len(procedures) // size)
    width = -(-len(procedures) // count)
    return [procedures[start:start + width] for start in range(0, len(procedures), width)]


def matrix_tables(title: str, procedures: Sequence[Procedure], people: Sequence[Person], needs: Needs,
                  labels: Labels) -> list[MatrixTable]:
    parts = chunks(procedures)
    return [matrix_table(title if len(parts) == 1 else labels("matrix_part", title=title, part=index,
                                                              parts=len(parts)),
                         part, people, needs, labels) for index, part in enumerate(parts, start=1)]


def areas_with_training(ctx: SiteContext) -> list[tuple[str | None, str, list[Procedure]]]:
    """(area id, area name, its active procedures with training roles), areas in their configured order;
    the procedures of no configured area last, with the id None."""
    concerned = [procedure for procedure in active(ctx) if procedure.training_roles and procedure.revision]
    grouped: list[tuple[str | None, str, list[Procedure]]] = [
        (area, name, [p for p in concerned if p.area == area]) for area, name in ctx.organisation.areas.items()]
    others = [p for p in concerned if p.area not in ctx.organisation.areas]
    grouped.append((None, ctx.labels("other_area"), others))
    return [(area, name, procedures) for area, name, procedures in grouped if procedures]


def matrix_area_page(area: str | None, number: int) -> str:
    """The page of an area's matrix: named after the area's id where that is safe as a file name, else
    after its place (``_2``; ``_other`` for the procedures of no configured area), which no safe id is."""
    if area is not None and ROLE_PAGE_ID.match(area):
        return f"roles/training-matrix/{area}.md"
    return f"roles/training-matrix/_{'other' if area is None else number}.md"


# --------------------------------------------------------------------------- pages


def _common(ctx: SiteContext) -> dict[str, Any]:
    return {"t": ctx.labels, "actor": ctx.actor, "date": ctx.date}


def _count(ctx: SiteContext) -> Callable[[int], str]:
    """A count in the site's language (``2 766``, ``2,766``)."""
    numbers = fmt(ctx)
    return lambda value: numbers.number(value, 0)


def index_page(ctx: SiteContext, roles: Sequence[Role]) -> str:
    rows = []
    for role in roles:
        rows.append({
            "id": role.id, "name": role.name or role.id,
            "people": [person.name for person in people_of(ctx.organisation, role.id)],
            "procedures": len(responsible_for(ctx, role.id)),
            "steps": len(steps_of(ctx, role.id)) + len(cycle_steps_of(ctx.organisation, role.id)),
            "training": len(trained_on(ctx, role.id)),
        })
    return render("roles_index.md.j2", page="roles/index.md", rows=rows, **_common(ctx))


def role_page(ctx: SiteContext, role: Role, needs: Needs) -> str:
    people = people_of(ctx.organisation, role.id)
    training = trained_on(ctx, role.id)
    cycle = [{"step": step.step, "day": ctx.labels("working_day_n", n=step.working_day),
              "next": ctx.date(next_due(ctx.organisation, step, ctx.settings.today)),
              "procedure": step.procedure or "", "known": step.procedure in ctx.procedures,
              "title": (ctx.procedures[step.procedure].title or "") if step.procedure in ctx.procedures else ""}
             for step in cycle_steps_of(ctx.organisation, role.id)]
    return render(
        "role.md.j2",
        page=f"roles/{role.id}.md",
        role=role,
        people=people,
        cycle=cycle,
        responsible=responsible_for(ctx, role.id),
        steps=steps_of(ctx, role.id),
        training=training_rows(training, people, needs),
        **_common(ctx),
    )


def matrix_pages(ctx: SiteContext, needs: Needs) -> Iterator[tuple[str, str]]:
    """The training matrix: one page with a table per area; or, when it holds more than
    `MAX_MATRIX_PROCEDURES` procedures, a page per area and, at the matrix's address, the areas with their
    coverage: no page holds every procedure of a large company."""
    people = list(ctx.organisation.people.values())
    areas = areas_with_training(ctx)
    count = _count(ctx)
    if sum(len(procedures) for *_, procedures in areas) <= MAX_MATRIX_PROCEDURES:
        tables = [table for _, name, procedures in areas
                  for table in matrix_tables(name, procedures, people, needs, ctx.labels)]
        yield MATRIX_PAGE, render("training_matrix.md.j2", page=MATRIX_PAGE, tables=tables, area=None, count=count,
                                  **_common(ctx))
        return
    rows = []
    for number, (area, name, procedures) in enumerate(areas, start=1):
        path = matrix_area_page(area, number)
        tables = matrix_tables(name, procedures, people, needs, ctx.labels)
        yield path, render("training_matrix.md.j2", page=path, tables=tables, area=name, count=count, **_common(ctx))
        rows.append({"name": name, "page": path, "procedures": len(procedures),
                     "trained": sum(table.trained for table in tables),
                     "needed": sum(table.needed for table in tables)})
    yield MATRIX_PAGE, render("training_matrix_areas.md.j2", page=MATRIX_PAGE, rows=rows,
                              procedures=sum(row["procedures"] for row in rows), count=count, **_common(ctx))
