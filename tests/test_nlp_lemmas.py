"""Every verb of the event vocabularies is read back from its regular forms.

The rules that find events compare lemmas with the verbs of events/data/*.yaml. The
rule lemmatizer of en_core_web_sm picks the wrong stem for some regular forms when both
stems are verbs it knows ("raged" -> "rag", so "Fighting raged in Aleppo" had no event;
"raped" -> "rap"); nlp/data/lemma_exceptions.yaml lists them for the model.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontlines.nlp.model import load_model
from frontlines.yamlload import safe_yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "frontlines" / "events" / "data"
# not read as verbs of these regular forms: irregular ones ("fleed" is no word: "fled"), and nouns of
# the vocabularies whose "-ed" form is another verb ("route" -> "routed" is "rout")
_NOT_VERBS = {"be", "see", "oversee", "flee", "plane", "sick", "bed", "route"}


def _words(value, found: set[str]) -> set[str]:
    if isinstance(value, str) and re.fullmatch(r"[a-z]+", value):
        found.add(value)
    elif isinstance(value, list):
        for item in value:
            _words(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _words(item, found)
    return found


def _regular_forms(verb: str) -> list[str]:
    if verb.endswith("ee"):
        return [verb + "d", verb + "ing"]
    if verb.endswith("e"):
        return [verb + "d", verb[:-1] + "ing"]
    return [verb + "ed", verb + "ing"]


@pytest.fixture(scope="module")
def verbs() -> list[str]:
    index = load_model().get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"]
    found: set[str] = set()
    for path in DATA.glob("*.yaml"):
        _words(safe_yaml(path.read_text(encoding="utf-8")), found)
    return sorted(w for w in found if w in index and w not in _NOT_VERBS)


def test_every_event_verb_is_lemmatised_to_itself(verbs):
    nlp = load_model()
    assert len(verbs) > 300
    wrong = []
    for verb in verbs:
        for form in _regular_forms(verb):
            token = nlp(f"The fighters {form} the town.")[2]
            if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() != verb:
                wrong.append((form, token.lemma_))
    assert not wrong


def test_fighting_that_raged_is_an_event():
    from frontlines.pipeline import extract

    events = extract("BEIRUT (Reuters) - Fierce clashes raged in Aleppo on Monday, a monitor said.", "2016-02-08")
    assert [(e.sub_event_type, e.location) for e in events] == [("Armed clash", "Aleppo")]
