"""What an article has said so far about who is who: in-article coreference.

Once "Kremlin spokesman Dmitry Peskov" is introduced, a later "Peskov" is the same man; once
Putin and Kim have been named, "the two leaders" are those two, and "they" is the last group
named. The context is filled sentence by sentence, so a mention only ever refers back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..datafiles import word_set
from ..models import Actor
from .people import alias_key

GROUP_KINDS = {
    "leader": "person", "president": "person", "minister": "person", "man": "person", "men": "person",
    "official": "person", "side": "any", "party": "any", "country": "country", "nation": "country",
    "state": "country", "government": "country", "neighbour": "country", "neighbor": "country",
    "ally": "country", "rival": "any",
}


@dataclass
class _Mention:
    actor: Actor
    sentence: int
    is_person: bool
    position: int = -1
    subject_of: int = -1  # the verb this mention is the subject of, when it is one
    modifier: bool = False  # named inside another phrase ("Iran-backed group"): not a party itself


@dataclass
class ArticleContext:
    """Mentions seen so far in one article, in order."""

    persons: dict[tuple[str, ...], Actor] = field(default_factory=dict)
    mentions: list[_Mention] = field(default_factory=list)
    groups: list[tuple[int, list[Actor]]] = field(default_factory=list)
    organisations: dict[str, Actor] = field(default_factory=dict)  # short form ("commission") -> the last one named
    bodies: dict[str, tuple[int, Actor]] = field(default_factory=dict)  # "ministry" -> (sentence, Japan's ministry)

    def remember_person(self, names: list[str], actor: Actor, sentence: int, position: int = -1,
                        subject_of: int = -1, weak: tuple[str, ...] = ()) -> None:
        for name in names:
            key = alias_key(name)
            if key:
                self.persons[key] = actor
        for name in weak:  # a name the article may use for this person unless it already names another
            key = alias_key(name)
            if key:
                self.persons.setdefault(key, actor)
        self.note([actor], sentence, is_person=True, position=position, subject_of=subject_of)

    def recall_person(self, name: str) -> Actor | None:
        return self.persons.get(alias_key(name))

    def remember_organisation(self, short_forms: frozenset[str], actor: Actor) -> None:
        """An organisation named in full: its short forms ("the Commission") now name it."""
        for word in short_forms:
            self.organisations[word] = actor

    def recall_organisation(self, word: str) -> Actor | None:
        return self.organisations.get(word.lower())

    def remember_body(self, noun: str, actor: Actor, sentence: int) -> None:
        """A body named with its owner ("the Japanese Finance Ministry"): "the ministry" later is it."""
        self.bodies[noun] = (sentence, actor)

    def remember_firm(self, firm: Actor, sentence: int) -> None:
        """A firm named with its country: "the company" (data/firm_nouns.tsv) later is it."""
        for noun in word_set("dyad.actors", "data/firm_nouns.tsv"):
            self.remember_body(noun, firm, sentence)

    def recall_body(self, noun: str, sentence: int, window: int = 4) -> Actor | None:
        found = self.bodies.get(noun)
        if found is None or sentence - found[0] > window:
            return None
        return found[1]

    def note(self, actors: list[Actor], sentence: int, *, is_person: bool = False, position: int = -1,
             subject_of: int = -1, modifier: bool = False) -> None:
        for actor in actors:
            # actors with no known country are kept too: they are what "it" or "they" may refer to
            same = [m for m in self.mentions[-4:] if m.position == position and position >= 0
                    and m.actor.country == actor.country]
            for m in same:  # the same words seen again as the subject of a verb
                if subject_of >= 0 and m.subject_of < 0:
                    m.subject_of = subject_of
            if not same:
                self.mentions.append(_Mention(actor, sentence, is_person or actor.name is not None, position,
                                              subject_of, modifier))
        known = [a for a in actors if a.country]
        if len(known) > 1:
            self.groups.append((sentence, known))

    def last_group(self, sentence: int, window: int = 2) -> list[Actor]:
        """The last group of two or more actors named within `window` sentences."""
        for where, actors in reversed(self.groups):
            if sentence - where <= window:
                return actors
            break
        return []

    def last_distinct(self, count: int, kind: str, sentence: int, window: int = 6,
                      before: int | None = None, verb: int = -1) -> list[Actor]:
        """The last `count` distinct actors (persons, countries or any) named before a position,
        leaving out the subject of `verb` ("Macron praised both sides": not Macron)."""
        chosen: list[Actor] = []
        # the doer's own side is not among "both sides" it calls on
        countries: set[str | None] = {m.actor.country for m in self.mentions if verb >= 0 and m.subject_of == verb}
        for mention in reversed(self.mentions):
            if before is not None and mention.position >= before:
                continue
            if verb >= 0 and mention.subject_of == verb or mention.modifier and count > 1:
                continue

            if sentence - mention.sentence > window:
                break
            if kind == "person" and not mention.is_person:
                continue
            if kind == "country" and mention.is_person:
                continue
            if mention.actor.country is None or mention.actor.country in countries:
                continue
            countries.add(mention.actor.country)
            chosen.append(mention.actor)
            if len(chosen) == count:
                return list(reversed(chosen))
        return []

    def last_one(self, kind: str, sentence: int, window: int = 3, before: int | None = None) -> Actor | None:
        found = self.last_distinct(1, kind, sentence, window, before)
        return found[0] if found else None

    def antecedent(self, kind: str, sentence: int, before: int, verb: int, window: int = 2) -> Actor | None:
        """What a pronoun refers to: the latest subject of another verb (subjects are what a
        story is about), else the latest mention; never the subject of the pronoun's own verb
        ("Moscow supported it": "it" is not Moscow)."""
        fallback: Actor | None = None
        for mention in reversed(self.mentions):
            if mention.position >= before or (mention.subject_of == verb and verb >= 0):
                continue
            if sentence - mention.sentence > window:
                break
            if kind == "person" and not mention.is_person or kind in {"country", "org", "thing"} and mention.is_person:
                continue

            if kind == "org" and not _is_org(mention.actor) or kind == "country" and _is_org(mention.actor):
                continue

            if mention.subject_of >= 0:
                return mention.actor
            fallback = fallback or mention.actor
        return fallback


def _is_org(actor: Actor) -> bool:
    """An organisation or armed group (named, not a person, not a bare country)."""
    return actor.name is not None or actor.sector in {"REB", "IGO", "NGO", "IMG", "PTY", "OPP"}
