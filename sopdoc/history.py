"""The revision history of every procedure, from one pass over the git log.

One ``git log -M --name-status`` over ``procedures/`` gives every commit and the files it touched,
renames included; walking it from the newest commit back, each path at each commit is attributed
to the file it is today. Then one ``git cat-file --batch`` reads each (commit, file) version, and
the ``revision:`` line of its front matter says which revision that commit belongs to. Never one
``git log`` per file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sopdoc.gitio import GitRepository
from sopdoc.loading import split_front_matter
from sopdoc.model import Procedure
from sopdoc.repository import PROCEDURES_DIR


@dataclass(frozen=True)
class Commit:
    id: str
    author: str
    email: str
    date: dt.datetime
    subject: str

    @property
    def short(self) -> str:
        return self.id[:8]


@dataclass(frozen=True)
class Touch:
    """One commit that added, changed or renamed a procedure file (path as it was then)."""

    commit: Commit
    status: str  # A, M, R (renamed, maybe changed) or C
    path: str  # path relative to the git top level, at that commit


@dataclass(frozen=True)
class Revision:
    """One revision of a procedure: the commit that introduced it and the last one that touched it."""

    number: int | None  # the `revision` field at those commits (None: unreadable)
    introduced: Commit
    last: Commit  # the file as this revision finally was
    path: str  # path (git top level) at `last`
    commits: tuple[Commit, ...]  # every commit of this revision, oldest first
    summary: str | None  # the `changes` entry of this revision, from the current file


@dataclass(frozen=True)
class ProcedureHistory:
    path: str  # current path, relative to the content root
    revisions: tuple[Revision, ...]  # newest first


@dataclass
class History:
    """Histories by current path (relative to the content root)."""

    by_path: dict[str, ProcedureHistory] = field(default_factory=dict)
    shallow: bool = False  # the clone is shallow: older revisions are missing


# --------------------------------------------------------------------------- parsing the log


def parse_log(output: str) -> Iterator[tuple[Commit, list[tuple[str, list[str]]]]]:
    """Commits of ``git log --name-status -z --format=%x01%H%x00%an%x00%ae%x00%aI%x00%s``, newest
    first, each with its (status, paths) changes: two paths for a rename or copy."""
    for record in output.split("\x01"):
        if not record:
            continue
        fields = record.split("\x00")
        commit_id, author, email, date, subject = fields[:5]
        commit = Commit(commit_id, author, email, dt.datetime.fromisoformat(date), subject)
        tokens = [token for token in (token.lstrip("\n") for token in fields[5:]) if token]
        changes = []
        index = 0
        while index < len(tokens):
            status = tokens[index]
            width = 2 if status[:1] in ("R", "C") else 1
            changes.append((status[:1], tokens[index + 1:index + 1 + width]))
            index += 1 + width
        yield commit, changes


def attribute(log: Iterable[tuple[Commit, list[tuple[str, list[str]]]]],
              current: Iterable[str]) -> dict[str, list[Touch]]:
    """Each current file's touches, newest first, following renames back through the log."""
    owner: dict[str, str | None] = {path: path for path in current}  # path then → path today (None: gone)
    touches: dict[str, list[Touch]] = {path: [] for path in owner}
    for commit, changes in log:
        for status, paths in changes:
            if status == "D":
                owner.setdefault(paths[0], None)  # a file deleted here: older touches are not today's
                continue
            now = paths[-1]
            today = owner.get(now)
            if today is None:
                continue
            touches[today].append(Touch(commit, status, now))
            if status == "R":
                owner[paths[0]] = today
            if status in ("A", "R", "C"):
                owner[now] = None  # before this commit, this path held another file (or none)
    return touches


_REVISION = re.compile(r"^revision:[ \t]*['\"]?([0-9]+)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def revision_number(blob: bytes | None) -> int | None:
    """The ``revision:`` of a procedure file's front matter, read without a YAML parse."""
    if blob is None:
        return None
    text = blob.decode("utf-8", "replace").removeprefix("\ufeff")
    parts = split_front_matter(text)
    if parts is None:
        return None
    match = _REVISION.search(parts[0])
    return int(match.group(1)) if match else None


def group_revisions(touches: list[Touch], numbers: list[int | None],
                    summaries: dict[int, str]) -> tuple[Revision, ...]:
    """Consecutive touches with one revision number form that revision (newest first)."""
    revisions: list[Revision] = []
    group: list[tuple[Touch, int | None]] = []

    def close() -> None:
        if not group:
            return
        oldest_first = list(reversed(group))
        number = oldest_first[0][1]
        revisions.append(Revision(number, oldest_first[0][0].commit, oldest_first[-1][0].commit,
                                  oldest_first[-1][0].path, tuple(touch.commit for touch, _ in oldest_first),
                                  summaries.get(number) if number is not None else None))
        group.clear()

    for touch, number in zip(touches, numbers, strict=True):  # newest first
        if group and group[-1][1] != number:
            close()
        group.append((touch, number))
    close()
    return tuple(revisions)


# --------------------------------------------------------------------------- building


def collect_history(gitrepo: GitRepository, procedures: Iterable[Procedure]) -> History:
    """The history of every procedure file of the content repository, in one pass."""
    by_relpath = {procedure.path: procedure for procedure in procedures}
    current = [gitrepo.path_in_repo(path) for path in by_relpath]
    touches = attribute(parse_log(gitrepo.log_name_status(PROCEDURES_DIR)), current)
    requests = [f"{touch.commit.id}:{touch.path}" for path in current for touch in touches[path]]
    blobs = iter(gitrepo.read_blobs(requests))
    history = History(shallow=gitrepo.is_shallow() if requests else False)
    for path in current:
        numbers = [revision_number(next(blobs)) for _ in touches[path]]
        relpath = gitrepo.path_in_content(path) or path
        procedure = by_relpath.get(relpath)
        summaries = {change.revision: change.summary for change in (procedure.changes or ()) if
                     change.revision is not None and change.summary} if procedure else {}
        history.by_path[relpath] = ProcedureHistory(relpath, group_revisions(touches[path], numbers, summaries))
    return history
