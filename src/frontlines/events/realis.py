"""Is a sentence news of a concrete occurrence? A learned judge over a sentence encoder.

Real wire stories use the words of violence far more often than they report
violence: quotes of condemnation, plans and warnings, talks about a ceasefire,
analysis ("Turkey is part of the coalition fighting Islamic State"), history
("a similar attack in November") and period totals. The rules of events.detect
find a deed word and its arguments; this module says whether the sentence
reports that the deed happened.

A frozen encoder (nlp.encoder: all-MiniLM-L6-v2, int8 ONNX) turns a sentence
into 384 numbers; a multinomial logistic regression over them ("the head")
gives four probabilities:

* ``event``      a specific occurrence told as news (or claimed by a party)
* ``background`` a specific past occurrence told as history
* ``statistic``  a total or trend over a period or an area
* ``none``       no occurrence: opinion, plan, threat, talks, analysis, denial ...

The head is trained on the project's own written sentences only
(data/realis.tsv, labelled with these four classes, and the typed examples of
data/examples.tsv: a typed sentence is an ``event``, a "None" one ``none``),
never on reference data. It is shipped as data/realis_head.json (a few
thousand numbers) with a fingerprint of the examples and the encoder it was
trained from; ``python -m frontlines.events.realis train`` retrains it, and a
test fails when the examples changed without retraining. How its
probabilities are used (thresholds, calibrated on real articles) is
events/data/realis.yaml, applied in events.__init__.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from dataclasses import dataclass
from importlib import resources
from typing import Any

from . import lexicon
from .learned import EXAMPLES, NO_EVENT, read_examples

LABELS = ("event", "background", "statistic", "none")
REALIS = "data/realis.tsv"
HEAD = "data/realis_head.json"
C = 4.0  # inverse regularisation of the head; chosen by cross-validation between the example batches (see train())


@dataclass(frozen=True)
class Judgement:
    """The head's probabilities for one sentence."""

    event: float
    background: float
    statistic: float
    none: float

    @property
    def label(self) -> str:
        return max(LABELS, key=lambda name: getattr(self, name))


def read_realis(text: str) -> list[tuple[str, str]]:
    """(text, label) of an ``id<TAB>label<TAB>category<TAB>text`` file; '#' lines and the header skipped."""
    pairs = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or line.startswith("#") or parts[0] == "id":
            continue
        if parts[1] in LABELS:
            pairs.append((parts[3], parts[1]))
    return pairs


def _data(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def training_set() -> list[tuple[str, str]]:
    """Every own example as (text, realis label)."""
    pairs = read_realis(_data(REALIS))
    for text, label in read_examples(_data(EXAMPLES)):
        pairs.append((text, "none" if label == NO_EVENT else "event"))
    return pairs


def fingerprint(pairs: list[tuple[str, str]]) -> str:
    from ..nlp.encoder import MODEL_SHA256

    digest = hashlib.sha256(MODEL_SHA256.encode())
    for text, label in pairs:
        digest.update(f"{label}\t{text}\n".encode())
    digest.update(f"C={C}".encode())
    digest.update("\n".join(rules()["date_patterns"]).encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Head:
    labels: tuple[str, ...]
    weights: Any  # (classes, 384)
    bias: Any  # (classes,)
    fingerprint: str

    def probabilities(self, vectors: Any) -> Any:
        import numpy as np

        scores = vectors @ self.weights.T + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


def fit(texts: list[str], labels: list[str], vectors: Any = None) -> Head:
    """The head fitted on sentences (embedded here unless ``vectors`` are given)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from ..nlp import encoder

    vectors = encoder.load().embed([masked(t) for t in texts]) if vectors is None else vectors
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit(vectors, labels)
    order = [list(model.classes_).index(name) for name in LABELS]
    return Head(LABELS, np.asarray(model.coef_)[order], np.asarray(model.intercept_)[order],
                fingerprint(list(zip(texts, labels, strict=True))))


@functools.cache
def head() -> Head:
    """The shipped head (data/realis_head.json)."""
    import numpy as np

    record = json.loads(_data(HEAD))
    return Head(tuple(record["labels"]), np.array(record["weights"], dtype=np.float32),
                np.array(record["bias"], dtype=np.float32), record["fingerprint"])


@functools.cache
def _dates() -> Any:
    import re

    return re.compile("|".join(f"(?:{p})" for p in rules()["date_patterns"]), re.IGNORECASE)


def masked(text: str) -> str:
    """The sentence with its dates replaced by "DATE" (data/realis.yaml: why)."""
    return _dates().sub("DATE", text)


def judge(texts: list[str]) -> list[Judgement]:
    """The head's judgement of each sentence, embedded in one batch."""
    if not texts:
        return []
    from ..nlp import encoder

    probabilities = head().probabilities(encoder.load().embed([masked(t) for t in texts]))
    return [Judgement(**{name: float(row[i]) for i, name in enumerate(LABELS)}) for row in probabilities]


@functools.cache
def rules() -> dict[str, Any]:
    """How judgements are used (data/realis.yaml)."""
    return lexicon.load("realis.yaml")


def train() -> Head:
    """Fit the head on every own example and write data/realis_head.json beside this module."""
    from pathlib import Path

    pairs = training_set()
    fitted = fit([t for t, _ in pairs], [label for _, label in pairs])
    path = Path(__file__).parent / HEAD
    path.write_text(json.dumps({
        "about": "events.realis head: multinomial logistic regression over all-MiniLM-L6-v2 sentence "
                 "vectors, trained on data/realis.tsv and data/examples.tsv by "
                 "`python -m frontlines.events.realis train`",
        "labels": list(fitted.labels),
        "fingerprint": fitted.fingerprint,
        "examples": len(pairs),
        "weights": [[round(float(x), 6) for x in row] for row in fitted.weights],
        "bias": [round(float(x), 6) for x in fitted.bias],
    }) + "\n", encoding="utf-8")
    return fitted


if __name__ == "__main__":  # python -m frontlines.events.realis train
    if sys.argv[1:] == ["train"]:
        trained = train()
        print(f"trained on {len(training_set())} examples; fingerprint {trained.fingerprint}")
    else:
        print("usage: python -m frontlines.events.realis train", file=sys.stderr)
        sys.exit(2)
