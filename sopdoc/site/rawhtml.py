"""Generated HTML inside the generated Markdown pages, and the links it carries.

The big tables of the site (steps, revision history, plan figures, roles, training matrix) are
written by sopdoc as HTML, every value escaped by Jinja: Python-Markdown's table and inline
processing costs ten times more than the text is worth there. Each such block sits between two
marker lines, ``<!-- sopdoc:html -->`` and ``<!-- /sopdoc:html -->``.

- Without this module, any Markdown engine reads the block as ordinary raw HTML and renders the same
  page (the markers are HTML comments): the tree stays plain Markdown.
- With it (``markdown_extensions: [sopdoc.site.rawhtml]``, which `sopdoc build` and the MkDocs plugin
  add), Python-Markdown stores the block as it is, markers included, without parsing a tag of it. The
  markers stay in the page's HTML, as they do without the extension: `sopdoc.site.searchview` finds
  the blocks by them.

A procedure body is users' text: one that contains a marker line is shown as code, never as HTML
(`procedures.procedure_page`). Links inside a block are not rewritten by MkDocs, so they are written
as the final relative URLs of a site with ``use_directory_urls`` (`href`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

MARKER = "sopdoc:html"  # a procedure body holding it is shown as code (`procedures.procedure_page`)
OPEN = f"<!-- {MARKER} -->"
CLOSE = f"<!-- /{MARKER} -->"
NAME = "sopdoc.site.rawhtml"


class RawBlocks(Preprocessor):
    """Replaces each marked block with a placeholder of Python-Markdown's HTML stash."""

    def run(self, lines: list[str]) -> list[str]:
        if OPEN not in lines:
            return lines
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == OPEN:
                    block = []
                else:
                    out.append(line)
            elif line == CLOSE:
                out.extend(("", self.md.htmlStash.store("\n".join((OPEN, *block, CLOSE))), ""))
                block = None
            else:
                block.append(line)
        if block is not None:  # never closed: left to the ordinary HTML handling
            out.append(OPEN)
            out.extend(block)
        return out


class RawHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        # after whitespace normalisation (30), before fenced code (25) and raw HTML blocks (20)
        md.preprocessors.register(RawBlocks(md), "sopdoc_raw_html", 27)


def makeExtension(**kwargs: Any) -> RawHtmlExtension:  # Python-Markdown's entry point
    return RawHtmlExtension(**kwargs)


@cache
def page_url(path: str) -> str:
    """The URL folder of a Markdown page with ``use_directory_urls``: ``a/b.md`` → ``a/b/``,
    ``a/index.md`` → ``a/``, ``index.md`` → ``""``; other files keep their path."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return f"{stem}/"


def href(source: str, target: str, fragment: str = "") -> str:
    """The relative URL from page ``source`` to page or file ``target`` (paths in the tree, which has
    no ``..``): string work only, called for every link of the site."""
    start = page_url(source).split("/")[:-1]  # the folders of the page's URL
    end = page_url(target).split("/")
    common = 0
    while common < len(start) and common < len(end) - 1 and start[common] == end[common]:
        common += 1
    url = "/".join([".."] * (len(start) - common) + end[common:]) or "./"
    return f"{url}#{fragment}" if fragment else url
