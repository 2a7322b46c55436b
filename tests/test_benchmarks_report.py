"""benchmarks/report.py: the growth computation, the tables and RESULTS.md, with exact values."""

from __future__ import annotations

import math
import stat
from pathlib import Path

import pytest

from benchmarks import report
from benchmarks.report import Figure, Measurement

PARSE = Figure("parse", "parse (reference)", "validate", "bytes", sopdoc=False, note="reference")
VALIDATE = Figure("validate", "`validate`", "validate", "bytes", reference="parse", max_ratio=3.0)
KPI = Figure("kpi", "`kpi`", "kpi", "bytes", max_seconds=2.0)
STARTUP = Figure("startup", "start-up", "startup", "bytes", note="for scale")


def m(*seconds: float, rss: float = 50.0) -> Measurement:
    """A measurement whose CPU times are half its wall times."""
    return Measurement(tuple(seconds), tuple(s / 2 for s in seconds), tuple(rss for _ in seconds))


def test_growth_of_a_linear_and_of_a_quadratic_figure() -> None:
    assert report.growth(1.0, 4.0, 100, 400) == report.Growth(4.0, 4.0, 1.0, 1.0)
    quadratic = report.growth(1.0, 16.0, 100, 400)
    assert (quadratic.input_ratio, quadratic.time_ratio, quadratic.normalised) == (4.0, 16.0, 4.0)
    assert quadratic.exponent == pytest.approx(2.0)
    assert report.growth(2.0, 3.0, 500, 2000).exponent == pytest.approx(math.log(1.5) / math.log(4))


def test_net_exponent_removes_the_start_up() -> None:
    # 0.5 s of start-up hides a quadratic part: 1.5 → 8.5 s is 5.67× for 4× the input (exponent 1.25),
    # 1 → 8 s net is 8× (exponent 1.5)
    assert report.growth(1.5, 8.5, 1, 4).exponent == pytest.approx(math.log(8.5 / 1.5) / math.log(4))
    assert report.net_exponent(1.5, 8.5, 0.5, 0.5, 4.0) == pytest.approx(1.5)
    assert report.net_exponent(0.4, 8.5, 0.5, 0.5, 4.0) is None  # below start-up
    assert report.net_exponent(0.55, 8.5, 0.5, 0.5, 4.0) is None  # within MIN_NET of it: mostly noise


def test_nonlinear_names_the_exponents_over_the_threshold() -> None:
    assert report.nonlinear({"time": 1.15, "RSS": 0.4, "net": None}) == "linear"
    assert report.nonlinear({"time": 1.16, "RSS": 0.4, "net": 1.3}) == "NOT LINEAR: time, net"


def test_markdown_table_escapes_pipes() -> None:
    assert report.markdown_table(["a", "b"], [["1", "x | y"]]) == ["| a | b |", "|---|---|", "| 1 | x \\| y |"]


def test_figures_table_ratios_targets_and_failures() -> None:
    results = {"L": {"parse": m(1.0, 2.0, 4.0), "validate": m(5.0, 6.0, 7.0, rss=180.4), "kpi": "failed (exit 2)"}}
    assert report.figures_table([PARSE, VALIDATE, KPI], ["L"], results)[2:] == [
        "| L | parse (reference) | 2.00 | 1.00–4.00 | 1.00 |  | reference |  | 50 |",
        "| L | `validate` | 6.00 | 5.00–7.00 | 3.00 | 3.00× parse | ≤ 3× parse | met | 180 |",
        "| L | `kpi` | failed (exit 2) |  |  |  |  | failed |  |",
    ]
    slow = {"M": {"parse": m(1.0), "validate": m(3.5), "kpi": m(2.0)}}
    assert [line.split(" | ")[7] for line in report.figures_table([VALIDATE, KPI], ["M"], slow)[2:]] == [
        "MISSED", "MISSED"]


def test_growth_table_one_row_per_pair_of_sizes_start_up_left_out() -> None:
    # CPU = wall / 2 (see m()): net of start-up, S→M 1.25 / 0.25 = 5× for 10×, M→L 10 / 1.25 = 8× for 4×
    results = {
        "S": {"startup": m(0.5), "validate": m(1.0, rss=40.0)},
        "M": {"startup": m(0.5), "validate": m(3.0, rss=80.0)},
        "L": {"startup": m(0.5), "validate": m(20.5, rss=160.0)},
    }
    inputs = {"S": {"bytes": 1e5}, "M": {"bytes": 1e6}, "L": {"bytes": 4e6}}
    lines = report.growth_table([STARTUP, VALIDATE], ["S", "M", "L"], results, inputs)
    assert lines[2:] == [
        "| `validate` | bytes | S→M | 10.00 | 3.00 | 0.30 | 0.48 | 0.48 | 0.70 | 2.00 (0.30) | linear |",
        "| `validate` | bytes | M→L | 4.00 | 6.83 | 1.71 | 1.39 | 1.39 | 1.50 | 2.00 (0.50) "
        "| NOT LINEAR: time, CPU, CPU net of start-up |",
    ]


def test_growth_table_skips_a_failed_size() -> None:
    results = {"M": {"validate": m(1.0)}, "L": {"validate": "failed (exit 1)"}}
    inputs = {"M": {"bytes": 1.0}, "L": {"bytes": 4.0}}
    assert report.growth_table([VALIDATE], ["M", "L"], results, inputs)[2:] == []


def test_notes_are_kept_verbatim_from_their_heading_on() -> None:
    earlier = "# Benchmark results\n\n| old | table |\n\n## Notes\n\n- measured on a quiet machine\n\n### More\n"
    assert report.notes_of(earlier) == "## Notes\n\n- measured on a quiet machine\n\n### More\n"
    assert report.notes_of("# no notes\n").startswith("## Notes\n\nHand-written notes go here")
    assert report.notes_of(None) == report.notes_of("")


def test_document_ends_with_the_notes() -> None:
    text = report.document(when="2026-11-25 17:00 +0100", command="python benchmarks/run.py --size S",
                           machine={"CPU": "AMD EPYC", "cores": "2"}, conditions="Conditions: quiet.",
                           method="Method: whole processes.", datasets=["- S: 50 procedures."],
                           figures=["| a |"], growth=["| b |"], notes="## Notes\n\nkept\n")
    assert text.startswith("# Benchmark results\n\nWritten by `benchmarks/run.py` on 2026-11-25 17:00 +0100.")
    assert "Command: `python benchmarks/run.py --size S`\n\nMachine:\n\n- CPU: AMD EPYC\n- cores: 2\n\n" in text
    assert "## Figures\n\n| a |\n\n## Growth\n\n" in text
    assert text.endswith("| b |\n\n## Notes\n\nkept\n")
    assert report.notes_of(text) == "## Notes\n\nkept\n"


def test_write_atomically_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "RESULTS.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    report.write_atomically(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["RESULTS.md"]
