"""Property-based robustness: valid files, mutated, never crash sopdoc.

Each example takes one file of a small valid repository (the fixture's, plus the plan being
prepared) and damages it: random bytes, a truncation, a random YAML value at a random place (YAML 1.1
traps, huge numbers, dates at the edge of the calendar, unicode, nested collections, tags, aliases),
keys reordered, unicode and control characters inserted; and, not left to chance, every number or date
of a file set at once to a value at the edge. Then `sopdoc validate`, `sopdoc kpi` and the site
generator run on it (`harness.check_repository`): no exception, every finding placed in a file of the
repository with a known rule id, exit status 1 exactly when there is an error, no NaN in the figures.

Derandomized, with no example database and no deadline: CI runs the same examples every time.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.robustness.harness import BASE, DRAFT_PLAN_FILE, check_repository, validate_json, write_files

MUTATED = ("sopdoc.yaml", "procedures/demand/PRO-PIC-001.md", "plans/2026-11.yaml", DRAFT_PLAN_FILE,
           "training.yaml")

# pygal (imported by the site's charts) installs an import hook that makes every later first import warn
# (ImportWarning), and Hypothesis imports as it reports a failure: the report must not be lost to that.
pytestmark = pytest.mark.filterwarnings("ignore::ImportWarning")

EXAMPLES = 100  # each test sets its own number, for about 80 s in all
ROBUST = settings(derandomize=True, database=None, deadline=None, max_examples=EXAMPLES, print_blob=False,
                  phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.function_scoped_fixture])


Fresh = Callable[[dict[str, bytes]], Path]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Fresh:
    """A new folder per example, holding the base repository with some files replaced."""
    def make(changed: dict[str, bytes]) -> Path:
        return write_files(tmp_path_factory.mktemp("mutant"), {**BASE, **changed})

    return make


# --------------------------------------------------------------------------- YAML values, as source text

DOUBLE_QUOTE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _printable(code: int) -> bool:
    """What libyaml reads raw (YAML 1.1 c-printable); LS, PS and NEL kept raw on purpose: they break lines."""
    return (0x20 <= code <= 0x7E or code == 0x85 or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000) and code != 0xFEFF


def double_quoted(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in DOUBLE_QUOTE_ESCAPES:
            out.append(DOUBLE_QUOTE_ESCAPES[char])
        elif _printable(code):
            out.append(char)
        else:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Plain scalars that YAML 1.1 reads as something else than they seem, and other edge cases.
TRAPS = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "true", "False", "~", "null", "Null", "",
    "0o17", "017", "010", "08", "0x1F", "0b101", "1_000", "12:30", "1:30:00", "-1:30", "190:20:30",
    ".nan", ".NaN", ".inf", "-.Inf", "1e999", "1.0e+999", "-1.0e+999", "1.5e3", "3.", "+12", "-0", "0.0", "-5",
    "2026-02-29", "2026-02-30", "0000-01-01", "10000-01-01", "0001-01-01", "9999-12-31", "1899-12-31",
    "2026-11-25T10:00:00Z", "2026-11-25 10:00:00", "2026-13-01", "2026-11", "2026-1-5", "0000-11", "9999-12",
    "=", "<<", "!!str yes", "!!int 12", "!!float 1", "!!bool maybe", "!!int ''", "!!timestamp 2026-02-30",
    "!!timestamp garbage", "!!null x", "!!map x", "!!binary aGk=", "!!python/object:os.system x", "!custom x",
    "&anchor 5", "*alias", "&a [1, *a]", "? complex", "'it''s'", '"\\u0000"', '"\\U0001F600"', '"\\ud800"',
    "- a", "{", "]", "#", "|", ">", "@", "`", "%", "!", "&", "*",
    "[" * 49 + "]" * 49, "[" * 51 + "]" * 51,
    "[&a [1,1,1,1,1,1,1,1,1,1], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b],"
    " [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]]",
]
HOSTILE = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "| a | b |", "{{ 7*7 }}", "{% raw %}",
    "[x](javascript:alert(1))", "`code`", "line\nbreak", "\u202eevil\u202c", "zero\u200bwidth", "\U0001d518\U0001f600",
    "e\u0301\u0301", "\u05e9\u05dc\u05d5\u05dd", "x" * 5000, "demand-planner", "jdupont", "PRO-PIC-002", "FAM-B",
    "TOUR", "draft", "active", "retired", "approved", "open", "done", "mts", "mto", "fr", "en", "DE", "demand",
]
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,12}|[A-Z][A-Z0-9]{0,4}(-[A-Z0-9]{1,4}){0,2}", fullmatch=True)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)

SCALARS = st.one_of(
    st.sampled_from(TRAPS),
    st.sampled_from(HOSTILE).map(double_quoted),
    TEXT.map(double_quoted),
    TEXT.map(single_quoted),
    IDS,
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from([10**400, -10**400, 10**15, 10**15 + 1, 2**63, 2**64 + 1]).map(str),
    st.floats().map(repr),
    st.dates().map(lambda day: day.isoformat()),
    st.booleans().map(str),
)


def _flow_mapping(entries: dict[str, str]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in entries.items()) + "}"


VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.one_of(IDS, st.sampled_from(TRAPS[:20])), children, max_size=4).map(_flow_mapping),
    ),
    max_leaves=8,
)


# --------------------------------------------------------------------------- plausible values

# Ids and words of the base repository: a value that fits its field but names something else (another
# role, a retired status, a month of another plan) reaches the rules behind the schema.
KNOWN = ["demand-planner", "supply-planner", "general-manager", "jdupont", "mmartin", "pleroux", "PRO-PIC-001",
         "PRO-PIC-002", "PRO-PIC-003", "FAM-A", "FAM-B", "FAM-C", "TOUR", "RECT", "demand", "executive", "supply",
         "draft", "active", "retired", "approved", "open", "done", "mts", "mto", "low", "high", "demand-review",
         "executive-review", "forecast-accuracy", "otif", "erp-orders", "A-1", "R-1", "D-2026-12-1", "fr", "en",
         "FR", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "0000-11", "9999-12", "title",
         "owner", "revision",
         "status", "month", "families", "forecast", "production", "actuals", "inventory", "backlog", "capacity"]


def plausible(original: Any) -> st.SearchStrategy[str]:
    """A value of the same kind as ``original``, as YAML source text."""
    if isinstance(original, bool):
        return st.sampled_from(["true", "false"])
    if isinstance(original, int | float):
        return st.one_of(st.integers(-3, 2000).map(str), st.sampled_from(
            ["0", "0.5", "1", "-1", "1000000", "1" + "0" * 400, "1.0e+300", "1.0e+15", ".inf", "010", "1:30"]))
    if isinstance(original, dt.date):
        return st.one_of(st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)).map(lambda day: day.isoformat()),
                         st.sampled_from(["0001-01-01", "1899-12-31", "2999-12-31", "9999-12-31", "2026-02-29"]))
    if isinstance(original, list):
        return st.lists(st.sampled_from(KNOWN), max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
    if isinstance(original, dict):
        return st.sampled_from(["{}", "[]", "{x: 1}"])
    return st.sampled_from(KNOWN)


# --------------------------------------------------------------------------- documents as data

PLACEHOLDER = "SOPDOCPLACEHOLDER"


def split(relpath: str) -> tuple[str, str, str]:
    """(before, YAML, after): a procedure's front matter between its lines of ``---``, or the whole file."""
    text = BASE[relpath].decode("utf-8")
    if relpath.endswith(".md"):
        _, front, body = text.split("---\n", 2)
        return "---\n", front, "---\n" + body
    return "", text, ""


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value of a loaded document, the root included."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(places(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(places(item, (*path, index)))
    return found


def dump(data: Any) -> str:
    return yaml.safe_dump(data, default_flow_style=False, allow_unicode=True, sort_keys=False, width=1_000_000)


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def replaced(data: Any, path: tuple[Any, ...], token: str, *, key: bool) -> Any:
    """``data`` with the value (or the key) at ``path`` replaced by ``token``."""
    if not path:
        return token
    parent, last = _parent(data, path), path[-1]
    if key:
        items = list(parent.items())
        parent.clear()
        parent.update((token if name == last else name, item) for name, item in items)
    else:
        parent[last] = token
    return data


# --------------------------------------------------------------------------- mutations: (file, new bytes)

FILES = st.sampled_from(MUTATED)


@st.composite
def random_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """Up to eight bytes changed: a bit flipped or a random byte written."""
    relpath = draw(FILES)
    raw = bytearray(BASE[relpath])
    for _ in range(draw(st.integers(1, 8))):
        index = draw(st.integers(0, len(raw) - 1))
        if draw(st.booleans()):
            raw[index] ^= 1 << draw(st.integers(0, 7))
        else:
            raw[index] = draw(st.integers(0, 255))
    return relpath, bytes(raw)


@st.composite
def truncated(draw: st.DrawFn) -> tuple[str, bytes]:
    relpath = draw(FILES)
    raw = BASE[relpath]
    return relpath, raw[:draw(st.integers(0, len(raw) - 1))]


@st.composite
def random_values(draw: st.DrawFn) -> tuple[str, bytes]:
    """One to three values (or keys) replaced, each by a wild or a plausible YAML value."""
    relpath = draw(FILES)
    before, front, after = split(relpath)
    data = yaml.safe_load(front)
    fragments = {}
    for number in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(places(data)))
        on_key = bool(path) and isinstance(_parent(data, path), dict) and draw(st.booleans())
        original = _parent(data, path)[path[-1]] if path else data
        token = f"{PLACEHOLDER}{number}"
        fragments[token] = draw(st.one_of(SCALARS if on_key else VALUES,
                                          st.sampled_from(KNOWN) if on_key else plausible(original)))
        data = replaced(data, path, token, key=on_key)
    text = dump(data)
    for token, fragment in fragments.items():
        text = text.replace(token, fragment, 1)
    return relpath, (before + text + after).encode("utf-8")


INSERTED = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x85", "\x9f", "\xa0", "\xad",
            "\u200b", "\u200d", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ue000",
            "\U0001d518", "\U0001f600", "\U0010ffff", "é", "e\u0301", "\t", "\r", "\n", "\r\n", " ", "#", ":", "-",
            "'", '"', "{", "}", "[", "]", "|", ">", "&", "*", "!", "%", "@", "`", ",", "?", "---\n", "...\n"]


@st.composite
def inserted_characters(draw: st.DrawFn) -> tuple[str, bytes]:
    """One to five unicode, control or YAML-indicator characters inserted anywhere."""
    relpath = draw(FILES)
    text = BASE[relpath].decode("utf-8")
    for _ in range(draw(st.integers(1, 5))):
        index = draw(st.integers(0, len(text)))
        text = text[:index] + draw(st.sampled_from(INSERTED)) + text[index:]
    return relpath, text.encode("utf-8")


def _shuffled(value: Any, rng: random.Random, kind: str = "") -> Any:
    """Mappings with their keys in a random order, but month series keep theirs (their order is a rule)."""
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    if not isinstance(value, dict):
        return value
    items = list(value.items())
    if kind != "series":
        rng.shuffle(items)
    return {key: _shuffled(item, rng, "series" if kind == "capacity" or key in ("forecast", "production")
                           else "capacity" if key == "capacity" else "") for key, item in items}


def reordered(relpath: str, seed: int) -> bytes:
    before, front, after = split(relpath)
    return (before + dump(_shuffled(yaml.safe_load(front), random.Random(seed))) + after).encode("utf-8")


def redumped(relpath: str) -> bytes:
    before, front, after = split(relpath)
    return (before + dump(yaml.safe_load(front)) + after).encode("utf-8")


# --------------------------------------------------------------------------- the properties
# validate and kpi on every example; the site (the slowest part: charts) when a procedure was changed,
# and for every kind of mutation of every file in `test_the_site_survives_any_mutation`.


def _check(fresh: Fresh, change: tuple[str, bytes], *, site: bool | None = None) -> None:
    relpath, content = change
    check_repository(fresh({relpath: content}), site=relpath.endswith(".md") if site is None else site)


@settings(ROBUST, max_examples=150)
@given(change=random_bytes())
def test_random_bytes(fresh: Fresh, change: tuple[str, bytes]) -> None:
    _check(fresh, change)


@settings(ROBUST, max_examples=100)
@given(change=truncated())
def test_truncated(fresh: Fresh, change: tuple[str, bytes]) -> None:
    _check(fresh, change)


@settings(ROBUST, max_examples=300)
@given(change=random_values())
def test_random_values(fresh: Fresh, change: tuple[str, bytes]) -> None:
    _check(fresh, change)


@settings(ROBUST, max_examples=150)
@given(change=inserted_characters())
def test_inserted_characters(fresh: Fresh, change: tuple[str, bytes]) -> None:
    _check(fresh, change)


@settings(ROBUST, max_examples=100)
@given(relpath=FILES, seed=st.integers(0, 2**32 - 1))
def test_reordered_keys(fresh: Fresh, relpath: str, seed: int) -> None:
    """Keys in another order: the same findings with the same messages (only their places move)."""
    expected = check_repository(fresh({relpath: redumped(relpath)}), site=False)
    found = check_repository(fresh({relpath: reordered(relpath, seed)}), site=relpath.endswith(".md"))
    assert sorted((d["path"], d["rule"], d["message"]) for d in found.findings) == sorted(
        (d["path"], d["rule"], d["message"]) for d in expected.findings)


@settings(ROBUST, max_examples=100)
@given(change=st.one_of(random_bytes(), truncated(), random_values(), inserted_characters()))
def test_the_site_survives_any_mutation(fresh: Fresh, change: tuple[str, bytes]) -> None:
    _check(fresh, change, site=True)


NUMBER_EDGES = ["1" + "0" * 400, "-1" + "0" * 400, "1.0e+300", "1.0e+15", "0", "-1", "0.5", ".nan", "010", "1:30"]
DATE_EDGES = ["0001-01-01", "1900-01-01", "2999-12-31", "9999-12-31", "2026-02-29", "2026-11-25 10:00:00"]


def _every(value: Any, kind: type | tuple[type, ...]) -> Any:
    """``value`` with every leaf of ``kind`` (never a boolean) replaced by the placeholder."""
    if isinstance(value, dict):
        return {key: _every(item, kind) for key, item in value.items()}
    if isinstance(value, list):
        return [_every(item, kind) for item in value]
    return PLACEHOLDER if isinstance(value, kind) and not isinstance(value, bool) else value


@pytest.mark.parametrize("relpath", MUTATED)
@pytest.mark.parametrize("edge", NUMBER_EDGES + DATE_EDGES, ids=lambda edge: edge[:12])
def test_edge_values_in_every_field_of_their_kind(fresh: Fresh, relpath: str, edge: str) -> None:
    """Every number (or every date) of a file set to one value at the edge: what is valid must compute."""
    kind = (dt.date,) if edge in DATE_EDGES else (int, float)
    before, front, after = split(relpath)
    text = dump(_every(yaml.safe_load(front), kind)).replace(PLACEHOLDER, edge)
    check_repository(fresh({relpath: (before + text + after).encode("utf-8")}))


def test_the_base_repository_is_clean(fresh: Fresh) -> None:
    """The starting point of every example has no finding, and its files re-dumped have none either."""
    root = fresh({})
    assert check_repository(root).findings == []
    assert validate_json(root) == (0, {"diagnostics": [], "summary": {"errors": 0, "warnings": 0, "files": 6}})
    assert check_repository(fresh({relpath: redumped(relpath) for relpath in MUTATED})).findings == []
