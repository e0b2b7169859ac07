"""The events stage's data files, loaded once, and the cue matcher built from them.

All vocabulary lives in ``events/data/*.yaml``; this module only reads it.
A cue phrase (``cues.yaml``) becomes spaCy ``Matcher`` patterns: lowercase
words match a token's lowercase form or its lemma (two patterns per phrase,
one per attribute - spaCy matches one attribute per token), words with
capitals match exactly, a trailing ``*`` matches a prefix. Matchers are built
lazily per spaCy vocabulary (one per worker process) and cached.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


@functools.cache
def load(name: str) -> dict[str, Any]:
    """A YAML file of ``events/data`` (cached)."""
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def word_set(name: str, key: str) -> frozenset[str]:
    """One list of a data file as a set of lowercase words / phrases."""
    return frozenset(str(w).lower() for w in load(name)[key])


@dataclass(frozen=True)
class Cue:
    """A phrase of ``cues.yaml`` found in a sentence (token offsets in the sentence Doc)."""

    signal: str
    start: int
    end: int

    def tokens(self, doc: Any) -> Any:
        return doc[self.start:self.end]


@functools.cache
def _tokenizer():
    from spacy.lang.en import English

    return English().tokenizer


def _token_patterns(word: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(surface pattern, lemma pattern) for one word of a phrase."""
    if word.endswith("*") and len(word) > 1:
        regex = {"REGEX": "^" + re.escape(word[:-1].lower())}
        return {"LOWER": regex}, {"LOWER": regex}
    if word != word.lower():
        return {"ORTH": word}, {"ORTH": word}
    return {"LOWER": word}, {"LEMMA": word}


class PhraseTable:
    """Phrases grouped by label, matched on lowercase form or lemma."""

    def __init__(self, vocab: Any, groups: dict[str, list[str]]):
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab)
        self.label_of: dict[int, str] = {}
        tokenizer = _tokenizer()
        for label, phrases in groups.items():
            key = vocab.strings.add("CUE:" + label)
            self.label_of[key] = label
            patterns = []
            for phrase in phrases:
                words = _split(tokenizer, str(phrase))
                pairs = [_token_patterns(w) for w in words]
                patterns.append([p[0] for p in pairs])
                patterns.append([p[1] for p in pairs])
            self.matcher.add(key, patterns)

    def find(self, doc: Any) -> list[Cue]:
        """Cues in text order; where phrases overlap the longest wins (all its labels kept)."""
        found: dict[tuple[int, int], set[str]] = {}
        for match_id, start, end in self.matcher(doc):
            found.setdefault((start, end), set()).add(self.label_of[match_id])
        taken = [False] * len(doc)
        chosen: list[Cue] = []
        for (start, end) in sorted(found, key=lambda span: (span[0] - span[1], span[0])):
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            chosen.extend(Cue(label, start, end) for label in sorted(found[(start, end)]))
        return sorted(chosen, key=lambda cue: (cue.start, cue.signal))


def _split(tokenizer: Any, phrase: str) -> list[str]:
    # keep "word*" whole: the tokenizer would split the asterisk off
    words: list[str] = []
    for part in phrase.split():
        if part.endswith("*"):
            words.extend(t.text for t in tokenizer(part[:-1])[:-1])
            words.append(tokenizer(part[:-1])[-1].text + "*")
        else:
            words.extend(t.text for t in tokenizer(part))
    return words


_TABLES: dict[tuple[int, str], tuple[Any, PhraseTable]] = {}


def phrase_table(vocab: Any, name: str, groups: dict[str, list[str]]) -> PhraseTable:
    """A cached PhraseTable per vocabulary and name."""
    cached = _TABLES.get((id(vocab), name))
    if cached is None or cached[0] is not vocab:
        cached = (vocab, PhraseTable(vocab, groups))
        _TABLES[(id(vocab), name)] = cached
    return cached[1]


def cues(doc: Any) -> list[Cue]:
    """The event cues of a sentence Doc (signals of ``cues.yaml``)."""
    return phrase_table(doc.vocab, "cues", load("cues.yaml")["signals"]).find(doc)
