"""docs/cli.md, generated from the real argument parser.

``python -m frontlines.cli_reference > docs/cli.md`` rewrites it; a test fails
when the file and the parser disagree, so the reference never goes stale.
"""

from __future__ import annotations

import argparse
import os
import sys

from .cli import build_parser

HEADER = (
    "# Command-line reference\n\n"
    "Generated from `frontlines --help` by `python -m frontlines.cli_reference`; "
    "do not edit by hand.\n"
)


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse offers no public way to walk sub-commands
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _walk(parser: argparse.ArgumentParser, name: str, level: int) -> list[str]:
    parts = [f"\n{'#' * level} `{name}`\n", "```text", parser.format_help().rstrip(), "```"]
    for child, subparser in _subparsers(parser).items():
        parts.extend(_walk(subparser, f"{name} {child}", min(level + 1, 4)))
    return parts


def render() -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal: fix it for a stable file
    parser = build_parser()
    return HEADER + "\n".join(_walk(parser, "frontlines", 2)) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
