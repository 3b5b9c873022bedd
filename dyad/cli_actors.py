"""`dyad actors`: look up who is who on a date, and import TABARI/PETRARCH dictionaries."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from .cli_output import Column, error, message, print_table, stderr_console, write_jsonl
from .errors import EXIT_ERROR, EXIT_SOME_FAILED, DyadError, InputError, UnsupportedInput

actors_app = typer.Typer(
    help="Who is who on a date: resolve names and phrases to country, sector and role, and import "
         "TABARI/PETRARCH actor dictionaries.\n\n"
         "Examples:\n\n"
         "  dyad actors resolve \"Vladimir Putin\" --date 1999-06-01\n\n"
         "  dyad actors resolve \"Russia's ambassador to the United States\"\n\n"
         "  dyad actors import Phoenix.Countries.actors.txt Phoenix.agents.txt",
    no_args_is_help=True,
)


def _db_path(db: str | None) -> str:
    from .settings import load_settings

    return load_settings().with_flags(db=db).db


def _fail(exc: DyadError) -> typer.Exit:
    error(str(exc))
    return typer.Exit(EXIT_ERROR)


@actors_app.command("import")
def import_dictionaries(
    files: Annotated[list[Path], typer.Argument(help="TABARI/PETRARCH actor or agent dictionary files, or "
                                                     "Wikidata-style CSVs of office holders (.csv).",
                                                show_default=False)],
    db: Annotated[str | None, typer.Option("--db", help="Database file (default ./dyad.duckdb, or $DYAD_DB).",
                                           show_default=False)] = None,
    priority: Annotated[str, typer.Option(help="low: consulted after dyad's own data; high: before it.")] = "low",
) -> None:
    """Load actor and agent dictionaries into the database, with their date-bounded codes.

    Re-importing a file replaces its earlier import. Ingests and lookups on this database then
    use the entries (after dyad's own data, unless --priority high).

    Example:

      dyad actors import Phoenix.Countries.actors.txt Phoenix.International.actors.txt Phoenix.agents.txt

      dyad actors import office_holders.csv   (columns qid,name,aliases,position,country,start,end;
      see docs/ACTORS_KB.md)
    """
    from .actors.dictionaries import read_dictionary
    from .actors.wikidata import looks_like_wikidata_csv, read_wikidata_csv
    from .store import open_store

    if priority not in {"low", "high"}:
        raise _fail(InputError(f"--priority must be low or high, not {priority!r}"))
    started = time.perf_counter()
    failed = 0
    try:
        with open_store(_db_path(db)) as store:
            for path in files:
                problems: list[str] = []
                try:
                    entries = read_wikidata_csv(path, problems) if looks_like_wikidata_csv(path) else \
                        read_dictionary(path, problems)
                except UnsupportedInput as exc:  # a verb or discards file beside the actors: not an error
                    message("skipped", str(exc))
                    continue
                except InputError as exc:  # this file only; the others are still imported
                    failed += 1
                    error(str(exc))
                    continue
                count = store.replace_dictionary(path.name, entries, priority)
                message(f"{path.name}:", f"{count} entries ({entries[0].kind} dictionary)"
                        + (f", {len(problems)} lines skipped" if problems else ""), "")
                for problem in problems[:5]:
                    message("  skipped", str(problem))
    except DyadError as exc:
        raise _fail(exc) from exc
    stderr_console().print(f"imported in {time.perf_counter() - started:.1f} s")
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED)


@actors_app.command("resolve")
def resolve(
    text: Annotated[str | None, typer.Argument(help="A name or phrase, e.g. \"Kim Jong Un\".", show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="Date of the mention, YYYY[-MM[-DD]] (default: today).")] = None,
    context: Annotated[str | None, typer.Option(help="The sentence the phrase occurs in.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="JSONL of {\"text\",\"date\"?,\"context\"?} queries; "
                                                             "one JSON answer per line, in order.")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Use the dictionaries imported into this database.",
                                           show_default=False)] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Add an \"explain\" list: the steps that chose "
                                                            "the answer (rows matched, date, title, owner).")] = False,
) -> None:
    """Resolve a name or phrase to country, sector, role and the dates of that role.

    Prints {"text","name","country","sector","code","role","valid_from","valid_to","source","ref"}
    ("source" the data that answered, "ref" its row: a knowledge-base reference or a URL); an
    unknown actor has "country": null and a "reason", never a guess. With --file, every query
    line gets one answer line, in order; a line that cannot be answered (bad JSON, a date that is
    no date) gets an "error" field, and the command then exits 1.

    Examples:

      dyad actors resolve "Vladimir Putin" --date 2009-01-01

      dyad actors resolve "Gitanas Nauseda" --date 2021-05-01 --explain

      dyad actors resolve "Kim" --date 2000-06-13 --context "Kim welcomed Kim Dae-jung to Pyongyang."

      dyad actors resolve --file queries.jsonl > answers.jsonl
    """
    from .actors.lookup import ActorLookup, parse_date

    if (text is None) == (file is None):
        raise _fail(InputError("give either a TEXT or --file QUERIES.jsonl"))
    try:
        lookup = ActorLookup(_nlp(), _resolver(db))
        if text is not None:
            answer = lookup.resolve(text, parse_date(date), context)
            write_jsonl([answer.to_record(explain)])
            return
        failed: list[int] = []

        def answers() -> Iterator[dict]:
            for number, answer in enumerate(lookup.resolve_many(_queries(file)), start=1):
                if answer.error is not None:
                    failed.append(number)
                    message("error", f"{file}: answer {number}: {answer.error}", "red")
                yield answer.to_record(explain)

        answered = write_jsonl(answers())
    except DyadError as exc:
        raise _fail(exc) from exc
    if failed:
        message("failed", f'{len(failed)} of {answered} queries failed (their answers have an "error" field)', "red")
        raise typer.Exit(EXIT_SOME_FAILED)


@actors_app.command("list")
def list_dictionaries(
    db: Annotated[str | None, typer.Option("--db", help="Database file.", show_default=False)] = None,
) -> None:
    """Show the dictionaries imported into a database.

    Example:

      dyad actors list --db events.duckdb
    """
    from .store import is_server_url, open_store

    path = _db_path(db)
    if not is_server_url(path) and not Path(path).exists():
        raise _fail(InputError("no such database", item=path))
    with open_store(path, read_only=True) as store:
        rows = store.dictionary_sources()
    print_table(f"{len(rows)} imported dictionaries",
                [Column("source", cap=48), Column("kind", min_width=5), Column("priority", min_width=8),
                 Column("entries", min_width=7, justify="right")],
                ([row["source"], row["kind"], row["priority"], row["entries"]] for row in rows))


def _queries(path: Path) -> Iterator[dict]:
    """One query per non-blank line; a line that is not a query is an `{"error"}` query, so that
    it gets its own answer line and the lines after it are still answered."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed at the end of the generator
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", item=str(path)) from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            line = raw.decode("utf-8", errors="replace")
            try:
                query = json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"text": None, "error": f"line {number}: malformed JSON ({exc.msg} at column {exc.colno})"}
                continue
            if not isinstance(query, dict) or not isinstance(query.get("text"), str):
                text = query.get("text") if isinstance(query, dict) else None
                yield {"text": text if isinstance(text, str) else None,
                       "error": 'each line must be a JSON object with a "text" string'}
                continue
            yield query


def _nlp():
    from .nlp import load_pipeline

    return load_pipeline()


def _resolver(db: str | None):
    from .actors.dictionaries import DictionaryIndex
    from .actors.resolve import ActorResolver
    from .store import is_server_url, open_store

    path = _db_path(db)
    dictionary = None
    if is_server_url(path) or Path(path).exists():
        with open_store(path, read_only=True) as store:
            dictionary = DictionaryIndex.from_rows(store.dictionary_rows())
    return ActorResolver(dictionary=dictionary)
