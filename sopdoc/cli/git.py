"""`sopdoc history` (and, with the git rules, `sopdoc check`)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from sopdoc import history_output
from sopdoc.change import collect_change
from sopdoc.change_summary import render_markdown, summarise
from sopdoc.cli.base import load, main, organisation_of, report, repository_root, today_option
from sopdoc.errors import UsageError
from sopdoc.files import write_atomic
from sopdoc.gitio import GitRepository
from sopdoc.gitrules import check_change
from sopdoc.history import assemble, collect_history, read_git
from sopdoc.reporters import CHECK_FORMATS
from sopdoc.repository import load_beside, load_repository, procedure_files
from sopdoc.schema import suggest
from sopdoc.validate import validate


@main.command("history")
@click.argument("procedure_id", required=False, metavar="ID")
@click.option("--all", "every", is_flag=True, help="Every procedure.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text in the organisation's language, or json.")
def history_command(procedure_id: str | None, every: bool, output_format: str) -> None:
    """The revisions of a procedure from git: revision, date, author, commit, summary."""
    if (procedure_id is None) == (not every):
        raise UsageError("name one procedure id, or use --all")
    root = repository_root()
    gitrepo = GitRepository(root)
    only = frozenset({"procedure"})
    if every:  # git reads every file's history while the front matters load
        repo, (git_pass,) = load_beside(root, only, lambda: read_git(gitrepo, procedure_files(root)))
    else:
        repo, git_pass = load_repository(root, only), None
    organisation = organisation_of(repo)
    procedures = {procedure.id: procedure for procedure in repo.procedures if procedure.id}
    if procedure_id is not None and procedure_id not in procedures:
        raise UsageError(f"no procedure {procedure_id!r}{suggest(procedure_id, procedures)}")
    chosen = [procedures[procedure_id]] if procedure_id else sorted(procedures.values(), key=lambda p: p.id or "")
    history = collect_history(gitrepo, chosen) if git_pass is None else assemble(git_pass, chosen)
    items = [(procedure, history.by_path[procedure.path]) for procedure in chosen]
    if output_format == "json":
        click.echo(history_output.render_json(items, shallow=history.shallow, single=procedure_id is not None))
    else:
        click.echo(history_output.render_text(items, organisation.language, shallow=history.shallow), nl=False)


@main.command("check")
@click.option("--base", "base_ref", required=True, metavar="REF",
              help="The branch, tag or commit the change is compared with (its merge base with HEAD).")
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option("--format", "output_format", type=click.Choice(CHECK_FORMATS), default="text", show_default=True,
              help="text, json, github (workflow annotations) or gitlab (Code Quality report).")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the Markdown summary to this file (replaced if it exists).")
@today_option
def check_command(base_ref: str, strict: bool, output_format: str, summary_path: Path | None,
                  today: dt.date) -> None:
    """Validate, apply the git rules against REF, and summarise the change for its reviewers.

    With $GITHUB_STEP_SUMMARY set, the Markdown summary is appended to it.
    """
    root = repository_root()
    gitrepo = GitRepository(root)  # git finds the change (and reads its base files) while the files load
    repo, (change,) = load(root, today, lambda: collect_change(gitrepo, base_ref))
    organisation = organisation_of(repo)
    result = validate(repo, today, extra=check_change(change, repo))
    markdown = render_markdown(summarise(change, repo, today), result, change, organisation.language)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as stream:
            stream.write(markdown + "\n")
    if summary_path is not None:
        write_atomic(summary_path, markdown + "\n")
    shown_elsewhere = summary_path is not None or bool(step_summary)
    report(result, output_format, strict, trailer=None if shown_elsewhere else markdown,
           base={"ref": base_ref, "commit": change.base}, markdown=markdown)
