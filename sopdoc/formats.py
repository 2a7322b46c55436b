"""The four file kinds of a content repository, as schema specs (SPEC section 1).

``sopdoc.yaml`` (organisation), procedure front matter, monthly plans and ``training.yaml``.
Cross-file facts (does this role exist?) are rules, not schema: see ``sopdoc.rules``.
"""

from __future__ import annotations

from typing import Any

from sopdoc.rules import RULES
from sopdoc.schema import (
    FIRST_YEAR,
    LAST_YEAR,
    YEARS,
    AnyKey,
    Date,
    Field,
    Number,
    Record,
    Seq,
    Spec,
    Table,
    Text,
    document_schema,
)

LOWER_ID = r"^[a-z][a-z0-9-]*$"
PROCEDURE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
UPPER_ID = r"^[A-Z][A-Z0-9-]*$"
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

_LOWER_HINT = "a lower-case id (letters, digits, dashes, e.g. demand-planner)"
_UPPER_HINT = "an upper-case id (letters, digits, dashes, e.g. FAM-AXES)"


def _lower(description: str = "") -> Text:
    return Text(LOWER_ID, _LOWER_HINT, description=description)


def _upper(description: str = "") -> Text:
    return Text(UPPER_ID, _UPPER_HINT, description=description)


def _procedure_id(description: str = "") -> Text:
    return Text(PROCEDURE_ID, "a procedure id (upper case with dashes, e.g. PRO-PIC-002)", description=description)


def _req(spec: Spec) -> Field:
    return Field(spec, required=True)


def _opt(spec: Spec) -> Field:
    return Field(spec)


class _Month(Text):
    """A month ``YYYY-MM`` whose year is one dates may have (month 0000-01 would crash the working-day
    arithmetic of the plan's cycle)."""

    def problem(self, value: str) -> str:
        problem = super().problem(value)
        if not problem and not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
            return f": {value} is out of range (years {FIRST_YEAR} to {LAST_YEAR})"
        return problem

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "pattern": rf"^{YEARS}-(0[1-9]|1[0-2])$"}


_TEXT = Text()
_MONTH_TEXT = _Month(MONTH, "a month YYYY-MM")
_QUANTITY = Number(nonnegative=True)
_COUNT = Number(integer=True, nonnegative=True)
_MONTH_MAP = Table(AnyKey(MONTH), Number(nonnegative=True), description="month YYYY-MM → quantity")
_OWNER = _lower("a person id or a role id")

CONFIG = Record({
    "organisation": _req(Text(description="company name shown on the site")),
    "language": _opt(Text(choices=("fr", "en"), description="labels, dates and numbers of generated pages")),
    "country": _opt(Text(r"^[A-Z]{2}$", "a two-letter country code (FR, DE, CH…)",
                         description="public holidays for working days")),
    "roles": _req(Table(_lower(), Record({
        "name": _req(_TEXT),
        "description": _opt(_TEXT),
    }), description="role id → role")),
    "people": _req(Table(_lower(), Record({
        "name": _req(_TEXT),
        "email": _opt(Text(r"^[^@\s]+@[^@\s]+$", "an e-mail address")),
        "roles": _opt(Seq(_lower())),
    }), description="person id → person")),
    "areas": _opt(Table(_lower(), Record({"name": _req(_TEXT)}), description="area id → area of procedures")),
    "families": _req(Table(_upper(), Record({
        "name": _req(_TEXT),
        "unit": _req(_TEXT),
        "strategy": _req(Text(choices=("mts", "mto"),
                              description="mts: make to stock (inventory); mto: make to order (backlog)")),
        "hours_per_unit": _opt(Table(_upper(), Number(nonnegative=True),
                                     description="work center → standard hours per unit")),
        "inventory_weeks": _opt(Record({"min": _opt(_QUANTITY), "max": _opt(_QUANTITY)})),
        "backlog_weeks": _opt(Record({"max": _req(_QUANTITY)})),
    }), description="product family id → family")),
    "work_centers": _req(Table(_upper(), Record({
        "name": _req(_TEXT),
        "hours_per_month": _req(Number(nonnegative=True)),
    }), description="work center id → work center")),
    "calendar": _opt(Seq(Record({
        "step": _req(_lower("step id")),
        "working_day": _req(Number(integer=True, minimum=1, maximum=23,
                                   description="n-th working day of the cycle month")),
        "owner": _req(_OWNER),
        "procedure": _opt(_procedure_id()),
    }))),
    "plan": _opt(Record({"horizon_months": _opt(Number(integer=True, minimum=1, maximum=60))})),
    "review": _opt(Record({
        "interval_months": _opt(Number(integer=True, minimum=1, maximum=120)),
        "warn_days": _opt(Number(integer=True, minimum=0, maximum=365)),
    })),
    "kpi": _opt(Record({
        "lags": _opt(Seq(Number(integer=True, minimum=0, maximum=24))),
        "window_months": _opt(Number(integer=True, minimum=1, maximum=36)),
        "tracking_window_months": _opt(Number(integer=True, minimum=1, maximum=36)),
        "targets": _opt(Record({name: _opt(Number(nonnegative=True)) for name in (
            "forecast_accuracy", "otif", "production_attainment", "capacity_load_max", "bias_abs_max",
            "tracking_signal_abs_max")})),
    })),
    "rules": _opt(Table(Text(choices=tuple(RULES)), Text(choices=("error", "warning", "ignore")),
                        description="rule id → severity")),
})

PROCEDURE = Record({
    "id": _req(_procedure_id()),
    "title": _req(_TEXT),
    "area": _req(_lower("area id")),
    "status": _req(Text(choices=("draft", "active", "retired"))),
    "revision": _req(Number(integer=True, minimum=1, description="+1 at each change of content")),
    "owner": _req(_OWNER),
    "approver": _opt(_OWNER),
    "effective": _opt(Date(description="date the current revision took effect")),
    "last_review": _opt(Date(description="last review without change; default: effective")),
    "review_interval_months": _opt(Number(integer=True, minimum=1, maximum=120)),
    "training_roles": _opt(Seq(_lower("role id"))),
    "indicators": _opt(Seq(_lower("indicator id"))),
    "related": _opt(Seq(_procedure_id())),
    "superseded_by": _opt(_procedure_id()),
    "steps": _opt(Seq(Record({
        "who": _req(_OWNER),
        "when": _req(_TEXT),
        "what": _req(_TEXT),
        "how": _opt(_TEXT),
        "output": _opt(_TEXT),
    }))),
    "changes": _opt(Seq(Record({
        "revision": _req(Number(integer=True, minimum=1)),
        "date": _req(Date()),
        "summary": _req(_TEXT),
    }), description="one entry per revision, newest first")),
})

PLAN = Record({
    "month": _req(_MONTH_TEXT),
    "status": _req(Text(choices=("draft", "approved"))),
    "approved": _opt(Record({"by": _opt(_OWNER), "date": _opt(Date())})),
    "data_sources": _opt(Seq(Record({
        "id": _req(_lower()),
        "description": _opt(_TEXT),
        "owner": _opt(_OWNER),
        "as_of": _req(Date()),
        "max_age_days": _opt(Number(integer=True, minimum=0)),
    }))),
    "cycle": _opt(Seq(Record({
        "step": _req(_lower("calendar step id")),
        "done": _opt(Date()),
        "attendees": _opt(Seq(_OWNER)),
        "notes": _opt(_TEXT),
    }))),
    "families": _req(Table(_upper(), Record({
        "actuals": _opt(Record({
            "demand": _opt(_QUANTITY),
            "production": _opt(_QUANTITY),
            "inventory": _opt(_QUANTITY),
            "backlog": _opt(_QUANTITY),
            "lines_due": _opt(_COUNT),
            "lines_on_time": _opt(_COUNT),
            "lead_time_days": _opt(_QUANTITY),
        }, description="the closed month before the cycle month")),
        "forecast": _req(_MONTH_MAP),
        "production": _req(_MONTH_MAP),
    }))),
    "capacity": _opt(Table(_upper(), _MONTH_MAP, description="work center → month → hours")),
    "assumptions": _opt(Seq(_TEXT)),
    "risks": _opt(Seq(Record({
        "id": _req(_TEXT),
        "description": _req(_TEXT),
        "owner": _opt(_OWNER),
        "impact": _opt(Text(choices=("low", "medium", "high"))),
    }))),
    "decisions": _opt(Seq(Record({
        "id": _req(_TEXT),
        "description": _req(_TEXT),
        "owner": _opt(_OWNER),
        "date": _opt(Date()),
    }))),
    "actions": _opt(Seq(Record({
        "id": _req(_TEXT),
        "description": _req(_TEXT),
        "owner": _req(_OWNER),
        "due": _req(Date()),
        "original_due": _opt(Date(description="the first deadline, when it was moved")),
        "status": _req(Text(choices=("open", "done"))),
        "done": _opt(Date()),
    }))),
})

TRAINING = Seq(Record({
    "person": _req(_lower("person id")),
    "procedure": _req(_procedure_id()),
    "revision": _req(Number(integer=True, minimum=1)),
    "date": _req(Date()),
    "trainer": _opt(_OWNER),
}), description="append-only log of training on procedure revisions; empty (no record yet) is fine",
    none_is_empty=True)

KINDS: dict[str, tuple[Spec, str]] = {
    "config": (CONFIG, "sopdoc.yaml: the organisation"),
    "procedure": (PROCEDURE, "Procedure front matter"),
    "plan": (PLAN, "Monthly S&OP plan"),
    "training": (TRAINING, "training.yaml: training records"),
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each file kind, by kind name."""
    return {kind: document_schema(spec, title, kind) for kind, (spec, title) in KINDS.items()}
