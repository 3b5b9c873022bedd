"""`dyad evaluate`: how well the coder does against a gold file, as a developer needs to know."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from .cli_output import error, stdout_console, write_json
from .errors import DyadError, InputError


def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold events (JSONL), or {\"article\",\"type\"} lines for a "
                                              "per-sentence type check.", show_default=False)],
    db: Annotated[str | None, typer.Option("--db", help="Score the events stored in this database.")] = None,
    events: Annotated[Path | None, typer.Option("--events", help="Score the events in this JSONL export.")] = None,
    article: Annotated[str | None, typer.Option(help="Only predicted events of this article_id.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Score events against gold: precision, recall and F1 (triple and event level, the rules
    of the field's reference scorer), per-type scores, type confusions, date, modality and
    attribution accuracy, calibration of confidence, and the missed and spurious events with
    their sentences.

    Examples:

      dyad evaluate gold.jsonl --db events.duckdb

      dyad evaluate gold.jsonl --events export.jsonl --format json
    """
    from .evaluate import load_jsonl, report

    try:
        if (db is None) == (events is None):
            raise InputError("give exactly one of --db FILE or --events EVENTS.jsonl")
        if format not in {"table", "json"}:
            raise InputError(f"--format must be table or json, not {format!r}")
        gold_rows = _load(gold, load_jsonl)
        predicted = _load(events, load_jsonl) if events else _from_db(db)
        result = report(gold_rows, predicted, article)
    except DyadError as exc:
        error(str(exc))
        raise typer.Exit(2) from exc
    if format == "json":
        write_json(result)
    else:
        _render(result)


def _load(path: Path, loader) -> list[dict]:
    try:
        return loader(path)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", item=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON on line {exc.lineno} ({exc.msg})", item=str(path)) from exc


def _from_db(db: str) -> list[dict]:
    from .store import open_store

    if not Path(db).exists():
        raise InputError("no such database", item=db)
    with open_store(db, read_only=True) as store:
        return list(store.iter_events())


def _render(result: dict) -> None:
    """The report as tables; cells are literal (`stdout_console` parses no markup), and gold or
    predicted text in the missed/spurious tables is wrapped in `Text` besides."""
    out = stdout_console()
    if result.get("level") == "type":
        out.print(f"type recall {result['type_recall']:.3f} over {result['sentences']} sentences "
                  f"(wrong type only {result['wrong_type_only']:.3f}, no event {result['no_event']:.3f})")
        table = Table(title="per type")
        for column in ("type", "sentences", "recall", "coded instead"):
            table.add_column(column)
        for type_, row in result["per_type"].items():
            instead = ", ".join(f"{k} {v}" for k, v in sorted(result["confusion"].get(type_, {}).items(),
                                                              key=lambda kv: -kv[1]))
            table.add_row(type_, str(row["sentences"]), f"{row['recall']:.3f}", instead)
        out.print(table)
        return
    summary = Table(title="scores")
    for column in ("level", "precision", "recall", "F1", "tp", "fp", "fn"):
        summary.add_column(column)
    for level in ("triple", "event"):
        r = result[level]
        summary.add_row(level, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}", str(r["tp"]),
                        str(r["fp"]), str(r["fn"]))
    out.print(summary)
    out.print(f"date accuracy {result['date_accuracy']}, modality accuracy {result['modality_accuracy']}, "
              f"attribution accuracy {result['attribution_accuracy']}")
    per_type = Table(title="per type (triple level)")
    for column in ("type", "precision", "recall", "tp", "fp", "fn", "missed as"):
        per_type.add_column(column)
    for type_, r in result["per_type"].items():
        confused = ", ".join(f"{k} {v}" for k, v in result["confusion"].get(type_, {}).items())
        per_type.add_row(type_, str(r["precision"]), str(r["recall"]), str(r["tp"]), str(r["fp"]), str(r["fn"]),
                         confused)
    out.print(per_type)
    calibration = Table(title="calibration: how often events are right, by confidence")
    for column in ("confidence", "groups", "precision"):
        calibration.add_column(column)
    for row in result["calibration"]:
        calibration.add_row(row["confidence"], str(row["groups"]), f"{row['precision']:.3f}")
    out.print(calibration)
    for title, rows, keys in (("missed", result["missed_events"], ("id", "type", "source", "target", "evidence")),
                              ("spurious", result["spurious_events"], ("type", "source", "target", "date",
                                                                       "sentence"))):
        if not rows:
            continue
        table = Table(title=f"{len(rows)} {title} events", show_lines=False)
        for key in keys:
            table.add_column(key, overflow="fold")
        for row in rows[:100]:
            table.add_row(*(Text(str(row.get(k) or "")) for k in keys))
        out.print(table)
