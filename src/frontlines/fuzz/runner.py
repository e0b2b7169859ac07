"""``python -m frontlines.fuzz``: many generated articles through the whole pipeline.

    python -m frontlines.fuzz --articles 100000 --out build/fuzz     # make fuzz

Articles come from a seeded generator over the fragment pools (``compose.corpus``),
in batches; each batch goes into a fresh store through ``extract`` (the normal
worker pool), then control, the exports and the map, and the store and exports
are checked (``check.run_batch``); the first ``--rerun`` records of each batch
are extracted a second time, which must add and change nothing.

Prints each batch as it ends and, at the end, the inputs, the time, the rate,
the codes reported (input errors are expected: empty and huge articles are
generated on purpose) and the failures by code. Every failing record is saved
in ``OUT/failures/`` (one JSON-lines file per failure, with its message); a
crash of a whole batch is narrowed down to the fewest records that still
crash. The figures go to ``OUT/report.json``. Exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .check import Problem, run_batch, write_jsonl
from .compose import corpus
from .fragments import load_pools


def narrow(records: Sequence[dict[str, Any]], fails: Callable[[Sequence[dict[str, Any]]], bool],
           rounds: int = 12) -> list[dict[str, Any]]:
    """Fewer records that still fail: keep whichever half fails, while one does."""
    current = list(records)
    for _ in range(rounds):
        if len(current) <= 1:
            break
        half = len(current) // 2
        for part in (current[:half], current[half:]):
            if fails(part):
                current = part
                break
        else:
            break
    return current


def _save(problem: Problem, folder: Path, number: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number:04d}-{problem.code}.jsonl"
    write_jsonl(problem.records, path)
    path.with_suffix(".txt").write_text(problem.message + "\n", encoding="utf-8", errors="backslashreplace")
    return path


def _report(done: int, seed: int, batch: int, workers: int | None, skip: int, elapsed: float,
            pools: dict[str, int], totals: Counter[str], failures: Counter[str], saved: list[str],
            seconds: Counter[str]) -> dict[str, Any]:
    return {
        "articles": done, "seed": seed, "batch": batch, "skipped_batches": skip, "workers": workers,
        "seconds": round(elapsed, 1), "articles_per_second": round(done / elapsed, 2) if elapsed else None,
        "seconds_by_phase": {k: round(v, 1) for k, v in seconds.items()},
        "pools": pools, "totals": dict(totals), "failures_by_code": dict(failures), "saved": saved,
    }


def _write_report(out: Path, report: dict[str, Any]) -> None:
    """After every batch, so that a long run stopped early still has its figures."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def run(articles: int, *, batch: int, seed: int, workers: int | None, shared: Path | None, out: Path,
        rerun: int, skip: int = 0, say: Callable[[str], None] = print) -> dict[str, Any]:
    started = time.monotonic()
    pools = load_pools(shared)
    say(f"pools: {len(pools.sentences)} sentences ({', '.join(f'{k} {v}' for k, v in pools.counts.items())}), "
        f"{len(pools.headlines)} headlines, {len(pools.datelines)} datelines, {len(pools.places)} places "
        f"({time.monotonic() - started:.0f} s)")
    work = out / "work"
    totals: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    saved: list[str] = []
    done = 0
    seconds: Counter[str] = Counter()
    for number, start in enumerate(range(0, articles, batch)):
        if number < skip:  # batches an earlier run did: the same seeds give the same articles
            continue
        records = corpus(pools, min(batch, articles - start), seed=seed + number, prefix=f"fz{seed}")
        shutil.rmtree(work, ignore_errors=True)
        result = run_batch(records, work, workers=workers, rerun=min(rerun, len(records)))
        done += len(records)
        totals.update(result.codes)
        totals.update({"read": result.read, "events": result.events, "incidents": result.incidents,
                       "input errors": result.failed_input})
        for problem in result.problems:
            failures[problem.code] += 1
            if problem.code == "crash" and len(problem.records) > 1:
                def crashes(part: Sequence[dict[str, Any]]) -> bool:
                    shutil.rmtree(work, ignore_errors=True)
                    # in this process: the models stay loaded from one try to the next
                    return any(p.code == "crash" for p in run_batch(part, work, workers=1).problems)

                problem.records = narrow(problem.records, crashes)
            saved.append(str(_save(problem, out / "failures", len(saved) + 1)))
            say(f"  FAIL [{problem.code}] {problem.message.strip().splitlines()[-1][:300]}")
        seconds.update(result.seconds)
        elapsed = time.monotonic() - started
        _write_report(out, _report(done, seed, batch, workers, skip, elapsed, pools.counts, totals, failures,
                                   saved, seconds))
        say(f"batch {number + 1}: {done}/{articles} articles, {elapsed:.0f} s, {done / elapsed:.1f} articles/s, "
            f"read {result.read}, events {result.events}, incidents {result.incidents}, "
            f"problems {len(result.problems)}; "
            + ", ".join(f"{k} {v:.0f} s" for k, v in result.seconds.items()))
    shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started
    report = _report(done, seed, batch, workers, skip, elapsed, pools.counts, totals, failures, saved, seconds)
    _write_report(out, report)
    say(f"inputs {done} articles in {elapsed:.0f} s ({report['articles_per_second']} articles/s), seed {seed}")
    say("codes reported: " + (", ".join(f"{k} {v}" for k, v in sorted(totals.items())) or "none"))
    say("failures by code: " + (", ".join(f"{k} {v}" for k, v in sorted(failures.items())) or "none"))
    for path in saved:
        say(f"  saved {path}")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m frontlines.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=4_000, help="articles per store and extract run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    parser.add_argument("--shared", type=Path, default=Path("../shared"),
                        help="the reference material beside the checkout (its absence is fine)")
    parser.add_argument("--out", type=Path, default=Path("build/fuzz"))
    parser.add_argument("--rerun", type=int, default=100, help="records of each batch extracted twice")
    parser.add_argument("--skip", type=int, default=0, metavar="N",
                        help="leave out the first N batches (done by an earlier run with the same seed)")
    args = parser.parse_args(argv)
    report = run(args.articles, batch=args.batch, seed=args.seed, workers=args.workers, shared=args.shared,
                 out=args.out, rerun=args.rerun, skip=args.skip, say=lambda m: print(m, flush=True))
    return 1 if report["failures_by_code"] else 0


if __name__ == "__main__":
    sys.exit(main())
