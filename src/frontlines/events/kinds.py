"""Is a mention this story's incident, history told in passing, or a total?

Every mention starts as an ``incident``; the first of these ordered rules that
names another kind decides (``background`` or ``statistic``), as the
extraction core's sketch asks of a decision past a screen. Each rule reads one
mention in its sentence (``Told``) and returns the kind it names, or None:

1. ``dated_history``     its clause's date is history ("last year", "in 2014")
2. ``relative_history``  it is told inside a relative clause with a history date
3. ``weak_in_passing``   a strategic development deep in the story, a month old
4. ``old_news``          a deed a month or more before the story (not a report's date)
5. ``total``             a sum over a period or many places ("the war that has killed 250,000")
6. ``tally``             many places named in the plural ("many districts fell")
7. ``faceless``          fighting with no side, no toll and no place (events.told)
8. ``judged_total``      the realis head reads a total (sentences not dated as recent news)
9. ``judged_history``    the realis head reads history
10. ``judged_not_news``  history and trend together

The settings (``lead_sentences``, ``passing_days``) come from [events] in the
configuration and are passed in (``Settings``); the realis thresholds are
data/realis.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..models import Article, Sentence
from . import clauses, realis, temporal, told
from .assemble import BELOW_PROVINCE, SentenceFacts
from .taxonomy import taxonomy

WEAK = {"Agreement", "Change to group/activity", "Headquarters or base established", "Other",
        "Looting/property destruction"}
# Sub-event types a sum over a period or many places turns into a statistic; arrests
# "in operations across eight provinces" stay one (reported) event.
_VIOLENT_KINDS = set(taxonomy().names()) - {"Arrests", "Agreement", "Change to group/activity", "Other",
                                            "Headquarters or base established", "Disrupted weapons use"}


@dataclass(frozen=True)
class Settings:
    lead_sentences: int = 2  # sentences (after the headline) that report the news itself
    passing_days: int = 30  # a strategic development this much older than the story is context, not news


@dataclass
class Told:
    """One mention in its sentence, with what the rules read of it."""

    article: Article
    fact: SentenceFacts
    mention: Any
    date: Any  # the date of the mention's own clause (``clause_date``)
    report_date: bool  # the sentence's date dates a report ("said on Sunday")
    settings: Settings

    @property
    def sentence(self) -> Sentence:
        return self.article.sentences[self.fact.index]

    @property
    def counted(self) -> bool:
        return any(c.category in ("killed", "wounded", "killed_or_wounded") for c in self.fact.casualties)

    @property
    def specific(self) -> bool:
        return self.mention.place is not None and self.mention.place.kind in BELOW_PROVINCE

    def days_before(self) -> int:
        return days_before(self.date, self.article.published)

    def judged_as_old(self) -> bool:
        """The realis head may judge it: it has judged the sentence, and its date does not say it is news."""
        return self.fact.realis is not None and not dated_news(self.fact, self.article.published, self.settings)


def _dated_history(t: Told) -> str | None:
    return "background" if t.date is not None and t.date.background else None


def _relative_history(t: Told) -> str | None:
    history = clauses.relative_history(t.sentence, t.mention.anchor, t.article.published)
    if history is None:
        return None
    t.mention.date = history  # "the network that carried out the Nov. 13 attacks": its own date
    return "background"


def _weak_in_passing(t: Told) -> str | None:
    # "under an agreement reached last year": history told in passing
    late = t.fact.index > t.settings.lead_sentences
    return "background" if t.mention.sub_event_type in WEAK and late and t.days_before() > t.settings.passing_days else None


def _old_news(t: Told) -> str | None:
    # "a similar raid in November on a hotel in Bamako": not this story's news
    return "background" if not t.report_date and t.days_before() > t.settings.passing_days else None


def _total(t: Told) -> str | None:
    mention, fact = t.mention, t.fact
    own = fact.casualties if mention.clause is None else [
        c for c in fact.casualties if mention.clause[0] <= c.start < mention.clause[1]]  # its clause's figures
    statistic_figures = bool(own) and all(c.statistic for c in own)
    summed = fact.sums_up(mention) and (t.counted or mention.sub_event_type in _VIOLENT_KINDS)
    placed = t.specific and fact.start <= mention.place.start < fact.end
    # a total whose sentence names no place of its own ("the war that has killed 250,000")
    return "statistic" if summed or (statistic_figures and not placed) else None


def _tally(t: Told) -> str | None:
    # "many districts fell to the Taliban": a tally, not an event
    return "statistic" if t.mention.plural_place and not t.specific else None


def _faceless(t: Told) -> str | None:
    # "fierce fighting was still underway": no one, nowhere
    return "background" if told.faceless(t.mention, t.counted, t.sentence) else None


def _judged_total(t: Told) -> str | None:
    return "statistic" if t.judged_as_old() and t.fact.realis.statistic >= realis.rules()["statistic_min"] else None


def _judged_history(t: Told) -> str | None:
    judged, rules = t.fact.realis, realis.rules()
    if not t.judged_as_old() or t.fact.index < rules["lead_sentences"] or judged.background < rules["background_min"]:
        return None
    return "background"


def _judged_not_news(t: Told) -> str | None:
    # "Fighting has raged for weeks, and the Taliban have taken several districts since June":
    # history and trend at once, not one occurrence. (Tried and dropped: a deed in the present
    # perfect with no time of its own, "have launched a major offensive around Aleppo", as news
    # against the head: dev +2 incidents, held-out +3 false ones, 2026-12-03.)
    judged, rules = t.fact.realis, realis.rules()
    if not t.judged_as_old() or t.fact.index < rules["lead_sentences"]:
        return None
    if judged.background + judged.statistic < rules["not_news_min"]:
        return None
    return "background" if judged.background >= judged.statistic else "statistic"


RULES: list[tuple[str, Callable[[Told], str | None]]] = [
    ("dated_history", _dated_history),
    ("relative_history", _relative_history),
    ("weak_in_passing", _weak_in_passing),
    ("old_news", _old_news),
    ("total", _total),
    ("tally", _tally),
    ("faceless", _faceless),
    ("judged_total", _judged_total),
    ("judged_history", _judged_history),
    ("judged_not_news", _judged_not_news),
]


def kind_of(told_mention: Told) -> str:
    """The mention's kind: the first rule's that names one, else ``incident``."""
    for _, rule in RULES:
        kind = rule(told_mention)
        if kind is not None:
            return kind
    return "incident"


def clause_date(article: Article, fact: SentenceFacts, mention: Any) -> Any:
    """The date of a mention's own clause when the sentence tells several deeds and the clause
    names its own day ("Rebels shelled the airport last month, and government jets bombed Idlib
    on Sunday"), else the sentence's date (a day told once for all its clauses)."""
    if mention.clause is None:
        return fact.date
    sentence = article.sentences[fact.index]
    within = (mention.clause[0] - fact.start, mention.clause[1] - fact.start)
    own = temporal.event_date(sentence.text, article.published, doc=sentence.doc, within=within)
    return own if own.date is not None else fact.date


def dated_news(fact: SentenceFacts, published: str | None, settings: Settings) -> bool:
    """A sentence dated within the story's recent past: its date, not the realis head, says
    whether it is news ("On 12 April 2019, Taliban attacked ..." reads like history to the head;
    ACLED's notes are all written so). With no publication date, a relative date ("on Friday",
    "earlier this month") that the date reader does not call history counts as recent."""
    date = fact.date
    if date is not None and date.background:
        return False
    if published is None:
        return any(m.kind == "relative" and not m.background and not m.future
                   for m in temporal.find_dates(fact.text, None))
    if date is None or not date.date:
        return False
    return days_before(date, published) <= settings.passing_days


def days_before(date: Any, published: str | None) -> int:
    if date is None or not date.date or not published:
        return 0
    try:
        return (dt.date.fromisoformat(published[:10]) - dt.date.fromisoformat(date.date)).days
    except ValueError:
        return 0
