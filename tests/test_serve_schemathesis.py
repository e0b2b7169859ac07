"""Schemathesis against the API's own OpenAPI schema, in process (ASGI transport, no network).

The store is the bundled examples (examples/articles) run through the whole
pipeline. Every operation gets requests generated from its schema: no answer is
a 5xx, every status code and content type is one the schema declares, and every
JSON body matches the schema's model for its status. Bounded by max_examples
so it stays a test (about 10 s after the store is built), not a fuzzing campaign.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from frontlines.serve import create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 12


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory):
    from frontlines.api import extract_to

    db = tmp_path_factory.mktemp("schemathesis") / "examples.db"
    with open(os.devnull, "w") as sink:
        extract_to([str(EXAMPLES)], db=str(db), out=sink, workers=1)
    return db


@pytest.fixture(scope="module")
def api_schema(examples_db):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(examples_db))


# Each operation's strategy driven by hypothesis here, rather than by @schema.parametrize with
# schemathesis.pytest.from_fixture: that lazy loader reads a pytest attribute (Function._nodeid)
# that pytest 9 no longer has.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_every_operation_answers_as_its_schema_says(api_schema, mode):
    """Valid requests: no 5xx, statuses, content types and bodies as the schema says. Invalid ones
    (each parameter or body broken in a way the schema forbids): also refused with a 4xx."""
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not operation.path_parameters and not operation.query \
                and not operation.headers and not operation.body:
            continue  # nothing to break (GET /api/health)

        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            case.call_and_validate(checks=checks)

        try:
            check()
        except Exception as exc:
            raise AssertionError(f"{operation.label} ({mode.value}): {exc}") from exc


def test_the_examples_store_has_something_to_serve(examples_db):
    import sqlite3

    with sqlite3.connect(examples_db) as c:
        assert c.execute("SELECT count(*) FROM incidents").fetchone()[0] >= 3
        assert c.execute("SELECT count(*) FROM control_periods").fetchone()[0] >= 1
