"""``sopdoc.yaml`` → `Organisation`: roles, people, families, work centers, calendar, targets.

Built from the *clean* value the schema check returns: a field that failed the schema is absent
and falls back to the documented default, so the other files can still be checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sopdoc.diagnostics import Severity
from sopdoc.loading import Document, Path_

DEFAULT_AREAS = {
    "demand": "Demand",
    "supply": "Supply",
    "reconciliation": "Reconciliation",
    "executive": "Executive",
    "support": "Support",
}


@dataclass(frozen=True)
class Role:
    id: str
    name: str


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    unit: str
    strategy: str | None  # "mts" | "mto"; None when invalid
    hours_per_unit: Mapping[str, float]
    inventory_weeks_min: float | None
    inventory_weeks_max: float | None
    backlog_weeks_max: float | None


@dataclass(frozen=True)
class WorkCenter:
    id: str
    name: str
    hours_per_month: float | None


@dataclass(frozen=True)
class CalendarStep:
    step: str
    working_day: int
    owner: str
    procedure: str | None
    at: Path_  # where it stands in sopdoc.yaml


@dataclass(frozen=True)
class Targets:
    forecast_accuracy: float = 0.80
    otif: float = 0.95
    production_attainment: float = 0.95
    capacity_load_max: float = 1.00
    bias_abs_max: float = 0.10
    tracking_signal_abs_max: float = 4.0


@dataclass(frozen=True)
class Organisation:
    name: str
    language: str
    country: str
    roles: Mapping[str, Role]
    people: Mapping[str, Person]
    areas: Mapping[str, str]  # id → display name
    families: Mapping[str, Family]
    work_centers: Mapping[str, WorkCenter]
    calendar: tuple[CalendarStep, ...]
    horizon_months: int
    review_interval_months: int
    review_warn_days: int
    kpi_lags: tuple[int, ...]
    kpi_window_months: int
    kpi_tracking_window_months: int
    targets: Targets
    severities: Mapping[str, Severity]
    present: frozenset[str]  # the top-level fields written in sopdoc.yaml
    document: Document = field(compare=False, repr=False)

    def is_actor(self, identifier: str) -> bool:
        """A person id or a role id: who may own, attend, train or perform a step."""
        return identifier in self.people or identifier in self.roles

    def people_with_role(self, role: str) -> tuple[Person, ...]:
        return tuple(person for person in self.people.values() if role in person.roles)


DEFAULT_COUNTRY = "FR"


def organisation_from(clean: Mapping[str, Any], document: Document) -> Organisation:
    """Build the organisation from the schema-checked mapping of ``sopdoc.yaml``."""
    kpi = clean.get("kpi", {})
    areas = clean.get("areas")
    return Organisation(
        name=clean.get("organisation", ""),
        language=clean.get("language", "fr"),
        country=clean.get("country", DEFAULT_COUNTRY),
        roles={key: Role(key, value.get("name", key)) for key, value in clean.get("roles", {}).items()},
        people={key: Person(key, value.get("name", key), value.get("email"), _texts(value.get("roles", ())))
                for key, value in clean.get("people", {}).items()},
        areas={key: value.get("name", key) for key, value in areas.items()} if areas is not None
        else dict(DEFAULT_AREAS),
        families={key: _family(key, value) for key, value in clean.get("families", {}).items()},
        work_centers={key: WorkCenter(key, value.get("name", key), value.get("hours_per_month"))
                      for key, value in clean.get("work_centers", {}).items()},
        calendar=tuple(
            CalendarStep(step["step"], step["working_day"], step["owner"], step.get("procedure"), ("calendar", index))
            for index, step in enumerate(clean.get("calendar", ()))
            if isinstance(step, dict) and {"step", "working_day", "owner"} <= step.keys()
        ),
        horizon_months=clean.get("plan", {}).get("horizon_months", 18),
        review_interval_months=clean.get("review", {}).get("interval_months", 12),
        review_warn_days=clean.get("review", {}).get("warn_days", 30),
        kpi_lags=tuple(lag for lag in kpi.get("lags", (1, 3)) if isinstance(lag, int)) or (1,),
        kpi_window_months=kpi.get("window_months", 3),
        kpi_tracking_window_months=kpi.get("tracking_window_months", 6),
        targets=Targets(**kpi.get("targets", {})),
        severities={rule: Severity(level) for rule, level in clean.get("rules", {}).items()},
        present=frozenset(key for key in document.data if isinstance(key, str))
        if isinstance(document.data, dict) else frozenset(),
        document=document,
    )


def _texts(values: Any) -> tuple[str, ...]:
    return tuple(value for value in values if isinstance(value, str))


def _family(key: str, value: Mapping[str, Any]) -> Family:
    inventory = value.get("inventory_weeks", {})
    return Family(
        id=key,
        name=value.get("name", key),
        unit=value.get("unit", ""),
        strategy=value.get("strategy"),
        hours_per_unit=dict(value.get("hours_per_unit", {})),
        inventory_weeks_min=inventory.get("min"),
        inventory_weeks_max=inventory.get("max"),
        backlog_weeks_max=value.get("backlog_weeks", {}).get("max"),
    )
