"""`sopdoc kpi` output: JSON and CSV records (SPEC 3), and a terminal table per language.

Pure: every function returns text. The table groups figures by section, aligns columns, shows units
and targets, marks each judged value ✓ or ✗, and lists below each section why figures are missing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence

from sopdoc.config import Organisation
from sopdoc.indicators import IndicatorReport
from sopdoc.indicators.figures import RECORD_KEYS, Figure
from sopdoc.labels import Labels

MONTHS_PER_BLOCK = 6


def render_json(report: IndicatorReport) -> str:
    return json.dumps(report.record(), ensure_ascii=False, indent=2)


def render_csv(report: IndicatorReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RECORD_KEYS)
    for figure in report.figures:
        record = figure.record()
        writer.writerow(_csv_cell(record[key]) for key in RECORD_KEYS)
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "/".join("" if item is None else str(item) for item in value)
    return str(value)


# --------------------------------------------------------------------------- table


def render_table(report: IndicatorReport, organisation: Organisation) -> str:
    labels = Labels(organisation.language)
    figures = report.figures
    families = list(organisation.families)
    scopes: list[str | None] = [*families, None]
    sections = [f"{labels('title', month=report.month)} — {organisation.name}"]
    for lag in organisation.kpi_lags:
        sections.append(_matrix(labels, labels("forecast_section", lag=lag), scopes,
                                _select(figures, lag=lag), ("wape", "forecast-accuracy", "bias")))
    headline = organisation.kpi_lags[0]
    sections.append(_matrix(labels, labels("signal_section", lag=headline), scopes, _select(figures, lag=headline),
                            ("tracking-signal", "fva")))
    sections.append(_matrix(labels, labels("delivery_section"), scopes, figures,
                            ("otif", "lead-time", "production-attainment", "plan-churn")))
    sections.append(_series(labels, labels("load_section"), figures, "capacity-load", "work_center"))
    sections.append(_series(labels, labels("stock_section"), figures,
                            ("projected-inventory", "inventory-coverage", "projected-backlog", "backlog-weeks"),
                            "family"))
    sections.append(_process(labels, figures))
    return "\n\n".join(section for section in sections if section) + "\n"


def _select(figures: Iterable[Figure], **keys: object) -> list[Figure]:
    return [figure for figure in figures if all(getattr(figure, key) == value for key, value in keys.items())]


def _value(labels: Labels, figure: Figure) -> str:
    if figure.value is None:
        return labels("no_value")
    if figure.unit == "ratio" and figure.id != "tracking-signal":
        text = labels.percent(figure.value)
    elif figure.unit == "days":
        text = f"{labels.number(figure.value)} {labels('days')}"
    elif figure.unit not in ("ratio", "weeks") and float(figure.value).is_integer():
        text = labels.number(figure.value, 0)
    else:
        text = labels.number(figure.value)
    if figure.met is not None:
        text += " ✓" if figure.met else " ✗"
    return text


def _target(labels: Labels, figure: Figure) -> str:
    target = figure.target
    if target is None:
        return ""
    def show(value: float) -> str:
        return labels.percent(value) if figure.unit == "ratio" and figure.id != "tracking-signal" \
            else labels.number(value, 0 if float(value).is_integer() else 1)
    if isinstance(target, tuple):
        low, high = target
        if low is not None and high is not None:
            return f"{show(low)}–{show(high)}"
        return f"≥ {show(low)}" if low is not None else f"≤ {show(high)}" if high is not None else ""
    if figure.id in ("bias", "tracking-signal"):
        return f"± {show(target)}"
    if figure.id in ("capacity-load",):
        return f"≤ {show(target)}"
    return f"≥ {show(target)}"


def _grid(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned first column, right-aligned others, two spaces apart."""
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def _reasons(labels: Labels, figures: Iterable[Figure], name: Callable[[Figure], str]) -> list[str]:
    seen: dict[str, list[str]] = {}
    for figure in figures:
        if figure.value is None and figure.reason:
            seen.setdefault(figure.reason, []).append(name(figure))
    if not seen:
        return []
    lines = [f"{labels('reasons')}:"]
    for reason, names in seen.items():
        shown = ", ".join(dict.fromkeys(names))
        lines.append(f"  {shown}: {reason}")
    return lines


def _window(figure: Figure | None) -> str:
    if figure is None or figure.window is None:
        return ""
    first, last = figure.window
    return first if first == last else f"{first}→{last}"


def _matrix(labels: Labels, title: str, scopes: Sequence[str | None], figures: Sequence[Figure],
            identifiers: Sequence[str]) -> str:
    by_key = {(figure.id, figure.family): figure for figure in figures if figure.id in identifiers}
    if not by_key:
        return ""
    header = [labels("family"), *(labels(identifier) for identifier in identifiers)]
    targets = [labels("target"), *(_target(labels, by_key[(i, None)]) if (i, None) in by_key else ""
                                   for i in identifiers)]
    rows = [header]
    for scope in scopes:
        rows.append([scope or labels("total"),
                     *(_value(labels, by_key[(i, scope)]) if (i, scope) in by_key else "" for i in identifiers)])
    rows.append(targets)
    rows.append([labels("window_row"), *(_window(by_key.get((i, None))) for i in identifiers)])
    heading = title
    used = [by_key[key] for key in by_key]
    return "\n".join([heading, *_grid(rows),
                      *_reasons(labels, used, lambda f: f"{labels(f.id)} {f.family or labels('total')}")])


def _series(labels: Labels, title: str, figures: Sequence[Figure], identifiers: str | tuple[str, ...],
            key: str) -> str:
    wanted = (identifiers,) if isinstance(identifiers, str) else identifiers
    chosen = [figure for figure in figures if figure.id in wanted]
    if not chosen:
        return ""
    months = sorted({figure.month for figure in chosen if figure.month})
    row_keys = list(dict.fromkeys((figure.id, getattr(figure, key)) for figure in chosen))
    cells = {(figure.id, getattr(figure, key), figure.month): figure for figure in chosen}
    blocks = [title]
    for start in range(0, len(months), MONTHS_PER_BLOCK):
        block = months[start:start + MONTHS_PER_BLOCK]
        rows = [[labels("work_center") if key == "work_center" else labels("family"), *block, labels("target")]]
        for identifier, name in row_keys:
            first = cells[(identifier, name, block[0])]
            suffix = "" if first.unit == "ratio" else f" ({labels('weeks') if first.unit == 'weeks' else first.unit})"
            rows.append([f"{name}{suffix}",
                         *(_value(labels, cells[(identifier, name, month)]) for month in block),
                         _target(labels, first)])
        blocks.append("\n".join(_grid(rows)))
    reasons = _reasons(labels, chosen, lambda f: f"{getattr(f, key)} {f.month}")
    return "\n\n".join(blocks) + ("\n" + "\n".join(reasons) if reasons else "")


def _process(labels: Labels, figures: Sequence[Figure]) -> str:
    identifiers = ("reviews-on-time", "training-coverage", "actions-overdue", "actions-on-time", "cycle-on-time",
                   "data-freshness")
    chosen = [figure for figure in figures if figure.id in identifiers]
    rows = [[labels("indicator"), labels("value")]]
    rows += [[labels(figure.id), _value(labels, figure)] for figure in chosen]
    return "\n".join([labels("process_section"), *_grid(rows),
                      *_reasons(labels, chosen, lambda f: labels(f.id))])
