"""``python -m frontlines.fuzz.soak``: ``frontlines extract`` over every real corpus, into one store.

    python -m frontlines.fuzz.soak --shared ../shared --out build/soak        # make soak
    python -m frontlines.fuzz.soak --shuffled 20000 --out build/soak-20k      # the shuffled corpus

The corpora beside the checkout, as a user would give them: the ACLED dev notes (each
distinct note one article, published on its row's date, written to a JSON-lines file
since the command reads no CSV), the ISAF releases and news-2016 as they are (JSON
lines), the seeds as a directory of .txt files. One ``frontlines extract`` process
per corpus, all into one store, then ``control``, the exports and the map over it.

``--shuffled N`` runs instead one extract over N articles of real sentences shuffled
(``compose.shuffled``: 2-12 sentences drawn from every corpus, with a dateline now and then).

What must hold: every process exits 0 with no traceback; each extract's counts add
up (articles read + inputs refused = inputs given; stored new + duplicate = read); the
store holds every article once and passes the fuzzer's checks (``check.store_problems``,
``check.rebuild_problems``, the exports). Prints each step's counts and time and writes
``OUT/report.json``; exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .check import export_problems, rebuild_problems, store_problems, summary_counts, write_jsonl
from .compose import shuffled
from .fragments import load_pools


@dataclass
class Step:
    name: str
    inputs: int  # articles given
    seconds: float = 0.0
    status: int | None = None
    summary: str = ""
    problems: list[str] = field(default_factory=list)


def corpora(shared: Path, work: Path) -> list[tuple[str, Path, int]]:
    """(name, input path, article count) of each real corpus found under ``shared``."""
    from ..evaluation.acled import read_notes

    found = []
    for path in sorted((shared / "data" / "acled-afghanistan-2019-dev").glob("*.csv")):
        notes = read_notes(path)
        records = [{"id": n.id, "text": n.text, "published": n.published, "source": "ACLED"} for n in notes]
        found.append(("acled-dev", write_jsonl(records, work / "acled-notes.jsonl"), len(records)))
    for name, path in (("isaf", shared / "data" / "isaf-press-releases" / "isaf_press_releases.jsonl"),
                       ("news-2016", shared / "data" / "news-2016" / "articles.jsonl")):
        if path.exists():
            found.append((name, path, sum(1 for line in path.open(encoding="utf-8") if line.strip())))
    seeds = shared / "seeds"
    if seeds.is_dir():
        found.append(("seeds", seeds, len(list(seeds.glob("*.txt")))))
    return found


def _frontlines(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontlines", *args], capture_output=True, text=True)


def extract_step(name: str, path: Path, inputs: int, db: Path, workers: int | None) -> Step:
    step = Step(name, inputs)
    started = time.monotonic()
    args = ["extract", "--db", str(db), str(path)] + (["--workers", str(workers)] if workers else [])
    done = _frontlines(*args)
    step.seconds, step.status = time.monotonic() - started, done.returncode
    step.summary, counts = summary_counts(done.stderr.splitlines())
    refused = sum(1 for line in done.stderr.splitlines() if re.search(r"\[E1\d\d\]$", line))
    if done.returncode != 0:
        step.problems.append(f"exit status {done.returncode}: {done.stderr.strip().splitlines()[-3:]}")
    if "Traceback" in done.stderr:
        step.problems.append("a traceback on stderr")
    if not {"read", "new", "duplicate", "failed"} <= counts.keys():
        step.problems.append("no summary line")
        return step
    read, new, duplicate, failed = (counts[k] for k in ("read", "new", "duplicate", "failed"))
    if read + refused != inputs:
        step.problems.append(f"read {read} + refused {refused} != {inputs} inputs")
    if new + duplicate != read:
        step.problems.append(f"new {new} + duplicate {duplicate} != read {read}")
    if failed != refused:
        step.problems.append(f"failed {failed}, of which {failed - refused} not refused inputs")
    return step


def readers_step(db: Path, work: Path) -> Step:
    step = Step("control, exports, map", 0)
    started = time.monotonic()
    outputs = {}
    for args in (["control", "--at", "2019-05-01"], ["map", "--out", str(work / "map.html")],
                 *(["export", "--format", fmt] for fmt in ("acled-csv", "jsonl", "geojson", "control-csv"))):
        done = _frontlines(*args, "--db", str(db))
        if done.returncode != 0 or "Traceback" in done.stderr:
            step.problems.append(f"{' '.join(args[:3])}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        if args[0] == "export":
            outputs[args[-1]] = done.stdout
    if len(outputs) == 4:
        step.problems += export_problems(outputs, db)
    step.problems += store_problems(db) + rebuild_problems(db)
    step.seconds, step.status = time.monotonic() - started, 0 if not step.problems else 1
    return step


def run(shared: Path, out: Path, *, shuffled_articles: int = 0, seed: int = 1, workers: int | None = None,
        say: Any = print) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    work = out / "work"
    work.mkdir(parents=True)
    db = out / "soak.db"
    if shuffled_articles:
        records = shuffled(load_pools(shared), shuffled_articles, seed)
        inputs = [("shuffled", write_jsonl(records, work / "shuffled.jsonl"), len(records))]
    else:
        inputs = corpora(shared, work)
    steps = []
    for name, path, count in inputs:
        step = extract_step(name, path, count, db, workers)
        steps.append(step)
        say(f"{name}: {count} inputs, {step.seconds:.0f} s, exit {step.status}: {step.summary}"
            + "".join(f"\n  PROBLEM {p}" for p in step.problems))
    step = readers_step(db, work)
    steps.append(step)
    import sqlite3

    with sqlite3.connect(db) as conn:
        stored = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "incidents")}
    say(f"{step.name}: {step.seconds:.0f} s" + "".join(f"\n  PROBLEM {p}" for p in step.problems))
    say(f"store: {stored['articles']} articles, {stored['events']} events, {stored['incidents']} incidents")
    report = {"steps": [asdict(s) for s in steps], "store": stored,
              "seconds": round(sum(s.seconds for s in steps), 1),
              "problems": sum(len(s.problems) for s in steps)}
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m frontlines.fuzz.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("build/soak"))
    parser.add_argument("--shuffled", type=int, default=0, metavar="N",
                        help="instead: one extract over N articles of shuffled real sentences")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="worker processes of each extract (default: all cores)")
    args = parser.parse_args(argv)
    if not args.shuffled and not (args.shared / "data").is_dir():
        print(f"skipped: no reference data in {args.shared / 'data'}")
        return 0
    report = run(args.shared, args.out, shuffled_articles=args.shuffled, seed=args.seed, workers=args.workers,
                 say=lambda m: print(m, flush=True))
    print(f"soak: {report['seconds']:.0f} s, {report['problems']} problem(s)")
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
