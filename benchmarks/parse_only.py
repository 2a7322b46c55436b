"""Reference parse time: load every file of a sopdoc content repository with libyaml, nothing else.

Usage:
    python benchmarks/parse_only.py DIR

Finds the files `sopdoc validate` reads (sopdoc.yaml, training.yaml, plans/*.yaml,
procedures/**/*.md), splits a Markdown file's front matter off (between the leading `---` lines)
and loads each text with yaml.load(text, Loader=yaml.CSafeLoader). Prints the number of files.
bench_validate.py compares the time of this process with the time of `sopdoc validate`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def front_matter(text: str) -> str:
    """The YAML between the leading `---` line and the next `---` line ('' if none)."""
    if not text.startswith("---"):
        return ""
    first = text.find("\n") + 1
    end = text.find("\n---", first - 1)
    return text[first : end + 1] if end >= 0 else ""


def files(root: Path) -> list[Path]:
    found = [root / "sopdoc.yaml", root / "training.yaml"]
    found += sorted((root / "plans").glob("*.yaml")) + sorted((root / "procedures").rglob("*.md"))
    return [p for p in found if p.is_file()]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    paths = files(Path(argv[0]))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        yaml.load(front_matter(text) if path.suffix == ".md" else text, Loader=yaml.CSafeLoader)
    print(f"{len(paths)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
