"""What a pull request changes: the files that differ from the merge base, and their base versions.

`collect_change` is the I/O edge (git diff, one cat-file batch); everything after it works on the
returned `ChangeSet`: base documents are loaded with the same loader and schema as the working tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from sopdoc.config import Organisation, organisation_from
from sopdoc.formats import CONFIG, PLAN, PROCEDURE, TRAINING
from sopdoc.gitio import GitRepository
from sopdoc.loading import LoadResult, parse_markdown_bytes, parse_yaml_bytes
from sopdoc.model import Plan, Procedure, TrainingRecord, plan_from, procedure_from, training_from
from sopdoc.repository import CONFIG_FILE, PLANS_DIR, PROCEDURES_DIR, TRAINING_FILE
from sopdoc.schema import Checker, Spec


@dataclass(frozen=True)
class FileChange:
    status: str  # A added, M modified, D deleted, R renamed (maybe modified)
    old: str | None  # path in the base (content-root relative), None when added
    new: str | None  # path in the working tree, None when deleted


@dataclass
class ChangeSet:
    base: str  # the merge-base commit
    ref: str  # the base as the user named it
    files: list[FileChange] = field(default_factory=list)
    procedures: dict[str, Procedure] = field(default_factory=dict)  # base path → base version
    plans: dict[str, Plan] = field(default_factory=dict)
    training: tuple[TrainingRecord, ...] | None = None  # None: unchanged
    training_data: Any = None  # raw base training list, for the append-only comparison
    plan_data: dict[str, Any] = field(default_factory=dict)  # base path → raw base data
    organisation: Organisation | None = None  # base sopdoc.yaml when it changed


def kind_of(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    if path == CONFIG_FILE:
        return "config"
    if path == TRAINING_FILE:
        return "training"
    if parts[:1] == (PROCEDURES_DIR,) and path.endswith(".md"):
        return "procedure"
    if parts[:1] == (PLANS_DIR,) and path.endswith((".yaml", ".yml")):
        return "plan"
    return None


def parse_diff(output: str, gitrepo: GitRepository) -> Iterator[FileChange]:
    """``git diff -M --name-status -z`` → changes of content files (paths relative to the content root)."""
    tokens = [token for token in output.split("\x00") if token]
    index = 0
    while index < len(tokens):
        status = tokens[index][:1]
        width = 2 if status in ("R", "C") else 1
        paths = [gitrepo.path_in_content(path) for path in tokens[index + 1:index + 1 + width]]
        index += 1 + width
        if status == "C":  # a copy is an addition
            status, paths = "A", [paths[-1]]
        old = paths[0] if status in ("M", "D", "R", "T") else None
        new = paths[-1] if status != "D" else None
        if status == "T":
            status = "M"
        if any(path is not None and kind_of(path) for path in (old, new)):
            yield FileChange(status, old, new)


_PARSERS = {"procedure": parse_markdown_bytes, "plan": parse_yaml_bytes, "training": parse_yaml_bytes,
            "config": parse_yaml_bytes}
_SPECS: dict[str, Spec] = {"procedure": PROCEDURE, "plan": PLAN, "training": TRAINING, "config": CONFIG}


def _checked(kind: str, raw: bytes, path: str) -> tuple[LoadResult, Any]:
    result = _PARSERS[kind](raw, path)
    return result, _SPECS[kind].check(result.document.data, (), Checker(result.document))


def collect_change(gitrepo: GitRepository, ref: str) -> ChangeSet:
    """Files changed between the merge base of ``ref`` and HEAD, and the working tree; base versions loaded."""
    commit = gitrepo.resolve(ref)
    base = gitrepo.merge_base(commit)
    change = ChangeSet(base, ref, list(parse_diff(gitrepo.diff_name_status(base), gitrepo)))
    for path in gitrepo.untracked():  # new files not added yet are part of the change too
        relpath = gitrepo.path_in_content(path)
        if relpath is not None and kind_of(relpath):
            change.files.append(FileChange("A", None, relpath))
    wanted = [(item.old, kind_of(item.old)) for item in change.files if item.old is not None and kind_of(item.old)]
    blobs = gitrepo.read_blobs([f"{base}:{gitrepo.path_in_repo(path)}" for path, _ in wanted])
    for (path, kind), raw in zip(wanted, blobs, strict=True):
        if raw is None or kind is None:
            continue
        result, clean = _checked(kind, raw, path)
        if not isinstance(clean, dict | list):
            continue
        if kind == "procedure" and isinstance(clean, dict):
            change.procedures[path] = procedure_from(clean, result.document)
        elif kind == "plan" and isinstance(clean, dict):
            change.plans[path] = plan_from(clean, result.document)
            change.plan_data[path] = result.document.data
        elif kind == "training":
            change.training = training_from(clean)
            change.training_data = result.document.data
        elif kind == "config" and isinstance(clean, dict):
            change.organisation = organisation_from(clean, result.document)
    return change
