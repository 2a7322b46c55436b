"""All the benchmark figures at once, their growth from size to size, written into benchmarks/RESULTS.md.

Usage:
    python benchmarks/run.py [--size S|M|L ...] [--runs N] [--only GROUP[,GROUP…] ...] [--today YYYY-MM-DD]
                             [--dry-run | --no-write] [--results FILE]

Sizes (generate.py, seed 1; default all three): S = 50 procedures, 24 plans, 200 commits; M = 500, 60,
1,000; L = 2,000, 120, 3,000. The data sets are benchmarks/.data/<size> (the files) and <size>-git (the
same files as a git repository), reused when complete, else generated there (common.py).

For each size, every figure below runs as a whole process: one warm-up each (which is also the check of
its output: validate and check report 0 errors, history lists every generated revision, the sites have an
index.html; a failing figure is reported and not timed, the others go on), then --runs rounds (default 5
at S and M, 3 at L) in which each figure runs once, in this order (alternating runs, so that a figure and
its reference see the same machine). Groups for --only, each with its reference:
  startup   `sopdoc --version`: interpreter and imports, for scale; always measured (growth net of it)
  validate  parse: parse_only.py, a bare CSafeLoader parse of the same files (reference);
            `sopdoc validate --format json`, no load cache: target ≤ 3× parse
  kpi       `sopdoc kpi --format json`, no load cache: target < 2 s; with a warm cache, for information
  history   `git log --name-status -M` over procedures/, one pass (reference);
            `sopdoc history --all --format json`, no load cache: target ≤ 5× git log
  check     `sopdoc check --base HEAD~1 --format json` in a shared clone whose last commit revises two
            procedures (bench_history.two_procedure_change): target < 2 s, no cache and warm cache
  site      a plain mkdocs-material build of as many bare pages as procedures (plain_site.py, reference);
            `sopdoc build --output DIR`, no load cache: target ≤ 1.5× plain build
Each figure: median wall seconds, min–max, median CPU seconds (user + system of the process and what it
waited for: steadier on a shared machine), ratio to its reference, target and verdict, peak RSS (the
largest ru_maxrss of os.wait4 over the runs). sopdoc gets --today (default 2026-11-25), SOPDOC_CACHE=off,
or a private SOPDOC_CACHE_DIR filled by the warm-up; git runs without user or system configuration. sopdoc's
bytecode is compiled first (compileall), as pip does when it installs a package.

Then the growth from each measured size to the next (report.py): per figure, the ratio of the medians
divided by the ratio of the figure's own input measure (input bytes for parse, validate, kpi and check,
which read the whole tree; commits for git log; procedure revisions for history; procedures for the plain
build, procedure revisions + plans for sopdoc's site: one page each), and the exponent
log(median ×) / log(input ×), flagged "not linear" above 1.15; the same exponent of the median CPU time,
of the CPU time net of start-up (sopdoc's commands) and of the peak RSS, each flagged.

The code measured is whichever sopdoc the children import (the report says where from, and its commit):
PYTHONPATH=COPY measures a copy of the package (e.g. `git archive REF sopdoc | tar -x -C COPY`) while
the working tree changes.

RESULTS.md: unless --dry-run (or --no-write, the same), the whole report (date, command line, machine
and load, method, data sets, figures, growth) replaces benchmarks/RESULTS.md (or --results FILE),
atomically (a temporary file, then os.replace). Everything from the line `## Notes` to the end of the
earlier file is kept verbatim: hand-written readings of the figures live there and survive reruns (keep
them dated: the tables above them change). The report is also printed on stdout; progress goes to stderr.
A whole run takes about 15 minutes on 2 cores, most of it the site builds at L: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import bench_history
import bench_validate
import generate
import plain_site
import report
from common import GIT_ENV, HERE, MKDOCS, SOPDOC, TODAY, Run, dataset, git_dataset, machine_facts, run
from report import Figure, Measurement

DEFAULT_RUNS = {"S": 5, "M": 5, "L": 3}
SITE_VS_BODIES = "site vs bodies"  # the site's own runs, against the second reference
GROUPS = ("startup", "validate", "kpi", "history", "check", "site")
GIT_GROUPS = {"history", "check", "site"}  # the figures that need the git data set

FIGURES: list[Figure] = [
    Figure("startup", "`sopdoc --version` (start-up)", "startup", "bytes", note="for scale"),
    Figure("parse", "parse: bare CSafeLoader (reference)", "validate", "bytes", sopdoc=False, note="reference"),
    Figure("validate", "`validate`, no cache", "validate", "bytes", reference="parse", max_ratio=3.0),
    Figure("kpi", "`kpi`, no cache", "kpi", "bytes", max_seconds=2.0),
    Figure("kpi warm", "`kpi`, warm cache", "kpi", "bytes", note="information"),
    Figure("git log", "one `git log --name-status -M` (reference)", "history", "commits", sopdoc=False,
           note="reference"),
    Figure("history", "`history --all`, no cache", "history", "revisions", reference="git log", max_ratio=5.0),
    Figure("check", "`check --base`, two-file change, no cache", "check", "bytes", max_seconds=2.0),
    Figure("check warm", "`check --base`, two-file change, warm cache", "check", "bytes", max_seconds=2.0),
    Figure("plain build", "plain mkdocs-material build (reference)", "site", "pages", sopdoc=False,
           note="reference"),
    Figure("site", "`build` (site), no cache", "site", "site pages", reference="plain build", max_ratio=1.5),
    Figure("plain bodies", "plain build of the same procedures' own bodies (reference 2)", "site", "pages",
           sopdoc=False, note="reference"),
    Figure(SITE_VS_BODIES, "`build` (site), no cache, against reference 2", "site", "site pages",
           reference="plain bodies", max_ratio=1.5),
]


@dataclass
class Case:
    figure: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    check: Callable[[Run], bool]  # the warm-up's verdict on the output (prints what is wrong)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _ok(size: str, name: str, predicate: Callable[[Run], bool] = lambda r: r.returncode == 0) -> Callable[[Run], bool]:
    def check(result: Run) -> bool:
        if predicate(result):
            return True
        tail = (result.stderr.strip() or result.stdout.strip())[-1500:].replace("\n", "\n    ")
        log(f"{size}: {name} FAILED (exit {result.returncode}), not timed:\n    {tail}")
        return False

    return check


def _json_ok(result: Run) -> bool:
    try:
        json.loads(result.stdout)
    except ValueError:
        return False
    return result.returncode in (0, 1)


def _validate_ok(size: str) -> Callable[[Run], bool]:
    def check(result: Run) -> bool:
        return bool(bench_validate.check_report(size, result))  # prints the verdict; {} without a report

    return check


# --------------------------------------------------------------------------- the cases of a size


@dataclass
class Size:
    """A size's data sets, input measures and work folder."""

    name: str
    data: Path
    git: Path | None
    meta: dict[str, Any]
    work: Path

    def inputs(self) -> dict[str, float]:
        m = self.meta
        measures = {"bytes": float(m["bytes"]), "pages": float(m["procedures"])}
        if "commits" in m:
            measures |= {"commits": float(m["commits"]), "revisions": float(m["revisions"]),
                         "site pages": float(m["revisions"] + m["plans"])}
        return measures

    def describe(self) -> str:
        m = self.meta
        text = (f"{m['procedures']:,} procedures, {m['plans']} plans, {m['families']} families, {m['files']:,} "
                f"files, {m['bytes'] / 1e6:.2f} MB of input")
        if "commits" in m:
            text += (f"; git: {m['commits']:,} commits, {m['revisions']:,} procedure revisions, "
                     f"{m['renames']} renames")
        return text


def prepare(name: str, groups: set[str], tmp: Path) -> Size:
    data, made = dataset(name)
    meta = json.loads((data / generate.MARKER).read_text())
    if made is not None:
        log(f"{name}: generated {data} in {made:.1f} s")
    git = None
    if groups & GIT_GROUPS:
        git, made = git_dataset(name)
        git_meta = json.loads((git / generate.MARKER).read_text())
        if made is not None:
            log(f"{name}: generated {git} in {made:.1f} s")
        if git_meta["bytes"] != meta["bytes"] or git_meta["files"] != meta["files"]:
            raise SystemExit(f"{data} and {git} do not hold the same files: regenerate one of them")
        meta = git_meta
    work = tmp / name
    work.mkdir()
    return Size(name, data, git, meta, work)


def cases(size: Size, groups: set[str], today: str) -> list[Case]:
    """The selected figures' commands for one size, in FIGURES order."""
    s, day = size.name, ["--today", today]
    cold = {"SOPDOC_CACHE": "off"}
    todo = [Case("startup", [str(SOPDOC), "--version"], size.data, cold, _ok(s, "sopdoc --version"))]
    if "validate" in groups:
        todo += [Case("parse", [sys.executable, str(HERE / "parse_only.py"), str(size.data)], size.data, {},
                      _ok(s, "parse_only.py")),
                 Case("validate", [str(SOPDOC), "validate", "--format", "json", *day], size.data, cold,
                      _validate_ok(s))]
    if "kpi" in groups:
        kpi = [str(SOPDOC), "kpi", "--format", "json", *day]
        todo += [Case("kpi", kpi, size.data, cold, _ok(s, "sopdoc kpi", _json_ok)),
                 Case("kpi warm", kpi, size.data, {"SOPDOC_CACHE_DIR": str(size.work / "cache-kpi")},
                      _ok(s, "sopdoc kpi (warm cache)", _json_ok))]
    git = size.git if size.git is not None else size.data  # prepare() made the git data set for its groups
    env = GIT_ENV | cold
    if "history" in groups:
        meta = size.meta
        todo += [Case("git log", ["git", "log", "--name-status", "-M", bench_history.LOG_FORMAT, "--", "procedures"],
                      git, env, _ok(s, "git log", lambda r: r.returncode == 0 and "\x00" in r.stdout)),
                 Case("history", [str(SOPDOC), "history", "--all", "--format", "json"], git, env,
                      lambda r: bench_history.verify_history(s, r, meta))]
    if "check" in groups:
        clone, chosen = bench_history.two_procedure_change(git, size.work / "check")
        command = [str(SOPDOC), "check", "--base", "HEAD~1", "--format", "json", *day]
        todo += [Case("check", command, clone, env, lambda r: bench_history.verify_check(s, r, chosen)),
                 Case("check warm", command, clone, GIT_ENV | {"SOPDOC_CACHE_DIR": str(size.work / "cache-check")},
                      lambda r: bench_history.verify_check(s, r, chosen))]
    if "site" in groups:
        plain = size.work / "plain"
        plain_site.write(plain, int(size.meta["procedures"]))
        mkdocs_env = env | {"NO_MKDOCS_2_WARNING": "1"}
        todo += [Case("plain build", [str(MKDOCS), "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d",
                                      str(size.work / "site-plain")], plain, mkdocs_env,
                      _ok(s, "plain mkdocs build", lambda r: _built(r, size.work / "site-plain"))),
                 Case("site", [str(SOPDOC), "build", "--output", str(size.work / "site"), *day], git, mkdocs_env,
                      _ok(s, "sopdoc build", lambda r: _built(r, size.work / "site")))]
        own = size.work / "plain-bodies"
        plain_site.write(own, int(size.meta["procedures"]), content=git)
        todo.append(Case("plain bodies", [str(MKDOCS), "build", "-q", "-f", str(own / "mkdocs.yml"), "-d",
                                          str(size.work / "site-bodies")], own, mkdocs_env,
                         _ok(s, "plain mkdocs build of the bodies", lambda r: _built(r, size.work / "site-bodies"))))
    return todo


def _built(result: Run, site: Path) -> bool:
    return result.returncode == 0 and (site / "index.html").is_file()


def measure(size: Size, todo: list[Case], runs: int) -> dict[str, Measurement | str]:
    """Warm-up and check of each case, then `runs` rounds of every working case; by figure key."""
    exits: dict[str, int] = {}
    out: dict[str, Measurement | str] = {}
    for case in todo:
        result = run(case.command, cwd=case.cwd, env=case.env)
        log(f"{size.name}: warm-up {case.figure}: {result.seconds:.2f} s, exit {result.returncode}")
        with contextlib.redirect_stdout(sys.stderr):  # the checks borrowed from bench_*.py print on stdout
            ok = case.check(result)
        if ok:
            exits[case.figure] = result.returncode
        else:
            out[case.figure] = f"failed (exit {result.returncode})"
    working = [case for case in todo if case.figure in exits]
    timed: dict[str, list[Run]] = {case.figure: [] for case in working}
    for i in range(runs):
        began = time.perf_counter()
        for case in working:
            timed[case.figure].append(run(case.command, cwd=case.cwd, env=case.env))
        log(f"{size.name}: round {i + 1}/{runs} in {time.perf_counter() - began:.1f} s")
    for figure, results in timed.items():
        odd = [r for r in results if r.returncode != exits[figure]]
        if odd:
            log(f"{size.name}: {figure} exited {odd[0].returncode} in a timed run ({exits[figure]} at warm-up): "
                + odd[0].stderr.strip()[-800:])
            out[figure] = f"failed (exit {odd[0].returncode} in a timed run)"
        else:
            out[figure] = Measurement(tuple(r.seconds for r in results), tuple(r.cpu for r in results),
                                      tuple(r.rss_mb for r in results))
    return out


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--size", action="append", choices=generate.SIZES, help="repeatable; default S, M and L")
    ap.add_argument("--runs", type=int, help="timed rounds after the warm-up (default: 5 at S and M, 3 at L)")
    ap.add_argument("--only", action="append", metavar="GROUPS",
                    help=f"comma-separated, repeatable: {', '.join(GROUPS)} (default all)")
    ap.add_argument("--today", default=TODAY, help=f"reference date passed to sopdoc (default {TODAY})")
    ap.add_argument("--dry-run", "--no-write", dest="write", action="store_false",
                    help="print the report without writing RESULTS.md")
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md", help="default benchmarks/RESULTS.md")
    a = ap.parse_args(argv)
    groups = {g.strip() for item in a.only or [",".join(GROUPS)] for g in item.split(",") if g.strip()}
    unknown = groups - set(GROUPS)
    if unknown:
        ap.error(f"--only: unknown {', '.join(sorted(unknown))} (known: {', '.join(GROUPS)})")
    if a.runs is not None and a.runs < 1:
        ap.error("--runs must be at least 1")
    a.groups = groups | {"startup"}
    a.sizes = [size for size in generate.SIZES if size in (a.size or generate.SIZES)]  # increasing order
    return a


def compile_package() -> None:
    """Compile the measured sopdoc's bytecode first, as pip does when it installs a package, so that no run
    pays for it: with an editable install under PYTHONDONTWRITEBYTECODE (set on our machine), every run
    would compile sopdoc's modules again (about 0.12 s of each command)."""
    run([sys.executable, "-c", "import compileall, pathlib, sopdoc; "
         "compileall.compile_dir(str(pathlib.Path(sopdoc.__file__).parent), quiet=1)"],
        cwd=Path(tempfile.gettempdir()))


def code_state() -> str:
    """Which sopdoc the children run: where they import it from, its commit, uncommitted changes to it, and a
    hash of its files (the same hash, the same code)."""
    where = run([sys.executable, "-c", "import pathlib, sopdoc; print(pathlib.Path(sopdoc.__file__).parent)"],
                cwd=Path(tempfile.gettempdir()))  # like the children: not from a folder holding sopdoc/
    if where.returncode != 0:
        return "sopdoc: cannot be imported"
    package = Path(where.stdout.strip())
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    text = f"sopdoc imported from {package} (files' sha256 {digest.hexdigest()[:12]})"
    commit = run(["git", "rev-parse", "--short", "HEAD"], cwd=package, env=GIT_ENV)
    if commit.returncode != 0:
        return text + ", not a git checkout"
    changes = run(["git", "status", "--porcelain", "--", "."], cwd=package, env=GIT_ENV).stdout.strip()
    return (text + f", commit {commit.stdout.strip()}"
            + (f" with uncommitted changes to {len(changes.splitlines())} of its files" if changes else ""))


def method(runs: dict[str, int], today: str) -> str:
    rounds = ", ".join(f"{size} {n}" for size, n in runs.items())
    return (f"Method: whole processes; one warm-up of each figure (also the check of its output), then rounds "
            f"in which every figure runs once, in the table's order (rounds: {rounds}). Median and range of the "
            "wall seconds; CPU = user + system of the process and of those it waited for; peak RSS = the "
            f"largest ru_maxrss (os.wait4). sopdoc runs with `--today {today}` where it takes one, without the "
            "load cache (`SOPDOC_CACHE=off`) unless \"warm cache\" (a private `SOPDOC_CACHE_DIR` filled by the "
            "warm-up); git without user or system configuration; sopdoc's bytecode compiled beforehand, as pip "
            "does when it installs it. The commands and references are described in `benchmarks/run.py`'s "
            "docstring.")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    a = parse_args(args_list)
    for tool in (SOPDOC, MKDOCS):
        if not tool.exists():
            raise SystemExit(f"{tool} not found: install sopdoc (with MkDocs) in this Python environment first")
    compile_package()
    started, load_before, code = time.perf_counter(), os.getloadavg(), code_state()
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %z")
    results: dict[str, dict[str, Measurement | str]] = {}
    inputs: dict[str, dict[str, float]] = {}
    datasets: list[str] = []
    runs = {size: a.runs or DEFAULT_RUNS[size] for size in a.sizes}
    with tempfile.TemporaryDirectory(prefix="sopdoc-bench-run-") as tmp:
        for name in a.sizes:
            size = prepare(name, a.groups, Path(tmp))
            log(f"{name}: {size.describe()}; {runs[name]} rounds")
            datasets.append(f"- {name}: {size.describe()}.")
            inputs[name] = size.inputs()
            results[name] = measure(size, cases(size, a.groups, a.today), runs[name])
            if "site" in results[name]:  # the same runs, set against the second reference
                results[name][SITE_VS_BODIES] = results[name]["site"]
    load_after = os.getloadavg()
    minutes = (time.perf_counter() - started) / 60
    figures = [figure for figure in FIGURES if figure.group in a.groups]
    conditions = (f"Conditions: load average (1, 5, 15 min) {', '.join(f'{x:.2f}' for x in load_before)} at the "
                  f"start, {', '.join(f'{x:.2f}' for x in load_after)} at the end; niceness {os.nice(0)}; "
                  f"the run took {minutes:.1f} min. Code: {code} (at the start).")
    text = report.document(
        when=when, command=shlex.join(["python", "benchmarks/run.py", *args_list]), machine=machine_facts(),
        conditions=conditions, method=method(runs, a.today), datasets=datasets,
        figures=report.figures_table(figures, a.sizes, results),
        growth=report.growth_table(figures, a.sizes, results, inputs),
        notes=report.notes_of(a.results.read_text(encoding="utf-8") if a.results.is_file() else None))
    print(text)
    if a.write:
        report.write_atomically(a.results, text)
        log(f"wrote {a.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
