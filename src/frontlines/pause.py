"""Pause points: a test holds a real process at a known point (to kill it there, or to
run a reader beside it) without guessing with sleeps.

``FRONTLINES_PAUSE_AT="POINT:DIR"`` makes the process, the n-th time it reaches
``pause("POINT")``, write ``DIR/POINT-n.reached`` (its pid) and wait until
``DIR/POINT-n.go`` exists. Unset (always, outside tests), a pause point costs
one environment lookup. Points: ``fusion`` (in ``fusion.service.update``: the
store's incidents read and fused, not yet written), ``export`` (after an
export's first row).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

ENV = "FRONTLINES_PAUSE_AT"
# a test that never releases a paused process must not leave it waiting forever
_MAX_WAIT_S = 600.0
_passes: Counter[str] = Counter()


def pause(point: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    name, _, folder = spec.partition(":")
    if name != point or not folder:
        return
    _passes[point] += 1
    stem = Path(folder) / f"{point}-{_passes[point]}"
    stem.with_suffix(".reached").write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + _MAX_WAIT_S
    while not stem.with_suffix(".go").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
