"""`sopdoc kpi`, `sopdoc reviews` and `sopdoc training`: the figures and what is due."""

from __future__ import annotations

import datetime as dt

import click

from sopdoc import kpi_output, listings
from sopdoc.cli.base import load, main, organisation_of, repository_root, today_option, warn_if_invalid
from sopdoc.errors import UsageError
from sopdoc.indicators import compute_indicators
from sopdoc.repository import load_repository
from sopdoc.schema import suggest
from sopdoc.status import review_statuses, training_needs


@main.command("kpi")
@click.option("--month", metavar="YYYY-MM", help="Cycle month (default: the latest plan).")
@click.option("--format", "output_format", type=click.Choice(("table", "json", "csv")), default="table",
              show_default=True, help="table: aligned, in the organisation's language; json and csv: SPEC 3 records.")
@today_option
def kpi_command(month: str | None, output_format: str, today: dt.date) -> None:
    """The S&OP indicators of a cycle month, per family and in total, against their targets."""
    repo, _ = load(repository_root(), today)
    report = compute_indicators(repo, month, today)
    if output_format == "json":
        click.echo(kpi_output.render_json(report))
    elif output_format == "csv":
        click.echo(kpi_output.render_csv(report), nl=False)
    else:
        click.echo(kpi_output.render_table(report, organisation_of(repo)), nl=False)
    warn_if_invalid(repo)


@main.command("reviews")
@click.option("--format", "output_format", type=click.Choice(("table", "json")), default="table",
              show_default=True, help="table in the organisation's language, or json.")
@today_option
def reviews_command(output_format: str, today: dt.date) -> None:
    """Procedures whose review is overdue or due within review.warn_days, soonest first."""
    repo = load_repository(repository_root())
    organisation = organisation_of(repo)
    statuses = listings.due_reviews(review_statuses(repo.procedures, organisation, today), organisation)
    if output_format == "json":
        click.echo(listings.reviews_json(statuses))
    else:
        click.echo(listings.render_reviews(statuses, organisation), nl=False)


@main.command("training")
@click.option("--person", metavar="ID", help="Only this person.")
@click.option("--format", "output_format", type=click.Choice(("table", "json")), default="table",
              show_default=True, help="table in the organisation's language, or json.")
def training_command(person: str | None, output_format: str) -> None:
    """Who must be trained on which revision of which procedure."""
    repo = load_repository(repository_root())
    organisation = organisation_of(repo)
    if person is not None and person not in organisation.people:
        raise UsageError(f"no person {person!r} in sopdoc.yaml{suggest(person, organisation.people)}")
    needs = [need for need in training_needs(repo.procedures, organisation, repo.training)
             if not need.trained and (person is None or need.person == person)]
    if output_format == "json":
        click.echo(listings.training_json(needs))
    else:
        click.echo(listings.render_training(needs, organisation), nl=False)
