"""Rules on dates: `data-stale`, `cycle-step-late`, `action-overdue`, `review-overdue`,
`review-due-soon`, `training-gap`, on the history of tests/history.py (--today 2026-05-20)."""

from __future__ import annotations

import json

from tests.conftest import ContentRepo
from tests.history import TODAY

P05 = "plans/2026-05.yaml"
P2 = "procedures/executive/PRO-PIC-002.md"
DATE_RULES = {"data-stale", "cycle-step-late", "action-overdue", "review-overdue", "review-due-soon", "training-gap"}


def findings(repo: ContentRepo, today: str = TODAY) -> list[tuple[str, int, int, str, str]]:
    result = repo.run("validate", "--today", today, "--format", "json")
    return [(d["path"], d["line"], d["column"], d["rule"], d["message"])
            for d in json.loads(result.stdout)["diagnostics"] if d["rule"] in DATE_RULES]


REVIEW_AND_TRAINING = [
    (P2, 9, 12, "review-overdue", "review was due on 2026-01-06, 134 days ago"),
    (P2, 10, 18, "training-gap", "jdupont (general-manager) is not trained on revision 1 of PRO-PIC-002; "
                                 "never trained on it"),
]


def test_approved_latest_plan_still_has_a_live_action_register(history: ContentRepo) -> None:
    assert findings(history) == [
        (P05, 24, 59, "action-overdue", "action A-1 (pleroux) was due on 2026-05-10, 10 days ago"),
        *REVIEW_AND_TRAINING,
    ]


def test_dates_of_the_draft_being_prepared(history: ContentRepo) -> None:
    history.replace(P05, "status: approved\napproved: {by: jdupont, date: 2026-05-19}\n", "status: draft\n")
    assert findings(history) == [
        (P05, 16, 22, "data-stale", "data source erp is 16 days old on 2026-05-20 (max 7); refresh the extract"),
        (P05, 20, 33, "cycle-step-late", "supply-review done on 2026-05-18, due on 2026-05-15 (working day 8)"),
        (P05, 23, 59, "action-overdue", "action A-1 (pleroux) was due on 2026-05-10, 10 days ago"),
        *REVIEW_AND_TRAINING,
    ]


def test_a_step_not_done_when_its_day_has_passed(history: ContentRepo) -> None:
    history.replace(P05, "status: approved\napproved: {by: jdupont, date: 2026-05-19}\n", "status: draft\n")
    history.replace(P05, "  - {step: executive-review, done: 2026-05-19}\n", "")
    late = [finding for finding in findings(history, "2026-05-20") if finding[3] == "cycle-step-late"]
    assert late == [
        (P05, 18, 1, "cycle-step-late", "executive-review not done; it was due on 2026-05-19 (working day 10)"),
        (P05, 20, 33, "cycle-step-late", "supply-review done on 2026-05-18, due on 2026-05-15 (working day 8)"),
    ]
    # on its due day it is not late yet
    late = [finding for finding in findings(history, "2026-05-19") if finding[3] == "cycle-step-late"]
    assert [finding[4] for finding in late] == ["supply-review done on 2026-05-18, due on 2026-05-15 (working day 8)"]


def test_review_due_soon_and_last_review(history: ContentRepo) -> None:
    history.replace(P2, "effective: 2025-01-06\n", "effective: 2025-01-06\nlast_review: 2025-06-10\n")
    assert findings(history)[1] == (P2, 10, 14, "review-due-soon", "review due on 2026-06-10, in 21 days")


def test_training_on_an_older_revision(history: ContentRepo) -> None:
    history.write("training.yaml", "- {person: mmartin, procedure: PRO-PIC-001, revision: 1, date: 2025-02-01}\n"
                                   "- {person: pleroux, procedure: PRO-PIC-002, revision: 1, date: 2025-01-10}\n"
                                   "- {person: jdupont, procedure: PRO-PIC-002, revision: 1, date: 2025-01-10}\n")
    assert [finding for finding in findings(history) if finding[3] == "training-gap"] == [
        ("procedures/demand/PRO-PIC-001.md", 10, 18, "training-gap",
         "mmartin (demand-planner) is not trained on revision 2 of PRO-PIC-001; trained on revision 1")]
