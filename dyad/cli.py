"""The `dyad` command: a thin layer that parses flags, calls the library and renders answers."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .cli_actors import actors_app
from .cli_evaluate import evaluate
from .errors import EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_SOME_FAILED, DyadError, StoreError
from .export import write_events
from .query import parse_filter
from .settings import load_settings
from .store import open_store

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
out = Console()
err = Console(stderr=True)
app.add_typer(actors_app, name="actors")
app.command("evaluate")(evaluate)

DbOption = Annotated[str | None, typer.Option("--db", help="Database file (default ./dyad.duckdb, or $DYAD_DB).",
                                              show_default=False)]


def _fail(exc: DyadError) -> typer.Exit:
    err.print(f"[red]error[/red] {exc}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        out.print(f"dyad {__version__}")
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
    """
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
                        progress.console.print(f"[yellow]skipped[/yellow] {failure}", highlight=False,
                                               soft_wrap=True)
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
                          "progress": report, "options": options}
                summary = retry(store, **kwargs) if retry_failed else run_ingest(specs, store, **kwargs)
                report(summary)
    except DyadError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt:
        stored, events = (latest.stored, latest.events) if latest else (0, 0)
        err.print(f"interrupted: {stored} articles and {events} events were stored in {settings.db} before the "
                  "interruption and stay there; run the same command again to go on (what is stored is "
                  "skipped as a duplicate)", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if not quiet:
        table = Table(title=f"dyad ingest → {settings.db}", show_header=False)
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
                             ("time", f"{summary.seconds:.1f} s ({summary.articles_per_second:.1f} articles/s)")]:
            table.add_row(label, str(value))
        err.print(table)
    if not (summary.read or summary.failed or retry_failed):
        skipped = f" ({summary.not_articles} files skipped as not articles)" if summary.not_articles else ""
        err.print(f"no articles found in {', '.join(specs)}{skipped}", markup=False, highlight=False,
                  soft_wrap=True)
        raise typer.Exit(EXIT_SOME_FAILED)
    if summary.failed and not (summary.stored or summary.duplicates or summary.skipped):
        raise typer.Exit(EXIT_SOME_FAILED)


def _events_table(records: list[dict], title: str) -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    for column in ("date", "type", "source", "target", "modality", "said by", "evidence"):
        if column == "evidence":
            table.add_column(column, overflow="fold", ratio=1)
        else:
            table.add_column(column, no_wrap=True)
    for r in records:
        def who(actor: dict | None) -> str:
            if not actor:
                return "-"
            return actor.get("code") or actor.get("text") or "-"
        type_ = r["type"] + (f"/{r['mode']}" if r.get("mode") else "")
        sentence = r["evidence"]["sentence"]
        table.add_row(r.get("date") or "?", type_, who(r.get("source")), who(r.get("target")), r["modality"],
                      who(r.get("attribution")), sentence if len(sentence) < 160 else sentence[:157] + "…")
    return table


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
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
) -> None:
    """List stored events, newest event date first.

    Examples:

      dyad events --actor PRK --since 2023-09

      dyad events --dyad USA:RUS --type THREATEN --format jsonl

      dyad events --modality alleged --limit 10
    """
    if format not in {"table", "jsonl", "csv"}:
        raise _fail(DyadError(f"--format must be table, jsonl or csv, not {format!r}"))
    try:
        if format == "table" and limit is None:
            limit = 50
        filters = parse_filter(actor=actor, dyad=dyad, type=type, since=since, until=until, modality=modality,
                               limit=limit)
        with open_store(_existing_db(db), read_only=True) as store:
            records = store.events(filters)
            total = store.counts()["events"]
    except DyadError as exc:
        raise _fail(exc) from exc
    if format == "table":
        out.print(_events_table(records, f"{len(records)} events (of {total} stored)"))
    else:
        write_events(records, format, sys.stdout)


def _existing_db(db: str | None) -> str:
    """The database a read command reads; a missing one is an error, never created empty."""
    path = load_settings().with_flags(db=db).db
    if not Path(path).exists():
        raise StoreError("no such database: nothing was ingested here yet (run dyad ingest first, or give "
                         "--db FILE or $DYAD_DB)", item=path)
    return path


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")],
    db: DbOption = None,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default stdout; "
                                                                       "parquet needs --out).")] = None,
) -> None:
    """Write every stored event in the EVENT_SCHEMA.md record shape.

    CSV and Parquet flatten nested fields with underscore names (source_country, evidence_sentence, …).

    Examples:

      dyad export --format jsonl --out events.jsonl

      dyad export --format parquet --out events.parquet
    """
    try:
        if format == "parquet" and out_file is None:
            raise DyadError("parquet is a binary format: give a file with --out events.parquet")
        with open_store(_existing_db(db), read_only=True) as store:
            count = write_events(store.iter_events(), format, out_file if out_file else sys.stdout)
    except DyadError as exc:
        raise _fail(exc) from exc
    if out_file:
        err.print(f"{count} events written to {out_file}")


@app.command()
def code(
    text: Annotated[str, typer.Argument(help="The text to code (quote it).")],
    date: Annotated[str | None, typer.Option(help="Story date YYYY-MM-DD, for relative dates.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
) -> None:
    """Code a snippet and print its events, without a database (for trying things).

    Examples:

      dyad code "Russia and China held talks in Beijing on Monday." --date 2024-05-15

      dyad code "Iran threatened to close the Strait of Hormuz." --format jsonl
    """
    from .api import code_text

    try:
        records = code_text(text, date=date, model=model)
    except DyadError as exc:
        raise _fail(exc) from exc
    if format == "jsonl":
        for record in records:
            out.print(json.dumps(record, ensure_ascii=False), highlight=False, soft_wrap=True)
    else:
        out.print(_events_table(records, f"{len(records)} events"))


@app.command()
def articles(
    db: DbOption = None,
    article_id: Annotated[str | None, typer.Option("--id", help="Only this article.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most N articles.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl (jsonl includes the text).")] = "table",
) -> None:
    """List stored articles with their metadata and every place each appeared (near copies included).

    Examples:

      dyad articles --limit 20

      dyad articles --id a_5f1c0e2d9b3a4c1e --format jsonl
    """
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
        for row in rows:
            row["appeared_in"] = links.get(row["article_id"], [])
            out.print(json.dumps(row, ensure_ascii=False, default=str), highlight=False, soft_wrap=True)
        return
    table = Table(title=f"{len(rows)} articles")
    for column in ("article_id", "story_date", "outlet", "title", "appeared in"):
        table.add_column(column, overflow="fold")
    for row in rows:
        places = links.get(row["article_id"], [])
        where = "\n".join(f"{p['origin']}" + (f":{p['position']}" if p["position"] is not None else "") +
                          (f" (near copy {p['similarity']:.2f})" if p["similarity"] < 1 else "") for p in places)
        table.add_row(*(str(row.get(c) or "") for c in ("article_id", "story_date", "outlet", "title")), where)
    out.print(table)


@app.command()
def failures(db: DbOption = None) -> None:
    """List the items that could not be read or coded, with their reasons.

    Example:

      dyad failures --db events.duckdb
    """
    try:
        with open_store(_existing_db(db), read_only=True) as store:
            rows = store.failures()
    except DyadError as exc:
        raise _fail(exc) from exc
    table = Table(title=f"{len(rows)} failures")
    for column in ("at", "origin", "position", "stage", "reason"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(row.get(c) if row.get(c) is not None else "") for c in ("at", "origin", "position",
                                                                                    "stage", "reason")))
    out.print(table)


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
        err.print(f"[red]error[/red] [E900] internal error ({exc.__class__.__name__}: {first}); this is a bug in "
                  "dyad: please report it with the command you ran (DYAD_DEBUG=1 shows the traceback)",
                  markup=True, highlight=False, soft_wrap=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    run()

