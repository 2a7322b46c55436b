"""The one exception that stops a run: a usage or configuration problem the user must fix.

Bad content is never an exception (it is a diagnostic); this is for "no sopdoc.yaml here",
"unknown month", "file exists": the message says what to do, and the CLI exits with status 2.
"""


class UsageError(Exception):
    """A problem with how sopdoc was called or where; the message tells the user what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
