"""`frontlines watch` against a fixture news site on 127.0.0.1 (tests/watch_fixtures.py).

One pass stores exactly the expected articles and events, a second adds
nothing, and a watcher killed with SIGKILL at several moments and run again
ends with every article once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from watch_fixtures import ETAG, Site

from frontlines.cli import main
from frontlines.watch import Watcher, WatchSettings, watch
from frontlines.watch.feeds import normalise_url, parse_feed

SETTINGS = WatchSettings(interval=1.0, host_concurrency=2, host_delay=0.02, concurrency=4, timeout=1.0,
                         retries=1, backoff=0.05, max_retry_after=1.0, max_attempts=2,
                         user_agent="FrontlinesTest/1.0", robots_ttl=3600.0, max_bytes=1_000_000)

# (sub_event_type, admin2, event_date) of each story, as its text tells it
EXPECTED_EVENTS = {
    ("Non-state actor overtakes territory", "Kaldar", "2021-06-28"),
    ("Air/drone strike", "Nad-e Ali", "2021-05-02"),
    ("Government regains territory", "Darqad", "2016-01-09"),
    ("Remote explosive/landmine/IED", "Kunduz", "2021-07-13"),
    ("Armed clash", "Maymana", "2021-07-14"),
}
EXPECTED_ARTICLES = {"/news/kaldar.html", "/news/strike.html", "/news/darqad.html", "/news/flaky.html",
                     "/slow/maimana.html"}


@pytest.fixture()
def site():
    running = Site()
    yield running
    running.stop()


def _rows(db: Path, query: str) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(query).fetchall()


def _paths(urls) -> set[str]:
    from urllib.parse import urlsplit

    return {urlsplit(u).path for u in urls}


def test_one_pass_stores_exactly_the_expected_articles_and_events_and_a_second_adds_nothing(site, tmp_path):
    db = tmp_path / "watch.db"
    lines: list[str] = []
    watcher = Watcher([site.url("main", "/feeds.opml")], db, settings=SETTINGS, report=lines.append)
    first = watcher.run_once()

    # the same story under two addresses is stored once: pages are taken in the order their fetches
    # end, so which of the two is stored depends on timing, never that only one is
    stored = _paths(u for (u,) in _rows(db, "SELECT url FROM articles"))
    kept, copy = ("/news/kaldar.html", "/news/kaldar-copy.html")[:: 1 if "/news/kaldar.html" in stored else -1]
    assert stored == EXPECTED_ARTICLES - {"/news/kaldar.html"} | {kept}
    events = _rows(db, "SELECT sub_event_type, admin2, event_date FROM events")
    assert set(events) == EXPECTED_EVENTS and len(events) == 5
    assert len(_rows(db, "SELECT * FROM incidents")) == 5
    status = dict(_rows(db, "SELECT url, status FROM watch_items"))
    by_path = {p: s for u, s in status.items() for p in _paths([u])}
    assert by_path == {
        kept: "stored", copy: "duplicate", "/news/strike.html": "stored",
        "/news/flaky.html": "stored", "/news/broken.html": "failed", "/private/secret.html": "disallowed",
        "/news/darqad.html": "stored", "/slow/maimana.html": "stored", "/slow/stall.html": "failed",
    }
    assert (first.feeds, first.stored, first.duplicates, first.events, first.disallowed) == (4, 5, 1, 5, 1)
    assert first.failed == 3  # the malformed feed, the page that always fails, the page that never comes

    # robots.txt: the disallowed page was never asked for; the slow host has none and allows all
    assert "/private/secret.html" not in site.paths("main") and "/robots.txt" in site.paths("slow")
    assert site.paths("main").count("/robots.txt") == 1
    # the flaky page failed once and was fetched again in the same pass
    assert site.paths("main").count("/news/flaky.html") == 2
    # one line per failure, each naming its URL and a code
    failures = [line for line in lines if "[E9" in line]
    for path, code in (("/broken-feed.xml", "E901"), ("/news/broken.html", "E900"),
                       ("/slow/stall.html", "E900"), ("/private/secret.html", "E902")):
        assert [line for line in failures if path in line and code in line], (path, lines)
    assert any("HTTP 500 after 2 tries" in line for line in failures)
    assert any("timed out" in line for line in failures)
    assert any("same story as stored article" in line and copy.rsplit("/", 1)[1] in line for line in lines)

    # latency from each item's publication to its stored event, for every event
    latency = _rows(db, "SELECT l.event_id, l.latency_s, l.seen_latency_s FROM watch_latency l JOIN events e USING (event_id)")
    assert len(latency) == 5 and all(lat > 0 and seen >= 0 for _, lat, seen in latency)
    _latency_through_the_api(db, {event_id: lat for event_id, lat, _ in latency})

    before = _rows(db, "SELECT count(*) FROM articles")[0][0], len(events)
    requests_before = len(site.requests)
    second = watcher.run_once()
    assert (_rows(db, "SELECT count(*) FROM articles")[0][0], len(_rows(db, "SELECT * FROM events"))) == before
    assert (second.items, second.stored, second.events, second.not_modified) == (0, 0, 0, 1)
    conditional = [h for host, path, h in site.requests[requests_before:] if path == "/feed.xml"]
    assert conditional and conditional[0].get("if-none-match") == ETAG
    # the page that always fails was tried once more and given up; a third pass leaves it alone
    assert dict(_rows(db, "SELECT link, attempts FROM watch_items WHERE status = 'failed'")) and all(
        attempts == 2 for _, attempts in _rows(db, "SELECT link, attempts FROM watch_items WHERE status = 'failed'"))
    broken = site.paths("main").count("/news/broken.html")
    third = watcher.run_once()
    assert site.paths("main").count("/news/broken.html") == broken and third.fetched == 0


def _latency_through_the_api(db: Path, recorded: dict[str, float]) -> None:
    """`frontlines serve` gives the recorded latency in each event and sums it up per date range."""
    import datetime as dt
    import statistics

    from fastapi.testclient import TestClient

    from frontlines.serve import create_app

    client = TestClient(create_app(db))
    events = client.get("/api/events").json()["events"]
    assert len(events) == 5 and {e["latency"]["latency_s"] for e in events} == set(recorded.values())
    assert all(e["latency"]["stored_at"] >= e["latency"]["first_seen"] for e in events)
    detail = client.get(f"/api/events/{events[0]['event_id']}").json()
    assert detail["event"]["latency"] == events[0]["latency"]
    assert [r["latency"]["latency_s"] for r in detail["reports"]] == [events[0]["latency"]["latency_s"]]
    assert {i["latency"]["latency_s"] for i in client.get("/api/incidents").json()["incidents"]} == set(recorded.values())

    values = sorted(recorded.values())
    summary = client.get("/api/watch/latency").json()
    assert (summary["events"], summary["count"], summary["seen"]["count"]) == (5, 5, 5)
    assert summary["median_s"] == pytest.approx(statistics.median(values), abs=0.001)
    assert (summary["p90_s"], summary["max_s"]) == (values[4], values[4])  # nearest rank of 5: the 5th
    today = dt.datetime.now(dt.UTC).date()
    assert client.get("/api/watch/latency", params={"since": today.isoformat()}).json()["count"] == 5
    before = client.get("/api/watch/latency", params={"until": (today - dt.timedelta(days=1)).isoformat()}).json()
    assert (before["count"], before["median_s"], before["p90_s"], before["max_s"]) == (0, None, None, None)
    wrong = client.get("/api/watch/latency", params={"since": "2026-02-02", "until": "2026-01-01"})
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "E850"
    assert "/api/watch/latency" in client.get("/openapi.json").json()["paths"]


def _child(sources: list[str], db: str) -> None:
    watch(sources, db, once=True, settings=SETTINGS, report=lambda line: None)


def test_kill_9_at_any_moment_then_rerun_stores_every_article_once(site, tmp_path):
    """SIGKILL the watcher after the 1st, 2nd and 3rd article is committed (and once at once),
    run it again to the end: every article once, every event once, every item done."""
    db = tmp_path / "killed.db"
    sources = [site.url("main", "/feed.xml"), site.url("main", "/atom.xml")]
    context = multiprocessing.get_context("fork")  # the models loaded here are shared (one-thread ONNX)

    def articles() -> int:
        try:
            return _rows(db, "SELECT count(*) FROM articles")[0][0]
        except sqlite3.Error:
            return 0

    killed = 0
    for wanted in (0, 1, 2, 3):
        child = context.Process(target=_child, args=(sources, str(db)))
        child.start()
        deadline = time.monotonic() + 60
        while child.is_alive() and articles() < wanted and time.monotonic() < deadline:
            time.sleep(0.01)
        if child.is_alive():
            os.kill(child.pid, signal.SIGKILL)
            killed += 1
        child.join()
    assert killed >= 2, "the watcher finished before it could be killed: the test proves nothing"

    summary = Watcher(sources, db, settings=SETTINGS, report=lambda line: None).run_once()
    assert _paths(u for (u,) in _rows(db, "SELECT url FROM articles")) == EXPECTED_ARTICLES - {"/slow/maimana.html"}
    hashes = _rows(db, "SELECT content_hash, count(*) FROM articles GROUP BY content_hash HAVING count(*) > 1")
    assert hashes == []
    events = _rows(db, "SELECT sub_event_type, admin2, event_date FROM events")
    assert len(events) == 4 and set(events) == EXPECTED_EVENTS - {("Armed clash", "Maymana", "2021-07-14")}
    assert len(_rows(db, "SELECT * FROM incidents")) == 4
    assert _rows(db, "SELECT count(*) FROM watch_latency")[0][0] == 4
    assert _rows(db, "SELECT count(*) FROM watch_items WHERE status = 'pending'")[0][0] == 0
    assert summary.failed >= 1  # only the page that always fails (and perhaps its retry)


def test_the_command_runs_once_and_reports(site, tmp_path, capsys):
    db = tmp_path / "cli.db"
    config = tmp_path / "watch.toml"
    config.write_text("[watch]\nhost_delay = 0.0\ntimeout = 1.0\nretries = 0\nbackoff = 0.0\n")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the fixture wire\n{site.url('main', '/atom.xml')}\n")
    os.environ["FRONTLINES_CONFIG"] = str(config)
    try:
        from frontlines import config as settings

        settings.settings.cache_clear()
        status = main(["watch", "--once", "--db", str(db), str(feeds), str(tmp_path / "missing.opml")])
    finally:
        del os.environ["FRONTLINES_CONFIG"]
        settings.settings.cache_clear()
    err = capsys.readouterr().err
    assert status == 1  # the missing list is a failure; the feed in the other went on
    assert "missing.opml: cannot read the feed list" in err and "[E901]" in err
    assert "2 new article(s)" in err
    assert _paths(u for (u,) in _rows(db, "SELECT url FROM articles")) == {"/news/darqad.html", "/news/kaldar.html"}


def test_feed_parsing_and_link_keys():
    assert normalise_url("HTTP://Example.ORG:80/a?utm_source=x&id=3#frag") == "http://example.org/a?id=3"
    feed = parse_feed(b"<rss version='2.0'><channel><title>T</title><item><title>x</title>"
                      b"<link>/rel/1</link></item><item><link>javascript:alert(1)</link></item></channel></rss>",
                      "http://example.org/feed")
    assert [i.url for i in feed.items] == ["http://example.org/rel/1"] and feed.title == "T"
    from frontlines.errors import FeedError

    with pytest.raises(FeedError):
        parse_feed(b"{not: a feed}", "http://example.org/x")


def test_serve_with_watch_shows_articles_as_the_watcher_stores_them(site, tmp_path):
    """`frontlines serve --watch`: one process, the watcher in a thread, the pages and API
    following the store while it runs (on a real uvicorn server on 127.0.0.1)."""
    import threading

    import httpx
    from test_serve_live import free_port

    from frontlines.serve import build

    port = free_port()
    service = build(tmp_path / "live.db", port=port, watch=[site.url("main", "/atom.xml")], interval=0.5,
                    watch_settings=SETTINGS, log_level="warning")
    service.watcher.report = lambda line: None
    base = f"http://127.0.0.1:{port}"
    thread = threading.Thread(target=service.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        first_map = None
        while time.monotonic() < deadline:
            try:
                health = httpx.get(base + "/api/health", timeout=2).json()
            except httpx.TransportError:
                time.sleep(0.1)
                continue
            if first_map is None:
                first_map = httpx.get(base + "/", timeout=10).text
            if health["events"] >= 2:
                break
            time.sleep(0.2)
        events = httpx.get(base + "/api/events", timeout=5).json()
        assert {(e["sub_event_type"], e["admin2"]) for e in events["events"]} == {
            ("Non-state actor overtakes territory", "Kaldar"), ("Government regains territory", "Darqad")}
        assert httpx.get(base + "/api/districts/Balkh/Kaldar", timeout=5).json()["states"]
        assert httpx.get(base + "/", timeout=10).text != first_map  # the map follows the store
    finally:
        service.server.should_exit = True
        thread.join(30)
    assert not thread.is_alive() and not service.watcher._thread.is_alive()


def test_a_page_over_the_size_limit_is_refused_unread(site):
    from dataclasses import replace

    from frontlines.errors import FetchError
    from frontlines.watch.fetch import Fetcher

    fetcher = Fetcher(replace(SETTINGS, max_bytes=50_000))
    try:
        with pytest.raises(FetchError, match="larger than 50,000 bytes"):
            fetcher.get(site.url("main", "/big.html"))
        assert len(fetcher.get(site.url("main", "/news/strike.html")).content) < 50_000
    finally:
        fetcher.close()
