"""The ``sopdoc`` command line: options → one library call → a reporter → an exit code.

Exit codes are decided here and only here: 0 clean, 1 findings of error severity (or warnings
under ``--strict``), 2 a usage or configuration problem (the message says what to do).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sopdoc import kpi_output, listings
from sopdoc.config import Organisation
from sopdoc.diagnostics import Severity
from sopdoc.errors import UsageError
from sopdoc.files import write_new_file
from sopdoc.formats import json_schemas
from sopdoc.indicators import compute_indicators
from sopdoc.reporters import FORMATS, render_github, render_json, render_text, summary_line
from sopdoc.repository import Repository, find_root, load_repository
from sopdoc.schema import suggest
from sopdoc.status import review_statuses, training_needs
from sopdoc.validate import validate

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


def today_option(function: F) -> F:
    return click.option("--today", callback=_parse_today, metavar="YYYY-MM-DD",
                        help="Reference date of the date rules (default: the system date).")(function)


class _Fatal(click.ClickException):
    """A `UsageError` shown as ``Error: …`` with exit status 2, never a traceback."""

    exit_code = EXIT_USAGE


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise _Fatal(error.message) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sopdoc")
def main() -> None:
    """S&OP procedures and monthly plans as code: validate, measure, publish."""


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: path:line:col lines; json: one object; github: workflow annotations.")
@today_option
def validate_command(paths: tuple[Path, ...], strict: bool, output_format: str, today: dt.date) -> None:
    """Check every file of the repository and report all findings.

    PATHS limit the report to these files or folders (everything is still loaded, so
    cross-file references are checked).
    """
    root = _root()
    repo = load_repository(root)
    result = validate(repo, today, [_relative_to_root(path, root) for path in paths])
    if output_format == "json":
        click.echo(render_json(result))
    else:
        lines = render_github(result) if output_format == "github" else render_text(result)
        for line in lines:
            click.echo(line)
        click.echo(summary_line(result.summary), err=True)
    sys.exit(EXIT_FINDINGS if result.failed(strict) else EXIT_OK)


@main.command("kpi")
@click.option("--month", metavar="YYYY-MM", help="Cycle month (default: the latest plan).")
@click.option("--format", "output_format", type=click.Choice(("table", "json", "csv")), default="table",
              show_default=True, help="table: aligned, in the organisation's language; json and csv: SPEC 3 records.")
@today_option
def kpi_command(month: str | None, output_format: str, today: dt.date) -> None:
    """The S&OP indicators of a cycle month, per family and in total, against their targets."""
    repo = load_repository(_root())
    report = compute_indicators(repo, month, today)
    if output_format == "json":
        click.echo(kpi_output.render_json(report))
    elif output_format == "csv":
        click.echo(kpi_output.render_csv(report), nl=False)
    else:
        click.echo(kpi_output.render_table(report, _organisation(repo)), nl=False)
    _warn_if_invalid(repo)


@main.command("reviews")
@click.option("--format", "output_format", type=click.Choice(("table", "json")), default="table",
              show_default=True, help="table in the organisation's language, or json.")
@today_option
def reviews_command(output_format: str, today: dt.date) -> None:
    """Procedures whose review is overdue or due within review.warn_days, soonest first."""
    repo = load_repository(_root())
    organisation = _organisation(repo)
    statuses = listings.due_reviews(review_statuses(repo.procedures, organisation, today), organisation)
    if output_format == "json":
        click.echo(listings.reviews_json(statuses))
    else:
        click.echo(listings.render_reviews(statuses, organisation), nl=False)


@main.command("training")
@click.option("--person", metavar="ID", help="Only this person.")
@click.option("--format", "output_format", type=click.Choice(("table", "json")), default="table",
              show_default=True, help="table in the organisation's language, or json.")
def training_command(person: str | None, output_format: str) -> None:
    """Who must be trained on which revision of which procedure."""
    repo = load_repository(_root())
    organisation = _organisation(repo)
    if person is not None and person not in organisation.people:
        raise UsageError(f"no person {person!r} in sopdoc.yaml{suggest(person, organisation.people)}")
    needs = [need for need in training_needs(repo.procedures, organisation, repo.training)
             if not need.trained and (person is None or need.person == person)]
    if output_format == "json":
        click.echo(listings.training_json(needs))
    else:
        click.echo(listings.render_training(needs, organisation), nl=False)


@main.command("schema")
@click.argument("kind", required=False, type=click.Choice(sorted(json_schemas())))
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help="Write <kind>.schema.json files into this folder instead of printing.")
@click.option("--force", is_flag=True, help="With --output: replace schema files that differ.")
def schema_command(kind: str | None, output: Path | None, force: bool) -> None:
    """JSON Schemas (draft 2020-12) of the file kinds, for editors.

    Without KIND, prints all of them as one JSON object keyed by kind.
    """
    schemas = json_schemas()
    if output is None:
        click.echo(json.dumps(schemas[kind] if kind else schemas, ensure_ascii=False, indent=2))
        return
    for name, schema in schemas.items():
        if kind and name != kind:
            continue
        target = output / f"{name}.schema.json"
        if write_new_file(target, json.dumps(schema, ensure_ascii=False, indent=2) + "\n", force=force):
            click.echo(f"wrote {target}", err=True)


def _warn_if_invalid(repo: Repository) -> None:
    errors = sum(1 for diagnostic in repo.diagnostics if diagnostic.severity is Severity.ERROR)
    if errors:
        what = "1 error" if errors == 1 else f"{errors} errors"
        click.echo(f"note: {what} in the files; what they affect is left out of these figures "
                   "(run `sopdoc validate`)", err=True)


def _organisation(repo: Repository) -> Organisation:
    if repo.organisation is None:
        raise UsageError("sopdoc.yaml cannot be read; run `sopdoc validate` and fix it first")
    return repo.organisation


def _root() -> Path:
    return find_root(Path.cwd())


def _relative_to_root(path: Path, root: Path) -> str:
    absolute = (Path.cwd() / path).resolve() if not path.is_absolute() else path.resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{path} is outside the repository {root}") from None
