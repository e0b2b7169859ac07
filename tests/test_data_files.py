"""The project's YAML data files say what their authors meant.

YAML 1.1 (PyYAML) reads a bare ``on``, ``off``, ``yes``, ``no`` as booleans, so a word list
``[out, away, off]`` silently loses its word and a country list loses Norway (``NO``). A list
that holds words holds only words."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.yamlload import safe_yaml

DATA_FILES = sorted(Path(__file__).resolve().parents[1].joinpath("src", "frontlines").rglob("*.yaml"))


def _lists_with_booleans(node, path: str):
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, bool):
                yield f"{path}: key {key}"
            yield from _lists_with_booleans(value, f"{path}.{key}")
    elif isinstance(node, list):
        if any(isinstance(i, str) for i in node) and any(isinstance(i, bool) for i in node):
            yield f"{path}: {[i for i in node if isinstance(i, bool)]}"
        for item in node:
            yield from _lists_with_booleans(item, path)


def test_the_data_files_are_found():
    assert len(DATA_FILES) >= 20


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_no_word_is_read_as_a_boolean(path):
    data = safe_yaml(path.read_text(encoding="utf-8"))
    assert list(_lists_with_booleans(data, path.name)) == [], "quote on/off/yes/no in word lists"


def test_the_check_sees_a_bare_off():
    assert list(_lists_with_booleans(safe_yaml("particles: [out, away, off]"), "x")) == ["x.particles: [False]"]
