"""Forecast quality (SPEC 3.1) on the hand-computed history of conftest.py, cycle 2026-05.

Window (2 closed months): 2026-03, 2026-04. Lag 1 uses P(t-1), lag 2 uses P(t-2); P(2026-03) is a
draft, so F(2026-04, lag 1) does not exist and 2026-04 drops out at lag 1.
"""

from __future__ import annotations

from pytest import approx

from tests.history import Finder


def test_wape_accuracy_bias_at_lag_1(figure: Finder) -> None:
    # A: t=03 F=P02[03]=90, A=80 → |e|=10, e=+10 over ΣA=80; t=04 has no approved P03
    assert figure("wape", family="FAM-A", lag=1) == {
        "id": "wape", "value": approx(10 / 80), "unit": "ratio", "family": "FAM-A", "work_center": None,
        "month": None, "lag": 1, "window": ["2026-03", "2026-03"], "target": None, "met": None, "reason": None}
    assert figure("forecast-accuracy", family="FAM-A", lag=1)["value"] == approx(1 - 10 / 80)
    assert figure("forecast-accuracy", family="FAM-A", lag=1)["met"] is True  # 0.875 ≥ 0.8
    assert figure("bias", family="FAM-A", lag=1)["value"] == approx(10 / 80)
    assert figure("bias", family="FAM-A", lag=1)["met"] is False  # |0.125| > 0.1


def test_zero_demand_with_zero_error_is_a_perfect_zero(figure: Finder) -> None:
    # B: t=03 F=P02[03]=0, A=0: 0/0 counts as 0 by convention
    wape = figure("wape", family="FAM-B", lag=1)
    assert (wape["value"], wape["window"], wape["reason"]) == (0.0, ["2026-03", "2026-03"], None)
    assert figure("forecast-accuracy", family="FAM-B", lag=1)["value"] == 1.0
    assert figure("bias", family="FAM-B", lag=1)["value"] == 0.0


def test_totals_pool_numerators_and_denominators(figure: Finder) -> None:
    # lag 1: (10 + 0) / (80 + 0); never the mean of 0.125 and 0
    assert figure("wape", lag=1)["value"] == approx(0.125)
    # lag 2: A: |P01[03] 100 − 80| + |P02[04] 100 − 0| = 120; B: |10 − 0| + |5 − 0| = 15; ΣA = 80
    assert figure("wape", lag=2)["value"] == approx(135 / 80)
    assert figure("wape", lag=2)["window"] == ["2026-03", "2026-04"]
    assert figure("forecast-accuracy", lag=2)["value"] == 0.0  # max(0, 1 − 1.6875)
    assert figure("bias", lag=2)["value"] == approx(135 / 80)


def test_error_over_zero_demand_is_null_with_a_reason(figure: Finder) -> None:
    # B at lag 2: errors 10 and 5 against a demand of 0 in both months
    for identifier in ("wape", "forecast-accuracy", "bias"):
        record = figure(identifier, family="FAM-B", lag=2)
        assert (record["value"], record["met"], record["reason"]) == (None, None, "total demand of the window is 0")


def test_tracking_signal(figure: Finder) -> None:
    # tracking window 02..04 at lag 1: A: 02: A−F = 120 − P01[02] 100 = +20; 03: 80 − 90 = −10; 04: no P03
    # Σ = 10, MAD = 15 → 0.667
    record = figure("tracking-signal", family="FAM-A", lag=1)
    assert record["value"] == approx(10 / 15)
    assert record["window"] == ["2026-02", "2026-03"]
    assert (record["target"], record["met"]) == (4, True)
    # B: errors 0 and 0 → MAD 0
    assert figure("tracking-signal", family="FAM-B", lag=1)["reason"] == (
        "no forecast error in the tracking window (MAD = 0)")
    # total: months where every family has both figures (02, 03): +20 + 0, −10 + 0
    assert figure("tracking-signal", lag=1)["value"] == approx(10 / 15)


def test_forecast_value_added_against_the_naive_forecast(figure: Finder) -> None:
    # A at 03: plan |90 − 80| = 10; naive = P02.actuals.demand = 100 → |100 − 80| = 20; ΣA = 80
    assert figure("fva", family="FAM-A", lag=1)["value"] == approx(20 / 80 - 10 / 80)
    assert figure("fva", family="FAM-A", lag=1)["met"] is True
    # B at 03: plan 0/0 = 0 but naive 10 over a demand of 0 → undefined
    assert figure("fva", family="FAM-B", lag=1)["reason"] == "naive forecast: total demand of the window is 0"
    # total: naive (20 + 10) / 80 − plan (10 + 0) / 80
    assert figure("fva", lag=1)["value"] == approx(30 / 80 - 10 / 80)


def test_plan_churn_against_the_last_approved_plan(figure: Finder) -> None:
    # A: P05 vs P04 on 05, 06 (07 not in P04): |90 − 100| + |120 − 100| = 30 over 200
    assert figure("plan-churn", family="FAM-A")["value"] == approx(30 / 200)
    assert figure("plan-churn", family="FAM-A")["window"] == ["2026-05", "2026-06"]
    assert figure("plan-churn", family="FAM-B")["value"] == 0.0
    assert figure("plan-churn")["value"] == approx(30 / 210)


def test_lags_come_from_the_configuration(report: dict[str, object]) -> None:
    lags = {record["lag"] for record in report["indicators"] if record["id"] == "wape"}  # type: ignore[index,union-attr]
    assert lags == {1, 2}
