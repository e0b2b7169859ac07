"""The reduce step: the shards' Parquet output back into the store, then fusion.

The shards' records are replayed in input order - every input as the workers read it,
each article with the outcome its worker found (its events, or the stage that failed)
- through the same code that a single-process ``extract`` runs after its analysis
(``api.settle``): each article stored once (a later copy of a stored story is a
duplicate, as in one process), its events stored, the undated noted, each failure
reported on its one line and counted, then one fusion over the stored events
(``fusion.service.update_in_turns``, as ``extract`` fuses). Storing in input order and
fusing the same articles is what makes the store, its incidents and control timelines
those of the single-process run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import errors
from ..errors import EngineError, FrontlinesError, InputError
from ..models import Article
from ..pipeline import Failure
from .parquet import article_from_row, read_articles, read_events
from .shards import Shard


class Replay:
    """The inputs of a finished run, read back from Parquet, and each article's outcome."""

    def __init__(self, out: Path, planned: Iterable[Shard | InputError], records: dict[str, dict[str, Any]],
                 on_error: Callable[[FrontlinesError], None]):
        self.out, self.planned, self.records, self.on_error = out, planned, records, on_error
        self._outcomes: dict[int, tuple[Article, Article | Failure]] = {}  # by id() of the Article

    def items(self) -> Iterator[Article | InputError]:
        """Every input in order: the planning's errors, then each shard's articles and errors."""
        for entry in self.planned:
            if isinstance(entry, InputError):
                yield entry
                continue
            record = self.records.get(entry.key)
            if record is None:  # the shard failed on the cluster: reported already
                continue
            try:
                events, rows = read_events(self.out, record), read_articles(self.out, record)
            except Exception as exc:  # noqa: BLE001 - a shard's files removed or damaged since it was written
                self.on_error(EngineError(
                    f"cannot read the shard's output ({type(exc).__name__}: {exc}); remove "
                    f"{self.out / '_shards' / (entry.key + '.json')} to extract it again", origin=entry.origin,
                ))
                continue
            for row in rows:
                if row["status"] == "unreadable":
                    yield error_from_row(row)
                    continue
                article = article_from_row(row)
                if row["status"] == "extracted":
                    article.events = events.get(row["position"], [])
                    self._outcomes[id(article)] = (article, article)
                elif row["status"] == "failed":
                    failure = Failure(article.id, article.origin, row["error"], row["error_stage"] or "events")
                    self._outcomes[id(article)] = (article, failure)
                yield article

    def analyse(self, articles: Iterable[Article]) -> Iterator[Article | Failure]:
        """Each article's outcome on the cluster (``api.settle``'s ``analyse``)."""
        for article in articles:
            _, outcome = self._outcomes.pop(id(article), (article, None))
            if outcome is None:  # the client reads a language its workers skipped
                outcome = Failure(article.id, article.origin,
                                  "not analysed on the cluster: the workers' [ingest] languages differ", "worker")
            yield outcome


def error_from_row(row: dict[str, Any]) -> InputError:
    """The InputError a worker met, as its class, message and origin (so the same line and code)."""
    cls = getattr(errors, row["error_class"] or "", None)
    if not (isinstance(cls, type) and issubclass(cls, InputError)):
        cls = InputError
    error = cls.__new__(cls)
    FrontlinesError.__init__(error, row["error"], origin=row["origin"])
    return error
