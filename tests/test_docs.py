"""Docs that cannot drift: every command, option and rule id is in the README."""

from __future__ import annotations

import re

import click
import pytest

from sopdoc.cli import main
from sopdoc.rules import CATALOGUE
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
_CONTEXT = click.Context(main)
COMMANDS = {name: main.get_command(_CONTEXT, name) for name in main.list_commands(_CONTEXT)}  # imports them all


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command: str) -> None:
    assert f"`sopdoc {command}" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_documented(command: str) -> None:
    found = COMMANDS[command]
    assert found is not None
    for parameter in found.params:
        if isinstance(parameter, click.Option) and parameter.name != "help":
            for option in parameter.opts:
                assert f"`{option}" in README or f"{option}`" in README, f"{command} {option} is undocumented"


@pytest.mark.parametrize("group", [name for name, command in COMMANDS.items() if isinstance(command, click.Group)])
def test_every_subcommand_and_option_is_documented(group: str) -> None:
    commands = COMMANDS[group]
    assert isinstance(commands, click.Group)
    for name, command in commands.commands.items():
        assert f"`sopdoc {group} {name}" in README
        for parameter in command.params:
            if isinstance(parameter, click.Option) and parameter.name != "help":
                for option in parameter.opts:
                    assert f"`{option}" in README, f"{group} {name} {option} is undocumented"


@pytest.mark.parametrize("rule", [rule.id for rule in CATALOGUE])
def test_every_rule_is_documented(rule: str) -> None:
    assert f"`{rule}`" in README


def test_rule_table_states_default_severities() -> None:
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", README, re.MULTILINE))
    implemented = {rule.id: rule.severity.value for rule in CATALOGUE if not rule.planned}
    assert rows == implemented


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.splitlines()] == ["make demo", "make test"]
