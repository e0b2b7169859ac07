"""Great cities abroad named where nothing else finds them (issue 11).

spaCy's small model often leaves a city like Aleppo untagged, the gazetteer scan reads the home
countries word by word but not the world, and :meth:`.focus.FocusFinder.focus_mentions` scans only
the story's focus country, which may be the attacker's ("Russian jets struck rebel positions near
Aleppo": Russia) or none. A great city's name after a locative is a place whatever the focus.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Article
from .focus import _capital, demonym_country, parsed_sentences
from .gazetteer import Gazetteer
from .normalize import name_key
from .recognize import Mention, _kind_after, _kind_before, _near, lexicon


def landmark_mentions(gaz: Gazetteer, article: Article, mentions: Sequence[Mention], min_population: int) -> list[Mention]:
    """The world's great cities named after a locative ("near Aleppo", "in Mosul") that
    neither the scan nor spaCy's NER took, whatever the focus: spaCy's small model often
    leaves "Aleppo" untagged, and a story whose focus is elsewhere ("Russian jets struck
    rebel positions near Aleppo": Russia) or absent never scans the city's country. Only an
    exact name of a city of at least ``min_population`` (``landmark_population``, calibrated in
    focus.yaml), not a word that names an actor, a demonym or an ordinary word."""
    lex = lexicon()
    taken = [(m.start, m.end) for m in mentions]
    found: list[Mention] = []
    for index, sentence, doc, tokens in parsed_sentences(article):
        for i in range(1, len(tokens)):
            if tokens[i - 1].lower_ not in lex.locatives or not _capital(tokens[i]):
                continue
            for j in range(min(len(tokens), i + 3) - 1, i - 1, -1):
                run = tokens[i : j + 1]
                if not all(_capital(t) or t.text == "-" for t in run):
                    continue
                if j + 1 < len(tokens) and _capital(tokens[j + 1]):
                    break  # a word of a longer name ("Tal" of "Tal Rifaat"), or a run too long to read
                text = doc[i : j + 1].text
                words = {t.lower_ for t in run}
                if words & (lex.not_place_words | lex.common_words) or demonym_country(text):
                    continue
                entries = gaz.landmarks(name_key(text), min_population)
                if not entries:
                    continue
                start, end = sentence.start + tokens[i].idx, sentence.start + tokens[j].idx + len(tokens[j])
                if not any(a < end and start < b for a, b in taken):
                    found.append(Mention(
                        start=start, end=end, text=text, sentence=index, candidates=entries,
                        kind_hint=_kind_after(tokens, j, lex) or _kind_before(tokens, i, lex),
                        match="world", locative=True, near=_near(tokens, i)))
                break
    return found
