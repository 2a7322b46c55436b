"""A small declarative schema language: one definition validates and exports JSON Schema.

Each spec checks a loaded YAML value and returns the *clean* value (invalid parts left out, so
later rules can still look at the rest), reporting every problem through a `Checker` with the
path of the offending key or value. The same spec renders itself as JSON Schema (draft 2020-12)
for editors. A hand-written validator rather than ``jsonschema`` at run time: it is several times
faster on thousands of files, and it can say *why* a value has the wrong type (``on`` read as a
boolean by YAML 1.1: quote it). The tests check the exported schemas with ``jsonschema``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sopdoc.diagnostics import Diagnostic
from sopdoc.loading import Document, InvalidDate, Path_, is_date

INVALID: Any = object()  # returned by a spec for a value it rejected

# Plausible values. A larger number breaks float arithmetic (10**400 / 2 raises OverflowError, 1e300 *
# 1e300 is inf); a date outside these years is a typo or a placeholder, and date arithmetic on it
# fails (9999-12-31 + 12 months, month 0000-01). The exported JSON Schemas carry both bounds: numbers as
# minimum/maximum, years as a pattern (a test checks that it matches exactly these years).
MAX_NUMBER = 10**15
FIRST_YEAR, LAST_YEAR = 1900, 2999
YEARS = "(19[0-9]{2}|2[0-9]{3})"  # FIRST_YEAR to LAST_YEAR as a regular expression
DATE_PATTERN = rf"^{YEARS}-[0-9]{{2}}-[0-9]{{2}}$"


def format_path(path: Path_) -> str:
    """``('steps', 2, 'who')`` → ``steps[2].who``; the root is ``(document)``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def suggest(word: Any, choices: Iterable[str]) -> str:
    """`` (did you mean 'title'?)`` when a choice is close to ``word``, else an empty string."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Checker:
    """Collects the schema findings of one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.diagnostics: list[Diagnostic] = []

    def error(self, path: Path_, message: str, *, key: bool = False, rule: str = "schema") -> None:
        self.diagnostics.append(self.document.diagnostic(path, rule, message, key=key))

    def raw(self, path: Path_, *, key: bool = False) -> str | None:
        return self.document.positions.raw_text(path, key=key)

    def describe(self, path: Path_, value: Any, *, key: bool = False) -> str:
        """How YAML read a value, with the source text when YAML 1.1 changed its meaning."""
        raw = self.raw(path, key=key)  # a key's source text is kept apart from its value's
        if value is None:
            return "nothing (empty value)" if not raw or raw in ("~", "null", "Null", "NULL") else f"null from {raw!r}"
        if isinstance(value, bool):
            return f"the boolean {str(value).lower()}" + (f" from {raw!r}" if raw else "")
        if isinstance(value, int | float):
            return f"the number {value}" + (f" from {raw!r}" if raw and raw != str(value) else "")
        if isinstance(value, dt.date):
            return f"the date {raw or value}"
        if isinstance(value, dict):
            return "a mapping"
        if isinstance(value, list):
            return "a list"
        if isinstance(value, str) and len(value) > 80:  # a message quotes a page of text no better
            return f"{value[:60]!r}… ({len(value):,} characters)"
        return f"{value!r}"

    def quote_hint(self, path: Path_, value: Any, *, key: bool = False) -> str:
        raw = self.raw(path, key=key)
        if (raw is not None and isinstance(value, bool | int | float | dt.date)) or (value is None and raw):
            return f"; quote it: \"{raw}\""
        return ""


class Spec:
    """Base of all specs: ``check`` validates and cleans, ``json_schema`` exports."""

    description: str = ""

    def check(self, value: Any, path: Path_, checker: Checker) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _with_description(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema = {"description": self.description, **schema}
        return schema


@dataclass(frozen=True)
class Text(Spec):
    """A non-empty string, optionally matching a pattern or one of an enumeration."""

    pattern: str | None = None
    hint: str = ""  # what the pattern means, for the message
    choices: tuple[str, ...] = ()
    description: str = ""
    _regex: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.pattern:
            object.__setattr__(self, "_regex", re.compile(self.pattern))

    def check(self, value: Any, path: Path_, checker: Checker) -> Any:
        if not isinstance(value, str):
            checker.error(path, f"{format_path(path)} must be text, got {checker.describe(path, value)}"
                          f"{checker.quote_hint(path, value)}")
            return INVALID
        problem = self.problem(value)
        if problem:
            checker.error(path, f"{format_path(path)}{problem}")
            return INVALID
        return value

    def problem(self, value: str) -> str:
        """What is wrong with a string, as the end of a sentence about it; empty when it is fine."""
        if not value.strip():
            return " is empty"
        if self.choices and value not in self.choices:
            return f" must be one of {', '.join(self.choices)}; got {value!r}{suggest(value, self.choices)}"
        if self._regex is not None and not self._regex.match(value):
            return f": {value!r} is not {self.hint or 'well formed'}"
        return ""

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.choices:
            schema = {"enum": list(self.choices)}
        elif self.pattern:
            schema["pattern"] = self.pattern
        return self._with_description(schema)


@dataclass(frozen=True)
class Number(Spec):
    """A finite number; ``integer`` refuses fractions; negative values break ``negative-value``."""

    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    nonnegative: bool = False  # a quantity: a negative value is a `negative-value` finding
    description: str = ""

    def check(self, value: Any, path: Path_, checker: Checker) -> Any:
        cls = value.__class__
        if cls is not int and cls is not float and (isinstance(value, bool) or not isinstance(value, int | float)):
            kind = "a whole number" if self.integer else "a number"
            hint = _EXPONENT_HINT if isinstance(value, str) and _BARE_EXPONENT.fullmatch(value) else ""
            checker.error(path, f"{format_path(path)} must be {kind}, got {checker.describe(path, value)}{hint}")
            return INVALID
        raw = checker.raw(path)  # YAML 1.1 reads 010 as 8 and 1:30 as 90: never what a planner meant
        if raw is not None and (_OCTAL.fullmatch(raw) or ":" in raw):
            base = "octal" if ":" not in raw else "base-60 (sexagesimal)"
            checker.error(path, f"{format_path(path)}: YAML 1.1 reads {raw} as the {base} number {value}; "
                                "write a plain decimal number")
            return INVALID
        if isinstance(value, float) and not math.isfinite(value):
            checker.error(path, f"{format_path(path)} must be a finite number, got {value}")
            return INVALID
        if self.integer and not isinstance(value, int):
            checker.error(path, f"{format_path(path)} must be a whole number, got {value}")
            return INVALID
        if self.nonnegative and value < 0:
            checker.error(path, f"{format_path(path)} must not be negative, got {value}", rule="negative-value")
            return INVALID
        if abs(value) > MAX_NUMBER:  # the number itself is not shown: it may have hundreds of digits
            checker.error(path, f"{format_path(path)} is too large (over 10^15); check its digits")
            return INVALID
        if self.minimum is not None and value < self.minimum:
            checker.error(path, f"{format_path(path)} must be at least {_number(self.minimum)}, got {value}")
            return INVALID
        if self.maximum is not None and value > self.maximum:
            checker.error(path, f"{format_path(path)} must be at most {_number(self.maximum)}, got {value}")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        minimum = 0 if self.nonnegative and self.minimum is None else self.minimum
        schema["minimum"] = -MAX_NUMBER if minimum is None else max(minimum, -MAX_NUMBER)
        schema["maximum"] = MAX_NUMBER if self.maximum is None else min(self.maximum, MAX_NUMBER)
        return self._with_description(schema)


_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_BARE_EXPONENT = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+")  # text for YAML 1.1 (1e3)
_EXPONENT_HINT = "; YAML 1.1 reads an exponent without a dot and a sign as text (write 1e3 as 1.0e+3 or 1000)"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Date(Spec):
    """A calendar date ``YYYY-MM-DD`` that exists."""

    description: str = ""

    def check(self, value: Any, path: Path_, checker: Checker) -> Any:
        if is_date(value):
            return _in_years(value, path, checker)
        label = format_path(path)
        if isinstance(value, InvalidDate):
            checker.error(path, f"{label}: {value} is not a real date")
            return INVALID
        if isinstance(value, dt.datetime):
            checker.error(path, f"{label} must be a date without a time of day (YYYY-MM-DD)")
            return INVALID
        if isinstance(value, str):
            try:
                return _in_years(dt.date.fromisoformat(value.strip()), path, checker)
            except ValueError:
                pass
        checker.error(path, f"{label} must be a date YYYY-MM-DD, got {checker.describe(path, value)}")
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        return self._with_description({"type": "string", "format": "date", "pattern": DATE_PATTERN})


def _in_years(value: dt.date, path: Path_, checker: Checker) -> Any:
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return value
    checker.error(path, f"{format_path(path)}: {value.isoformat()} is out of range "
                        f"(years {FIRST_YEAR} to {LAST_YEAR})")
    return INVALID


@dataclass(frozen=True)
class AnyKey(Spec):
    """A mapping key left to a dedicated rule (month keys: `plan-months`)."""

    pattern: str
    description: str = ""

    def check(self, value: Any, path: Path_, checker: Checker) -> Any:
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"pattern": self.pattern}


@dataclass(frozen=True)
class Seq(Spec):
    """A list whose items follow ``item``; invalid items become ``INVALID`` (indexes are kept).

    ``none_is_empty``: nothing written (an empty file, or one with only comments) is an empty list."""

    item: Spec
    description: str = ""
    none_is_empty: bool = False

    def check(self, value: Any, path: Path_, checker: Checker) -> Any:
        if value is None and self.none_is_empty:
            return []
        if not isinstance(value, list):
            hint = f"; write [{value}]" if isinstance(value, str) else ""
            checker.error(path, f"{format_path(path)} must be a list, got {checker.describe(path, value)}{hint}")
            return INVALID
        item = self.item
        checked = [item.check(element, (*path, index), checker) for index, element in enumerate(value)]
        # an unchanged list is returned as is: the clean value shares the loaded one
        return value if all(new is old for new, old in zip(checked, value, strict=True)) else checked

    def json_schema(self) -> dict[str, Any]:
        kind: str | list[str] = ["array", "null"] if self.none_is_empty else "array"
        return self._with_description({"type": kind, "items": self.item.json_schema()})


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = False


@dataclass(frozen=True)
class Record(Spec):
    """A mapping with known fields: unknown fields and missing required ones are findings."""

    fields: dict[str, Field]
    description: str = ""

    def check(self, value: Any, path: Path_, checker: Checker) -> Any:
        if not isinstance(value, dict):
            checker.error(path, f"{format_path(path)} must be a mapping of fields ({', '.join(self.fields)}), "
                                f"got {checker.describe(path, value)}")
            return INVALID
        clean: dict[str, Any] = {}
        fields = self.fields
        unchanged = True  # every field kept as loaded: the loaded mapping stands for the clean one
        for key, item in value.items():
            spec = fields.get(key) if isinstance(key, str) else None
            if spec is None:
                hint = suggest(key, fields) or (f"; quote it: \"{checker.raw((*path, key), key=True)}\""
                                                if isinstance(key, bool) else "")
                where = "" if not path else f" in {format_path(path)}"
                checker.error((*path, key), f"unknown field {key!r}{where}{hint}", key=True)
                unchanged = False
                continue
            checked = spec.spec.check(item, (*path, key), checker)
            if checked is not INVALID:
                clean[key] = checked
            if checked is not item:
                unchanged = False
        for name, spec in fields.items():
            if spec.required and name not in value:
                where = "" if not path else f" in {format_path(path)}"
                checker.error(path, f"missing required field {name!r}{where}", key=True)
        return value if unchanged else clean

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: spec.spec.json_schema() for name, spec in self.fields.items()},
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        return self._with_description(schema)


@dataclass(frozen=True)
class Table(Spec):
    """A mapping from ids (checked by ``key``) to values of one spec."""

    key: Spec
    value: Spec
    description: str = ""

    def check(self, value: Any, path: Path_, checker: Checker) -> Any:
        if not isinstance(value, dict):
            checker.error(path, f"{format_path(path)} must be a mapping, got {checker.describe(path, value)}")
            return INVALID
        clean: dict[Any, Any] = {}
        key_spec, value_spec = self.key, self.value
        any_key = isinstance(key_spec, AnyKey)
        unchanged = True  # every entry kept as loaded: the loaded mapping stands for the clean one
        for key, item in value.items():
            key_path = (*path, key)
            if any_key:
                checked_key = key
            else:
                checked_key = _check_key(key_spec, key, key_path, checker)
                if checked_key is INVALID:
                    unchanged = False
                    continue
            checked = value_spec.check(item, key_path, checker)
            if checked is not INVALID:
                clean[checked_key] = checked
            if checked is not item:
                unchanged = False
        return value if unchanged else clean

    def json_schema(self) -> dict[str, Any]:
        key_schema = self.key.json_schema()
        names = {name: key_schema[name] for name in ("pattern", "enum") if name in key_schema}
        schema: dict[str, Any] = {"type": "object", "additionalProperties": self.value.json_schema()}
        if names:
            schema["propertyNames"] = names
        return self._with_description(schema)


def _check_key(spec: Spec, key: Any, path: Path_, checker: Checker) -> Any:
    """Check a mapping key, reporting at the key's position."""
    label = format_path(path[:-1])
    if not isinstance(spec, Text):
        return key
    if not isinstance(key, str):
        checker.error(path, f"key {checker.describe(path, key, key=True)} in {label} must be text"
                            f"{checker.quote_hint(path, key, key=True)}", key=True)
        return INVALID
    if spec.choices and key not in spec.choices:
        checker.error(path, f"unknown key {key!r} in {label}{suggest(key, spec.choices)}", key=True)
        return INVALID
    problem = spec.problem(key)
    if problem:
        checker.error(path, f"{label} key{problem}", key=True)
        return INVALID
    return key


def document_schema(spec: Spec, title: str, identifier: str) -> dict[str, Any]:
    """A complete JSON Schema document (draft 2020-12) for one file kind."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:sopdoc:schema:{identifier}",
        "title": title,
        **spec.json_schema(),
    }
