"""The calendar page: upcoming steps per cycle on their working days, review deadlines, and the same
.ics as `sopdoc calendar` beside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sopdoc.repository import load_repository
from sopdoc.site import calendar_page
from sopdoc.site.build import site_context
from sopdoc.site.generate import generate_site
from tests.conftest import BASE_FILES, run_sopdoc
from tests.history import write_history

DEMAND = ('<td>demand-review</td> <td>Prévisionniste (Marc Martin)</td>'
          ' <td><a href="../procedures/PRO-PIC-001/">PRO-PIC-001</a> Revue de la demande</td></tr>')
EXECUTIVE = ('<td>executive-review</td> <td>Gérante (Julie Dupont)</td>'
             ' <td><a href="../procedures/PRO-PIC-002/">PRO-PIC-002</a> Revue de direction</td></tr>')
STEPS_HEAD = ["<!-- sopdoc:html -->", "<table>",
              "<thead><tr><th>Date</th> <th>Étape</th> <th>Responsable</th> <th>Procédure</th></tr></thead>", "<tbody>"]
END = ["</tbody>", "</table>", "<!-- /sopdoc:html -->"]


def write(root: Path, files: dict[str, str]) -> Path:
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    return root


def generated(root: Path, today: dt.date) -> dict[str, str | bytes]:
    ctx = site_context(root, load_repository(root), today, {})
    return dict(calendar_page.pages(ctx))


def text(pages: dict[str, str | bytes]) -> str:
    page = pages["calendar.md"]
    assert isinstance(page, str)
    return page


def test_upcoming_cycles_and_reviews(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", BASE_FILES)
    page = text(generated(root, dt.date(2026, 11, 25)))
    assert page.splitlines() == [
        "---", 'title: "Calendrier"', "---",
        "# Calendrier du PIC",
        "",
        "Les étapes des 3 prochains cycles, chacune à son jour ouvré (du lundi au vendredi, hors jours fériés), et "
        "les revues de procédures à échéance du 25 novembre 2026 au 28 février 2027.",
        "",
        "[Télécharger le calendrier (.ics)](calendar.ics) — à importer dans Outlook, Thunderbird ou un agenda de "
        "téléphone · [Flux Atom des révisions de procédures](feed.xml)",
        "",
        "## Cycle de décembre 2026",
        "",
        *STEPS_HEAD,
        f"<tr><td>4 décembre 2026</td> {DEMAND}",
        f"<tr><td>14 décembre 2026</td> {EXECUTIVE}",
        *END,
        "",
        "## Cycle de janvier 2027",
        "",
        *STEPS_HEAD,
        # 1 January is a holiday: the 4th working day is the 7th, the 10th the 15th
        f"<tr><td>7 janvier 2027</td> {DEMAND}",
        f"<tr><td>15 janvier 2027</td> {EXECUTIVE}",
        *END,
        "",
        "## Cycle de février 2027",
        "",
        *STEPS_HEAD,
        f"<tr><td>4 février 2027</td> {DEMAND}",
        f"<tr><td>12 février 2027</td> {EXECUTIVE}",
        *END,
        "",
        "## Revues de procédures à échéance",
        "",
        "<!-- sopdoc:html -->",
        "<table>",
        "<thead><tr><th>Date</th> <th>Procédure</th> <th>Titre</th> <th>Propriétaire</th></tr></thead>",
        "<tbody>",
        '<tr><td>6 janvier 2027</td> <td><a href="../procedures/PRO-PIC-002/">PRO-PIC-002</a></td>'
        " <td>Revue de direction</td> <td>Gérante (Julie Dupont)</td></tr>",
        *END,
    ]


def test_the_ics_beside_the_page_is_the_command_output(tmp_path: Path) -> None:
    root = write(tmp_path / "repo", BASE_FILES)
    pages = generated(root, dt.date(2026, 11, 25))
    assert pages["calendar.ics"] == run_sopdoc(root, "calendar", "--today", "2026-11-25").stdout_bytes
    ctx = site_context(root, load_repository(root), dt.date(2026, 11, 25), {})
    site = generate_site(ctx)
    assert {"calendar.md", "calendar.ics", "feed.xml", "roles/index.md", "roles/training-matrix.md"} <= site.keys()


def test_a_cycle_in_progress_around_armistice_day(tmp_path: Path) -> None:
    # 2 November 2026; 11 November is a holiday: the 10th working day is Monday 16th. A review due on the
    # 1st is in the period and overdue.
    files = {**BASE_FILES, "procedures/executive/PRO-PIC-002.md": BASE_FILES["procedures/executive/PRO-PIC-002.md"]
             .replace("effective: 2026-01-06", "effective: 2025-11-01")}
    page = text(generated(write(tmp_path / "repo", files), dt.date(2026, 11, 2)))
    lines = page.splitlines()
    assert lines[lines.index("## Cycle de novembre 2026") + 6:lines.index("## Cycle de novembre 2026") + 8] == [
        f"<tr><td>5 novembre 2026</td> {DEMAND}",
        f"<tr><td>16 novembre 2026</td> {EXECUTIVE}",
    ]
    assert ('<tr><td>1 novembre 2026 <span class="sopdoc-badge sopdoc-overdue">en retard</span></td>'
            ' <td><a href="../procedures/PRO-PIC-002/">PRO-PIC-002</a></td> <td>Revue de direction</td>'
            " <td>Gérante (Julie Dupont)</td></tr>") in lines


def test_english_months_and_steps_without_procedure(tmp_path: Path) -> None:
    history = write_history(tmp_path / "history")
    page = text(generated(history.root, dt.date(2026, 5, 20)))
    lines = page.splitlines()
    # 20 May: the executive review was on the 19th (1, 8 and 14 May are holidays), so June comes first
    assert [line for line in lines if line.startswith("## ")] == [
        "## June 2026 cycle", "## July 2026 cycle", "## August 2026 cycle", "## Procedure reviews due"]
    assert lines[lines.index("## June 2026 cycle") + 4:lines.index("## June 2026 cycle") + 9] == [
        "<thead><tr><th>Date</th> <th>Step</th> <th>Owner</th> <th>Procedure</th></tr></thead>",
        "<tbody>",
        "<tr><td>4 June 2026</td> <td>demand-review</td> <td>Demand planner (Marc Martin)</td> <td></td></tr>",
        "<tr><td>10 June 2026</td> <td>supply-review</td> <td>Supply planner (Paul Leroux)</td> <td></td></tr>",
        "<tr><td>12 June 2026</td> <td>executive-review</td> <td>Manager (Julie Dupont)</td> <td></td></tr>",
    ]
    assert lines[-1] == "No procedure review due in the period."


def test_hostile_names_are_inert(tmp_path: Path) -> None:
    files = {**BASE_FILES,
             "sopdoc.yaml": BASE_FILES["sopdoc.yaml"].replace(
                 "general-manager: {name: Gérante}",
                 'general-manager: {name: "<img src=x onerror=alert(1)> | [a](b)"}'),
             "procedures/executive/PRO-PIC-002.md": BASE_FILES["procedures/executive/PRO-PIC-002.md"].replace(
                 "title: Revue de direction", 'title: "<script>alert(1)</script> *x* {{ z }}"')}
    page = text(generated(write(tmp_path / "repo", files), dt.date(2026, 11, 25)))
    # inside the HTML block: escaped by Jinja only, no Markdown backslashes
    assert ("<tr><td>14 décembre 2026</td> <td>executive-review</td>"
            " <td>&lt;img src=x onerror=alert(1)&gt; | [a](b) (Julie Dupont)</td>"
            ' <td><a href="../procedures/PRO-PIC-002/">PRO-PIC-002</a> &lt;script&gt;alert(1)&lt;/script&gt; *x* {{ z }}'
            "</td></tr>") in page.splitlines()
    assert "<script" not in page and "<img" not in page
