"""`sopdoc calendar`: the next cycles' steps and the review deadlines as an iCalendar file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sopdoc.calendar_ics import DEFAULT_MONTHS, build_agenda, to_ical
from sopdoc.cli.base import main, organisation_of, repository_root, today_option, warn_if_invalid
from sopdoc.errors import UsageError
from sopdoc.files import create_file, write_atomic_bytes
from sopdoc.repository import load_repository


@main.command("calendar")
@click.option("--months", type=click.IntRange(1, 36), default=DEFAULT_MONTHS, show_default=True,
              help="How many monthly cycles, from the current (or next) one.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the .ics to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Let --output replace an existing file.")
@today_option
def calendar_command(months: int, output: Path | None, force: bool, today: dt.date) -> None:
    """An iCalendar (.ics) of the next cycles' steps (working days) and review deadlines."""
    repo = load_repository(repository_root())
    warn_if_invalid(repo)
    agenda = build_agenda(organisation_of(repo), repo.procedures, today, months)
    content = to_ical(agenda, organisation_of(repo))
    if output is None:
        click.echo(content, nl=False)
        return
    write_calendar(output, content, force=force)
    click.echo(f"wrote {len(agenda.steps) + len(agenda.reviews)} events ({agenda.first} to {agenda.last}) "
               f"into {output}", err=True)


def write_calendar(target: Path, content: bytes, *, force: bool) -> None:
    """Write atomically; an existing file is replaced only with ``--force``."""
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name such as {target / 'pic.ics'}")
    if force:
        write_atomic_bytes(target, content)
    elif not create_file(target, content):  # a file that appears meanwhile is not replaced either
        raise UsageError(f"{target} already exists; use --force to replace it")
