"""`sopdoc init` and `sopdoc new procedure|plan`: new repositories and documents from the scaffolds."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from sopdoc import authoring
from sopdoc.cli.base import main, organisation_of, repository_root
from sopdoc.months import is_month
from sopdoc.newrepo import FIRST_COMMIT_MESSAGE, create_repository
from sopdoc.repository import load_repository
from sopdoc.scaffold import PLACEHOLDER


@main.command("init")
@click.argument("directory", type=click.Path(path_type=Path), metavar="DIR")
@click.option("--force", is_flag=True,
              help="Write into a folder that is not empty; files already there are kept and listed.")
def init_command(directory: Path, force: bool) -> None:
    """A new content repository in DIR from the bundled example: documents, templates, CI files, git."""
    created = create_repository(directory, force=force)
    for relpath in created.skipped:
        click.echo(f"kept (already there): {relpath}", err=True)
    if created.commit is None:
        click.echo(f"nothing written in {directory}: every file of the skeleton is already there")
        return
    click.echo(f"created {directory}: {len(created.written)} files, first commit {created.commit[:7]} "
               f"\"{FIRST_COMMIT_MESSAGE}\"")
    click.echo(f"next: cd {directory} && sopdoc validate", err=True)


@main.group("new")
def new_group() -> None:
    """A new procedure, or the next plan rolled forward from the latest one; never overwrites a file."""


@new_group.command("procedure")
@click.option("--area", required=True, metavar="AREA", help="Area of sopdoc.yaml, e.g. demand.")
@click.option("--title", required=True, help="Title of the procedure.")
@click.option("--id", "procedure_id", metavar="ID", help="Id (default: the next free PRO-<AREA>-NNN).")
@click.option("--owner", metavar="ROLE",
              help="Owning role (default: the owner of the area's first procedure, else the first role).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Date of its first `changes` entry (default: the system date).")
def new_procedure_command(area: str, title: str, procedure_id: str | None, owner: str | None,
                          today: dt.datetime | None) -> None:
    """A draft procedure, revision 1, from templates/procedure.md.j2."""
    repo = load_repository(repository_root())
    procedure = authoring.new_procedure(repo, organisation_of(repo), area, title, procedure_id, owner,
                                        today.date() if today else dt.date.today())
    path = authoring.create_procedure(repo, procedure)
    click.echo(_shown(path))


@new_group.command("plan")
@click.argument("month", metavar="YYYY-MM")
def new_plan_command(month: str) -> None:
    """The draft plan of the month YYYY-MM, rolled forward from the latest plan before it.

    Horizon shifted by the months elapsed; forecast, production, capacity overrides, assumptions,
    risks and open actions carried; the closed month's actuals and the data sources' dates are
    left as null values marked « À RENSEIGNER », listed here.
    """
    if not is_month(month):
        raise click.BadParameter(f"{month!r} is not a month; write YYYY-MM", param_hint="MONTH")
    repo = load_repository(repository_root())
    plan = authoring.roll_plan(repo, organisation_of(repo), month)
    path, text = authoring.create_plan(repo, plan)
    skipped = f" ({_count(plan.skipped, 'month')} without a plan skipped)" if plan.skipped else ""
    click.echo(f"{_shown(path)}: rolled forward from {plan.previous.path}{skipped}")
    click.echo(f"carried: {_count(len(plan.data_sources), 'data source')}, "
               f"{_count(len(plan.assumptions), 'assumption')}, {_count(len(plan.risks), 'risk')}, "
               f"{_count(len(plan.actions), 'open action')}; "
               f"not carried: {_count(plan.dropped_actions, 'done action')}, "
               f"{_count(plan.dropped_decisions, 'decision')}")
    for dropped in plan.dropped_families:
        click.echo(f"not carried: family {dropped}, no longer in sopdoc.yaml")
    for family in plan.families:
        if not family.carried:
            click.echo(f"new family {family.id}: forecast and production to fill in")
    positions = authoring.placeholder_positions(text, plan)
    click.echo(f"to fill in: {_count(len(positions), 'value')} written null and marked « {PLACEHOLDER} »")
    for line, column, field in positions:
        click.echo(f"{plan.relpath}:{line}:{column}: {field}")


def _shown(path: Path) -> str:
    """``path`` relative to the current folder (a command runs inside the content repository)."""
    return Path(os.path.relpath(path)).as_posix()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
