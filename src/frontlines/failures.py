"""Failures of one run: each item that fails is reported once, counted, and the run goes on.

Every stage boundary catches an unexpected exception for the one item it was
working on (an article, a fusion group, an export row, a district) and hands
it to :func:`contain`, which turns it into the stage's typed error
(``errors.STAGE_ERRORS``: code, stage, the item's name) and passes it to the
caller's ``on_error``. A library caller that gives no ``on_error`` gets the
typed error raised; the command line gives :meth:`Failures.add`, which prints
one line, counts it (exit status 1 when any item failed) and, with
``--strict``, stops the run at the first failure.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import FrontlinesError, StageError, Stopped, stage_error

log = logging.getLogger(__name__)

OnError = Callable[[FrontlinesError], None]


def contain(
    on_error: OnError | None,
    stage: str,
    exc: BaseException,
    origin: str | None,
    items: tuple[str, ...] = (),
) -> StageError:
    """One item's unexpected exception in ``stage``: to ``on_error``, or raised as the typed error.

    The traceback goes to the debug log only (``frontlines -v`` shows it), never to the user.
    """
    log.debug("internal error in stage %s for %s", stage, origin, exc_info=exc)
    error = stage_error(stage, exc, origin=origin, items=items)
    if on_error is None:
        raise error from exc
    on_error(error)
    return error


def name_items(ids: list[str], shown: int = 5) -> str:
    """A short name for a group of items: "a-1, b-2, c-1, c-2, d-1 and 4 more"."""
    head = ", ".join(ids[:shown])
    return head if len(ids) <= shown else f"{head} and {len(ids) - shown} more"


@dataclass
class Failures:
    """The failures of one command: reported one line each, counted by code."""

    report: Callable[[str], None]
    strict: bool = False
    by_code: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.by_code.values())

    def add(self, error: FrontlinesError) -> None:
        """Report ``error`` on one line (with --strict: stop the run with it instead)."""
        self.by_code[error.code] += 1
        if self.strict:
            raise Stopped(error)
        self.report(error.one_line())
