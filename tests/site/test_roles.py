"""Role pages and the training matrix: what a role does and when, who must be trained on what, one
matrix table per area; hostile role and person names stay inert."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
    return f"[{identifier}](../procedures/{identifier}.md)"


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
        "| Rôle | Personnes | Effectif | Procédures possédées ou approuvées | Étapes | Formations requises |",
        "|---|---|---:|---:|---:|---:|",
        "| [Gérante](general-manager.md) | Julie Dupont | 1 | 2 | 2 | 0 |",
        "| [Prévisionniste](demand-planner.md) | Marc Martin, Claire Faure, Lucas Roux | 3 | 2 | 3 | 2 |",
        "| [Ordonnanceur](supply-planner.md) | Paul Leroux, Claire Faure, Nadia Morel | 3 | 1 | 2 | 1 |",
    ]


def test_a_role_page_says_what_to_do_and_when(tmp_path: Path) -> None:
    page = generated(company(tmp_path / "repo"))["roles/demand-planner.md"]
    assert page.splitlines()[:6] == ["---", 'title: "Pr\\u00e9visionniste"', "---", "# Prévisionniste", "",
                                     "Rôle `demand-planner` · [Rôles](index.md) · [Matrice de formation]"
                                     "(training-matrix.md)"]
    assert section(page, "## Personnes (3)") == ["- Marc Martin — m.martin@example.fr", "- Claire Faure",
                                                 "- Lucas Roux"]
    # the calendar's step: 4th working day; December 2026 starts on a Tuesday
    assert section(page, "## Étapes du cycle PIC")[2:] == [
        "| demand-review | J4 ouvré | 4 décembre 2026 | [PRO-PIC-001](../procedures/PRO-PIC-001.md) "
        "Revue de la demande |"]
    # every step of an active procedure, never those of the retired one
    assert section(page, "## Ce que fait ce rôle, quand et comment") == [
        "| Procédure | Quand | Quoi | Comment | Résultat |",
        "|---|---|---|---|---|",
        "| [PRO-PIC-001](../procedures/PRO-PIC-001.md) Revue de la demande | J\\+4 | Consolider les prévisions "
        "| &nbsp; | &nbsp; |",
        "| [PRO-SUP-001](../procedures/PRO-SUP-001.md) Revue des capacités | J6 ouvré | Présenter la demande "
        "| &nbsp; | &nbsp; |",
    ]
    assert section(page, "## Procédures dont le rôle est propriétaire ou approbateur")[2:] == [
        "| [PRO-PIC-001](../procedures/PRO-PIC-001.md) | Revue de la demande | propriétaire | 2 | en vigueur |",
        "| [PRO-SUP-001](../procedures/PRO-SUP-001.md) | Revue des capacités | approbateur | 3 | en vigueur |",
    ]
    assert section(page, "## Formations requises") == [
        "| Procédure | Révision | À jour | Formés sur une révision antérieure | Jamais formés |",
        "|---|---|---|---|---|",
        "| [PRO-PIC-001](../procedures/PRO-PIC-001.md) Revue de la demande | 2 | Marc Martin | Lucas Roux (1) "
        "| Claire Faure |",
        "| [PRO-SUP-001](../procedures/PRO-SUP-001.md) Revue des capacités | 3 | Marc Martin | Claire Faure (2) "
        "| Lucas Roux |",
    ]


def test_a_role_with_two_duties_and_one_without_people(tmp_path: Path) -> None:
    root = company(tmp_path / "repo")
    (root / "sopdoc.yaml").write_text((root / "sopdoc.yaml").read_text(encoding="utf-8").replace(
        "  supply-planner: {name: Ordonnanceur}\n",
        "  supply-planner: {name: Ordonnanceur}\n  buyer: {name: Acheteur}\n"),
        encoding="utf-8")
    pages = generated(root)
    heading = "## Procédures dont le rôle est propriétaire ou approbateur"
    assert section(pages["roles/general-manager.md"], heading)[2:] == [
        "| [PRO-PIC-001](../procedures/PRO-PIC-001.md) | Revue de la demande | approbateur | 2 | en vigueur |",
        "| [PRO-PIC-002](../procedures/PRO-PIC-002.md) | Revue de direction | propriétaire, approbateur | 1 "
        "| en vigueur |",
    ]
    buyer = pages["roles/buyer.md"]
    assert section(buyer, "## Personnes (0)") == ["Personne n&#39;a ce rôle."]
    assert section(buyer, "## Formations requises") == ["Aucune procédure en vigueur ne demande de former ce rôle."]
    assert "## Étapes du cycle PIC" not in buyer


def test_training_matrix_one_table_per_area(tmp_path: Path) -> None:
    page = generated(company(tmp_path / "repo"))["roles/training-matrix.md"]
    assert ("✓ formé sur la révision en vigueur · (3) formé sur une révision antérieure, ici la 3 · ✗ jamais formé "
            "· case vide : formation non requise") in page.splitlines()
    assert section(page, "## Demand") == [
        f"| Personne | {column('PRO-PIC-001')} |",
        "|---|:-:|",
        '| Marc Martin | <span class="sopdoc-trained">✓</span> |',
        '| Claire Faure | <span class="sopdoc-untrained" title="jamais formé : révision 2 à suivre">✗</span> |',
        '| Lucas Roux | <span class="sopdoc-outdated" title="formé sur la révision 1, pas sur la révision 2">'
        '(1)</span> |',
        "Formations à jour : 1 sur 3.",
    ]
    # Julie Dupont holds no training role of the area: no row; the retired procedure has no column
    assert section(page, "## Supply") == [
        f"| Personne | {column('PRO-SUP-001')} |",
        "|---|:-:|",
        '| Marc Martin | <span class="sopdoc-trained">✓</span> |',
        '| Paul Leroux | <span class="sopdoc-trained">✓</span> |',
        '| Claire Faure | <span class="sopdoc-outdated" title="formé sur la révision 2, pas sur la révision 3">'
        '(2)</span> |',
        '| Lucas Roux | <span class="sopdoc-untrained" title="jamais formé : révision 3 à suivre">✗</span> |',
        '| Nadia Morel | <span class="sopdoc-untrained" title="jamais formé : révision 3 à suivre">✗</span> |',
        "Formations à jour : 2 sur 5.",
    ]
    assert "## Executive" not in page  # PRO-PIC-002 has no training roles


def test_blank_cells_where_training_is_not_required(tmp_path: Path) -> None:
    root = company(tmp_path / "repo")
    (root / "procedures/demand/PRO-DEM-001.md").write_text(
        PROCEDURE_2.replace("PRO-PIC-002", "PRO-DEM-001").replace("area: executive", "area: demand")
        .replace("effective: 2026-01-06\n", "effective: 2026-01-06\ntraining_roles: [supply-planner]\n"),
        encoding="utf-8")
    assert section(generated(root)["roles/training-matrix.md"], "## Demand")[:3] == [
        f"| Personne | {column('PRO-DEM-001')} | {column('PRO-PIC-001')} |",
        "|---|:-:|:-:|",
        '| Marc Martin | &nbsp; | <span class="sopdoc-trained">✓</span> |',
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
    assert section(page, "## Demand \\(1/2\\)")[0].count("](../procedures/") == 6
    assert section(page, "## Demand \\(2/2\\)")[0].count("](../procedures/") == 6


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
    assert (f"| [{role}](demand-planner.md) | Marc Martin, Claire Faure, {person} | 3 | 2 | 3 | 2 |"
            in pages["roles/index.md"].splitlines())
    page = pages["roles/demand-planner.md"]
    assert page.splitlines()[1] == 'title: "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e | *x*"'
    assert f"# {role}" in page.splitlines()
    assert f"- {person}" in page.splitlines()
    assert (f'| {person} | <span class="sopdoc-outdated" title="formé sur la révision 1, pas sur la révision 2">'
            "(1)</span> |") in pages["roles/training-matrix.md"].splitlines()
    for text in pages.values():
        assert "<script" not in text and "<img" not in text and "](javascript" not in text
