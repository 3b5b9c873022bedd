"""How an event is asserted, and who says so.

Walks from the trigger up its clause chain (complements, conjoined verbs, adverbial clauses) to
the sentence root, reading the cues of `data/cues.tsv` on the way: auxiliaries (will, could),
negation, conditions ("if", "unless"), plans ("is due to"), claims ("accused X of", "reportedly"),
and the nearest verb of saying, whose subject is the attribution. A trigger inside the condition
itself or inside an indirect question is not an event at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .lexicon import Cues

_CLIMB = {"xcomp", "ccomp", "conj", "advcl", "pcomp", "pobj", "prep", "acomp", "dobj", "parataxis", "attr",
          "oprd", "nsubj", "nsubjpass", "dative", "appos", "npadvmod"}
_PRIORITY = ["negated", "conditional", "alleged", "hypothetical", "future", "asserted"]


@dataclass(frozen=True)
class Reading:
    modality: str
    speech: Token | None
    drop: bool = False
    tense: str = "past"


def _aux_modality(verb: Token, cues: Cues, reported: bool) -> str | None:
    for child in verb.children:
        if child.dep_ in {"aux", "auxpass"}:
            value = cues.of("modal").get(child.lower_) or cues.of("modal").get(child.lemma_.lower())
            if value == "future" and child.lower_ == "would" and not reported:
                return "hypothetical"
            if value and value != "asserted":
                return value
    return None


def _condition(verb: Token, cues: Cues) -> bool:
    for child in verb.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and cues.is_("condition", m.lower_) for m in child.children):
            return True
    return False


def _is_condition_clause(verb: Token, cues: Cues) -> bool:
    return verb.dep_ == "advcl" and any(
        m.dep_ == "mark" and (cues.is_("condition", m.lower_) or cues.is_("question", m.lower_))
        for m in verb.children)


def _intent(head: Token, cues: Cues) -> str | None:
    value = cues.of("intent").get(head.lemma_.lower())
    if value:
        return value
    for child in head.children:
        if child.dep_ in {"acomp", "attr"}:
            value = cues.of("intent").get(child.lemma_.lower())
            if value:
                return value
    return None


def read(trigger: Token, cues: Cues, *, self_modality: str | None = None) -> Reading:
    """Modality of the event named by `trigger`, the speech verb reporting it, and its tense."""
    found: set[str] = set()
    if self_modality:
        found.add(self_modality)
    node = trigger
    speech: Token | None = None
    tense = "past"
    reported = _reported(trigger, cues)
    if trigger.pos_ in {"NOUN", "PROPN"}:
        for mod in trigger.children:  # "the upcoming visit", "a possible summit"
            if mod.dep_ in {"amod", "compound"} and cues.token_is("prospective", mod):
                value = cues.value_of("prospective", mod)
                found.add(value)
                if value == "future":
                    tense = "future"
    steps = 0
    through_prep = False  # "I was not on the call": a meeting named in a phrase is not what is denied

    while steps < 12:
        steps += 1
        if node.pos_ in {"VERB", "AUX", "ADJ"} or node == trigger:
            if _is_condition_clause(node, cues):
                return Reading("conditional", None, drop=True)
            if any(c.dep_ == "mark" and cues.is_("question", c.lower_) for c in node.children):
                return Reading("hypothetical", None, drop=True)
            negated = any(c.dep_ == "neg" for c in node.children) and not through_prep
            if negated and cues.is_("unnegating", node.lemma_):
                found.add(cues.of("unnegating")[node.lemma_.lower()])
                negated = False
            if negated:
                found.add("negated")
            aux = _aux_modality(node, cues, reported)
            if aux:
                found.add(aux)
                if aux == "future":
                    tense = "future"
            if _condition(node, cues):
                found.add("conditional")
                tense = "future"
            if any(c.dep_ == "advmod" and cues.is_("allegation", c.lower_) for c in node.children):
                found.add("alleged")
        head = node.head
        if node.dep_ in {"acl", "ccomp", "relcl"} and head.pos_ in {"NOUN", "PROPN"} and \
                cues.token_is("proposal", head):
            return Reading("hypothetical", None, drop=True)  # "an offer that the two countries meet"
        if _proposed_by_object(node, cues):
            return Reading("hypothetical", None, drop=True)  # "vetoed a resolution to impose sanctions"
        if node.dep_ in {"acl", "ccomp"} and head.pos_ in {"NOUN", "PROPN"} and cues.token_is("claim_noun", head):
            found.add("alleged")  # "reports that Iran had attacked a tanker"
        if head == node or node.dep_ not in _CLIMB:
            break
        if node.dep_ == "prep" and trigger.head == node and (cues.is_("concessive", node.lower_) or cues.is_(
                "duress", node.lower_)):
            break  # "refused to cut rates despite pressure from the U.S.": the pressure happened all the same
        if head.pos_ in {"VERB", "AUX"} and cues.token_is("speech", head) and node.dep_ in {
                "ccomp", "parataxis", "conj", "xcomp"} and head != trigger:
            speech = head
            break
        if node.dep_ in {"ccomp", "xcomp", "advcl", "acomp"} and _uncertain(head, cues):
            return Reading("hypothetical", None, drop=True)
        if node.dep_ == "xcomp" and head.lemma_ == "be" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in node.children) and not any(
                c.dep_ in {"acomp", "attr"} for c in head.children):  # not "was hypocritical to criticise"

            found.add("future")  # "Straw is to visit Thailand": arranged, not done
            tense = "future"
        if node.dep_ in {"xcomp", "advcl", "ccomp", "pcomp", "pobj", "acomp", "prep"}:
            intent = _intent(head, cues)

            if intent:
                found.add(intent)
                if intent == "future":
                    tense = "future"
            if cues.is_("negating", head.lemma_):
                found.add("negated")
            if cues.is_("allegation", head.lemma_) and node.dep_ in {"ccomp", "pcomp", "pobj", "xcomp"}:
                found.add("alleged")
        if node.dep_ == "pobj" and trigger.pos_ in {"NOUN", "PROPN"}:
            through_prep = True
        node = head
    if speech is None:
        speech = _root_speech(trigger, cues)
    if "future" not in found and trigger.tag_ in {"VBP", "VBZ"}:
        tense = "present"
    modality = next(m for m in _PRIORITY if m in found or m == "asserted")
    return Reading(modality, speech, tense=tense)


def _proposed_by_object(node: Token, cues: Cues) -> bool:
    """An infinitive the parser hung on the verb, standing right after the verb's object, when
    that object is a proposal noun ("rejected a plan to ...") or the verb stops what it names
    ("vetoed a resolution to impose sanctions"): the object's content, proposed and not done,
    not a purpose of the vetoers."""
    if node.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return False
    objs = [c for c in node.head.children if c.dep_ in {"dobj", "obj"} and c.right_edge.i + 1 == node.left_edge.i]
    return any(cues.token_is("proposal", o) or cues.token_is("vetoing", node.head) for o in objs)


def _uncertain(head: Token, cues: Cues) -> bool:
    """"it is unclear how far ...", "asked whether ...": what follows is not asserted."""
    if cues.is_("uncertain", head.lemma_):
        return True
    return any(c.dep_ in {"acomp", "attr"} and cues.is_("uncertain", c.lemma_) for c in head.children)


def is_question(token: Token, cues: Cues) -> bool:
    """A verb whose complement is an indirect question ("asked whether ...") asks, not requests."""
    return any(c.dep_ in {"ccomp", "xcomp"} and any(m.dep_ == "mark" and cues.is_("question", m.lower_)
                                                      for m in c.children) for c in token.children)


def _reported(trigger: Token, cues: Cues) -> bool:
    return any(cues.token_is("speech", a) and a.pos_ in {"VERB", "AUX"} for a in trigger.ancestors)


def _root_speech(trigger: Token, cues: Cues) -> Token | None:
    """`"…," KCNA said` and "…, Putin said": the root is a verb of saying with the event under it."""
    root = trigger.sent.root
    if root != trigger and cues.token_is("speech", root) and trigger in root.subtree:
        return root
    return None


def according_to(trigger: Token) -> Token | None:
    """The object of "according to X" in the trigger's sentence, another way of naming the source."""
    for token in trigger.sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            for child in token.doc[token.i + 1].children:
                if child.dep_ == "pobj":
                    return child
    return None
