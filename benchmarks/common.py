"""What the benchmark scripts share: running one child process, the data sets, the machine's description.

Imported by bench_validate.py, bench_history.py, bench_site.py and run.py, which are run as scripts
(`python benchmarks/<script>.py`), so that this folder is on sys.path and `import common` works.

  run(cmd)          one whole child process: wall seconds, CPU seconds and peak RSS from os.wait4
  dataset(size)     benchmarks/.data/<size>: the generated files (reused when complete)
  git_dataset(size) benchmarks/.data/<size>-git: the same files as a git repository with a history
  machine_facts()   platform, CPU, cores, RAM, Python, PyYAML/libyaml, git, MkDocs, Material
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import generate
import parse_only
import yaml

HERE = Path(__file__).resolve().parent
SOPDOC = Path(sys.executable).parent / "sopdoc"
MKDOCS = Path(sys.executable).parent / "mkdocs"
SEED = 1
TODAY = "2026-11-25"  # the reference date passed to sopdoc: after all the generated content
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


@dataclass
class Run:
    seconds: float  # wall time around the child
    rss_mb: float  # the child's peak resident set (ru_maxrss)
    returncode: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the child and of the processes it waited for (git, …)


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run one child process; wall time around it, and its own peak RSS and CPU time from os.wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
        return Run(
            seconds,
            usage.ru_maxrss / scale,
            proc.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            usage.ru_utime + usage.ru_stime,
        )


# --------------------------------------------------------------------------- data sets


def _meta(data: Path) -> dict[str, object] | None:
    try:
        meta = json.loads((data / generate.MARKER).read_text())
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _wanted(size: str) -> dict[str, object]:
    n_proc, n_plans, n_fam = generate.SIZES[size]
    return {"procedures": n_proc, "plans": n_plans, "families": n_fam, "seed": SEED,
            "generator": generate.GENERATOR_VERSION}


def complete(data: Path, size: str) -> bool:
    """A data set written by generate.py with the preset's parameters and all its files."""
    meta = _meta(data)
    if meta is None:
        return False
    return all(meta.get(k) == v for k, v in _wanted(size).items()) and len(parse_only.files(data)) == meta.get("files")


def dataset(size: str, tmp: Path | None = None, keep: bool = True) -> tuple[Path, float | None]:
    """The data directory of a size, and the generation time (None when reused): benchmarks/.data/<size>
    when complete, else generated there (keep) or into tmp/<size>."""
    cached = HERE / ".data" / size
    if complete(cached, size):
        return cached, None
    out = cached if keep or tmp is None else tmp / size
    start = time.perf_counter()
    if generate.main([str(out), "--size", size, "--seed", str(SEED), "--force"]) != 0:
        raise SystemExit(f"could not generate data set {size} in {out}")
    return out, time.perf_counter() - start


def git_complete(data: Path, size: str) -> bool:
    """A git data set written by generate.py --git auto with the preset's parameters, intact."""
    meta = _meta(data)
    if meta is None:
        return False
    wanted = _wanted(size) | {"git_history": generate.GIT_HISTORY_VERSION, "commits": generate.GIT_COMMITS[size]}
    if any(meta.get(k) != v for k, v in wanted.items()):
        return False
    env = generate.git_env()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=data, env=env, capture_output=True, text=True)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=data, env=env, capture_output=True, text=True)
    return head.returncode == 0 and head.stdout.strip() == meta.get("head") and status.stdout == ""


def git_dataset(size: str) -> tuple[Path, float | None]:
    """The git data set of a size (benchmarks/.data/<size>-git), and its generation time (None when reused)."""
    data = HERE / ".data" / f"{size}-git"
    if git_complete(data, size):
        return data, None
    start = time.perf_counter()
    if generate.main([str(data), "--size", size, "--seed", str(SEED), "--git", "auto", "--force"]) != 0:
        raise SystemExit(f"could not generate the git data set {size} in {data}")
    return data, time.perf_counter() - start


# --------------------------------------------------------------------------- the machine


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_facts() -> dict[str, str]:
    """What the figures depend on, label → value."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    ram = "unknown"
    with contextlib.suppress(OSError, StopIteration, ValueError, IndexError):
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    git = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "platform": platform.platform(),
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "PyYAML": f"{yaml.__version__} (libyaml {'used' if yaml.__with_libyaml__ else 'NOT available'})",
        "git": git.removeprefix("git version ") or "not found",
        "MkDocs": _version("mkdocs"),
        "Material": _version("mkdocs-material"),
    }


def machine() -> str:
    """The machine's description on one line."""
    return "Machine: " + "; ".join(f"{label} {value}" for label, value in machine_facts().items())
