"""`frontlines eval snippets`: the file format, the scores, the snippet sets themselves."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from frontlines.cli import main
from frontlines.errors import EvalDataError
from frontlines.evaluation import report as rep
from frontlines.evaluation.snippets import (
    NO_EVENT,
    canonical_label,
    event_type_of,
    read_snippets,
    taxonomy,
)

SNIPPETS = Path(__file__).parent / "data" / "snippets"


def test_taxonomy_is_acleds_25_sub_event_types_in_6_event_types():
    entries = taxonomy()
    assert len(entries) == 25
    assert len({e.code for e in entries}) == 25
    assert {e.event_type for e in entries} == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }
    assert event_type_of("Air/drone strike") == "Explosions/Remote violence"
    assert event_type_of(NO_EVENT) == NO_EVENT


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Air/drone strike", "Air/drone strike"),
        ("air/drone strike", "Air/drone strike"),
        ("ADS", "Air/drone strike"),
        ("nvt", "Non-violent transfer of territory"),
        ("None", NO_EVENT),
        ("Airstrike", None),
    ],
)
def test_labels_by_name_or_code(label, expected):
    assert canonical_label(label) == expected


def test_reader_skips_header_comments_and_blank_lines(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text(
        "# a comment\nid\ttext\tlabel\n\na\tTroops clashed with rebels.\tAC\n"
        "b\tNothing happened.\tNone\n",
        encoding="utf-8",
    )
    snippets = read_snippets(path)
    assert [(s.id, s.label) for s in snippets] == [("a", "Armed clash"), ("b", NO_EVENT)]
    assert snippets[0].origin == f"{path}:4"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a\tText.\tAirstrike\n", "unknown label"),
        ("a\tText.\n", "expected 3 tab-separated fields"),
        ("a\t \tAC\n", "empty text"),
        ("a\tText.\tAC\na\tOther text.\tAC\n", "duplicate id"),
    ],
)
def test_reader_names_the_bad_line(tmp_path, line, message):
    path = tmp_path / "bad.tsv"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(EvalDataError, match=message) as info:
        read_snippets(path)
    assert info.value.origin.startswith(f"{path}:")


def test_scores_match_hand_computed_values():
    gold = ["A", "A", "A", "B", "B", "C"]
    pred = ["A", "A", "B", "B", "None", "C"]
    scores = rep.classification_scores(gold, pred)
    by = scores.by_label()
    # A: P 2/2, R 2/3; B: P 1/2, R 1/2; C: P 1, R 1; None: predicted only
    assert by["A"].precision == 1.0 and by["A"].recall == pytest.approx(2 / 3)
    assert by["A"].f1 == pytest.approx(0.8)
    assert by["B"].f1 == pytest.approx(0.5)
    assert by["None"].support == 0 and by["None"].predicted == 1
    assert scores.accuracy == pytest.approx(4 / 6)
    assert scores.weighted_f1 == pytest.approx((0.8 * 3 + 0.5 * 2 + 1.0 * 1) / 6)
    assert scores.macro_f1 == pytest.approx((0.8 + 0.5 + 1.0) / 3)
    assert scores.confusion["B"] == {"B": 1, "None": 1}
    assert sum(sum(row.values()) for row in scores.confusion.values()) == len(gold)


def test_binary_scores_and_ratio():
    b = rep.binary_scores(tp=6, fp=2, fn=4)
    assert (b.precision, b.recall) == (0.75, 0.6)
    assert b.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert rep.binary_scores(0, 0, 0).f1 == 0.0
    assert rep.ratio(3, 4).value == 0.75 and rep.ratio(0, 0).value == 0.0


@pytest.mark.parametrize(("name", "minimum"), [("dev", 10), ("holdout", 6)])
def test_snippet_sets_cover_every_sub_event_type(name, minimum):
    snippets = read_snippets(SNIPPETS / f"{name}.tsv")
    counts = Counter(s.label for s in snippets)
    for entry in taxonomy():
        assert counts[entry.sub_event_type] >= minimum, entry.sub_event_type
    for snippet in snippets:
        sentences = re.findall(r"[.!?](?:\s|$)", snippet.text)
        assert 1 <= len(sentences) <= 3, snippet.id


def test_holdout_shares_no_text_with_dev():
    dev = {s.text for s in read_snippets(SNIPPETS / "dev.tsv")}
    holdout = {s.text for s in read_snippets(SNIPPETS / "holdout.tsv")}
    assert not dev & holdout


def test_cli_scores_a_small_file_and_writes_json(tmp_path, capsys):
    path = tmp_path / "small.tsv"
    path.write_text(
        "s1\tA U.S. drone strike killed two al-Shabaab militants near Jilib on Wednesday.\tADS\n"
        "s2\tPolice fired tear gas to disperse protesters in Nairobi on Tuesday.\tProtest with intervention\n"
        "s3\tThe weather in Kabul was mild on Sunday.\tNone\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.json"
    assert main(["eval", "snippets", str(path), "--out", str(out), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "weighted F1" in printed and "accuracy" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["n"] == 3 and report["failures"] == 0
    assert [item["gold"] for item in report["items"]] == [
        "Air/drone strike",
        "Protest with intervention",
        NO_EVENT,
    ]
    sub = report["sub_event_type"]
    assert 0.0 <= sub["weighted_f1"] <= 1.0
    assert sum(c["support"] for c in sub["per_class"]) == 3
    assert sum(sum(row.values()) for row in sub["confusion"].values()) == 3


def test_cli_reports_a_bad_file_in_one_line(tmp_path, capsys):
    path = tmp_path / "bad.tsv"
    path.write_text("x\tSome text.\tBombing\n", encoding="utf-8")
    assert main(["eval", "snippets", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{path}:1" in err[0] and "unknown label" in err[0]
