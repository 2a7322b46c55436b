"""The bundled example company: validates with its deliberate warnings, and its figures tell the story."""

from __future__ import annotations

import json
from typing import Any

import yaml

from tests.conftest import ROOT, run_sopdoc

TODAY = "2026-11-25"


def kpi(month: str) -> list[dict[str, Any]]:
    result = run_sopdoc(ROOT, "kpi", "--month", month, "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    records: list[dict[str, Any]] = json.loads(result.stdout)["indicators"]
    return records


def value(records: list[dict[str, Any]], identifier: str, **keys: Any) -> Any:
    wanted = {"family": None, "work_center": None, "month": None, **keys}
    [record] = [r for r in records if r["id"] == identifier and all(r[k] == v for k, v in wanted.items())]
    return record["value"]


def test_the_example_validates_with_its_deliberate_warnings() -> None:
    result = run_sopdoc(ROOT, "validate", "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "plans/2026-11.yaml:118:148: warning: action A-2026-09-2 (hmercier) was due on 2026-11-20, 5 days ago "
        "[action-overdue]",
        "plans/2026-11.yaml:120:108: warning: action A-2026-10-1 (ebonnet) was due on 2026-11-06, 19 days ago "
        "[action-overdue]",
        "procedures/demand/PRO-PIC-002.md:12:34: warning: lroux (sales) is not trained on revision 4 of "
        "PRO-PIC-002; never trained on it [training-gap]",
        "procedures/supply/PRO-SUP-004.md:9:12: warning: review due on 2026-12-08, in 13 days [review-due-soon]",
        "procedures/supply/PRO-SUP-005.md:10:14: warning: review was due on 2026-09-15, 71 days ago "
        "[review-overdue]",
        "procedures/supply/PRO-SUP-006.md:10:72: warning: kperrin (operator) is not trained on revision 3 of "
        "PRO-SUP-006; trained on revision 2 [training-gap]",
        "procedures/support/PRO-QUA-003.md:10:93: warning: ychevalier (workshop-lead) is not trained on revision 3 "
        "of PRO-QUA-003; never trained on it [training-gap]",
    ]
    assert result.stderr == "0 errors, 7 warnings in 52 files\n"


def test_accuracy_dips_after_client_alpha_changes_its_call_offs() -> None:
    accuracy = {month: value(kpi(month), "forecast-accuracy", family="FAM-AXES", lag=1)
                for month in ("2026-03", "2026-06", "2026-09")}
    assert accuracy["2026-03"] > 0.85
    assert accuracy["2026-06"] < 0.80  # below target: the meeting must react
    assert accuracy["2026-09"] > 0.95  # corrected forecast


def test_axes_accuracy_of_june_recomputed_from_the_files() -> None:
    """Independent check: read the YAML plans directly and apply SPEC 3.1 by hand."""
    def plan(month: str) -> Any:
        return yaml.safe_load((ROOT / "plans" / f"{month}.yaml").read_text(encoding="utf-8"))

    error = demand = 0.0
    for month, actual_plan, forecast_plan in (("2026-03", "2026-04", "2026-02"), ("2026-04", "2026-05", "2026-03"),
                                              ("2026-05", "2026-06", "2026-04")):
        snapshot = plan(forecast_plan)
        assert snapshot["status"] == "approved"
        forecast = snapshot["families"]["FAM-AXES"]["forecast"][month]
        actual = plan(actual_plan)["families"]["FAM-AXES"]["actuals"]["demand"]
        error += abs(forecast - actual)
        demand += actual
    assert value(kpi("2026-06"), "forecast-accuracy", family="FAM-AXES", lag=1) == max(0.0, 1 - error / demand)


def test_capacity_crunch_before_the_summer_shutdown() -> None:
    records = kpi("2026-04")
    assert value(records, "capacity-load", work_center="RECT", month="2026-07") > 1.0
    assert value(records, "capacity-load", work_center="RECT", month="2026-06") > 1.0
    # August: three-week shutdown, capacity cut to 130 h and production planned within it
    assert value(records, "capacity-load", work_center="RECT", month="2026-08") < 1.0
