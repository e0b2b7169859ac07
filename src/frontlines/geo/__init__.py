"""Stage 3, geo: find place names in text and resolve them against the gazetteer.

SCAFFOLDING: the gazetteer and resolver land with issue #3.
"""

from __future__ import annotations

from ..models import Article


def locate(article: Article) -> Article:
    """Fill ``article.places`` (resolved place mentions, in text order)."""
    article.places = []
    return article
