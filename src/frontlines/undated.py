"""Articles without a publication date, reported once per file at the end of a run (W202).

An article with no publication date (no ``published`` field, no
``--published``, no HTML date, a dateline without a year as in many ISAF
releases) leaves the story's relative dates ("on Monday", "Jan. 25")
unresolved: its events may have no date, and then they drop out of the map
and of exports' date filters. ``ingest`` and ``extract`` say so: one warning
per file naming it (the lines of a jsonl file, the reason, how many events
were left undated), and past ``FILES_NAMED`` files one summary line for the
rest, so a corpus of undated releases gives a few lines, not thousands.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .errors import Undated
from .failures import name_items
from .models import Article

FILES_NAMED = 10  # files warned about one by one; the rest in one line (a terminal's worth)


@dataclass
class _File:
    places: list[str] = field(default_factory=list)  # "line 3" of each undated article, or ""
    reasons: Counter[str] = field(default_factory=Counter)
    events: int = 0


def _split(origin: str) -> tuple[str, str]:
    """("file", "3") of "file:3"; ("file", "") of a whole file."""
    head, _, tail = origin.rpartition(":")
    return (head, tail) if head and tail.isdigit() else (origin, "")


def _kinds(reasons: Counter[str]) -> str:
    """The reasons by kind, most first: "176: its dateline has no year (e.g. 'Oct. 8'), 113: ..."."""
    kinds: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for reason, count in reasons.items():
        quoted = re.search(r" ('[^']*')", reason)  # the date a reason quotes: "its dateline 'Oct. 8' has no year"
        kind = reason.replace(quoted.group(0), "") if quoted else reason
        kinds[kind] += count
        if quoted:
            examples.setdefault(kind, quoted.group(1))
    return ", ".join(
        f"{count}: {kind}" + (f" (e.g. {examples[kind]})" if kind in examples else "")
        for kind, count in kinds.most_common()
    )


class UndatedArticles:
    """Collects the undated articles of a run; :meth:`lines` gives the warnings."""

    def __init__(self, events: bool = True):
        self.counts_events = events  # extract counts undated events; ingest has none yet
        self.files: dict[str, _File] = {}

    def add(self, article: Article) -> None:
        if article.published:
            return
        name, line = _split(article.origin or article.id)
        entry = self.files.setdefault(name, _File())
        entry.places.append(line)
        entry.reasons[article.undated or "no publication date found"] += 1
        entry.events += sum(1 for e in article.events if not e.event_date)

    @property
    def articles(self) -> int:
        return sum(len(f.places) for f in self.files.values())

    def _consequence(self, events: int) -> str:
        if not self.counts_events:
            return "their events will have no date unless the text gives a full one"
        return f"{events} event(s) left without a date (each says why in date_note)"

    def lines(self) -> list[str]:
        out = []
        names = list(self.files)
        for name in names[:FILES_NAMED]:
            entry = self.files[name]
            where = name
            if len(entry.places) == 1:
                what = f"no publication date ({next(iter(entry.reasons))})"
                where = f"{name}:{entry.places[0]}" if entry.places[0] else name
            else:
                lines = name_items([p for p in entry.places if p])
                what = (
                    f"{len(entry.places)} articles without a publication date (lines {lines}; "
                    f"{_kinds(entry.reasons)})"
                )
            out.append(Undated(f"{what}: {self._consequence(entry.events)}", origin=where).one_line())
        rest = [self.files[n] for n in names[FILES_NAMED:]]
        if rest:
            articles = sum(len(f.places) for f in rest)
            events = sum(f.events for f in rest)
            out.append(
                Undated(
                    f"{len(rest)} more file(s) with {articles} article(s) without a publication date: "
                    f"{self._consequence(events)}"
                ).one_line()
            )
        return out
