"""Datelines ("KABUL:", "LASHKAR GAH, Afghanistan —", "KABUL, Jan 5 (Reuters) -") are split off
the story's first sentence, so that spaCy parses the sentence as written."""

from __future__ import annotations

import pytest

from frontlines.nlp.annotate import dateline_end, split_sentences

DATELINES = [
    ("Kabul: Afghan forces on Sunday wrested control of a district.", "Kabul:"),
    ("KABUL: Afghan forces drove Taliban militants out of the district centre.", "KABUL:"),
    ("KABUL, Afghanistan (AFP) - Afghan forces retook the town.", "KABUL, Afghanistan (AFP) -"),
    ("LASHKAR GAH, Afghanistan \u2014 Heavy fighting raged around the city.", "LASHKAR GAH, Afghanistan \u2014"),
    ("KABUL, Jan 5 (Reuters) - Taliban fighters attacked a checkpoint.", "KABUL, Jan 5 (Reuters) -"),
    ("KABUL, Afghanistan (Oct. 10, 2011) \u2014 A combined force killed several insurgents.",
     "KABUL, Afghanistan (Oct. 10, 2011) \u2014"),
    ("Dera Ismail Khan: Gunmen killed two policemen.", "Dera Ismail Khan:"),
    ("Rio de Janeiro (AP) \u2014 Police raided a favela.", "Rio de Janeiro (AP) \u2014"),
    ("MAZAR-I-SHARIF, Afghanistan: Clashes erupted overnight.", "MAZAR-I-SHARIF, Afghanistan:"),
    ("Lashkar Gah\u2014Taliban fighters entered the city.", "Lashkar Gah\u2014"),
    ("GOMA, Democratic Republic of Congo (Reuters) - M23 rebels seized the town.",
     "GOMA, Democratic Republic of Congo (Reuters) -"),
    # two cities a story was filed from
    ("DAKAR/BAMAKO (Reuters) - Gunmen stormed a hotel.", "DAKAR/BAMAKO (Reuters) -"),
]

NOT_DATELINES = [
    "The Taliban: a history of the movement.",
    "Afghan forces - backed by air support - retook Marjah.",
    "Taliban fighters seized the district \u2013 officials said.",
    'President Ghani said: "We will fight."',
    "10:30 - Explosion heard near the airport.",
    "Mazar-i-Sharif is the capital of Balkh.",
    "In Kunduz: fighting continued.",
    "Taliban/Haqqani fighters - some of them foreign - attacked the base.",
]


@pytest.mark.parametrize("text,dateline", DATELINES)
def test_a_dateline_is_a_sentence_of_its_own(text, dateline):
    spans = split_sentences(text)
    assert text[spans[0][0]:spans[0][1]] == dateline
    rest = text[spans[1][0]:spans[1][1]]
    assert rest == text[len(dateline):].strip()
    assert dateline_end(text) >= len(dateline)


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_sentences_that_only_look_like_datelines_stay_whole(text):
    assert dateline_end(text) == 0
    assert [text[a:b] for a, b in split_sentences(text)] == [text]


def test_only_at_the_start_of_a_paragraph():
    text = "Fighting raged on Monday. KABUL: officials said nothing.\nKUNDUZ: The Taliban attacked."
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert "KUNDUZ:" in sentences
    assert "KABUL:" not in sentences


def test_spans_slice_back_and_stay_in_order():
    text = "Headline here\n\nKABUL, Afghanistan (AP) \u2014 Afghan forces retook the town. Two died.\nLater text."
    spans = split_sentences(text)
    assert spans == sorted(spans)
    for a, b in spans:
        assert text[a:b] == text[a:b].strip() and text[a:b]


def test_a_dateline_alone_is_not_analysed_and_the_story_parses_as_written():
    """The first sentence of seed 002 with its dateline: "Kabul" no longer swallows the clause,
    and the dateline sentence itself holds no event ("Detonation:" labels neither)."""
    from frontlines.models import Article
    from frontlines.nlp.annotate import annotate

    text = "Kabul: Afghan forces retook the district of Darqad from the Taliban on Sunday, officials said."
    article = annotate(Article(id="t", text=text))
    first, second = article.sentences
    assert first.text == "Kabul:" and not first.analysed
    assert second.analysed
    root = next(t for t in second.doc if t.dep_ == "ROOT")
    assert root.lemma_ in ("retake", "say")
    assert "Kabul" not in [t.text for t in second.doc]


@pytest.mark.parametrize(
    "text, dateline",
    [
        ("BEIRUT Syrian government forces advanced into the town on Saturday.", "BEIRUT"),
        ("BEIRUT/MUNICH The Turkish army shelled Kurdish militia for a second day.", "BEIRUT/MUNICH"),
        ("MOSUL, Iraq Iraqi troops entered the eastern districts on Tuesday.", "MOSUL, Iraq"),
        ("PARIS/UNITED NATIONS Major powers met on Thursday.", "PARIS/UNITED NATIONS"),
        # capitals that are a story's own first words are no dateline
        ("NATO said on Monday it would send four battalions.", ""),
        ("ISIS fighters attacked the town overnight.", ""),
        ("US forces struck a camp in the east.", ""),
    ],
)
def test_a_dateline_of_capitals_alone_opens_wire_copy_reposted_without_its_credit(text, dateline):
    """Reposted wire stories lose "(Reuters) -": the dateline's capitals stay in the first sentence
    and became the place of its event ("BEIRUT" made Lebanon the country of Syrian battles)."""
    assert text[: dateline_end(text)].strip() == dateline
    if dateline:
        assert dateline_end("Later paragraph. " + text) == 0
        assert split_sentences(text)[0] == (0, len(dateline))


@pytest.mark.parametrize(
    "text, parts",
    [
        ("Police were on alert. ECHOES OF MUMBAIThe country has seen attacks before.",
         ["Police were on alert.", "ECHOES OF MUMBAI", "The country has seen attacks before."]),
        ("The talks were stalled.HOMS AIR RAIDSJets struck the city on Sunday.",
         ["The talks were stalled.", "HOMS AIR RAIDS", "Jets struck the city on Sunday."]),
        # one word of capitals glued to a word is no heading
        ("Three IEDs were defused near the UNAMA office.", ["Three IEDs were defused near the UNAMA office."]),
    ],
)
def test_a_subheading_glued_to_the_next_sentence_is_cut_off(text, parts):
    assert [text[a:b] for a, b in split_sentences(text)] == parts


def test_a_cut_off_subheading_is_not_analysed():
    from frontlines.models import Article
    from frontlines.nlp.annotate import annotate

    article = Article(id="heading", text="Police were on alert. ECHOES OF MUMBAIThe country has seen attacks before.")
    annotate(article)
    assert [(s.text, s.analysed) for s in article.sentences] == [
        ("Police were on alert.", True), ("ECHOES OF MUMBAI", False), ("The country has seen attacks before.", True)
    ]


@pytest.mark.parametrize("heading", ["AIR STRIKES", "JETS, DRONES, ARTILLERY", "RAIDS & ARRESTS"])
def test_a_subheading_of_its_own_line_is_not_analysed(heading):
    from frontlines.models import Article
    from frontlines.nlp.annotate import annotate

    article = Article(id="heading", text=f"Police were on alert on Monday.\n{heading}\nJets struck the city on Sunday.")
    annotate(article)
    assert [(s.text, s.analysed) for s in article.sentences][1] == (heading, False)
