"""The loader: values, positions, and every hostile input turned into one finding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sopdoc import yamlparse
from sopdoc.loading import (
    MAX_FILE_BYTES,
    InvalidDate,
    load_markdown_file,
    load_yaml_file,
    parse_yaml,
    split_front_matter,
)


def findings(text: str) -> list[tuple[int, int, str, str]]:
    result = parse_yaml(text, "f.yaml")
    return [(d.line, d.column, d.rule, d.message) for d in result.diagnostics]


def test_values_and_positions_of_keys_and_values() -> None:
    result = parse_yaml("a: 1\nlist:\n  - x\n  - {k: v}\nwhen: '10:30'\n", "f.yaml")
    document = result.document
    assert document.data == {"a": 1, "list": ["x", {"k": "v"}], "when": "10:30"}
    assert result.diagnostics == ()
    positions = document.positions
    assert positions.of_key(("a",)) == (1, 1)
    assert positions.of_value(("a",)) == (1, 4)
    assert positions.of_value(("list", 0)) == (3, 5)
    assert positions.of_key(("list", 1, "k")) == (4, 6)
    assert positions.of_value(("list", 1, "k")) == (4, 9)
    assert positions.of_value(("when",)) == (5, 7)
    # an unknown path falls back to its nearest known parent
    assert positions.of_value(("list", 1, "missing")) == (4, 5)


def test_yaml_11_scalars_keep_their_source_text() -> None:
    document = parse_yaml("a: on\nb: 10:30\nc: 2026-03-02\nd: ~\ne: 'on'\n", "f.yaml").document
    assert document.data == {"a": True, "b": 630, "c": dt.date(2026, 3, 2), "d": None, "e": "on"}
    raw = document.positions.raw_text
    assert [raw((key,)) for key in "abcde"] == ["on", "10:30", "2026-03-02", "~", None]


@pytest.mark.parametrize("bound", [yamlparse._RESOLVED_MAX, 2])
def test_scalars_resolved_before_read_the_same_again(monkeypatch: pytest.MonkeyPatch, bound: int) -> None:
    monkeypatch.setattr(yamlparse, "_RESOLVED", {})
    monkeypatch.setattr(yamlparse, "_RESOLVED_MAX", bound)
    text = "a: on\nb: 10:30\nc: 2026-02-30\nd: 012\ne: 2026-03\nf: 1.50\ng: 7\n"
    expected = {"a": True, "b": 630, "c": "2026-02-30", "d": 10, "e": "2026-03", "f": 1.5, "g": 7}
    raws = ["on", "10:30", "2026-02-30", "012", None, "1.50", None]
    for _ in range(3):  # the first time resolved, then from the table (emptied whenever it is full)
        document = parse_yaml(text, "f.yaml").document
        assert document.data == expected
        assert isinstance(document.data["c"], InvalidDate)
        assert [document.positions.raw_text((key,)) for key in "abcdefg"] == raws
        assert len(yamlparse._RESOLVED) <= bound


def test_a_date_that_does_not_exist_stays_text_marked_invalid() -> None:
    document = parse_yaml("effective: 2026-02-30\n", "f.yaml").document
    assert document.data == {"effective": "2026-02-30"}
    assert isinstance(document.data["effective"], InvalidDate)


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\nb: 2\na: 3\n", [(3, 1, "yaml-duplicate-key",
                             "duplicate key 'a' (first at line 1); YAML keeps only the last one")]),
    ("a: {yes: 1, true: 2}\n", [(1, 13, "yaml-duplicate-key",
                                 "duplicate key True (first at line 1); YAML keeps only the last one")]),
    ("a:\n\tb: 1\n", [(2, 1, "yaml-syntax", "tab character where YAML expects spaces; indent with spaces, not tabs")]),
    ("a: !!python/object:os.system x\n", [(1, 4, "yaml-unsafe",
                                           "tag !!python/object:os.system is not allowed; remove it")]),
    ("a: !local x\n", [(1, 4, "yaml-unsafe", "tag !local is not allowed; remove it")]),
    ("a: [1, 2\nb: 3\n", [(2, 2, "yaml-syntax",
                           "did not find expected ',' or ']' (while parsing a flow sequence at line 1)")]),
    ("a: 1\n---\nb: 2\n", [(2, 1, "yaml-syntax", "more than one YAML document in the file; keep one")]),
    ("a: &x [1, *x]\n", [(1, 11, "yaml-unsafe", "alias *x refers to itself (recursive alias)")]),
    ("? [a]\n: 1\n", [(1, 3, "yaml-unsafe", "a mapping or list used as a key; keys must be plain values")]),
    ("a: b\x00c\n", [(1, 5, "yaml-syntax", "unreadable character: control characters are not allowed")]),
    ("a: 1\ntitre: Qualité\x00\n", [(2, 15, "yaml-syntax",
                                     "unreadable character: control characters are not allowed")]),
    ("a: *nowhere\n", [(1, 4, "yaml-syntax", "alias *nowhere has no anchor &nowhere before it")]),
])
def test_hostile_yaml_gives_one_finding_at_its_place(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert findings(text) == expected


def test_alias_bomb_is_refused_where_it_passes_the_limit() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefg", "abcdef", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    result = findings("\n".join(levels) + "\n")
    # aliases of b add 10×11 nodes, of c 10×111, of d 1,111 each: 1,220 + 8×1,111 passes 10,000
    # at the 8th alias of line 4
    assert result == [(4, 36, "yaml-unsafe", "aliases expand the document past 10,000 nodes")]


def test_small_aliases_are_allowed() -> None:
    result = parse_yaml("base: &b {x: 1}\ncopy: *b\n", "f.yaml")
    assert result.diagnostics == ()
    assert result.document.data == {"base": {"x": 1}, "copy": {"x": 1}}


def test_nesting_deeper_than_50_is_refused() -> None:
    assert findings("a: " + "[" * 60 + "]" * 60 + "\n") == [(1, 53, "yaml-unsafe", "nesting deeper than 50 levels")]
    deep_ok = "a: " + "[" * 49 + "]" * 49 + "\n"
    assert findings(deep_ok) == []


def test_empty_and_scalar_documents() -> None:
    assert parse_yaml("", "f.yaml").document.data is None
    assert parse_yaml("# only a comment\n", "f.yaml").document.data is None
    assert parse_yaml("hello\n", "f.yaml").document.data == "hello"


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("a: 1\ntitle: Qualité\n".encode("latin-1"))
    result = load_yaml_file(latin1, "latin1.yaml")
    assert [(d.line, d.column, d.rule, d.message) for d in result.diagnostics] == [
        (2, 14, "yaml-syntax", "file is not UTF-8 (byte 0xe9); save it as UTF-8")]
    assert result.document.data is None
    binary = tmp_path / "image.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert [(d.line, d.column, d.rule) for d in load_yaml_file(binary, "image.yaml").diagnostics] == [
        (1, 1, "yaml-syntax")]


def test_byte_order_mark_and_crlf_keep_positions(tmp_path: Path) -> None:
    file = tmp_path / "bom.yaml"
    file.write_bytes("\ufeffa: 1\r\nb: x\r\n".encode())
    result = load_yaml_file(file, "bom.yaml")
    assert result.diagnostics == ()
    assert result.document.data == {"a": 1, "b": "x"}
    assert result.document.positions.of_value(("b",)) == (2, 4)


def test_oversized_file_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    result = load_yaml_file(big, "big.yaml")
    assert [(d.line, d.column, d.rule, d.message) for d in result.diagnostics] == [
        (1, 1, "yaml-unsafe", "file is 5.0 MB, over the 5 MB limit; not read")]


def test_symlink_leaving_the_repository_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("password: x\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "link.yaml").symlink_to(outside)
    result = load_yaml_file(root / "link.yaml", "link.yaml", root)
    assert [(d.rule, d.message) for d in result.diagnostics] == [
        ("yaml-unsafe", "symbolic link points outside the repository; not read")]


def test_front_matter_lines_are_counted_from_the_file_start(tmp_path: Path) -> None:
    file = tmp_path / "PRO-X-1.md"
    file.write_text("---\nid: PRO-X-1\ntitle: Titre\n---\n# Corps\n\nTexte.\n")
    result = load_markdown_file(file, "PRO-X-1.md")
    document = result.document
    assert document.positions.of_value(("title",)) == (3, 8)
    assert document.body == "# Corps\n\nTexte.\n"
    assert document.body_line == 5


def test_front_matter_errors_point_into_the_file(tmp_path: Path) -> None:
    file = tmp_path / "p.md"
    file.write_text("---\nid: PRO-X-1\ntitle: [oops\n---\nbody\n")
    result = load_markdown_file(file, "p.md")
    assert [(d.line, d.column, d.rule) for d in result.diagnostics] == [(4, 1, "yaml-syntax")]


@pytest.mark.parametrize("text", ["# Titre\n", "---\nid: x\n", "", "--- \nid: x\n"])
def test_markdown_without_closed_front_matter(text: str) -> None:
    assert split_front_matter(text) is None


def test_front_matter_may_close_with_dots() -> None:
    assert split_front_matter("---\na: 1\n...\nbody\n") == ("a: 1\n", "body\n", 4)
