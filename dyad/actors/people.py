"""People and the offices they held, by date.

`data/people/*.tsv` holds one row per (person, office tenure) with start and end dates and a
source. Resolution picks the tenure held on the event date, so "Vladimir Putin" is Prime
Minister in 1999 and 2009 and President in 2023; a person out of office is "ELI" (elite: a
former official), never coded by a role they no longer, or not yet, hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..datafiles import parse_day, read_tsv_dir, split_list
from .gazetteer import tokenize
from .kb.names import strip_accents

FORMER_SECTOR = "ELI"
# A bare name shared by several office holders means the most senior of them ("Kim" in 2000 is
# Kim Jong Il, not the foreign minister of the same surname).
_OFFICE_RANK = {"head_of_state": 0, "head_of_government": 1, "foreign_minister": 2, "defence_minister": 3,
                "other": 4}


@dataclass(frozen=True)
class Tenure:
    name: str
    country: str
    sector: str
    role: str
    office: str
    start: date | None
    end: date | None
    source: str = ""
    ref: str = ""  # where in the source: a row reference of the knowledge base

    def covers(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def distance(self, when: date) -> int:
        """Days between `when` and this tenure (0 inside it)."""
        if self.covers(when):
            return 0
        if self.start and when < self.start:
            return (self.start - when).days
        return (when - self.end).days if self.end else 0


@dataclass(frozen=True)
class PersonAt:
    """A person as of a date: the tenure that applies, and whether it was held on that date."""

    tenure: Tenure
    in_office: bool

    @property
    def name(self) -> str | None:
        return self.tenure.name or None

    @property
    def country(self) -> str:
        return self.tenure.country

    @property
    def sector(self) -> str | None:
        return self.tenure.sector if self.in_office else (FORMER_SECTOR if self.tenure.end else None)

    @property
    def role(self) -> str | None:
        return self.tenure.role if self.in_office else None


@lru_cache(maxsize=1 << 16)  # a name recurs through an article and a corpus: tokenise it once
def alias_key(text: str) -> tuple[str, ...]:
    """Names compare case-, hyphen- and accent-insensitively: "Kim Jong-un" is "Kim Jong Un",
    "Nauseda" is "Nausėda"."""
    if not text.isascii():
        text = strip_accents(text)
    return tuple(t.lower() for t in tokenize(text.replace("-", " ")) if t not in {".", "'s", "’s"})


class People:
    def __init__(self, rows: Iterable[dict[str, str]]):
        self._by_alias: dict[tuple[str, ...], list[Tenure]] = defaultdict(list)
        self._by_office: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
        self.tenures: list[Tenure] = []
        for row in rows:
            tenure = Tenure(
                name=row["name"], country=row["country"], sector=row.get("sector") or "GOV",
                role=row.get("role", ""), office=row.get("office") or "other",
                start=parse_day(row.get("start", "")), end=parse_day(row.get("end", ""), end=True),
                source=row.get("source", ""))
            self.tenures.append(tenure)
            for alias in {row["name"], *split_list(row.get("aliases", ""))}:
                key = alias_key(alias)
                if key:
                    self._by_alias[key].append(tenure)
            if tenure.office != "other":
                self._by_office[(tenure.country, tenure.office)].append(tenure)
        self.max_alias_len = max((len(k) for k in self._by_alias), default=0)

    def known(self, text: str) -> bool:
        return alias_key(text) in self._by_alias

    def candidates(self, text: str) -> list[Tenure]:
        return list(self._by_alias.get(alias_key(text), ()))

    def lookup(self, text: str, when: date | None, *, countries: Iterable[str] = ()) -> PersonAt | None:
        """The person a name refers to at `when`.

        Among everyone with that name, prefer someone in office on the date (and, when the
        context names countries, someone of those countries); otherwise the nearest tenure.
        A bare surname shared by two people of the same rank in office at once (two Kims,
        presidents of the two Koreas, in 2000) needs a country from the context; without one
        the answer is None, not a guess.
        """
        tenures = People.candidates(self, text)  # these rows only, also in a subclass that adds more
        if not tenures:
            return None
        hint = set(countries)
        if hint and any(t.country in hint for t in tenures):
            tenures = [t for t in tenures if t.country in hint]
        if when is None:
            # no date to go by: the office the name is best known for (the highest one held)
            if len({t.name for t in tenures}) > 1 and len({t.country for t in tenures}) > 1:
                return None
            best = min(tenures, key=lambda t: (_OFFICE_RANK.get(t.office, 9), -((t.end or date.today()) - (
                t.start or date.min)).days))
            return PersonAt(best, True) if len({t.name for t in tenures}) == 1 else PersonAt(
                Tenure("", best.country, best.sector, "", "other", None, None), True)
        in_office = [t for t in tenures if t.covers(when)]
        if in_office:
            top = min(_OFFICE_RANK.get(t.office, 9) for t in in_office)
            leaders = [t for t in in_office if _OFFICE_RANK.get(t.office, 9) == top]
            if len({t.name for t in leaders}) > 1:
                return None  # two people of the same rank share the name on that date
            best = min(leaders, key=lambda t: t.start or date.min)
            return PersonAt(best, True)
        persons = {t.name for t in tenures}
        nearest = min(tenures, key=lambda t: t.distance(when))
        if len(persons) > 1 and nearest.distance(when) > 366 * 2:
            # several people of that name, none near the date: only their common country is known
            if len({t.country for t in tenures}) == 1:
                return PersonAt(Tenure("", nearest.country, nearest.sector, "", "other", None, None), False)
            return None
        return PersonAt(nearest, False)

    def holder(self, country: str, office: str, when: date | None) -> Tenure | None:
        """Who held an office of a country on a date ("the Russian president" in 2023)."""
        when = when or date.today()
        for tenure in self._by_office.get((country, office), ()):
            if tenure.covers(when):
                return tenure
        return None


@lru_cache(maxsize=1)
def default_people() -> People:
    return People(read_tsv_dir("dyad.actors", "data/people"))
