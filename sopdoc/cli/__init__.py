"""The ``sopdoc`` command line: a thin door into the library, one module per group of commands."""

from sopdoc.cli import authoring, calendar, figures, git, publish, site, validation
from sopdoc.cli.base import main

__all__ = ["authoring", "calendar", "figures", "git", "main", "publish", "site", "validation"]
