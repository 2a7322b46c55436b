"""`unsafe-html`: active content in a procedure's Markdown body.

Python-Markdown passes raw HTML through, so a ``<script>`` written in a procedure would run on
every reader's intranet page. Code (fenced blocks and inline spans) is rendered escaped, so it
is masked before the search, exactly as Python-Markdown delimits it (an unclosed or indented fence is
not code there, so it is scanned); entity-encoded schemes (``&#106;avascript:``) are decoded first.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator

from sopdoc.diagnostics import Diagnostic, Severity
from sopdoc.model import Procedure
from sopdoc.repository import Repository

# Code as Python-Markdown (MkDocs' renderer) sees it: a fence starts at column 0 and must be closed
# by the same fence; anything else is rendered, so it is scanned.
_FENCED = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset)\b", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>", re.DOTALL)
_EVENT_ATTRIBUTE = re.compile(r"[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(r"\b(?:href|src|action|formaction|xlink:href|data)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)",
                            re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+)|<([a-z][a-z0-9+.-]*:[^>\s]*)>",
                            re.IGNORECASE | re.MULTILINE)
_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def check(repo: Repository, today: dt.date) -> Iterator[Diagnostic]:
    del today  # no date in these rules
    for procedure in repo.procedures:
        yield from find_unsafe_html(procedure)


def find_unsafe_html(procedure: Procedure) -> Iterator[Diagnostic]:
    document = procedure.document
    body = document.body
    for offset, message in scan_unsafe_html(body):
        line = document.body_line + body.count("\n", 0, offset)
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        yield Diagnostic(document.path, line, column, "unsafe-html", Severity.ERROR, message)


def scan_unsafe_html(markdown_text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) of each piece of active content in a Markdown text, code excepted."""
    body = _mask_code(markdown_text)
    for match in _DANGEROUS_TAG.finditer(body):
        yield match.start(), (f"<{match.group(1).lower()}> is not allowed in a procedure; "
                              "describe the content or link to it")
    for tag in _TAG.finditer(body):
        for attribute in _EVENT_ATTRIBUTE.finditer(tag.group()):
            yield (tag.start() + attribute.start(1),
                   f"event attribute {attribute.group(1).lower()}= is not allowed (it runs a script)")
        for attribute in _URL_ATTRIBUTE.finditer(tag.group()):
            if _is_script_url(attribute.group(1).strip("\"'")):
                yield tag.start() + attribute.start(1), "javascript:, vbscript: and data: links are not allowed"
    for link in _MARKDOWN_LINK.finditer(body):
        target_group = next(index for index in (1, 2, 3) if link.group(index) is not None)
        if _is_script_url(link.group(target_group)):
            yield link.start(target_group), "javascript:, vbscript: and data: links are not allowed"


def _is_script_url(url: str) -> bool:
    return _SCHEME.match(_INVISIBLE.sub("", html.unescape(url))) is not None


def _mask_code(text: str) -> str:
    """Blank out code blocks and code spans, keeping every offset and line break in place."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    return _INLINE_CODE.sub(blank, _FENCED.sub(blank, text))
