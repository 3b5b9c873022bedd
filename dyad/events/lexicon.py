"""The trigger lexicon and the cue words, loaded from `data/` (see the notes in each file)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from ..datafiles import read_tsv, split_list
from ..errors import ConfigError
from .ontology import ontology

_POS = {"VERB": {"VERB", "AUX"}, "NOUN": {"NOUN", "PROPN"}, "ADJ": {"ADJ"}}
_NOMINAL = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj"}


def _pos_fits(token: Token, pos: str) -> bool:
    """ADJ rows also fit a participle used as a predicate ("is opposed to"), not a main verb."""
    return token.pos_ in _POS[pos] or (pos == "ADJ" and token.tag_ == "VBN") or (
        pos == "NOUN" and token.tag_ == "VBG" and token.dep_ in _NOMINAL)


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    type: str
    mode: str | None
    cameo: str | None
    contexts: tuple[str, ...]
    obj: frozenset[str] = frozenset()
    with_: frozenset[str] = frozenset()
    mod: frozenset[str] = frozenset()
    targets: tuple[str, ...] = ()
    control: bool = False
    needs_comp: bool = False
    needs_clause_subject: bool = False
    plural: bool = False
    conflict_type: str | None = None
    modality: str | None = None
    speaker: bool = False
    nested: str | None = None
    mutual: bool | None = None
    official: tuple[str, str | None] | None = None
    civil: tuple[str, str | None] | None = None
    group_type: str | None = None
    place: bool = False
    source_slot: str | None = None
    subject_is_target: bool = False
    line: int = 0

    @property
    def specificity(self) -> int:
        return 4 * bool(self.obj) + 2 * bool(self.with_) + 2 * bool(self.mod) + bool(
            self.needs_comp or self.needs_clause_subject or self.plural)


# frame settings that are a bare word (a flag) or `key=value`, and the Trigger field each sets
_FLAGS = {"place": "place", "control": "control", "comp": "needs_comp", "speaker": "speaker",
          "clause_subject": "needs_clause_subject", "plural": "plural"}
_VALUES = {"conflict": "conflict_type", "modality": "modality", "nested": "nested", "group": "group_type",
           "source": "source_slot"}


def _parse_frame(frame: str, where: str) -> dict:
    settings: dict = {}
    for part in (p.strip() for p in frame.split(";")):
        if not part:
            continue
        key, _, value = part.partition("=")
        if key in {"obj", "with", "mod"}:
            settings["with_" if key == "with" else key] = frozenset(v.lower() for v in value.split("|"))
        elif key == "targets":
            settings["targets"] = [value]
        elif key in {"dobj", "dative", "ccomp", "attr", "subject"} or key.startswith("prep:"):
            settings.setdefault("targets", []).append(part)
        elif key in _FLAGS:
            settings[_FLAGS[key]] = True
        elif key in _VALUES:
            settings[_VALUES[key]] = value
        elif key == "mutual":
            settings["mutual"] = value == "yes"
        elif key in {"official", "civil"}:
            typ, _, mode = value.partition("/")
            settings[key] = (typ, mode or None)
        else:
            raise ConfigError(f"unknown frame setting {key!r}", item=where)
    if "targets" in settings:
        slots = tuple(settings["targets"])
        settings["subject_is_target"] = settings.get("subject_is_target") or "subject" in slots
        settings["targets"] = tuple(s for s in slots if s != "subject")
    return settings


class Lexicon:
    def __init__(self, rows: list[dict[str, str]]):
        self._by_lemma: dict[str, list[Trigger]] = defaultdict(list)
        types = ontology().types
        for row in rows:
            where = f"triggers.tsv line {row['_line']}"
            if row["type"] not in types and row["type"] != "NONE":
                raise ConfigError(f"unknown event type {row['type']!r}", item=where)
            trigger = Trigger(
                lemma=row["lemma"].lower(), pos=row["pos"], type=row["type"], mode=row.get("mode") or None,
                cameo=row.get("cameo") or None, contexts=tuple(split_list(row.get("context", ""))),
                line=int(row["_line"]), **_parse_frame(row.get("frame", ""), where))
            self._by_lemma[trigger.lemma].append(trigger)
        for triggers in self._by_lemma.values():
            triggers.sort(key=lambda t: -t.specificity)
        self._nouns = frozenset(lemma for lemma, rows in self._by_lemma.items() if any(t.pos == "NOUN" for t in rows))

    def candidates(self, token: Token) -> list[Trigger]:
        if token.tag_ == "VBG" and token.dep_ in _NOMINAL:  # "Fighting ... raged": a gerund used as a noun
            nouns = [t for t in self._by_lemma.get(token.lower_, ()) if t.pos == "NOUN"]
            if nouns:
                return nouns
        for form in word_forms(token):
            found = [t for t in self._by_lemma.get(form, ()) if _pos_fits(token, t.pos)]
            if found:
                return found
        return []

    def lemmas(self) -> frozenset[str]:
        return frozenset(self._by_lemma)

    def nouns(self) -> frozenset[str]:
        """Lemmas with a noun row (event nouns, and nouns the lexicon rules out as events)."""
        return self._nouns


def word_forms(token: Token) -> list[str]:
    """The lemma, then guesses for when the lemmatizer is wrong ("staged" -> "stag"): the word
    itself and its regular stems."""
    lower = token.lower_
    forms = [token.lemma_.lower(), lower]
    if token.tag_ in {"VBD", "VBN"} and lower.endswith("ed"):
        forms += [lower[:-1], lower[:-2]]
    elif token.tag_ == "VBG" and lower.endswith("ing"):
        forms += [lower[:-3], lower[:-3] + "e"]
    elif token.tag_ in {"VBZ", "NNS"} and lower.endswith("s"):
        forms += [lower[:-1], lower[:-2]]
    return list(dict.fromkeys(forms))


@dataclass(frozen=True)
class Cues:
    by_kind: dict[str, dict[str, str]] = field(default_factory=dict)

    def of(self, kind: str) -> dict[str, str]:
        return self.by_kind.get(kind, {})

    def value_of(self, kind: str, token: Token) -> str:
        """The value of the first form of the token listed under `kind` ("" when none is)."""
        words = self.by_kind.get(kind, {})
        return next((words[f] for f in word_forms(token) if f in words), "")

    def is_(self, kind: str, word: str) -> bool:

        return word.lower() in self.by_kind.get(kind, {})

    def token_is(self, kind: str, token: Token) -> bool:
        """Like `is_`, robust to lemmatizer slips."""
        words = self.by_kind.get(kind, {})
        return any(form in words for form in word_forms(token))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(read_tsv("dyad.events", "data/triggers.tsv"))


@lru_cache(maxsize=1)
def cues() -> Cues:
    by_kind: dict[str, dict[str, str]] = defaultdict(dict)
    for row in read_tsv("dyad.events", "data/cues.tsv"):
        by_kind[row["kind"]][row["word"].lower()] = row.get("value", "")
    return Cues(dict(by_kind))


@lru_cache(maxsize=1)
def context_words() -> dict[str, str]:
    return {row["word"]: row["context"] for row in read_tsv("dyad.events", "data/contexts.tsv")}


@lru_cache(maxsize=1)
def confidence_factors() -> dict[str, float]:

    return {row["factor"]: float(row["value"]) for row in read_tsv("dyad.events", "data/confidence.tsv")}
