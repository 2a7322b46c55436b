"""Time `sopdoc validate` and `sopdoc kpi` on generated content repositories.

Usage:
    python benchmarks/bench_validate.py [--size S|M|L ...] [--runs 5] [--keep] [--today YYYY-MM-DD]

For each size (default S): takes the data set from benchmarks/.data/<size> when it is complete
(same parameters, seed 1), else generates it with generate.py into a temporary directory (into
benchmarks/.data/<size> with --keep). Then runs, as whole processes, alternately, --runs times
after one warm-up each:
  parse      python benchmarks/parse_only.py DIR: the libyaml parse of the same files, nothing else
  validate   sopdoc validate --format json, without the load cache, then with a warm one
  kpi        sopdoc kpi --format json, without the load cache, then with a warm one
and prints a Markdown table of the medians, the ratio to the parse, the targets (validate ≤ 3×
parse; kpi < 2 s) and each child's peak RSS (os.wait4). The generated data are valid, so validate
must report 0 errors: the script says so, or prints the first 10 error diagnostics.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate
from common import HERE, SOPDOC, TODAY, Run, dataset, machine, run

TARGET = 3.0


def check_report(size: str, result: Run) -> dict[str, Any]:
    """Parse validate's JSON; print the verdict (0 errors expected) and return the summary."""
    try:
        report = json.loads(result.stdout)
        summary = report["summary"]
    except (ValueError, KeyError, TypeError):
        print(f"{size}: validate exited {result.returncode} without a JSON report; stderr:\n" + result.stderr[-2000:])
        return {}
    diags = report.get("diagnostics", [])
    warnings = Counter(d.get("rule") for d in diags if d.get("severity") == "warning")
    detail = ", ".join(f"{rule} {n}" for rule, n in warnings.most_common())
    if summary.get("errors") == 0:
        print(
            f"{size}: validate reports 0 errors, {summary.get('warnings')} warnings"
            f"{f' ({detail})' if detail else ''}, {summary.get('files')} files (exit {result.returncode})."
        )
    else:
        print(f"{size}: validate reports {summary.get('errors')} ERRORS (exit {result.returncode}); first 10:")
        for d in [d for d in diags if d.get("severity") == "error"][:10]:
            print(f"  {d.get('path')}:{d.get('line')}:{d.get('column')}: {d.get('message')} [{d.get('rule')}]")
    return dict(summary)


@dataclass
class Case:
    """One timed command: its median against a reference median (ratio) or an absolute bound."""

    name: str
    command: list[str]
    env: dict[str, str]
    reference: str | None = None  # the case whose median is the denominator
    max_ratio: float | None = None
    max_seconds: float | None = None


def cases(data: Path, cache_dir: Path, today: str | None) -> list[Case]:
    day = ["--today", today] if today else []
    cold = {"SOPDOC_CACHE": "off"}
    warm = {"SOPDOC_CACHE_DIR": str(cache_dir)}
    return [
        Case("parse (CSafeLoader, reference)", [sys.executable, str(HERE / "parse_only.py"), str(data)], {}),
        Case("validate, no cache", [str(SOPDOC), "validate", "--format", "json", *day], cold,
             "parse (CSafeLoader, reference)", TARGET),
        Case("validate, warm cache", [str(SOPDOC), "validate", "--format", "json", *day], warm,
             "parse (CSafeLoader, reference)", TARGET),
        Case("kpi, no cache", [str(SOPDOC), "kpi", "--format", "json", *day], cold, max_seconds=2.0),
        Case("kpi, warm cache", [str(SOPDOC), "kpi", "--format", "json", *day], warm, max_seconds=2.0),
    ]


def measure(size: str, data: Path, runs: int, today: str | None, tmp: Path) -> list[list[str]]:
    """Every case of one data set, alternating runs after one warm-up each; one table row per case."""
    todo = cases(data, tmp / f"cache-{size}", today)
    for case in todo:  # warm-up (fills the warm cache)
        run(case.command, cwd=data, env=case.env)
    times: dict[str, list[Run]] = {case.name: [] for case in todo}
    for _ in range(runs):
        for case in todo:
            times[case.name].append(run(case.command, cwd=data, env=case.env))
    medians = {name: statistics.median(r.seconds for r in results) for name, results in times.items()}
    rows = []
    for case in todo:
        median = medians[case.name]
        ratio = median / medians[case.reference] if case.reference else None
        if case.max_ratio is not None and ratio is not None:
            target, met = f"≤ {case.max_ratio:g}× parse", ratio <= case.max_ratio
        elif case.max_seconds is not None:
            target, met = f"< {case.max_seconds:g} s", median < case.max_seconds
        else:
            target, met = "", None
        rows.append([size, case.name, f"{median:.2f}", f"{ratio:.2f}×" if ratio else "",
                     target, "" if met is None else "met" if met else "MISSED",
                     f"{max(r.rss_mb for r in times[case.name]):.0f}"])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", action="append", choices=generate.SIZES, help="repeatable; default S")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="generate into benchmarks/.data/<size> for reuse")
    ap.add_argument("--today", default=TODAY, help=f"reference date passed to sopdoc (default {TODAY})")
    a = ap.parse_args(argv)
    if not SOPDOC.exists():
        raise SystemExit(f"{SOPDOC} not found: install sopdoc in this Python environment first")
    rows = []
    with tempfile.TemporaryDirectory(prefix="sopdoc-bench-") as tmp:
        for size in a.size or ["S"]:
            data, gen_s = dataset(size, Path(tmp), a.keep)
            meta = json.loads((data / generate.MARKER).read_text())
            print(f"{size}: {meta['files']} files, {meta['bytes'] / 1e6:.1f} MB"
                  + (f", generated in {gen_s:.1f} s" if gen_s is not None else ""))
            check_report(size, run([str(SOPDOC), "validate", "--format", "json", "--today", a.today], cwd=data,
                                   env={"SOPDOC_CACHE": "off"}))
            rows += measure(size, data, a.runs, a.today, Path(tmp))
    head = ["size", "command", "median s", "ratio", "target", "verdict", "peak RSS MB"]
    print(f"\nMedians of {a.runs} alternating runs after one warm-up each (whole processes).\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\n{machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
