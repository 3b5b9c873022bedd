"""The trained step of the coder: a linear classifier over candidate dyads, beside the rules.

For each sentence, after the rules have coded it, every ordered pair of countries the sentence
names is scored for each PLOVER type (one-vs-rest logistic regression over hashed features of
`pairs`). A type scored above its threshold that the rules did not code for that pair is added
(recall: the second and third event between one pair, constructions no rule covers); a rule event
whose pair scores below the veto threshold for its type is dropped (precision). Pairs the rules
coded in the sentence, pairs they coded only in an earlier sentence of the article, and pairs they
never coded have thresholds of their own: measured on dev, the model is good at the second and
third act between a pair the rules found (here or before), poor at new pairs. Thresholds were
chosen on the dev split (`dyad.training`); the weights ship in `events/data/pair_model.npz` with
a card in `pair_model.json` (data hash, features version, figures).

Only numpy is needed to code; scikit-learn only to train.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Span

from . import modality
from .mention import CodingState, Mention
from .pairs import Candidate, _path, actor_mentions, candidates, rule_pairs

if TYPE_CHECKING:
    from .coder import EventCoder

FEATURES_VERSION = 3  # 3: what the rules coded between the pair earlier in the article
# What the model adds was right about half the time on dev: its confidence never claims more than
# this, so that `confidence >= 0.7` keeps meaning "right at least 80% of the time" (quality gate).
MODEL_CONFIDENCE_CAP = 0.6
N_BUCKETS = 1 << 18
MODEL_FILE = "pair_model.npz"
CARD_FILE = "pair_model.json"


def bucket(feature: str) -> int:
    """A stable hash of a feature string (Python's hash() differs between processes)."""
    return zlib.crc32(feature.encode("utf-8")) & (N_BUCKETS - 1)


def feature_indices(features: Iterable[str]) -> np.ndarray:
    return np.fromiter(sorted({bucket(f) for f in features}), dtype=np.int64)


@dataclass
class PairModel:
    """Weights and thresholds of the trained pair classifier, in two stages that share their
    evidence: P(an event holds between this ordered pair here) x P(its type | an event), each a
    linear model over hashed sparse features and the dense tok2vec vectors (scaled by `dense_scale`).
    """

    types: tuple[str, ...]
    event_sparse: np.ndarray  # (N_BUCKETS,)
    event_dense: np.ndarray  # (dense width,)
    event_bias: float
    type_sparse: np.ndarray  # (N_BUCKETS, len(types))
    type_dense: np.ndarray  # (dense width, len(types))
    type_bias: np.ndarray  # (len(types),)
    dense_scale: float
    add_threshold: float  # to add a type to a pair the rules coded in the sentence (a second act between them)
    veto_threshold: float
    add_new_threshold: float = 2.0  # to add an event between a pair the rules did not code (2: never)
    type_thresholds: dict[str, float] = field(default_factory=dict)  # per type, for pairs the rules coded
    # per type, for pairs the rules coded in an earlier sentence of the article but not in this one
    article_thresholds: dict[str, float] = field(default_factory=dict)
    card: dict = field(default_factory=dict)

    def threshold(self, type_: str, known: bool | str) -> float:
        """The probability at which an event of this type is added. `known`: "sentence" (or True)
        when the rules coded the pair in this sentence, "article" when only in an earlier
        sentence, False when they never did."""
        if known == "article":
            return self.article_thresholds.get(type_, 2.0)
        return self.type_thresholds.get(type_, self.add_threshold) if known else self.add_new_threshold

    def probabilities(self, features: Iterable[str], dense: np.ndarray | None = None) -> dict[str, float]:
        rows = feature_indices(features)
        event = float(self.event_sparse[rows].astype(np.float32).sum()) + self.event_bias
        logits = self.type_sparse[rows].astype(np.float32).sum(axis=0) + self.type_bias
        if dense is not None and dense.size == self.event_dense.size:
            scaled = dense.astype(np.float32) * self.dense_scale
            event += float(scaled @ self.event_dense)
            logits = logits + scaled @ self.type_dense
        p_event = 1.0 / (1.0 + np.exp(-event))
        exp = np.exp(logits - logits.max())
        return dict(zip(self.types, (p_event * exp / exp.sum()).tolist(), strict=True))

    def save(self, folder) -> None:
        _save_npz(folder / MODEL_FILE, event_sparse=self.event_sparse.astype(np.float16),
                  event_dense=self.event_dense.astype(np.float32), event_bias=np.float32(self.event_bias),
                  type_sparse=self.type_sparse.astype(np.float16), type_dense=self.type_dense.astype(np.float32),
                  type_bias=self.type_bias.astype(np.float32))
        self.card["weights_sha256"] = hashlib.sha256((folder / MODEL_FILE).read_bytes()).hexdigest()
        card = {**self.card, "types": list(self.types), "add_threshold": self.add_threshold,
                "add_new_threshold": self.add_new_threshold, "type_thresholds": self.type_thresholds,
                "article_thresholds": self.article_thresholds,
                "veto_threshold": self.veto_threshold, "dense_scale": self.dense_scale,
                "features_version": FEATURES_VERSION, "buckets": N_BUCKETS}
        (folder / CARD_FILE).write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _save_npz(path, **arrays: np.ndarray) -> None:
    """Like np.savez_compressed, but byte-for-byte the same for the same arrays (fixed zip
    timestamps), so that retraining on the same data gives the same file and hash."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


@lru_cache(maxsize=1)
def shipped_model() -> PairModel | None:
    """The model that ships in the package, or None when there is none (the rules then code alone)."""
    folder = resources.files("dyad.events") / "data"
    if not (folder / MODEL_FILE).is_file():
        return None
    card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
    if card.get("features_version") != FEATURES_VERSION:
        return None
    with (folder / MODEL_FILE).open("rb") as stream:
        arrays = dict(np.load(stream))
    return PairModel(tuple(card["types"]), arrays["event_sparse"], arrays["event_dense"], float(arrays["event_bias"]),
                     arrays["type_sparse"], arrays["type_dense"], arrays["type_bias"], card["dense_scale"],
                     card["add_threshold"], card["veto_threshold"], card.get("add_new_threshold", 2.0),
                     card.get("type_thresholds", {}), card.get("article_thresholds", {}), card)


def model_hash() -> str | None:
    """The first 12 hex digits of the shipped weights' sha256, or None without a model."""
    model = shipped_model()
    return model.card.get("weights_sha256", "")[:12] or None if model is not None else None


def learned_step() -> LearnedStep | None:
    """The step with the shipped model, or None when the package has no model."""
    model = shipped_model()
    return LearnedStep(model) if model is not None else None


def _position(candidate: Candidate) -> int:
    """Where the candidate's source is named (an unnamed side comes last)."""
    token = candidate.source.token
    return token.i if token is not None else 1 << 30


class PairStep:
    """The coder's step after the rules of a sentence: given the sentence and the rules'
    mentions, return the mentions to keep. This base class keeps them all and, when `record`
    is given, hands it every candidate (training collects them this way)."""

    RECENT_SENTENCES = 2

    def __init__(self, record=None):
        self.record = record
        self._memory: tuple[str, list[tuple[int, list]]] | None = None  # (article id, [(sentence, actors)])
        self._coded: tuple[str, dict[tuple[str, str], set[str]]] | None = None  # (article id, rules' pairs so far)

    def earlier(self, state: CodingState) -> dict[tuple[str, str], set[str]]:
        """What the rules coded in the article's previous sentences, by ordered pair."""
        if self._coded is None or self._coded[0] != state.article.id:
            self._coded = (state.article.id, {})
        return self._coded[1]

    def remember(self, state: CodingState, rules: list[Mention]) -> None:
        """Note the rules' pairs of this sentence for the next ones (only the rules': what the
        model adds never feeds its own evidence, as in training)."""
        earlier = self.earlier(state)
        for pair, types in rule_pairs(rules).items():
            earlier.setdefault(pair, set()).update(types)

    def candidates(self, sent: Span, state: CodingState, rules: list[Mention], coder: EventCoder) -> list[Candidate]:
        when = state.article.story_date
        resolver = coder.resolver

        def resolve(token, ctx):
            return resolver.resolve(token, state.index, when, ctx, state.sentence_no)

        mentions = actor_mentions(sent, state, resolve)
        if self._memory is None or self._memory[0] != state.article.id:
            self._memory = (state.article.id, [])
        history = self._memory[1]
        recent: dict[str, object] = {}
        for number, actors in history:
            if state.sentence_no - number <= self.RECENT_SENTENCES:
                for actor in actors:
                    recent.setdefault(actor.country, actor)
        history.append((state.sentence_no, [m.actor for m in mentions]))
        del history[:-self.RECENT_SENTENCES]
        return candidates(sent, mentions, coder.lexicon, rules, list(recent.values()), self.earlier(state),
                          state.sentence_no)

    def __call__(self, sent: Span, state: CodingState, rules: list[Mention], coder: EventCoder) -> list[Mention]:
        if self.record is not None:
            self.record(state.article, sent, self.candidates(sent, state, rules, coder))
        self.remember(state, rules)
        return rules


class LearnedStep(PairStep):
    """Adds the model's confident events and drops rule events the model rejects."""

    def __init__(self, model: PairModel):
        super().__init__()
        self.model = model

    def __call__(self, sent: Span, state: CodingState, rules: list[Mention], coder: EventCoder) -> list[Mention]:
        if self._nothing_to_do(rules, state):
            self.remember(state, rules)
            return rules  # (its actors are then not among the next sentences' unnamed sides: a cost measured as nil on dev)
        earlier = {pair: set(types) for pair, types in self.earlier(state).items()}
        found = self.candidates(sent, state, rules, coder)
        self.remember(state, rules)
        if not found:
            return rules
        scored = {(c.source.actor.country, c.target.actor.country): (c, self.model.probabilities(c.features, c.dense))
                  for c in found}
        for m in rules:
            pair = (m.source.country if m.source else None, m.target.country if m.target else None)
            if pair in scored:
                m.model_score = round(scored[pair][1].get(m.type, 0.0), 3)
        kept = [m for m in rules if not self._vetoed(m, scored)]
        coded = rule_pairs(kept)
        extra = []
        for (a, b), (candidate, probs) in scored.items():
            if (a, b) in coded or (b, a) in coded:
                known = "sentence"  # the rules saw an event between these two here
            elif (a, b) in earlier or (b, a) in earlier:
                known = "article"  # ... or in an earlier sentence of the article
            else:
                known = False
            for type_, p in probs.items():
                if p < self.model.threshold(type_, known) or type_ in coded.get((a, b), ()) \
                        or (known == "article" and type_ in earlier.get((a, b), ())):
                    continue
                mutual = coder.ontology.types[type_].mutual
                if mutual and (type_ in coded.get((b, a), ()) or (
                        scored.get((b, a), (None, {}))[1].get(type_, 0) >= self.model.threshold(type_, known)
                        and _position(scored[(b, a)][0]) < _position(candidate))):
                    continue  # one mention for a mutual act, named first as the source; it holds both ways
                extra.append(self._mention(candidate, type_, p, mutual, sent, state, coder))
        return kept + [m for m in extra if m is not None]

    def _nothing_to_do(self, rules: list[Mention], state: CodingState) -> bool:
        """True when the model can change nothing here: it neither vetoes nor adds new pairs, the
        rules coded no pair of two countries in the sentence, and none in the article before
        (or the article tier is off): most sentences, no parse work."""
        if self.model.veto_threshold > 0 or self.model.add_new_threshold <= 1.0:
            return False
        if self.model.article_thresholds and self.earlier(state):
            return False
        return not rule_pairs(rules)

    def _vetoed(self, mention: Mention, scored: dict) -> bool:
        a = mention.source.country if mention.source else None
        b = mention.target.country if mention.target else None
        if not a or not b or a == b or (a, b) not in scored:
            return False
        return scored[(a, b)][1].get(mention.type, 1.0) < self.model.veto_threshold

    def _mention(self, candidate: Candidate, type_: str, p: float, mutual: bool, sent: Span, state: CodingState,
                 coder: EventCoder) -> Mention | None:
        named = [t for t in (candidate.source.token, candidate.target.token) if t is not None]
        lca = _path(*named)[0] if len(named) == 2 else named[0].head
        token = lca if lca is not None and lca.pos_ in {"VERB", "NOUN", "AUX"} else sent.root
        reading = modality.read(token, coder.cues)
        if reading.drop:
            return None
        when, resolved, basis = coder._date(token, reading, state)
        attribution = coder._attribution(token, reading, when, state)
        onto = coder.ontology.types[type_]
        return Mention(type=type_, mode=None, cameo=onto.cameo, contexts=(), source=candidate.source.actor,
                       target=candidate.target.actor, modality=reading.modality, attribution=attribution,
                       date=resolved, date_basis=basis, location=None, sentence_index=state.sentence_no,
                       sentence=sent, trigger=token.text, confidence=round(min(MODEL_CONFIDENCE_CAP, p), 3), reciprocal=mutual,
                       origin="model", model_score=round(p, 3))
