"""``frontlines eval articles``: one-to-one matching of reported incidents to blind gold.

Synthetic events and gold records (the matching rules), then the real gold
files of tests/data/articles: well formed, evidence quotes short and verbatim
in the articles (where ../shared is present), and the CLI end to end on the seeds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, SEEDS, need

from frontlines.cli import main
from frontlines.evaluation import articles as ev
from frontlines.evaluation.articles import GoldArticle, evaluate, match, norm_actor
from frontlines.events.taxonomy import taxonomy
from frontlines.models import Article, Event, Evidence

GOLD_DIR = Path(__file__).parent / "data" / "articles"
NEWS = DATA / "news-2016" / "articles.jsonl"


def event(sentence, sub_event_type="Suicide bomb", country="Turkey", date="2016-01-12", **fields):
    types = {s.name: s.event_type for s in taxonomy().sub_event_types}
    return Event(
        event_id=f"e{abs(hash(sentence)) % 1000}", doc_id="a", event_date=date, time_precision=1,
        event_type=types[sub_event_type], sub_event_type=sub_event_type, country=country,
        evidence=[Evidence("a", sentence, 0, len(sentence))], **fields,
    )


def gold(evidence, sub_event_type="Suicide bomb", country="Turkey", date="2016-01-12", precision=1, **fields):
    types = {s.name: s.event_type for s in taxonomy().sub_event_types}
    return {"kind": "incident", "event_type": types[sub_event_type], "sub_event_type": sub_event_type,
            "country": country, "event_date": date, "time_precision": precision, "evidence": evidence, **fields}


BOMBING = "A suicide bomber killed at least 10 people in Istanbul's historic heart on Tuesday, officials said."


def test_the_same_incident_matches_by_its_quote_and_only_once():
    reported = [event(BOMBING), event("The blast was heard across the old city.")]
    pairs = match(reported, [gold("killed at least 10 people in Istanbul's historic heart")])
    assert pairs == [(0, 0)]


def test_a_place_known_only_by_its_country_or_province_is_coded_either_way():
    # the gold writes the country (or the province) as the location; a report that leaves the
    # finer fields empty (or places the event inside that province) says the same
    country_only = gold("x", location="Turkey")
    assert ev.same_location(event(BOMBING), country_only)
    assert not ev.same_location(event(BOMBING, admin1="Istanbul", location="Istanbul"), country_only)
    province_only = gold("x", country="Iraq", admin1="Nineveh", location="Nineveh")
    assert ev.same_location(event(BOMBING, country="Iraq", admin1="Nineveh", location="Mosul"), province_only)
    assert not ev.same_location(event(BOMBING, country="Iraq", admin1="Kirkuk", location="Kirkuk"), province_only)
    assert not ev.same_location(event(BOMBING, country="Iraq"), province_only)


def test_another_country_or_a_date_outside_the_window_is_no_match():
    quote = "killed at least 10 people in Istanbul's historic heart"
    assert match([event(BOMBING, country="Syria")], [gold(quote)]) == []
    assert match([event(BOMBING, date="2016-01-20")], [gold(quote)]) == []
    assert match([event(BOMBING, date="2016-01-18")], [gold(quote, precision=2)]) == [(0, 0)]  # within a week
    assert match([event(BOMBING, date=None)], [gold(quote)]) == []  # an undated report, a gold day
    assert match([event(BOMBING, date=None)], [gold(quote, date=None)]) == [(0, 0)]


def test_without_shared_evidence_the_type_and_the_sub_type_or_place_must_agree():
    elsewhere = "Police cordoned off the streets around the square."
    quote = "a bomber blew himself up near the obelisk"
    assert match([event(elsewhere)], [gold(quote)]) == [(0, 0)]
    assert match([event(elsewhere, "Arrests")], [gold(quote)]) == []
    # the same event type alone is not enough: another kind of explosion, nowhere named
    assert match([event(elsewhere, "Grenade")], [gold(quote)]) == []
    assert match([event(elsewhere, "Grenade", admin1="Istanbul")], [gold(quote, admin1="Istanbul")]) == [(0, 0)]


def test_actor_names_compare_without_period_suffix_case_or_hyphens():
    assert norm_actor("Military Forces of Syria (2000-)") == norm_actor("military forces of syria")
    assert norm_actor("Jabhat al-Nusra") == norm_actor("Jabhat al Nusra")
    assert norm_actor("Civilians (Syria)") != norm_actor("Civilians (Iraq)")


def test_the_report_counts_spurious_missed_and_background():
    article = Article(id="a", text="")
    article.events = [
        event(BOMBING, fatalities=10, actor1="Islamic State"),
        event("The attack bore similarities to a suicide bombing at Brussels airport in March which killed 16 people."),
        event("Turkey, a NATO member, is part of a U.S.-led coalition.", "Armed clash"),
    ]
    gold_article = GoldArticle("a", "2016-01-12", "dev", [
        gold("killed at least 10 people in Istanbul's historic heart", fatalities=10, actor1="Islamic State",
             admin1="Istanbul", location="Istanbul"),
        gold("suicide bombing at Brussels airport in March", country="Belgium", kind="background"),
        gold("a car bomb killed two soldiers in Diyarbakir", "Remote explosive/landmine/IED", date="2016-01-10"),
    ])
    report = evaluate({"a": gold_article}, {"a": article})
    scores = report["incidents"]
    assert (scores.tp, scores.fp, scores.fn) == (1, 2, 1)
    assert report["background_reported_as_incident"] == 1
    assert report["fields"]["fatalities"].value == 1.0 and report["fields"]["actor1"].value == 1.0
    assert report["fields"]["admin1"].total == 1  # scored where the gold names a province
    assert [m["evidence"] for m in report["missed"]] == ["a car bomb killed two soldiers in Diyarbakir"]


def _gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.jsonl"))


def test_gold_files_are_well_formed():
    names = set(taxonomy().names())
    assert _gold_files(), "no gold files in tests/data/articles"
    for path in _gold_files():
        gold_articles = ev.read_gold(path)
        for article in gold_articles.values():
            assert article.split in ("dev", "holdout"), article.doc_id
            for g in article.events:
                assert g["kind"] in ("incident", "background", "statistic"), article.doc_id
                assert g["sub_event_type"] in names, (article.doc_id, g["sub_event_type"])
                assert g["evidence"] and len(g["evidence"]) <= 200, article.doc_id
                quotes = [g["evidence"], *(g.get("other_mentions") or [])]
                assert sum(len(q) for q in quotes) <= 200, (article.doc_id, g["evidence"])  # README: quotes only


def test_gold_quotes_occur_in_their_articles():
    texts = {}
    for line in need(NEWS).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts[record["id"]] = record["text"]
    for path in need(SEEDS).glob("*.txt"):
        texts[path.stem] = path.read_text(encoding="utf-8")
    squash = ev._squash
    for path in _gold_files():
        for article in ev.read_gold(path).values():
            text = squash(texts[article.doc_id])
            for g in article.events:
                assert squash(g["evidence"]) in text, (article.doc_id, g["evidence"])


@pytest.mark.slow
def test_eval_articles_on_the_seeds_end_to_end(capsys, tmp_path):
    out = tmp_path / "report.json"
    code = main(["eval", "articles", str(need(SEEDS)), str(GOLD_DIR / "seeds.jsonl"), "--split", "all",
                 "--workers", "1", "--brief", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "incidents" in printed and "sub_event_type" in printed
    report = json.loads(out.read_text())
    assert report["articles"] == 5 and report["incidents"]["tp"] > 0


# --- eval agreement: a second coding against the first ---------------------------------------

WRITTEN = Path(__file__).parent / "data" / "articles" / "written"


def test_a_coding_agrees_with_itself_and_a_second_coder_differs_where_the_coding_does(tmp_path, capsys):
    from frontlines.evaluation.agreement import compare, sentence_around

    text = "KABUL - Gunmen attacked a bus. Nobody was hurt.\nA bomb exploded in Herat, officials said."
    assert sentence_around(text, "bomb  exploded in") == ("A bomb exploded in Herat, officials said.", 48, 89)
    assert sentence_around(text, "not in the text") is None

    first = ev.read_gold(WRITTEN / "gold.jsonl")
    same = compare(WRITTEN / "articles.jsonl", first, first)
    assert same["incidents"].f1 == 1.0
    assert all(ratio.value == 1.0 for ratio in same["fields"].values() if ratio.total)

    lines = [json.loads(line) for line in (WRITTEN / "gold.jsonl").read_text().splitlines()]
    incidents = [e for e in lines[0]["events"] if e["kind"] == "incident"]
    lines[0]["events"].remove(incidents[0])  # the second coder missed one incident
    incidents[1]["location"] = "Nowhere"  # and placed another elsewhere in the same province
    second = tmp_path / "second.jsonl"
    second.write_text("".join(json.dumps(line) + "\n" for line in lines[:1]))
    assert main(["eval", "agreement", str(WRITTEN / "articles.jsonl"), str(WRITTEN / "gold.jsonl"),
                 str(second), "--brief"]) == 0
    report = compare(WRITTEN / "articles.jsonl", first, ev.read_gold(second))
    assert report["articles"] == 1  # only the articles both coded
    assert (report["incidents"].fp, report["incidents"].fn) == (0, 1)
    assert report["fields"]["location"].value < 1.0
    assert "second.jsonl against gold.jsonl" in capsys.readouterr().out
