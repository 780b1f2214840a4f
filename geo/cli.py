"""The command line: `python -m geo COMMAND`, each command one library call."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from geo.errors import BorderwatchError, shown
from geo.paths import DATA_DIR, HOME_VARIABLE, PROJECT_ROOT

__all__ = ["DEFAULT_PORT", "LIBRARY_CALLS", "build_parser", "dashboard_command", "main"]

DEFAULT_PORT = 8501
"""The port the dashboard serves on (127.0.0.1 only) unless --port says otherwise."""
LIBRARY_CALLS = {
    "toponyms": "geo.toponyms.find_mentions",
    "incidents": "geo.pipeline.analyse",
    "ingest": "geo.store.ingest",
    "list": "geo.store.Store.events",
    "assets": "geo.map.assets.fetch_assets",
    "build-data": "geo.build_data.build",
    "snapshot": "geo.export.export_articles",
    "export": "geo.export.export_store",
    "evaluate": "geo.evaluate.evaluate",
    "dashboard": "geo.cli.dashboard_command",
}
"""The one library call each command makes (the README's command table lists the same): the command line only
parses arguments and prints what that call returns."""


def cmd_toponyms(args: argparse.Namespace) -> int:
    from geo.text import read_article
    from geo.toponyms import find_mentions

    article = read_article(args.file)
    mentions = find_mentions(article.text)
    if args.online:
        from geo.geocoders import resolve_unknown_online

        mentions = resolve_unknown_online(mentions, args.online, cache_dir=args.cache_dir)
    if args.geojson:
        _print_json({"type": "FeatureCollection", "features": [m.as_feature() for m in mentions]})
    elif args.json:
        _print_json([m.as_json() for m in mentions])
    else:
        for m in mentions:
            p = m.place
            where = (
                f"{p.name} ({p.kind}, {p.country}{', ' + p.admin1 if p.admin1 else ''})"
                if p
                else f"— not in the gazetteer ({m.kind or 'place'}{', in ' + m.within.name if m.within else ''})"
            )
            print(f"{m.start:>6}-{m.end:<6} {m.text:<36} {where}  score {m.score:.2f}")
    return 0


def cmd_incidents(args: argparse.Namespace) -> int:
    from geo.dates import check_publication_date
    from geo.pipeline import analyse, feature_collection
    from geo.text import read_article

    article = read_article(args.file)
    if args.published is None:
        check_publication_date(article.published, article.source)  # the rule `ingest` applies, for the date line
    analysis = analyse(article, published=args.published)
    if args.geojson:
        _print_json(feature_collection(analysis.incidents))
    elif args.json:
        _print_json([i.as_json() for i in analysis.incidents])
    else:
        for located in analysis.incidents:
            record = located.as_json()
            casualties = f"killed {record['killed'] if record['killed'] is not None else '?'}, wounded {record['wounded'] if record['wounded'] is not None else '?'}"
            print(f"{record['id']}  {record['date']} ({record['date_precision']})  {record['sub_event_type']}  {casualties}")
            print(f"    {record['precision_note']}; {record['distance_to_border_km']} km from the border")
            print(f"    “{record['quote']}”")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from geo.store import Store, ingest

    rejected = 0
    # on a terminal, a bar with articles/s and the rejected count under the one line per article; in a pipe, the lines
    with Store(args.home) as store, tqdm(unit=" articles", file=sys.stderr, disable=not sys.stderr.isatty(), dynamic_ncols=True) as bar:

        def progress(number: int, total: int, result) -> None:
            nonlocal rejected
            rejected += result.status == "rejected"
            bar.total = total
            bar.set_postfix(rejected=rejected, refresh=False)
            bar.update(1)
            tqdm.write(_ingest_line(number, total, result), file=sys.stderr)

        results = ingest(store, args.paths, progress=progress, columns=args.columns, workers=args.workers, scheduler=args.scheduler)
        on_record = store.counts()["ingest_errors"]
    counts = {status: sum(r.status == status for r in results) for status in ("added", "exists", "rejected")}
    print(
        f"{len(results)} file(s): {counts['added']} added, {counts['exists']} already there, {counts['rejected']} rejected; "
        f"{sum(r.incidents for r in results)} incident report(s) stored in {store.path}"
        + (f"; {on_record} item(s) not stored are on record: python -m geo list --errors" if on_record else ""),
        file=sys.stderr,
    )
    return 2 if counts["rejected"] or not results else 0


def _ingest_line(number: int, total: int, result) -> str:
    return f"{number}/{total} {shown(result.source)}: {result.status}: {shown(result.message)}"


def cmd_list(args: argparse.Namespace) -> int:
    from geo.store import Store

    with Store(args.home) as store:
        if args.errors:
            return _list_errors(store.ingest_errors(), args.json)
        events = store.events()
    if args.json:
        _print_json([e.as_json() for e in events])
        return 0
    print(f"{'event':<10} {'date':<11} {'type':<34} {'admin1':<18} {'killed':>7} {'wounded':>8} sources")
    for event in events:
        r = event.record
        killed = event.casualties["killed"]
        span = "" if killed["low"] == killed["high"] else f" ({killed['low']}–{killed['high']})"
        print(
            f"{r['id']:<10} {r['date'] or '?':<11} {r['sub_event_type'][:34]:<34} {(r['admin1'] or r['country'] or '?')[:18]:<18} "
            f"{str(r['killed']) + span if r['killed'] is not None else '?':>7} {r['wounded'] if r['wounded'] is not None else '?':>8} "
            f"{len(event.sources)}{' (corrected: ' + ', '.join(event.corrected) + ')' if event.corrected else ''}"
        )
    return 0


def _list_errors(errors: list, as_json: bool) -> int:
    """The items ingests could not store (Store.ingest_errors): one line each, or JSON records."""
    if as_json:
        _print_json([{"source": e.file, "row": e.row, "message": e.message, "at": e.at} for e in errors])
        return 0
    for error in errors:
        print(f"{error.at}  {shown(error.source)}: {shown(error.message)}")
    return 0


def cmd_assets(args: argparse.Namespace) -> int:
    from geo.map.assets import fetch_assets

    fetch_assets(progress=_progress)
    return 0


def cmd_build_data(args: argparse.Namespace) -> int:
    from geo.build_data import build

    build(Path(args.out), progress=_progress)
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    import os

    from geo.map.assets import fetch_assets

    fetch_assets(progress=_progress)
    _progress(f"loading, then serving http://127.0.0.1:{args.port} (Ctrl+C stops it)")
    command = dashboard_command(args.port)
    os.chdir(PROJECT_ROOT)
    os.execv(command[0], command)  # the server replaces this process: stopping it stops the server, no child is left serving
    return 0  # not reached


WARM_STREAMLIT = "import altair, geo.app.actions; geo.app.actions.warm(); from streamlit.web.cli import main; main()"
"""`python -m streamlit`, after loading what the dashboard's first run needs (geo.app.actions.warm and the charts' library).

Nothing of Streamlit's may be imported before main(): streamlit_folium, for one, would register its component
outside the server and the map would stay blank."""


def dashboard_command(port: int) -> list[str]:
    """The command that serves dashboard.py on 127.0.0.1:``port``, warmed up before it listens."""
    return [sys.executable, "-c", WARM_STREAMLIT, "run", str(PROJECT_ROOT / "dashboard.py"), "--server.port", str(port)]


def cmd_snapshot(args: argparse.Namespace) -> int:
    from geo.export import export_articles

    written = export_articles(
        args.articles, args.out, formats=args.format, date_from=args.date_from, date_to=args.date_to, title=args.title, size=args.size
    )
    for path in written:
        print(path)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from geo.export import export_store

    written = export_store(
        args.home, args.out, formats=args.format, date_from=args.date_from, date_to=args.date_to, title=args.title, size=args.size
    )
    for path in written:
        print(path)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from geo.evaluate import evaluate

    report = evaluate(args.gold)
    if args.json:
        _print_json(report.as_json())
    else:
        print(report.table())
        if args.misses:
            for article in report.articles:
                for miss in article.incidents.misses:
                    print(miss)
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2025-12-02") from None


def _published(value: str) -> dt.date:
    """A publication date: a date (see _date) that `ingest` would accept too (geo.dates.publication_problem)."""
    from geo.dates import publication_problem, publication_range

    date = _date(value)
    problem = publication_problem(date)
    if problem:
        first, last = publication_range()
        raise argparse.ArgumentTypeError(f"{problem}; give the date the article was published, {first.isoformat()} to {last.isoformat()}")
    return date


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {shown(message)} (see --help)\n")


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="borderwatch", description="Map Afghan–Tajik border incidents from news, offline.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.error = parser.error.__get__(sub)  # type: ignore[method-assign]
        sub.set_defaults(handler=handler)
        return sub

    toponyms = add("toponyms", cmd_toponyms, "List the place names of an article, geocoded offline.")
    toponyms.add_argument("file", help="article file (.txt, .md or .html)")
    toponyms.add_argument("--json", action="store_true", help="print the DESIGN.md §3 JSON records")
    toponyms.add_argument("--geojson", action="store_true", help="print an RFC 7946 FeatureCollection (areas at a representative point, with bbox)")
    toponyms.add_argument(
        "--online",
        metavar="URL",
        help="also ask a Nominatim server at URL for names the gazetteer lacks (off by default; needs network)",
    )
    toponyms.add_argument("--cache-dir", type=Path, help="where online answers are cached (default: the data folder)")

    incidents = add("incidents", cmd_incidents, "List the incidents an article reports, located on the border.")
    incidents.add_argument("file", help="article file (.txt, .md or .html)")
    incidents.add_argument("--published", type=_published, help="publication date YYYY-MM-DD (default: the article's date line, else today)")
    output = incidents.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the DESIGN.md §3 JSON records")
    output.add_argument("--geojson", action="store_true", help="print an RFC 7946 FeatureCollection")

    ingest = add(
        "ingest", cmd_ingest,
        "Store articles: files or folders of .txt/.md/.html, and tables of articles (.jsonl, .csv, .parquet); the same article twice adds nothing.",
    )
    ingest.add_argument("paths", nargs="+", help="article files, tables of articles, or folders of both")
    ingest.add_argument("--columns", help="which table column holds each field, e.g. text=body,published=date (fields: text, id, url, title, published)")
    where = ingest.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_workers, help="analyse on N local worker processes (a Dask cluster on 127.0.0.1); this process alone writes the store")
    where.add_argument("--scheduler", metavar="ADDRESS", help="analyse on the running Dask cluster at ADDRESS (e.g. tcp://10.0.0.5:8786)")
    _add_home(ingest)

    listing = add("list", cmd_list, "List the stored incidents, merged across articles, with corrections applied.")
    listing.add_argument("--json", action="store_true", help="the incidents contract of DESIGN.md §3, plus sources and casualty ranges")
    listing.add_argument("--errors", action="store_true", help="list instead the items ingests could not store (until an ingest stores them)")
    _add_home(listing)

    add("assets", cmd_assets, "Fetch the offline web assets and data packages (npm); idempotent.")

    build_data = add("build-data", cmd_build_data, "Rebuild data/ from the installed packages.")
    build_data.add_argument("--out", default=str(DATA_DIR), help="output folder (default: %(default)s)")

    dashboard = add("dashboard", cmd_dashboard, "Open the dashboard on http://127.0.0.1:PORT.")
    dashboard.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to serve on, on 127.0.0.1 only (default: %(default)s)")

    snapshot = add("snapshot", cmd_snapshot, "Export a map snapshot of articles: HTML, PNG, GeoJSON, CSV, GeoPackage and a manifest.")
    snapshot.add_argument("articles", nargs="*", help="article files (default: the articles in seeds/)")
    _add_export_options(snapshot)

    evaluation = add("evaluate", cmd_evaluate, "Score the pipeline against hand-annotated articles (gold files: docs/gold.md).")
    evaluation.add_argument("gold", help="a gold file (.json) or a folder of them, e.g. tests/corpus")
    evaluation.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluation.add_argument("--misses", action="store_true", help="also list every wrong field, missed and extra incident")

    export = add("export", cmd_export, "Export a map snapshot of every incident in the store (same formats as snapshot).")
    _add_export_options(export)
    _add_home(export)
    return parser


def _workers(text: str) -> int:
    """A number of worker processes: a whole number from 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers; give a whole number from 1, e.g. --workers 2")
    return int(text)


def _add_home(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--home", type=Path, help=f"store folder (default: ${HOME_VARIABLE} or the user data folder)")


def _add_export_options(sub: argparse.ArgumentParser) -> None:
    from geo.export import DEFAULT_FORMATS, EXPORTERS
    from geo.export.snapshot import DEFAULT_SIZE, DEFAULT_TITLE

    sub.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    sub.add_argument("--format", default=",".join(DEFAULT_FORMATS), metavar="LIST", help=f"comma-separated: {', '.join(EXPORTERS)} (default: %(default)s)")
    sub.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="only incidents on or after YYYY-MM-DD")
    sub.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="only incidents on or before YYYY-MM-DD")
    sub.add_argument("--title", default=DEFAULT_TITLE, metavar="TEXT", help="title of the map (default: %(default)r)")
    sub.add_argument("--size", default="{}x{}".format(*DEFAULT_SIZE), metavar="WxH", help="PNG size WIDTHxHEIGHT in pixels (default: %(default)s)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a :class:`BorderwatchError` becomes one line on stderr and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except BorderwatchError as error:
        print(f"borderwatch {args.command}: error: {shown(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped (`| head -1`): stop quietly, as the Unix tools do, and keep Python's
        # final flush of stdout from raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:  # a file the command writes or reads outside the checked paths
        where = f"{shown(error.filename)}: " if error.filename else ""
        print(f"borderwatch {args.command}: error: {where}{shown(error.strerror or error)}; check the path, its permissions and the free space", file=sys.stderr)
        return 2

