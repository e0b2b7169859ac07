"""Fuzzing the readers: any bytes, any JSON lines give Articles or InputErrors, never an
exception, and one bad record never hides a good one."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.errors import InputError
from frontlines.ingest import clean_text, read_inputs
from frontlines.ingest.clean import normalise_text
from frontlines.models import Article

STORY = (
    "Afghan forces retook the centre of Dand-e-Ghori district in Baghlan province on "
    "day {n}, officials said, and twelve fighters were killed."
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_file(name: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(read_inputs([str(path)]))


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.dat"]))
def test_random_bytes_never_raise(data, name):
    items = _read_file(name, data)
    assert all(isinstance(i, Article | InputError) for i in items)
    if name != "x.jsonl":
        assert len(items) == 1
    for item in items:
        if isinstance(item, InputError):
            assert "\n" not in item.one_line()
        else:
            assert item.text.strip() and item.content_hash


@FUZZ
@given(st.text(max_size=3000))
def test_cleaning_only_removes_never_invents(text):
    result = clean_text(text)
    source = iter(re.findall(r"\w+", normalise_text(text)))
    # the kept words are the input's words, in the input's order
    assert all(word in source for word in re.findall(r"\w+", result.text))
    assert all(p == p.strip() and p for p in result.text.split("\n\n") if result.text)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_garbage_line = st.one_of(
    _json_values.map(json.dumps),
    st.dictionaries(
        st.sampled_from(["id", "text", "html", "published", "source", "url", "title", "other"]),
        _json_values,
        max_size=5,
    ).map(json.dumps),
    st.text(max_size=200).filter(lambda s: "\n" not in s and "\r" not in s),
    st.binary(max_size=200).filter(lambda b: b"\n" not in b and b"\r" not in b),
)


@FUZZ
@given(st.lists(st.tuples(st.booleans(), _garbage_line), min_size=1, max_size=12))
def test_random_json_lines_never_hide_good_records(lines):
    raw: list[bytes] = []
    good_ids: list[str] = []
    for n, (good, garbage) in enumerate(lines):
        if good:
            good_ids.append(f"good-{n}")
            raw.append(json.dumps({"id": f"good-{n}", "text": STORY.format(n=n)}).encode())
        else:
            raw.append(garbage if isinstance(garbage, bytes) else garbage.encode("utf-8", "surrogatepass"))
    items = _read_file("batch.jsonl", b"\n".join(raw) + b"\n")
    assert all(isinstance(i, Article | InputError) for i in items)
    ids = [i.id for i in items if isinstance(i, Article)]
    assert [i for i in ids if i.startswith("good-")] == good_ids
    # one result per line that is not blank
    assert len(items) == sum(1 for line in raw if line.strip())
    for item in items:
        if isinstance(item, InputError):
            assert item.origin and ":" in item.origin
