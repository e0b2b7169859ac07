"""Stage 2, nlp: split an article into sentences and analyse them with spaCy.

Reads ``Article.text``; fills ``Article.sentences``.

Speed matters more here than anywhere else (see ``frontlines bench``): the
statistical pipeline (tagger, parser, NER) is run only on sentences that may
hold an event, as decided by the ``select`` predicate; the others are only
tokenised, which is enough for the gazetteer matcher.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from ..models import Article, Sentence
from .model import load_model

# A blank line or a line break ends a sentence: headlines, captions and
# datelines carry no final full stop.
_BLOCK = re.compile(r"[^\n]+")

Selector = Callable[[str], bool]


def _select_all(_: str) -> bool:
    return True


@functools.cache
def _sentencizer():
    """Rule-based sentence splitter sharing the model's tokenizer rules."""
    from spacy.lang.en import English

    splitter = English()
    splitter.add_pipe("sentencizer")
    return splitter


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (line breaks always split)."""
    spans: list[tuple[int, int]] = []
    blocks = [(m.start(), m.group()) for m in _BLOCK.finditer(text) if m.group().strip()]
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
                spans.append((start, end))
    return spans


def annotate(article: Article, select: Selector | None = None, batch_size: int = 64) -> Article:
    """Fill ``article.sentences``; full analysis only where ``select`` says so."""
    annotate_many([article], select, batch_size)
    return article


def annotate_many(
    articles: Iterable[Article], select: Selector | None = None, batch_size: int = 64
) -> list[Article]:
    """Batch version of :func:`annotate`: one ``nlp.pipe`` call over all articles."""
    nlp = load_model()
    select = select or _select_all
    articles = list(articles)
    pending: list[Sentence] = []
    for article in articles:
        article.sentences = []
        for start, end in split_sentences(article.text):
            text = article.text[start:end]
            sentence = Sentence(start=start, end=end, text=text, analysed=select(text))
            article.sentences.append(sentence)
            if sentence.analysed:
                pending.append(sentence)
            else:
                sentence.doc = nlp.make_doc(text)
    for sentence, doc in zip(
        pending, nlp.pipe((s.text for s in pending), batch_size=batch_size), strict=True
    ):
        sentence.doc = doc
    return articles
