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
    ctx = context(write_history(tmp_path / "history").root)
    return dict(plans.pages(ctx)) | dict(plans.chart_files(ctx))


def text(pages: dict[str, str | bytes], path: str) -> str:
    page = pages[path]
    assert isinstance(page, str)
    return page


def rows_after(page: str, heading: str) -> list[str]:
    """The table rows (``<tr>`` lines of the body) of the first table after ``heading``."""
    lines = page.splitlines()
    start = lines.index(heading)
    end = lines.index("</table>", start)
    return [line for line in lines[start:end] if line.startswith("<tr>")]


def num(value: str) -> str:
    """A right-aligned cell after another one (cells are apart: the search index keeps their words apart)."""
    return f' <td class="sopdoc-num">{value}</td>'


def test_index_newest_first_with_headline_figures(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/index.md")
    assert ("<!-- sopdoc:html -->\n<table data-search-exclude>\n<thead><tr><th>Month</th> <th>Status</th>"
            ' <th>Approved on</th> <th class="sopdoc-num">Accuracy, lag 1</th> <th class="sopdoc-num">OTIF</th>'
            ' <th class="sopdoc-num">Production attainment</th> <th class="sopdoc-num">Maximum load</th></tr></thead>'
            ) in page
    table = rows_after(page, "# Plans")
    # accuracy 1 − 10/80; OTIF 24/27 (off target); attainment 112/115; TOUR 60 h over 50 h in July
    assert table[0] == ('<tr><td><a href="2026-05/">May 2026</a></td> <td>approved</td> <td>19 May 2026</td>'
                        + num("87.5%") + num('<span class="sopdoc-off-target">88.9%</span>') + num("97.4%")
                        + num('<span class="sopdoc-load-over" title="60 h / 50 h">120.0% (TOUR, 2026-07)</span>')
                        + "</tr>")
    assert [row.split("</td>")[0] for row in table] == [
        '<tr><td><a href="2026-05/">May 2026</a>', '<tr><td><a href="2026-04/">April 2026</a>',
        '<tr><td><a href="2026-03/">March 2026</a>', '<tr><td><a href="2026-02/">February 2026</a>',
        '<tr><td><a href="2026-01/">January 2026</a>']
    assert table[2].startswith('<tr><td><a href="2026-03/">March 2026</a></td> <td>draft</td> <td></td>'
                               + num("84.6%"))


def test_summary_of_the_cycle(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    assert page.startswith('---\ntitle: "S\\u0026OP plan, May 2026"\nsearch:\n  exclude: true\n---\n'
                           "# S&amp;OP plan, May 2026\n")
    assert ("<tr><td>2026-05</td> <td>approved</td> <td>Julie Dupont</td> <td>19 May 2026</td>"
            " <td>19 May 2026 (approval date)</td></tr>") in page
    summary = rows_after(page, "## Indicators of the cycle {#summary}")
    assert len(summary) == 17
    assert summary[0] == ('<tr><td><a href="../../indicators/#forecast-accuracy">Accuracy, lag 1</a></td>'
                          + num("87.5%") + " <td>at least 80.0%</td> <td class=\"sopdoc-nowrap\">2026-03</td></tr>")
    assert ('<tr><td><a href="../../indicators/#bias">Bias, lag 1</a></td>'
            + num('<span class="sopdoc-off-target">12.5%</span>')
            + " <td>between -10.0% and +10.0%</td> <td class=\"sopdoc-nowrap\">2026-03</td></tr>") in summary
    assert ('<tr><td><a href="../../indicators/#otif">OTIF</a></td>'
            + num('<span class="sopdoc-off-target">88.9%</span>')
            + " <td>at least 95.0%</td> <td class=\"sopdoc-nowrap\">2026-03 → 2026-04</td></tr>") in summary
    assert ('<tr><td><a href="../../indicators/#capacity-load">Maximum load</a></td>'
            + num('<span class="sopdoc-load-over" title="60 h / 50 h">120.0% (TOUR, 2026-07)</span>')
            + " <td>at most 100.0%</td> <td class=\"sopdoc-nowrap\"></td></tr>") in summary
    # on the approval date 2026-05-19: steps 2 of 3 on time, A-1 overdue, erp stale
    assert ('<tr><td><a href="../../indicators/#cycle-on-time">Cycle steps on time</a></td>' + num("66.7%")
            + " <td></td> <td class=\"sopdoc-nowrap\"></td></tr>") in summary
    assert ('<tr><td><a href="../../indicators/#actions-overdue">Actions overdue</a></td>' + num("1")
            + " <td></td> <td class=\"sopdoc-nowrap\"></td></tr>") in summary
    assert ('<tr><td><a href="../../indicators/#data-freshness">Data freshness</a></td>' + num("50.0%")
            + " <td></td> <td class=\"sopdoc-nowrap\"></td></tr>") in summary
    # a figure table: left out of the search index
    assert "## Indicators of the cycle {#summary}\n\n<!-- sopdoc:html -->\n<table data-search-exclude>\n" in page


def test_months_of_each_family_coloured_outside_target(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    # A (make to stock, 1–4 weeks): I = 30 + 100 − 90 = 40, then 20, 20; cover 40 / 110 × 52/12 = 1.6,
    # 20 / 100 × 52/12 = 0.9 (below 1), none after the horizon
    assert "Make to stock · unit: pcs · Cover \\(weeks\\): from 1 to 4" in page
    assert "Actual 2026-04: demand 0, production 40, inventory 30, lines on time 0 of 0, lead time 4.0 d." in page
    assert "\n".join([
        "<!-- sopdoc:html -->",
        "<table data-search-exclude>",
        '<thead><tr><th>Month</th> <th class="sopdoc-num">Forecast</th> <th class="sopdoc-num">Production</th>'
        ' <th class="sopdoc-num">Projected inventory</th> <th class="sopdoc-num">Cover (weeks)</th></tr></thead>',
        "<tbody>",
        "<tr><td>2026-05</td>" + num("90") + num("100") + num("40") + num("1.6") + "</tr>",
        "<tr><td>2026-06</td>" + num("120") + num("100") + num("20")
        + num('<span class="sopdoc-off-target">0.9</span>') + "</tr>",
        "<tr><td>2026-07</td>" + num("100") + num("100") + num("20")
        + num('<span title="no later month in the horizon">n/a</span>') + "</tr>",
        "</tbody>",
        "</table>",
        "<!-- /sopdoc:html -->",
    ]) in page
    # B (make to order, at most 1.2 weeks): B = 8 + 0 − 5 = 3; 3 / 10 × 52/12 = 1.3 weeks
    assert ('<th class="sopdoc-num">Projected backlog</th> <th class="sopdoc-num">Backlog (weeks)</th></tr></thead>'
            in page)
    assert ("<tr><td>2026-05</td>" + num("0") + num("5") + num("3")
            + num('<span class="sopdoc-off-target">1.3</span>') + "</tr>") in page


def test_capacity_load_by_level_and_closed_months(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    assert ('<table data-search-exclude>\n<thead><tr><th>Month</th> <th class="sopdoc-num">TOUR</th>'
            ' <th class="sopdoc-num">CTRL</th></tr></thead>') in page
    assert rows_after(page, "## Work center load {#capacity}") == [
        # 100 × 0.5 + 5 × 1.0 = 55 h of 100 h
        "<tr><td>2026-05</td>" + num('<span class="sopdoc-load-ok" title="55 h / 100 h">55.0%</span>')
        + num('<span class="sopdoc-load-ok" title="0 h / 40 h">0.0%</span>') + "</tr>",
        # both closed; TOUR still carries 60 h of planned production
        "<tr><td>2026-06</td>"
        + num('<span class="sopdoc-load-over" title="capacity is 0 (work center closed)">closed</span>')
        + num('<span class="sopdoc-load-closed" title="capacity is 0 (work center closed)">closed</span>') + "</tr>",
        "<tr><td>2026-07</td>" + num('<span class="sopdoc-load-over" title="60 h / 50 h">120.0%</span>')
        + num('<span class="sopdoc-load-ok" title="0 h / 40 h">0.0%</span>') + "</tr>",
    ]


def test_load_classes() -> None:
    assert [load_class(value, 1.0) for value in (0.0, 0.8499, 0.85, 1.0, 1.0001, None)] == [
        "sopdoc-load-ok", "sopdoc-load-ok", "sopdoc-load-high", "sopdoc-load-high", "sopdoc-load-over", ""]
    assert load_class(0.9, 0.8) == "sopdoc-load-over"


def test_sources_steps_and_actions_on_the_reference_date(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    assert "Age of the data on 19 May 2026, the plan&#39;s reference date." in page
    assert rows_after(page, "## Data sources {#data-sources}") == [
        "<tr><td>erp</td> <td></td> <td></td> <td>4 May 2026</td>" + num("15 / 7")
        + ' <td><span class="sopdoc-badge sopdoc-overdue">stale</span></td></tr>',
        "<tr><td>capacity-sheet</td> <td></td> <td></td> <td>1 May 2026</td>" + num("18 / 31") + " <td>fresh</td></tr>",
    ]
    # May 2026 in France: the 1st, 8th and 14th are holidays; supply review due on the 15th, done the 18th
    assert rows_after(page, "## Cycle steps {#cycle}") == [
        "<tr><td>Demand review</td> <td></td> <td>Demand planner</td> <td>WD4 — 7 May 2026</td> <td>7 May 2026</td>"
        " <td>on time</td> <td></td></tr>",
        "<tr><td>Supply review</td> <td></td> <td>Supply planner</td> <td>WD8 — 15 May 2026</td> <td>18 May 2026</td>"
        ' <td><span class="sopdoc-badge sopdoc-overdue">late</span></td> <td></td></tr>',
        "<tr><td>Executive review</td> <td></td> <td>Manager</td> <td>WD10 — 19 May 2026</td> <td>19 May 2026</td>"
        " <td>on time</td> <td></td></tr>",
    ]
    assert rows_after(page, "## Actions {#actions}") == [
        "<tr><td>A-1</td> <td>Late one</td> <td>Paul Leroux</td>"
        ' <td>10 May 2026 <span class="sopdoc-badge sopdoc-overdue">overdue</span></td> <td>open</td> <td></td></tr>',
        "<tr><td>A-2</td> <td>Not due yet</td> <td>Paul Leroux</td> <td>1 June 2026</td> <td>open</td> <td></td></tr>",
        "<tr><td>A-3</td> <td>Moved deadline</td> <td>Marc Martin</td> <td>20 May 2026 (originally 1 May 2026)</td>"
        " <td>done</td> <td>5 May 2026</td></tr>",
        "<tr><td>A-4</td> <td>On time</td> <td>Marc Martin</td> <td>30 April 2026</td> <td>done</td>"
        " <td>28 April 2026</td></tr>",
    ]
    # words people search for: searchable
    assert "## Actions {#actions}\n\n<!-- sopdoc:html -->\n<table>\n" in page
    assert "## Risks {#risks}\n\nNone.\n" in page


def test_a_draft_is_judged_on_today(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-03.md")
    assert '!!! warning "Plan in preparation"' in page
    assert "<tr><td>2026-03</td> <td>draft</td> <td></td> <td></td> <td>20 May 2026 (today)</td></tr>" in page


def test_charts_beside_each_plan(pages: dict[str, str | bytes]) -> None:
    page = text(pages, "plans/2026-05.md")
    assert ('<p><img class="sopdoc-chart" src="capacity.svg" alt="Load of each work center, month by month, '
            'against the maximum load, S&amp;OP plan 2026-05" loading="lazy"></p>') in page
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
    content.replace("plans/2026-05.yaml", "description: Late one",
                    'description: "</td><b>| late <script>alert(1)</script> {{ z }} **y**"')
    ctx = context(content.root)
    pages = dict(plans.pages(ctx)) | dict(plans.chart_files(ctx))
    page = text(pages, "plans/2026-05.md")
    assert ("### FAM-A — &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\*\\*x\\*\\* "
            "\\[y\\]\\(javascript:alert\\(1\\)\\) \\{\\{ z \\}\\}") in page
    # inside an HTML block: escaped by Jinja only, no Markdown backslashes
    assert ("<tr><td>A-1</td> <td>&lt;/td&gt;&lt;b&gt;| late &lt;script&gt;alert(1)&lt;/script&gt; {{ z }} **y**</td>"
            " <td>Paul Leroux</td>") in page
    assert "<script" not in page and "<img src=x" not in page and "<b>" not in page and "</td><b>" not in page
    svg = text(pages, "plans/2026-05/capacity.svg")
    assert "&lt;img src=x onerror=alert(1)&gt;</text>" in svg
    assert "<img" not in svg and "<script" not in svg


def test_the_example_yields_every_plan_page_and_chart() -> None:
    ctx = context(ROOT, dt.date(2026, 11, 25))
    months = [plan.month for plan in ctx.repo.plans]
    assert len(months) == 24
    expected = {"plans/index.md"} | {f"plans/{month}.md" for month in months} | {
        f"plans/{month}/{name}.svg" for month in months for name in ("capacity", "families")}
    assert set(dict(plans.pages(ctx))) | set(dict(plans.chart_files(ctx))) == expected


def test_overloaded_example_month() -> None:
    """The summer crunch of the example: TOUR-CN over 100 % in July 2026 in the plan of June."""
    ctx = context(ROOT, dt.date(2026, 11, 25))
    page = dict(plans.pages(ctx))["plans/2026-06.md"]
    assert isinstance(page, str)
    row = next(line for line in page.splitlines()
               if line.startswith('<tr><td>2026-07</td> <td class="sopdoc-num"><span'))
    # French numbers: a narrow no-break space between thousands
    assert row.startswith('<tr><td>2026-07</td> <td class="sopdoc-num"><span class="sopdoc-load-over" '
                          'title="1\u202f225 h / 1\u202f120 h">109,4\u00a0%</span></td>')


def test_without_plans_the_index_says_so(repo: ContentRepo) -> None:
    (repo.root / "plans" / "2026-11.yaml").unlink()
    pages = dict(plans.pages(context(repo.root, dt.date(2026, 11, 25))))
    assert list(pages) == ["plans/index.md"]
    assert "Aucun plan lisible dans plans/." in text(pages, "plans/index.md")
