"""Static SVG charts drawn with pygal: no script, no outside reference, the same bytes for the same data.

pygal draws the chart and escapes every text it writes (titles, legends, labels go through the XML
serialiser). Three things are then made safe and stable: the random uuid pygal gives each chart
becomes an id derived from the chart's path in the site, and the ``<script>`` holding pygal's
configuration and the comments (pygal's web address, the day of rendering) are removed. The chart is
a separate file, embedded as an image: the page stays light and an image's SVG never runs anything.
Labels, months and numbers follow the organisation's language.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sopdoc.labels import Labels

WIDTH, HEIGHT = 800, 330  # plus one line of legend per row of series
LEGEND_COLUMNS = 3
LEGEND_ROW = 20  # pixels
LEGEND_CHARACTERS = 34  # longer names are cut with "…"; the tables beside the chart give them in full
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
COLORS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457", "#5d4037", "#9e9d24",
          "#283593", "#c62828", "#00695c", "#4e342e")
LIMIT_COLOR = "#c62828"  # a target or limit line, drawn dashed
DASHED = {"width": 1.5, "dasharray": "6, 4"}


@dataclass(frozen=True)
class Series:
    """One line of a chart; ``None`` leaves a gap (a month without a value)."""

    name: str | None  # None: not in the legend (the second line of a ± target)
    values: tuple[float | None, ...]
    limit: bool = False  # a target or limit: dashed


@dataclass(frozen=True)
class Chart:
    path: str  # where the SVG goes in the site's tree, e.g. ``plans/2026-11/capacity.svg``
    title: str
    months: tuple[str, ...]  # the x axis, ``YYYY-MM``
    series: tuple[Series, ...]
    percent: bool = False  # values are ratios shown as percentages
    include_zero: bool = True  # the y axis starts at 0 (or below)
    description: str = ""  # the alternative text of the image (default: the title)

    @property
    def alt(self) -> str:
        return self.description or self.title


def chart_id(path: str) -> str:
    """A stable, CSS-safe id from the chart's path: ``plans/2026-11/capacity.svg`` → ``plans-2026-11-capacity-svg``."""
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-").lower() or "chart"


def render_chart(chart: Chart, labels: Labels) -> str:
    """The chart as a standalone SVG document (text)."""
    pygal = _pygal()
    from pygal.style import Style

    count = len(chart.months)
    shown = sum(1 for series in chart.series if series.name is not None)
    columns = max(1, min(LEGEND_COLUMNS, shown))
    legend_rows = -(-shown // columns)
    # pygal reserves len(series) // columns rows for the legend, one short when the last row is not full
    missing_rows = max(0, legend_rows - len(chart.series) // columns)
    style = Style(font_family=FONT, background="transparent", plot_background="#ffffff",
                  colors=_colors(chart.series), label_font_size=11, major_label_font_size=11,
                  legend_font_size=12, title_font_size=15, value_font_size=11, tooltip_font_size=12,
                  guide_stroke_color="#cfd8dc", major_guide_stroke_color="#b0bec5", guide_stroke_dasharray="3,3",
                  major_guide_stroke_dasharray="3,3", stroke_width="2", stroke_opacity="1")
    drawing = pygal.Line(
        js=[], disable_xml_declaration=True, explicit_size=True, width=WIDTH, height=HEIGHT + LEGEND_ROW * legend_rows,
        style=style, title=chart.title, legend_at_bottom=True, legend_at_bottom_columns=columns,
        truncate_legend=LEGEND_CHARACTERS, truncate_label=-1, allow_interruptions=True,
        include_x_axis=chart.include_zero, show_dots=False, x_label_rotation=35 if count > 12 else 0,
        show_minor_x_labels=count <= 24, x_labels_major_every=_major_every(count),
        value_formatter=_formatter(labels, chart.percent), no_data_text=labels("chart_no_data"),
        margin=12, margin_bottom=12 + LEGEND_ROW * missing_rows, spacing=10, print_values=False,
    )
    drawing.uuid = chart_id(chart.path)  # pygal's random id, now derived from the path
    drawing.x_labels = [short_month(labels, month) for month in chart.months]
    for series in chart.series:
        options: dict[str, Any] = {"show_dots": False, "stroke_style": DASHED} if series.limit else {}
        drawing.add(series.name, list(series.values), **options)
    drawing.add_xml_filter(_inert)
    svg: str = drawing.render(is_unicode=True)
    return svg + "\n"


@cache
def _pygal() -> Any:
    """pygal, imported once, without the legacy import hook it appends to ``sys.meta_path`` (for its map
    plugins, unused here): that finder has no ``find_spec``, so every later failed import — an optional
    dependency probed by another library — raised an ImportWarning (an error under ``-W error``)."""
    import pygal

    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]
    return pygal


def _colors(series: Sequence[Series]) -> tuple[str, ...]:
    """Colours in the order of the series: limits in red, the others from the palette."""
    palette = iter(COLORS * (1 + len(series) // len(COLORS)))
    return tuple(LIMIT_COLOR if item.limit else next(palette) for item in series)


def _major_every(count: int) -> int | None:
    if count <= 24:
        return None
    return 12 if count <= 144 else 24


def _formatter(labels: Labels, percent: bool) -> Callable[[float | None], str]:
    fast = numbers(labels.language)

    def format_value(value: float | None) -> str:
        if value is None:
            return labels("no_value")
        return fast.percent(value) if percent else fast.number(value, 0 if float(value).is_integer() else 1)

    return format_value


def _inert(root: Any) -> Any:
    """Remove pygal's ``<script>`` (its configuration) and comments (its web address, the day of rendering)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


# --------------------------------------------------------------------------- numbers


class Numbers:
    """The numbers of `Labels`, about ten times faster, for pages that print thousands of them.

    `Labels` asks Babel for every number, which parses the locale and the pattern each time. Here
    the locale's symbols are read once and each number is rounded as Babel rounds it (half to even,
    on the decimal text of the value), then grouped by three: the output is the same character for
    character (tests/site/test_charts.py compares both on many values).
    """

    def __init__(self, labels: Labels) -> None:
        from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

        self.labels = labels
        self._decimal = get_decimal_symbol(labels.locale)
        self._group = get_group_symbol(labels.locale)
        self._minus = get_minus_sign_symbol(labels.locale)
        self._percent_suffix = labels.percent(0.5).removeprefix(labels.number(50.0))
        # a site formats the same quantities again and again (235,000 calls, most repeated, at 120 plans)
        self._done: dict[tuple[float, int, int, str], str] = {}

    def number(self, value: float, decimals: int = 1) -> str:
        return self._format(value, decimals, 0, "")

    def percent(self, value: float) -> str:
        return self._format(value, 1, 2, self._percent_suffix)

    def _format(self, value: float, decimals: int, scale: int, suffix: str) -> str:
        if not value:  # 0.0 and -0.0 are one key, printed "0" and "-0"
            return self._format_once(value, decimals, scale, suffix)
        key = (value, decimals, scale, suffix)  # equal values print the same, int or float
        done = self._done.get(key)
        if done is None:
            if len(self._done) >= MEMO_SIZE:
                self._done.clear()
            done = self._done[key] = self._format_once(value, decimals, scale, suffix)
        return done

    def _format_once(self, value: float, decimals: int, scale: int, suffix: str) -> str:
        exact = Decimal(str(value)).scaleb(scale)
        if not exact.is_finite():
            return self.labels.percent(value) if suffix else self.labels.number(value, decimals)
        negative = exact.is_signed()
        rounded = abs(exact).normalize().quantize(Decimal(1).scaleb(-decimals))
        integer, _, fraction = f"{rounded:f}".partition(".")
        groups: list[str] = []
        while len(integer) > 3:
            groups.insert(0, integer[-3:])
            integer = integer[:-3]
        groups.insert(0, integer)
        text = self._group.join(groups) + (self._decimal + fraction if decimals else "")
        return (self._minus if negative else "") + text + suffix


MEMO_SIZE = 100_000  # formatted numbers kept by a `Numbers`; forgotten all at once beyond


@cache
def numbers(language: str) -> Numbers:
    """The fast number formatting of a language (``fr`` or ``en``)."""
    return Numbers(Labels(language))


# --------------------------------------------------------------------------- months in words


def _first_day(month: str) -> dt.date:
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


@cache
def _month_format(locale: str, month: str, pattern: str) -> str:
    from babel.dates import format_date

    return str(format_date(_first_day(month), format=pattern, locale=locale))


def month_text(labels: Labels, month: str) -> str:
    """``2026-11`` → "novembre 2026" (fr), "November 2026" (en)."""
    return _month_format(labels.locale, month, "LLLL y")


def short_month(labels: Labels, month: str) -> str:
    """``2026-11`` → "nov. 2026" (fr), "Nov 2026" (en): the x labels of charts."""
    return _month_format(labels.locale, month, "LLL y")
