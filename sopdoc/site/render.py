"""The one Jinja2 environment of the site, and the filters that make every value inert.

Templates are package data; `StrictUndefined` turns a missing value into an error, never an empty
string. Autoescape is on for every template, Markdown included: a value is HTML-escaped, and the
`md`/`cell` filters also neutralise Markdown syntax, so a title like ``<script>``, ``a | b`` or
``{{ x }}`` prints as itself. User text is never rendered as a template.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from sopdoc.site.rawhtml import CLOSE, OPEN, href

# what would start a list item, a rule or a setext heading line: "- x", "---", "===", "1. x"
_LIST_MARKER = re.compile(r"^(\s*)(?=[-=]+\s*$|-(?:\s|$))|^(\s*\d+)(?=\.(?:\s|$))")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md(value: Any) -> Markup:
    """A value as inline Markdown text: HTML-escaped, Markdown punctuation backslashed, one line."""
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", str(value).replace("\r", " ").replace("\n", " "))
    text = _LIST_MARKER.sub(lambda m: (m.group(1) or m.group(2) or "") + "\\", text)  # "- x", "---", "1. x" stay text
    return Markup(str(escape(text)))  # escaped after the backslashes: entities like &#39; stay whole


def cell(value: Any) -> Markup:
    """A Markdown table cell: like `md`, and never empty."""
    text = md(value)
    return text if text.strip() else Markup("&nbsp;")


def attribute(value: Any) -> Markup:
    """A value inside a double-quoted HTML attribute."""
    return Markup(str(escape(str(value))))


def yaml_string(value: Any) -> Markup:
    """A front-matter value as an ASCII YAML double-quoted string. Like Jinja's ``tojson`` it escapes
    ``<>&'`` and every non-ASCII character, but an astral one (emoji) as ``\\UXXXXXXXX``: the surrogate
    pair ``tojson`` writes is refused by YAML, and the page would lose its front matter."""
    out = ['"']
    for char in str(value):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char in "<>&'" or code < 0x20 or 0x7F <= code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        elif code > 0xFFFF:
            out.append(f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return Markup("".join(out))


def links(pairs: Any, separator: str = ", ") -> Markup:
    """Markdown links ``[label](url)`` from (label, url) pairs, each part made inert."""
    return Markup(separator).join(Markup(f"[{md(label)}]({attribute(url)})") for label, url in pairs)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sopdoc.site", "templates"),
        undefined=StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, cell=cell, attr=attribute, yaml_string=yaml_string)
    env.globals.update(link_list=links, href=href, raw_open=Markup(OPEN), raw_close=Markup(CLOSE))
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
