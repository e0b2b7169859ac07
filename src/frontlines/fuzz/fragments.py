"""The fragment pools articles are composed from.

Real text, read at run time and never copied into the repository:

* ``SHARED/data/isaf-press-releases/isaf_press_releases.jsonl`` (the releases' text),
* ``SHARED/data/acled-afghanistan-2019-dev/*.csv`` (the ``notes`` column),
* ``SHARED/data/news-2016/articles.jsonl`` (text and titles),
* ``SHARED/seeds/*.txt`` (page leftovers included);

and the project's own text, so that the pools are never empty where
``../shared`` is absent: ``examples/articles`` beside the package's source tree,
``tests/data/snippets/*.tsv`` and the typed examples the learned model is trained
on (``events/data/examples.tsv``, shipped in the package). Place names come from
the gazetteer. The hostile pieces (unicode, HTML, controls, numbers) are this
module's own.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

# the repository's root when the package runs from its source tree (editable install)
SOURCE_ROOT = Path(__file__).resolve().parents[3]

# A sentence ends at . ! ? followed by space, or glued to the next one's capital
# ("...died of starvation.Red Crescent trucks", as news-2016 reposts have them).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[a-z][.!?])(?=[A-Z][a-z])|\n{2,}")
# "KABUL, Afghanistan (Jan. 25, 2013)", "MADAYA, Syria", "BEIRUT (Reuters) -"
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,30},(?: [A-Z][a-z]+)+ \([^)]{3,30}\)|^[A-Z][A-Z .'-]{2,30} \((?:Reuters|AFP|AP)\)")

# pieces no corpus gives: they are the point of fuzzing
RTL = [
    "طالبان", "ولسوالی کلدر", "\u202eتالیبان\u202c", "\u200fقندهار\u200f", "עברית", "کابل، افغانستان",
    "\u2067Kunduz\u2069", "\u061c", "\u202b\u202a\u202d\u202c",
]
COMBINING = ["e\u0301", "\u0300\u0301\u0302\u0303\u0304" * 20, "Z\u0351\u0352\u0357\u035b\u0363", "\u20dd", "a\u0308\u0308\u0308"]
EMOJI = ["💥", "🇦🇫", "👨‍👩‍👧‍👦", "🔥🔥🔥", "☠️", "\U0001f4a3", "🏳️‍🌈", "\U000e0041"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\u034f", "\u180e"]
# NUL-free control characters and odd separators
CONTROLS = ["\ud800", "\udfff", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1f", "\x7f", "\x85", "\u2028", "\u2029", "\r", "\t", "\x9b"]
HTML = [
    "<p>", "</p>", "<br>", "<div class=\"sidebar\">Related: ", "</div>", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">link</a>", "&amp;", "&nbsp;",
    "&#0;", "&#xD800;", "&#1114112;", "<!-- comment -->", "<![CDATA[ x ]]>", "<b>Kabul</b>", "<div",
    "<table><tr><td>12 killed</td></tr></table>", "<style>p{}</style>", "&lt;script&gt;", "<?xml version=\"1.0\"?>",
    "<h1>Taliban capture district</h1>", "<meta name=\"date\" content=\"2021-07-05\">", "</html>",
]
LEFTOVERS = [
    "Leave a Reply", "Back to top button", "Donate now", "Share this:", "Click to share on Twitter",
    "Related posts", "Advertisement", "Read more:", "Source link", "(AFP)", "Copyright 2016 Reuters.",
    "Your email address will not be published.", "Subscribe to our newsletter",
]
# whole stories in other languages (stored, not extracted: W201), written for this module
FOREIGN = [
    "Les talibans ont pris le contrôle du district de Kaldar après trois jours de combats, selon la police.",
    "Los talibanes atacaron un puesto de control en la provincia de Ghazni y mataron a cinco policías.",
    "Die Taliban haben nach Angaben der Regierung die Kontrolle über den Bezirk zurückerobert.",
    "قال مسؤولون إن مسلحين هاجموا نقطة تفتيش للشرطة في ولاية غزني مما أسفر عن مقتل خمسة.",
    "Талибы захватили административный центр уезда после ожесточённых боёв, сообщили власти.",
    "طالبان امروز ولسوالی کلدر را پس از سه روز جنگ تصرف کردند.",
    "塔利班武装分子袭击了加兹尼省的一个警察检查站。",
]
OUTLETS = ["Reuters", "AFP", "Dawn", "Pajhwok", "TOLOnews", "RT", "Press TV", "ISAF", "", None, "Reuters\u200b", "ر"]
NUMBER_WORDS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "fifty", "a hundred", "scores", "dozens", "several", "a few", "many", "hundreds",
    "tens of", "thousands", "nearly 200", "more than a dozen", "at least", "up to", "over 1,000",
    "half a dozen", "a handful of", "zero", "no",
]
VICTIMS = [
    "soldiers", "policemen", "civilians", "Taliban fighters", "insurgents", "militants", "children",
    "people", "members of the Afghan security forces", "ISIS-K fighters", "attackers", "ANA troops",
]
ACTORS = [
    "Taliban fighters", "Afghan forces", "The Afghan National Army", "Unknown gunmen", "A suicide bomber",
    "Coalition aircraft", "Police", "Islamic State militants", "Syrian government forces", "Russian jets",
    "Pro-government militia", "Rebels", "Protesters", "A coalition security force", "Kurdish fighters",
]
VERBS = [
    "attacked", "captured", "retook", "bombed", "clashed with security forces in", "overran",
    "killed {n} {victims} in", "wounded {n} {victims} near", "seized the centre of", "withdrew from",
    "detained {n} suspected insurgents in", "launched an airstrike on", "ambushed a convoy near",
    "denied attacking", "claimed responsibility for an attack in", "protested in", "besieged",
]
WHEN = [
    "on Monday", "on Tuesday night", "yesterday", "last week", "earlier this month", "in late October",
    "a month ago", "on {date}", "between {date} and {date}", "in {year}", "overnight", "this morning",
    "on the night of {date}", "since {year}", "two days ago", "on Friday at 4 p.m.", "in the first half of {year}",
]


@dataclass
class Pools:
    """What articles are composed from; ``counts`` says how many sentences each source gave."""

    sentences: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    datelines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, source: str, texts: Iterable[str], titles: Iterable[str | None] = ()) -> None:
        before = len(self.sentences)
        for text in texts:
            for line in text.splitlines():
                match = _DATELINE.match(line.strip())
                if match:
                    self.datelines.append(match.group(0))
            self.sentences.extend(split_sentences(text))
        self.headlines.extend(t.strip() for t in titles if t and t.strip())
        self.counts[source] = self.counts.get(source, 0) + len(self.sentences) - before


def split_sentences(text: str) -> list[str]:
    """Sentences by punctuation alone (fast; the pipeline does its own splitting)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                if isinstance(record, dict):
                    yield record


def _shared(pools: Pools, shared: Path) -> None:
    data = shared / "data"
    isaf = data / "isaf-press-releases" / "isaf_press_releases.jsonl"
    if isaf.exists():
        texts = [r.get("text") or "" for r in _jsonl(isaf)]
        pools.add("isaf", texts, [t.strip().splitlines()[0] for t in texts if t.strip()])
    for path in sorted((data / "acled-afghanistan-2019-dev").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            pools.add("acled", sorted({row.get("notes") or "" for row in csv.DictReader(handle)}))
    news = data / "news-2016" / "articles.jsonl"
    if news.exists():
        records = list(_jsonl(news))
        pools.add("news-2016", [r.get("text") or "" for r in records], [r.get("title") for r in records])
    seeds = sorted((shared / "seeds").glob("*.txt"))
    if seeds:
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in seeds]
        pools.add("seeds", texts, [t.strip().splitlines()[0] for t in texts if t.strip()])


def _own(pools: Pools, root: Path) -> None:
    examples = resources.files("frontlines.events").joinpath("data", "examples.tsv").read_text(encoding="utf-8")
    pools.add("examples.tsv", [row.get("text") or "" for row in csv.DictReader(examples.splitlines(), delimiter="\t")])
    for path in sorted((root / "tests" / "data" / "snippets").glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            pools.add("snippets", [row.get("text") or "" for row in csv.DictReader(handle, delimiter="\t")])
    articles = root / "examples" / "articles"
    for path in sorted(articles.glob("*")) if articles.is_dir() else []:
        if path.suffix == ".jsonl":
            records = list(_jsonl(path))
            pools.add("examples", [r.get("text") or "" for r in records], [r.get("title") for r in records])
        elif path.suffix == ".txt":
            pools.add("examples", [path.read_text(encoding="utf-8")])
        elif path.suffix in (".html", ".htm"):
            # the HTML examples give tags and text alike: their lines are fragments as they stand
            pools.add("examples", [path.read_text(encoding="utf-8")])


def _places() -> list[str]:
    """Names of the gazetteer's Afghan places (admin units, towns, villages) and countries."""
    from ..geo import gazetteer

    names = {e.name for e in gazetteer.load().places(country="AF")}
    names |= {e.name for e in gazetteer.load().places(kind="country")}
    return sorted(names)


def load_pools(shared: Path | None = None, root: Path = SOURCE_ROOT, places: bool = True) -> Pools:
    """Every pool: the reference corpora when ``shared`` exists, always the project's own text."""
    pools = Pools()
    if shared is not None and shared.is_dir():
        _shared(pools, shared)
    _own(pools, root)
    pools.sentences = list(dict.fromkeys(pools.sentences))
    pools.headlines = list(dict.fromkeys(pools.headlines)) or ["Taliban capture district centre"]
    pools.datelines = list(dict.fromkeys(pools.datelines)) or ["KABUL, Afghanistan (Jan. 25, 2013)"]
    pools.places = _places() if places else ["Kabul", "Kunduz", "Dand-e-Ghori", "Baghlan", "Helmand"]
    return pools
