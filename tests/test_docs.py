"""Docs kept true by tests: the CLI reference, the settings file and the README's commands."""

from __future__ import annotations

import re
import shlex
from importlib import resources

import pytest
from conftest import ROOT

from frontlines.cli import build_parser
from frontlines.cli_reference import render


def test_cli_reference_matches_the_parser():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == render(), "docs/cli.md is stale: python -m frontlines.cli_reference > docs/cli.md"


def test_every_setting_is_explained_by_a_comment():
    lines = resources.files("frontlines").joinpath("defaults.toml").read_text().splitlines()
    undocumented = []
    for number, line in enumerate(lines):
        if not re.match(r"^[a-z_]+\s*=", line):
            continue
        above = []
        for previous in reversed(lines[:number]):
            if not previous.strip() or previous.startswith("["):
                break
            above.append(previous)
        if not any(p.lstrip().startswith("#") for p in above) and "#" not in line:
            undocumented.append(line.split("=")[0].strip())
    assert undocumented == []


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```(?:sh|bash|console)\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            if line.startswith("frontlines "):
                commands.append(line.split(">")[0].split("|")[0].strip())
    return commands


@pytest.mark.parametrize("command", _readme_commands())
def test_readme_commands_parse(command):
    """Every `frontlines ...` line in the README names real commands and options."""
    args = shlex.split(command)[1:]
    build_parser().parse_args(args)  # SystemExit (a failure) on unknown commands or options
