"""Rules on the figures of the plan being prepared: `inventory-target`, `capacity-closed`,
`capacity-overload`, `projected-stockout`, on the history of tests/indicators/conftest.py."""

from __future__ import annotations

import json

from tests.conftest import ContentRepo
from tests.history import TODAY

P05 = "plans/2026-05.yaml"
FIGURE_RULES = {"inventory-target", "capacity-closed", "capacity-overload", "projected-stockout"}


def findings(repo: ContentRepo) -> list[tuple[int, int, str, str]]:
    result = repo.run("validate", "--today", TODAY, "--format", "json")
    return [(d["line"], d["column"], d["rule"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]
            if d["rule"] in FIGURE_RULES]


def test_an_approved_latest_plan_is_a_record(history: ContentRepo) -> None:
    assert findings(history) == []


def test_figures_of_the_draft_being_prepared(history: ContentRepo) -> None:
    history.replace(P05, "status: approved\napproved: {by: jdupont, date: 2026-05-19}\n", "status: draft\n")
    assert findings(history) == [
        (4, 3, "inventory-target", "inventory cover of FAM-A outside 1–4 weeks in 2026-06 (0.9)"),
        (7, 55, "capacity-overload", "TOUR loaded above 100% in 2026-07 (120%)"),
        (8, 3, "inventory-target", "backlog of FAM-B above 1.2 weeks in 2026-05 (1.3), 2026-06 (1.3)"),
        (13, 19, "capacity-closed", "TOUR is closed in 2026-06 (capacity 0) but the plan loads it with 60 h"),
    ]


def test_projected_stockout(history: ContentRepo) -> None:
    history.replace(P05, "status: approved\napproved: {by: jdupont, date: 2026-05-19}\n", "status: draft\n")
    history.replace(P05, "forecast: {2026-05: 90, 2026-06: 120", "forecast: {2026-05: 90, 2026-06: 200")
    stockouts = [finding for finding in findings(history) if finding[2] == "projected-stockout"]
    # I(05) = 40, I(06) = 40 + 100 − 200 = −60
    assert stockouts == [(7, 41, "projected-stockout", "projected inventory of FAM-A falls to -60 pcs in 2026-06; "
                                                       "plan more production or revise the forecast")]


def test_an_older_draft_is_left_alone(history: ContentRepo) -> None:
    # P03 is a draft, but not the latest plan: a plan never approved, not the one being prepared
    history.replace("plans/2026-03.yaml", "production: {2026-03: 100,", "production: {2026-03: 900,")
    assert findings(history) == []
