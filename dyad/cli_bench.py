"""`dyad bench`: the speed and memory figures every performance claim quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_output import error, stdout_console
from .errors import DyadError


def bench(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="JSONL stories, or a directory of web pages "
                                                "(default ../shared/corpus/reuters21578.jsonl).",
                                                show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", help="Measure the first N stories with a body.")] = 2000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes for dyad, n_process for the "
                                                           "baseline.")] = 1,
    ref: Annotated[str | None, typer.Option("--ref", help="Also measure the ingest at this git commit "
                                                          "of the repository in the current directory (e.g. HEAD~3).")] = None,
    dask: Annotated[bool, typer.Option("--dask", help="Also measure the ingest with --engine dask on a local "
                                                     "cluster of --workers processes (needs the cluster extra).")] = False,
) -> None:
    """Stories per second, tokens per second, sentences parsed and skipped, and peak memory summed
    over all processes, for dyad and in the same run for the fixed baseline (spaCy nlp.pipe with
    every component of the shipped model, batch 64, n_process = workers).

    Examples:

      dyad bench --workers 2

      dyad bench --corpus ../shared/corpus/html/zyte_aeb/html --limit 181 --ref 632fcba

      dyad bench --workers 2 --dask
    """
    from .bench import DEFAULT_CORPUS, format_rows, run_bench

    try:
        rows = run_bench(corpus or DEFAULT_CORPUS, limit=limit, workers=workers, ref=ref, dask=dask)
    except DyadError as exc:
        error(exc.message)
        raise typer.Exit(2) from exc
    console = stdout_console()
    console.print(f"{rows[0].stories} stories from {(corpus or DEFAULT_CORPUS).name}, workers={workers}",
                  highlight=False)
    for line in format_rows(rows):
        console.print(line, highlight=False, soft_wrap=True)
