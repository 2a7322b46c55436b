"""The calendar page: the upcoming cycles' steps on their working days and the review deadlines,
with the same agenda as an iCalendar file beside it (``calendar.ics``, what `sopdoc calendar` prints)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sopdoc.calendar_ics import (
    DEFAULT_MONTHS,
    Agenda,
    actor_text,
    build_agenda,
    first_day,
    month_of,
    step_title,
    to_ical,
)
from sopdoc.config import CalendarStep, Organisation
from sopdoc.labels import Labels
from sopdoc.months import add_months
from sopdoc.site.context import SiteContext
from sopdoc.site.render import render
from sopdoc.workdays import nth_working_day

ICS_FILE = "calendar.ics"


def pages(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    agenda = build_agenda(ctx.organisation, ctx.repo.procedures, ctx.settings.today, DEFAULT_MONTHS)
    yield "calendar.md", calendar_page(ctx, agenda)
    yield ICS_FILE, to_ical(agenda, ctx.organisation)


def next_due(organisation: Organisation, step: CalendarStep, today: dt.date) -> dt.date | None:
    """The step's next due working day on or after ``today`` (a month too short for it is skipped)."""
    for offset in range(3):
        day = nth_working_day(add_months(month_of(today), offset), step.working_day, organisation.country)
        if day is not None and day >= today:
            return day
    return None


def month_name(month: str, labels: Labels) -> str:
    """``2026-12`` → "décembre 2026" / "December 2026"."""
    from babel.dates import format_date

    return format_date(first_day(month), format="LLLL y", locale=labels.locale)


def calendar_page(ctx: SiteContext, agenda: Agenda) -> str:
    cycles: list[dict[str, Any]] = []
    for month in agenda.months:
        rows = [{"date": ctx.date(event.day), "step": event.step.step, "title": step_title(event),
                 "owner": actor_text(event.step.owner, ctx.organisation), "procedure": event.step.procedure or "",
                 "known": event.procedure is not None}
                for event in agenda.steps if event.month == month]
        cycles.append({"name": month_name(month, ctx.labels), "rows": rows})
    reviews = [{"date": ctx.date(event.day), "overdue": event.day < agenda.today, "id": event.procedure.id,
                "title": event.procedure.title or "", "owner": actor_text(event.procedure.owner, ctx.organisation)}
               for event in agenda.reviews]
    return render("calendar.md.j2", page="calendar.md", cycles=cycles, reviews=reviews, has_steps=bool(agenda.steps),
                  count=len(agenda.months), first=ctx.date(agenda.first), last=ctx.date(agenda.last),
                  ics=ICS_FILE, t=ctx.labels)
