"""Procedures, plans and training records as frozen dataclasses.

Built from schema-checked values: a field that failed its check is ``None`` (or left out of a
collection), never a made-up default. Every element keeps ``at``, its path in the source
document, so that rules can point at the exact line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sopdoc.loading import Document, Path_

INDICATORS: tuple[str, ...] = (
    "wape", "forecast-accuracy", "bias", "tracking-signal", "fva", "plan-churn",
    "otif", "lead-time", "production-attainment",
    "capacity-load", "inventory-coverage", "backlog-weeks",
    "reviews-on-time", "training-coverage", "actions-overdue", "actions-on-time", "cycle-on-time",
    "data-freshness",
)


# --------------------------------------------------------------------------- procedures


@dataclass(frozen=True)
class Step:
    who: str | None
    when: str | None
    what: str | None
    how: str | None
    output: str | None
    at: Path_


@dataclass(frozen=True)
class Change:
    revision: int | None
    date: dt.date | None
    summary: str | None
    at: Path_


@dataclass(frozen=True)
class Procedure:
    id: str | None
    title: str | None
    area: str | None
    status: str | None
    revision: int | None
    owner: str | None
    approver: str | None
    effective: dt.date | None
    last_review: dt.date | None
    review_interval_months: int | None
    training_roles: tuple[tuple[str, Path_], ...]
    indicators: tuple[tuple[str, Path_], ...]
    related: tuple[tuple[str, Path_], ...]
    superseded_by: str | None
    steps: tuple[Step, ...]
    changes: tuple[Change, ...] | None  # None: no `changes` field
    present: frozenset[str]  # the fields written in the file, valid or not
    document: Document = field(compare=False, repr=False)

    @property
    def path(self) -> str:
        return self.document.path


def procedure_from(clean: Mapping[str, Any], document: Document) -> Procedure:
    """Build a procedure from its schema-checked front matter (``document.data`` is the raw one)."""
    changes = clean.get("changes")
    return Procedure(
        id=clean.get("id"),
        title=clean.get("title"),
        area=clean.get("area"),
        status=clean.get("status"),
        revision=clean.get("revision"),
        owner=clean.get("owner"),
        approver=clean.get("approver"),
        effective=clean.get("effective"),
        last_review=clean.get("last_review"),
        review_interval_months=clean.get("review_interval_months"),
        training_roles=_located(clean, "training_roles"),
        indicators=_located(clean, "indicators"),
        related=_located(clean, "related"),
        superseded_by=clean.get("superseded_by"),
        steps=tuple(
            Step(step.get("who"), step.get("when"), step.get("what"), step.get("how"), step.get("output"),
                 ("steps", index))
            for index, step in _records(clean, "steps")
        ),
        changes=None if changes is None else tuple(
            Change(change.get("revision"), change.get("date"), change.get("summary"), ("changes", index))
            for index, change in _records(clean, "changes")
        ),
        present=_keys(document.data),
        document=document,
    )


# --------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class Actuals:
    demand: float | None = None
    production: float | None = None
    inventory: float | None = None
    backlog: float | None = None
    lines_due: int | None = None
    lines_on_time: int | None = None
    lead_time_days: float | None = None


@dataclass(frozen=True)
class FamilyPlan:
    family: str
    actuals: Actuals | None
    forecast: Mapping[Any, float]  # month "YYYY-MM" → quantity (valid quantities only)
    production: Mapping[Any, float]
    months_written: Mapping[str, tuple[Any, ...]]  # "forecast"/"production" (if written) → keys in file order
    at: Path_


@dataclass(frozen=True)
class DataSource:
    id: str | None
    description: str | None
    owner: str | None
    as_of: dt.date | None
    max_age_days: int | None
    at: Path_


@dataclass(frozen=True)
class CycleEntry:
    step: str | None
    done: dt.date | None
    attendees: tuple[tuple[str, Path_], ...]
    at: Path_


@dataclass(frozen=True)
class Risk:
    id: str | None
    description: str | None
    owner: str | None
    impact: str | None
    at: Path_


@dataclass(frozen=True)
class Decision:
    id: str | None
    description: str | None
    owner: str | None
    date: dt.date | None
    at: Path_


@dataclass(frozen=True)
class Action:
    id: str | None
    description: str | None
    owner: str | None
    due: dt.date | None
    original_due: dt.date | None
    status: str | None
    done: dt.date | None
    at: Path_


@dataclass(frozen=True)
class Plan:
    month: str | None
    status: str | None
    approved_by: str | None
    approved_date: dt.date | None
    approval_present: frozenset[str] | None  # fields written under `approved`; None: no `approved`
    data_sources: tuple[DataSource, ...]
    cycle: tuple[CycleEntry, ...]
    families: Mapping[str, FamilyPlan]
    capacity: Mapping[str, Mapping[Any, float]]
    assumptions: tuple[str, ...]
    risks: tuple[Risk, ...]
    decisions: tuple[Decision, ...]
    actions: tuple[Action, ...]
    listed_families: frozenset[str]  # family ids written in the file, valid or not
    document: Document = field(compare=False, repr=False)

    @property
    def path(self) -> str:
        return self.document.path


def plan_from(clean: Mapping[str, Any], document: Document) -> Plan:
    """Build a plan from its schema-checked mapping (``document.data`` is the raw one)."""
    approved = clean.get("approved")
    raw = document.data if isinstance(document.data, dict) else {}
    return Plan(
        month=clean.get("month"),
        status=clean.get("status"),
        approved_by=(approved or {}).get("by"),
        approved_date=(approved or {}).get("date"),
        approval_present=_keys(raw["approved"]) if "approved" in raw else None,
        data_sources=tuple(
            DataSource(item.get("id"), item.get("description"), item.get("owner"), item.get("as_of"),
                       item.get("max_age_days"), ("data_sources", index))
            for index, item in _records(clean, "data_sources")
        ),
        cycle=tuple(
            CycleEntry(item.get("step"), item.get("done"), _located(item, "attendees", ("cycle", index)),
                       ("cycle", index))
            for index, item in _records(clean, "cycle")
        ),
        families={
            family: FamilyPlan(
                family,
                Actuals(**value["actuals"]) if "actuals" in value else None,
                value.get("forecast", {}),
                value.get("production", {}),
                _written_keys(raw, family),
                ("families", family),
            )
            for family, value in clean.get("families", {}).items()
        },
        capacity=clean.get("capacity", {}),
        assumptions=tuple(text for text in clean.get("assumptions", ()) if isinstance(text, str)),
        risks=tuple(
            Risk(item.get("id"), item.get("description"), item.get("owner"), item.get("impact"), ("risks", index))
            for index, item in _records(clean, "risks")
        ),
        decisions=tuple(
            Decision(item.get("id"), item.get("description"), item.get("owner"), item.get("date"),
                     ("decisions", index))
            for index, item in _records(clean, "decisions")
        ),
        actions=tuple(
            Action(item.get("id"), item.get("description"), item.get("owner"), item.get("due"),
                   item.get("original_due"), item.get("status"), item.get("done"), ("actions", index))
            for index, item in _records(clean, "actions")
        ),
        listed_families=_keys(raw.get("families")),
        document=document,
    )


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainingRecord:
    person: str | None
    procedure: str | None
    revision: int | None
    date: dt.date | None
    trainer: str | None
    at: Path_


def training_from(clean: Any) -> tuple[TrainingRecord, ...]:
    if not isinstance(clean, list):
        return ()
    return tuple(
        TrainingRecord(item.get("person"), item.get("procedure"), item.get("revision"), item.get("date"),
                       item.get("trainer"), (index,))
        for index, item in enumerate(clean)
        if isinstance(item, dict)
    )


# --------------------------------------------------------------------------- helpers


def _written_keys(raw: Mapping[str, Any], family: str) -> dict[str, tuple[Any, ...]]:
    """The month keys of each series as written, valid values or not (for `plan-months`)."""
    entry = raw.get("families", {}).get(family, {})
    return {name: tuple(entry[name]) for name in ("forecast", "production") if isinstance(entry.get(name), dict)}


def _keys(value: Any) -> frozenset[str]:
    return frozenset(key for key in value if isinstance(key, str)) if isinstance(value, dict) else frozenset()


def _records(clean: Mapping[str, Any], name: str) -> list[tuple[int, Mapping[str, Any]]]:
    """The valid mappings of a list field, with their original indexes."""
    values = clean.get(name)
    if not isinstance(values, list):
        return []
    return [(index, value) for index, value in enumerate(values) if isinstance(value, dict)]


def _located(clean: Mapping[str, Any], name: str, base: Path_ = ()) -> tuple[tuple[str, Path_], ...]:
    """The valid strings of a list field, each with its path (for precise findings)."""
    values = clean.get(name)
    if not isinstance(values, list):
        return ()
    return tuple((value, (*base, name, index)) for index, value in enumerate(values) if isinstance(value, str))
