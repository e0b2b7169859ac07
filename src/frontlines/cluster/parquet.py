"""The Parquet output of ``extract --engine dask``: one directory, written shard by shard.

    OUT/events/country=Afghanistan/month=2021-07/<shard key>.parquet
    OUT/articles/<shard key>.parquet
    OUT/_shards/<shard key>.json

* ``events/``: a Hive-partitioned dataset (``pandas.read_parquet(OUT / "events")``,
  ``pyarrow.dataset.dataset(..., partitioning="hive")``, DuckDB's ``read_parquet(...,
  hive_partitioning=true)``). One row per per-article event, every field of
  :class:`~frontlines.models.Event` under its ACLED name (``event_date``, ``event_type``,
  ``sub_event_type``, ``actor1``, ``admin1``, ``latitude``, ``fatalities``...; evidence and
  sources as JSON text, as ``extract --format csv`` writes them), beside them ``position``
  (the event's place in its article), ``article_position`` (the article's place in its shard),
  ``content_hash`` (the article's) and ``shard``.
  ``country`` and ``month`` (of ``event_date``, ``YYYY-MM``) are the partition keys; an
  event with neither is in the ``__HIVE_DEFAULT_PARTITION__`` directory, read back as null.
* ``articles/``: every input of the shard in order, read or not: the article's metadata,
  cleaned text and input, its ``status`` (extracted, failed, skipped: a language not read,
  unreadable: the input's error) and the error's class, code and message.
* ``_shards/``: the commit record of each finished shard (its files, counts, worker).

A shard's files are written under ``_tmp/`` and renamed into place (``os.replace``,
atomic on one file system), its ``_shards`` record last: a task killed half way leaves
no record, and its retry writes the same names again, so a dataset never holds a
partial or a second copy of a shard. The leading underscore keeps ``_tmp`` and
``_shards`` out of what pyarrow, pandas and DuckDB read as data.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..models import EVENT_FIELDS, Article, Event, Evidence

PARTITIONS = ("country", "month")
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # pyarrow's and Hive's name for a null key
EXTRA_EVENT_COLUMNS = {
    "position": "int64", "article_position": "int64", "content_hash": "string", "shard": "string",
}
JSON_FIELDS = ("evidence", "sources")
ARTICLE_COLUMNS = {
    "position": "int64", "id": "string", "content_hash": "string", "title": "string",
    "source": "string", "url": "string", "published": "string", "published_from": "string",
    "undated": "string", "language": "string", "origin": "string", "focus_country": "string",
    "text": "string", "raw": "string", "warnings": "string", "status": "string",
    "error_class": "string", "error_code": "string", "error_stage": "string", "error": "string",
}


def _arrow_type(annotation: str) -> str:
    """The Arrow type of an Event field from its annotation ("int | None" -> int64)."""
    head = annotation.split("|")[0].strip()
    return {"int": "int64", "float": "float64"}.get(head, "string")


def event_schema():
    import pyarrow as pa

    types = {f.name: _arrow_type(str(f.type)) for f in fields(Event)}
    columns = [(n, types[n]) for n in EVENT_FIELDS if n not in PARTITIONS]
    columns += list(EXTRA_EVENT_COLUMNS.items())
    return pa.schema([(name, pa.type_for_alias(kind)) for name, kind in columns])


def article_schema():
    import pyarrow as pa

    return pa.schema([(name, pa.type_for_alias(kind)) for name, kind in ARTICLE_COLUMNS.items()])


def record_path(out: Path, key: str) -> Path:
    return out / "_shards" / f"{key}.json"


def finished(out: Path, key: str) -> dict[str, Any] | None:
    """The commit record of shard ``key``, if it was written."""
    try:
        return json.loads(record_path(out, key).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def event_row(event: Event, position: int, article: int, content_hash: str, shard: str) -> dict[str, Any]:
    row = event.to_dict()
    for name in JSON_FIELDS:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    row.update(position=position, article_position=article, content_hash=content_hash, shard=shard)
    return row


def partition(row: dict[str, Any]) -> tuple[str | None, str | None]:
    date = row.get("event_date")
    return row.get("country"), (date[:7] if date else None)


def _directory(values: tuple[str | None, str | None]) -> str:
    return "/".join(
        f"{name}={NULL_PARTITION if value is None else quote(value, safe='')}"
        for name, value in zip(PARTITIONS, values, strict=True)
    )


def write_shard(out: Path, key: str, articles: list[dict[str, Any]], events: list[dict[str, Any]],
                record: dict[str, Any]) -> dict[str, Any]:
    """Write one shard's articles and events, then its record (module doc: atomic per file,
    committed by the record); returns the record."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    staging = out / "_tmp" / f"{key}-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    try:
        groups: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
        for row in events:
            groups.setdefault(partition(row), []).append(row)
        written = []
        schema = event_schema()
        for values, rows in sorted(groups.items(), key=lambda item: str(item[0])):
            relative = f"events/{_directory(values)}/{key}.parquet"
            staged = staging / f"events-{len(written)}.parquet"
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), staged)
            written.append((staged, relative, values))
        staged_articles = staging / "articles.parquet"
        pq.write_table(pa.Table.from_pylist(articles, schema=article_schema()), staged_articles)
        for staged, relative, _ in [*written, (staged_articles, f"articles/{key}.parquet", None)]:
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        record = {
            **record, "key": key, "articles_file": f"articles/{key}.parquet",
            "event_files": [{"path": rel, "country": v[0], "month": v[1]} for _, rel, v in written],
        }
        staged_record = staging / "record.json"
        staged_record.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        record_path(out, key).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged_record, record_path(out, key))
        return record
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# reading back (the reduce step) ---------------------------------------------


def read_articles(out: Path, record: dict[str, Any]) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows = pq.read_table(out / record["articles_file"]).to_pylist()
    return sorted(rows, key=lambda row: row["position"])


def read_events(out: Path, record: dict[str, Any]) -> dict[int, list[Event]]:
    """The shard's events by the article's place in the shard, each article's in their order."""
    import pyarrow.parquet as pq

    entries = record["event_files"]
    # a shard of articles spread over many months has a small file in each: read them at once
    # (pyarrow reads without the GIL), about twice as fast as one after the other
    with ThreadPoolExecutor(max_workers=min(8, len(entries) or 1)) as pool:
        tables = list(pool.map(lambda entry: pq.read_table(out / entry["path"]), entries))
    rows = []
    for entry, table in zip(entries, tables, strict=True):
        for row in table.to_pylist():
            row["country"] = entry["country"]
            rows.append(row)
    by_article: dict[int, list[Event]] = {}
    for row in sorted(rows, key=lambda r: (r["article_position"], r["position"])):
        by_article.setdefault(row["article_position"], []).append(event_from_row(row))
    return by_article


def event_from_row(row: dict[str, Any]) -> Event:
    values = {name: row[name] for name in EVENT_FIELDS}
    values["evidence"] = [Evidence(**item) for item in json.loads(row["evidence"])]
    values["sources"] = json.loads(row["sources"])
    return Event(**values)


def article_from_row(row: dict[str, Any]) -> Article:
    names = {f.name for f in fields(Article)} & row.keys()
    values = {name: row[name] for name in names}
    values["warnings"] = json.loads(row["warnings"] or "[]")
    return Article(**values)


def iter_records(out: Path) -> Iterator[dict[str, Any]]:
    for path in sorted((out / "_shards").glob("*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))
