"""Process health (SPEC 3.4): reviews and training on --today 2026-05-20; actions, cycle steps and
data sources on the plan's reference date, its approval date 2026-05-19."""

from __future__ import annotations

from pytest import approx

from tests.history import Finder


def test_reviews_on_time(figure: Finder) -> None:
    # PRO-PIC-001 next review 2027-03-02; PRO-PIC-002 effective 2025-01-06 → due 2026-01-06, overdue
    assert figure("reviews-on-time")["value"] == 0.5


def test_training_coverage(figure: Finder) -> None:
    # (mmartin, PRO-PIC-001 r2) trained; (jdupont, PRO-PIC-002 r1) not (trained on PRO-PIC-001 only);
    # (pleroux, PRO-PIC-002 r1) trained
    assert figure("training-coverage")["value"] == approx(2 / 3)


def test_actions(figure: Finder) -> None:
    # A-1 open, due 05-10 < 05-19: overdue; A-2 due 06-01: not yet
    assert figure("actions-overdue") == {
        "id": "actions-overdue", "value": 1, "unit": "count", "family": None, "work_center": None, "month": None,
        "lag": None, "window": None, "target": None, "met": None, "reason": None}
    # A-3 done 05-05 after its original deadline 05-01 (moved to 05-20): late; A-4 done 04-28 ≤ 04-30
    assert figure("actions-on-time")["value"] == 0.5


def test_cycle_on_time_counts_working_days_and_holidays(figure: Finder) -> None:
    # May 2026 in France: 1 (Fri), 8 (Fri) and 14 (Thu, Ascension) are holidays.
    # demand-review, 4th working day: 4, 5, 6, 7 → 7 May; done 7 May: on time
    # supply-review, 8th working day: 11, 12, 13, 15 → 15 May (the day after Ascension); done 18 May: late
    # executive-review, 10th working day: 18, 19 → 19 May; done 19 May: on time
    assert figure("cycle-on-time")["value"] == approx(2 / 3)


def test_data_freshness(figure: Finder) -> None:
    # erp as_of 05-04 is 15 days old on 05-19 (max 7); capacity-sheet as_of 05-01 is 18 days old (max 31)
    assert figure("data-freshness")["value"] == 0.5
