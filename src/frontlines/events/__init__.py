"""Stage 4, events: ACLED-style events from the analysed sentences.

SCAFFOLDING: event extraction lands with issue #4.
"""

from __future__ import annotations

from ..models import Article


def may_hold_event(sentence: str) -> bool:
    """Cheap test deciding which sentences get the full spaCy analysis."""
    return True


def extract_events(article: Article) -> Article:
    """Fill ``article.events``, the article's main event first."""
    article.events = []
    return article
