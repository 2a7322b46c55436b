"""The home page: the current plan's month and status, indicator cards against targets, alerts,
latest changes."""

from __future__ import annotations

from collections.abc import Iterator

from sopdoc.site.context import SiteContext
from sopdoc.site.render import render


def pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    report = ctx.indicators
    latest = ctx.repo.plans[-1] if ctx.repo.plans else None
    cards = []
    if report is not None:
        headline = ctx.organisation.kpi_lags[0]
        for identifier in ("forecast-accuracy", "bias", "otif", "production-attainment", "training-coverage",
                           "reviews-on-time"):
            figure = next((f for f in report.figures if f.id == identifier and f.family is None
                           and f.work_center is None and f.month is None and f.lag in (None, headline)), None)
            if figure is not None:
                cards.append(figure)
    yield "index.md", render("home.md.j2", organisation=ctx.organisation, plan=latest, cards=cards,
                             value=ctx.value, t=ctx.labels, date=ctx.date)
