# ruff: noqa: F811 - the tests take test_serve_api's fixtures db and client, imported below
"""Every parameter of every route has a strict shape: SQL injection and path traversal get a 4xx.

The routes and their parameters are read from the app itself (the OpenAPI schema
for the API, the routes' declared parameters for the pages, which are not in the
schema), so a parameter added later is attacked here without anyone listing it.
Ordinary values - real names with apostrophes and hyphens, search text with
quotes - still get a 200.
"""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from fastapi.routing import APIRoute
from test_serve_api import _counts, client, db  # noqa: F401 - the same store of the fusion fixtures

from frontlines.serve import schemas as shapes
from frontlines.serve.params import hostile

ATTACKS = (
    # SQL: tautologies, comments and terminators, stacked statements, UNION, probes
    "' OR '1'='1", "' OR 1=1 --", '" OR ""="', "admin'--", "1 OR 1=1", "1; DROP TABLE incidents; --",
    "%' UNION SELECT record FROM incidents --", "1 UNION ALL SELECT NULL,NULL", "x' AND sleep(5)#",
    "'; ATTACH DATABASE '/tmp/x.db' AS x; --", "/**/OR/**/1=1", "Kaldar'/*", "Balkh--",
    # path traversal, plain and encoded, and absolute paths
    "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..\\..\\windows\\win.ini",
    "....//....//etc/passwd", "..", "/etc/passwd", "C:\\Windows\\win.ini", "file:///etc/passwd", "%252e%252e%252f",
    # NUL and control characters, a bidirectional override, an over-long value
    "\x00", "Kaldar\x00", "%00", "Kaldar\n", "\x1b[31mred", "Kaldar\u202e", "A" * 5000,
)  # fmt: skip

# a value of each parameter that the fixture store answers with 200 (by name, else by type)
ORDINARY = {
    "since": "2021-01-01", "until": "2021-12-31", "at": "2021-07-20", "country": "AF", "admin1": "Balkh",
    "province": "Balkh", "district": "Kaldar", "event_type": "Air/drone strike", "actor": "Taliban",
    "claim_status": "claimed", "control_role": "transfer", "limit": "5", "offset": "0", "q": '"Nad-e Ali" wedding',
    "event_id": "wedding-tolo-e0", "fmt": "geojson",
}  # fmt: skip
ARTICLE = {"text": "Taliban fighters captured Kaldar district on Monday, officials said.", "published": "2021-06-29"}


@pytest.fixture(scope="module")
def app(client):
    return client.app


def _operations(app) -> list[tuple[str, str, list[tuple[str, str, bool]]]]:
    """(method, path, [(parameter, where, required)]) of every route: the API's from its OpenAPI
    schema, the pages' (left out of the schema) from their declared parameters."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            found.append((method, path, [(p["name"], p["in"], p.get("required", False))
                                         for p in operation.get("parameters", [])]))
    for route in _routes(app.routes):
        if isinstance(route, APIRoute) and not route.include_in_schema:
            parameters = [(p.name, "path", True) for p in route.dependant.path_params]
            parameters += [(p.name, "query", p.field_info.is_required()) for p in route.dependant.query_params]
            found.extend((method.lower(), route.path, parameters) for method in route.methods)
    return found


def _routes(routes):
    for route in routes:  # FastAPI keeps an included router's routes in the router
        inner = getattr(route, "original_router", None)
        yield from _routes(inner.routes) if inner is not None else [route]


def _request(client, method: str, path: str, parameters, name: str, value: str) -> httpx.Response:
    """The operation with ``name`` set to ``value`` and every other required parameter ordinary."""
    url, query, headers = path, {}, {}
    for parameter, where, required in parameters:
        given = value if parameter == name else ORDINARY.get(parameter)
        if parameter != name and not required:
            continue
        if where == "path":
            # dots encoded too: the client would otherwise resolve a '..' segment itself (RFC 3986),
            # while a raw request (curl --path-as-is) brings it to the server as it is
            url = url.replace("{" + parameter + "}", quote(given, safe="").replace(".", "%2E"))
        elif where == "query":
            query[parameter] = given
        elif where == "header":
            headers[parameter] = given
    if method == "post":
        return client.post(url, params=query, headers=headers, json=ARTICLE)
    return client.get(url, params=query, headers=headers, follow_redirects=False)


def _is_error(response: httpx.Response, path: str) -> None:
    assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:200])
    if path.startswith("/api"):
        body = response.json()
        shapes.ErrorResponse.model_validate(body)
        assert body["error"]["status"] == response.status_code and body["error"]["code"].startswith("E")
    else:
        assert "<!DOCTYPE html>" in response.text and "Error" in response.text


def test_every_route_and_parameter_is_found(app):
    operations = _operations(app)
    names = {name for _, _, parameters in operations for name, _, _ in parameters}
    assert len(operations) >= 14 and {"/api/events", "/api/search", "/search", "/districts/{province}/{district}"} <= {
        path for _, path, _ in operations}
    assert names - {"authorization"} <= set(ORDINARY), "a new parameter needs an ordinary value in ORDINARY"


def test_ordinary_values_of_every_parameter_answer_200(app, client):
    for method, path, parameters in _operations(app):
        if method != "get":
            continue  # POST /api/articles writes: tests/test_serve_api.py
        for name, _, _ in parameters or [("", "", False)]:
            response = _request(client, method, path, parameters, name, ORDINARY.get(name, ""))
            assert response.status_code in (200, 204), (path, name, response.text[:300])


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: repr(a[:30]))
def test_injection_and_traversal_in_every_parameter_get_a_4xx(app, client, db, attack):
    before = _counts(db)
    for method, path, parameters in _operations(app):
        for name, where, _ in parameters:
            try:
                response = _request(client, method, path, parameters, name, attack)
            except (httpx.LocalProtocolError, UnicodeEncodeError):
                assert where == "header"  # HTTP cannot carry it in a header: refused before it is sent
                continue
            _is_error(response, path)
    assert _counts(db) == before


@pytest.mark.parametrize("text", [
    "Dand-e-Ghori", "Sheikh Maqsoud", '"al-Bab"', '"al-Bab" or Manbij', "Qal'ah-ye Now", "Hay'at Tahrir al-Sham",
    "100%", "fighting -- reports said", "Kabul; Kandahar", "U.S. forces", "5 killed, 3 wounded", "A/B testing",
    "O'Neil and co", "Darwāz-e Pā’īn", "دند غوری",
])  # fmt: skip
def test_search_text_keeps_quotes_hyphens_and_ordinary_punctuation(client, text):
    assert hostile(text, "search") is None
    response = client.get("/api/search", params={"q": text})
    assert response.status_code == 200, response.text
    assert client.get("/search", params={"q": text}).status_code == 200


@pytest.mark.parametrize("name", [
    "Nad-e Ali", "Qal‘ah-ye Now", "Darwāz-e Pā’īn", "Qala-e-Naw", "St. Mary's (North)", "Kunduz, city", "کابل",
    "Shīndand", "Chahar Darah", "Pul-i-Khumri", "N'Djamena", "Mazār\u200c-e Sharīf", "Biel/Bienne",
    "Norwood, Payneham & St Peters", "Gozd–Martuljek", "Val-d'Or", "Saint-Côme--Linière", "’Aïn Merane",
    "'s-Gravenwezel",
])  # fmt: skip
def test_real_place_names_fit_every_name_parameter(client, name):
    for url, parameter in (("/api/events", "admin1"), ("/api/incidents", "admin1"), ("/api/districts", "province"),
                           ("/api/export/jsonl", "province")):
        response = client.get(url, params={parameter: name})
        assert response.status_code == 200, (url, parameter, response.text[:200])
    assert client.get(f"/api/districts/{quote(name)}/{quote(name)}").status_code == 404  # a fit, but unknown
    assert client.get("/api/events", params={"actor": "Taliban and/or Islamic State (Afghanistan)"}).status_code == 200
    assert client.get("/api/events", params={"actor": "NATO: North Atlantic Treaty Organization"}).status_code == 200


def test_a_refusal_names_the_parameter_and_why(client):
    message = client.get("/api/events", params={"admin1": "Balkh' OR 'a'='a"}).json()["error"]["message"]
    assert message.startswith("admin1: does not fit: it may hold only letters, digits, spaces")
    message = client.get("/api/search", params={"q": "x' UNION SELECT record FROM incidents"}).json()["error"]["message"]
    assert message == "q: refused: it holds UNION SELECT"
    assert client.get("/api/events", params={"since": "1625097600"}).json()["error"]["message"].startswith(
        "since: must be a date YYYY-MM-DD")
    assert client.get("/api/events", params={"event_type": "battles"}).json()["error"]["code"] == "E850"
    assert {e["event_id"] for e in client.get("/api/events", params={"country": "AFG"}).json()["events"]} == {
        e["event_id"] for e in client.get("/api/events", params={"country": "Afghanistan"}).json()["events"]}
