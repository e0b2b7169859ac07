"""The learned model's decision values from plain arrays: TF-IDF features and a linear model.

Training is scikit-learn's (``TfidfVectorizer`` + ``LinearSVC``, events.learned); what a run
needs afterwards is the fitted vocabularies, idf weights, coefficients and intercepts. They are
kept as numpy arrays in an ``.npz`` file (read with ``allow_pickle=False``: no code in the file
is ever run), and the decision values are computed here.

Written by hand on purpose: importing scikit-learn costs about 1.5-3.5 s of every run's start
(it imports scipy.stats), for three lines of arithmetic. What is reproduced is exactly
scikit-learn's (1.x) ``TfidfVectorizer`` with its defaults as events.learned sets them:
lowercase; the ``word`` analyzer with the token pattern ``(?u)\\b\\w\\w+\\b`` and n-grams joined
by a space; the ``char_wb`` analyzer (each whitespace-separated word padded with one space,
n-grams inside it, a word shorter than n counted once); raw counts, ``1 + log(tf)`` when
sublinear, times idf, L2-normalised per vectorizer. tests/test_events_learned.py checks the
scores against scikit-learn's own on every example.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "1"  # of the .npz file; part of the cache key
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class Analyzer:
    """What one TfidfVectorizer was fitted with (the settings that change its features)."""

    analyzer: str  # "word" | "char_wb"
    ngram_range: tuple[int, int]
    sublinear_tf: bool = True

    def grams(self, lowered: str) -> list[str]:
        low, high = self.ngram_range
        if self.analyzer == "word":
            tokens = _TOKEN.findall(lowered)
            grams = list(tokens) if low == 1 else []
            for n in range(max(low, 2), min(high, len(tokens)) + 1):
                grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
            return grams
        grams = []
        for word in lowered.split():
            padded = f" {word} "
            for n in range(low, high + 1):
                if len(padded) <= n:
                    grams.append(padded)  # a short word is counted once, as itself
                    break
                grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
        return grams


@dataclass(frozen=True)
class LinearTfidf:
    """Vocabularies and idf of each analyzer, then ``scores = features @ coef.T + intercept``."""

    analyzers: tuple[Analyzer, ...]
    vocabularies: tuple[dict[str, int], ...]
    idf: tuple[Any, ...]
    coef: Any  # (classes, features of every analyzer, in order)
    intercept: Any  # (classes,)
    classes_: Any  # class names, as the classifier orders them

    @classmethod
    def from_fitted(cls, analyzers: Sequence[Analyzer], vectorizers: Sequence[Any], classifier: Any) -> LinearTfidf:
        import numpy as np

        vocabularies = tuple({str(t): int(i) for t, i in v.vocabulary_.items()} for v in vectorizers)
        return cls(tuple(analyzers), vocabularies, tuple(np.asarray(v.idf_, dtype=np.float64) for v in vectorizers),
                   np.asarray(classifier.coef_, dtype=np.float64), np.asarray(classifier.intercept_, dtype=np.float64),
                   np.asarray([str(c) for c in classifier.classes_]))

    def scores(self, text: str) -> Any:
        import numpy as np

        lowered = text.lower()
        columns, values, offset = [], [], 0
        for analyzer, vocabulary, idf in zip(self.analyzers, self.vocabularies, self.idf, strict=True):
            counts = Counter(vocabulary[g] for g in analyzer.grams(lowered) if g in vocabulary)
            index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weights = (np.log(tf) + 1.0 if analyzer.sublinear_tf else tf) * idf[index]
            norm = np.sqrt((weights * weights).sum())
            columns.append(index + offset)
            values.append(weights / norm if norm > 0 else weights)
            offset += len(vocabulary)
        index, weights = np.concatenate(columns), np.concatenate(values)
        return self.coef[:, index] @ weights + self.intercept

    # -- the file -------------------------------------------------------------------------------

    def save(self, path: Path, key: str) -> None:
        """Write the arrays to ``path`` (an .npz), with ``key`` inside to be checked on reading."""
        import numpy as np

        arrays: dict[str, Any] = {"key": np.asarray(key), "format": np.asarray(FORMAT), "coef": self.coef,
                                  "intercept": self.intercept, "classes": self.classes_}
        for n, (vocabulary, idf) in enumerate(zip(self.vocabularies, self.idf, strict=True)):
            terms = [""] * len(vocabulary)
            for term, column in vocabulary.items():
                terms[column] = term
            arrays[f"terms{n}"], arrays[f"idf{n}"] = np.asarray(terms), idf
        with open(path, "wb") as handle:
            np.savez_compressed(handle, **arrays)

    @classmethod
    def load(cls, path: Path, key: str, analyzers: Sequence[Analyzer]) -> LinearTfidf:
        """The model in ``path``; ValueError when it is not one written by :meth:`save` under ``key``
        for these analyzers (another version, cut short, corrupt)."""
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            if str(data["format"]) != FORMAT or str(data["key"]) != key:
                raise ValueError(f"written for another version (key {data['key']})")
            terms = [data[f"terms{n}"] for n in range(len(analyzers))]
            idf = tuple(np.asarray(data[f"idf{n}"], dtype=np.float64) for n in range(len(analyzers)))
            coef, intercept, classes = data["coef"], data["intercept"], data["classes"]
        width = sum(len(t) for t in terms)
        if coef.shape != (len(classes), width) or intercept.shape != (len(classes),) or any(
            len(t) != len(i) for t, i in zip(terms, idf, strict=True)
        ):
            raise ValueError("arrays of inconsistent shapes")
        vocabularies = tuple({str(term): column for column, term in enumerate(t)} for t in terms)
        return cls(tuple(analyzers), vocabularies, idf, coef, intercept, classes)
