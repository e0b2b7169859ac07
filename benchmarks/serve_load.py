"""Load benchmark of `frontlines serve`, and the watcher's item-to-event latency (not a test).

    make bench-serve                     # or: .venv/bin/python benchmarks/serve_load.py --help

1. store    the ACLED Afghanistan dev notes (one article each) and the five seeds from
            ../shared, extracted and fused into build/bench-serve.db (once; reused after)
2. server   `frontlines serve` on a free port of 127.0.0.1, in its own process
            (--workers N: that many server processes)
3. load     N concurrent clients (default 100) for S seconds (default 60), each looping over
            the API and the map page: requests/s, p50/p95/p99 latency, errors (non-200 or
            failed requests) overall and by route
4. watcher  one `watch` pass over the fixture feeds of the tests (tests/watch_fixtures.py,
            items published at the moment they are served): the latency from each item's
            publication to its stored event, as GET /api/watch/latency sums it up

Every request goes to 127.0.0.1 only, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ACLED = SHARED / "data" / "acled-afghanistan-2019-dev" / "acled_afghanistan_2019-04_2019-05.csv"
SEEDS = SHARED / "seeds"


def build_store(db: Path) -> None:
    from frontlines.api import extract_to
    from frontlines.evaluation.acled import read_notes

    if db.exists():
        return
    if not ACLED.exists() or not SEEDS.is_dir():
        sys.exit(f"reference data not found: {ACLED} and {SEEDS}")
    db.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "acled-notes.jsonl"
        with notes.open("w", encoding="utf-8") as out:
            for note in read_notes(ACLED):
                out.write(json.dumps({"id": note.id, "text": note.text, "published": note.published,
                                      "source": "ACLED"}) + "\n")
        started = time.monotonic()
        with open(os.devnull, "w") as sink:
            extract_to([str(notes), str(SEEDS)], db=str(db), out=sink, report=lambda line: None)
        print(f"store: {db} built in {time.monotonic() - started:.0f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def routes(base: str) -> list[tuple[str, str]]:
    """(route name, URL): real ids, districts and words from the store."""
    events = httpx.get(base + "/api/events", params={"limit": 200}, timeout=30).json()["events"]
    districts = httpx.get(base + "/api/districts", timeout=30).json()["districts"]
    chosen = events[:: max(1, len(events) // 20)][:20]
    urls = [("events", "/api/events?limit=50"),
            ("events filtered", "/api/events?admin1=Helmand&since=2019-04-15&until=2019-05-15&limit=50"),
            ("events by type", "/api/events?event_type=Armed%20clash&actor=Taliban&limit=20&offset=40"),
            ("incidents", "/api/incidents?control_role=transfer"),
            ("districts at", "/api/districts?at=2019-05-01"),
            ("search", "/api/search?q=Taliban%20checkpoint"),
            ("map page", "/")]
    urls += [("one event", f"/api/events/{e['event_id']}") for e in chosen]
    urls += [("district", d["page"].replace("/districts/", "/api/districts/", 1)) for d in districts[:10]]
    return [(name, base + path) for name, path in urls]


async def load(targets: list[tuple[str, str]], clients: int, seconds: float) -> dict:
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def worker(n: int) -> None:
            i = n
            while time.monotonic() < deadline:
                name, url = targets[i % len(targets)]
                i += 1
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    await response.aread()
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                timings[name].append(time.perf_counter() - started)
                if not ok:
                    errors[name] += 1

        started = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        elapsed = time.monotonic() - started
    every = sorted(t for values in timings.values() for t in values)

    def pct(values: list[float], p: float) -> float:
        ordered = sorted(values)
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "clients": clients, "seconds": round(elapsed, 1), "requests": len(every),
        "requests_per_s": round(len(every) / elapsed, 1),
        "latency_ms": {"p50": pct(every, 0.50), "p95": pct(every, 0.95), "p99": pct(every, 0.99)},
        "errors": sum(errors.values()),
        "routes": {name: {"requests": len(v), "p50_ms": pct(v, 0.5), "p99_ms": pct(v, 0.99), "errors": errors[name]}
                   for name, v in sorted(timings.items())},
    }


def watcher_latency() -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from watch_fixtures import Site

    from frontlines.watch import Watcher, WatchSettings

    site = Site(published_now=True)
    settings = WatchSettings.from_config(host_delay=0.0, timeout=1.0, retries=0, backoff=0.0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "watch.db"
            started = time.monotonic()
            Watcher([site.url("main", "/feeds.opml")], db, settings=settings, report=lambda line: None).run_once()
            elapsed = time.monotonic() - started
            from fastapi.testclient import TestClient

            from frontlines.serve import create_app

            summary = TestClient(create_app(db)).get("/api/watch/latency").json()  # as the API gives it
    finally:
        site.stop()
    return {"events": summary["events"], "pass_seconds": round(elapsed, 1),
            "item_to_event_s": {key: summary[key] for key in ("count", "median_s", "p90_s", "max_s")},
            "note": "GET /api/watch/latency after one pass; models loaded before the pass (warm); "
                    "items published when the feed is served"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=str(ROOT / "build" / "bench-serve.db"))
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1, help="frontlines serve --workers (server processes)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args()
    db = Path(args.db)
    build_store(db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "frontlines", "serve", "--db", str(db), "--port", str(port),
                               "--workers", str(args.workers)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                health = httpx.get(base + "/api/health", timeout=1).json()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            sys.exit("the server did not start")
        httpx.get(base + "/", timeout=120)  # the map page is built once (per worker), then cached until the store changes
        figures = {"store": health, "workers": args.workers,
                   "load": asyncio.run(load(routes(base), args.clients, args.seconds))}
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    from frontlines.pipeline import extract

    extract("Taliban fighters attacked a checkpoint in Kunduz on Monday.", published="2021-07-12")  # warm the models
    figures["watcher"] = watcher_latency()
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
