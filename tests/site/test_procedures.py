"""Procedure pages: header, steps, history with earlier revisions and their differences; hostile
values stay inert."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sopdoc.repository import load_repository
from sopdoc.site import procedures
from sopdoc.site.build import site_context
from tests.conftest import BASE_FILES, PROCEDURE_1
from tests.gitrepo import GitRepo
from tests.test_history import build

TODAY = dt.date(2026, 11, 25)


def generated(root: Path, repo_url: str | None = None) -> dict[str, str]:
    user = {"repo_url": repo_url} if repo_url else {}
    ctx = site_context(root, load_repository(root), TODAY, user)
    return dict(procedures.pages(ctx)) | dict(procedures.revision_files(ctx))


def test_fields_are_paragraphs_of_links(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    repo.commit("Dépôt", "2026-11-20T10:00:00+01:00")
    page = generated(repo.root)["procedures/PRO-PIC-001.md"]
    assert ("\n".join([
        "<!-- sopdoc:html -->",
        '<p><strong>Rôles à former</strong> : <a href="../../roles/demand-planner/">Prévisionniste</a></p>',
        '<p><strong>Indicateurs</strong> : <a href="../../indicators/#forecast-accuracy">Précision</a></p>',
        '<p><strong>Procédures liées</strong> : <a href="../PRO-PIC-002/">PRO-PIC-002 Revue de direction</a></p>',
        "<!-- /sopdoc:html -->",
        "",
        "---",
        "",
        "## Objet"])) in page


def test_links_to_pages_that_do_not_exist_are_text(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    repo.write("procedures/demand/PRO-PIC-001.md", PROCEDURE_1.replace("related: [PRO-PIC-002]",
                                                                         "related: [PRO-PIC-404]")
               .replace("training_roles: [demand-planner]", "training_roles: [demand-planner, auditor]"))
    repo.commit("Dépôt", "2026-11-20T10:00:00+01:00")
    page = generated(repo.root)["procedures/PRO-PIC-001.md"]
    assert ('<p><strong>Rôles à former</strong> : <a href="../../roles/demand-planner/">Prévisionniste</a>, '
            "auditor</p>") in page
    assert "<p><strong>Procédures liées</strong> : PRO-PIC-404</p>" in page


def test_procedure_page_with_its_history(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    first, _, second, moved = repo.commits
    page = generated(repo.root, "https://git.example/pic/depot")["procedures/PRO-PIC-001.md"]
    lines = page.splitlines()
    assert lines[:4] == ["---", 'title: "PRO-PIC-001 \\u2014 Revue de la demande"', "---",
                         "# PRO-PIC-001 — Revue de la demande"]
    assert ("<tbody><tr><td>3</td> <td>en vigueur</td> <td>Prévisionniste</td> <td>Gérante</td> <td>6 janvier 2025</td> "
            '<td>2 juin 2026 <span class="sopdoc-badge sopdoc-overdue">en retard</span></td></tr></tbody>') in lines
    assert ('<p class="sopdoc-feedback"><a href="https://git.example/pic/depot/edit/main/procedures/supply/'
            'PRO-PIC-001.md" rel="nofollow">Proposer une modification</a> · <a href="https://git.example/pic/depot/'
            "issues/new?title=PRO-PIC-001+%28r%C3%A9v.+3%29+%3A+&amp;body=Proc%C3%A9dure+PRO-PIC-001%2C+r%C3%A9vision"
            '+3+%28procedures%2Fsupply%2FPRO-PIC-001.md%29.%0A%0AProbl%C3%A8me+constat%C3%A9+%3A%0A" rel="nofollow">'
            "Signaler un problème</a></p>") in lines
    history = lines[lines.index("## Historique des révisions"):]
    assert history[2:] == [
        "<!-- sopdoc:html -->",
        "<table data-search-exclude>",
        "<thead><tr><th>Révision</th> <th>Date</th> <th>Auteur</th> <th>Résumé</th> <th>Commit</th></tr></thead>",
        "<tbody>",
        "<tr><td>3</td> <td>1 avril 2026</td> <td>Julie Dupont</td> <td>Passage au service approvisionnement</td> "
        f"<td><code>{moved[:8]}</code></td></tr>",
        '<tr><td><a href="r2.html">2</a></td> <td>2 mars 2026</td> <td>Paul Leroux</td> '
        f"<td>Justification des corrections</td> <td><code>{second[:8]}</code></td></tr>",
        '<tr><td><a href="r1.html">1</a></td> <td>6 janvier 2025</td> <td>Julie Dupont</td> <td>Création</td> '
        f"<td><code>{first[:8]}</code></td></tr>",
        "</tbody>",
        "</table>",
        "<!-- /sopdoc:html -->",
    ]


def test_an_earlier_revision_as_it_was_with_its_differences(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    revision_2 = generated(repo.root)["procedures/PRO-PIC-001/r2.html"]
    assert ('<p class="sopdoc-revision-banner">Révision 2, remplacée : la révision en vigueur est la 3. '
            '<a href="../PRO-PIC-001/">Voir la révision en vigueur</a></p>') in revision_2
    assert "<h2>Différences entre la révision 2 et la révision 3</h2>" in revision_2
    assert '<span class="sopdoc-diff-del">-area: demand</span>\n<span class="sopdoc-diff-add">+area: supply</span>' \
        in revision_2
    # revision 1 finally was its review-only commit: last_review set
    revision_1 = generated(repo.root)["procedures/PRO-PIC-001/r1.html"]
    assert "<code>" in revision_1 and "Différences entre la révision 1 et la révision 2" in revision_1
    assert '<span class="sopdoc-diff-del">-revision: 1</span>' in revision_1


def test_without_git_there_is_no_history(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    for relpath, text in BASE_FILES.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    pages = generated(root)
    assert sorted(pages) == ["procedures/PRO-PIC-001.md", "procedures/PRO-PIC-002.md", "procedures/index.md"]
    assert "Aucune révision enregistrée dans git." in pages["procedures/PRO-PIC-001.md"]
    assert "sopdoc-feedback" not in pages["procedures/PRO-PIC-001.md"]  # no forge configured


def test_hostile_values_are_inert(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    hostile = (PROCEDURE_1
               .replace("title: Revue de la demande", 'title: "<script>alert(1)</script> | {{ x }} *gras*"')
               .replace("what: Consolider les prévisions",
                        "what: \"<img src=x onerror=alert(1)> | [lien](javascript:x)\"")
               + "\n<script>window.__pwned = 1</script>\n")
    repo.write("procedures/demand/PRO-PIC-001.md", hostile)
    repo.commit("Hostile", "2026-11-20T10:00:00+01:00")
    page = generated(repo.root)["procedures/PRO-PIC-001.md"]
    assert "# PRO-PIC-001 — &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\{\\{ x \\}\\} \\*gras\\*" in page
    assert ("<tr><td>Prévisionniste</td> <td>J+4</td> <td>&lt;img src=x onerror=alert(1)&gt; | [lien](javascript:x)"
            "</td> <td></td> <td></td></tr>") in page
    outside_code = page.split("```text")[0] + page.split("```text")[1].split("```", 1)[1]
    assert "<script" not in outside_code
    # the body with active HTML is shown as text inside a code block, with a warning
    assert '!!! failure "Contenu bloqué"' in page
    assert ("```text\n## Objet\n\nDécrire la revue de la demande.\n\n"
            "<script>window.__pwned = 1</script>\n```") in page


def test_a_blocked_body_cannot_close_its_code_fence(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    repo.write("procedures/demand/PRO-PIC-001.md", PROCEDURE_1 + "\n`````\n<script>x()</script>\n")
    page = generated(repo.root)["procedures/PRO-PIC-001.md"]
    assert "``````text\n## Objet" in page
    assert page.count("``````") == 2


def test_index_by_area(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    index = generated(repo.root)["procedures/index.md"]
    assert index.splitlines()[5:12] == [
        "## Supply", "", "<!-- sopdoc:html -->", "<table>",
        "<thead><tr><th>Procédure</th> <th>Titre</th> <th>Propriétaire</th> <th>Révision</th> <th>En vigueur depuis</th> "
        "<th>Prochaine revue</th> <th>Statut</th></tr></thead>",
        "<tbody>",
        '<tr><td><a href="PRO-PIC-001/">PRO-PIC-001</a></td> <td>Revue de la demande</td> <td>Prévisionniste</td> '
        '<td>3</td> <td>6 janvier 2025</td> <td>2 juin 2026 <span class="sopdoc-badge sopdoc-overdue">en retard</span>'
        "</td> <td>en vigueur</td></tr>",
    ]


def test_earlier_bodies_are_converted_once_each() -> None:
    renderer = procedures.BodyRenderer()
    conversions: list[str] = []
    convert = renderer._markdown.convert
    renderer._markdown.convert = lambda text: conversions.append(text) or convert(text)  # type: ignore[method-assign]
    first = "## Objet\n\nVérifier le **stock**.\n\n- un\n- deux\n"
    second = "## Objet\n\nVérifier le stock.\n"
    unsafe = "## Objet\n\n<script>alert(1)</script>\n"
    assert renderer.html(first) == ('<h2 id="objet">Objet</h2>\n<p>Vérifier le <strong>stock</strong>.</p>\n'
                                    "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>")
    assert renderer.html(second) == '<h2 id="objet">Objet</h2>\n<p>Vérifier le stock.</p>'
    assert renderer.html(first) == renderer.html(first)
    assert renderer.html(unsafe) == "<pre>## Objet\n\n&lt;script&gt;alert(1)&lt;/script&gt;\n</pre>"
    assert conversions == [first, second]  # one converter, reset between bodies: the same ids again


def test_what_is_kept_of_earlier_bodies_is_forgotten_at_the_next_procedure() -> None:
    renderer = procedures.BodyRenderer()
    conversions: list[str] = []
    convert = renderer._markdown.convert
    renderer._markdown.convert = lambda text: conversions.append(text) or convert(text)  # type: ignore[method-assign]
    renderer.html("Un.\n")
    renderer.html("Un.\n")
    assert renderer.for_procedure() is renderer
    renderer.html("Un.\n")
    assert conversions == ["Un.\n", "Un.\n"]
