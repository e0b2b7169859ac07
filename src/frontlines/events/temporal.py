"""Event dates: resolve what a sentence says about *when* against the publication date.

Interface (for the events stage):

``event_date(sentence, published, *, doc=None) -> EventDate(date, precision, background)``
    The date of the event a sentence reports. ``date`` is ISO ``YYYY-MM-DD``
    or ``None`` when the sentence says nothing about when (the caller then
    uses the article's context). ``precision`` is ACLED's time_precision:
    1 day, 2 week / a few days, 3 month or vaguer. ``background`` is True when
    the only dates in the sentence point to history (the 2001 invasion, "the
    2018 peace talks", "last September's capture of Kunduz") — such a
    sentence must not become a current event. ``doc`` (a parsed spaCy Span or
    Doc of the same sentence) lets dates attached to reporting verbs ("Today,
    officials confirmed ... arrested on Sunday") give way to the event's own.

``find_dates(text, published) -> list[DateMention]``
    Every date expression with its character span, resolved date, precision,
    and flags (background, future, report).

``setting_date(sentence, published, *, doc=None) -> EventDate | None``
    The time a sentence sets for what the next sentences tell (an event the
    story dates only in the sentence before), never a report's or a header's.

``dateline_date(text) -> str | None``
    The publication date a story states in its header ("KABUL, Afghanistan
    (Jan. 25, 2013)", "Feb. 18: ...", "Operational Update, Jan. 10, 2011"),
    the year taken from a release number ("2010-02-CA-087") when the
    dateline omits it.

Rules: "yesterday" / "last night" are the day before publication; a weekday
("on Friday", "Monday morning", "earlier Tuesday") is the most recent such
day ON OR BEFORE publication (news reports the past), "last Friday" the one
strictly before; "last week" / "earlier this week" have week precision;
"earlier this month", "a month ago", "in late October", "last September"
month precision; a day and month without a year take the publication year,
or the year before when that would put them after publication.

Hand-written rather than ``dateparser.search_dates``: that call costs
milliseconds per sentence (over the speed budget of the whole extraction),
resolves weekdays against the wall clock rather than a given publication
date only approximately, and returns neither spans, precision nor any notion
of background; the expressions news uses for recent events are few and are
listed in data/temporal.yaml.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, NamedTuple

from ..ingest.dates import plausible
from ..yamlload import safe_yaml


class EventDate(NamedTuple):
    date: str | None
    precision: int
    background: bool


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    date: str | None
    precision: int
    background: bool = False
    future: bool = False
    deadline: bool = False  # "by May 1": a limit set, not a day something happened
    kind: str = ""  # absolute | day_month | month | year | weekday | relative


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: list[str]
    relative: dict[str, tuple[int | None, int, str]]  # phrase -> (amount, precision, unit)
    month_parts: dict[str, int]
    background_days: int
    deadline: re.Pattern[str]
    reporting_verbs: frozenset[str]
    weak: frozenset[str]
    pattern: re.Pattern[str]


@functools.cache
def _raw() -> dict[str, Any]:
    return safe_yaml(resources.files(__package__).joinpath("data/temporal.yaml").read_text(encoding="utf-8"))


def number_words() -> dict[str, int]:
    """Number words of counted time ("two days ago", "a day after": temporal.yaml)."""
    return _raw()["number_words"]


def interval_units() -> dict[str, int]:
    """Days counted by a unit of a measured "after" (temporal.yaml)."""
    return _raw()["interval_units"]


@functools.cache
def _lexicon() -> _Lexicon:
    raw = _raw()
    relative: dict[str, tuple[int | None, int, str]] = {}
    for phrase, days in raw["relative_days"].items():
        relative[phrase] = (days, 1, "day")
    for phrase, days in raw["relative_weeks"].items():
        relative[phrase] = (days, 2, "day")
    for phrase, months in raw["relative_months"].items():
        relative[phrase] = (months, 3, "month")
    for phrase, years in raw["relative_years"].items():
        relative[phrase] = (years, 3, "year")
    months = {k: int(v) for k, v in raw["months"].items()}
    month_re = "|".join(sorted(months, key=len, reverse=True))
    weekday_re = "|".join(raw["weekdays"])
    relative_re = "|".join(re.escape(p) for p in sorted(relative, key=len, reverse=True))
    part_re = "|".join(re.escape(p) for p in sorted(raw["month_parts"], key=len, reverse=True))
    number_re = "|".join(sorted(number_words(), key=len, reverse=True))
    day = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?:19|20)\d\d"
    pattern = re.compile(
        rf"""
        (?P<iso>\b{year}-[01]\d-[0-3]\d\b)
      | (?P<mdy>\b(?P<mdy_m>{month_re})\.?\s+(?P<mdy_d>{day})(?:,\s*|\s+)(?P<mdy_y>{year})\b)
      | (?P<dmy>\b(?P<dmy_d>{day})(?:\s+|-)(?:of\s+)?(?P<dmy_m>{month_re})\.?(?:,?\s+|-)(?P<dmy_y>{year})\b)
      | (?P<num>\b(?P<num_d>[0-3]?\d)[ ./](?P<num_m>[01]?\d)[ ./](?P<num_y>{year})\b)
      | (?P<md>\b(?P<md_m>{month_re})\.?\s+(?P<md_d>{day})\b(?!\s*[,.]?\s*\d))
      | (?P<dm>\b(?P<dm_d>{day})\s+(?:of\s+)?(?P<dm_m>{month_re})\b\.?)
      | (?P<ago>\b(?P<ago_n>\d+|{number_re})\s+(?P<ago_u>day|week|month|year)s?\s+ago\b)
      | (?P<rel>\b(?:{relative_re})\b)
      | (?P<wd>\b(?:(?P<wd_pre>last|this\s+past|past)\s+)?(?P<wd_d>{weekday_re})\b)
      | (?P<mon>\b(?:(?P<mon_pre>in|of|since|until|during|by|from|last|this|early|mid|late|{part_re})[\s-]+)?(?:(?P<mon_part>{part_re})[\s-]+)?(?P<mon_m>{month_re})\b(?!\.?\s*{day}\b)\.?(?:,?\s+(?P<mon_y>{year})\b)?)
      | (?P<decade>\b(?P<decade_y>(?:19|20)\d)0'?s\b)
      | (?P<year>\b{year}\b)
        """,
        re.I | re.X,
    )
    return _Lexicon(
        months=months,
        weekdays=list(raw["weekdays"]),
        relative=relative,
        month_parts={k: int(v) for k, v in raw["month_parts"].items()},
        background_days=int(raw["background_days"]),
        deadline=re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in sorted(raw["deadline_words"], key=len, reverse=True)) + r")\s+$",
            re.I,
        ),
        reporting_verbs=frozenset(raw["reporting_verbs"]),
        weak=frozenset(raw["weak"]),
        pattern=pattern,
    )


def earlier(date: EventDate | None, days: int, published: str | dt.date | None) -> EventDate | None:
    """The date of a deed told ``days`` before the sentence's own ("a day after the group targeted
    Damascus": events.clauses); the sentence's date, else the day of publication, moved back."""
    if not days:
        return date
    base = date if date is not None and date.date else None
    day = _iso(base.date) if base is not None else _iso(published)
    if day is None:
        return date
    precision = base.precision if base is not None else 1
    return EventDate((day - dt.timedelta(days=days)).isoformat(), precision, base.background if base else False)


def _iso(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return plausible(dt.date.fromisoformat(value[:10]))
    except ValueError:
        return None


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return plausible(dt.date(year, month, day))
    except ValueError:
        return None


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _month(name: str) -> int:
    return _lexicon().months[name.lower().rstrip(".")]


def _without_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    candidate = _safe(published.year, month, day)
    if candidate and candidate > published + dt.timedelta(days=1):
        candidate = _safe(published.year - 1, month, day)  # "on Dec. 30" read in January
    return candidate


def find_dates(text: str, published: str | dt.date | None) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``published``."""
    lex = _lexicon()
    pub = _iso(published)
    out: list[DateMention] = []
    for m in lex.pattern.finditer(text):
        try:
            resolved = _resolve(m, text, pub)
        except OverflowError:  # "99999999 days ago": before any calendar
            continue
        if resolved is None or (resolved[0] is not None and plausible(resolved[0]) is None):
            continue
        date, precision, kind = resolved
        background = future = False
        if date is not None and pub is not None:
            if date > pub + dt.timedelta(days=1):
                future = True
            elif (pub - date).days > lex.background_days:
                background = True
            elif _possessive(text, m.end()) and (pub - date).days >= 30:
                background = True  # "last September's brief capture of Kunduz"
        if kind == "year" and date is not None and pub is not None and date.year < pub.year:
            background = True
        if kind != "weekday" and re.search(r"\bsince\s+$", text[max(0, m.start() - 7) : m.start()], re.I):
            background = True  # "since 2001": a period, not an event date (but "missing since Friday" began that day: a weekday is this week's)
        deadline = bool(
            lex.deadline.search(text[max(0, m.start() - 20) : m.start()])
            or lex.deadline.search((m.group("mon_pre") or "") + " ")
        )
        out.append(
            DateMention(
                text=m.group(),
                start=m.start(),
                end=m.end(),
                date=date.isoformat() if date else None,
                precision=precision,
                background=background,
                future=future,
                deadline=deadline,
                kind=kind,
            )
        )
    return out


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _resolve(m: re.Match[str], text: str, pub: dt.date | None) -> tuple[dt.date | None, int, str] | None:
    g = m.group
    lex = _lexicon()
    if g("iso"):
        return _iso(g("iso")), 1, "absolute"
    if g("mdy"):
        return _safe(int(g("mdy_y")), _month(g("mdy_m")), _day(g("mdy_d"))), 1, "absolute"
    if g("dmy"):
        return _safe(int(g("dmy_y")), _month(g("dmy_m")), _day(g("dmy_d"))), 1, "absolute"
    if g("num"):
        day, month = int(g("num_d")), int(g("num_m"))
        return _safe(int(g("num_y")), month, day), 1, "absolute"  # day first, as ACLED and most of the world write it
    if g("md"):
        if g("md_m").lower() == "may" and not _month_context(text, m.start()):
            return None
        return _without_year(_month(g("md_m")), _day(g("md_d")), pub), 1, "day_month"
    if g("dm"):
        return _without_year(_month(g("dm_m")), _day(g("dm_d")), pub), 1, "day_month"
    if g("ago"):
        n_text = g("ago_n").lower()
        n = int(n_text) if n_text.isdigit() else number_words()[n_text]
        unit = g("ago_u").lower()
        if pub is None:
            return None, 3, "relative"
        if unit == "day":
            return pub - dt.timedelta(days=n), 1 if n <= 3 else 2, "relative"
        if unit == "week":
            return pub - dt.timedelta(days=7 * n), 2, "relative"
        if unit == "month":
            return _months_before(pub, n, same_day=True), 3, "relative"
        return _safe(pub.year - n, pub.month, min(pub.day, 28)), 3, "year"
    if g("rel"):
        amount, precision, unit = lex.relative[re.sub(r"\s+", " ", g("rel").lower())]
        if pub is None or amount is None:
            return None, precision, "relative"
        if unit == "day":
            return pub - dt.timedelta(days=amount), precision, "relative"
        if unit == "year":
            return _safe(pub.year - amount, 7, 1), precision, "year"
        return _months_before(pub, amount), precision, "relative"
    if g("wd"):
        if pub is None:
            return None, 1, "weekday"
        target = lex.weekdays.index(g("wd_d").lower())
        back = (pub.weekday() - target) % 7
        if g("wd_pre") and back == 0:
            back = 7  # "last Friday" read on a Friday
        return pub - dt.timedelta(days=back), 1, "weekday"
    if g("mon"):
        return _month_mention(m, text, pub)
    if g("decade"):  # "in the 2000s": a span of years, dated at its middle
        return _safe(int(g("decade_y")) * 10 + 5, 1, 1), 3, "year"
    if g("year"):
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 1]
        if before in ("-", "/", ".", ",") and not text[max(0, m.start() - 2) : m.start()].strip(", "):
            return None
        if after in ("-", "/") or re.match(r"\d", after or "x"):
            return None
        return _safe(int(g("year")), 7, 1), 3, "year"
    return None


def _month_context(text: str, start: int) -> bool:
    """ "May" is a month only after a preposition or date word (it is also a verb)."""
    return bool(re.search(r"(\b(in|of|on|since|until|during|by|from|last|this|early|mid|late|end|beginning)\s+|\(\s*)$",
                          text[max(0, start - 12) : start], re.I))


def _month_mention(m: re.Match[str], text: str, pub: dt.date | None) -> tuple[dt.date | None, int, str] | None:
    lex = _lexicon()
    g = m.group
    name = g("mon_m")
    pre = (g("mon_pre") or "").lower()
    if not pre and not g("mon_y") and not g("mon_part"):
        return None  # a bare month name is too often something else ("May", "March")
    if name.lower() == "may" and not pre and not g("mon_y"):
        return None
    month = _month(name)
    part = (g("mon_part") or (pre if pre in lex.month_parts else "")).lower()
    day = lex.month_parts.get(part, 15)
    if g("mon_y"):
        return _safe(int(g("mon_y")), month, day), 3, "month"
    if pub is None:
        return None, 3, "month"
    year = pub.year
    if pre == "last":
        if month >= pub.month:
            year -= 1  # "last September" read in January: the one before
    elif pre == "this":
        pass
    elif (month, day) > (pub.month, pub.day) and month != pub.month:
        year -= 1  # "in late October" read in January
    date = _safe(year, month, day)
    if date and date > pub:
        date = pub  # "in late July" read on 27 July: no later than publication
    return date, 3, "month"


def _months_before(pub: dt.date, months: int, *, same_day: bool = False) -> dt.date:
    """ "last month" is the middle of the month before; "a month ago" counts back
    from the publication day (a month ago on 27 July is about 27 June)."""
    if months == 0:
        return _safe(pub.year, pub.month, max(1, (pub.day + 1) // 2)) or pub
    year, month = pub.year, pub.month - months
    while month < 1:
        month += 12
        year -= 1
    return _safe(year, month, min(pub.day, 28) if same_day else 15) or pub


def event_date(sentence: Any, published: str | dt.date | None, *, doc: Any = None,
               within: tuple[int, int] | None = None) -> EventDate:
    """The date of the event ``sentence`` reports (see module doc); ``within``: only the dates told
    between these offsets of the sentence (one clause of several: events.clauses)."""
    text = sentence if isinstance(sentence, str) else sentence.text
    if doc is None and not isinstance(sentence, str) and sentence.doc.has_annotation("DEP"):
        doc = sentence
    mentions = [d for d in find_dates(text, published) if not d.future and not d.deadline
                and (within is None or within[0] <= d.start < within[1])]
    # "during Saturday's election": a date naming another occasion; but "killed in Thursday's
    # siege" names the deed's own day
    current = [
        d for d in mentions if not d.background and d.date is not None
        and (not _possessive(text, d.end) or _of_the_deed(d, doc))
    ]
    if not current:
        # "have entered Palmyra, which has been held by the Islamic State group since last May":
        # the history of a place told in a clause of its own does not date the deed
        history = [d for d in mentions if d.background and not _in_relative_clause(d, doc)]
        if history:
            return EventDate(history[0].date, history[0].precision, True)
        return EventDate(None, 3, False)
    if len(current) > 1:
        # "at the Tishrin dam, which Kurds captured in December": the history of a place told in
        # a clause of its own does not date the deed beside it
        current = [d for d in current if not _of_a_place(d, doc)] or current
    if len(current) > 1:
        events = [d for d in current if not _dates_the_report(d, text, doc)]
        if events:
            # the event's own day before a time of night ("overnight ... Monday") and
            # before a date that names another occasion ("responsible for an attack Jan. 7")
            current = sorted(events, key=lambda d: (_weak(d), _names_an_occasion(d, text, doc)))
        else:
            # events come before their reports: when every date looks like the
            # report's, the earliest is the event's
            current = sorted(current, key=lambda d: (d.date, d.precision))
    best = current[0]
    return EventDate(best.date, best.precision, False)


def setting_date(sentence: Any, published: str | dt.date | None, *, doc: Any = None) -> EventDate | None:
    """The time a sentence sets for the sentences after it ("In Kunduz last night, a force
    searched a compound. During the search it detained one suspect."): its own event date, but
    never the date of a report, a dateline or a header, nor history."""
    text = sentence if isinstance(sentence, str) else sentence.text
    if doc is None and not isinstance(sentence, str) and sentence.doc.has_annotation("DEP"):
        doc = sentence
    mentions = [
        d for d in find_dates(text, published)
        if d.date is not None and not d.future and not d.deadline and not d.background
        and not _possessive(text, d.end) and not _dates_the_report(d, text, doc)
    ]
    if not mentions:
        return None
    best = sorted(mentions, key=lambda d: (_weak(d), _names_an_occasion(d, text, doc)))[0]
    return EventDate(best.date, best.precision, False)


def relative_clause(mention: DateMention, doc: Any) -> Any:
    """The head of the relative clause the date is told in ("which has been held ... since last
    May"), else None."""
    if doc is None or not doc.has_annotation("DEP"):
        return None
    base = doc[0].idx
    tokens = [t for t in doc if mention.start <= t.idx - base < mention.end and not t.is_punct]
    return next((a for a in [*tokens[:1], *(tokens[0].ancestors if tokens else [])] if a.dep_ == "relcl"), None)


def _in_relative_clause(mention: DateMention, doc: Any) -> bool:
    return relative_clause(mention, doc) is not None


def _of_a_place(mention: DateMention, doc: Any) -> bool:
    """The date lies in a relative clause about a place, a person or a thing ("the dam, which
    Kurds captured in December"; "Palmyra, which fell to the jihadists last May"), not about a
    deed or its weapon ("a bomb, which exploded on Monday, killed five": the deed's own date)."""
    clause = relative_clause(mention, doc)
    if clause is None:
        return False
    from .lexicon import deed_tokens

    return clause.head.i not in deed_tokens(doc)


def _of_the_deed(mention: DateMention, doc: Any) -> bool:
    """A possessive date of the sentence's own deed noun: its doer ("Thursday's attack killed
    seven") or where its harm came ("seven were killed in Thursday's siege"); not an occasion
    the deed refers to ("arrested over Sunday's attack", "during Saturday's election")."""
    if doc is None or not doc.has_annotation("DEP"):
        return False
    from .lexicon import deed_tokens

    base = doc[0].idx
    inside = [t for t in doc if mention.start <= t.idx - base < mention.end and not t.is_punct]
    if not inside:
        return False
    noun = inside[-1].head if inside[-1].dep_ == "poss" else inside[-1]
    if noun.i not in deed_tokens(doc):
        return False
    if noun.dep_ in ("nsubj", "nsubjpass"):
        return True
    harm = _harm_verbs()
    return noun.dep_ == "pobj" and noun.head.lower_ in ("in", "during") and noun.head.head.lemma_.lower() in harm


@functools.cache
def _harm_verbs() -> frozenset[str]:
    """Verbs of killing and wounding (quantities.yaml)."""
    from .lexicon import load

    categories = load("quantities.yaml")["categories"]
    return frozenset(v for k in ("killed", "wounded") for v in categories[k]["verbs"] if " " not in v)


def _weak(mention: DateMention) -> bool:
    return re.sub(r"\s+", " ", mention.text.lower()) in _lexicon().weak


def _names_an_occasion(mention: DateMention, text: str, doc: Any) -> int:
    """A date that qualifies a noun dates that occasion, not the deed the sentence reports:
    2 before the noun ("the July 2 attack"), 1 after it ("an attack Jan. 7"), 0 a verb's date."""
    if doc is not None and doc.has_annotation("DEP"):
        base = doc[0].idx
        inside = [t for t in doc if mention.start <= t.idx - base < mention.end]
        if not inside:
            return 0
        governor = inside[-1]
        while governor.i != governor.head.i and mention.start <= governor.idx - base < mention.end:
            governor = governor.head
        if mention.start <= governor.idx - base < mention.end or governor.pos_ not in ("NOUN", "PROPN"):
            return 0
        return 2 if governor.i > inside[-1].i else 1
    before = text[max(0, mention.start - 4) : mention.start].lower()
    attributive = before.endswith(("the ", "an ", "a ")) and bool(re.match(r"\s+[a-z]", text[mention.end : mention.end + 3]))
    return 2 if attributive else 0


def _dates_the_report(mention: DateMention, text: str, doc: Any) -> bool:
    """A date attached to a reporting verb dates the report, not the event;
    so does a dateline's date in parentheses ("KABUL, Afghanistan (Jan. 25, 2013)")."""
    if text[max(0, mention.start - 2) : mention.start].strip().endswith("(") and ")" in text[
        mention.end : mention.end + 3
    ]:
        return True
    if not text[: mention.start].strip() and text[mention.end : mention.end + 1] == ":":
        return True  # a header: "Feb. 18: Afghan-ISAF Operations in ..."
    if doc is not None and doc.has_annotation("DEP"):
        base = doc[0].idx
        tokens = [t for t in doc if mention.start <= t.idx - base < mention.end]
        for token in tokens[-1:]:
            for ancestor in token.ancestors:
                if ancestor.pos_ in ("VERB", "AUX"):
                    return ancestor.lemma_.lower() in _lexicon().reporting_verbs
        return False
    # without a parse: a reporting verb right beside the date ("On Tuesday,
    # officials said", "as reported on April 3"), or "today" beside another date
    before = text[max(0, mention.start - 20) : mention.start].lower()
    after = text[mention.end : mention.end + 30].lower()
    if _REPORTING_FORMS.search(before) or _REPORTING_FORMS.match(after):
        return True
    return mention.kind == "relative" and mention.text.lower() in ("today", "this morning", "earlier today")


_REPORTING_FORMS = re.compile(
    r"\b(said|says|told|confirmed|announced|reported|claimed|stated|added|denied|disclosed)\b(\s+(on|that))?\s*$"
    r"|^[\s,]*(\w+\s+){0,3}(said|says|told|confirmed|announced|reported|claimed|stated|denied)\b",
    re.I,
)


# --- datelines ----------------------------------------------------------------

_RELEASE_NUMBER = re.compile(r"\b((?:19|20)?\d\d)-([01]\d)-[A-Z]{1,3}\s?[-–]\s?\d+")


def dateline_date(text: str, max_chars: int = 800) -> str | None:
    """The publication date a story states in its dateline or header."""
    head = text[:max_chars]
    year_hint, month_hint = _release_year(head)
    for mention in find_dates(head, None):
        if mention.kind == "absolute" and mention.date:
            return mention.date
        if mention.kind == "day_month":
            m = _lexicon().pattern.fullmatch(mention.text)
            if not m or year_hint is None:
                continue
            month_name = m.group("md_m") or m.group("dm_m")
            day_text = m.group("md_d") or m.group("dm_d")
            month = _month(month_name)
            year = year_hint
            if month_hint is not None and month_hint - month > 6:
                year += 1  # a January release numbered in December's series
            date = _safe(year, month, _day(day_text))
            if date:
                return date.isoformat()
    return None


def _release_year(head: str) -> tuple[int | None, int | None]:
    m = _RELEASE_NUMBER.search(head)
    if m:
        year = int(m.group(1))
        return (year + 2000 if year < 100 else year), int(m.group(2))
    years = re.findall(r"\b((?:19|20)\d\d)\b", head)
    return (int(years[0]), None) if years else (None, None)
