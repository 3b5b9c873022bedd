"""Resolving the noun phrase of an event argument to actors, as of the event date.

Given the head token of an argument ("Putin", "diplomats", "Washington", "they"), look at the
phrase around it in the dependency parse: a person's name, a country or organisation name, a
role noun with the country that owns it ("Russia's ambassador to the United States" is Russia's:
the possessor and adjectives own a role, a "to"-phrase never does), coreference with what the
article said before, and, for things that stand for their author ("an Indian proposal",
"Kim's invitation"), the author.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..datafiles import read_tsv, word_set
from ..models import Actor, make_actor
from . import coreference
from .context import ArticleContext
from .dictionaries import DictionaryIndex
from .gazetteer import Entry, Gazetteer, default_gazetteer
from .kb.people import default_kb_people
from .names import DocIndex, NameIndex, entity_text, ethnic, stance_prefixed
from .people import People
from .persons import PersonResolution, short_names, subject_of
from .roles import Role, Roles, default_roles

_MODIFIER_DEPS = {"poss", "amod", "compound", "nmod", "npadvmod"}
_MAX_DEPTH = 8
# plural nouns for kinds of people ("landowners", "activists", "residents", "detainees"), when no
# role names them
_PEOPLE_ENDINGS = ("ers", "ists", "ians", "ants", "ents", "ees")

_LOCAL_SECTORS = {"COP", "CVL", "LAB", "EDU", "OPP", "PTY", "MED", "BUS", "JRN", "CRM", "AGR", "REL", "JUD", "LEG"}


@lru_cache(maxsize=1)
def stand_in_nouns() -> dict[str, str | None]:
    """Nouns standing for their author, with the event type each names (data/stand_in_nouns.tsv)."""
    return {r["noun"]: r.get("refers_to") or None for r in read_tsv("dyad.actors", "data/stand_in_nouns.tsv")}


class ActorResolver(PersonResolution):
    def __init__(self, gazetteer: Gazetteer | None = None, people: People | None = None,
                 roles: Roles | None = None, place_country=None, dictionary: DictionaryIndex | None = None):
        self.gazetteer = gazetteer or default_gazetteer()
        self.people = people or default_kb_people()
        self.roles = roles or default_roles()
        self.place_country = place_country  # name of a city -> its country, when the caller has one
        self.dictionary = dictionary  # imported TABARI/PETRARCH dictionaries, if the user has some
        self.trace: list[tuple[str, object]] | None = None  # set to a list to learn why an answer was given
        self._depth = 0

    def index(self, doc: Doc) -> DocIndex:
        """Which tokens name places, organisations and people; once per document."""
        return NameIndex(self.gazetteer, self.people, self.roles, self.dictionary).index(doc)

    def _why(self, kind: str, what: object) -> None:
        if self.trace is not None:
            self.trace.append((kind, what))

    # -- one argument -------------------------------------------------------------------------

    def resolve(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
                sentence: int) -> list[Actor]:
        """Actors named by the phrase headed by `head` (several for "officials of A, B and C").

        Imported dictionaries answer after dyad's own data, or first when imported with high
        priority."""
        if self._depth > _MAX_DEPTH:
            return []  # a parse that loops back on itself ("X of Y" inside one name): give up, not crash
        if self.dictionary is not None and self.dictionary.high_priority:
            found = self._imported(head, index, when)
            if found:
                return found
        self._depth += 1
        try:
            actors = self._resolve_own(head, index, when, ctx, sentence)
        finally:
            self._depth -= 1
        if self.dictionary is not None and not any(a.country for a in actors):
            found = self._imported(head, index, when)
            if found:
                return found
        return actors

    def _imported(self, head: Token, index: DocIndex, when: date | None) -> list[Actor]:
        hit = index.imported.get(head.i)
        if hit is None:
            return []
        entry = DictionaryIndex.best([e for e in hit[2] if e.kind == "actor"], when)
        if entry is None or not entry.country:
            return []
        self._why("imported", entry)
        name = head.doc[hit[0]:hit[1]].text if head.ent_type_ == "PERSON" else None
        return [Actor(text=self.phrase_text(head), name=name, country=entry.country, sector=entry.sector,
                      code=entry.code)]

    def _resolve_own(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
                     sentence: int) -> list[Actor]:
        lower = head.lower_
        group = coreference.group_antecedents(head, ctx, sentence)
        if group is not None:
            return [replace(a, text=self.phrase_text(head)) for a in group]
        if head.pos_ == "PRON" or lower in coreference.PRONOUNS:
            if lower == "it" and coreference.is_impersonal(head):
                return []  # "it was unclear", "it seems": no one
            return [replace(a, text=head.text) for a in coreference.pronoun_antecedents(head, ctx, sentence)]
        for child in head.children:  # "the Palestinian militant group Hamas": the name in apposition
            if child.dep_ == "appos" and (child.i in index.places or child.i in index.persons) and \
                    head.i not in index.persons:
                named = self.resolve(child, index, when, ctx, sentence)
                if any(a.country for a in named):
                    return [replace(a, text=self.phrase_text(head)) for a in named]
        if head.pos_ == "PROPN" and head.i not in index.persons and head.i not in index.places:
            described = self._described_in_apposition(head, index, when, ctx, sentence)
            if described is not None:  # "Duffy, Australia's trade minister," (a name the tagger missed)
                name = " ".join([*(t.text for t in head.lefts if t.dep_ == "compound"), head.text])
                actor = make_actor(self.phrase_text(head), name, described.country, described.sector)
                ctx.remember_person([name, *short_names(name)], actor, sentence, head.i, subject_of(head))
                return [actor]
        if head.lemma_.lower() in word_set("dyad.actors", "data/partitive_nouns.tsv") or head.like_num:
            for prep in head.children:  # "a patch of Bangladeshi troops", "hundreds of protesters"
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            return self.resolve(obj, index, when, ctx, sentence)
                if prep.dep_ == "poss":  # "its members": the group itself
                    return self.resolve(prep, index, when, ctx, sentence)
        if head.i in index.persons:
            actor = self._person(head, index, when, ctx, sentence)
            return [actor] if actor else []
        if head.i in index.places:
            if ethnic(head):  # "ethnic Albanians in Serbia" are a people, not Albania's state
                return [make_actor(self.phrase_text(head), None, None, "CVL")]
            if head.tag_ in {"NNS", "NNPS"} and index.places[head.i].best(when).kind == "adjective":
                where = self._of_owners(head, index, when, ctx, sentence)
                if where:  # "the Albanians of southern Serbia" live in Serbia
                    return [make_actor(self.phrase_text(head), None, where[0].country, "CVL")]
            described = self._described_person(head, index, when, ctx, sentence)
            if described is not None:
                return [described]
            return [self._named(head, index, when)]
        if not any(c.dep_ in {"poss", "compound", "amod"} and (c.i in index.places or c.i in index.persons)
                   for c in head.children):
            found = coreference.definite_noun_antecedent(head, ctx, sentence)  # "the group", "the country"
            if found is not None:
                return [replace(found, text=self.phrase_text(head))]
        if head.pos_ == "PROPN" and head.i not in index.persons:
            recalled = ctx.recall_person(self.phrase_text(head))
            if recalled is not None and recalled.country:  # "Assange" again, untagged this time
                ctx.note([recalled], sentence, is_person=True, position=head.i, subject_of=subject_of(head))
                return [replace(recalled, text=self.phrase_text(head))]
        short = self._short_form(head, index, ctx)
        if short is not None:
            return [replace(short, text=self.phrase_text(head))]
        role = self._role(head)
        if role is not None:
            return self._role_actors(head, role, index, when, ctx, sentence)

        for child in head.children:  # "the Islamic Jihad movement", "the Taliban regime"
            if child.dep_ == "compound" and child.i in index.places and index.places[child.i].end - 1 == child.i:
                entry = index.places[child.i].best(when)
                if entry.kind == "org" and entry.country:
                    return [make_actor(self.phrase_text(head), entry.name, entry.country, entry.sector)]
        return self._stand_in(head, index, when, ctx, sentence)

    def phrase_text(self, head: Token) -> str:
        """The words of the phrase: the head and what it governs, minus clauses and conjuncts."""
        keep = [head.i]
        stack = [head]
        while stack:
            token = stack.pop()
            for child in token.children:
                top = token == head or (token.dep_ == "appos" and token.head == head)
                if child.dep_ in {"relcl", "acl", "advcl"} or (top and child.dep_ in {"conj", "cc"}):

                    continue
                if child.dep_ == "prep" and any(g.dep_ == "pcomp" or g.tag_ == "VBG" for g in child.children):
                    continue  # "forces of ramming ... boats": the clause is not part of the name

                keep.append(child.i)
                stack.append(child)
        words = [i for i in keep if not head.doc[i].is_punct] or keep
        text = head.doc[min(words):max(words) + 1].text.strip(" ,\"'")
        if text.count("(") > text.count(")"):
            text = text[:text.rindex("(")].rstrip()  # "the Council (NSC" -> "the Council"
        return text[:-2].rstrip() if text.endswith("'s") else text

    def _modifiers(self, head: Token) -> list[Token]:
        """Possessors first, then adjectives and compounds, nearest first."""
        mods = [c for c in head.children if c.dep_ in _MODIFIER_DEPS and not stance_prefixed(c) and not ethnic(c)]
        if head.lemma_.lower() in word_set("dyad.actors", "data/other_party_nouns.tsv"):
            mods = [c for c in mods if c.dep_ != "poss"]  # "Israel's ally" is not Israel
        mods.sort(key=lambda c: (c.dep_ != "poss", -c.i))
        return mods

    def _country_of_modifiers(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
                              sentence: int, skip: tuple[int, int] = (0, 0), persons: bool = True) -> Actor | None:
        """The country that owns the phrase, from its possessor, adjectives and compounds
        ("Russia's", "Russian", "U.S.", "Biden" in "the Biden administration", "his" for the
        person last named). A person named beside another person ("the Putin-Kim meeting") is
        not an owner (`persons=False`)."""
        owners = self._owners_of_modifiers(head, index, when, ctx, sentence, skip, persons)
        return owners[0] if owners else None

    def _owners_of_modifiers(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
                             sentence: int, skip: tuple[int, int] = (0, 0), persons: bool = True) -> list[Actor]:
        """All owners, for "Armenian and Azerbaijani negotiators" (two countries)."""
        for mod in self._modifiers(head):
            if mod.dep_ == "poss" and mod.lower_ in coreference.PRONOUNS:
                found = coreference.pronoun_antecedents(mod, ctx, sentence)
                if found and found[0].country:
                    return found
                continue
            for token in [mod, *[t for t in mod.subtree if t.i != mod.i and not _inside_prep(t, mod)]]:
                if skip[0] <= token.i < skip[1] or stance_prefixed(token):
                    continue
                if token.i in index.places:
                    entry = index.places[token.i].best(when)
                    if entry.country:
                        owners = [self._from_entry(entry, token, index)]
                        for other in token.conjuncts:
                            if other.i in index.places and (e := index.places[other.i].best(when)).country:
                                owners.append(self._from_entry(e, other, index))
                        return owners
                if persons and token.i in index.persons and token.dep_ in {"poss", "compound"}:
                    actor = self._person(token, index, when, ctx, sentence)
                    if actor and actor.country:
                        return [actor]
        return []

    def _short_form(self, head: Token, index: DocIndex, ctx: ArticleContext) -> Actor | None:
        """"the Commission" after "the European Community", "the Club" after "the Paris Club":
        a capitalised institution noun with "the" and no name of its own before it is the last
        organisation the article named with that head (`Gazetteer.short_forms`)."""
        if not head.text[:1].isupper() or head.pos_ not in {"PROPN", "NOUN"} or head.i in index.places:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        if any(c.dep_ in {"compound", "amod", "nmod"} and c.text[:1].isupper() for c in head.children):
            return None  # "the Monopolies Commission" is another one
        if any(c.dep_ == "prep" and c.lower_ == "of" and any(o.dep_ == "pobj" and o.text[:1].isupper()
                                                             for o in c.children) for c in head.children):
            return None  # "the Court of Appeal" after "the European Court of Human Rights" is another one
        return ctx.recall_organisation(head.text)

    def _from_entry(self, entry: Entry, token: Token, index: DocIndex) -> Actor:
        match = index.places[token.i]
        text = token.doc[match.start:match.end].text
        return make_actor(text, entry.name if entry.kind == "org" else None, entry.country, entry.sector)

    def _named(self, head: Token, index: DocIndex, when: date | None) -> Actor:
        entry = index.places[head.i].best(when)
        self._why("entry", entry)
        text = self.phrase_text(head)
        if entry.kind == "org":
            for mod in self._modifiers(head):
                if mod.i in index.places and mod.dep_ == "poss":
                    owner = index.places[mod.i].best(when)
                    if owner.country and owner.kind != "org":
                        # "South Korea's National Security Council" is Korea's own body, not the UN's
                        foreign = entry.country != owner.country
                        sector = "GOV" if foreign and entry.sector == "IGO" else entry.sector
                        return make_actor(text, None if foreign else entry.name, owner.country, sector)
        name = entry.name if entry.kind == "org" else None
        return make_actor(text, name, entry.country, entry.sector)

    def _role(self, head: Token) -> Role | None:
        """The role a phrase names: its head with the compounds before it ("foreign minister"),
        or a compound that is a role itself ("coast guard vessels", "army bulldozers")."""
        chain: list[Token] = []
        i = head.i - 1
        while i >= 0 and head.doc[i].dep_ in {"compound", "amod"} and head.doc[i].head.i in {head.i, i + 1}:
            chain.insert(0, head.doc[i])  # "central bank (governor)", "agricultural workers": one adjective
            i -= 1
            if chain[0].dep_ == "amod":
                break
        lemmas = [t.lemma_ for t in chain]
        role = self.roles.ending_at([*lemmas, head.lemma_])
        if chain and chain[0].dep_ == "amod":  # the adjective counts only inside a whole role phrase
            chain, lemmas = chain[1:], lemmas[1:]
        role = _with_sector_word(head, role)
        if role is not None and role.phrase in word_set("dyad.actors", "data/generic_roles.tsv"):
            modifiers = [c.lemma_ for c in head.children if c.dep_ in {"amod", "compound", "nmod"}]
            bodies = [self.roles.ending_at(lemmas)] if lemmas else []
            bodies += [self.roles.get([m]) for m in modifiers]
            for body in bodies:  # "rebel leader": the rebels' sector, not GOV
                if body is not None and body.sector != role.sector:
                    return Role(f"{body.phrase} {role.phrase}", body.sector, None)

        if role is not None:
            return role
        for end in range(len(lemmas), 0, -1):
            role = self.roles.ending_at(lemmas[:end])
            if role is not None:
                return role
        if self.dictionary is not None:  # an imported agent dictionary knows more role nouns
            for words in ([*(t.text for t in chain), head.text], [*lemmas, head.lemma_]):
                agents = [e for e in self.dictionary.lookup(" ".join(words)) if e.kind == "agent" and e.sector]
                if agents:
                    return Role(" ".join(words).lower(), agents[0].sector, None)
        return None

    def _role_actors(self, head: Token, role: Role, index: DocIndex, when: date | None, ctx: ArticleContext,
                     sentence: int) -> list[Actor]:
        self._why("role", role)
        text = self.phrase_text(head)
        name: str | None = None
        for child in head.children:
            if child.dep_ == "appos" and child.i in index.persons:
                person = self._person(child, index, when, ctx, sentence, owner_role=role)
                if person:
                    name = person.name
                    if person.country:
                        return [replace(person, text=text)]
        owners = self._owners_of_modifiers(head, index, when, ctx, sentence)
        if len(owners) > 1 and not name:
            return [make_actor(text, None, o.country, role.sector) for o in owners]
        owner = owners[0] if owners else None
        if owner is None and head.dep_ == "conj" and head.head.pos_ in {"NOUN", "PROPN"} and \
                head.head.i < head.i and not any(c.dep_ in _MODIFIER_DEPS | {"det", "prep", "appos"} for c in head.children):
            shared = self._owners_of_modifiers(head.head, index, when, ctx, sentence)
            if len(shared) == 1:  # "U.S. manufacturers and officials": the adjective owns both
                owner = shared[0]
        if owner is None:
            owners = self._of_owners(head, index, when, ctx, sentence)
            if owners:
                return [make_actor(text, None, o.country, role.sector) for o in owners]
        if owner is not None:
            holder = self.people.holder(owner.country, role.office, when) if role.office and not name and \
                head.tag_ in {"NN", "NNP"} else None
            if holder is not None:  # "the Russian president" in 2023 is Vladimir Putin
                self._why("holder", holder)
                actor = make_actor(text, holder.name, owner.country, holder.sector)
                ctx.remember_person([holder.name, *short_names(holder.name)], actor, sentence, head.i,
                                    subject_of(head))
                return [actor]
            sector = role.sector
            if role.phrase in word_set("dyad.actors", "data/generic_roles.tsv") and owner.sector not in {None, "GOV"}:
                sector = owner.sector  # "a Hamas spokesman" speaks for Hamas (REB), not a government
            actor = make_actor(text, name, owner.country, sector)
            if not name and head.tag_ in {"NN", "NNP"} and owner.country:
                ctx.remember_body(head.lemma_.lower(), actor, sentence)
            if name:

                ctx.remember_person([name, name.split()[-1]], actor, sentence, head.i)
            return [actor]
        if role.office and head.tag_ in {"NN", "NNP"} and any(c.lower_ == "the" for c in head.children):
            recalled = self._last_holder(role, ctx, sentence, when, head.i)
            if recalled is not None:  # "the president" later in the story
                return [replace(recalled, text=text)]
        if not name:
            body = self._body_named_before(head, ctx, sentence)
            if body is not None:  # "the ministry" after "Japan's Finance Ministry"
                return [make_actor(text, None, body.country, role.sector)]
        return [make_actor(text, name, None, role.sector)]

    @staticmethod
    def _body_named_before(head: Token, ctx: ArticleContext, sentence: int) -> Actor | None:
        """"the ministry" (or "ministry officials") with no owner of its own, after the article
        named a ministry with its owner: that owner's."""
        if head.tag_ in {"NN", "NNP"} and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"}
                                              for c in head.children):
            return ctx.recall_body(head.lemma_.lower(), sentence)
        for child in head.children:
            if child.dep_ == "compound" and child.tag_ in {"NN", "NNP"} and not any(
                    c.dep_ == "det" and c.lower_ in {"a", "an"} for c in head.children):
                return ctx.recall_body(child.lemma_.lower(), sentence)
        return None

    def _last_holder(self, role: Role, ctx: ArticleContext, sentence: int, when: date | None,
                     before: int) -> Actor | None:
        """The person last named who held this office ("the president" after "President Lula")."""
        fallback = None
        for mention in reversed(ctx.mentions):
            if sentence - mention.sentence > 6:
                break
            actor = mention.actor
            if mention.position >= before or not mention.is_person or not actor.name or not actor.country:
                continue
            found = self.people.lookup(actor.name, when, countries=[actor.country])
            if found is not None and found.in_office and found.tenure.office == role.office:
                return actor
            if fallback is None and actor.sector == role.sector:
                fallback = actor
        return fallback

    def _of_owners(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
                   sentence: int) -> list[Actor]:
        """"officials of the United States, South Korea and Japan"."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"of", "from", "in"}:
                if prep.lower_ == "in" and not self._local(head):
                    continue  # "police in Guinea" are Guinea's; "diplomats in Moscow" need not be Russia's
                found: list[Actor] = []
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    for item in [obj, *obj.conjuncts]:
                        if item.i in index.places:
                            found.append(self._named(item, index, when))
                        elif self._role(item) is not None:
                            found.extend(self.resolve(item, index, when, ctx, sentence))
                        else:  # "inhabitants of the Syrian Golan Heights"
                            owner = self._country_of_modifiers(item, index, when, ctx, sentence, persons=False)
                            found.extend([owner] if owner else [])
                return [a for a in found if a.country]
        return []

    def _local(self, head: Token) -> bool:
        """A role of people who belong where they are (police, protesters, residents)."""
        role = self._role(head)
        return role is not None and role.sector in _LOCAL_SECTORS

    def _a_city(self, token: Token) -> bool:
        """A city named as a place: a capital, or a place name the gazetteer does not hold as a
        country ("New York", "Geneva"); not "Chad", "Gaza" or "the West Bank"."""
        if token.ent_type_ not in {"GPE", "LOC", "FAC"}:
            return False
        entries = self.gazetteer.lookup(entity_text(token))
        if any(e.kind == "country" for e in entries):
            return False
        return bool(entries) and all(e.kind in {"capital", "seat"} for e in entries) or \
            not entries and token.ent_type_ == "GPE"

    def owner(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
              sentence: int, depth: int = 0) -> list[Actor]:
        """Whose thing this is, for targets of acts on things: "Palestinian homes", "positions
        of the Palestinian security forces", "a camp for Congolese refugees"."""
        if head.lemma_.lower() in word_set("dyad.actors", "data/descriptive_nouns.tsv"):
            return []  # "the Russian language" is no one's
        owner = self._country_of_modifiers(head, index, when, ctx, sentence)
        if owner is not None:
            return [owner]
        if depth > 1:
            return []
        preps = {"of", "for", "in", "on", "against", "by", "from"}
        if head.lemma_.lower() in word_set("dyad.actors", "data/relational_nouns.tsv"):
            preps.add("with")
        for word in ("of", "by", "for", "on", "against", "with", "from", "in"):
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == word and word in preps:
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and word == "on" and obj.lemma_.lower() in word_set(
                                "dyad.actors", "data/location_nouns.tsv"):
                            continue  # "a stronghold on the Thai border": where it is, not whose
                        if obj.dep_ == "pobj" and word == "in" and self._a_city(obj):
                            continue  # "the advisory committee in New York", "quotas in Vienna": where
                            # it sits or is argued, not whose (a country or region is: "refugees in Chad")
                        if obj.dep_ == "pobj":
                            found = []
                            for item in [obj, *obj.conjuncts]:  # "the decision by India and Pakistan"
                                got = [a for a in self.resolve(item, index, when, ctx, sentence) if a.country] or \
                                    self.owner(item, index, when, ctx, sentence, depth + 1)
                                if not got and self.place_country and item.ent_type_ in {"GPE", "LOC"}:
                                    name = entity_text(item)  # "San Francisco", not "Francisco"
                                    country = self.place_country(name)  # "a missionary from Calgary"
                                    got = [make_actor(name, None, country, None)] if country else []
                                found.extend(a for a in got if a not in found)
                            if found:
                                return found
        for acl in head.children:  # "microchips imported from Japan", "land owned by a British company"
            if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_.lower() in word_set(
                    "dyad.actors", "data/owner_participles.tsv", "verb"):
                for prep in acl.children:
                    if prep.dep_ in {"prep", "agent"} and prep.lower_ in {"from", "by"}:
                        for obj in prep.children:
                            if obj.dep_ == "pobj":
                                found = [a for a in self.resolve(obj, index, when, ctx, sentence) if a.country] or \
                                    self.owner(obj, index, when, ctx, sentence, depth + 1)
                                if found:
                                    return found
        return []

    def _stand_in(self, head: Token, index: DocIndex, when: date | None, ctx: ArticleContext,
                  sentence: int) -> list[Actor]:
        """Things standing for their author: "Kim's invitation", "an Indian proposal"; groups
        of people named by a nationality word ("Iraqi Kurds")."""
        for child in head.children:
            if child.dep_ == "poss" and head.lemma_.lower() not in word_set(
                    "dyad.actors", "data/other_party_nouns.tsv"):  # "Russia's allies" are not Russia
                return self.resolve(child, index, when, ctx, sentence)
        if head.tag_ in {"NNS", "NNPS"} and (head.ent_type_ == "NORP" or head.lower_.endswith(_PEOPLE_ENDINGS)):
            owner = self._country_of_modifiers(head, index, when, ctx, sentence)
            if owner:  # "Iraqi Kurds", "Algerian landowners": people of a country, not its state
                return [make_actor(self.phrase_text(head), None, owner.country, "CVL")]
        if head.pos_ == "PROPN" and head.text.lower().rstrip(".") in word_set("dyad.actors", "data/company_endings.tsv"):
            for prep in head.children:  # "Continental Grain Co of the United States": the firm's home
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and obj.i in index.places:
                            entry = index.places[obj.i].best(when)
                            if entry.country and entry.kind != "org":
                                firm = make_actor(self.phrase_text(head), None, entry.country, "BUS")
                                ctx.remember_firm(firm, sentence)  # "the company" later
                                return [firm]
        if head.lemma_.lower() in stand_in_nouns():
            owner = self._country_of_modifiers(head, index, when, ctx, sentence)
            if owner:
                return [owner]
            owners = self._of_owners(head, index, when, ctx, sentence)
            if owners:
                return owners  # "the decision of Argentina and Uruguay": both its authors
            for prep in head.children:  # "calls by Belarus's rulers", "an offer from Afghanistan"
                if prep.dep_ in {"prep", "agent"} and prep.lower_ in {"by", "from"}:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            found = [a for item in (obj, *obj.conjuncts)
                                     for a in self.resolve(item, index, when, ctx, sentence)[:1] if a.country]
                            if found:
                                return found
        return []

@lru_cache(maxsize=1)
def _sector_words() -> dict[str, str]:
    return {r["word"]: r["sector"] for r in read_tsv("dyad.actors", "data/sector_words.tsv")}


def _with_sector_word(head: Token, role: Role | None) -> Role | None:
    """"the rebel FDLR force" is REB, "Ukrainian agricultural workers" AGR: a sector word among the
    words before a generic role noun gives the phrase its sector (data/sector_words.tsv)."""
    if role is None or not (role.sector in word_set("dyad.actors", "data/sector_generic_heads.tsv", "sector")
                            or role.phrase in word_set("dyad.actors", "data/generic_roles.tsv")):
        return role
    words = _sector_words()
    for token in reversed(list(head.lefts)):
        for word in [token, *token.subtree]:
            if word.i < head.i and word.lemma_.lower() in words and words[word.lemma_.lower()] != role.sector \
                    and word.lemma_.lower() not in role.phrase.split():
                return Role(f"{word.lemma_.lower()} {role.phrase}", words[word.lemma_.lower()], None)
    return role


def _inside_prep(token: Token, top: Token) -> bool:
    """Whether a word hangs on `top` through a preposition: in "Raimond, due here from Oman",
    Oman is where he comes from, not whose he is."""
    while token != top and token.head != token:
        if token.dep_ == "prep":
            return True
        token = token.head
    return False
