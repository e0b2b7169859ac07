"""Readers: every input form gives Articles with their metadata, in input order."""

from __future__ import annotations

import io
import json
import sys

import pytest

from frontlines.errors import InputError
from frontlines.ingest import article_from_string, read_inputs

STORY = (
    "Taliban fighters captured the centre of Dand-e-Ghori district in Baghlan province on "
    "Sunday after two days of fighting, provincial officials said. Nine members of the "
    "security forces were killed, the police spokesman said."
)


def articles(inputs, published=None):
    return list(read_inputs([str(i) for i in inputs], published))


def test_txt_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    [article] = articles([path])
    assert article.text == STORY
    assert article.raw == STORY
    assert article.origin == str(path)
    assert article.language == "en"
    assert len(article.id) == 16 and len(article.content_hash) == 64
    assert article.published is None and article.published_from is None


def test_id_is_stable_and_given_id_wins():
    assert article_from_string(STORY).id == article_from_string(STORY + "\n").id
    assert article_from_string(STORY, doc_id="x1").id == "x1"


def test_content_hash_ignores_spacing_case_and_quotes():
    a = article_from_string(STORY)
    b = article_from_string("  " + STORY.replace(" ", "  ").upper() + "\n\n")
    assert a.content_hash == b.content_hash
    assert a.content_hash != article_from_string(STORY.replace("Nine", "Ten")).content_hash


def test_jsonl_fields_and_line_origins(tmp_path):
    path = tmp_path / "batch.jsonl"
    records = [
        {"id": "r1", "text": STORY, "published": "2021-07-12", "source": "Example", "url": "https://e.x/1", "title": "T1"},
        {"id": 7, "html": f"<html><body><article><p>{STORY}</p><p>{STORY}</p></article></body></html>"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    first, second = articles([path])
    assert (first.id, first.source, first.url, first.title) == ("r1", "Example", "https://e.x/1", "T1")
    assert (first.published, first.published_from) == ("2021-07-12", "input")
    assert first.origin == f"{path}:1"
    assert second.id == "7" and second.origin == f"{path}:2"
    assert STORY in second.text


def test_directory_recursive_in_name_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(STORY.replace("Sunday", "Monday"))
    (tmp_path / "1.txt").write_text(STORY)
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text(STORY)
    origins = [a.origin for a in articles([tmp_path])]
    assert origins == [str(tmp_path / "1.txt"), str(tmp_path / "b" / "2.txt")]


def test_stdin_text_and_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    [article] = articles(["-"])
    assert article.text == STORY and article.origin == "<stdin>"
    lines = b'{"id": "s1", "text": "%s"}\n{"id": "s2", "text": "%s more."}\n' % (
        STORY.encode(), STORY.encode())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    assert [a.id for a in articles(["-"])] == ["s1", "s2"]


def test_published_order_input_option_dateline(tmp_path):
    dated = "KABUL, Afghanistan (Jan. 25, 2013)\n" + STORY
    path = tmp_path / "d.txt"
    path.write_text(dated)
    [a] = articles([path])
    assert (a.published, a.published_from) == ("2013-01-25", "dateline")
    [a] = articles([path], published="2013-02-01")
    assert (a.published, a.published_from) == ("2013-02-01", "option")
    jl = tmp_path / "d.jsonl"
    jl.write_text(json.dumps({"text": dated, "published": "2013-03-01"}))
    [a] = articles([jl], published="2013-02-01")
    assert (a.published, a.published_from) == ("2013-03-01", "input")


def test_header_date_stamp_is_the_date_but_a_sidebar_date_is_not():
    page = f"Taliban take Dand-e-Ghori\n\nTuesday, 04 May 2021 4:10 PM\n\n{STORY}\n"
    a = article_from_string(page)
    assert (a.published, a.published_from) == ("2021-05-04", "dateline")
    assert a.title == "Taliban take Dand-e-Ghori"
    sidebar = f"{STORY}\n\nOpinion\nMissing links\nUpdated 27 Apr, 2024\nMissing links\nA teaser.\nOther news\n26 Apr, 2024\nOther news\nMore teaser...\n"
    b = article_from_string(sidebar)
    assert b.published is None
    assert "Missing links" not in b.text and "2024" not in b.text


def test_bad_published_field_is_a_warning_not_a_failure(tmp_path):
    jl = tmp_path / "p.jsonl"
    jl.write_text(json.dumps({"text": STORY, "published": "sometime"}))
    [a] = articles([jl])
    assert a.published is None
    assert any("not a date" in w for w in a.warnings)


def test_bad_published_option_is_an_error():
    with pytest.raises(InputError, match="--published"):
        list(read_inputs([], published="yesterday-ish"))


def test_missing_path_is_one_error_and_the_rest_goes_on(tmp_path):
    good = tmp_path / "g.txt"
    good.write_text(STORY)
    items = articles([tmp_path / "missing.txt", good])
    assert isinstance(items[0], InputError)
    assert items[0].one_line().startswith(str(tmp_path / "missing.txt"))
    assert items[1].text == STORY
