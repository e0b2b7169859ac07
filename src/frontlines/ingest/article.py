"""One input string to one Article: the ingest stages in order.

Fills every Article field that ingest owns: ``raw`` (as given), ``text``
(HTML extraction, then cleaning), ``title``, ``source``, ``url``,
``published`` / ``published_from``, ``language``, ``id`` (given, or a stable
hash of the raw input) and ``content_hash`` (hash of the normalised cleaned
text: the same story with other page leftovers, spacing or quote marks has
the same hash, which is how the store recognises it).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..errors import EmptyArticleError
from ..models import Article
from .clean import clean_text
from .html import extract_html, looks_like_html
from .language import detect_language
from .published import resolve_published

# Hex digits of the sha-256 used for generated ids: 64 bits, no collision in
# any corpus this tool will see.
_ID_HEX = 16


def content_hash(text: str) -> str:
    """Hash of the words of ``text``, case-folded: spacing, punctuation and quotes do not count."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: str | None) -> str | None:
    """``value`` with lone UTF-16 surrogates (a JSON line's "\\ud800" escape) replaced by
    U+FFFD: no UTF-8 text, hence no store, can hold them."""
    return _SURROGATE.sub("\ufffd", value) if value else value


def stable_id(raw: str) -> str:
    collapsed = " ".join(unicodedata.normalize("NFC", raw).split())
    return hashlib.sha256(collapsed.encode("utf-8")).hexdigest()[:_ID_HEX]


def build_article(
    raw: str,
    *,
    is_html: bool | None = None,
    published_field: object = None,
    published_option: str | None = None,
    doc_id: str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    origin: str = "<string>",
    warnings: list[str] | None = None,
) -> Article:
    """Run the ingest stages on one input; raises EmptyArticleError when no story is left."""
    warnings = list(warnings or [])
    if _SURROGATE.search(raw):
        warnings.append("lone UTF-16 surrogates in the text replaced by U+FFFD")
    raw = without_surrogates(raw) or ""
    doc_id = doc_id if not isinstance(doc_id, str) else without_surrogates(doc_id)
    source, url, title = without_surrogates(source), without_surrogates(url), without_surrogates(title)
    if isinstance(published_field, str):
        published_field = without_surrogates(published_field)
    if is_html is None:
        is_html = looks_like_html(raw)
    html_date = None
    if is_html:
        page = extract_html(raw, url=url)
        body = page.text
        title = title or page.title
        source = source or page.sitename
        url = url or page.url
        html_date = page.date
    else:
        body = raw
    cleaned = clean_text(body)
    if not cleaned.text.strip():
        what = "no story text in the page" if is_html else "no story text"
        raise EmptyArticleError(f"empty article: {what}", origin=origin)
    published = resolve_published(
        published_field, published_option, html_date, cleaned.header_dates, cleaned.text, cleaned.caption_dates
    )
    warnings.extend(published.warnings)
    return Article(
        id=str(doc_id) if doc_id not in (None, "") else stable_id(raw),
        text=cleaned.text,
        raw=raw,
        title=title or cleaned.title,
        source=source,
        url=url,
        published=published.date,
        published_from=published.source,
        undated=published.undated,
        language=detect_language(cleaned.text),
        origin=origin,
        content_hash=content_hash(cleaned.text),
        warnings=warnings,
    )
