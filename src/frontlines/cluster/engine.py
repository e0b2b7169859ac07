"""``frontlines extract --engine dask``: the map on a Dask cluster, the reduce in this process.

1. plan    ``shards.plan``: the inputs as shards, each keyed by a hash of its content
2. map     ``tasks.run_shard`` on the workers, one task per shard not yet written (resume);
           a worker that dies has its task run again elsewhere by the scheduler
           (``distributed.scheduler.allowed-failures`` times), and writing is atomic per
           shard, so a retry leaves neither a partial file nor a second copy
3. reduce  ``reduce.Replay`` through ``api.settle``: store, fuse, report, the exit status

A LocalCluster of worker processes (one thread each: spaCy's analysis holds the GIL)
on this machine, or the scheduler at ``--scheduler`` with its own workers.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import config
from ..api import NoWriter, settle
from ..errors import EngineError, FrontlinesError, WorkerDied
from ..failures import Failures, contain
from .reduce import Replay
from .shards import Shard, plan
from .tasks import LoadModels, run_shard

log = logging.getLogger(__name__)
Report = Callable[[str], None]


def extract_on_dask(
    inputs: Iterable[str],
    out_parquet: str | Path,
    *,
    published: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
    db: str | None = None,
    store: bool = True,
    shard_articles: int | None = None,
    report: Report = lambda _: None,
    strict: bool = False,
    on_shard: Callable[[dict[str, Any]], None] | None = None,
) -> int:
    """Extract ``inputs`` on Dask into ``out_parquet`` (and the store, fused); the exit status.

    ``client``: a connected ``distributed.Client`` to use (else one is made: ``scheduler``'s,
    or a LocalCluster of ``workers`` processes). ``on_shard`` is called with each shard's
    record as it finishes.
    """
    out = Path(out_parquet)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EngineError(f"cannot create the output directory: {exc.strerror or exc}", origin=str(out)) from exc
    failures = Failures(report, strict)
    size = shard_articles or config.get("cluster", "shard_articles")
    planned = list(plan(inputs, published, size))
    shards = list({s.key: s for s in planned if isinstance(s, Shard)}.values())
    records, failed = _map(shards, out, published, client, scheduler, workers, report, on_shard)
    for shard in shards:  # in input order
        if shard.key in failed:
            _shard_failed(failures, shard, failed[shard.key])
    replay = Replay(out, planned, records, failures.add)
    return settle(replay.items(), replay.analyse, NoWriter(), db=db, store=store, failures=failures, report=report)


def _map(
    shards: list[Shard], out: Path, published: str | None, client: Any, scheduler: str | None,
    workers: int | None, report: Report, on_shard: Callable[[dict[str, Any]], None] | None,
) -> tuple[dict[str, dict[str, Any]], dict[str, BaseException]]:
    """Run the shards not yet written; (records by key, exceptions of the shards that failed)."""
    from distributed import as_completed

    from .parquet import finished

    records: dict[str, dict[str, Any]] = {}
    todo = []
    for shard in shards:
        record = finished(out, shard.key)
        if record is None:
            todo.append(shard)
        else:
            records[shard.key] = record
    if records:
        report(f"resume: {len(records)} of {len(shards)} shard(s) already written to {out}")
    failed: dict[str, BaseException] = {}
    if not todo:
        return records, failed
    with _connected(client, scheduler, workers) as connected:
        futures = connected.map(
            run_shard, todo, out=str(out.resolve()), published=published,
            key=[f"frontlines-shard-{shard.key}" for shard in todo], pure=False,
        )
        keys = {future.key: shard.key for future, shard in zip(futures, todo, strict=True)}
        for future in as_completed(futures):
            key = keys[future.key]
            try:
                record = future.result()
            except Exception as exc:  # noqa: BLE001 - one shard's failure never stops the others
                failed[key] = exc
                continue
            records[key] = record
            if on_shard is not None:
                on_shard(record)
    try:  # left by tasks whose worker died while writing; empty once every task has ended
        shutil.rmtree(out / "_tmp")
    except OSError:
        pass
    return records, failed


def _shard_failed(failures: Failures, shard: Shard, exc: BaseException) -> None:
    """One line for a shard whose task failed: its articles are not in the output."""
    if type(exc).__name__ == "KilledWorker":
        failures.add(WorkerDied(
            "the shard's task ended the worker running it on each try (killed, out of memory or "
            "crashed); its articles are left out (run it alone: frontlines extract FILE)",
            origin=shard.origin,
        ))
    elif isinstance(exc, FrontlinesError):
        exc.origin = exc.origin or shard.origin
        failures.add(exc)
    else:
        contain(failures.add, "worker", exc, shard.origin)


@contextmanager
def _connected(client: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """The given client, or one to ``scheduler``, or to a LocalCluster here; models loaded on each worker."""
    if client is not None:
        client.register_plugin(LoadModels())
        yield client
        return
    from distributed import Client, LocalCluster

    from ..pipeline import worker_count

    quiet = logging.DEBUG if log.isEnabledFor(logging.DEBUG) else logging.CRITICAL
    if scheduler:
        try:
            connected = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler: {exc}", origin=scheduler) from exc
        with connected:
            connected.register_plugin(LoadModels())
            yield connected
        return
    try:
        cluster = LocalCluster(
            n_workers=worker_count(workers), threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=quiet,
        )
    except Exception as exc:  # noqa: BLE001 - whatever stops a cluster starting is one line
        raise EngineError(f"cannot start a local Dask cluster: {type(exc).__name__}: {exc}") from exc
    with cluster, Client(cluster) as connected:
        connected.register_plugin(LoadModels())
        yield connected
