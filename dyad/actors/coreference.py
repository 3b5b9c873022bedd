"""Words that point back to actors named earlier in the article: pronouns ("he", "they",
"its"), pairs ("both", "the two leaders"), and definite nouns ("the group", "the country").

Kept apart from `resolve` because these never name anyone themselves: each asks the article's
`ArticleContext` for an antecedent, under the constraint that an object pronoun cannot refer to
the subject of its own clause.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..datafiles import read_tsv, word_set
from ..models import Actor
from .context import GROUP_KINDS, ArticleContext

PERSON_PRONOUNS = frozenset({"he", "him", "she", "her", "his"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_NAME_TYPES = {"NORP", "GPE", "ORG", "LOC"}


@lru_cache(maxsize=1)
def _anaphoric_kinds() -> dict[str, str]:
    return {r["noun"]: r["kind"] for r in read_tsv("dyad.actors", "data/anaphoric_nouns.tsv")}


def group_antecedents(head: Token, ctx: ArticleContext, sentence: int) -> list[Actor] | None:
    """"the two leaders", "both sides", "both" as a subject: the pair named before. None when
    the phrase is not such a reference at all; [] when it is but nothing fits."""
    verb = governing_verb(head) if head.dep_ not in _SUBJECT_DEPS else -1
    if head.lower_ == "both" and head.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}:
        return ctx.last_group(sentence) or ctx.last_distinct(2, "any", sentence, before=head.i, verb=verb)
    kind = GROUP_KINDS.get(head.lemma_.lower())
    if kind is None or head.tag_ not in {"NNS", "NNPS"}:
        return None
    if not any(c.lower_ in {"two", "both"} for c in head.children):
        return None
    if any(c.dep_ in {"appos", "acl", "relcl"} or c.dep_ in {"amod", "compound"} and c.ent_type_ in _NAME_TYPES
           for c in head.children):
        return None  # "the only two Arab states to have signed ...": described afresh, not referred back to
    if kind == "person":
        return ctx.last_distinct(2, kind, sentence, before=head.i, verb=verb) or ctx.last_group(sentence) or []
    return ctx.last_group(sentence) or ctx.last_distinct(2, kind, sentence, before=head.i, verb=verb) or []


def pronoun_antecedents(head: Token, ctx: ArticleContext, sentence: int) -> list[Actor]:
    """The actors a personal pronoun refers to; plural and thing pronouns look back one sentence
    only, a person pronoun as far as the context keeps people."""
    lower, position = head.lower_, head.i
    verb = clause_subject_verb(head) if head.dep_ not in _SUBJECT_DEPS else -1
    if lower in PLURAL_PRONOUNS:
        group = ctx.last_group(sentence, window=1) or ctx.last_distinct(2, "person", sentence, window=1,
                                                                        before=position, verb=verb)
        if group:
            return group
        actor = ctx.antecedent("country", sentence, position, verb, window=1)
        return [actor] if actor else []
    if lower in PERSON_PRONOUNS:
        actor = ctx.antecedent("person", sentence, position, verb)
        return [actor] if actor else []
    if lower in THING_PRONOUNS:
        actor = ctx.antecedent("thing", sentence, position, verb, window=1)
        return [actor] if actor else []
    return []


def definite_noun_antecedent(head: Token, ctx: ArticleContext, sentence: int) -> Actor | None:
    """"the group", "the country" (data/anaphoric_nouns.tsv), with no owner of its own: the
    last actor of that kind. The caller checks the noun has no named owner."""
    kind = _anaphoric_kinds().get(head.lemma_.lower())
    if not kind or not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in head.children):
        return None
    if any(t.pos_ == "PROPN" for t in _compound_chain(head)):
        return None  # "the Gush Etzion settlement bloc" is named, not a reference back to "the bloc"
    verb = governing_verb(head) if head.dep_ not in _SUBJECT_DEPS else -1
    found = ctx.antecedent(kind, sentence, head.i, verb)
    return found if found is not None and found.country else None


def _compound_chain(head: Token) -> list[Token]:
    """The nouns compounded onto a head, and onto those ("Gush Etzion settlement bloc")."""
    found = [c for c in head.children if c.dep_ == "compound"]
    for c in list(found):
        found.extend(_compound_chain(c))
    return found


def is_impersonal(it: Token) -> bool:
    """"it was unclear", "it seems": an "it" that refers to no one."""
    if it.dep_ == "expl" or it.head.lemma_ in {"seem", "appear"}:
        return True
    verb = it.head
    words = word_set("dyad.actors", "data/impersonal_words.tsv")
    return verb.lemma_.lower() in words or any(
        c.dep_ in {"acomp", "attr", "oprd"} and c.lemma_.lower() in words for c in verb.children)


def governing_verb(token: Token) -> int:
    """The nearest verb above a phrase ("called on both sides": called)."""
    for ancestor in token.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            return ancestor.i
    return -1


def clause_subject_verb(pronoun: Token) -> int:
    """The verb whose subject is also the subject of the pronoun's own clause: "The US imposed
    sanctions ..., accusing them" - "accusing" has the subject of "imposed", so "them" is not
    the US. A pronoun object never refers to the subject of its own clause."""
    verb = pronoun.head
    while verb.dep_ in {"advcl", "conj", "xcomp"} and not any(
            c.dep_ in _SUBJECT_DEPS for c in verb.children) and verb.head != verb:
        verb = verb.head
    return verb.i
