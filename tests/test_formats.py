"""The exported JSON Schemas: valid draft 2020-12, in step with the validator, shipped in schemas/."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sopdoc.formats import json_schemas
from sopdoc.loading import load_markdown_file, load_yaml_file
from sopdoc.schema import DATE_PATTERN, FIRST_YEAR, LAST_YEAR, MAX_NUMBER
from tests.conftest import BASE_FILES, ROOT, ContentRepo, run_sopdoc

KIND_OF_FILE = {
    "sopdoc.yaml": "config",
    "procedures/demand/PRO-PIC-001.md": "procedure",
    "procedures/executive/PRO-PIC-002.md": "procedure",
    "plans/2026-11.yaml": "plan",
    "training.yaml": "training",
}


def as_json(value: Any) -> Any:
    """What an editor sees: YAML dates are strings to the YAML language server."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def load_data(path: Path) -> Any:
    result = load_markdown_file(path, path.name) if path.suffix == ".md" else load_yaml_file(path, path.name)
    return as_json(result.document.data)


@pytest.mark.parametrize("kind", sorted(json_schemas()))
def test_schemas_are_valid_draft_2020_12(kind: str) -> None:
    schema = json_schemas()[kind]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("relpath", sorted(BASE_FILES))
def test_valid_files_pass_the_exported_schema(repo: ContentRepo, relpath: str) -> None:
    validator = jsonschema.Draft202012Validator(json_schemas()[KIND_OF_FILE[relpath]],
                                                format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(load_data(repo.root / relpath))) == []


@pytest.mark.parametrize(("old", "new", "validator_keyword"), [
    ("status: active", "status: actif", "enum"),
    ("title: Revue", "titel: Revue", "additionalProperties"),
    ("revision: 2", "revision: 0", "minimum"),
    ("owner: demand-planner", "owner: Demand", "pattern"),
    ("training_roles: [demand-planner]", "training_roles: demand-planner", "type"),
])
def test_exported_schema_rejects_what_the_validator_rejects(repo: ContentRepo, old: str, new: str,
                                                            validator_keyword: str) -> None:
    relpath = "procedures/demand/PRO-PIC-001.md"
    repo.replace(relpath, old, new)
    assert repo.findings()[0][3] == "schema"
    errors = list(jsonschema.Draft202012Validator(json_schemas()["procedure"]).iter_errors(
        load_data(repo.root / relpath)))
    assert validator_keyword in [error.validator for error in errors]


def test_shipped_schema_files_are_current() -> None:
    for kind, schema in json_schemas().items():
        shipped = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert shipped == schema, f"schemas/{kind}.schema.json is stale: run `sopdoc schema --output schemas --force`"


def test_schema_command_prints_one_or_all(tmp_path: Path) -> None:
    single = run_sopdoc(tmp_path, "schema", "plan")
    assert single.exit_code == 0
    assert json.loads(single.stdout) == json_schemas()["plan"]
    everything = run_sopdoc(tmp_path, "schema")
    assert json.loads(everything.stdout) == json_schemas()


def test_schema_output_never_overwrites_without_force(tmp_path: Path) -> None:
    first = run_sopdoc(tmp_path, "schema", "--output", "out")
    assert first.exit_code == 0
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "config.schema.json", "plan.schema.json", "procedure.schema.json", "training.schema.json"]
    assert run_sopdoc(tmp_path, "schema", "--output", "out").exit_code == 0  # identical: left alone
    (tmp_path / "out" / "plan.schema.json").write_text("{}\n")
    refused = run_sopdoc(tmp_path, "schema", "--output", "out")
    assert refused.exit_code == 2
    assert refused.stderr == ("Error: out/plan.schema.json already exists and differs; use --force to replace it\n")
    assert (tmp_path / "out" / "plan.schema.json").read_text() == "{}\n"
    forced = run_sopdoc(tmp_path, "schema", "--output", "out", "--force")
    assert forced.exit_code == 0
    assert json.loads((tmp_path / "out" / "plan.schema.json").read_text()) == json_schemas()["plan"]


# -- the bounds of plausible values are in the exported schemas too -----------------------------------------------


def _leaves(schema: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every sub-schema with its path, depth first."""
    found = [(path, schema)] if isinstance(schema, dict) else []
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.extend(_leaves(value, f"{path}/{key}"))
    return found


@pytest.mark.parametrize("kind", sorted(json_schemas()))
def test_every_number_and_date_is_bounded(kind: str) -> None:
    numbers = dates = 0
    for path, schema in _leaves(json_schemas()[kind]):
        if schema.get("type") in ("number", "integer"):
            numbers += 1
            assert -MAX_NUMBER <= schema["minimum"] <= schema["maximum"] <= MAX_NUMBER, path
        if schema.get("format") == "date":
            dates += 1
            assert schema["pattern"] == DATE_PATTERN, path
    assert numbers and (dates or kind == "config")


def test_the_year_patterns_match_exactly_the_accepted_years() -> None:
    month = json_schemas()["plan"]["properties"]["month"]["pattern"]
    for year in range(1000, 10000):
        accepted = FIRST_YEAR <= year <= LAST_YEAR
        assert bool(re.search(DATE_PATTERN, f"{year}-03-02")) is accepted, year
        assert bool(re.search(month, f"{year}-11")) is accepted, year
    assert not re.search(month, "2026-13")


@pytest.mark.parametrize(("relpath", "old", "new", "message", "validator_keyword"), [
    ("plans/2026-11.yaml", "lines_due: 10,", "lines_due: 10000000000000001,",
     "families.FAM-A.actuals.lines_due is too large (over 10^15); check its digits", "maximum"),
    ("plans/2026-11.yaml", "month: 2026-11", "month: 3000-01",
     "month: 3000-01 is out of range (years 1900 to 2999)", "pattern"),
    ("plans/2026-11.yaml", "date: 2026-11-13", "date: 1899-12-31",
     "approved.date: 1899-12-31 is out of range (years 1900 to 2999)", "pattern"),
    ("procedures/demand/PRO-PIC-001.md", "effective: 2026-03-02", "effective: 3026-03-02",
     "effective: 3026-03-02 is out of range (years 1900 to 2999)", "pattern"),
])
def test_exported_schema_rejects_implausible_values_as_the_validator_does(
        repo: ContentRepo, relpath: str, old: str, new: str, message: str, validator_keyword: str) -> None:
    repo.replace(relpath, old, new)
    assert message in repo.messages()
    kind = "plan" if relpath.startswith("plans/") else "procedure"
    errors = list(jsonschema.Draft202012Validator(json_schemas()[kind]).iter_errors(load_data(repo.root / relpath)))
    assert [error.validator for error in errors] == [validator_keyword]


@pytest.mark.parametrize("text", ["", "# Formations : aucune encore\n\n# (une ligne par formation)\n"])
def test_an_empty_training_log_passes_the_exported_schema(repo: ContentRepo, text: str) -> None:
    repo.write("training.yaml", text)
    validator = jsonschema.Draft202012Validator(json_schemas()["training"])
    assert list(validator.iter_errors(load_data(repo.root / "training.yaml"))) == []
