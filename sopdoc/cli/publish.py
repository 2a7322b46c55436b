"""`sopdoc publish`: the site deployed as a version (mike's layout), to a git branch or a folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sopdoc.cli.base import main, repository_root, today_option
from sopdoc.errors import UsageError
from sopdoc.repository import load_repository
from sopdoc.site.publish import DEFAULT_BRANCH, REMOTE, Publication, publish_to_branch, publish_to_folder


@main.command("publish")
@click.option("--version", "version", required=True, metavar="V",
              help="The version to deploy, typically the cycle month (2026-11).")
@click.option("--alias", "aliases", multiple=True, metavar="NAME",
              help="An alias moved to this version, such as latest (repeatable); the first becomes the default "
                   "page of the site.")
@click.option("--to", "target", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Write into this folder for any web server, instead of committing to a git branch with mike.")
@click.option("--branch", default=None, metavar="NAME",
              help=f"The git branch mike commits the site to (default: {DEFAULT_BRANCH}); not with --to.")
@click.option("--push", is_flag=True, help="Then push the branch to origin (not with --to).")
@click.option("--strict", is_flag=True, help="MkDocs warnings fail the build.")
@today_option
def publish_command(version: str, aliases: tuple[str, ...], target: Path | None, branch: str | None, push: bool,
                    strict: bool, today: dt.date) -> None:
    """Build the site and deploy it as version V beside the earlier ones, with Material's version selector."""
    if target is not None and (branch is not None or push):
        raise UsageError(f"--to writes into a folder and {'--push' if push else '--branch'} is about git: "
                         "choose one")
    root = repository_root()
    repo = load_repository(root)
    if target is not None:
        result = publish_to_folder(root, repo, today, target, version, aliases, strict=strict)
        click.echo(f"published {_named(result)} into {target} ({result.pages} pages)", err=True)
    else:
        branch = branch or DEFAULT_BRANCH
        result = publish_to_branch(root, repo, today, version, aliases, branch=branch, strict=strict, push=push)
        if result.commit is None:
            click.echo(f"{_named(result)} is already on the branch {branch} as built: nothing to commit", err=True)
        else:
            click.echo(f"committed {_named(result)} to the branch {branch} ({result.pages} pages, "
                       f"commit {result.commit[:10]})", err=True)
        if push:
            click.echo(f"pushed {branch} to {REMOTE}", err=True)
        elif result.commit is not None:
            click.echo(f"publish it with `git push {REMOTE} {branch}` (or use --push)", err=True)
    for entry in result.versions:
        aliases_text = f" [{', '.join(entry.aliases)}]" if entry.aliases else ""
        click.echo(f"{entry.version}{aliases_text}")


def _named(result: Publication) -> str:
    return f"{result.version} ({', '.join(result.aliases)})" if result.aliases else result.version
