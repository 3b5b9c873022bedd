"""`dyad watch`: continuous ingest of feeds (dyad/watch.py, docs/WATCH.md)."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from .cli_output import error, message, stderr_console
from .errors import EXIT_ERROR, EXIT_INTERRUPTED, DyadError, InputError
from .settings import load_settings
from .store import open_store, shown_address

DbOption = Annotated[str | None, typer.Option("--db", help="Database file or postgresql://USER@HOST/DB URL "
                                                        "(default ./dyad.duckdb, or $DYAD_DB).", show_default=False)]


def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs (or page URLs) to poll.",
                                               show_default=False)],
    every: Annotated[str, typer.Option("--every", help="Time between rounds: 30s, 15m, 1h, 1h30m.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron or systemd timers).")] = False,
    db: DbOption = None,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="Fetch each new item's page and code it "
                                                                      "instead of the summary.")] = False,
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use.")] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Articles per spaCy batch.")] = None,
) -> None:
    """Poll feeds every --every, code the items that are new, and keep doing it.

    Each round asks every feed with a conditional GET (its stored ETag / Last-Modified), so an
    unchanged feed costs one "304 Not Modified"; a changed feed's items are matched against the
    items read before (guid, else link) and against the stored articles' content hashes, and only
    new ones are coded and stored, as `dyad ingest` does. The feed state lives in the store, so a
    restart resumes without storing anything twice. One line per round; a feed that fails is one
    line and is asked again next round. Ctrl-C stops after the current round (twice: at once).

    Examples:

      dyad watch https://feeds.example.com/world.rss --every 15m

      dyad watch https://a.example/rss https://b.example/atom.xml --once --db events.duckdb
    """
    from .watch import parse_interval
    from .watch import watch as run_watch

    try:
        seconds = parse_interval(every)
    except DyadError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    from .sources import is_url
    from .sources.options import ReadOptions

    bad = [feed for feed in feeds if not is_url(feed)]
    if bad:
        error(str(InputError("not an http(s) URL; dyad watch polls feeds on the web (dyad ingest reads files)",
                             item=bad[0])))
        raise typer.Exit(EXIT_ERROR)
    stop = threading.Event()
    err = stderr_console()

    def on_interrupt(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        err.print("stopping after the current round, if one is running (Ctrl-C again to stop at once; that round is read "
                  "again next time)", markup=False, highlight=False, soft_wrap=True)

    def report(summary) -> None:
        for result in summary.failures:
            message("feed failed", f"{result.feed}: {result.error}; asked again next round", console=err)
        for failure in summary.ingest.failures:
            message("skipped", str(failure), console=err)
        err.print(summary.line(), markup=False, highlight=False, soft_wrap=True)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        settings = load_settings().with_flags(db=db, model=model, batch_size=batch_size)
        with open_store(settings.db) as store:
            if not once:
                err.print(f"watching {len(feeds)} feeds every {every} into {shown_address(settings.db)}; "
                          "Ctrl-C to stop", markup=False, highlight=False, soft_wrap=True)
            run_watch(list(feeds), store, every=seconds, once=once, stop=stop, report=report,
                      model=settings.model, batch_size=settings.batch_size,
                      options=ReadOptions(follow_links=follow_links))
    except DyadError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt:
        err.print("interrupted: what was stored stays; the interrupted round's items are read again next "
                  "time and what is stored is skipped", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGINT, previous)
