"""Extraction past one machine (issue 13): ``frontlines extract --engine dask``.

The inputs are cut into shards (``shards``), each shard is extracted by a task on a
Dask cluster with the single-process code (``tasks``: the models loaded once per
worker), its events and articles are written as Parquet (``parquet``: partitioned by
country and month, atomic per shard, resumable), and the reduce step stores and fuses
them as one process would (``reduce``), so the answer is the single-process answer.

Dask is an optional extra (``pip install 'frontlines[dask]'``): without it the engine
is one error line, and nothing else in Frontlines imports this package.
"""

from __future__ import annotations

from typing import Any

from ..errors import EngineNotInstalled


def extract_on_dask(*args: Any, **kwargs: Any) -> int:
    """See :func:`frontlines.cluster.engine.extract_on_dask`; an error line when Dask is missing."""
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise EngineNotInstalled(
            f"--engine dask needs Dask and pyarrow ({exc.name} is not installed): "
            "pip install 'frontlines[dask]'"
        ) from None
    from .engine import extract_on_dask as run

    return run(*args, **kwargs)
