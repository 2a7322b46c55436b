"""`sopdoc init`, the skeleton it ships (also from a wheel), and the CI files and hook it sets up."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from sopdoc.newrepo import skeleton, skeleton_files
from tests.conftest import ROOT, run_sopdoc
from tests.gitrepo import AUTHOR, GitRepo, git_environment

DATE = "2026-11-02T09:00:00+01:00"
SKELETON = ROOT / "sopdoc" / "skeleton"
OWN_FILES = {".github/workflows/sopdoc.yml", ".gitignore", ".gitlab-ci.yml", ".pre-commit-config.yaml", "README.md"}


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fixed identity and date of tests/gitrepo.py for the git commands sopdoc runs in this process."""
    for key in [key for key in os.environ if key.startswith("GIT_")]:
        monkeypatch.delenv(key)
    for key, value in git_environment(DATE).items():
        if key.startswith("GIT_"):
            monkeypatch.setenv(key, value)
    yield


@pytest.fixture
def no_identity(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No git identity anywhere: no configuration, no GIT_* variables."""
    for key in [key for key in os.environ if key.startswith("GIT_") or key == "EMAIL"]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    yield


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env=git_environment()).stdout


def skeleton_paths() -> list[str]:
    return [relpath for relpath, _ in skeleton_files()]


# --------------------------------------------------------------------------- init


@pytest.mark.usefixtures("git_identity")
def test_init_writes_the_skeleton_and_commits_it(tmp_path: Path) -> None:
    target = tmp_path / "pic"
    result = run_sopdoc(tmp_path, "init", "pic")
    assert result.exit_code == 0, result.output
    commit = git(target, "rev-parse", "HEAD").strip()
    assert result.stdout == f"created pic: 42 files, first commit {commit[:7]} \"Création du dépôt PIC\"\n"
    assert git(target, "log", "--format=%an <%ae>|%aI|%s") == (
        f"{AUTHOR[0]} <{AUTHOR[1]}>|2026-11-02T09:00:00+01:00|Création du dépôt PIC\n")
    assert git(target, "branch", "--show-current") == "main\n"
    assert sorted(git(target, "ls-files").splitlines()) == sorted(skeleton_paths())
    assert git(target, "status", "--porcelain") == ""
    for relpath in ("sopdoc.yaml", "procedures/demand/PRO-PIC-002.md", "plans/2026-11.yaml", "training.yaml",
                    "templates/plan.yaml.j2", "mkdocs.yml", ".vscode/settings.json"):
        assert (target / relpath).read_bytes() == (ROOT / relpath).read_bytes()
    assert len(list((target / "procedures").rglob("*.md"))) == 26
    assert [path.name for path in (target / "plans").iterdir()] == ["2026-11.yaml"]


@pytest.mark.usefixtures("git_identity")
def test_the_new_repository_validates_like_the_example(tmp_path: Path) -> None:
    run_sopdoc(tmp_path, "init", "pic")
    result = run_sopdoc(tmp_path / "pic", "validate", "--today", "2026-11-25")
    example = run_sopdoc(ROOT, "validate", "--today", "2026-11-25")
    assert result.exit_code == 0
    assert result.stdout == example.stdout  # the same deliberate warnings, and no error
    assert result.stderr == "0 errors, 7 warnings in 29 files\n"


@pytest.mark.usefixtures("no_identity")
def test_init_commits_with_a_fallback_identity(tmp_path: Path) -> None:
    result = run_sopdoc(tmp_path, "init", "pic")
    assert result.exit_code == 0, result.output
    assert git(tmp_path / "pic", "log", "--format=%an <%ae>|%cn <%ce>") == (
        "sopdoc <sopdoc@localhost>|sopdoc <sopdoc@localhost>\n")


@pytest.mark.usefixtures("git_identity")
def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "pic").mkdir()
    (tmp_path / "pic" / "notes.txt").write_text("à garder\n", encoding="utf-8")
    result = run_sopdoc(tmp_path, "init", "pic")
    assert result.exit_code == 2
    assert result.stderr == ("Error: pic is not empty; choose a new folder, or use --force to add the skeleton's "
                             "files that are missing (existing files are kept as they are)\n")
    assert [path.name for path in (tmp_path / "pic").iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert run_sopdoc(tmp_path, "init", "file").stderr == "Error: file is a file; give the path of a new folder\n"


@pytest.mark.usefixtures("git_identity")
def test_force_keeps_every_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "pic"
    (target / "procedures" / "demand").mkdir(parents=True)
    kept = {"sopdoc.yaml": "organisation: Ma société\n", "procedures/demand/PRO-PIC-001.md": "mon texte\n",
            "notes.txt": "à garder\n"}
    for relpath, text in kept.items():
        (target / relpath).write_text(text, encoding="utf-8")
    result = run_sopdoc(tmp_path, "init", "pic", "--force")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == ["kept (already there): procedures/demand/PRO-PIC-001.md",
                                              "kept (already there): sopdoc.yaml"]
    assert result.stdout.startswith("created pic: 40 files, first commit ")
    for relpath, text in kept.items():
        assert (target / relpath).read_text(encoding="utf-8") == text
    assert sorted(git(target, "status", "--porcelain", "--untracked-files=all").splitlines()) == [
        "?? notes.txt", "?? procedures/demand/PRO-PIC-001.md", "?? sopdoc.yaml"]
    again = run_sopdoc(tmp_path, "init", "pic", "--force")
    assert again.stdout == "nothing written in pic: every file of the skeleton is already there\n"
    assert len(git(target, "log", "--format=%H").splitlines()) == 1


# --------------------------------------------------------------------------- the skeleton


def test_the_skeleton_links_to_the_example_instead_of_copying_it() -> None:
    own = set()
    for path in SKELETON.rglob("*"):
        relpath = path.relative_to(SKELETON).as_posix()
        if path.is_symlink():
            assert ROOT in path.resolve().parents and SKELETON not in path.resolve().parents, relpath
        elif path.is_file() and not any(parent.is_symlink() for parent in path.parents):
            own.add(relpath)
    assert own == OWN_FILES
    assert str(skeleton()) == str(SKELETON)


def project_copy(target: Path) -> Path:
    """This project's files as git sees them (tracked, and new ones not ignored), symbolic links kept."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True, env=git_environment()).stdout.decode()
    for relpath in filter(None, listed.split("\0")):
        source, destination = ROOT / relpath, target / relpath
        if not source.exists() and not source.is_symlink():  # deleted in the working tree
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            destination.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, destination)
    return target


def test_the_wheel_holds_the_skeleton_as_real_files(tmp_path: Path) -> None:
    source = project_copy(tmp_path / "project")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", ".",
                    "-w", str(tmp_path / "dist")], cwd=source, check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("sopdoc-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        entries = {info.filename: info for info in archive.infolist() if info.filename.startswith("sopdoc/skeleton/")}
        assert sorted(entries) == sorted(f"sopdoc/skeleton/{relpath}" for relpath in skeleton_paths())
        for name, info in entries.items():
            assert not stat.S_ISLNK(info.external_attr >> 16), name
            assert archive.read(name) == (ROOT / "sopdoc" / name.removeprefix("sopdoc/")).read_bytes(), name


# --------------------------------------------------------------------------- CI files and the hook


def executable(name: str) -> str:
    """A tool of the test extra: beside this Python (the virtualenv), else on PATH; never skipped."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is missing: install the test extra (pip install -e '.[test]')"
    return found


def test_the_github_workflow_passes_actionlint() -> None:
    result = subprocess.run([executable("actionlint"), "-shellcheck", executable("shellcheck"), "-pyflakes", "",
                             "-no-color", str(SKELETON / ".github/workflows/sopdoc.yml")],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_github_workflow_checks_pull_requests_and_publishes_main() -> None:
    workflow = yaml.safe_load((SKELETON / ".github/workflows/sopdoc.yml").read_text(encoding="utf-8"))
    check, publish = workflow["jobs"]["check"], workflow["jobs"]["publish"]
    assert workflow["permissions"] == {"contents": "read"} and publish["permissions"] == {"contents": "write"}
    assert check["steps"][0]["with"] == {"fetch-depth": 0}
    assert check["steps"][-1]["run"] == 'sopdoc check --base "origin/$BASE_REF" --format github'
    assert check["steps"][-1]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert [step.get("run", "").splitlines()[-1:] for step in publish["steps"][-3:]] == [
        ["sopdoc validate"], ["sopdoc build"], ['sopdoc publish --version "$(date +%Y-%m)" --alias latest']]


def test_the_gitlab_pipeline_reports_code_quality_and_publishes_pages() -> None:
    pipeline = yaml.safe_load((SKELETON / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["GIT_DEPTH"] == 0
    assert pipeline["check"]["script"][-1] == ('sopdoc check --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" '
                                               "--format gitlab > gl-code-quality-report.json")
    assert pipeline["check"]["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert pipeline["pages"]["script"][:2] == ["sopdoc validate", "sopdoc build"]
    assert pipeline["pages"]["artifacts"] == {"paths": ["public"]}


def test_the_pre_commit_configuration_uses_this_version_of_the_hook() -> None:
    from importlib.metadata import version

    [repository] = yaml.safe_load((SKELETON / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert repository["rev"] == f"v{version('sopdoc')}"
    assert repository["hooks"] == [{"id": hook["id"]}]
    assert hook["entry"] == "sopdoc validate" and hook["pass_filenames"] is False


@pytest.mark.usefixtures("git_identity")
def test_pre_commit_runs_the_hook_in_a_new_repository(tmp_path: Path) -> None:
    """Slow (about 20 s): pre-commit builds an environment with sopdoc from a copy of this project."""
    hook_repo = GitRepo.create(tmp_path / "sopdoc")
    project_copy(hook_repo.root)
    hook_repo.commit("sopdoc", DATE)
    assert run_sopdoc(tmp_path, "init", "pic").exit_code == 0
    environment = {**git_environment(DATE), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    result = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo.root), "sopdoc-validate",
                             "--all-files", "--color", "never"], cwd=tmp_path / "pic", env=environment,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sopdoc validate" in result.stdout and "Passed" in result.stdout


def fail_commit(monkeypatch: pytest.MonkeyPatch, returncode: int | None) -> None:
    """git runs for real, except its commit, which ends with ``returncode`` (negative: killed by that signal;
    None: git is not installed)."""
    from sopdoc import newrepo

    real = subprocess.run

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        if "commit" in command:
            if returncode is None:
                raise FileNotFoundError("git")
            return subprocess.CompletedProcess(command, returncode, "", "" if returncode < 0 else "gpg failed to sign")
        return real(command, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(newrepo.subprocess, "run", run)


def committed_files(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_file() and ".git" not in path.relative_to(folder).parts)


@pytest.mark.parametrize(("returncode", "why"), [(-2, "stopped by signal 2"), (1, "gpg failed to sign")])
def test_init_leaves_nothing_when_git_fails_or_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          returncode: int, why: str) -> None:
    from sopdoc.errors import UsageError
    from sopdoc.newrepo import create_repository

    fail_commit(monkeypatch, returncode)  # -2: Ctrl-C reaches git as well as sopdoc
    with pytest.raises(UsageError) as failed:
        create_repository(tmp_path / "pic")
    assert failed.value.message == (f"git commit failed in {tmp_path / 'pic'}: {why}; nothing was created: fix "
                                    "this, then run `sopdoc init` again")
    assert os.listdir(tmp_path) == []


def test_init_without_git_delivers_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sopdoc.errors import UsageError
    from sopdoc.newrepo import create_repository

    fail_commit(monkeypatch, None)
    with pytest.raises(UsageError) as missing:
        create_repository(tmp_path / "pic")
    assert missing.value.message == (f"git is not installed; the files are in {tmp_path / 'pic'}: install git, then "
                                     "run `git init` and commit them")
    assert os.listdir(tmp_path) == ["pic"]
    assert committed_files(tmp_path / "pic") == sorted(path for path, _ in skeleton_files())


def test_init_force_keeps_the_files_when_git_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sopdoc.errors import UsageError
    from sopdoc.newrepo import create_repository

    (tmp_path / "pic").mkdir()
    (tmp_path / "pic" / "notes.txt").write_text("à garder\n", encoding="utf-8")
    fail_commit(monkeypatch, 1)
    with pytest.raises(UsageError) as failed:
        create_repository(tmp_path / "pic", force=True)
    assert failed.value.message == (f"git commit failed in {tmp_path / 'pic'}: gpg failed to sign; the files are "
                                    "written, commit them yourself")
    assert committed_files(tmp_path / "pic") == sorted([*(path for path, _ in skeleton_files()), "notes.txt"])
