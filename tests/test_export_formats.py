"""Exports: ACLED csv round-trips through pandas with ACLED's columns; GeoJSON is valid RFC 7946."""

from __future__ import annotations

import csv
import io
import json

import geojson
import pandas as pd
import pytest
import shapely.geometry
from fusion_fixtures import district_reports, store_with, strike_reports

from frontlines.cli import main
from frontlines.errors import ExportError
from frontlines.export import EXPORTERS, ExportFilter, export
from frontlines.export.acled import columns

# ACLED's export columns, in order (ACLED Codebook 2023-2024; Data Export Tool / API csv)
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "store.db"
    store_with(district_reports() + strike_reports(), str(path)).close()
    return str(path)


def _export(db, fmt, **filters) -> str:
    out = io.StringIO()
    export(fmt, out, db=db, filters=ExportFilter(**filters))
    return out.getvalue()


def test_acled_csv_has_acleds_columns_in_acleds_order_and_reads_back_in_pandas(db):
    assert list(columns()) == ACLED_COLUMNS
    frame = pd.read_csv(io.StringIO(_export(db, "acled-csv")))
    assert list(frame.columns) == ACLED_COLUMNS
    assert len(frame) == 12  # incidents, not reports: 15 events in 10 articles
    wedding = frame[frame.event_id_cnty == "strikes-pajhwok-e0"].iloc[0]
    assert wedding.event_date == "2021-05-03" and wedding.year == 2021
    assert wedding.disorder_type == "Political violence"
    assert (wedding.inter1, wedding.inter2, wedding.interaction) == ("State forces", "Civilians", "State forces-Civilians")
    assert wedding.civilian_targeting == "Civilian targeting"
    assert (wedding.iso, wedding.region, wedding.country) == (4, "South Asia", "Afghanistan")
    assert wedding.source == "Pajhwok; Tolo" and wedding.fatalities == 10
    assert "fatalities low=10; fatalities high=11" in wedding.tags and "reports=2" in wedding.tags
    assert frame.fatalities.dtype.kind == "i" and frame.latitude.dtype.kind == "f"


def test_acled_csv_filters(db):
    def ids(**f):
        return set(pd.read_csv(io.StringIO(_export(db, "acled-csv", **f))).event_id_cnty)

    assert ids(since="2021-07-01", until="2021-07-31") == {
        "kaldar-tolo-e0", "qala-bbc-e0", "qala-bbc-e1", "nadali-rt-e0"}
    assert ids(province="helmand", event_type="Air/drone strike") == {"strikes-pajhwok-e0", "hideout-mod-e0"}
    assert ids(event_type="Violence against civilians") == set()
    assert "darqad-afp-e0" in ids(actor="taliban", province="Takhar")
    with pytest.raises(ExportError):
        ExportFilter(since="July 2021")


def test_geojson_is_valid_rfc7946(db):
    text = _export(db, "geojson")
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    assert "crs" not in collection
    placed = [f for f in collection["features"] if f["geometry"] is not None]
    assert len(collection["features"]) == len(placed) == 12
    for feature in placed:
        point = shapely.geometry.shape(feature["geometry"])
        assert point.is_valid and point.geom_type == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 60 < lon < 75 and 29 < lat < 39  # longitude first, inside Afghanistan
        assert feature["properties"]["evidence"][0]["sentence"]


def test_jsonl_has_every_report_and_why_it_merged(db):
    records = [json.loads(line) for line in _export(db, "jsonl").splitlines()]
    kaldar = next(r for r in records if r["event_id"] == "kaldar-tolo-e0")
    assert kaldar["source_names"] == ["Tolo", "RT"]
    joined = next(m for m in kaldar["reports"] if m["linked_to"])
    assert "same place (Kaldar)" in joined["reasons"]


def test_control_csv(db):
    rows = list(csv.DictReader(io.StringIO(_export(db, "control-csv"))))
    kaldar = [r for r in rows if r["district"] == "Kaldar" and r["implied"] == "no"]
    assert [(r["controller"], r["start"], r["start_precision"]) for r in kaldar] == [
        ("Taliban", "2021-06-27", "3"), ("Government of Afghanistan", "2021-07-26", "1")]
    assert "liberated from the Taliban terrorists" in kaldar[1]["evidence"]
    only = list(csv.DictReader(io.StringIO(_export(db, "control-csv", province="Takhar"))))
    assert {r["district"] for r in only} == {"Darqad"}


def test_export_command_line(db, tmp_path, capsys):
    out = tmp_path / "acled.csv"
    assert main(["export", "--db", db, "--format", "acled-csv", "--out", str(out), "--province", "Balkh"]) == 0
    assert "export: 2 row(s) written" in capsys.readouterr().err
    assert list(pd.read_csv(out).columns) == ACLED_COLUMNS
    assert set(EXPORTERS) == {"acled-csv", "jsonl", "geojson", "control-csv"}
    assert main(["export", "--db", db, "--format", "geojson", "--since", "2021-13-01"]) == 1
