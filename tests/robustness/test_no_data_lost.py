"""No data lost: what `init`, `new`, `calendar`, `build` and `publish` refuse, what they replace, and what an
interrupted run leaves behind.

The interrupts are real: each command runs as a separate process (in a session of its own, as in a
terminal) on a copy of the bundled example and is killed, with SIGKILL (nothing can clean up) or SIGINT
(Ctrl-C), either after a measured share of the duration of an uninterrupted run, or at the moment the
file system shows it has reached a step (its scratch folder, the site being written, the site built).
After each kill: every source file is byte for byte what it was; what the command writes is entirely
the old version or entirely the new one; after Ctrl-C nothing of the run is left; after SIGKILL, what the
run left behind is removed by the next run in the same place, and nothing else is touched.
A few steps too short to hit from outside (between two renames) are interrupted in-process instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from sopdoc import files
from tests.conftest import EXAMPLE, TODAY, ContentRepo, run_sopdoc
from tests.conftest import copy_example as copy_files

SOURCES = (*EXAMPLE, "mkdocs.yml", "templates", "schemas")  # everything a failed command must leave as it was
NEXT_DAY = "2026-12-10"  # the interrupted runs' reference date: their site differs from the one in place
SOPDOC = [sys.executable, "-c", "from sopdoc.cli import main; main()"]

Digest = dict[str, str | None]


def copy_example(target: Path) -> Path:
    return copy_files(target, SOURCES)


def digest(folder: Path, *, skip: Callable[[str], bool] = lambda name: False) -> Digest:
    """Every path under ``folder`` → the hash of its bytes (None for a folder, the target for a link), but
    the top-level entries that ``skip`` names."""
    found: Digest = {}
    for directory, folders, names in os.walk(folder):
        here = Path(directory)
        if here == folder:
            folders[:] = [name for name in folders if not skip(name)]
            names = [name for name in names if not skip(name)]
        for name in [*folders, *names]:
            path = here / name
            relpath = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relpath] = f"-> {os.readlink(path)}"
            elif path.is_dir():
                found[relpath] = None
            else:
                found[relpath] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def scratch(name: str) -> bool:
    """A scratch folder or temporary file of sopdoc's."""
    return (name.startswith(".sopdoc-") and not name.endswith(".json")) or name.endswith(".tmp")


def start(cwd: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*SOPDOC, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, env={**os.environ, "NO_COLOR": "1"})


def run(cwd: Path, *args: str) -> float:
    """Run sopdoc to the end; returns how long it took."""
    began = time.monotonic()
    process = start(cwd, *args)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return time.monotonic() - began


Moment = float | Callable[[int], bool]  # a delay in seconds, or a condition on the file system (given the pid)


def interrupt(cwd: Path, args: tuple[str, ...], moment: Moment, sig: signal.Signals) -> int | None:
    """Start sopdoc, wait for ``moment``, send ``sig`` to its whole session; its exit status, or None when
    it had finished first."""
    process = start(cwd, *args)
    if isinstance(moment, float):
        time.sleep(moment)
    else:
        deadline = time.monotonic() + 300
        while process.poll() is None and not moment(process.pid) and time.monotonic() < deadline:
            time.sleep(0.0005)
    if process.poll() is not None:
        process.communicate()
        return None
    os.killpg(process.pid, sig)
    process.communicate(timeout=300)
    return process.returncode


def entry_named(folder: Path, test: Callable[[str], bool]) -> Path | None:
    try:
        return next((folder / name for name in os.listdir(folder) if test(name)), None)
    except FileNotFoundError:
        return None


def reached(folder: Path, *steps: str) -> Callable[[int], bool]:
    """A moment: ``folder/steps…`` exists, where a step ``@kind`` is the scratch folder of that kind that the
    running process made (not one an earlier, killed run left)."""
    def moment(pid: int) -> bool:
        path: Path | None = folder
        for step in steps:
            if path is None:
                return False
            if step.startswith("@"):
                prefix = f".sopdoc-{step[1:]}-"
                path = entry_named(path, lambda name, prefix=prefix: name.startswith(prefix) and f"-{pid}-" in name)
            else:
                path = path / step
        return path is not None and path.exists()
    return moment


def scratch_in(folder: Path) -> set[str]:
    return {name for name in os.listdir(folder) if scratch(name)}


def check_interrupted(status: int | None, sig: signal.Signals, before: set[str], after: set[str]) -> None:
    """After Ctrl-C, nothing the run made is left (what an earlier killed run left may still be there, when
    the interrupt came before the run got to it). Status 0: the run had done its work when interrupted."""
    if status is None or status == 0:
        return
    if sig is signal.SIGINT:
        assert after <= before, f"Ctrl-C left {sorted(after - before)} behind"


# -- refusals: nothing is replaced without being told to -------------------------------------------------------


def test_init_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "pic"
    target.mkdir()
    (target / "sopdoc.yaml").write_text("organisation: Ma société\n", encoding="utf-8")
    (target / "notes.txt").write_bytes(b"\x00\xff binary notes")
    before = digest(tmp_path)

    refused = run_sopdoc(tmp_path, "init", "pic")

    assert refused.exit_code == 2
    assert refused.stderr.startswith("Error: pic is not empty; choose a new folder, or use --force")
    assert digest(tmp_path) == before

    forced = run_sopdoc(tmp_path, "init", "pic", "--force")  # --force adds what is missing, replaces nothing

    assert forced.exit_code == 0, forced.output
    assert "kept (already there): sopdoc.yaml" in forced.stderr.splitlines()
    after = digest(tmp_path)
    assert {path: after[path] for path in before} == before


@pytest.mark.parametrize(("args", "existing", "message"), [
    (("new", "plan", "2026-12"), "plans/2026-12.yaml",
     "Error: the plan of 2026-12 already exists (plans/2026-12.yaml); sopdoc never overwrites a plan\n"),
    (("new", "procedure", "--area", "demand", "--title", "T", "--id", "PRO-DEM-009"),
     "procedures/demand/PRO-DEM-009.md", "Error: procedure PRO-DEM-009 already exists; choose another id\n"),
    (("calendar", "--output", "pic.ics"), "pic.ics", "Error: pic.ics already exists; use --force to replace it\n"),
    (("schema", "--output", "schemas"), "schemas/plan.schema.json",
     "Error: schemas/plan.schema.json already exists and differs; use --force to replace it\n"),
])
def test_new_files_never_replace_an_existing_one(tmp_path: Path, args: tuple[str, ...], existing: str,
                                                  message: str) -> None:
    root = copy_example(tmp_path / "example")
    (root / existing).parent.mkdir(parents=True, exist_ok=True)
    (root / existing).write_bytes(b"---\nid: PRO-DEM-009\n---\nnot yet valid, but mine\n")
    before = digest(root)

    result = run_sopdoc(root, *args)

    assert (result.exit_code, result.stderr) == (2, message)
    assert digest(root) == before


@pytest.mark.parametrize("command", [("new", "plan", "2026-12"), ("new", "procedure", "--area", "demand")])
def test_new_has_no_force(tmp_path: Path, command: tuple[str, ...]) -> None:
    """`sopdoc new` never overwrites a document (SPEC 4): there is no option to make it."""
    root = copy_example(tmp_path / "example")
    result = run_sopdoc(root, *command, "--force")
    assert result.exit_code == 2
    assert "No such option '--force'" in result.stderr


@pytest.mark.parametrize("args", [("calendar", "--output", "pic.ics", "--today", TODAY),
                                  ("schema", "--output", "schemas")])
def test_force_replaces_atomically(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = copy_example(tmp_path / "example")
    target = root / ("pic.ics" if args[0] == "calendar" else "schemas/plan.schema.json")
    target.write_text("old content\n", encoding="utf-8")
    target.chmod(0o640)
    inode = target.stat().st_ino
    sources = digest(root, skip=lambda name: name in ("pic.ics", "schemas"))

    result = run_sopdoc(root, *args, "--force")

    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") != "old content\n"
    assert target.stat().st_ino != inode  # a finished file renamed over the old one, not the old one rewritten
    assert target.stat().st_mode & 0o777 == 0o640
    assert not [path for path in target.parent.iterdir() if scratch(path.name)]
    assert digest(root, skip=lambda name: name in ("pic.ics", "schemas")) == sources


@pytest.mark.parametrize(("output", "message"), [
    (".", "{output} holds the repository itself; choose another output folder"),
    ("..", "{output} holds the repository itself; choose another output folder"),
    ("procedures", "{output} is in the repository's procedures/ folder; choose another output folder"),
    ("procedures/site", "{output} is in the repository's procedures/ folder; choose another output folder"),
    ("plans", "{output} is in the repository's plans/ folder; choose another output folder"),
    ("templates/site", "{output} is in the repository's templates/ folder; choose another output folder"),
    ("schemas", "{output} is in the repository's schemas/ folder; choose another output folder"),
    (".git", "{output} is in the repository's .git/ folder; choose another output folder"),
    ("sopdoc.yaml", "Invalid value for '--output': Directory '{output}' is a file."),
    ("training.yaml", "Invalid value for '--output': Directory '{output}' is a file."),
    ("documents", "{output} exists and was not built by sopdoc; remove it or choose another output folder"),
    ("link", "{output} is a symbolic link; give the folder it points to, {resolved}, as the output"),
])
def test_build_replaces_only_its_own_output(tmp_path: Path, output: str, message: str) -> None:
    root = copy_example(tmp_path / "example")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "documents").mkdir()
    (root / "documents" / "rapport.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "built").mkdir()
    (tmp_path / "built" / ".sopdoc-site").write_text("a site sopdoc built, through a link\n", encoding="utf-8")
    (root / "link").symlink_to(tmp_path / "built")
    before = digest(tmp_path)

    result = run_sopdoc(root, "build", "--today", TODAY, "--output", output)

    assert (result.exit_code, result.stdout) == (2, "")
    path = root / output
    assert result.stderr.endswith("Error: " + message.format(output=output, resolved=path.resolve()) + "\n")
    assert digest(tmp_path) == before


@pytest.mark.parametrize(("target", "message"), [
    (".", "{target} holds the repository itself; publish into another folder"),
    ("plans/archive", "{target} is inside the repository's plans/ folder; publish into another folder"),
    (".git/pages", "{target} is inside the repository's .git/ folder; publish into another folder"),
    ("training.yaml", "Invalid value for '--to': Directory '{target}' is a file."),
    ("intranet", "{target}/2026-12 not published by sopdoc; move it away or publish into another folder (sopdoc "
                 "never replaces what it did not write)"),
])
def test_publish_replaces_only_what_it_wrote(tmp_path: Path, target: str, message: str) -> None:
    root = copy_example(tmp_path / "example")
    (root / ".git").mkdir()
    (root / "intranet" / "2026-12").mkdir(parents=True)
    (root / "intranet" / "2026-12" / "index.html").write_text("the intranet's own page", encoding="utf-8")
    before = digest(tmp_path)

    result = run_sopdoc(root, "publish", "--today", TODAY, "--version", "2026-12", "--to", target)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("Error: " + message.format(target=target) + "\n")
    assert digest(tmp_path) == before


def test_a_failed_publish_into_a_new_folder_leaves_no_folder(repo: ContentRepo, tmp_path: Path) -> None:
    repo.replace("procedures/demand/PRO-PIC-001.md", "Décrire la revue de la demande.",
                 "Voir [la page absente](absente.md).")
    result = repo.run("publish", "--today", TODAY, "--version", "2026-11", "--strict", "--to",
                      str(tmp_path / "new" / "intranet"))
    assert result.exit_code == 1  # MkDocs: "Aborted with 1 warnings in strict mode!"
    assert not (tmp_path / "new" / "intranet").exists()


def test_relative_output_folders(repo: ContentRepo) -> None:
    """The scratch folder beside a relative output has an absolute path (MkDocs reads it from elsewhere)."""
    built = repo.run("build", "--today", TODAY, "--output", "../intranet/site", cwd=repo.root / "procedures")
    assert built.exit_code == 0, built.stderr
    assert (repo.root / "intranet" / "site" / ".sopdoc-site").is_file()
    published = repo.run("publish", "--today", TODAY, "--version", "2026-11", "--to", "out")
    assert published.exit_code == 0, published.stderr
    assert sorted(os.listdir(repo.root / "out")) == [".sopdoc-publish.json", "2026-11", "index.html", "versions.json"]


# -- interrupted in-process, at steps too short to hit from outside --------------------------------------------


def raise_interrupt(*_: Any, **__: Any) -> Any:
    raise KeyboardInterrupt


def assert_aborted(result: Result) -> None:
    """Click's answer to Ctrl-C: "Aborted!" and exit status 1."""
    assert (result.exit_code, result.stderr.strip()) == (1, "Aborted!")


@pytest.mark.parametrize("shared", [True, False])
def test_a_build_interrupted_inside_mkdocs_changes_nothing(repo: ContentRepo, monkeypatch: pytest.MonkeyPatch,
                                                            shared: bool) -> None:
    assert repo.run("build", "--today", TODAY).exit_code == 0
    before = digest(repo.root)
    import mkdocs.commands.build

    from sopdoc import worker

    # while a page is rendered: in the shared build (`sopdoc.site.shared_build`) or in MkDocs' own
    monkeypatch.setattr(worker, "available", lambda: shared)
    monkeypatch.setattr(mkdocs.commands.build, "_build_page", raise_interrupt)
    assert_aborted(repo.run("build", "--today", NEXT_DAY))
    assert digest(repo.root) == before


@pytest.mark.parametrize("step", ["exchange", "remove"])
def test_a_build_interrupted_while_swapping_leaves_one_whole_site(repo: ContentRepo, monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path, step: str) -> None:
    assert repo.run("build", "--today", NEXT_DAY, "--output", str(tmp_path / "new")).exit_code == 0
    assert repo.run("build", "--today", TODAY).exit_code == 0
    old, new = digest(repo.root / "site"), digest(tmp_path / "new")
    sources = digest(repo.root, skip=lambda name: name == "site")
    if step == "exchange":  # two renames where there is no atomic exchange: cut between them
        monkeypatch.setattr(files, "exchange", lambda first, second: False)
        rename = Path.rename

        def second_rename_interrupted(self: Path, target: Any) -> Any:
            if self.name == "site" and self.parent.name.startswith(".sopdoc-build-"):
                raise KeyboardInterrupt
            return rename(self, target)

        monkeypatch.setattr(Path, "rename", second_rename_interrupted)
    else:  # the new site is in place, the old one is being removed
        monkeypatch.setattr(files, "remove", raise_interrupt)
    assert_aborted(repo.run("build", "--today", NEXT_DAY))
    assert digest(repo.root / "site") == (old if step == "exchange" else new)
    assert digest(repo.root, skip=lambda name: name == "site") == sources


def test_a_publish_interrupted_between_names_leaves_each_name_whole(repo: ContentRepo, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "intranet"
    assert repo.run("publish", "--today", TODAY, "--version", "2026-11", "--alias", "latest", "--to",
                    str(target)).exit_code == 0
    before = {name: digest(target / name) if (target / name).is_dir() else (target / name).read_bytes()
              for name in os.listdir(target)}
    copytree = shutil.copytree

    def alias_copy_interrupted(source: Path, *args: Any, **kwargs: Any) -> Any:
        if source == target / "2026-12":  # the version is in place, its alias is being copied
            raise KeyboardInterrupt
        return copytree(source, *args, **kwargs)

    monkeypatch.setattr(shutil, "copytree", alias_copy_interrupted)
    assert_aborted(repo.run("publish", "--today", NEXT_DAY, "--version", "2026-12", "--alias", "latest", "--to",
                            str(target)))
    assert sorted(os.listdir(target)) == sorted([*before, "2026-12"])
    for name in ("2026-11", "latest", "versions.json", "index.html"):
        assert (digest(target / name) if (target / name).is_dir() else (target / name).read_bytes()) == before[name]
    assert "2026-12" in (target / ".sopdoc-publish.json").read_text(encoding="utf-8")
    monkeypatch.undo()
    assert repo.run("publish", "--today", NEXT_DAY, "--version", "2026-12", "--alias", "latest", "--to",
                    str(target)).exit_code == 0
    assert digest(target / "latest") == digest(target / "2026-12")


def test_an_init_interrupted_before_its_commit_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sopdoc import newrepo

    monkeypatch.setattr(newrepo, "commit_first", raise_interrupt)
    assert_aborted(run_sopdoc(tmp_path, "init", "pic"))
    assert list(tmp_path.iterdir()) == []


# -- interrupted from outside: SIGKILL and Ctrl-C at measured moments --------------------------------------------


def test_build_interrupted_anywhere(tmp_path: Path) -> None:
    """`sopdoc build` into site/ in the repository: the scratch folder lives in the repository's root."""
    root = copy_example(tmp_path / "example")
    duration = run(root, "build", "--today", TODAY)  # the old site; the new one takes as long
    old = digest(root / "site")
    shutil.copytree(root / "site", tmp_path / "old-site")
    sources = digest(root, skip=lambda name: name == "site")
    moments: list[tuple[Moment, signal.Signals]] = [
        (0.5 * duration, signal.SIGKILL),
        (reached(root, "@build", "site"), signal.SIGINT),  # MkDocs is writing the site
        (reached(root, "@build", "site", ".sopdoc-site"), signal.SIGKILL),  # built: being swapped in
    ]
    sites = []
    for moment, sig in moments:
        if digest(root / "site") != old:
            shutil.rmtree(root / "site")
            shutil.copytree(tmp_path / "old-site", root / "site")
        before = scratch_in(root)
        status = interrupt(root, ("build", "--today", NEXT_DAY), moment, sig)
        sites.append((sig.name, digest(root / "site")))
        assert digest(root, skip=lambda name: name == "site" or scratch(name)) == sources
        check_interrupted(status, sig, before, scratch_in(root))

    run(root, "build", "--today", NEXT_DAY)  # what each interrupted run would have made

    new = digest(root / "site")
    assert new != old
    for name, site in sites:
        assert site in (old, new), f"the site is neither the old one nor the new one after {name}"
    assert old in [site for _, site in sites]  # some kills did land during the build
    assert digest(root, skip=lambda name: name == "site") == sources  # no scratch folder left


def test_publish_interrupted_anywhere(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    target = tmp_path / "intranet"
    publish = ("publish", "--today", NEXT_DAY, "--version", "2026-12", "--alias", "latest", "--to", str(target))
    duration = run(root, "publish", "--today", TODAY, "--version", "2026-11", "--alias", "latest", "--to",
                   str(target))  # the new version takes as long
    shutil.copytree(target, tmp_path / "old")
    old = states(target)
    sources = digest(root)
    moments: list[tuple[Moment, signal.Signals]] = [
        (0.4 * duration, signal.SIGKILL),
        (reached(target, "@publish", "@build", "site"), signal.SIGINT),  # MkDocs is writing the site
        (lambda pid: (target / "2026-12").is_dir(), signal.SIGKILL),  # the version is in place, the alias next
    ]
    published = []
    for moment, sig in moments:
        shutil.rmtree(target)
        shutil.copytree(tmp_path / "old", target)
        status = interrupt(root, publish, moment, sig)
        published.append((sig.name, states(target, skip=scratch)))
        assert digest(root) == sources
        check_interrupted(status, sig, set(), scratch_in(target))

    run(root, *publish)  # what each interrupted run would have made

    new = states(target)  # and nothing else: no scratch folder left
    assert sorted(new) == [".sopdoc-publish.json", "2026-11", "2026-12", "index.html", "latest", "versions.json"]
    for name, now in published:
        assert set(now) <= {*old, *new}
        for entry in {*old, *new}:
            assert now.get(entry) in (old.get(entry), new.get(entry)), f"{entry} is half published after {name}"


def states(folder: Path, skip: Callable[[str], bool] = lambda name: False) -> dict[str, Any]:
    """Each top-level name of a published folder → its digest (or bytes)."""
    return {name: digest(folder / name) if (folder / name).is_dir() else (folder / name).read_bytes()
            for name in os.listdir(folder) if not skip(name)}


def test_new_plan_interrupted_anywhere(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    sources = digest(root)
    run(root, "new", "plan", "2026-12")
    plan = (root / "plans" / "2026-12.yaml").read_bytes()
    (root / "plans" / "2026-12.yaml").unlink()
    duration = run(root, "new", "plan", "2026-12")  # as long as the runs below take: the load cache is warm
    moments: list[tuple[Moment, signal.Signals]] = [
        *((share * duration, signal.SIGKILL) for share in (0.5, 0.8, 0.9, 0.95)),
        (0.85 * duration, signal.SIGINT),
        (lambda pid: bool(scratch_in(root / "plans") - before), signal.SIGKILL),  # its temporary file is written
    ]
    before: set[str] = set()
    for moment, sig in moments:
        (root / "plans" / "2026-12.yaml").unlink(missing_ok=True)
        before = scratch_in(root / "plans")
        status = interrupt(root, ("new", "plan", "2026-12"), moment, sig)
        written = root / "plans" / "2026-12.yaml"
        assert not written.exists() or written.read_bytes() == plan, f"half a plan after {sig.name}"
        assert digest(root, skip=lambda name: name == "plans") == {
            path: value for path, value in sources.items() if not path.startswith("plans")}
        check_interrupted(status, sig, before, scratch_in(root / "plans"))

    (root / "plans" / "2026-12.yaml").unlink(missing_ok=True)
    run(root, "new", "plan", "2026-12")

    assert digest(root) == {**sources, "plans/2026-12.yaml": hashlib.sha256(plan).hexdigest()}


def test_calendar_interrupted_anywhere(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    (root / "pic.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    args = ("calendar", "--today", TODAY, "--output", "pic.ics", "--force")
    sources = digest(root)
    run(root, *args)
    new = (root / "pic.ics").read_bytes()
    duration = run(root, *args)  # as long as the runs below take: the load cache is warm
    for moment, sig in [(0.5 * duration, signal.SIGKILL), (0.8 * duration, signal.SIGKILL),
                        (0.9 * duration, signal.SIGKILL), (0.95 * duration, signal.SIGKILL),
                        (0.85 * duration, signal.SIGINT)]:
        (root / "pic.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        before = scratch_in(root)
        status = interrupt(root, args, moment, sig)
        assert (root / "pic.ics").read_bytes() in (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", new)
        assert digest(root, skip=lambda name: name == "pic.ics" or scratch(name)) == {
            path: value for path, value in sources.items() if path != "pic.ics"}
        check_interrupted(status, sig, before, scratch_in(root))

    run(root, *args)

    assert digest(root) == {**sources, "pic.ics": hashlib.sha256(new).hexdigest()}


def test_init_interrupted_anywhere(tmp_path: Path) -> None:
    """A new repository appears whole (every file, committed) or not at all."""
    reference = tmp_path / "reference"
    reference.mkdir()
    duration = run(reference, "init", "pic")
    expected = digest(reference / "pic", skip=lambda name: name == ".git")
    parent = tmp_path / "work"
    parent.mkdir()
    moments: list[tuple[Moment, signal.Signals]] = [
        *((share * duration, signal.SIGKILL) for share in (0.4, 0.7, 0.85, 0.95)),
        (0.8 * duration, signal.SIGINT),
        (lambda pid: (parent / "pic").exists(), signal.SIGKILL),  # the repository has its name
        (reached(parent, "@init", "repository", ".git"), signal.SIGKILL),  # git is running
        (reached(parent, "@init", "repository", ".git", "index"), signal.SIGINT),  # files added to git
    ]
    for moment, sig in moments:
        if (parent / "pic").exists():
            shutil.rmtree(parent / "pic")
        before = scratch_in(parent)
        status = interrupt(parent, ("init", "pic"), moment, sig)
        if (parent / "pic").exists():
            assert digest(parent / "pic", skip=lambda name: name == ".git") == expected
            assert git(parent / "pic", "status", "--porcelain") == ""
            assert git(parent / "pic", "log", "--format=%s") == "Création du dépôt PIC\n"
        assert [name for name in os.listdir(parent) if not scratch(name)] in ([], ["pic"])
        check_interrupted(status, sig, before, scratch_in(parent))

    run(parent, "init", "other")

    assert sorted(os.listdir(parent)) in (["other"], ["other", "pic"])  # no scratch folder left


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout
