"""Print the seconds `sopdoc.history.collect_history` takes in the repository DIR, nothing else.

Usage: python benchmarks/history_build.py DIR

The revision history is built from one `git log` pass and one `git cat-file --batch`; this times
that build alone (the repository is loaded first, untimed), so that it can be compared with one
`git log --name-status` over the same repository.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sopdoc.gitio import GitRepository
from sopdoc.history import collect_history
from sopdoc.repository import load_repository


def main() -> int:
    root = Path(sys.argv[1])
    procedures = load_repository(root, frozenset({"procedure"})).procedures
    start = time.perf_counter()
    history = collect_history(GitRepository(root), procedures)
    seconds = time.perf_counter() - start
    print(f"{seconds:.4f} {sum(len(item.revisions) for item in history.by_path.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
