"""Command line (Typer + Rich): thin — parse arguments, call ingest/store/evaluate, print.

Exit codes (CONTRACT.md §4): 0 success, 1 a file failed, 2 usage error (unknown option, missing path,
unreadable --db).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Extract SENA international-cooperation bulletins into a searchable knowledge base.")
# Markup off: titles, partner names, file names and the user's own input are printed as written ("[/]" in a
# query or "[1]" in a title is text, not a Rich tag). Styling goes through Text objects.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160, markup=False)   # piped: wide, unwrapped
err = Console(stderr=True, markup=False, soft_wrap=True)   # one line per message, as a log expects

DbOption = Annotated[Optional[str], typer.Option("--db", help="Store: a file path or SQLAlchemy URL "
                                                              "(default: $EXTRACTOR_DATABASE_URL, else ./extractor.db)")]


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


class What(str, Enum):
    activities = "activities"
    documents = "documents"
    text = "text"


def _error(message: str, code: int) -> typer.Exit:
    """Print ``error: message`` on stderr; the caller raises the returned exit with ``code``."""
    err.print(Text.assemble(("error:", "red"), " ", message), highlight=False)
    return typer.Exit(code)


def _usage(message: str) -> typer.Exit:
    return _error(message, 2)


def _path_problem(path: str, *, want_file: bool = False) -> str | None:
    """Why ``path``, as typed, names nothing to read (None when it does). An empty argument is refused rather
    than read as the current folder (an unset shell variable would otherwise ingest wherever one stands);
    names the system refuses (too long, a file used as a folder) are reported, not raised."""
    what = "file" if want_file else "file or folder"
    if not path:
        return f"an empty path names no {what}"
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return f"no such {what}: {path}"
    except OSError as exc:
        return f"cannot use {path}: {exc.strerror}"
    if want_file and not os.path.isfile(path):
        return f"no such file: {path}" if stat.S_ISLNK(mode) else f"not a file: {path}"
    return None


def _store(db: str | None):
    from extractor.store import StoreError, open_store
    try:
        return open_store(db)
    except StoreError as exc:
        raise _usage(str(exc))


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def _outcome_line(outcome) -> str:
    line = f"{outcome.status:8} {outcome.path}"
    if outcome.status in ("ok", "partial"):
        line += f" ({outcome.activities} activities, {outcome.seconds:.2f}s)"
    if outcome.error and outcome.status != "ignored":
        line += f": {outcome.error.removeprefix(outcome.path + ': ')}"   # the line names the file already
    return line


def _run_ingest(store, paths: list[Path], pool, *, interactive: bool, **options):
    """``ingest_paths`` with a line per file on stderr (and a progress bar on a terminal)."""
    from extractor.ingest import ingest_paths
    if not interactive:
        return ingest_paths(store, paths, pool=pool, **options,
                            on_file=lambda o: print(_outcome_line(o), file=sys.stderr, flush=True))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    with Progress(TextColumn("Ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("ingest", total=None)

        def report(outcome) -> None:
            style = {"failed": "red", "partial": "yellow", "ok": "green"}.get(outcome.status, "dim")
            progress.console.print(Text(_outcome_line(outcome), style=style), highlight=False)
            progress.advance(task)

        return ingest_paths(store, paths, pool=pool, **options, on_file=report,
                            on_plan=lambda n: progress.update(task, total=n))


@app.command()
def ingest(
    names: Annotated[Optional[list[str]], typer.Argument(metavar="PATHS",
                                                          help="Files and folders (walked recursively)")] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON summary on stdout")] = False,
    force: Annotated[bool, typer.Option("--force", help="Re-extract files already stored unchanged")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed",
                                               help="Try every stored failed document again (by its stored path)")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", min=0, max=64,
                                                   help="Parsing processes (0: parse in this process; default: "
                                                        "one for 1–2 files, else one per core, up to 2)")] = None,
    max_file_mb: Annotated[Optional[float], typer.Option("--max-file-mb", min=0.001,
                                                         help="Largest file read, in MB ($EXTRACTOR_MAX_FILE_MB; 200)")] = None,
    max_pages: Annotated[Optional[int], typer.Option("--max-pages", min=1,
                                                     help="Most pages read per document ($EXTRACTOR_MAX_PAGES; 2000)")] = None,
    timeout: Annotated[Optional[float], typer.Option("--timeout", min=0.1,
                                                     help="Seconds per document ($EXTRACTOR_DOCUMENT_TIMEOUT; 300)")] = None,
) -> None:
    """Read bulletins into the store."""
    from extractor.ingest import ParserPool, summarise, walk
    from extractor.readers import is_supported, make_limits
    pool = ParserPool.adopt_early()       # forked by extractor.launch before this module loaded
    try:
        names = list(names or [])
        if not names and not retry_failed:
            raise _usage("name files or folders to ingest (or use --retry-failed)")
        problems = [problem for name in names if (problem := _path_problem(name))]
        if problems:
            raise _usage("; ".join(problems))
        paths = [Path(name) for name in names]
        try:
            limits = make_limits(max_file_mb, max_pages, timeout)
        except ValueError as exc:
            raise _usage(str(exc))
        if pool is None and workers != 0 and (retry_failed or any(is_supported(c.path) for c in walk(paths))):
            # Before the store is opened: the worker loads the models while this process loads the store.
            pool = ParserPool.fork_early()
        store = _store(db)
        try:
            outcomes = _run_ingest(store, paths, pool, force=force, limits=limits, workers=workers,
                                   retry_failed=retry_failed, interactive=err.is_terminal and not as_json)
        except KeyboardInterrupt:
            err.print("interrupted: documents finished so far are stored", highlight=False)
            raise typer.Exit(130)
        finally:
            store.close()
    finally:
        if pool is not None:
            pool.close()            # ingest_paths stops the workers it used; this covers every early exit
    summary = summarise(outcomes)
    if as_json:
        print(_dump(summary))
    else:
        c = summary["counts"]
        print(f"{c['ok']} ok, {c['partial']} partial, {c['skipped']} skipped, {c['ignored']} ignored, "
              f"{c['failed']} failed", file=sys.stderr, flush=True)
    raise typer.Exit(1 if summary["counts"]["failed"] else 0)


@app.command()
def search(
    text: Annotated[Optional[str], typer.Argument(help="Words to find (accents and plurals ignored)")] = None,
    kind: Annotated[Optional[list[str]], typer.Option("--kind", help="Activity kind (repeatable)")] = None,
    country: Annotated[Optional[list[str]], typer.Option("--country", help="ISO code or country name")] = None,
    partner: Annotated[Optional[list[str]], typer.Option("--partner", help="Partner name or alias")] = None,
    regional: Annotated[Optional[list[str]], typer.Option("--regional", help="ISO 3166-2:CO code or department")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    min_beneficiaries: Annotated[Optional[int], typer.Option("--min-beneficiaries")] = None,
    sort: Annotated[str, typer.Option("--sort", help="relevance or date")] = "relevance",
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search activities by text, kind, country, partner, regional and dates."""
    from extractor.store import SearchQuery, parse_bound
    from extractor.values.country import country_code
    from extractor.values.department import department_code
    from extractor.model import ACTIVITY_KINDS

    for k in kind or []:
        if k not in ACTIVITY_KINDS:
            raise _usage(f"unknown kind '{k}'; one of: {', '.join(ACTIVITY_KINDS)}")
    codes = []
    for c in country or []:
        code = country_code(c)
        if not code:
            raise _usage(f"unknown country '{c}'")
        codes.append(code)
    regions = []
    for r in regional or []:
        code = department_code(r)
        if not code:
            raise _usage(f"unknown regional '{r}' (a department name or ISO 3166-2:CO code)")
        regions.append(code)
    try:
        start = parse_bound(date_from, end=False) if date_from else None
        end = parse_bound(date_to, end=True) if date_to else None
    except ValueError as exc:
        raise _usage(str(exc))
    if sort not in ("relevance", "date"):
        raise _usage("--sort takes relevance or date")
    query = SearchQuery(text=text, kinds=list(kind or []), countries=codes, partners=list(partner or []),
                        regionales=regions, date_from=start, date_to=end, min_beneficiaries=min_beneficiaries,
                        sort=sort, limit=limit, offset=offset)
    store = _store(db)
    try:
        result = store.search(query)
    finally:
        store.close()
    payload = {"total": result.total, "results": result.results, "facets": result.facets}
    if as_json:
        print(_dump(payload))
        return
    table = Table(title=f"{result.total} activities", show_lines=False)
    for col in ("id", "kind", "title", "partners", "countries", "dates", "benef."):
        table.add_column(col, overflow="fold")
    for r in result.results:
        dates = " – ".join(x for x in (r.get("date_start"), r.get("date_end")) if x) or ""
        table.add_row(str(r["id"]), r["kind"], r["title"], "; ".join(p["name"] for p in r["partners"]),
                      " ".join(r["countries"]), dates, "" if r["beneficiaries"] is None else str(r["beneficiaries"]))
    out.print(table)
    for name, counts in result.facets.items():
        if counts:
            out.print(Text.assemble((name, "bold"), ": " + ", ".join(f"{k} ({v})" for k, v in list(counts.items())[:10])),
                      highlight=False)


@app.command()
def show(
    activity_id: Annotated[str, typer.Argument(metavar="ID")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print one activity and the source passage it came from."""
    store = _store(db)
    try:
        record = store.get_activity(activity_id)
    finally:
        store.close()
    if record is None:
        raise _error(f"no activity with id {activity_id}", 1)
    if as_json:
        print(_dump(record))
        return
    out.print(Text.assemble((record["title"], "bold"), f"  ({record['kind']}, activity {record['id']})"), highlight=False)
    ev = record["evidence"]
    out.print(f"document: {record['document']}  page: {ev.get('page')}  characters {ev['start']}–{ev['end']}",
              highlight=False)
    for key in ("countries", "cities", "regionales"):
        if record.get(key):
            out.print(f"{key}: {', '.join(record[key])}", highlight=False)
    for p in record["partners"]:
        out.print(f"partner: {p['name']}" + (f" ({p['acronym']})" if p.get("acronym") else "")
                  + (f" [{p['country']}]" if p.get("country") else ""), highlight=False)
    if record.get("date_start") or record.get("date_end"):
        out.print(f"dates: {record.get('date_start') or '…'} – {record.get('date_end') or '…'}", highlight=False)
    if record.get("beneficiaries") is not None:
        out.print(f"beneficiaries: {record['beneficiaries']}", highlight=False)
    out.rule("source passage")
    out.print(record.get("text", ""), highlight=False)


@app.command()
def export(
    fmt: Annotated[Format, typer.Option("--format")] = Format.jsonl,
    what: Annotated[What, typer.Option("--what")] = What.activities,
    document: Annotated[Optional[list[str]], typer.Option("--document", help="Only this file name (repeatable)")] = None,
    db: DbOption = None,
) -> None:
    """Export activities, documents, or a document's extracted text."""
    from extractor.store import DocumentNotFound, write_csv
    store = _store(db)
    try:
        if what == What.text:
            if not document or len(document) != 1:
                raise _usage("--what text needs exactly one --document FILE_NAME")
            try:
                sys.stdout.write(store.document_text(document[0]))
            except DocumentNotFound as exc:
                raise _error(str(exc), 1)
            return
        try:
            records = list(store.export_activities(document) if what == What.activities
                           else store.export_documents(document))
        except DocumentNotFound as exc:
            raise _error(str(exc), 1)
    finally:
        store.close()
    if fmt == Format.jsonl:
        for r in records:
            print(_dump(r))
    elif fmt == Format.json:
        print(json.dumps(records, ensure_ascii=False, indent=2, default=str))
    else:
        write_csv(records, sys.stdout)


@app.command()
def documents(
    status: Annotated[Optional[str], typer.Option("--status", help="ok, partial or failed")] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the stored documents with their status."""
    if status is not None and status not in ("ok", "partial", "failed"):
        raise _usage(f"--status takes ok, partial or failed, not {status!r}")
    store = _store(db)
    try:
        docs = store.list_documents(status=status)
    finally:
        store.close()
    if as_json:
        print(_dump(docs))
        return
    table = Table(title=f"{len(docs)} documents")
    for col in ("document", "status", "title", "period", "pages", "activities", "error"):
        table.add_column(col, overflow="fold")
    for d in docs:
        period = f"{d.get('period_start') or ''} – {d.get('period_end') or ''}" if d.get("period_start") else ""
        table.add_row(d["document"], d["status"], d.get("title") or "", period, str(d.get("pages") or ""),
                      str(d.get("activities", 0)), d.get("error") or "")
    out.print(table)


@app.command()
def evaluate(
    export_file: Annotated[str, typer.Argument(metavar="EXPORT.jsonl")],
    gold: Annotated[list[str], typer.Argument(metavar="GOLD.json...")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score an export against hand-checked gold files (CONTRACT.md §5)."""
    from extractor.evaluate import evaluate as run_evaluation, load_export, load_gold
    for name in [export_file, *gold]:
        if problem := _path_problem(name, want_file=True):
            raise _usage(problem)
    try:
        report = run_evaluation(load_export(Path(export_file)), [load_gold(Path(g)) for g in gold])
    except ValueError as exc:
        raise _usage(str(exc))
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    if as_json:
        print(_dump(report.to_json()))
    else:
        print(report.format_table())


def main() -> None:
    app()


def _register_command_modules() -> None:
    # Last, so that command modules may import this module's helpers (_store, DbOption, …).
    from extractor.commands import register_all
    register_all(app)


_register_command_modules()


if __name__ == "__main__":
    main()
