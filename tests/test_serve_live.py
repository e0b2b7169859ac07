"""`frontlines serve` as people run it: a real uvicorn server on 127.0.0.1, and pages in headless Chromium.

The server is the command itself, started by the test on a free loopback
port and stopped at the end. Nothing leaves the machine: the browser test
fails on any request that is not to that server.
Set FRONTLINES_SCREENSHOT_DIR=docs to refresh the README's screenshots of the
map and a district page (from the bundled example articles).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import EXAMPLES
from fusion_fixtures import ARMY, TALIBAN, Report, district_reports, store_with, strike_reports
from test_map_browser import PAYLOADS, browser  # noqa: F401 - the same Chromium fixture and payloads


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``frontlines serve`` in a child process, on a free loopback port."""

    def __init__(self, db: Path, *extra: str, env: dict[str, str] | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "frontlines", "serve", "--db", str(db), "--port", str(self.port), *extra]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.process.stdout.read().decode())
            try:
                if httpx.get(self.base + "/api/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("frontlines serve did not answer within 60 s")

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        try:
            out, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        return out.decode()


def hostile_reports() -> list[Report]:
    sentence = "Taliban fighters attacked a checkpoint in Kaldar on Monday, killing 5 soldiers " + " ".join(PAYLOADS)
    r = Report("xss", "2021-07-27", PAYLOADS[1], [sentence], url="javascript:window.__pwned='url'")
    r.event(0, "Armed clash", "2021-07-26", "Kaldar", TALIBAN, ARMY, fatalities=5)
    r.events[0].notes = PAYLOADS[0]
    claim = Report("xss2", "2021-07-28", "AFP", ["The Taliban claimed Kaldar " + PAYLOADS[2]],
                   url="https://example.org/report?a=<b>&c=\"d\"")
    claim.event(0, "Non-state actor overtakes territory", "2021-07-27", "Kaldar", TALIBAN, ARMY,
                claim="claimed", claimed_by=PAYLOADS[0])
    return [r, claim]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("live") / "live.db"
    store_with(district_reports() + strike_reports() + hostile_reports(), str(db)).close()
    running = Server(db)
    yield running
    log = running.stop()
    assert "Traceback" not in log, log


def test_a_real_server_answers_api_pages_and_streams(server):
    with httpx.Client(base_url=server.base, timeout=10) as client:
        health = client.get("/api/health").json()
        assert health == {"status": "ok", "articles": 12, "events": 17, "incidents": 14, "districts": 6, "writable": False}
        assert client.get("/api/districts/Balkh/Kaldar", params={"at": "2021-07-20"}).json()["at"]["controller"] == TALIBAN
        with client.stream("GET", "/api/export/geojson") as response:
            assert response.headers["content-type"] == "application/geo+json"
            assert "content-length" not in response.headers  # streamed (chunked), not buffered
            body = response.read()
        assert body.startswith(b'{"type": "FeatureCollection"')
        assert client.get("/").headers["content-type"].startswith("text/html")
        error = client.get("/api/events", params={"until": "'; DROP TABLE incidents; --"})
        assert error.status_code == 400 and error.json()["error"]["code"] == "E850"
        assert client.post("/api/articles", json={"text": "x"}).json()["error"]["code"] == "E852"
        assert client.get("/api/health").json()["incidents"] == 14


@pytest.fixture(scope="module")
def chromium(browser):  # noqa: F811 - test_map_browser's fixture, imported above
    return browser


def _open(instance, base: str, path: str):
    page = instance.new_page(viewport={"width": 1280, "height": 800})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith((base, "data:")) else None)
    page.goto(base + path)
    return page, problems


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/events/xss-e0", "/districts/Balkh/Kaldar", "/search?q=checkpoint"])
def test_hostile_article_text_shows_as_text_on_every_page(chromium, server, path):
    page, problems = _open(chromium, server.base, path)
    text = page.locator("main").inner_text()
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("main script, main img, main iframe").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    shown = [p for p in PAYLOADS if p in text]
    assert shown, f"no payload shown as text on {path}"
    links = page.eval_on_selector_all("main a", "els => els.map(a => a.href)")
    assert all(link.startswith((server.base, "https://example.org/")) for link in links), links
    assert problems == []


@pytest.mark.browser
def test_the_map_page_draws_and_links_to_the_pages(chromium, server):
    page, problems = _open(chromium, server.base, "/")
    page.wait_for_selector("body[data-date]", state="attached")
    assert page.locator("#map path.leaflet-interactive").count() >= 10
    page.evaluate("() => window.frontlinesMap.events.find(e => e.event.id === 'xss-e0').marker.openPopup()")
    popup = page.locator(".fl-popup").last
    assert PAYLOADS[0] in popup.inner_text() and page.evaluate("() => window.__pwned") is None
    link = popup.locator("a.fl-page")
    assert link.get_attribute("href") == "/events/xss-e0"
    link.click()
    page.wait_for_url(server.base + "/events/xss-e0")
    assert "Armed clash" in page.locator("h1").inner_text()
    assert problems == []


@pytest.mark.browser
def test_screenshots_of_the_example_articles(chromium, tmp_path):
    """The README's screenshots: the example articles through the pipeline, served. A docs
    generator more than a test (the pipeline on the examples takes most of a minute, and
    test_map_browser already draws them): run only with FRONTLINES_SCREENSHOT_DIR set."""
    if not os.environ.get("FRONTLINES_SCREENSHOT_DIR"):
        pytest.skip("set FRONTLINES_SCREENSHOT_DIR=docs to refresh the screenshots")
    if not EXAMPLES.is_dir():
        pytest.skip("examples/articles not present")
    from frontlines.api import extract_to

    db = tmp_path / "examples.db"
    with open(os.devnull, "w") as sink:
        extract_to([str(EXAMPLES)], db=str(db), out=sink, workers=1)
    server = Server(db)
    try:
        districts = httpx.get(server.base + "/api/districts").json()["districts"]
        busiest = max(districts, key=lambda d: d["periods"])
        target = Path(os.environ["FRONTLINES_SCREENSHOT_DIR"])
        page, problems = _open(chromium, server.base, "/")
        page.wait_for_selector("body[data-date]", state="attached")
        page.screenshot(path=str(target / "serve-map.png"))
        page, more = _open(chromium, server.base, busiest["page"] + "?at=2021-07-20")
        assert busiest["district"] in page.locator("h1").inner_text()
        assert page.locator("section.state").count() == busiest["periods"]
        page.screenshot(path=str(target / "serve-district.png"), full_page=True)
        assert problems == [] and more == []
    finally:
        server.stop()


def test_workers_serve_from_several_processes(tmp_path):
    """`--workers 2`: two uvicorn worker processes share the port, each with the app built from
    the store path (and the write token) the supervisor passes on; Ctrl-C stops them all."""
    import psutil

    db = tmp_path / "workers.db"
    store_with(district_reports(), str(db)).close()
    server = Server(db, "--workers", "2", "--write-token", "s3cret")
    try:
        deadline = time.monotonic() + 30
        while True:  # the supervisor answers once a worker is up; wait for both
            workers = [p for p in psutil.Process(server.process.pid).children()
                       if "spawn_main" in " ".join(p.cmdline())]
            if len(workers) == 2 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert len(workers) == 2
        with httpx.Client(base_url=server.base, timeout=10) as client:
            for _ in range(10):
                assert client.get("/api/health").json()["districts"] == 5
            assert client.get("/api/districts/Balkh/Kaldar").status_code == 200
            refused = client.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer wrong"})
            assert refused.status_code == 401  # not 403: the workers know the token
    finally:
        log = server.stop()
    assert "Traceback" not in log, log
    assert not [p for p in workers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
