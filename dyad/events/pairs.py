"""Candidate dyads of a sentence and their features: what the trained coder scores.

For every sentence the rules have coded, the actors it names (places, people, organisations,
role nouns, resolved as of the story date) form candidate ordered pairs of different countries;
each pair is described by sparse string features of the parse (the words that govern both
mentions, their grammatical roles, the path between them), the trigger lexicon's types in the
sentence and what the rules coded for that pair. Training (`dyad.training`) and coding use this
one module, so the model sees at run time exactly the features it was trained on.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span, Token

from ..models import Actor
from . import arguments as args
from .lexicon import Lexicon
from .mention import CodingState, Mention

_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "iobj", "poss", "compound", "amod", "conj", "appos",
                  "attr", "npadvmod", "agent", "dative", "ROOT"}
_MAX_PATH = 6


@dataclass(frozen=True)
class ActorMention:
    """One actor named in a sentence: the head token and who it is. An implicit mention (token
    None) is an actor of the sentences just before, which a sentence often acts upon unnamed
    ("It also accused them of ...")."""

    token: Token | None
    actor: Actor


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of countries in one sentence, with the mentions that name them
    (the closest pair in the parse) and its features."""

    source: ActorMention
    target: ActorMention
    features: tuple[str, ...]
    dense: np.ndarray | None = None  # the parser's token vectors of the two sides, their governor and the sentence


def actor_mentions(sent: Span, state: CodingState, resolve) -> list[ActorMention]:
    """Actors with a country named in the sentence. `resolve(token, ctx)` is the resolver's call;
    it runs on a copy of the article context so that scoring never changes what the rules see."""
    ctx = copy.deepcopy(state.ctx)
    found: list[ActorMention] = []
    for token in sent:
        place = state.index.places.get(token.i)
        person = state.index.persons.get(token.i)
        if place is not None:
            wanted = place.end - 1 == token.i
        elif person is not None:
            wanted = person[1] - 1 == token.i
        else:
            wanted = token.pos_ in {"NOUN", "PROPN", "PRON"} and token.dep_ in _ARGUMENT_DEPS
        if not wanted:
            continue
        for actor in resolve(token, ctx):
            if actor.country and not any(m.token.i == token.i and m.actor.country == actor.country for m in found):
                found.append(ActorMention(token, actor))
    return found


def _path(a: Token, b: Token) -> tuple[Token | None, list[str], list[str]]:
    """Lowest common ancestor of two tokens and the dependency labels from each up to it."""
    up_a = [a, *a.ancestors]
    positions = {t.i: n for n, t in enumerate(up_a)}
    up_b = [b, *b.ancestors]
    for n, t in enumerate(up_b):
        if t.i in positions:
            return t, [x.dep_ for x in up_a[:positions[t.i]]], [x.dep_ for x in up_b[:n]]
    return None, [x.dep_ for x in up_a], [x.dep_ for x in up_b]


def _role(token: Token, lca: Token | None) -> str:
    """The grammatical role of a mention's phrase under the word that governs both sides."""
    node = token
    while node.head.i != node.i and node.head != lca and node.dep_ in {"compound", "amod", "poss", "conj", "appos",
                                                                         "pobj", "prep", "nmod"}:
        if node.dep_ == "pobj":
            return f"pobj-{node.head.lower_}"
        node = node.head
    return node.dep_ if node.dep_ != "pobj" else f"pobj-{node.head.lower_}"


def sentence_features(sent: Span, lex: Lexicon) -> list[str]:
    """What the sentence says regardless of the pair: event words and their lexicon types."""
    feats = []
    for token in sent:
        if token.pos_ in {"VERB", "NOUN"} and token.is_alpha:
            feats.append(f"w={token.lemma_.lower()}")
        trigger = args.match_trigger(token, lex)
        if trigger is not None:
            feats.append(f"lex={trigger.type}")
        if token.dep_ == "neg":
            feats.append("neg")
        if token.tag_ == "MD":
            feats.append(f"md={token.lower_}")
    return feats


def _implicit_features(src: ActorMention, tgt: ActorMention, base: list[str]) -> list[str]:
    """Features of a pair with one side unnamed in the sentence: the named side's role and governor."""
    named, side = (src, "s") if src.token is not None else (tgt, "t")
    token = named.token
    governor = token.head
    role = _role(token, None)
    feats = [*base, f"implicit={'t' if side == 's' else 's'}", f"named_role={side}|{role}",
             f"named_gov={side}|{governor.lemma_.lower()}", f"named_gov_role={side}|{governor.lemma_.lower()}|{role}",
             f"ss={src.actor.sector or '-'}", f"ts={tgt.actor.sector or '-'}"]
    return feats


def pair_features(src: ActorMention, tgt: ActorMention, sent: Span, lex: Lexicon,
                  rule_pairs: dict[tuple[str, str], set[str]], base: list[str]) -> tuple[str, ...]:
    """The features of one ordered pair in a sentence (`base` = `sentence_features`)."""
    a, b = src.actor.country, tgt.actor.country
    if src.token is None or tgt.token is None:
        return tuple(_implicit_features(src, tgt, base) + _rule_features(a, b, rule_pairs))
    lca, up_src, up_tgt = _path(src.token, tgt.token)
    head = lca.lemma_.lower() if lca is not None else "-"
    r_src, r_tgt = _role(src.token, lca), _role(tgt.token, lca)
    a, b = src.actor.country, tgt.actor.country
    feats = [*base, f"lca={head}", f"lca_pos={lca.pos_ if lca is not None else '-'}",
             f"rs={r_src}", f"rt={r_tgt}", f"roles={r_src}|{r_tgt}", f"lca_roles={head}|{r_src}|{r_tgt}",
             f"order={'st' if src.token.i < tgt.token.i else 'ts'}",
             f"path={'/'.join(up_src[:_MAX_PATH])}^{'/'.join(up_tgt[:_MAX_PATH])}",
             f"ss={src.actor.sector or '-'}", f"ts={tgt.actor.sector or '-'}",
             f"dist={min(abs(src.token.i - tgt.token.i) // 4, 5)}"]
    if lca is not None:
        trigger = args.match_trigger(lca, lex)
        if trigger is not None:
            feats += [f"lca_lex={trigger.type}", f"lca_lex_roles={trigger.type}|{r_src}|{r_tgt}"]
    for verb in (t for t in (src.token.head, tgt.token.head) if t.pos_ == "VERB"):
        feats.append(f"gov={verb.lemma_.lower()}")
    return tuple(feats + _rule_features(a, b, rule_pairs))


def _rule_features(a: str, b: str, rule_pairs: dict[tuple[str, str], set[str]]) -> list[str]:
    feats = []
    for type_ in rule_pairs.get((a, b), ()):
        feats.append(f"rule={type_}")
    for type_ in rule_pairs.get((b, a), ()):
        feats.append(f"rule_rev={type_}")
    if rule_pairs and not rule_pairs.get((a, b)) and not rule_pairs.get((b, a)):
        feats.append("rule_other_pair")
    if not rule_pairs:
        feats.append("rule_none")
    return feats


def rule_pairs(mentions: Iterable[Mention]) -> dict[tuple[str, str], set[str]]:
    """The types the rules coded in a sentence, by (source country, target country); mutual acts
    count in both directions."""
    pairs: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        a = m.source.country if m.source else None
        b = m.target.country if m.target else None
        if a and b:
            pairs.setdefault((a, b), set()).add(m.type)
            if m.reciprocal:
                pairs.setdefault((b, a), set()).add(m.type)
    return pairs


def candidates(sent: Span, mentions: list[ActorMention], lex: Lexicon, rules: list[Mention],
               recent: list[Actor] = (), earlier: dict[tuple[str, str], set[str]] | None = None,
               sentence_no: int = 0) -> list[Candidate]:
    """Every ordered pair of different countries named in the sentence, each with the closest
    pair of mentions (fewest tokens apart) and its features; and pairs of a named country with a
    country of the sentences just before (`recent`) that this sentence does not name. `earlier`
    holds what the rules coded in the article's previous sentences, by ordered pair."""
    best: dict[tuple[str, str], tuple[int, ActorMention, ActorMention]] = {}
    named = {m.actor.country for m in mentions}
    for actor in recent:
        if actor.country in named:
            continue
        unnamed = ActorMention(None, actor)
        for m in mentions:
            for pair in ((m, unnamed), (unnamed, m)):
                key = (pair[0].actor.country, pair[1].actor.country)
                best.setdefault(key, (1000, *pair))
    for s in mentions:
        for t in mentions:
            a, b = s.actor.country, t.actor.country
            if a == b or s.token.i == t.token.i:
                continue
            distance = abs(s.token.i - t.token.i)
            if (a, b) not in best or distance < best[(a, b)][0]:
                best[(a, b)] = (distance, s, t)
    if not best:
        return []
    base = sentence_features(sent, lex)
    by_rules = rule_pairs(rules)
    return [Candidate(s, t, pair_features(s, t, sent, lex, by_rules, base)
                      + article_features(s.actor.country, t.actor.country, earlier or {}, sentence_no),
                      dense_features(s, t, sent))
            for _, s, t in best.values()]


def article_features(a: str, b: str, earlier: dict[tuple[str, str], set[str]], sentence_no: int) -> tuple[str, ...]:
    """What the rules coded between this pair earlier in the article, and where the sentence
    stands. An article is mostly about one or two dyads: a pair the rules found in the lead is
    the likeliest pair of a later sentence's second or third act (dev: a quarter of the missed
    events were between a pair the rules had coded in an earlier sentence)."""
    feats = [f"art_rule={t}" for t in sorted(earlier.get((a, b), ()))]
    feats += [f"art_rule_rev={t}" for t in sorted(earlier.get((b, a), ()))]
    if not feats:
        feats.append("art_none")
    feats.append(f"sent_no={min(sentence_no, 10) // 2}")
    return tuple(feats)


def dense_features(src: ActorMention, tgt: ActorMention, sent: Span) -> np.ndarray:
    """Contextual vectors from the pipeline's tok2vec (already computed for the tagger and
    parser, so free): source, target, their governor and the sentence mean; zeros for a side
    the sentence does not name."""
    tensor = sent.doc.tensor
    width = tensor.shape[1] if tensor is not None and tensor.size else 0
    if not width:
        return np.zeros(0, dtype=np.float32)
    zero = np.zeros(width, dtype=np.float32)
    named = [t for t in (src.token, tgt.token) if t is not None]
    governor = _path(*named)[0] if len(named) == 2 else named[0].head
    rows = [tensor[src.token.i] if src.token is not None else zero,
            tensor[tgt.token.i] if tgt.token is not None else zero,
            tensor[governor.i] if governor is not None else zero,
            tensor[sent.start:sent.end].mean(axis=0)]
    return np.concatenate(rows).astype(np.float32)
