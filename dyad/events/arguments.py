"""Finding a trigger's arguments in the dependency parse.

Works on tokens only (no actors yet): which trigger row fits a token, who is the subject of a
verb (through passives, conjoined verbs, control verbs and relative clauses), where the target
slots of a trigger are, and what the complement of a control verb is. The coder resolves the
tokens found here to actors.
"""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import Cues, Lexicon, Trigger

SUBJECT_DEPS = {"nsubj", "csubj"}
OBJECT_CONTROL = {"urge", "ask", "invite", "order", "force", "persuade", "tell", "allow", "encourage", "press",
                  "pressure", "call", "push", "implore", "help", "lead"}
RELATIVE = {"which", "who", "that", "whom"}
_THING_PRONOUNS = {"it", "them"}
NO_EVENT = "NONE"
_NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}


def objects(token: Token) -> list[Token]:
    """Direct objects, or the passive subject that stands for one ("sanctions were imposed")."""
    found = [c for c in token.children if c.dep_ in {"dobj", "obj"}]
    if not found:
        found = [c for c in token.children if c.dep_ == "nsubjpass"]
    if not found and token.dep_ in {"amod", "acl"} and token.tag_ == "VBN":
        found = [token.head]  # "the imposed sanctions"
    return found


def particles(token: Token) -> set[str]:
    return {c.lemma_.lower() for c in token.children if c.dep_ in {"prt", "prep", "agent", "dative"}}


def _modifier_lemmas(token: Token) -> set[str]:
    lemmas = {c.lemma_.lower() for c in token.children}
    lemmas |= {c.lower_ for c in token.children}
    if token.pos_ in {"NOUN", "PROPN"}:
        lemmas.add(token.head.lemma_.lower())
        lemmas |= {c.lemma_.lower() for c in token.head.children if c.dep_ in {"prt", "advmod"}}
    lemmas.add(token.lower_)  # "airstrike" written as one word still satisfies mod=airstrike
    return lemmas


def _with_measures(objs: list[Token]) -> list[Token]:
    """"3,000 tonnes of food aid": the thing measured counts as the object too."""
    out = list(objs)
    for o in objs:
        for prep in o.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                out.extend(p for p in prep.children if p.dep_ == "pobj")
    return out


def fits(token: Token, trigger: Trigger) -> bool:
    objs = _with_measures(objects(token))
    if trigger.obj:
        # "supplied Russia with drones": the thing given may follow "with"
        objs = objs + _with_measures(prep_objects(token, "with"))

        # "halt mediation efforts": a compound of the object names it too
        words = {w for o in objs for w in (o.lemma_.lower(), o.lower_)}
        words |= {c.lemma_.lower() for o in objs for c in o.children if c.dep_ == "compound"}
        if not trigger.obj & words:
            return False
    if trigger.with_ and not trigger.with_ & particles(token):
        return False
    if trigger.needs_comp and verbal_complement(token) is None:
        return False
    if trigger.plural and token.tag_ not in {"NNS", "NNPS"}:  # "hostilities" (fighting), not "hostility"
        return False
    if trigger.needs_clause_subject and not any(  # "wants Tokyo to open", not "wants to join"
            c.dep_ == "ccomp" and any(g.dep_ in SUBJECT_DEPS for g in c.children) for c in token.children):
        return False

    if trigger.mod:
        lemmas = _modifier_lemmas(token)
        for o in objs:
            lemmas |= _modifier_lemmas(o)
        if not trigger.mod & lemmas:
            return False
    return True


def match_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    """The most specific row that fits; a fitting NONE row ("seize the opportunity") means the
    word is no event here."""
    for trigger in lexicon.candidates(token):
        if fits(token, trigger):
            return None if trigger.type == NO_EVENT else trigger
    return None


_EXAMPLE_PREPS = frozenset({"including", "like", "notably", "especially"})


def named_members(token: Token) -> list[Token]:
    """The members a plural noun names after it: "four countries, including the United States,
    Britain and China", "nations such as Japan and Korea", "countries like Iran and Iraq".
    Empty when it names none."""
    if token.tag_ not in {"NNS", "NNPS"}:
        return []
    for prep in token.children:
        if prep.dep_ != "prep":
            continue
        word = prep.lower_
        if word in _EXAMPLE_PREPS or (word == "as" and any(c.lower_ == "such" for c in prep.children)):
            members = [c for c in prep.children if c.dep_ == "pobj"]
            # named members only: "weaponry, including Czechoslovak-made jets" lists things, not actors
            return [m for first in members for m in (first, *first.conjuncts)
                    if m.pos_ == "PROPN" or m.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"}]
    return []


def expand_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    tokens = [m for token in tokens for m in (named_members(token) or [token])]
    for token in tokens:
        # "his Israeli counterpart, Ariel Sharon, and the Palestinian leader": the parser hangs the
        # next conjunct on the appositive name
        appositive_conjuncts = [c for a in token.children if a.dep_ == "appos" for c in a.conjuncts]
        for item in [token, *token.conjuncts, *appositive_conjuncts]:
            if item not in out and item.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "NUM"}:
                out.append(item)
    return out


def clause_verb(token: Token) -> Token:
    """The verb whose subject an adjective or noun predicate shares ("X is ready to", "X has no right")."""
    if (token.pos_ == "ADJ" or token.tag_ == "VBN") and token.dep_ in {"acomp", "attr", "oprd"}:
        return token.head  # "Turkey is opposed to": a participle as the predicate, too

    if token.dep_ in {"dobj", "attr"} and token.pos_ in {"NOUN", "PROPN"} and token.head.pos_ in {"VERB", "AUX"}:
        return token.head
    return token


def subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """The subject heads of a verb and whether the verb is passive (then the subject is the
    agent and the returned flag tells the caller to use the passive subject as the target)."""
    if depth > 6:
        return [], False
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if passive:
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        return agents, True
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                return [verb.head], False
            return [child], False
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX", "ADJ"}:
        return subjects(verb.head, depth + 1)
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and infinitive):
        head = verb.head
        objs = [c for c in head.children if c.dep_ in {"dobj", "obj"}]
        if objs and head.lemma_.lower() in OBJECT_CONTROL:
            return objs, False
        if head.pos_ == "ADJ":
            head = head.head
        patients = [c for c in head.children if c.dep_ == "nsubjpass"]
        if patients:  # "Kim is set to meet Trump", "Iran was asked to stop": the one asked acts
            return patients, False
        return subjects(head, depth + 1)

    if verb.dep_ == "advcl" and verb.tag_ in {"VBG", "VBN"}:
        return subjects(verb.head, depth + 1)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.head.pos_ in {"VERB", "AUX"}:
        return subjects(verb.head.head, depth + 1)  # "resorted to throwing stones", "by dumping sawdust"

    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"} and (
            verb.tag_ == "VBD" or verb.tag_ == "VBN" and verb.head.dep_ == "ROOT"):

        return [verb.head], False  # a finite verb the parser hung on its subject ("The U.N. chief called on")
    if verb.dep_ in {"amod", "acl"} and verb.tag_ == "VBG" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return [verb.head], False  # "retreating Iranian troops", "troops retreating from the town"
    if verb.dep_ == "relcl" and verb.tag_ == "VBN":
        return [], False
    return [], False


def passive_patients(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "nsubjpass"]


def verbal_complement(token: Token) -> Token | None:
    """The clause a word governs: "offered to mediate", "said it would"."""
    for child in token.children:
        if child.dep_ in {"xcomp", "ccomp"} and child.pos_ in {"VERB", "AUX"}:
            return child
    for child in token.children:
        if child.dep_ == "advcl" and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children):
            return child
    return None


def complement(token: Token) -> Token | None:
    """The infinitive of a control verb or adjective ("threatened to cut", "ready to send"), or
    the object of its "to"/"on" ("committed to the deal")."""
    comp = verbal_complement(token)
    if comp is not None:
        return comp
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"to", "on"}:
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    return obj
    return None


def prep_objects(token: Token, word: str) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ in {"prep", "dative", "agent"} and child.lower_ == word:
            objs = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            found.extend(objs or _stranded_object(child))
    return found


def names_author(noun: Token, entities: frozenset[str] = frozenset({"GPE", "NORP"}), pronouns: bool = True,
                 by: bool = True) -> bool:
    """Whether an event noun names who did it: a possessor ("Iran's attack"; `pronouns`: "its
    decision" too), a country or nationality before it (`entities`: "the U.S. attack", "French
    criticism"), or a "by" phrase (`by`: "criticism by Baker")."""
    return any((c.dep_ == "poss" and (pronouns or c.pos_ != "PRON"))
               or (c.dep_ in {"compound", "amod", "poss"} and c.ent_type_ in entities) for c in noun.children) \
        or (by and bool(prep_objects(noun, "by")))


def _stranded_object(prep: Token) -> list[Token]:
    """A preposition the parser left without its object, because the noun phrase after it was
    read as the subject of a reduced clause ("asylum to five officers holed up in ..."): the
    noun phrase that starts right after the preposition."""
    if prep.i + 1 >= len(prep.doc):
        return []
    start = prep.doc[prep.i + 1]
    heads = [t for t in prep.sent if t.pos_ in {"NOUN", "PROPN"} and t.left_edge == start and t.i > prep.i
             and t.dep_ in {"nsubj", "nsubjpass"}]
    return heads[:1]


def slot_tokens(trigger_token: Token, slot: str, passive: bool) -> list[Token]:
    """Tokens in one target slot of the trigger, also looking inside its direct object
    ("imposed sanctions on Russia": the "on" hangs on "sanctions")."""
    if slot == "dobj":
        if passive:
            return passive_patients(trigger_token)
        found = [c for c in trigger_token.children if c.dep_ in {"dobj", "obj"}]
        if found and all(f.lower_ in _THING_PRONOUNS for f in found) and trigger_token.dep_ == "conj" and \
                trigger_token.head.pos_ == "VERB" and trigger_token.head.i < trigger_token.i:
            # "intercepted an Iranian jet and shot it down": "it" is the earlier verb's object, when
            # that names whose it is
            found = [c for c in trigger_token.head.children if c.dep_ in {"dobj", "obj"} and any(
                t.ent_type_ in {"GPE", "NORP", "ORG"} for t in c.subtree)] or found
        if trigger_token.dep_ == "relcl" and found and found[0].lower_ in RELATIVE:
            # "the attack, which the group denied": the noun is the object; after a name ("... arms
            # to Russia, which Tehran denied") "which" stands for the whole claim, not the name
            if trigger_token.head.pos_ == "PROPN":
                return []
            found = [trigger_token.head]
        if not found and trigger_token.dep_ == "relcl" and not any(

                c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in RELATIVE for c in trigger_token.children):
            found = [trigger_token.head]  # "a decision Beijing has rejected": the noun is the object
        if not found:  # "denounced as a crime Serbia's crackdown": the object moved after its "as"
            found = [a for obj in prep_objects(trigger_token, "as") for a in obj.children if a.dep_ == "appos"]
        if not found and not any(c.dep_ in {"xcomp", "ccomp"} for c in trigger_token.children):

            # "killed or wounded 2,600 Iraqis": a later conjoined verb shares its object (not when
            # the trigger's object is a clause: "refused to deploy troops and urged its citizens")
            for other in trigger_token.conjuncts:

                if other.pos_ in {"VERB", "AUX"} and other.i > trigger_token.i:
                    found = [c for c in other.children if c.dep_ in {"dobj", "obj"}]
                    if found:
                        break
        return found
    if slot == "dative":
        return [c for c in trigger_token.children if c.dep_ == "dative" and c.pos_ != "ADP"] + [
            p for c in trigger_token.children if c.dep_ == "dative" and c.pos_ == "ADP"
            for p in c.children if p.dep_ == "pobj"]
    if slot == "attr":
        return [c for c in trigger_token.children if c.dep_ == "attr"]
    if slot == "ccomp":
        for child in trigger_token.children:  # a noun's clause hangs as acl: "concern that Iran ...", or
            # as a relative clause opened by "that" as a mark: "a complaint that Chile had violated ..."
            if child.dep_ in {"ccomp", "xcomp"} or trigger_token.pos_ == "NOUN" and (child.dep_ == "acl" or (
                    child.dep_ == "relcl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children))):
                subj, _ = subjects(child)
                if subj:
                    return subj
        return []
    if slot.startswith("prep:"):
        word = slot[5:]
        found = prep_objects(trigger_token, word)
        # "imposed sanctions on Russia", "retaliated with tariffs on American goods"
        for obj in objects(trigger_token) or prep_objects(trigger_token, "with"):
            found.extend(prep_objects(obj, word))

        if not found and word == "to":
            found = [p for c in trigger_token.children if c.dep_ == "dative" for p in c.children if p.dep_ == "pobj"]
        return [t for t in found if t.ent_type_ not in _NOT_ACTORS]
    return []


def claimed_by(act: Token, cues: Cues) -> Token | None:
    """"Hamas claimed responsibility for the attack | for firing rockets": the verb whose subject
    did the act (the act is an event noun or a gerund after "for")."""
    prep = act.head
    if act.dep_ not in {"pobj", "pcomp"} or prep.lower_ != "for" or not cues.token_is("responsibility", prep.head):
        return None
    verb = prep.head.head
    return verb if verb.pos_ in {"VERB", "AUX"} and prep.head.dep_ in {"dobj", "obj"} else None


def governing_verb(noun: Token, cues: Cues) -> tuple[Token | None, str]:
    """For an event noun: the light verb it is the object of ("held talks"), or the verb whose
    occasion it names ("During a visit ..., Shoigu was shown"), with how it is attached."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in {"NOUN", "PROPN"} and head.head != noun:
        return governing_verb(head.head, cues)  # "launched 10 days of war games"
    if noun.dep_ == "pobj" and head.lower_ == "in" and (head.head.ent_type_ in {"MONEY", "QUANTITY", "CARDINAL"} or any(
            c.dep_ == "nummod" for c in head.head.children)):
        return governing_verb(head.head, cues)  # "approved 300 mln dlrs in economic aid"
    claimed = claimed_by(noun, cues)
    if claimed is not None:
        return claimed, "light"
    if noun.dep_ in {"dobj", "obj", "attr", "nsubjpass"} and cues.token_is("light", head):
        return head, "light"
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        if verb.pos_ == "ADJ" and verb.dep_ in {"acomp", "oprd"}:  # "Japan is due to [host] talks"
            return verb.head, "purpose"
        if verb.pos_ in {"VERB", "AUX"}:
            if head.lower_ == "in" and verb.lemma_.lower() == "engage":
                return verb, "light"
            if cues.is_("time_prep", head.lower_):
                return verb, "occasion"
            if head.lower_ in {"for", "to"}:
                return verb, "purpose"
            if head.lower_ == "from" and cues.is_("back_from", verb.lemma_):
                return verb, "occasion"  # "Soares, who returned from a visit to Brazil"
    return None, ""
