"""Text, JSON and GitHub renderings of one `ValidationResult`. Pure: they return strings."""

from __future__ import annotations

import hashlib
import json

from sopdoc.diagnostics import Diagnostic, Severity, Summary
from sopdoc.validate import ValidationResult

FORMATS = ("text", "json", "github")
CHECK_FORMATS = (*FORMATS, "gitlab")


def diagnostic_line(diagnostic: Diagnostic) -> str:
    """``path:line:col: severity: message [rule-id]``."""
    return (f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.severity.value}: "
            f"{diagnostic.message} [{diagnostic.rule}]")


def render_text(result: ValidationResult) -> list[str]:
    return [diagnostic_line(diagnostic) for diagnostic in result.diagnostics]


def summary_line(summary: Summary) -> str:
    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return (f"{plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')} "
            f"in {plural(summary.files, 'file')}")


def render(result: ValidationResult, output_format: str) -> tuple[list[str], list[str]]:
    """(stdout lines, stderr lines) of a result in ``text``, ``json``, ``github`` or ``gitlab`` format."""
    if output_format == "json":
        return [render_json(result)], []
    if output_format == "gitlab":
        return [render_gitlab(result)], []
    lines = render_github(result) if output_format == "github" else render_text(result)
    return lines, [summary_line(result.summary)]


def render_json(result: ValidationResult, **extra: object) -> str:
    payload = {
        "diagnostics": [
            {"path": d.path, "line": d.line, "column": d.column, "rule": d.rule, "severity": d.severity.value,
             "message": d.message}
            for d in result.diagnostics
        ],
        "summary": {"errors": result.summary.errors, "warnings": result.summary.warnings,
                    "files": result.summary.files},
        **extra,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: ValidationResult) -> list[str]:
    """GitHub Actions workflow commands: one annotation per finding."""
    lines = []
    for d in result.diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        lines.append(f"::{command} file={_escape_property(d.path)},line={d.line},col={d.column},"
                     f"title={_escape_property(d.rule)}::{_escape_data(d.message)}")
    return lines


_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def render_gitlab(result: ValidationResult) -> str:
    """A GitLab Code Quality report. Fingerprints hash the rule, the file, the message and the
    occurrence number, not the line: a finding keeps its identity when lines above it move."""
    seen: dict[tuple[str, str, str], int] = {}
    issues = []
    for d in result.diagnostics:
        key = (d.rule, d.path, d.message)
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256("\x00".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        issues.append({
            "description": d.message,
            "check_name": d.rule,
            "fingerprint": fingerprint,
            "severity": _GITLAB_SEVERITY.get(d.severity, "info"),
            "location": {"path": d.path, "lines": {"begin": d.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)
