"""Plain-text cleaning: keep the story, drop the web page's leftovers.

Fills ``Article.text`` (the cleaned story) and gives ``Article.title`` and the
date-stamp candidates that ``published`` turns into ``Article.published``.

Text copied or scraped from a news page still carries the page around the
story: banners, the headline repeated, date stamps, photo captions, "related"
sidebars with their teasers, share bars, comment forms. The cleaner works by
the *shape* of each line and of the runs of lines around it, never by
knowing any particular page:

0. Lines are normalised (one kind of line break, single spaces, no invisible
   characters; 3+ spaces are a flattened line break) and hard-wrapped prose
   is joined back (a line stopping on a comma, an article or a preposition,
   or continued in lower case).
1. Each line gets a kind: ``story`` (sentence-shaped), ``short`` (a short line
   with no closing punctuation: a headline, a label, a subhead), ``truncated``
   (ends in "..."), or a leftover kind: ``boilerplate`` (generic web phrases,
   ``data/boilerplate.yaml``), ``date-stamp``, ``dateline``, ``caption`` (a
   descriptive line ending ", July 7, 2021" without a reporting verb),
   ``repeat`` (a short line that occurs twice: the headline printed again),
   ``code`` / ``no-words`` (reference numbers, rows of figures).
2. A comment-section marker ("Leave a Reply") ends the article.
3. A footnote line ("* A terrorist group ...") whose marker is attached to a
   word of the story ("Taliban*") is a leftover.
4. Teaser lists: two or more "headline / date stamp" blocks in a row. With a
   headline printed twice or a teaser cut short they are a sidebar and go;
   without, they may be a live blog, and their text goes only as the page's
   tail (story before, nothing but leftovers after).
5. Runs: a run of non-story lines that holds any leftover is a leftover as a
   whole (a section label beside a teaser list, a caption beside its credit).
   Short lines alone, between story paragraphs, are subheads and stay.
6. Short lines before the first and after the last story line are the page's
   header and footer; the first headline-shaped one becomes the title.

Headlines and subheads: the page's headline goes to ``title`` and out of the
text; subheads inside the story stay. Every sentence of the story stays: where
unsure, the cleaner keeps a line.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

from ..yamlload import safe_yaml
from .dates import WRITTEN_DATE, is_date_stamp, is_dateline_only

# Kinds that are leftovers wherever they stand ("hard"), and kinds that are
# leftovers only beside a hard one or outside the story ("soft").
HARD = frozenset(
    {"boilerplate", "end", "date-stamp", "dateline", "caption", "repeat", "code", "no-words",
     "footnote", "teaser", "after-end"}
)
SOFT = frozenset({"short", "truncated"})
STORY = "story"

# A headline or label is short: news headlines run to about 15 words.
_SHORT_MAX_WORDS = 16
# A line of a hard-wrapped text is at least this long; shorter lines that do
# not end a sentence are headlines or labels, not wrapped prose.
_WRAP_MIN_CHARS = 40
# Closing punctuation of a sentence (after any closing quote or bracket).
_SENTENCE_END = re.compile(r"[.!;:…][\"'”’)\]]*$")
_QUESTION_END = re.compile(r"\?[\"'”’)\]]*$")
# A question is a headline ("Freedom to report?") when it is this short.
_QUESTION_HEADLINE_MAX_WORDS = 8
_TRUNCATED = re.compile(r"(\.\.\.|…)\s*$")
_CODE = re.compile(r"^[A-Z0-9]+(?:\s*[-–/]\s*[A-Z0-9]+){2,}$")
_FOOTNOTE = re.compile(r"^(\*+|†|‡)\s*\S")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Three or more spaces inside a line are a line break that a copy flattened
# (page furniture glued to the first paragraph); two are a typist's sentence gap.
_FLATTENED_BREAK = re.compile(r"[ \t\u00a0]{3,}")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# A caption ends with a comma and a written date ("..., July 7, 2021.").
_CAPTION_DATE = re.compile(rf",\s*(?:{WRITTEN_DATE.pattern})\s*\.?\s*$", re.IGNORECASE)
_INNER_SENTENCE = re.compile(r"[.!?][\"”’]?\s+[A-Z]")


@dataclass
class Line:
    text: str
    kind: str = STORY
    reason: str = ""


@dataclass
class CleanResult:
    text: str
    title: str | None = None
    header_dates: list[str] = field(default_factory=list)  # date stamps / datelines before the story
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, why)
    caption_dates: list[str] = field(default_factory=list)  # dates ending photo captions before the story


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    group: str
    ends_article: bool


@functools.cache
def _patterns() -> tuple[int, tuple[_Pattern, ...]]:
    data = safe_yaml(
        resources.files(__package__).joinpath("data", "boilerplate.yaml").read_text("utf-8")
    )
    patterns: list[_Pattern] = []
    for group, entries in data["groups"].items():
        for entry in entries:
            if isinstance(entry, str):
                entry = {"pattern": entry}
            flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
            patterns.append(
                _Pattern(re.compile(entry["pattern"], flags), group, bool(entry.get("ends_article")))
            )
    return int(data["max_words"]), tuple(patterns)


@functools.cache
def _shape_words(name: str) -> frozenset[str]:
    data = safe_yaml(
        resources.files(__package__).joinpath("data", "line_shapes.yaml").read_text("utf-8")
    )
    return frozenset(str(word) for word in data[name])


def normalise_text(text: str) -> str:
    """Unicode NFC, one kind of line break, single spaces, no invisible characters."""
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _FLATTENED_BREAK.sub("\n", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def _continues(line: str, following: str) -> bool:
    """``line`` stops mid-sentence and ``following`` goes on with it."""
    if not line or not following or len(line) < _WRAP_MIN_CHARS or _SENTENCE_END.search(line):
        return False
    if following[0].islower() or line.endswith(","):
        return True
    last = _words(line)[-1:]
    return bool(last) and last[0].lower() in _shape_words("continuation_words")


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped prose back into one line per paragraph."""
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _words(line: str) -> list[str]:
    return re.findall(r"[\w'’-]+", line)


def _boilerplate(line: str, n_words: int) -> _Pattern | None:
    max_words, patterns = _patterns()
    if n_words > max_words:
        return None
    for pattern in patterns:
        if pattern.regex.search(line):
            return pattern
    return None


def _is_caption(line: str, words: list[str]) -> bool:
    """A photo caption: one descriptive sentence ending ", <date>", no reporting verb."""
    if len(words) < 5 or not _CAPTION_DATE.search(line):
        return False
    if _INNER_SENTENCE.search(line[: _CAPTION_DATE.search(line).start()]):
        return False
    reporting = _shape_words("reporting_words")
    return not any(w.lower() in reporting for w in words)


def _classify(line: str) -> Line:
    words = _words(line)
    pattern = _boilerplate(line, len(words))
    if pattern is not None:
        kind = "end" if pattern.ends_article else "boilerplate"
        return Line(line, kind, f"{pattern.group}: {pattern.regex.pattern}")
    if not re.search(r"[^\W\d_]", line):
        return Line(line, "no-words", "no words")
    if _CODE.match(line):
        return Line(line, "code", "reference code")
    if is_date_stamp(line):
        return Line(line, "date-stamp", "date stamp")
    if is_dateline_only(line):
        return Line(line, "dateline", "dateline on its own line")
    if _is_caption(line, words):
        return Line(line, "caption", "photo caption: ends with a date, no reporting verb")
    if _TRUNCATED.search(line):
        return Line(line, "truncated", "teaser cut short")
    if (
        len(words) <= _SHORT_MAX_WORDS
        and not _SENTENCE_END.search(line)
        and (not _QUESTION_END.search(line) or len(words) <= _QUESTION_HEADLINE_MAX_WORDS)
    ):
        return Line(line, "short", "short line without closing punctuation")
    return Line(line, STORY)


def _key(line: str) -> str:
    return " ".join(_words(line.casefold()))


def _mark_repeats(lines: list[Line]) -> None:
    """A short line printed twice is the page's headline furniture, not story."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.kind in SOFT:
            counts[_key(line.text)] = counts.get(_key(line.text), 0) + 1
    for line in lines:
        if line.kind in SOFT and counts[_key(line.text)] > 1:
            line.kind, line.reason = "repeat", "short line repeated (headline furniture)"


def _mark_after_end(lines: list[Line]) -> None:
    seen_story = False
    for i, line in enumerate(lines):
        seen_story = seen_story or line.kind == STORY
        if line.kind == "end" and seen_story:
            for rest in lines[i + 1 :]:
                rest.kind, rest.reason = "after-end", f"after '{line.text}'"
            return


def _mark_footnotes(lines: list[Line]) -> None:
    """Footnote lines whose marker ("*", "†") is attached to a word of the story."""
    body = "\n".join(line.text for line in lines if line.kind == STORY)
    for line in lines:
        match = _FOOTNOTE.match(line.text)
        if not match:
            continue
        marker = re.escape(match.group(1))
        if re.search(rf"\w{marker}(?!\w)", body):
            line.kind, line.reason = "footnote", f"footnote to a '{match.group(1)}' in the text"


def _mark_teaser_lists(lines: list[Line]) -> list[tuple[int, list[int]]]:
    """Two or more "headline / date stamp [/ headline]" blocks in a row: a sidebar.

    A list shows it is a sidebar when a headline is printed twice around its
    date or a teaser is cut short ("..."); its teasers go at once, but for the
    last one. A list without those signs may be a live blog (entries with
    their time stamps), so its text goes only if it is the page's tail: story
    before it, nothing but leftovers after it. Returns those undecided groups
    of lines (decided once every other rule ran).
    """
    blocks: list[tuple[int, int]] = []  # (headline, last line: date or repeated headline)
    i = 0
    while i < len(lines) - 1:
        line = lines[i]
        if line.kind in SOFT | {"repeat"} and lines[i + 1].kind == "date-stamp":
            end = i + 1
            if end + 1 < len(lines) and _key(lines[end + 1].text) == _key(line.text):
                end += 1
            blocks.append((i, end))
            i = end + 1
        else:
            i += 1
    pending: list[tuple[int, list[int]]] = []  # (first line of the list, its text lines)

    def close(group: list[tuple[int, int]]) -> None:
        if len(group) < 2:
            return
        last = group[-1][1] + 1
        span = range(group[0][0], min(last + 1, len(lines)))
        text_lines = [k for k in span if lines[k].kind in SOFT | {STORY}]
        sidebar = any(end - start == 2 for start, end in group) or any(
            lines[k].kind == "truncated" for k in text_lines
        )
        if not sidebar:
            pending.append((group[0][0], text_lines))
            return
        for k in text_lines:
            if k < last or lines[k].kind == "truncated":
                lines[k].kind, lines[k].reason = "teaser", "in a list of dated teasers"
            else:
                pending.append((group[0][0], [k]))

    group: list[tuple[int, int]] = []
    for block in blocks:
        # one teaser line (or none) between blocks keeps them in the same list
        if group and block[0] - group[-1][1] <= 2:
            group.append(block)
        else:
            close(group)
            group = [block]
    close(group)
    return pending


def _mark_runs(lines: list[Line]) -> None:
    """A run of non-story lines holding any leftover is a leftover as a whole."""
    i = 0
    while i < len(lines):
        if lines[i].kind == STORY:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].kind != STORY:
            j += 1
        run = lines[i:j]
        if any(line.kind in HARD for line in run):
            for line in run:
                if line.kind in SOFT:
                    line.kind, line.reason = "beside-leftover", "short line beside page leftovers"
        i = j


def _mark_edges(lines: list[Line]) -> None:
    """Short lines before the first and after the last story line: header, footer."""
    story = [i for i, line in enumerate(lines) if line.kind == STORY]
    if not story:
        return
    for line in lines[: story[0]]:
        if line.kind in SOFT:
            line.kind, line.reason = "header", "page header before the story"
    for line in lines[story[-1] + 1 :]:
        if line.kind in SOFT:
            line.kind, line.reason = "footer", "page footer after the story"


def _title(lines: list[Line]) -> str | None:
    for line in lines:
        if line.kind == STORY:
            return None
        if line.kind in {"header", "beside-leftover", "short"} and len(_words(line.text)) >= 3:
            return line.text
    return None


def clean_text(text: str) -> CleanResult:
    """The story of ``text`` as paragraphs separated by blank lines, and what was removed."""
    raw_lines = _unwrap(normalise_text(text).split("\n"))
    lines = [_classify(line) for line in raw_lines if line]
    _mark_repeats(lines)
    _mark_after_end(lines)
    _mark_footnotes(lines)
    pending = _mark_teaser_lists(lines)
    _mark_runs(lines)
    for start, group in pending:
        tail = all(line.kind not in SOFT | {STORY} for line in lines[group[-1] + 1 :])
        if group and tail and any(line.kind == STORY for line in lines[:start]):
            for index in group:
                lines[index].kind, lines[index].reason = "teaser", "dated teasers at the end of the page"
    if not any(line.kind == STORY for line in lines):
        # Nothing sentence-shaped (a bare headline, a list of notes): keep all
        # that is not a leftover rather than return nothing.
        for line in lines:
            if line.kind in SOFT:
                line.kind = STORY
    else:
        _mark_edges(lines)
    title = _title(lines)
    first_story = next((i for i, line in enumerate(lines) if line.kind in {STORY} | SOFT), len(lines))
    header_dates = [
        line.text for line in lines[:first_story] if line.kind in {"date-stamp", "dateline"}
    ]
    # a photo caption above the story dates it when nothing else does ("Smoke rises from houses
    # during fighting in Qala-e-Naw, the capital of Badghis province, July 7, 2021")
    caption_dates = [
        match.group(0).strip(" ,.") for line in lines[:first_story] if line.kind == "caption"
        for match in [_CAPTION_DATE.search(line.text)] if match
    ]
    kept = [line.text for line in lines if line.kind == STORY or line.kind in SOFT]
    removed = [(line.text, line.reason) for line in lines if not (line.kind == STORY or line.kind in SOFT)]
    return CleanResult("\n\n".join(kept), title, header_dates, removed, caption_dates)
