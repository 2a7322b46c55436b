"""The git calls: the streamed log, blobs read by id, and what a failing git says."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopdoc import gitio
from sopdoc.errors import UsageError
from sopdoc.gitio import GitRepository, split_records
from sopdoc.history import parse_log
from tests.gitrepo import GitRepo

LOÏC = ("Loïc Dumas", "l.dumas@example.fr")


def test_records_split_across_chunks_and_characters() -> None:
    output = "\x01rév. 1\x00é\x01\x01deux\x00\x01trois".encode()
    whole = list(split_records([output]))
    assert whole == ["rév. 1\x00é", "deux\x00", "trois"]
    byte_by_byte = list(split_records(output[index:index + 1] for index in range(len(output))))
    assert byte_by_byte == whole
    assert list(split_records([b"\x01caf\xc3", b"\xa9\x01"])) == ["café"]
    assert list(split_records([b"\x01bad \xff byte"])) == ["bad \ufffd byte"]
    assert list(split_records([])) == []


def _history(root: Path) -> tuple[GitRepo, list[str]]:
    repo = GitRepo.create(root)
    repo.write("procedures/a.md", "---\nrevision: 1\n---\nUn.\n")
    repo.commit("Création", "2026-01-05T09:00:00+01:00", LOÏC)
    repo.write("procedures/a.md", "---\nrevision: 2\n---\nDeux.\n")
    repo.write("procedures/b.md", "---\nrevision: 1\n---\nB.\n")
    repo.commit("Révision", "2026-02-02T09:00:00+01:00")
    repo.git("mv", "procedures/b.md", "procedures/c.md")
    repo.commit("Renommage", "2026-03-02T09:00:00+01:00")
    blobs = [repo.git("rev-parse", f"HEAD:procedures/{name}").strip() for name in ("a.md", "c.md")]
    return repo, blobs


def test_log_records_give_commits_changes_and_blob_ids(tmp_path: Path) -> None:
    repo, (a_blob, c_blob) = _history(tmp_path / "repo")
    commits = list(parse_log(GitRepository(repo.root).log_records("procedures")))
    assert [(commit.id, commit.author, commit.email, commit.date.isoformat(), commit.subject)
            for commit, _ in commits] == [
        (repo.commits[2], "Julie Dupont", "j.dupont@example.fr", "2026-03-02T09:00:00+01:00", "Renommage"),
        (repo.commits[1], "Julie Dupont", "j.dupont@example.fr", "2026-02-02T09:00:00+01:00", "Révision"),
        (repo.commits[0], "Loïc Dumas", "l.dumas@example.fr", "2026-01-05T09:00:00+01:00", "Création"),
    ]
    changes = [[(change.status, change.paths, change.blob) for change in found] for _, found in commits]
    first_a = repo.git("rev-parse", f"{repo.commits[0]}:procedures/a.md").strip()
    assert changes == [
        [("R", ("procedures/b.md", "procedures/c.md"), c_blob)],
        [("M", ("procedures/a.md",), a_blob), ("A", ("procedures/b.md",), c_blob)],
        [("A", ("procedures/a.md",), first_a)],
    ]


def test_no_records_before_the_first_commit(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "empty")
    assert list(GitRepository(repo.root).log_records("procedures")) == []


def test_a_failing_log_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = _history(tmp_path / "repo")
    monkeypatch.setattr(gitio, "LOG_FORMAT", "--no-such-option")
    with pytest.raises(UsageError) as raised:
        list(GitRepository(repo.root).log_records("procedures"))
    assert raised.value.message == "git log failed: fatal: unrecognized argument: --no-such-option"


def test_blobs_by_id_or_by_commit_and_path_in_order(tmp_path: Path) -> None:
    repo, (a_blob, c_blob) = _history(tmp_path / "repo")
    gitrepo = GitRepository(repo.root)
    missing = "0" * 40
    assert gitrepo.read_blobs([c_blob, f"{repo.commits[0]}:procedures/a.md", missing, a_blob]) == [
        b"---\nrevision: 1\n---\nB.\n", b"---\nrevision: 1\n---\nUn.\n", None, b"---\nrevision: 2\n---\nDeux.\n"]
    assert gitrepo.read_blobs([]) == []
