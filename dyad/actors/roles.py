"""Role nouns ("foreign minister", "troops", "rebels") and the PLOVER sector each implies.

Matched on lemmas, so "ministers" and "minister" are one role; the longest phrase wins
("foreign minister" over "minister"). `office` links the top roles to the people data, so that
"the Russian president" in 2023 can be named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import read_tsv


@dataclass(frozen=True)
class Role:
    phrase: str
    sector: str
    office: str | None


class Roles:
    def __init__(self, rows: Iterable[dict[str, str]]):
        self._by_lemmas: dict[tuple[str, ...], Role] = {}
        for row in rows:
            phrase = row["role"].lower()
            role = Role(phrase, row["sector"], row.get("office") or None)
            words = tuple(phrase.replace("-", " - ").split())
            self._by_lemmas.setdefault(words, role)
            singular = (*words[:-1], _singular(words[-1]))  # the data says "forces", lemmas say "force"
            self._by_lemmas.setdefault(singular, role)
        self.max_len = max((len(k) for k in self._by_lemmas), default=1)

    def get(self, lemmas: Sequence[str]) -> Role | None:
        return self._by_lemmas.get(tuple(lemma.lower() for lemma in lemmas))

    def ending_at(self, lemmas: Sequence[str]) -> Role | None:
        """The longest role phrase that ends with the last lemma ("... foreign minister")."""
        lowered = [lemma.lower() for lemma in lemmas]
        for k in range(min(self.max_len, len(lowered)), 0, -1):
            role = self._by_lemmas.get(tuple(lowered[-k:]))
            if role:
                return role
        return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def default_roles() -> Roles:
    return Roles(read_tsv("dyad.actors", "data/roles.tsv"))
