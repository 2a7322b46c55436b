"""The ``sopdoc`` command group and what its commands share: the root, ``--today``, exit codes.

Exit codes are decided here and in the commands only: 0 clean, 1 findings of error severity (or
warnings under ``--strict``), 2 a usage or configuration problem (the message says what to do).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sopdoc.config import Organisation
from sopdoc.diagnostics import Severity
from sopdoc.errors import UsageError
from sopdoc.reporters import render, render_json
from sopdoc.repository import ALL_KINDS, Repository, configured_country, find_root, load_beside
from sopdoc.validate import ValidationResult
from sopdoc.workdays import Holidays, public_holidays, remember_holidays

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


# Which module of `sopdoc.cli` defines each command. A command's module is imported only when the
# command runs (or when --help lists them all): `sopdoc kpi` does not pay for the site, git and
# authoring imports (about 0.15 s of a 0.4 s start-up). tests/test_cli.py checks this table
# against the commands the modules register.
COMMAND_MODULES = {
    "build": "site", "calendar": "calendar", "check": "git", "history": "git", "init": "authoring",
    "kpi": "figures", "new": "authoring", "publish": "publish", "reviews": "figures", "schema": "validation",
    "serve": "site", "training": "figures", "validate": "validation",
}


class _Group(click.Group):
    """The command group: commands imported on first use, usage errors shown as ``Error: …``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"sopdoc.cli.{module}")  # its decorators register it on `main`
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise _Fatal(error.message) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sopdoc")
def main() -> None:
    """S&OP procedures and monthly plans as code: validate, measure, publish."""


def run() -> None:
    """The ``sopdoc`` console script: `main`, then a quick exit.

    A command that loaded a large repository leaves a heap of small objects that the interpreter
    would free one by one at exit (about 0.1 s at 2,000 procedures) for nothing: the process ends.
    So once `main` has finished (output flushed, files closed, temporary folders removed by their
    context managers), the process exits at once with `main`'s status. A crash still raises here and
    prints its traceback as usual.
    """
    try:
        main.main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if exit_.code is not None and not isinstance(exit_.code, int):
            print(exit_.code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`sopdoc kpi | head -1`): nothing more to say
            code = code or 1
    os._exit(code)


def load(root: Path, today: dt.date, *jobs: Callable[[], Any],
         kinds: frozenset[str] = ALL_KINDS) -> tuple[Repository, list[Any]]:
    """The repository, and meanwhile (in the second process, `load_beside`) ``jobs`` and the public
    holidays of its country from the year before ``today`` to the year after, which the date rules
    and indicators need. Returns the repository and the jobs' values."""
    repo, values = load_beside(root, kinds, lambda: holidays_around(root, today), *jobs)
    remember_holidays(values[0])
    return repo, values[1:]


def holidays_around(root: Path, today: dt.date) -> Holidays:
    return public_holidays(configured_country(root), range(today.year - 1, today.year + 2))


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
