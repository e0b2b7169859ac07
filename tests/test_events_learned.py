"""The learned second opinion (events/learned.py): trained on the project's own examples."""

from __future__ import annotations

import pytest

import frontlines.events as events_stage
from frontlines import extract
from frontlines.events import learned
from frontlines.events.detect import Mention
from frontlines.events.taxonomy import taxonomy

ABDUCTION = ("Gunmen bundled a local journalist into an unmarked van in Tegucigalpa on Sunday; "
             "his family has not heard from him since.")


def test_training_is_deterministic():
    examples = "\n".join(learned._examples_text().splitlines()[:300])  # a part: a fast fit
    first, second = learned.train(examples), learned.train(examples)
    assert (first.coef == second.coef).all() and (first.intercept == second.intercept).all()
    assert first.vocabularies == second.vocabularies


def test_scores_are_scikit_learns():
    # events.tfidf computes by hand what TfidfVectorizer + LinearSVC compute: the same numbers
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    pairs = learned.read_examples(learned._examples_text())
    names = set(taxonomy().names()) | {"None"}
    texts, labels = zip(*[(t, label) for t, label in pairs if label in names], strict=True)
    vectorizers = (TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2))
    classifier = LinearSVC(C=1.0, random_state=0).fit(hstack([v.fit_transform(texts) for v in vectorizers]), labels)
    model = learned._model()
    assert list(model.classes_) == list(classifier.classes_)
    odd = ["", "  ", "a", "I", "Émile   Zoë\tÄRZTE killed 12 in Kabul!!", "x" * 60, "٣٠ قتيل"]
    for text in [*texts, *odd]:
        expected = (hstack([v.transform([text]) for v in vectorizers]) @ classifier.coef_.T + classifier.intercept_)[0]
        assert abs(model.scores(text) - expected).max() < 1e-9, text


@pytest.fixture
def small_cache(tmp_path, monkeypatch):
    """A private cache directory and a part of the examples (a fast fit); returns the trainings
    made from now on (by the examples' last line) and the examples."""
    monkeypatch.setenv("FRONTLINES_CACHE", str(tmp_path))
    small = "\n".join(learned._examples_text().splitlines()[:300])
    monkeypatch.setattr(learned, "_examples_text", lambda: small)
    calls: list[str] = []
    real = learned.train

    def counted(examples: str):
        calls.append(examples.splitlines()[-1])
        return real(examples)

    monkeypatch.setattr(learned, "train", counted)
    learned._model.cache_clear()
    yield calls, small
    learned._model.cache_clear()  # the next test gets the real model


def test_the_model_is_trained_once_then_read_from_the_cache(small_cache, tmp_path, monkeypatch):
    trainings, small = small_cache
    first = learned.opinion(ABDUCTION)
    learned._model.cache_clear()
    assert learned.opinion(ABDUCTION) == first  # read from the file, not trained again
    assert len(trainings) == 1
    (cached,) = tmp_path.glob("learned-model-*.npz")
    # other examples: another key, trained again, beside the first file
    changed = small + "\nx1\tGunmen abducted two aid workers in Herat on Monday.\tAbduction/forced disappearance"
    monkeypatch.setattr(learned, "_examples_text", lambda: changed)
    learned._model.cache_clear()
    learned.opinion(ABDUCTION)
    assert len(trainings) == 2 and len(list(tmp_path.glob("learned-model-*.npz"))) == 2
    assert learned.model_key(changed) != learned.model_key(small)
    assert cached.exists()


def test_a_corrupt_or_foreign_cache_file_is_trained_again(small_cache, tmp_path, capsys):
    trainings, small = small_cache
    path = tmp_path / f"learned-model-{learned.model_key(small)}.npz"
    for bad in (b"", b"PK\x03\x04 cut short", b"\x80\x04\x95 a pickle"):
        path.write_bytes(bad)
        learned._model.cache_clear()
        assert learned.opinion(ABDUCTION).sub_event_type
        assert "cannot be read" in capsys.readouterr().err
    assert len(trainings) == 3
    # a well-formed file written under another key (another version's, renamed) is not read either
    learned._model().save(path, "another-key")
    learned._model.cache_clear()
    learned.opinion(ABDUCTION)
    assert len(trainings) == 4 and "another version" in capsys.readouterr().err


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


def test_a_cache_directory_that_cannot_be_written_only_costs_a_training(small_cache, tmp_path, monkeypatch, capsys):
    trainings, _ = small_cache
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("FRONTLINES_CACHE", str(blocked / "cache"))
    assert learned.opinion(ABDUCTION).sub_event_type
    assert len(trainings) == 1 and "training it for this run" in capsys.readouterr().err
