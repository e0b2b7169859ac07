"""`frontlines serve`: the JSON API, its schema, its error shape and its pages (Starlette's TestClient).

The store is built from the fusion fixtures (no NLP), except for the write
test, which runs the whole pipeline on one short article.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from fusion_fixtures import ARMY, TALIBAN, Report, district_reports, store_with, strike_reports
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.export import export
from frontlines.serve import create_app
from frontlines.serve import schemas as shapes

ATTACKS = (
    "' OR '1'='1", "1; DROP TABLE incidents; --", "\" OR 1=1 --", "%' UNION SELECT record FROM incidents --",
    "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "..\\..\\windows\\win.ini", "/etc/passwd", "\x00",
)  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "s.db"
    store_with(district_reports() + strike_reports(), str(path)).close()
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        yield client


def _counts(db) -> tuple[int, ...]:
    with sqlite3.connect(db) as c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("articles", "events", "incidents", "control_periods"))


def test_events_filters_and_paging(client):
    everything = client.get("/api/events").json()
    assert everything["total"] == 12 and len(everything["events"]) == 12 and everything["next"] is None
    first = client.get("/api/events", params={"limit": 5}).json()
    assert first["total"] == 12 and [e["event_id"] for e in first["events"]] == [e["event_id"] for e in everything["events"][:5]]
    second = client.get(first["next"]).json()
    assert [e["event_id"] for e in second["events"]] == [e["event_id"] for e in everything["events"][5:10]]

    def ids(**params):
        return {e["event_id"] for e in client.get("/api/events", params=params).json()["events"]}

    assert ids(event_type="Air/drone strike") == {"strikes-pajhwok-e0", "hideout-mod-e0"}
    assert ids(event_type="Explosions/Remote violence") == {"strikes-pajhwok-e0", "hideout-mod-e0"}
    assert ids(since="2021-07-26", until="2021-07-26") == {"kaldar-tolo-e0"}
    assert ids(admin1="takhar") == {"darqad-afp-e0", "darqad-afp-e1"}
    assert ids(claim_status="claimed") == {"nadali-rt-e0"}
    assert ids(actor="civilians") == {"strikes-pajhwok-e0"}
    assert ids(country="Afghanistan") == {e["event_id"] for e in everything["events"]}
    assert ids(country="Syria") == set()
    wedding = client.get("/api/events", params={"event_type": "Air/drone strike", "actor": "Civilians"}).json()["events"][0]
    assert (wedding["fatalities"], wedding["fatalities_low"], wedding["fatalities_high"]) == (10, 10, 11)
    assert sorted(wedding["sources"]) == ["strikes-pajhwok", "wedding-tolo"]


def test_one_event_with_every_source_sentence_and_why_merged(client):
    answer = client.get("/api/events/wedding-tolo-e0").json()  # a report's id leads to its incident
    assert answer["event"]["event_id"] == "strikes-pajhwok-e0"
    sentences = {r["doc_id"]: [e["sentence"] for e in r["event"]["evidence"]] for r in answer["reports"]}
    assert sentences["wedding-tolo"] == ["Ten civilians were left dead when a wedding in Nad-e Ali was bombed from the air on Monday."]
    assert sentences["strikes-pajhwok"][0].startswith("An airstrike hit a wedding party")
    merged = [r for r in answer["reports"] if r["linked_to"]]
    assert len(merged) == 1 and merged[0]["reasons"] and merged[0]["score"] > 0


def test_incidents_list_their_reports_and_control_role(client):
    answer = client.get("/api/incidents", params={"control_role": "transfer", "admin1": "Balkh"}).json()
    kaldar = {i["incident_id"]: i for i in answer["incidents"]}
    assert {r["doc_id"] for r in kaldar["kaldar-tolo-e0"]["reports"]} == {"kaldar-rt", "kaldar-tolo"}
    assert all(i["control_role"] == "transfer" for i in answer["incidents"])


def test_districts_at_a_date_and_one_timeline_with_evidence(client):
    on = {d["district"]: d for d in client.get("/api/districts", params={"at": "2021-07-20"}).json()["districts"]}
    assert on["Kaldar"]["at"]["controller"] == TALIBAN and on["Qala-e-Naw"]["at"]["state"] == "government"
    assert on["Kaldar"]["page"] == "/districts/Balkh/Kaldar"
    later = client.get("/api/districts/Balkh/Kaldar", params={"at": "2021-07-27"}).json()
    assert later["at"]["state"] == "government" and [s["state"] for s in later["states"]] == ["government", "non-state", "government"]
    assert any("fallen to the Taliban a month ago" in e["sentence"] for e in later["states"][1]["evidence"])
    assert client.get("/api/districts/-/kaldar").json()["district"] == "Kaldar"  # a spelling `control` accepts
    assert client.get("/api/districts/Helmand/Kaldar").status_code == 404


def test_search_over_notes_and_evidence(client):
    answer = client.get("/api/search", params={"q": "wedding Nad-e"}).json()
    assert [r["id"] for r in answer["results"] if r["kind"] == "event"] == ["strikes-pajhwok-e0"]
    amu = client.get("/api/search", params={"q": "Amu River"}).json()["results"]
    assert {r["kind"] for r in amu} == {"event", "control"} and all("Amu River" in r["text"] for r in amu)
    assert client.get("/api/search", params={"q": "100%"}).json()["total"] == 0  # LIKE wildcards are literal
    assert client.get("/api/search", params={"q": "_"}).json()["total"] == 0


@pytest.mark.parametrize("fmt", ["acled-csv", "geojson", "control-csv", "jsonl"])
def test_exports_stream_what_frontlines_export_writes(client, db, fmt):
    expected = io.StringIO()
    export(fmt, expected, db=db)
    with client.stream("GET", f"/api/export/{fmt}") as response:
        assert response.status_code == 200
        body = b"".join(response.iter_bytes()).decode("utf-8")
    assert body == expected.getvalue() and body
    if fmt == "acled-csv":
        assert len(list(csv.DictReader(io.StringIO(body)))) == 12
    filtered = client.get(f"/api/export/{fmt}", params={"province": "Balkh"}).text
    assert filtered != body


def test_export_of_a_large_store_streams_in_chunks(tmp_path):
    """Chunked as it is written: a store of 600 incidents arrives in more than one chunk."""
    reports = []
    for n in range(600):
        r = Report(f"bulk-{n}", "2021-05-04", "Pajhwok", [f"Clash number {n} in Kaldar killed {n % 7 + 1} people."])
        day = (dt.date(2019, 1, 1) + dt.timedelta(days=3 * n)).isoformat()  # apart: never one incident
        r.event(0, "Armed clash", day, "Kaldar", TALIBAN, ARMY, fatalities=n % 7 + 1)
        r.events[0].location = f"Village {n}"
        reports.append(r)
    path = tmp_path / "bulk.db"
    store_with(reports, str(path), fuse=False).close()
    from frontlines.fusion.service import rebuild
    from frontlines.store import Store

    with Store.open(path) as store:
        rebuild(store)
    client = TestClient(create_app(path))
    with client.stream("GET", "/api/export/jsonl") as response:
        chunks = list(response.iter_bytes())
    lines = b"".join(chunks).decode().splitlines()
    assert len(lines) == 600 and len(chunks) > 1


ERRORS = [
    ("/api/events?since=2021-13-01", 400, "E850"),
    ("/api/events?since=2021-07-02&until=2021-07-01", 400, "E850"),
    ("/api/events?limit=100000", 400, "E850"),
    ("/api/events?claim_status=rumoured", 400, "E850"),
    ("/api/events/no-such-event", 404, "E700"),
    ("/api/districts/Balkh/Atlantis", 404, "E700"),
    ("/api/districts?at=yesterday", 400, "E850"),
    ("/api/search", 400, "E850"),
    ("/api/search?q=%20%20", 400, "E850"),
    ("/api/export/xlsx", 400, "E850"),
    ("/api/export/acled-csv?since=July", 400, "E850"),
    ("/api/events?event_type=Picnic", 400, "E850"),
    ("/api/events?admin1=Balkh%27%20OR%20%271%27%3D%271", 400, "E850"),
    ("/api/nowhere", 404, "E700"),
]


@pytest.mark.parametrize(("url", "status", "code"), ERRORS)
def test_one_error_shape_with_the_project_codes(client, url, status, code):
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["code"] == code and body["error"]["status"] == status
    assert "Traceback" not in body["error"]["message"]
    shapes.ErrorResponse.model_validate(body)


def test_method_not_allowed_has_the_same_shape(client):
    response = client.delete("/api/events")
    assert response.status_code == 405 and response.json()["error"]["code"] == "E850"


def _get_operations(schema: dict) -> list[tuple[str, dict]]:
    return [(path, op["get"]) for path, op in schema["paths"].items() if "get" in op]


def _parameter_strategy(parameter: dict, schema: dict):
    spec = parameter["schema"]
    options = spec.get("anyOf", [spec])
    strategies = []
    for option in options:
        if "enum" in option:
            strategies.append(st.sampled_from(option["enum"]))
        elif "const" in option:
            strategies.append(st.just(option["const"]))
        elif option.get("type") == "integer":
            strategies.append(st.integers(min_value=-5, max_value=10**9))
        elif option.get("type") == "string":
            strategies.append(st.one_of(
                st.text(max_size=30), st.sampled_from(ATTACKS),
                st.dates().map(lambda d: d.isoformat()), st.sampled_from(["Balkh", "Kaldar", "Taliban", "-"]),
            ))
    return st.one_of(strategies) if strategies else st.text(max_size=10)


def _response_model(operation: dict, status: int):
    content = operation["responses"].get(str(status), {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref")
    return getattr(shapes, ref.rsplit("/", 1)[1]) if ref else None


def test_schema_driven_requests_never_fail_and_match_the_schema(client, db):
    """Every GET operation of /openapi.json with parameters drawn from its own schema (and
    hostile strings): never a 5xx, and every JSON answer fits the model the schema names."""
    schema = client.get("/openapi.json").json()
    operations = _get_operations(schema)
    assert len(operations) >= 8
    before = _counts(db)

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data):
        for path, operation in operations:
            url, query = path, {}
            for parameter in operation.get("parameters", []):
                value = data.draw(_parameter_strategy(parameter, schema), label=parameter["name"])
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", quote(str(value), safe="") or "x")
                elif parameter.get("required") or data.draw(st.booleans()):
                    query[parameter["name"]] = value
            response = client.get(url, params=query, follow_redirects=False)
            assert response.status_code < 500, (url, query, response.text[:300])
            if 300 <= response.status_code < 400:
                continue  # "/api/events/%2F" is "/api/events//", redirected to the list: not this operation
            if response.headers.get("content-type", "").startswith("application/json"):
                model = _response_model(operation, response.status_code) if response.status_code < 400 else shapes.ErrorResponse
                if model is not None:
                    model.model_validate(response.json())

    check()
    assert _counts(db) == before


def test_pages_show_the_store(client):
    page = client.get("/events/wedding-tolo-e0")
    assert page.status_code == 200 and "Air/drone strike" in page.text
    assert "Ten civilians were left dead when a wedding in Nad-e Ali was bombed from the air on Monday." in page.text
    assert "script-src" not in page.headers["content-security-policy"] and "default-src 'none'" in page.headers["content-security-policy"]
    district = client.get("/districts/Balkh/Kaldar", params={"at": "2021-07-20"}).text
    assert "non-state: Taliban" in district and "The district, which runs along the Amu River" in district
    assert 'href="/events/kaldar-tolo-e0"' in district
    index = client.get("/districts", params={"at": "2021-07-20"}).text
    assert index.count("<tr>") == 7 and 'href="/districts/Helmand/Nad-e%20Ali"' in index
    search = client.get("/search", params={"q": "wedding"}).text
    assert 'href="/events/strikes-pajhwok-e0"' in search
    home = client.get("/")
    data = json.loads(re.search(r'<script id="frontlines-data" type="application/json">(.*?)</script>', home.text, re.S).group(1))
    assert data["pages"] == {"event": "/events/", "district": "/districts/"} and len(data["districts"]) == 6
    assert client.get("/").text == home.text  # served from the cache while the store is unchanged
    assert client.get("/events/none").status_code == 404 and "E700" in client.get("/events/none").text


def test_hostile_text_is_escaped_on_every_page(tmp_path):
    payloads = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<a href=\"javascript:alert(3)\">x</a>")
    sentence = "Taliban fighters attacked a checkpoint in Kaldar on Monday " + " ".join(payloads)
    r = Report("xss", "2021-07-27", payloads[1], [sentence], url="javascript:alert(4)")
    r.event(0, "Non-state actor overtakes territory", "2021-07-26", "Kaldar", TALIBAN, ARMY, claim="claimed",
            claimed_by=payloads[0])
    r.events[0].notes = payloads[2]
    path = tmp_path / "xss.db"
    store_with([r], str(path)).close()
    client = TestClient(create_app(path))
    for url in ("/events/xss-e0", "/districts/Balkh/Kaldar", "/search?q=checkpoint", "/districts"):
        text = client.get(url).text
        for payload in payloads:
            assert payload not in text, (url, payload)
        assert "<script" not in text.lower() and "onerror=" not in text.replace("onerror=alert(2)&gt;", "")
        assert 'href="javascript' not in text
    shown = client.get("/events/xss-e0").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_writing_needs_the_token(db, tmp_path):
    article = {"text": "Taliban fighters captured the centre of Kaldar district in Balkh province on Monday, "
                       "officials said.", "published": "2021-06-29", "source": "Test Wire"}
    read_only = TestClient(create_app(db))
    response = read_only.post("/api/articles", json=article, headers={"Authorization": "Bearer x"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "E852"
    path = tmp_path / "w.db"
    client = TestClient(create_app(path, write_token="s3cret"))
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        response = client.post("/api/articles", json=article, headers=headers)
        assert response.status_code == 401 and response.json()["error"]["code"] == "E851"
        assert response.headers["www-authenticate"] == "Bearer"
    auth = {"Authorization": "Bearer s3cret"}
    assert client.post("/api/articles", json={"source": "x"}, headers=auth).json()["error"]["code"] == "E100"
    assert client.post("/api/articles", json={"text": "   "}, headers=auth).status_code == 422
    huge = client.post("/api/articles", content=b"x" * 10_100_000, headers={**auth, "Content-Type": "application/json"})
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "E105"
    created = client.post("/api/articles", json=article, headers=auth)
    assert created.status_code == 201, created.text
    result = created.json()
    assert result["status"] == "new" and result["events"] and result["incidents"]
    events = client.get("/api/events").json()["events"]
    assert [(e["sub_event_type"], e["admin2"]) for e in events] == [("Non-state actor overtakes territory", "Kaldar")]
    again = client.post("/api/articles", json=article, headers=auth).json()
    assert again["status"] == "duplicate" and again["events"] == []
    assert client.get("/api/health").json()["articles"] == 1


def test_a_gazetteer_that_cannot_be_read_leaves_district_names_to_the_store(client, monkeypatch):
    """Unknown district names are looked up in the gazetteer; when its file cannot be opened
    (another checkout sharing the user cache removed it), the answer is still a 404, not a 500."""
    import sqlite3 as sqlite

    from frontlines.geo import gazetteer

    def broken(*args, **kwargs):
        raise sqlite.OperationalError("unable to open database file")

    monkeypatch.setattr(gazetteer.Gazetteer, "lookup", broken)
    response = client.get("/api/districts/Balkh/Atlantis")
    assert response.status_code == 404 and response.json()["error"]["code"] == "E700"
    assert client.get("/api/districts/Balkh/Kaldar").status_code == 200
