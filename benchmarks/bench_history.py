"""Time `sopdoc history --all` and `sopdoc check --base` on generated content repositories with a git history.

Usage:
    python benchmarks/bench_history.py [--size S|M|L ...] [--runs 5] [--cache off|warm] [--today YYYY-MM-DD]

For each size (default S): takes the git data set from benchmarks/.data/<size>-git when it is complete
(preset parameters, seed 1, the preset's number of commits, its recorded head checked out, a clean
working tree), else generates it there with `generate.py --git auto`. Then runs, as whole processes,
alternately, --runs times after one warm-up each:
  A  sopdoc history --all --format json, in the data repository
  B  git log --name-status -M --format=%H%x00%an%x00%aI%x00%s -- procedures, in the same repository:
     the reference, one pass over the log
  C  sopdoc check --base HEAD~1 --format json, in a shared clone of the data repository whose last
     commit (made here) revises two active procedures correctly: body edited, revision + 1,
     effective date and a new `changes` entry
and prints a Markdown table of the medians: A/B against the target (≤ 5×), C against its target
(< 2 s), and the peak RSS of A and C (os.wait4). `sopdoc --version` runs alongside, for scale: the
interpreter and imports alone, which no sopdoc command can go below. Every child runs without the user's or the system's
git configuration, and with the sopdoc load cache off (--cache off, the default: a fresh CI
checkout) or in a private cache directory filled by the warm-up (--cache warm).

A sopdoc command that fails (not written yet, or an error) is reported with its exit status and the
end of its stderr, and its cells read "failed": the other figures are still measured. The outputs
are checked: history must list every procedure with all its revisions (the generator records how
many), check must report 0 errors.

For M and L it also times, once, the naive approach: one `git log -1 --format=%H -- FILE` process
per procedure file, run on the first 200 files (in path order) and extrapolated to all of them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import generate
import yaml
from common import GIT_ENV, HERE, SOPDOC, TODAY, Run, git_dataset, machine, run

MAX_RATIO = 5.0  # A / B
MAX_CHECK_SECONDS = 2.0  # C
NAIVE_CAP = 200
LOG_FORMAT = "--format=%H%x00%an%x00%aI%x00%s"
REVISED_ON = date(2026, 11, 24)  # date of the two-procedure revision (after all generated content)


# --------------------------------------------------------------------------- data sets


def _git(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run git (no user or system configuration); its stdout, or SystemExit with its stderr."""
    result = subprocess.run(["git", *args], cwd=cwd, env=generate.git_env() | (env or {}), capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed in {cwd}: {result.stderr.strip()}")
    return result.stdout


def revise(text: str, day: date) -> str:
    """A procedure file as its next revision: body edited, revision + 1, effective (and last_review) on
    `day`, a new `changes` entry first; the front matter is rewritten with the generator's own writer."""
    _, front, body = text.split("---\n", 2)
    fm = yaml.safe_load(front)
    if f"---\n{generate.dump(fm)}---\n{body}" != text:
        raise SystemExit("the generator's front matter does not round-trip: cannot revise it faithfully")
    fm["revision"] += 1
    fm["effective"] = day
    if "last_review" in fm:
        fm["last_review"] = day
    fm["changes"].insert(0, {"revision": fm["revision"], "date": day,
                             "summary": "Précision de l'objet (banc d'essai)"})
    edited = body.replace("## Objet\n\n", "## Objet\n\nCette révision précise le périmètre de la procédure. ", 1)
    if edited == body:
        raise SystemExit("no '## Objet' section to edit in a generated procedure")
    return f"---\n{generate.dump(fm)}---\n{edited}"


def two_procedure_change(data: Path, into: Path) -> tuple[Path, list[str]]:
    """A shared clone of the data repository whose last commit revises two active procedures."""
    _git(["clone", "--quiet", "--shared", str(data), str(into)], cwd=data.parent)
    paths = sorted(_git(["ls-files", "procedures"], cwd=into).split())
    active = [p for p in paths if "\nstatus: active\n" in (into / p).read_text().split("\n---\n", 1)[0]]
    chosen = [active[0], active[len(active) // 2]]
    for path in chosen:
        (into / path).write_text(revise((into / path).read_text(), REVISED_ON))
    when = f"{REVISED_ON.isoformat()}T10:00:00+01:00"
    identity = {"GIT_AUTHOR_NAME": "Banc d'essai", "GIT_AUTHOR_EMAIL": "bench@example.fr", "GIT_AUTHOR_DATE": when,
                "GIT_COMMITTER_NAME": "Banc d'essai", "GIT_COMMITTER_EMAIL": "bench@example.fr",
                "GIT_COMMITTER_DATE": when}
    _git(["commit", "--quiet", "-m", "Révision de deux procédures (banc d'essai)", "--", *chosen], cwd=into,
         env=identity)
    changed = _git(["diff", "--name-only", "HEAD~1", "HEAD"], cwd=into).split()
    if sorted(changed) != sorted(chosen):
        raise SystemExit(f"the two-procedure commit changed {changed}, not {chosen}")
    return into, chosen


# --------------------------------------------------------------------------- checking outputs


def _json(result: Run) -> Any:
    try:
        return json.loads(result.stdout)
    except ValueError:
        return None


def _failure(name: str, result: Run) -> str:
    tail = (result.stderr.strip() or result.stdout.strip())[-1500:]
    return f"{name} FAILED (exit {result.returncode}), not timed:\n    " + tail.replace("\n", "\n    ")


def verify_history(size: str, result: Run, meta: dict[str, Any]) -> bool:
    """`sopdoc history --all --format json`: every procedure, each with revisions n … 1."""
    report = _json(result)
    if result.returncode != 0 or not isinstance(report, dict) or "procedures" not in report:
        print(f"{size}: " + _failure("A `sopdoc history --all --format json`", result))
        return False
    procedures = report["procedures"]
    revisions = sum(len(p.get("revisions", [])) for p in procedures)
    gaps = [p.get("procedure") for p in procedures
            if [r.get("revision") for r in p.get("revisions", [])] != list(range(p.get("revision", 0), 0, -1))]
    verdict = "as generated" if (len(procedures), revisions, gaps) == (meta["procedures"], meta.get("revisions"),
                                                                       []) else "NOT as generated"
    print(f"{size}: history lists {len(procedures)} procedures and {revisions} revisions ({verdict}: "
          f"{meta['procedures']} and {meta.get('revisions')}); {len(gaps)} with missing revisions"
          + (f", e.g. {', '.join(map(str, gaps[:5]))}" if gaps else "") + ".")
    return True


def verify_check(size: str, result: Run, chosen: list[str]) -> bool:
    """`sopdoc check --base HEAD~1 --format json` on a correct change: a JSON report, 0 errors."""
    report = _json(result)
    summary = report.get("summary") if isinstance(report, dict) else None
    if result.returncode not in (0, 1) or not isinstance(summary, dict):
        print(f"{size}: " + _failure("C `sopdoc check --base HEAD~1 --format json`", result))
        return False
    diagnostics = [d for d in report.get("diagnostics", []) if isinstance(d, dict)]
    errors = [d for d in diagnostics if d.get("severity") == "error"]
    print(f"{size}: check of the change to {' and '.join(chosen)} reports {summary.get('errors')} errors, "
          f"{summary.get('warnings')} warnings (exit {result.returncode})"
          + ("." if not errors else "; first errors:"))
    for d in errors[:10]:
        print(f"  {d.get('path')}:{d.get('line')}:{d.get('column')}: {d.get('message')} [{d.get('rule')}]")
    return True


# --------------------------------------------------------------------------- timing


@dataclass
class Case:
    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]


def measure(cases: list[Case], runs: int) -> dict[str, list[Run]]:
    """Alternating runs of every case, --runs times (the warm-ups were done by the caller)."""
    times: dict[str, list[Run]] = {case.name: [] for case in cases}
    for _ in range(runs):
        for case in cases:
            times[case.name].append(run(case.command, cwd=case.cwd, env=case.env))
    return times


def naive(size: str, data: Path) -> None:
    """One `git log -1` process per procedure file, on the first NAIVE_CAP files, extrapolated."""
    paths = sorted(_git(["ls-files", "procedures"], cwd=data).split())
    sample = paths[:NAIVE_CAP]
    start = time.perf_counter()
    for path in sample:
        _git(["log", "-1", "--format=%H", "--", path], cwd=data)
    elapsed = time.perf_counter() - start
    print(f"{size}: naive approach, one `git log -1 --format=%H -- FILE` per procedure file: {len(sample)} of "
          f"{len(paths)} files in {elapsed:.2f} s ({elapsed / len(sample) * 1000:.1f} ms each); extrapolated "
          f"(not measured) to all {len(paths)} files: about {elapsed * len(paths) / len(sample):.1f} s.")


def bench_size(size: str, runs: int, cache: str, today: str, tmp: Path) -> list[str]:
    """Everything for one size; returns its table row."""
    data, generated = git_dataset(size)
    meta = json.loads((data / generate.MARKER).read_text())
    print(f"{size}: {meta['commits']:,} commits, {meta['files']:,} files, {meta['renames']} renames, "
          f"{meta['revisions']:,} procedure revisions"
          + (f"; generated in {generated:.1f} s" if generated is not None else "; reused"))
    env = GIT_ENV | ({"SOPDOC_CACHE": "off"} if cache == "off" else {"SOPDOC_CACHE_DIR": str(tmp / f"cache-{size}")})
    clone, chosen = two_procedure_change(data, tmp / f"check-{size}")
    a = Case("A", [str(SOPDOC), "history", "--all", "--format", "json"], data, env)
    b = Case("B", ["git", "log", "--name-status", "-M", LOG_FORMAT, "--", "procedures"], data, env)
    c = Case("C", [str(SOPDOC), "check", "--base", "HEAD~1", "--format", "json", "--today", today], clone, env)
    startup = Case("startup", [str(SOPDOC), "--version"], data, env)
    h = Case("H", [sys.executable, str(HERE / "history_build.py"), str(data)], data, env)
    working: list[Case] = []
    exits: dict[str, int] = {}  # the exit status of each working case's warm-up
    for case in (a, b, c, startup, h):  # warm-up, and the check of each output
        result = run(case.command, cwd=case.cwd, env=case.env)
        if case is a:
            ok = verify_history(size, result, meta)
        elif case is c:
            ok = verify_check(size, result, chosen)
        else:
            ok = result.returncode == 0 and (case is not b or "\x00" in result.stdout)
            if not ok:
                print(f"{size}: " + _failure(f"`{' '.join(case.command)}`", result))
        if ok:
            working.append(case)
            exits[case.name] = result.returncode
    if size in ("M", "L"):
        naive(size, data)
    times = measure(working, runs)
    for name, results in list(times.items()):  # a command that broke during the runs is not timed either
        odd = [r for r in results if r.returncode != exits[name]]
        if odd:
            print(f"{size}: " + _failure(f"{name} (in a timed run; exit {exits[name]} at warm-up)", odd[0]))
            del times[name]
    median = {name: statistics.median(r.seconds for r in results) for name, results in times.items()}
    rss = {name: max(r.rss_mb for r in results) for name, results in times.items()}
    if "startup" in median:
        print(f"{size}: for scale, `sopdoc --version` (interpreter and imports only) takes {median['startup']:.2f} s.")

    def seconds(name: str) -> str:
        return f"{median[name]:.2f}" if name in median else "failed"

    build = [float(r.stdout.split()[0]) for r in times.get("H", []) if r.returncode == 0]
    if build and "B" in median:
        inner = statistics.median(build)
        ratio = inner / median["B"]
        build_cell = f"{inner:.2f} ({ratio:.1f}× {'met' if ratio <= MAX_RATIO else 'MISSED'})"
    else:
        build_cell = "failed"
    ratio_cell = f"{median['A'] / median['B']:.1f}×" if "A" in median and "B" in median else "failed"
    check_cell = "failed" if "C" not in median else (
        f"{median['C']:.2f} {'met' if median['C'] < MAX_CHECK_SECONDS else 'MISSED'}")
    memory = " / ".join(f"{rss[name]:.0f}" if name in rss else "failed" for name in ("A", "C"))
    return [size, f"{meta['commits']:,}", f"{meta['files']:,}", seconds("B"), build_cell, seconds("A"), ratio_cell,
            check_cell, memory]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", action="append", choices=generate.SIZES, help="repeatable; default S")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache", choices=("off", "warm"), default="off",
                    help="sopdoc's load cache: off (default), or a private one filled by the warm-up")
    ap.add_argument("--today", default=TODAY, help="reference date passed to sopdoc check")
    a = ap.parse_args(argv)
    if not SOPDOC.exists():
        raise SystemExit(f"{SOPDOC} not found: install sopdoc in this Python environment first")
    rows = []
    with tempfile.TemporaryDirectory(prefix="sopdoc-bench-history-") as tmp:
        for size in a.size or ["S"]:
            rows.append(bench_size(size, a.runs, a.cache, a.today, Path(tmp)))
    head = ["size", "commits", "files", "B git log s", f"H history build s (H/B ≤ {MAX_RATIO:g}×)",
            "A whole `history --all` s", "A/B", f"C check s (< {MAX_CHECK_SECONDS:g} s)", "peak RSS MB A / C"]
    print(f"\nMedians of {a.runs} alternating runs after one warm-up each (whole processes; sopdoc load cache "
          f"{'off' if a.cache == 'off' else 'warm'}).\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\n{machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
