"""Settings: package defaults (``defaults.toml``) with user overrides on top.

A user file is looked up at ``$FRONTLINES_CONFIG`` or ``./frontlines.toml``.
Overrides are validated against the defaults: an unknown section or key, or a
value of the wrong type, is an error rather than silently ignored.
"""

from __future__ import annotations

import copy
import functools
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import FrontlinesError


class ConfigError(FrontlinesError):
    """The settings file cannot be read, or names an unknown setting or a value of the wrong type."""

    code = "E010"


def _merge(base: dict[str, Any], override: dict[str, Any], where: str) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key not in base:
            raise ConfigError(f"unknown setting {where}{key}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"setting {where}{key} must be a table")
            merged[key] = _merge(base[key], value, f"{where}{key}.")
        elif not isinstance(value, type(base[key])) and not (
            isinstance(base[key], float) and isinstance(value, int)
        ):
            raise ConfigError(
                f"setting {where}{key} must be {type(base[key]).__name__}, got {value!r}"
            )
        else:
            merged[key] = value
    return merged


def _user_file() -> Path | None:
    env = os.environ.get("FRONTLINES_CONFIG")
    if env:
        return Path(env)
    local = Path("frontlines.toml")
    return local if local.is_file() else None


@functools.cache
def settings() -> dict[str, Any]:
    """The effective settings (cached for the process)."""
    defaults = tomllib.loads(resources.files(__package__).joinpath("defaults.toml").read_text())
    user = _user_file()
    if user is None:
        return defaults
    try:
        override = tomllib.loads(user.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read settings file: {exc}", origin=str(user)) from exc
    return _merge(defaults, override, "")


def get(section: str, key: str) -> Any:
    return settings()[section][key]
