"""Inputs the whole-pipeline fuzzer (``make fuzz``) found crashing, cut down to the least
that crashed, each through extract + fusion + control + exports + map into a store,
checked as the fuzzer checks every batch (``frontlines.fuzz.check``)."""

from __future__ import annotations

import pytest

from frontlines.fuzz.check import run_batch

FINDINGS = {
    # parse_number read "1" and 27 zeros as a count of policemen: OverflowError storing the event
    "huge-count": {
        "id": "huge-count",
        "text": "Syrian government forces besieged Azrah province on Tuesday night, "
        "killing 1000000000000000000000000000 policemen .",
        "published": "2016-05-01",
    },
    # ... and "1" with 400 zeros is float infinity: OverflowError in int()
    "infinite-count": {
        "id": "infinite-count",
        "text": "Taliban fighters attacked a checkpoint in Andar district of Ghazni province on Monday, "
        "killing 1" + "0" * 400 + " policemen.",
        "published": "2021-07-10",
    },
    # a JSON line's "\udfff" escape is a lone surrogate: UnicodeEncodeError storing the article
    "lone-surrogate": {
        "id": "lone-surrogate\ud800",
        "text": "Taliban \udfff fighters attacked a checkpoint in Andar district of Ghazni province "
        "on Monday, killing 3 policemen.",
        "published": "2021-07-10\udc80",
        "title": "x\ud800",
        "source": "\udc80",
    },
    # dates at the ends of Python's calendar: fusion's window around the event stepped out of
    # it (OverflowError: date value out of range) and the whole batch's fusion was lost
    "published-year-1": {
        "id": "published-year-1",
        "text": "Taliban fighters attacked a checkpoint in Andar district of Ghazni province on Monday, "
        "killing 3 policemen.",
        "published": "0001-01-01",
    },
    "published-year-9999": {
        "id": "published-year-9999",
        "text": "KABUL, Afghanistan (Jan. 1, 0001)\nTaliban fighters attacked a checkpoint in Andar "
        "district of Ghazni province on Monday, killing 7 policemen.",
        "published": "9999-12-31",
    },
    "days-ago-out-of-calendar": {
        "id": "days-ago-out-of-calendar",
        "text": "Taliban fighters attacked a checkpoint in Andar district of Ghazni province "
        "99999999 days ago, killing 5 policemen.",
        "published": "2021-07-10",
    },
    # a control character in a text read as a page (it has a <script>): trafilatura set it as an
    # lxml node's text, and lxml refuses such characters (ValueError, E801 in ingest)
    "control-character-in-page": {
        "id": "control-character-in-page",
        "text": "Gunmen killed two policemen in Kabul on Monday. <script>alert(1)</script>  Talks "
        "collapsed before \x01 they began, and Damascus intensified assaults in the north.",
        "published": "2019-05-03",
    },
    # a number of 24,267 digits in a report's text: fusion read every number of the text as a figure
    # and int() refused it (ValueError), so rebuilding the incidents failed (make fuzz, seed 1, batch 17)
    "huge-number-in-text": {
        "id": "huge-number-in-text",
        "text": "Taliban fighters attacked checkpoint " + "7" * 5000 + " in Andar district of Ghazni province "
        "on Monday, killing 3 policemen.",
        "published": "2021-07-10",
    },
}


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_fuzz_finding_goes_through_the_whole_pipeline(name, tmp_path):
    result = run_batch([FINDINGS[name]], tmp_path, workers=1, rerun=1)
    assert result.problems == []
    assert result.read == 1 and result.events >= 1


def test_every_shuffled_article_has_story_text_for_ingest():
    """The 20,000-article shuffled corpus ended with 18 inputs refused (E104): draws of only
    boilerplate lines or a page's closing tags. Each is drawn again, so the corpus is all articles."""
    from frontlines.fuzz.compose import shuffled
    from frontlines.fuzz.fragments import Pools
    from frontlines.ingest import article_from_string

    pools = Pools(sentences=["For Immediate Release", "ISAF Joint Command - Afghanistan",
                             "</footer>\n</body>\n</html>",
                             "Taliban fighters attacked a checkpoint in Andar district on Monday."],
                  datelines=["KABUL, Afghanistan"])
    records = shuffled(pools, 60, seed=3)
    assert len(records) == 60
    for record in records:
        assert article_from_string(record["text"]).text.strip()
