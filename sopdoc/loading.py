"""The only place that reads and parses YAML and Markdown front matter.

Parsing goes through libyaml (``yaml.CSafeLoader``) at the event level, so that one pass builds
plain Python values *and* a table of source positions, detects duplicate keys, refuses tags,
counts alias expansion and bounds nesting. A file that cannot be read or parsed becomes a
diagnostic, never an exception: the caller gets ``data=None`` and carries on with other files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
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

from sopdoc.diagnostics import Diagnostic, Severity

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
MAX_ALIAS_NODES = 10_000

Path_ = tuple[Any, ...]  # a path inside a document: keys and list indexes
Position = tuple[int, int]  # 1-based line and column


class InvalidDate(str):
    """A plain scalar that looks like a YAML date but names no real day (``2026-02-30``)."""


@dataclass(frozen=True)
class Positions:
    """Where each key and value of a document starts, by path, in file coordinates."""

    keys: dict[Path_, Position] = field(default_factory=dict)
    values: dict[Path_, Position] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)  # source text of plain scalars not read as strings

    def of_key(self, path: Path_) -> Position:
        """Position of the key naming ``path`` (falls back to the value, then to the parents)."""
        while path:
            found = self.keys.get(path) or self.values.get(path)
            if found:
                return found
            path = path[:-1]
        return self.values.get((), (1, 1))

    def of_value(self, path: Path_) -> Position:
        """Position of the value at ``path`` (falls back to its key, then to the parents)."""
        while path:
            found = self.values.get(path) or self.keys.get(path)
            if found:
                return found
            path = path[:-1]
        return self.values.get((), (1, 1))


@dataclass(frozen=True)
class Document:
    """A parsed file: its repository-relative path, its data (``None`` if unreadable) and positions."""

    path: str
    data: Any
    positions: Positions
    body: str = ""  # Markdown after the front matter
    body_line: int = 1  # file line where ``body`` starts

    def diagnostic(self, at: Path_, rule: str, message: str, *, key: bool = False,
                   severity: Severity = Severity.ERROR) -> Diagnostic:
        line, column = self.positions.of_key(at) if key else self.positions.of_value(at)
        return Diagnostic(self.path, line, column, rule, severity, message)


@dataclass(frozen=True)
class LoadResult:
    document: Document
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.document.data is not None


# --------------------------------------------------------------------------- reading files


def read_text(file: Path, relpath: str, root: Path | None = None) -> tuple[str | None, list[Diagnostic]]:
    """Read a file as UTF-8 text, refusing oversized files, escaping symlinks and bad encodings."""
    def finding(rule: str, message: str, line: int = 1, column: int = 1) -> list[Diagnostic]:
        return [Diagnostic(relpath, line, column, rule, Severity.ERROR, message)]

    try:
        if root is not None and file.is_symlink():
            target = file.resolve()
            if not target.is_relative_to(root.resolve()):
                return None, finding("yaml-unsafe", "symbolic link points outside the repository; not read")
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, finding("yaml-unsafe", f"file is {size / 1048576:.1f} MB, over the 5 MB limit; not read")
        raw = file.read_bytes()
    except OSError as error:
        return None, finding("yaml-syntax", f"cannot read file: {error.strerror or error}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, finding("yaml-syntax", f"file is not UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8",
                             line, column)
    return text.removeprefix("\ufeff"), []


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split ``---`` front matter from a Markdown text: (yaml, body, body's first line) or None."""
    first_newline = text.find("\n")
    first_line = text if first_newline < 0 else text[:first_newline]
    if first_line.rstrip("\r \t") != "---":
        return None
    end = _FRONT_MATTER_END.search(text, first_newline + 1) if first_newline >= 0 else None
    if end is None:
        return None
    front = text[first_newline + 1:end.start()]
    body_start = text.find("\n", end.end())
    body = "" if body_start < 0 else text[body_start + 1:]
    body_line = text.count("\n", 0, end.start()) + 2
    return front, body, body_line


# --------------------------------------------------------------------------- scalar resolution

_CONSTRUCTOR = SafeConstructor()
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_BUILDERS: dict[str, Callable[[ScalarNode], Any]] = {
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _CONSTRUCTOR.construct_yaml_timestamp,
}
_ALLOWED_TAGS = {"!", _STR, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", *_BUILDERS}


def _resolve_plain(value: str) -> str:
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return str(tag)
    return _STR


def _construct(tag: str, value: str) -> Any:
    if tag == _STR or tag == "!":
        return value
    try:
        return _BUILDERS[tag](ScalarNode(tag, value))
    except (ValueError, OverflowError):
        if tag == "tag:yaml.org,2002:timestamp":
            return InvalidDate(value)
        return value


# --------------------------------------------------------------------------- parsing


class _Refused(Exception):
    """Raised inside the event loop for content refused as `rule`, at `mark`."""

    def __init__(self, mark: Any, message: str, rule: str = "yaml-unsafe") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.rule = rule


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: Path_
    anchor: str | None
    first_node: int
    key: Any = None
    has_key: bool = False
    key_mark: Any = None


_NO_VALUE = object()


def parse_yaml(text: str, relpath: str, line_offset: int = 0) -> LoadResult:
    """Parse one YAML document; ``line_offset`` shifts lines (front matter inside Markdown)."""
    positions = Positions()
    diagnostics: list[Diagnostic] = []

    def place(mark: Any) -> Position:
        if mark is None:
            return 1 + line_offset, 1
        return mark.line + 1 + line_offset, mark.column + 1

    def fail(rule: str, position: Position, message: str) -> LoadResult:
        diagnostics.append(Diagnostic(relpath, *position, rule, Severity.ERROR, message))
        return LoadResult(Document(relpath, None, positions), tuple(diagnostics))

    parser = yaml.CSafeLoader(text)
    try:
        data = _build(parser, positions, diagnostics, relpath, place)
        extra = parser.peek_event()
        if extra is not None and not isinstance(extra, StreamEndEvent):
            return fail("yaml-syntax", place(extra.start_mark), "more than one YAML document in the file; keep one")
    except _Refused as error:
        return fail(error.rule, place(error.mark), error.message)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or str(error)
        if error.context and error.context_mark is not None and mark is error.problem_mark:
            problem = f"{problem} ({error.context} at line {place(error.context_mark)[0]})"
        return fail("yaml-syntax", place(mark), _explain_syntax(problem, text, mark))
    except yaml.YAMLError as error:  # ReaderError (control characters): a byte offset, no mark
        offset = getattr(error, "position", 0)
        before = text.encode("utf-8")[:offset if isinstance(offset, int) else 0].decode("utf-8", "ignore")
        line = before.count("\n") + 1 + line_offset
        column = len(before) - (before.rfind("\n") + 1) + 1
        reason = getattr(error, "reason", None) or str(error)
        return fail("yaml-syntax", (line, column), f"unreadable character: {reason}")
    finally:
        parser.dispose()
    return LoadResult(Document(relpath, data, positions), tuple(diagnostics))


def _explain_syntax(problem: str, text: str, mark: Any) -> str:
    lines = text.split("\n", mark.line + 1) if mark is not None else []
    if mark is not None and len(lines) > mark.line and lines[mark.line][mark.column:mark.column + 1] == "\t":
        return "tab character where YAML expects spaces; indent with spaces, not tabs"
    return problem


def _build(parser: Any, positions: Positions, diagnostics: list[Diagnostic], relpath: str,
           place: Callable[[Any], Position]) -> Any:
    """Turn the event stream of one document into Python values, recording positions."""
    get_event = parser.get_event
    get_event()  # StreamStart
    if isinstance(parser.peek_event(), StreamEndEvent):
        return None
    get_event()  # DocumentStart
    keys, values, raw = positions.keys, positions.values, positions.raw
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    stack: list[_Frame] = []
    nodes = 0  # nodes of the expanded document so far, aliases counted at their full size
    expanded = 0  # nodes added by aliases
    root: Any = _NO_VALUE

    def attach(value: Any, mark: Any, plain_text: str | None) -> Path_ | None:
        """Put a finished value into the open collection (or make it the root); return its path."""
        nonlocal root
        if not stack:
            root = value
            values[()] = place(mark)
            return ()
        frame = stack[-1]
        container = frame.container
        if isinstance(container, list):
            path = (*frame.path, len(container))
            container.append(value)
        elif not frame.has_key:
            try:
                hash(value)
            except TypeError:
                raise _Refused(mark, "a mapping or list used as a key; keys must be plain values") from None
            frame.key, frame.has_key, frame.key_mark = value, True, mark
            return None
        else:
            key = frame.key
            path = (*frame.path, key)
            if key in container:
                first = keys.get(path, (0, 0))[0]
                line, column = place(frame.key_mark)
                diagnostics.append(Diagnostic(relpath, line, column, "yaml-duplicate-key", Severity.ERROR,
                                              f"duplicate key {key!r} (first at line {first}); "
                                              "YAML keeps only the last one"))
            else:
                keys[path] = place(frame.key_mark)
            container[key] = value
            frame.has_key = False
        values[path] = place(mark)
        if plain_text is not None:
            raw[path] = plain_text
        return path

    def child_path() -> Path_:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        return (*frame.path, frame.key) if frame.has_key else (*frame.path, "<key>")

    while True:
        event = get_event()
        cls = event.__class__
        if cls is ScalarEvent:
            nodes += 1
            tag = event.tag
            if tag is not None and tag not in _ALLOWED_TAGS:
                raise _Refused(event.start_mark, f"tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; "
                                                "remove it")
            text = event.value
            plain_text = None
            if tag is None and event.implicit[0]:
                resolved = _resolve_plain(text)
                value = _construct(resolved, text) if resolved != _STR else text
                if resolved != _STR:
                    plain_text = text
            elif tag is not None and tag != "!":
                value = _construct(tag, text)
            else:
                value = text
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            attach(value, event.start_mark, plain_text)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            nodes += 1
            tag = event.tag
            if tag is not None and tag not in _ALLOWED_TAGS:
                raise _Refused(event.start_mark, f"tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; "
                                                "remove it")
            if len(stack) >= MAX_DEPTH:
                raise _Refused(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
            container: dict[Any, Any] | list[Any] = {} if cls is MappingStartEvent else []
            path = child_path()
            if stack and isinstance(stack[-1].container, dict) and not stack[-1].has_key:
                raise _Refused(event.start_mark, "a mapping or list used as a key; keys must be plain values")
            frame = _Frame(container, path, event.anchor, nodes)
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            # Attach now so that the path and the value position are recorded in document order.
            attach(container, event.start_mark, None)
            stack.append(frame)
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            frame = stack.pop()
            if frame.anchor is not None:
                open_anchors.discard(frame.anchor)
                anchors[frame.anchor] = (frame.container, nodes - frame.first_node + 1)
            if not stack:
                break
        elif cls is AliasEvent:
            anchor = event.anchor
            if anchor in open_anchors:
                raise _Refused(event.start_mark, f"alias *{anchor} refers to itself (recursive alias)")
            if anchor not in anchors:
                raise _Refused(event.start_mark, f"alias *{anchor} has no anchor &{anchor} before it", "yaml-syntax")
            target, count = anchors[anchor]
            expanded += count
            nodes += count
            if expanded > MAX_ALIAS_NODES:
                raise _Refused(event.start_mark, f"aliases expand the document past {MAX_ALIAS_NODES:,} nodes")
            attach(target, event.start_mark, None)
            if not stack and root is target:
                break
        else:  # DocumentEnd after a scalar root
            break
        if not stack and root is not _NO_VALUE and cls is ScalarEvent:
            break
    get_event()  # DocumentEnd
    return None if root is _NO_VALUE else root


def load_yaml_file(file: Path, relpath: str, root: Path | None = None) -> LoadResult:
    """Read and parse a YAML file into a document, with every problem as a diagnostic."""
    text, problems = read_text(file, relpath, root)
    if text is None:
        return LoadResult(Document(relpath, None, Positions()), tuple(problems))
    return parse_yaml(text, relpath)


def load_markdown_file(file: Path, relpath: str, root: Path | None = None) -> LoadResult:
    """Read a Markdown file with YAML front matter; the body is kept with its starting line."""
    text, problems = read_text(file, relpath, root)
    if text is None:
        return LoadResult(Document(relpath, None, Positions()), tuple(problems))
    parts = split_front_matter(text)
    if parts is None:
        message = ("no front matter: the file must start with a line '---', the YAML fields, "
                   "and a closing line '---'")
        return LoadResult(Document(relpath, None, Positions(), body=text),
                          (Diagnostic(relpath, 1, 1, "yaml-syntax", Severity.ERROR, message),))
    front, body, body_line = parts
    result = parse_yaml(front, relpath, line_offset=1)
    document = result.document
    return LoadResult(Document(relpath, document.data, document.positions, body, body_line), result.diagnostics)


def is_date(value: Any) -> bool:
    """A calendar date proper (YAML timestamps with a time of day are not dates)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
