"""`sopdoc check --base`: the git rules and the change summary, on real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import BASE_FILES, TODAY, run_sopdoc
from tests.gitrepo import GitRepo

P1 = "procedures/demand/PRO-PIC-001.md"
P2 = "procedures/executive/PRO-PIC-002.md"
PLAN = "plans/2026-11.yaml"
PAUL = ("Paul Leroux", "p.leroux@example.fr")


@pytest.fixture
def content(tmp_path: Path) -> GitRepo:
    """The small valid repository of tests/conftest.py, committed on main."""
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    repo.commit("Dépôt initial", "2026-11-02T09:00:00+01:00")
    repo.git("checkout", "-q", "-b", "change")
    return repo


def edit(repo: GitRepo, relpath: str, old: str, new: str) -> None:
    text = (repo.root / relpath).read_text(encoding="utf-8")
    assert old in text, old
    repo.write(relpath, text.replace(old, new, 1))


def check(repo: GitRepo, *args: str) -> tuple[int, list[tuple[str, int, int, str, str]], dict[str, object]]:
    result = run_sopdoc(repo.root, "check", "--base", "main", "--today", TODAY, "--format", "json", *args)
    payload = json.loads(result.stdout)
    findings = [(d["path"], d["line"], d["column"], d["rule"], d["message"]) for d in payload["diagnostics"]]
    return result.exit_code, findings, payload


def revise(repo: GitRepo) -> None:
    """A correct revision of PRO-PIC-001: body edited, revision 3, its changes entry."""
    edit(repo, P1, "revision: 2\n", "revision: 3\n")
    edit(repo, P1, "changes:\n", "changes:\n  - {revision: 3, date: 2026-11-20, summary: Nouvelle étape de contrôle}\n")
    edit(repo, P1, "Décrire la revue de la demande.", "Décrire la revue de la demande et son contrôle.")


def test_a_clean_revision_passes_and_asks_for_training(content: GitRepo) -> None:
    revise(content)
    content.commit("Révision 3", "2026-11-20T10:00:00+01:00", PAUL)
    status, findings, payload = check(content)
    # mmartin holds the training role and was trained on revision 2: the new revision is a training gap
    assert (status, findings) == (0, [
        (P1, 10, 18, "training-gap", "mmartin (demand-planner) is not trained on revision 3 of PRO-PIC-001; "
                                     "trained on revision 2")])
    markdown = str(payload["markdown"])
    assert "| révisée | PRO-PIC-001 Revue de la demande | 2 → 3 | Nouvelle étape de contrôle |" in markdown
    assert "### À former sur la nouvelle révision\n\n| Personne | Rôle | Procédure | Révision |\n|---|---|---|---|\n" \
           "| mmartin | demand-planner | PRO-PIC-001 | 3 |" in markdown


def test_indicators_that_move_are_shown_before_and_after(content: GitRepo) -> None:
    revise(content)
    content.commit("Révision 3", "2026-11-20T10:00:00+01:00", PAUL)
    moved = "| Indicateur | Avant | Après |\n|---|---|---|\n| Formations à jour | 100,0\u00a0% | 0,0\u00a0% |\n"
    assert moved in str(check(content)[2]["markdown"])
    # the training log changes too: mmartin trained on revision 3, nothing moves
    with (content.root / "training.yaml").open("a", encoding="utf-8") as stream:
        stream.write("- {person: mmartin, procedure: PRO-PIC-001, revision: 3, date: 2026-11-21, trainer: jdupont}\n")
    assert "Indicateurs qui bougent" not in str(check(content)[2]["markdown"])


def test_a_body_edit_without_a_new_revision(content: GitRepo) -> None:
    edit(content, P1, "Décrire la revue de la demande.", "Décrire autrement la revue de la demande.")
    content.commit("Correction", "2026-11-20T10:00:00+01:00")
    status, findings, _ = check(content)
    assert (status, findings) == (1, [
        (P1, 6, 11, "revision-not-bumped", "content changed but revision is still 2; set revision: 3 and add its "
                                           "changes entry")])


def test_uncommitted_changes_are_checked_too(content: GitRepo) -> None:
    edit(content, P1, "owner: demand-planner", "owner: general-manager")
    status, findings, _ = check(content)
    assert (status, [finding[3] for finding in findings]) == (1, ["revision-not-bumped"])


def test_a_revision_that_jumps(content: GitRepo) -> None:
    revise(content)
    edit(content, P1, "revision: 3\n", "revision: 5\n")
    status, findings, _ = check(content)
    assert status == 1
    assert [finding[3:] for finding in findings if finding[3] != "revision-log"] == [
        ("revision-not-bumped", "revision goes from 2 to 5; one change of content is one revision: set revision: 3"),
        ("training-gap", "mmartin (demand-planner) is not trained on revision 5 of PRO-PIC-001; trained on revision 2"),
    ]


def test_a_review_without_change_needs_no_new_revision(content: GitRepo) -> None:
    edit(content, P1, "effective: 2026-03-02\n", "effective: 2026-03-02\nlast_review: 2026-11-20\n")
    content.commit("Revue annuelle", "2026-11-20T10:00:00+01:00")
    status, findings, payload = check(content)
    assert (status, findings) == (0, [])
    assert "| revue sans changement | PRO-PIC-001 Revue de la demande | 2 |  |" in str(payload["markdown"])


def test_an_approved_plan_is_a_record(content: GitRepo) -> None:
    edit(content, PLAN, "forecast: {2026-11: 100, 2026-12: 100,", "forecast: {2026-11: 100, 2026-12: 120,")
    content.commit("Retouche du plan approuvé", "2026-11-20T10:00:00+01:00")
    status, findings, payload = check(content)
    assert (status, findings) == (1, [
        (PLAN, 7, 39, "record-modified", "the approved plan 2026-11 changed; an approved plan is a record: undo this "
                                         "change and record corrections in the next plan")])
    # the plan changed, so the indicators are compared: plan churn is not a headline figure; nothing moved
    assert "### Plans\n\n- modifié : 2026-11 (approved)" in str(payload["markdown"])


def test_a_draft_plan_may_change(content: GitRepo) -> None:
    edit(content, PLAN, "status: approved\napproved: {by: jdupont, date: 2026-11-13}\n", "status: draft\n")
    content.commit("Plan en brouillon", "2026-11-10T10:00:00+01:00")
    content.git("checkout", "-q", "main")
    content.git("merge", "-q", "--ff-only", "change")
    content.git("checkout", "-q", "-b", "second")
    edit(content, PLAN, "forecast: {2026-11: 100, 2026-12: 100,", "forecast: {2026-11: 100, 2026-12: 120,")
    # the draft being prepared gets the rules on figures and dates, but no record is touched
    assert [finding[3] for finding in check(content)[1] if finding[3] == "record-modified"] == []


def test_removing_a_training_record(content: GitRepo) -> None:
    content.write("training.yaml", "")
    content.commit("Nettoyage", "2026-11-20T10:00:00+01:00")
    status, findings, _ = check(content)
    assert (status, [finding[3:] for finding in findings if finding[3] == "record-modified"]) == (1, [
        ("record-modified", "training record 1 and those after it were removed; the log is append-only: restore "
                            "them")])


def test_changing_a_training_record(content: GitRepo) -> None:
    edit(content, "training.yaml", "date: 2026-03-09", "date: 2026-03-10")
    content.write("training.yaml", (content.root / "training.yaml").read_text()
                  + "- {person: jdupont, procedure: PRO-PIC-002, revision: 1, date: 2026-11-20}\n")
    status, findings, _ = check(content)
    assert (status, findings) == (1, [
        ("training.yaml", 1, 3, "record-modified", "training record 1 changed; the log is append-only: restore it "
                                                   "and add a correcting record at the end")])


def test_appending_training_records_is_fine(content: GitRepo) -> None:
    content.write("training.yaml", (content.root / "training.yaml").read_text()
                  + "- {person: jdupont, procedure: PRO-PIC-002, revision: 1, date: 2026-11-20}\n")
    assert check(content)[:2] == (0, [])


def test_deleting_a_procedure(content: GitRepo) -> None:
    (content.root / P2).unlink()
    edit(content, P1, "related: [PRO-PIC-002]\n", "")
    edit(content, "sopdoc.yaml", ", procedure: PRO-PIC-002}", "}")
    status, findings, _ = check(content)
    assert [finding for finding in findings if finding[3] == "document-deleted"] == [
        (P2, 1, 1, "document-deleted", "procedure PRO-PIC-002 was deleted; restore the file and retire it instead "
                                       "(status: retired, with superseded_by)")]
    assert status == 1


def test_a_renamed_file_keeps_its_history_and_passes(content: GitRepo) -> None:
    content.git("mv", P1, "procedures/demand/renamed.md")
    content.git("mv", "procedures/demand/renamed.md", "procedures/executive/PRO-PIC-001.md")
    edit(content, "procedures/executive/PRO-PIC-001.md", "area: demand", "area: executive")
    edit(content, "procedures/executive/PRO-PIC-001.md", "revision: 2\n", "revision: 3\n")
    edit(content, "procedures/executive/PRO-PIC-001.md", "changes:\n",
         "changes:\n  - {revision: 3, date: 2026-11-20, summary: Confiée à la direction}\n")
    content.commit("Déplacement", "2026-11-20T10:00:00+01:00")
    status, findings, payload = check(content)
    assert status == 0
    assert [finding[3] for finding in findings] == ["training-gap"]
    assert "| révisée | PRO-PIC-001 Revue de la demande | 2 → 3 | Confiée à la direction |" in str(payload["markdown"])
    history = json.loads(run_sopdoc(content.root, "history", "PRO-PIC-001", "--format", "json").stdout)
    assert [revision["revision"] for revision in history["revisions"]] == [3, 2]


def test_an_id_changed_under_the_same_file(content: GitRepo) -> None:
    content.git("mv", P1, "procedures/demand/PRO-PIC-011.md")
    edit(content, "procedures/demand/PRO-PIC-011.md", "id: PRO-PIC-001", "id: PRO-PIC-011")
    edit(content, "sopdoc.yaml", "procedure: PRO-PIC-001}", "procedure: PRO-PIC-011}")
    edit(content, "training.yaml", "procedure: PRO-PIC-001", "procedure: PRO-PIC-011")
    status, findings, _ = check(content)
    assert status == 1
    assert ("procedures/demand/PRO-PIC-011.md", 2, 5, "id-changed",
            "id changed from PRO-PIC-001 to PRO-PIC-011; an id is permanent: retire PRO-PIC-001 and create "
            "PRO-PIC-011 as a new file") in findings


def test_github_format_writes_the_step_summary(content: GitRepo, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    edit(content, P1, "Décrire la revue de la demande.", "Texte <script>alert(1)</script> | modifié.")
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_sopdoc(content.root, "check", "--base", "main", "--today", TODAY, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=procedures/demand/PRO-PIC-001.md,line=6,col=11,title=revision-not-bumped::content changed but "
        "revision is still 2; set revision: 3 and add its changes entry",
        "::error file=procedures/demand/PRO-PIC-001.md,line=21,col=7,title=unsafe-html::<script> is not allowed in a "
        "procedure; describe the content or link to it",
    ]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("previous step\n## sopdoc check — main (")
    assert ("| procedures/demand/PRO-PIC-001.md:21:7 | error | unsafe-html | &lt;script&gt; is not allowed in a "
            "procedure; describe the content or link to it |") in written


def test_gitlab_code_quality_report(content: GitRepo) -> None:
    edit(content, P1, "Décrire la revue de la demande.", "Autre texte.")
    result = run_sopdoc(content.root, "check", "--base", "main", "--today", TODAY, "--format", "gitlab")
    [issue] = json.loads(result.stdout)
    assert {key: issue[key] for key in ("description", "check_name", "severity", "location")} == {
        "description": "content changed but revision is still 2; set revision: 3 and add its changes entry",
        "check_name": "revision-not-bumped", "severity": "major",
        "location": {"path": P1, "lines": {"begin": 6}}}
    # the fingerprint does not depend on the line: a line added above keeps it
    edit(content, P1, "---\nid:", "---\n# commentaire\nid:")
    [moved] = json.loads(run_sopdoc(content.root, "check", "--base", "main", "--today", TODAY,
                                    "--format", "gitlab").stdout)
    assert (moved["location"]["lines"]["begin"], moved["fingerprint"]) == (7, issue["fingerprint"])


def test_unknown_base_says_what_to_do(content: GitRepo) -> None:
    result = run_sopdoc(content.root, "check", "--base", "origin/main")
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown base 'origin/main': fetch it first (`git fetch origin`) or name a "
                             "branch, tag or commit that exists\n")


def test_shallow_clone_says_fetch_depth_0(content: GitRepo, tmp_path: Path) -> None:
    revise(content)
    content.commit("Révision 3", "2026-11-20T10:00:00+01:00")
    clone = tmp_path / "shallow"
    content.git("clone", "-q", "--depth", "1", "--branch", "change", f"file://{content.root}", str(clone))
    result = run_sopdoc(clone, "check", "--base", "origin/main")
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown base 'origin/main': the clone is shallow: fetch the full history "
                             "(actions/checkout with `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`, or "
                             "`git fetch --unshallow`)\n")


def test_init_then_check_passes(tmp_path: Path) -> None:
    """A repository made by `sopdoc init` passes `check` on a clean revision of one of its procedures."""
    target = tmp_path / "pic"
    assert run_sopdoc(tmp_path, "init", str(target)).exit_code == 0
    repo = GitRepo(target)
    repo.git("checkout", "-q", "-b", "revision")
    path = "procedures/demand/PRO-DEM-003.md"
    edit(repo, path, "revision: 2\n", "revision: 3\n")
    edit(repo, path, "changes:\n",
         "changes:\n  - revision: 3\n    date: 2026-11-20\n    summary: Seuil d'alerte du biais porté à 8 %\n")
    edit(repo, path, "## Objet", "## Objet\n\nLe seuil d'alerte du biais est de 8 %.")
    repo.commit("Révision 3 de la mesure de la précision", "2026-11-20T10:00:00+01:00", PAUL)
    result = run_sopdoc(target, "check", "--base", "main", "--today", TODAY, "--format", "json")
    payload = json.loads(result.stdout)
    assert result.exit_code == 0
    assert payload["summary"]["errors"] == 0
    assert "| révisée | PRO-DEM-003 " in payload["markdown"]
