"""Role pages and the training matrix: what a role does and when, who must be trained on what, one
matrix table per area; hostile role and person names stay inert."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sopdoc.repository import load_repository
from sopdoc.site import roles
from sopdoc.site.build import site_context
from tests.conftest import BASE_FILES, CONFIG, PROCEDURE_1, PROCEDURE_2, TRAINING

TODAY = dt.date(2026, 11, 25)

THREE_PEOPLE = """\
  jdupont: {name: Julie Dupont, roles: [general-manager]}
  mmartin: {name: Marc Martin, roles: [demand-planner]}
  pleroux: {name: Paul Leroux, roles: [supply-planner]}
"""

PEOPLE = """\
  jdupont: {name: Julie Dupont, roles: [general-manager]}
  mmartin: {name: Marc Martin, email: m.martin@example.fr, roles: [demand-planner]}
  pleroux: {name: Paul Leroux, roles: [supply-planner]}
  cfaure: {name: Claire Faure, roles: [demand-planner, supply-planner]}
  lroux: {name: Lucas Roux, roles: [demand-planner]}
  nmorel: {name: Nadia Morel, roles: [supply-planner]}
"""

PROCEDURE_3 = """\
---
id: PRO-SUP-001
title: Revue des capacités
area: supply
status: active
revision: 3
owner: supply-planner
approver: demand-planner
effective: 2026-06-01
training_roles: [supply-planner, demand-planner]
steps:
  - {who: supply-planner, when: J6 ouvré, what: Calculer la charge, how: "Commande `sopdoc kpi`",
     output: Charge par centre}
  - {who: demand-planner, when: J6 ouvré, what: Présenter la demande}
  - {who: supply-planner, when: J7, what: Arbitrer les dépassements}
changes:
  - {revision: 3, date: 2026-06-01, summary: Arbitrage}
---
Texte.
"""

RETIRED = """\
---
id: PRO-SUP-009
title: Ancienne revue
area: supply
status: retired
revision: 1
owner: demand-planner
training_roles: [demand-planner]
steps:
  - {who: demand-planner, when: J1, what: Ne plus faire}
changes:
  - {revision: 1, date: 2024-01-08, summary: Création}
---
Texte.
"""

MORE_TRAINING = """\
- {person: lroux, procedure: PRO-PIC-001, revision: 1, date: 2025-02-03, trainer: jdupont}
- {person: pleroux, procedure: PRO-SUP-001, revision: 3, date: 2026-06-08, trainer: jdupont}
- {person: cfaure, procedure: PRO-SUP-001, revision: 2, date: 2026-01-12, trainer: jdupont}
- {person: mmartin, procedure: PRO-SUP-001, revision: 3, date: 2026-06-08, trainer: jdupont}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    return root


def company(root: Path, config: str = CONFIG) -> Path:
    """Six people in three roles, three active procedures in two areas, one retired procedure."""
    config = config.replace(THREE_PEOPLE, PEOPLE)
    return write(root, {
        **BASE_FILES,
        "sopdoc.yaml": config,
        "procedures/supply/PRO-SUP-001.md": PROCEDURE_3,
        "procedures/supply/PRO-SUP-009.md": RETIRED,
        "training.yaml": TRAINING + MORE_TRAINING,
    })


def generated(root: Path) -> dict[str, str]:
    ctx = site_context(root, load_repository(root), TODAY, {})
    return dict(roles.pages(ctx))


def column(identifier: str) -> str:
    """A matrix column heading: the procedure's id linked to its page."""
    return f' <th class="sopdoc-mark"><a href="../../procedures/{identifier}/">{identifier}</a></th>'


def mark(kind: str, text: str, title: str = "") -> str:
    """A matrix cell after the person's, centred; ``kind`` empty: training not required."""
    if not kind:
        return ' <td class="sopdoc-mark"></td>'
    hover = f' title="{title}"' if title else ""
    return f' <td class="sopdoc-mark"><span class="sopdoc-{kind}"{hover}>{text}</span></td>'


def num(value: object) -> str:
    """A right-aligned cell after another one (cells are apart: the search index keeps their words apart)."""
    return f' <td class="sopdoc-num">{value}</td>'


def procedure(identifier: str, title: str = "") -> str:
    """A table cell linking to a procedure from a role page, followed by its title."""
    return f'<td><a href="../../procedures/{identifier}/">{identifier}</a>{" " + title if title else ""}</td>'


def rows(lines: list[str]) -> list[str]:
    """The table rows among a section's lines."""
    return [line for line in lines if line.startswith("<tr>")]


def section(page: str, heading: str) -> list[str]:
    """The lines of a section, from its heading to the next one of the same level."""
    lines = page.splitlines()
    start = lines.index(heading)
    level = heading.split(" ", 1)[0] + " "
    end = next((index for index in range(start + 1, len(lines)) if lines[index].startswith(level)), len(lines))
    return [line for line in lines[start + 1:end] if line]


def test_the_example_company_is_valid(tmp_path: Path) -> None:
    root = company(tmp_path / "repo")
    assert load_repository(root).diagnostics == ()


def test_index_lists_every_role_with_its_people_and_counts(tmp_path: Path) -> None:
    pages = generated(company(tmp_path / "repo"))
    assert sorted(pages) == ["roles/demand-planner.md", "roles/general-manager.md", "roles/index.md",
                             "roles/supply-planner.md", "roles/training-matrix.md"]
    assert section(pages["roles/index.md"], "# Rôles") == [
        "[Matrice de formation](training-matrix.md) : qui est formé sur quelle procédure en vigueur, une table "
        "par domaine.",
        "<!-- sopdoc:html -->",
        "<table>",
        '<thead><tr><th>Rôle</th> <th>Personnes</th> <th class="sopdoc-num">Effectif</th>'
        ' <th class="sopdoc-num">Procédures possédées ou approuvées</th> <th class="sopdoc-num">Étapes</th>'
        ' <th class="sopdoc-num">Formations requises</th></tr></thead>',
        "<tbody>",
        '<tr><td><a href="general-manager/">Gérante</a></td> <td>Julie Dupont</td>'
        + num(1) + num(2) + num(2) + num(0) + "</tr>",
        '<tr><td><a href="demand-planner/">Prévisionniste</a></td> <td>Marc Martin, Claire Faure, Lucas Roux</td>'
        + num(3) + num(2) + num(3) + num(2) + "</tr>",
        '<tr><td><a href="supply-planner/">Ordonnanceur</a></td> <td>Paul Leroux, Claire Faure, Nadia Morel</td>'
        + num(3) + num(1) + num(2) + num(1) + "</tr>",
        "</tbody>",
        "</table>",
        "<!-- /sopdoc:html -->",
    ]


def test_a_role_page_says_what_to_do_and_when(tmp_path: Path) -> None:
    page = generated(company(tmp_path / "repo"))["roles/demand-planner.md"]
    assert page.splitlines()[:8] == ["---", 'title: "Pr\\u00e9visionniste"', "search:", "  exclude: true", "---",
                                     "# Prévisionniste", "",
                                     "Rôle `demand-planner` · [Rôles](index.md) · [Matrice de formation]"
                                     "(training-matrix.md)"]
    assert section(page, "## Personnes (3)") == ["- Marc Martin — m.martin@example.fr", "- Claire Faure",
                                                 "- Lucas Roux"]
    # the calendar's step: 4th working day; December 2026 starts on a Tuesday
    assert rows(section(page, "## Étapes du cycle PIC")) == [
        "<tr><td>demand-review</td> <td>J4 ouvré</td> <td>4 décembre 2026</td> "
        + procedure("PRO-PIC-001", "Revue de la demande") + "</tr>"]
    # every step of an active procedure, never those of the retired one
    assert section(page, "## Ce que fait ce rôle, quand et comment") == [
        "<!-- sopdoc:html -->",
        "<table>",
        "<thead><tr><th>Procédure</th> <th>Quand</th> <th>Quoi</th> <th>Comment</th> <th>Résultat</th></tr></thead>",
        "<tbody>",
        "<tr>" + procedure("PRO-PIC-001", "Revue de la demande")
        + " <td>J+4</td> <td>Consolider les prévisions</td> <td></td> <td></td></tr>",
        "<tr>" + procedure("PRO-SUP-001", "Revue des capacités")
        + " <td>J6 ouvré</td> <td>Présenter la demande</td> <td></td> <td></td></tr>",
        "</tbody>",
        "</table>",
        "<!-- /sopdoc:html -->",
    ]
    assert rows(section(page, "## Procédures dont le rôle est propriétaire ou approbateur")) == [
        "<tr>" + procedure("PRO-PIC-001") + " <td>Revue de la demande</td> <td>propriétaire</td> <td>2</td>"
        " <td>en vigueur</td></tr>",
        "<tr>" + procedure("PRO-SUP-001") + " <td>Revue des capacités</td> <td>approbateur</td> <td>3</td>"
        " <td>en vigueur</td></tr>",
    ]
    assert section(page, "## Formations requises")[2] == (
        "<thead><tr><th>Procédure</th> <th>Révision</th> <th>À jour</th> <th>Formés sur une révision antérieure</th>"
        " <th>Jamais formés</th></tr></thead>")
    assert rows(section(page, "## Formations requises")) == [
        "<tr>" + procedure("PRO-PIC-001", "Revue de la demande")
        + " <td>2</td> <td>Marc Martin</td> <td>Lucas Roux (1)</td> <td>Claire Faure</td></tr>",
        "<tr>" + procedure("PRO-SUP-001", "Revue des capacités")
        + " <td>3</td> <td>Marc Martin</td> <td>Claire Faure (2)</td> <td>Lucas Roux</td></tr>",
    ]


def test_a_role_with_two_duties_and_one_without_people(tmp_path: Path) -> None:
    root = company(tmp_path / "repo")
    (root / "sopdoc.yaml").write_text((root / "sopdoc.yaml").read_text(encoding="utf-8").replace(
        "  supply-planner: {name: Ordonnanceur}\n",
        "  supply-planner: {name: Ordonnanceur}\n  buyer: {name: Acheteur}\n"),
        encoding="utf-8")
    pages = generated(root)
    heading = "## Procédures dont le rôle est propriétaire ou approbateur"
    assert rows(section(pages["roles/general-manager.md"], heading)) == [
        "<tr>" + procedure("PRO-PIC-001") + " <td>Revue de la demande</td> <td>approbateur</td> <td>2</td>"
        " <td>en vigueur</td></tr>",
        "<tr>" + procedure("PRO-PIC-002") + " <td>Revue de direction</td> <td>propriétaire, approbateur</td> <td>1</td>"
        " <td>en vigueur</td></tr>",
    ]
    buyer = pages["roles/buyer.md"]
    assert section(buyer, "## Personnes (0)") == ["Personne n&#39;a ce rôle."]
    assert section(buyer, "## Formations requises") == ["Aucune procédure en vigueur ne demande de former ce rôle."]
    assert "## Étapes du cycle PIC" not in buyer


def test_training_matrix_one_table_per_area(tmp_path: Path) -> None:
    page = generated(company(tmp_path / "repo"))["roles/training-matrix.md"]
    # a page of figures nobody searches for: left out of the search index
    assert page.startswith('---\ntitle: "Matrice de formation"\nsearch:\n  exclude: true\n---\n')
    assert ("✓ formé sur la révision en vigueur · (3) formé sur une révision antérieure, ici la 3 · ✗ jamais formé "
            "· case vide : formation non requise") in page.splitlines()
    assert section(page, "## Demand") == [
        "<!-- sopdoc:html -->",
        "<table data-search-exclude>",
        f"<thead><tr><th>Personne</th>{column('PRO-PIC-001')}</tr></thead>",
        "<tbody>",
        "<tr><td>Marc Martin</td>" + mark("trained", "✓") + "</tr>",
        "<tr><td>Claire Faure</td>" + mark("untrained", "✗", "jamais formé : révision 2 à suivre") + "</tr>",
        "<tr><td>Lucas Roux</td>" + mark("outdated", "(1)", "formé sur la révision 1, pas sur la révision 2") + "</tr>",
        "</tbody>",
        "</table>",
        "<!-- /sopdoc:html -->",
        "Formations à jour : 1 sur 3.",
    ]
    # Julie Dupont holds no training role of the area: no row; the retired procedure has no column
    assert section(page, "## Supply")[2:-1] == [
        f"<thead><tr><th>Personne</th>{column('PRO-SUP-001')}</tr></thead>",
        "<tbody>",
        "<tr><td>Marc Martin</td>" + mark("trained", "✓") + "</tr>",
        "<tr><td>Paul Leroux</td>" + mark("trained", "✓") + "</tr>",
        "<tr><td>Claire Faure</td>" + mark("outdated", "(2)", "formé sur la révision 2, pas sur la révision 3")
        + "</tr>",
        "<tr><td>Lucas Roux</td>" + mark("untrained", "✗", "jamais formé : révision 3 à suivre") + "</tr>",
        "<tr><td>Nadia Morel</td>" + mark("untrained", "✗", "jamais formé : révision 3 à suivre") + "</tr>",
        "</tbody>",
        "</table>",
        "<!-- /sopdoc:html -->",
    ]
    assert section(page, "## Supply")[-1] == "Formations à jour : 2 sur 5."
    assert "## Executive" not in page  # PRO-PIC-002 has no training roles


def test_blank_cells_where_training_is_not_required(tmp_path: Path) -> None:
    root = company(tmp_path / "repo")
    (root / "procedures/demand/PRO-DEM-001.md").write_text(
        PROCEDURE_2.replace("PRO-PIC-002", "PRO-DEM-001").replace("area: executive", "area: demand")
        .replace("effective: 2026-01-06\n", "effective: 2026-01-06\ntraining_roles: [supply-planner]\n"),
        encoding="utf-8")
    assert section(generated(root)["roles/training-matrix.md"], "## Demand")[2:5] == [
        f"<thead><tr><th>Personne</th>{column('PRO-DEM-001')}{column('PRO-PIC-001')}</tr></thead>",
        "<tbody>",
        "<tr><td>Marc Martin</td>" + mark("", "") + mark("trained", "✓") + "</tr>",
    ]


def test_wide_areas_are_split_into_tables_of_ten_columns(tmp_path: Path) -> None:
    assert [len(part) for part in roles.chunks(list(range(23)))] == [8, 8, 7]
    assert [len(part) for part in roles.chunks(list(range(10)))] == [10]
    assert roles.chunks([]) == []
    root = company(tmp_path / "repo")
    for number in range(2, 13):
        identifier = f"PRO-DEM-{number:03d}"
        (root / f"procedures/demand/{identifier}.md").write_text(
            PROCEDURE_1.replace("PRO-PIC-001", identifier).replace("related: [PRO-PIC-002]\n", ""), encoding="utf-8")
    page = generated(root)["roles/training-matrix.md"]
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## Demand \\(1/2\\)", "## Demand \\(2/2\\)", "## Supply"]
    # 12 procedures in the area: two tables of 6 columns
    assert section(page, "## Demand \\(1/2\\)")[2].count('<a href="../../procedures/') == 6
    assert section(page, "## Demand \\(2/2\\)")[2].count('<a href="../../procedures/') == 6


def test_hostile_role_and_person_names_are_inert(tmp_path: Path) -> None:
    hostile_config = (CONFIG.replace("demand-planner: {name: Prévisionniste}",
                                     'demand-planner: {name: "<script>alert(1)</script> | *x*"}'))
    root = company(tmp_path / "repo", hostile_config)
    (root / "sopdoc.yaml").write_text((root / "sopdoc.yaml").read_text(encoding="utf-8").replace(
        "lroux: {name: Lucas Roux,", 'lroux: {name: "[clic](javascript:alert(1)) <img src=x onerror=alert(1)>",'),
        encoding="utf-8")
    pages = generated(root)
    role = "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\*x\\*"
    person = "\\[clic\\]\\(javascript:alert\\(1\\)\\) &lt;img src=x onerror=alert\\(1\\)&gt;"
    # inside the HTML blocks: escaped by Jinja only, no Markdown backslashes
    role_html = "&lt;script&gt;alert(1)&lt;/script&gt; | *x*"
    person_html = "[clic](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;"
    assert (f'<tr><td><a href="demand-planner/">{role_html}</a></td> <td>Marc Martin, Claire Faure, {person_html}</td>'
            + num(3) + num(2) + num(3) + num(2) + "</tr>") in pages["roles/index.md"].splitlines()
    page = pages["roles/demand-planner.md"]
    assert page.splitlines()[1] == 'title: "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e | *x*"'
    assert f"# {role}" in page.splitlines()
    assert f"- {person}" in page.splitlines()
    assert f"<td>Marc Martin</td> <td>{person_html} (1)</td> <td>Claire Faure</td></tr>" in page
    assert (f"<tr><td>{person_html}</td>" + mark("outdated", "(1)", "formé sur la révision 1, pas sur la révision 2")
            + "</tr>") in pages["roles/training-matrix.md"].splitlines()
    for text in pages.values():
        assert "<script" not in text and "<img" not in text and 'href="javascript' not in text
        # a Markdown link only outside the HTML blocks, where text is never parsed as Markdown
        assert "](javascript" not in re.sub(r"<!-- sopdoc:html -->\n.*?\n<!-- /sopdoc:html -->", "", text, flags=re.S)


def test_a_large_matrix_gets_a_page_per_area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = company(tmp_path / "repo")
    one_page = generated(root)["roles/training-matrix.md"]
    monkeypatch.setattr(roles, "MAX_MATRIX_PROCEDURES", 1)  # the company's matrix holds 2 procedures
    pages = generated(root)
    assert [path for path in pages if "matrix" in path] == [
        "roles/training-matrix/demand.md", "roles/training-matrix/supply.md", "roles/training-matrix.md"]
    assert pages["roles/training-matrix.md"].splitlines() == [
        "---",
        'title: "Matrice de formation"',
        "---",
        "# Matrice de formation",
        "",
        "La matrice couvre 2 procédures en vigueur qui ont des rôles à former : une page par domaine.",
        "",
        "<!-- sopdoc:html -->",
        "<table>",
        '<thead><tr><th>Domaine</th> <th class="sopdoc-num">Procédures</th>'
        ' <th class="sopdoc-num">Formations à jour</th></tr></thead>',
        "<tbody>",
        '<tr><td><a href="demand/">Demand</a></td>' + num(1) + num("1 sur 3") + "</tr>",
        '<tr><td><a href="supply/">Supply</a></td>' + num(1) + num("2 sur 5") + "</tr>",
        "</tbody>",
        "</table>",
        "<!-- /sopdoc:html -->",
    ]
    demand = pages["roles/training-matrix/demand.md"]
    assert demand.splitlines()[:9] == [
        "---", 'title: "Matrice de formation : Demand"', "search:", "  exclude: true", "---",
        "# Matrice de formation : Demand", "", "[Matrice de formation](../training-matrix.md)", ""]
    # the same table as on the single page, one folder deeper
    assert section(demand, "## Demand") == [
        line.replace('href="../../', 'href="../../../') for line in section(one_page, "## Demand")]
    assert "## Supply" not in demand
    assert section(pages["roles/training-matrix/supply.md"], "## Supply")[-1] == "Formations à jour : 2 sur 5."


def test_matrix_area_pages_are_named_safely() -> None:
    assert roles.matrix_area_page("demand", 1) == "roles/training-matrix/demand.md"
    assert roles.matrix_area_page("../etc", 2) == "roles/training-matrix/_2.md"
    assert roles.matrix_area_page("Ventes", 3) == "roles/training-matrix/_3.md"
    assert roles.matrix_area_page(None, 4) == "roles/training-matrix/_other.md"


def test_matrix_counts_are_written_in_the_sites_language(tmp_path: Path) -> None:
    root = company(tmp_path / "repo")
    ctx = site_context(root, load_repository(root), TODAY, {})
    assert roles._count(ctx)(2766) == "2\u202f766"  # French: a narrow no-break space between thousands
