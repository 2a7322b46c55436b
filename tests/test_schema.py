"""The `schema` rule (and `negative-value`, raised by the schema check): a table of edits of a
valid repository and the exact findings each one produces."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ContentRepo

P1 = "procedures/demand/PRO-PIC-001.md"
PLAN = "plans/2026-11.yaml"
CONFIG = "sopdoc.yaml"

CASES = [
    pytest.param(P1, "status: active", "status: actif", [
        (P1, 5, 9, "schema", "status must be one of draft, active, retired; got 'actif' (did you mean 'active'?)"),
    ], id="enum"),
    pytest.param(P1, "title: Revue", "titel: Revue", [
        (P1, 2, 1, "schema", "missing required field 'title'"),
        (P1, 3, 1, "schema", "unknown field 'titel' (did you mean 'title'?)"),
    ], id="unknown-and-missing-field"),
    pytest.param(P1, "revision: 2", "revision: four", [
        (P1, 6, 11, "schema", "revision must be a whole number, got 'four'"),
    ], id="integer"),
    pytest.param(P1, "revision: 2", "revision: 2.5", [
        (P1, 6, 11, "schema", "revision must be a whole number, got 2.5"),
    ], id="fraction"),
    pytest.param(P1, "revision: 2", "revision: 0", [
        (P1, 6, 11, "schema", "revision must be at least 1, got 0"),
    ], id="minimum"),
    pytest.param(P1, "when: J+4", "when: on", [
        (P1, 14, 33, "schema", 'steps[0].when must be text, got the boolean true from \'on\'; quote it: "on"'),
    ], id="yaml11-boolean"),
    pytest.param(P1, "when: J+4", "when: 10:30", [
        (P1, 14, 33, "schema", 'steps[0].when must be text, got the number 630 from \'10:30\'; quote it: "10:30"'),
    ], id="yaml11-sexagesimal"),
    pytest.param(P1, "title: Revue de la demande", "title: 2026-01-01", [
        (P1, 3, 8, "schema", 'title must be text, got the date 2026-01-01; quote it: "2026-01-01"'),
    ], id="date-for-text"),
    pytest.param(P1, "title: Revue de la demande", "title:", [
        (P1, 3, 7, "schema", "title must be text, got nothing (empty value)"),
    ], id="empty"),
    pytest.param(P1, "effective: 2026-03-02", "effective: 2026-02-30", [
        (P1, 9, 12, "schema", "effective: 2026-02-30 is not a real date"),
    ], id="impossible-date"),
    pytest.param(P1, "effective: 2026-03-02", "effective: 2026-03-02 10:00:00", [
        (P1, 9, 12, "schema", "effective must be a date without a time of day (YYYY-MM-DD)"),
    ], id="datetime"),
    pytest.param(P1, "effective: 2026-03-02", "effective: mars 2026", [
        (P1, 9, 12, "schema", "effective must be a date YYYY-MM-DD, got 'mars 2026'"),
    ], id="not-a-date"),
    pytest.param(P1, "training_roles: [demand-planner]", "training_roles: demand-planner", [
        (P1, 10, 17, "schema", "training_roles must be a list, got 'demand-planner'; write [demand-planner]"),
    ], id="list-expected"),
    pytest.param(P1, "owner: demand-planner", "owner: Demand_Planner", [
        (P1, 7, 8, "schema", "owner: 'Demand_Planner' is not a lower-case id (letters, digits, dashes, "
                             "e.g. demand-planner)"),
    ], id="id-pattern"),
    pytest.param(PLAN, "2026-12: 100, 2027-01: 100}\n    production: {2026-11: 100",
                 "2026-12: -5, 2027-01: 100}\n    production: {2026-11: 100", [
        (PLAN, 7, 39, "negative-value", "families.FAM-A.forecast.2026-12 must not be negative, got -5"),
    ], id="negative-forecast"),
    pytest.param(PLAN, "lead_time_days: 5}", "lead_time_days: .inf}", [
        (PLAN, 6, 108, "schema", "families.FAM-A.actuals.lead_time_days must be a finite number, got inf"),
    ], id="infinite"),
    pytest.param(PLAN, "lines_due: 10,", "lines_due: yes,", [
        (PLAN, 6, 70, "schema", "families.FAM-A.actuals.lines_due must be a whole number, got the boolean true "
                                "from 'yes'"),
    ], id="boolean-for-number"),
    pytest.param(CONFIG, "  TOUR: {name: Tournage, hours_per_month: 1000}",
                 "  TOUR: {name: Tournage, hours_per_month: -1000}", [
        (CONFIG, 26, 43, "negative-value", "work_centers.TOUR.hours_per_month must not be negative, got -1000"),
    ], id="negative-capacity"),
    pytest.param(CONFIG, "plan:\n  horizon_months: 3", "plan:\n  horizon: 3", [
        # the horizon falls back to 18 months: the 3-month series are now too short
        (PLAN, 7, 5, "plan-horizon", "forecast covers 3 months; the horizon is 18 months (2026-11 to 2028-04)"),
        (PLAN, 8, 5, "plan-horizon", "production covers 3 months; the horizon is 18 months (2026-11 to 2028-04)"),
        (PLAN, 11, 5, "plan-horizon", "forecast covers 3 months; the horizon is 18 months (2026-11 to 2028-04)"),
        (PLAN, 12, 5, "plan-horizon", "production covers 3 months; the horizon is 18 months (2026-11 to 2028-04)"),
        (CONFIG, 31, 3, "schema", "unknown field 'horizon' in plan (did you mean 'horizon_months'?)"),
    ], id="unknown-nested-field"),
    pytest.param(CONFIG, "    hours_per_unit: {TOUR: 1.0}\n    backlog_weeks: {max: 5}",
                 "    hours_per_unit: {TOUR: 1.0}\n    inventory_weeks: {min: 5, max: 2}", [
        (CONFIG, 24, 5, "schema", "inventory_weeks applies to mts families; use backlog_weeks for mto"),
        (CONFIG, 24, 28, "schema", "inventory_weeks.min (5) is above max (2)"),
    ], id="family-consistency"),
    pytest.param(CONFIG, "country: FR", "country: France", [
        (CONFIG, 3, 10, "schema", "country: 'France' is not a two-letter country code (FR, DE, CH…)"),
    ], id="country"),
    pytest.param(CONFIG, "country: FR", "country: XX", [
        (CONFIG, 3, 10, "schema", "country 'XX' has no public-holiday calendar in the holidays package; working "
                                  "days would ignore holidays"),
    ], id="country-without-holidays"),
    pytest.param(CONFIG, "plan:", "rules: {review-due-son: ignore}\nplan:", [
        (CONFIG, 30, 9, "schema", "unknown key 'review-due-son' in rules (did you mean 'review-due-soon'?)"),
    ], id="unknown-rule-id"),
]


@pytest.mark.parametrize(("relpath", "old", "new", "expected"), CASES)
def test_schema_findings(repo: ContentRepo, relpath: str, old: str, new: str,
                         expected: list[tuple[str, int, int, str, str]]) -> None:
    repo.replace(relpath, old, new)
    result = repo.validate("--format", "json")
    found = [(d["path"], d["line"], d["column"], d["rule"], d["message"])
             for d in json.loads(result.output)["diagnostics"]]
    assert found == expected


def test_valid_repository_has_no_findings(repo: ContentRepo) -> None:
    result = repo.validate()
    assert result.stdout == ""
    assert result.stderr == "0 errors, 0 warnings in 5 files\n"
    assert result.exit_code == 0


def test_an_empty_procedure_front_matter_is_one_finding(repo: ContentRepo) -> None:
    repo.write(P1, "---\n---\nbody\n")
    assert repo.findings() == [
        (P1, 1, 1, "schema"),
        ("sopdoc.yaml", 28, 77, "unknown-reference"),
        ("training.yaml", 1, 32, "unknown-reference"),
    ]
    assert repo.messages()[0] == ("(document) must be a mapping of fields (id, title, area, status, revision, owner, "
                                  "approver, effective, last_review, review_interval_months, training_roles, "
                                  "indicators, related, superseded_by, steps, changes), got nothing (empty value)")


@pytest.mark.parametrize("text", ["", "\n", "# Formations suivies, une ligne par formation ; aucune encore.\n"])
def test_an_empty_training_log_means_no_records_yet(repo: ContentRepo, text: str) -> None:
    repo.write("training.yaml", text)
    # no schema finding: only the person who now lacks the training
    assert [finding[3] for finding in repo.findings()] == ["training-gap"]
    result = repo.run("training")
    assert result.exit_code == 0
    assert "mmartin" in result.stdout
