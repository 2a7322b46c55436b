"""Plan pages on the hand-computed history of tests/history.py (cycle 2026-05, horizon 2026-05 … 07,
English) and on the bundled example: the index, the months of each family, the capacity load coloured
by level, data sources, cycle steps, the action register, charts; hostile names stay inert."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sopdoc.repository import load_repository
from sopdoc.site import plans
from sopdoc.site.build import site_context
from sopdoc.site.context import SiteContext
from sopdoc.site.indicators_page import load_class
from tests.conftest import ROOT, ContentRepo
from tests.history import write_history

TODAY = dt.date(2026, 5, 20)


def context(root: Path, today: dt.date = TODAY) -> SiteContext:
    return site_context(root, load_repository(root), today, {})


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, str | bytes]:
    return dict(plans.pages(context(write_history(tmp_path / "history").root)))


def text(pages: dict[str, str | bytes], path: str) -> str:
    page = pages[path]
    assert isinstance(page, str)
    return page


def lines_after(page: str, heading: str, count: int) -> list[str]:
    lines = page.splitlines()
    start = lines.index(heading) + 2
    return lines[start:start + count]


def test_index_newest_first_with_headline_figures(pages: dict[str, str | bytes]) -> None:
    lines = text(pages, "plans/index.md").splitlines()
    table = lines[lines.index("|---|---|---|--:|--:|--:|--:|") - 1:]
    assert table[0] == ("| Month | Status | Approved on | Accuracy, lag 1 | OTIF | Production attainment | "
                        "Maximum load |")
    # accuracy 1 − 10/80; OTIF 24/27 (off target); attainment 112/115; TOUR 60 h over 50 h in July
    assert table[2] == ('| [May 2026](2026-05.md) | approved | 19 May 2026 | 87.5% | '
                        '<span class="sopdoc-off-target">88.9%</span> | 97.4% | '
                        '<span class="sopdoc-load-over" title="60 h / 50 h">120.0% \\(TOUR, 2026-07\\)</span> |')
    assert [row.split(" | ")[0] for row in table[2:]] == [
        "| [May 2026](2026-05.md)", "| [April 2026](2026-04.md)", "| [March 2026](2026-03.md)",
        "| [February 2026](2026-02.md)", "| [January 2026](2026-01.md)"]
    assert table[4].startswith("| [March 2026](2026-03.md) | draft | &nbsp; | 84.6% | ")


def test_summary_of_the_cycle(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    assert page.startswith('---\ntitle: "S\\u0026OP plan, May 2026"\n---\n# S&amp;OP plan, May 2026\n')
    assert "| 2026-05 | approved | Julie Dupont | 19 May 2026 | 19 May 2026 (approval date) |" in page
    summary = lines_after(page, "## Indicators of the cycle {#summary}", 19)
    assert summary[2] == "| [Accuracy, lag 1](../indicators.md#forecast-accuracy) | 87.5% | at least 80.0% | 2026-03 |"
    assert ('| [Bias, lag 1](../indicators.md#bias) | <span class="sopdoc-off-target">12.5%</span> | '
            'between −10.0% and \\+10.0% | 2026-03 |') in summary
    assert ('| [OTIF](../indicators.md#otif) | <span class="sopdoc-off-target">88.9%</span> | at least 95.0% | '
            '2026-03 → 2026-04 |') in summary
    assert ('| [Maximum load](../indicators.md#capacity-load) | <span class="sopdoc-load-over" title="60 h / 50 h">'
            '120.0% \\(TOUR, 2026-07\\)</span> | at most 100.0% | &nbsp; |') in summary
    # on the approval date 2026-05-19: steps 2 of 3 on time, A-1 overdue, erp stale
    assert "| [Cycle steps on time](../indicators.md#cycle-on-time) | 66.7% | &nbsp; | &nbsp; |" in summary
    assert "| [Actions overdue](../indicators.md#actions-overdue) | 1 | &nbsp; | &nbsp; |" in summary
    assert "| [Data freshness](../indicators.md#data-freshness) | 50.0% | &nbsp; | &nbsp; |" in summary


def test_months_of_each_family_coloured_outside_target(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    # A (make to stock, 1–4 weeks): I = 30 + 100 − 90 = 40, then 20, 20; cover 40 / 110 × 52/12 = 1.6,
    # 20 / 100 × 52/12 = 0.9 (below 1), none after the horizon
    assert "Make to stock · unit: pcs · Cover \\(weeks\\): from 1 to 4" in page
    assert "Actual 2026-04: demand 0, production 40, inventory 30, lines on time 0 of 0, lead time 4.0 d." in page
    assert "\n".join([
        "| Month | Forecast | Production | Projected inventory | Cover \\(weeks\\) |",
        "|---|--:|--:|--:|--:|",
        "| 2026-05 | 90 | 100 | 40 | 1.6 |",
        '| 2026-06 | 120 | 100 | 20 | <span class="sopdoc-off-target">0.9</span> |',
        '| 2026-07 | 100 | 100 | 20 | <span title="no later month in the horizon">n/a</span> |',
    ]) in page
    # B (make to order, at most 1.2 weeks): B = 8 + 0 − 5 = 3; 3 / 10 × 52/12 = 1.3 weeks
    assert "| Month | Forecast | Production | Projected backlog | Backlog \\(weeks\\) |" in page
    assert '| 2026-05 | 0 | 5 | 3 | <span class="sopdoc-off-target">1.3</span> |' in page


def test_capacity_load_by_level_and_closed_months(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    assert lines_after(page, "## Work center load {#capacity}", 7)[2:] == [
        "| Month | TOUR | CTRL |",
        "|---|--:|--:|",
        # 100 × 0.5 + 5 × 1.0 = 55 h of 100 h
        '| 2026-05 | <span class="sopdoc-load-ok" title="55 h / 100 h">55.0%</span> | '
        '<span class="sopdoc-load-ok" title="0 h / 40 h">0.0%</span> |',
        # both closed; TOUR still carries 60 h of planned production
        '| 2026-06 | <span class="sopdoc-load-over" title="capacity is 0 (work center closed)">closed</span> | '
        '<span class="sopdoc-load-closed" title="capacity is 0 (work center closed)">closed</span> |',
        '| 2026-07 | <span class="sopdoc-load-over" title="60 h / 50 h">120.0%</span> | '
        '<span class="sopdoc-load-ok" title="0 h / 40 h">0.0%</span> |',
    ]


def test_load_classes() -> None:
    assert [load_class(value, 1.0) for value in (0.0, 0.8499, 0.85, 1.0, 1.0001, None)] == [
        "sopdoc-load-ok", "sopdoc-load-ok", "sopdoc-load-high", "sopdoc-load-high", "sopdoc-load-over", ""]
    assert load_class(0.9, 0.8) == "sopdoc-load-over"


def test_sources_steps_and_actions_on_the_reference_date(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    assert "Age of the data on 19 May 2026, the plan&#39;s reference date." in page
    assert lines_after(page, "## Data sources {#data-sources}", 6)[4:] == [
        '| erp | &nbsp; | &nbsp; | 4 May 2026 | 15 / 7 | <span class="sopdoc-badge sopdoc-overdue">stale</span> |',
        "| capacity-sheet | &nbsp; | &nbsp; | 1 May 2026 | 18 / 31 | fresh |",
    ]
    # May 2026 in France: the 1st, 8th and 14th are holidays; supply review due on the 15th, done the 18th
    assert lines_after(page, "## Cycle steps {#cycle}", 5)[2:] == [
        "| Demand review | &nbsp; | Demand planner | WD4 — 7 May 2026 | 7 May 2026 | on time | &nbsp; |",
        '| Supply review | &nbsp; | Supply planner | WD8 — 15 May 2026 | 18 May 2026 | '
        '<span class="sopdoc-badge sopdoc-overdue">late</span> | &nbsp; |',
        "| Executive review | &nbsp; | Manager | WD10 — 19 May 2026 | 19 May 2026 | on time | &nbsp; |",
    ]
    assert lines_after(page, "## Actions {#actions}", 6)[2:] == [
        '| A-1 | Late one | Paul Leroux | 10 May 2026 <span class="sopdoc-badge sopdoc-overdue">overdue</span> | '
        'open | &nbsp; |',
        "| A-2 | Not due yet | Paul Leroux | 1 June 2026 | open | &nbsp; |",
        "| A-3 | Moved deadline | Marc Martin | 20 May 2026 (originally 1 May 2026) | done | 5 May 2026 |",
        "| A-4 | On time | Marc Martin | 30 April 2026 | done | 28 April 2026 |",
    ]
    assert "## Risks {#risks}\n\nNone.\n" in page


def test_a_draft_is_judged_on_today(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-03.md")
    assert '!!! warning "Plan in preparation"' in page
    assert "| 2026-03 | draft | &nbsp; | &nbsp; | 20 May 2026 (today) |" in page


def test_charts_beside_each_plan(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    assert ("![Load of each work center, month by month, against the maximum load, S&amp;OP plan 2026-05]"
            "(2026-05/capacity.svg){ .sopdoc-chart }") in page
    capacity, hours = text(pages, "plans/2026-05/capacity.svg"), text(pages, "plans/2026-05/families.svg")
    for name in ("Turning", "Inspection", "Maximum load 100.0%"):
        assert f">{name}</text>" in capacity
    for name in ("Forecast demand (h)", "Planned production (h)", "Total capacity (h)"):
        assert f">{name}</text>" in hours
    for svg in (capacity, hours):
        assert "<script" not in svg and "<!--" not in svg
        assert svg.replace('xmlns="http://www.w3.org/2000/svg"', "").count("http") == 0


def test_hostile_names_are_inert(tmp_path: Path) -> None:
    content = write_history(tmp_path / "hostile")
    hostile = "<script>alert(1)</script> | **x** [y](javascript:alert(1)) {{ z }}"
    content.replace("sopdoc.yaml", "name: Axes", f"name: {hostile!r}".replace("'", '"'))
    content.replace("sopdoc.yaml", "name: Turning", 'name: "<img src=x onerror=alert(1)>"')
    content.replace("plans/2026-05.yaml", "description: Late one", 'description: "</td><b>| late"')
    pages = dict(plans.pages(context(content.root)))
    page = text(pages, "plans/2026-05.md")
    assert ("### FAM-A — &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\*\\*x\\*\\* "
            "\\[y\\]\\(javascript:alert\\(1\\)\\) \\{\\{ z \\}\\}") in page
    assert "| A-1 | &lt;/td&gt;&lt;b&gt;\\| late | Paul Leroux |" in page
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    svg = text(pages, "plans/2026-05/capacity.svg")
    assert "&lt;img src=x onerror=alert(1)&gt;</text>" in svg
    assert "<img" not in svg and "<script" not in svg


def test_the_example_yields_every_plan_page_and_chart() -> None:
    ctx = context(ROOT, dt.date(2026, 11, 25))
    months = [plan.month for plan in ctx.repo.plans]
    assert len(months) == 24
    expected = {"plans/index.md"} | {f"plans/{month}.md" for month in months} | {
        f"plans/{month}/{name}.svg" for month in months for name in ("capacity", "families")}
    assert set(dict(plans.pages(ctx))) == expected


def test_overloaded_example_month() -> None:
    """The summer crunch of the example: TOUR-CN over 100 % in July 2026 in the plan of June."""
    ctx = context(ROOT, dt.date(2026, 11, 25))
    page = dict(plans.pages(ctx))["plans/2026-06.md"]
    assert isinstance(page, str)
    row = next(line for line in page.splitlines() if line.startswith("| 2026-07 | <span"))
    # French numbers: a narrow no-break space between thousands
    assert row.startswith('| 2026-07 | <span class="sopdoc-load-over" title="1\u202f225 h / 1\u202f120 h">'
                          '109,4 %</span> | ')


def test_without_plans_the_index_says_so(repo: ContentRepo) -> None:
    (repo.root / "plans" / "2026-11.yaml").unlink()
    pages = dict(plans.pages(context(repo.root, dt.date(2026, 11, 25))))
    assert list(pages) == ["plans/index.md"]
    assert "Aucun plan lisible dans plans/." in text(pages, "plans/index.md")
