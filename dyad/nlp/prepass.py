"""The pre-pass: which sentences of an article can hold an event, decided before parsing.

Most sentences of the news carry no political event ("Net profit rose 12 pct to 3.4 mln dlrs"),
and the tagger, parser and NER are most of dyad's time. The pre-pass splits the text into
sentences (line breaks, and sentence ends that are not the model tokenizer's abbreviations such
as "Gen." or "Corp."), reads the words of each, and keeps a sentence for the full pipeline when
  - one of its words could be a trigger of the lexicon (by any lemma the lemmatizer could give
    it) in a row whose word conditions (`obj=`, `with=`, `mod=`) the sentence's words can meet:
    "cut" is kept beside "ties" or "aid", not in "cut costs";
  - or it holds the obligation cue and a verb of saying ("X must ..., the minister said").
A sentence the pre-pass drops is blanked (its characters become spaces, a line break first), so
the text parsed has the same length and every offset into it is an offset into the article; the
coder never sees the dropped sentence. An article with no kept sentence is not parsed at all.
An article that looks like a game report (words of games, scores) is parsed whole: the coder
decides that from the whole article.

The lemma check is a superset of the lemmatizer's: for each word, the word itself, the model's
lemma exception forms for every part of speech, every suffix rule's result, and the coder's own
stem guesses (`lexicon.word_forms`). So a sentence whose trigger the coder would match is never
dropped; what the pre-pass can lose is context (a person named only in a dropped sentence,
"said on Monday" moving the story's date), measured in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from spacy.language import Language

from ..datafiles import read_tsv

_POS_TABLES = ("verb", "noun", "adj", "adv")
_WORD = re.compile(r"[^\W\d_]+")
# a sentence end: . ! or ? (and closing quotes or brackets), space, then what can start a sentence
_END = re.compile(r"[.!?][\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]*[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_NAME = re.compile(r"(?<=[\w,;:)] )[A-Z][^\W\d_]{2,}")  # a capitalised word that does not start the sentence
_DATE_WORDS = frozenset(row["word"].lower() for row in read_tsv("dyad.events", "data/date_words.tsv"))
_CAPITALISED = re.compile(r"\b[A-Z][^\W\d_]{2,}")
_PERSON_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]im|[Hh]er)\b")
_PRONOUN_REACH = 2  # sentences back from a "he" to the one that may name him
_SPORT_WORDS = 4  # sports.sports_report needs at least four words of games (three different) or two scores


@dataclass(frozen=True)
class _Row:
    """The word conditions of one trigger row: each set, if any, must meet the sentence's readings."""

    conditions: tuple[frozenset[str], ...]


@dataclass
class Selection:
    """The text to parse (dropped sentences blanked) and how many sentences were kept and dropped."""

    text: str
    kept: int
    dropped: int
    starts: list[int]  # where each sentence with a word in it starts, kept or dropped: sentence numbers

    def sentence_number(self, char: int) -> int:
        """The number of the sentence (counting dropped ones) that holds character `char`."""
        return max(bisect_right(self.starts, char) - 1, 0)


def _trigger_rows() -> dict[str, list[_Row]]:
    """Lemma -> word conditions of its event rows (NONE rows only ever veto, so they keep nothing)."""
    rows: dict[str, list[_Row]] = defaultdict(list)
    for row in read_tsv("dyad.events", "data/triggers.tsv"):
        if row["type"] == "NONE":
            continue
        conditions = []
        for part in (p.strip() for p in (row.get("frame") or "").split(";")):
            key, _, value = part.partition("=")
            if key in {"obj", "with", "mod"} and value:
                conditions.append(frozenset(v.lower() for v in value.split("|")))
        rows[row["lemma"].lower()].append(_Row(tuple(conditions)))
    return dict(rows)


class EventSentenceFilter:
    """Decides, from words alone, which sentences go through tagger, parser and NER."""

    def __init__(self, nlp: Language, rows: dict[str, list[_Row]], *, obligation: frozenset[str] = frozenset(),
                 speech: frozenset[str] = frozenset(), sport: frozenset[str] = frozenset()):
        self.rows, self.obligation, self.speech, self.sport = rows, obligation, speech, sport
        self._exceptions: dict[str, set[str]] = {}
        self._rules: list[tuple[str, str]] = []
        if "lemmatizer" in nlp.pipe_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            if lookups.has_table("lemma_exc"):
                for pos in _POS_TABLES:
                    for word, forms in (lookups.get_table("lemma_exc").get(pos) or {}).items():
                        self._exceptions.setdefault(word, set()).update(forms)
            if lookups.has_table("lemma_rules"):
                for pos in _POS_TABLES:
                    self._rules.extend((old, new) for old, new in lookups.get_table("lemma_rules").get(pos) or [])
        # "Gen. Smith", "Acme Corp. said": the model tokenizer's abbreviations end no sentence
        self._abbreviations = frozenset(k.lower() for k in nlp.tokenizer.rules if k.endswith("."))
        self._memo: dict[str, frozenset[str]] = {}

    @classmethod
    def for_coder(cls, nlp: Language) -> EventSentenceFilter:
        """The filter for dyad's coder: its trigger lexicon, obligation, speech and game cues."""
        from ..events.lexicon import cues

        kinds = cues()
        return cls(nlp, _trigger_rows(), obligation=frozenset(kinds.of("obligation")),
                   speech=frozenset(kinds.of("speech")), sport=frozenset(kinds.of("sport")) | frozenset(
                       kinds.of("sport_hint")))

    def readings(self, word: str) -> frozenset[str]:
        """Every lemma the lemmatizer or the coder's stem guesses could give `word` (lower case)."""
        found = self._memo.get(word)
        if found is not None:
            return found
        forms = {word, *self._exceptions.get(word, ())}
        for old, new in self._rules:
            if word.endswith(old):
                forms.add(word[:len(word) - len(old)] + new)
        if word.endswith("ed"):  # the stem guesses of lexicon.word_forms, for any tag
            forms |= {word[:-1], word[:-2]}
        if word.endswith("ing"):
            forms |= {word[:-3], word[:-3] + "e"}
        if word.endswith("s"):
            forms |= {word[:-1], word[:-2]}
        found = frozenset(forms)
        if len(self._memo) > 200_000:  # a stream of odd tokens must not grow memory without bound
            self._memo.clear()
        self._memo[word] = found
        return found

    def could_hold_event(self, words: list[str]) -> bool:
        """True if some word could be a trigger whose row's conditions the other words can meet."""
        readings = [self.readings(w) for w in words]
        everything = frozenset().union(*readings) if readings else frozenset()
        for forms in readings:
            for lemma in forms:
                for row in self.rows.get(lemma, ()):
                    if all(condition & everything for condition in row.conditions):
                        return True
        return bool(everything & self.obligation and everything & self.speech)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each sentence: every line, cut again at sentence ends."""
        out: list[tuple[int, int]] = []
        for line in _LINE.finditer(text):
            start = line.start()
            for end in _END.finditer(text, line.start(), line.end()):
                before = text[start:end.start() + 1].rsplit(None, 1)[-1].lower()
                if before in self._abbreviations or re.fullmatch(r"(?:[a-z]\.)+", before):
                    continue  # "Gen.", "U.S.", "J. Smith"
                out.append((start, end.start() + 1))
                start = end.end()
            out.append((start, line.end()))
        return [(s, e) for s, e in out if _WORD.search(text, s, e)]

    def _add_context(self, text: str, spans: list[tuple[int, int]], keep: list[bool]) -> None:
        """Keep, too, what the coder's memory of the article needs from a sentence without an event:
        a name a later kept sentence uses again ("CEO Jane Straw said ..." before "Straw met ..."),
        a name in the sentence right after a kept one ("The 35-year-old Norwegian was moved"), and
        names up to two sentences before a kept "he"/"she" ("Trade Minister Taro Doe of Japan arrived
        on Monday. He said ..."): who the pronoun is."""
        names = [{n for n in _NAME.findall(text, s, e) if n.lower() not in _DATE_WORDS} for s, e in spans]
        later: set[str] = set()  # every capitalised word of the kept sentences after, the first one too
        pronoun_at = -1  # the next kept sentence that refers to a person by "he"/"she" only
        for i in range(len(spans) - 1, -1, -1):
            if keep[i]:
                later |= set(_CAPITALISED.findall(text, *spans[i]))
                if _PERSON_PRONOUN.search(text, *spans[i]):
                    pronoun_at = i
            elif names[i] & later or (i > 0 and keep[i - 1] and names[i]) or (
                    0 <= pronoun_at - i <= _PRONOUN_REACH and names[i]):
                # "Trade Minister Taro Doe of Japan arrived on Monday. He said ...": who "he" is
                keep[i] = True
                later |= names[i]
                pronoun_at = -1

    def looks_like_game_report(self, words: list[str]) -> bool:

        found = [w for w in words if self.readings(w) & self.sport]
        return len(found) >= _SPORT_WORDS and len(set(found)) >= 3

    def select(self, text: str) -> Selection | None:
        """What to parse of `text`; None when all of it must be parsed (a game report)."""
        from ..events.sports import scores

        spans = self.spans(text)
        words = [[w.lower() for w in _WORD.findall(text, s, e)] for s, e in spans]
        if self.looks_like_game_report([w for ws in words for w in ws]) or scores(text) >= 2:
            return None
        keep = [self.could_hold_event(ws) for ws in words]
        self._add_context(text, spans, keep)
        chars = None
        kept = dropped = 0
        for (start, end), kept_here in zip(spans, keep, strict=True):
            if kept_here:
                kept += 1
                continue
            dropped += 1
            if chars is None:
                chars = list(text)
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
            chars[start] = "\n"  # the parser starts a sentence after a line break (dyad_paragraph_breaks)
        return Selection("".join(chars) if chars is not None else text, kept, dropped, [s for s, _ in spans])
