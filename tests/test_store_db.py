"""The SQLite store: articles once, events replaced per article, schemas for other stages."""

from __future__ import annotations

import pytest

from frontlines.errors import StoreError
from frontlines.ingest import article_from_string
from frontlines.models import EVENT_FIELDS, Event, Evidence
from frontlines.store import Store, default_path, register_schema
from frontlines.store import db as store_db

STORY = (
    "Afghan forces retook the centre of Dand-e-Ghori district in Baghlan province on Monday, "
    "a week after it fell to the Taliban, the provincial governor said."
)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "s.db") as opened:
        yield opened


def event(doc_id: str, n: int, **fields) -> Event:
    return Event(
        event_id=f"{doc_id}-e{n}",
        doc_id=doc_id,
        event_type="Battles",
        sub_event_type="Armed clash",
        admin1="Baghlan",
        evidence=[Evidence(doc_id, STORY, 0, len(STORY), "Example")],
        sources=[doc_id],
        **fields,
    )


def test_open_creates_a_wal_store_with_the_core_schema(tmp_path):
    path = tmp_path / "deep" / "dir" / "f.db"
    with Store.open(path) as store:
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.schema_version("core") == len(store_db._CORE_SCHEMA)
    assert path.exists()


def test_article_round_trip(store):
    article = article_from_string(STORY, published="2021-07-12", doc_id="a1", source="Ex", url="u", title="T")
    article.warnings = ["w"]
    assert store.add_article(article) == "new"
    back = store.get_article("a1")
    for name in ("id", "text", "raw", "title", "source", "url", "published", "published_from",
                 "language", "content_hash", "warnings"):
        assert getattr(back, name) == getattr(article, name), name
    assert [a.id for a in store.iter_articles(language="en", since="2021-07-01")] == ["a1"]
    assert list(store.iter_articles(until="2021-01-01")) == []


def test_same_id_or_same_content_is_stored_once(store):
    first = article_from_string(STORY, doc_id="a1")
    assert store.add_article(first) == "new"
    assert store.add_article(first) == "duplicate"
    same_content = article_from_string("  " + STORY.upper() + "\n", doc_id="other-id")
    assert store.add_article(same_content) == "duplicate"
    assert store.stored_id(same_content) == "a1"
    same_id = article_from_string(STORY.replace("Monday", "Tuesday"), doc_id="a1")
    assert store.add_article(same_id) == "duplicate"
    assert store.count_articles() == 1
    assert store.get_article("a1").text == STORY  # the first copy stays


def test_replace_events_replaces_in_order_and_never_duplicates(store):
    for doc in ("d1", "d2"):
        store.add_article(article_from_string(STORY.replace("Monday", doc), doc_id=doc))
    store.replace_events("d1", [event("d1", 1), event("d1", 2)])
    store.replace_events("d2", [event("d2", 1)])
    store.replace_events("d1", [event("d1", 3, fatalities=12), event("d1", 1)])  # a re-run
    assert [e.event_id for e in store.iter_events()] == ["d1-e3", "d1-e1", "d2-e1"]
    assert store.count_events() == 3
    [e3] = [e for e in store.iter_events(doc_id="d1") if e.event_id == "d1-e3"]
    assert e3 == event("d1", 3, fatalities=12)  # every field, evidence included, round-trips
    store.replace_events("d1", [])
    assert [e.event_id for e in store.iter_events()] == ["d2-e1"]


def test_event_filters(store):
    store.add_article(article_from_string(STORY, doc_id="d1"))
    store.replace_events(
        "d1",
        [event("d1", 1, event_date="2021-07-10", admin2="Dand-e-Ghori"), event("d1", 2, event_date="2021-08-01")],
    )
    assert [e.event_id for e in store.iter_events(since="2021-07-15")] == ["d1-e2"]
    assert [e.event_id for e in store.iter_events(until="2021-07-15")] == ["d1-e1"]
    assert [e.event_id for e in store.iter_events(admin2="Dand-e-Ghori")] == ["d1-e1"]
    assert list(store.iter_events(event_type="Riots")) == []


def test_failed_event_write_leaves_the_old_events(store):
    store.add_article(article_from_string(STORY, doc_id="d1"))
    store.replace_events("d1", [event("d1", 1)])
    with pytest.raises(StoreError):
        store.replace_events("d1", [event("d1", 2), event("d1", 2)])  # same id twice
    assert [e.event_id for e in store.iter_events()] == ["d1-e1"]
    with pytest.raises(StoreError):
        store.replace_events("d1", [event("d2", 1)])  # another article's event


def test_events_of_an_unstored_article_are_refused(store):
    with pytest.raises(StoreError):
        store.replace_events("nowhere", [event("nowhere", 1)])


def test_other_stages_register_their_tables(tmp_path, monkeypatch):
    monkeypatch.setitem(store_db._SCHEMAS, "fusion_test", [
        "CREATE TABLE fusion_test_incidents (id TEXT PRIMARY KEY, doc_ids TEXT);",
    ])
    with Store.open(tmp_path / "f.db") as store:
        assert store.schema_version("fusion_test") == 1
        with store.transaction() as db:
            db.execute("INSERT INTO fusion_test_incidents VALUES ('i1', '[]')")
    # a second step is applied once, on the next open; the first is not re-run
    register_schema("fusion_test", [
        "CREATE TABLE fusion_test_incidents (id TEXT PRIMARY KEY, doc_ids TEXT);",
        "ALTER TABLE fusion_test_incidents ADD COLUMN confidence REAL;",
    ])
    with Store.open(tmp_path / "f.db") as store:
        assert store.schema_version("fusion_test") == 2
        assert store.connection.execute("SELECT id, confidence FROM fusion_test_incidents").fetchall()[0][0] == "i1"
        assert store.apply_schema("fusion_test", store_db._SCHEMAS["fusion_test"]) == 2  # idempotent


def test_a_store_newer_than_the_code_is_refused(tmp_path):
    with Store.open(tmp_path / "n.db") as store:
        store.connection.execute("UPDATE schema_version SET version = 99 WHERE name = 'core'")
    with pytest.raises(StoreError, match="newer"):
        Store.open(tmp_path / "n.db")


def test_new_event_fields_get_their_column(tmp_path):
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        store.connection.execute(f'ALTER TABLE events DROP COLUMN "{EVENT_FIELDS[-1]}"')
    with Store.open(path) as store:
        columns = {row[1] for row in store.connection.execute("PRAGMA table_info(events)")}
        assert set(EVENT_FIELDS) <= columns


def test_not_a_store_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as raised:
        Store.open(path)
    assert str(path) in raised.value.one_line()


def test_default_path_is_in_the_user_data_directory(monkeypatch, tmp_path):
    from platformdirs import user_data_dir

    assert default_path().parent == type(default_path())(user_data_dir("frontlines", appauthor=False))
    assert default_path().name == "frontlines.db"
    settings = tmp_path / "frontlines.toml"
    settings.write_text(f'[store]\npath = "{tmp_path / "mine.db"}"\n')
    monkeypatch.setenv("FRONTLINES_CONFIG", str(settings))
    from frontlines import config

    config.settings.cache_clear()
    try:
        assert default_path() == tmp_path / "mine.db"
    finally:
        monkeypatch.delenv("FRONTLINES_CONFIG")
        config.settings.cache_clear()


def test_readers_see_committed_rows_while_a_writer_holds_a_transaction(tmp_path):
    path = tmp_path / "w.db"
    with Store.open(path) as writer, Store.open(path) as reader:
        writer.add_article(article_from_string(STORY, doc_id="a1"))
        writer.connection.execute("BEGIN IMMEDIATE")
        writer.connection.execute(
            "UPDATE articles SET title = 'uncommitted' WHERE id = 'a1'"
        )
        assert reader.get_article("a1").title is None  # WAL: no blocking, no dirty read
        writer.connection.execute("ROLLBACK")
