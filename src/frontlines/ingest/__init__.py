"""Stage 1, ingest: inputs to cleaned, dated, language-tagged Articles.

    read_inputs(inputs, published)  -> Article | InputError, one per input article
    article_from_string(text_or_html, published, ...) -> Article

Modules, each filling some Article fields:
    readers   origin; files, directories, jsonl, stdin
    decode    raw (bytes to text: size limit, binary check, encodings)
    html      title, source, url and the page text (trafilatura)
    clean     text (the story without the page's leftovers), title of plain text
    dates     date shapes and parsing, used by clean and published
    published published, published_from
    language  language
    article   id, content_hash; runs the others in order
"""

from __future__ import annotations

from ..models import Article
from .article import build_article, content_hash
from .clean import clean_text
from .readers import read_inputs

__all__ = ["article_from_string", "read_inputs", "clean_text", "content_hash"]


def article_from_string(
    text_or_html: str,
    published: str | None = None,
    doc_id: str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Article:
    """One article from plain text or HTML (sniffed). ``published`` counts as the input's own date.

    Raises EmptyArticleError when no story text is left.
    """
    return build_article(
        text_or_html,
        published_field=published,
        doc_id=doc_id,
        source=source,
        url=url,
        title=title,
    )
