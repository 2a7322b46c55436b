"""`sopdoc init`: a new content repository from the skeleton shipped with sopdoc, committed in git.

The skeleton is package data (``sopdoc/skeleton/``): in this project's checkout its example files
are symbolic links to the example at the top level, so they exist once; a built wheel holds their
contents. Nothing that already exists in the target folder is ever replaced.

A new (missing or empty) folder appears whole: the files are written and committed in a scratch folder
beside it, which is then renamed to its name, so an interrupted `sopdoc init` leaves no half-made
repository. If git fails there, or is stopped (Ctrl-C reaches the whole process group, git included),
nothing appears; only when git is not installed at all are the files delivered uncommitted. With
``--force``, the missing files are added one by one to the folder that is there.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from sopdoc.errors import UsageError
from sopdoc.files import create_file, scratch_folder

FIRST_COMMIT_MESSAGE = "Création du dépôt PIC"
FALLBACK_IDENTITY = {"user.name": "sopdoc", "user.email": "sopdoc@localhost"}
BRANCH = "main"


@dataclass(frozen=True)
class NewRepository:
    root: Path
    written: tuple[str, ...]  # paths relative to the root, in skeleton order
    skipped: tuple[str, ...]  # already there: left as they were
    commit: str | None  # the first commit, None when nothing was written


def skeleton() -> Traversable:
    return resources.files("sopdoc") / "skeleton"


def skeleton_files(folder: Traversable | None = None, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """Every file of the skeleton as (relative path, resource), in a stable order."""
    for entry in sorted((folder or skeleton()).iterdir(), key=lambda item: item.name):
        relpath = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from skeleton_files(entry, f"{relpath}/")
        else:
            yield relpath, entry


def create_repository(target: Path, *, force: bool = False) -> NewRepository:
    """Write the skeleton into ``target`` (missing, empty, or with ``force`` any folder), then commit it."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; give the path of a new folder")
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise UsageError(f"{target} is not empty; choose a new folder, or use --force to add the skeleton's "
                             "files that are missing (existing files are kept as they are)")
        written, skipped = write_skeleton(target)
        try:
            commit = commit_first(target, written) if written else None
        except GitMissing:
            raise
        except UsageError as error:
            raise UsageError(f"{error.message}; the files are written, commit them yourself") from None
        return NewRepository(target, tuple(written), tuple(skipped), commit)
    with scratch_folder(target.absolute().parent, "init") as scratch:
        work = scratch / "repository"
        written, _ = write_skeleton(work)
        try:
            commit = commit_first(work, written, shown=target)
        except GitMissing:  # the files are still worth having; the message says to commit them
            _move_into_place(work, target)
            raise
        except UsageError as error:  # git failed, or was stopped (Ctrl-C reaches it too): nothing appears
            raise UsageError(f"{error.message}; nothing was created: fix this, then run `sopdoc init` again") from None
        _move_into_place(work, target)
    return NewRepository(target, tuple(written), (), commit)


def write_skeleton(target: Path) -> tuple[list[str], list[str]]:
    """Create the skeleton's files missing in ``target``: (written, skipped because something is there)."""
    written: list[str] = []
    skipped: list[str] = []
    for relpath, resource in skeleton_files():
        try:
            created = create_file(target / relpath, resource.read_bytes())
        except (FileExistsError, NotADirectoryError):  # a file stands where a folder of the skeleton goes
            created = False
        (written if created else skipped).append(relpath)
    return written, skipped


def _move_into_place(work: Path, target: Path) -> None:
    """Rename the finished repository to ``target``, which must still be missing or an empty folder."""
    try:
        os.rename(work, target)  # replaces an empty folder, never one that holds something
    except OSError as error:
        raise UsageError(f"{target} cannot be created ({error.strerror}); nothing was written there: check that "
                         "the folder is still missing or empty, then run `sopdoc init` again") from None


# --------------------------------------------------------------------------- git


def commit_first(root: Path, paths: Sequence[str], *, shown: Path | None = None) -> str:
    """``git init`` (unless ``root`` already is a repository) and commit ``paths``, only them.

    The user's git identity is used when configured; otherwise a fallback one, so that the commit
    never fails for want of a name. ``shown``: the folder to name in messages (where the files will be).
    """
    shown = shown or root
    if not (root / ".git").exists():
        _git(root, shown, "init", "-q", "-b", BRANCH)
    identity = [option for key, value in FALLBACK_IDENTITY.items() if not _git_config(root, key)
                for option in ("-c", f"{key}={value}")]
    _git(root, shown, "add", "--", *paths)
    _git(root, shown, *identity, "commit", "-q", "--no-verify", "-m", FIRST_COMMIT_MESSAGE, "--", *paths)
    return _git(root, shown, "rev-parse", "HEAD").strip()


class GitMissing(UsageError):
    """git is not installed: `create_repository` still delivers the files, not committed."""


def _git_config(root: Path, key: str) -> str:
    result = subprocess.run(["git", "config", "--get", key], cwd=root, capture_output=True, text=True, check=False)
    return result.stdout.strip()


def _git(root: Path, shown: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitMissing(f"git is not installed; the files are in {shown}: install git, then run `git init` and "
                         "commit them") from None
    if result.returncode != 0:
        command = next(arg for arg in args if not arg.startswith("-") and "=" not in arg)
        why = f"stopped by signal {-result.returncode}" if result.returncode < 0 else result.stderr.strip()
        raise UsageError(f"git {command} failed in {shown}: {why}") from None
    return result.stdout
