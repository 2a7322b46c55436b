"""The indicators page on the hand-computed history of tests/history.py (cycles 2026-01 … 2026-05,
English; values computed by hand in tests/indicators/) and on the bundled example: one section and
one anchor per indicator, a chart and a table of every cycle, newest first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sopdoc.model import INDICATORS
from sopdoc.repository import load_repository
from sopdoc.site import indicators_page
from sopdoc.site.build import site_context
from sopdoc.site.context import SiteContext
from sopdoc.site.indicators_page import compute_cycles, cycles, marked, marked_html
from tests.conftest import ROOT
from tests.history import write_history

TODAY = dt.date(2026, 5, 20)


@pytest.fixture
def ctx(tmp_path: Path) -> SiteContext:
    root = write_history(tmp_path / "history").root
    return site_context(root, load_repository(root), TODAY, {})


@pytest.fixture
def page(ctx: SiteContext) -> str:
    text = dict(indicators_page.pages(ctx))["indicators.md"]
    assert isinstance(text, str)
    return text


def section(page: str, identifier: str) -> list[str]:
    """The lines of one indicator's section, from its heading to the next one."""
    lines = page.splitlines()
    start = next(index for index, line in enumerate(lines) if line.endswith("{#" + identifier + "}"))
    end = next((index for index in range(start + 1, len(lines)) if lines[index].startswith("#")), len(lines))
    return lines[start:end]


def num(value: str) -> str:
    """A right-aligned cell after another one (cells are apart: the search index keeps their words apart)."""
    return f' <td class="sopdoc-num">{value}</td>'


def cycle(month: str, *cells: str) -> str:
    """A table row: the cycle month linked to its plan page, then right-aligned values."""
    return f'<tr><td><a href="../plans/{month}/">{month}</a></td>' + "".join(num(cell) for cell in cells) + "</tr>"


def test_an_anchor_for_every_indicator(page: str) -> None:
    for identifier in INDICATORS:
        assert sum(1 for line in page.splitlines() if line.startswith("### ") and
                   line.endswith(" {#" + identifier + "}")) == 1, identifier


def test_forecast_accuracy_per_lag_with_its_target(page: str) -> None:
    lines = section(page, "forecast-accuracy")
    assert lines[0] == "### Accuracy {#forecast-accuracy}"
    assert lines[2].endswith(" Target: at least 80.0%.")
    assert lines[4] == ("![Chart: Accuracy, cycle by cycle](indicators/forecast-accuracy.svg)"
                        "{ .sopdoc-chart loading=lazy }")
    assert lines[6:11] == ["<!-- sopdoc:html -->", "<table data-search-exclude>",
                           '<thead><tr><th>Cycle</th> <th class="sopdoc-num">Lag 1</th> <th class="sopdoc-num">Lag 2</th>'
                           "</tr></thead>", "<tbody>",
                           # 2026-05: lag 1 = 1 − 10/80; lag 2 = max(0, 1 − 135/80)
                           cycle("2026-05", "87.5%", '<span class="sopdoc-off-target">0.0%</span>')]
    assert [line.split("</td>")[0] for line in lines[10:15]] == [
        f'<tr><td><a href="../plans/{month}/">{month}</a>'
        for month in ("2026-05", "2026-04", "2026-03", "2026-02", "2026-01")]


def test_totals_of_delivery(page: str) -> None:
    assert (cycle("2026-05", '<span class="sopdoc-off-target">88.9%</span>')
            in section(page, "otif"))  # 24 / 27 lines on time
    attainment = section(page, "production-attainment")
    assert cycle("2026-05", "97.4%") in attainment  # 112 / 115
    assert any(line.startswith('<tr><td><a href="../plans/2026-01/">2026-01</a></td> <td class="sopdoc-num">'
                               '<span title="no month of the window has an actual production') for line in attainment)


def test_capacity_load_of_each_cycle_month(page: str) -> None:
    lines = section(page, "capacity-load")
    assert lines[8] == ('<thead><tr><th>Cycle</th> <th class="sopdoc-num">TOUR</th> <th class="sopdoc-num">CTRL</th>'
                        "</tr></thead>")
    # the plan of 2026-05 loads TOUR at 55 h of 100 h in May itself
    assert lines[10] == cycle("2026-05", '<span class="sopdoc-load-ok" title="55 h / 100 h">55.0%</span>',
                              '<span class="sopdoc-load-ok" title="0 h / 40 h">0.0%</span>')


def test_cover_and_backlog_weeks_per_family(page: str) -> None:
    assert cycle("2026-05", "1.6") in section(page, "inventory-coverage")  # 40 / 110 × 52/12
    backlog = section(page, "backlog-weeks")
    assert backlog[8] == '<thead><tr><th>Cycle</th> <th class="sopdoc-num">FAM-B</th></tr></thead>'
    assert cycle("2026-05", '<span class="sopdoc-off-target">1.3</span>') in backlog  # 3 / 10 × 52/12


def test_process_figures_per_cycle_and_on_today(page: str) -> None:
    assert cycle("2026-05", "66.7%") in section(page, "cycle-on-time")
    assert cycle("2026-05", "1") in section(page, "actions-overdue")
    reviews = section(page, "reviews-on-time")
    assert "Value on 20 May 2026: **50.0%**" in reviews  # PRO-PIC-002 is past its review
    assert not any(line.startswith("![") for line in reviews)


def test_charts_of_every_cycle(ctx: SiteContext) -> None:
    files = dict(indicators_page.pages(ctx))
    charts = sorted(path for path in files if path.endswith(".svg"))
    assert len(charts) == 16  # every indicator but the two computed on today
    bias = files["indicators/bias.svg"]
    assert isinstance(bias, str)
    for name in ("Lag 1", "Lag 2", "Target ±10.0%", "Jan 2026", "May 2026"):
        assert f">{name}</text>" in bias
    assert "<script" not in bias
    coverage = files["indicators/inventory-coverage.svg"]
    assert isinstance(coverage, str) and ">Axes</text>" in coverage


def test_cycles_are_computed_once_per_site(ctx: SiteContext) -> None:
    first = cycles(ctx)
    assert cycles(ctx) is first
    assert [cycle.month for cycle in first] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    accuracy = first[-1].total("forecast-accuracy", 1)
    assert accuracy is not None and accuracy.value == pytest.approx(1 - 10 / 80)


def test_cycles_match_the_kpi_command(ctx: SiteContext) -> None:
    """The same figures as `sopdoc kpi` for every total of every section but the two on today."""
    report = ctx.indicators
    assert report is not None
    latest = compute_cycles(ctx.repo.plans, ctx.organisation, TODAY)[-1]
    for figure in latest.figures:
        assert figure in report.figures


def test_the_example_page_and_its_charts() -> None:
    ctx = site_context(ROOT, load_repository(ROOT), dt.date(2026, 11, 25), {})
    files = dict(indicators_page.pages(ctx))
    assert set(files) == {"indicators.md"} | {f"indicators/{identifier}.svg" for identifier in INDICATORS
                                              if identifier not in ("reviews-on-time", "training-coverage")}
    page = files["indicators.md"]
    assert isinstance(page, str)
    assert "Chaque indicateur sur les 24 cycles du PIC, de 2024-12 à 2026-11" in page
    assert cycle("2026-11", "93,6\u00a0%", "93,1\u00a0%") in section(page, "forecast-accuracy")


def test_a_marked_cell_is_inert_in_a_table() -> None:
    assert marked({"text": "12.5%", "cls": "", "title": ""}) == "12.5%"
    assert marked({"text": "a|b <x>", "cls": "sopdoc-off-target", "title": 'why | "<y>"'}) == (
        '<span class="sopdoc-off-target" title="why &#124; &#34;&lt;y&gt;&#34;">a\\|b &lt;x&gt;</span>')


def test_a_marked_cell_is_inert_in_an_html_block() -> None:
    """Inside the generated HTML tables: escaped for HTML only, no Markdown backslashes, empty stays empty."""
    assert marked_html({"text": "12.5%", "cls": "", "title": ""}) == "12.5%"
    assert marked_html({"text": "", "cls": "", "title": ""}) == ""
    assert marked_html({"text": "a|b <script>{{ x }}", "cls": "sopdoc-off-target", "title": 'why | "<y>"'}) == (
        '<span class="sopdoc-off-target" title="why | &#34;&lt;y&gt;&#34;">a|b &lt;script&gt;{{ x }}</span>')
