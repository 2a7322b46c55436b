"""The figures of benchmarks/run.py, their growth from one size to the next, and the Markdown of RESULTS.md.

Pure but for `write_atomically`: run.py measures, this module only computes and formats, so that the
growth computation and the tables can be tested with exact values (tests/test_benchmarks_report.py).
It imports nothing from the other benchmark scripts (it can be imported as `benchmarks.report`).

Growth from a size to the next, per figure: input × = the ratio of the figure's input measure (bytes of
input, commits, procedure revisions or pages: each figure names its own), median × = the ratio of the
medians, and the growth exponent log(median ×) / log(input ×): 1 is linear, 2 quadratic. An exponent
above THRESHOLD (1.15) is flagged "not linear". The median CPU time (steadier than the wall time on a
shared machine) and the peak RSS get their exponents too. For sopdoc's commands the CPU exponent is also
computed net of start-up (each median CPU time minus the `sopdoc --version` one of its size): start-up is
constant and hides a super-linear part at small sizes (CPU rather than wall: on a loaded machine the wall
times of short runs swing by more than the start-up itself). The verdict names every exponent above the
threshold.
"""

from __future__ import annotations

import itertools
import math
import os
import statistics
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

THRESHOLD = 1.15  # growth exponent above which a figure is "not linear"
NOTES = "## Notes"  # RESULTS.md: this line and everything after it are kept from one run to the next
STARTUP = "startup"  # the figure whose median is the start-up subtracted for the net exponent
MIN_NET = 0.1  # CPU seconds above start-up below which no net exponent is computed

# The input measures, by key: what a figure's growth is divided by.
MEASURES: dict[str, str] = {
    "bytes": "input bytes (sopdoc.yaml, training.yaml, plans, procedures)",
    "commits": "commits",
    "revisions": "procedure revisions in the history",
    "pages": "procedures (the plain build's pages)",
    "site pages": "pages sopdoc generates: procedure revisions (current or earlier, a page each) + plans",
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    group: str  # the name --only selects it by
    measure: str  # a key of MEASURES
    reference: str | None = None  # the figure whose median is the ratio's denominator
    max_ratio: float | None = None
    max_seconds: float | None = None
    sopdoc: bool = True  # a sopdoc process: has a growth exponent net of start-up
    note: str = ""  # "reference", "information": shown in the target column when there is no target


@dataclass(frozen=True)
class Measurement:
    seconds: tuple[float, ...]
    cpu: tuple[float, ...]
    rss_mb: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def rss_peak(self) -> float:
        return max(self.rss_mb)


# size → figure key → the measurement, or why there is none ("failed: exit 2")
Results = Mapping[str, Mapping[str, Measurement | str]]


@dataclass(frozen=True)
class Growth:
    input_ratio: float
    time_ratio: float
    normalised: float  # time_ratio / input_ratio: 1 when linear
    exponent: float


def growth(small_seconds: float, large_seconds: float, small_input: float, large_input: float) -> Growth:
    """How a figure grows from one size to a larger one (see the module's docstring)."""
    input_ratio = large_input / small_input
    time_ratio = large_seconds / small_seconds
    return Growth(input_ratio, time_ratio, time_ratio / input_ratio, math.log(time_ratio) / math.log(input_ratio))


def net_exponent(small: float, large: float, small_startup: float, large_startup: float,
                 input_ratio: float) -> float | None:
    """The growth exponent of two times minus their start-up; None when the smaller one is within MIN_NET
    seconds of its start-up (the difference would be mostly noise)."""
    small_net, large_net = small - small_startup, large - large_startup
    if small_net < MIN_NET or large_net <= 0:
        return None
    return math.log(large_net / small_net) / math.log(input_ratio)


def nonlinear(exponents: Mapping[str, float | None], threshold: float = THRESHOLD) -> str:
    """'linear', or 'NOT LINEAR: ' and the names of the exponents above the threshold."""
    over = [name for name, value in exponents.items() if value is not None and value > threshold]
    return f"NOT LINEAR: {', '.join(over)}" if over else "linear"


def markdown_table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table, one line a row; a '|' in a cell is escaped."""
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [line(head), "|" + "---|" * len(head), *(line(row) for row in rows)]


# --------------------------------------------------------------------------- the tables


def _verdict(figure: Figure, value: Measurement, reference: Measurement | str | None) -> tuple[str, str, str]:
    """The ratio, target and verdict cells of a figure."""
    ratio = ""
    if figure.reference is not None and isinstance(reference, Measurement):
        ratio = f"{value.median / reference.median:.2f}× {figure.reference}"
    if figure.max_ratio is not None:
        if not isinstance(reference, Measurement):
            return ratio, f"≤ {figure.max_ratio:g}× {figure.reference}", "no reference"
        met = value.median / reference.median <= figure.max_ratio
        return ratio, f"≤ {figure.max_ratio:g}× {figure.reference}", "met" if met else "MISSED"
    if figure.max_seconds is not None:
        return ratio, f"< {figure.max_seconds:g} s", "met" if value.median < figure.max_seconds else "MISSED"
    return ratio, figure.note, ""


def figures_table(figures: Sequence[Figure], sizes: Sequence[str], results: Results) -> list[str]:
    head = ["size", "figure", "median s", "min–max s", "median CPU s", "ratio", "target", "verdict",
            "peak RSS MB"]
    rows = []
    for size in sizes:
        for figure in figures:
            value = results.get(size, {}).get(figure.key)
            if value is None:
                continue
            if isinstance(value, str):
                rows.append([size, figure.label, value, "", "", "", "", "failed", ""])
                continue
            reference = results[size].get(figure.reference) if figure.reference else None
            ratio, target, verdict = _verdict(figure, value, reference)
            rows.append([size, figure.label, f"{value.median:.2f}",
                         f"{min(value.seconds):.2f}–{max(value.seconds):.2f}", f"{value.cpu_median:.2f}", ratio,
                         target, verdict, f"{value.rss_peak:.0f}"])
    return markdown_table(head, rows)


def growth_table(figures: Sequence[Figure], sizes: Sequence[str], results: Results,
                 inputs: Mapping[str, Mapping[str, float]], threshold: float = THRESHOLD) -> list[str]:
    """One row per figure and pair of consecutive sizes measured (sizes in increasing order)."""
    head = ["figure", "input measure", "sizes", "input ×", "median ×", "median × ÷ input ×", "exponent",
            "CPU exponent", "CPU net of start-up", "peak RSS × (exponent)", "verdict"]
    rows = []
    for figure in figures:
        if figure.key == STARTUP:
            continue
        for small, large in itertools.pairwise(sizes):
            a, b = results.get(small, {}).get(figure.key), results.get(large, {}).get(figure.key)
            if not isinstance(a, Measurement) or not isinstance(b, Measurement):
                continue
            g = growth(a.median, b.median, inputs[small][figure.measure], inputs[large][figure.measure])
            rss = growth(a.rss_peak, b.rss_peak, inputs[small][figure.measure], inputs[large][figure.measure])
            net = None
            start_a, start_b = results[small].get(STARTUP), results[large].get(STARTUP)
            if figure.sopdoc and isinstance(start_a, Measurement) and isinstance(start_b, Measurement):
                net = net_exponent(a.cpu_median, b.cpu_median, start_a.cpu_median, start_b.cpu_median,
                                   g.input_ratio)
            cpu_exponent = None
            if a.cpu_median > 0 and b.cpu_median > 0:
                cpu_exponent = math.log(b.cpu_median / a.cpu_median) / math.log(g.input_ratio)
            verdict = nonlinear({"time": g.exponent, "CPU": cpu_exponent, "CPU net of start-up": net,
                                 "RSS": rss.exponent}, threshold)
            rows.append([figure.label, figure.measure, f"{small}→{large}", f"{g.input_ratio:.2f}",
                         f"{g.time_ratio:.2f}", f"{g.normalised:.2f}", f"{g.exponent:.2f}",
                         "" if cpu_exponent is None else f"{cpu_exponent:.2f}", "" if net is None else f"{net:.2f}",
                         f"{rss.time_ratio:.2f} ({rss.exponent:.2f})", verdict])
    return markdown_table(head, rows)


# --------------------------------------------------------------------------- RESULTS.md


def notes_of(text: str | None) -> str:
    """The part of an earlier RESULTS.md kept by the next run: from the line `## Notes` on, verbatim; a
    stub when there is none."""
    if text:
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.rstrip() == NOTES:
                return "".join(lines[i:]).rstrip("\n") + "\n"
    return f"{NOTES}\n\nHand-written notes go here: this section is kept when benchmarks/run.py rewrites the file.\n"


def document(*, when: str, command: str, machine: Mapping[str, str], conditions: str, method: str,
             datasets: Sequence[str], figures: Sequence[str], growth: Sequence[str], notes: str) -> str:
    """The whole of RESULTS.md."""
    parts = [
        "# Benchmark results",
        f"Written by `benchmarks/run.py` on {when}. Everything above `{NOTES}` is rewritten by each run; "
        f"the `{NOTES}` section, hand-written, is kept.",
        f"Command: `{command}`",
        "Machine:\n\n" + "\n".join(f"- {label}: {value}" for label, value in machine.items()),
        conditions,
        method,
        "## Data sets\n\n" + "\n".join(datasets),
        "## Figures\n\n" + "\n".join(figures),
        f"## Growth\n\nFrom each size to the next measured, per figure (exponent = log(median ×) / log(input ×); "
        f"above {THRESHOLD:g}: not linear). Input measures: "
        + "; ".join(f"*{key}* = {text}" for key, text in MEASURES.items()) + ".\n\n" + "\n".join(growth),
        notes.rstrip("\n"),
    ]
    return "\n\n".join(parts) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write a file through a temporary file in the same folder and os.replace: never half written."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, mode)  # mkstemp's file is 0600: keep the mode the file had, or the usual one
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
