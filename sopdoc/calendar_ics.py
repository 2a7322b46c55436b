"""The S&OP calendar: the next cycles' steps on their due working days and the review deadlines of
active procedures, as an agenda (for the site) and as an iCalendar file (``sopdoc calendar``).

Pure: the organisation, the procedures and a reference date in, events and the ``.ics`` bytes out.
Which cycles: the ``months`` cycle months starting with the current month, or with the next one once
every step of the current month is past. The period runs from the start of the first cycle month (or
from the reference date, when the first cycle is next month's) to the end of the last one; a review
deadline is listed when it falls in it. Every step of a listed cycle is listed, the earlier steps of a
cycle in progress included. The output is deterministic: UIDs are built from the step and month (or
the procedure and date) and the organisation's slug, DTSTAMP is the reference date at midnight UTC.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sopdoc.config import CalendarStep, Organisation
from sopdoc.labels import Labels
from sopdoc.model import Procedure
from sopdoc.months import add_months, month_index
from sopdoc.status import next_review, step_due_dates

DEFAULT_MONTHS = 3
PRODID = "-//sopdoc//S&OP calendar//EN"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class StepEvent:
    """One step of one cycle, on its due working day."""

    month: str  # the cycle month, YYYY-MM
    step: CalendarStep
    day: dt.date
    procedure: Procedure | None  # the step's procedure, when it exists

    @property
    def uid_stem(self) -> str:
        return f"{self.step.step}-{self.month}"


@dataclass(frozen=True)
class ReviewEvent:
    """The review deadline of an active procedure."""

    procedure: Procedure
    day: dt.date

    @property
    def uid_stem(self) -> str:
        return f"review-{self.procedure.id}-{self.day.isoformat()}"


@dataclass(frozen=True)
class Agenda:
    today: dt.date
    months: tuple[str, ...]  # the cycle months, in order
    first: dt.date  # the period, both ends included
    last: dt.date
    steps: tuple[StepEvent, ...]  # by date, then calendar order
    reviews: tuple[ReviewEvent, ...]  # by date, then procedure id


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_day(month: str) -> dt.date:
    year, number = divmod(month_index(month), 12)
    return dt.date(year, number + 1, 1)


def last_day(month: str) -> dt.date:
    return first_day(add_months(month, 1)) - dt.timedelta(days=1)


def cycle_months(organisation: Organisation, today: dt.date, count: int) -> tuple[str, ...]:
    """``count`` cycle months from the current one, or from the next one once this month's steps are past."""
    current = month_of(today)
    due = [day for day in step_due_dates(organisation, current).values() if day is not None]
    start = current if any(day >= today for day in due) else add_months(current, 1)
    return tuple(add_months(start, offset) for offset in range(count))


def build_agenda(organisation: Organisation, procedures: Iterable[Procedure], today: dt.date,
                 months: int = DEFAULT_MONTHS) -> Agenda:
    """The steps of the next ``months`` cycles and the review deadlines of that period."""
    cycles = cycle_months(organisation, today, months)
    first, last = min(today, first_day(cycles[0])), last_day(cycles[-1])
    by_id: dict[str, Procedure] = {}
    for procedure in sorted(procedures, key=lambda p: p.id or ""):
        if procedure.id is not None:
            by_id.setdefault(procedure.id, procedure)
    steps = []
    for month in cycles:
        due = step_due_dates(organisation, month)
        for step in organisation.calendar:
            day = due.get(step.step)
            if day is not None:
                steps.append(StepEvent(month, step, day, by_id.get(step.procedure or "")))
    reviews = []
    for procedure in by_id.values():
        deadline = next_review(procedure, organisation) if procedure.status == "active" else None
        if deadline is not None and first <= deadline <= last:
            reviews.append(ReviewEvent(procedure, deadline))
    return Agenda(today, cycles, first, last, tuple(sorted(steps, key=lambda event: event.day)),
                  tuple(sorted(reviews, key=lambda event: (event.day, event.procedure.id or ""))))


# --------------------------------------------------------------------------- texts


def organisation_slug(name: str) -> str:
    """``Mécanique Précise du Jura`` → ``mecanique-precise-du-jura`` (``sopdoc`` when nothing is left)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "sopdoc"


def actor_text(identifier: str | None, organisation: Organisation) -> str:
    """A person's name; a role's name with its people; else the identifier itself."""
    if identifier is None:
        return ""
    if identifier in organisation.people:
        return organisation.people[identifier].name
    role = organisation.roles.get(identifier)
    if role is None:
        return identifier
    names = [person.name for person in organisation.people_with_role(identifier)]
    return f"{role.name} ({', '.join(names)})" if names else role.name


def procedure_text(procedure: Procedure | None, fallback: str | None = None) -> str:
    if procedure is None:
        return fallback or ""
    return f"{procedure.id} — {procedure.title}" if procedure.title else procedure.id or ""


def step_title(event: StepEvent) -> str:
    """What a step is called: its procedure's title, else its id."""
    if event.procedure is not None and event.procedure.title:
        return event.procedure.title
    return event.step.step


def step_summary(event: StepEvent, labels: Labels) -> str:
    return labels("ics_step_summary", month=event.month, title=step_title(event))


def step_description(event: StepEvent, organisation: Organisation, labels: Labels) -> str:
    lines = [labels("ics_step_line", step=event.step.step, day=labels("working_day_n", n=event.step.working_day)),
             labels("ics_owner_line", owner=actor_text(event.step.owner, organisation))]
    if event.step.procedure:
        lines.append(labels("ics_procedure_line", procedure=procedure_text(event.procedure, event.step.procedure)))
    return "\n".join(lines)


def review_summary(event: ReviewEvent, labels: Labels) -> str:
    return labels("ics_review_summary", procedure=procedure_text(event.procedure))


def review_description(event: ReviewEvent, organisation: Organisation, labels: Labels) -> str:
    procedure = event.procedure
    return "\n".join([
        labels("ics_owner_line", owner=actor_text(procedure.owner, organisation)),
        labels("ics_procedure_line", procedure=procedure_text(procedure)),
        labels("ics_revision_line", revision=procedure.revision if procedure.revision is not None else "?"),
    ])


def clean_text(text: str) -> str:
    """One text value for iCalendar: line breaks as ``\\n``, no other control character."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# --------------------------------------------------------------------------- iCalendar


def to_ical(agenda: Agenda, organisation: Organisation) -> bytes:
    """The agenda as an iCalendar file: all-day events, stable UIDs, DTSTAMP = the reference date."""
    from icalendar import Calendar, Event

    labels = Labels(organisation.language)
    slug = organisation_slug(organisation.name)
    stamp = dt.datetime.combine(agenda.today, dt.time(0, 0), tzinfo=dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # an X- property is not escaped by icalendar: its name must stay on one line
    calendar.add("x-wr-calname", " ".join(clean_text(labels("ics_calendar_name",
                                                            organisation=organisation.name)).split()))
    items: list[tuple[dt.date, str, str, str]] = [
        (event.day, event.uid_stem, step_summary(event, labels), step_description(event, organisation, labels))
        for event in agenda.steps]
    items += [(event.day, event.uid_stem, review_summary(event, labels),
               review_description(event, organisation, labels)) for event in agenda.reviews]
    for day, stem, summary, description in sorted(items, key=lambda item: item[0]):  # steps first on a day
        event = Event()
        event.add("uid", clean_text(f"{stem}@{slug}"))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", clean_text(summary))
        event.add("description", clean_text(description))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    content: bytes = calendar.to_ical()
    return content


def build_ics(organisation: Organisation, procedures: Iterable[Procedure], today: dt.date,
              months: int = DEFAULT_MONTHS) -> bytes:
    return to_ical(build_agenda(organisation, procedures, today, months), organisation)

