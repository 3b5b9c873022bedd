"""When an event happened: finding the date expression that belongs to a trigger.

The expression is looked for on the trigger's own clause first ("visited Pyongyang in July
2000"), then up the clause chain through conjoined verbs, complements and the verb of saying
("The State Department said on Wednesday the administration won't hesitate to impose ...": a
statement's date is the date of the threat it makes). Event nouns use their own modifiers
("Russia's 2022 invasion") and, when they hang on a verb by a preposition ("visited Pyongyang
... for a meeting with Kim"), that verb's date. Bounds ("after", "since", "before") are not the
event's date and are skipped.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Token

from .lexicon import cues
from .temporal import WEEKDAYS, ResolvedDate, resolve_expression

_DATE_PREPS = {"on", "in", "at", "during", "of", "from", "by", "this", "last", "next", "over", "early", "late",
               "mid", "earlier", "later"}
_BOUND_PREPS = {"after", "before", "since", "until", "till", "following", "prior"}
_DATE_DEPS = {"npadvmod", "tmod", "nmod", "advmod", "compound", "nummod", "amod", "obl", "pobj", "poss"}

_ATTRIBUTIVE = {"nummod", "compound", "amod", "poss", "nmod"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_PLACE_ADVERBS = {"here", "there", "home", "back"}
# An event noun under these takes the date of the verb it hangs on: "arrived on Monday for talks",
# "said yesterday during a visit", "left on Sunday on a tour of ..."
_EVENT_NOUN_PREPS = {"for", "to", "at", "during", "on"}
_CLIMB = {"conj", "xcomp", "ccomp", "advcl", "acomp", "parataxis", "pcomp", "oprd", "attr", "acl"}
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_NO_ANCHOR = date(2000, 1, 1)  # any day: only expressions that name their year are kept without a story date
_RELATIVE_WORDS = {"today", "yesterday", "tomorrow", "tonight"}
# A TIME entity names a day when it has one of these words ("last night", "Monday night", "this
# morning"); "3 p.m." or "two hours" says nothing of the day and stays out.
_DAY_IN_TIME = _RELATIVE_WORDS | {"last", "this", "monday", "tuesday", "wednesday", "thursday", "friday",
                                  "saturday", "sunday"}


def _is_date(t: Token) -> bool:
    """A token of a DATE entity, or of a TIME entity that names a day."""
    if t.ent_type_ == "DATE":
        return True
    if t.ent_type_ != "TIME":
        return False
    ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
    return ent is not None and any(w.lower_ in _DAY_IN_TIME for w in ent)


def _elsewhere(t: Token, top: Token) -> bool:
    """`t` dates something else than the phrase headed by `top`: another noun it modifies ("in
    retaliation for a failure to abide by a 1986 agreement") or a clause of its own ("a meeting of
    the group, formed in 1983"); a clause on the phrase's own noun dates it ("in a statement
    published Oct. 25"), except after "of", which names a thing the event is of, not its setting."""
    node = t
    while node != top and node.head != node:
        own_clause = node.head == top and top.head.lower_ != "of"
        if node.dep_ in {"acl", "relcl"} and not own_clause:
            return True
        if node.dep_ in _ATTRIBUTIVE and node.head != top and not _is_date(node.head):
            return True
        node = node.head
    return False


def _date_entity_text(token: Token, phrase: bool = False) -> str | None:
    """The DATE entity (a TIME naming a day, or a today/yesterday word) inside `token`'s subtree, as
    written; with `phrase`, not one that `_elsewhere` gives to another noun or clause."""
    for t in token.subtree:
        if phrase and _elsewhere(t, token):
            continue
        if _is_date(t) or t.lower_ in _RELATIVE_WORDS:
            if t.ent_type_ in {"DATE", "TIME"}:
                ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
                if ent is not None:
                    return ent.text
            return t.text
    return None


def _own_expression(node: Token) -> str | None:
    children = list(node.children)
    children += [g for c in children if c.dep_ in {"acomp", "oprd"} for g in c.children]  # "is due on Thursday"
    # "is expected here on Friday", "arrived there today": the parser hangs the date on "here"
    children += [g for c in children if c.dep_ == "advmod" and c.lower_ in _PLACE_ADVERBS for g in c.children]
    for child in children:
        if child.dep_ == "prep" and child.lower_ in _BOUND_PREPS:
            continue
        if child.dep_ == "prep" and child.lower_ in _DATE_PREPS:
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:  # "in fighting on Sunday", "in routing a force on Sunday"
                    text = _date_entity_text(obj, phrase=True)
                    if text:
                        return f"{child.lower_} {text}"
        elif child.dep_ in _DATE_DEPS and (_is_date(child) or child.lower_ in _RELATIVE_WORDS):
            text = _date_entity_text(child)
            if text:
                return text
    return None


def find_expression(trigger: Token) -> tuple[str, Token] | None:
    """The date expression that applies to the trigger and the word it hangs on, or None."""
    if trigger.pos_ in {"NOUN", "PROPN"} or (trigger.tag_ == "VBG" and trigger.dep_ in {"nsubj", "dobj", "pobj"}):
        own = _own_expression(trigger)
        if own:
            return own, trigger
        if trigger.dep_ in {"nsubj", "nsubjpass"} and trigger.head.pos_ in {"VERB", "AUX"}:
            own = _own_expression(trigger.head)  # "Fighting ... raged from June 3": the clause's date
            if own:
                return own, trigger.head

        for acl in (c for c in trigger.children if c.dep_ == "acl" and c.tag_ in {"VBN", "VBG"}):
            own = _own_expression(acl)  # "the talks, held in Beijing on Wednesday"; "a visit starting on May 2"
            if own:
                return own, acl
        if trigger.dep_ == "pobj" and trigger.head.dep_ == "prep" and trigger.head.lower_ in _EVENT_NOUN_PREPS:
            return find_expression(trigger.head.head)
        if trigger.dep_ in {"dobj", "attr"} and trigger.head.pos_ in {"VERB", "AUX"}:
            return find_expression(trigger.head)
        return None
    if trigger.dep_ == "relcl" and trigger.head.ent_type_ == "DATE":  # "since October, when Hamas attacked"
        text = _date_entity_text(trigger.head)
        if text:
            return f"in {text}", trigger
    node = trigger
    for _ in range(8):
        own = _own_expression(node)
        if own:
            return own, node
        if node is trigger:  # "will host talks with Greece next year": the date hangs on the object
            for obj in (c for c in node.children if c.dep_ in {"dobj", "obj"}):
                found = next((c for c in obj.children if c.dep_ in {"npadvmod", "tmod"} and c.ent_type_ == "DATE"),
                             None)
                if found is not None and (text := _date_entity_text(found)):
                    return text, node

        if node.dep_ not in _CLIMB or node.head == node:
            return None
        node = node.head
    return None


def _sentence_day_word(trigger: Token) -> tuple[str, Token] | None:
    """Wire copy's day word ("today", "yesterday", "last night") that the parser hung somewhere else
    in the sentence ("Iraq said its forces sank three boats which tried to approach the terminal
    today"): when the sentence has exactly one, and no other date, it dates the sentence's acts."""
    sent = trigger.sent
    spans = [e for e in sent.ents if e.label_ == "DATE" or (e.label_ == "TIME" and _is_date(e[0]))]
    spans += [sent.doc[t.i:t.i + 1] for t in sent if t.lower_ in _RELATIVE_WORDS and not t.ent_type_]
    if len({span.text.lower() for span in spans}) != 1:
        return None
    span = spans[0]
    if span.label_ != "TIME" and span.text.lower() not in _RELATIVE_WORDS | _WEEKDAYS:
        return None
    word = span.root
    if any(a.dep_ == "prep" and a.lower_ in _BOUND_PREPS for a in word.ancestors):
        return None
    prep = word.head.lower_ if word.dep_ == "pobj" and word.head.lower_ in _DATE_PREPS else None
    return (f"{prep} {span.text}" if prep else span.text), (word.head.head if prep else word.head)


def _governing_verb(noun: Token) -> Token | None:
    """The verb an event noun hangs on as its object or through a preposition ("arrives for talks")."""
    node = noun
    for _ in range(3):
        if node.dep_ in {"pobj", "dobj", "obj"} and node.head != node:
            node = node.head
        elif node.dep_ == "prep" and node.head != node:
            node = node.head
            if node.pos_ in {"VERB", "AUX"}:
                return node
            return None
        else:
            break
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return None


def _tense_of(verb: Token) -> str:
    """The tense of the clause a date was found on: "said on Wednesday" is past even when what
    was said is a future act. A "to"-infinitive has the tense of the verb it completes ("is due to
    begin on Wednesday", "agreed to meet on Monday")."""
    if verb.dep_ == "xcomp" and verb.head != verb and verb.head.pos_ in {"VERB", "AUX", "ADJ"} and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        head = verb.head
        if head.dep_ == "acomp" and head.head.pos_ in {"VERB", "AUX"}:  # "are due to begin": the tense of "are"
            head = head.head
        tense = _tense_of(head)
        if tense == "present" and cues().token_is("intent", verb.head):
            return "future"  # "hopes to meet in late April", "plans to visit on Sunday" (cue kind "intent"): ahead
        return tense
    if any(c.dep_ == "aux" and c.lower_ in {"will", "'ll", "wo", "shall", "would"} for c in verb.children):
        return "future"
    if verb.tag_ in {"VBZ", "VBP"} or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBZ", "VBP"}
                                          and c.lemma_ == "be" for c in verb.children):
        return "present"
    return "past"


def resolve_for(trigger: Token, anchor: date | None, tense: str) -> ResolvedDate | None:
    """The event's own date, resolved against the story date; None when the text gives none.
    Without a story date (many web and BBC pages have none) only a date that names its own year
    ("in November 2003") is kept: nothing else can be placed."""
    found = find_expression(trigger) or _sentence_day_word(trigger)
    if not found:
        return None
    expression, node = found
    if anchor is None:
        years = _YEAR.findall(expression)
        if not years:
            return None
        try:
            resolved = resolve_expression(expression, _NO_ANCHOR, tense=tense)
        except Exception:  # noqa: BLE001 - as below
            return None
        if resolved is None or resolved.basis != "explicit" or resolved.value[:4] not in years:
            return None
        return resolved
    verb = node if node.pos_ in {"VERB", "AUX"} else None
    if node != trigger and node.pos_ in {"VERB", "AUX"} and not (tense == "future" and trigger.pos_ == "NOUN"):
        tense = _tense_of(node)  # a planned event ("the upcoming visit") stays ahead of the story
    elif node == trigger and trigger.pos_ == "NOUN" and tense == "past" and (verb := _governing_verb(trigger)):
        tense = _tense_of(verb)  # "when he arrives for talks on Wednesday": the talks are as far ahead as the arrival

    if tense == "present" and verb is not None and verb.lemma_ != "be" and any(
            w in WEEKDAYS for w in re.findall(r"[a-z]+", expression.lower())):
        # "Abe starts a visit on Sunday", "when he arrives on Wednesday": an act in the present tense
        # is scheduled; a state ("is due on Thursday") keeps the past-looking reading
        tense = "future"
    try:
        return resolve_expression(expression, anchor, tense=tense)
    except Exception:  # noqa: BLE001 - a date we cannot read is a missing date, never a crash
        return None
