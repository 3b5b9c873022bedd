"""Office holders from a Wikidata-style CSV, imported like a TABARI/PETRARCH actor dictionary.

A user with network access can export office holders from Wikidata (a SPARQL query over "position
held", P39) and extend dyad's knowledge offline: `dyad actors import holders.csv`. The file needs
a header row with these columns (any order, case-insensitive; the `...Label` names of a SPARQL
export are accepted too):

    qid        Q-identifier of the person (kept as the row's reference)
    name       the name as written in news
    aliases    other names, separated by ';' or '|' (may be empty)
    position   the office, e.g. "Minister of Foreign Affairs of France" (gives the sector:
               "general" MIL, "judge" JUD, ministers GOV, ...; GOV when nothing is recognised)
    country    ISO 3166-1 alpha-3 code or a country name ("France")
    start      date the term began: YYYY, YYYY-MM, YYYY-MM-DD or Wikidata's +YYYY-MM-DDT00:00:00Z
    end        date it ended (empty: still in office)

Each name and alias becomes one dated entry coded country + sector (FRAGOV), so resolution uses
it for the term only. A row that cannot be read (no name, an unknown country, a date that is no
date) is skipped with its reason; the other rows are imported.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from ..datafiles import parse_day
from ..errors import InputError
from .dictionaries import DictionaryEntry
from .gazetteer import default_gazetteer
from .kb.names import strip_accents
from .names import titles
from .roles import default_roles

COLUMNS = ("qid", "name", "aliases", "position", "country", "start", "end")
_ALIASES = {"item": "qid", "person": "qid", "itemlabel": "name", "personlabel": "name", "label": "name",
            "positionlabel": "position", "countrylabel": "country", "starttime": "start", "endtime": "end",
            "start_date": "start", "end_date": "end"}
_WIKIDATA_TIME = re.compile(r"^\+?(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T.*)?$")


def looks_like_wikidata_csv(path: Path) -> bool:
    """A .csv file, or any file whose first line is a header with a name and a position column."""
    if path.suffix.lower() == ".csv":
        return True
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            first = handle.readline().lower()
    except OSError:
        return False
    return "," in first and "name" in first and "position" in first


def read_wikidata_csv(path: str | Path, problems: list[str] | None = None) -> list[DictionaryEntry]:
    """Dated actor entries from the CSV (see the module docstring); `problems` gets skipped rows."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", item=str(path)) from exc
    reader = csv.DictReader(text.splitlines())
    header = {_column(c): c for c in reader.fieldnames or ()}
    missing = [c for c in ("name", "country") if c not in header]
    if missing:
        raise InputError(f"not a Wikidata-style CSV: no {', '.join(missing)} column (need {', '.join(COLUMNS)})",
                         item=str(path))
    problems = problems if problems is not None else []
    entries: list[DictionaryEntry] = []
    for number, raw in enumerate(reader, start=2):
        row = {column: (raw.get(original) or "").strip() for column, original in header.items()}
        try:
            entries.extend(_entries(row, path.name))
        except ValueError as exc:
            problems.append(f"{path.name}: line {number}: {exc}")
    if not entries:
        raise InputError("no office holders read from this CSV" + (f" ({problems[0]})" if problems else ""),
                         item=str(path))
    return entries


def _column(name: str) -> str:
    key = name.strip().lower()
    return _ALIASES.get(key, key)


def _entries(row: dict[str, str], source: str) -> list[DictionaryEntry]:
    name = row.get("name", "")
    if not name:
        raise ValueError("no name")
    country = country_code(row.get("country", ""))
    sector = position_sector(row.get("position", ""))
    start, end = _day(row.get("start", ""), "start"), _day(row.get("end", ""), "end", end=True)
    if start and end and end < start:
        raise ValueError(f"end {end} is before start {start}")
    qid = row.get("qid", "").rsplit("/", 1)[-1]
    names = [name, *(a.strip() for a in re.split(r"[;|]", row.get("aliases", "")) if a.strip())]
    label = f"{source} {qid}".strip()
    # matched on the tokens of the text: "Jean-Yves" is three tokens; accents dropped as a variant
    phrases = [re.sub(r"\s*-\s*", " - ", n).upper() for n in names for n in (n, strip_accents(n))]
    return [DictionaryEntry(phrase, f"{country}{sector}", start, end, label) for phrase in dict.fromkeys(phrases)]


def country_code(text: str) -> str:
    """"FRA" or "France" -> "FRA"; an unknown country is an error of its row."""
    if re.fullmatch(r"[A-Z]{3}", text):
        return text
    for entry in default_gazetteer().lookup(text) if text else ():
        if entry.country and entry.kind in {"country", "adjective"}:
            return entry.country
    raise ValueError(f"unknown country {text!r} (give an ISO 3166-1 alpha-3 code or an English name)")


def position_sector(position: str) -> str:
    """The sector an office implies ("Chief of the General Staff" MIL, "judge" JUD); GOV by default."""
    words = position.lower().replace(",", " ").split()
    roles = default_roles()
    for end in range(len(words), 0, -1):
        role = roles.ending_at(words[:end])
        if role is not None and role.sector not in {"CVL", "ELI"}:
            return role.sector
    for word in words:
        if titles().get(word):
            return titles()[word]
    return "GOV"


def _day(text: str, column: str, *, end: bool = False) -> date | None:
    match = _WIKIDATA_TIME.match(text)
    if not text:
        return None
    if not match:
        raise ValueError(f"{column} {text!r} is not a date")
    return parse_day(match.group(1), end=end)
