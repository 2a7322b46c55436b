"""Charts: static SVG without script or outside reference, the same bytes for the same data, text
escaped, labels and numbers in the organisation's language; the fast number formatting matches Babel's."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopdoc.labels import Labels
from sopdoc.site import charts
from sopdoc.site.charts import Chart, Numbers, Series, chart_id, month_text, render_chart, short_month

MONTHS = ("2026-11", "2026-12", "2027-01")


def capacity_chart(name: str = "Tournage CN", title: str = "Charge") -> Chart:
    return Chart("plans/2026-11/capacity.svg", title, MONTHS,
                 (Series(name, (0.5, None, 1.125)), Series("Charge maximale", (1.0, 1.0, 1.0), limit=True)),
                 percent=True)


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_static_and_deterministic() -> None:
    svg = render_chart(capacity_chart(), Labels("fr"))
    assert svg == render_chart(capacity_chart(), Labels("fr"))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" id="chart-plans-2026-11-capacity-svg" ')
    assert "#chart-plans-2026-11-capacity-svg " in svg  # pygal's styles follow the stable id
    assert "<script" not in svg and "<!--" not in svg and "<?xml" not in svg
    assert re.findall(r"https?://[^\"' )]*", svg) == ["http://www.w3.org/2000/svg"]
    assert "href" not in svg


def test_chart_ids_come_from_paths() -> None:
    assert chart_id("plans/2026-11/capacity.svg") == "plans-2026-11-capacity-svg"
    assert chart_id("indicators/forecast-accuracy.svg") == "indicators-forecast-accuracy-svg"


def test_labels_and_numbers_in_the_language() -> None:
    french = texts(render_chart(capacity_chart(), Labels("fr")))
    assert {"nov. 2026", "déc. 2026", "janv. 2027", "Tournage CN", "Charge maximale", "100,0\u00a0%"} <= set(french)
    english = texts(render_chart(capacity_chart(), Labels("en")))
    assert {"Nov 2026", "Dec 2026", "Jan 2027", "100.0%"} <= set(english)
    hours = Chart("plans/2026-11/families.svg", "Heures", MONTHS, (Series("Demande", (1234.5, 2000.0, 0.0)),))
    assert "2\u202f000" in texts(render_chart(hours, Labels("fr")))


def test_hostile_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    svg = render_chart(capacity_chart(name=hostile, title=hostile), Labels("fr"))
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in svg
    assert "<title>&lt;script&gt;" in svg


def test_a_second_limit_line_stays_out_of_the_legend() -> None:
    chart = Chart("indicators/bias.svg", "Biais", MONTHS, (
        Series("Décalage 1 mois", (0.02, -0.05, 0.12)), Series("Cible ±10,0 %", (0.1,) * 3, limit=True),
        Series(None, (-0.1,) * 3, limit=True)), percent=True)
    svg = render_chart(chart, Labels("fr"))
    assert svg.count('class="legend reactive activate-serie"') == 2
    assert "Cible ±10,0 %" in texts(svg)


def test_without_values_the_chart_says_so() -> None:
    empty = Chart("indicators/otif.svg", "OTIF", MONTHS, (Series("Total", (None, None, None)),), percent=True)
    assert "Aucune donnée" in texts(render_chart(empty, Labels("fr")))


def test_months_in_words() -> None:
    assert month_text(Labels("fr"), "2026-08") == "août 2026"
    assert month_text(Labels("en"), "2026-08") == "August 2026"
    assert short_month(Labels("fr"), "2027-02") == "févr. 2027"


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
                       st.integers(min_value=-10**9, max_value=10**9).map(float),
                       st.decimals(min_value=-1000, max_value=1000, places=3).map(float)),
       decimals=st.integers(min_value=0, max_value=3))
def test_fast_numbers_are_babels(value: float, decimals: int) -> None:
    for language in ("fr", "en"):
        labels = Labels(language)
        fast = Numbers(labels)
        assert fast.number(value, decimals) == labels.number(value, decimals)
        assert fast.percent(value) == labels.percent(value)


def test_remembered_numbers_print_as_the_first_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "MEMO_SIZE", 3)
    labels = Labels("fr")
    fast = Numbers(labels)
    values: list[float] = [0.0, -0.0, 1, 1.0, 2.5, -2.5, 1e17, 10**17, 1234.5, -0.0, 0.0]
    for value in values + values[::-1]:
        assert fast.number(value, 1) == labels.number(value, 1), value
        assert fast.percent(value) == labels.percent(value), value
        assert len(fast._done) <= 3
    assert fast.number(-0.0, 0) == "-0" and fast.number(0.0, 0) == "0"


def test_fast_numbers_on_halves_and_signs() -> None:
    labels = Labels("fr")
    fast = Numbers(labels)
    for value in (0.125, 2.675, -0.04, -0.0, 0.05, 0.15, 0.25, 999.95, 1e15, 0.9995, 12.0, -1234.5):
        for decimals in (0, 1, 2):
            assert fast.number(value, decimals) == labels.number(value, decimals), (value, decimals)
        assert fast.percent(value) == labels.percent(value), value
