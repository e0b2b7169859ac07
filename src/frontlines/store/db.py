"""Stage 5, store: articles and events kept once, in one SQLite file.

Reads Articles and Events; writes nothing back into them.

* One file, WAL journal: readers never block the writer, and a killed process
  loses at most the transaction it was in.
* Every write is one transaction: an article with its row, the events of an
  article replaced as a whole. A crash leaves no half-written article.
* Several processes share a store. Writers take turns: a transaction starts
  with the write lock (``BEGIN IMMEDIATE``), and a writer waits up to
  ``[store] busy_timeout_s`` for another's transaction to end; transactions are
  kept short (an article; a chunk of fusion). Opening a store and reading it
  take no write lock (the schema is only written when it must change), so
  ``control``, ``export`` and ``map`` never wait for a writer. Waiting longer
  than the timeout is a StoreError naming the store, never a traceback.
* Articles are stored once: unique on ``id`` and on ``content_hash`` (the
  normalised cleaned text), so the same story under another id or with other
  page leftovers is a duplicate.
* Events keep every field of :class:`~frontlines.models.Event` as a column
  (lists as JSON). A field added to Event later gets its column when a store
  opens, so the table follows the record without a hand-written migration.
* Other stages add their own tables through :func:`register_schema` (applied
  when a store opens) or :meth:`Store.apply_schema` (applied at once); each
  schema is a list of migration steps and its version is the number of steps
  applied, kept in the ``schema_version`` table.

The standard library's sqlite3 is used directly: the data are a few tables
with plain queries, and an ORM would add a dependency for nothing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import config
from ..errors import StoreError, StoreNotFound
from ..models import EVENT_FIELDS, Article, Event, Evidence

_ARTICLE_COLUMNS = (
    "id", "content_hash", "title", "source", "url", "published", "published_from",
    "language", "origin", "text", "raw", "warnings", "ingested_at",
)

_CORE_SCHEMA = [
    # step 1
    """
    CREATE TABLE articles (
        id             TEXT PRIMARY KEY,
        content_hash   TEXT NOT NULL UNIQUE,
        title          TEXT,
        source         TEXT,
        url            TEXT,
        published      TEXT,
        published_from TEXT,
        language       TEXT,
        origin         TEXT,
        text           TEXT NOT NULL,
        raw            TEXT NOT NULL,
        warnings       TEXT NOT NULL DEFAULT '[]',
        ingested_at    TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE TABLE events (
        event_id        TEXT PRIMARY KEY,
        doc_id          TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        event_date      TEXT,
        time_precision  INTEGER,
        event_type      TEXT,
        sub_event_type  TEXT,
        actor1          TEXT,
        assoc_actor_1   TEXT,
        actor2          TEXT,
        assoc_actor_2   TEXT,
        country         TEXT,
        iso             INTEGER,
        admin1          TEXT,
        admin2          TEXT,
        location        TEXT,
        latitude        REAL,
        longitude       REAL,
        geo_precision   INTEGER,
        geonames_id     INTEGER,
        fatalities      INTEGER,
        fatalities_low  INTEGER,
        fatalities_high INTEGER,
        injuries        INTEGER,
        claim_status    TEXT,
        claimed_by      TEXT,
        evidence        TEXT NOT NULL DEFAULT '[]',
        confidence      REAL,
        notes           TEXT,
        kind            TEXT,
        sources         TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX events_doc ON events (doc_id, position);
    CREATE INDEX events_date ON events (event_date);
    CREATE INDEX events_place ON events (admin1, admin2);
    """,
    # step 2: a district's events found by index when its province is not known
    """
    CREATE INDEX events_district ON events (admin2);
    """,
]

_SCHEMAS: dict[str, list[str]] = {"core": _CORE_SCHEMA}
_SCHEMAS_LOCK = threading.Lock()


def register_schema(name: str, steps: Sequence[str]) -> None:
    """Declare the tables of another stage (e.g. ``"fusion"``), applied whenever a store opens.

    ``steps`` are SQL scripts run in order, once each: add a step to change a
    schema, never edit one that has shipped.
    """
    with _SCHEMAS_LOCK:
        _SCHEMAS[name] = list(steps)


def default_path() -> Path:
    configured = config.get("store", "path")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("frontlines", appauthor=False)) / "frontlines.db"


class Store:
    """The SQLite store. Open with ``Store.open(path)`` (or as a context manager)."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.connection = connection  # shared with other stages' tables (see register_schema)
        self.path = path
        self._depth = 0  # savepoints open inside the current transaction

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True) -> Store:
        """Open the store at ``path`` (None: the default path); ``create=False`` for a caller
        that only reads: a store that does not exist is then an error, and no file is made."""
        target = Path(path) if path else default_path()
        if not create and str(target) != ":memory:" and not target.is_file():
            what = "is not a file" if target.exists() else "does not exist"
            raise StoreNotFound(
                f"no store: the path {what} (frontlines extract or ingest creates one)", origin=str(target)
            )
        try:
            if str(target) != ":memory:":
                target.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(
                str(target), timeout=config.get("store", "busy_timeout_s"), isolation_level=None
            )
            connection.row_factory = sqlite3.Row
            # switching to WAL takes a lock: only a new store needs it
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a power cut may lose the last commits, never
            # corrupt the file nor split a transaction.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, "cannot open the store", target) from exc
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store: {exc}", origin=str(target)) from exc
        store = cls(connection, target)
        try:
            with _SCHEMAS_LOCK:
                schemas = dict(_SCHEMAS)
            for name, steps in schemas.items():
                store.apply_schema(name, steps)
            store._add_event_columns()
        except StoreError:
            connection.close()
            raise
        except sqlite3.OperationalError as exc:
            connection.close()
            raise _busy_or(exc, "not a Frontlines store", target) from exc
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise StoreError(f"not a Frontlines store: {exc}", origin=str(target)) from exc
        return store

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored, or none of it.

        It starts with the write lock, waiting for another process's write
        transaction to end (``[store] busy_timeout_s``). Nested in another, it is
        a savepoint of the outer one: nothing is committed until the outer ends.
        """
        if self.connection.in_transaction:
            name = f"nested_{id(self)}_{self._depth}"
            self._depth += 1
            self.connection.execute(f"SAVEPOINT {name}")
            try:
                yield self.connection
            except BaseException:
                self.connection.execute(f"ROLLBACK TO {name}")
                self.connection.execute(f"RELEASE {name}")
                raise
            finally:
                self._depth -= 1
            self.connection.execute(f"RELEASE {name}")
            return
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, "cannot write to the store", self.path) from exc
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def apply_schema(self, name: str, steps: Sequence[str]) -> int:
        """Run the steps of schema ``name`` not yet applied; returns its version.

        A store that has them all is only read: opening it takes no write lock.
        """
        if self._has_version(name, len(steps)):
            return len(steps)
        with self.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (name TEXT PRIMARY KEY, version INTEGER NOT NULL)"
            )
            row = db.execute("SELECT version FROM schema_version WHERE name = ?", (name,)).fetchone()
            version = row["version"] if row else 0
            if version > len(steps):
                raise StoreError(
                    f"the store's {name!r} tables are version {version}, newer than this "
                    f"Frontlines ({len(steps)}); upgrade Frontlines",
                    origin=str(self.path),
                )
            for step in steps[version:]:
                for statement in _statements(step):
                    db.execute(statement)
            db.execute(
                "INSERT INTO schema_version (name, version) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                (name, len(steps)),
            )
        return len(steps)

    def _add_event_columns(self) -> None:
        """A column for every Event field the events table does not have yet."""
        existing = {row["name"] for row in self.connection.execute("PRAGMA table_info(events)")}
        missing = [name for name in EVENT_FIELDS if name not in existing]
        if not missing:
            return
        with self.transaction() as db:
            for name in missing:
                db.execute(f'ALTER TABLE events ADD COLUMN "{name}" {_column_type(name)}')

    def _has_version(self, name: str, version: int) -> bool:
        try:
            row = self.connection.execute(
                "SELECT version FROM schema_version WHERE name = ?", (name,)
            ).fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return False
            raise
        return row is not None and row["version"] == version

    def schema_version(self, name: str) -> int:
        row = self.connection.execute(
            "SELECT version FROM schema_version WHERE name = ?", (name,)
        ).fetchone()
        return row["version"] if row else 0

    # articles ---------------------------------------------------------------

    def add_article(self, article: Article) -> str:
        """Store ``article`` unless it is there already: returns ``"new"`` or ``"duplicate"``."""
        if not article.content_hash:
            raise StoreError("article has no content hash", origin=article.origin)
        row = {
            "id": article.id,
            "content_hash": article.content_hash,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": article.published,
            "published_from": article.published_from,
            "language": article.language,
            "origin": article.origin,
            "text": article.text,
            "raw": article.raw,
            "warnings": json.dumps(article.warnings, ensure_ascii=False),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        names = ", ".join(_ARTICLE_COLUMNS)
        marks = ", ".join(f":{c}" for c in _ARTICLE_COLUMNS)
        with self.transaction() as db:
            # DO NOTHING on either unique key: the first copy stored wins
            cursor = db.execute(
                f"INSERT INTO articles ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING", row
            )
        return "new" if cursor.rowcount == 1 else "duplicate"

    def stored_id(self, article: Article) -> str | None:
        """Id under which this article (same id, or same content) is stored, if it is."""
        row = self.connection.execute(
            "SELECT id FROM articles WHERE id = ? UNION ALL "
            "SELECT id FROM articles WHERE content_hash = ? LIMIT 1",
            (article.id, article.content_hash),
        ).fetchone()
        return row["id"] if row else None

    def get_article(self, doc_id: str) -> Article | None:
        row = self.connection.execute("SELECT * FROM articles WHERE id = ?", (doc_id,)).fetchone()
        return _article(row) if row else None

    def iter_articles(
        self, *, language: str | None = None, since: str | None = None, until: str | None = None
    ) -> Iterator[Article]:
        """Stored articles in order of storage; filters on language and publication date."""
        where, params = _where(
            [("language = ?", language), ("published >= ?", since), ("published <= ?", until)]
        )
        for row in self.connection.execute(f"SELECT * FROM articles{where} ORDER BY rowid", params):
            yield _article(row)

    def count_articles(self) -> int:
        return self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    # events -----------------------------------------------------------------

    def replace_events(self, doc_id: str, events: Iterable[Event]) -> int:
        """The events of article ``doc_id`` become ``events`` (in their order), in one transaction."""
        rows = [_event_row(event, position) for position, event in enumerate(events)]
        for row in rows:
            if row["doc_id"] != doc_id:
                raise StoreError(
                    f"event {row['event_id']} belongs to {row['doc_id']}, not {doc_id}"
                )
        columns = ("position", *EVENT_FIELDS)
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(f":{c}" for c in columns)
        try:
            with self.transaction() as db:
                db.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
                db.executemany(f"INSERT INTO events ({names}) VALUES ({marks})", rows)
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"cannot store the events of {doc_id}: {exc}") from exc
        return len(rows)

    def iter_events(
        self,
        *,
        doc_id: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        admin1: str | None = None,
        admin2: str | None = None,
        kind: str | None = None,
    ) -> Iterator[Event]:
        """Stored events, by article in storage order and within an article in extraction order."""
        where, params = _where(
            [
                ("e.doc_id = ?", doc_id),
                ("e.event_type = ?", event_type),
                ("e.event_date >= ?", since),
                ("e.event_date <= ?", until),
                ("e.admin1 = ?", admin1),
                ("e.admin2 = ?", admin2),
                ("e.kind = ?", kind),
            ]
        )
        query = (
            "SELECT e.* FROM events e JOIN articles a ON a.id = e.doc_id"
            f"{where} ORDER BY a.rowid, e.position"
        )
        for row in self.connection.execute(query, params):
            yield _event(row)

    def count_events(self) -> int:
        return self.connection.execute("SELECT count(*) FROM events").fetchone()[0]


def _busy_or(exc: sqlite3.OperationalError, what: str, path: Path) -> StoreError:
    """A StoreError for an operational failure; waiting too long for the lock says so."""
    if "locked" in str(exc) or "busy" in str(exc):
        waited = config.get("store", "busy_timeout_s")
        return StoreError(
            f"{what}: another process kept it locked for more than {waited:g} s "
            "([store] busy_timeout_s); run again when it has finished",
            origin=str(path),
        )
    return StoreError(f"{what}: {exc}", origin=str(path))


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (sqlite3's executescript would commit)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _where(conditions: list[tuple[str, Any]]) -> tuple[str, list[Any]]:
    used = [(clause, value) for clause, value in conditions if value is not None]
    if not used:
        return "", []
    return " WHERE " + " AND ".join(c for c, _ in used), [v for _, v in used]


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        raw=row["raw"],
        title=row["title"],
        source=row["source"],
        url=row["url"],
        published=row["published"],
        published_from=row["published_from"],
        language=row["language"],
        origin=row["origin"] or "",
        content_hash=row["content_hash"],
        warnings=json.loads(row["warnings"] or "[]"),
    )


def _field_type(name: str) -> str:
    annotation = Event.__dataclass_fields__[name].type
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")


def _is_json(name: str) -> bool:
    return _field_type(name).startswith(("list", "dict"))


def _column_type(name: str) -> str:
    kind = _field_type(name)
    if _is_json(name):
        return "TEXT"
    if kind.startswith(("int", "bool")):
        return "INTEGER"
    return "REAL" if kind.startswith("float") else "TEXT"


def _event_row(event: Event, position: int) -> dict[str, Any]:
    row = event.to_dict()
    for name in EVENT_FIELDS:
        if _is_json(name):
            row[name] = json.dumps(row[name], ensure_ascii=False)
    row["position"] = position
    return row


def _event(row: sqlite3.Row) -> Event:
    values = {name: row[name] for name in EVENT_FIELDS}
    for name in EVENT_FIELDS:
        if _is_json(name):
            values[name] = json.loads(values[name] or "[]")
    known = Evidence.__dataclass_fields__
    values["evidence"] = [
        Evidence(**{k: v for k, v in item.items() if k in known}) for item in values["evidence"]
    ]
    return Event(**values)
