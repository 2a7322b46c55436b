"""A content repository on disk → `Repository`: every file loaded, schema-checked and modelled.

Finding the root (the folder holding ``sopdoc.yaml``, searched upwards) is the only thing here
that can stop a run; everything wrong inside files becomes a diagnostic. Files the load cache knows
are not parsed again; when many are left to parse, a forked child parses part of them at the same
time (`sopdoc.worker`) and sends back their values and findings.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sopdoc.cache import FileCache, digest
from sopdoc.config import DEFAULT_COUNTRY, Organisation, organisation_from
from sopdoc.diagnostics import Diagnostic
from sopdoc.errors import UsageError
from sopdoc.formats import CONFIG, PLAN, PROCEDURE, TRAINING
from sopdoc.loading import (
    Document,
    LoadResult,
    Positions,
    load_yaml_file,
    parse_markdown_bytes,
    parse_yaml_bytes,
    read_bytes,
    split_front_matter,
)
from sopdoc.model import Plan, Procedure, TrainingRecord, plan_from, procedure_from, training_from
from sopdoc.schema import INVALID, Checker, Spec
from sopdoc.status import TrainingNeed, training_needs
from sopdoc.worker import share

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

    @cached_property
    def training_needs(self) -> tuple[TrainingNeed, ...]:
        """Who must be trained on what (`status.training_needs`), worked out once for the rules, the
        indicators and the change summary."""
        if self.organisation is None:
            return ()
        return tuple(training_needs(self.procedures, self.organisation, self.training))


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
# Below this much YAML to parse, a second process costs more than it saves (about 0.1 s of parsing).
PARALLEL_MIN_BYTES = 1 << 20
PIECES = 48  # the files to parse are shared out in about this many pieces of equal size


def load_repository(root: Path, kinds: frozenset[str] = ALL_KINDS, *,
                    parallel_min_bytes: int | None = None) -> Repository:
    """Load sopdoc.yaml and every file of these kinds; nothing here raises for bad content.

    A command that needs only procedures (`sopdoc history`) skips the plans and the training log.
    With at least ``parallel_min_bytes`` of YAML to parse (default `PARALLEL_MIN_BYTES`), a forked
    child parses part of it.
    """
    with _without_garbage_collection():
        return _load(root, kinds, PARALLEL_MIN_BYTES if parallel_min_bytes is None else parallel_min_bytes,
                     ())[0]


def load_beside(root: Path, kinds: frozenset[str], *jobs: Callable[[], Any],
                parallel_min_bytes: int | None = None) -> tuple[Repository, list[Any]]:
    """`load_repository`, and ``jobs`` run meanwhile as more pieces of the shared work, each by
    whichever of the two processes takes it first (its value pickled back from the child), the
    other parsing files. Meant for work that waits on another program (history's git pass, the
    change of `sopdoc check`) or imports a large library (`sopdoc.workdays.public_holidays`).
    With little to parse (below `PARALLEL_MIN_BYTES`), no child: the jobs run here after the files.
    Returns the jobs' values in order; their exceptions propagate as if they had run here."""
    with _without_garbage_collection():
        return _load(root, kinds, PARALLEL_MIN_BYTES if parallel_min_bytes is None else parallel_min_bytes, jobs)


def configured_country(root: Path) -> str:
    """The ``country`` of sopdoc.yaml, read on its own before the repository is loaded (the default
    when it is missing or unreadable: the loading reports why)."""
    data = load_yaml_file(root / CONFIG_FILE, CONFIG_FILE, root).document.data
    country = data.get("country") if isinstance(data, dict) else None
    return country if isinstance(country, str) else DEFAULT_COUNTRY


def procedure_files(root: Path) -> list[str]:
    """The procedure files of the repository (relative to the root), as loading finds them."""
    return [file.relative_to(root).as_posix() for file in _files(root / PROCEDURES_DIR, (".md",))]


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


@dataclass(frozen=True)
class _Unparsed:
    """A file read whose content the cache does not know: to parse and check."""

    kind: str
    relpath: str
    raw: bytes
    digest: bytes

    @property
    def cost(self) -> int:
        """About how much YAML there is to parse: the file, or a Markdown file's front matter."""
        if self.kind == "procedure":
            end = self.raw.find(b"\n---", 3)
            return end if end > 0 else len(self.raw)
        return len(self.raw)


def _read(kind: str, file: Path, root: Path, cache: FileCache) -> _Loaded | _Unparsed:
    """Read one file: unreadable or known to the cache, it is loaded; else it is to parse.

    The cache keeps the values and findings, not the source positions: a cached document finds
    its positions by parsing its text again, only if a rule asks for one.
    """
    relpath = file.relative_to(root).as_posix()
    raw, problems = read_bytes(file, relpath, root)
    if raw is None:
        return _Loaded(Document(relpath, None, Positions()), problems, INVALID)
    content_digest = digest(raw) if cache.enabled else b""
    cached = cache.get(kind, relpath, content_digest)
    if isinstance(cached, tuple) and len(cached) == 3:
        data, diagnostics, clean = cached
        return _Loaded(_document_from_source(kind, relpath, raw, data), diagnostics, clean)
    return _Unparsed(kind, relpath, raw, content_digest)


def _parse(item: _Unparsed) -> _Loaded:
    """Parse and check one file."""
    spec, parse = _KINDS[item.kind]
    result = parse(item.raw, item.relpath)
    if not result.ok and result.diagnostics:
        return _Loaded(result.document, result.diagnostics, INVALID)
    checker = Checker(result.document)
    clean = spec.check(result.document.data, (), checker)
    return _Loaded(result.document, result.diagnostics + tuple(checker.diagnostics), clean)


def _load_all(jobs: list[tuple[str, Path]], root: Path, cache: FileCache, parallel_min_bytes: int,
              beside: tuple[Callable[[], Any], ...]) -> tuple[list[_Loaded], list[Any]]:
    """Every file of ``jobs`` loaded, in order, and the values of the ``beside`` jobs. The files the
    cache does not know are parsed here and, when there are many (or jobs beside), partly in a
    forked child at the same time (`sopdoc.worker`)."""
    read = [_read(kind, file, root, cache) for kind, file in jobs]
    unparsed = {index: item for index, item in enumerate(read) if isinstance(item, _Unparsed)}
    loaded: dict[int, _Loaded] = {index: item for index, item in enumerate(read) if isinstance(item, _Loaded)}
    pieces: list[list[int] | int] = list(_pieces(unparsed, parallel_min_bytes))  # files, or a job's number
    few = len(pieces) <= 1  # little to parse: no child for so little, the jobs run here after it
    if not few:  # the jobs come second in the queue: this process takes the first piece while the child
        pieces[1:1] = range(len(beside))  # starts, so the child most often takes them (small values back)
    side: list[Any] = [None] * len(beside)

    def here(piece: int) -> None:
        files = pieces[piece]
        if isinstance(files, int):
            side[files] = beside[files]()
            return
        for index in files:
            loaded[index] = _parse(unparsed[index])

    def there(piece: int) -> Any:
        files = pieces[piece]
        if isinstance(files, int):
            return beside[files]()
        return [_to_send(_parse(unparsed[index])) for index in files]

    for piece, values in share(len(pieces), here, there).items():
        files = pieces[piece]
        if isinstance(files, int):
            side[files] = values
            continue
        for index, sent in zip(files, values, strict=True):
            item = unparsed[index]
            if sent is None:  # a file whose data is None: its findings are made here, with their document
                loaded[index] = _parse(item)
            else:
                data, diagnostics, clean = sent
                loaded[index] = _Loaded(_document_from_source(item.kind, item.relpath, item.raw, data),
                                        diagnostics, clean)
    if few:
        side = [job() for job in beside]
    for index, item in unparsed.items():
        result = loaded[index]
        cache.put(item.kind, item.relpath, item.digest, (result.document.data, result.diagnostics, result.clean))
    return [loaded[index] for index in range(len(jobs))], side


def _pieces(unparsed: dict[int, _Unparsed], parallel_min_bytes: int) -> list[list[int]]:
    """The files to parse in pieces of about equal size, largest first; one piece when they are few."""
    total = sum(item.cost for item in unparsed.values())
    if total < parallel_min_bytes:
        return [list(unparsed)] if unparsed else []
    size = total / PIECES
    pieces: list[list[int]] = []
    current: list[int] = []
    filled = 0
    for index, item in unparsed.items():
        current.append(index)
        filled += item.cost
        if filled >= size:
            pieces.append(current)
            current, filled = [], 0
    if current:
        pieces.append(current)
    pieces.sort(key=lambda piece: -sum(unparsed[index].cost for index in piece))
    return pieces


def _to_send(loaded: _Loaded) -> tuple[Any, tuple[Diagnostic, ...], Any] | None:
    """What the child sends back for a file: values and findings, as the cache keeps them (the source
    positions would cost more to send than to find again); None for a file whose data is None."""
    if loaded.document.data is None:
        return None
    return loaded.document.data, loaded.diagnostics, loaded.clean


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


def _load(root: Path, kinds: frozenset[str], parallel_min_bytes: int,
          beside: tuple[Callable[[], Any], ...]) -> tuple[Repository, list[Any]]:
    cache = FileCache.for_repository(root)
    jobs: list[tuple[str, Path]] = [("config", root / CONFIG_FILE)]
    if "procedure" in kinds:
        jobs += [("procedure", file) for file in _files(root / PROCEDURES_DIR, (".md",))]
    if "plan" in kinds:
        jobs += [("plan", file) for file in _files(root / PLANS_DIR, (".yaml", ".yml"))]
    if "training" in kinds and (root / TRAINING_FILE).exists():
        jobs.append(("training", root / TRAINING_FILE))
    loaded, side = _load_all(jobs, root, cache, parallel_min_bytes, beside)

    files = tuple(item.document.path for item in loaded)
    diagnostics = tuple(diagnostic for item in loaded for diagnostic in item.diagnostics)
    organisation = None
    procedures: list[Procedure] = []
    plans: list[Plan] = []
    training: tuple[TrainingRecord, ...] = ()
    training_document = None
    for (kind, _), item in zip(jobs, loaded, strict=True):
        clean, document = item.clean, item.document
        if kind == "config":
            organisation = organisation_from(clean, document) if isinstance(clean, dict) else None
        elif kind == "procedure" and isinstance(clean, dict):
            procedures.append(procedure_from(clean, document))
        elif kind == "plan" and isinstance(clean, dict):
            plans.append(plan_from(clean, document))
        elif kind == "training":
            training, training_document = training_from(clean), document
    plans.sort(key=lambda plan: (plan.month or "", plan.path))

    cache.save()
    return Repository(root, organisation, tuple(procedures), tuple(plans), training, training_document,
                      files, diagnostics), side


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
