"""The events stage's data files, loaded once, and the cue matcher built from them.

All vocabulary lives in ``events/data/*.yaml``; this module only reads it.
A cue phrase (``cues.yaml``) matches when each of its lowercase words
equals a token's lowercase form or lemma; words with capitals match exactly;
a trailing ``*`` matches a prefix. Tables are built lazily, once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..yamlload import safe_yaml


@functools.cache
def load(name: str) -> dict[str, Any]:
    """A YAML file of ``events/data`` (cached)."""
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return safe_yaml(text)


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
    from ..nlp.model import blank_english

    return blank_english().tokenizer


class PhraseTable:
    """Phrases grouped by label, matched on a token's lowercase form or lemma.

    Hand-written instead of spaCy's ``Matcher``: with a thousand phrases the
    Matcher walks every pattern at every token (it dominated the stage's
    time); here phrases are indexed by their first word, so a token costs two
    dictionary look-ups. Words with capitals match exactly; ``word*`` matches
    a prefix; ``lemmas=False`` matches surface forms only.
    """

    def __init__(self, groups: dict[str, list[str]], lemmas: bool = True):
        self.lemmas = lemmas
        self.first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.prefixed: list[tuple[tuple[str, ...], str]] = []
        tokenizer = _tokenizer()
        for label, phrases in groups.items():
            for phrase in phrases:
                words = tuple(_split(tokenizer, str(phrase)))
                if not words:
                    continue
                if words[0].endswith("*"):
                    self.prefixed.append((words, label))
                else:
                    self.first.setdefault(words[0], []).append((words, label))

    def matches(self, doc: Any) -> list[tuple[str, int, int]]:
        texts, lowers, lemmas = token_forms(doc)
        prefixes = tuple(words[0][:-1].lower() for words, _ in self.prefixed)
        found: list[tuple[str, int, int]] = []
        n = len(texts)
        for i in range(n):
            keys = {texts[i], lowers[i], lemmas[i]} if self.lemmas else {texts[i], lowers[i]}
            candidates: list[tuple[tuple[str, ...], str]] = []
            for key in keys:
                candidates.extend(self.first.get(key, ()))
            if prefixes and lowers[i].startswith(prefixes):
                candidates.extend(self.prefixed)
            for words, label in candidates:
                end = i + len(words)
                if end > n:
                    continue
                for k, word in enumerate(words):
                    j = i + k
                    if word.endswith("*") and len(word) > 1:
                        ok = lowers[j].startswith(word[:-1].lower())
                    elif word != word.lower():
                        ok = texts[j] == word
                    else:
                        ok = word == lowers[j] or (self.lemmas and word == lemmas[j])
                    if not ok:
                        break
                else:
                    found.append((label, i, end))
        return found

    def find(self, doc: Any) -> list[Cue]:
        """Cues in text order; where phrases overlap the longest wins (all its labels kept)."""
        return self.longest(self.matches(doc), len(doc))

    @staticmethod
    def longest(matches: list[tuple[str, int, int]], length: int) -> list[Cue]:
        found: dict[tuple[int, int], set[str]] = {}
        for label, start, end in matches:
            found.setdefault((start, end), set()).add(label)
        taken = [False] * length
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


def token_forms(doc: Any) -> tuple[list[str], list[str], list[str]]:
    """(texts, lowercase forms, lowercase lemmas) of a Doc's tokens, computed once per Doc.

    Creating spaCy Token objects is the stage's main cost; loops that only read
    strings go through these lists instead."""
    forms = doc.user_data.get("frontlines.forms")
    if forms is None:
        tokens = list(doc)
        forms = ([t.text for t in tokens], [t.lower_ for t in tokens], [t.lemma_.lower() for t in tokens])
        doc.user_data["frontlines.forms"] = forms
        doc.user_data["frontlines.deps"] = [t.dep_ for t in tokens]
        doc.user_data["frontlines.tags"] = [t.tag_ for t in tokens]
    return forms


def token_tags(doc: Any) -> list[str]:
    token_forms(doc)
    return doc.user_data["frontlines.tags"]


def span_root(doc: Any, start: int, end: int) -> Any:
    """The syntactic root of a token span, computed once per Doc and span."""
    roots = doc.user_data.setdefault("frontlines.roots", {})
    index = roots.get((start, end))
    if index is None:
        index = roots[(start, end)] = doc[start:end].root.i
    return doc[index]


def token_deps(doc: Any) -> list[str]:
    token_forms(doc)
    return doc.user_data["frontlines.deps"]


def doc_text(doc: Any) -> str:
    """A Doc's text, joined once per Doc (spaCy rebuilds it on every access)."""
    text = doc.user_data.get("frontlines.text")
    if text is None:
        text = doc.user_data["frontlines.text"] = doc.text
    return text


@functools.cache
def cue_table() -> PhraseTable:
    return PhraseTable(load("cues.yaml")["signals"])


def cues(doc: Any) -> list[Cue]:
    """The event cues of a sentence Doc (signals of ``cues.yaml``), computed once per Doc."""
    cached = doc.user_data.get("frontlines.cues")
    if cached is None:
        nouns = word_set("cues.yaml", "noun_only_cues")
        cached = doc.user_data["frontlines.cues"] = [
            c for c in cue_table().find(doc)
            if not (c.end - c.start == 1 and doc[c.start].lemma_.lower() in nouns and doc[c.start].pos_ != "NOUN")
        ]  # "a crowded market" is no crowd
    return cached


def deed_tokens(doc: Any) -> set[int]:
    """Token indices of every cue phrase of the sentence (its deed words)."""
    return {i for c in cues(doc) for i in range(c.start, c.end)}


def first_conjunct(token: Any) -> Any:
    """The first of a run of coordinated words ("Tal Rafaat, Anadan and other towns")."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token
