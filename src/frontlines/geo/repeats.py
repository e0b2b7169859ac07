"""A place named again is the same place: one sense of a name per story.

A story calls a place by its kind once ("the historic city of Palmyra", "the
Menagh air base") and by its bare name after that ("The Russian air force has
hit Palmyra"). The bare name alone may not be read as a place: the world's
towns are looked up only where spaCy tags a place or the text calls one, an
exonym counts only where the story frames it, and a village the gazetteer
lacks is known only from its frame. So each later occurrence of the exact
written name of a place resolved earlier in the story, in a sentence that has
no place at that span, is the same place (geo_precision and all).

Not where the occurrence is part of a longer capitalised name ("Palmyra
Hotel"), a person's name spaCy found, or a possessive of a government
("Damascus's decision" is still a place here: such readings are the events
stage's to judge, as for any other place). Hand-written: a string search over
the sentences, since the names are already known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..models import Place

_MIN_LENGTH = 4  # shorter names ("Hit", "Bam") are ordinary words too often
_KINDS = ("town", "village", "area", "district")


def repeated(sentences: Sequence[Any], places: list[Place]) -> list[Place]:
    """``places`` with each later bare repetition of a resolved place's written name added."""
    first: dict[str, Place] = {}
    for place in sorted(places, key=lambda p: p.start):
        text = place.text.strip()
        if place.kind in _KINDS and len(text) >= _MIN_LENGTH and text[:1].isupper() and text not in first:
            first[text] = place
    if not first:
        return places
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(first, key=len, reverse=True)) + r")(?![\w-])")
    taken = sorted((p.start, p.end) for p in places)
    added: list[Place] = []
    for sentence in sentences:
        for match in pattern.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            origin = first[match.group(1)]
            if start <= origin.start or any(a < end and start < b for a, b in taken):
                continue
            if _in_longer_name(sentence, match.start(), match.end()):
                continue
            added.append(replace(origin, text=match.group(1), start=start, end=end))
    return sorted(places + added, key=lambda p: p.start) if added else places


def _in_longer_name(sentence: Any, start: int, end: int) -> bool:
    """Proper nouns glued to the name ("Palmyra Hotel", "Abu Palmyra"), or a person or an
    organisation spaCy found around it."""
    doc = sentence.doc
    if doc is None:
        return True  # not analysed: no way to tell
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    if any(t.pos_ == "PROPN" and t.text[:1].isupper() for t in neighbours):
        return True
    return sentence.entities and any(
        e.label_ in ("PERSON", "ORG", "WORK_OF_ART", "EVENT", "FAC")
        and e.start <= span.start and span.end <= e.end and len(e) > len(span)
        for e in doc.ents
    )
