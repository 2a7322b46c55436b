"""`sopdoc calendar`: the next cycles' steps on their working days (French public holidays skipped)
and the review deadlines, as a deterministic iCalendar file; --output never replaces a file unless
--force."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from sopdoc.calendar_ics import build_agenda, cycle_months, organisation_slug, to_ical
from sopdoc.repository import load_repository
from tests.conftest import ContentRepo

Event = tuple[str, str, str]  # UID, DTSTART, SUMMARY


def events(content: bytes) -> list[Event]:
    calendar = Calendar.from_ical(content)
    return [(str(event["UID"]), event.decoded("DTSTART").isoformat(), str(event["SUMMARY"]))
            for event in calendar.walk("VEVENT")]


def descriptions(content: bytes) -> dict[str, str]:
    return {str(event["UID"]): str(event["DESCRIPTION"]) for event in Calendar.from_ical(content).walk("VEVENT")}


def test_the_next_three_cycles_skip_a_finished_month(repo: ContentRepo) -> None:
    # 2026-11-25: November's last step (10th working day: 16 November, after the 11th) is past
    result = repo.run("calendar", "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert events(result.stdout_bytes) == [
        ("demand-review-2026-12@atelier-test", "2026-12-04", "PIC 2026-12 — Revue de la demande"),
        ("executive-review-2026-12@atelier-test", "2026-12-14", "PIC 2026-12 — Revue de direction"),
        # 1 January is a holiday: the 4th working day is Thursday 7th, the 10th Friday 15th
        ("review-PRO-PIC-002-2027-01-06@atelier-test", "2027-01-06",
         "Revue de procédure : PRO-PIC-002 — Revue de direction"),
        ("demand-review-2027-01@atelier-test", "2027-01-07", "PIC 2027-01 — Revue de la demande"),
        ("executive-review-2027-01@atelier-test", "2027-01-15", "PIC 2027-01 — Revue de direction"),
        ("demand-review-2027-02@atelier-test", "2027-02-04", "PIC 2027-02 — Revue de la demande"),
        ("executive-review-2027-02@atelier-test", "2027-02-12", "PIC 2027-02 — Revue de direction"),
    ]
    # PRO-PIC-001's review (2027-03-02) is after the period: left out
    assert descriptions(result.stdout_bytes)["demand-review-2026-12@atelier-test"] == (
        "Étape : demand-review (J4 ouvré)\nResponsable : Prévisionniste (Marc Martin)\n"
        "Procédure : PRO-PIC-001 — Revue de la demande")
    assert descriptions(result.stdout_bytes)["review-PRO-PIC-002-2027-01-06@atelier-test"] == (
        "Responsable : Gérante (Julie Dupont)\nProcédure : PRO-PIC-002 — Revue de direction\n"
        "Révision en vigueur : 1")


def test_all_day_events_stamped_with_the_reference_date(repo: ContentRepo) -> None:
    lines = repo.run("calendar", "--today", "2026-11-25", "--months", "1").stdout_bytes.decode().split("\r\n")
    assert lines[:6] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sopdoc//S&OP calendar//EN",
                         "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Calendrier PIC — Atelier Test"]
    first = lines[lines.index("BEGIN:VEVENT"):lines.index("END:VEVENT") + 1]
    assert first == [
        "BEGIN:VEVENT", "SUMMARY:PIC 2026-12 — Revue de la demande", "DTSTART;VALUE=DATE:20261204",
        "DTEND;VALUE=DATE:20261205", "DTSTAMP:20261125T000000Z", "UID:demand-review-2026-12@atelier-test",
        "DESCRIPTION:Étape : demand-review (J4 ouvré)\\nResponsable : Prévisionni",  # folded at 75 octets
        " ste (Marc Martin)\\nProcédure : PRO-PIC-001 — Revue de la demande", "TRANSP:TRANSPARENT", "END:VEVENT"]
    assert lines[-2:] == ["END:VCALENDAR", ""]


def test_a_cycle_in_progress_with_its_holidays(repo: ContentRepo) -> None:
    # 2 November 2026: the current cycle counts; 11 November (Armistice) is not a working day.
    # The period starts on the 1st, so a review due since 1 November is in it.
    repo.replace("procedures/executive/PRO-PIC-002.md", "effective: 2026-01-06", "effective: 2025-11-01")
    result = repo.run("calendar", "--today", "2026-11-02", "--months", "1")
    assert events(result.stdout_bytes) == [
        ("review-PRO-PIC-002-2026-11-01@atelier-test", "2026-11-01",
         "Revue de procédure : PRO-PIC-002 — Revue de direction"),
        ("demand-review-2026-11@atelier-test", "2026-11-05", "PIC 2026-11 — Revue de la demande"),
        ("executive-review-2026-11@atelier-test", "2026-11-16", "PIC 2026-11 — Revue de direction"),
    ]


def test_may_bridges_and_english_labels(history: ContentRepo) -> None:
    # 1 May, 8 May and Ascension (14 May) are holidays; the steps have no procedure: the summary says the step
    result = history.run("calendar", "--today", "2026-05-04", "--months", "2")
    assert events(result.stdout_bytes) == [
        ("demand-review-2026-05@atelier-test", "2026-05-07", "S&OP 2026-05 — demand-review"),
        ("supply-review-2026-05@atelier-test", "2026-05-15", "S&OP 2026-05 — supply-review"),
        ("executive-review-2026-05@atelier-test", "2026-05-19", "S&OP 2026-05 — executive-review"),
        ("demand-review-2026-06@atelier-test", "2026-06-04", "S&OP 2026-06 — demand-review"),
        ("supply-review-2026-06@atelier-test", "2026-06-10", "S&OP 2026-06 — supply-review"),
        ("executive-review-2026-06@atelier-test", "2026-06-12", "S&OP 2026-06 — executive-review"),
    ]
    assert descriptions(result.stdout_bytes)["supply-review-2026-06@atelier-test"] == (
        "Step: supply-review (working day 8)\nOwner: Supply planner (Paul Leroux)")


def test_the_output_is_deterministic(repo: ContentRepo) -> None:
    first = repo.run("calendar", "--today", "2026-11-25").stdout_bytes
    assert repo.run("calendar", "--today", "2026-11-25").stdout_bytes == first


def test_output_file_is_never_replaced_without_force(repo: ContentRepo, tmp_path: Path) -> None:
    target = tmp_path / "pic.ics"
    result = repo.run("calendar", "--today", "2026-11-25", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote 7 events (2026-11-25 to 2027-02-28) into {target}\n"
    written = target.read_bytes()
    assert written == repo.run("calendar", "--today", "2026-11-25").stdout_bytes

    refused = repo.run("calendar", "--today", "2026-12-20", "--output", str(target))
    assert refused.exit_code == 2
    assert refused.stderr == f"Error: {target} already exists; use --force to replace it\n"
    assert target.read_bytes() == written

    forced = repo.run("calendar", "--today", "2026-12-20", "--output", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert b"UID:demand-review-2027-01@atelier-test" in target.read_bytes()
    assert b"2026-12@" not in target.read_bytes()  # December's steps are past on the 20th
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # no temporary left


def test_bad_months_are_a_usage_error(repo: ContentRepo) -> None:
    result = repo.run("calendar", "--months", "0")
    assert result.exit_code == 2
    assert "0 is not in the range 1<=x<=36" in result.stderr


def test_hostile_names_cannot_break_out_of_a_value(repo: ContentRepo) -> None:
    repo.replace("sopdoc.yaml", "demand-planner: {name: Prévisionniste}",
                 'demand-planner: {name: "Prévi\\r\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:evil; x, y\\u0001"}')
    content = repo.run("calendar", "--today", "2026-11-25", "--months", "1").stdout_bytes
    text = content.decode()
    assert text.split("\r\n").count("BEGIN:VEVENT") == len(events(content)) == 2
    assert "\x01" not in text
    assert descriptions(content)["demand-review-2026-12@atelier-test"].splitlines()[1] == (
        "Responsable : Prévi")
    assert "UID:evil\\; x\\, y (Marc Martin)" in text.replace("\r\n ", "")


def test_pure_helpers(repo: ContentRepo) -> None:
    organisation = load_repository(repo.root).organisation
    assert organisation is not None
    assert organisation_slug("Mécanique Précise du Jura") == "mecanique-precise-du-jura"
    assert organisation_slug("«  »") == "sopdoc"
    assert cycle_months(organisation, dt.date(2026, 11, 16), 2) == ("2026-11", "2026-12")  # last step today
    assert cycle_months(organisation, dt.date(2026, 11, 17), 2) == ("2026-12", "2027-01")
    loaded = load_repository(repo.root)
    agenda = build_agenda(organisation, loaded.procedures, dt.date(2026, 11, 25), 1)
    assert (agenda.first, agenda.last) == (dt.date(2026, 11, 25), dt.date(2026, 12, 31))
    assert to_ical(agenda, organisation) == repo.run("calendar", "--today", "2026-11-25", "--months", "1").stdout_bytes


@pytest.mark.parametrize("months", ["1", "12"])
def test_every_step_of_every_cycle(repo: ContentRepo, months: str) -> None:
    found = events(repo.run("calendar", "--today", "2026-11-25", "--months", months).stdout_bytes)
    assert sum(1 for uid, _, _ in found if not uid.startswith("review-")) == 2 * int(months)
