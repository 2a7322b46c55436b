"""The command line: whole outputs, formats and exit codes."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

from sopdoc import cli
from sopdoc.cli import main
from sopdoc.cli.base import COMMAND_MODULES
from tests.conftest import ContentRepo, run_sopdoc

P1 = "procedures/demand/PRO-PIC-001.md"
PLAN_FILE = "plans/2026-11.yaml"


def _break(repo: ContentRepo) -> None:
    """One error and one warning, with a message holding characters GitHub needs escaped."""
    repo.replace(P1, "owner: demand-planner", "owner: demand-planer")
    repo.replace(PLAN_FILE, "forecast: {2026-11: 100, 2026-12: 100, 2027-01: 100}",
                 "forecast: {2026-11: 100, 2026-12: 100}")


def test_text_output_and_exit_code(repo: ContentRepo) -> None:
    _break(repo)
    result = repo.validate()
    assert result.exit_code == 1
    assert result.stdout == (
        "plans/2026-11.yaml:7:5: warning: forecast covers 2 months; the horizon is 3 months (2026-11 to 2027-01) "
        "[plan-horizon]\n"
        "procedures/demand/PRO-PIC-001.md:7:8: error: unknown person or role 'demand-planer' "
        "(did you mean 'demand-planner'?) [unknown-reference]\n"
    )
    assert result.stderr == "1 error, 1 warning in 5 files\n"


def test_json_output(repo: ContentRepo) -> None:
    _break(repo)
    result = repo.validate("--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "diagnostics": [
            {"path": "plans/2026-11.yaml", "line": 7, "column": 5, "rule": "plan-horizon", "severity": "warning",
             "message": "forecast covers 2 months; the horizon is 3 months (2026-11 to 2027-01)"},
            {"path": "procedures/demand/PRO-PIC-001.md", "line": 7, "column": 8, "rule": "unknown-reference",
             "severity": "error", "message": "unknown person or role 'demand-planer' (did you mean 'demand-planner'?)"},
        ],
        "summary": {"errors": 1, "warnings": 1, "files": 5},
    }
    assert result.stderr == ""


def test_github_output_escapes_workflow_commands(repo: ContentRepo) -> None:
    _break(repo)
    result = repo.validate("--format", "github")
    assert result.stdout == (
        "::warning file=plans/2026-11.yaml,line=7,col=5,title=plan-horizon::forecast covers 2 months; the horizon "
        "is 3 months (2026-11 to 2027-01)\n"
        "::error file=procedures/demand/PRO-PIC-001.md,line=7,col=8,title=unknown-reference::unknown person or role "
        "'demand-planer' (did you mean 'demand-planner'?)\n"
    )


def test_github_escaping_of_special_characters(repo: ContentRepo) -> None:
    p2 = repo.root / "procedures/executive/PRO-PIC-002.md"
    repo.write("procedures/executive/a,b:c%.md", p2.read_text().replace("PRO-PIC-002", "PRO-PIC-009"))
    result = repo.validate("--format", "github")
    assert result.stdout == (
        "::error file=procedures/executive/a%2Cb%3Ac%25.md,line=2,col=5,title=filename-mismatch::procedure "
        "PRO-PIC-009 is in a,b:c%25.md; name the file PRO-PIC-009.md\n"
    )


def test_strict_fails_on_warnings_only(repo: ContentRepo) -> None:
    repo.replace(PLAN_FILE, "forecast: {2026-11: 100, 2026-12: 100, 2027-01: 100}",
                 "forecast: {2026-11: 100, 2026-12: 100}")
    assert repo.validate().exit_code == 0
    assert repo.validate("--strict").exit_code == 1


def test_severity_overrides_from_configuration(repo: ContentRepo) -> None:
    _break(repo)
    repo.replace("sopdoc.yaml", "plan:\n", "rules:\n  unknown-reference: warning\n  plan-horizon: ignore\nplan:\n")
    result = repo.validate()
    assert result.exit_code == 0
    assert result.stdout == ("procedures/demand/PRO-PIC-001.md:7:8: warning: unknown person or role 'demand-planer' "
                             "(did you mean 'demand-planner'?) [unknown-reference]\n")
    assert result.stderr == "0 errors, 1 warning in 5 files\n"


def test_runs_from_a_subfolder_with_root_relative_paths(repo: ContentRepo) -> None:
    _break(repo)
    result = repo.validate("--format", "json", cwd=repo.root / "procedures" / "demand")
    assert [d["path"] for d in json.loads(result.stdout)["diagnostics"]] == [
        "plans/2026-11.yaml", "procedures/demand/PRO-PIC-001.md"]


def test_paths_limit_the_report(repo: ContentRepo) -> None:
    _break(repo)
    result = repo.validate("plans")
    assert result.stdout.splitlines() == [
        "plans/2026-11.yaml:7:5: warning: forecast covers 2 months; the horizon is 3 months (2026-11 to 2027-01) "
        "[plan-horizon]"]
    assert result.stderr == "0 errors, 1 warning in 1 file\n"
    assert result.exit_code == 0
    from_subfolder = repo.validate("PRO-PIC-001.md", cwd=repo.root / "procedures" / "demand")
    assert from_subfolder.exit_code == 1
    assert from_subfolder.stderr == "1 error, 0 warnings in 1 file\n"


def test_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    result = run_sopdoc(tmp_path, "validate")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"Error: no sopdoc.yaml in {tmp_path.resolve()} or any parent folder; run sopdoc inside "
                             "a content repository (or create one with `sopdoc init DIR`)\n")


def test_a_path_outside_the_repository_is_a_usage_error(repo: ContentRepo, tmp_path: Path) -> None:
    result = repo.validate(str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path} is outside the repository {repo.root.resolve()}\n"


def test_bad_today_is_a_usage_error(repo: ContentRepo) -> None:
    result = repo.validate("--today", "2026-13-01")
    assert result.exit_code == 2
    assert "Invalid value for '--today': '2026-13-01' is not a date; write YYYY-MM-DD" in result.stderr


def test_broken_files_never_stop_the_run(repo: ContentRepo) -> None:
    repo.write_bytes("procedures/demand/PRO-BIN-001.md", b"\x00\x01\x02\xff\xfe")
    repo.write("procedures/demand/PRO-TXT-001.md", "Pas de front matter.\n")
    repo.write("plans/2026-10.yaml", "month: [2026-10\n")
    repo.replace(P1, "owner: demand-planner", "owner: demand-planer")
    assert repo.findings() == [
        ("plans/2026-10.yaml", 2, 1, "yaml-syntax"),
        ("procedures/demand/PRO-BIN-001.md", 1, 4, "yaml-syntax"),
        ("procedures/demand/PRO-PIC-001.md", 7, 8, "unknown-reference"),
        ("procedures/demand/PRO-TXT-001.md", 1, 1, "yaml-syntax"),
    ]


SCRIPT = [sys.executable, "-c", "from sopdoc.cli import run; run()"]  # what the `sopdoc` console script runs


def test_every_command_is_in_the_table_of_lazily_imported_modules() -> None:
    for module in pkgutil.iter_modules(cli.__path__):
        importlib.import_module(f"sopdoc.cli.{module.name}")
    assert set(main.commands) == set(COMMAND_MODULES)
    for name, command in main.commands.items():
        assert command.callback is not None
        assert command.callback.__module__ == f"sopdoc.cli.{COMMAND_MODULES[name]}", name


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    probe = ("import sys\nfrom sopdoc.cli import main\n"
             "main(['schema', 'plan'], standalone_mode=False)\n"
             "print(sorted(name for name in sys.modules if name.startswith('sopdoc.cli.') or name == 'git'))\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "['sopdoc.cli.base', 'sopdoc.cli.validation']"


def test_the_console_script_exits_with_the_status_and_the_whole_output(repo: ContentRepo, tmp_path: Path) -> None:
    clean = subprocess.run([*SCRIPT, "validate", "--format", "json"], cwd=repo.root, capture_output=True, text=True)
    assert (clean.returncode, clean.stderr) == (0, "")
    assert clean.stdout == run_sopdoc(repo.root, "validate", "--format", "json").stdout
    _break(repo)
    findings = subprocess.run([*SCRIPT, "validate"], cwd=repo.root, capture_output=True, text=True)
    assert findings.returncode == 1
    assert findings.stdout == run_sopdoc(repo.root, "validate").stdout
    usage = subprocess.run([*SCRIPT, "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert usage.returncode == 2
    assert usage.stderr.startswith("Error: no sopdoc.yaml in ")
    unknown = subprocess.run([*SCRIPT, "nonsense"], cwd=repo.root, capture_output=True, text=True)
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr.endswith("Error: No such command 'nonsense'.\n")


def test_a_crash_still_shows_its_traceback(repo: ContentRepo) -> None:
    crash = ("import sopdoc.cli.validation as v\n"
             "def boom(*args, **kwargs):\n    raise RuntimeError('boom')\n"
             "v.validate = boom\nfrom sopdoc.cli import run\nrun()\n")
    result = subprocess.run([sys.executable, "-c", crash, "validate"], cwd=repo.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "Traceback (most recent call last):"
    assert result.stderr.splitlines()[-1] == "RuntimeError: boom"
