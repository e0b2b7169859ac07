"""A fixture news site for the watcher: feeds and article pages served from 127.0.0.1.

Two servers (two hosts, as robots.txt and the per-host limits see them):

- the wire (``main``): robots.txt disallowing /private/; an RSS feed with
  an ETag and Last-Modified (304 to a conditional request); an Atom feed; a
  malformed feed; an OPML list of all the feeds; a story also linked under
  a second URL (a duplicate); a page that always answers 500; a page that
  answers 500 once and then the story (a retry succeeds); a page under
  /private/.
- the slow host (``slow``): no robots.txt (404); a page served after a delay
  within the time-out, and one slower than the time-out.

Articles are the pages in tests/data/watch (the project's own writing).
Every request is logged (path and headers) so that tests can check what was
and was not asked for.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

PAGES = Path(__file__).parent / "data" / "watch"

# story -> (page file, publication time of its feed item)
STORIES = {
    "kaldar": ("kaldar.html", dt.datetime(2021, 6, 29, 7, 30, tzinfo=dt.UTC)),
    "strike": ("strike.html", dt.datetime(2021, 5, 3, 9, 0, tzinfo=dt.UTC)),
    "darqad": ("darqad.html", dt.datetime(2016, 1, 10, 12, 0, tzinfo=dt.UTC)),
    "flaky": ("flaky.html", dt.datetime(2021, 7, 14, 8, 0, tzinfo=dt.UTC)),
    "maimana": ("maimana.html", dt.datetime(2021, 7, 15, 6, 0, tzinfo=dt.UTC)),
    "secret": ("secret.html", dt.datetime(2021, 7, 15, 6, 0, tzinfo=dt.UTC)),
}
SLOW_SECONDS = 0.4  # the slow host's answer to /slow/maimana.html: within the tests' time-out
STALL_SECONDS = 3.0  # /slow/stall.html: beyond it
ETAG = '"rss-v1"'
LAST_MODIFIED = "Wed, 14 Jul 2021 09:00:00 GMT"


def rss(items: list[tuple[str, str, dt.datetime | None]], title: str = "Fixture Wire: Afghanistan") -> str:
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        + (f"<pubDate>{format_datetime(when)}</pubDate>" if when else "")
        + f"<guid>{escape(link)}</guid></item>\n"
        for t, link, when in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.invalid/</link><description>fixture</description>\n{entries}</channel></rss>\n")


def atom(items: list[tuple[str, str, dt.datetime]], title: str = "Fixture Wire: Takhar") -> str:
    entries = "".join(
        f"<entry><title>{escape(t)}</title><link href=\"{escape(link)}\"/><id>{escape(link)}</id>"
        f"<updated>{when.isoformat()}</updated></entry>\n"
        for t, link, when in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:fixture</id><updated>2021-07-15T00:00:00Z</updated>\n"
            f"{entries}</feed>\n")


class Site:
    """Both servers, started on free loopback ports; ``stop()`` when done."""

    def __init__(self, *, published_now: bool = False):
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (host, path, headers)
        self.lock = threading.Lock()
        self.flaky_failed = False
        self.published_now = published_now  # items published "now" (for latency measurement)
        self.main = self._start("main")
        self.slow = self._start("slow")

    def _start(self, name: str) -> ThreadingHTTPServer:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                with site.lock:
                    site.requests.append((name, self.path, {k.lower(): v for k, v in self.headers.items()}))
                status, headers, body = site.answer(name, self.path, self.headers)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up waiting (the stalled page)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True, name=f"fixture-{name}").start()
        return server

    def url(self, name: str, path: str) -> str:
        server = self.main if name == "main" else self.slow
        return f"http://127.0.0.1:{server.server_address[1]}{path}"

    def stop(self) -> None:
        for server in (self.main, self.slow):
            server.shutdown()
            server.server_close()

    def when(self, story: str) -> dt.datetime:
        return dt.datetime.now(dt.UTC) if self.published_now else STORIES[story][1]

    def paths(self, name: str) -> list[str]:
        with self.lock:
            return [path for host, path, _ in self.requests if host == name]

    # what each URL answers ------------------------------------------------------

    def answer(self, name: str, path: str, headers) -> tuple[int, dict[str, str], bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if name == "slow":
            if path == "/slow-feed.xml":
                return 200, xml, rss([
                    ("Checkpoint attacked in Maimana", self.url("slow", "/slow/maimana.html"), self.when("maimana")),
                    ("A page that never comes", self.url("slow", "/slow/stall.html"), self.when("maimana")),
                ], title="Slow Wire").encode()
            if path == "/slow/maimana.html":
                time.sleep(SLOW_SECONDS)
                return 200, html, (PAGES / "maimana.html").read_bytes()
            if path == "/slow/stall.html":
                time.sleep(STALL_SECONDS)
                return 200, html, b"<html><body><p>Too late.</p></body></html>"
            return 404, html, b"<html><body>Not found</body></html>"
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
        if path == "/feed.xml":
            if headers.get("If-None-Match") == ETAG or headers.get("If-Modified-Since") == LAST_MODIFIED:
                return 304, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}, b""
            return 200, {**xml, "ETag": ETAG, "Last-Modified": LAST_MODIFIED}, self.main_feed().encode()
        if path == "/atom.xml":
            return 200, {"Content-Type": "application/atom+xml"}, atom([
                ("Afghan forces retake Darqad district", self.url("main", "/news/darqad.html"), self.when("darqad")),
                ("Taliban capture Kaldar district in Balkh", self.url("main", "/news/kaldar.html"), self.when("kaldar")),
            ]).encode()
        if path == "/broken-feed.xml":
            return 200, xml, b"<<<this is not a feed at all {{{ \x00\x01"
        if path == "/feeds.opml":
            outlines = "".join(f'<outline type="rss" text="{f}" xmlUrl="{self.url(host, f)}"/>'
                               for host, f in (("main", "/feed.xml"), ("main", "/atom.xml"),
                                               ("main", "/broken-feed.xml"), ("slow", "/slow-feed.xml")))
            body = (f'<?xml version="1.0"?><opml version="2.0"><head><title>Fixture feeds</title></head>'
                    f'<body><outline text="Afghanistan">{outlines}</outline></body></opml>')
            return 200, {"Content-Type": "text/x-opml"}, body.encode()
        if path.startswith("/news/kaldar"):  # /news/kaldar.html and /news/kaldar-copy.html?...
            return 200, html, (PAGES / "kaldar.html").read_bytes()
        if path == "/news/strike.html":
            return 200, html, (PAGES / "strike.html").read_bytes()
        if path == "/news/darqad.html":
            return 200, html, (PAGES / "darqad.html").read_bytes()
        if path == "/news/flaky.html":
            with self.lock:
                failed, self.flaky_failed = self.flaky_failed, True
            if not failed:
                return 500, html, b"<html><body>Internal error</body></html>"
            return 200, html, (PAGES / "flaky.html").read_bytes()
        if path == "/big.html":  # listed in no feed: for the size limit
            return 200, html, b"<html><body><p>" + b"word " * 60_000 + b"</p></body></html>"
        if path == "/news/broken.html":
            return 500, html, b"<html><body>Internal error</body></html>"
        if path == "/private/secret.html":
            return 200, html, (PAGES / "secret.html").read_bytes()
        return 404, html, b"<html><body>Not found</body></html>"

    def main_feed(self) -> str:
        return rss([
            ("Taliban capture Kaldar district in Balkh", self.url("main", "/news/kaldar.html"), self.when("kaldar")),
            ("Kaldar falls (campaign link)", self.url("main", "/news/kaldar.html?utm_source=rss#top"), self.when("kaldar")),
            ("Kaldar: the same story, another address", self.url("main", "/news/kaldar-copy.html"), self.when("kaldar")),
            ("Airstrike kills militants in Helmand", self.url("main", "/news/strike.html"), self.when("strike")),
            ("Roadside bomb kills policemen in Kunduz", self.url("main", "/news/flaky.html"), self.when("flaky")),
            ("A page that always fails", self.url("main", "/news/broken.html"), self.when("flaky")),
            ("Not for robots", self.url("main", "/private/secret.html"), self.when("secret")),
            ("An item without a date", self.url("main", "/news/strike.html?utm_campaign=x"), None),
        ])
