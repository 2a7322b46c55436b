"""The home page: current plan, indicator cards with their trend, alerts linking to their pages, latest
procedure revisions from git."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sopdoc.repository import load_repository
from sopdoc.site import home
from sopdoc.site.build import site_context
from tests.conftest import ROOT
from tests.history import write_history
from tests.test_history import build

TODAY = dt.date(2026, 5, 20)

BROKEN = """\
---
id: PRO-SUP-001
title: Procédure cassée
area: support
status: draft
revision: 1
owner: nobody
---
Texte.
"""


def home_page(root: Path, today: dt.date = TODAY) -> str:
    return dict(home.pages(site_context(root, load_repository(root), today, {})))["index.md"]


def test_cards_with_trends(tmp_path: Path) -> None:
    page = home_page(write_history(tmp_path / "history").root)
    assert "Current plan: [**2026-05**](plans/2026-05.md) — approved (approved on 19 May 2026)" in page
    # accuracy 1 − 10/80 in 2026-05, against 6/7 in 2026-04: up, and better
    assert ('<div class="sopdoc-card sopdoc-met" data-indicator="forecast-accuracy" data-trend="up">\n'
            '<div class="sopdoc-card-label">Accuracy <span class="sopdoc-card-lag">lag 1</span></div>\n'
            '<div class="sopdoc-card-value">87.5%</div>\n'
            '<div class="sopdoc-card-target">target: at least 80.0%</div>\n'
            '<div class="sopdoc-card-trend sopdoc-trend-better" title="up since the previous cycle">'
            '<span class="sopdoc-trend-arrow">↑</span> 85.7% in 2026-04</div>\n</div>') in page
    # bias moved away from 0 (from −4.8 % to +12.5 %): up, and worse
    assert '<div class="sopdoc-card sopdoc-missed" data-indicator="bias" data-trend="up">' in page
    assert '<div class="sopdoc-card-trend sopdoc-trend-worse" title="up since the previous cycle">' in page
    # OTIF 24/27 after 23/25
    assert '<div class="sopdoc-card sopdoc-missed" data-indicator="otif" data-trend="down">' in page
    assert '<div class="sopdoc-card sopdoc-met" data-indicator="production-attainment" data-trend="flat">' in page
    # computed on today: no trend
    assert ('<div class="sopdoc-card" data-indicator="reviews-on-time">\n<div class="sopdoc-card-label">Reviews on '
            'time</div>\n<div class="sopdoc-card-value">50.0%</div>\n<div class="sopdoc-card-trend">on 20 May 2026'
            '</div>\n</div>') in page
    for identifier in home.CARDS:
        assert f'data-indicator="{identifier}"' in page


def test_alerts_link_to_their_pages(tmp_path: Path) -> None:
    content = write_history(tmp_path / "history")
    content.write("procedures/support/PRO-SUP-001.md", BROKEN)
    page = home_page(content.root)
    alerts = page.splitlines()[page.splitlines().index("## Alerts") + 2:]
    assert alerts[:7] == [
        "- 1 validation error\\(s\\) in 1 file\\(s\\) \\(sopdoc validate\\)",
        "    - 1 error\\(s\\) in [procedures/support/PRO-SUP-001.md](procedures/PRO-SUP-001.md)",
        "- Review overdue: [PRO-PIC-002 — Executive review](procedures/PRO-PIC-002.md): due since 6 January 2026 "
        "\\(134 d\\)",
        # TOUR: 60 h over 50 h in July; 60 h planned in June when it is closed
        "- Work center overloaded in the current plan: [TOUR — Turning](plans/2026-05.md#capacity): 120.0% in "
        "2026-07, 1 month\\(s\\) above the maximum; load planned while closed in 2026-06",
        # judged on the plan's approval date, 2026-05-19
        "- Stale data source of the current plan: [erp](plans/2026-05.md#data-sources): 15 d on 19 May 2026 "
        "\\(maximum 7 d\\)",
        # judged on today, as `sopdoc validate` does: A-2 is due on 1 June
        "- Action overdue: [A-1 — Late one](plans/2026-05.md#actions): due 10 May 2026, Paul Leroux",
        "",
    ]


def test_latest_changes_from_git_and_a_file_without_page(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")  # French; its calendar names a procedure that does not exist
    page = home_page(repo.root, dt.date(2026, 11, 25))
    assert "Aucun plan lisible dans plans/." in page
    assert "sopdoc-card" not in page
    assert "    - 1 erreur\\(s\\) dans sopdoc.yaml\n" in page
    changes = page.splitlines()[page.splitlines().index("## Dernières modifications des procédures") + 2:]
    procedure = '<td><a href="procedures/PRO-PIC-001/">PRO-PIC-001</a> Revue de la demande</td>'
    assert changes == [
        "<!-- sopdoc:html -->",
        "<table>",
        "<thead><tr><th>Date</th> <th>Procédure</th> <th>Révision</th> <th>Résumé</th> <th>Auteur</th></tr></thead>",
        "<tbody>",
        f"<tr><td>1 avril 2026</td> {procedure} <td>3</td> <td>Passage au service approvisionnement</td>"
        " <td>Julie Dupont</td></tr>",
        f"<tr><td>2 mars 2026</td> {procedure} <td>2</td> <td>Justification des corrections</td>"
        " <td>Paul Leroux</td></tr>",
        f"<tr><td>6 janvier 2025</td> {procedure} <td>1</td> <td>Création</td> <td>Julie Dupont</td></tr>",
        "</tbody>",
        "</table>",
        "<!-- /sopdoc:html -->",
    ]


def test_the_example_home(tmp_path: Path) -> None:
    page = home_page(ROOT, dt.date(2026, 11, 25))
    assert "Plan en cours : [**2026-11**](plans/2026-11.md) — approuvé (approuvé le 16 novembre 2026)" in page
    alerts = [line for line in page.splitlines() if line.startswith("- ")]
    assert [line.split(" [")[0] for line in alerts] == ["- Revue en retard :", "- Action en retard :",
                                                        "- Action en retard :"]
    assert len([line for line in page.splitlines() if line.startswith("<tr>") and "procedures/" in line]) == 10


def test_hostile_titles_and_summaries_are_inert(tmp_path: Path) -> None:
    content = write_history(tmp_path / "history")  # no git: the changes come from the files' logs
    content.replace("procedures/demand/PRO-PIC-001.md", "summary: Reasons for overrides",
                    'summary: "<script>alert(1)</script> | {{ z }} *y*"')
    content.replace("procedures/demand/PRO-PIC-001.md", "title: Demand review",
                    'title: "<img src=x onerror=alert(1)> [a](b)"')
    page = home_page(content.root)
    # inside the HTML block: escaped by Jinja only, no Markdown backslashes
    assert ('<tr><td>2 March 2026</td> <td><a href="procedures/PRO-PIC-001/">PRO-PIC-001</a> '
            "&lt;img src=x onerror=alert(1)&gt; [a](b)</td> <td>2</td>"
            " <td>&lt;script&gt;alert(1)&lt;/script&gt; | {{ z }} *y*</td> <td></td></tr>") in page.splitlines()
    assert "<script" not in page and "<img" not in page
