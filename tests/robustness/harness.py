"""What every run over hostile content must satisfy, whatever the files hold.

`check_repository` runs ``sopdoc validate`` and ``sopdoc kpi`` through the CLI runner (which lets
exceptions through, so a crash fails the test) and generates the site's pages, then checks that
every finding names a file of the repository, a line and column inside it and a known rule id, and
that the exit status follows the findings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sopdoc.errors import UsageError
from sopdoc.repository import load_repository
from sopdoc.rules import RULES
from sopdoc.site.build import site_context
from sopdoc.site.generate import generate_site
from tests.conftest import BASE_FILES, TODAY, run_sopdoc

TODAY_DATE = dt.date.fromisoformat(TODAY)

# The plan being prepared: a draft after the fixture's approved plan, with every section filled, so
# that the rules on figures and dates of a draft (stock, capacity, data, cycle, actions) run too.
DRAFT_PLAN = """\
month: 2026-12
status: draft
data_sources:
  - {id: erp-orders, description: Extraction ERP, owner: demand-planner, as_of: 2026-11-24, max_age_days: 7}
cycle:
  - {step: demand-review, done: 2026-11-05, attendees: [mmartin, jdupont], notes: Revue tenue}
families:
  FAM-A:
    actuals: {demand: 95, production: 100, inventory: 60, lines_due: 11, lines_on_time: 10, lead_time_days: 5.5}
    forecast: {2026-12: 100, 2027-01: 100, 2027-02: 100}
    production: {2026-12: 100, 2027-01: 100, 2027-02: 100}
  FAM-B:
    actuals: {demand: 12, production: 10, backlog: 8, lines_due: 5, lines_on_time: 4, lead_time_days: 11}
    forecast: {2026-12: 10, 2027-01: 10, 2027-02: 10}
    production: {2026-12: 10, 2027-01: 10, 2027-02: 10}
capacity:
  TOUR: {2026-12: 800}
assumptions: [Hausse de la demande en janvier]
risks:
  - {id: R-1, description: Retard fournisseur, owner: supply-planner, impact: high}
decisions:
  - {id: D-2026-12-1, description: Samedi travaillé, owner: jdupont, date: 2026-11-20}
actions:
  - {id: A-1, description: Négocier un second fournisseur, owner: pleroux, due: 2026-12-15, status: open}
  - {id: A-2, description: Relancer, owner: mmartin, due: 2026-11-20, original_due: 2026-11-10, status: done,
     done: 2026-11-18}
"""

DRAFT_PLAN_FILE = "plans/2026-12.yaml"

# The repository the mutation tests start from: the fixture's, and the plan being prepared.
BASE: dict[str, bytes] = {relpath: text.encode("utf-8") for relpath, text in
                          {**BASE_FILES, DRAFT_PLAN_FILE: DRAFT_PLAN}.items()}


def write_files(root: Path, files: dict[str, bytes]) -> Path:
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def repository_files(root: Path) -> set[str]:
    """Every entry below ``root`` (files, links, folders: a folder named training.yaml is reported),
    as repository-relative POSIX paths."""
    found = set()
    for directory, folders, names in os.walk(root):
        for name in [*names, *folders]:
            found.add(Path(directory, name).relative_to(root).as_posix())
    return found


def _lines(path: Path) -> list[bytes]:
    try:
        return path.read_bytes().split(b"\n") if path.is_file() and not path.is_symlink() else [b""]
    except OSError:
        return [b""]


def _reject_constant(name: str) -> Any:
    raise AssertionError(f"{name} in JSON output: a figure that cannot be computed is null with a reason")


@dataclass(frozen=True)
class Outcome:
    findings: list[dict[str, Any]]  # the JSON diagnostics of `sopdoc validate`
    exit_code: int
    kpi: dict[str, Any] | None  # the JSON of `sopdoc kpi`, None when it stopped with a usage error
    pages: dict[str, str | bytes] | None  # the generated site, None when sopdoc.yaml cannot be read

    def keys(self) -> list[tuple[str, int, int, str]]:
        return [(d["path"], d["line"], d["column"], d["rule"]) for d in self.findings]


def validate_json(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run_sopdoc(root, "validate", "--format", "json", "--today", TODAY, *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout, parse_constant=_reject_constant)


def check_findings(root: Path, exit_code: int, payload: dict[str, Any]) -> None:
    """Each finding names a file of the repository, a place inside it and a known rule; exit 1 iff errors."""
    files = repository_files(root)
    errors = warnings = 0
    for finding in payload["diagnostics"]:
        where = f"{finding}"
        assert finding["path"] in files, where
        assert finding["rule"] in RULES, where
        assert finding["severity"] in ("error", "warning"), where
        assert isinstance(finding["message"], str) and finding["message"].strip(), where
        lines = _lines(root / finding["path"])
        assert 1 <= finding["line"] <= len(lines), f"line beyond the end of the file: {where}"
        # a column counts characters (or bytes where the file is not UTF-8): never more than the bytes
        assert 1 <= finding["column"] <= len(lines[finding["line"] - 1]) + 1, f"column beyond the line: {where}"
        errors += finding["severity"] == "error"
        warnings += finding["severity"] == "warning"
    assert payload["summary"]["errors"] == errors and payload["summary"]["warnings"] == warnings
    assert exit_code == (1 if errors else 0), payload


def check_repository(root: Path, *, site: bool = True) -> Outcome:
    """Validate, compute the indicators and generate the site of ``root``; check what must always hold."""
    exit_code, payload = validate_json(root)
    check_findings(root, exit_code, payload)

    kpi = run_sopdoc(root, "kpi", "--format", "json", "--today", TODAY)
    assert kpi.exit_code in (0, 2), kpi.output
    if kpi.exit_code == 2:  # no readable sopdoc.yaml or plan: said in one line, never a traceback
        assert kpi.stderr.startswith("Error: ") and "Traceback" not in kpi.output, kpi.output
    report = json.loads(kpi.stdout, parse_constant=_reject_constant) if kpi.exit_code == 0 else None

    pages = None
    if site:
        repo = load_repository(root)
        try:
            ctx = site_context(root, repo, TODAY_DATE, {})
        except UsageError:
            assert repo.organisation is None
        else:
            pages = generate_site(ctx)
            assert all(isinstance(content, str | bytes) for content in pages.values())
    return Outcome(payload["diagnostics"], exit_code, report, pages)
