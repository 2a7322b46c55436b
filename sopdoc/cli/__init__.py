"""The ``sopdoc`` command line: a thin door into the library, one module per group of commands.

Each command's module is imported when the command runs (`base.COMMAND_MODULES`).
"""

from sopdoc.cli.base import main, run

__all__ = ["main", "run"]
