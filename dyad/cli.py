"""The `dyad` command: a thin layer that parses flags, calls the library and renders answers."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .cli_actors import actors_app
from .cli_analysis import register as register_analysis
from .cli_bench import bench
from .cli_db import db_app
from .cli_evaluate import evaluate
from .cli_output import (
    Column,
    error,
    message,
    print_table,
    stderr_console,
    stdout_bytes,
    write_jsonl,
    write_tsv,
)
from .cli_watch import watch
from .errors import EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_SOME_FAILED, DyadError, StoreError
from .export import write_events
from .settings import load_settings
from .store import is_server_url, open_store, shown_address

app = typer.Typer(
    name="dyad",
    help="Turn news reports into verifiable political event data: who did what to whom, when, where, "
         "and according to whom (PLOVER event types, with CAMEO codes).\n\n"
         "Quick start:\n\n"
         "  dyad ingest examples/            # code the sample articles into ./dyad.duckdb\n\n"
         "  dyad events --actor RUS          # list what Russia did or had done to it\n\n"
         "  dyad export --format csv --out events.csv",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.add_typer(actors_app, name="actors")
app.add_typer(db_app, name="db")
register_analysis(app)
app.command("evaluate")(evaluate)
app.command("bench")(bench)
app.command("watch")(watch)

DbOption = Annotated[str | None, typer.Option("--db", help="Database file or postgresql://USER@HOST/DB URL "
                                                        "(default ./dyad.duckdb, or $DYAD_DB).", show_default=False)]


def _fail(exc: DyadError) -> typer.Exit:
    error(str(exc))
    return typer.Exit(EXIT_ERROR)


def _check_format(format: str, allowed: tuple[str, ...]) -> None:
    if format not in allowed:
        raise _fail(DyadError(f"--format must be {', '.join(allowed[:-1])} or {allowed[-1]}, not {_short(format)}"))


def _short(value: str, limit: int = 60) -> str:
    """A user's value quoted in an error, cut so that a 100 KB argument still gives one short line."""
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}... ({len(value)} characters)"


def _version(value: bool) -> None:
    if value:
        stdout_bytes().write(f"dyad {__version__}\n".encode())
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """dyad command line."""


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, directories (read recursively), http(s) URLs, or - for stdin.", show_default=False)] = None,
    db: DbOption = None,
    urls: Annotated[Path | None, typer.Option("--urls", help="A file of URLs to fetch, one per line.")] = None,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="For feeds: fetch each item's page and code "
                                                                      "it instead of the summary.")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Read again the items that failed before "
                                                                      "(see dyad failures).")] = False,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1,
                                                help="Worker processes for parsing (default 1).")] = None,
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Articles per spaCy batch.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="Where parsing runs: local (this machine) or dask "
                                                          "(a Dask cluster; docs/DASK.md).")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="With --engine dask: the scheduler, "
                                                  "tcp://HOST:PORT (default: a local cluster of --workers "
                                                  "processes).")] = None,
) -> None:
    """Read articles, extract their events and store both.

    Reads plain-text articles (headline, outlet, date line, body), JSONL files of articles
    ({"id","title","text","date","source","url"} per line), saved web pages, RSS/Atom feeds,
    WARC/ARC web archives, URLs, directories of these, and - for stdin (.gz is read transparently).
    Ingesting the same article twice stores nothing new, and a near copy of a stored story (the
    same wire story in another feed) is linked to it instead of stored again. A broken item is
    reported on one line and recorded (see `dyad failures`); the rest of the batch goes on.

    Files that are no articles by their extension (.toml, .py, .yaml, images, ...) are skipped
    and counted; bytes that are not UTF-8 are replaced in their record only, with a warning; an
    article over 1,000,000 characters is a failure. Exits 1 when no article could be read, 130
    on Ctrl-C (what was stored stays; run again to go on). Exit codes: docs/EXIT_CODES.md.

    Examples:

      dyad ingest examples/

      dyad ingest corpus.jsonl --db events.duckdb --workers 4

      dyad ingest https://feeds.example.com/world.rss --follow-links

      dyad ingest --urls urls.txt

      cat story.txt | dyad ingest -

      dyad ingest --retry-failed

      dyad ingest corpus.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from .api import update_incidents
    from .engine import retry_failed as retry
    from .engine import run_ingest
    from .sources.options import ReadOptions

    specs = list(paths or [])
    if urls is not None:
        specs.append(f"urls:{urls}")
    if not specs and not retry_failed:
        raise _fail(DyadError("nothing to read: give files, directories, URLs, --urls FILE or --retry-failed"))
    try:
        settings = load_settings().with_flags(db=db, workers=workers, model=model, batch_size=batch_size)
        options = ReadOptions(follow_links=follow_links)
        with open_store(settings.db) as store:
            err = stderr_console()
            progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None),
                                TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), console=err,
                                disable=quiet, transient=False)
            shown_failures = shown_warnings = 0
            latest = None  # the summary as of the last stored batch, for Ctrl-C

            def report(summary) -> None:
                nonlocal shown_failures, shown_warnings, latest
                latest = summary
                for failure in summary.failures[shown_failures:]:
                    if not quiet:
                        message("skipped", str(failure), console=progress.console)
                shown_failures = len(summary.failures)
                for warning in summary.warnings[shown_warnings:]:
                    if not quiet:
                        progress.console.print(f"warning {warning}", markup=False, highlight=False, soft_wrap=True)
                shown_warnings = len(summary.warnings)
                seconds = summary.seconds or 1e-9
                progress.update(task, stats=f"{summary.read} articles ({summary.read / seconds:.1f}/s) · "
                                            f"{summary.events} events ({summary.events / seconds:.1f}/s)")

            with progress:
                task = progress.add_task("ingesting", total=None, stats="starting")
                kwargs = {"model": settings.model, "workers": settings.workers, "batch_size": settings.batch_size,
                          "progress": report, "options": options, "engine": engine, "scheduler": scheduler}
                summary = retry(store, **kwargs) if retry_failed else run_ingest(specs, store, **kwargs)
                report(summary)
                progress.update(task, description="grouping incidents")
                incidents = update_incidents(store)
    except DyadError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt:
        stored, events = (latest.stored, latest.events) if latest else (0, 0)
        err.print(f"interrupted: {stored} articles and {events} events were stored in {shown_address(settings.db)} before the "
                  "interruption and stay there; run the same command again to go on (what is stored is "
                  "skipped as a duplicate)", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if not quiet:
        table = Table(title=Text(f"dyad ingest → {shown_address(settings.db)}"), show_header=False)
        for label, value in [("articles read", summary.read), ("stored", summary.stored),
                             ("skipped as duplicates", summary.duplicates),
                             ("  of which near copies", summary.near_duplicates),
                             ("skipped (no text, not English)", summary.skipped), ("failed", summary.failed),
                             *([("records with invalid UTF-8 (bad bytes replaced)", summary.bad_bytes)]
                               if summary.bad_bytes else []),
                             *([("stored undated (unreadable date)", summary.undated)] if summary.undated else []),
                             *([("files skipped (not articles)", summary.not_articles)]
                               if summary.not_articles else []),
                             ("events stored", summary.events),
                             *([("incidents updated", f"{incidents.incidents} in {incidents.blocks} blocks "
                                                      f"({incidents.seconds:.1f} s)")] if incidents else []),
                             ("time", f"{summary.seconds:.1f} s ({summary.articles_per_second:.1f} articles/s)")]:
            table.add_row(label, str(value))
        stderr_console().print(table)
    if not (summary.read or summary.failed or retry_failed):
        skipped = f" ({summary.not_articles} files skipped as not articles)" if summary.not_articles else ""
        message("no articles found", f"in {', '.join(specs)}{skipped}", "red")
        raise typer.Exit(EXIT_SOME_FAILED)
    if summary.failed and not (summary.stored or summary.duplicates or summary.skipped):
        raise typer.Exit(EXIT_SOME_FAILED)


EVENT_COLUMNS = (Column("date", min_width=10), Column("type", min_width=8, cap=22),
                 Column("source", min_width=6, cap=20), Column("target", min_width=6, cap=20),
                 Column("modality", min_width=12, cap=12), Column("said by", min_width=7, cap=20),
                 Column("evidence", free=True))
"""The events table: short columns keep at least their minimum width, actors are cut at `cap`."""


def _print_events(records: list[dict], title: str) -> None:
    def who(actor: dict | None) -> str:
        if not actor:
            return "-"
        return actor.get("code") or actor.get("text") or "-"

    rows = [(r.get("date") or "?", r["type"] + (f"/{r['mode']}" if r.get("mode") else ""), who(r.get("source")),
             who(r.get("target")), r["modality"], who(r.get("attribution")), r["evidence"]["sentence"])
            for r in records]
    print_table(title, EVENT_COLUMNS, rows)


@app.command()
def events(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Country code as source or target, e.g. RUS.")] = None,
    dyad: Annotated[str | None, typer.Option(help="SOURCE:TARGET country codes; * for any, e.g. USA:*.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. THREATEN.")] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY[-MM[-DD]].")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted, negated, future, conditional, hypothetical "
                                                      "or alleged.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most N events (table default 50).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl, csv or tsv (one event per "
                                                               "line, the export columns).")] = "table",
    unit: Annotated[str, typer.Option("--unit", help="event (each report, default) or incident (as dyad "
                                                     "incidents).")] = "event",
    quad: Annotated[int | None, typer.Option("--quad", help="Quad class 1-4.")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="Source or target sector, e.g. MIL.")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="PLOVER mode, e.g. aerial.")] = None,
    plover_context: Annotated[str | None, typer.Option("--plover-context", help="A PLOVER context.")] = None,
) -> None:
    """List stored events, newest event date first.

    Examples:

      dyad events --actor PRK --since 2023-09

      dyad events --dyad USA:RUS --type THREATEN --format jsonl

      dyad events --modality alleged --limit 10

      dyad events --quad 4 --sector MIL --unit incident
    """
    _check_format(format, ("table", "jsonl", "csv", "tsv"))
    if unit == "incident":
        from .cli_analysis import incidents as list_incidents

        list_incidents(typer.Context(typer.main.get_command(app)), db=db, actor=actor, dyad=dyad, type=type,
                       since=since, until=until, modality=modality, quad=quad, sector=sector, mode=mode,
                       plover_context=plover_context, limit=limit, format=format)
        return
    try:
        if format == "table" and limit is None:
            limit = 50
        from .analysis.filters import parse_analysis_filter
        from .api import events as find_events

        parse_analysis_filter(actor=actor, dyad=dyad, type=type, since=since, until=until, modality=modality,
                              limit=limit, quad=quad, sector=sector, mode=mode, plover_context=plover_context)
        path = _existing_db(db)  # after the filters: a mistyped filter is named even without a database
        with open_store(path, read_only=True) as store:
            total = store.counts()["events"]
        records = find_events(path, unit=unit, actor=actor, dyad=dyad, type=type, since=since, until=until,
                              modality=modality, limit=limit, quad=quad, sector=sector, mode=mode,
                              plover_context=plover_context)
    except DyadError as exc:
        raise _fail(exc) from exc
    if format == "table":
        _print_events(records, f"{len(records)} events (of {total} stored)")
    else:
        write_events(records, format, stdout_bytes())


def _existing_db(db: str | None) -> str:
    """The database a read command reads; a missing one is an error, never created empty."""
    path = load_settings().with_flags(db=db).db
    if not is_server_url(path) and not Path(path).exists():
        raise StoreError("no such database: nothing was ingested here yet (run dyad ingest first, or give "
                         "--db FILE or $DYAD_DB)", item=path)
    return path


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, tsv, parquet, gdelt (GDELT 2.0 "
                                                               "event table) or polecat (POLECAT-like JSON lines).")],
    db: DbOption = None,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default stdout; "
                                                                       "parquet needs --out).")] = None,
    unit: Annotated[str, typer.Option("--unit", help="event (each report, default) or incident.")] = "event",
    partition: Annotated[str | None, typer.Option("--partition", help="month: Parquet as a directory "
                                                                      "month=YYYY-MM/ (give it with --out).")] = None,
    actor: Annotated[str | None, typer.Option(help="Country code as source or target.")] = None,
    dyad: Annotated[str | None, typer.Option(help="SOURCE:TARGET country codes; * for any.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    since: Annotated[str | None, typer.Option(help="Dates on or after YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Dates on or before YYYY[-MM[-DD]].")] = None,
    quad: Annotated[int | None, typer.Option("--quad", help="Quad class 1-4.")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="Source or target sector, e.g. MIL.")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="PLOVER mode.")] = None,
    plover_context: Annotated[str | None, typer.Option("--plover-context", help="A PLOVER context.")] = None,
) -> None:
    """Write stored events (or incidents) in the EVENT_SCHEMA.md record shape, or as GDELT or POLECAT.

    CSV and Parquet flatten nested fields with underscore names (source_country, evidence_sentence, …)
    and add typed date_start/date_end and the article's outlet, URL and title (schema version 2).

    Examples:

      dyad export --format jsonl --out events.jsonl

      dyad export --format parquet --partition month --out events/

      dyad export --format gdelt --dyad USA:IRN --out usa_irn.tsv

      dyad export --format csv --unit incident --quad 4 --out incidents.csv
    """
    from .api import export as run_export

    try:
        if (format == "parquet" or partition) and out_file is None:
            raise DyadError("parquet is a binary format: give a file with --out events.parquet")
        count = run_export(_existing_db(db), format, out_file if out_file else stdout_bytes(), unit=unit,
                           partition=partition, actor=actor, dyad=dyad, type=type, since=since, until=until,
                           quad=quad, sector=sector, mode=mode, plover_context=plover_context)
    except DyadError as exc:
        raise _fail(exc) from exc
    if out_file:
        stderr_console().print(Text(f"{count} {unit}s written to {out_file}"), soft_wrap=True)


@app.command()
def code(
    text: Annotated[str, typer.Argument(help="The text to code (quote it).")],
    date: Annotated[str | None, typer.Option(help="Story date YYYY-MM-DD, for relative dates.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Say for each event which step produced it (rules, "
                                                            "model), its trigger and the model's score.")] = False,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Code with the rules alone, without the "
                                                                  "trained step.")] = False,
) -> None:
    """Code a snippet and print its events, without a database (for trying things).

    Examples:

      dyad code "Russia and China held talks in Beijing on Monday." --date 2024-05-15

      dyad code "Iran threatened to close the Strait of Hormuz." --format jsonl

      dyad code "Iran accused Iraq of shelling border towns." --explain
    """
    from .api import code_text

    _check_format(format, ("table", "jsonl"))
    try:
        records = code_text(text, date=date, model=model, learned=not rules_only)
    except DyadError as exc:
        raise _fail(exc) from exc
    if format == "jsonl":
        write_jsonl(records)
    else:
        _print_events(records, f"{len(records)} events")
    if explain:
        _explain(records)


def _explain(records: list[dict]) -> None:
    """One line per event on stderr: what produced it and with which score."""
    for number, r in enumerate(records, start=1):
        coder = r.get("coder") or {}
        score = coder.get("model_score")
        pair = f"{(r.get('source') or {}).get('code') or '-'} -> {(r.get('target') or {}).get('code') or '-'}"
        message(f"{number}.", f"{r['type']} {pair}: {' + '.join(coder.get('steps') or ['?'])}, trigger "
                f"{coder.get('trigger')!r}, model score {'-' if score is None else f'{score:.2f}'}, confidence "
                f"{r['confidence']}, coder {coder.get('version')}", "bold")


@app.command()
def recode(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Only stories dated on or after YYYY-MM-DD.")] = None,
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
) -> None:
    """Re-code stored articles with the current coder, replacing their events (no source files needed).

    Each article's events are replaced in one transaction: an interrupted run loses nothing, and
    a second run changes nothing. Every event records the coder version that produced it.

    Examples:

      dyad recode --db events.duckdb

      dyad recode --db events.duckdb --since 2024-01-01
    """
    from .api import recode as run_recode

    try:
        path = _existing_db(db)
    except DyadError as exc:
        raise _fail(exc) from exc
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[stats]}"),
                        TimeElapsedColumn(), console=stderr_console(), transient=False)
    try:
        with progress:
            task = progress.add_task("recoding", total=None, stats="starting")

            def report(summary) -> None:
                progress.update(task, stats=f"{summary.articles} articles, {summary.changed} changed")

            summary = run_recode(path, since=since, model=model, progress=report)
    except DyadError as exc:
        raise _fail(exc) from exc
    message("recoded", f"{summary.articles} articles with coder {summary.version}: events {summary.events_before} "
            f"-> {summary.events_after}, {summary.changed} articles changed", "green")


articles_app = typer.Typer()
app.add_typer(articles_app, name="articles")


@articles_app.callback(invoke_without_command=True)
def articles(
    ctx: typer.Context,
    db: DbOption = None,
    article_id: Annotated[str | None, typer.Option("--id", help="Only this article.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most N articles.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, tsv, csv, parquet or jsonl (jsonl "
                                                               "includes the text).")] = "table",
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Output file for parquet.")] = None,
) -> None:
    """List stored articles with their metadata and every place each appeared (near copies included).

    Examples:

      dyad articles --limit 20

      dyad articles --id a_5f1c0e2d9b3a4c1e --format jsonl

      dyad articles --format parquet --out articles.parquet

      dyad articles delete a_5f1c0e2d9b3a4c1e
    """
    if ctx.invoked_subcommand is not None:
        return
    _check_format(format, ("table", "tsv", "csv", "parquet", "jsonl"))
    if format == "parquet" and out_file is None:
        raise _fail(DyadError("parquet is a binary format: give a file with --out articles.parquet"))
    try:
        with open_store(_existing_db(db), read_only=True) as store:
            rows = store.articles(article_id, limit=limit, with_text=format == "jsonl")
            links: dict[str, list[dict]] = {}
            for link in store.links(article_id):
                links.setdefault(link["article_id"], []).append(
                    {k: link[k] for k in ("origin", "position", "url", "similarity")})
    except DyadError as exc:
        raise _fail(exc) from exc
    if format == "jsonl":
        write_jsonl({**row, "appeared_in": links.get(row["article_id"], [])} for row in rows)
        return
    if format in ("csv", "parquet"):
        from .analysis.exports import write_articles

        write_articles(rows, format, out_file if out_file else stdout_bytes())
        return
    table = [(*(row.get(c) for c in ("article_id", "story_date", "outlet", "title")),
              "; ".join(_place(p) for p in links.get(row["article_id"], []))) for row in rows]
    if format == "tsv":
        write_tsv(ARTICLE_COLUMNS, table)
    else:
        print_table(f"{len(rows)} articles", [Column(ARTICLE_COLUMNS[0], min_width=18, cap=20),
                                              Column(ARTICLE_COLUMNS[1], min_width=10),
                                              Column(ARTICLE_COLUMNS[2], cap=16), Column(ARTICLE_COLUMNS[3], free=True),
                                              Column(ARTICLE_COLUMNS[4], cap=40, keep_end=True)], table)


ARTICLE_COLUMNS = ("article_id", "story_date", "outlet", "title", "appeared in")


@articles_app.command("delete")
def delete_article(
    article_id: Annotated[str, typer.Argument(help="The id of the article to remove (see dyad articles).")],
    db: DbOption = None,
) -> None:
    """Remove an article and everything derived from it, in one transaction.

    Its events, the places it appeared, its near-duplicate signature, and what registered hooks
    derive from it (the incidents it reported) go with it, on either backend; the other reports
    of those incidents are then grouped again.

    Example:

      dyad articles delete a_5f1c0e2d9b3a4c1e --db events.duckdb
    """
    from .api import delete_article as delete_and_regroup

    try:
        with open_store(_existing_db(db)) as store:
            removed = delete_and_regroup(store, article_id)
    except DyadError as exc:
        raise _fail(exc) from exc
    if not removed:
        raise _fail(StoreError("no such article; nothing was deleted (dyad articles lists the ids)",
                               item=_short(article_id)))
    message("deleted", f"{article_id}: " + ", ".join(f"{n} {table}" for table, n in removed.items()), "green")


def _place(place: dict) -> str:
    """Where an article appeared: origin[:position][ (near copy 0.93)]."""
    return (f"{place['origin']}" + (f":{place['position']}" if place["position"] is not None else "")
            + (f" (near copy {place['similarity']:.2f})" if place["similarity"] < 1 else ""))


@app.command()
def failures(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, tsv or jsonl.")] = "table",
) -> None:
    """List the items that could not be read or coded, with their reasons.

    Example:

      dyad failures --db events.duckdb
    """
    _check_format(format, ("table", "tsv", "jsonl"))
    try:
        with open_store(_existing_db(db), read_only=True) as store:
            rows = store.failures()
    except DyadError as exc:
        raise _fail(exc) from exc
    keys = ("at", "origin", "position", "stage", "reason")
    if format == "jsonl":
        write_jsonl(rows)
    elif format == "tsv":
        write_tsv(keys, ([row.get(k) for k in keys] for row in rows))
    else:
        print_table(f"{len(rows)} failures", [Column("at", min_width=25, cap=32), Column("origin", cap=40, keep_end=True),
                                              Column("position", min_width=8, justify="right"),
                                              Column("stage", min_width=5, cap=12), Column("reason", free=True)],
                    ([row.get(k) for k in keys] for row in rows))


@app.command()
def serve(
    db: Annotated[str | None, typer.Option("--db", help="Database file or URL (default ./dyad.duckdb, or $DYAD_DB).",
                                           show_default=False)] = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the server to the network.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only", help="Open the store read-only; ingest is off.")] = False,
) -> None:
    """Serve the HTTP API (/api, /openapi.json) and the dashboard (/) on one database.

    The server owns the database while it runs: send new articles through POST /api/ingest
    (enabled when DYAD_API_TOKEN is set and --read-only is not given); a `dyad ingest` into the
    same file meanwhile is refused with a message saying so. See docs/API.md.

    Examples:

      dyad serve --db events.duckdb

      DYAD_API_TOKEN=$(openssl rand -hex 16) dyad serve --db events.duckdb --port 8080

      dyad serve --db events.duckdb --read-only
    """
    from .web import serve as run_server

    try:
        settings = load_settings().with_flags(db=db)
        run_server(settings.db, host=host, port=port, read_only=read_only)
    except DyadError as exc:
        raise _fail(exc) from exc


def run() -> None:
    """The `dyad` command: the app, with a one-line report instead of a traceback for a bug.

    Errors dyad raises on purpose are handled by each command; anything else is a bug, reported
    as E900 with what to do. DYAD_DEBUG=1 shows the traceback.
    """
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        if os.environ.get("DYAD_DEBUG"):
            raise
        first = (str(exc).splitlines() or [""])[0][:200]
        error(f"[E900] internal error ({exc.__class__.__name__}: {first}); this is a bug in dyad: please "
              "report it with the command you ran (DYAD_DEBUG=1 shows the traceback)")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    run()

