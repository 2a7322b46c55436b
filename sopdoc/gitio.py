"""Every git call of sopdoc, and nothing else.

GitPython finds the repository and runs the log, rev-parse and diff commands (with its error type
turned into a `UsageError` that says what to do); file contents at given commits come from one
``git cat-file --batch`` process fed all requests at once, the fastest way git offers.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import git

from sopdoc.errors import UsageError

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

    def log_name_status(self, folder: str) -> str:
        """One pass over the whole history of ``folder``: commits with their changed paths (renames
        followed), newest first, NUL-separated (parsed by `sopdoc.history.parse_log`)."""
        if not self.has_commits():
            return ""
        return self._run("log", "-M", "--name-status", "-z", "--format=%x01%H%x00%an%x00%ae%x00%aI%x00%s",
                         "--", self.path_in_repo(folder))

    def diff_name_status(self, base: str) -> str:
        """Files changed between commit ``base`` and the working tree (renames followed), NUL-separated."""
        return self._run("diff", "-M", "--name-status", "-z", base, "--")

    def untracked(self) -> list[str]:
        """Files of the working tree git does not track yet (and does not ignore), top-level relative."""
        output = self._run("ls-files", "--others", "--exclude-standard", "-z", "--", self.path_in_repo(".")
                           if self.prefix else ".")
        return [path for path in output.split("\x00") if path]

    def read_blobs(self, requests: Sequence[str]) -> list[bytes | None]:
        """Contents of ``commit:path`` objects, in order (None for a missing one), from one process."""
        if not requests:
            return []
        payload = "".join(f"{request}\n" for request in requests).encode("utf-8")
        process = subprocess.run(["git", "cat-file", "--batch", "--buffer"], cwd=self.top, input=payload,
                                 capture_output=True, check=False)
        if process.returncode != 0:
            raise UsageError(f"git cat-file failed: {process.stderr.decode('utf-8', 'replace').strip()}")
        return parse_batch(process.stdout, len(requests))


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
