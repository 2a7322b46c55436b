"""Material's search indexing of a page, the same entries for less work.

Material's search plugin reads every page's HTML with `html.parser`, at a cost per tag: for a
procedure page, with its generated tables (`sopdoc.site.rawhtml`), 2.4 ms, four times a plain page.
`add_entry` does what `SearchIndex.add_entry_from_context` does, with a subclass of Material's parser
(`_Parser`), in two ways that give that parser the same calls:

- each generated block between its marker comments becomes a placeholder comment. When the parser
  meets it in a *clean* state (nothing skipped, not inside a heading nor in ``pre``), the block's
  `Effect` on the section's text, computed beforehand, is applied; otherwise the block's own events,
  recorded by `html.parser`, are replayed. A block whose effect depends on more (a heading, a script,
  tags that do not nest, a skipped element holding one of its own name: see `Block.effect`) stays in
  the page as it is;
- a page of plain tags, simple comments and text is tokenised with one regular expression, which gives
  `html.parser`'s events (`_feed_plain`); any other page is read by `html.parser`. If a placeholder is
  not read as a comment, or a construct before it does not end, the whole page is read again as it is.

So the sections, their titles and texts, hence the search index, are those of the whole page: tests
compare them with Material's parser on random pages, and the search index of the built example site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from html import escape, unescape
from html.parser import HTMLParser
from typing import Any

from material.plugins.search.plugin import Parser, void

from sopdoc.site.rawhtml import CLOSE, OPEN

PLACEHOLDER = "sopdoc-search-block "  # <!--sopdoc-search-block N-->: block N of the page
_TAG_PARTS = r"(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[\t\n\r\f ][^<>]*)?/?)"  # "/" or "", the name, the rest
_TAG = re.compile(f"<{_TAG_PARTS}>")
_SPACES = re.compile("\x00+")
# one attribute in its plainest syntax, which html.parser reads one way only: a name, then an optional
# value, quoted or not (an unquoted one not touching a "/" that would end the tag)
_ATTRIBUTE = (r"""[\t\n\r\f ]+([^\s"'=<>/`]+)(?:[\t\n\r\f ]*=[\t\n\r\f ]*"""
              r"""(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`/]+)(?![^\t\n\r\f ])))?""")
_ATTRIBUTES = re.compile(f"(?:{_ATTRIBUTE})*[\t\n\r\f ]*/?")
_ONE_ATTRIBUTE = re.compile(_ATTRIBUTE)
# a page read without html.parser: plain tags, comments without "-" at their ends, "--", "!", "<" or ">"
_TOKEN = re.compile(f"<(?:{_TAG_PARTS}|!--([^<>!-]*(?:-[^<>!-]+)*)--)>")
# elements whose text html.parser reads otherwise (raw text), in one Python version or another
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
                       "plaintext"})
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
# never simple: a section's start ("hx": the parser's name for the first one), tags it skips, and
# ``script`` and ``style``, whose text html.parser reads differently
_NEVER = _HEADINGS | {"hx", "object", "script", "style"}
# tags the parser writes into the text (``pre``, which keeps white space, is simple only when skipped)
_KEPT = frozenset({"p", "code", "li", "ol", "ul", "sub", "sup"})


def add_entry(index: Any, page: Any) -> None:
    """`SearchIndex.add_entry_from_context(page)` of Material's search plugin, generated blocks read
    through `_Parser`: the same entries, faster."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    view, blocks = split(page.content)
    parser = _Parser(blocks)
    if not _feed_plain(parser, view):
        parser.feed(view)
        parser.close()
    if parser.seen != len(blocks):  # a placeholder not read as a comment, or a construct not ended: the page
        parser = Parser()
        parser.feed(page.content)
        parser.close()
    for section in parser.data:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


def _feed_plain(parser: Any, html: str) -> bool:
    """Call the parser's handlers as `html.parser` would on this HTML, when it is only plain tags
    (`_ATTRIBUTES`), simple comments and text: that, read with one regular expression, costs a third
    of `html.parser`'s reading. False, with nothing called, for any other HTML."""
    parts = _TOKEN.split(html)  # text, then per token: "/" or "", tag name, the rest, comment, text after
    texts = parts[0::5]
    if any("<" in text or "\x00" in text or "\r" in text for text in texts):
        return False
    tags: list[tuple[Any, ...]] = []  # (handler, arguments…) of each token, all checked before any call
    for index in range(1, len(parts), 5):
        comment = parts[index + 3]
        if comment is not None:
            tags.append((parser.handle_comment, comment))
            continue
        closing, name, rest = parts[index], parts[index + 1].lower(), parts[index + 2]
        if name in _RAW_TEXT:
            return False
        if closing:
            if rest.strip("\t\n\r\f "):
                return False
            tags.append((parser.handle_endtag, name))
        elif not rest:
            tags.append((parser.handle_starttag, name, []))
        elif _ATTRIBUTES.fullmatch(rest):
            attrs = [(match.group(1).lower(), _value(match)) for match in _ONE_ATTRIBUTE.finditer(rest)]
            tags.append((parser.handle_startendtag if rest.endswith("/") else parser.handle_starttag, name, attrs))
        else:
            return False
    data = parser.handle_data
    for text, (handler, *arguments) in zip(texts, [*tags, (None,)], strict=True):
        if text:
            data(unescape(text) if "&" in text else text)
        if handler is not None:
            handler(*arguments)
    return True


def _value(match: re.Match[str]) -> str | None:
    """An attribute's value as html.parser gives it: None without one, quotes off, character references
    replaced."""
    for value in match.group(2, 3, 4):
        if value is not None:
            return unescape(value) if value else value
    return None


def split(content: str) -> tuple[str, list[Block]]:
    """The page's HTML with each simple generated block (see `Block.effect`) replaced by a placeholder
    comment, and those blocks in order. A block is all that lies between an opening marker and the next
    closing one, each ending or starting a line."""
    if OPEN not in content or PLACEHOLDER in content:
        return content, []
    pieces: list[str] = []
    blocks: list[Block] = []
    start = 0
    searched = 0
    while (opened := content.find(OPEN + "\n", searched)) >= 0:
        inside = opened + len(OPEN)  # the block is all between the two comments, line ends included
        closed = content.find("\n" + CLOSE, inside) + 1
        if not closed:
            break
        block = Block(content[inside:closed])
        if block.effect is not None:
            pieces.append(content[start:inside])
            pieces.append(f"<!--{PLACEHOLDER}{len(blocks)}-->")
            blocks.append(block)
            start = closed
        searched = closed
    pieces.append(content[start:])
    return "".join(pieces), blocks


@dataclass(frozen=True)
class Effect:
    """What a simple block does to the text of the current section, the parser being clean, as
    operations on the section's list of strings:

    - ``("space", " ")``: white space before any text, written unless the text ends with white space;
    - ``("text", s)``: the block's texts, escaped, white space collapsed as the parser does, as one
      string (``" "`` alone for white space after them);
    - ``("open", "<p>")`` and ``("close", "p")``: a tag the parser writes into the text (`_KEPT`); at
      its end tag, the parser drops what follows the first such opening if it is only white space
      (the opening included), else writes the end tag."""

    operations: tuple[tuple[str, str], ...]

    def apply(self, text: list[str]) -> None:
        for kind, value in self.operations:
            if kind == "text" or kind == "open":
                text.append(value)
            elif kind == "space":
                if not text or not text[-1].isspace():
                    text.append(value)
            else:  # Material's Parser.handle_endtag for a kept tag, as it is
                index = text.index(f"<{value}>")
                for i in range(index + 1, len(text)):
                    if not text[i].isspace():
                        index = len(text)
                        break
                if len(text) > index:
                    del text[index:]
                else:
                    text.append(f"</{value}>")


def _run(pieces: list[str], operations: list[tuple[str, str]]) -> None:
    """Add the operations of the texts found between two kept tags (or the block's ends), as the parser
    writes them: each text unescaped; white space alone is one space, written unless the section's text
    ends with white space; other texts with line ends as spaces, escaped."""
    if not pieces:
        return
    if any("&" in piece for piece in pieces):
        pieces = [unescape(piece) for piece in pieces]
    # white space alone becomes NUL (a block holding one is not simple), then each run of them one space
    joined = "".join(["\x00" if piece.isspace() else piece for piece in pieces if piece])
    middle = joined.strip("\x00")
    if joined[:1] == "\x00":
        operations.append(("space", " "))
    if middle:
        operations.append(("text", escape(_SPACES.sub(" ", middle).replace("\n", " "), quote=False)))
        if joined[-1] == "\x00":
            operations.append(("text", " "))


class Block:
    """One generated block's HTML, analysed once."""

    def __init__(self, html: str) -> None:
        self.html = html

    @cached_property
    def effect(self) -> Effect | None:
        """The block's `Effect`, or None when it is not simple: a tag in `_NEVER`, ``pre`` outside a
        skipped element, anything but plain tags and text (comments, ``<`` or NUL in a text, attributes
        in any but the plainest syntax), tags that do not nest, a self-closing element that is not void,
        or a skipped element (``data-search-exclude``, the ``linenodiv`` class) holding an element of its
        own name, which the parser mistakes for it."""
        parts = _TAG.split(self.html)  # text, then per tag: "/" or "", its name, the rest, and the text after
        texts = parts[0::4]
        if any("<" in text or "\x00" in text for text in texts):
            return None
        operations: list[tuple[str, str]] = []
        run: list[str] = [texts[0]]  # texts since the last kept tag, outside skipped elements
        stack: list[str] = []
        skipped_at = -1  # depth of the skipped element we are in, or -1
        skipped_name = ""
        for index in range(1, len(parts), 4):
            closing, name, rest = parts[index], parts[index + 1].lower(), parts[index + 2]
            if name in _NEVER or (skipped_at < 0 and name == "pre") or (rest and not _ATTRIBUTES.fullmatch(rest)):
                return None
            if closing:
                if rest.strip():
                    return None
                if name not in void:
                    if not stack or stack.pop() != name:
                        return None
                    if len(stack) == skipped_at:
                        skipped_at = -1
                    elif skipped_at < 0 and name in _KEPT:
                        _run(run, operations)
                        run = []
                        operations.append(("close", name))
            elif name not in void:
                if rest.endswith("/") or (skipped_at >= 0 and name == skipped_name):
                    return None
                if skipped_at < 0:
                    if rest and ("data-search-exclude" in rest.lower() or "linenodiv" in rest or "&" in rest):
                        attributes = _attributes(f"<{parts[index + 1]}{rest}>")
                        if attributes is None:
                            return None
                        if "data-search-exclude" in attributes or attributes.get("class") == "linenodiv":
                            skipped_at, skipped_name = len(stack), name
                    if skipped_at < 0 and name in _KEPT:
                        _run(run, operations)
                        run = []
                        operations.append(("open", f"<{name}>"))
                stack.append(name)
            if skipped_at < 0:
                run.append(parts[index + 3])
        if stack:
            return None
        _run(run, operations)
        return Effect(tuple(operations))

    @cached_property
    def events(self) -> list[tuple[str, Any]]:
        """The block's events as `html.parser` reports them, to replay."""
        recorder = _Recorder()
        recorder.feed(self.html)
        recorder.close()
        return recorder.recorded


def _attributes(tag: str) -> dict[str, str | None] | None:
    """The attributes of a start tag as the parser sees them (read by `html.parser`), None if it is not
    read as one start tag."""
    recorder = _Recorder()
    recorder.feed(tag)
    recorder.close()
    if len(recorder.recorded) != 1 or recorder.recorded[0][0] != "start":
        return None
    return dict(recorder.recorded[0][1][1])


class _Recorder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.recorded: list[tuple[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.recorded.append(("start", (tag, attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.recorded.append(("start", (tag, attrs)))
        self.recorded.append(("end", tag))

    def handle_endtag(self, tag: str) -> None:
        self.recorded.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.recorded.append(("data", data))

    def handle_comment(self, data: str) -> None:
        self.recorded.append(("comment", data))


class _Parser(Parser):
    """Material's search parser; a placeholder comment stands for a simple generated block."""

    def __init__(self, blocks: list[Block]) -> None:
        super().__init__()
        self.blocks = blocks
        self.seen = 0  # placeholders read, in order; any other count means this parse is not to be used

    def handle_comment(self, data: str) -> None:
        if not data.startswith(PLACEHOLDER):
            return
        if data != f"{PLACEHOLDER}{self.seen}" or self.seen >= len(self.blocks):
            self.seen = -1
            return
        block = self.blocks[self.seen]
        self.seen += 1
        effect = block.effect
        if effect is not None and self._clean():
            effect.apply(self.section.text)
            return
        for kind, value in block.events:  # as html.parser reads them: a simple block is read alone the same
            if kind == "start":
                self.handle_starttag(*value)
            elif kind == "end":
                self.handle_endtag(value)
            elif kind == "data":
                self.handle_data(value)

    # html.parser's readers of one construct: a negative value means it does not end, and the parser
    # reads it otherwise at the end of the page; in the page itself, what ends it might be in a block
    def parse_starttag(self, i: int) -> int:
        return self._ended(super().parse_starttag(i))

    def parse_endtag(self, i: int) -> int:
        return self._ended(super().parse_endtag(i))

    def parse_comment(self, i: int, report: int = 1) -> int:
        return self._ended(super().parse_comment(i, report))

    def parse_pi(self, i: int) -> int:
        return self._ended(super().parse_pi(i))

    def parse_html_declaration(self, i: int) -> int:
        return self._ended(super().parse_html_declaration(i))

    def _ended(self, end: int) -> int:
        if end < 0:
            self.seen = -1
        return end

    def _clean(self) -> bool:
        """Whether a simple block's `Effect` is exactly what its tags would do now. (The parser leaves a
        section at the first end tag that finds it deeper than the context, before taking the element
        off: here it is never more than one deeper, so the block's end tags never leave it.)"""
        section = self.section
        return (section is not None and not self.skip.intersection(self.context) and "pre" not in self.context
                and section.el not in self.context)
