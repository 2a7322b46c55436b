"""Time `sopdoc build` (the intranet site) against a plain MkDocs + Material build of as many bare pages.

Usage:
    python benchmarks/bench_site.py [--size S|M|L ...] [--runs 3] [--today YYYY-MM-DD] [--no-breakdown]

For each size (default S): takes the git data set from benchmarks/.data/<size>-git (common.py's
`git_dataset()`: reused when complete, else generated there with `generate.py --git auto`), writes the
reference tree with plain_site.py (N pages, N = the number of procedures), then runs, as whole
processes, alternately, --runs times after one warm-up each:
  A cold  sopdoc build --output <tmp>/site-A --today DAY, in the data repository, SOPDOC_CACHE=off
  A warm  the same with the load cache in a private directory (SOPDOC_CACHE_DIR), filled by the warm-up
  B       mkdocs build -f <tmp>/plain/mkdocs.yml: the reference, N bare pages, sopdoc's theme settings and
          a navigation like sopdoc's (the index pages only; the pages are linked from the procedure index)
  B full  the same tree with every page in the navigation (mkdocs-full-nav.yml), for information
The warm-up of each is its check: exit 0 and index.html in the built site, else the case is reported
and not timed. Every child runs without the user's or the system's git configuration and with
NO_MKDOCS_2_WARNING=1. Then it prints, per size, a Markdown table: pages built (index.html files), the
other .html files (sopdoc's earlier revisions), all files, the medians of wall time and of CPU time
(user + system of the child and what it waited for, from RUSAGE_CHILDREN: steadier than the wall time on
a shared machine), A/B (target ≤ 1.5×), the average page weight (mean size of the built .html files,
then with the SVG images each page embeds; target < 60 KB), search/search_index.json and the peak RSS of
each process (os.wait4).

Unless --no-breakdown, it then runs one more cold build in a child process that calls sopdoc's pieces
itself and times each with time.perf_counter (`--phases`, internal): imports, load_repository,
site_context (git history, then the earlier revisions' texts), generate_site (per page source),
writing the tree, MkDocs (configuration, then inside `build`: files and navigation, Markdown, static
copies, page rendering with search indexing, search index) and the swap into place; and MkDocs'
per-page steps by part of the site, beside the same timers on one build of B (`--phases-plain`). sopdoc
shares MkDocs' pages with a forked process (`sopdoc.site.shared_build`): the per-page timers see only the
pages this process did (their calls say how many); "MkDocs build" is the wall time of both.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, ParamSpec, TypeVar

import generate
import plain_site
from common import GIT_ENV, MKDOCS, SOPDOC, TODAY, Run, git_dataset, machine, run

MAX_RATIO = 1.5  # A / B
MAX_PAGE_KB = 60.0  # mean page weight, SVG images included
ENV = GIT_ENV | {"NO_MKDOCS_2_WARNING": "1"}
IMG_SVG = re.compile(r"""<img\b[^>]*?\bsrc=["']([^"'#?]+\.svg)["']""", re.IGNORECASE)

P = ParamSpec("P")
R = TypeVar("R")


# --------------------------------------------------------------------------- the built sites


@dataclass
class SiteStats:
    pages: int  # index.html files: one per Markdown page
    other_html: int  # other .html files (404.html, sopdoc's earlier revisions r<N>.html)
    files: int
    html_kb: float  # mean size of the .html files
    with_svg_kb: float  # the same, each page's embedded SVG images added
    index_pages_kb: float  # mean size of the index.html files alone
    other_html_kb: float  # mean size of the other .html files
    svg_files: int
    search_index_kb: float | None
    largest: list[tuple[str, float]]  # the three largest .html files: path in the site, KB


def site_stats(site: Path) -> SiteStats:
    """Counts and sizes of a built site; the SVG images of a page are its <img src="….svg"> in the site."""
    paths = [path for path in site.rglob("*") if path.is_file()]
    html = [path for path in paths if path.suffix == ".html"]
    index = [path for path in html if path.name == "index.html"]
    other = [path for path in html if path.name != "index.html"]
    sizes = {path: path.stat().st_size for path in html}
    with_svg = []
    for path in html:
        own = set()
        for src in IMG_SVG.findall(path.read_text(encoding="utf-8", errors="replace")):
            if "://" in src or src.startswith("data:"):
                continue
            relative = PurePosixPath(src)
            target = site / str(relative).lstrip("/") if relative.is_absolute() else path.parent / str(relative)
            if target.is_file():
                own.add(target.resolve())
        with_svg.append(sizes[path] + sum(svg.stat().st_size for svg in own))
    search = site / "search" / "search_index.json"

    def mean_kb(values: list[int]) -> float:
        return statistics.fmean(values) / 1024 if values else 0.0

    return SiteStats(
        pages=len(index), other_html=len(other), files=len(paths),
        html_kb=mean_kb(list(sizes.values())), with_svg_kb=mean_kb(with_svg),
        index_pages_kb=mean_kb([sizes[path] for path in index]), other_html_kb=mean_kb([sizes[path] for path in other]),
        svg_files=sum(1 for path in paths if path.suffix == ".svg"),
        search_index_kb=search.stat().st_size / 1024 if search.is_file() else None,
        largest=[(path.relative_to(site).as_posix(), size / 1024)
                 for path, size in sorted(sizes.items(), key=lambda item: -item[1])[:3]],
    )


# --------------------------------------------------------------------------- timing


@dataclass
class Case:
    key: str
    label: str
    navigation: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    site: Path


def _failure(case: Case, result: Run, why: str) -> str:
    tail = (result.stderr.strip() or result.stdout.strip())[-1500:]
    return f"{case.label} FAILED ({why}), not timed:\n    " + tail.replace("\n", "\n    ")


def warm_up(size: str, cases: list[Case]) -> tuple[list[Case], dict[str, SiteStats]]:
    """One run of each case, which is also its check; the cases that built a site, and what each built."""
    working = []
    stats = {}
    for case in cases:
        result = run(case.command, cwd=case.cwd, env=case.env)
        if result.returncode != 0:
            print(f"{size}: " + _failure(case, result, f"exit {result.returncode}"))
        elif not (case.site / "index.html").is_file():
            print(f"{size}: " + _failure(case, result, f"no index.html in {case.site}"))
        else:
            print(f"{size}: warm-up {case.label}: {result.seconds:.2f} s, exit 0, {case.site / 'index.html'} present.")
            working.append(case)
            stats[case.key] = site_stats(case.site)
    return working, stats


@dataclass
class Timed:
    run: Run
    cpu: float  # user + system seconds of the child and the processes it waited for (git, …)


def timed_run(case: Case) -> Timed:
    """`run()`, and the child's CPU time (os.wait4: the child and the processes it waited for). The machine is
    shared: the CPU time is much less disturbed by other work than the wall time."""
    result = run(case.command, cwd=case.cwd, env=case.env)
    return Timed(result, result.cpu)


def measure(size: str, cases: list[Case], runs: int) -> dict[str, list[Timed]]:
    """Alternating runs of every case; a case that fails during the runs is dropped with a message."""
    times: dict[str, list[Timed]] = {case.key: [] for case in cases}
    for _ in range(runs):
        for case in cases:
            times[case.key].append(timed_run(case))
    for case in cases:
        bad = [timed.run for timed in times[case.key] if timed.run.returncode != 0]
        if bad or not (case.site / "index.html").is_file():
            print(f"{size}: " + _failure(case, bad[0] if bad else times[case.key][-1].run, "in a timed run"))
            del times[case.key]
    return times


def cases_for(data: Path, plain: Path, tmp: Path, today: str) -> list[Case]:
    build = [str(SOPDOC), "build", "--output", str(tmp / "site-A"), "--today", today]
    return [
        Case("A cold", "A `sopdoc build`, no load cache", "sopdoc's (index pages)", build, data,
             ENV | {"SOPDOC_CACHE": "off"}, tmp / "site-A"),
        Case("A warm", "A `sopdoc build`, warm load cache", "sopdoc's (index pages)", build, data,
             ENV | {"SOPDOC_CACHE_DIR": str(tmp / "cache")}, tmp / "site-A"),
        Case("B", "B plain MkDocs (reference)", "index pages only", [str(MKDOCS), "build", "-q", "-f",
             str(plain / "mkdocs.yml"), "-d", str(tmp / "site-B")], plain, ENV, tmp / "site-B"),
        Case("B full", "B′ plain MkDocs, for information", "every page", [str(MKDOCS), "build", "-q", "-f",
             str(plain / "mkdocs-full-nav.yml"), "-d", str(tmp / "site-B-full")], plain, ENV, tmp / "site-B-full"),
    ]


def table(cases: list[Case], times: dict[str, list[Timed]], stats: dict[str, SiteStats]) -> list[str]:
    median = {key: statistics.median(timed.run.seconds for timed in results) for key, results in times.items()}
    cpu = {key: statistics.median(timed.cpu for timed in results) for key, results in times.items()}
    head = ["build", "navigation", "pages (index.html)", "other .html", "files", "median s", "median CPU s",
            f"ratio to B (A ≤ {MAX_RATIO:g}×), wall / CPU", f"avg page KB: HTML / with its SVG (A < {MAX_PAGE_KB:g})",
            "search index KB", "peak RSS MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for case in cases:
        s = stats.get(case.key)
        seconds = f"{median[case.key]:.2f}" if case.key in median else "failed"
        ratio = ""
        if case.key in median and "B" in median and case.key != "B":
            value = median[case.key] / median["B"]
            verdict = (" met" if value <= MAX_RATIO else " MISSED") if case.key.startswith("A") else ""
            ratio = f"{value:.2f}×{verdict} / {cpu[case.key] / cpu['B']:.2f}×"
        weight = ""
        if s is not None:
            weight = f"{s.html_kb:.1f} / {s.with_svg_kb:.1f}"
            if case.key.startswith("A"):
                weight += " met" if s.with_svg_kb < MAX_PAGE_KB else " MISSED"
        rss = f"{max(timed.run.rss_mb for timed in times[case.key]):.0f}" if case.key in times else ""
        processor = f"{cpu[case.key]:.2f}" if case.key in cpu else "failed"
        search = f"{s.search_index_kb:,.0f}" if s is not None and s.search_index_kb is not None else ""
        lines.append("| " + " | ".join([
            case.label, case.navigation, f"{s.pages:,}" if s else "", f"{s.other_html:,}" if s else "",
            f"{s.files:,}" if s else "", seconds, processor, ratio, weight, search, rss]) + " |")
    return lines


# --------------------------------------------------------------------------- in-process breakdown


class Phases:
    """Accumulated perf_counter seconds by name, in first-seen order."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] += seconds
        self.calls[name] += 1

    def timed(self, name: str, fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - start)

        return wrapper

    def timed_iter(self, name: str, fn: Callable[P, Iterator[R]]) -> Callable[P, Iterator[R]]:
        """A generator function whose every step (the work done to produce an item) is timed."""

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Iterator[R]:
            items = fn(*args, **kwargs)
            while True:
                start = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    self.add(name, time.perf_counter() - start)
                    return
                self.add(name, time.perf_counter() - start)
                yield item

        return wrapper

    def step(self, name: str, start: float) -> float:
        now = time.perf_counter()
        self.add(name, now - start)
        return now


def _section(page: Any) -> str:
    """The part of the site a MkDocs page belongs to: its first folder, or its name at the top."""
    uri = str(page.file.src_uri)
    return uri.split("/", 1)[0] if "/" in uri else uri.removesuffix(".md")


def instrument_mkdocs(t: Phases) -> None:
    """Timers on the steps of MkDocs' build (for this process only), the per-page ones also by part of the site."""
    import mkdocs.commands.build as mkbuild
    import mkdocs.utils
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.files import Files, get_files
    from mkdocs.structure.nav import get_navigation

    mkdocs.utils.clean_directory = t.timed("mk: clean", mkdocs.utils.clean_directory)
    setattr(mkbuild, "get_files", t.timed("mk: files", get_files))  # noqa: B010
    setattr(mkbuild, "get_navigation", t.timed("mk: nav", get_navigation))  # noqa: B010
    setattr(Files, "copy_static_files", t.timed("mk: static", Files.copy_static_files))  # noqa: B010
    mkdocs.utils.write_file = t.timed("mk: write", mkdocs.utils.write_file)
    def per_page(function: Callable[..., None], name: str) -> Callable[..., None]:
        """``function(page, …)`` timed in total ("mk: NAME") and per section of the site ("NAME: SECTION")."""
        def timed(page: Any, *args: Any, **kwargs: Any) -> None:
            began = time.perf_counter()
            function(page, *args, **kwargs)
            elapsed = time.perf_counter() - began
            t.add(f"mk: {name}", elapsed)
            t.add(f"{name}: {_section(page)}", elapsed)
        return timed

    mkbuild._populate_page = per_page(mkbuild._populate_page, "markdown")
    mkbuild._build_page = per_page(mkbuild._build_page, "pages")
    run_event = PluginCollection.run_event

    def timed_event(self: PluginCollection, name: str, *args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return run_event(self, name, *args, **kwargs)
        finally:
            elapsed = time.perf_counter() - began
            t.add(f"event: {name}", elapsed)
            if name == "page_context" and "page" in kwargs:
                t.add(f"index: {_section(kwargs['page'])}", elapsed)

    setattr(PluginCollection, "run_event", timed_event)  # noqa: B010


def phases(data: Path, output: Path, today: str) -> dict[str, Any]:
    """One cold `sopdoc build`, its pieces called here (as sopdoc.site.build.build_site does) and timed."""
    t = Phases()
    start = time.perf_counter()
    import datetime as dt

    import sopdoc.site.build as sitebuild
    import sopdoc.site.generate as sitegen
    import sopdoc.site.indicators_page as siteindicators
    import sopdoc.site.plans as siteplans
    from sopdoc.files import scratch_folder
    from sopdoc.history import collect_history
    from sopdoc.repository import load_repository
    from sopdoc.site import shared_build

    t.step("imports", start)
    # Inner timers, each on the name its caller looks up at call time: the git history inside
    # site_context, each page source of generate_site, the steps of MkDocs' build (and per part of the site).
    setattr(sitebuild, "collect_history", t.timed("site: git history", collect_history))  # noqa: B010
    sitegen.SOURCES[:] = [t.timed_iter(f"gen: {getattr(source, '__module__', '?').rsplit('.', 1)[-1]}", source)
                          for source in sitegen.SOURCES]
    for module in (siteplans, siteindicators):
        name = module.__name__.rsplit(".", 1)[-1]
        setattr(module, "render_chart", t.timed(f"charts: {name}", module.render_chart))  # noqa: B010
    instrument_mkdocs(t)

    begin = time.perf_counter()
    os.environ["SOPDOC_CACHE"] = "off"
    root = data.resolve()
    repo = load_repository(root)
    start = t.step("load", begin)
    day = dt.date.fromisoformat(today)
    sitebuild._check_output(root, output)
    user = sitebuild.read_user_config(root)
    ctx = sitebuild.site_context(root, repo, day, user)
    start = t.step("site", start)
    with scratch_folder(output.parent, "build") as work:
        static = sitebuild._StaticFiles(ctx, work, fork=sitebuild._can_fork())
        start = t.step("fork", start)
        files = sitegen.generate_pages(ctx)
        start = t.step("gen", start)
        sitebuild.write_tree(files, work / "docs")
        start = t.step("tree", start)
        config = sitebuild._load_config(sitebuild.mkdocs_settings(ctx.organisation, user), work / "docs",
                                        work / "site", False)
        start = t.step("config", start)
        shared_build.build(config)
        start = t.step("mk", start)
        static.finish(work / "site")
        start = t.step("static", start)
        (work / "site" / sitebuild.MARKER).write_text("built by sopdoc\n", encoding="utf-8")
        sitebuild._swap(work / "site", output, work / "previous")
    t.step("swap", start)
    static_files = sum(1 for path in output.rglob("*") if re.search(r"(/r\d+\.html|\.svg)$", str(path)))
    tree_bytes = sum(len(content.encode() if isinstance(content, str) else content) for content in files.values())
    return {"seconds": dict(t.seconds), "calls": dict(t.calls), "tree_files": len(files),
            "tree_mb": tree_bytes / 1e6, "markdown_pages": sum(1 for path in files if path.endswith(".md")),
            "static_files": static_files}


def plain_phases(config_file: Path, site: Path) -> dict[str, Any]:
    """One plain `mkdocs build` of the reference tree, with the same timers as `phases`."""
    t = Phases()
    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    t.step("imports", start)
    instrument_mkdocs(t)
    start = time.perf_counter()
    config = load_config(str(config_file), site_dir=str(site))
    start = t.step("config", start)
    build(config)
    t.step("mk", start)
    return {"seconds": dict(t.seconds), "calls": dict(t.calls)}


# The rows of the breakdown: (key, label, depth); "gen: *" and "event: *" rows not listed are added in place.
STEPS: list[tuple[str, str, int]] = [
    ("imports", "imports (sopdoc, MkDocs)", 0),
    ("load", "load_repository (no cache)", 0),
    ("site", "site_context", 0),
    ("site: git history", "git history (collect_history: one git log, one git cat-file)", 1),
    ("site: rest", "earlier revisions' texts (one git cat-file) and the working tree", 1),
    ("gen", "generate_pages (the Markdown pages and assets)", 0),
    ("gen: *", "", 1),
    ("fork", "start the static files' process (earlier revisions, plan charts; runs beside MkDocs)", 0),
    ("tree", "write the Markdown tree", 0),
    ("config", "MkDocs load_config (theme, plugins)", 0),
    ("mk", "MkDocs build", 0),
    ("event: config", "plugin event config", 1),
    ("mk: clean", "clean the site folder", 1),
    ("mk: files", "files (get_files)", 1),
    ("mk: nav", "navigation (get_navigation)", 1),
    ("mk: markdown", "Markdown to HTML (_populate_page)", 1),
    ("mk: static", "static files copied (copy_static_files, the revision pages among them)", 1),
    ("mk: pages", "pages rendered and written (_build_page)", 1),
    ("event: page_context", "of which plugin event page_context (search indexing)", 2),
    ("mk: write", "of which file writes", 2),
    ("event: post_build", "plugin event post_build (search index written)", 1),
    ("mk: rest", "the rest of MkDocs build", 1),
    ("static", "wait for the static files' process, move its files into the site", 0),
    ("swap", "swap into place, previous site and scratch tree removed", 0),
]
OUTER = [key for key, _, depth in STEPS if depth == 0]


def breakdown(size: str, data: Path, plain: Path, tmp: Path, today: str, a_cold: float | None) -> list[str]:
    """One cold build, in a child process timing sopdoc's pieces (and one plain build, B, with the same
    MkDocs timers); the report as Markdown lines."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run([sys.executable, str(Path(__file__).resolve()), "--phases", str(data), str(tmp / "site-phases"),
                  today], cwd=data, env=ENV | {"SOPDOC_CACHE": "off"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        tail = result.stderr.strip()[-2000:].replace("\n", "\n    ")
        return [f"{size}: the breakdown run FAILED (exit {result.returncode}):\n    {tail}"]
    seconds: dict[str, float] = defaultdict(float, report["seconds"])
    calls: dict[str, int] = defaultdict(int, report["calls"])
    whole = result.seconds
    seconds["site: rest"] = seconds["site"] - seconds["site: git history"]
    mk_parts = ("event: config", "mk: clean", "mk: files", "mk: nav", "mk: markdown", "mk: static", "mk: pages",
                "event: post_build")
    seconds["mk: rest"] = seconds["mk"] - sum(seconds[key] for key in mk_parts)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    lines = [f"Where a cold `sopdoc build` spends its time at {size}: one run in a child process calling sopdoc's "
             f"pieces, each timed with time.perf_counter (whole process {whole:.2f} s wall, {cpu:.2f} s CPU"
             + (f"; the timed A cold median was {a_cold:.2f} s" if a_cold is not None else "")
             + f"). Generated tree: {report['tree_files']:,} files, {report['tree_mb']:.1f} MB: "
             f"{report['markdown_pages']:,} Markdown pages; {report['static_files']:,} static files (earlier "
             "revisions, plan charts) written by a second process while MkDocs runs.", "",
             "| step | s | share |", "|---|---|---|"]

    def row(label: str, value: float, depth: int, count: int | None = None) -> str:
        shown = f"{'  ' * (depth - 1)}↳ {label}" if depth else f"**{label}**"
        shown += f" ({count:,} calls)" if count is not None and count > 1 else ""
        return f"| {shown} | {value:.2f} | {value / whole:.0%} |"

    lines.append(row("interpreter start-up and the benchmark's imports (whole process − the steps below)",
                     whole - sum(seconds[key] for key in OUTER), 0))
    for key, label, depth in STEPS:
        if key == "gen: *":
            for name, value in report["seconds"].items():
                if name.startswith("gen: "):
                    lines.append(row(name.removeprefix("gen: "), value, 1, calls[name]))
                    chart_key = name.replace("gen: ", "charts: ")
                    if chart_key in seconds:
                        lines.append(row("of which SVG charts (pygal)", seconds[chart_key], 2, calls[chart_key]))
            continue
        lines.append(row(label, seconds[key], depth, calls.get(key)))
    plain_run = run([sys.executable, str(Path(__file__).resolve()), "--phases-plain", str(plain / "mkdocs.yml"),
                     str(tmp / "site-B-phases")], cwd=plain, env=ENV)
    try:
        plain_report = json.loads(plain_run.stdout)
    except ValueError:
        plain_report = None
    lines += ["", f"MkDocs' per-page steps at {size}, by part of the site, and the same timers on one plain build "
              f"(B: whole process {plain_run.seconds:.2f} s"
              + (f", MkDocs build {plain_report['seconds'].get('mk', 0.0):.2f} s)" if plain_report else ", FAILED)")
              + ":", "", "| site: part | pages | Markdown to HTML s | rendered and written s | of which search "
              "indexing s | ms a page |", "|---|---|---|---|---|---|"]
    for which, measured in (("A", report), ("B", plain_report or {"seconds": {}, "calls": {}})):
        timings: dict[str, float] = defaultdict(float, measured["seconds"])
        counts: dict[str, int] = defaultdict(int, measured["calls"])
        parts = sorted({name.split(": ", 1)[1] for name in timings if name.startswith("markdown: ")},
                       key=lambda name: -timings[f"markdown: {name}"] - timings[f"pages: {name}"])
        for name in parts:
            count = counts[f"markdown: {name}"]
            both = timings[f"markdown: {name}"] + timings[f"pages: {name}"]
            lines.append(f"| {which}: {name} | {count:,} | {timings[f'markdown: {name}']:.2f} | "
                         f"{timings[f'pages: {name}']:.2f} | {timings[f'index: {name}']:.2f} | "
                         f"{both / max(count, 1) * 1000:.0f} |")
    return lines


# --------------------------------------------------------------------------- main


def bench_size(size: str, runs: int, today: str, tmp: Path, with_breakdown: bool) -> list[str]:
    data, generated = git_dataset(size)
    meta = json.loads((data / generate.MARKER).read_text())
    n = int(meta["procedures"])
    print(f"{size}: {n:,} procedures, {meta['plans']} plans, {meta['commits']:,} commits, "
          f"{meta['revisions']:,} procedure revisions"
          + (f"; generated in {generated:.1f} s" if generated is not None else "; reused"))
    work = tmp / size
    plain = work / "plain"
    work.mkdir()
    plain_site.write(plain, n)
    todo, stats = warm_up(size, cases_for(data, plain, work, today))
    times = measure(size, todo, runs)
    a_cold = statistics.median(timed.run.seconds for timed in times["A cold"]) if "A cold" in times else None
    lines = [f"### {size}: {n:,} procedures ({meta['commits']:,} commits); B has {n:,} pages", "",
             *table(cases_for(data, plain, work, today), times, stats), ""]
    a = stats.get("A cold")
    if a is not None:
        lines += [f"A: {a.pages:,} MkDocs pages averaging {a.index_pages_kb:.1f} KB, {a.other_html:,} other .html "
                  f"files (404 and earlier revisions) averaging {a.other_html_kb:.1f} KB, {a.svg_files} SVG charts; "
                  "largest pages: " + ", ".join(f"{path} {kb:,.0f} KB" for path, kb in a.largest) + ".", ""]
    if with_breakdown:
        lines += [*breakdown(size, data, plain, work, today, a_cold), ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--phases"]:  # internal: the in-process breakdown, JSON on stdout
        if len(args) != 4:
            raise SystemExit("usage: bench_site.py --phases DATA OUTPUT TODAY")
        print(json.dumps(phases(Path(args[1]), Path(args[2]), args[3])))
        return 0
    if args[:1] == ["--phases-plain"]:  # internal: the same MkDocs timers on the reference build
        if len(args) != 3:
            raise SystemExit("usage: bench_site.py --phases-plain MKDOCS_YML SITE_DIR")
        print(json.dumps(plain_phases(Path(args[1]), Path(args[2]))))
        return 0
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--size", action="append", choices=generate.SIZES, help="repeatable; default S")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--today", default=TODAY, help="reference date passed to sopdoc build")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the in-process breakdown of a cold build")
    a = ap.parse_args(args)
    for tool in (SOPDOC, MKDOCS):
        if not tool.exists():
            raise SystemExit(f"{tool} not found: install sopdoc (with MkDocs) in this Python environment first")
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sopdoc-bench-site-") as tmp:
        for size in a.size or ["S"]:
            lines += bench_size(size, a.runs, a.today, Path(tmp), not a.no_breakdown)
    print(f"\nMedians of {a.runs} alternating runs after one warm-up each (whole processes).\n")
    print("\n".join(lines))
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
