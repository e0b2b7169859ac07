"""A sample of every real corpus through ``frontlines extract`` into one store, as ``make soak``
runs them whole (1,582 ACLED notes, 724 ISAF releases, 84 news-2016 stories, the seeds):
exit 0, no traceback, the counts add up, and the store and its exports pass the fuzzer's
checks. The corpora are read from ../shared at test time; skipped where it is absent."""

from __future__ import annotations

import itertools
import shutil

import pytest
from conftest import ACLED_DEV, DATA, ISAF, SEEDS, need

from frontlines.fuzz.check import write_jsonl
from frontlines.fuzz.soak import extract_step, readers_step

pytestmark = pytest.mark.slow


def test_a_sample_of_every_corpus_into_one_store(tmp_path):
    from frontlines.evaluation.acled import read_notes

    need(DATA)
    need(SEEDS)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    notes = read_notes(need(ACLED_DEV), limit=15)
    write_jsonl([{"id": n.id, "text": n.text, "published": n.published} for n in notes], corpus / "acled.jsonl")
    with open(need(ISAF), encoding="utf-8") as handle:
        (corpus / "isaf.jsonl").write_text("".join(itertools.islice(handle, 10)), encoding="utf-8")
    with open(need(DATA / "news-2016" / "articles.jsonl"), encoding="utf-8") as handle:
        (corpus / "news.jsonl").write_text("".join(itertools.islice(handle, 2)), encoding="utf-8")
    shutil.copytree(SEEDS, corpus / "seeds")
    seeds = len(list(SEEDS.glob("*.txt")))

    db = tmp_path / "soak.db"
    step = extract_step("sample", corpus, 15 + 10 + 2 + seeds, db, workers=1)
    assert step.problems == [] and step.status == 0, step
    assert step.summary.startswith(f"read {27 + seeds} / new {27 + seeds} / duplicate 0 / failed 0")
    readers = readers_step(db, tmp_path)
    assert readers.problems == []
