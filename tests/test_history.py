"""Revision history from one pass over a real git log: revisions, review-only commits, renames."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sopdoc import worker
from sopdoc.gitio import GitRepository
from sopdoc.history import read_git
from sopdoc.repository import load_repository
from sopdoc.site.build import site_context
from tests.conftest import CONFIG, run_sopdoc
from tests.gitrepo import GitRepo

JULIE = ("Julie Dupont", "j.dupont@example.fr")
MARC = ("Marc Martin", "m.martin@example.fr")
PAUL = ("Paul Leroux", "p.leroux@example.fr")


def procedure(revision: int, *, area: str = "demand", last_review: str | None = None, body: str = "Texte.\n") -> str:
    changes = {
        1: "  - {revision: 1, date: 2025-01-06, summary: Création}\n",
        2: "  - {revision: 2, date: 2026-03-02, summary: Justification des corrections}\n",
        3: "  - {revision: 3, date: 2026-04-01, summary: Passage au service approvisionnement}\n",
    }
    review = f"last_review: {last_review}\n" if last_review else ""
    return (f"---\nid: PRO-PIC-001\ntitle: Revue de la demande\narea: {area}\nstatus: active\nrevision: {revision}\n"
            f"owner: demand-planner\napprover: general-manager\neffective: 2025-01-06\n{review}changes:\n"
            + "".join(changes[number] for number in range(revision, 0, -1)) + f"---\n{body}")


def build(root: Path) -> GitRepo:
    repo = GitRepo.create(root)
    repo.write("sopdoc.yaml", CONFIG)
    repo.write("procedures/demand/PRO-PIC-001.md", procedure(1))
    repo.commit("Création de la revue de la demande", "2025-01-06T09:00:00+01:00", JULIE)
    repo.write("procedures/demand/PRO-PIC-001.md", procedure(1, last_review="2025-06-02"))
    repo.commit("Revue annuelle sans changement", "2025-06-02T10:00:00+02:00", MARC)
    repo.write("procedures/demand/PRO-PIC-001.md", procedure(2, last_review="2025-06-02"))
    repo.commit("Corrections justifiées", "2026-03-02T11:00:00+01:00", PAUL)
    (root / "procedures/demand/PRO-PIC-001.md").unlink()
    repo.write("procedures/supply/PRO-PIC-001.md", procedure(3, area="supply", last_review="2025-06-02"))
    repo.commit("Transfert à l'approvisionnement", "2026-04-01T08:30:00+02:00", JULIE)
    return repo


def test_history_follows_revisions_and_renames(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    first, review, second, moved = repo.commits
    result = run_sopdoc(repo.root, "history", "PRO-PIC-001", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "procedure": "PRO-PIC-001", "title": "Revue de la demande", "path": "procedures/supply/PRO-PIC-001.md",
        "revision": 3, "shallow": False,
        "revisions": [
            {"revision": 3, "date": "2026-04-01", "author": "Julie Dupont", "email": "j.dupont@example.fr",
             "commit": moved, "message": "Transfert à l'approvisionnement",
             "summary": "Passage au service approvisionnement", "last_commit": moved,
             "path": "procedures/supply/PRO-PIC-001.md", "commits": [moved]},
            {"revision": 2, "date": "2026-03-02", "author": "Paul Leroux", "email": "p.leroux@example.fr",
             "commit": second, "message": "Corrections justifiées", "summary": "Justification des corrections",
             "last_commit": second, "path": "procedures/demand/PRO-PIC-001.md", "commits": [second]},
            {"revision": 1, "date": "2025-01-06", "author": "Julie Dupont", "email": "j.dupont@example.fr",
             "commit": first, "message": "Création de la revue de la demande", "summary": "Création",
             "last_commit": review, "path": "procedures/demand/PRO-PIC-001.md", "commits": [first, review]},
        ],
    }


def test_history_text_table(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    first, _, second, moved = repo.commits
    result = run_sopdoc(repo.root, "history", "PRO-PIC-001")
    assert result.stdout == (
        "PRO-PIC-001 — Revue de la demande (procedures/supply/PRO-PIC-001.md)\n"
        "Révision  Date        Auteur        Commit    Résumé\n"
        f"3         2026-04-01  Julie Dupont  {moved[:8]}  Passage au service approvisionnement\n"
        f"2         2026-03-02  Paul Leroux   {second[:8]}  Justification des corrections\n"
        f"1         2025-01-06  Julie Dupont  {first[:8]}  Création\n"
    )


def test_uncommitted_revision_is_said(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    repo.write("procedures/supply/PRO-PIC-001.md", procedure(3, area="supply", body="Nouveau texte.\n")
               .replace("revision: 3", "revision: 4"))
    lines = run_sopdoc(repo.root, "history", "PRO-PIC-001").stdout.splitlines()
    assert lines[1] == "Copie de travail : révision 4, pas encore enregistrée dans git."


def test_a_path_reused_by_another_file_is_not_mixed_up(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    # a new procedure takes the old path of PRO-PIC-001
    repo.write("procedures/demand/PRO-PIC-001.md", procedure(1).replace("PRO-PIC-001", "PRO-PIC-009"))
    newcomer = repo.commit("Nouvelle procédure à l'ancien emplacement", "2026-05-04T09:00:00+02:00", PAUL)
    result = json.loads(run_sopdoc(repo.root, "history", "--all", "--format", "json").stdout)
    by_path = {item["path"]: item for item in result["procedures"]}
    assert [r["commits"] for r in by_path["procedures/demand/PRO-PIC-001.md"]["revisions"]] == [[newcomer]]
    assert [r["revision"] for r in by_path["procedures/supply/PRO-PIC-001.md"]["revisions"]] == [3, 2, 1]


def test_every_history_at_once_equals_each_alone_and_a_reverted_file(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    repo = build(tmp_path / "content")
    moved = repo.commits[-1]
    current = (repo.root / "procedures/supply/PRO-PIC-001.md").read_text(encoding="utf-8")
    repo.write("procedures/supply/PRO-PIC-001.md", current.replace("revision: 3", "revision: 4"))
    fourth = repo.commit("Révision 4", "2026-05-04T09:00:00+02:00", MARC)
    repo.write("procedures/supply/PRO-PIC-001.md", current)  # back to revision 3: the same blob as `moved`
    reverted = repo.commit("Retour à la révision 3", "2026-05-05T09:00:00+02:00", MARC)
    repo.write("procedures/demand/PRO-PIC-002.md", procedure(1).replace("PRO-PIC-001", "PRO-PIC-002"))
    other = repo.commit("Deuxième procédure", "2026-05-06T09:00:00+02:00", PAUL)
    alone = [json.loads(run_sopdoc(repo.root, "history", name, "--format", "json").stdout)
             for name in ("PRO-PIC-001", "PRO-PIC-002")]
    assert [(r["revision"], r["commits"]) for r in alone[0]["revisions"]] == [
        (3, [reverted]), (4, [fourth]), (3, [moved]), (2, [repo.commits[2]]), (1, repo.commits[:2])]
    assert [(r["revision"], r["commits"]) for r in alone[1]["revisions"]] == [(1, [other])]
    every = json.loads(run_sopdoc(repo.root, "history", "--all", "--format", "json").stdout)
    assert every == {"shallow": False, "procedures": [{key: value for key, value in item.items() if key != "shallow"}
                                                      for item in alone]}
    monkeypatch.setattr(worker, "available", lambda: False)  # the git pass before loading, in this process
    assert json.loads(run_sopdoc(repo.root, "history", "--all", "--format", "json").stdout) == every


def test_history_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "sopdoc.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "procedures").mkdir()
    (root / "procedures" / "PRO-PIC-001.md").write_text(procedure(1), encoding="utf-8")
    result = run_sopdoc(root, "history", "PRO-PIC-001")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {root.resolve()} is not inside a git repository; run `git init` there, or "
                             "clone the content repository\n")


def test_unknown_procedure_and_missing_argument(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    unknown = run_sopdoc(repo.root, "history", "PRO-PIC-01")
    assert (unknown.exit_code, unknown.stderr) == (2, "Error: no procedure 'PRO-PIC-01' (did you mean "
                                                      "'PRO-PIC-001'?)\n")
    neither = run_sopdoc(repo.root, "history")
    assert (neither.exit_code, neither.stderr) == (2, "Error: name one procedure id, or use --all\n")


def test_shallow_clone_is_flagged(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    payload = json.loads(run_sopdoc(clone, "history", "PRO-PIC-001", "--format", "json").stdout)
    assert payload["shallow"] is True
    assert [revision["revision"] for revision in payload["revisions"]] == [3]


def test_the_git_pass_keeps_the_blobs_when_asked(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    gitrepo = GitRepository(repo.root)
    paths = ["procedures/supply/PRO-PIC-001.md"]
    assert read_git(gitrepo, paths).blobs == {}
    kept = read_git(gitrepo, paths, keep_blobs=True)
    touches = kept.by_path["procedures/supply/PRO-PIC-001.md"].touches
    assert len(touches) == 4 and set(kept.blobs) == {touch.blob for touch in touches}
    assert [kept.blobs[touch.blob].decode() for touch in touches] == [  # newest first
        procedure(3, area="supply", last_review="2025-06-02"), procedure(2, last_review="2025-06-02"),
        procedure(1, last_review="2025-06-02"), procedure(1)]


def test_the_site_reads_what_the_git_pass_did_not_keep(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    loaded = load_repository(repo.root)
    paths = ["procedures/supply/PRO-PIC-001.md"]
    today = dt.date(2026, 11, 25)
    texts = [site_context(repo.root, loaded, today, {}, git_pass).old_texts for git_pass in (
        read_git(GitRepository(repo.root), paths, keep_blobs=True), read_git(GitRepository(repo.root), paths), None)]
    assert texts[0] == texts[1] == texts[2] == {
        ("procedures/supply/PRO-PIC-001.md", 3): procedure(3, area="supply", last_review="2025-06-02"),
        ("procedures/supply/PRO-PIC-001.md", 2): procedure(2, last_review="2025-06-02"),
        ("procedures/supply/PRO-PIC-001.md", 1): procedure(1, last_review="2025-06-02")}
