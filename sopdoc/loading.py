"""The only place that reads and parses YAML and Markdown front matter.

Parsing goes through libyaml (``yaml.CSafeLoader``) at the event level, so that one pass builds
plain Python values *and* a table of source positions, detects duplicate keys, refuses tags,
counts alias expansion and bounds nesting. A file that cannot be read or parsed becomes a
diagnostic, never an exception: the caller gets ``data=None`` and carries on with other files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import StreamEndEvent

from sopdoc.diagnostics import Diagnostic, Severity
from sopdoc.yamlparse import KEY, VALUE, Duplicate, InvalidDate, Mark, Marks, Refused, build, unpack

__all__ = ["Document", "InvalidDate", "LoadResult", "Positions", "load_markdown_file", "load_yaml_file",
           "parse_markdown_bytes", "parse_yaml", "parse_yaml_bytes", "read_bytes", "split_front_matter"]

MAX_FILE_BYTES = 5 * 1024 * 1024

Path_ = tuple[Any, ...]  # a path inside a document: keys and list indexes
Position = tuple[int, int]  # 1-based line and column

# libyaml also ends a line at a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029), and puts the end of a
# file without a final newline on a line after the last. Files are counted in lines ended by LF, as git,
# GitHub annotations, editors and the Markdown rules count them, so such marks are translated.
_UNUSUAL_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
LineMap = list[tuple[int, int]]  # per libyaml line: (file line, column where it starts), 0-based


def line_map(text: str) -> LineMap:
    """Where each of libyaml's lines of ``text`` starts in the file's LF-ended lines."""
    lines: LineMap = [(0, 0)]
    line = start = 0
    for match in _YAML_BREAK.finditer(text):
        if match.group()[-1] == "\n":
            line, start = line + 1, match.end()
        lines.append((line, match.end() - start))
    return lines


def file_position(lines: LineMap, text: str, line: int, column: int) -> tuple[int, int]:
    """libyaml's 0-based (line, column) as the file's; past the last line: the end of the text."""
    if line < len(lines):
        file_line, shift = lines[line]
        return file_line, shift + column
    last_line = text.rsplit("\n", 1)[-1]
    return text.count("\n"), len(last_line)


def needs_translation(text: str) -> bool:
    """Whether libyaml's marks in ``text`` may differ from the file's lines (see `line_map`)."""
    return (not text.endswith("\n") or "\x85" in text or "\u2028" in text or "\u2029" in text
            or ("\r" in text and _UNUSUAL_BREAK.search(text) is not None))


class Positions:
    """Where each key and value of a document starts, looked up by path, in file coordinates."""

    def __init__(self, data: Any = None, marks: Marks | None = None, line_offset: int = 0) -> None:
        self._data = data
        self._marks_ = marks or Marks()
        self._offset = line_offset
        self._source: str | None = None
        self._lines: LineMap | None = None  # set when libyaml's lines are not the file's (see line_map)
        self._end: tuple[int, int] = (0, 0)  # with it: where the text ends, for a mark past its last line
        self._raw_names: set[Any] | None = None  # the last step of every path with a source text

    @classmethod
    def from_source(cls, text: str, line_offset: int) -> Positions:
        """Positions found only when first asked for, by parsing ``text`` again (a cached document)."""
        positions = cls(line_offset=line_offset)
        positions._source = text
        return positions

    @classmethod
    def parsed(cls, data: Any, marks: Marks, line_offset: int, text: str) -> Positions:
        """The positions of a document just parsed from ``text``."""
        positions = cls(data, marks, line_offset)
        positions._translate(text)
        return positions

    def _translate(self, text: str) -> None:
        if needs_translation(text):
            self._lines = line_map(text)
            self._end = file_position(self._lines, text, len(self._lines), 0)

    @property
    def _marks(self) -> Marks:
        if self._source is not None:
            marks = Marks()
            parser = yaml.CSafeLoader(self._source)
            try:
                self._data = build(parser, marks, [])
            except (Refused, yaml.YAMLError):  # it parsed before: only if the file changed meanwhile
                pass
            finally:
                parser.dispose()
            self._translate(self._source)
            self._marks_, self._source = marks, None
        return self._marks_

    def _place(self, mark: Mark | None) -> Position:
        if mark is None:
            return 1, 1
        line, column = unpack(mark)
        if self._lines is not None:  # libyaml's lines are not the file's, or a mark is past the last line
            line, column = ((self._lines[line][0], self._lines[line][1] + column) if line < len(self._lines)
                            else self._end)
        return line + 1 + self._offset, column + 1

    def _trail(self, path: Path_) -> tuple[list[tuple[Mark | None, Mark | None]], Any]:
        """The (key mark, value mark) of each step of ``path`` that exists, and the last container."""
        tables = self._marks.tables
        node = self._data
        trail: list[tuple[Mark | None, Mark | None]] = [(None, self._marks.root)]
        parent = None
        for part in path:
            entry = tables.get(id(node))
            if entry is None:
                break
            side = entry[1]
            if isinstance(node, dict) and part in side:
                trail.append(side[part])
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(side):
                trail.append((None, side[part]))
            else:
                break
            parent, node = node, node[part]
        return trail, parent

    def of_key(self, path: Path_) -> Position:
        """Position of the key naming ``path`` (falls back to the value, then to the parents)."""
        trail, _ = self._trail(path)
        key, value = trail[-1]
        return self._place(key if key is not None else value)

    def of_value(self, path: Path_) -> Position:
        """Position of the value at ``path`` (falls back to its key, then to the parents)."""
        trail, _ = self._trail(path)
        key, value = trail[-1]
        return self._place(value if value is not None else key)

    def raw_text(self, path: Path_, *, key: bool = False) -> str | None:
        """Source text of a plain scalar that YAML 1.1 did not read as a string or a plain number."""
        raw = self._marks.raw
        if not path:
            return raw.get((0, VALUE, None))
        last = path[-1]
        names = self._raw_names
        if names is None:
            names = self._raw_names = {name for _, _, name in raw}
        if last not in names:  # most values (every plain number and string): no walk along the path
            return None
        trail, parent = self._trail(path)
        if len(trail) != len(path) + 1:
            return None
        return raw.get((id(parent), KEY if key else VALUE, last))


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


def _finding(relpath: str, rule: str, message: str, line: int = 1, column: int = 1) -> tuple[Diagnostic, ...]:
    return (Diagnostic(relpath, line, column, rule, Severity.ERROR, message),)


def read_bytes(file: Path, relpath: str, root: Path | None = None) -> tuple[bytes | None, tuple[Diagnostic, ...]]:
    """A file's bytes, refusing oversized files and symbolic links that leave the repository."""
    try:
        if root is not None and file.is_symlink():
            target = file.resolve()
            if not target.is_relative_to(root.resolve()):
                return None, _finding(relpath, "yaml-unsafe", "symbolic link points outside the repository; not read")
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, _finding(relpath, "yaml-unsafe",
                                  f"file is {size / 1048576:.1f} MB, over the 5 MB limit; not read")
        return file.read_bytes(), ()
    except OSError as error:
        return None, _finding(relpath, "yaml-syntax", f"cannot read file: {error.strerror or error}")
    except RuntimeError:  # Path.resolve() on a symbolic link loop (Python < 3.13; later ones raise OSError)
        return None, _finding(relpath, "yaml-syntax", "cannot read file: symbolic link loop")


def decode(raw: bytes, relpath: str) -> tuple[str | None, tuple[Diagnostic, ...]]:
    """UTF-8 text without a byte order mark, or the place of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), ()
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, _finding(relpath, "yaml-syntax",
                              f"file is not UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8", line, column)


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


# --------------------------------------------------------------------------- parsing


def parse_yaml(text: str, relpath: str, line_offset: int = 0) -> LoadResult:
    """Parse one YAML document; ``line_offset`` shifts lines (front matter inside Markdown)."""
    marks = Marks()
    duplicates: list[Duplicate] = []

    lines: LineMap | None = None
    last_line = -1  # the text's last line (0-based), counted once, when a first position is asked for

    def place(mark: Any) -> Position:
        """File position of a packed mark or of a yaml.Mark from an exception."""
        nonlocal lines, last_line
        if mark is None:
            return 1 + line_offset, 1
        line, column = unpack(mark) if isinstance(mark, int) else (mark.line, mark.column)
        if last_line < 0:
            last_line = text.count("\n")
            lines = line_map(text) if _UNUSUAL_BREAK.search(text) else None
        if lines is None and line > last_line:
            lines = line_map(text)
        if lines is not None:
            line, column = file_position(lines, text, line, column)
        return line + 1 + line_offset, column + 1

    def fail(rule: str, position: Position, message: str) -> LoadResult:
        finding = Diagnostic(relpath, *position, rule, Severity.ERROR, message)
        return LoadResult(Document(relpath, None, Positions()), (finding,))

    parser = yaml.CSafeLoader(text)
    try:
        data = build(parser, marks, duplicates)
        extra = parser.peek_event()
        if extra is not None and not isinstance(extra, StreamEndEvent):
            return fail("yaml-syntax", place(extra.start_mark), "more than one YAML document in the file; keep one")
    except Refused as error:
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
    diagnostics = tuple(
        Diagnostic(relpath, *place(duplicate.mark), "yaml-duplicate-key", Severity.ERROR,
                   f"duplicate key {duplicate.key!r} (first at line {place(duplicate.first)[0]}); "
                   "YAML keeps only the last one")
        for duplicate in duplicates
    )
    return LoadResult(Document(relpath, data, Positions.parsed(data, marks, line_offset, text)), diagnostics)


def _explain_syntax(problem: str, text: str, mark: Any) -> str:
    lines = text.split("\n", mark.line + 1) if mark is not None else []
    if mark is not None and len(lines) > mark.line and lines[mark.line][mark.column:mark.column + 1] == "\t":
        return "tab character where YAML expects spaces; indent with spaces, not tabs"
    return problem


def _unreadable(relpath: str, problems: tuple[Diagnostic, ...]) -> LoadResult:
    return LoadResult(Document(relpath, None, Positions()), problems)


def parse_yaml_bytes(raw: bytes, relpath: str) -> LoadResult:
    """A YAML file's bytes → document, with every problem as a diagnostic."""
    text, problems = decode(raw, relpath)
    return _unreadable(relpath, problems) if text is None else parse_yaml(text, relpath)


def parse_markdown_bytes(raw: bytes, relpath: str) -> LoadResult:
    """A Markdown file's bytes → its front matter as a document, the body kept with its first line."""
    text, problems = decode(raw, relpath)
    if text is None:
        return _unreadable(relpath, problems)
    parts = split_front_matter(text)
    if parts is None:
        message = ("no front matter: the file must start with a line '---', the YAML fields, "
                   "and a closing line '---'")
        if text.split("\n", 1)[0].rstrip("\r \t") == "---":  # opened, never closed: say so
            message = "the front matter opened on line 1 is not closed; add a line '---' after its fields"
        return LoadResult(Document(relpath, None, Positions(), body=text), _finding(relpath, "yaml-syntax", message))
    front, body, body_line = parts
    result = parse_yaml(front, relpath, line_offset=1)
    document = result.document
    return LoadResult(Document(relpath, document.data, document.positions, body, body_line), result.diagnostics)


def load_yaml_file(file: Path, relpath: str, root: Path | None = None) -> LoadResult:
    """Read and parse a YAML file."""
    raw, problems = read_bytes(file, relpath, root)
    return _unreadable(relpath, problems) if raw is None else parse_yaml_bytes(raw, relpath)


def load_markdown_file(file: Path, relpath: str, root: Path | None = None) -> LoadResult:
    """Read a Markdown file with YAML front matter."""
    raw, problems = read_bytes(file, relpath, root)
    return _unreadable(relpath, problems) if raw is None else parse_markdown_bytes(raw, relpath)


def is_date(value: Any) -> bool:
    """A calendar date proper (YAML timestamps with a time of day are not dates)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
