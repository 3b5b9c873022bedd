"""Loading dyad's knowledge files: tab-separated, `#` comments, one header line, `;` lists.

Knowledge lives in these files (inside the package, next to the code that uses them) so that an
analyst can read and extend it without touching code. Every loader goes through `read_tsv`, so
the format is the same everywhere and a broken row names its file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import ConfigError


def _rows(text: str, where: str) -> Iterator[dict[str, str]]:
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) > len(header):
            raise ConfigError(f"line {number} has {len(cells)} columns, the header has {len(header)}; "
                              "check for a stray tab", item=where)
        cells += [""] * (len(header) - len(cells))
        row = {k: v.strip() for k, v in zip(header, cells, strict=True)}
        row["_line"] = str(number)
        yield row


def read_tsv(package: str, name: str) -> list[dict[str, str]]:
    """Rows of a data file shipped in `package` (e.g. "dyad.actors", "data/roles.tsv")."""
    resource = resources.files(package).joinpath(name)
    return list(_rows(resource.read_text(encoding="utf-8"), f"{package}/{name}"))


@cache
def word_set(package: str, name: str, column: str = "noun") -> frozenset[str]:
    """One column of a word-list data file, as a set; cached because coders ask per token."""
    return frozenset(r[column] for r in read_tsv(package, name))


def read_tsv_dir(package: str, folder: str) -> list[dict[str, str]]:
    """Rows of every .tsv file in a data folder, in file-name order (e.g. people/*.tsv)."""
    base = resources.files(package).joinpath(folder)
    rows: list[dict[str, str]] = []
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".tsv"):
            for row in _rows(entry.read_text(encoding="utf-8"), f"{package}/{folder}/{entry.name}"):
                row["_file"] = entry.name
                rows.append(row)
    return rows


def read_tsv_path(path: str | Path) -> list[dict[str, str]]:
    """Rows of a user's own file in the same format."""
    return list(_rows(Path(path).read_text(encoding="utf-8"), str(path)))


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def parse_day(cell: str, *, end: bool = False) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first day, or its last with `end`."""
    cell = cell.strip()
    if not cell:
        return None
    parts = [int(p) for p in cell.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], parts[1], parts[2])
