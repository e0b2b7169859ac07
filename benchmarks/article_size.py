"""Benchmark: the cost of one article against its size (issue 10: cost linear in article size).

    make bench-size                    # or: .venv/bin/python benchmarks/article_size.py --help

Long articles are the project's example paragraphs repeated with their numbers varied
(tests/long_articles.py). Each size is extracted whole (``frontlines.extract``: ingest, spaCy,
geo, events) in this process after a warm-up, so model loading is not counted; CPU seconds are
reported beside wall seconds (the machine is shared). The target: the largest size within
10x the time of one a tenth of its size.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from long_articles import long_article  # noqa: E402

import frontlines  # noqa: E402


def measure(size: int) -> dict:
    text = long_article(size)
    wall, cpu = time.perf_counter(), time.process_time()
    events = frontlines.extract(text, published="2021-07-01")
    return {"bytes": len(text.encode("utf-8")), "events": len(events),
            "cpu_s": round(time.process_time() - cpu, 2), "wall_s": round(time.perf_counter() - wall, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="bytes, comma-separated (default: 100 KB, 1 MB)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args()
    frontlines.extract(long_article(3_000), published="2021-07-01")  # warm: models, gazetteer
    figures = []
    for size in (int(s) for s in args.sizes.split(",")):
        figures.append(measure(size))
        row = figures[-1]
        print(f"{row['bytes']:>9,} bytes: {row['cpu_s']:8.2f} s CPU {row['wall_s']:8.2f} s wall, {row['events']} events",
              flush=True)
    first, last = figures[0], figures[-1]
    ratio = last["cpu_s"] / first["cpu_s"] if first["cpu_s"] else float("inf")
    print(f"{last['bytes'] / first['bytes']:.1f}x the text: {ratio:.1f}x the CPU time")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"sizes": figures, "cpu_ratio": round(ratio, 2)}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
