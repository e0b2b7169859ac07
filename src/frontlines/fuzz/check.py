"""One batch of records through the whole pipeline into a store, and what must hold after.

:func:`run_batch` writes the records as a JSON-lines file, runs ``extract`` on it
(the API behind ``frontlines extract``: read, store, analyse in the worker pool,
fuse), then every reader: ``control`` on a date, the four exports and the map.
Whatever goes wrong becomes a :class:`Problem` with an error code and, where it
can be told, the record that caused it:

* a report line whose code is not an input error (``InputError``'s family or a
  ``W`` note) - e.g. ``E200`` extraction failed - is a failure of that record;
* a report that spans lines, or an exception out of any call, is ``crash``;
* a property of the store or the exports that does not hold is ``invariant``.

Properties (:func:`store_problems`, :func:`rebuild_problems`, :func:`export_problems`): the store passes
``PRAGMA integrity_check``; every event's article is stored; every incident
member is a stored incident event and every stored incident event is a member
of exactly one incident (nothing lost, nothing doubled), and the incidents
are those of fusing every stored event at once; fatalities
low <= best <= high wherever set, in events, incidents and export rows; each
export has one row per incident, every id once and every id a stored
incident; control-csv names only stored events; and extract run again on the
same input adds nothing and changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sqlite3
import time
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import errors

_CODE = re.compile(r"\[([EW]\d{3})\]\s*$")


def allowed_codes() -> frozenset[str]:
    """Codes a generated article may rightly get: bad input (the InputError family, but not
    the internal error of the ingest stage, a bug) and notes (another language, no date)."""
    found, todo = set(), [errors.InputError]
    while todo:
        cls = todo.pop()
        if not issubclass(cls, errors.StageError):
            found.add(cls.code)
        todo.extend(cls.__subclasses__())
    return frozenset(found | {errors.UnsupportedLanguage.code, errors.Undated.code})


@dataclass
class Problem:
    code: str  # an error code (E200 ...), "crash" or "invariant"
    message: str
    records: list[dict[str, Any]] = field(default_factory=list)  # the input(s) behind it


@dataclass
class BatchResult:
    records: int = 0
    read: int = 0
    failed_input: int = 0  # records refused as bad input (allowed)
    events: int = 0
    incidents: int = 0
    codes: dict[str, int] = field(default_factory=dict)  # every code reported, allowed or not
    problems: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # by phase: extract, checks, readers, rerun


def write_jsonl(records: Sequence[dict[str, Any]], path: Path) -> Path:
    # ASCII escapes: a lone surrogate in a record's text stays a valid JSON line
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def file_bytes(record: dict[str, Any]) -> bytes:
    """The bytes of a record given as a file: its text in the record's encoding, some bytes flipped."""
    spec = record["file"]
    data = bytearray((record.get("html") or record.get("text") or "").encode(spec["encoding"], "replace"))
    for position in spec.get("flips", []):
        if data:
            data[position % len(data)] ^= 0xA5
    return bytes(data)


@dataclass
class Inputs:
    """Records as ``extract`` reads them: one JSON-lines file, and a .txt / .html file each for
    the records that carry ``file`` (``compose.article``)."""

    paths: list[str]
    origins: dict[str, dict[str, Any]]  # input path of a file record -> the record
    jsonl: Path
    lines: list[dict[str, Any]]  # the JSON-lines records, in order

    @classmethod
    def write(cls, records: Sequence[dict[str, Any]], folder: Path, stem: str) -> Inputs:
        files = folder / f"{stem}-files"
        lines, origins = [], {}
        for n, record in enumerate(records):
            if "file" not in record:
                lines.append(record)
                continue
            files.mkdir(parents=True, exist_ok=True)
            path = files / f"{n:06d}{'.html' if record.get('html') else '.txt'}"
            path.write_bytes(file_bytes(record))
            origins[str(path)] = record
        jsonl = write_jsonl(lines, folder / f"{stem}.jsonl")
        return cls([str(jsonl), *([str(files)] if origins else [])], origins, jsonl, lines)

    def record_of(self, line: str) -> list[dict[str, Any]]:
        """The record a report line names ("batch.jsonl:17: ...", "batch-files/000003.txt: ...")."""
        origin = line.split(": ", 1)[0]
        if origin in self.origins:
            return [self.origins[origin]]
        if origin.startswith(str(self.jsonl) + ":"):
            number = origin[len(str(self.jsonl)) + 1 :]
            if number.isdigit() and 1 <= int(number) <= len(self.lines):
                return [self.lines[int(number) - 1]]
        return []


def _extract(inputs: Inputs, db: Path, workers: int | None, lines: list[str]) -> Any:
    from ..api import extract_to

    out = io.StringIO()
    status = extract_to(inputs.paths, db=str(db), workers=workers, out=out, report=lines.append)
    return status, out.getvalue()


def summary_counts(lines: Sequence[str]) -> tuple[str, dict[str, int]]:
    """extract's closing line ("read 12 / new 10 / duplicate 2 / failed 0 / events 31") and its counts."""
    summary = next((line for line in reversed(lines) if line.startswith("read ")), "")
    return summary, {key: int(value) for key, value in re.findall(r"([a-z]+) (\d+)", summary)}


def run_batch(
    records: Sequence[dict[str, Any]], workdir: Path, *, workers: int | None = None, rerun: int = 0
) -> BatchResult:
    """``records`` through extract + fusion + control + exports + map into ``workdir/store.db``.

    ``rerun``: how many of the records to extract a second time (the idempotence check).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "store.db"
    inputs = Inputs.write(records, workdir, "batch")
    result = BatchResult(records=len(records))
    allowed = allowed_codes()
    lines: list[str] = []
    clock = time.monotonic()
    try:
        _extract(inputs, db, workers, lines)
    except Exception:  # noqa: BLE001 - what fuzzing is for: any exception is a finding
        result.problems.append(Problem("crash", "extract raised: " + traceback.format_exc(), list(records)))
        return result
    for line in lines:
        found = _CODE.search(line)
        if "\n" in line.strip():
            result.problems.append(Problem("crash", f"report spans lines: {line!r}", inputs.record_of(line)))
        if not found:
            continue
        code = found.group(1)
        result.codes[code] = result.codes.get(code, 0) + 1
        if code in allowed:
            result.failed_input += code.startswith("E")
        else:
            result.problems.append(Problem(code, line, inputs.record_of(line)))
    summary, counts = summary_counts(lines)
    if {"read", "events"} <= counts.keys():
        result.read, result.events = counts["read"], counts["events"]
        if result.read + result.failed_input != len(records):
            result.problems.append(Problem("invariant", f"{summary}: read + failed inputs != {len(records)} records"))
    else:
        result.problems.append(Problem("invariant", f"no summary line in {lines[-3:]!r}"))
    result.seconds["extract"] = time.monotonic() - clock
    clock = time.monotonic()
    before = snapshot(db)
    result.incidents = before["incidents"]
    result.problems += [Problem("invariant", m) for m in store_problems(db) + rebuild_problems(db)]
    result.seconds["checks"] = time.monotonic() - clock
    clock = time.monotonic()
    result.problems += readers_problems(db, workdir)
    result.seconds["readers"] = time.monotonic() - clock
    clock = time.monotonic()
    if rerun:
        again: list[str] = []
        try:
            _extract(Inputs.write(records[:rerun], workdir, "again"), db, 1, again)  # in this process: no second pool to start
        except Exception:  # noqa: BLE001
            result.problems.append(Problem("crash", "extract again raised: " + traceback.format_exc(), list(records[:rerun])))
            return result
        summary, counts = summary_counts(again)
        if counts.get("new") != 0:
            result.problems.append(Problem("invariant", f"extract again stored new articles: {summary}"))
        after = snapshot(db)
        for name in before:
            if before[name] != after[name]:
                result.problems.append(Problem("invariant", f"extract again changed {name}: {before[name]} -> {after[name]}"))
        result.seconds["rerun"] = time.monotonic() - clock
    return result


def snapshot(db: Path) -> dict[str, Any]:
    """Counts and digests of the store's tables (to compare before and after a re-run)."""
    with sqlite3.connect(db) as conn:
        def digest(query: str) -> str:
            h = hashlib.sha256()
            for row in conn.execute(query):
                h.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            return h.hexdigest()[:16]

        return {
            "articles": conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            "events": digest("SELECT * FROM events ORDER BY event_id"),
            "incidents": conn.execute("SELECT count(*) FROM incidents").fetchone()[0],
            "incident records": digest("SELECT incident_id, record, control_role FROM incidents ORDER BY incident_id"),
            "memberships": digest("SELECT event_id, incident_id, linked_to, score FROM incident_members ORDER BY event_id"),
        }


def _fatalities(where: str, best: Any, low: Any, high: Any) -> list[str]:
    problems = []
    for a, b, what in ((low, best, "low > best"), (best, high, "best > high"), (low, high, "low > high")):
        if a is not None and b is not None and a > b:
            problems.append(f"{where}: fatalities {what} (best {best}, low {low}, high {high})")
    for value in (best, low, high):
        if value is not None and value < 0:
            problems.append(f"{where}: negative fatalities {value}")
    return problems


def store_problems(db: Path) -> list[str]:
    """What must hold of a store whatever went in (see the module doc)."""
    problems: list[str] = []
    with sqlite3.connect(db) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        orphans = conn.execute("SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT id FROM articles)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} event(s) of no stored article")
        for event_id, best, low, high in conn.execute(
            "SELECT event_id, fatalities, fatalities_low, fatalities_high FROM events"
        ):
            problems += _fatalities(f"event {event_id}", best, low, high)
        incident_events = {r[0] for r in conn.execute("SELECT event_id FROM events WHERE kind = 'incident'")}
        members = [r[0] for r in conn.execute("SELECT event_id FROM incident_members")]
        lost = incident_events - set(members)
        if lost:
            problems.append(f"{len(lost)} incident event(s) in no incident, e.g. {sorted(lost)[:3]}")
        stray = set(members) - incident_events
        if stray:
            problems.append(f"{len(stray)} member(s) that are no stored incident event, e.g. {sorted(stray)[:3]}")
        empty = conn.execute(
            "SELECT count(*) FROM incidents WHERE incident_id NOT IN (SELECT incident_id FROM incident_members)"
        ).fetchone()[0]
        if empty:
            problems.append(f"{empty} incident(s) with no member")
        homeless = conn.execute(
            "SELECT count(*) FROM incident_members WHERE incident_id NOT IN (SELECT incident_id FROM incidents)"
        ).fetchone()[0]
        if homeless:
            problems.append(f"{homeless} membership(s) of no stored incident")
        for incident_id, record in conn.execute("SELECT incident_id, record FROM incidents"):
            event = json.loads(record)
            problems += _fatalities(f"incident {incident_id}", event.get("fatalities"),
                                    event.get("fatalities_low"), event.get("fatalities_high"))
    return problems


def _incident_state(conn: sqlite3.Connection) -> tuple[set[frozenset[str]], dict[str, str]]:
    groups: dict[str, set[str]] = {}
    for event_id, incident_id in conn.execute("SELECT event_id, incident_id FROM incident_members"):
        groups.setdefault(incident_id, set()).add(event_id)
    records = dict(conn.execute("SELECT incident_id, record FROM incidents").fetchall())
    return {frozenset(g) for g in groups.values()}, records


def rebuild_problems(db: Path) -> list[str]:
    """The store's incidents, as fused article by article (and process by process), against
    fusing every stored event at once (``fusion.service.rebuild``, on a copy): they must agree."""
    import tempfile

    from ..fusion.service import rebuild
    from ..store import Store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
            groups, records = _incident_state(target)
        with Store.open(copy) as store:
            rebuild(store)
        with sqlite3.connect(copy) as conn:
            want_groups, want_records = _incident_state(conn)
    problems = []
    if groups != want_groups:
        problems.append(f"incidents differ from a rebuild: {len(groups - want_groups)} group(s) not in it, "
                        f"{len(want_groups - groups)} of it missing")
    elif records != want_records:
        differ = sorted(k for k in records.keys() | want_records.keys() if records.get(k) != want_records.get(k))
        problems.append(f"incident records differ from a rebuild: {differ[:3]}")
    return problems


def _ids_once(name: str, ids: Iterable[str], incidents: set[str]) -> list[str]:
    ids = list(ids)
    problems = []
    if len(ids) != len(set(ids)):
        problems.append(f"{name}: {len(ids) - len(set(ids))} id(s) written twice")
    if set(ids) != incidents:
        problems.append(f"{name}: {len(set(ids) ^ incidents)} id(s) differ from the stored incidents")
    return problems


def _tag_range(tags: str) -> tuple[int | None, int | None]:
    values = dict(part.split("=", 1) for part in tags.split("; ") if "=" in part)
    def number(key: str) -> int | None:
        value = values.get(key)
        return int(value) if value not in (None, "None") else None
    return number("fatalities low"), number("fatalities high")


def export_problems(outputs: dict[str, str], db: Path) -> list[str]:
    """The four exports against the store: one row per incident, ids once, ranges in order."""
    with sqlite3.connect(db) as conn:
        incidents = {r[0] for r in conn.execute("SELECT incident_id FROM incidents")}
        known = incidents | {r[0] for r in conn.execute("SELECT event_id FROM events")}
    problems = []
    rows = list(csv.DictReader(io.StringIO(outputs["acled-csv"])))
    problems += _ids_once("acled-csv", (r["event_id_cnty"] for r in rows), incidents)
    for r in rows:
        low, high = _tag_range(r["tags"])
        best = int(r["fatalities"]) if r["fatalities"] != "0" else None  # 0 also when none was reported
        problems += [f"acled-csv {m}" for m in _fatalities(r["event_id_cnty"], best, low, high)]
    jsonl = [json.loads(line) for line in outputs["jsonl"].splitlines() if line.strip()]
    problems += _ids_once("jsonl", (r["event_id"] for r in jsonl), incidents)
    geo = json.loads(outputs["geojson"])
    problems += _ids_once("geojson", (f["id"] for f in geo["features"]), incidents)
    for f in geo["features"]:
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                problems.append(f"geojson {f['id']}: coordinates out of range {lon}, {lat}")
    for r in csv.DictReader(io.StringIO(outputs["control-csv"])):
        unknown = [e for e in r["events"].split(";") if e and e not in known]
        if unknown:
            problems.append(f"control-csv {r['district']}: unknown event(s) {unknown[:3]}")
    return problems


def readers_problems(db: Path, workdir: Path) -> list[Problem]:
    """control, every export and the map over the store; their outputs checked."""
    from ..export import EXPORTERS, export
    from ..export.map import build_map
    from ..fusion.query import control

    outputs: dict[str, str] = {}
    try:
        control(at="2021-07-05", db=db)
        for fmt in EXPORTERS:
            out = io.StringIO()
            export(fmt, out, db=db)
            outputs[fmt] = out.getvalue()
        build_map(workdir / "map.html", db=db)
    except errors.FrontlinesError as exc:
        return [Problem(exc.code, f"reader failed: {exc.one_line()}")]
    except Exception:  # noqa: BLE001
        return [Problem("crash", "reader raised: " + traceback.format_exc())]
    try:
        return [Problem("invariant", m) for m in export_problems(outputs, db)]
    except Exception:  # noqa: BLE001 - an export that does not parse
        return [Problem("invariant", "export does not parse: " + traceback.format_exc())]
