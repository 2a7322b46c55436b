"""`sopdoc.files`: files created only where nothing is, replaced atomically, folders swapped in whole, and
what killed runs leave behind removed by the next run (only that)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sopdoc import files
from sopdoc.errors import UsageError
from sopdoc.files import (
    create_file,
    exchange,
    remove_stale_scratch,
    remove_stale_temporaries,
    replace_folder,
    scratch_folder,
    write_atomic,
    write_new_file,
)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` → its bytes (None for a folder)."""
    return {path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
            for path in sorted(folder.rglob("*"))}


def folder_with(path: Path, content: dict[str, str]) -> Path:
    for relpath, text in content.items():
        (path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (path / relpath).write_text(text, encoding="utf-8")
    return path


def dead_pid() -> int:
    """The id of a process that has ended (and been waited for)."""
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


HOST = files._host()


# -- single files --------------------------------------------------------------------------------------------------


def test_create_file_never_replaces_anything(tmp_path: Path) -> None:
    target = tmp_path / "plans" / "2026-12.yaml"
    assert create_file(target, b"first\n")
    assert not create_file(target, b"second\n")
    assert target.read_bytes() == b"first\n"
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere")
    assert not create_file(link, b"x")  # a broken link is something too
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["2026-12.yaml", "link.yaml", "plans"]
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not the private mode of a temporary file


def test_write_atomic_replaces_by_renaming_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "pic.ics"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    inode = target.stat().st_ino
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_ino != inode  # a new file renamed over the old one, never the old one rewritten
    assert target.stat().st_mode & 0o777 == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["pic.ics"]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pic.ics"
    target.write_text("old", encoding="utf-8")

    def interrupted(*_: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    monkeypatch.setattr(os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    with pytest.raises(KeyboardInterrupt):
        create_file(tmp_path / "new.ics", b"new")
    assert tree(tmp_path) == {"pic.ics": b"old"}


def test_write_new_file_needs_force_to_replace(tmp_path: Path) -> None:
    target = tmp_path / "plan.schema.json"
    assert write_new_file(target, "{}\n")
    assert not write_new_file(target, "{}\n")  # identical: left alone
    with pytest.raises(UsageError, match="already exists and differs; use --force to replace it"):
        write_new_file(target, "[]\n")
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert write_new_file(target, "[]\n", force=True)
    assert target.read_text(encoding="utf-8") == "[]\n"
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(UsageError, match="is a folder"):
        write_new_file(tmp_path / "folder.json", "{}\n", force=True)


def test_temporaries_of_killed_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "2026-12.yaml"
    kept = {
        f".2026-12.yaml.{HOST}-{os.getpid()}.abc123.tmp": "a running process's",  # this one runs
        f".2026-12.yaml.otherhost-{dead_pid()}.abc123.tmp": "another machine's",
        f".2026-11.yaml.{HOST}-{dead_pid()}.abc123.tmp": "another file's",
        ".2026-12.yaml.notes.tmp": "the user's",
        "2026-11.yaml": "a plan",
    }
    folder_with(tmp_path, kept)
    (tmp_path / f".2026-12.yaml.{HOST}-{dead_pid()}.x_9y8z7w.tmp").write_text("half", encoding="utf-8")
    remove_stale_temporaries(target)
    assert {name: text.encode() for name, text in kept.items()} == tree(tmp_path)


# -- folders -------------------------------------------------------------------------------------------------------


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    first = folder_with(tmp_path / "first", {"a.html": "A"})
    second = folder_with(tmp_path / "second", {"b.html": "B"})
    if not exchange(first, second):
        pytest.skip("no atomic exchange on this system: replace_folder falls back to two renames")
    assert tree(first) == {"b.html": b"B"}
    assert tree(second) == {"a.html": b"A"}


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_replace_folder_puts_the_new_one_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  atomic: bool) -> None:
    if not atomic:
        monkeypatch.setattr(files, "exchange", lambda first, second: False)
    place = folder_with(tmp_path / "site", {"index.html": "old", "old.html": "old"})
    new = folder_with(tmp_path / "scratch" / "site", {"index.html": "new"})
    replace_folder(new, place, tmp_path / "scratch" / "previous")
    assert tree(place) == {"index.html": b"new"}
    assert tree(tmp_path / "scratch") == {}
    fresh = folder_with(tmp_path / "scratch" / "other", {"index.html": "first"})
    replace_folder(fresh, tmp_path / "missing", tmp_path / "scratch" / "previous")
    assert tree(tmp_path / "missing") == {"index.html": b"first"}


def test_replace_folder_interrupted_between_two_renames_puts_the_old_one_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "exchange", lambda first, second: False)
    place = folder_with(tmp_path / "site", {"index.html": "old"})
    new = folder_with(tmp_path / "scratch" / "site", {"index.html": "new"})
    rename = Path.rename
    calls: list[Path] = []

    def second_rename_interrupted(self: Path, target: Any) -> Any:
        calls.append(self)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", second_rename_interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_folder(new, place, tmp_path / "scratch" / "previous")
    assert tree(place) == {"index.html": b"old"}
    assert tree(tmp_path / "scratch") == {"site": None, "site/index.html": b"new"}


def test_replace_folder_interrupted_while_removing_the_old_one_leaves_the_new_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    place = folder_with(tmp_path / "site", {"index.html": "old"})
    new = folder_with(tmp_path / "scratch" / "site", {"index.html": "new"})

    def interrupted(path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "remove", interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_folder(new, place, tmp_path / "scratch" / "previous")
    assert tree(place) == {"index.html": b"new"}


def test_a_scratch_folder_goes_away_whatever_happens(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), scratch_folder(tmp_path, "build") as scratch:
        assert scratch.parent == tmp_path
        assert scratch.name.startswith(f".sopdoc-build-{HOST}-{os.getpid()}-")
        folder_with(scratch, {"site/index.html": "half a site"})
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_scratch_folder_has_an_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with scratch_folder(Path("out"), "build") as scratch:
        assert scratch.is_absolute()
        assert scratch.parent == tmp_path / "out"


def test_scratch_folders_of_killed_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    kept = {
        f".sopdoc-build-{HOST}-{os.getpid()}-abc123/site/index.html": "a running build's",
        f".sopdoc-build-otherhost-{dead_pid()}-abc123/site/index.html": "another machine's",
        f".sopdoc-publish-{HOST}-{dead_pid()}-abc123/build/index.html": "another command's",
        ".sopdoc-build-notes/a.txt": "the user's",
        "site/index.html": "the site",
    }
    folder_with(tmp_path, kept)
    folder_with(tmp_path, {f".sopdoc-build-{HOST}-{dead_pid()}-k1_l2m3/site/index.html": "a killed build's"})
    (tmp_path / f".sopdoc-build-{HOST}-{dead_pid()}-k1_l2m4").write_text("a file, not a scratch folder")
    before = {name for name in os.listdir(tmp_path) if "k1_l2m3" not in name}
    remove_stale_scratch(tmp_path, "build")
    assert set(os.listdir(tmp_path)) == before
