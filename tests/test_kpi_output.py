"""`sopdoc kpi` outputs, and `sopdoc reviews` / `sopdoc training` listings: whole texts compared.

The figures are those computed by hand in tests/indicators/ on the history of tests/history.py.
"""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import ContentRepo
from tests.history import TODAY

TABLE = (
    'S&OP indicators 2026-05 — Atelier Test\n'
    '\n'
    'Forecast quality, lag 1\n'
    'Family          WAPE  Accuracy     Bias\n'
    'FAM-A          12.5%   87.5% ✓  12.5% ✗\n'
    'FAM-B           0.0%  100.0% ✓   0.0% ✓\n'
    'Total          12.5%   87.5% ✓  12.5% ✗\n'
    'Target                 ≥ 80.0%  ± 10.0%\n'
    'Months used  2026-03   2026-03  2026-03\n'
    '\n'
    'Forecast quality, lag 2\n'
    'Family                  WAPE         Accuracy             Bias\n'
    'FAM-A                 150.0%           0.0% ✗         150.0% ✗\n'
    'FAM-B                    n/a              n/a              n/a\n'
    'Total                 168.8%           0.0% ✗         168.8% ✗\n'
    'Target                                ≥ 80.0%          ± 10.0%\n'
    'Months used  2026-03→2026-04  2026-03→2026-04  2026-03→2026-04\n'
    'Not computed:\n'
    '  WAPE FAM-B, Accuracy FAM-B, Bias FAM-B: total demand of the window is 0\n'
    '\n'
    'Forecast tracking, lag 1\n'
    'Family       Tracking signal  Forecast value added\n'
    'FAM-A                  0.7 ✓               12.5% ✓\n'
    'FAM-B                    n/a                   n/a\n'
    'Total                  0.7 ✓               25.0% ✓\n'
    'Target                   ± 4                ≥ 0.0%\n'
    'Months used  2026-02→2026-03               2026-03\n'
    'Not computed:\n'
    '  Tracking signal FAM-B: no forecast error in the tracking window (MAD = 0)\n'
    '  Forecast value added FAM-B: naive forecast: total demand of the window is 0\n'
    '\n'
    'Delivery and production\n'
    'Family                  OTIF        Lead time  Production attainment       Plan churn\n'
    'FAM-A                90.0% ✗            4.7 d               100.0% ✓            15.0%\n'
    'FAM-B                85.7% ✗           10.0 d                80.0% ✗             0.0%\n'
    'Total                88.9% ✗            5.1 d                97.4% ✓            14.3%\n'
    'Target               ≥ 95.0%                                 ≥ 95.0%\n'
    'Months used  2026-03→2026-04  2026-03→2026-04                2026-03  2026-05→2026-06\n'
    '\n'
    'Work center load\n'
    '\n'
    'Work center  2026-05  2026-06   2026-07    Target\n'
    'TOUR         55.0% ✓      n/a  120.0% ✗  ≤ 100.0%\n'
    'CTRL          0.0% ✓      n/a    0.0% ✓  ≤ 100.0%\n'
    'Not computed:\n'
    '  TOUR 2026-06, CTRL 2026-06: capacity is 0 (work center closed)\n'
    '\n'
    'Projected inventory and backlog\n'
    '\n'
    'Family       2026-05  2026-06  2026-07  Target\n'
    'FAM-A (pcs)     40 ✓     20 ✓     20 ✓     ≥ 0\n'
    'FAM-A (wk)     1.6 ✓    0.9 ✗      n/a     1–4\n'
    'FAM-B (pcs)        3        3        3\n'
    'FAM-B (wk)     1.3 ✗    1.3 ✗      n/a   ≤ 1.2\n'
    'Not computed:\n'
    '  FAM-A 2026-07, FAM-B 2026-07: no later month in the horizon\n'
    '\n'
    'Process health\n'
    'Indicator             Value\n'
    'Reviews on time       50.0%\n'
    'Training coverage     66.7%\n'
    'Actions overdue           1\n'
    'Actions done on time  50.0%\n'
    'Cycle steps on time   66.7%\n'
    'Data freshness        50.0%\n'
)

REVIEWS = (
    'Procedure reviews due\n'
    'Procedure    Title             Owner                           Next review     State\n'
    'PRO-PIC-002  Executive review  general-manager (Julie Dupont)  6 January 2026  overdue for 134 d\n'
)

TRAINING = (
    'Training to do\n'
    'Person                  Role             Procedure                     Revision  Trained on\n'
    'Julie Dupont (jdupont)  general-manager  PRO-PIC-002 Executive review  1         none\n'
)


def test_kpi_table_in_english(history: ContentRepo) -> None:
    result = history.run("kpi", "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout == TABLE
    assert result.stderr == ""


def test_kpi_table_in_french(history: ContentRepo) -> None:
    history.replace("sopdoc.yaml", "language: en", "language: fr")
    lines = history.run("kpi", "--today", TODAY).stdout.splitlines()
    assert lines[:5] == [
        "Indicateurs du PIC 2026-05 — Atelier Test",
        "",
        "Qualité des prévisions, décalage 1 mois",
        "Famille           WAPE  Précision     Biais",
        "FAM-A           12,5\u00a0%   87,5\u00a0% ✓  12,5\u00a0% ✗",
    ]


def test_kpi_csv_has_the_json_records_as_rows(history: ContentRepo) -> None:
    rows = list(csv.DictReader(io.StringIO(history.run("kpi", "--today", TODAY, "--format", "csv").stdout)))
    records = json.loads(history.run("kpi", "--today", TODAY, "--format", "json").stdout)["indicators"]
    assert len(rows) == len(records)
    assert rows[1] == {"id": "forecast-accuracy", "value": "0.875", "unit": "ratio", "family": "FAM-A",
                       "work_center": "", "month": "", "lag": "1", "window": "2026-03/2026-03", "target": "0.8",
                       "met": "true", "reason": ""}


def test_kpi_month_option(history: ContentRepo) -> None:
    result = history.run("kpi", "--month", "2026-04", "--today", TODAY, "--format", "json")
    assert json.loads(result.stdout)["month"] == "2026-04"
    missing = history.run("kpi", "--month", "2027-01")
    assert (missing.exit_code, missing.stderr) == (2, "Error: no readable plan for 2027-01; plans run from 2026-01 "
                                                      "to 2026-05\n")
    malformed = history.run("kpi", "--month", "janvier")
    assert (malformed.exit_code, malformed.stderr) == (2, "Error: --month 'janvier' is not a month; write YYYY-MM\n")


def test_kpi_notes_files_left_out(history: ContentRepo) -> None:
    history.write("plans/2026-02.yaml", "month: [broken\n")
    result = history.run("kpi", "--today", TODAY, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ("note: 1 error in the files; what they affect is left out of these figures "
                             "(run `sopdoc validate`)\n")


def test_reviews_listing(history: ContentRepo) -> None:
    assert history.run("reviews", "--today", TODAY).stdout == REVIEWS
    assert json.loads(history.run("reviews", "--today", TODAY, "--format", "json").stdout) == {"reviews": [
        {"procedure": "PRO-PIC-002", "title": "Executive review", "owner": "general-manager",
         "path": "procedures/executive/PRO-PIC-002.md", "next_review": "2026-01-06", "days_left": -134,
         "overdue": True}]}
    assert history.run("reviews", "--today", "2025-06-01").stdout == "No review due in the next 30 days.\n"


def test_training_listing(history: ContentRepo) -> None:
    assert history.run("training").stdout == TRAINING
    assert history.run("training", "--person", "mmartin").stdout == "Everyone is trained on the current revision.\n"
    assert json.loads(history.run("training", "--format", "json").stdout) == {"training": [
        {"person": "jdupont", "role": "general-manager", "procedure": "PRO-PIC-002", "revision": 1,
         "trained_revision": None}]}
    unknown = history.run("training", "--person", "mmartn")
    assert (unknown.exit_code, unknown.stderr) == (2, "Error: no person 'mmartn' in sopdoc.yaml (did you mean "
                                                      "'mmartin'?)\n")
