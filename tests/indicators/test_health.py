"""Plan health (SPEC 3.3) of the plan 2026-05, horizon 2026-05 … 2026-07.

P05: A production 100/100/100, forecast 90/120/100, start inventory 30;
     B production 5/10/10, forecast 0/10/10, start backlog 8.
Capacity: TOUR 100 h, overridden to 0 in 06 and 50 in 07; CTRL 40 h (no family uses it), 0 in 06.
"""

from __future__ import annotations

from pytest import approx

from tests.history import Finder

WEEKS = 52 / 12
HORIZON = ("2026-05", "2026-06", "2026-07")


def test_capacity_load(figure: Finder) -> None:
    # 05: 100 × 0.5 + 5 × 1.0 = 55 h over 100 h
    may = figure("capacity-load", work_center="TOUR", month="2026-05")
    assert may == {"id": "capacity-load", "value": approx(0.55), "unit": "ratio", "family": None,
                   "work_center": "TOUR", "month": "2026-05", "lag": None, "window": None, "target": 1.0,
                   "met": True, "reason": None}
    # 07: (50 + 10) h over the 50 h override
    july = figure("capacity-load", work_center="TOUR", month="2026-07")
    assert (july["value"], july["met"]) == (approx(1.2), False)


def test_zero_capacity_is_null_with_or_without_load(figure: Finder) -> None:
    loaded = figure("capacity-load", work_center="TOUR", month="2026-06")  # 60 h planned on a closed center
    empty = figure("capacity-load", work_center="CTRL", month="2026-06")  # nothing planned
    for record in (loaded, empty):
        assert (record["value"], record["met"], record["reason"]) == (None, None, "capacity is 0 (work center closed)")
    assert figure("capacity-load", work_center="CTRL", month="2026-05")["value"] == 0.0


def test_projected_inventory_and_coverage(figure: Finder) -> None:
    # I(04) = 30; I(05) = 30 + 100 − 90 = 40; I(06) = 40 + 100 − 120 = 20; I(07) = 20 + 100 − 100 = 20
    levels = [figure("projected-inventory", family="FAM-A", month=month)["value"] for month in HORIZON]
    assert levels == [40, 20, 20]
    assert figure("projected-inventory", family="FAM-A", month="2026-05")["unit"] == "pcs"
    # coverage(05) = 40 / mean(F06 120, F07 100) × 52/12; the horizon ends before 08
    may = figure("inventory-coverage", family="FAM-A", month="2026-05")
    assert may["value"] == approx(40 / 110 * WEEKS)
    assert (may["unit"], may["target"], may["met"]) == ("weeks", [1, 4], True)
    june = figure("inventory-coverage", family="FAM-A", month="2026-06")
    assert (june["value"], june["met"]) == (approx(20 / 100 * WEEKS), False)  # 0.87 weeks < 1
    july = figure("inventory-coverage", family="FAM-A", month="2026-07")
    assert (july["value"], july["reason"]) == (None, "no later month in the horizon")


def test_projected_backlog_and_backlog_weeks(figure: Finder) -> None:
    # B(04) = 8; B(05) = 8 + 0 − 5 = 3; B(06) = 3 + 10 − 10 = 3; B(07) = 3
    levels = [figure("projected-backlog", family="FAM-B", month=month)["value"] for month in HORIZON]
    assert levels == [3, 3, 3]
    may = figure("backlog-weeks", family="FAM-B", month="2026-05")  # 3 / mean(P06 10, P07 10) × 52/12
    assert (may["value"], may["target"], may["met"]) == (approx(3 / 10 * WEEKS), [None, 1.2], False)
    assert figure("backlog-weeks", family="FAM-B", month="2026-07")["reason"] == "no later month in the horizon"
