"""A store that does not exist is an error for the commands that only read it.

``control --db typo.db`` used to create an empty store and answer "nothing",
exit 0. Every reading command now says in one line that there is no store
(E401), exits 1 and creates nothing; ``extract`` and ``ingest`` still create
the store they are given.
"""

from __future__ import annotations

import pytest

from frontlines import config, pipeline
from frontlines.cli import main
from frontlines.store import Store

READING = {
    "control": ["control"],
    "control --district": ["control", "--district", "Kaldar", "--at", "2021-07-20"],
    "event": ["event", "a:0"],
    "export": ["export", "--format", "acled-csv"],
    "export control-csv": ["export", "--format", "control-csv"],
    "map": ["map", "--out", "{tmp}/map.html"],
}


def _argv(name: str, tmp_path) -> list[str]:
    return [part.replace("{tmp}", str(tmp_path)) for part in READING[name]]


@pytest.mark.parametrize("name", list(READING))
def test_a_reading_command_on_a_missing_store_is_one_line_and_creates_nothing(capsys, tmp_path, name):
    missing = tmp_path / "nowhere" / "typo.db"
    code = main([*_argv(name, tmp_path), "--db", str(missing)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err == (
        f"frontlines: {missing}: no store: the path does not exist "
        "(frontlines extract or ingest creates one) [E401]\n"
    )
    assert not missing.parent.exists()
    assert not (tmp_path / "map.html").exists()


def test_the_default_store_missing_is_the_same_error(capsys, tmp_path, monkeypatch):
    settings = tmp_path / "frontlines.toml"
    settings.write_text(f'[store]\npath = "{tmp_path / "default.db"}"\n')
    monkeypatch.setenv("FRONTLINES_CONFIG", str(settings))
    config.settings.cache_clear()
    try:
        assert main(["control"]) == 1
        assert "[E401]" in capsys.readouterr().err
        assert not (tmp_path / "default.db").exists()
    finally:
        monkeypatch.delenv("FRONTLINES_CONFIG")
        config.settings.cache_clear()


def test_a_directory_is_not_a_store(capsys, tmp_path):
    assert main(["export", "--format", "jsonl", "--db", str(tmp_path)]) == 1
    assert "the path is not a file" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_writing_commands_still_create_the_store(capsys, tmp_path, monkeypatch, command):
    monkeypatch.setattr(pipeline, "analyse_many", lambda articles, **_: iter(list(articles)))
    article = tmp_path / "a.txt"
    article.write_text("Taliban fighters attacked a police checkpoint in Andar district of Ghazni province.")
    db = tmp_path / "new" / "s.db"
    assert main([command, "--db", str(db), str(article)]) == 0
    with Store.open(db, create=False) as store:
        assert store.count_articles() == 1
    capsys.readouterr()
    assert main(["control", "--db", str(db)]) == 0  # an existing store, even with nothing to say
