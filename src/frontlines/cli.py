"""The ``frontlines`` command: a thin shell over the Python API.

Each sub-command parses its arguments and calls one function that the API
also exposes. Errors from the library (``frontlines.errors``) become one-line
messages on stderr; the exit status is 0 when everything succeeded, 1 when some
input (or an item of a stage: a fusion group, an export row, a district)
failed, 2 for usage errors. An unexpected error anywhere is one line too
(``E8xx``, see ``errors.py``); its traceback is shown only with ``-v``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from .errors import FrontlinesError

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="SQLite store (default: frontlines.db in the user's data directory)"
    )


def _strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict", action="store_true",
        help="stop at the first failure (default: report each failure on one line and go on)",
    )


def _failures(args: argparse.Namespace):
    from .failures import Failures

    return Failures(_report, strict=args.strict)


def _inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help=".txt / .html file, directory (recursive), .jsonl (one article a line) or - for stdin",
    )
    parser.add_argument(
        "--published",
        metavar="DATE",
        help="publication date (YYYY-MM-DD) of inputs whose record gives none; "
        "it takes precedence over dates found in HTML metadata or a dateline",
    )


def _export_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="DATE", help="only events on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="only events on or before DATE")
    parser.add_argument("--province", metavar="NAME", help="only events in this province (admin1)")
    parser.add_argument("--event-type", metavar="TYPE", help="only this ACLED event type or sub-event type")
    parser.add_argument("--actor", metavar="NAME", help="only events with an actor whose name contains NAME")


def _eval_options(
    parser: argparse.ArgumentParser, file_metavar: str, items: str, out_help: str = "write the report as JSON"
) -> None:
    """What every ``eval`` dataset takes: the file, a JSON report, a sample, the workers."""
    parser.add_argument("file", metavar=file_metavar)
    parser.add_argument("--out", metavar="JSON", help=out_help)
    parser.add_argument("--limit", type=int, metavar="N", help=f"only the first N {items}")
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")


def _engine_options(parser: argparse.ArgumentParser) -> None:
    """``extract --engine dask`` (issue 13): the analysis on a Dask cluster, events as Parquet."""
    group = parser.add_argument_group(
        "on a Dask cluster", "needs pip install 'frontlines[dask]'; see README, Running on a cluster"
    )
    group.add_argument("--engine", choices=["local", "dask"], default="local",
                       help="local: worker processes of this command (default); dask: tasks on a Dask cluster")
    group.add_argument("--out-parquet", metavar="DIR",
                       help="with --engine dask (required): the events as Parquet, partitioned by country "
                       "and month; a rerun skips the shards already there")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler (tcp://HOST:8786); default: a local cluster of "
                       "--dask-workers processes")
    group.add_argument("--dask-workers", type=int, metavar="N",
                       help="worker processes of the local cluster (default: all cores)")
    group.add_argument("--shard-articles", type=int, metavar="N",
                       help="articles per task (default: [cluster] shard_articles)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontlines",
        description="Turn conflict news into structured, geocoded, evidence-linked events.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("ingest", help="store articles once; print read / new / duplicate / failed")
    _inputs(p)
    _db_option(p)
    _strict_option(p)
    p.set_defaults(handler=_cmd_ingest)

    p = sub.add_parser("clean", help="print each article's cleaned text and detected metadata")
    _inputs(p)
    _strict_option(p)
    p.set_defaults(handler=_cmd_clean)

    p = sub.add_parser("extract", help="extract events; one JSON line per event on stdout")
    _inputs(p)
    _db_option(p)
    p.add_argument("--format", choices=["jsonl", "csv", "geojson"], default="jsonl")
    p.add_argument("--no-store", action="store_true", help="do not write to the store")
    p.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    _strict_option(p)
    _engine_options(p)
    p.set_defaults(handler=_cmd_extract)

    p = sub.add_parser("bench", help="time the pipeline against a plain spaCy pass on a corpus")
    p.add_argument(
        "corpus", nargs="?", metavar="CORPUS", help="input as for extract (default: examples/articles)"
    )
    p.add_argument("--limit", type=int, metavar="N", help="only the first N articles")
    p.add_argument("--workers", type=int, metavar="N", help="pipeline worker processes (default: all cores)")
    p.add_argument("--repeat", type=int, default=1, metavar="N", help="rounds; medians are reported")
    p.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    p.set_defaults(handler=_cmd_bench)

    # `eval` groups the evaluations on annotated data: snippets, isaf, acled, articles.
    evaluation = sub.add_parser("eval", help="score the extraction on annotated data")
    eval_sub = evaluation.add_subparsers(dest="dataset", metavar="DATASET", required=True)

    p = eval_sub.add_parser(
        "snippets", help="main event's sub-event type on labelled snippets (id<TAB>text<TAB>label)"
    )
    _eval_options(p, "FILE.tsv", "snippets")
    p.add_argument("--published", metavar="DATE", help="publication date given to every snippet")
    p.set_defaults(handler=_cmd_eval_snippets)

    p = eval_sub.add_parser(
        "isaf", help="ISAF press releases (JSON lines): start date, province, killed, captured, airstrike"
    )
    _eval_options(p, "FILE.jsonl", "releases")
    p.set_defaults(handler=_cmd_eval_isaf)

    p = eval_sub.add_parser(
        "acled", help="ACLED export with notes (CSV): sub-event type, actors, admin1, location, fatalities, territory"
    )
    _eval_options(p, "FILE.csv", "distinct notes", out_help="write the report (with every mismatch) as JSON")
    p.add_argument("--month", metavar="YYYY-MM", help="only the notes of events in this month (tune on one, check another)")
    p.set_defaults(handler=_cmd_eval_acled)

    p = eval_sub.add_parser(
        "articles", help="incidents of whole articles against blind gold: precision, recall, fields"
    )
    _eval_options(p, "ARTICLES", "gold articles")
    p.add_argument("gold", metavar="GOLD.jsonl", help="the gold events, one article a line")
    p.add_argument("--split", choices=["dev", "holdout", "all"], default="dev",
                   help="which part of the gold to score (default: dev)")
    p.add_argument("--brief", action="store_true", help="figures only, without the spurious and missed lists")
    p.set_defaults(handler=_cmd_eval_articles)

    p = eval_sub.add_parser(
        "agreement", help="a second blind coding against the first: the gold's own noise"
    )
    p.add_argument("file", metavar="ARTICLES")
    p.add_argument("gold", metavar="GOLD.jsonl", help="the first coding (the reference)")
    p.add_argument("second", metavar="SECOND.jsonl", help="the second coding of some of the same articles")
    p.add_argument("--split", choices=["dev", "holdout", "all"], default="all",
                   help="which part of the first coding to compare (default: all)")
    p.add_argument("--brief", action="store_true", help="figures only, without the unmatched lists")
    p.set_defaults(handler=_cmd_eval_agreement)

    # fusion, control, export and map (issue #5)
    p = sub.add_parser("control", help="district control: each district on a date, or one district's timeline")
    p.add_argument("--at", metavar="DATE", help="each district's state on DATE (YYYY-MM-DD)")
    p.add_argument(
        "--district", metavar="NAME",
        help="one district's timeline with evidence (with --at: who held it that day, and why)",
    )
    _db_option(p)
    _strict_option(p)
    p.set_defaults(handler=_cmd_control)

    p = sub.add_parser("event", help="one fused event: every source sentence and why its reports were merged")
    p.add_argument("event_id", metavar="ID", help="a fused event's id, or the id of any report of it")
    _db_option(p)
    p.set_defaults(handler=_cmd_event)

    p = sub.add_parser("export", help="fused events as ACLED csv / jsonl / GeoJSON, or control timelines as csv")
    p.add_argument("--format", required=True, choices=["acled-csv", "jsonl", "geojson", "control-csv"])
    p.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    _export_filters(p)
    _db_option(p)
    _strict_option(p)
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser("map", help="one self-contained HTML map: district control over time, events with evidence")
    p.add_argument("--out", metavar="FILE", default="map.html", help="the HTML file to write (default: map.html)")
    p.add_argument("--tiles", metavar="URL", help="tile URL template for a base map (default: none, plain background)")
    p.add_argument("--title", help="the map's title")
    _export_filters(p)
    _db_option(p)
    _strict_option(p)
    p.set_defaults(handler=_cmd_map)

    p = sub.add_parser("places", help="resolved place mentions; one JSON line per mention")
    _inputs(p)
    p.set_defaults(handler=_cmd_places)

    gazetteer = sub.add_parser("gazetteer", help="list, extend or rebuild the gazetteer")
    gaz_sub = gazetteer.add_subparsers(dest="gazetteer_command", metavar="ACTION", required=True)
    p = gaz_sub.add_parser("list", help="places of a country, one JSON line each")
    p.add_argument("--country", default="AF", help="ISO 3166-1 alpha-2 code (default AF)")
    p.add_argument("--level", choices=["country", "province", "district", "town"], help="only this level")
    p.set_defaults(handler=_cmd_gazetteer_list)
    p = gaz_sub.add_parser("import", help="load a GeoNames country dump (XX.txt) or a boundary GeoJSON")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--country", help="country code for GeoJSON features that do not say it")
    p.add_argument("--level", choices=["province", "district", "town"], help="level of GeoJSON features")
    p.set_defaults(handler=_cmd_gazetteer_import)
    p = gaz_sub.add_parser("build", help="rebuild the built-in gazetteer cache from its sources")
    p.set_defaults(handler=_cmd_gazetteer_build)

    _live_commands(sub)
    return parser


def _live_commands(sub) -> None:
    """``watch`` and ``serve`` (issue 12): Frontlines as a live service on one store."""
    p = sub.add_parser("watch", help="poll news feeds (RSS, Atom, OPML lists) and extract each new article")
    p.add_argument("feeds", nargs="+", metavar="FEED_OR_OPML", help="feed URL, OPML file or URL, or a file of feeds")
    _db_option(p)
    p.add_argument("--once", action="store_true", help="one pass over the feeds, then exit (for cron)")
    p.add_argument("--interval", type=float, metavar="SECONDS", help="seconds between passes (default: [watch] interval)")
    p.set_defaults(handler=_cmd_watch)

    p = sub.add_parser("serve", help="the store as a web service: JSON API, map, district, event and search pages")
    _db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--write-token", metavar="TOKEN",
                   help="allow POST /api/articles with this bearer token (or set FRONTLINES_WRITE_TOKEN); "
                   "without one the service only reads")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes sharing the port (default: 1); a --watch watcher runs once, "
                   "in the supervising process")
    p.add_argument("--watch", nargs="+", metavar="FEED_OR_OPML", help="also watch these feeds in the same process")
    p.add_argument("--interval", type=float, metavar="SECONDS", help="seconds between passes of --watch")
    p.set_defaults(handler=_cmd_serve)


def _cmd_watch(args: argparse.Namespace) -> int:
    from .watch import watch

    return watch(args.feeds, db=args.db, once=args.once, interval=args.interval, report=_report)


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(args.db, host=args.host, port=args.port, write_token=args.write_token, watch=args.watch,
          interval=args.interval, workers=args.workers)
    return EXIT_OK


def _cmd_places(args: argparse.Namespace) -> int:
    from .geo import places_to

    return places_to(args.inputs, published=args.published, out=sys.stdout, report=_report)


def _cmd_gazetteer_list(args: argparse.Namespace) -> int:
    from .geo import list_places

    return list_places(country=args.country, level=args.level, out=sys.stdout)


def _cmd_gazetteer_import(args: argparse.Namespace) -> int:
    from .geo import import_gazetteer

    print(import_gazetteer(args.file, country=args.country, level=args.level).one_line())
    return EXIT_OK


def _cmd_gazetteer_build(args: argparse.Namespace) -> int:
    from .geo import rebuild_gazetteer

    print(rebuild_gazetteer())
    return EXIT_OK


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .api import ingest

    summary = ingest(args.inputs, published=args.published, db=args.db, report=_report, strict=args.strict)
    print(summary.one_line())
    return EXIT_OK if not summary.failed else EXIT_PARTIAL


def _cmd_clean(args: argparse.Namespace) -> int:
    from .api import clean

    return clean(args.inputs, published=args.published, out=sys.stdout, report=_report, strict=args.strict)


def _cmd_extract(args: argparse.Namespace) -> int:
    from .api import extract_to

    dask_only = [f"--{name.replace('_', '-')}" for name in ("out_parquet", "scheduler", "dask_workers", "shard_articles")
                 if getattr(args, name) is not None]
    if args.engine == "dask":
        return _extract_on_dask(args)
    if dask_only:
        _report(f"frontlines extract: {', '.join(dask_only)} only with --engine dask")
        return EXIT_USAGE
    return extract_to(
        args.inputs,
        published=args.published,
        fmt=args.format,
        db=None if args.no_store else args.db,
        store=not args.no_store,
        workers=args.workers,
        out=sys.stdout,
        report=_report,
        strict=args.strict,
    )


def _extract_on_dask(args: argparse.Namespace) -> int:
    from .cluster import extract_on_dask

    if not args.out_parquet:
        _report("frontlines extract: --engine dask needs --out-parquet DIR (the events are written there)")
        return EXIT_USAGE
    if args.format != "jsonl":
        _report("frontlines extract: --engine dask writes Parquet (--out-parquet), not --format")
        return EXIT_USAGE
    return extract_on_dask(
        args.inputs,
        args.out_parquet,
        published=args.published,
        scheduler=args.scheduler,
        workers=args.dask_workers if args.dask_workers is not None else args.workers,
        db=None if args.no_store else args.db,
        store=not args.no_store,
        shard_articles=args.shard_articles,
        report=_report,
        strict=args.strict,
    )


def _cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run

    report = run(
        args.corpus,
        limit=args.limit,
        workers=args.workers,
        repeat=args.repeat,
        json_out=args.json,
        progress=_progress,
    )
    return EXIT_OK if not report.failures else EXIT_PARTIAL


def _cmd_eval_snippets(args: argparse.Namespace) -> int:
    from .evaluation.snippets import run

    run(args.file, out_json=args.out, published=args.published, workers=args.workers, limit=args.limit)
    return EXIT_OK


def _cmd_eval_isaf(args: argparse.Namespace) -> int:
    from .evaluation.isaf import run

    report = run(args.file, out_json=args.out, workers=args.workers, limit=args.limit)
    return EXIT_OK if not report["failures"] else EXIT_PARTIAL


def _cmd_eval_acled(args: argparse.Namespace) -> int:
    from .evaluation.acled import run

    report = run(args.file, out_json=args.out, workers=args.workers, limit=args.limit, month=args.month)
    return EXIT_OK if not report["failures"] else EXIT_PARTIAL


def _cmd_eval_articles(args: argparse.Namespace) -> int:
    from .evaluation.articles import run

    report = run(args.file, args.gold, split=args.split, out_json=args.out, workers=args.workers,
                 limit=args.limit, details=not args.brief)
    return EXIT_OK if not report["failures"] else EXIT_PARTIAL


def _cmd_eval_agreement(args: argparse.Namespace) -> int:
    from .evaluation.agreement import run

    run(args.file, args.gold, args.second, split=args.split, details=not args.brief)
    return EXIT_OK


def _progress(message: str) -> None:
    """Progress notes on stderr, only when it is a terminal."""
    if sys.stderr.isatty():
        print(f"… {message}", file=sys.stderr)


def _filters(args: argparse.Namespace):
    from .export import ExportFilter

    return ExportFilter(
        since=args.since, until=args.until, province=args.province,
        event_type=args.event_type, actor=args.actor,
    )


def _cmd_control(args: argparse.Namespace) -> int:
    from .fusion.query import control
    from .fusion.render import render_control

    failures = _failures(args)
    report = control(at=args.at, district=args.district, db=args.db, on_error=failures.add)
    print(render_control(report, single=args.district is not None))
    return EXIT_PARTIAL if failures.count else EXIT_OK


def _cmd_event(args: argparse.Namespace) -> int:
    from .fusion.query import event
    from .fusion.render import render_explanation

    print(render_explanation(event(args.event_id, db=args.db)))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    failures = _failures(args)
    count = export(args.format, args.out, db=args.db, filters=_filters(args), on_error=failures.add)
    failed = f", {failures.count} failed" if failures.count else ""
    _report(f"export: {count} row(s) written" + (f" to {args.out}" if args.out else "") + failed)
    return EXIT_PARTIAL if failures.count else EXIT_OK


def _cmd_map(args: argparse.Namespace) -> int:
    from .export.map import build_map

    failures = _failures(args)
    summary = build_map(
        args.out, db=args.db, filters=_filters(args), title=args.title, tiles=args.tiles, on_error=failures.add
    )
    _report(summary.one_line())
    return EXIT_PARTIAL if failures.count else EXIT_OK


def _report(message: str) -> None:
    """One-line problem report on stderr (inputs that failed, notes)."""
    print(message, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verbose:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except FrontlinesError as exc:
        _report(f"frontlines: {exc.one_line()}")
        return EXIT_PARTIAL
    except KeyboardInterrupt:
        _report("frontlines: interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last net: no traceback reaches a user
        import logging

        from .errors import StageError

        logging.getLogger(__name__).debug("internal error", exc_info=True)
        _report(f"frontlines: {StageError(exc).one_line()}")
        return EXIT_PARTIAL


if __name__ == "__main__":
    sys.exit(main())
