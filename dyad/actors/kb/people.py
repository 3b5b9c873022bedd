"""The knowledge base as the resolver's people: dyad's hand-written rows first, the base after.

`ActorResolver` (and so both `dyad actors resolve` and the event coder) asks its `people` who a
name is on a date, whether a run of proper nouns is a known name, and who held an office of a
country on a date. `KbPeople` answers these from dyad's own people rows exactly as before, and
where those know nothing (or only a tenure out of office on the date) from the knowledge base:
its rows folded for accents and transliteration, family-name-first orders and initials (see
`names.key_variants`). The base is read on first use, not at import.

Choosing among the base's rows: those in office on the date first; among them the countries the
article names; then the country most rows agree on (one person listed by several sources, or by a
source for a dependency too: Xi Jinping for China and Hong Kong); then the senior office. Two
different people of the same rank in different countries in office that day, with nothing in
the article to tell them apart, are ambiguous: no answer rather than a guess.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cached_property, lru_cache

from ...datafiles import read_tsv_dir
from ..people import People, PersonAt, Tenure
from ..roles import Roles, default_roles
from .lookup import SOURCE_RANK, KbEntry, KnowledgeBase, knowledge_base
from .names import name_key

# Seniority of the base's offices: a bare name shared by several holders means the most senior.
OFFICE_RANK = {"head_of_state": 0, "head_of_government": 1, "deputy_head_of_government": 2,
               "foreign_minister": 3, "defence_minister": 4, "finance_minister": 5, "interior_minister": 6,
               "official": 7}
# A name of one word (a surname) is only taken from the base for someone in office near the date:
# thousands of people share a surname over the decades.
_SURNAME_DAYS = 366
# A full name out of office is still that person (ELI, a former official) this many days away.
_FORMER_DAYS = 366 * 12


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def tenure_of(entry: KbEntry) -> Tenure:
    """A base row in the people data's shape; `source` names the base's source and row reference."""
    role = entry.office.replace("_", " ") if entry.office != "official" else "official"
    return Tenure(name=entry.name, country=entry.country, sector=entry.sector or "GOV", role=role,
                  office=entry.office, start=_day(entry.start), end=_day(entry.end),
                  source=f"kb:{entry.source}", ref=entry.ref)


class KbPeople(People):
    """dyad's people rows, with the knowledge base behind them (loaded on first use)."""

    def __init__(self, rows: Iterable[dict[str, str]], base: KnowledgeBase | None = None,
                 roles: Roles | None = None):
        super().__init__(rows)
        self._base = base
        self.roles = roles or default_roles()

    @property
    def base(self) -> KnowledgeBase:
        if self._base is None:
            self._base = knowledge_base()
        return self._base

    @cached_property
    def _kb_by_office(self) -> dict[tuple[str, str], list[KbEntry]]:
        by_office: dict[tuple[str, str], list[KbEntry]] = defaultdict(list)
        for entry in self.base.entries:
            if entry.kind == "person" and entry.office in OFFICE_RANK and entry.office != "official":
                by_office[(entry.country, entry.office)].append(entry)
        for entries in by_office.values():
            entries.sort(key=lambda e: (SOURCE_RANK.get(e.source, 9), e.start))
        return by_office

    def _kb_rows(self, text: str) -> list[KbEntry]:
        """Person rows for a name; none for a phrase with a role word in it ("Sudan People's
        Liberation Army", "Foreign Minister Abdullah"): some sources list bodies and titles as
        people, and a phrase naming a body or a title is resolved by the roles, not as a name."""
        positions = self.base.positions(text)
        if not positions or any(self.roles.get([word]) for word in name_key(text).split()):
            return []
        return [self.base.entries[p] for p in positions if self.base.entries[p].kind == "person"]

    # -- the People interface ---------------------------------------------------------------
    def known(self, text: str) -> bool:
        """Known to dyad's rows, or a name of two words or more the base holds (a single word of
        the base, a surname, is too often someone else's name to mark it a person on its own)."""
        if super().known(text):
            return True
        return len(name_key(text).split()) >= 2 and bool(self._kb_rows(text))

    def candidates(self, text: str) -> list[Tenure]:
        return super().candidates(text) or [tenure_of(e) for e in self._kb_rows(text)]

    def lookup(self, text: str, when: date | None, *, countries: Iterable[str] = ()) -> PersonAt | None:
        countries = tuple(countries)
        own = super().lookup(text, when, countries=countries)
        if own is not None and (own.in_office or when is None):
            return own
        found = self.lookup_base(text, when, countries=countries)
        if found is not None and (own is None or found.in_office):
            return found
        return own

    def lookup_base(self, text: str, when: date | None, *, countries: Iterable[str] = ()) -> PersonAt | None:
        """The base's answer alone (see the module docstring for the order of choice)."""
        rows = self._kb_rows(text)
        if not rows:
            return None
        hint = set(countries)
        if hint and any(e.country in hint for e in rows):
            rows = [e for e in rows if e.country in hint]
        surname_only = len(name_key(text).split()) < 2
        if when is None:
            pool = rows
            in_office = True
        else:
            day = when.isoformat()
            pool = [e for e in rows if e.covers(day)]
            in_office = bool(pool)
            if not pool:
                nearest = min(e.distance(when) for e in rows)
                if nearest > (_SURNAME_DAYS if surname_only else _FORMER_DAYS):
                    return None
                pool = [e for e in rows if e.distance(when) <= nearest + 31]
        best = self._choose(pool, surname_only)
        return None if best is None else PersonAt(tenure_of(best), in_office)

    @staticmethod
    def _choose(pool: list[KbEntry], surname_only: bool) -> KbEntry | None:
        support = Counter(e.country for e in pool)
        top_rank = min(OFFICE_RANK.get(e.office, 9) for e in pool)
        senior = [e for e in pool if OFFICE_RANK.get(e.office, 9) == top_rank]
        people = {(name_key(e.name), e.country) for e in senior}
        if len({c for _, c in people}) > 1 and len({n for n, _ in people}) > 1:
            return None  # two different people of the same rank in two countries: ambiguous
        if surname_only and len({n for n, _ in people}) > 1:
            return None  # "Kim": two of that name, same rank, same day
        counts = sorted((support[c] for c in {c for _, c in people}), reverse=True)
        if len(counts) > 1 and counts[0] == counts[1]:
            return None  # one name, two countries, and as many rows for each: nothing to choose by
        return min(pool, key=lambda e: (-support[e.country], OFFICE_RANK.get(e.office, 9),
                                        SOURCE_RANK.get(e.source, 9), e.start))

    def holder(self, country: str, office: str, when: date | None) -> Tenure | None:
        own = super().holder(country, office, when)
        if own is not None:
            return own
        day = (when or date.today()).isoformat()
        for entry in self._kb_by_office.get((country, office), ()):
            if entry.covers(day):
                return tenure_of(entry)
        return None


@lru_cache(maxsize=1)
def default_kb_people() -> KbPeople:
    """dyad's people rows with the shipped knowledge base behind them (the base read on first use)."""
    return KbPeople(read_tsv_dir("dyad.actors", "data/people"))
