"""The Markdown summary of a pull request for its reviewers: procedures added, revised, retired;
who must be retrained; plans added or changed; indicators that moved; and every finding (GitHub
shows only the first ten annotations of each kind, so the summary lists them all)."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, replace

from sopdoc.change import ChangeSet, kind_of
from sopdoc.errors import UsageError
from sopdoc.gitrules import content_changed
from sopdoc.indicators import compute_indicators
from sopdoc.indicators.figures import Figure
from sopdoc.labels import Labels
from sopdoc.model import Procedure
from sopdoc.repository import Repository
from sopdoc.status import TrainingNeed, training_needs
from sopdoc.validate import ValidationResult

HEADLINE = ("forecast-accuracy", "bias", "otif", "production-attainment", "reviews-on-time", "training-coverage",
            "actions-overdue", "cycle-on-time", "data-freshness")


@dataclass(frozen=True)
class ProcedureChange:
    what: str  # added, revised, retired, reviewed, renamed, edited, deleted
    procedure: Procedure  # the working-tree version (the base one for deleted)
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Summary:
    procedures: tuple[ProcedureChange, ...]
    retrain: tuple[TrainingNeed, ...]
    plans: tuple[tuple[str, str, str], ...]  # (what, month, status)
    indicators: tuple[tuple[Figure, Figure], ...]  # (before, after), values that moved
    month: str | None


def summarise(change: ChangeSet, repo: Repository, today: dt.date) -> Summary:
    head = {procedure.path: procedure for procedure in repo.procedures}
    procedures: list[ProcedureChange] = []
    for item in change.files:
        if kind_of(item.old or item.new or "") != "procedure":
            continue
        base = change.procedures.get(item.old or "")
        now = head.get(item.new or "")
        if item.status == "D" and base is not None:
            procedures.append(ProcedureChange("deleted", base, base.revision, None))
        elif now is not None:
            procedures.append(ProcedureChange(_what(base, now, item.status), now,
                                              base.revision if base else None, now.revision))
    revised = {change_.procedure.id for change_ in procedures if change_.what in ("added", "revised", "retired")}
    retrain: tuple[TrainingNeed, ...] = ()
    if repo.organisation is not None:
        retrain = tuple(need for need in repo.training_needs if need.procedure.id in revised and not need.trained)
    plans = tuple(_plan_line(item.status, item.new or item.old or "", repo, change) for item in change.files
                  if kind_of(item.old or item.new or "") == "plan")
    moved, month = _indicators(change, repo, today)
    return Summary(tuple(procedures), retrain, plans, moved, month)


def _what(base: Procedure | None, now: Procedure, status: str) -> str:
    if base is None:
        return "added"
    if now.status == "retired" and base.status != "retired":
        return "retired"
    if base.revision is not None and now.revision is not None and now.revision > base.revision:
        return "revised"
    if content_changed(base, now):
        return "edited"
    if now.last_review != base.last_review:
        return "reviewed"
    return "renamed" if status == "R" else "edited"


def _plan_line(status: str, path: str, repo: Repository, change: ChangeSet) -> tuple[str, str, str]:
    plan = next((plan for plan in repo.plans if plan.path == path), None) or change.plans.get(path)
    what = {"A": "added", "D": "deleted"}.get(status, "changed")
    return what, (plan.month or path) if plan else path, (plan.status or "") if plan else ""


def _indicators(change: ChangeSet, repo: Repository, today: dt.date) -> tuple[tuple[tuple[Figure, Figure], ...],
                                                                              str | None]:
    """Headline totals of the latest plan month, on the base and on the working tree."""
    touched = {kind_of(item.old or item.new or "") for item in change.files}
    if not touched & {"plan", "procedure", "training", "config"}:
        return (), None
    base_repo = _base_repository(change, repo)
    try:
        after = compute_indicators(repo, None, today)
        before = compute_indicators(base_repo, after.month, today, _base_needs(change, repo, base_repo))
    except UsageError:
        return (), None
    def key(figure: Figure) -> tuple[str, int | None]:
        return figure.id, figure.lag

    olds = {key(f): f for f in before.figures if f.family is None and f.work_center is None and f.month is None}
    moved = []
    for figure in after.figures:
        if figure.id not in HEADLINE or figure.family or figure.work_center or figure.month:
            continue
        old = olds.get(key(figure))
        if old is not None and _differs(old.value, figure.value):
            moved.append((old, figure))
    return tuple(moved), after.month


def _differs(before: float | None, after: float | None) -> bool:
    if before is None or after is None:
        return (before is None) != (after is None)
    return abs(before - after) > 1e-9


def _base_repository(change: ChangeSet, repo: Repository) -> Repository:
    """The working tree with every changed file put back as it was in the base."""
    changed_new = {item.new for item in change.files if item.new}
    procedures = [p for p in repo.procedures if p.path not in changed_new] + list(change.procedures.values())
    plans = sorted([p for p in repo.plans if p.path not in changed_new] + list(change.plans.values()),
                   key=lambda plan: (plan.month or "", plan.path))
    training = change.training if change.training is not None else repo.training
    organisation = change.organisation or repo.organisation
    return replace(repo, procedures=tuple(procedures), plans=tuple(plans), training=training,
                   organisation=organisation)


def _base_needs(change: ChangeSet, repo: Repository, base: Repository) -> tuple[TrainingNeed, ...] | None:
    """The base's training needs from the working tree's, when the people and the training log did not
    change: a procedure's needs depend on it, the people and the records alone, so only the changed
    procedures are worked out again (the order differs, which the indicators do not see). None: let the
    base work them all out."""
    if base.organisation is not repo.organisation or base.training is not repo.training or base.organisation is None:
        return None
    changed = {item.new for item in change.files if item.new}
    kept = tuple(need for need in repo.training_needs if need.procedure.path not in changed)
    return kept + tuple(training_needs(change.procedures.values(), base.organisation, base.training))


# --------------------------------------------------------------------------- Markdown


def cell(text: object) -> str:
    """A table cell: HTML escaped (GitHub renders HTML in summaries), pipes and line breaks neutralised."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def _value(labels: Labels, figure: Figure) -> str:
    if figure.value is None:
        return labels("no_value")
    if figure.unit == "ratio" and figure.id != "tracking-signal":
        return labels.percent(figure.value)
    return labels.number(figure.value, 0 if figure.unit == "count" else 1)


def render_markdown(summary: Summary, result: ValidationResult, change: ChangeSet, language: str) -> str:
    labels = Labels(language)
    counts = result.summary
    lines = [f"## sopdoc check — {cell(change.ref)} ({change.base[:8]})", "",
             f"**{labels('n_errors', n=counts.errors)}, {labels('n_warnings', n=counts.warnings)}** "
             f"({labels('n_files', n=counts.files)})", ""]
    if summary.procedures:
        lines += [f"### {labels('procedures_heading')}", "",
                  f"| | {labels('procedure')} | {labels('revision')} | {labels('summary')} |", "|---|---|---|---|"]
        for item in summary.procedures:
            procedure = item.procedure
            revisions = (f"{item.before} → {item.after}" if item.before is not None and item.after is not None
                         and item.before != item.after else str(item.after or item.before or ""))
            note = next((change_.summary for change_ in procedure.changes or () if change_.revision == item.after),
                        "") if item.what in ("added", "revised", "retired") else ""
            lines.append(f"| {labels('change_' + item.what)} | {cell(procedure.id)} {cell(procedure.title or '')} | "
                         f"{revisions} | {cell(note or '')} |")
        lines.append("")
    if summary.retrain:
        lines += [f"### {labels('retrain_heading')}", "",
                  f"| {labels('person')} | {labels('role')} | {labels('procedure')} | {labels('revision')} |",
                  "|---|---|---|---|"]
        lines += [f"| {cell(need.person)} | {cell(need.role)} | {cell(need.procedure.id)} | "
                  f"{need.procedure.revision} |" for need in summary.retrain]
        lines.append("")
    if summary.plans:
        lines += [f"### {labels('plans_heading')}", ""]
        lines += [f"- {labels('change_' + what)} : {cell(month)} ({cell(status)})" if language == "fr"
                  else f"- {labels('change_' + what)}: {cell(month)} ({cell(status)})"
                  for what, month, status in summary.plans]
        lines.append("")
    if summary.indicators:
        lines += [f"### {labels('indicators_heading', month=summary.month)}", "",
                  f"| {labels('indicator')} | {labels('before')} | {labels('after')} |", "|---|---|---|"]
        lines += [f"| {cell(labels(after.id))}{f' (lag {after.lag})' if after.lag else ''} | "
                  f"{_value(labels, before)} | {_value(labels, after)} |" for before, after in summary.indicators]
        lines.append("")
    if result.diagnostics:
        lines += [f"### {labels('findings_heading')}", "",
                  f"| {labels('file_col')} | {labels('severity')} | {labels('rule')} | {labels('message')} |",
                  "|---|---|---|---|"]
        lines += [f"| {cell(d.path)}:{d.line}:{d.column} | {d.severity.value} | {cell(d.rule)} | {cell(d.message)} |"
                  for d in result.diagnostics]
        lines.append("")
    return "\n".join(lines)
