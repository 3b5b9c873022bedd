"""Everything the `dyad` command prints goes through here, so that nothing a user or an article
supplied is ever read as rich markup (`[bold]`, `[/button]`) or an emoji code (`:smile:`).

Three kinds of output, three rules:

- Machine formats (JSONL, JSON, CSV, TSV, Parquet) are bytes written to `sys.stdout.buffer`
  exactly as stored: they never pass through a rich `Console`, whose markup parser would drop
  `[again]`, turn `:smile:` into an emoji (moving every character offset) or crash on a stray
  closing tag, and whose wrapping would split long lines.
- Tables escape their cells: every cell, title and header is a `rich.text.Text` (never parsed),
  on consoles made with markup, emoji and highlighting off. On a terminal a table is boxed,
  with fixed widths for short columns (dates, types, modality, codes) and the free text column
  wrapping in what is left; when stdout is not a terminal (a pipe, a file) it is plain aligned
  text, one line per row, free text cut with an ellipsis (`--format tsv` gives it whole).
- Messages (errors, skipped items, summaries) go to stderr with only the label styled; the
  message itself, which quotes file names and user input, is literal text.

TSV is the linear TSV of `dyad.export` (`escape_tsv`): one record per line, so that `cut`, `awk`
and `sort` see one row per line.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .export import escape_tsv, unescape_tsv

__all__ = ["Column", "error", "escape_tsv", "message", "print_table", "stderr_console", "stdout_bytes",
           "stdout_console", "unescape_tsv", "write_json", "write_jsonl", "write_tsv"]

PLAIN_FREE_TEXT = 100
"""Characters of free text (evidence, titles) a plain (piped) table shows before its ellipsis."""

MIN_FREE_TEXT = 24
"""Narrowest a wrapping free text column may get on a terminal before capped columns give way."""


# -- consoles ------------------------------------------------------------------------------------

def stdout_console(**kwargs: Any) -> Console:
    """A console on the current stdout that never parses markup, emoji codes or highlights.

    Made per call, not at import, so that it writes to whatever `sys.stdout` is now (a test
    runner swaps it).
    """
    return Console(markup=False, emoji=False, highlight=False, **kwargs)


def stderr_console(**kwargs: Any) -> Console:
    """The stderr twin of `stdout_console`, for messages, progress and summaries."""
    return Console(stderr=True, markup=False, emoji=False, highlight=False, **kwargs)


def message(label: str, text: str, style: str = "yellow", *, console: Console | None = None) -> None:
    """One line `label text` on stderr: the label styled, the text literal (file names and user
    input may hold brackets and colons)."""
    (console or stderr_console()).print(Text.assemble((label, style), " ", text), soft_wrap=True)


def error(text: str) -> None:
    """`error <text>` on stderr, the text literal: an error message quotes what it failed on."""
    message("error", text, "red")


# -- machine formats: bytes, exactly as stored -------------------------------------------------------

def stdout_bytes() -> IO[bytes]:
    """The byte stream under stdout (text written before is flushed first, to keep the order)."""
    sys.stdout.flush()
    return sys.stdout.buffer


def _json_line(value: Any) -> bytes:
    line = json.dumps(value, ensure_ascii=False, default=str)
    try:
        return line.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        # A lone surrogate cannot be UTF-8: the \\uXXXX escape keeps the value exact and the line valid.
        return json.dumps(value, ensure_ascii=True, default=str).encode("ascii") + b"\n"


def write_jsonl(records: Iterable[Any], out: IO[bytes] | None = None) -> int:
    """Write each record as one JSON line (UTF-8, not ASCII-escaped); returns how many."""
    stream = out or stdout_bytes()
    count = 0
    for record in records:
        stream.write(_json_line(record))
        count += 1
    stream.flush()
    return count


def write_json(value: Any, out: IO[bytes] | None = None) -> None:
    """Write one JSON document on one line."""
    write_jsonl([value], out)


def write_tsv(header: Sequence[str], rows: Iterable[Sequence[Any]], out: IO[bytes] | None = None) -> int:
    """Write a header line and one linear-TSV line per row; returns the number of rows."""
    stream = out or stdout_bytes()
    stream.write(("\t".join(header) + "\n").encode("utf-8"))
    count = 0
    for row in rows:
        stream.write(("\t".join(escape_tsv(value) for value in row) + "\n").encode("utf-8", "backslashreplace"))
        count += 1
    stream.flush()
    return count


# -- tables --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """How a table column is laid out.

    `min_width` keeps short fixed-format columns (dates, types, modality, codes) readable however
    long the other cells are; `cap` is the most a column shows before an ellipsis; a `free` column
    (evidence, a title) takes the width left over and wraps on a terminal.
    """

    header: str
    min_width: int = 0
    cap: int = 24
    free: bool = False
    justify: str = "left"
    keep_end: bool = False
    """Cut at the start instead (`…/folder/file.txt`): for paths, whose end names the item."""


def _cell(value: Any) -> Text:
    """A cell as literal text on one line: control characters (newline, tab, escape sequences that
    would drive the terminal) become spaces; the stored value is unchanged."""
    text = "" if value is None else str(value)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return Text(text)


def _truncated(cell: Text, width: int, keep_end: bool = False) -> Text:
    if cell.cell_len <= width:
        return cell
    if keep_end:
        tail, used = [], 1
        for ch in reversed(cell.plain):
            used += cell_len(ch)
            if used > width:
                break
            tail.append(ch)
        return Text("…" + "".join(reversed(tail)))
    cell = cell.copy()
    cell.truncate(width, overflow="ellipsis")
    return cell


def _fixed_widths(columns: Sequence[Column], cells: list[list[Text]], caps: list[int]) -> list[int]:
    widths = []
    for index, column in enumerate(columns):
        longest = max([len(column.header)] + [row[index].cell_len for row in cells])
        widths.append(max(column.min_width, len(column.header), min(longest, caps[index])))
    return widths


def print_table(title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
                console: Console | None = None) -> None:
    """Print rows as a table: boxed on a terminal, plain aligned lines (one per row) otherwise.

    Every cell is literal text (see the module docstring). In the plain layout the title goes
    to stderr, so that stdout is a header line and one line per row.
    """
    console = console or stdout_console()
    cells = [[_cell(value) for value in row] for row in rows]
    if console.is_terminal:
        _print_boxed(console, title, columns, cells)
    else:
        _print_plain(console, title, columns, cells)


def _print_boxed(console: Console, title: str, columns: Sequence[Column], cells: list[list[Text]]) -> None:
    caps = [column.cap for column in columns]
    free = [i for i, column in enumerate(columns) if column.free]
    floors = [max(column.min_width, len(column.header)) for column in columns]
    gaps = 2 * (len(columns) - 1)  # collapsed padding: two spaces between columns, none at the edges
    while True:
        widths = _fixed_widths(columns, cells, caps)
        room = console.width - gaps - sum(w for i, w in enumerate(widths) if i not in free)
        shrinkable = [i for i in range(len(columns)) if i not in free and widths[i] > floors[i]]
        if not free or room >= MIN_FREE_TEXT * len(free) or not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        caps[widest] = widths[widest] - 1
    table = Table(title=Text(title), box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for index, column in enumerate(columns):
        if column.free:
            table.add_column(Text(column.header), overflow="fold", min_width=min(MIN_FREE_TEXT, max(room, 1)),
                             justify=column.justify)  # type: ignore[arg-type]
        else:
            table.add_column(Text(column.header), width=widths[index], no_wrap=True, overflow="ellipsis",
                             justify=column.justify)  # type: ignore[arg-type]
    for row in cells:
        table.add_row(*(cell if columns[i].free else _truncated(cell, widths[i], columns[i].keep_end)
                        for i, cell in enumerate(row)))
    console.print(table)


def _print_plain(console: Console, title: str, columns: Sequence[Column], cells: list[list[Text]]) -> None:
    caps = [PLAIN_FREE_TEXT if column.free else column.cap for column in columns]
    widths = _fixed_widths(columns, cells, caps)
    table = Table(box=None, show_header=True, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0),
                  header_style=None)
    for index, column in enumerate(columns):
        table.add_column(Text(column.header), width=widths[index], no_wrap=True, overflow="ellipsis",
                         justify=column.justify)  # type: ignore[arg-type]
    for row in cells:
        table.add_row(*(_truncated(cell, widths[i], columns[i].keep_end) for i, cell in enumerate(row)))
    if title:
        stderr_console().print(Text(title), soft_wrap=True)
    wide = Console(file=console.file, width=sum(widths) + 2 * len(widths) + 1, markup=False, emoji=False,
                   highlight=False, no_color=True, force_terminal=False)
    with wide.capture() as captured:
        wide.print(table)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    console.file.write(text + "\n")
    console.file.flush()
