"""Stage 2, nlp: split an article into sentences and analyse them with spaCy.

Reads ``Article.text``; fills ``Article.sentences``.

Speed matters more here than anywhere else (see ``frontlines bench``): the
statistical pipeline (tagger, parser, NER) is run only on sentences that may
hold an event, as decided by the ``select`` predicate; the others are only
tokenised, which is enough for the gazetteer matcher. Among the analysed
sentences, the entity recogniser (about half of spaCy's time on press
releases) runs only where the ``entities`` predicate says a name in the
sentence is not already explained by the gazetteer and known vocabulary.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from ..models import Article, Sentence
from .model import load_model

# A blank line or a line break ends a sentence: headlines, captions and
# datelines carry no final full stop.
_BLOCK = re.compile(r"[^\n]+")

Selector = Callable[[str], bool]
EntityNeed = Callable[[Any], bool]  # spaCy Doc of a sentence (tokens only) -> run NER on it?

# A dateline opens a paragraph: a capitalised place name ("KABUL", "Lashkar Gah",
# "Mazar-i-Sharif"; several joined by "/": "ANKARA/ISTANBUL (Reuters) -"), optionally a country or region, a date and an agency in
# parentheses ("KABUL, Afghanistan (AFP)", "KABUL, Jan 5 (Reuters)"), then a colon
# or a dash, then the story's first sentence. Left in that sentence it becomes
# its subject in spaCy's parse ("Kabul: Afghan forces wrested ..." -> "Kabul" is
# the root); split off, the sentence parses as written. Hand-written: spaCy has
# no dateline rule, and the shape is the news agencies' house style.
_NAME_WORD = r"[A-Z][A-Za-z\u00C0-\u024F'\u2019.-]*"
_CONNECTOR = r"(?:de|del|da|do|dos|das|di|el|al|la|le|e|i|ul|ur|es|y|of|upon|on)"
_NAME = rf"{_NAME_WORD}(?:[ ]+(?:{_CONNECTOR}[ ]+)?{_NAME_WORD}){{0,3}}"
_DATE = r"[A-Z][a-z]{2,8}\.?[ ]+\d{1,2}(?:,[ ]*\d{4})?"
_DATELINE = re.compile(
    rf"(?P<dateline>(?!(?:The|A|An|This|That|These|In|On|At|As|If|But|And|When|After|Before|For|To)\b)"
    rf"{_NAME}(?:/{_NAME}){{0,3}}(?:,[ ]*(?:{_DATE}|{_NAME})){{0,2}}(?:,?[ ]*\([^()\n]{{1,40}}\))?"
    r"(?:[ ]*:|[ ]+(?:-{1,2}|[\u2013\u2014])|[ ]*[\u2013\u2014]))"
    r"(?=[ \t]*$|[ \t]*[\"\u201c\u2018'(]?[A-Z0-9])"
)


def _select_all(_: str) -> bool:
    return True


@functools.cache
def _sentencizer():
    """Rule-based sentence splitter sharing the model's tokenizer rules."""
    from .model import blank_english

    splitter = blank_english()
    if "sentencizer" not in splitter.pipe_names:
        splitter.add_pipe("sentencizer")
    return splitter


# Wire copy reposted without its agency credit keeps only the capitals: "BEIRUT Syrian
# forces ...", "BEIRUT/MUNICH The Turkish army ...", "MADAYA, Syria An aid convoy ...".
# Words of three or more capitals (several joined by "/"), an optional country word,
# then the story's first word; only where a story opens (its first paragraph).
_CAPS_WORD = r"[A-Z][A-Z'.À-Þ-]{2,}"
_CAPS_DATELINE = re.compile(
    rf"(?P<dateline>{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,2}}(?:/{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,2}})*"
    r"(?:,[ ]*[A-Z][a-z]+)?)"
    r"(?=[ \t]*$|[ ]+[\"\u201c\u2018']?[A-Z0-9])"
)


def dateline_end(text: str, opening: bool = True) -> int:
    """Length of the dateline opening ``text`` (through its colon or dash), 0 when none.

    ``opening``: ``text`` opens the story, where a dateline may be capitals alone.
    """
    lead = len(text) - len(text.lstrip())
    match = _DATELINE.match(text, lead)
    if match is None and opening:
        match = _CAPS_DATELINE.match(text, lead)
    return match.end() if match else 0


def _blocks(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """The lines of ``text`` to split into sentences, each dateline already its own sentence."""
    datelines: list[tuple[int, int]] = []
    blocks: list[tuple[int, str]] = []
    for m in _BLOCK.finditer(text):
        block = m.group()
        if not block.strip():
            continue
        cut = dateline_end(block, opening=not blocks)
        if cut and block[cut:].strip():
            lead = len(block) - len(block.lstrip())
            datelines.append((m.start() + lead, m.start() + cut))
            blocks.append((m.start() + cut, block[cut:]))
        else:
            blocks.append((m.start(), block))
    return datelines, blocks


# A subheading whose line break was lost in copying runs into the sentence after it:
# "ECHOES OF PARISIndonesia has seen attacks ...", "ALEPPO AIR STRIKESSaudi Arabia's
# foreign minister ...". Two or more words of capitals, the last glued to a capitalised
# word: the heading is cut off as a sentence of its own (a line of capitals, read like a
# dateline: not analysed), so its words are not read as part of the sentence. One word
# of capitals is left alone ("IEDs", "ISAFTroops" are not headings).
_GLUED_HEADING = re.compile(r"(?:[A-Z][A-Z'’-]+[ ]){1,6}[A-Z][A-Z'’-]*?[A-Z](?=[A-Z][a-z]{2})")


# A line of capitals after the first sentence: a subheading ("ECHOES OF PARIS", "WARPLANES,
# TRAINING, SURVEILLANCE"), its words maybe separated by commas or "&".
_SUBHEADING = re.compile(r"(?:[A-Z][A-Z'\u2019-]*(?:,|[ ]&)?[ ]){1,6}[A-Z][A-Z'\u2019-]*$")


def _cut_heading(text: str, start: int, end: int) -> list[tuple[int, int]]:
    match = _GLUED_HEADING.match(text, start, end)
    if match is None:
        return [(start, end)]
    return [(start, match.end()), (match.end(), end)]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (line breaks always split; a
    dateline opening a paragraph is a sentence of its own, and so is a subheading
    glued to the sentence after it)."""
    spans, blocks = _blocks(text)
    for (offset, _), doc in zip(blocks, _sentencizer().pipe(b for _, b in blocks), strict=True):
        for sent in doc.sents:
            start = offset + sent.start_char
            end = offset + sent.end_char
            # trim surrounding white space so spans slice back to the words
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.extend(_cut_heading(text, start, end))
    return sorted(spans)


def annotate(
    article: Article,
    select: Selector | None = None,
    batch_size: int = 64,
    entities: EntityNeed | None = None,
) -> Article:
    """Fill ``article.sentences``; full analysis only where ``select`` says so."""
    annotate_many([article], select, batch_size, entities)
    return article


def annotate_many(
    articles: Iterable[Article],
    select: Selector | None = None,
    batch_size: int = 64,
    entities: EntityNeed | None = None,
) -> list[Article]:
    """Batch version of :func:`annotate`: one ``nlp.pipe`` call over all articles.

    Every sentence is tokenised once; the selected ones then go through the
    statistical components, with NER (``Sentence.entities``) only where
    ``entities(doc)`` is true (always, when no ``entities`` predicate is given).
    """
    nlp = load_model()
    select = select or _select_all
    articles = list(articles)
    with_ner: list[Sentence] = []
    without_ner: list[Sentence] = []
    for article in articles:
        article.sentences = []
        for index, (start, end) in enumerate(split_sentences(article.text)):
            text = article.text[start:end]
            # a dateline ("KABUL:", "Detonation:") names where the story was filed or what it is
            # about, and the sentence after it tells the event; a subheading ("ECHOES OF PARIS")
            # labels the paragraphs after it
            analysed = select(text) and dateline_end(text) < len(text) and not (index and _SUBHEADING.match(text))
            sentence = Sentence(start=start, end=end, text=text, analysed=analysed)
            sentence.doc = nlp.make_doc(text)
            article.sentences.append(sentence)
            if analysed:
                sentence.entities = entities is None or entities(sentence.doc)
                (with_ner if sentence.entities else without_ner).append(sentence)
    _analyse(nlp, with_ner, batch_size)
    if without_ner:
        with nlp.select_pipes(disable=[name for name in ("ner",) if name in nlp.pipe_names]):
            _analyse(nlp, without_ner, batch_size)
    return articles


def _analyse(nlp: Any, sentences: list[Sentence], batch_size: int) -> None:
    """Run the enabled components over the sentences' token Docs (no second tokenisation)."""
    for sentence, doc in zip(
        sentences, nlp.pipe((s.doc for s in sentences), batch_size=batch_size), strict=True
    ):
        sentence.doc = doc
