"""One new article into the store as it arrives: stored once, analysed, its events fused.

Shared by ``frontlines watch`` (each fetched page) and ``POST /api/articles``
of ``frontlines serve``; ``frontlines extract`` does the same for a batch
(``api.extract_to``). Every step is idempotent: the article is stored once
(by id and by content, the store's rules), its events replace its earlier
ones, fusion rewrites only what changed. A process killed anywhere in between
and run again on the same article ends in the same store, with nothing twice.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..errors import FrontlinesError
from ..models import Article
from ..store import Store

# One article analysed at a time in a process: the models are shared, and the store has one writer.
_LOCK = threading.Lock()


@dataclass
class Outcome:
    id: str
    status: str  # "new" | "duplicate"
    stored_as: str  # the id the story is stored under
    language: str | None = None
    analysed: bool = False
    events: list[str] = field(default_factory=list)  # event ids (of the stored article)
    incidents: list[str] = field(default_factory=list)
    note: str | None = None  # why it was not analysed


def add_article(store: Store, article: Article, *, redo: bool = False) -> Outcome:
    """Store ``article`` and, when it is a new story (or ``redo``: stored before under its own id
    by a run that may have stopped before its events), extract and fuse its events.

    Raises FrontlinesError when extraction fails; the article stays stored.
    """
    from ..fusion.service import update
    from ..pipeline import Failure, analyse_many, is_extractable
    from ..store import incidents as table

    with _LOCK:
        status = store.add_article(article)
        stored_as = store.stored_id(article) or article.id
        outcome = Outcome(article.id, status, stored_as, article.language)
        if stored_as != article.id:
            outcome.note = f"same story as stored article {stored_as}; kept once"
            return outcome
        if status == "duplicate" and not redo:
            outcome.note = "already stored"
            return outcome
        if not is_extractable(article):
            outcome.note = f"language {article.language!r}: stored, not extracted"
            return outcome
        result = next(iter(analyse_many([article], workers=1)))
        if isinstance(result, Failure):
            raise FrontlinesError(f"extraction failed: {result.message}", origin=article.url or article.origin)
        store.replace_events(article.id, result.events)
        update(store, [article.id])
        outcome.analysed = True
        outcome.events = [e.event_id for e in result.events]
        outcome.incidents = sorted(table.incident_ids_of_events(store, outcome.events))
        return outcome
