"""`sopdoc history` output: a table per procedure in the organisation's language, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sopdoc.history import ProcedureHistory, Revision
from sopdoc.labels import Labels
from sopdoc.listings import grid
from sopdoc.model import Procedure


def revision_record(revision: Revision) -> dict[str, Any]:
    return {
        "revision": revision.number,
        "date": revision.introduced.date.date().isoformat(),
        "author": revision.introduced.author,
        "email": revision.introduced.email,
        "commit": revision.introduced.id,
        "message": revision.introduced.subject,
        "summary": revision.summary,
        "last_commit": revision.last.id,
        "path": revision.path,
        "commits": [commit.id for commit in revision.commits],
    }


def history_record(procedure: Procedure, history: ProcedureHistory) -> dict[str, Any]:
    return {
        "procedure": procedure.id,
        "title": procedure.title,
        "path": history.path,
        "revision": procedure.revision,
        "revisions": [revision_record(revision) for revision in history.revisions],
    }


def render_json(items: Sequence[tuple[Procedure, ProcedureHistory]], *, shallow: bool, single: bool) -> str:
    records = [history_record(procedure, history) for procedure, history in items]
    payload: dict[str, Any] = records[0] if single and records else {"procedures": records}
    payload["shallow"] = shallow
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render_text(items: Sequence[tuple[Procedure, ProcedureHistory]], language: str, *, shallow: bool) -> str:
    labels = Labels(language)
    blocks = []
    for procedure, history in items:
        title = f"{procedure.id} — {procedure.title} ({history.path})"
        lines = [title]
        newest = history.revisions[0].number if history.revisions else None
        if procedure.revision is not None and procedure.revision != newest:
            lines.append(labels("uncommitted", revision=procedure.revision))
        if not history.revisions:
            lines.append(labels("no_history"))
        else:
            rows = [[labels("revision"), labels("date_col"), labels("author"), labels("commit"), labels("summary")]]
            for revision in history.revisions:
                rows.append([
                    "?" if revision.number is None else str(revision.number),
                    revision.introduced.date.date().isoformat(),
                    revision.introduced.author,
                    revision.introduced.short,
                    revision.summary or revision.introduced.subject,
                ])
            lines.extend(grid(rows))
        blocks.append("\n".join(lines))
    if shallow:
        blocks.append(labels("shallow_history"))
    return "\n\n".join(blocks) + "\n"
