"""`sopdoc build` and `sopdoc serve`: the intranet site."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import click
import yaml

from sopdoc.cli.base import main, organisation_of, repository_root, today_option
from sopdoc.repository import ALL_KINDS, load_beside, load_repository
from sopdoc.site.build import build_site, mkdocs_settings, read_site_git, read_user_config, write_standalone_tree


@main.command("build")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the site goes (default: site/ in the repository). Only a folder sopdoc built is replaced.")
@click.option("--tree", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Instead, write the generated Markdown tree and a plain mkdocs.yml into this new folder.")
@click.option("--strict", is_flag=True, help="MkDocs warnings fail the build.")
@today_option
def build_command(output: Path | None, tree: Path | None, strict: bool, today: dt.date) -> None:
    """Build the intranet site (procedures, roles, plans, indicators, calendar, feed)."""
    root = repository_root()
    if tree is not None:
        count = write_standalone_tree(root, load_repository(root), today, tree)
        click.echo(f"wrote {count} files and mkdocs.yml into {tree}", err=True)
        return
    repo, (git_pass,) = load_beside(root, ALL_KINDS, lambda: read_site_git(root))  # git reads while files load
    target = output or root / "site"
    pages = build_site(root, repo, today, target, strict=strict, git_pass=git_pass)
    click.echo(f"built {pages} pages into {target}", err=True)


@main.command("serve")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT",
              help="Address to serve on.")
@today_option
def serve_command(dev_addr: str, today: dt.date) -> None:
    """Serve the site locally, rebuilt when a procedure, plan or sopdoc.yaml changes."""
    root = repository_root()
    user = read_user_config(root)
    settings = mkdocs_settings(organisation_of(load_repository(root)), user)
    settings["plugins"] = [{"sopdoc": {"root": str(root), "today": today.isoformat()}}, *settings["plugins"]]
    from mkdocs.commands.serve import serve

    with tempfile.TemporaryDirectory(prefix="sopdoc-serve-") as scratch:
        config_file = Path(scratch) / "mkdocs.yml"
        watched = root / "procedures"
        config_file.write_text(yaml.safe_dump({**settings, "docs_dir": str(watched if watched.is_dir() else root)},
                                              allow_unicode=True, sort_keys=False), encoding="utf-8")
        serve(str(config_file), dev_addr=dev_addr, livereload=True)
