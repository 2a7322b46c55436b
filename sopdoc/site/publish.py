"""`sopdoc publish`: the built site deployed as one version among others, in mike's layout.

The layout is the ecosystem's convention, which Material's version selector reads::

    <version>/…        one built site per version (typically the cycle month, 2026-11)
    <alias>/…          a full copy of the version it points to (latest); works on any static server
    versions.json      [{"version": "2026-11", "title": "2026-11", "aliases": ["latest"]}, …], newest first
    index.html         a redirect to the default alias (or version)

Two targets:

- a git branch (default ``gh-pages``), committed by mike itself through its Python API, the code its
  own ``mike deploy`` runs: the site sopdoc built is handed to it, so no ``mkdocs`` executable has to
  be on the PATH and the build is exactly `sopdoc build`'s. mike runs git in the current folder,
  hence the `contextlib.chdir` around it;
- a plain folder (``--to DIR``) for any intranet web server. Only the names sopdoc wrote there (kept in
  a manifest, ``.sopdoc-publish.json``) are ever replaced; each version or alias folder is built
  beside its place and swapped in atomically, and only then is the old one removed. A run that fails
  or is interrupted before its site is built leaves the folder as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from sopdoc.errors import UsageError
from sopdoc.files import exists, replace_folder, scratch_folder, write_atomic
from sopdoc.gitio import GitRepository
from sopdoc.repository import Repository
from sopdoc.site.build import MARKER, SOURCE_FOLDERS, build_site

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a version or alias: one plain folder name
VERSIONS_FILE = "versions.json"
INDEX_FILE = "index.html"
MANIFEST = ".sopdoc-publish.json"  # in a --to folder: the names sopdoc owns there
DEFAULT_BRANCH = "gh-pages"
REMOTE = "origin"


@dataclass(frozen=True)
class VersionEntry:
    """One line of versions.json."""

    version: str
    title: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Publication:
    """What `publish_to_folder` or `publish_to_branch` did."""

    version: str
    aliases: tuple[str, ...]  # every alias of the version after publishing
    versions: tuple[VersionEntry, ...]  # versions.json after publishing, newest first
    pages: int
    default: str | None  # what index.html now redirects to, when this run wrote it
    commit: str | None = None  # the branch's new commit (branch mode); None when nothing changed there


def check_names(version: str, aliases: Sequence[str]) -> None:
    """A version and its aliases are plain, distinct folder names (``2026-11``, ``latest``)."""
    for kind, name in [("version", version), *(("alias", alias) for alias in aliases)]:
        if not NAME.match(name) or name in (VERSIONS_FILE, INDEX_FILE):
            raise UsageError(f"{kind} {name!r} is not a plain folder name; use letters, digits, '.', '-' or '_' "
                             "(e.g. --version 2026-11 --alias latest)")
    if version in aliases:
        raise UsageError(f"{version!r} is both the version and an alias; give the alias another name")
    if len(set(aliases)) != len(aliases):
        raise UsageError("the same alias is given twice")


def read_versions(text: str | None) -> tuple[VersionEntry, ...]:
    """versions.json as entries (mike's format); no file, no versions."""
    if text is None:
        return ()
    try:
        data = json.loads(text)
        return tuple(VersionEntry(str(item["version"]), str(item["title"]), tuple(str(a) for a in item["aliases"]))
                     for item in data)
    except (ValueError, TypeError, KeyError) as error:
        raise UsageError(f"{VERSIONS_FILE} is not a list of versions in mike's format ({error}); "
                         "restore it or publish into a new folder") from None


def add_version(entries: Sequence[VersionEntry], version: str, aliases: Sequence[str]) -> tuple[VersionEntry, ...]:
    """Entries with ``version`` added or updated, ``aliases`` moved to it from older versions, newest first.

    mike's own `Versions` decides (same ordering, same conflicts: an alias may not be a version's name)."""
    from mike.versions import Versions

    versions = Versions.from_json([{"version": e.version, "title": e.title, "aliases": list(e.aliases)}
                                   for e in entries])
    try:
        versions.add(version, None, list(aliases), update_aliases=True)
    except ValueError as error:
        raise UsageError(f"cannot publish {version}: {error}") from None
    return _entries(versions)


def versions_json(entries: Sequence[VersionEntry]) -> str:
    """mike's versions.json text (aliases sorted, so the same state gives the same bytes)."""
    data = [{"version": e.version, "title": e.title, "aliases": sorted(e.aliases)} for e in entries]
    return json.dumps(data, indent=2) + "\n"


def redirect_page(href: str) -> str:
    """A page that sends the browser to ``href`` (relative): a meta refresh, no script, and a link."""
    target = escape(href, quote=True)
    return ("<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Redirection</title>\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n"
            f"<body><a href=\"{target}\">{target}</a></body>\n</html>\n")


# -- a plain folder ---------------------------------------------------------------------------------------------


def publish_to_folder(root: Path, repo: Repository, today: dt.date, target: Path, version: str,
                      aliases: Sequence[str], *, strict: bool = False) -> Publication:
    """Build the site and put it at ``target/version``, its aliases beside it, then versions.json and
    index.html. Refuses, before touching anything, to replace a name sopdoc did not write there."""
    check_names(version, aliases)
    _check_target(root, target)
    owned = _read_manifest(target)
    current = _read_owned(target, VERSIONS_FILE, owned)
    entries = add_version(read_versions(current), version, aliases)
    entry = next(e for e in entries if e.version == version)
    default = aliases[0] if aliases else (None if INDEX_FILE in owned else version)
    names = [version, *entry.aliases, VERSIONS_FILE, *([INDEX_FILE] if default else [])]
    foreign = [name for name in names if exists(target / name) and name not in owned]
    if foreign:
        listed = ", ".join(str(target / name) for name in foreign)
        raise UsageError(f"{listed} not published by sopdoc; move it away or publish into another folder "
                         "(sopdoc never replaces what it did not write)")
    created = not exists(target)
    try:
        with scratch_folder(target, "publish") as staging:
            pages = build_site(root, repo, today, staging / "build", strict=strict, versioned=True)
            (staging / "build" / MARKER).unlink(missing_ok=True)  # the manifest, not the marker, says it is sopdoc's
            _write_manifest(target, owned | set(names))  # before the first name: a run cut short knows its own
            replace_folder(staging / "build", target / version, staging / "previous")
            for alias in entry.aliases:
                shutil.copytree(target / version, staging / "alias", symlinks=True)
                replace_folder(staging / "alias", target / alias, staging / "previous")
            write_atomic(target / VERSIONS_FILE, versions_json(entries))
            if default:
                write_atomic(target / INDEX_FILE, redirect_page(f"{default}/"))
    except BaseException:
        if created:  # a new folder that holds nothing yet goes away again
            with contextlib.suppress(OSError):
                target.rmdir()
        raise
    return Publication(version, entry.aliases, entries, pages, default)


def _check_target(root: Path, target: Path) -> None:
    resolved = target.resolve()
    if resolved == root.resolve() or root.resolve().is_relative_to(resolved):
        raise UsageError(f"{target} holds the repository itself; publish into another folder")
    for source in SOURCE_FOLDERS:
        if resolved.is_relative_to((root / source).resolve()):
            raise UsageError(f"{target} is inside the repository's {source}/ folder; publish into another folder")
    if exists(target) and not target.is_dir():
        raise UsageError(f"{target} is a file; publish into a folder")


def _read_manifest(target: Path) -> set[str]:
    path = target / MANIFEST
    if not path.exists():
        return set()
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        names = data["owned"]
        if not isinstance(names, list) or not all(isinstance(name, str) and NAME.match(name) for name in names):
            raise TypeError("owned is not a list of names")
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise UsageError(f"{path} cannot be read ({error}); it lists what sopdoc published there: restore it "
                         "from a backup or publish into a new folder") from None
    return set(names)


def _write_manifest(target: Path, owned: set[str]) -> None:
    data = {"about": "written by `sopdoc publish`: the names below are sopdoc's to replace; leave this file",
            "owned": sorted(owned)}
    write_atomic(target / MANIFEST, json.dumps(data, indent=2) + "\n")


def _read_owned(target: Path, name: str, owned: set[str]) -> str | None:
    path = target / name
    if name not in owned or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


# -- a git branch, with mike ---------------------------------------------------------------------------------------


def publish_to_branch(root: Path, repo: Repository, today: dt.date, version: str, aliases: Sequence[str], *,
                      branch: str = DEFAULT_BRANCH, strict: bool = False, push: bool = False) -> Publication:
    """Build the site and commit it to ``branch`` as ``version`` with mike (aliases as copies, versions.json,
    and index.html redirecting to the first alias); ``push``: then push the branch to ``origin``.

    Like ``mike deploy``, it first fast-forwards the branch to ``origin/<branch>`` when that is ahead."""
    check_names(version, aliases)
    GitRepository(root)  # a usage error that says what to do when root is not under git
    from mike import commands, git_utils

    with contextlib.chdir(root), _mike_errors(branch):
        _check_identity()
        try:
            git_utils.update_from_upstream(REMOTE, branch)
        except (git_utils.GitBranchDiverged, git_utils.GitRevUnrelated) as error:
            raise UsageError(f"{error}: reconcile the local branch {branch} with origin/{branch} first") from None
        had_index = _branch_has(branch, INDEX_FILE)
        pages = 0
        commit: str | None = None
        with tempfile.TemporaryDirectory(prefix="sopdoc-publish-") as scratch:
            site = Path(scratch) / "site"
            message = _message(version, aliases)
            try:
                with commands.deploy({"site_dir": str(site), "use_directory_urls": True}, version,
                                     aliases=list(aliases), update_aliases=True,
                                     alias_type=commands.AliasType.copy, branch=branch, message=message):
                    pages = build_site(root, repo, today, site, strict=strict, versioned=True)
                    (site / MARKER).unlink(missing_ok=True)
                commit = git_utils.get_latest_commit(branch)
            except git_utils.GitEmptyCommit:
                pass  # the same site again: mike drops the empty commit
        default = aliases[0] if aliases else (None if had_index else version)
        if default:
            try:
                commands.set_default(default, branch=branch, message=f"Default version: {default} (sopdoc publish)")
                commit = git_utils.get_latest_commit(branch)
            except git_utils.GitEmptyCommit:
                pass
        entries = _entries(commands.list_versions(branch))
        if push:
            git_utils.push_branch(REMOTE, branch)
    entry = next(e for e in entries if e.version == version)
    return Publication(version, entry.aliases, entries, pages, default, commit)


def _entries(versions: Any) -> tuple[VersionEntry, ...]:
    return tuple(VersionEntry(str(info.version), str(info.title), tuple(sorted(info.aliases))) for info in versions)


@contextlib.contextmanager
def _mike_errors(branch: str) -> Iterator[None]:
    """mike's git errors as usage errors that name the branch."""
    from mike import git_utils

    try:
        yield
    except git_utils.GitError as error:
        raise UsageError(f"mike could not update the branch {branch}: {error}") from None


def _check_identity() -> None:
    from mike import git_utils

    for variable, key in (("GIT_COMMITTER_NAME", "user.name"), ("GIT_COMMITTER_EMAIL", "user.email")):
        if os.environ.get(variable):
            continue
        try:
            git_utils.get_config(key)
        except git_utils.GitError:
            raise UsageError(f"git has no {key} to commit the site with: run `git config {key} …` "
                             f"(or set {variable})") from None


def _branch_has(branch: str, path: str) -> bool:
    from mike import git_utils

    try:
        git_utils.file_mode(branch, path)
    except git_utils.GitError:
        return False
    return True


def _message(version: str, aliases: Sequence[str]) -> str:
    from mike import git_utils

    try:
        source = f" from {git_utils.get_latest_commit('HEAD', short=True)}"
    except git_utils.GitError:
        source = ""  # a repository without commits yet
    named = f" ({', '.join(aliases)})" if aliases else ""
    return f"Publish {version}{named}{source} with sopdoc {package_version('sopdoc')}"
