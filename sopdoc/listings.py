"""`sopdoc reviews` and `sopdoc training`: what is due, as a table in the organisation's language
or as JSON. Pure: the functions take the facts of `sopdoc.status` and return text."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sopdoc.config import Organisation
from sopdoc.labels import Labels
from sopdoc.status import ReviewStatus, TrainingNeed


def grid(rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns left-aligned, two spaces apart."""
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def _owner(identifier: str | None, organisation: Organisation) -> str:
    if identifier is None:
        return ""
    if identifier in organisation.people:
        return organisation.people[identifier].name
    names = [person.name for person in organisation.people_with_role(identifier)]
    return f"{identifier} ({', '.join(names)})" if names else identifier


def due_reviews(statuses: Sequence[ReviewStatus], organisation: Organisation) -> list[ReviewStatus]:
    """Overdue reviews and those due within ``review.warn_days``, soonest first."""
    return [status for status in statuses if status.days_left <= organisation.review_warn_days]


def render_reviews(statuses: Sequence[ReviewStatus], organisation: Organisation) -> str:
    labels = Labels(organisation.language)
    if not statuses:
        return labels("nothing_due", days=organisation.review_warn_days) + "\n"
    rows = [[labels("procedure"), labels("title_col"), labels("owner"), labels("next_review"), labels("state")]]
    for status in statuses:
        procedure = status.procedure
        state = (f"{labels('overdue')} {labels('days_late', days=-status.days_left)}" if status.overdue
                 else f"{labels('due_soon')} {labels('days_left', days=status.days_left)}")
        rows.append([procedure.id or "", procedure.title or "", _owner(procedure.owner, organisation),
                     labels.date(status.next_review), state])
    return "\n".join([labels("reviews_title"), *grid(rows)]) + "\n"


def reviews_json(statuses: Sequence[ReviewStatus]) -> str:
    return json.dumps({"reviews": [
        {"procedure": status.procedure.id, "title": status.procedure.title, "owner": status.procedure.owner,
         "path": status.procedure.path, "next_review": status.next_review.isoformat(),
         "days_left": status.days_left, "overdue": status.overdue}
        for status in statuses
    ]}, ensure_ascii=False, indent=2)


def render_training(needs: Sequence[TrainingNeed], organisation: Organisation) -> str:
    labels = Labels(organisation.language)
    if not needs:
        return labels("all_trained") + "\n"
    rows = [[labels("person"), labels("role"), labels("procedure"), labels("revision"), labels("trained_on")]]
    for need in needs:
        person = organisation.people[need.person]
        rows.append([f"{person.name} ({person.id})", need.role,
                     f"{need.procedure.id} {need.procedure.title or ''}".rstrip(), str(need.procedure.revision),
                     str(need.trained_revision) if need.trained_revision is not None else labels("none")])
    return "\n".join([labels("training_title"), *grid(rows)]) + "\n"


def training_json(needs: Sequence[TrainingNeed]) -> str:
    return json.dumps({"training": [
        {"person": need.person, "role": need.role, "procedure": need.procedure.id,
         "revision": need.procedure.revision, "trained_revision": need.trained_revision}
        for need in needs
    ]}, ensure_ascii=False, indent=2)
