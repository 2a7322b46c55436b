"""A small S&OP history whose indicators are computed by hand in the tests.

Two families (A make to stock, B make to order), two work centers, horizon 3 months, lags 1 and 2,
window 2 months, tracking window 3 months. Plans 2026-01 … 2026-05; the plan of 2026-03 is a draft
(never approved), so it is no forecast or production snapshot. The report is for cycle 2026-05.

Actual demand (reported in the plan of the month after):   A: 01=100 02=120 03=80 04=0
                                                           B: 01=10  02=10  03=0  04=0
Forecasts, plan → month: quantity
    A  P01: 01=110 02=100 03=100   P02: 02=110 03=90 04=100   P03 (draft): 03=100 04=50 05=100
       P04: 04=10 05=100 06=100    P05: 05=90 06=120 07=100
    B  P01: 01=10 02=10 03=10      P02: 02=10 03=0 04=5       P03 (draft): 03=0 04=0 05=0
       P04: 04=0 05=0 06=10        P05: 05=0 06=10 07=10
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import ContentRepo

CONFIG = """\
organisation: Atelier Test
language: en
country: FR
roles:
  general-manager: {name: Manager}
  demand-planner: {name: Demand planner}
  supply-planner: {name: Supply planner}
people:
  jdupont: {name: Julie Dupont, roles: [general-manager]}
  mmartin: {name: Marc Martin, roles: [demand-planner]}
  pleroux: {name: Paul Leroux, roles: [supply-planner]}
families:
  FAM-A:
    name: Axes
    unit: pcs
    strategy: mts
    hours_per_unit: {TOUR: 0.5}
    inventory_weeks: {min: 1, max: 4}
  FAM-B:
    name: Bodies
    unit: pcs
    strategy: mto
    hours_per_unit: {TOUR: 1.0}
    backlog_weeks: {max: 1.2}
work_centers:
  TOUR: {name: Turning, hours_per_month: 100}
  CTRL: {name: Inspection, hours_per_month: 40}
calendar:
  - {step: demand-review, working_day: 4, owner: demand-planner}
  - {step: supply-review, working_day: 8, owner: supply-planner}
  - {step: executive-review, working_day: 10, owner: general-manager}
plan:
  horizon_months: 3
kpi:
  lags: [1, 2]
  window_months: 2
  tracking_window_months: 3
  targets: {forecast_accuracy: 0.8, otif: 0.95, production_attainment: 0.95, capacity_load_max: 1.0,
            bias_abs_max: 0.1, tracking_signal_abs_max: 4}
"""

PROCEDURES = {
    "procedures/demand/PRO-PIC-001.md": """\
---
id: PRO-PIC-001
title: Demand review
area: demand
status: active
revision: 2
owner: demand-planner
approver: general-manager
effective: 2026-03-02
training_roles: [demand-planner]
changes:
  - {revision: 2, date: 2026-03-02, summary: Reasons for overrides}
  - {revision: 1, date: 2025-01-06, summary: First issue}
---
Body.
""",
    "procedures/executive/PRO-PIC-002.md": """\
---
id: PRO-PIC-002
title: Executive review
area: executive
status: active
revision: 1
owner: general-manager
approver: general-manager
effective: 2025-01-06
training_roles: [general-manager, supply-planner]
changes:
  - {revision: 1, date: 2025-01-06, summary: First issue}
---
Body.
""",
}

TRAINING = """\
- {person: mmartin, procedure: PRO-PIC-001, revision: 2, date: 2026-03-09}
- {person: pleroux, procedure: PRO-PIC-002, revision: 1, date: 2025-01-10}
- {person: jdupont, procedure: PRO-PIC-001, revision: 1, date: 2025-01-10}
"""


def plan(month: str, status: str, a: dict[str, Any], b: dict[str, Any], extra: str = "") -> str:
    approved = f"approved: {{by: jdupont, date: {month}-19}}\n" if status == "approved" else ""
    return (f"month: {month}\nstatus: {status}\n{approved}families:\n"
            f"  FAM-A:\n{_family(a)}  FAM-B:\n{_family(b)}{extra}")


def _family(values: dict[str, Any]) -> str:
    lines = ""
    for key in ("actuals", "forecast", "production"):
        if key in values:
            inner = ", ".join(f"{name}: {value}" for name, value in values[key].items())
            lines += f"    {key}: {{{inner}}}\n"
    return lines


PLANS = {
    "2026-01": plan("2026-01", "approved",
                    {"forecast": {"2026-01": 110, "2026-02": 100, "2026-03": 100},
                     "production": {"2026-01": 100, "2026-02": 100, "2026-03": 100}},
                    {"forecast": {"2026-01": 10, "2026-02": 10, "2026-03": 10},
                     "production": {"2026-01": 10, "2026-02": 10, "2026-03": 10}}),
    "2026-02": plan("2026-02", "approved",
                    {"actuals": {"demand": 100},
                     "forecast": {"2026-02": 110, "2026-03": 90, "2026-04": 100},
                     "production": {"2026-02": 110, "2026-03": 100, "2026-04": 100}},
                    {"actuals": {"demand": 10},
                     "forecast": {"2026-02": 10, "2026-03": 0, "2026-04": 5},
                     "production": {"2026-02": 10, "2026-03": 15, "2026-04": 5}}),
    "2026-03": plan("2026-03", "draft",
                    {"actuals": {"demand": 120},
                     "forecast": {"2026-03": 100, "2026-04": 50, "2026-05": 100},
                     "production": {"2026-03": 100, "2026-04": 60, "2026-05": 100}},
                    {"actuals": {"demand": 10},
                     "forecast": {"2026-03": 0, "2026-04": 0, "2026-05": 0},
                     "production": {"2026-03": 0, "2026-04": 9, "2026-05": 0}}),
    "2026-04": plan("2026-04", "approved",
                    {"actuals": {"demand": 80, "production": 105, "inventory": 50, "lines_due": 20,
                                 "lines_on_time": 18, "lead_time_days": 5},
                     "forecast": {"2026-04": 10, "2026-05": 100, "2026-06": 100},
                     "production": {"2026-04": 40, "2026-05": 100, "2026-06": 100}},
                    {"actuals": {"demand": 0, "production": 12, "backlog": 8, "lines_due": 5, "lines_on_time": 5,
                                 "lead_time_days": 10},
                     "forecast": {"2026-04": 0, "2026-05": 0, "2026-06": 10},
                     "production": {"2026-04": 0, "2026-05": 5, "2026-06": 10}}),
    "2026-05": plan("2026-05", "approved",
                    {"actuals": {"demand": 0, "production": 40, "inventory": 30, "lines_due": 0, "lines_on_time": 0,
                                 "lead_time_days": 4},
                     "forecast": {"2026-05": 90, "2026-06": 120, "2026-07": 100},
                     "production": {"2026-05": 100, "2026-06": 100, "2026-07": 100}},
                    {"actuals": {"demand": 0, "production": 0, "backlog": 8, "lines_due": 2, "lines_on_time": 1,
                                 "lead_time_days": 12},
                     "forecast": {"2026-05": 0, "2026-06": 10, "2026-07": 10},
                     "production": {"2026-05": 5, "2026-06": 10, "2026-07": 10}},
                    extra=(
                        "capacity:\n  TOUR: {2026-06: 0, 2026-07: 50}\n  CTRL: {2026-06: 0}\n"
                        "data_sources:\n"
                        "  - {id: erp, as_of: 2026-05-04, max_age_days: 7}\n"
                        "  - {id: capacity-sheet, as_of: 2026-05-01, max_age_days: 31}\n"
                        "cycle:\n"
                        "  - {step: demand-review, done: 2026-05-07}\n"
                        "  - {step: supply-review, done: 2026-05-18}\n"
                        "  - {step: executive-review, done: 2026-05-19}\n"
                        "actions:\n"
                        "  - {id: A-1, description: Late one, owner: pleroux, due: 2026-05-10, status: open}\n"
                        "  - {id: A-2, description: Not due yet, owner: pleroux, due: 2026-06-01, status: open}\n"
                        "  - {id: A-3, description: Moved deadline, owner: mmartin, due: 2026-05-20,\n"
                        "     original_due: 2026-05-01, status: done, done: 2026-05-05}\n"
                        "  - {id: A-4, description: On time, owner: mmartin, due: 2026-04-30, status: done,\n"
                        "     done: 2026-04-28}\n")),
}

TODAY = "2026-05-20"


def write_history(root: Path) -> ContentRepo:
    content = ContentRepo(root)
    content.write("sopdoc.yaml", CONFIG)
    for relpath, text in PROCEDURES.items():
        content.write(relpath, text)
    for month, text in PLANS.items():
        content.write(f"plans/{month}.yaml", text)
    content.write("training.yaml", TRAINING)
    return content


Finder = Callable[..., dict[str, Any]]


def kpi_report(history: ContentRepo) -> dict[str, Any]:
    result = history.run("kpi", "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def figure_finder(report: dict[str, Any]) -> Finder:
    """The one record with this id and these keys (family, lag, month, work_center default to null)."""
    def find(identifier: str, **keys: Any) -> dict[str, Any]:
        wanted = {"family": None, "work_center": None, "month": None, **keys}
        matches = [record for record in report["indicators"] if record["id"] == identifier
                   and all(record[key] == value for key, value in wanted.items())]
        assert len(matches) == 1, (identifier, keys, matches)
        return matches[0]

    return find
