"""The rules that compare with the git base (SPEC 2, second table): `revision-not-bumped`,
`record-modified`, `document-deleted`, `id-changed`. Pure: a `ChangeSet` and the loaded working
tree in, diagnostics out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sopdoc.change import ChangeSet, FileChange, kind_of
from sopdoc.diagnostics import Diagnostic, Severity
from sopdoc.loading import Document, Path_
from sopdoc.model import Plan, Procedure
from sopdoc.repository import Repository

NOT_CONTENT = frozenset({"revision", "last_review", "changes"})  # a review moves only these


def check_change(change: ChangeSet, repo: Repository) -> Iterator[Diagnostic]:
    procedures = {procedure.path: procedure for procedure in repo.procedures}
    plans = {plan.path: plan for plan in repo.plans}
    for item in change.files:
        kind = kind_of(item.old or item.new or "")
        if kind == "procedure":
            yield from _procedure(item, change.procedures.get(item.old or ""), procedures.get(item.new or ""))
        elif kind == "plan":
            yield from _plan(item, change.plans.get(item.old or ""), change.plan_data.get(item.old or ""),
                             plans.get(item.new or ""))
        elif kind == "training" and change.training_data is not None:
            yield from _training(change.training_data, repo.training_document, item)


def content_changed(base: Procedure, head: Procedure) -> bool:
    """Body or any front-matter field other than revision, last_review and changes differs."""
    if _normalise(base.document.body) != _normalise(head.document.body):
        return True
    return bool(_content_fields(base.document.data) != _content_fields(head.document.data))


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def _content_fields(data: Any) -> Any:
    return {key: value for key, value in data.items() if key not in NOT_CONTENT} if isinstance(data, dict) else data


def _procedure(item: FileChange, base: Procedure | None, head: Procedure | None) -> Iterator[Diagnostic]:
    if item.status == "D":
        if base is not None and base.status != "draft":
            yield Diagnostic(item.old or "", 1, 1, "document-deleted", Severity.ERROR,
                             f"procedure {base.id} was deleted; restore the file and retire it instead "
                             "(status: retired, with superseded_by)")
        return
    if base is None or head is None:
        return
    if base.id and head.id and base.id != head.id:
        yield head.document.diagnostic(("id",), "id-changed",
                                       f"id changed from {base.id} to {head.id}; an id is permanent: retire "
                                       f"{base.id} and create {head.id} as a new file")
    if base.status != "active" or base.revision is None or head.revision is None:
        return
    if content_changed(base, head) and head.revision != base.revision + 1:
        if head.revision <= base.revision:
            message = (f"content changed but revision is still {head.revision}; set revision: {base.revision + 1} "
                       "and add its changes entry")
        else:
            message = (f"revision goes from {base.revision} to {head.revision}; one change of content is one "
                       f"revision: set revision: {base.revision + 1}")
        yield head.document.diagnostic(("revision",), "revision-not-bumped", message)


def _plan(item: FileChange, base: Plan | None, base_data: Any, head: Plan | None) -> Iterator[Diagnostic]:
    if base is None or base.status != "approved":
        return
    if item.status == "D" or head is None:
        yield Diagnostic(item.old or "", 1, 1, "record-modified", Severity.ERROR,
                         f"the approved plan {base.month} was deleted; an approved plan is a record: restore it")
        return
    where = first_difference(base_data, head.document.data)
    if where is not None:
        yield head.document.diagnostic(where, "record-modified",
                                       f"the approved plan {base.month} changed; an approved plan is a record: "
                                       "undo this change and record corrections in the next plan")


def _training(base_data: Any, head: Document | None, item: FileChange) -> Iterator[Diagnostic]:
    if not isinstance(base_data, list):
        return
    if item.status == "D" or head is None:
        yield Diagnostic(item.old or "", 1, 1, "record-modified", Severity.ERROR,
                         "the training log was deleted; it is append-only: restore it")
        return
    head_data = head.data if isinstance(head.data, list) else []
    for index, entry in enumerate(base_data):
        if index >= len(head_data):
            yield head.diagnostic((len(head_data) - 1,) if head_data else (), "record-modified",
                                  f"training record {index + 1} and those after it were removed; the log is "
                                  "append-only: restore them")
            return
        if head_data[index] != entry:
            yield head.diagnostic((index,), "record-modified",
                                  f"training record {index + 1} changed; the log is append-only: restore it and "
                                  "add a correcting record at the end")
            return


def first_difference(before: Any, after: Any, path: Path_ = ()) -> Path_ | None:
    """The path of the first value that differs between two loaded documents (None when equal)."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*after, *(key for key in before if key not in after)]:
            if key not in before or key not in after:
                return (*path, key) if key in after else path
            found = first_difference(before[key], after[key], (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(before, list) and isinstance(after, list):
        for index, (old, new) in enumerate(zip(before, after, strict=False)):
            found = first_difference(old, new, (*path, index))
            if found is not None:
                return found
        return None if len(before) == len(after) else path
    return None if before == after and type(before) is type(after) else path
