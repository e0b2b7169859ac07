"""``make bench-dask``: ``extract --engine dask`` on 1 and 2 workers, and what a cluster would do.

    python benchmarks/dask_scale.py --shared ../shared --articles 20000 --json build/bench-dask/report.json

A corpus of ARTICLES articles of real sentences shuffled across the corpora beside the
checkout (``fuzz.compose.shuffled``, the generator of ``make soak-shuffled``; read from
../shared at run time and written to build/, never into the repository) is extracted
on a LocalCluster of 1, then 2 worker processes (one thread each), each run into a
fresh Parquet directory. The models load in each worker before the clock starts
(reported apart: a long-lived cluster pays it once).

Figures, per run: articles/s and words/s of the map (first task submitted to last
shard written), words per CPU-second (the tasks' own CPU time, so what one core does
whatever else the machine runs), scaling efficiency (throughput with 2 workers over
twice that with 1), the share of the map's wall time the workers had a core (below 1
on a machine other jobs share), each worker's peak RSS, and the reduce (storing and fusing into
SQLite on the client, one process) timed once, on the last run. The projection for a
10-node, 16-core cluster is measured per-core throughput x 160 cores x 86,400 s: the
map alone (the reduce is one process and is reported as its own ceiling).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CLUSTER_CORES = 10 * 16
DAY_S = 86_400


def peak_rss() -> int:
    """This process's peak resident memory, bytes (Linux: ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def corpus(shared: Path, articles: int, seed: int, work: Path) -> tuple[Path, int]:
    from frontlines.fuzz.check import write_jsonl
    from frontlines.fuzz.compose import shuffled
    from frontlines.fuzz.fragments import load_pools

    records = shuffled(load_pools(shared), articles, seed)
    path = write_jsonl(records, work / f"shuffled-{articles}-{seed}.jsonl")
    return path, sum(len(r["text"].split()) for r in records)


def one_run(path: Path, workers: int, work: Path, shard_articles: int | None, reduce: bool) -> dict:
    from distributed import Client, LocalCluster

    from frontlines.cluster.engine import extract_on_dask
    from frontlines.cluster.tasks import LoadModels

    out = work / f"out-{workers}"
    db = work / f"bench-{workers}.db"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    if out.exists():
        import shutil

        shutil.rmtree(out)
    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster, Client(cluster) as client:
        client.register_plugin(LoadModels())
        warm = time.perf_counter() - started
        shards: list[dict] = []
        lines: list[str] = []
        t0 = time.perf_counter()
        status = extract_on_dask([str(path)], out, client=client, db=str(db), store=reduce,
                                 shard_articles=shard_articles, report=lines.append,
                                 on_shard=lambda record: shards.append({**record, "at": time.perf_counter()}))
        end = time.perf_counter()
        rss = client.run(peak_rss)
    mapped = max(s["at"] for s in shards) - t0
    articles = sum(s["articles"] for s in shards)
    words = sum(s["words"] for s in shards)
    cpu = sum(s["cpu_seconds"] for s in shards)
    return {
        "workers": workers,
        "status": status,
        "shards": len(shards),
        "articles": articles,
        "events": sum(s["events"] for s in shards),
        "failed": sum(s["failed"] for s in shards),
        "words": words,
        "warm_up_s": round(warm, 1),
        "map_s": round(mapped, 1),
        "articles_per_s": round(articles / mapped, 2),
        "words_per_s": round(words / mapped),
        "task_cpu_s": round(cpu, 1),
        "words_per_cpu_s": round(words / cpu),
        "articles_per_cpu_s": round(articles / cpu, 2),
        # the share of the map's wall time the workers had a core: below 1 when other jobs
        # share the machine (then wall-clock scaling understates what the engine does)
        "cpu_share": round(cpu / (mapped * workers), 2),
        "reduce_s": round(end - t0 - mapped, 1) if reduce else None,
        "reduce_articles_per_s": round(articles / (end - t0 - mapped), 1) if reduce else None,
        "peak_rss_mb_per_worker": sorted(round(v / 2**20) for v in rss.values()),
        "last_lines": lines[-3:],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated (default 1,2)")
    parser.add_argument("--shard-articles", type=int, help="articles per shard (default: [cluster] shard_articles)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench-dask")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        print(f"skipped: {args.shared / 'data'} not found (the corpus is made from it)", file=sys.stderr)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    path, words = corpus(args.shared, args.articles, args.seed, args.work)
    print(f"corpus: {args.articles} articles, {words} words -> {path}", flush=True)
    counts = [int(n) for n in args.workers.split(",")]
    runs = []
    for n, workers in enumerate(counts):
        run = one_run(path, workers, args.work, args.shard_articles, reduce=n == len(counts) - 1)
        runs.append(run)
        print(json.dumps(run), flush=True)
    base = runs[0]
    report = {
        "articles": args.articles,
        "words": words,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "runs": runs,
    }
    for run in runs[1:]:
        speedup = run["articles_per_s"] / base["articles_per_s"]
        run["speedup"] = round(speedup, 2)
        run["scaling_efficiency"] = round(speedup * base["workers"] / run["workers"], 2)
    last = runs[-1]
    per_core_wall = last["articles_per_s"] / last["workers"]
    report["projection_10x16_per_day"] = {
        "cores": CLUSTER_CORES,
        "articles_from_wall_per_core": round(per_core_wall * CLUSTER_CORES * DAY_S),
        "articles_from_cpu_per_core": round(last["articles_per_cpu_s"] * CLUSTER_CORES * DAY_S),
        "words_from_cpu_per_core": round(last["words_per_cpu_s"] * CLUSTER_CORES * DAY_S),
        "reduce_ceiling_articles": round(last["reduce_articles_per_s"] * DAY_S) if last["reduce_articles_per_s"] else None,
    }
    print(json.dumps(report["projection_10x16_per_day"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if all(r["status"] in (0, 1) for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
