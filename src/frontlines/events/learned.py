"""A second opinion on a sentence's sub-event type, learned from the project's own examples.

The rules (cues, the dependency parse, territory frames) decide first; they
are precise on the phrasings they know and silent or wrong on the others.
A linear model over word and character n-grams, trained on the typed
example sentences the project writes itself (``data/examples.tsv``, each
labelled with its ACLED sub-event type, or "None" for a sentence that reports
no event - a class of its own, so the model can say so), generalises across wordings the
rules never saw. It is consulted in two places only (events.detect):

* ``confident_type(text)``: when its decision margin clears ``override_margin``
  its type replaces the rules' ("Chad's army said it had recaptured
  Faya-Largeau": the rules read a report, the model a retaking);
* the same, at ``fallback_margin``, for a lead sentence of an article in
  which the rules found no event at all.

Why a linear SVM over TF-IDF (scikit-learn) rather than a spaCy text
classifier: it trains from the ~850 examples in a few seconds, so no weights are
shipped, and its margins are what the thresholds in
``defaults.toml`` ([events] learned_*) were calibrated on (the snippets dev
set; see there). Training is deterministic: the same examples give the same
model on every machine. It is trained once per machine and version: the fitted
arrays are kept in the user cache directory under a key of everything they
depend on (frontlines.cache), and a run reads them without importing
scikit-learn (events.tfidf).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .. import config
from ..cache import Product, note, obtain, package_versions, version_key
from . import actors as actor_book
from . import claims, lexicon, roles
from .detect import TERRITORY_TYPES, Mention, fill_actors, name_the_crowd, sentence_places
from .taxonomy import taxonomy
from .tfidf import FORMAT as TFIDF_FORMAT
from .tfidf import Analyzer, LinearTfidf

EXAMPLES = "data/examples.tsv"
NO_EVENT = "None"


@dataclass(frozen=True)
class Opinion:
    sub_event_type: str
    margin: float  # the winning class's decision value minus the runner-up's


def read_examples(text: str) -> list[tuple[str, str]]:
    """(text, label) pairs of a ``id<TAB>text<TAB>label`` file; '#' lines and the header skipped."""
    pairs = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or line.startswith("#") or parts[0] == "id":
            continue
        pairs.append((parts[1], parts[2]))
    return pairs


ANALYZERS = (  # word 1-2-grams, character 3-5-grams (TF-IDF), as fitted by train()
    Analyzer("word", (1, 2)),
    Analyzer("char_wb", (3, 5)),
)
SETTINGS = "TfidfVectorizer(sublinear_tf=True); char_wb min_df=2; LinearSVC(C=1.0, random_state=0)"
MODEL = Product("learned-model", ".npz", "the learned event model", seconds=5)


def _examples_text() -> str:
    return resources.files(__package__).joinpath(EXAMPLES).read_text("utf-8")


def train(examples: str) -> LinearTfidf:
    """The model fitted on the typed examples (the text of data/examples.tsv)."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    names = set(taxonomy().names()) | {NO_EVENT}  # "None": the examples that report no event
    pairs = [(text, label) for text, label in read_examples(examples) if label in names]
    texts, labels = [t for t, _ in pairs], [label for _, label in pairs]
    vectorizers = (
        TfidfVectorizer(ngram_range=ANALYZERS[0].ngram_range, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=ANALYZERS[1].ngram_range, sublinear_tf=True, min_df=2),
    )
    features = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    classifier = LinearSVC(C=1.0, random_state=0).fit(features, labels)
    return LinearTfidf.from_fitted(ANALYZERS, vectorizers, classifier)


def model_key(examples: str) -> str:
    """The cache key of the model trained on ``examples``: changes with the examples, the taxonomy,
    the training settings, the file format and the versions of what trains and reads it."""
    from .. import __version__

    return version_key(examples, "|".join(sorted(taxonomy().names())), SETTINGS, repr(ANALYZERS), TFIDF_FORMAT,
                       package_versions("scikit-learn", "scipy", "numpy"), f"frontlines={__version__}")


@functools.cache
def _model() -> LinearTfidf:
    """The trained model: from the user cache directory, trained and written there on first use
    (frontlines.cache: keyed by :func:`model_key`, written atomically, a bad file trained again)."""
    examples = _examples_text()
    key = model_key(examples)
    try:
        return obtain(
            MODEL, key,
            build=lambda path: train(examples).save(path, key),
            load=lambda path: LinearTfidf.load(path, key, ANALYZERS),
            keep=int(config.get("cache", "keep_versions")),
        )
    except OSError as exc:  # a cache directory that cannot be written: trained for this process only
        note(f"cannot keep the learned event model in the cache directory ({exc}); training it for this run")
        return train(examples)


def opinion(text: str) -> Opinion:
    """The model's sub-event type for ``text`` and how clearly it wins."""
    model = _model()
    scores = model.scores(text)
    order = scores.argsort()
    return Opinion(str(model.classes_[order[-1]]), float(scores[order[-1]] - scores[order[-2]]))


def confident_type(text: str, margin: float) -> str | None:
    """The model's type when it wins by at least ``margin``, else None."""
    found = opinion(text)
    return found.sub_event_type if found.margin >= margin and found.sub_event_type != NO_EVENT else None


# --- where the events stage consults it -------------------------------------------------------


_BATTLES = {"Armed clash", *TERRITORY_TYPES.values()}  # the types a fight over ground may take


def revise(mentions: list[Any], text: str, context: Any, margin: float, doc: Any = None) -> None:
    """A sentence the rules read as one event of another type than the model, which is sure of
    its own: the model's type. Sentences of several events are the rules' alone."""
    if len(mentions) != 1:
        return
    learned = confident_type(text, margin)
    mention = mentions[0]
    if learned is None or learned == mention.sub_event_type:
        return
    if learned in TERRITORY_TYPES.values() and mention.sub_event_type not in _BATTLES:
        # a change of control is read from the parse: the model may re-read a battle as one (a base
        # "captured"), not a surrender or a withdrawal the rules found no place for ("the forces
        # guarding the prison surrendered without a fight": a position, no territory)
        return
    harmed = doc is not None and any(c.signal in ("kill", "wound") for c in lexicon.cues(doc))
    if harmed and taxonomy().event_type(learned) == "Strategic developments":
        # people were killed or wounded ("13 militants were killed and a weapons cache destroyed"):
        # a strategic development is by definition one without violence
        return
    mention.sub_event_type = _by_the_gainer(learned, mention)
    mention.territorial = learned in TERRITORY_TYPES.values()
    name_the_crowd(mention, context)


def _by_the_gainer(learned: str, mention: Any) -> str:
    """A gain of territory the model reads is typed by who gains, as the codebook has it: the
    model proposes a takeover, the doer ("Government forces captured the Zafaran roundabout")
    decides whose."""
    from .parties import side_of

    gains = {TERRITORY_TYPES["gain_government"], TERRITORY_TYPES["gain_nonstate"]}
    side = side_of(mention.actor1) if learned in gains else None
    return TERRITORY_TYPES[f"gain_{side}"] if side in ("government", "nonstate") else learned


def _takes_a_person(doc: Any, named: list[Any]) -> bool:
    """A verb's object or passive subject names people and none names a place ("forces captured
    an Islamic Movement of Uzbekistan leader"): a person taken, not territory. (A sentence the
    parser could not read, "The Taliban overran Darqad district" with "overran" a noun, has no
    object at all and stays the model's.)"""
    from .quantities import names_people, taken
    from .territory import is_place_word

    objects = [obj for verb in doc if verb.pos_ in ("VERB", "AUX") for obj in taken(verb)]
    return any(names_people(t, named) for t in objects) and not any(is_place_word(t) for t in objects)


def lone_event(index: int, sentence: Any, places: list[Any], context: Any, margin: float) -> Any | None:
    """The event of a lead sentence in an article where the rules found none, when the model is
    sure of its type and the sentence names somebody to have done it."""
    doc = sentence.doc
    learned = confident_type(sentence.text, margin)
    if learned is None or doc is None or _not_done(doc):
        return None
    named = actor_book.find_mentions(doc, context.country)
    if not named:
        return None
    if learned in TERRITORY_TYPES.values() and _takes_a_person(doc, named):
        return None  # "forces captured an Islamic Movement of Uzbekistan leader": a person taken, no place
    root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
    mention = Mention(index, learned, root.i, 0.4, places=sentence_places(sentence, places))
    mention.territorial = learned in TERRITORY_TYPES.values()
    assigned = roles.assign(doc, named, set())
    for role in assigned:
        if role.role == roles.SOURCE:
            role.role = roles.AGENT  # "the army said it had recaptured ...": the speaker did it
    fill_actors(mention, assigned, context)
    mention.claim = claims.attribution(doc, mention.anchor, named)
    return mention


def _not_done(doc: Any) -> bool:
    """The model reads words, not whether the deed happened: a sentence whose main clause is
    negated, modal or only an attempt, a plan or a vow ("did not capture", "was preparing an
    offensive to retake", "vowed to prevent the capture of") tells no event, as the rules read it.
    Only the main clause's own words count: "..., the ombudsman warned" reports, it does not block."""
    main = next((t for t in doc if t.dep_ == "ROOT"), None)
    if main is None:
        return False
    main = next((c for c in main.children if c.dep_ == "ccomp"), main)  # what was said, warned, feared
    modals = lexicon.word_set("realis.yaml", "modal_words")
    return main.lemma_.lower() in lexicon.word_set("territory.yaml", "blockers") or any(
        c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in modals) for c in main.children
    )
