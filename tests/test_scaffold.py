"""Scaffolds: YAML written by the filters reads back as the very same values; one strict environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sopdoc.errors import UsageError
from sopdoc.loading import parse_yaml
from sopdoc.scaffold import render, yaml_months, yaml_scalar

HOSTILE = [
    "yes", "No", "on", "OFF", "y", "~", "null", "", " ", "10:30", "1:20:30", "2026-11-05", "2026-11", "0x1F", "0o17",
    "017", "1e3", ".5", "-.inf", ".NaN", "+1", "1_000", "=", "a: b", "a:b", "key:", "x # y", "#x", "a, b", "[a]",
    "{a: 1}", "{{ x }}", "{% if %}", "<script>alert(1)</script>", "0?", "a?b", "- item", "? q", "!tag", "&anchor",
    "*alias", "|", ">", "@x", "`x", "%x", "'quoted'", '"quoted"', "l'atelier", "a\nb", "a\n", " lead", "trail ",
    "tab\there", "\x7f", "\x85", "\u2028", "\ufeff", "é à ç", "Revue de la demande",
]


def _read_back(text: str) -> object:
    """The value as PyYAML and as sopdoc's loader both read it (they must agree)."""
    loaded = yaml.safe_load(text)
    result = parse_yaml(text, "test.yaml")
    assert not result.diagnostics, (text, result.diagnostics)
    assert result.document.data == loaded
    return loaded


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_read_back_exactly_in_block_and_flow_context(value: str) -> None:
    written = yaml_scalar(value)
    assert "\n" not in written
    assert _read_back(f"title: {written}\n") == {"title": value}
    assert _read_back(f"- {{id: A-1, description: {written}, owner: x}}\n") == [
        {"id": "A-1", "description": value, "owner": "x"}]
    assert _read_back(f"[{written}, {written}]\n") == [value, value]


@given(st.text())
def test_any_string_reads_back_exactly(value: str) -> None:
    written = yaml_scalar(value)
    assert yaml.safe_load(f"a: {written}\nb: [{written}]\n") == {"a": value, "b": [value]}


def test_plain_where_nothing_can_misread_it() -> None:
    assert yaml_scalar("Revue de la demande") == "Revue de la demande"
    assert yaml_scalar("l'atelier") == "l'atelier"
    assert yaml_scalar("<script>") == "<script>"
    assert yaml_scalar("yes") == '"yes"'
    assert yaml_scalar("10:30") == '"10:30"'
    assert yaml_scalar("a, b") == '"a, b"'
    assert yaml_scalar("a\nb") == '"a\\nb"'


def test_other_scalars() -> None:
    assert [yaml_scalar(value) for value in (None, True, 3, 9.5, 16.0, dt.date(2026, 11, 5))] == [
        "null", "true", "3", "9.5", "16.0", "2026-11-05"]
    with pytest.raises(TypeError):
        yaml_scalar(["list"])


def test_month_series_six_a_line_with_placeholders() -> None:
    series = [(f"2027-{month:02d}", float(month) if month != 8 else None) for month in range(1, 10)]
    assert yaml_months(series, 15) == (
        "{2027-01: 1.0, 2027-02: 2.0, 2027-03: 3.0, 2027-04: 4.0, 2027-05: 5.0, 2027-06: 6.0,\n"
        "               2027-07: 7.0, 2027-08: null, 2027-09: 9.0}  # À RENSEIGNER"
    )
    text = "    forecast: " + yaml_months(series, 15) + "\n"
    assert yaml.safe_load(text) == {"forecast": {month: value for month, value in series}}
    assert yaml_months([], 15) == "{}"


def test_the_repository_scaffold_comes_first(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "procedure.md.j2").write_text("{{ title | yaml }}\n", encoding="utf-8")
    assert render(tmp_path, "procedure.md.j2", {"title": "{{ x }}"}) == '"{{ x }}"\n'
    shipped = render(None, "procedure.md.j2", {"id": "PRO-X-001", "title": "T", "area": "demand",
                                               "owner": "demand-planner", "today": dt.date(2026, 11, 25)})
    assert shipped.startswith("---\nid: PRO-X-001\ntitle: T\n")


def test_a_broken_scaffold_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "plan.yaml.j2").write_text("{{ undefined_name }}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"templates/plan\.yaml\.j2: 'undefined_name' is undefined"):
        render(tmp_path, "plan.yaml.j2", {})
    (tmp_path / "templates" / "plan.yaml.j2").write_text("line\n{% if %}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"plan.yaml.j2:2: "):
        render(tmp_path, "plan.yaml.j2", {})
