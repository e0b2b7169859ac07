"""Polite HTTP for the watcher: one client, robots.txt, per-host limits, retries, conditional requests.

* One ``httpx.Client`` for every request (HTTP/1.1, connections kept alive
  and reused per host), safe to share between the worker threads.
* robots.txt (``urllib.robotparser``) is read once per host (per scheme, host
  and port) and kept ``robots_ttl`` seconds; a page it disallows is never
  requested. A missing robots.txt (4xx) allows everything; 401/403 or a
  server error disallow the host for now, as crawlers conventionally do.
* Per host, at most ``host_concurrency`` requests at once, started at least
  ``host_delay`` seconds apart (or the site's Crawl-delay when larger); at
  most ``concurrency`` over all hosts.
* A 5xx, a 429 or a time-out is retried ``retries`` times with exponential
  backoff; anything else that fails is reported at once as a FetchError
  naming the URL.
* Conditional requests: a feed's ETag and Last-Modified are sent back as
  If-None-Match / If-Modified-Since, and a 304 means nothing new.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import config
from ..errors import FetchError, RobotsDisallowed


@dataclass(frozen=True)
class WatchSettings:
    """``[watch]`` in defaults.toml (see there for what each is and why)."""

    interval: float = 900.0
    host_concurrency: int = 2
    host_delay: float = 1.0
    concurrency: int = 8
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 2.0
    max_retry_after: float = 60.0
    max_attempts: int = 5
    user_agent: str = "Frontlines"
    robots_ttl: float = 3600.0
    max_bytes: int = 10_000_000

    @classmethod
    def from_config(cls, **overrides: Any) -> WatchSettings:
        section = config.settings()["watch"]
        values = {f.name: section[f.name] for f in fields(cls)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    status: int  # 200, or 304 for a conditional request with nothing new
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class _Host:
    def __init__(self, concurrency: int):
        self.slots = threading.Semaphore(concurrency)
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.robots: RobotFileParser | None = None
        self.robots_error: str | None = None
        self.robots_until = 0.0
        self.robots_lock = threading.Lock()


class Fetcher:
    """Fetch feeds and pages politely (see the module doc); close() when done."""

    def __init__(self, settings: WatchSettings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.sleep = sleep
        self.client = httpx.Client(
            http1=True, http2=False, follow_redirects=True, max_redirects=5,
            timeout=httpx.Timeout(settings.timeout),
            limits=httpx.Limits(max_connections=settings.concurrency,
                                max_keepalive_connections=settings.concurrency),
            headers={"User-Agent": settings.user_agent},
        )
        self.slots = threading.Semaphore(settings.concurrency)
        self.hosts: dict[str, _Host] = {}
        self.hosts_lock = threading.Lock()
        self.requests = 0  # requests sent, counted for the pass summary

    def close(self) -> None:
        self.client.close()

    def _host(self, url: str) -> _Host:
        key = host_of(url)
        with self.hosts_lock:
            if key not in self.hosts:
                self.hosts[key] = _Host(self.settings.host_concurrency)
            return self.hosts[key]

    # robots.txt --------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets this user agent fetch ``url``."""
        host = self._host(url)
        with host.robots_lock:
            if host.robots_until < time.monotonic():
                host.robots, host.robots_error = self._read_robots(url)
                host.robots_until = time.monotonic() + self.settings.robots_ttl
            if host.robots is None:
                return False
            return host.robots.can_fetch(self.settings.user_agent, url)

    def _read_robots(self, url: str) -> tuple[RobotFileParser | None, str | None]:
        robots_url = host_of(url) + "/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            response = self._send("GET", robots_url, {})
        except FetchError as exc:
            return None, exc.message
        if response.status in (401, 403):
            return None, f"robots.txt answered HTTP {response.status}"
        if response.status >= 400:
            parser.parse([])  # no robots.txt: everything allowed
        else:
            parser.parse(response.content.decode("utf-8", "replace").splitlines())
        return parser, None

    def _delay(self, host: _Host) -> float:
        delay = self.settings.host_delay
        if host.robots is not None:
            crawl = host.robots.crawl_delay(self.settings.user_agent)
            if crawl:
                delay = max(delay, float(crawl))
        return delay

    # requests ----------------------------------------------------------------

    def _send(self, method: str, url: str, headers: dict[str, str]) -> Fetched:
        """One request with the host's limits, retried on 5xx / 429 / time-outs. The body is
        read only up to ``max_bytes``: a larger one is refused without being read whole."""
        host = self._host(url)
        attempt = 0
        while True:
            with self.slots, host.slots:
                with host.lock:
                    now = time.monotonic()
                    wait = max(0.0, host.next_start - now)
                    host.next_start = max(now, host.next_start) + self._delay(host)
                if wait:
                    self.sleep(wait)
                problem, retry_after = None, None
                try:
                    self.requests += 1
                    with self.client.stream(method, url, headers=headers) as response:
                        if response.status_code >= 500 or response.status_code == 429:
                            problem = f"HTTP {response.status_code}"
                            retry_after = _retry_after(response.headers.get("retry-after"))
                        else:
                            return Fetched(
                                str(response.url), response.status_code, self._body(response, url),
                                etag=response.headers.get("etag"),
                                last_modified=response.headers.get("last-modified"),
                                content_type=response.headers.get("content-type", ""),
                            )
                except httpx.TimeoutException:
                    problem = f"timed out after {self.settings.timeout:g} s"
                except httpx.TransportError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                except httpx.HTTPError as exc:  # too many redirects, a bad URL
                    raise FetchError(f"{type(exc).__name__}: {exc}", origin=url) from exc
            attempt += 1
            if attempt > self.settings.retries:
                tries = f" after {attempt} tries" if attempt > 1 else ""
                raise FetchError(f"{problem}{tries}", origin=url)
            pause = self.settings.backoff * 2 ** (attempt - 1)
            if retry_after is not None and retry_after <= self.settings.max_retry_after:
                pause = max(pause, retry_after)
            self.sleep(pause)

    def _body(self, response: httpx.Response, url: str) -> bytes:
        limit = self.settings.max_bytes
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"larger than {limit:,} bytes ([watch] max_bytes)", origin=url)
            chunks.append(chunk)
        return b"".join(chunks)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` if robots.txt allows it; 304 when the conditional request finds nothing new."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError("only http and https URLs are fetched", origin=url)
        if not self.allowed(url):
            reason = self._host(url).robots_error
            raise RobotsDisallowed("robots.txt does not allow it" + (f" ({reason})" if reason else ""), origin=url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        fetched = self._send("GET", url, headers)
        if fetched.status == 304:
            return Fetched(fetched.url, 304, etag=etag, last_modified=last_modified)
        if fetched.status >= 400:
            raise FetchError(f"HTTP {fetched.status}", origin=url)
        return fetched


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: the backoff is used instead
