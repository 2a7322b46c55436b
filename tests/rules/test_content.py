"""`unsafe-html`: active content in procedure bodies, found at its line and column."""

from __future__ import annotations

import pytest

from tests.conftest import PROCEDURE_1, ContentRepo

P1 = "procedures/demand/PRO-PIC-001.md"
BODY_LINE = 19  # first body line of PROCEDURE_1


@pytest.mark.parametrize(("body", "expected", "message"), [
    ("Texte <script>alert(1)</script>\n", [(0, 7)],
     "<script> is not allowed in a procedure; describe the content or link to it"),
    ("<IFRAME src=x></IFRAME>\n", [(0, 1)],
     "<iframe> is not allowed in a procedure; describe the content or link to it"),
    ("Ligne\n\n<img src=x onerror=alert(1)>\n", [(2, 12)],
     "event attribute onerror= is not allowed (it runs a script)"),
    ('<div\n  onclick="x()">a</div>\n', [(1, 3)], "event attribute onclick= is not allowed (it runs a script)"),
    ("[clic](javascript:alert(1))\n", [(0, 8)], "javascript:, vbscript: and data: links are not allowed"),
    ("[clic]( JaVaScRiPt:alert(1))\n", [(0, 9)], "javascript:, vbscript: and data: links are not allowed"),
    ('<a href="&#106;avascript:alert(1)">x</a>\n', [(0, 9)],
     "javascript:, vbscript: and data: links are not allowed"),
    ("[ref]: javascript:alert(1)\n\nVoir [ref].\n", [(0, 8)], "javascript:, vbscript: and data: links are not allowed"),
    ("<javascript:alert(1)>\n", [(0, 2)], "javascript:, vbscript: and data: links are not allowed"),
])
def test_unsafe_html_is_found(repo: ContentRepo, body: str, expected: list[tuple[int, int]], message: str) -> None:
    repo.write(P1, PROCEDURE_1 + body)
    base = BODY_LINE + 3  # PROCEDURE_1's body has three lines
    assert repo.findings() == [(P1, base + line, column, "unsafe-html") for line, column in expected]
    assert repo.messages() == [message] * len(expected)


@pytest.mark.parametrize("body", [
    "Utiliser `<script>` dans le code est documenté.\n",
    "```html\n<script>alert(1)</script>\n<img onerror=x>\n```\n",
    "~~~\n[x](javascript:alert(1))\n~~~\n",
    "Une <abbr title=\"Plan industriel et commercial\">PIC</abbr> ; un lien [ERP](https://erp.local/one).\n",
    "Le mot onload= seul dans le texte n'est pas une balise.\n",
])
def test_safe_markdown_is_left_alone(repo: ContentRepo, body: str) -> None:
    repo.write(P1, PROCEDURE_1 + body)
    assert repo.findings() == []


@pytest.mark.parametrize(("body", "line", "column"), [
    ("```\n<script>x()</script>\n", 1, 1),  # an unclosed fence is not code for Python-Markdown
    (" ```\n<script>x()</script>\n ```\n", 1, 1),  # nor is an indented one
])
def test_fences_python_markdown_does_not_see_are_scanned(repo: ContentRepo, body: str, line: int,
                                                         column: int) -> None:
    repo.write(P1, PROCEDURE_1 + body)
    assert repo.findings() == [(P1, BODY_LINE + 3 + line, column, "unsafe-html")]


def test_every_unsafe_item_is_reported(repo: ContentRepo) -> None:
    repo.write(P1, PROCEDURE_1 + "<script>a</script> <script>b</script>\n")
    assert repo.findings() == [(P1, 22, 1, "unsafe-html"), (P1, 22, 20, "unsafe-html")]
