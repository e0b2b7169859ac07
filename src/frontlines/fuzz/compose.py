"""Articles composed from the fragment pools.

One composer, two sources of choices (a :class:`Picker`): :class:`RandomPicker`
(a seeded ``random.Random``, for the 100,000-article run) and the tests' picker
over hypothesis' ``draw`` (``tests/test_fuzz_pipeline.py``: every choice is a
draw, so a failing article shrinks towards fewer, plainer pieces; hypothesis is
a test dependency, so that picker lives with the tests).

An article is a JSON-lines record (``id``, ``text`` or ``html``,
``published``, ``source``, ``url``, ``title``) as ``frontlines extract`` reads
it, or now and then a .txt / .html file (``file``: its encoding and flipped
bytes, see ``check.file_bytes``): a headline and a dateline now and then, then paragraphs of pieces - real
sentences (mostly), real sentences with their numbers, dates and places
swapped, template sentences with ranges and vague quantities, and hostile
pieces (unicode, HTML, controls, page leftovers, huge and empty ones).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from . import fragments as F
from .fragments import Pools

T = TypeVar("T")

ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "cp1251", "mac_roman", "ascii"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December", "Jan.", "Sept.", "Dec"]


class Picker(Protocol):
    def integer(self, lo: int, hi: int) -> int: ...
    def choice(self, items: Sequence[T]) -> T: ...
    def chance(self, p: float) -> bool: ...
    def text(self, max_size: int) -> str: ...


class RandomPicker:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def text(self, max_size: int) -> str:
        """Random code points of every plane (no surrogates, no NUL)."""
        size = self.rng.randint(0, max_size)
        out = []
        for _ in range(size):
            plane = self.rng.random()
            if plane < 0.5:
                code = self.rng.randint(0x20, 0x7E)
            elif plane < 0.9:
                code = self.rng.randint(0x80, 0xD7FF)
            else:
                code = self.rng.randint(0xE000, 0x10FFFF)
            out.append(chr(code))
        return "".join(out)


# pieces -----------------------------------------------------------------------


def date(p: Picker) -> str:
    year = p.choice([2021, 2019, 2016, 2013, 2009, 2001, 1979, 2030, 1, 9999])
    month, day = p.integer(1, 12), p.integer(1, 31)
    forms = [
        f"{p.choice(MONTHS)} {day}, {year}", f"{day} {p.choice(MONTHS)} {year}", f"{year}-{month:02d}-{day:02d}",
        f"{day}/{month}/{year}", f"{p.choice(MONTHS)} {day}", f"{year}-{month:02d}-{day + 40:02d}",
        f"Tuesday, {day:02d} {p.choice(MONTHS)} {year} 4:10 PM",
    ]
    return p.choice(forms)


def quantity(p: Picker) -> str:
    lo = p.integer(0, 60)
    forms = [
        str(lo), f"{lo:,}", p.choice(F.NUMBER_WORDS), f"between {lo} and {lo + p.integer(0, 50)}",
        f"{lo}-{lo + p.integer(-5, 30)}", f"at least {lo}", f"up to {lo}", f"nearly {lo}", f"{lo} to {lo * 2}",
        f"{p.integer(0, 10**9):,}", str(10 ** p.integer(6, 40)), f"-{lo}", f"{lo}.5", f"{lo} or {lo + 3}",
        f"{p.choice(F.NUMBER_WORDS)} {p.choice(F.NUMBER_WORDS)}", "one hundred and twenty-three",
        "٣٠", "۱۲", "１２", "1e5", "12½", "0x1F", "1,2,3", "7 (seven)", "III",
    ]
    return p.choice(forms)


def place(p: Picker, pools: Pools) -> str:
    name = p.choice(pools.places)
    return p.choice([name, f"{name} district", f"{name} province", f"the {name} area", f"{name} city", name.upper()])


def template(p: Picker, pools: Pools) -> str:
    verb = p.choice(F.VERBS).format(n=quantity(p), victims=p.choice(F.VICTIMS))
    when = p.choice(F.WHEN).format(date=date(p), year=p.choice(["2021", "2016", "last year", "1"]))
    sentence = f"{p.choice(F.ACTORS)} {verb} {place(p, pools)} {when}"
    if p.chance(0.5):
        sentence += f", killing {quantity(p)} {p.choice(F.VICTIMS)}"
    if p.chance(0.3):
        sentence += f" and wounding {quantity(p)}"
    if p.chance(0.4):
        sentence += p.choice([", officials said", ", the Taliban claimed", ", a spokesman denied", ", according to residents"])
    return sentence + p.choice([".", ".", "!", "", "..", " ."])


def mutate(p: Picker, pools: Pools, sentence: str) -> str:
    """A real sentence with its figures, dates or places swapped for others."""
    import re

    if p.chance(0.5):
        sentence = re.sub(r"\d[\d,]*", lambda _: quantity(p), sentence, count=p.integer(1, 3))
    if p.chance(0.3):
        sentence = re.sub(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b( \d{1,2})?",
                          lambda _: date(p), sentence, count=1)
    if p.chance(0.5):
        words = [w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", sentence)]
        if words:
            sentence = sentence.replace(p.choice(words), place(p, pools), 1)
    return sentence


def hostile(p: Picker) -> str:
    kind = p.integer(0, 8)
    if kind == 0:
        return "".join(p.choice(F.RTL) for _ in range(p.integer(1, 4)))
    if kind == 1:
        return p.choice(F.COMBINING)
    if kind == 2:
        return "".join(p.choice(F.EMOJI) for _ in range(p.integer(1, 6)))
    if kind == 3:
        return p.choice(F.ZERO_WIDTH) * p.integer(1, 50)
    if kind == 4:
        return p.choice(F.CONTROLS)
    if kind == 5:
        return p.choice(F.HTML)
    if kind == 6:
        return p.choice(F.LEFTOVERS)
    if kind == 7:
        return p.text(40)
    return p.choice(["", " ", "\n", "\n\n\n", "\t \t", ".", "...", "—", "\"", "(", ")", "[1]", "*"])


def sprinkle(p: Picker, sentence: str) -> str:
    """A hostile piece inside a sentence, between two of its words."""
    words = sentence.split(" ")
    at = p.integer(0, len(words))
    return " ".join([*words[:at], hostile(p), *words[at:]])


def huge(p: Picker, pools: Pools) -> str:
    """One large piece (tens of kilobytes): a sentence over and over, a word without end, a list."""
    size = p.integer(5_000, 60_000)
    kind = p.integer(0, 3)
    if kind == 0:
        unit = p.choice(pools.sentences) + " "
    elif kind == 1:
        unit = p.choice(["a", "9", "x\u0301", "طالب", "-"])
    elif kind == 2:
        unit = f"{place(p, pools)}, "
    else:
        unit = f"{quantity(p)} killed; "
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def piece(p: Picker, pools: Pools) -> str:
    roll = p.integer(0, 99)
    if roll < 55:
        return p.choice(pools.sentences)
    if roll < 75:
        return mutate(p, pools, p.choice(pools.sentences))
    if roll < 88:
        return template(p, pools)
    if roll < 97:
        return sprinkle(p, p.choice(pools.sentences))
    return hostile(p)


def body(p: Picker, pools: Pools) -> str:
    if p.chance(0.02):
        return " ".join(p.choice(F.FOREIGN) for _ in range(p.integer(1, 6)))
    paragraphs = []
    for _ in range(p.integer(1, 4)):
        sentences = [piece(p, pools) for _ in range(p.integer(1, 3))]
        joiner = p.choice([" ", " ", "", "  ", "\n"])
        paragraphs.append(joiner.join(sentences))
    if p.chance(0.002):
        paragraphs.insert(p.integer(0, len(paragraphs)), huge(p, pools))
    separator = p.choice(["\n\n", "\n\n", "\n", "\r\n\r\n", " "])
    text = separator.join(paragraphs)
    if p.chance(0.3):
        text = f"{p.choice(pools.datelines)} {p.choice(['-', '—', ':', ''])} {text}"
    if p.chance(0.2):
        text = f"{p.choice(pools.headlines)}\n\n{text}"
    if p.chance(0.1):
        text = f"{text}\n\n{p.choice(F.LEFTOVERS)}"
    return text


def html(p: Picker, text: str, title: str | None) -> str:
    parts = [f"<p>{paragraph}</p>" for paragraph in text.split("\n\n")]
    if p.chance(0.3):
        parts.insert(0, p.choice(F.HTML))
    if p.chance(0.02):  # markup nested deeper than any parser's patience
        depth = p.integer(100, 5000)
        parts.insert(p.integer(0, len(parts)), "<div><span>" * depth + "12 killed" + "</span></div>" * depth)
    head = f"<title>{title}</title>" if title else ""
    if p.chance(0.3):
        head += f"<meta property=\"article:published_time\" content=\"{date(p)}\">"
    return f"<html><head>{head}</head><body><article>{''.join(parts)}</article></body></html>"


def published(p: Picker) -> str | None:
    return p.choice([
        "2021-07-10", "2019-05-03", "2016-01-11", "2013-01-25", None, None, None,
        f"20{p.integer(0, 25):02d}-{p.integer(1, 12):02d}-{p.integer(1, 28):02d}",
        "2021-13-45", "yesterday", "", "9999-12-31", "0001-01-01", "2021-07-10T04:10:00+04:30",
    ])


def article(p: Picker, pools: Pools, doc_id: str) -> dict[str, Any]:
    """One JSON-lines record."""
    text = body(p, pools)
    title = p.choice(pools.headlines) if p.chance(0.5) else None
    record: dict[str, Any] = {"id": doc_id}
    if p.chance(0.1):
        record["html"] = html(p, text, title)
    else:
        record["text"] = text
    value = published(p)
    if value is not None:
        record["published"] = value
    source = p.choice(F.OUTLETS)
    if source is not None:
        record["source"] = source
    if title is not None:
        record["title"] = title
    if p.chance(0.1):  # given as a file instead: bytes in some encoding, a few of them flipped
        record["file"] = {"encoding": p.choice(ENCODINGS), "flips": [p.integer(0, 10**6) for _ in range(p.integer(0, 3))]}
    if p.chance(0.2):
        record["url"] = p.choice(["https://example.org/a", "javascript:alert(1)", "not a url", "http://ex.com/" + "x" * 3000])
    return record


def corpus(pools: Pools, count: int, seed: int, prefix: str = "fz") -> list[dict[str, Any]]:
    """``count`` records from a seeded generator; a few repeat an earlier story (same text,
    another id; or the same id again) as real feeds do."""
    p = RandomPicker(random.Random(seed))
    records: list[dict[str, Any]] = []
    for n in range(count):
        if records and p.chance(0.02):
            again = dict(p.choice(records))
            if p.chance(0.5):
                again["id"] = f"{prefix}-{seed}-{n}"
            records.append(again)
            continue
        records.append(article(p, pools, f"{prefix}-{seed}-{n}"))
    return records


def shuffled(pools: Pools, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` articles of real sentences only, shuffled across every corpus (2-12 each, a
    dateline now and then, a publication date of the corpora's years or none), each with story
    text left after cleaning."""
    p = RandomPicker(random.Random(seed))
    records = []
    for n in range(count):
        text = ""
        while not _has_story(text):
            # a draw of only boilerplate ("ISAF Joint Command - Afghanistan ... For Immediate
            # Release") is no article: ingest would refuse it (E104); draw again
            sentences = [p.choice(pools.sentences) for _ in range(p.integer(2, 12))]
            paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
            if p.chance(0.3):
                paragraphs[0] = f"{p.choice(pools.datelines)} - {paragraphs[0]}"
            text = "\n\n".join(paragraphs)
        record: dict[str, Any] = {"id": f"sh-{seed}-{n}", "text": text}
        if p.chance(0.8):
            record["published"] = f"{p.choice([2009, 2011, 2013, 2016, 2019, 2021])}-{p.integer(1, 12):02d}-{p.integer(1, 28):02d}"
        records.append(record)
    return records


def _has_story(text: str) -> bool:
    """Ingest finds story text in it (what is left after cleaning, or after reading it as a page
    when it looks like one)."""
    from ..errors import EmptyArticleError
    from ..ingest import article_from_string

    try:
        article_from_string(text)
    except EmptyArticleError:
        return False
    return True
