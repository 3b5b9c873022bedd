"""`dyad db ...`: the store's schema and moving whole stores (migrate, info, copy)."""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_output import Column, error, message, print_table
from .errors import EXIT_ERROR, DyadError

db_app = typer.Typer(help="The database itself: schema version, migrations, copying a whole store.\n\n"
                          "Examples:\n\n  dyad db info\n\n  dyad db migrate --db postgresql://dyad@localhost/events"
                          "\n\n  dyad db copy events.duckdb postgresql://dyad@localhost/events",
                     no_args_is_help=True)

DbOption = Annotated[str | None, typer.Option("--db", help="Database file or postgresql:// URL (default "
                                                            "./dyad.duckdb, or $DYAD_DB).", show_default=False)]


def _address(db: str | None) -> str:
    from .settings import load_settings

    return load_settings().with_flags(db=db).db


@db_app.command()
def migrate(db: DbOption = None) -> None:
    """Bring the store's tables to this dyad's schema version (creating them on a new database).

    Each pending migration runs in a transaction and is recorded in the schema_version table;
    opening a store for writing migrates it too. Run this once after upgrading dyad on a shared
    PostgreSQL database, as a role that may create tables, before read-only users read it.

    Example:

      dyad db migrate --db postgresql://dyad@db.example.org/events
    """
    from .store import open_store

    try:
        with open_store(_address(db)) as store:
            applied = store.migrate() or []
            info = store.info()
    except DyadError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_ERROR) from exc
    message("migrated", f"{info.location} is at schema version {info.version}"
            + (" (up to date)" if not applied else ""), "green")


@db_app.command()
def info(db: DbOption = None) -> None:
    """Show the backend, the schema version and the row count of every table.

    Example:

      dyad db info --db events.duckdb
    """
    from .store import is_server_url, open_store

    address = _address(db)
    try:
        if not is_server_url(address):
            from pathlib import Path

            if not Path(address).exists():
                raise DyadError("no such database: nothing was ingested here yet", item=address)
        with open_store(address, read_only=True) as store:
            found = store.info()
    except DyadError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_ERROR) from exc
    rows = [("backend", found.backend), ("location", found.location),
            ("schema version", f"{found.version} (this dyad: {found.latest})"),
            *((f"rows in {table}", str(count)) for table, count in found.tables.items())]
    print_table(f"dyad db info → {found.location}", [Column("item", min_width=8), Column("value", free=True)],
                rows)


@db_app.command()
def copy(
    source: Annotated[str, typer.Argument(help="The store to read (file or postgresql:// URL).")],
    target: Annotated[str, typer.Argument(help="An empty store to write (created if it is a new file).")],
) -> None:
    """Copy a whole store to another (DuckDB <-> PostgreSQL), row counts checked.

    Every table is copied page by page; at the end the row count of each table must be equal on
    both sides. The target must be empty.

    Examples:

      dyad db copy events.duckdb postgresql://dyad@db.example.org/events

      dyad db copy postgresql://reader@db.example.org/events snapshot.duckdb
    """
    from .store import open_store
    from .store.copy import copy_store

    try:
        with open_store(source, read_only=True) as src, open_store(target) as dst:
            copied = copy_store(src, dst)
            where = dst.location
    except DyadError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_ERROR) from exc
    message("copied", f"{', '.join(f'{n} {t}' for t, n in copied.items())} into {where} (counts checked)",
            "green")
