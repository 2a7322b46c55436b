"""`plan-months`, `plan-horizon`, `plan-family-missing`, `lines-inconsistent`."""

from __future__ import annotations

import pytest

from tests.conftest import ContentRepo

PLAN_FILE = "plans/2026-11.yaml"
FORECAST_A = "forecast: {2026-11: 100, 2026-12: 100, 2027-01: 100}"


@pytest.mark.parametrize(("new", "expected", "message"), [
    ("forecast: {2026-11: 100, 2026-13: 100, 2027-01: 100}", (7, 30), "month key '2026-13' is not YYYY-MM"),
    ("forecast: {2026-11: 100, 2026-12-01: 100, 2027-01: 100}", (7, 30),
     "month key datetime.date(2026, 12, 1) is not YYYY-MM"),
    ("forecast: {2026-11: 100, 2027-01: 100, 2027-02: 100}", (7, 30),
     "2027-01 follows 2026-11; months must be consecutive (expected 2026-12)"),
    ("forecast: {2026-10: 100, 2026-11: 100, 2026-12: 100, 2027-01: 100}", (7, 16),
     "2026-10 is before the cycle month 2026-11; start the series at 2026-11"),
    ("forecast: {2026-12: 100, 2027-01: 100, 2027-02: 100}", (7, 16),
     "the series starts at 2026-12; it must start at the cycle month 2026-11"),
])
def test_month_keys(repo: ContentRepo, new: str, expected: tuple[int, int], message: str) -> None:
    repo.replace(PLAN_FILE, FORECAST_A, new)
    assert repo.findings() == [(PLAN_FILE, *expected, "plan-months")]
    assert repo.messages() == [message]


def test_horizon_shorter_than_configured_is_a_warning(repo: ContentRepo) -> None:
    repo.replace(PLAN_FILE, FORECAST_A, "forecast: {2026-11: 100, 2026-12: 100}")
    assert repo.findings() == [(PLAN_FILE, 7, 5, "plan-horizon")]
    assert repo.messages() == ["forecast covers 2 months; the horizon is 3 months (2026-11 to 2027-01)"]
    result = repo.validate()
    assert result.exit_code == 0
    assert result.stdout == (f"{PLAN_FILE}:7:5: warning: forecast covers 2 months; the horizon is 3 months "
                             "(2026-11 to 2027-01) [plan-horizon]\n")
    assert repo.validate("--strict").exit_code == 1


def test_capacity_months(repo: ContentRepo) -> None:
    repo.write(PLAN_FILE, (repo.root / PLAN_FILE).read_text() + "capacity:\n  TOUR: {2026-10: 0, 2026-12: 400, x: 1}\n")
    assert repo.findings() == [(PLAN_FILE, 14, 10, "plan-months"), (PLAN_FILE, 14, 36, "plan-months")]
    assert repo.messages() == ["2026-10 is before the cycle month 2026-11", "month key 'x' is not YYYY-MM"]


def test_family_missing_from_a_plan(repo: ContentRepo) -> None:
    text = (repo.root / PLAN_FILE).read_text()
    repo.write(PLAN_FILE, text[:text.index("  FAM-B:")])
    assert repo.findings() == [(PLAN_FILE, 4, 1, "plan-family-missing")]
    assert repo.messages() == ["family FAM-B of sopdoc.yaml is missing from this plan"]


def test_an_invalid_family_entry_is_not_also_missing(repo: ContentRepo) -> None:
    repo.replace(PLAN_FILE, "    production: {2026-11: 10, 2026-12: 10, 2027-01: 10}\n", "")
    assert repo.findings() == [(PLAN_FILE, 9, 3, "schema")]
    assert repo.messages() == ["missing required field 'production' in families.FAM-B"]


def test_more_lines_on_time_than_lines_due(repo: ContentRepo) -> None:
    repo.replace(PLAN_FILE, "lines_on_time: 9,", "lines_on_time: 11,")
    assert repo.findings() == [(PLAN_FILE, 6, 89, "lines-inconsistent")]
    assert repo.messages() == ["lines_on_time (11) is greater than lines_due (10)"]
