"""The analysis commands: `dyad trend`, `network`, `top`, `incidents`, `incident`.

Thin: each parses flags, calls `dyad.api` (the same functions the web app calls) and renders
through `cli_output` (machine formats as bytes, tables as literal text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from . import api
from .cli_output import (
    Column,
    error,
    message,
    print_table,
    stderr_console,
    stdout_bytes,
    write_json,
    write_jsonl,
    write_tsv,
)
from .errors import EXIT_ERROR, DyadError, StoreError
from .settings import load_settings
from .store import is_server_url, shown_address

__all__ = ["incidents_app", "register"]

DbOption = Annotated[str | None, typer.Option("--db", help="Database file (default ./dyad.duckdb, or $DYAD_DB).",
                                              show_default=False)]
SinceOption = Annotated[str | None, typer.Option(help="From YYYY[-MM[-DD]] (dates overlapping the window).")]
UntilOption = Annotated[str | None, typer.Option(help="Until YYYY[-MM[-DD]].")]
QuadOption = Annotated[int | None, typer.Option("--quad", help="Quad class 1-4 (verbal/material cooperation, "
                                                               "verbal/material conflict).")]
SectorOption = Annotated[str | None, typer.Option("--sector", help="Source or target sector, e.g. MIL, GOV.")]
ModeOption = Annotated[str | None, typer.Option("--mode", help="PLOVER mode, e.g. aerial, visit.")]
ContextOption = Annotated[str | None, typer.Option("--plover-context", help="A PLOVER context the record "
                                                                            "carries, e.g. military.")]
PlotOption = Annotated[Path | None, typer.Option("--plot", help="Also draw a chart to FILE.png or FILE.svg "
                                                                "(needs the charts extra).")]


def _unit_option(default: str) -> Any:
    return typer.Option("--unit", help=f"Count incidents (each real-world act) or events (each report); "
                                       f"default {default}.")


def _fail(exc: DyadError) -> typer.Exit:
    error(str(exc))
    return typer.Exit(EXIT_ERROR)


def _db(db: str | None) -> str:
    """The store a command reads: a DuckDB file that exists, or a PostgreSQL URL (which the
    server itself checks on opening, with the message of the store)."""
    path = load_settings().with_flags(db=db).db
    if not is_server_url(path) and not Path(path).exists():
        raise StoreError("no such database: nothing was ingested here yet (run dyad ingest first, or give "
                         "--db FILE or $DYAD_DB)", item=shown_address(path))
    return path


def _check_format(format: str, allowed: Sequence[str]) -> None:
    if format not in allowed:
        raise _fail(DyadError(f"--format must be {', '.join(allowed[:-1])} or {allowed[-1]}, not {format!r}"))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def emit(rows: list[dict[str, Any]], columns: Sequence[str], format: str, title: str,
         table_columns: Sequence[Column] | None = None) -> None:
    """Rows as a table, TSV, CSV (header, then one line per row), a JSON array or JSON lines."""
    if format == "json":
        write_json(rows)
    elif format == "jsonl":
        write_jsonl(rows)
    elif format == "tsv":
        write_tsv(columns, ([row.get(c) for c in columns] for row in rows))
    elif format == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        out = stdout_bytes()
        out.write(text.getvalue().encode("utf-8", "backslashreplace"))
        out.flush()
    else:
        print_table(title, table_columns or [Column(c, cap=30) for c in columns],
                    ([_cell(row.get(c)) for c in columns] for row in rows))


def _wrote(path: Path) -> None:
    stderr_console().print(Text(f"chart written to {path}"), soft_wrap=True)


def trend(
    dyad: Annotated[str, typer.Option(help="SOURCE:TARGET country codes, e.g. USA:IRN (* for any side).")],
    db: DbOption = None,
    every: Annotated[str, typer.Option(help="day, week, month or year.")] = "month",
    since: SinceOption = None,
    until: UntilOption = None,
    unit: Annotated[str, _unit_option("incident")] = "incident",
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    quad: QuadOption = None, sector: SectorOption = None, mode: ModeOption = None,
    plover_context: ContextOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, tsv, csv, json or jsonl.")] = "table",
    plot: PlotOption = None,
) -> None:
    """Counts of a dyad per period, PLOVER type and quad class, with mean intensity.

    Long form: period, type, quad_class, count, mean_intensity. A period with no stored article
    is empty (count blank), not zero. Counts incidents unless --unit event.

    Examples:

      dyad trend --dyad USA:IRN --every month

      dyad trend --dyad USA:IRN --every week --since 1987-09 --format csv --plot usa_irn.png
    """
    _check_format(format, ("table", "tsv", "csv", "json", "jsonl"))
    try:
        rows = api.trend(_db(db), dyad=dyad, every=every, since=since, until=until, unit=unit, type=type,
                         quad=quad, sector=sector, mode=mode, plover_context=plover_context)
        if plot is not None:
            from .analysis.plot import plot_trend

            _wrote(plot_trend(rows, plot, f"{dyad} by {every} ({unit} counts)"))
    except DyadError as exc:
        raise _fail(exc) from exc
    emit(rows, ("period", "type", "quad_class", "count", "mean_intensity"), format,
         f"{dyad}: {unit}s by {every}", [Column("period", min_width=8), Column("type", min_width=9),
                                         Column("quad_class", justify="right"), Column("count", justify="right"),
                                         Column("mean_intensity", justify="right")])


def network(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_count: Annotated[int, typer.Option("--min", min=1, help="Leave out edges with fewer records.")] = 1,
    unit: Annotated[str, _unit_option("incident")] = "incident",
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    quad: QuadOption = None, sector: SectorOption = None, mode: ModeOption = None,
    plover_context: ContextOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table (the edges), json or graphml.")] = "table",
    plot: PlotOption = None,
) -> None:
    """Actors as nodes and dyads as weighted, signed edges (cooperation against conflict).

    Examples:

      dyad network --since 1987-01 --min 2 --plot network.png

      dyad network --format graphml > actors.graphml
    """
    _check_format(format, ("table", "json", "graphml"))
    try:
        graph = api.network(_db(db), since=since, until=until, min_count=min_count, unit=unit, type=type,
                            quad=quad, sector=sector, mode=mode, plover_context=plover_context)
        if plot is not None:
            from .analysis.plot import plot_network

            _wrote(plot_network(graph, plot, f"actor network{' since ' + since if since else ''} ({unit} counts)"))
    except DyadError as exc:
        raise _fail(exc) from exc
    if format == "json":
        write_json(graph)
    elif format == "graphml":
        from .analysis.network import to_graphml

        out = stdout_bytes()
        out.write(to_graphml(graph))
        out.flush()
    else:
        emit(graph["edges"], ("source", "target", "count", "cooperation", "conflict", "sign", "mean_intensity"),
             "table", f"{len(graph['nodes'])} actors, {len(graph['edges'])} edges")


def top(
    db: DbOption = None,
    by: Annotated[str, typer.Option(help="dyad, actor, type or month.")] = "dyad",
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many.")] = 20,
    unit: Annotated[str, _unit_option("incident")] = "incident",
    actor: Annotated[str | None, typer.Option(help="Only records with this country as source or target.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    quad: QuadOption = None, sector: SectorOption = None, mode: ModeOption = None,
    plover_context: ContextOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, tsv, csv, json or jsonl.")] = "table",
) -> None:
    """The most active dyads, actors, event types or months; lowest mean intensity = most hostile.

    Examples:

      dyad top --by dyad --since 1987 --quad 4

      dyad top --by month --actor IRN --format csv
    """
    _check_format(format, ("table", "tsv", "csv", "json", "jsonl"))
    try:
        rows = api.top(_db(db), by=by, since=since, until=until, limit=limit, unit=unit, actor=actor, type=type,
                       quad=quad, sector=sector, mode=mode, plover_context=plover_context)
    except DyadError as exc:
        raise _fail(exc) from exc
    emit(rows, ("key", "count", "cooperation", "conflict", "mean_intensity"), format, f"top {by} ({unit} counts)",
         [Column(by, min_width=7), *(Column(c, justify="right") for c in
                                     ("count", "cooperation", "conflict", "mean_intensity"))])


INCIDENT_COLUMNS = ("incident_id", "date", "type", "source", "target", "modality", "mention_count",
                    "article_count", "outlet_count", "confidence", "first_reported", "last_reported")

incidents_app = typer.Typer(invoke_without_command=True, no_args_is_help=False)
"""`dyad incidents` lists; `dyad incidents rebuild` groups every stored event again."""


def _flat_incident(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "source": (record.get("source") or {}).get("code"),
            "target": (record.get("target") or {}).get("code"),
            "modality": record["modality"] + (" (denied)" if record.get("denied") and record["modality"] != "negated"
                                              else "")}


@incidents_app.callback()
def incidents(
    ctx: typer.Context,
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Country code as source or target, e.g. IRN.")] = None,
    dyad: Annotated[str | None, typer.Option(help="SOURCE:TARGET, e.g. USA:IRN.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    modality: Annotated[str | None, typer.Option(help="Majority modality.")] = None,
    quad: QuadOption = None, sector: SectorOption = None, mode: ModeOption = None,
    plover_context: ContextOption = None,
    limit: Annotated[int | None, typer.Option(help="At most N incidents (table default 50).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, tsv, csv, json or jsonl (jsonl: the "
                                                               "full incident records).")] = "table",
) -> None:
    """List incidents, newest first: each real-world act with how many reports, articles and outlets.

    Examples:

      dyad incidents --dyad USA:IRN --since 1987-10

      dyad incidents --format jsonl > incidents.jsonl

      dyad incidents rebuild
    """
    if ctx.invoked_subcommand is not None:
        return
    _check_format(format, ("table", "tsv", "csv", "json", "jsonl"))
    try:
        rows = api.incidents(_db(db), actor=actor, dyad=dyad, type=type, since=since, until=until,
                             modality=modality, quad=quad, sector=sector, mode=mode, plover_context=plover_context,
                             limit=50 if limit is None and format == "table" else limit)
    except DyadError as exc:
        raise _fail(exc) from exc
    if format in ("json", "jsonl"):
        emit(rows, INCIDENT_COLUMNS, format, "")
        return
    emit([_flat_incident(r) for r in rows], INCIDENT_COLUMNS, format, f"{len(rows)} incidents",
         [Column("incident_id", min_width=18), Column("date", min_width=10), Column("type", min_width=8),
          Column("source", cap=12), Column("target", cap=12), Column("modality", cap=20),
          Column("reports", justify="right"), Column("articles", justify="right"),
          Column("outlets", justify="right"), Column("confidence", justify="right"),
          Column("first_reported", cap=25), Column("last_reported", cap=25)])


@incidents_app.command("rebuild")
def rebuild(db: DbOption = None) -> None:
    """Group every stored event into incidents again from scratch (after changing parameters)."""
    try:
        result = api.rebuild_incidents(_db(db))
    except DyadError as exc:
        raise _fail(exc) from exc
    message("rebuilt", f"{result.incidents} incidents from {result.new_events} events in {result.seconds:.1f} s",
            "green")


def incident(
    incident_id: Annotated[str, typer.Argument(help="An incident id (i_…), as dyad incidents lists them.")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """One incident with all its reports and their sentences.

    Example:

      dyad incident i_0123456789abcdef
    """
    _check_format(format, ("table", "json"))
    try:
        record = api.incident(_db(db), incident_id)
        if record is None:
            raise DyadError("no incident with this id; list them with dyad incidents", item=incident_id)
    except DyadError as exc:
        raise _fail(exc) from exc
    if format == "json":
        write_json(record)
        return
    flat = _flat_incident(record)
    place = (record.get("location") or {}).get("name")
    summary = (f"{record['incident_id']}: {flat['source'] or '-'} {record['type']} {flat['target'] or '-'} on "
               f"{record.get('date') or 'unknown date'}{' in ' + place if place else ''}, {flat['modality']}, "
               f"{record['mention_count']} reports in {record['article_count']} articles from "
               f"{record['outlet_count']} outlets, confidence {record['confidence']}")
    print_table(summary, [Column("article_id", min_width=18, cap=24), Column("outlet", cap=16),
                          Column("date", min_width=10), Column("modality", cap=12), Column("sentence", free=True)],
                ([m["article_id"], m.get("outlet"), m.get("date"), m.get("modality"), m.get("sentence")]
                 for m in record["mentions"]))


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the `dyad` app."""
    app.command("trend")(trend)
    app.command("network")(network)
    app.command("top")(top)
    app.add_typer(incidents_app, name="incidents")
    app.command("incident")(incident)
