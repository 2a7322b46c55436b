"""The rule catalogue: stable ids, default severities and one line of documentation each.

Users name these ids in ``sopdoc.yaml`` (``rules:``) and in CI logs, so an id never changes.
The modules of this package implement the rules; ``catalogue`` is the single list of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sopdoc.diagnostics import Severity


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity
    summary: str
    planned: bool = False  # in the contract, accepted in `rules:`, not applied yet


_E, _W = Severity.ERROR, Severity.WARNING

CATALOGUE: tuple[RuleInfo, ...] = (
    RuleInfo("yaml-syntax", _E, "a file that is not valid YAML, not UTF-8, or a Markdown file without "
             "front matter"),
    RuleInfo("yaml-duplicate-key", _E, "the same key twice in one mapping"),
    RuleInfo("yaml-unsafe", _E, "tags, aliases expanding past 10,000 nodes, nesting deeper than 50, a file "
             "over 5 MB, a symlink leaving the repository"),
    RuleInfo("schema", _E, "missing or unknown field, wrong type, impossible date, bad id pattern, value "
             "outside its enum"),
    RuleInfo("duplicate-id", _E, "two procedures or decisions with one id; an action, risk or data source id "
             "twice in one plan; a person and a role with one id"),
    RuleInfo("filename-mismatch", _E, "a procedure whose file stem is not its id or whose area folder is not its area; "
             "a plan whose file name is not its month"),
    RuleInfo("unknown-reference", _E, "a role, person, family, work center, procedure, revision, area, step or "
             "indicator that does not exist"),
    RuleInfo("reference-to-retired", _E, "an active procedure or the calendar referring to a retired procedure"),
    RuleInfo("revision-log", _E, "`changes` missing an entry for the current revision, or revisions not decreasing"),
    RuleInfo("approval-missing", _E, "an approved plan without approved.by/date; an active procedure without approver "
             "or effective date"),
    RuleInfo("plan-months", _E, "forecast/production month keys that are not YYYY-MM, not consecutive, or not starting "
             "at the cycle month"),
    RuleInfo("plan-family-missing", _E, "a family of sopdoc.yaml absent from a plan"),
    RuleInfo("plan-horizon", _W, "forecast or production shorter than plan.horizon_months"),
    RuleInfo("negative-value", _E, "a negative quantity, hours, capacity or lead time"),
    RuleInfo("lines-inconsistent", _E, "lines_on_time greater than lines_due"),
    RuleInfo("unsafe-html", _E, "<script>, <iframe>, <object>, <embed>, on…= event attributes or javascript: links "
             "in Markdown"),
    # Rules on figures and dates of the plan being prepared, reviews and training.
    RuleInfo("projected-stockout", _E, "an mts family whose projected inventory goes below zero"),
    RuleInfo("inventory-target", _W, "mts coverage outside inventory_weeks; mto backlog above backlog_weeks.max"),
    RuleInfo("capacity-overload", _W, "a work center loaded above capacity_load_max in a plan month"),
    RuleInfo("capacity-closed", _E, "load on a work center whose capacity that month is 0"),
    RuleInfo("data-stale", _W, "a data source older than its max_age_days on the plan's reference date"),
    RuleInfo("cycle-step-late", _W, "a cycle step done after its due working day, or not done when due"),
    RuleInfo("review-overdue", _W, "an active procedure past its next review"),
    RuleInfo("review-due-soon", _W, "next review within review.warn_days"),
    RuleInfo("action-overdue", _W, "an open action past its due date"),
    RuleInfo("training-gap", _W, "a person holding a training role not trained on the current revision"),
    # Git rules: `sopdoc check --base REF` compares the working tree with the merge base of REF.
    RuleInfo("revision-not-bumped", _E, "a procedure's content changed without revision + 1"),
    RuleInfo("record-modified", _E, "an approved plan or a training record changed or removed"),
    RuleInfo("document-deleted", _E, "a procedure file deleted instead of retired (drafts excepted)"),
    RuleInfo("id-changed", _E, "a procedure whose id changed under the same file"),
)

RULES: dict[str, RuleInfo] = {rule.id: rule for rule in CATALOGUE}
