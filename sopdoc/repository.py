"""A content repository on disk → `Repository`: every file loaded, schema-checked and modelled.

Finding the root (the folder holding ``sopdoc.yaml``, searched upwards) is the only thing here
that can stop a run; everything wrong inside files becomes a diagnostic.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sopdoc.config import Organisation, organisation_from
from sopdoc.diagnostics import Diagnostic
from sopdoc.errors import UsageError
from sopdoc.formats import CONFIG, PLAN, PROCEDURE, TRAINING
from sopdoc.loading import Document, LoadResult, load_markdown_file, load_yaml_file
from sopdoc.model import Plan, Procedure, TrainingRecord, plan_from, procedure_from, training_from
from sopdoc.schema import INVALID, Checker, Spec

CONFIG_FILE = "sopdoc.yaml"
TRAINING_FILE = "training.yaml"
PROCEDURES_DIR = "procedures"
PLANS_DIR = "plans"


@dataclass(frozen=True)
class Repository:
    root: Path
    organisation: Organisation | None  # None when sopdoc.yaml cannot be parsed
    procedures: tuple[Procedure, ...]
    plans: tuple[Plan, ...]
    training: tuple[TrainingRecord, ...]
    training_document: Document | None
    files: tuple[str, ...]  # every file read, relative to the root
    diagnostics: tuple[Diagnostic, ...]  # what loading and the schema found


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``sopdoc.yaml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise UsageError(f"no {CONFIG_FILE} in {start} or any parent folder; run sopdoc inside a content "
                     "repository (or create one with `sopdoc init DIR`)")


@contextmanager
def _without_garbage_collection() -> Iterator[None]:
    """Loading builds hundreds of thousands of small acyclic containers; the cyclic garbage collector,
    triggered every few hundred allocations, would rescan them over and over (about 40 % of the
    load time at 2,000 procedures), and again in every later phase. So it is off while loading, and
    what was loaded is then frozen out of its scans. Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_repository(root: Path) -> Repository:
    """Load every file of the repository; nothing here raises for bad content."""
    with _without_garbage_collection():
        return _load(root)


def _load(root: Path) -> Repository:
    diagnostics: list[Diagnostic] = []
    files: list[str] = []

    def checked(result: LoadResult, spec: Spec) -> object:
        files.append(result.document.path)
        diagnostics.extend(result.diagnostics)
        if not result.ok and result.diagnostics:
            return INVALID
        checker = Checker(result.document)
        clean = spec.check(result.document.data, (), checker)
        diagnostics.extend(checker.diagnostics)
        return clean

    config = load_yaml_file(root / CONFIG_FILE, CONFIG_FILE, root)
    clean_config = checked(config, CONFIG)
    organisation = organisation_from(clean_config, config.document) if isinstance(clean_config, dict) else None

    procedures = []
    for file in _files(root / PROCEDURES_DIR, (".md",)):
        result = load_markdown_file(file, _relative(file, root), root)
        clean = checked(result, PROCEDURE)
        if isinstance(clean, dict):
            procedures.append(procedure_from(clean, result.document))

    plans = []
    for file in _files(root / PLANS_DIR, (".yaml", ".yml")):
        result = load_yaml_file(file, _relative(file, root), root)
        clean = checked(result, PLAN)
        if isinstance(clean, dict):
            plans.append(plan_from(clean, result.document))
    plans.sort(key=lambda plan: (plan.month or "", plan.path))

    training: tuple[TrainingRecord, ...] = ()
    training_document = None
    if (root / TRAINING_FILE).exists():
        result = load_yaml_file(root / TRAINING_FILE, TRAINING_FILE, root)
        clean_training = checked(result, TRAINING)
        training = training_from(clean_training)
        training_document = result.document

    return Repository(root, organisation, tuple(procedures), tuple(plans), training, training_document,
                      tuple(files), tuple(diagnostics))


def _files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files with these suffixes below ``folder``, hidden ones skipped, in a stable order."""
    if not folder.is_dir():
        return
    found: list[Path] = []
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        found.extend(Path(directory, name) for name in names
                     if name.endswith(suffixes) and not name.startswith("."))
    yield from sorted(found)


def _relative(file: Path, root: Path) -> str:
    return file.relative_to(root).as_posix()
