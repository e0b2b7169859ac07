"""Reading the project's YAML data files.

PyYAML's safe loading through libyaml's C parser when PyYAML was built with it (the wheels are):
the same data from every file under src/, about 14 times faster - the 27 data files cost 1.5 s
of each run's start with the pure-Python parser. Falls back to that parser where libyaml is missing.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str) -> Any:
    """The data of a YAML document (safe: plain types only)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
