"""Who took part in an event: the source and target actors of a trigger, found in the parse
and resolved as of the event's date.

Split from `coder` so that the coder decides *what* happened and this module *who* did it to
whom: subjects and objects by the trigger's slots, the owner of an event noun, complements,
"those claims" pointing back to an earlier event, and domestic actors placed in a country.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Token

from ..actors.names import stance_prefixed
from ..actors.resolve import ActorResolver, make_actor, stand_in_nouns
from ..models import Actor, Location
from . import arguments as args
from .lexicon import Cues, Lexicon, Trigger
from .mention import CodingState, Mention, NotAnEvent
from .ontology import Ontology
from .places import PlaceFinder

_FIRST_PERSON = {"we", "i", "us", "me"}
_DOMESTIC = {"CVL", "OPP", "LAB", "EDU", "COP", "JUD", "LEG", "PTY", "MED", "BUS", "JRN", "REF", "CRM", "AGR", "REL"}
_BARE_GOVERNMENT = re.compile(r"^(the (\w+ )?(government|administration|cabinet|authorities|ministry|regime|president|"
                              r"prime minister|premier|minister|secretary|spokesman|spokeswoman|spokesperson)|"
                              r"((the|several|some|senior|top|government|local|ministry|\w+ ministry) )*officials?)$",
                              re.IGNORECASE)
_FORCES = {"MIL", "COP"}
_STATE_SECTORS = {None, "GOV", "MIL"}
_THING_ENTITIES = {"LAW", "WORK_OF_ART", "PRODUCT", "EVENT", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE", "DATE",
                   "TIME"}
_ANAPHORA_WINDOW = 6
_ACT_WINDOW = 2  # "the move", "the decision": only an act reported in the last sentences
_ANY_ACT = "*"  # stand_in_nouns.tsv: a noun that names any act ("the move", "the step")
_ANAPHORIC_DETS = {"the", "those", "these", "this", "that", "such"}
_POSSESSIVES = {"its", "their", "his", "her"}


class Participants:
    """Finds and resolves the actors of one trigger; holds no per-article state of its own."""

    def __init__(self, resolver: ActorResolver, places: PlaceFinder, lex: Lexicon, cue_words: Cues,
                 onto: Ontology):
        self.resolver = resolver
        self.places = places
        self.lexicon = lex
        self.cues = cue_words
        self.ontology = onto

    def arguments(self, token: Token, trigger: Trigger, when: date | None, state: CodingState,
                  attribution: Actor | None) -> tuple[list[Actor], list[Actor], bool]:
        resolve = self.resolver_for(when, state)
        if trigger.pos == "NOUN" and not trigger.speaker:
            return self._noun_arguments(token, trigger, when, state)

        clause = args.clause_verb(token)
        subject_tokens, passive = args.subjects(clause)
        claimant = args.claimed_by(token, self.cues)
        if claimant is not None:  # "the Taliban claimed responsibility for shooting down ..."
            subject_tokens, passive = args.subjects(claimant)[0], False
        if passive and trigger.pos == "ADJ":  # "is opposed to", "is committed to": a state, not a passive
            subject_tokens, passive = args.passive_patients(clause), False
        if not subject_tokens and not passive:
            subject_tokens = self._orphan_subject(clause)
        subjects = resolve(args.expand_conjuncts(subject_tokens))
        if not subjects and subject_tokens and all(self.noun_type(t) for t in subject_tokens):
            # "Russian airstrikes killed ...", "the Saudi blockade starved ...": the act's owner did it
            subjects = [a for a in self.resolver_for(when, state, lenient=True)(subject_tokens) if a.country]
            if not subjects:  # "The attack killed 12 police officers": whoever made the attack named before
                subjects = self._author_of_earlier(subject_tokens[0], state)
        if not subjects and not passive and clause.dep_ == "conj" and clause.head.dep_ == "ccomp" and not any(
                c.dep_ in args.SUBJECT_DEPS for c in clause.children):
            # "Iran said the reports were baseless, and warned the U.S.": the parser joins "warned"
            # to the reported clause; with no one doing that clause, the speaker does both
            subject_tokens, _ = args.subjects(clause.head.head)
            subjects = resolve(args.expand_conjuncts(subject_tokens))
        if subject_tokens and not subjects and not trigger.speaker and all(
                t.ent_type_ in _THING_ENTITIES for t in subject_tokens):
            raise NotAnEvent  # the doer is a thing ("the Convention supports their arguments")
        if attribution is not None and any(_first_person(t) for t in subject_tokens):
            subjects = [replace(attribution, text=subject_tokens[0].text)]  # '"We will respond," Iran said'
        elif attribution is not None and attribution.name and len(subjects) > 1 and any(
                t.lower_ == "they" for t in subject_tokens) and any(s.name == attribution.name for s in subjects):
            # "Safadi warned ... Erekat said they would boycott": no one calls himself "they" with
            # another; the speaker's "they" is his own side
            subjects = [make_actor("they", None, attribution.country, attribution.sector)]

        if subjects and subject_tokens and subject_tokens[0].pos_ != "PRON":
            state.ctx.note(subjects, state.sentence_no, position=subject_tokens[0].i, subject_of=clause.i)

        if passive and not subjects and trigger.type == "RETREAT":
            subjects = self._captors(args.passive_patients(clause), when, state)
        if trigger.speaker:
            if not subjects:  # "any U.S. interference would meet a strong response": whose the act is
                subjects = [a for a in self.resolver_for(when, state, lenient=True)(subject_tokens) if a.country]
            return ([attribution] if attribution else []), subjects, False
        if trigger.source_slot:
            sources = resolve(args.expand_conjuncts(args.slot_tokens(token, trigger.source_slot, passive)))
            if not sources:  # "faced Palestinian criticism": whose the criticism is
                owned = self.resolver_for(when, state, lenient=True)(args.slot_tokens(token, "dobj", passive))
                sources = [a for a in owned if a.country]
            return sources, subjects, False
        slots = trigger.targets or self.ontology.types[trigger.type].targets
        if passive:
            slots = ("dobj", *[s for s in slots if s != "dobj"])
        targets = self.slot_actors(token, slots, passive, when, state)
        if not targets and attribution is not None and any(
                _first_person(t) for slot in slots for t in args.slot_tokens(token, slot, passive)):
            targets = [replace(attribution, text="us")]  # '"... lecture us," the Russian envoy said'
        if not targets and not passive:
            targets = self._shared_target(token, when, state)
        if not any(t.country for t in targets) and not passive:
            targets = self._pressing(clause, subjects, when, state) or targets
        return subjects, targets, passive

    def _pressing(self, verb: Token, subjects: list[Actor], when: date | None, state: CodingState) -> list[Actor]:
        """"Japan, under pressure from the U.S., agreed", "Bonn refused to cut rates despite pressure
        from the U.S.": an act done under or despite another's act answers its author."""
        own = {s.country for s in subjects}
        resolve = self.resolver_for(when, state)
        clauses = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]  # "refused to cut rates despite ..."
        for prep in (c for v in clauses for c in v.children if c.dep_ == "prep"):
            if not (self.cues.is_("duress", prep.lower_) or self.cues.is_("concessive", prep.lower_)):
                continue
            for noun in (c for c in prep.children if c.dep_ == "pobj" and self.noun_type(c)):
                authors = [p for w in ("from", "by") for p in args.prep_objects(noun, w)] or [
                    c for c in noun.children if c.dep_ == "poss" or c.dep_ in {"amod", "compound"} and c.ent_type_ in {
                        "GPE", "NORP"}]
                found = [a for a in resolve(args.expand_conjuncts(authors)) if a.country and a.country not in own]
                if found:
                    return found
        return []

    def _captors(self, freed: list[Token], when: date | None, state: CodingState) -> list[Actor]:
        """"aid workers held by Somali pirates were freed": who held them freed them."""
        for person in freed:
            for clause in person.children:
                if clause.dep_ in {"acl", "relcl"} and self.cues.token_is("captor", clause):
                    found = self.resolver_for(when, state)(args.expand_conjuncts(args.prep_objects(clause, "by")))
                    if not found:
                        found = self.resolver_for(when, state)(
                            [p for c in clause.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"])
                    if found:
                        return found
        return []

    def _shared_target(self, token: Token, when: date | None, state: CodingState) -> list[Actor]:
        """"accused Tokyo of dumping and threatened retaliation": a verb joined to an earlier event
        verb, with that verb's subject and no party of its own, acts on the same party."""
        first = token.head
        if token.dep_ != "conj" or first.pos_ != "VERB" or first.i > token.i or any(
                c.dep_ in args.SUBJECT_DEPS for c in token.children):
            return []
        earlier = args.match_trigger(first, self.lexicon)
        if earlier is None or earlier.speaker:
            return []
        slots = earlier.targets or self.ontology.types[earlier.type].targets
        _, passive = args.subjects(first)
        return [a for a in self.slot_actors(first, slots, passive, when, state) if a.country]

    def _noun_arguments(self, noun: Token, trigger: Trigger, when: date | None,
                        state: CodingState) -> tuple[list[Actor], list[Actor], bool]:
        resolve = self.resolver_for(when, state)
        if noun.dep_ == "compound" and noun.head.pos_ in {"NOUN", "PROPN"}:
            noun = noun.head  # "a mediation effort between ...": the phrase is headed by "effort"
        sources: list[Actor] = []
        for child in noun.children:
            if child.dep_ == "poss":
                sources = resolve([child])
        # "his Washington visit", "a Moscow trip by the minister": a place named before a visit is where
        # the visitor went, not the visitor
        destinations = [c for c in noun.children if trigger.place and c.dep_ == "compound" and c.pos_ == "PROPN"
                        and c.i in state.index.places and not any(g.text == "-" for g in c.children)]
        venues = []
        if trigger.mode != "visit":  # "the London talks": a city before talks is where they are held,
            # neither side of them (a country still is a side: "the Japan talks" are with Japan)
            venues = [c for c in destinations if all(e.kind in {"capital", "seat"}
                                                     for e in state.index.places[c.i].entries)]
            destinations = [c for c in destinations if c not in venues]
        if not sources:
            owners = [c for c in noun.children if c.dep_ in {"compound", "amod", "nmod"}
                      and c not in destinations and c not in venues
                      and (c.i in state.index.places or c.i in state.index.persons) and not stance_prefixed(c)]
            paired = [p for c in owners for p in c.children  # "US-China talks": the pair, both sides
                      if p.dep_ in {"compound", "amod", "npadvmod"} and p.i + 2 == c.i and p.nbor(1).text == "-"
                      and p.i in state.index.places]
            sources = resolve(args.expand_conjuncts(owners)) if owners else []
            if paired:
                first = resolve(paired)
                mutual = trigger.mutual if trigger.mutual is not None else self.ontology.types[trigger.type].mutual
                if mutual or trigger.group_type:  # "Jordanian-U.S. joint exercises": a group act, both sides
                    sources = first + [a for a in sources if a not in first]
                elif first and sources and not self.slot_actors(noun, trigger.targets or self.ontology.types[
                        trigger.type].targets, False, when, state):
                    return first, sources, False  # "the India-Pakistan war": one side against the other
        owner_named = bool(sources) and any(c.dep_ in {"poss", "compound", "amod", "nmod"} for c in noun.children)
        if not sources:
            sources = resolve(args.prep_objects(noun, "by"))
        if not sources:  # "the sanctions, imposed by Japan on Monday"
            for acl in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"):
                sources = resolve(args.expand_conjuncts(args.prep_objects(acl, "by")))
        slots = trigger.targets or self.ontology.types[trigger.type].targets
        answered = False  # "Greece, replying to a warning from Turkey": the noun's own "from" names its
        # author (not "an attack from Iraqi territory": where a strike comes from is no one's act)
        if not sources and "prep:from" not in slots and not self.ontology.types[trigger.type].material_conflict:
            sources = [a for a in resolve(args.expand_conjuncts(args.prep_objects(noun, "from"))) if a.country]
            answered = bool(sources)
        targets = self.slot_actors(noun, slots, False, when, state)
        if not any(t.country for t in targets) and destinations:
            targets = [a for a in resolve(destinations) if a.country] or targets
        if not any(t.country for t in targets):  # "sanctions announced last week against Japan": the
            for acl in (c for c in noun.children if c.dep_ == "acl" and c.tag_ in {"VBN", "VBD"}):  # participle holds it
                found = self.slot_actors(acl, tuple(s for s in slots if s.startswith("prep:")), False, when, state)
                if any(t.country for t in found):
                    targets = found
                    break
        if not targets:  # "the U.S. threat to impose tariffs on Japanese goods": the act threatened names them
            for comp in (c for c in noun.children if c.dep_ in {"acl", "xcomp"} and c.pos_ == "VERB"
                         and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)):
                targets = [a for a in self.complement_targets(comp, args.match_trigger(comp, self.lexicon), when,
                                                              state) if a.country]
                if targets:
                    break
        if not targets and noun.dep_ in {"dobj", "obj"}:  # "opened an inquiry | into X": the parser
            targets = self.slot_actors(noun.head, tuple(s for s in slots if s.startswith("prep:")), False, when,
                                       state)  # hangs the noun's preposition on the verb
        if not sources:  # "a state visit he will make to Britain", "the talks she held with Iran"
            for rel in (c for c in noun.children if c.dep_ == "relcl" and self.cues.token_is("light", c)):
                subj, passive = args.subjects(rel)
                sources = [] if passive else resolve(args.expand_conjuncts(subj))
                if sources and not any(t.country for t in targets):
                    targets = self.slot_actors(rel, tuple(s for s in slots if s.startswith("prep:")), False, when,
                                               state) or targets
                break
        if not sources and "prep:of" not in slots:  # "the visit of Pakistan's foreign minister to Dhaka"
            sources = [a for a in resolve(args.expand_conjuncts(args.prep_objects(noun, "of"))) if a.country]
        if not sources:
            verb, how = args.governing_verb(noun, self.cues)
            if verb is not None and trigger.type != "AID" and self.cues.token_is("aid_light", verb):
                verb = None  # "approved an extradition request from the US": the approver made no request

            if verb is not None:
                subj, passive = args.subjects(verb)
                if how == "occasion" or not subj:
                    subj = subj if subj and not passive else [c for c in verb.children if c.dep_ in {
                        "nsubj", "nsubjpass"}]
                sources = resolve(args.expand_conjuncts(subj))
                if not targets:
                    targets = self.slot_actors(verb, slots, False, when, state)
        if not targets and noun.dep_ == "nsubj" and noun.head.pos_ == "VERB" and \
                self.ontology.types[trigger.type].material_conflict:
            targets = [a for a in self.slot_actors(noun.head, ("dobj",), False, when, state) if a.country]
            # "tariffs imposed by China have hurt U.S. farmers": who the act fell on
        answered = answered or (owner_named and noun.dep_ in {"dobj", "pobj"} and trigger.type != "CONSULT"
                                and self.ontology.types[trigger.type].verbal)  # "Japan cannot bow to U.S. pressure"
        if answered and not targets:  # "Japan came under criticism from the U.S.": the clause's subject faces it
            targets = [a for a in self._receiver(noun, when, state) if a.country not in {s.country for s in sources}]
        if sources and not any(t.country for t in targets) and self._faced(
                noun, self.ontology.types[trigger.type].material_conflict):
            # "Kuwait's shipping came under attack by Iran", "its ships have been the target of Iranian
            # attacks": whoever the act named with its own author is faced by
            targets = [a for a in self._receiver(noun, when, state, lenient=True)
                       if a.country and a.country not in {s.country for s in sources}] or targets
        between = args.prep_objects(noun, "between")
        if not between and not sources:  # "the meetings scheduled in May between A and B", "fighting broke
            # out between A and B": the parser hangs the parties on the noun's participle or on its verb
            holders = [c for c in noun.children if c.dep_ == "acl"]
            if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.pos_ in {"VERB", "AUX"}:
                holders.append(noun.head)
            between = [o for h in holders for o in args.prep_objects(h, "between")][:1]
        if between and not sources:
            sources = resolve(args.expand_conjuncts(between))
            targets = []
        return sources, targets, False

    def _faced(self, noun: Token, material: bool) -> bool:
        """An event noun after "under" ("came under attack"), "despite", "the target of", or, when it is no
        material act, "responding to" ("Greece, responding to a warning by Turkey"; who answers an
        attack need not be the one attacked)."""
        head = noun.head
        if noun.dep_ != "pobj" or head.dep_ != "prep":
            return False
        if head.lower_ == "to" and not material and self.cues.token_is("responding", head.head):
            return True
        return self.cues.is_("duress", head.lower_) or self.cues.is_("concessive", head.lower_) or (
            head.lower_ == "of" and self.cues.token_is("receiver_noun", head.head))

    def _receiver(self, noun: Token, when: date | None, state: CodingState, lenient: bool = False) -> list[Actor]:
        """The subject of the clause that holds an event noun named with its author ("despite
        criticism from Britain, France went ahead"): the one it is aimed at."""
        verb = noun.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ in {"pobj", "prep", "dobj", "conj", "appos", "attr"} \
                and verb.head != verb:
            verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"}:
            return []
        subj, passive = args.subjects(verb)
        if passive:
            subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if verb.dep_ == "relcl" and any(p.dep_ == "poss" and p.lower_ == "whose" for s in subj for p in s.children):
            subj = [verb.head]  # "Kuwait, whose shipping came under attack": Kuwait's
        return [a for a in self.resolver_for(when, state, lenient)(args.expand_conjuncts(subj)) if a.country]

    def slot_actors(self, token: Token, slots: tuple[str, ...], passive: bool, when: date | None,
                    state: CodingState) -> list[Actor]:
        """Actors in the first target slot that names one with a country; else the first
        country-less actor found (a sector is still worth keeping)."""
        resolve = self.resolver_for(when, state, lenient=True)
        fallback: list[Actor] = []
        owned: list[Actor] = []
        for slot in slots:
            tokens = args.expand_conjuncts(args.slot_tokens(token, slot, passive))
            found = resolve(tokens)
            if not any(a.country for a in found):
                between = [o for t in tokens for o in args.prep_objects(t, "between")]
                found = resolve(args.expand_conjuncts(between)) or found  # "a meeting between X and Y"
            if any(a.country for a in found):
                if all(a.text.lower() in _POSSESSIVES for a in found if a.country):
                    # "limit its exports to the U.S.": a thing of "its" is most often the doer's own;
                    # a later slot that names a party is the one acted on
                    owned = owned or [a for a in found if a.country]
                    continue
                if owned and {a.country for a in found if a.country} <= {a.country for a in owned}:
                    return owned  # the same party again: still the doer's own
                return [a for a in found if a.country]
            fallback = fallback or found
        return owned or fallback

    def complement_targets(self, comp: Token, comp_trigger: Trigger | None, when: date | None,
                           state: CodingState) -> list[Actor]:
        if comp.pos_ in {"NOUN", "PROPN"}:
            return self.slot_actors(comp, ("prep:with", "prep:to", "prep:on", "prep:against", "prep:of"), False,
                                     when, state)
        if comp_trigger is not None:
            slots = comp_trigger.targets or self.ontology.types[comp_trigger.type].targets
        else:
            slots = ("dobj", "dative", "prep:to", "prep:with", "prep:against", "prep:on", "prep:from", "prep:in")
        targets = self.slot_actors(comp, slots, False, when, state)
        if not any(a.country for a in targets) and "dobj" not in slots:
            # "threatened to withdraw the licences of Japanese banks": whose the thing acted on is
            # (not when it is the subject's own: "vowed to cut its output")
            objects = [o for o in args.slot_tokens(comp, "dobj", False)
                       if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in o.children)]
            owned = [a for a in self.resolver_for(when, state, lenient=True)(objects) if a.country]
            targets = owned or targets
        if not targets and comp_trigger is not None and comp_trigger.place:
            location = self.places.locate(comp)
            if location and location.country:
                targets = [make_actor(location.name, None, location.country, None)]
        return targets

    def anaphoric_targets(self, token: Token, trigger: Trigger, passive: bool, sources: list[Actor],
                          state: CodingState) -> list[Actor]:
        """"denied those claims", "accepted the invite": the author of the event referred to."""
        slots = trigger.targets or self.ontology.types[trigger.type].targets
        own = {s.country for s in sources}
        for slot in slots:
            for tok in args.slot_tokens(token, slot, passive):
                refers = stand_in_nouns().get(tok.lemma_.lower()) or self.noun_type(tok)
                definite = any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETS or c.dep_ == "poss" and
                               c.ent_type_ == "DATE" for c in tok.children)  # "those claims", "Saturday's attack"
                if not refers or not definite:
                    continue

                any_act = refers == _ANY_ACT  # "condemned the move": whatever was last done to someone
                for m in reversed(state.recent):
                    if state.sentence_no - m.sentence_index > (_ACT_WINDOW if any_act else _ANAPHORA_WINDOW):
                        break
                    if any_act and (m.sentence_index >= state.sentence_no or m.source is None
                                    or m.source.country in own or not any(own) or _own_author(tok)):
                        continue  # only another country's act, and only a move that names no author
                    if not any_act and m.type not in refers.split("|") or not m.source or not m.source.country \
                            or _answers(m, tok.lemma_):
                        continue
                    if m.source.country not in own:
                        # "denied these accusations" made by two ministries together: both authors
                        authors = [o.source for o in state.recent if o.sentence_index == m.sentence_index
                                   and o.trigger == m.trigger and o.type == m.type and o.source
                                   and o.source.country and o.source.country not in own]
                        unique = list({a.country: a for a in authors}.values()) or [m.source]
                        return [replace(a, text=self.resolver.phrase_text(tok)) for a in unique]
                    if m.modality == "alleged" and m.attribution and m.attribution.country not in own:
                        # denying "the attack" one is accused of answers the accuser
                        return [replace(m.attribution, text=self.resolver.phrase_text(tok))]

        return []

    def _author_of_earlier(self, noun: Token, state: CodingState) -> list[Actor]:
        """The source of the latest event of the type a definite event noun names, a few
        sentences back at most ("Rebels attacked the base. The attack killed ...")."""
        if not any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETS for c in noun.children):
            return []
        refers = self.noun_type(noun)
        for m in reversed(state.recent):
            if state.sentence_no - m.sentence_index > _ANAPHORA_WINDOW:
                break
            if m.type == refers and m.source and m.source.country:
                return [replace(m.source, text=self.resolver.phrase_text(noun))]
        return []

    def noun_type(self, token: Token) -> str | None:
        """The event type an event noun names ("the expulsions" names a SANCTION)."""
        if token.pos_ not in {"NOUN", "PROPN"}:
            return None
        trigger = args.match_trigger(token, self.lexicon)
        return trigger.type if trigger else None

    def resolver_for(self, when: date | None, state: CodingState, lenient: bool = False):
        def resolve(tokens: list[Token]) -> list[Actor]:
            out: list[Actor] = []
            for tok in tokens:
                found = self.resolver.resolve(tok, state.index, when, state.ctx, state.sentence_no)
                if lenient and all(a.country is None for a in found):
                    owners = self.resolver.owner(tok, state.index, when, state.ctx, state.sentence_no)
                    if owners and found:  # "refugees in eastern Chad": Chad's refugees
                        found = [make_actor(a.text, a.name, o.country, a.sector) for a in found[:1] for o in owners]
                    elif owners:
                        found = owners
                out.extend(a for a in found if a not in out)
            return out
        return resolve

    def _orphan_subject(self, verb: Token) -> list[Token]:
        """A finite verb the parser left without a subject: take the nearest actor phrase to its
        left in the same clause ("... said on Thursday North Korea and Russia would pay")."""
        if verb.pos_ not in {"VERB", "AUX"} or not any(c.dep_ == "aux" for c in verb.children):
            return []
        for i in range(verb.i - 1, verb.sent.start - 1, -1):
            tok = verb.doc[i]
            if tok.pos_ in {"VERB"} or tok.is_punct and tok.text not in {'"', "'"}:
                return []
            if tok.pos_ == "PROPN" and tok.dep_ != "compound":
                head = tok
                while head.dep_ == "conj" and head.head.i < head.i:
                    head = head.head
                return [head]
        return []

    def place_country(self, name: str) -> str | None:
        found = self.places.lookup(name)
        return found.country if found else None

    def localise(self, actors: list[Actor], location: Location | None, state: CodingState,
                 speaker: Actor | None = None, acted_on: bool = False) -> list[Actor]:
        """Domestic actors named without a country ("protesters", "police") belong to the country
        where the event happened, or, failing that, to the country of the dateline. Forces named
        without a country in a government's own report ("Chad's command said troops killed ...")
        are that government's, unless the event happened in another country. Those acted upon
        (`acted_on`) take the dateline only when they are a government ("met officials"): a
        reporter in New York writes about exporters and citizens anywhere. Firms and banks named
        without a country ("the commercial banks") take only the place of the event, never the
        dateline: a New York dateline is where the wire wrote, not whose the banks are."""
        dateline = self.dateline_country(state)
        country = location.country if location and location.country else (None if acted_on else dateline)
        own_report = speaker is not None and speaker.country and speaker.sector in _STATE_SECTORS and (
            location is None or location.country in {None, speaker.country})
        out = []
        for a in actors:
            if a.country is None and a.sector in _FORCES and own_report and self.cues.is_("bare_force", a.text.split()[0].lower()):
                a = make_actor(a.text, a.name, speaker.country, a.sector)
            elif a.country is None and a.sector in _DOMESTIC and country and (
                    a.sector != "BUS" or location is not None and location.country):
                a = make_actor(a.text, a.name, country, a.sector)
            elif a.country is None and a.sector == "GOV" and dateline and (_BARE_GOVERNMENT.match(a.text) or a.name):
                # "the government" under a dateline; "Trade Minister Hajime Tamura" with no country named
                a = make_actor(a.text, a.name, dateline, a.sector)
            out.append(a)
        return out

    def dateline_country(self, state: CodingState) -> str | None:
        for place in state.article.datelines[:1]:
            found = self.places.lookup(place, state.article.story_date)
            if found and found.country:
                return found.country
        return None

    def is_people(self, actor: Actor) -> bool:
        """A nationality in the plural ("Palestinians protested") names people, not a government."""
        last = actor.text.split()[-1] if actor.text else ""
        return last.endswith("s") and any(e.kind == "adjective" for e in self.resolver.gazetteer.lookup(last))


def _own_author(noun: Token) -> bool:
    """"the steps taken by the bank", "the move by Japan", "its decision": the noun names its author."""
    return any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in {"by", "of", "from"}
               or c.dep_ == "acl" and any(g.dep_ == "agent" for g in c.children) for c in noun.children)


def _answers(mention: Mention, noun_lemma: str) -> bool:
    """Whether the mention is itself an answer to an event named by that noun ("Indonesia
    accepted the Paris Club offer"): whoever accepted an offer did not make it, so "Thailand
    declined the offer" does not target them."""
    for token in mention.sentence:
        if token.text == mention.trigger and any(
                c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() == noun_lemma.lower() for c in token.children):
            return True
    return False


def _first_person(token: Token) -> bool:
    """"we", "us", "I": the speaker's side; "US" in capitals is the United States."""
    return token.lower_ in _FIRST_PERSON and not (token.text.isupper() and len(token.text) > 1)
