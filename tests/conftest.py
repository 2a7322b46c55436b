"""Shared fixtures: small real content repositories written into ``tmp_path``."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sopdoc.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ("sopdoc.yaml", "procedures", "plans", "training.yaml")  # the bundled example's content


def copy_example(target: Path, names: Iterable[str] = EXAMPLE) -> Path:
    """The bundled example's files and folders ``names`` (those that exist) copied into ``target``, a new folder."""
    target.mkdir(parents=True)
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    return target
TODAY = "2026-11-25"  # the reference date of every test that validates

CONFIG = """\
organisation: Atelier Test
language: fr
country: FR
roles:
  general-manager: {name: Gérante}
  demand-planner: {name: Prévisionniste}
  supply-planner: {name: Ordonnanceur}
people:
  jdupont: {name: Julie Dupont, roles: [general-manager]}
  mmartin: {name: Marc Martin, roles: [demand-planner]}
  pleroux: {name: Paul Leroux, roles: [supply-planner]}
families:
  FAM-A:
    name: Axes
    unit: pcs
    strategy: mts
    hours_per_unit: {TOUR: 0.5}
    inventory_weeks: {min: 2, max: 6}
  FAM-B:
    name: Corps
    unit: pcs
    strategy: mto
    hours_per_unit: {TOUR: 1.0}
    backlog_weeks: {max: 5}
work_centers:
  TOUR: {name: Tournage, hours_per_month: 1000}
calendar:
  - {step: demand-review, working_day: 4, owner: demand-planner, procedure: PRO-PIC-001}
  - {step: executive-review, working_day: 10, owner: general-manager, procedure: PRO-PIC-002}
plan:
  horizon_months: 3
"""

PROCEDURE_1 = """\
---
id: PRO-PIC-001
title: Revue de la demande
area: demand
status: active
revision: 2
owner: demand-planner
approver: general-manager
effective: 2026-03-02
training_roles: [demand-planner]
indicators: [forecast-accuracy]
related: [PRO-PIC-002]
steps:
  - {who: demand-planner, when: J+4, what: Consolider les prévisions}
changes:
  - {revision: 2, date: 2026-03-02, summary: Justification des corrections}
  - {revision: 1, date: 2025-01-06, summary: Création}
---
## Objet

Décrire la revue de la demande.
"""

PROCEDURE_2 = """\
---
id: PRO-PIC-002
title: Revue de direction
area: executive
status: active
revision: 1
owner: general-manager
approver: general-manager
effective: 2026-01-06
steps:
  - {who: general-manager, when: J+10, what: Approuver le plan}
changes:
  - {revision: 1, date: 2026-01-06, summary: Création}
---
Texte.
"""

PLAN = """\
month: 2026-11
status: approved
approved: {by: jdupont, date: 2026-11-13}
families:
  FAM-A:
    actuals: {demand: 100, production: 90, inventory: 40, lines_due: 10, lines_on_time: 9, lead_time_days: 5}
    forecast: {2026-11: 100, 2026-12: 100, 2027-01: 100}
    production: {2026-11: 100, 2026-12: 100, 2027-01: 100}
  FAM-B:
    actuals: {demand: 10, production: 10, backlog: 20, lines_due: 4, lines_on_time: 4, lead_time_days: 12}
    forecast: {2026-11: 10, 2026-12: 10, 2027-01: 10}
    production: {2026-11: 10, 2026-12: 10, 2027-01: 10}
"""

TRAINING = """\
- {person: mmartin, procedure: PRO-PIC-001, revision: 2, date: 2026-03-09, trainer: jdupont}
"""

BASE_FILES: dict[str, str] = {
    "sopdoc.yaml": CONFIG,
    "procedures/demand/PRO-PIC-001.md": PROCEDURE_1,
    "procedures/executive/PRO-PIC-002.md": PROCEDURE_2,
    "plans/2026-11.yaml": PLAN,
    "training.yaml": TRAINING,
}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is not a pass: a run with skips fails (the browser tests fail, never skip, when
    Chromium is missing; nothing here is meant to be skipped)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(f"{skipped} test(s) skipped: the run fails (see -ra above)", red=True)


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test runs with the load cache on, in a folder of its own (never the user's)."""
    previous = os.environ.get("SOPDOC_CACHE_DIR")
    os.environ["SOPDOC_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["SOPDOC_CACHE_DIR"]
    else:
        os.environ["SOPDOC_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _no_thread_left_behind(request: pytest.FixtureRequest) -> None:
    """Outside the browser tests (whose server runs while they do), every test starts with this process's
    one thread: any other makes `sopdoc.worker.available` false, and the forked paths (shared MkDocs
    build, loading beside git) would silently go untested for the rest of the run."""
    if request.node.path.is_relative_to(Path(__file__).parent / "browser"):
        return
    threads = threading.enumerate()
    assert len(threads) == 1, f"a test before this one left threads running: {[t.name for t in threads[1:]]}"


@dataclass
class ContentRepo:
    """A content repository in a temporary folder, with helpers to edit it and run sopdoc."""

    root: Path

    def write(self, relpath: str, text: str) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def write_bytes(self, relpath: str, data: bytes) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def replace(self, relpath: str, old: str, new: str) -> None:
        path = self.root / relpath
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relpath}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def run(self, *args: str, cwd: Path | None = None) -> Result:
        return run_sopdoc(cwd or self.root, *args)

    def validate(self, *args: str, cwd: Path | None = None) -> Result:
        """``sopdoc validate`` on the tests' reference date."""
        return run_sopdoc(cwd or self.root, "validate", "--today", TODAY, *args)

    def findings(self, *args: str) -> list[tuple[str, int, int, str]]:
        """(path, line, column, rule) of every finding of ``sopdoc validate``."""
        result = self.validate("--format", "json", *args)
        payload = json.loads(result.output)
        return [(d["path"], d["line"], d["column"], d["rule"]) for d in payload["diagnostics"]]

    def messages(self) -> list[str]:
        result = self.validate("--format", "json")
        return [d["message"] for d in json.loads(result.output)["diagnostics"]]


def run_sopdoc(cwd: Path, *args: str) -> Result:
    """Run the CLI in ``cwd`` through Click's runner (stdout and stderr kept apart)."""
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def repo(tmp_path: Path) -> ContentRepo:
    """A small valid content repository: 2 procedures, 1 plan, 1 training record."""
    content = ContentRepo(tmp_path / "repo")
    for relpath, text in BASE_FILES.items():
        content.write(relpath, text)
    return content


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[dict[str, str]], ContentRepo]:
    def make(files: dict[str, str]) -> ContentRepo:
        content = ContentRepo(tmp_path / "custom")
        for relpath, text in files.items():
            content.write(relpath, text)
        return content

    return make


@pytest.fixture
def history(tmp_path: Path) -> ContentRepo:
    """The hand-computed S&OP history of tests/history.py."""
    from tests.history import write_history

    return write_history(tmp_path / "history")


@pytest.fixture
def report(history: ContentRepo) -> dict[str, Any]:
    from tests.history import kpi_report

    return kpi_report(history)


@pytest.fixture
def figure(report: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    from tests.history import figure_finder

    return figure_finder(report)
