"""Feeds and their items: the lists people give (feed URLs, OPML files, files of URLs), and feedparser.

A FEED_OR_OPML argument is a feed URL, an OPML file or URL (every outline
with an ``xmlUrl``, nested outlines too), or a local text file with one feed
URL a line (``#`` comments). Feeds themselves (RSS 0.9x-2.0, RSS 1.0, Atom)
are read by feedparser; an item is its link (normalised: the key by which an
item is known once, whatever feed lists it), title and publication time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
from lxml import etree

from ..errors import FeedError

# Query parameters that only track where a reader came from: the same article without them.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|rss|feature)$", re.I)


@dataclass(frozen=True)
class Item:
    url: str  # normalised link: the item's key
    link: str  # the link as the feed gives it
    feed_url: str
    title: str | None
    published: dt.datetime | None  # UTC
    source: str | None  # the feed's title


@dataclass
class Feed:
    url: str
    title: str | None
    items: list[Item]
    warning: str | None = None  # read, but the feed was not well-formed


def normalise_url(url: str) -> str:
    """The item's key: scheme and host lower-case, no fragment, no tracking parameters,
    no default port (so the same article under a campaign link is one item)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https")


def looks_like_opml(data: bytes) -> bool:
    head = data[:2000].lstrip().lower()
    return b"<opml" in head


def opml_feeds(data: bytes, origin: str) -> list[str]:
    """Every ``xmlUrl`` of an OPML document, in order, once each."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not a readable OPML file: {exc}", origin=origin) from exc
    found = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and is_url(url) and url not in found:
            found.append(url)
    if not found:
        raise FeedError("OPML file lists no feed (no outline with an xmlUrl)", origin=origin)
    return found


def local_list(path: Path) -> list[str]:
    """Feed URLs of a local file: an OPML document, or one URL a line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"cannot read the feed list: {exc.strerror or exc}", origin=str(path)) from exc
    if looks_like_opml(data):
        return opml_feeds(data, str(path))
    urls = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if not is_url(line):
            raise FeedError(f"not an http(s) feed URL: {line[:100]!r}", origin=f"{path}:{number}")
        urls.append(line)
    if not urls:
        raise FeedError("no feed URL in the file", origin=str(path))
    return urls


def parse_feed(data: bytes, url: str) -> Feed:
    """The items of a feed document; FeedError when it is no feed at all."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        reason = f": {type(problem).__name__}: {problem}" if problem else ""
        raise FeedError(f"not an RSS or Atom feed{reason}"[:300], origin=url)
    title = (parsed.feed.get("title") or "").strip() or None
    items, seen = [], set()
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        if not is_url(link):  # a relative link: resolved against the feed's own URL
            from urllib.parse import urljoin

            link = urljoin(url, link)
            if not is_url(link):
                continue
        key = normalise_url(link)
        if key in seen:
            continue
        seen.add(key)
        items.append(Item(key, link, url, (entry.get("title") or "").strip() or None, _published(entry), title))
    warning = None
    if parsed.get("bozo") and problem is not None:
        warning = f"feed is not well-formed ({type(problem).__name__}); {len(items)} item(s) read"
    return Feed(url, title, items, warning)


def _published(entry) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None
