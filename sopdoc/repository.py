"""A content repository on disk → `Repository`: every file loaded, schema-checked and modelled.

Finding the root (the folder holding ``sopdoc.yaml``, searched upwards) is the only thing here
that can stop a run; everything wrong inside files becomes a diagnostic.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sopdoc.cache import FileCache, digest
from sopdoc.config import Organisation, organisation_from
from sopdoc.diagnostics import Diagnostic
from sopdoc.errors import UsageError
from sopdoc.formats import CONFIG, PLAN, PROCEDURE, TRAINING
from sopdoc.loading import (
    Document,
    LoadResult,
    Positions,
    parse_markdown_bytes,
    parse_yaml_bytes,
    read_bytes,
    split_front_matter,
)
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


ALL_KINDS = frozenset({"procedure", "plan", "training"})


def load_repository(root: Path, kinds: frozenset[str] = ALL_KINDS) -> Repository:
    """Load sopdoc.yaml and every file of these kinds; nothing here raises for bad content.

    A command that needs only procedures (`sopdoc history`) skips the plans and the training log.
    """
    with _without_garbage_collection():
        return _load(root, kinds)


@dataclass(frozen=True)
class _Loaded:
    """One file read, parsed and schema-checked."""

    document: Document
    diagnostics: tuple[Diagnostic, ...]  # from parsing, then from the schema
    clean: Any  # the schema-checked value, INVALID when the file could not be read


_KINDS: dict[str, tuple[Spec, Callable[[bytes, str], LoadResult]]] = {
    "config": (CONFIG, parse_yaml_bytes),
    "procedure": (PROCEDURE, parse_markdown_bytes),
    "plan": (PLAN, parse_yaml_bytes),
    "training": (TRAINING, parse_yaml_bytes),
}


def _load_file(kind: str, file: Path, root: Path, cache: FileCache) -> _Loaded:
    """Read, parse and check one file, or take what the cache kept for these very bytes.

    The cache keeps the values and findings, not the source positions: a cached document finds
    its positions by parsing its text again, only if a rule asks for one.
    """
    relpath = file.relative_to(root).as_posix()
    raw, problems = read_bytes(file, relpath, root)
    if raw is None:
        return _Loaded(Document(relpath, None, Positions()), problems, INVALID)
    content_digest = digest(raw)
    cached = cache.get(kind, relpath, content_digest)
    if isinstance(cached, tuple) and len(cached) == 3:
        data, diagnostics, clean = cached
        return _Loaded(_document_from_source(kind, relpath, raw, data), diagnostics, clean)
    spec, parse = _KINDS[kind]
    result = parse(raw, relpath)
    loaded = _Loaded(result.document, result.diagnostics, INVALID)
    if result.ok or not result.diagnostics:
        checker = Checker(result.document)
        clean = spec.check(result.document.data, (), checker)
        loaded = _Loaded(result.document, result.diagnostics + tuple(checker.diagnostics), clean)
    cache.put(kind, relpath, content_digest, (result.document.data, loaded.diagnostics, loaded.clean))
    return loaded


def _document_from_source(kind: str, relpath: str, raw: bytes, data: Any) -> Document:
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    if data is None:
        return Document(relpath, None, Positions())
    if kind == "procedure":
        parts = split_front_matter(text)
        if parts is not None:
            front, body, body_line = parts
            return Document(relpath, data, Positions.from_source(front, 1), body, body_line)
    return Document(relpath, data, Positions.from_source(text, 0))


def _load(root: Path, kinds: frozenset[str]) -> Repository:
    cache = FileCache.for_repository(root)
    diagnostics: list[Diagnostic] = []
    files: list[str] = []

    def load(kind: str, file: Path) -> tuple[Any, Document]:
        loaded = _load_file(kind, file, root, cache)
        files.append(loaded.document.path)
        diagnostics.extend(loaded.diagnostics)
        return loaded.clean, loaded.document

    clean_config, config_document = load("config", root / CONFIG_FILE)
    organisation = organisation_from(clean_config, config_document) if isinstance(clean_config, dict) else None

    procedures = []
    for file in _files(root / PROCEDURES_DIR, (".md",)) if "procedure" in kinds else ():
        clean, document = load("procedure", file)
        if isinstance(clean, dict):
            procedures.append(procedure_from(clean, document))

    plans = []
    for file in _files(root / PLANS_DIR, (".yaml", ".yml")) if "plan" in kinds else ():
        clean, document = load("plan", file)
        if isinstance(clean, dict):
            plans.append(plan_from(clean, document))
    plans.sort(key=lambda plan: (plan.month or "", plan.path))

    training: tuple[TrainingRecord, ...] = ()
    training_document = None
    if "training" in kinds and (root / TRAINING_FILE).exists():
        clean_training, training_document = load("training", root / TRAINING_FILE)
        training = training_from(clean_training)

    cache.save()
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
