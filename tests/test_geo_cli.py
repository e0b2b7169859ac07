"""``frontlines places`` and ``frontlines gazetteer list`` through the command line."""

from __future__ import annotations

import json

from frontlines.cli import main


def test_places_prints_one_json_line_per_mention(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(
        "Afghan forces retook Kaldar district of Balkh province, which borders Uzbekistan, on Monday.\n",
        encoding="utf-8",
    )
    assert main(["places", str(article)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == ["Kaldar", "Balkh", "Uzbekistan"]
    kaldar = records[0]
    assert {k: kaldar[k] for k in ("name", "admin1", "admin2", "country", "geo_precision")} == {
        "name": "Kaldar", "admin1": "Balkh", "admin2": "Kaldar", "country": "Afghanistan", "geo_precision": 2,
    }  # fmt: skip
    assert set(kaldar) >= {"doc_id", "start", "end", "latitude", "longitude", "geonames_id"}
    assert records[2]["country"] == "Uzbekistan"


def test_places_goes_on_after_a_bad_input(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Clashes were reported in Kunduz city.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["places", str(bad), str(good)]) == 1
    out = capsys.readouterr()
    assert "Kunduz" in out.out


def test_gazetteer_list_districts(capsys):
    assert main(["gazetteer", "list", "--country", "AF", "--level", "district"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) >= 398
    assert {"Nad-e Ali", "Kaldar", "Darqad", "Reg-e Khan Neshin"} <= {r["name"] for r in rows}
    assert all(r["point"] in {"centre", "inside", "province_centre"} for r in rows)
