"""The learned second opinion (events/learned.py): trained on the project's own examples."""

from __future__ import annotations

import frontlines.events as events_stage
from frontlines import extract
from frontlines.events import learned
from frontlines.events.detect import Mention
from frontlines.events.taxonomy import taxonomy

ABDUCTION = ("Gunmen bundled a local journalist into an unmarked van in Tegucigalpa on Sunday; "
             "his family has not heard from him since.")


def test_training_is_deterministic():
    first = learned.opinion(ABDUCTION)
    learned._model.cache_clear()
    assert learned.opinion(ABDUCTION) == first


def test_the_model_knows_every_sub_event_type():
    assert set(learned._model().classes_) == set(taxonomy().names()) | {"None"}


def test_a_sure_model_retypes_a_one_event_sentence():
    mention = Mention(0, "Armed clash", 0, 0.6)
    learned.revise([mention], ABDUCTION, events_stage.actor_book.Context(country="HN"), margin=0.8)
    assert mention.sub_event_type == "Abduction/forced disappearance"
    unsure = Mention(0, "Armed clash", 0, 0.6)
    learned.revise([unsure], ABDUCTION, events_stage.actor_book.Context(country="HN"), margin=50.0)
    assert unsure.sub_event_type == "Armed clash"


def test_sentences_of_several_events_stay_the_rules():
    mentions = [Mention(0, "Armed clash", 0, 0.6), Mention(0, "Air/drone strike", 3, 0.6)]
    learned.revise(mentions, ABDUCTION, events_stage.actor_book.Context(country="HN"), margin=0.0)
    assert [m.sub_event_type for m in mentions] == ["Armed clash", "Air/drone strike"]


def test_where_the_rules_find_nothing_the_lead_gets_the_models_event(monkeypatch):
    monkeypatch.setattr(events_stage, "analyse_sentence", lambda *args: [])
    (event,) = extract(ABDUCTION, published="2023-07-11")
    assert event.sub_event_type == "Abduction/forced disappearance"
    assert event.actor1 == "Unidentified Armed Group (Honduras)"
    assert event.evidence[0].sentence.startswith("Gunmen bundled")


def test_no_actor_no_event(monkeypatch):
    # the model always has a favourite type; a sentence naming nobody to have done anything is no event
    monkeypatch.setattr(events_stage, "analyse_sentence", lambda *args: [])
    assert extract("The central bank raised interest rates by half a point on Tuesday.", published="2023-07-11") == []


def test_no_strategic_development_where_people_were_killed():
    # the model reads a cache destroyed; the rules read 9 insurgents killed: a battle stays a battle
    from frontlines.nlp.model import load_model

    text = "Special forces killed 9 insurgents and destroyed a weapons cache in Kunduz on Monday."
    assert learned.opinion(text).sub_event_type == "Disrupted weapons use"
    mention = Mention(0, "Armed clash", 2, 0.6)
    learned.revise([mention], text, events_stage.actor_book.Context(country="AF"), margin=0.0, doc=load_model()(text))
    assert mention.sub_event_type == "Armed clash"
