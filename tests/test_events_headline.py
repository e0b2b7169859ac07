"""Verbless headlines: the verb the small model reads as a noun ("gunships pound/NN") is restored."""

from __future__ import annotations

import pytest

from frontlines.events import headline
from frontlines.nlp.model import load_model
from frontlines.pipeline import extract


@pytest.mark.parametrize(
    "text, sub_event_type",
    [
        ("Army helicopter gunships pound rebel hideouts in Sagaing", "Air/drone strike"),
        ("Rioters torch police station in Karachi after custodial death", "Violent demonstration"),
        ("Grenade attack on nightclub wounds 12 in Kampala", "Grenade"),
        ("Taliban fighters overrun district centre in Faryab", "Non-state actor overtakes territory"),
    ],
)
def test_headlines_are_typed(text, sub_event_type):
    events = [e for e in extract(text, published="2024-03-01") if e.kind == "incident"]
    assert events and events[0].sub_event_type == sub_event_type


def test_the_repair_keeps_tokens_offsets_and_entities():
    nlp = load_model()
    doc = nlp("Rioters torch police station in Karachi after custodial death")
    before = [(t.text, t.idx, t.ent_type_, t.lemma_) for t in doc]
    repaired = headline.repair(doc)
    assert [(t.text, t.idx, t.ent_type_, t.lemma_) for t in repaired] == before
    torch = repaired[1]
    assert torch.pos_ == "VERB" and torch.dep_ == "ROOT" and repaired[0].dep_ == "nsubj"


def test_a_sentence_with_a_verb_is_left_as_parsed():
    nlp = load_model()
    doc = nlp("Police seize weapons cache in Mindanao")
    deps = [t.dep_ for t in doc]
    assert [t.dep_ for t in headline.repair(doc)] == deps
