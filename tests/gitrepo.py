"""Real git repositories for tests: fixed identities and dates, nothing from the user's git config."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

AUTHOR = ("Julie Dupont", "j.dupont@example.fr")


def git_environment(date: str | None = None, author: tuple[str, str] = AUTHOR) -> dict[str, str]:
    """A git environment cut off from global and system configuration, with a fixed identity."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update({
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
        "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1],
    })
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return env


@dataclass
class GitRepo:
    """A working tree with helpers to write files and commit them at chosen dates."""

    root: Path
    commits: list[str] = field(default_factory=list)

    def git(self, *args: str, date: str | None = None, author: tuple[str, str] = AUTHOR) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, env=git_environment(date, author), check=True,
                                capture_output=True, text=True)
        return result.stdout

    @classmethod
    def create(cls, root: Path) -> GitRepo:
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        repo.git("init", "-q", "-b", "main")
        return repo

    def write(self, relpath: str, text: str) -> None:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str, author: tuple[str, str] = AUTHOR) -> str:
        """Stage everything and commit at ``date`` (ISO 8601); returns the commit id."""
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date, author=author)
        commit = self.git("rev-parse", "HEAD").strip()
        self.commits.append(commit)
        return commit
