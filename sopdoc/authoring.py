"""`sopdoc new`: a new procedure, or the next plan rolled forward from the latest one.

Pure functions decide what to write (the next free id, the owner, the rolled-forward plan) and
render it from the scaffolds (`sopdoc.scaffold`); `create_procedure` and `create_plan` are the
edges that check the repository and create the file, atomically and never over an existing one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sopdoc.config import Organisation
from sopdoc.errors import UsageError
from sopdoc.files import create_file
from sopdoc.formats import PROCEDURE_ID
from sopdoc.loading import Path_, parse_yaml
from sopdoc.model import Action, DataSource, Plan, Procedure, Risk
from sopdoc.months import add_months, is_month, month_index
from sopdoc.repository import PLANS_DIR, PROCEDURES_DIR, Repository
from sopdoc.scaffold import PLACEHOLDER, render
from sopdoc.schema import format_path, suggest

PROCEDURE_SCAFFOLD = "procedure.md.j2"
PLAN_SCAFFOLD = "plan.yaml.j2"

# The code of each default area in procedure ids (PRO-DEM-001…); another area uses its first letters.
AREA_CODES = {"demand": "DEM", "supply": "SUP", "reconciliation": "REC", "executive": "DIR", "support": "QUA"}

# --------------------------------------------------------------------------- procedures


@dataclass(frozen=True)
class NewProcedure:
    id: str
    title: str
    area: str
    owner: str
    today: dt.date

    @property
    def relpath(self) -> str:
        return f"{PROCEDURES_DIR}/{self.area}/{self.id}.md"


def area_code(area: str) -> str:
    """``demand`` → ``DEM``; an area of the organisation's own → its first three letters or digits."""
    return AREA_CODES.get(area) or re.sub(r"[^a-z0-9]", "", area)[:3].upper()


def next_procedure_id(area: str, existing: Iterable[str]) -> str:
    """The first ``PRO-<CODE>-NNN`` after the highest one of that code already used."""
    prefix = f"PRO-{area_code(area)}-"
    numbers = [int(identifier[len(prefix):]) for identifier in existing
               if identifier.startswith(prefix) and identifier[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def default_owner(area: str, procedures: Iterable[Procedure], organisation: Organisation) -> str:
    """The role owning the area's first procedure, else the first role of ``sopdoc.yaml``."""
    for procedure in procedures:
        if procedure.area == area and procedure.owner is not None and procedure.owner in organisation.roles:
            return procedure.owner
    if not organisation.roles:
        raise UsageError("sopdoc.yaml has no roles; add the role that will own the procedure")
    return next(iter(organisation.roles))


def new_procedure(repo: Repository, organisation: Organisation, area: str, title: str,
                  procedure_id: str | None, owner: str | None, today: dt.date) -> NewProcedure:
    """Check the request against the repository and complete it with the default id and owner."""
    if area not in organisation.areas:
        raise UsageError(f"unknown area {area!r}{suggest(area, organisation.areas)}; the areas of sopdoc.yaml are: "
                         + ", ".join(organisation.areas))
    if not title.strip():
        raise UsageError("the title is empty; give the procedure a title with --title")
    if owner is not None and owner not in organisation.roles:
        raise UsageError(f"{owner!r} is not a role of sopdoc.yaml{suggest(owner, organisation.roles)}; a procedure "
                         "is owned by a role")
    taken = existing_procedure_ids(repo)
    if procedure_id is None:
        procedure_id = next_procedure_id(area, taken)
    elif not re.match(PROCEDURE_ID, procedure_id):
        raise UsageError(f"{procedure_id!r} is not a procedure id: upper case with dashes, e.g. PRO-DEM-005")
    elif procedure_id in taken:
        raise UsageError(f"procedure {procedure_id} already exists; choose another id")
    return NewProcedure(procedure_id, title, area, owner or default_owner(area, repo.procedures, organisation),
                        today)


def existing_procedure_ids(repo: Repository) -> set[str]:
    """The ids of the procedures, and the names of their files (a broken file still holds its id)."""
    ids = {procedure.id for procedure in repo.procedures if procedure.id}
    ids.update(Path(path).stem for path in repo.files if path.startswith(f"{PROCEDURES_DIR}/"))
    return ids


def render_procedure(root: Path | None, procedure: NewProcedure) -> str:
    return render(root, PROCEDURE_SCAFFOLD, {
        "id": procedure.id, "title": procedure.title, "area": procedure.area, "owner": procedure.owner,
        "today": procedure.today,
    })


def create_procedure(repo: Repository, procedure: NewProcedure) -> Path:
    """Write the new procedure; refuses if its file exists."""
    target = repo.root / procedure.relpath
    if not create_file(target, render_procedure(repo.root, procedure).encode("utf-8")):
        raise UsageError(f"{procedure.relpath} already exists; sopdoc never overwrites a document")
    return target


# --------------------------------------------------------------------------- plans


Series = tuple[tuple[str, float | None], ...]  # month → quantity, None where it is left to fill in


@dataclass(frozen=True)
class FamilyRoll:
    id: str
    actuals: tuple[str, ...]  # the actuals of the closed month, all left to fill in
    forecast: Series
    production: Series
    carried: bool  # False: a family new in sopdoc.yaml, absent from the previous plan


@dataclass(frozen=True)
class RolledPlan:
    """The plan of ``month`` rolled forward from the ``previous`` plan, ready to render."""

    month: str
    previous: Plan
    horizon: tuple[str, ...]
    data_sources: tuple[DataSource, ...]
    families: tuple[FamilyRoll, ...]
    capacity: tuple[tuple[str, Series], ...]
    assumptions: tuple[str, ...]
    risks: tuple[Risk, ...]
    actions: tuple[Action, ...]
    dropped_actions: int  # done actions, not carried
    dropped_decisions: int
    dropped_families: tuple[str, ...]  # in the previous plan, no longer in sopdoc.yaml

    @property
    def relpath(self) -> str:
        return plan_relpath(self.month)

    @property
    def closed_month(self) -> str:
        """The month whose actuals the plan reports."""
        return add_months(self.month, -1)

    @property
    def skipped(self) -> int:
        """Months between the previous plan and this one that have no plan."""
        return month_index(self.month) - month_index(self.previous.month or self.month) - 1

    @property
    def placeholders(self) -> tuple[Path_, ...]:
        """Where the plan holds ``null`` for a figure to fill in, in file order."""
        paths: list[Path_] = [("data_sources", index, "as_of") for index in range(len(self.data_sources))]
        for family in self.families:
            paths.extend(("families", family.id, "actuals", key) for key in family.actuals)
            for name, series in (("forecast", family.forecast), ("production", family.production)):
                paths.extend(("families", family.id, name, month) for month, value in series if value is None)
        return tuple(paths)


def plan_relpath(month: str) -> str:
    return f"{PLANS_DIR}/{month}.yaml"


def previous_plan(plans: Iterable[Plan], month: str) -> Plan | None:
    """The latest plan before ``month``."""
    earlier = [plan for plan in plans if plan.month is not None and plan.month < month]
    return max(earlier, key=lambda plan: plan.month or "", default=None)


def roll_forward(previous: Plan, month: str, organisation: Organisation) -> RolledPlan:
    """The draft plan of ``month`` from ``previous``: horizon shifted, figures and registers carried."""
    horizon = tuple(add_months(month, offset) for offset in range(organisation.horizon_months))
    families = []
    for family_id, family in organisation.families.items():
        before = previous.families.get(family_id)
        families.append(FamilyRoll(
            family_id,
            _actuals_keys(family.strategy),
            carry_series(before.forecast if before else {}, horizon),
            carry_series(before.production if before else {}, horizon),
            before is not None,
        ))
    capacity = tuple((center, series) for center, values in previous.capacity.items()
                     if (series := tuple((month_, hours) for month_, hours in sorted(values.items())
                                         if month_ in horizon)))
    open_actions = tuple(action for action in previous.actions if action.status == "open" and _complete(action))
    return RolledPlan(
        month=month,
        previous=previous,
        horizon=horizon,
        data_sources=tuple(source for source in previous.data_sources if source.id is not None),
        families=tuple(families),
        capacity=capacity,
        assumptions=previous.assumptions,
        risks=tuple(risk for risk in previous.risks if risk.id is not None and risk.description is not None),
        actions=open_actions,
        dropped_actions=sum(1 for action in previous.actions if action.status == "done"),
        dropped_decisions=len(previous.decisions),
        dropped_families=tuple(family for family in previous.families if family not in organisation.families),
    )


def carry_series(values: Mapping[Any, float], horizon: tuple[str, ...]) -> Series:
    """The values for the months of ``horizon``: those of the previous plan where it has them; months
    past its last one repeat its last value; nothing known is ``None`` (to fill in)."""
    known = sorted((month, value) for month, value in values.items() if is_month(month))
    last_month, last_value = known[-1] if known else ("", None)
    return tuple((month, values.get(month, last_value if month > last_month else None)) for month in horizon)


def _actuals_keys(strategy: str | None) -> tuple[str, ...]:
    stock = {"mts": ("inventory",), "mto": ("backlog",)}.get(strategy or "", ("inventory", "backlog"))
    return ("demand", "production", *stock, "lines_due", "lines_on_time", "lead_time_days")


def _complete(action: Action) -> bool:
    return None not in (action.id, action.description, action.owner, action.due)


def render_plan(root: Path | None, plan: RolledPlan) -> str:
    return render(root, PLAN_SCAFFOLD, {"plan": plan, "placeholder": f"# {PLACEHOLDER}"})


def placeholder_positions(text: str, plan: RolledPlan) -> list[tuple[int, int, str]]:
    """(line, column, field) of each placeholder in the rendered plan, as `sopdoc validate` reports them."""
    positions = parse_yaml(text, plan.relpath).document.positions
    return [(*positions.of_value(path), format_path(path)) for path in plan.placeholders]


def roll_plan(repo: Repository, organisation: Organisation, month: str) -> RolledPlan:
    """Check the request against the repository and roll the latest earlier plan forward."""
    if not is_month(month):
        raise UsageError(f"{month!r} is not a month; write YYYY-MM, e.g. 2026-12")
    existing = [plan.path for plan in repo.plans if plan.month == month]
    if existing or (repo.root / plan_relpath(month)).exists():
        raise UsageError(f"the plan of {month} already exists ({existing[0] if existing else plan_relpath(month)}); "
                         "sopdoc never overwrites a plan")
    previous = previous_plan(repo.plans, month)
    if previous is None:
        raise UsageError(f"no plan before {month} to roll forward; write the first plan by hand (see "
                         f"templates/{PLAN_SCAFFOLD} and the documentation of the plan format)")
    problems = [diagnostic for diagnostic in repo.diagnostics if diagnostic.path == previous.path]
    if problems:
        raise UsageError(f"{previous.path} has {len(problems)} problem(s) that would be lost in the new plan; run "
                         "`sopdoc validate`, fix them, then roll it forward")
    return roll_forward(previous, month, organisation)


def create_plan(repo: Repository, plan: RolledPlan) -> tuple[Path, str]:
    """Write the rolled-forward plan; refuses if its file exists. Returns the path and the text."""
    target = repo.root / plan.relpath
    text = render_plan(repo.root, plan)
    if not create_file(target, text.encode("utf-8")):
        raise UsageError(f"{plan.relpath} already exists; sopdoc never overwrites a plan")
    return target, text
