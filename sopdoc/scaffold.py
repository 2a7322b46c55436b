"""Jinja2 scaffolds for ``sopdoc new``: one environment, and filters that write safe YAML.

A scaffold comes from the content repository's ``templates/`` folder when it holds one of that
name, else from the copy shipped with sopdoc. Values reach the text only through the ``yaml`` and
``yaml_months`` filters, which write them as YAML that reads back as exactly the same value: user
text is data, never template source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import yaml

from sopdoc.errors import UsageError

PLACEHOLDER = "À RENSEIGNER"  # the comment that marks a value left to fill in (written as null)

_FLOW_UNSAFE = set(",[]{}:#?")  # a plain scalar holding one of these may end early inside {…} or […]
_YAML12_NUMBER = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^0o[0-7]+$|^[-+]?\.(inf|Inf|INF)$"
                            r"|^\.(nan|NaN|NAN)$")
_MONTHS_PER_LINE = 6


def yaml_scalar(value: Any) -> str:
    """``value`` as one line of YAML, safe in block and flow context, read back as the same value.

    A string stays plain when nothing can misread it; otherwise it is double-quoted: strings that
    YAML 1.1 or 1.2 would read as a boolean, number, date or null (``yes``, ``10:30``, ``1e3``), and
    strings holding ``:``, ``#``, ``?`` or flow indicators (``,[]{}``), quotes at the start, line
    breaks or control characters.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")
    plain = _emit(value, None)
    if (plain[:1] not in ("'", '"') and "\n" not in plain and not _FLOW_UNSAFE.intersection(plain)
            and not _YAML12_NUMBER.match(plain)):
        return plain
    return _emit(value, '"')


def yaml_months(series: Sequence[tuple[str, float | None]], indent: int) -> str:
    """A month → quantity series as a YAML flow mapping, six months a line.

    ``indent`` is the column of the opening brace plus one, where continuation lines start. A
    missing quantity is written ``null`` and its line ends with the placeholder comment.
    """
    rows = [series[start:start + _MONTHS_PER_LINE] for start in range(0, len(series), _MONTHS_PER_LINE)] or [[]]
    lines = []
    for number, row in enumerate(rows):
        text = ", ".join(f"{month}: {yaml_scalar(value)}" for month, value in row)
        text = ("{" if number == 0 else " " * indent) + text + ("}" if number == len(rows) - 1 else ",")
        if any(value is None for _, value in row):
            text += f"  # {PLACEHOLDER}"
        lines.append(text)
    return "\n".join(lines)


def _emit(value: str, style: str | None) -> str:
    text = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=2**31 - 1)
    return text.removesuffix("\n...\n").removesuffix("\n")


def template_environment(root: Path | None) -> jinja2.Environment:
    """The one Jinja environment of the scaffolds: the repository's ``templates/`` first, then
    sopdoc's own; strict about undefined names; no HTML escaping (the output is Markdown and YAML)."""
    loaders: list[jinja2.BaseLoader] = []
    if root is not None:
        loaders.append(jinja2.FileSystemLoader(root / "templates"))
    loaders.append(jinja2.PackageLoader("sopdoc", "skeleton/templates"))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["yaml"] = yaml_scalar
    environment.filters["yaml_months"] = yaml_months
    return environment


def render(root: Path | None, name: str, context: dict[str, Any]) -> str:
    """Render the scaffold ``name``; a broken custom scaffold is a usage error naming its line."""
    environment = template_environment(root)
    try:
        template = environment.get_template(name)
        return template.render(context)
    except jinja2.TemplateSyntaxError as error:
        raise UsageError(f"{error.filename or name}:{error.lineno}: {error.message}; fix the scaffold, or delete "
                         "it to use sopdoc's own") from None
    except jinja2.TemplateError as error:
        raise UsageError(f"templates/{name}: {error}; fix the scaffold, or delete it to use sopdoc's own") from None
