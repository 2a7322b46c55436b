"""`unknown-reference` and `reference-to-retired`: each kind of reference, broken once."""

from __future__ import annotations

import pytest

from tests.conftest import PLAN, ContentRepo

P1 = "procedures/demand/PRO-PIC-001.md"
P2 = "procedures/executive/PRO-PIC-002.md"
PLAN_FILE = "plans/2026-11.yaml"
CONFIG = "sopdoc.yaml"

CASES = [
    pytest.param(P1, "owner: demand-planner", "owner: demand-planer", (P1, 7, 8),
                 "unknown person or role 'demand-planer' (did you mean 'demand-planner'?)", id="owner"),
    pytest.param(P1, "training_roles: [demand-planner]", "training_roles: [mmartin]", (P1, 10, 18),
                 "unknown role 'mmartin'", id="training-role-is-a-role"),
    pytest.param(P1, "indicators: [forecast-accuracy]", "indicators: [forecast-acuracy]", (P1, 11, 14),
                 "unknown indicator 'forecast-acuracy' (did you mean 'forecast-accuracy'?)", id="indicator"),
    pytest.param(P1, "related: [PRO-PIC-002]", "related: [PRO-PIC-020]", (P1, 12, 11),
                 "unknown procedure 'PRO-PIC-020' (did you mean 'PRO-PIC-002'?)", id="related"),
    pytest.param(P1, "{who: demand-planner,", "{who: nobody,", (P1, 14, 11),
                 "unknown person or role 'nobody'", id="step-who"),
    pytest.param(PLAN_FILE, "{by: jdupont,", "{by: jdupond,", (PLAN_FILE, 3, 16),
                 "unknown person or role 'jdupond' (did you mean 'jdupont'?)", id="approved-by"),
    pytest.param(CONFIG, "roles: [general-manager]}", "roles: [general-managr]}", (CONFIG, 9, 41),
                 "unknown role 'general-managr' (did you mean 'general-manager'?)", id="person-role"),
    pytest.param(CONFIG, "hours_per_unit: {TOUR: 0.5}", "hours_per_unit: {TOURS: 0.5}", (CONFIG, 17, 22),
                 "unknown work center 'TOURS' (did you mean 'TOUR'?)", id="bill-of-resources"),
    pytest.param(CONFIG, "owner: demand-planner, procedure", "owner: sales, procedure", (CONFIG, 28, 50),
                 "unknown person or role 'sales'", id="calendar-owner"),
    pytest.param("training.yaml", "\n", "\n- {person: demand-planner, procedure: PRO-PIC-001, revision: 2, "
                 "date: 2026-03-09}\n", ("training.yaml", 2, 12), "unknown person 'demand-planner'",
                 id="training-person"),
    pytest.param("training.yaml", "\n", "\n- {person: mmartin, procedure: PRO-PIC-001, revision: 3, "
                 "date: 2026-03-09}\n", ("training.yaml", 2, 55),
                 "PRO-PIC-001 has no revision 3 (current revision: 2)", id="training-revision"),
]


@pytest.mark.parametrize(("relpath", "old", "new", "expected", "message"), CASES)
def test_unknown_references(repo: ContentRepo, relpath: str, old: str, new: str, expected: tuple[str, int, int],
                            message: str) -> None:
    repo.replace(relpath, old, new)
    assert repo.findings() == [(*expected, "unknown-reference")]
    assert repo.messages() == [message]


def test_unknown_area_in_its_folder(repo: ContentRepo) -> None:
    repo.replace(P1, "area: demand", "area: demande")
    assert repo.findings() == [(P1, 4, 7, "filename-mismatch"), (P1, 4, 7, "unknown-reference")]
    assert repo.messages() == [
        "area 'demande' but the file is in procedures/demand/; move it to procedures/demande/ or fix the area",
        "unknown area 'demande' (did you mean 'demand'?)",
    ]


def test_plan_references(repo: ContentRepo) -> None:
    repo.write(PLAN_FILE, PLAN.replace("  FAM-B:", "  FAM-C:") + (
        "capacity:\n"
        "  FRAISAGE: {2026-12: 500}\n"
        "data_sources:\n"
        "  - {id: erp, as_of: 2026-11-03, owner: it-team}\n"
        "cycle:\n"
        "  - {step: demand-reviews, done: 2026-11-05, attendees: [mmartin, tbernard]}\n"))
    assert repo.findings() == [
        (PLAN_FILE, 4, 1, "plan-family-missing"),
        (PLAN_FILE, 9, 3, "unknown-reference"),
        (PLAN_FILE, 14, 3, "unknown-reference"),
        (PLAN_FILE, 16, 41, "unknown-reference"),
        (PLAN_FILE, 18, 12, "unknown-reference"),
        (PLAN_FILE, 18, 67, "unknown-reference"),
    ]
    assert repo.messages() == [
        "family FAM-B of sopdoc.yaml is missing from this plan",
        "unknown family 'FAM-C' (did you mean 'FAM-B'?)",
        "unknown work center 'FRAISAGE'",
        "unknown person or role 'it-team'",
        "unknown calendar step 'demand-reviews' (did you mean 'demand-review'?)",
        "unknown person or role 'tbernard'",
    ]


RETIRED = "status: retired\nsuperseded_by: PRO-PIC-001\n"


def test_active_procedure_refers_to_a_retired_one(repo: ContentRepo) -> None:
    repo.replace(P2, "status: active\n", RETIRED)
    assert repo.findings() == [
        (P1, 12, 11, "reference-to-retired"),
        (CONFIG, 29, 82, "reference-to-retired"),
    ]
    assert repo.messages() == ["PRO-PIC-002 is retired; refer to PRO-PIC-001"] * 2


def test_a_retired_procedure_may_refer_to_retired_ones(repo: ContentRepo) -> None:
    repo.replace(P2, "status: active\n", RETIRED)
    repo.replace(P1, "status: active\n", "status: retired\nsuperseded_by: PRO-PIC-002\n")
    repo.replace(CONFIG, "procedure: PRO-PIC-001}", "}")
    repo.replace(CONFIG, "procedure: PRO-PIC-002}", "}")
    assert repo.findings() == []


def test_unreadable_organisation_skips_reference_rules(repo: ContentRepo) -> None:
    repo.write(CONFIG, "roles: [unclosed\n")
    assert repo.findings() == [(CONFIG, 2, 1, "yaml-syntax")]
