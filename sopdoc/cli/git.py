"""`sopdoc history` (and, with the git rules, `sopdoc check`)."""

from __future__ import annotations

import click

from sopdoc import history_output
from sopdoc.cli.base import main, organisation_of, repository_root
from sopdoc.errors import UsageError
from sopdoc.gitio import GitRepository
from sopdoc.history import collect_history
from sopdoc.repository import load_repository
from sopdoc.schema import suggest


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
    repo = load_repository(root)
    organisation = organisation_of(repo)
    procedures = {procedure.id: procedure for procedure in repo.procedures if procedure.id}
    if procedure_id is not None and procedure_id not in procedures:
        raise UsageError(f"no procedure {procedure_id!r}{suggest(procedure_id, procedures)}")
    chosen = [procedures[procedure_id]] if procedure_id else sorted(procedures.values(), key=lambda p: p.id or "")
    history = collect_history(GitRepository(root), chosen)
    items = [(procedure, history.by_path[procedure.path]) for procedure in chosen]
    if output_format == "json":
        click.echo(history_output.render_json(items, shallow=history.shallow, single=procedure_id is not None))
    else:
        click.echo(history_output.render_text(items, organisation.language, shallow=history.shallow), nl=False)
