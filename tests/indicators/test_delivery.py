"""Delivery and production (SPEC 3.2), cycle 2026-05, window 2026-03 and 2026-04.

Actuals of 03 come from P04, of 04 from P05:
    A: 03 production 105, lines 18/20, lead time 5 d;  04 production 40, lines 0/0, lead time 4 d
    B: 03 production 12, lines 5/5, lead time 10 d;    04 production 0 (nothing made), lines 1/2, 12 d
Plans of record: P(t-1).production[t] from approved plans only: 03 → P02 (A 100, B 15); 04 → P03 is a draft.
"""

from __future__ import annotations

from pytest import approx

from tests.history import Finder


def test_otif_pools_order_lines(figure: Finder) -> None:
    assert figure("otif", family="FAM-A")["value"] == approx(18 / 20)
    assert figure("otif", family="FAM-B")["value"] == approx(6 / 7)
    total = figure("otif")
    assert total["value"] == approx(24 / 27)
    assert (total["window"], total["target"], total["met"]) == (["2026-03", "2026-04"], 0.95, False)


def test_lead_time_is_weighted_by_production(figure: Finder) -> None:
    assert figure("lead-time", family="FAM-A")["value"] == approx((5 * 105 + 4 * 40) / (105 + 40))
    # B made nothing in 04: that month weighs 0
    assert figure("lead-time", family="FAM-B")["value"] == approx(10.0)
    total = figure("lead-time")
    assert total["value"] == approx((5 * 105 + 4 * 40 + 10 * 12) / (105 + 40 + 12))
    assert (total["unit"], total["target"], total["met"]) == ("days", None, None)


def test_attainment_is_capped_per_family_and_uses_approved_plans_of_record(figure: Finder) -> None:
    # A over-produced (105 for 100): capped at 100; 04 has no approved plan of record (P03 is a draft)
    a = figure("production-attainment", family="FAM-A")
    assert (a["value"], a["window"]) == (1.0, ["2026-03", "2026-03"])
    assert figure("production-attainment", family="FAM-B")["value"] == approx(12 / 15)
    # (min(105, 100) + min(12, 15)) / (100 + 15): A's surplus does not hide B's shortfall
    total = figure("production-attainment")
    assert total["value"] == approx(112 / 115)
    assert total["met"] is True
