"""`unsafe-html`: active content in a procedure's Markdown body.

Python-Markdown passes raw HTML through, so a ``<script>`` written in a procedure would run on
every reader's intranet page. Code (fenced blocks and inline spans) is rendered escaped, so it
is masked before the search, but only where Python-Markdown surely takes it for code (an unclosed,
indented or mismatched fence, an escaped backtick or a span inside a raw HTML block is not code there,
so it is scanned); entity-encoded schemes (``&#106;avascript:``) are decoded first, and attribute lists
(``{: onclick=…}``, attr_list) are scanned like tags. Every search runs in linear time: a procedure of
a few megabytes of backticks or tildes must not stall CI.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from sopdoc.diagnostics import Diagnostic, Severity
from sopdoc.model import Procedure
from sopdoc.repository import Repository

# Code as Python-Markdown (MkDocs' renderer, fenced_code) sees it: a fence is a whole run of backticks or
# tildes at column 0 followed by nothing but a language or {attributes}, closed by the first line holding
# the very same run and spaces; anything else is rendered, so it is scanned.
_FENCE_LINE = re.compile(r"^(`{3,}+|~{3,}+)([^\n]*)$", re.MULTILINE)
_FENCE_INFO = re.compile(r"[ \t]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ \t]*)")
_FENCE_CLOSE = re.compile(r"[ \t]*")
_BACKTICKS = re.compile(r"`+")
_HTML_BLOCK = re.compile(r"^[ \t]*<[A-Za-z/!?]", re.MULTILINE)  # where a raw HTML block may start
# attr_list ({: #id .class key=value}): on each line, all from the first { to the last }
_ATTRIBUTE_LIST = re.compile(r"^[^{\n]*\{([^\n]*)\}", re.MULTILINE)
_NOT_NEWLINE = re.compile(r"[^\n]")
_LIST_EVENT = re.compile(r"(?<![\w-])(on[a-z]+)\s*=", re.IGNORECASE)
_DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset)\b", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>", re.DOTALL)
_EVENT_ATTRIBUTE = re.compile(r"[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE)
_URL_ATTRIBUTE = re.compile(r"\b(?:href|src|action|formaction|xlink:href|data)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)",
                            re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^[ \t]*\[[^\]]+\]:\s*<?(\S+)|<([a-z][a-z0-9+.-]*:[^<>\s]*)>",
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
    # Python-Markdown reads CR LF and a lone CR as line ends: the same lines here, every offset kept
    body = markdown_text.replace("\r\n", " \n").replace("\r", "\n")
    # Each search below needs a character that most procedures do not hold: skipped without it
    if "`" in body or "~" in body:
        body = _mask_code(body)
    tags = "<" in body
    for match in _DANGEROUS_TAG.finditer(body) if tags else ():
        yield match.start(), (f"<{match.group(1).lower()}> is not allowed in a procedure; "
                              "describe the content or link to it")
    for tag in _TAG.finditer(body) if tags else ():
        for attribute in _EVENT_ATTRIBUTE.finditer(tag.group()):
            yield (tag.start() + attribute.start(1),
                   f"event attribute {attribute.group(1).lower()}= is not allowed (it runs a script)")
        for attribute in _URL_ATTRIBUTE.finditer(tag.group()):
            if _is_script_url(attribute.group(1).strip("\"'")):
                yield tag.start() + attribute.start(1), "javascript:, vbscript: and data: links are not allowed"
    for attributes in _ATTRIBUTE_LIST.finditer(body) if "{" in body else ():
        for attribute in _LIST_EVENT.finditer(attributes.group(1)):
            yield (attributes.start(1) + attribute.start(1),
                   f"event attribute {attribute.group(1).lower()}= is not allowed (it runs a script)")
        for attribute in _URL_ATTRIBUTE.finditer(attributes.group(1)):
            if _is_script_url(attribute.group(1).strip("\"'")):
                yield attributes.start(1) + attribute.start(1), "javascript:, vbscript: and data: links are not allowed"
    for link in _MARKDOWN_LINK.finditer(body) if tags or "]" in body else ():
        target_group = next(index for index in (1, 2, 3) if link.group(index) is not None)
        if _is_script_url(link.group(target_group)):
            yield link.start(target_group), "javascript:, vbscript: and data: links are not allowed"


def _is_script_url(url: str) -> bool:
    return _SCHEME.match(_INVISIBLE.sub("", html.unescape(url))) is not None


def _mask_code(text: str) -> str:
    """Blank out code blocks and code spans, keeping every offset and line break in place."""
    for spans in (_fenced_blocks, _code_spans):
        pieces: list[str] = []
        last = 0
        for start, end in spans(text):  # in order, never overlapping
            pieces += (text[last:start], _NOT_NEWLINE.sub(" ", text[start:end]))
            last = end
        text = "".join(pieces) + text[last:]
    return text


def _fenced_blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each fenced block, in one pass over the lines that look like fences."""
    lines = list(_FENCE_LINE.finditer(text))
    closers: dict[str, list[int]] = defaultdict(list)  # fence → indexes of the lines that can close it
    for index, line in enumerate(lines):
        if _FENCE_CLOSE.fullmatch(line.group(2)):
            closers[line.group(1)].append(index)
    after = 0
    for index, line in enumerate(lines):
        if line.start() < after or line.end() == len(text) or not _FENCE_INFO.fullmatch(line.group(2)):
            continue
        candidates = closers[line.group(1)]
        following = bisect_right(candidates, index)
        if following < len(candidates):
            after = lines[candidates[following]].end()
            yield line.start(), after


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the inline code spans Python-Markdown surely renders as code.

    It pairs a run of n backticks with the next run of exactly n in the same block of text, across
    lines. A span is taken here only where that pairing cannot differ: both runs on one line, every run
    before them in the block (up to a blank line) paired the same way, no backslash before a run, and
    no raw HTML block before it (where inline code is not code). Linear: each run is looked at twice.
    """
    html_block = _HTML_BLOCK.search(text)
    start = 0
    paired = True  # every run so far in this block was paired on its own line
    for line in text[:html_block.start() if html_block else len(text)].split("\n"):
        if not line.strip(" \t"):  # a blank line for Python-Markdown: spaces and tabs only
            paired = True
        elif paired:
            runs = list(_BACKTICKS.finditer(line))
            index = 0
            while index < len(runs):
                opener = runs[index]
                width = opener.end() - opener.start()
                closer = next((later for later in range(index + 1, len(runs))
                               if runs[later].end() - runs[later].start() == width), None)
                if closer is None or line[opener.start() - 1:opener.start()] == "\\":
                    paired = False
                    break
                yield start + opener.start(), start + runs[closer].end()
                index = closer + 1
        start += len(line) + 1
