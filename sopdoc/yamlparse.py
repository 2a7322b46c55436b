"""One pass of libyaml events → Python values, with the source mark of every key and value.

libyaml (``yaml.CSafeLoader``) produces the events; this loop builds dicts, lists and scalars,
records marks in side tables keyed by container (no path tuple is built per node), detects
duplicate keys, refuses tags, bounds nesting depth and alias expansion. It is the hot path of
every command: it runs once per file and does the least work per event it can.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

MAX_DEPTH = 50
MAX_ALIAS_NODES = 10_000

Mark = int  # a position packed as line << 32 | column, both 0-based (see `unpack`)


def unpack(mark: Mark) -> tuple[int, int]:
    """0-based (line, column) of a packed position."""
    return mark >> 32, mark & 0xFFFFFFFF


class InvalidDate(str):
    """A plain scalar that looks like a YAML date but names no real day (``2026-02-30``)."""


class Marks:
    """Where keys and values start. ``tables[id(container)]`` is ``(container, side)``: a dict's side
    maps each key to its (key, value) positions, a list's side holds its values' positions in order.
    ``raw[(id(container), VALUE or KEY, key)]`` keeps the source text of plain scalars that YAML 1.1
    read as something other than a string or a plain number. Picklable (ids are rebuilt)."""

    def __init__(self) -> None:
        self.root: Mark | None = None
        self.tables: dict[int, tuple[Any, Any]] = {}
        self.raw: dict[tuple[int, int, Any], str] = {}

    def __getstate__(self) -> tuple[Any, ...]:
        containers = {identifier: entry[0] for identifier, entry in self.tables.items()}
        raw = [(containers.get(identifier), kind, key, text) for (identifier, kind, key), text in self.raw.items()]
        return self.root, list(self.tables.values()), raw

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.root, entries, raw = state
        self.tables = {id(entry[0]): entry for entry in entries}
        self.raw = {(0 if container is None else id(container), kind, key): text
                    for container, kind, key, text in raw}


VALUE, KEY = 0, 1  # kinds of raw-text entries


class Refused(Exception):
    """Content refused as ``rule`` at ``mark``: the parse of this file stops."""

    def __init__(self, mark: Mark | None, message: str, rule: str = "yaml-unsafe") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.rule = rule


@dataclass(frozen=True)
class Duplicate:
    key: Any
    mark: Mark
    first: Mark


# --------------------------------------------------------------------------- scalars

_CONSTRUCTOR = SafeConstructor()
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BUILDERS: dict[str, Callable[[ScalarNode], Any]] = {
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    _TIMESTAMP: _CONSTRUCTOR.construct_yaml_timestamp,
}
ALLOWED_TAGS = frozenset({"!", _STR, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", *_BUILDERS})
_TYPED_START = frozenset(key for key in _IMPLICIT if key)  # first characters that may start a non-string
_DIGITS = re.compile(r"[1-9][0-9]*|0")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Integers of 1,000 digits or more stay the text they are: Python refuses to convert integers of more
# than 4,300 digits to or from text (int('1' * 5000) raises), and no field holds such a number.
_MAX_INT_DIGITS = 1000
_TOO_LARGE = 10 ** _MAX_INT_DIGITS
# Plain scalars already resolved, by text: plans repeat the same months and many of the same
# quantities thousands of times. The values are immutable (int, float, bool, None, date, str), so
# sharing them is safe. Bounded: emptied when full.
_RESOLVED: dict[str, tuple[Any, bool]] = {}
_RESOLVED_MAX = 1 << 16


def construct(tag: str, value: str) -> Any:
    """A scalar of an explicit or resolved tag; a timestamp naming no real day is `InvalidDate`.

    A value its tag cannot build stays text (the schema reports it where a number or date is due).
    """
    if tag == _STR or tag == "!":
        return value
    builder = _BUILDERS.get(tag)
    if builder is None:  # `=` (YAML 1.1 value) and `<<` (merge key) resolve to tags we do not build
        return value
    try:
        result = builder(ScalarNode(tag, value))
    except Exception:  # PyYAML's builders trust the resolver's regexps, which an explicit tag skips:
        # `!!bool maybe` (KeyError), `!!timestamp x` (AttributeError), `!!int ""` (IndexError)…
        return InvalidDate(value) if tag == _TIMESTAMP else value
    if result.__class__ is int and not -_TOO_LARGE < result < _TOO_LARGE:  # 0x…, 0b…, 1:2:3… too long
        return value
    return result


def resolve_plain(value: str) -> tuple[Any, bool]:
    """A plain scalar's value by YAML 1.1, and whether its source text must be kept (not a plain number)."""
    if _DIGITS.fullmatch(value) and len(value) <= _MAX_INT_DIGITS:  # the most common typed scalar
        return int(value), False
    date = _DATE.fullmatch(value)
    if date:
        try:
            return dt.date(int(date[1]), int(date[2]), int(date[3])), True
        except ValueError:
            return InvalidDate(value), True
    for tag, regexp in _IMPLICIT.get(value[0], ()):
        if regexp.match(value):
            result = construct(tag, value)
            plain_number = isinstance(result, int | float) and not isinstance(result, bool) and (
                str(result) == value)
            return result, not plain_number
    return value, False


# --------------------------------------------------------------------------- the event loop


def build(parser: Any, marks: Marks, duplicates: list[Duplicate]) -> Any:
    """Turn the event stream of one document into Python values, recording marks.

    The open collection lives in local variables (``container``, ``side``, ``key``…); its parents
    wait on ``stack``. Scalars, by far the most frequent events, take the shortest path.
    """
    get_event = parser.get_event
    get_event()  # StreamStart
    if isinstance(parser.peek_event(), StreamEndEvent):
        return None
    get_event()  # DocumentStart
    tables, raw = marks.tables, marks.raw
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    stack: list[tuple[Any, Any, bool, Any, Mark, str | None, int]] = []
    no_key = _NO_KEY
    typed_start, resolve, resolved, scalar_event, str_ = _TYPED_START, resolve_plain, _RESOLVED, ScalarEvent, str
    container: Any = None  # the open collection (None before the root)
    side: Any = None  # its marks
    is_list = False
    key: Any = no_key  # the key waiting for its value, in a mapping
    key_mark: Mark = 0
    anchor: str | None = None  # the open collection's anchor
    first_node = 0
    nodes = 0  # nodes of the expanded document, aliases counted at their full size
    expanded = 0  # nodes added by aliases
    root: Any = no_key

    while True:
        event = get_event()
        cls = event.__class__
        if cls is scalar_event:
            nodes += 1
            value = event.value
            text = None
            tag = event.tag
            if tag is None:
                if event.implicit[0]:  # plain
                    if not value:
                        value = None
                    elif value[0] in typed_start:
                        text = value
                        hit = resolved.get(value)
                        if hit is None:
                            hit = resolve(value)
                            if len(resolved) >= _RESOLVED_MAX:
                                resolved.clear()
                            resolved[value] = hit
                        value, keep = hit
                        if not keep:
                            text = None
            elif tag in ALLOWED_TAGS:
                value = construct(tag, value)
            else:
                raise Refused(_pack(event.start_mark), _tag_message(tag))
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            start = event.start_mark
            mark = start.line << 32 | start.column
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            nodes += 1
            tag = event.tag
            mark = _pack(event.start_mark)
            if tag is not None and tag not in ALLOWED_TAGS:
                raise Refused(mark, _tag_message(tag))
            if len(stack) >= MAX_DEPTH:
                raise Refused(mark, f"nesting deeper than {MAX_DEPTH} levels")
            new: Any = {} if cls is MappingStartEvent else []
            new_side: Any = {} if cls is MappingStartEvent else []
            tables[id(new)] = (new, new_side)
            if container is None:
                root, marks.root = new, mark
            elif is_list:
                container.append(new)
                side.append(mark)
            elif key is no_key:
                raise Refused(mark, "a mapping or list used as a key; keys must be plain values")
            else:
                if key in container:
                    duplicates.append(Duplicate(key, key_mark, side[key][0]))
                    side[key] = (side[key][0], mark)
                else:
                    side[key] = (key_mark, mark)
                container[key] = new
                key = no_key
            stack.append((container, side, is_list, key, key_mark, anchor, first_node))
            container, side, is_list, key, key_mark = new, new_side, cls is SequenceStartEvent, no_key, 0
            anchor, first_node = event.anchor, nodes
            if anchor is not None:
                open_anchors.add(anchor)
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            if anchor is not None:
                open_anchors.discard(anchor)
                anchors[anchor] = (container, nodes - first_node + 1)
            container, side, is_list, key, key_mark, anchor, first_node = stack.pop()
            if container is None:
                break
            continue
        elif cls is AliasEvent:
            name = event.anchor
            mark = _pack(event.start_mark)
            if name in open_anchors:
                raise Refused(mark, f"alias *{name} refers to itself (recursive alias)")
            if name not in anchors:
                raise Refused(mark, f"alias *{name} has no anchor &{name} before it", "yaml-syntax")
            value, count = anchors[name]
            expanded += count
            nodes += count
            if expanded > MAX_ALIAS_NODES:
                raise Refused(mark, f"aliases expand the document past {MAX_ALIAS_NODES:,} nodes")
            text = None
        else:
            break
        # a scalar or an alias: the whole document, a list item, a key, or a key's value
        if container is None:
            root, marks.root = value, mark
            if text is not None:
                raw[(0, VALUE, None)] = text
            break
        if is_list:
            if text is not None:
                raw[(id(container), VALUE, len(container))] = text
            container.append(value)
            side.append(mark)
        elif key is no_key:
            if value.__class__ is not str_:
                try:
                    hash(value)
                except TypeError:
                    raise Refused(mark, "a mapping or list used as a key; keys must be plain values") from None
                if text is not None:
                    raw[(id(container), KEY, value)] = text
            key, key_mark = value, mark
        else:
            if key in container:
                duplicates.append(Duplicate(key, key_mark, side[key][0]))
                side[key] = (side[key][0], mark)
            else:
                side[key] = (key_mark, mark)
            if text is not None:
                raw[(id(container), VALUE, key)] = text
            container[key] = value
            key = no_key
    get_event()  # DocumentEnd
    return None if root is no_key else root


_NO_KEY = object()


def _pack(mark: Any) -> Mark:
    return int(mark.line) << 32 | int(mark.column)


def _tag_message(tag: str) -> str:
    return f"tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; remove it"
