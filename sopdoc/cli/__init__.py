"""The ``sopdoc`` command line: a thin door into the library, one module per group of commands."""

from sopdoc.cli import figures, git, site, validation
from sopdoc.cli.base import main

__all__ = ["figures", "git", "main", "site", "validation"]
