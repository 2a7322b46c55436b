"""The ``sopdoc`` command group and what its commands share: the root, ``--today``, exit codes.

Exit codes are decided here and in the commands only: 0 clean, 1 findings of error severity (or
warnings under ``--strict``), 2 a usage or configuration problem (the message says what to do).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sopdoc.config import Organisation
from sopdoc.diagnostics import Severity
from sopdoc.errors import UsageError
from sopdoc.reporters import render, render_json
from sopdoc.repository import Repository, find_root
from sopdoc.validate import ValidationResult

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


def repository_root() -> Path:
    return find_root(Path.cwd())


def organisation_of(repo: Repository) -> Organisation:
    if repo.organisation is None:
        raise UsageError("sopdoc.yaml cannot be read; run `sopdoc validate` and fix it first")
    return repo.organisation


def warn_if_invalid(repo: Repository) -> None:
    errors = sum(1 for diagnostic in repo.diagnostics if diagnostic.severity is Severity.ERROR)
    if errors:
        what = "1 error" if errors == 1 else f"{errors} errors"
        click.echo(f"note: {what} in the files; what they affect is left out of these figures "
                   "(run `sopdoc validate`)", err=True)


def report(result: ValidationResult, output_format: str, strict: bool, *, trailer: str | None = None,
           **json_extra: object) -> None:
    """Print a validation result in its format (``trailer`` after the findings, text format only),
    then exit 1 on findings that fail the run, else 0."""
    stdout, stderr = render(result, output_format)
    if output_format == "json" and json_extra:
        stdout = [render_json(result, **json_extra)]
    if output_format == "text" and trailer:
        stdout = [*stdout, "", trailer]
    for line in stdout:
        click.echo(line)
    for line in stderr:
        click.echo(line, err=True)
    sys.exit(EXIT_FINDINGS if result.failed(strict) else EXIT_OK)


def relative_to_root(path: Path, root: Path) -> str:
    absolute = (Path.cwd() / path).resolve() if not path.is_absolute() else path.resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{path} is outside the repository {root}") from None
