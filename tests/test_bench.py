"""`frontlines bench` runs end to end on a tiny corpus and reports sane figures.

No timed assertions: speed is machine-dependent; the figures are checked for
shape and consistency only.
"""

from __future__ import annotations

import json

import pytest

from frontlines.cli import main

ARTICLES = [
    "Afghan forces recaptured the district centre of Kaldar in Balkh province on Monday, "
    "the defence ministry said. About 20 militants were killed in the fighting.",
    "Police fired tear gas at protesters in Nairobi on Tuesday. Several people were arrested.",
    "A roadside bomb killed three soldiers near Marka in Somalia on Friday, officials said.",
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "tiny.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": f"a{i}", "text": text, "published": "2021-07-27"}) + "\n"
            for i, text in enumerate(ARTICLES)
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_bench_prints_and_writes_the_figures(corpus, tmp_path, capsys, workers):
    out = tmp_path / "bench.json"
    code = main(["bench", str(corpus), "--workers", str(workers), "--json", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    for field in ("articles/s", "words/s", "peak MB", "ratio pipeline/baseline", "geoparse overhead"):
        assert field in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    words = sum(len(text.split()) for text in ARTICLES)
    assert report["articles"] == 3 and report["words"] == words
    assert report["workers"] == workers and report["failures"] == 0
    for name in ("baseline", "pipeline", "geo"):
        timing = report[name]
        assert timing["articles"] == 3 and timing["words"] == words
        assert timing["median_seconds"] > 0
        assert timing["articles_per_second"] == pytest.approx(3 / timing["median_seconds"], rel=1e-2)
        assert 50 < timing["peak_mb"] < 20_000  # a loaded spaCy model, far from absurd
        assert len(timing["cpu_seconds"]) == 1 and timing["cpu_seconds"][0] > 0
        assert 0 <= timing["added_mb"] <= timing["peak_mb"]
    ratio = report["baseline"]["median_seconds"] / report["pipeline"]["median_seconds"]
    assert report["ratio_pipeline_over_baseline"] == pytest.approx(ratio, rel=1e-2)
    assert report["cpu_time_pipeline_over_baseline"] > 0
    assert report["maxrss_mb"]["self"] > 50


def test_bench_limit_and_repeat_take_medians(corpus, tmp_path):
    from frontlines.bench import bench

    report = bench(corpus, limit=2, workers=1, repeat=3)
    assert report.articles == 2
    for timing in (report.baseline, report.pipeline, report.geo, report.locate):
        assert len(timing.seconds) == 3
        assert min(timing.seconds) <= timing.median_seconds <= max(timing.seconds)


def test_bench_refuses_an_empty_corpus(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["bench", str(empty)]) == 1
    assert "no readable article" in capsys.readouterr().err


def test_bench_refuses_stdin(capsys):
    assert main(["bench", "-"]) == 1
    assert "not -" in capsys.readouterr().err
