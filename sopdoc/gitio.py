"""Every git call of sopdoc, and nothing else.

GitPython finds the repository and runs the rev-parse and diff commands (with its error type turned
into a `UsageError` that says what to do). The history's one ``git log`` is read as it streams in
and gives each change's blob id; file contents come from one ``git cat-file --batch`` process fed
those blob ids meanwhile (no path looked up in trees): the fastest way git offers.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import git

from sopdoc.errors import UsageError

LOG_FORMAT = "--format=%x01%H%x00%an%x00%ae%x00%aI%x00%s"  # a record: \x01, then NUL-separated fields
SHALLOW_HINT = ("the clone is shallow: fetch the full history (actions/checkout with `fetch-depth: 0`, "
                "GitLab `GIT_DEPTH: 0`, or `git fetch --unshallow`)")


class GitRepository:
    """The git repository holding a content repository's root."""

    def __init__(self, root: Path) -> None:
        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise UsageError(f"{root} is not inside a git repository; run `git init` there, or clone the "
                             "content repository") from None
        if self.repo.working_tree_dir is None:
            raise UsageError(f"{root} is a bare git repository; run sopdoc in a working tree")
        self.top = Path(self.repo.working_tree_dir)
        self.prefix = Path(root).resolve().relative_to(self.top.resolve()).as_posix()
        if self.prefix == ".":
            self.prefix = ""

    def _run(self, *args: str) -> str:
        try:
            return str(self.repo.git.execute(["git", *args], with_extended_output=False))
        except git.GitCommandError as error:
            stderr = (error.stderr or "").strip().removeprefix("stderr: ").strip("'\n ")
            raise UsageError(f"git {args[0]} failed: {stderr or error}") from None

    def path_in_repo(self, relpath: str) -> str:
        """A path relative to the content root → relative to the git top level."""
        return f"{self.prefix}/{relpath}" if self.prefix else relpath

    def path_in_content(self, path: str) -> str | None:
        """A path relative to the git top level → relative to the content root (None if outside)."""
        if not self.prefix:
            return path
        return path[len(self.prefix) + 1:] if path.startswith(self.prefix + "/") else None

    def is_shallow(self) -> bool:
        return self._run("rev-parse", "--is-shallow-repository").strip() == "true"

    def has_commits(self) -> bool:
        try:
            self.repo.git.execute(["git", "rev-parse", "--verify", "--quiet", "HEAD"])
        except git.GitCommandError:
            return False
        return True

    def resolve(self, ref: str) -> str:
        """The commit id of ``ref``, or a usage error saying how to get it."""
        try:
            return str(self.repo.git.execute(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"])).strip()
        except git.GitCommandError:
            hint = SHALLOW_HINT if self.is_shallow() else ("fetch it first (`git fetch origin`) or name a branch, "
                                                           "tag or commit that exists")
            raise UsageError(f"unknown base {ref!r}: {hint}") from None

    def merge_base(self, base: str, head: str = "HEAD") -> str:
        try:
            return str(self.repo.git.execute(["git", "merge-base", base, head])).strip()
        except git.GitCommandError:
            hint = SHALLOW_HINT if self.is_shallow() else "the two histories share no commit"
            raise UsageError(f"no common ancestor between {base} and {head}: {hint}") from None

    def log_records(self, folder: str) -> Iterator[str]:
        """One pass over the whole history of ``folder``, record by record as git writes them:
        ``git log -M --raw --no-abbrev -z`` with `LOG_FORMAT`, i.e. commits newest first, each with its
        changes (modes, blob ids, status, paths; renames followed), parsed by
        `sopdoc.history.parse_log`. Nothing before the first commit."""
        if not self.has_commits():
            return
        with tempfile.TemporaryFile() as stderr, subprocess.Popen(
                ["git", "log", "-M", "--raw", "--no-abbrev", "-z", LOG_FORMAT, "--", self.path_in_repo(folder)],
                cwd=self.top, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr) as process:
            assert process.stdout is not None
            output = process.stdout.fileno()
            try:
                yield from split_records(iter(lambda: os.read(output, 1 << 16), b""))
            finally:
                if process.poll() is None:  # the reader stopped early (an error): stop git too
                    process.kill()
            if process.wait() != 0:
                stderr.seek(0)
                raise UsageError(f"git log failed: {stderr.read().decode('utf-8', 'replace').strip()}")

    def diff_name_status(self, base: str) -> str:
        """Files changed between commit ``base`` and the working tree (renames followed), NUL-separated."""
        return self._run("diff", "-M", "--name-status", "-z", base, "--")

    def untracked(self) -> list[str]:
        """Files of the working tree git does not track yet (and does not ignore), top-level relative."""
        output = self._run("ls-files", "--others", "--exclude-standard", "-z", "--", self.path_in_repo(".")
                           if self.prefix else ".")
        return [path for path in output.split("\x00") if path]

    def read_blobs(self, requests: Sequence[str]) -> list[bytes | None]:
        """Contents of objects named by blob id or ``commit:path``, in order (None for a missing one),
        from one process. Blob ids are much cheaper: git need not walk the commit's trees."""
        if not requests:
            return []
        with blob_reader(self.top) as reader:
            for request in requests:
                reader.request(request)
            return reader.contents()


@contextlib.contextmanager
def blob_reader(top: Path) -> Iterator[BlobReader]:
    """One ``git cat-file --batch`` process in the repository ``top``, stopped on the way out."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(["git", "cat-file", "--batch", "--buffer"], cwd=top,
                                       stdin=subprocess.PIPE, stdout=output, stderr=errors)
        except OSError as error:
            raise UsageError(f"cannot run git: {error}") from None
        try:
            yield BlobReader(process, output, errors)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()


class BlobReader:
    """A ``git cat-file --batch`` process (`blob_reader`), fed object names one by one as they are
    found: the history feeds it while the log streams in, so both git processes work at once. Its
    output goes to an unnamed temporary file: git never waits for us to read, so feeding it never
    blocks for long, and `contents` reads everything at the end."""

    def __init__(self, process: subprocess.Popen[bytes], output: IO[bytes], errors: IO[bytes]) -> None:
        assert process.stdin is not None
        self._process, self._input, self._output, self._errors = process, process.stdin, output, errors
        self._count = 0

    def request(self, name: str) -> None:
        self._input.write(f"{name}\n".encode())
        self._count += 1

    def contents(self) -> list[bytes | None]:
        """Every requested object's content, in request order (None for a missing one)."""
        self._input.close()
        if self._process.wait() != 0:
            self._errors.seek(0)
            raise UsageError(f"git cat-file failed: {self._errors.read().decode('utf-8', 'replace').strip()}")
        self._output.seek(0)
        return parse_batch(self._output.read(), self._count)


def split_records(chunks: Iterable[bytes]) -> Iterator[str]:
    """The ``\\x01``-separated records of UTF-8 output read in chunks (a chunk may end inside a record
    or inside a character), each as soon as it is complete; empty ones skipped."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    pending = ""
    for chunk in chunks:
        *records, pending = (pending + decoder.decode(chunk)).split("\x01")
        yield from (record for record in records if record)
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def parse_batch(output: bytes, count: int) -> list[bytes | None]:
    """Split ``git cat-file --batch`` output: ``<id> <type> <size>\\n<content>\\n`` or ``<name> missing\\n``."""
    blobs: list[bytes | None] = []
    position = 0
    for _ in range(count):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[-1] == b"missing":
            blobs.append(None)
            continue
        size = int(header[2])
        blobs.append(output[position:position + size])
        position += size + 1
    return blobs
