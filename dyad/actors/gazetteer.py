"""Names of countries, capitals, seats of government and organisations, found in parsed text.

The knowledge is in `data/countries.tsv` and `data/organizations.tsv`; this module turns it into
a token-sequence index and finds the longest non-overlapping matches in a spaCy Doc. Patterns
are tokenised with spaCy's English tokenizer so that "U.S.", "North Korea's" or "Kim Jong-un"
split the same way in the data as in the text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import spacy
from spacy.tokens import Doc

from ..datafiles import parse_day, read_tsv, split_list, word_set


@dataclass(frozen=True)
class Entry:
    """What a name stands for. `kind` says how it was named: country (by name), adjective
    (demonym or adjective), capital, seat (a seat of government used as metonym), org, place
    (a place in a country whose name is also another country's: shared_place_names.tsv, with
    the words that tell the article means it)."""

    kind: str
    name: str
    country: str | None
    sector: str | None
    code: str | None
    valid_from: date | None = None
    valid_to: date | None = None
    evidence: tuple[str, ...] = ()

    def valid_at(self, when: date | None) -> bool:
        """`valid_to` is the first day the state no longer existed (countries.tsv header)."""
        if when is None:
            return True
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_to is None or when < self.valid_to)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entries: tuple[Entry, ...]

    def best(self, when: date | None) -> Entry:
        """The entry valid at `when`; when several are, the first listed in the data."""
        valid = [e for e in self.entries if e.valid_at(when)]
        return (valid or list(self.entries))[0]


@lru_cache(maxsize=1)
def _tokenizer():
    return spacy.blank("en").tokenizer


def tokenize(phrase: str) -> tuple[str, ...]:
    return tuple(t.text for t in _tokenizer()(phrase) if not t.is_space)


def _strip_article(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tokens[1:] if len(tokens) > 1 and tokens[0].lower() == "the" else tokens


class PhraseIndex:
    """Token tuples to entries, matched longest-first, left to right."""

    def __init__(self) -> None:
        self._by_first: dict[str, dict[tuple[str, ...], list[Entry]]] = defaultdict(dict)

    def add(self, phrase: str, entry: Entry) -> None:
        tokens = _strip_article(tokenize(phrase))
        if not tokens:
            return
        variants = [tokens]
        if tokens[0][:1].islower() and len(tokens) > 1:  # "al-Shabaab" opening a sentence is "Al-Shabaab"
            variants.append((tokens[0][:1].upper() + tokens[0][1:], *tokens[1:]))
        for key in variants:
            bucket = self._by_first[key[0]].setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)

    def lookup(self, phrase: str) -> list[Entry]:
        tokens = _strip_article(tokenize(phrase))
        return list(self._by_first.get(tokens[0], {}).get(tokens, [])) if tokens else []

    def find(self, words: Sequence[str]) -> list[tuple[int, int, tuple[Entry, ...]]]:
        found: list[tuple[int, int, tuple[Entry, ...]]] = []
        i, n = 0, len(words)
        while i < n:
            candidates = self._by_first.get(words[i])
            best: tuple[int, list[Entry]] | None = None
            if candidates:
                for tokens, entries in candidates.items():
                    k = len(tokens)
                    if (best is None or k > best[0]) and tuple(words[i:i + k]) == tokens:
                        best = (k, entries)
            if best:
                found.append((i, i + best[0], tuple(best[1])))
                i += best[0]
            else:
                i += 1
        return found

    def __len__(self) -> int:
        return sum(len(b) for b in self._by_first.values())


def _dated_alias(name: str, entry: Entry) -> tuple[str, Entry]:
    """"Congo@/1997-05-17": a name that meant this country only between two dates (either may
    be empty): "Congo" was Congo-Brazzaville while Kinshasa's state was called Zaire."""
    if "@" not in name:
        return name, entry
    name, _, period = name.partition("@")
    start, _, end = period.partition("/")
    return name.strip(), Entry(entry.kind, entry.name, entry.country, entry.sector, entry.code,
                               parse_day(start) or entry.valid_from, parse_day(end) or entry.valid_to)


def institution_heads() -> frozenset[str]:
    """Nouns that head an organisation's name and may stand for it alone (data/institution_heads.tsv)."""
    return word_set("dyad.actors", "data/institution_heads.tsv")


def _name_head(name: str) -> str | None:
    """The noun that heads a name: the word before "of", else the last word; lower case. None for
    a one-word name ("OPEC" is not a short form of itself)."""
    words = name.split()
    if len(words) < 2:
        return None
    if "of" in words[1:]:
        return words[words.index("of", 1) - 1].lower()
    return words[-1].lower()


def _code(country: str | None, sector: str | None) -> str | None:
    if not country:
        return None
    return country + (sector or "") if not (sector and country == sector) else country


class Gazetteer:
    """Countries (by name, adjective, capital, seat) and organisations."""

    def __init__(self, countries: Iterable[dict[str, str]], organizations: Iterable[dict[str, str]],
                 non_actors: Iterable[dict[str, str]] = (), shared_places: Iterable[dict[str, str]] = ()):
        self.index = PhraseIndex()
        self.countries: dict[str, Entry] = {}
        self._short_forms: dict[str, set[str]] = defaultdict(set)
        for row in countries:
            self._add_country(row)
        for row in organizations:
            self._add_org(row)
        for row in non_actors:
            self.index.add(row["name"], Entry("none", row["name"], None, None, None))
        for row in shared_places:
            self.index.add(row["name"], Entry("place", row["name"], row["country"], None, row["country"],
                                              parse_day(row.get("valid_from", "")),
                                              parse_day(row.get("valid_to", "")),
                                              tuple(split_list(row.get("evidence", "")))))

    def _add_country(self, row: dict[str, str]) -> None:
        code = row["code"]
        span = {"valid_from": parse_day(row.get("valid_from", "")),
                "valid_to": parse_day(row.get("valid_to", ""))}
        entry = Entry("country", row["name"], code, None, code, **span)
        self.countries[code] = entry
        for name in [row["name"], *split_list(row.get("names", ""))]:
            name, dated = _dated_alias(name, entry)
            self.index.add(name, dated)
        for adjective in split_list(row.get("adjectives", "")):
            self.index.add(adjective, Entry("adjective", row["name"], code, None, code, **span))
        for capital in split_list(row.get("capitals", "")):
            self.index.add(capital, Entry("capital", capital, code, "GOV", _code(code, "GOV"), **span))
        for seat in split_list(row.get("seats", "")):
            place, _, sector = seat.partition("=")
            sector = sector.strip() or "GOV"
            self.index.add(place.strip(), Entry("seat", place.strip(), code, sector, _code(code, sector), **span))

    def _add_org(self, row: dict[str, str]) -> None:
        country = row.get("country") or None
        sector = row.get("sector") or None
        entry = Entry("org", row["name"], country, sector, row.get("code") or _code(country, sector))
        heads = institution_heads()
        for name in [row["name"], *split_list(row.get("aliases", ""))]:
            self.index.add(name, entry)
            head = _name_head(name)
            if head in heads:
                self._short_forms[entry.name].add(head)

    def short_forms(self, entry: Entry) -> frozenset[str]:
        """The nouns that alone, as "the Club", name this organisation once the article has named
        it: the heads of its name and aliases that are institution nouns
        (data/institution_heads.tsv). Only its own row's: an organisation's organs share its code
        ("the Bank" is not the European Community's)."""
        return frozenset(self._short_forms.get(entry.name, ()))

    def find(self, doc: Doc) -> list[Match]:
        """Names in the doc; the non-actor names only mask what they contain and are dropped.
        A name with senses in several countries lists first the senses the document supports."""
        words = [t.text for t in doc]
        matches = [Match(s, e, entries) for s, e, entries in self.index.find(words)
                   if any(entry.kind != "none" for entry in entries)]
        if any(len({e.country for e in m.entries}) > 1 for m in matches):
            matches = _senses_in_context(matches, doc.text)
        return matches

    def lookup(self, phrase: str) -> list[Entry]:
        return self.index.lookup(phrase)

    def country(self, code: str) -> Entry | None:
        return self.countries.get(code)


def _senses_in_context(matches: list[Match], text: str) -> list[Match]:
    """"Tripoli" in a story that says "Lebanese" elsewhere is the Lebanese city; "Georgia" in a
    story that mentions Atlanta is the US state. The supported senses move to the front, so
    `Match.best` still takes the date into account first; with support for none or for all of
    them, the data order stands (the country or capital first)."""
    named = {m.entries[0].country for m in matches if len({e.country for e in m.entries}) == 1}

    def supported(entry: Entry) -> bool:
        if entry.evidence:
            return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in entry.evidence)
        return entry.country in named

    out = []
    for match in matches:
        if len({e.country for e in match.entries}) > 1:
            ranked = sorted(match.entries, key=lambda e: not supported(e))  # stable: data order within
            match = Match(match.start, match.end, tuple(ranked))
        out.append(match)
    return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(read_tsv("dyad.actors", "data/countries.tsv"),
                     read_tsv("dyad.actors", "data/organizations.tsv"),
                     read_tsv("dyad.actors", "data/non_actor_names.tsv"),
                     read_tsv("dyad.actors", "data/shared_place_names.tsv"))
