"""The event coder: a parsed article in, event mentions out (one per sentence and dyad).

For each sentence: find the triggers, decide which are events in their own right (the
complement of "threatened to", a noun that is the object of another trigger, and conditions
are not), find each event's arguments in the parse, resolve them to actors as of the event's
date, read modality and attribution, date and place the event. `fusion` then merges the
mentions that report the same event.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..actors.gazetteer import institution_heads
from ..actors.resolve import ActorResolver, make_actor, stand_in_nouns
from ..models import Actor, Article, Location
from . import arguments as args
from . import dating, modality
from .learned import PairStep
from .lexicon import Cues, Lexicon, Trigger, confidence_factors, context_words, cues, lexicon
from .mention import CodingState, Mention, NotAnEvent
from .ontology import Ontology, ontology
from .opponents import fill_opponents
from .participants import Participants
from .places import PlaceFinder, said_here
from .sports import kept_in_sports_report, sports_report, sports_sentence
from .temporal import ResolvedDate

_OFFICIAL = {"GOV", "IGO", "NGO", "LEG", "JUD", "MIL"}
_ORGANISATIONS = {"IGO", "NGO", "IMG"}
_REFLEXIVE = {"its", "their", "his", "her", "itself", "themselves", "himself", "herself", "it", "they", "them"}

_PRONOUN_TEXT = re.compile(r"^(it|its|they|them|their|he|him|his|she|her|both|the two \w+|both \w+)$", re.IGNORECASE)
_VISITING = re.compile(r"\bvisiting\b", re.IGNORECASE)
_CONFLICT_QUADS = {3, 4}  # verbal and material conflict
# "will file a complaint if Reagan imposes tariffs": at Reagan (not REQUEST: "Asked if he would resign, X
# said" is a question)
_CONDITIONAL_ANSWERS = {"ACCUSE", "REJECT"}
_REPORTERS = {"MED", "JRN"}  # a news agency reporting an attack does not accuse anyone of it
_REPORTED_REBUFF = {"REJECT"}  # "said Y had rejected its proposal": the speaker accuses Y
_CIVIL = {"CVL", "LAB", "EDU", "OPP", "REF", "AGR", "PTY", "MED", "BUS", "REL", "JRN"}
_FUTURE_MODES = {"SANCTION": "restrict", "PROTEST": "restrict", "COERCE": "restrict", "ASSAULT": "violence",
                 "MOBILIZE": "violence"}
_NARRATIVE_WINDOW = 2
_THEME_PREPS = frozenset({"on", "in", "at"})  # time prepositions that also name a topic: "agreed on a truce"
_MOST_PAIRWISE = 3  # "A, B and C held talks" is three pairs; four states or more are a multilateral gathering
# acts that give in to, accept or back another's demand (a rejection names the demand as its topic:
# PLOVER's sentences code "rejected the US request" as the rejection alone)
_ANSWERS = {"CONCEDE", "AGREE", "SUPPORT"}
_AUTHOR_ENTITIES = frozenset({"GPE", "NORP", "ORG"})  # "the U.S. attack", "a Hezbollah attack"


_EVENT_ANAPHORA_WINDOW = 3
_ANAPHORIC_DETS = {"the", "those", "these", "this", "that", "such"}


class EventCoder:
    def __init__(self, resolver: ActorResolver | None = None, places: PlaceFinder | None = None,
                 lex: Lexicon | None = None, cue_words: Cues | None = None, onto: Ontology | None = None,
                 pair_step: PairStep | None = None):
        self.pair_step = pair_step  # the trained step after the rules of each sentence (learned.py), or None
        self.resolver = resolver or ActorResolver()
        self.places = places or PlaceFinder(self.resolver.gazetteer)
        self.lexicon = lex or lexicon()
        self.cues = cue_words or cues()
        self.ontology = onto or ontology()
        self.participants = Participants(self.resolver, self.places, self.lexicon, self.cues, self.ontology)
        if self.resolver.place_country is None:
            self.resolver.place_country = self.participants.place_country

    # -- the article ---------------------------------------------------------------------------
    def mentions(self, article: Article, doc: Doc) -> list[Mention]:
        state = CodingState(article, self.resolver.index(doc), sports=sports_report(doc, self.cues))
        found: list[Mention] = []
        for sent in doc.sents:
            if not any(t.is_alpha for t in sent):
                continue
            self._note_names(sent, state)
            sentence_mentions: list[Mention] = []
            for token, trigger in self._triggers(sent, state.sports or sports_sentence(sent, self.cues)):
                coded = self._code(token, trigger, sent, state)
                state.recent.extend(coded)
                sentence_mentions.extend(coded)
            obligations = self._obligations(sent, state)
            state.recent.extend(obligations)
            sentence_mentions.extend(obligations)
            if self.pair_step is not None:
                sentence_mentions = self.pair_step(sent, state, sentence_mentions, self)
            for m in sentence_mentions:
                if m.date and m.date.precision == "day" and m.date_basis != "narrative":
                    state.narrative = (state.sentence_no, m.date)
            if not sentence_mentions and state.article.story_date:
                # "China's coast guard said on Monday ...": the story's time moves on without an event
                root_date = dating.resolve_for(sent.root, state.article.story_date, "past")
                if root_date and root_date.precision == "day":
                    state.narrative = (state.sentence_no, root_date)
            found.extend(sentence_mentions)
            state.sentence_no += 1
        if state.sports:
            found = [m for m in found if kept_in_sports_report(m.source, m.target)]
        return fill_opponents(found, confidence_factors()["implied_opponent"])

    def _note_names(self, sent: Span, state: CodingState) -> None:
        """Record people and countries named in the sentence, for later coreference."""
        when = state.article.story_date
        seen: set[tuple[int, int]] = set()
        for token in sent:
            span = state.index.persons.get(token.i)
            if span and span not in seen:
                seen.add(span)
                self.resolver.resolve(token.doc[span[1] - 1], state.index, when, state.ctx, state.sentence_no)
            elif token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ == "NOUN" and token.i not in state.index.places:
                # "The union said its members would strike": subjects are what "it"/"its" refer to
                found = [a for a in self.resolver.resolve(token, state.index, when, state.ctx, state.sentence_no)
                         if a.country or a.sector]
                state.ctx.note(found[:1], state.sentence_no, position=token.i, subject_of=token.head.i)
            elif token.ent_type_ == "ORG" and token.ent_iob_ in {"B", "I"} and token.i not in state.index.places \
                    and (token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I"):
                # an organisation dyad does not know still takes "it" ("ONGC said it was in talks")
                subject_of = token.head.i if token.dep_ in {"nsubj", "nsubjpass"} else -1
                state.ctx.note([make_actor(token.text, None, None, None)], state.sentence_no, position=token.i,
                               subject_of=subject_of)
            elif token.i in state.index.places and state.index.places[token.i].end - 1 == token.i:
                entry = state.index.places[token.i].best(when)
                if token.dep_ in {"nsubj", "nsubjpass"} and entry.kind == "adjective" and any(
                        a.name for a in self.resolver.resolve(token, state.index, when, state.ctx, state.sentence_no)):
                    continue  # "The 48-year-old Australian was evicted": the person just named, noted as such
                if entry.country:
                    subject_of = token.head.i if token.dep_ in {"nsubj", "nsubjpass"} else -1
                    modifier = token.dep_ in {"amod", "compound", "nmod"} or token.head.dep_ in {"amod", "compound"}
                    state.ctx.note([make_actor(token.text, None, entry.country, entry.sector)], state.sentence_no,
                                   position=token.i, subject_of=subject_of, modifier=modifier)
                    if entry.kind == "org":
                        self._note_organisation(token, entry, state)

    def _note_organisation(self, token: Token, entry, state: CodingState) -> None:
        """Let "the Commission" name this organisation later: the short forms of its name, and the
        institution noun its name modifies here ("the EC Commission", "the OPEC Secretariat")."""
        if entry.sector == "BUS" and entry.country:  # "the company" later is this firm
            state.ctx.remember_firm(make_actor(token.text, entry.name, entry.country, entry.sector), state.sentence_no)
        short = self.resolver.gazetteer.short_forms(entry)
        if token.dep_ == "compound" and token.head.text[:1].isupper() and \
                token.head.lower_ in institution_heads():
            short |= {token.head.lower_}
        if short:
            state.ctx.remember_organisation(short, make_actor(token.text, entry.name, entry.country, entry.sector))

    # -- which tokens are events --------------------------------------------------------------
    def _triggers(self, sent: Span, sports: bool = False) -> list[tuple[Token, Trigger]]:
        found = [(t, trig) for t in sent if (trig := args.match_trigger(t, self.lexicon))]
        positions = {t.i for t, _ in found}
        consumed: set[int] = set()
        conceded = [{t.i for t in p.subtree} for p in sent if p.dep_ == "prep" and (
            self.cues.is_("concessive", p.lower_) or self.cues.is_("duress", p.lower_))]
        for token, trigger in found:
            if token.i in consumed:
                continue
            if self._no_comment(token, trigger):  # "declined to comment on criticism by X": an act that
                # names its author is still reported ("declined to discuss the talks" is no event)
                consumed |= {t.i for content in self._contents(token) for t in content.subtree
                             if t.i in positions and t.i != token.i
                             and not (t.pos_ == "NOUN" and args.names_author(t))}
                continue
            if trigger.control or trigger.type == "REQUEST":
                # what is promised, threatened, refused or demanded is not an event of its own; but
                # not what it is done despite ("refused to cut rates despite pressure from the U.S.")
                apart = {i for phrase in conceded if token.i not in phrase for i in phrase}
                for content in self._contents(token):
                    consumed |= {t.i for t in content.subtree if t.i in positions and t.i != token.i
                                 and t.i not in apart}
            if trigger.nested:
                consumed |= {t.i for t in self._nested_tokens(token, trigger)}
        speaker_threats = {t.i for t, trig in found if trig.speaker and trig.type == "THREATEN"}
        for verb in sent:  # "X must do Y", reported: the REQUEST replaces Y; but not "or face reprisals",
            if self._obligation(verb):  # the threat that goes with the demand
                consumed |= {t.i for t in verb.subtree if t.i in positions
                             and not (t.i in speaker_threats and t.dep_ == "conj" and t.head == verb)}
        keep = []
        for token, trigger in found:
            if token.i in consumed:
                continue
            if trigger.pos == "NOUN" and self._is_argument_of(token, positions) and not self._own_material_act(
                    token, trigger) and not self._owned_answered(token, trigger, found):
                continue
            if trigger.pos == "NOUN" and token.dep_ == "compound" and not self.cues.is_("event_head", token.head.lemma_):
                continue  # "invasion forces", "war crimes": a kind of thing, not an event
            if trigger.pos == "NOUN" and token.ent_type_ == "ORG":
                continue  # part of a name: the Organisation for Economic Cooperation and Development
            if trigger.pos != "NOUN" and token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN"} \
                    and token.tag_ not in {"VBD", "VBG"} and not self.cues.is_("event_head", token.head.lemma_) \
                    and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
                continue  # "Kim's invitation to visit": the content of a noun, not an act (but
                # "demonstrators protesting the results" do protest, and so does the subject of
                # "the announcement that the two had reached a deal")
            if sports and self.cues.is_("sport_act", token.lemma_):
                continue  # "Wales beat Hungary 2-0": a result
            if trigger.type == "REQUEST" and modality.is_question(token, self.cues):
                continue  # "asked whether ...": a question
            if self._no_comment(token, trigger):
                continue
            keep.append((token, trigger))
        return keep

    def _no_comment(self, token: Token, trigger: Trigger) -> bool:
        """"declined to comment", "asked to comment": no event (but "urged Japan to discuss" is a
        request, and "refused to give in" a refusal)."""
        if not trigger.control or not (trigger.type == "REJECT" or not args.objects(token)):
            return False
        comp = args.complement(token)
        return comp is not None and self.cues.is_("no_comment", comp.lemma_) and not any(
            c.dep_ == "prt" for c in comp.children)

    @staticmethod
    def _contents(token: Token) -> list[Token]:
        """The clauses that carry what a control or request word is about."""
        comp = args.complement(token)
        found = [comp] if comp is not None else []
        found += [c for c in token.children if c.dep_ in {"ccomp", "xcomp", "acl"} and c not in found]
        return found

    def _own_material_act(self, noun: Token, trigger: Trigger) -> bool:
        """"Iran condemned the U.S. attack on its oil platforms": an attack, a seizure or a blockade
        whose doer the noun names itself (possessor, nationality, "by") happened, whatever the
        sentence then says about it; it is coded beside the condemnation (a talk or a proposal that
        is the topic of another act is not: "accepted the invitation")."""
        if not self.ontology.types[trigger.type].material_conflict:
            return False
        if modality.read(noun, self.cues).modality != "asserted":
            return False  # "will not issue a statement on the attack": the clause's modality is not the attack's
        return args.names_author(noun, entities=_AUTHOR_ENTITIES)

    def _owned_answered(self, noun: Token, trigger: Trigger, found: list[tuple[Token, Trigger]]) -> bool:
        """"Japan cannot bow to U.S. pressure", "Spain gave in to Moroccan demands": a demand or a
        charge whose author the noun names (possessor, nationality) and that another trigger gives
        in to, accepts or backs was made; it is coded beside that act, aimed at the one who answers
        it (participants: the clause's subject)."""
        if self.ontology.types[trigger.type].quad != 3 or trigger.mode == "meet":
            return False  # not an offer or an invitation that is accepted: that is the topic of the answer
        head = noun.head.head if noun.head.dep_ == "prep" else noun.head
        answer = next((trig for t, trig in found if t == head), None)
        if answer is None or answer.type not in _ANSWERS:
            return False
        return args.names_author(noun, pronouns=False, by=False)

    def _is_argument_of(self, noun: Token, positions: set[int]) -> bool:
        """An event noun that is the theme or topic of another trigger ("accepted the invitation",
        "discussed the meeting, the war ...", "talks on a troop pullback") is not an event."""
        while noun.dep_ == "conj" and noun.head != noun:
            if noun.head.i not in positions:
                return False  # "a visit by X and a visit to Tokyo by Y", parsed as a conjunct of "X": its own event
            noun = noun.head
        head = noun.head
        if head.i in positions and head != noun:
            return True
        if head.dep_ == "prep" and self.cues.is_("topic_prep", head.lower_) and (
                head.head.pos_ in {"NOUN", "PROPN"} or any(
                    c.dep_ in {"dobj", "obj"} and c.i in positions for c in head.head.children)):
            return True  # "talks on a pullback", "renewed negotiations on a pullback"
        if head.dep_ == "prep" and (self.cues.is_("concessive", head.lower_) or self.cues.is_("duress", head.lower_)):
            return False  # "refused to cut rates despite pressure from the U.S.", "agreed under pressure
            # from the U.S.": an act of its own
        if head.dep_ == "prep" and head.lower_ not in _THEME_PREPS and self.cues.is_("time_prep", head.lower_):
            return False  # "was reached during a visit to Moscow by ...": the occasion, an event of its own
        return head.dep_ in {"prep", "agent"} and head.head.i in positions

    def _nested_tokens(self, token: Token, trigger: Trigger) -> list[Token]:
        """The alleged acts of an accusation: "accused X of ramming and boarding its boats,
        injuring a sailor" gives ramming, boarding and injuring (the "of" may hang on X)."""
        if trigger.nested == "ccomp":
            return [c for c in token.children if c.dep_ == "ccomp"][:1]
        found: list[Token] = []
        for holder in [token, *args.objects(token)]:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == trigger.nested:
                    for obj in prep.children:
                        if obj.dep_ in {"pcomp", "pobj"}:
                            found += [obj, *[c for c in obj.conjuncts if c.pos_ in {"VERB", "NOUN"}]]
        if found:  # a participle after the accusation continues the alleged act
            found += [c for c in token.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
            found += [c for t in found for c in t.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                      and c not in found]
        return found

    # -- one trigger ----------------------------------------------------------------------------
    def _code(self, token: Token, trigger: Trigger, sent: Span, state: CodingState) -> list[Mention]:
        try:
            return self._code_event(token, trigger, sent, state)
        except NotAnEvent:
            return []

    def _code_event(self, token: Token, trigger: Trigger, sent: Span, state: CodingState) -> list[Mention]:
        reading = modality.read(token, self.cues, self_modality=trigger.modality)
        if trigger.pos == "NOUN" and reading.modality != "asserted" and self._owned_answered(
                token, trigger, [(t, trig) for t in sent if (trig := args.match_trigger(t, self.lexicon))]):
            # "will be bombed if it does not accept US demands": the demands were made, whatever the answer
            reading = replace(reading, modality="asserted", drop=False)
        if reading.drop:
            return []
        when, resolved, basis = self._date(token, reading, state)
        attribution = self._attribution(token, reading, when, state)
        if attribution is not None and attribution.country is None:
            attribution = next(iter(self.participants.localise([attribution], None, state)))

        sources, targets, passive_target = self.participants.arguments(token, trigger, when, state, attribution)
        type_, mode = trigger.type, trigger.mode
        comp = args.complement(token) if trigger.control else None
        inner = self._first_trigger(comp) if comp is not None else None
        comp_trigger = inner[1] if inner else None
        if comp is not None and not any(t.country for t in targets):  # "offered warships to escort Kuwaiti tankers"
            targets = self.participants.complement_targets(inner[0] if inner else comp, comp_trigger, when,
                                                           state) or targets
        anaphoric = place_target = False
        if not targets and not trigger.speaker:
            targets = self.participants.anaphoric_targets(token, trigger, passive_target, sources, state)
            anaphoric = bool(targets)
        promised = inner is not None and (inner[0] == comp or (inner[0].head == comp and self.cues.token_is(
            "light", comp)))  # "vowed to attack", "vowed to launch attacks"; not "agreed to postpone the protest"
        negated_comp = comp is not None and any(c.dep_ == "neg" for c in comp.children)
        if comp_trigger and promised and self.ontology.types[comp_trigger.type].material_conflict and not negated_comp:

            if trigger.conflict_type:
                type_ = trigger.conflict_type
            if type_ == "THREATEN":
                mode = _FUTURE_MODES.get(comp_trigger.type)
        if negated_comp and type_ == "AGREE" and not (
                comp_trigger is not None and self.ontology.types[comp_trigger.type].quad in _CONFLICT_QUADS):
            # "vowed not to return the Golan Heights"; but promising not to do a hostile act ("agreed
            # not to reduce imports from India", "promised they would not be a threat") is an agreement
            type_, mode = "REJECT", None
        type_, mode = self._by_actors(trigger, type_, mode, sources)
        modality_ = reading.modality
        if type_ == "THREATEN" and modality_ == "asserted" and _warned_not_to(token):
            modality_ = "conditional"  # "warned the U.S. not to intervene": or else
        if type_ == "ASSAULT" and any(self.cues.is_("preparing", a.lemma_) for a in token.ancestors
                                      if a.pos_ in {"VERB", "ADJ", "AUX"}):
            type_, mode, modality_ = "MOBILIZE", "troops", "asserted"  # "prepared to resume shelling"
        if modality_ in {"future", "conditional"}:
            future = self.ontology.types[type_].future_type
            if future != type_:
                mode = _FUTURE_MODES.get(type_) if future == "THREATEN" else None
                type_ = future
                if future == "THREATEN" and passive_target and not sources and attribution is not None \
                        and attribution.country and attribution.country not in {t.country for t in targets}:
                    sources = [attribution]  # 'Trump said Iran will be bombed': the speaker threatens

        elif modality_ == "negated" and self.ontology.types[type_].negated_type != type_:
            type_, mode, modality_ = self.ontology.types[type_].negated_type, None, "asserted"
        if (type_ == "THREATEN" or modality_ in {"conditional", "future"} and type_ in _CONDITIONAL_ANSWERS) \
                and (not targets or {t.country for t in targets} <= {s.country for s in sources}):
            # "would file a complaint if Reagan imposed the tariffs": at the one whose act is the condition
            targets = self._condition_subjects(token, comp, when, state) or targets
        if type_ == "CONSULT" and self._by_phone(token):
            mode = "phone"
        location = self.places.locate(token, when)
        if location is None and said_here(token) and state.article.datelines:
            location = self.places.lookup(state.article.datelines[0], when)  # "a brief visit here": the dateline
        if not targets and (trigger.place or "place" in self.ontology.types[trigger.type].targets) and \
                location and location.country and len({s.country for s in sources}) <= 1 and \
                location.country not in {s.country for s in sources}:  # "talks between X and Y in Geneva": X and Y
            targets = [make_actor(location.name, None, location.country, None)]
            place_target = True
        sources = self.participants.localise(sources, location, state, attribution)
        targets = self.participants.localise(targets, location, state, acted_on=True)
        if not sources and passive_target and self.ontology.types[type_].name == "COERCE" and location \
                and location.country:
            sources = [make_actor(location.name, None, location.country, "GOV")]  # "was arrested in Lebanon"
        if trigger.pos == "NOUN" and not any(s.country or s.sector for s in sources):
            earlier = self._same_event(token, type_, state)
            if earlier is None and self.cues.token_is("speaker_talks", token) and attribution is not None and \
                    attribution.country and \
                    args.prep_objects(token, "with") and any(t.country and t.country != attribution.country
                                                             for t in targets):
                sources = [attribution]  # '"talks with China are at an early stage," he said': the speaker's side
            elif earlier is None:
                return []  # an event noun with no one doing it ("the war in Ukraine") is a topic, not a report
            else:
                sources, targets = [earlier.source] if earlier.source else [], [earlier.target] if earlier.target else []
                if earlier.reciprocal:  # "the talks" again: the same two parties, the same mutual act
                    sources = [a for a in (earlier.source, earlier.target) if a]
                    targets = []
        if type_ == "CONSULT" and sources and targets and all(_VISITING.search(t.text or "") for t in targets) \
                and not any(_VISITING.search(s.text or "") for s in sources):
            sources, targets = targets, sources  # "Nakasone met the visiting Polish leader": the visitor is the source
        flags = {flag for flag, on in (("speaker_frame", trigger.speaker), ("hypothetical", modality_ == "hypothetical"),
                                       ("place_target", place_target), ("anaphoric_target", anaphoric)) if on}
        mentions = self._pairs(token, trigger, type_, mode, sources, targets, modality_, attribution,
                               resolved, basis, location, sent, state, flags)
        if trigger.nested:
            mentions.extend(self._nested(token, trigger, sources, targets, when, resolved, basis, sent, state))
        mentions.extend(self._reported_accusation(token, reading, attribution, mentions, resolved, basis, sent,
                                                  state))
        return mentions

    def _first_trigger(self, clause: Token) -> tuple[Token, Trigger] | None:
        """The first event word inside a complement ("to continue military aid" -> aid)."""
        for token in sorted(clause.subtree, key=lambda t: (t != clause, t.i)):
            trigger = args.match_trigger(token, self.lexicon)
            if trigger is not None:
                return token, trigger
        return None

    def _condition_subjects(self, token: Token, comp: Token | None, when: date | None,
                            state: CodingState) -> list[Actor]:
        """Who a conditional threat is aimed at: the subject of its condition ("will ban voting
        if Hamas runs", "unless the Kremlin closes its base")."""
        verbs = [token, comp]
        if token.pos_ == "NOUN" and token.dep_ in {"dobj", "obj"}:
            token = token.head  # "would file a complaint if ...": the condition hangs on the light verb
            verbs.append(token)
        head = token
        while head.dep_ == "xcomp" and head.head != head and not any(c.dep_ == "auxpass" for c in head.children):
            head = head.head  # "Britain would have to retaliate if Congress passed the bill": on "have"
            verbs.append(head)
        for verb in verbs:
            if verb is None:
                continue
            for clause in verb.children:
                if clause.dep_ == "advcl" and any(m.dep_ == "mark" and self.cues.is_("condition", m.lower_)
                                                  for m in clause.children):
                    subj, _ = args.subjects(clause)
                    found = [a for a in self.participants.resolver_for(when, state)(args.expand_conjuncts(subj)) if a.country]
                    if found:
                        return found
        return []

    def _date(self, token: Token, reading: modality.Reading, state: CodingState) -> tuple[date | None, ResolvedDate | None,
                                                                                      str]:
        anchor = state.article.story_date
        resolved = dating.resolve_for(token, anchor, reading.tense)
        basis = resolved.basis if resolved else "publication"
        if resolved is None and state.narrative and reading.modality == "asserted" and reading.tense == "past" \
                and state.sentence_no - state.narrative[0] <= _NARRATIVE_WINDOW:
            resolved, basis = state.narrative[1], "narrative"
        when = _as_day(resolved) or anchor
        return when, resolved, basis

    def _attribution(self, token: Token, reading: modality.Reading, when: date | None,
                     state: CodingState) -> Actor | None:
        speaker_head = None
        if reading.speech is not None:
            subj, passive = args.subjects(reading.speech)
            speaker_head = subj[0] if subj and not passive else None
        if speaker_head is None:
            speaker_head = modality.according_to(token)
        if speaker_head is None:
            return None
        actors = self.resolver.resolve(speaker_head, state.index, when, state.ctx, state.sentence_no)
        return actors[0] if actors else None

    def _same_event(self, noun: Token, type_: str, state: CodingState) -> Mention | None:
        """"Russia and China held talks. The talks, held in Beijing on Wednesday, ...": a definite
        event noun with no parties of its own is the event last reported of that type."""
        if not any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETS for c in noun.children):
            return None
        for m in reversed(state.recent):
            if state.sentence_no - m.sentence_index > _EVENT_ANAPHORA_WINDOW:
                return None
            if m.type == type_ and m.source is not None and m.sentence_index < state.sentence_no:
                return m
        return None

    def _by_actors(self, trigger: Trigger, type_: str, mode: str | None, sources: list[Actor]) -> tuple[str, str | None]:
        if trigger.official and sources and all(
                s.sector in _OFFICIAL or (s.country and s.sector is None and not self.participants.is_people(s)) for s in sources):
            return trigger.official[0], trigger.official[1]
        if trigger.civil and sources and all(s.sector in _CIVIL for s in sources):
            return trigger.civil[0], trigger.civil[1]
        if trigger.group_type and len({s.country for s in sources if s.country}) > 1:
            return trigger.group_type, None
        return type_, mode

    def _by_phone(self, token: Token) -> bool:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in {"in", "by", "over", "on", "via"} and any(
                    self.cues.is_("phone", o.lemma_) for o in prep.children if o.dep_ == "pobj"):
                return True
        return any(self.cues.is_("phone", c.lemma_) for c in token.children if c.dep_ == "compound")

    @staticmethod
    def _confidence(token: Token, flags: set[str], source: Actor | None, target: Actor | None) -> float:
        """Base by the kind of trigger times a factor per weakness (data/confidence.tsv)."""
        factors = confidence_factors()
        base = "base_verb" if token.pos_ in {"VERB", "AUX"} else "base_noun" if token.pos_ in {
            "NOUN", "PROPN"} else "base_adjective"
        score = factors[base]
        found = set(flags)
        if any(a is not None and a.country in _ORGANISATIONS for a in (source, target)):
            found.add("organisation_actor")
        if any(a is not None and _PRONOUN_TEXT.match(a.text or "") for a in (source, target)):
            found.add("pronoun_actor")
        if any(a is None or a.country is None for a in (source, target)):
            found.add("one_sided")
        for flag in found:
            score *= factors.get(flag, 1.0)
        return round(max(0.05, min(0.99, score)), 2)

    # -- building the mentions ------------------------------------------------------------------
    def _pairs(self, token: Token, trigger: Trigger, type_: str, mode: str | None, sources: list[Actor],
               targets: list[Actor], modality_: str, attribution: Actor | None, resolved: ResolvedDate | None,
               basis: str, location: Location | None, sent: Span, state: CodingState,
               flags: set[str]) -> list[Mention]:
        mutual = trigger.mutual if trigger.mutual is not None else self.ontology.types[type_].mutual
        if mutual and trigger.mutual is None and type_ != "CONSULT" and any(
                c.dep_ == "dobj" and (self.participants.noun_type(c) or c.lemma_.lower() in stand_in_nouns())
                for c in token.children):
            mutual = False  # "Indonesia and Sri Lanka accepted the offer" answer someone's offer, not each other
        pairs: list[tuple[Actor | None, Actor | None, bool]] = []
        if targets and {t.country for t in targets} == {s.country for s in sources} and len(sources) > 1:
            targets = []
        if not targets and mutual and len({s.country for s in sources if s.country}) > _MOST_PAIRWISE:
            # "The leaders of the G-7, the United States, Britain, Canada, ... will discuss": a gathering
            # of many states is one multilateral act, not every pair of them talking to every other
            # (21 pairs for the G-7); each state takes part in it, with no one state as its target
            pairs = [(a, None, False) for a in sources]
            if type_ == "CONSULT":
                mode = "multilateral"
        elif not targets and mutual and len({s.country for s in sources if s.country}) > 1 and any(
                s.country is None and s.sector == "BUS" for s in sources):
            # "talks between banks and Mexico, Chile and Venezuela": each state deals with the party
            # (a firm or bank) named without a country, not with the other states
            pairs = [(a, None, False) for a in sources if a.country]
        elif not targets and mutual and len({s.country for s in sources}) > 1:
            for i, a in enumerate(sources):
                for b in sources[i + 1:]:
                    if a.country != b.country:
                        pairs.append((a, b, True))
        elif sources or targets:
            for s in sources or [None]:
                for t in targets or [None]:
                    if s is not None and t is not None and s == t:
                        continue
                    if s is not None and t is not None and t.text.lower() in _REFLEXIVE and t.country == s.country:
                        t = None  # "Beijing would defend its rights": no one else is acted upon
                    if (s, t, False) not in pairs:
                        pairs.append((s, t, False))

        cameo = trigger.cameo if type_ == trigger.type else None  # a changed type takes its own root code
        contexts = _contexts(token, trigger)
        return [Mention(type=type_, mode=self.ontology.valid_mode(type_, mode), cameo=cameo,
                        contexts=contexts, source=s, target=t, modality=modality_, attribution=attribution,
                        date=resolved, date_basis=basis, location=location, sentence_index=state.sentence_no,
                        sentence=sent, trigger=token.text, confidence=self._confidence(token, flags, s, t),
                        reciprocal=rec)
                for s, t, rec in pairs]

    def _nested(self, token: Token, trigger: Trigger, accusers: list[Actor], accused: list[Actor],
                when: date | None, resolved: ResolvedDate | None, basis: str, sent: Span,
                state: CodingState) -> list[Mention]:
        """"accused X of providing arms to Y": the act itself, alleged, with X as its source."""
        mentions: list[Mention] = []
        for inner in self._nested_tokens(token, trigger):
            inner_trigger = args.match_trigger(inner, self.lexicon)
            if inner_trigger is None:
                continue
            doers = accused
            if trigger.nested == "ccomp":
                subj, _ = args.subjects(inner)
                doers = self.participants.resolver_for(when, state)(args.expand_conjuncts(subj))
            slots = inner_trigger.targets or self.ontology.types[inner_trigger.type].targets
            targets = self.participants.slot_actors(inner, slots, False, when, state)
            attribution = accusers[0] if accusers else None
            inner_date = dating.resolve_for(inner, state.article.story_date, "past") or resolved
            inner_basis = inner_date.basis if inner_date is not None and inner_date is not resolved else basis
            mentions += self._pairs(inner, inner_trigger, inner_trigger.type, inner_trigger.mode, doers, targets,
                                    "alleged", attribution, inner_date, inner_basis if inner_date else "publication",
                                    self.places.locate(inner), sent, state, {"alleged"})
        return mentions

    def _reported_accusation(self, token: Token, reading: modality.Reading, speaker: Actor | None,
                             mentions: list[Mention], resolved: ResolvedDate | None, basis: str, sent: Span,
                             state: CodingState) -> list[Mention]:
        """"Japan said the United States had rejected its proposal": saying that another state
        rebuffed the speaker's side is accusing it (ACCUSE Japan -> USA, beside the rejection).
        Only the act the saying is about (the head of its clause), done as stated: not a news
        agency's report, not a planned or negated act. Measured on the corpus, the other readings
        of the convention were no accusation to the annotators: "X said Y attacked Z" (0 of 3 on
        train and dev; on the PLOVER sentences the act alone is coded, 2 false accusations), "X said
        Y opposed the tax" (0 of 7), while 2 of the 2 rebuffs on train were coded ACCUSE."""
        speech = reading.speech
        if speech is None or speaker is None or not speaker.country or speaker.sector in _REPORTERS:
            return []
        if not self.cues.token_is("accusing_speech", speech):
            return []
        clause = token
        while clause.dep_ == "conj" and clause.head != clause:
            clause = clause.head
        if clause.head != speech or clause.dep_ not in {"ccomp", "parataxis"}:
            return []
        accused: list[Actor] = []
        for m in mentions:
            doer, victim = m.source, m.target
            if m.origin != "rules" or m.modality not in {"asserted", "alleged"} or doer is None or victim is None \
                    or not doer.country or not victim.country or doer.country in {speaker.country, victim.country}:
                continue
            if m.type in _REPORTED_REBUFF and victim.country == speaker.country and all(
                    a.country != doer.country for a in accused):
                accused.append(doer)
        if not accused:
            return []
        trigger = Trigger(lemma=speech.lemma_, pos="VERB", type="ACCUSE", mode="allege", cameo="112", contexts=())
        return self._pairs(speech, trigger, "ACCUSE", "allege", [speaker], accused, "asserted", speaker, resolved,
                           basis, None, sent, state, {"speaker_frame"})

    def _obligation(self, verb: Token) -> bool:
        return verb.pos_ in {"VERB", "AUX"} and any(
            c.dep_ == "aux" and self.cues.is_("obligation", c.lower_) for c in verb.children) and any(
            self.cues.token_is("speech", a) for a in verb.ancestors)

    def _obligations(self, sent: Span, state: CodingState) -> list[Mention]:
        """"Libya must hand over the suspects, the minister said": the speaker's REQUEST of Libya."""
        found: list[Mention] = []
        for verb in sent:
            if not self._obligation(verb):
                continue
            reading = modality.read(verb, self.cues)
            if reading.speech is None or reading.drop:
                continue
            when, resolved, basis = self._date(verb, reading, state)
            speaker = self._attribution(verb, reading, when, state)
            subj, passive = args.subjects(verb)
            if speaker is None or passive:
                continue
            targets = self.participants.resolver_for(when, state)(args.expand_conjuncts(subj))
            trigger = Trigger(lemma=verb.lemma_, pos="VERB", type="REQUEST", mode=None, cameo="020", contexts=())
            found.extend(self._pairs(verb, trigger, "REQUEST", None, [speaker], targets, "asserted", speaker,
                                     resolved, basis, None, sent, state, {"speaker_frame"}))
        return found


def _warned_not_to(token: Token) -> bool:
    """A warning against doing something ("warned X not to intervene", "warned X against
    interfering") holds its condition."""
    return any(c.dep_ in {"xcomp", "ccomp", "advcl"} and any(g.dep_ == "neg" for g in c.children)
               or c.dep_ == "prep" and c.lower_ == "against" and token.lemma_ == "warn" for c in token.children)


def _contexts(token: Token, trigger: Trigger) -> tuple[str, ...]:
    """The trigger row's contexts, and those that words of the event's own phrase tell
    ("sanctions on oil exports": economic, natural_resource)."""
    words = context_words()
    found = list(trigger.contexts)
    for t in token.subtree:
        context = words.get(t.lemma_.lower()) or words.get(t.lower_)
        if context and context not in found:
            found.append(context)
    return tuple(found)


def _as_day(resolved: ResolvedDate | None) -> date | None:
    if resolved is None or not resolved.value:
        return None
    parts = [int(p) for p in resolved.value.split("-")]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
