"""People named in an article: a name on file as of the date, a nationality the article gives
("Australian-born Assange", "The 48-year-old Australian" for the person just named), an owner
from the name's modifiers ("Takeo Akiba of Japan"), and the names the article already used.

A mixin of `ActorResolver` (kept apart to keep modules small): it uses the resolver's people
data, roles and modifier owners.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Token

from ..datafiles import word_set
from ..models import Actor, make_actor
from .context import ArticleContext
from .names import DocIndex, titles
from .people import PersonAt
from .roles import Role


class PersonResolution:
    """The person-resolving part of `ActorResolver`."""

    def _person(self, token: Token, index: DocIndex, when: date | None, ctx: ArticleContext, sentence: int,
                owner_role: Role | None = None) -> Actor | None:
        start, end = index.persons[token.i]
        doc = token.doc
        span = doc[start:end]
        name_text = span.text
        head = max(span, key=lambda t: (t.head.i < start or t.head.i >= end, t.i))
        text = self.phrase_text(head) if head.dep_ != "poss" else name_text
        role = owner_role
        mods: list[Token] = []  # "U.S. Treasury Secretary James Baker": the whole title before the name
        for t in reversed(doc[max(0, start - 4):start]):
            if t.head.i in range(start, end) or t.head == head or t.head in mods:
                mods.insert(0, t)

        if role is None and mods:
            role = self.roles.ending_at([t.lemma_ for t in mods]) or next(
                (r for t in mods if (r := self.roles.get([t.lemma_]))), None) or _title_role(mods)
        owner = self._country_of_modifiers(head, index, when, ctx, sentence, skip=(start, end), persons=False)
        title = _title_of_prepositional_name(head)
        if owner is None and title is not None and self.roles.get([title.lemma_]):
            # "U.K. Minister for Aviation Michael Fenwick": the parser hangs the name on "for"
            owner = self._country_of_modifiers(title, index, when, ctx, sentence, skip=(start, end), persons=False)
            role = role or self.roles.get([title.lemma_])
        if owner is None:
            owners = [o for o in self._of_owners(head, index, when, ctx, sentence)  # "Takeo Akiba of Japan"
                      if o.name != name_text]
            owner = owners[0] if owners else None
        if owner is None:
            owner = self._described_in_apposition(head, index, when, ctx, sentence)
            if owner is not None and role is None and owner.sector:
                role = Role("", owner.sector, None)
        recalled = ctx.recall_person(name_text)
        if recalled and (owner is None or owner.country == recalled.country):
            ctx.note([recalled], sentence, is_person=True, position=token.i, subject_of=subject_of(head))
            return replace(recalled, text=text)
        hint = [owner.country] if owner and owner.country else []
        found: PersonAt | None = self.people.lookup(name_text, when, countries=hint)
        if found is None and mods and mods[-1].lower_ in word_set("dyad.actors", "data/monarch_titles.tsv"):
            for numeral in _REGNAL_NUMBERS:  # "King Baudouin" is filed as "Baudouin I", "Queen Elizabeth" as II
                regnal = self.people.lookup(f"{name_text} {numeral}", when, countries=hint)
                if regnal is not None and regnal.in_office:
                    found = regnal
                    break
        if found is None and not hint:
            recent = [m.actor.country for m in ctx.mentions[-12:] if m.actor.country]
            found = self.people.lookup(name_text, when, countries=recent) if recent else None
        if found is not None:
            self._why("person", found)
        if found is not None and (owner is None or owner.country == found.country):
            sector = found.sector if found.in_office or not role else role.sector
            actor = make_actor(text, found.name or name_text, found.country, sector)
            aliases = [name_text, *([found.name, *short_names(found.name)] if found.name else [])]
            ctx.remember_person(aliases, actor, sentence, token.i, subject_of(head))
            return actor
        if owner is None and found is None and role is not None and role.sector == "GOV" and role.office != "head_of_state":
            owner = _country_reported_on(head, index, when)  # "Brazil will ..., Finance Minister X said"
        if owner is not None:
            sector = role.sector if role else (owner.sector if owner.sector and owner.name is None else None)
            actor = make_actor(text, name_text, owner.country, sector)
            ctx.remember_person([name_text, *short_names(name_text)], actor, sentence, token.i, subject_of(head),
                                weak=family_name_first(name_text))
            return actor
        unknown = make_actor(text, name_text, None, role.sector if role else None)
        # remembered too: a later "Cook" is the "Tim Cook" this article named, not some other Cook on file
        ctx.remember_person([name_text, *short_names(name_text)], unknown, sentence, token.i, subject_of(head))
        return unknown

    def _described_in_apposition(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
                                 sentence: int) -> Actor | None:
        """"John Duffy, the Australian trade minister, ...", "Zhang Wei, China's ambassador to the
        UN": a name the base does not know, described by a role phrase in apposition, is of the
        country (and sector) that phrase gives."""
        for child in head.children:
            if child.dep_ == "appos" and child.i not in index.persons and child.pos_ in {"NOUN", "PROPN"}:
                described = [a for a in self.resolve(child, index, when, ctx, sentence) if a.country]
                if described and described[0].name is None:
                    return described[0]
        return None

    def _described_person(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
                          sentence: int) -> Actor | None:
        """"Julian Assange ... The 48-year-old Australian was evicted": a nationality used as a
        noun with "the" is the person just named, when the article had not said where that
        person is from; the person keeps the nationality for the rest of the article."""
        entry = index.places[head.i].best(when)
        if entry.kind != "adjective" or head.tag_ in {"NNS", "NNPS"} or head.dep_ in {"amod", "compound"} or \
                not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        person = ctx.antecedent("person", sentence, head.i, -1, window=2)
        if person is None or person.country is not None or not person.name:
            return None
        actor = make_actor(self.phrase_text(head), person.name, entry.country, person.sector)
        ctx.remember_person([person.name, *short_names(person.name)], actor, sentence, head.i, subject_of(head),
                            weak=family_name_first(person.name))
        return actor


_REGNAL_NUMBERS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                   "XVI")


def _country_reported_on(head: Token, index: DocIndex, when: date | None) -> Actor | None:
    """"Brazil will not pay its debts, Finance Minister Dilson Funaro said": an official with no
    country named, the speaker of a clause whose subject is a country (by its name), is that
    country's; a reporter names the country of an official who speaks about another one."""
    from ..events.lexicon import cues

    verb = head.head
    if head.dep_ != "nsubj" or not cues().token_is("speech", verb):
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i < verb.i:
        clauses.append(verb.head)  # the lede's inversion: the clause first, "..., X said" after it
    for clause in clauses:
        for subject in clause.children:
            if subject.dep_ not in {"nsubj", "nsubjpass"} or subject.i not in index.places:
                continue
            entry = index.places[subject.i].best(when)
            if entry.kind == "country" and entry.country and index.places[subject.i].end == subject.i + 1:
                return make_actor(subject.text, None, entry.country, None)
    return None


def _title_role(mods: list[Token]) -> Role | None:
    """"Gen. X", "Sen. Y": a title the roles do not list still gives its sector (data/titles.tsv)."""
    for token in reversed(mods):
        sector = titles().get(token.lower_.rstrip("."))
        if sector and token.is_title:  # "Gen. X" is a title; "the team's captain X" a description
            return Role(token.lower_.rstrip("."), sector, None)
    return None


def _title_of_prepositional_name(head: Token) -> Token | None:
    """"Minister for Aviation Michael Fenwick": the title noun whose "for"/"of" phrase ends in the name."""
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ in {"for", "of"} and prep.head.pos_ in {"NOUN", "PROPN"} and \
            prep.head.i < head.i:
        return prep.head
    return None


def subject_of(token: Token) -> int:

    return token.head.i if token.dep_ in {"nsubj", "nsubjpass"} else -1


def short_names(name: str) -> list[str]:
    """How a later sentence may refer to someone: the last word ("Peskov"), and the last two of a
    longer name (Spanish and Portuguese double surnames: "Fernando Santos Alvite" is "Santos Alvite")."""
    parts = name.replace("-", " ").split()
    return [parts[-1], *([" ".join(parts[-2:])] if len(parts) > 2 else [])] if len(parts) > 1 else []


def family_name_first(name: str) -> tuple[str, ...]:
    """The first word too, for names written family name first ("South Korean Trade Minister Kim Woong
    Sik ... Kim said", "Li Peng ... Li"): kept only when no other person in the article has it."""
    parts = name.replace("-", " ").split()
    return (parts[0],) if len(parts) > 1 and parts[0][:1].isupper() and len(parts[0]) > 1 else ()

