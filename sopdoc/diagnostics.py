"""Diagnostics as data: what a rule found, where, and how serious it is.

A `Diagnostic` is a plain frozen record; rules build them, the validator applies severity
overrides, reporters print them. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    """How a finding counts: errors fail a run, warnings only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    IGNORE = "ignore"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: ``path:line:column: severity: message [rule]``.

    ``path`` is POSIX-style and relative to the repository root; ``line`` and ``column`` are
    1-based and point at the offending key or value in the file (front matter included).
    """

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Order by file, then position, then rule id: stable output for humans and diffs."""
    return sorted(diagnostics, key=lambda d: (d.path, d.line, d.column, d.rule, d.message))


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    files: int


def summarize(diagnostics: Iterable[Diagnostic], files: int) -> Summary:
    errors = warnings = 0
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR:
            errors += 1
        elif diagnostic.severity is Severity.WARNING:
            warnings += 1
    return Summary(errors=errors, warnings=warnings, files=files)
