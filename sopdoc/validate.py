"""`sopdoc validate`: load everything, apply every rule, settle severities, keep what was asked.

Pure over a loaded `Repository`: the result is data for a reporter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sopdoc.diagnostics import Diagnostic, Severity, Summary, sort_diagnostics, summarize
from sopdoc.repository import Repository
from sopdoc.rules import RULES, content, dates, figures, plans, references, structure

RULE_MODULES = (structure, references, plans, content, figures, dates)


@dataclass(frozen=True)
class ValidationResult:
    diagnostics: tuple[Diagnostic, ...]  # sorted, ignored ones left out
    summary: Summary

    def failed(self, strict: bool) -> bool:
        return self.summary.errors > 0 or (strict and self.summary.warnings > 0)


def validate(repo: Repository, today: dt.date, only: Sequence[str] = (),
             extra: Iterable[Diagnostic] = ()) -> ValidationResult:
    """Every finding of the repository, plus ``extra`` ones (the git rules of `sopdoc check`);
    ``only`` keeps those of these files or folders."""
    found: list[Diagnostic] = [*repo.diagnostics, *extra]
    for module in RULE_MODULES:
        found.extend(module.check(repo, today))
    overrides: Mapping[str, Severity] = repo.organisation.severities if repo.organisation is not None else {}
    settled = [d for d in _with_severities(found, overrides) if d.severity is not Severity.IGNORE]
    files = repo.files
    if only:
        settled = [d for d in settled if _selected(d.path, only)]
        files = tuple(path for path in files if _selected(path, only))
    return ValidationResult(tuple(sort_diagnostics(settled)), summarize(settled, len(files)))


def _with_severities(diagnostics: Iterable[Diagnostic],
                     overrides: Mapping[str, Severity]) -> Iterator[Diagnostic]:
    """Each rule's default severity, or the one ``sopdoc.yaml`` sets under ``rules:``."""
    for diagnostic in diagnostics:
        rule = RULES.get(diagnostic.rule)
        severity = overrides.get(diagnostic.rule, rule.severity if rule else diagnostic.severity)
        yield diagnostic if severity is diagnostic.severity else diagnostic.with_severity(severity)


def _selected(path: str, only: Sequence[str]) -> bool:
    return any(path == prefix or path.startswith(prefix.rstrip("/") + "/") or prefix in ("", ".")
               for prefix in only)
