"""Who held which office on a date: lookups in the shipped knowledge base (data/kb.tsv.gz).

The base is read on first use (about 35,000 rows) and indexed by `name_key`, so a lookup is a
dict access plus a sort of the few rows sharing the name. Candidates in office on the date come
first; the rest follow by distance in days, so a caller can still code a former official.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import NamedTuple

from .names import key_variants, name_key, strip_possessive

# When two sources say the same, the more carefully checked one answers first.
SOURCE_RANK = {"facts": 0, "parlgov": 1, "factbook": 2, "dyad-people": 3, "phoenix": 4, "partyfacts": 5}


class KbEntry(NamedTuple):
    """One row of the shipped file; `start`/`end` are ISO dates padded to full days ("" = open)."""

    kind: str
    name: str
    variants: tuple[str, ...]
    office: str
    country: str
    sector: str
    start: str
    end: str
    source: str
    ref: str

    def covers(self, day: str) -> bool:
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)

    def distance(self, when: date) -> int:
        """Days from `when` to this row's period (0 inside it)."""
        day = when.isoformat()
        if self.covers(day):
            return 0
        if self.start and day < self.start:
            return (date.fromisoformat(self.start) - when).days
        return (when - date.fromisoformat(self.end)).days


@dataclass(frozen=True)
class Candidate:
    """A row matching a name, and whether its period covers the date asked about."""

    entry: KbEntry
    in_office: bool
    days_away: int


def _pad(day: str, *, end: bool) -> str:
    """"2004" -> "2004-12-31" as an end, "2004-01-01" as a start; "2004-05" likewise."""
    parts = day.split("-") if day else []
    if len(parts) == 1:
        return f"{parts[0]}-12-31" if end else f"{parts[0]}-01-01"
    if len(parts) == 2:
        return f"{day}-{'28' if parts[1] == '02' else '30' if parts[1] in ('04', '06', '09', '11') else '31'}" \
            if end else f"{day}-01"
    return day


class KnowledgeBase:
    """The loaded base: its entries and an index from name key to entry positions."""

    def __init__(self, text: str) -> None:
        lines = text.splitlines()
        header = lines[0].split("\t")
        if header[:2] != ["kind", "name"]:
            raise ValueError(f"knowledge base: unexpected header {header[:3]}")
        self.entries: list[KbEntry] = []
        self.index: dict[str, list[int]] = {}
        keys: dict[str, str] = {}  # a person has several rows: fold each spelling once
        for line in lines[1:]:
            kind, name, variants, office, country, sector, start, end, source, ref = line.split("\t")
            entry = KbEntry(kind, name, tuple(v for v in variants.split(";") if v), office, country, sector,
                            _pad(start, end=False), _pad(end, end=True), source, ref)
            position = len(self.entries)
            self.entries.append(entry)
            own: set[str] = set()
            for spelling in (name, *entry.variants):
                key = keys.get(spelling)
                if key is None:
                    key = keys[spelling] = name_key(spelling)
                if key:
                    own.add(key)
            if kind == "person":
                own |= {v for key in tuple(own) for v in key_variants(key, country)}
            for key in own:
                self.index.setdefault(key, []).append(position)

    def positions(self, name: str) -> list[int] | tuple[()]:
        """Rows a name can mean: its key, else the key of its other forms (possessive dropped,
        initials dropped or joined); empty when none matches."""
        key = name_key(strip_possessive(name.strip()))
        found = self.index.get(key)
        if found:
            return found
        for other in sorted(key_variants(key)):
            found = self.index.get(other)
            if found:
                return found
        return ()

    def lookup(self, name: str, when: date | None = None, *, kind: str | None = None) -> list[Candidate]:
        """Rows whose name or a variant matches `name`, those in office on `when` first.

        Without a date every row counts as in office. Ties go to the better source, then to the
        row that started later (the more recent office of a person).
        """
        positions = self.positions(name)
        day = when.isoformat() if when else ""
        found: list[Candidate] = []
        for position in positions:
            entry = self.entries[position]
            if kind and entry.kind != kind:
                continue
            inside = entry.covers(day) if when else True
            found.append(Candidate(entry, inside, 0 if inside or not when else entry.distance(when)))
        found.sort(key=lambda c: (not c.in_office, c.days_away, SOURCE_RANK.get(c.entry.source, 9),
                                  _negated(c.entry.start), c.entry))
        return found


def _negated(day: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in day.split("-")) if day else (0,)


@cache
def knowledge_base() -> KnowledgeBase:
    """The shipped base, read once on first use."""
    data = resources.files("dyad.actors.kb").joinpath("data/kb.tsv.gz").read_bytes()
    return KnowledgeBase(gzip.decompress(data).decode("utf-8"))


def lookup(name: str, when: date | None = None, *, kind: str | None = None) -> list[Candidate]:
    """Candidates for `name` on `when` from the shipped base (see `KnowledgeBase.lookup`)."""
    return knowledge_base().lookup(name, when, kind=kind)
