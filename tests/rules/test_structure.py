"""`duplicate-id`, `filename-mismatch`, `approval-missing`, `revision-log`: edits and their findings."""

from __future__ import annotations

import pytest

from tests.conftest import PLAN, PROCEDURE_1, ContentRepo

P1 = "procedures/demand/PRO-PIC-001.md"
P2 = "procedures/executive/PRO-PIC-002.md"
PLAN_FILE = "plans/2026-11.yaml"


def test_two_procedures_with_one_id_name_each_other(repo: ContentRepo) -> None:
    repo.write("procedures/demand/copy/PRO-PIC-001.md", PROCEDURE_1)
    assert repo.findings() == [
        ("procedures/demand/PRO-PIC-001.md", 2, 5, "duplicate-id"),
        ("procedures/demand/copy/PRO-PIC-001.md", 2, 5, "duplicate-id"),
    ]
    assert repo.messages() == [
        "procedure id 'PRO-PIC-001' is also used at procedures/demand/copy/PRO-PIC-001.md:2",
        "procedure id 'PRO-PIC-001' is also used at procedures/demand/PRO-PIC-001.md:2",
    ]


def test_decision_ids_are_unique_across_plans(repo: ContentRepo) -> None:
    decisions = "decisions:\n  - {id: D-1, description: Samedi travaillé, owner: jdupont, date: 2026-11-13}\n"
    repo.write(PLAN_FILE, PLAN + decisions)
    repo.write("plans/2026-12.yaml", PLAN.replace("2026-11", "2026-12", 1)
               .replace("2026-11: 100, 2026-12: 100, 2027-01: 100", "2026-12: 100, 2027-01: 100, 2027-02: 100")
               .replace("2026-11: 10, 2026-12: 10, 2027-01: 10", "2026-12: 10, 2027-01: 10, 2027-02: 10") + decisions)
    assert repo.findings() == [
        ("plans/2026-11.yaml", 14, 10, "duplicate-id"),
        ("plans/2026-12.yaml", 14, 10, "duplicate-id"),
    ]
    assert repo.messages()[0] == "decision id 'D-1' is also used at plans/2026-12.yaml:14"


def test_action_and_risk_ids_are_unique_within_a_plan(repo: ContentRepo) -> None:
    repo.write(PLAN_FILE, PLAN + (
        "risks:\n"
        "  - {id: R-1, description: Retard acier, impact: high}\n"
        "  - {id: R-1, description: Panne, impact: low}\n"
        "actions:\n"
        "  - {id: A-1, description: Relancer, owner: pleroux, due: 2026-12-01, status: open}\n"
        "  - {id: A-2, description: Devis, owner: pleroux, due: 2026-12-01, status: open}\n"
        "  - {id: A-1, description: Former, owner: mmartin, due: 2026-12-05, status: open}\n"))
    assert repo.findings() == [
        (PLAN_FILE, 14, 10, "duplicate-id"),
        (PLAN_FILE, 15, 10, "duplicate-id"),
        (PLAN_FILE, 17, 10, "duplicate-id"),
        (PLAN_FILE, 19, 10, "duplicate-id"),
    ]


def test_a_person_and_a_role_with_one_id(repo: ContentRepo) -> None:
    repo.replace("sopdoc.yaml", "  pleroux: {name: Paul Leroux", "  supply-planner: {name: Paul Leroux")
    assert repo.findings() == [("sopdoc.yaml", 11, 3, "duplicate-id")]
    assert repo.messages() == ["'supply-planner' is both a person and a role; references to it are ambiguous"]


@pytest.mark.parametrize(("move_to", "expected", "message"), [
    ("procedures/demand/PRO-PIC-009.md", ("procedures/demand/PRO-PIC-009.md", 2, 5),
     "procedure PRO-PIC-001 is in PRO-PIC-009.md; name the file PRO-PIC-001.md"),
    ("procedures/supply/PRO-PIC-001.md", ("procedures/supply/PRO-PIC-001.md", 4, 7),
     "area 'demand' but the file is in procedures/supply/; move it to procedures/demand/ or fix the area"),
])
def test_procedure_file_names(repo: ContentRepo, move_to: str, expected: tuple[str, int, int],
                              message: str) -> None:
    (repo.root / P1).rename(repo.root / "x")
    (repo.root / move_to).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / "x").rename(repo.root / move_to)
    assert repo.findings() == [(*expected, "filename-mismatch")]
    assert repo.messages() == [message]


def test_procedures_may_live_outside_area_folders(repo: ContentRepo) -> None:
    (repo.root / P1).rename(repo.root / "procedures/PRO-PIC-001.md")
    assert repo.findings() == []


@pytest.mark.parametrize(("name", "message"), [
    ("plans/2026-12.yaml", "plan of month 2026-11 is in 2026-12.yaml; name the file plans/2026-11.yaml"),
    ("plans/2026-11.yml", "plan files end in .yaml; rename 2026-11.yml"),
])
def test_plan_file_names(repo: ContentRepo, name: str, message: str) -> None:
    (repo.root / PLAN_FILE).rename(repo.root / name)
    assert repo.findings() == [(name, 1, 8, "filename-mismatch")]
    assert repo.messages() == [message]


def test_active_procedure_without_approver_and_effective_date(repo: ContentRepo) -> None:
    repo.replace(P1, "approver: general-manager\neffective: 2026-03-02\n", "")
    assert repo.findings() == [(P1, 5, 9, "approval-missing"), (P1, 5, 9, "approval-missing")]
    assert repo.messages() == [
        "active procedure without 'approver'; an active procedure names its approver and the date its revision "
        "took effect",
        "active procedure without 'effective'; an active procedure names its approver and the date its revision "
        "took effect",
    ]


def test_a_draft_needs_no_approval(repo: ContentRepo) -> None:
    repo.replace(P1, "status: active\n", "status: draft\n")
    repo.replace(P1, "approver: general-manager\neffective: 2026-03-02\n", "")
    assert repo.findings() == []


@pytest.mark.parametrize(("old", "new", "expected", "message"), [
    ("approved: {by: jdupont, date: 2026-11-13}\n", "", (2, 9),
     "approved plan without 'approved: {by: …, date: …}'"),
    ("approved: {by: jdupont, date: 2026-11-13}", "approved: {by: jdupont}", (3, 1),
     "approved plan without approved.date"),
])
def test_approved_plan_needs_approver_and_date(repo: ContentRepo, old: str, new: str,
                                               expected: tuple[int, int], message: str) -> None:
    repo.replace(PLAN_FILE, old, new)
    assert repo.findings() == [(PLAN_FILE, *expected, "approval-missing")]
    assert repo.messages() == [message]


@pytest.mark.parametrize(("old", "new", "expected", "message"), [
    # a new revision also calls for training on it: mmartin was trained on revision 2
    ("revision: 2\n", "revision: 3\n", [(10, 18, "training-gap"), (15, 1, "revision-log")],
     "changes has no entry for the current revision 3"),
    ("  - {revision: 1, date: 2025-01-06", "  - {revision: 3, date: 2025-01-06", [(17, 16, "revision-log")],
     "changes lists revision 3, above the current revision 2"),
    ("  - {revision: 1, date: 2025-01-06", "  - {revision: 2, date: 2025-01-06", [(17, 16, "revision-log")],
     "revision 2 after revision 2: list changes newest first, one entry per revision"),
])
def test_revision_log(repo: ContentRepo, old: str, new: str, expected: list[tuple[int, int, str]],
                      message: str) -> None:
    repo.replace(P1, old, new)
    assert repo.findings() == [(P1, *finding) for finding in expected]
    assert repo.messages()[-1] == message


def test_active_procedure_without_changes(repo: ContentRepo) -> None:
    repo.replace(P2, "changes:\n  - {revision: 1, date: 2026-01-06, summary: Création}\n", "")
    assert repo.findings() == [(P2, 6, 11, "revision-log")]
    assert repo.messages() == ["no 'changes' log; add an entry for revision 1 (revision, date, summary)"]
