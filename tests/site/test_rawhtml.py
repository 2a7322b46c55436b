"""Generated HTML blocks: stored unparsed by the extension, the same page without it; relative URLs
of a site with directory URLs; a procedure body cannot open a block."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from sopdoc.site.rawhtml import CLOSE, OPEN, href, page_url
from tests.conftest import BASE_FILES, PROCEDURE_1
from tests.gitrepo import GitRepo
from tests.site.test_procedures import generated

EXTENSIONS = ["tables", "fenced_code", "admonition", "attr_list", "def_list", "toc"]

PAGE = "\n".join([
    "# Titre", "", OPEN, "<table>", "<tr><td>a *b*</td><td>1 &lt; 2</td></tr>", "", "<tr><td>c</td></tr>",
    "</table>", CLOSE, "", "Texte *en italique*.", ""])


def convert(text: str, *extra: str) -> str:
    return markdown.markdown(text, extensions=[*EXTENSIONS, *extra])


def test_a_block_is_stored_as_written() -> None:
    html = convert(PAGE, "sopdoc.site.rawhtml")
    assert html == "\n".join([
        '<h1 id="titre">Titre</h1>', OPEN, "<table>", "<tr><td>a *b*</td><td>1 &lt; 2</td></tr>", "",
        "<tr><td>c</td></tr>", "</table>", CLOSE, "<p>Texte <em>en italique</em>.</p>"])


def test_without_the_extension_the_block_is_ordinary_raw_html() -> None:
    html = convert(PAGE)
    assert "<table>\n<tr><td>a *b*</td><td>1 &lt; 2</td></tr>\n\n<tr><td>c</td></tr>\n</table>" in html
    assert "<p>Texte <em>en italique</em>.</p>" in html


def test_a_block_never_closed_is_left_to_the_ordinary_handling() -> None:
    text = f"# Titre\n\n{OPEN}\n<p>un</p>\n\nDeux *mots*.\n"
    assert convert(text, "sopdoc.site.rawhtml") == convert(text)


@pytest.mark.parametrize(("source", "target", "fragment", "url"), [
    ("procedures/PRO-1.md", "roles/planner.md", "", "../../roles/planner/"),
    ("procedures/PRO-1.md", "procedures/PRO-2.md", "", "../PRO-2/"),
    ("procedures/PRO-1.md", "procedures/index.md", "", "../"),
    ("procedures/PRO-1.md", "indicators.md", "otif", "../../indicators/#otif"),
    ("procedures/PRO-1.md", "procedures/PRO-1/r2.html", "", "r2.html"),
    ("procedures/index.md", "procedures/PRO-1.md", "", "PRO-1/"),
    ("index.md", "plans/2026-05.md", "", "plans/2026-05/"),
    ("index.md", "index.md", "", "./"),
    ("plans/2026-05.md", "charts/2026-05-load.svg", "", "../../charts/2026-05-load.svg"),
    ("plans/index.md", "index.md", "", "../"),
])
def test_href(source: str, target: str, fragment: str, url: str) -> None:
    assert href(source, target, fragment) == url


def test_page_url() -> None:
    assert [page_url(path) for path in ("index.md", "a/index.md", "a/b.md", "a/b.svg")] == ["", "a/", "a/b/", "a/b.svg"]


def test_a_body_holding_a_marker_is_shown_as_code(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    # inside a code fence the scan for unsafe HTML sees nothing; the extension would still let it through
    repo.write("procedures/demand/PRO-PIC-001.md",
               PROCEDURE_1 + f"\n```\n{OPEN}\n<img src=x onerror=alert(1)>\n{CLOSE}\n```\n")
    repo.commit("Marqueur", "2026-11-20T10:00:00+01:00")
    page = generated(repo.root)["procedures/PRO-PIC-001.md"]
    assert '!!! failure "Contenu bloqué"' in page
    body = page.split("````text\n", 1)[1].split("\n````", 1)[0]
    assert body.endswith(f"```\n{OPEN}\n<img src=x onerror=alert(1)>\n{CLOSE}\n```")
    assert page.count("<img") == 1
