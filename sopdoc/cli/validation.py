"""`sopdoc validate` and `sopdoc schema`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from sopdoc.cli.base import load, main, relative_to_root, report, repository_root, today_option
from sopdoc.files import write_new_file
from sopdoc.formats import json_schemas
from sopdoc.reporters import FORMATS
from sopdoc.validate import validate


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
    root = repository_root()
    repo, _ = load(root, today)
    result = validate(repo, today, [relative_to_root(path, root) for path in paths])
    report(result, output_format, strict)


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
