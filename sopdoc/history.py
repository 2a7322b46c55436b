"""The revision history of every procedure, from one pass over the git log.

One ``git log -M --raw`` over ``procedures/`` gives every commit, the files it touched (renames
included) and their blob ids; walking it from the newest commit back, each path at each commit is
attributed to the file it is today. Then one ``git cat-file --batch`` reads each of those blobs,
and the ``revision:`` line of its front matter says which revision that commit belongs to. Never
one ``git log`` per file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sopdoc.gitio import GitRepository, blob_reader
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
    blob: str  # the file's blob id after that commit


@dataclass(frozen=True)
class Revision:
    """One revision of a procedure: the commit that introduced it and the last one that touched it."""

    number: int | None  # the `revision` field at those commits (None: unreadable)
    introduced: Commit
    last: Commit  # the file as this revision finally was
    path: str  # path (git top level) at `last`
    blob: str  # the file's blob id at `last`
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


@dataclass(frozen=True)
class Change:
    """One file changed by a commit."""

    status: str  # A, M, D, R, C or T (the letter only; a rename's similarity is dropped)
    paths: tuple[str, ...]  # the path, or (old, new) for a rename or copy
    blob: str  # blob id after the commit (zeros for a deletion)


def parse_log(records: Iterable[str]) -> Iterator[tuple[Commit, list[Change]]]:
    """Commits of ``git log --raw --no-abbrev -z`` with `gitio.LOG_FORMAT` (records split at
    ``\\x01``), newest first, each with its changes. A raw entry is ``:<mode> <mode> <blob> <blob>
    <status>`` then one path, or two for a rename or copy."""
    for record in records:
        fields = record.split("\x00")
        commit_id, author, email, date, subject = fields[:5]
        commit = Commit(commit_id, author, email, dt.datetime.fromisoformat(date), subject)
        tokens = [token for token in (token.lstrip("\n") for token in fields[5:]) if token]
        changes = []
        index = 0
        while index < len(tokens):
            entry = tokens[index].split(" ")
            status = entry[-1][:1]
            width = 2 if status in ("R", "C") else 1
            changes.append(Change(status, tuple(tokens[index + 1:index + 1 + width]),
                                  entry[3] if len(entry) == 5 else ""))
            index += 1 + width
        yield commit, changes


def attribute(log: Iterable[tuple[Commit, list[Change]]], current: Iterable[str],
              found: Callable[[Touch], None] = lambda touch: None) -> dict[str, list[Touch]]:
    """Each current file's touches, newest first, following renames back through the log; ``found``
    is told of each touch as soon as it is found."""
    owner: dict[str, str | None] = {path: path for path in current}  # path then → path today (None: gone)
    touches: dict[str, list[Touch]] = {path: [] for path in owner}
    for commit, changes in log:
        for change in changes:
            status, paths = change.status, change.paths
            if status == "D":
                owner.setdefault(paths[0], None)  # a file deleted here: older touches are not today's
                continue
            now = paths[-1]
            today = owner.get(now)
            if today is None:
                continue
            touch = Touch(commit, status, now, change.blob)
            touches[today].append(touch)
            found(touch)
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
        last = oldest_first[-1][0]
        revisions.append(Revision(number, oldest_first[0][0].commit, last.commit, last.path, last.blob,
                                  tuple(touch.commit for touch, _ in oldest_first),
                                  summaries.get(number) if number is not None else None))
        group.clear()

    for touch, number in zip(touches, numbers, strict=True):  # newest first
        if group and group[-1][1] != number:
            close()
        group.append((touch, number))
    close()
    return tuple(revisions)


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class FileTouches:
    """What git says of one file of today: the commits that touched it, newest first, and the revision
    number its front matter had at each."""

    touches: tuple[Touch, ...]
    numbers: tuple[int | None, ...]


@dataclass(frozen=True)
class GitPass:
    """The part of the history that needs git and no front matter, by current path (relative to the
    content root): it can run while the procedures load (`sopdoc.repository.load_beside`)."""

    by_path: dict[str, FileTouches]
    shallow: bool
    blobs: dict[str, bytes] = field(default_factory=dict)  # blob id → content, if asked to keep them


def read_git(gitrepo: GitRepository, relpaths: Iterable[str], *, keep_blobs: bool = False) -> GitPass:
    """One ``git log`` over `PROCEDURES_DIR`, and one ``git cat-file`` reading, while the log streams
    in, the blob of each touch for its revision number. ``keep_blobs``: the contents are kept too (the
    site shows each earlier revision)."""
    current = [gitrepo.path_in_repo(relpath) for relpath in relpaths]
    requested: dict[str, int] = {}  # blob id → its place among the requests (a blob is read once)

    def request(touch: Touch) -> None:
        if touch.blob not in requested:
            requested[touch.blob] = len(requested)
            reader.request(touch.blob)

    with blob_reader(gitrepo.top) as reader:
        touches = attribute(parse_log(gitrepo.log_records(PROCEDURES_DIR)), current, request)
        blobs = reader.contents() if requested else []
    numbers = [revision_number(blob) for blob in blobs]
    by_path = {gitrepo.path_in_content(path) or path: FileTouches(
        tuple(touches[path]), tuple(numbers[requested[touch.blob]] for touch in touches[path])) for path in current}
    kept: dict[str, bytes] = {}
    for blob_id, place in requested.items() if keep_blobs else ():
        if (content := blobs[place]) is not None:
            kept[blob_id] = content
    return GitPass(by_path, gitrepo.is_shallow() if requested else False, kept)


def assemble(git: GitPass, procedures: Iterable[Procedure]) -> History:
    """The revisions of these procedures: their touches grouped by revision number, each revision with
    the summary its ``changes`` entry gives today."""
    history = History(shallow=git.shallow)
    for procedure in procedures:
        found = git.by_path.get(procedure.path, FileTouches((), ()))
        summaries = {change.revision: change.summary for change in (procedure.changes or ())
                     if change.revision is not None and change.summary}
        history.by_path[procedure.path] = ProcedureHistory(
            procedure.path, group_revisions(list(found.touches), list(found.numbers), summaries))
    return history


def collect_history(gitrepo: GitRepository, procedures: Iterable[Procedure]) -> History:
    """The history of these procedures' files, in one pass over git."""
    procedures = list(procedures)
    return assemble(read_git(gitrepo, [procedure.path for procedure in procedures]), procedures)
