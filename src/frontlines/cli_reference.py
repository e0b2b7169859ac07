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


EXIT_STATUS = """
## Errors and exit status

Every problem is one line on stderr: the input it concerns (`file`, `file:line`,
the event ids of a fusion group, an incident, a district), what went wrong and a
code in brackets. A traceback is shown only with `-v`. The exit status is 0 when
everything succeeded, 1 when any input or item failed (the others are still
processed, stored and written; `--strict` stops at the first failure instead),
2 for a usage error, 130 when interrupted. The codes, from `frontlines/errors.py`:

| code | error | meaning |
|---|---|---|
"""


def _errors() -> list[tuple[str, str, str]]:
    """(code, class name, first line of its docstring) of every coded error, by code."""
    from . import config  # noqa: F401 - defines ConfigError
    from .errors import FrontlinesError

    found: dict[str, tuple[str, str, str]] = {}
    pending = list(FrontlinesError.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.code and cls.code != FrontlinesError.code:
            doc = " ".join((cls.__doc__ or "").split("\n\n")[0].split())
            found[cls.code] = (cls.code, cls.__name__, doc)
    return [found[code] for code in sorted(found)]


def render() -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal: fix it for a stable file
    parser = build_parser()
    table = "".join(f"| `{code}` | `{name}` | {doc} |\n" for code, name, doc in _errors())
    return HEADER + "\n".join(_walk(parser, "frontlines", 2)) + "\n" + EXIT_STATUS + table


if __name__ == "__main__":
    sys.stdout.write(render())
