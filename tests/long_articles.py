"""Long articles for the tests and the benchmark of cost against article size.

An article of about ``size`` bytes made of the example articles' paragraphs (examples/articles,
the project's own text), repeated in a shuffled order with their numbers varied, the way a long
live blog or a compiled report repeats the same kinds of sentences about many incidents.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def paragraphs() -> list[str]:
    """The example articles' paragraphs of prose (page furniture and headlines left out)."""
    found = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            block = " ".join(block.split())
            if len(block) >= 80 and block.count(" ") >= 12:
                found.append(block)
    return found


def long_article(size: int, seed: int = 0) -> str:
    """About ``size`` bytes of news paragraphs (a headline first, the story after)."""
    rng = random.Random(seed)
    pool = paragraphs()
    parts, length = ["Fighting continues across northern provinces"], 0
    while length < size:
        order = pool[:]
        rng.shuffle(order)
        for block in order:
            block = re.sub(r"\b\d{1,3}\b", lambda _: str(rng.randint(2, 60)), block)
            parts.append(block)
            length += len(block.encode("utf-8")) + 2
            if length >= size:
                break
    return "\n\n".join(parts)


def annotated(size: int, published: str = "2021-07-01"):
    """A long article of about ``size`` bytes, read and analysed by spaCy (nlp stage only)."""
    from frontlines.events import may_hold_event
    from frontlines.geo import needs_entities
    from frontlines.ingest import article_from_string
    from frontlines.nlp.annotate import annotate

    article = article_from_string(long_article(size), published=published)
    annotate(article, select=may_hold_event, entities=needs_entities)
    return article


def repeated(article, times: int):
    """The analysed ``article`` told ``times`` times over, one after the other (its sentences and
    their spaCy docs shared, offsets shifted): a long article whose spaCy pass costs nothing more,
    for the stages after it (geo, events)."""
    import dataclasses

    step = len(article.text) + 2
    return dataclasses.replace(
        article,
        text="\n\n".join([article.text] * times),
        sentences=[dataclasses.replace(s, start=s.start + k * step, end=s.end + k * step)
                   for k in range(times) for s in article.sentences],
        places=[], events=[],
    )
