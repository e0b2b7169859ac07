"""The map is one self-contained HTML file, and article text cannot break out of its data block."""

from __future__ import annotations

import json
import re

import pytest
from fusion_fixtures import ARMY, TALIBAN, Report, district_reports, store_with, strike_reports

from frontlines.cli import main
from frontlines.errors import ExportError
from frontlines.export.map import build_map, embed_json

PAYLOAD = '</script><script>window.__pwned=1</script><!-- <img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("map")
    with store_with(district_reports() + strike_reports(), str(path / "store.db")) as store:
        summary = build_map(path / "map.html", store=store)
    return summary, (path / "map.html").read_text(encoding="utf-8")


def test_one_file_with_leaflet_inlined_and_nothing_fetched(page):
    summary, html = page
    # the two Khanishin events are undated (their report has no date): counted apart from the unplaced
    assert (summary.events, summary.districts, summary.unplaced, summary.undated) == (10, 6, 0, 2)
    assert "Leaflet 1.9.4" in html  # the vendored library, inlined
    assert not re.search(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=""", html, re.IGNORECASE)
    assert not re.search(r"url\((?!data:|#)", html)  # CSS images are data: URIs
    assert "Content-Security-Policy" in html and "script-src 'sha256-" in html


def test_data_block_holds_every_district_state_and_event(page):
    _, html = page
    block = re.search(r'<script id="frontlines-data" type="application/json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    kaldar = next(d for d in data["districts"] if d["name"] == "Kaldar")
    assert [s["controller"] for s in kaldar["states"]][-2:] == ["Taliban", "Government of Afghanistan"]
    assert data["range"] == {"min": "2015-10-25", "max": "2021-07-27"}
    wedding = next(e for e in data["events"] if e["id"] == "strikes-pajhwok-e0")
    assert (wedding["low"], wedding["high"]) == (10, 11)
    assert [s["name"] for s in wedding["sources"]] == ["Pajhwok", "Tolo"]


def test_article_text_cannot_close_the_data_block():
    text = embed_json({"sentence": PAYLOAD + "\u2028"})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text)["sentence"] == PAYLOAD + "\u2028"


def test_payload_article_gives_exactly_one_data_block(tmp_path):
    r = Report("xss", "2021-07-27", '<img src=x onerror="window.__pwned=3">', [
        f"Taliban fighters attacked a checkpoint in Kaldar on Monday, killing 5 soldiers {PAYLOAD}",
    ], url="javascript:window.__pwned=4")
    r.event(0, "Armed clash", "2021-07-26", "Kaldar", TALIBAN, ARMY, fatalities=5)
    with store_with([r], str(tmp_path / "s.db")) as store:
        build_map(tmp_path / "map.html", store=store)
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert html.count("</script>") == 3  # data, Leaflet, map code: nothing else closes a script
    block = html.split('<script id="frontlines-data" type="application/json">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block and "<!--" not in html
    assert "onerror=\\\"window.__pwned=2\\\"" in block  # kept, as inert text
    assert '"url":null' in html  # a javascript: URL is never kept as a link


def test_map_command_line_and_bad_tiles(tmp_path, capsys):
    with store_with(district_reports(), str(tmp_path / "s.db")):
        pass
    out = tmp_path / "m.html"
    assert main(["map", "--db", str(tmp_path / "s.db"), "--out", str(out), "--province", "Balkh"]) == 0
    assert "map: " in capsys.readouterr().err and out.stat().st_size > 100_000
    with pytest.raises(ExportError):
        build_map(tmp_path / "x.html", db=str(tmp_path / "s.db"), tiles="javascript:alert(1)")
